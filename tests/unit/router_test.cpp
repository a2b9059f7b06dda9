#include "http/router.hpp"

#include <gtest/gtest.h>

namespace spotter::http {
namespace {

Response Ok(Request&) { return Response::Empty(200); }

Router MakeRouter() {
    Router router;
    router.Add({.method = Method::kGet, .pattern = "/api/workouts/exercises/", .handler = Ok, .operation_id = "a"});
    router.Add({.method = Method::kGet, .pattern = "/api/workouts/{member_id:int}/records/", .handler = Ok,
                .operation_id = "b"});
    router.Add({.method = Method::kPost, .pattern = "/api/workouts/{member_id:int}/workout-sets/", .handler = Ok,
                .operation_id = "c"});
    router.Add({.method = Method::kGet, .pattern = "/api/things/{slug}", .handler = Ok, .operation_id = "d"});
    router.Add({.method = Method::kDelete, .pattern = "/api/things/{slug}", .handler = Ok, .operation_id = "e"});
    return router;
}

TEST(Router, MatchesLiteralsAndIntegerParameters) {
    Router router = MakeRouter();
    auto lookup = router.Find(Method::kGet, "/api/workouts/42/records/");
    ASSERT_EQ(lookup.outcome, Router::Outcome::kMatched);
    EXPECT_EQ(lookup.route->operation_id, "b");
    ASSERT_EQ(lookup.params.size(), 1u);
    EXPECT_EQ(lookup.params[0].first, "member_id");
    EXPECT_EQ(lookup.params[0].second, "42");
    // A literal route wins only when it is the one that fits: "exercises" is not digits.
    EXPECT_EQ(router.Find(Method::kGet, "/api/workouts/exercises/").route->operation_id, "a");
}

TEST(Router, IntegerParametersRejectNonDigits) {
    Router router = MakeRouter();
    EXPECT_EQ(router.Find(Method::kGet, "/api/workouts/-1/records/").outcome, Router::Outcome::kNotFound);
    EXPECT_EQ(router.Find(Method::kGet, "/api/workouts/1e3/records/").outcome, Router::Outcome::kNotFound);
    EXPECT_EQ(router.Find(Method::kGet, "/api/workouts/99999999999999999999/records/").outcome,
              Router::Outcome::kNotFound);
}

TEST(Router, HeadIsServedByGet) {
    Router router = MakeRouter();
    EXPECT_EQ(router.Find(Method::kHead, "/api/workouts/exercises/").outcome, Router::Outcome::kMatched);
}

TEST(Router, WrongMethodListsAllowedMethods) {
    Router router = MakeRouter();
    auto lookup = router.Find(Method::kPut, "/api/things/x");
    EXPECT_EQ(lookup.outcome, Router::Outcome::kMethodNotAllowed);
    EXPECT_EQ(lookup.allow, "GET, DELETE, HEAD, OPTIONS");
}

TEST(Router, MissingTrailingSlashAsksForRedirect) {
    Router router = MakeRouter();
    EXPECT_EQ(router.Find(Method::kGet, "/api/workouts/exercises").outcome, Router::Outcome::kRedirectSlash);
    EXPECT_EQ(router.Find(Method::kPost, "/api/workouts/7/workout-sets").outcome, Router::Outcome::kRedirectSlash);
    EXPECT_EQ(router.Find(Method::kGet, "/api/workouts/nothing").outcome, Router::Outcome::kNotFound);
}

TEST(Router, StringParametersArePercentDecoded) {
    Router router = MakeRouter();
    auto lookup = router.Find(Method::kGet, "/api/things/%EC%8A%A4%ED%8F%AC%ED%84%B0");
    ASSERT_EQ(lookup.outcome, Router::Outcome::kMatched);
    EXPECT_EQ(lookup.params[0].second, "스포터");
    EXPECT_EQ(router.Find(Method::kGet, "/api/things/%zz").outcome, Router::Outcome::kNotFound);
}

TEST(Router, PathParametersTakeTheRest) {
    Router router;
    router.Add({.method = Method::kGet, .pattern = "/media/{file:path}", .handler = Ok, .operation_id = "m"});
    auto lookup = router.Find(Method::kGet, "/media/profiles/ab/cd.webp");
    ASSERT_EQ(lookup.outcome, Router::Outcome::kMatched);
    EXPECT_EQ(lookup.params[0].second, "profiles/ab/cd.webp");
    EXPECT_EQ(router.Find(Method::kGet, "/media/").outcome, Router::Outcome::kNotFound);
    EXPECT_EQ(router.Find(Method::kGet, "/media/a//b").outcome, Router::Outcome::kNotFound);
    EXPECT_THROW(router.Add({.method = Method::kGet, .pattern = "/x/{p:path}/y", .handler = Ok}), std::logic_error);
}

TEST(Router, RejectsDuplicatesAndMalformedPatterns) {
    Router router = MakeRouter();
    EXPECT_THROW(router.Add({.method = Method::kGet, .pattern = "/api/workouts/exercises/", .handler = Ok}),
                 std::logic_error);
    EXPECT_THROW(router.Add({.method = Method::kGet, .pattern = "no-slash", .handler = Ok}), std::logic_error);
    EXPECT_THROW(router.Add({.method = Method::kGet, .pattern = "/x/{id:uuid}/", .handler = Ok}), std::logic_error);
}

TEST(Router, OpenApiPathDropsParameterTypes) {
    EXPECT_EQ(OpenApiPath("/api/workouts/{member_id:int}/records/{id:int}/"), "/api/workouts/{member_id}/records/{id}/");
    EXPECT_EQ(OpenApiPath("/api/things/{slug}"), "/api/things/{slug}");
}

}  // namespace
}  // namespace spotter::http
