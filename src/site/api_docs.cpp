#include "site/api_docs.hpp"

#include "site/static_site.hpp"

namespace spotter::site {

namespace {

const char* kSwaggerPage = R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Spotter API · Swagger UI</title>
<link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
)";

const char* kSwaggerInit = R"(window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/schema/',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
  });
});
)";

const char* kRedocPage = R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Spotter API · ReDoc</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<redoc spec-url="/api/schema/"></redoc>
<script src="/vendor/redoc/redoc.standalone.js"></script>
</body>
</html>
)";

http::Response HtmlPage(const char* html) {
    http::Response response = http::Response::Text(200, html, "text/html; charset=utf-8");
    response.With("Cache-Control", "no-cache")
        .With("Content-Security-Policy", kHtmlContentSecurityPolicy)
        .With("X-Frame-Options", "DENY");
    return response;
}

}  // namespace

void RegisterApiDocs(http::Router& router, ApiDocs& docs) {
    using http::Method;
    router.Add({
        .method = Method::kGet,
        .pattern = "/api/schema/",
        .handler =
            [&docs](http::Request&) {
                http::Response response;
                response.status = 200;
                response.content_type = "application/json";
                response.body = docs.schema_json ? *docs.schema_json : "{}";
                response.With("Cache-Control", "no-cache");
                return response;
            },
        .operation_id = "getApiSchema",
        .doc = {.summary = "This API's OpenAPI 3.1 document",
                .tags = {"documentation"},
                .responses = {{"200", {{"description", "The OpenAPI document"}, {"schema", {{"type", "object"}}}}}}},
        .blocking = false,
    });
    auto page = [&router](std::string pattern, std::string operation_id, const char* content, const char* type) {
        router.Add({
            .method = Method::kGet,
            .pattern = std::move(pattern),
            .handler =
                [content, type](http::Request&) {
                    if (std::string_view(type).starts_with("text/html")) return HtmlPage(content);
                    http::Response response = http::Response::Text(200, content, type);
                    response.With("Cache-Control", "no-cache");
                    return response;
                },
            .operation_id = std::move(operation_id),
            .blocking = false,
            .documented = false,
        });
    };
    page("/api/docs/", "swaggerUi", kSwaggerPage, "text/html; charset=utf-8");
    page("/api/docs/init.js", "swaggerUiInit", kSwaggerInit, "text/javascript; charset=utf-8");
    page("/api/redoc/", "redoc", kRedocPage, "text/html; charset=utf-8");
}

}  // namespace spotter::site
