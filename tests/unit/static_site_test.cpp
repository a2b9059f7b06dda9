#include "site/static_site.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/error.hpp"
#include "support/test_database.hpp"

namespace spotter::site {
namespace {

std::string HeaderOf(const http::Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
        if (key == name) return value;
    }
    return {};
}

class StaticSiteTest : public ::testing::Test {
protected:
    StaticSiteTest() {
        std::filesystem::create_directories(dir_.path() + "/assets");
        std::ofstream(dir_.path() + "/index.html") << "<!doctype html><title>Spotter</title>";
        std::ofstream(dir_.path() + "/assets/app-1a2b3c.js") << std::string(4000, 'x');
        std::ofstream(dir_.path() + "/favicon.svg") << "<svg/>";
        std::ofstream(std::filesystem::path(dir_.path()).parent_path() / "outside.txt") << "secret";
        site_ = std::make_unique<StaticSite>(dir_.path());
    }

    http::Response Get(const std::string& path, http::Headers headers = {}) {
        http::Request request;
        request.path = path;
        request.headers = std::move(headers);
        return site_->Serve(request);
    }

    testing::TempDir dir_;
    std::unique_ptr<StaticSite> site_;
};

TEST_F(StaticSiteTest, ClientRoutesGetIndexHtmlRevalidated) {
    for (const char* path : {"/", "/members/3", "/login"}) {
        auto response = Get(path);
        EXPECT_EQ(response.status, 200) << path;
        EXPECT_EQ(response.body, "<!doctype html><title>Spotter</title>") << path;
        EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-cache");
        EXPECT_NE(HeaderOf(response, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
    }
}

TEST_F(StaticSiteTest, HashedAssetsAreImmutableAndGzipped) {
    auto response = Get("/assets/app-1a2b3c.js", {{"accept-encoding", "gzip"}});
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(HeaderOf(response, "Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(HeaderOf(response, "Content-Encoding"), "gzip");
    EXPECT_LT(response.body.size(), 200u);
}

TEST_F(StaticSiteTest, EtagAnswers304) {
    auto first = Get("/favicon.svg");
    std::string etag = HeaderOf(first, "ETag");
    ASSERT_FALSE(etag.empty());
    auto second = Get("/favicon.svg", {{"if-none-match", etag}});
    EXPECT_EQ(second.status, 304);
    EXPECT_TRUE(second.body.empty());
}

TEST_F(StaticSiteTest, MissingFilesAndTraversalAre404) {
    for (const char* path : {"/missing.js", "/assets/nope.css", "/../outside.txt", "/%2e%2e/outside.txt",
                             "/assets/..%2f..%2foutside.txt", "/.env", "/a%00b.js"}) {
        try {
            auto response = Get(path);
            EXPECT_NE(response.body, "secret") << path;
            EXPECT_EQ(response.body.find("secret"), std::string::npos) << path;
            // Extension-less paths fall back to the app, never to a file outside the root.
            EXPECT_EQ(response.body, "<!doctype html><title>Spotter</title>") << path;
        } catch (const ApiError& e) {
            EXPECT_EQ(e.error().code, ErrorCode::kNotFound) << path;
        }
    }
}

TEST(StaticSite, WithoutABuildExplainsHowToBuild) {
    StaticSite site("/nonexistent/folder");
    http::Request request;
    request.path = "/";
    auto response = site.Serve(request);
    EXPECT_EQ(response.status, 200);
    EXPECT_NE(response.body.find("make build"), std::string::npos);
}

}  // namespace
}  // namespace spotter::site
