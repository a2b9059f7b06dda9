// The API document is generated from the route table; these tests keep the two in agreement and the
// document complete enough for clients and linters.
#include <gtest/gtest.h>

#include "app/application.hpp"
#include "http/openapi.hpp"

namespace spotter {
namespace {

std::unique_ptr<app::Application> TableOnly() {
    config::Config config;
    config.secret_key = std::string(64, 'k');
    return app::Application::Create(config, "", /*database=*/false);
}

TEST(OpenApi, EveryDocumentedRouteIsInTheDocument) {
    auto app = TableOnly();
    auto doc = app->ApiDocument();
    int documented = 0;
    for (const auto& route : app->router().routes()) {
        if (!route.documented) continue;
        ++documented;
        std::string path = http::OpenApiPath(route.pattern);
        std::string method = http::MethodName(route.method);
        std::transform(method.begin(), method.end(), method.begin(), ::tolower);
        ASSERT_TRUE(doc["paths"].contains(path)) << path;
        ASSERT_TRUE(doc["paths"][path].contains(method)) << method << " " << path;
        EXPECT_FALSE(route.operation_id.empty()) << path;
        EXPECT_FALSE(route.doc.summary.empty()) << path;
    }
    EXPECT_GE(documented, 4);
}

TEST(OpenApi, EveryDocumentedOperationIsServed) {
    auto app = TableOnly();
    auto doc = app->ApiDocument();
    for (const auto& [path, item] : doc["paths"].items()) {
        for (const auto& [method, op] : item.items()) {
            std::string concrete = path;
            for (auto pos = concrete.find('{'); pos != std::string::npos; pos = concrete.find('{')) {
                concrete.replace(pos, concrete.find('}', pos) - pos + 1, "1");
            }
            std::string upper = method;
            std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
            auto lookup = app->router().Find(http::ParseMethod(upper), concrete);
            EXPECT_EQ(lookup.outcome, http::Router::Outcome::kMatched) << method << " " << path;
        }
    }
}

TEST(OpenApi, OperationIdsAreUniqueAndResponsesDeclared) {
    auto app = TableOnly();
    auto doc = app->ApiDocument();
    EXPECT_EQ(doc["openapi"], "3.1.0");
    std::set<std::string> ids;
    for (const auto& [path, item] : doc["paths"].items()) {
        for (const auto& [method, op] : item.items()) {
            EXPECT_TRUE(ids.insert(op["operationId"].get<std::string>()).second) << op["operationId"];
            EXPECT_FALSE(op["responses"].empty()) << path;
        }
    }
    EXPECT_TRUE(doc["components"]["schemas"].contains("Problem"));
}

}  // namespace
}  // namespace spotter
