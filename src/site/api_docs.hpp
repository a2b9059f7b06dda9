// File: site/api_docs.hpp
// The API document at /api/schema/ and its readers: Swagger UI at /api/docs/, ReDoc at /api/redoc/. Their
// scripts come from npm packages copied into the web app's build (web/dist/vendor/), never from a CDN.
#pragma once

#include <memory>
#include <string>

#include "http/router.hpp"

namespace spotter::site {

struct ApiDocs {
    // Filled once every route is registered (the document is built from the finished table).
    std::shared_ptr<const std::string> schema_json;
};

void RegisterApiDocs(http::Router& router, ApiDocs& docs);

}  // namespace spotter::site
