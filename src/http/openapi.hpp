// File: http/openapi.hpp
// Builds the OpenAPI 3.1 document from the route table, so the document cannot drift from what is served.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "http/router.hpp"

namespace spotter::http {

struct ApiInfo {
    std::string title = "Spotter API";
    std::string version;
    std::string description;
};

nlohmann::json BuildOpenApi(const Router& router, const ApiInfo& info);

}  // namespace spotter::http
