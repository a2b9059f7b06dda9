#include "http/message.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace spotter::http {
namespace {

TEST(PercentDecode, DecodesAndRejectsMalformedEscapes) {
    EXPECT_EQ(PercentDecode("a%20b+c", true), "a b c");
    EXPECT_EQ(PercentDecode("a+b", false), "a+b");
    EXPECT_EQ(PercentDecode("%ED%95%9C", false), "한");
    EXPECT_FALSE(PercentDecode("%", false));
    EXPECT_FALSE(PercentDecode("%4", false));
    EXPECT_FALSE(PercentDecode("%zz", false));
    EXPECT_FALSE(PercentDecode("a%00b", false));
}

TEST(Request, QueryParametersAreDecoded) {
    Request request;
    request.query = "date=2026-11-21&q=%EA%B9%80+%EC%B2%A0&flag&date=ignored";
    EXPECT_EQ(request.Query("date"), "2026-11-21");
    EXPECT_EQ(request.Query("q"), "김 철");
    EXPECT_EQ(request.Query("flag"), "");
    EXPECT_FALSE(request.Query("missing"));
    request.query = "q=%zz";
    EXPECT_THROW(request.Query("q"), ApiError);
}

TEST(Request, IntParamOverflowIsNotFound) {
    Request request;
    request.params = {{"id", "9223372036854775808"}};
    try {
        request.IntParam("id");
        FAIL();
    } catch (const ApiError& e) {
        EXPECT_EQ(e.error().code, ErrorCode::kNotFound);
    }
    request.params = {{"id", "12"}};
    EXPECT_EQ(request.IntParam("id"), 12);
}

}  // namespace
}  // namespace spotter::http
