// The request pipeline without sockets: error format, redirects, CORS, gzip, authentication gate.
#include "http/dispatcher.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include "common/error.hpp"

namespace spotter::http {
namespace {

std::string Gunzip(const std::string& data) {
    z_stream stream{};
    inflateInit2(&stream, 15 + 16);
    std::string out(1 << 20, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    inflateEnd(&stream);
    return rc == Z_STREAM_END ? out : "inflate failed";
}

std::string HeaderOf(const Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
        if (key == name) return value;
    }
    return {};
}

class DispatcherTest : public ::testing::Test {
protected:
    DispatcherTest() {
        router_.Add({.method = Method::kGet, .pattern = "/api/big/", .handler = [](Request&) {
                         return Response::Json(200, {{"items", std::vector<int>(2000, 7)}});
                     }, .operation_id = "big"});
        router_.Add({.method = Method::kPost, .pattern = "/api/echo/", .handler = [](Request& r) {
                         return Response::Json(201, r.JsonBody());
                     }, .operation_id = "echo"});
        router_.Add({.method = Method::kGet, .pattern = "/api/boom/", .handler = [](Request&) -> Response {
                         throw std::runtime_error("secret database detail");
                     }, .operation_id = "boom"});
        router_.Add({.method = Method::kGet, .pattern = "/api/fields/", .handler = [](Request&) -> Response {
                         throw ValidationError({{"age", {"Must be at least 10."}}});
                     }, .operation_id = "fields"});
        router_.Add({.method = Method::kGet, .pattern = "/api/private/", .handler = [](Request&) {
                         return Response::Json(200, {{"secret", true}});
                     }, .access = Access::kAuthenticated, .operation_id = "private"});
        router_.Add({.method = Method::kGet, .pattern = "/api/kept/", .handler = [this](Request&) {
                         return Response::Shared(200, kept_, "application/json");
                     }, .operation_id = "kept"});
        metrics_ = std::make_unique<Metrics>(
            std::vector<std::string>{"big", "echo", "boom", "fields", "private", "kept"});
        DispatchOptions options;
        options.cors_origins = {"http://localhost:3000"};
        dispatcher_ = std::make_unique<Dispatcher>(router_, *metrics_, options);
        dispatcher_->SetFallback([](Request&) { return Response::Text(200, "<html>app</html>", "text/html"); });
    }

    Response Send(Method method, std::string target, std::string body = {}, Headers headers = {}) {
        Request request;
        request.method = method;
        auto q = target.find('?');
        request.path = target.substr(0, q);
        if (q != std::string::npos) request.query = target.substr(q + 1);
        request.body = std::move(body);
        request.headers = std::move(headers);
        auto prepared = dispatcher_->Prepare(method, request.path);
        Response response = dispatcher_->Handle(request, prepared);
        dispatcher_->Finish(request, response, prepared, response.body.size());
        return response;
    }

    Router router_;
    std::unique_ptr<Metrics> metrics_;
    std::unique_ptr<Dispatcher> dispatcher_;
    std::shared_ptr<const SharedBody> kept_ = SharedBody::Make(Response::Json(200, {{"items", std::vector<int>(2000, 7)}}).body);
};

TEST_F(DispatcherTest, UnknownApiPathIsJsonProblem) {
    Response response = Send(Method::kGet, "/api/nothing/");
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(response.content_type, "application/problem+json; charset=utf-8");
    auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["status"], 404);
    EXPECT_EQ(body["success"], false);
    EXPECT_EQ(body["code"], "not_found");
    EXPECT_EQ(body["instance"], "/api/nothing/");
    EXPECT_FALSE(body["request_id"].get<std::string>().empty());
    EXPECT_EQ(HeaderOf(response, "X-Request-Id"), body["request_id"]);
}

TEST_F(DispatcherTest, ClientRoutesFallBackToTheWebApp) {
    Response response = Send(Method::kGet, "/members/3");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "<html>app</html>");
    // But never for the API prefixes, and never for writes.
    EXPECT_EQ(Send(Method::kGet, "/auth/unknown/").status, 404);
    EXPECT_EQ(Send(Method::kPost, "/members/3").status, 404);
}

TEST_F(DispatcherTest, WrongMethodIs405WithAllowAndDrfDetail) {
    Response response = Send(Method::kDelete, "/api/echo/");
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(HeaderOf(response, "Allow"), "POST, OPTIONS");
    EXPECT_EQ(nlohmann::json::parse(response.body)["detail"], "Method \"DELETE\" not allowed.");
}

TEST_F(DispatcherTest, OptionsWithoutPreflightDescribesTheRoute) {
    Response response = Send(Method::kOptions, "/api/echo/");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(HeaderOf(response, "Allow"), "POST, OPTIONS");
    EXPECT_EQ(nlohmann::json::parse(response.body)["parses"][0], "application/json");
}

TEST_F(DispatcherTest, SlashlessGetRedirectsKeepingTheQuery) {
    Response response = Send(Method::kGet, "/api/big?date=2026-11-21&x=%20");
    EXPECT_EQ(response.status, 301);
    EXPECT_EQ(HeaderOf(response, "Location"), "/api/big/?date=2026-11-21&x=%20");
    EXPECT_TRUE(response.body.empty());
    // A write keeps its method and body with 308.
    EXPECT_EQ(Send(Method::kPost, "/api/echo").status, 308);
}

TEST_F(DispatcherTest, MalformedJsonAndWrongContentTypeAreClientErrors) {
    Response bad = Send(Method::kPost, "/api/echo/", "{\"a\":", {{"content-type", "application/json"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(nlohmann::json::parse(bad.body)["code"], "parse_error");
    Response text = Send(Method::kPost, "/api/echo/", "{}", {{"content-type", "text/plain"}});
    EXPECT_EQ(text.status, 415);
    Response none = Send(Method::kPost, "/api/echo/", "{}");
    EXPECT_EQ(none.status, 415);
    Response ok = Send(Method::kPost, "/api/echo/", "{\"이름\":\"김\"}", {{"content-type", "application/json; charset=utf-8"}});
    EXPECT_EQ(ok.status, 201);
    EXPECT_EQ(ok.body, "{\"이름\":\"김\"}");  // compact, Korean unescaped
}

TEST_F(DispatcherTest, UnexpectedExceptionsAre500WithoutInternals) {
    Response response = Send(Method::kGet, "/api/boom/");
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(response.body.find("secret database detail"), std::string::npos);
    auto body = nlohmann::json::parse(response.body);
    EXPECT_NE(body["detail"].get<std::string>().find(body["request_id"].get<std::string>()), std::string::npos);
}

TEST_F(DispatcherTest, ValidationErrorsCarryFieldMessages) {
    Response response = Send(Method::kGet, "/api/fields/");
    EXPECT_EQ(response.status, 400);
    auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["errors"]["age"][0], "Must be at least 10.");
    EXPECT_EQ(body["success"], false);
}

TEST_F(DispatcherTest, NonPublicRoutesNeedAnAuthenticator) {
    Response denied = Send(Method::kGet, "/api/private/");
    EXPECT_EQ(denied.status, 401);
    EXPECT_EQ(HeaderOf(denied, "WWW-Authenticate"), "Bearer realm=\"api\"");
    dispatcher_->SetAuthenticator([](Request& request, const Route&) {
        if (request.Header("authorization") != "Bearer good") {
            throw ApiError(ErrorCode::kUnauthenticated, "Given token not valid for any token type", "token_not_valid");
        }
    });
    EXPECT_EQ(Send(Method::kGet, "/api/private/", {}, {{"authorization", "Bearer bad"}}).status, 401);
    EXPECT_EQ(Send(Method::kGet, "/api/private/", {}, {{"authorization", "Bearer good"}}).status, 200);
}

TEST_F(DispatcherTest, CorsPreflightForAllowedOriginOnly) {
    Response allowed = Send(Method::kOptions, "/api/echo/", {},
                            {{"origin", "http://localhost:3000"}, {"access-control-request-method", "POST"}});
    EXPECT_EQ(allowed.status, 200);
    EXPECT_EQ(HeaderOf(allowed, "Access-Control-Allow-Origin"), "http://localhost:3000");
    EXPECT_EQ(HeaderOf(allowed, "Access-Control-Allow-Methods"), "DELETE, GET, OPTIONS, PATCH, POST, PUT");
    EXPECT_EQ(HeaderOf(allowed, "Access-Control-Max-Age"), "86400");
    Response refused = Send(Method::kOptions, "/api/echo/", {},
                            {{"origin", "https://evil.example"}, {"access-control-request-method", "POST"}});
    EXPECT_EQ(refused.status, 200);
    EXPECT_EQ(HeaderOf(refused, "Access-Control-Allow-Origin"), "");
    Response simple = Send(Method::kGet, "/api/big/", {}, {{"origin", "http://localhost:3000"}});
    EXPECT_EQ(HeaderOf(simple, "Access-Control-Allow-Origin"), "http://localhost:3000");
}

TEST_F(DispatcherTest, LargeJsonIsGzippedWhenAccepted) {
    Response plain = Send(Method::kGet, "/api/big/");
    EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "");
    Response zipped = Send(Method::kGet, "/api/big/", {}, {{"accept-encoding", "gzip, deflate, br"}});
    EXPECT_EQ(HeaderOf(zipped, "Content-Encoding"), "gzip");
    EXPECT_LT(zipped.body.size(), plain.body.size() / 4);
    EXPECT_EQ(Gunzip(zipped.body), plain.body);
    Response refused = Send(Method::kGet, "/api/big/", {}, {{"accept-encoding", "gzip;q=0"}});
    EXPECT_EQ(HeaderOf(refused, "Content-Encoding"), "");
}

TEST_F(DispatcherTest, KeptBodiesAreSentInTheFormTheClientTakes) {
    Response plain = Send(Method::kGet, "/api/kept/");
    EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "");
    EXPECT_EQ(HeaderOf(plain, "Vary"), "Accept-Encoding");
    EXPECT_EQ(plain.Payload(), kept_->plain);
    Response zipped = Send(Method::kGet, "/api/kept/", {}, {{"accept-encoding", "br, gzip"}});
    EXPECT_EQ(HeaderOf(zipped, "Content-Encoding"), "gzip");
    EXPECT_LT(zipped.Payload().size(), kept_->plain.size() / 4);
    EXPECT_EQ(Gunzip(std::string(zipped.Payload())), kept_->plain);
    EXPECT_EQ(zipped.shared, kept_);  // the cache's own bytes, not a copy
    // Too small to be worth compressing: sent as it is, whatever the client takes.
    auto small = SharedBody::Make(R"({"ok":true})");
    EXPECT_TRUE(small->gzip.empty());
}

TEST_F(DispatcherTest, RequestIdsAreKeptWhenSafeAndReplacedOtherwise) {
    Response kept = Send(Method::kGet, "/api/big/", {}, {{"x-request-id", "abc-123"}});
    EXPECT_EQ(HeaderOf(kept, "X-Request-Id"), "abc-123");
    Response replaced = Send(Method::kGet, "/api/big/", {}, {{"x-request-id", "bad id\r\nx: y"}});
    EXPECT_NE(HeaderOf(replaced, "X-Request-Id"), "bad id\r\nx: y");
    EXPECT_EQ(HeaderOf(replaced, "X-Request-Id").size(), 16u);
}

TEST_F(DispatcherTest, SecurityHeadersOnEveryResponse) {
    Response response = Send(Method::kGet, "/api/big/");
    EXPECT_EQ(HeaderOf(response, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(HeaderOf(response, "Referrer-Policy"), "no-referrer");
    EXPECT_EQ(HeaderOf(response, "Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'");
}

TEST_F(DispatcherTest, MetricsCountRequestsByRouteAndStatus) {
    Send(Method::kGet, "/api/big/");
    Send(Method::kGet, "/api/big/");
    Send(Method::kGet, "/api/boom/");
    std::string text = metrics_->Render();
    EXPECT_NE(text.find("spotter_http_requests_total{route=\"big\",status=\"200\"} 2"), std::string::npos) << text;
    EXPECT_NE(text.find("spotter_http_requests_total{route=\"boom\",status=\"500\"} 1"), std::string::npos);
    EXPECT_NE(text.find("spotter_http_request_duration_seconds_count{route=\"big\"} 2"), std::string::npos);
    EXPECT_NE(text.find("spotter_http_requests_in_flight 0"), std::string::npos);
}

}  // namespace
}  // namespace spotter::http
