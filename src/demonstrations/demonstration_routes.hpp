// File: demonstrations/demonstration_routes.hpp
//
// /api/coaching/demonstrations/: trainers' demonstration videos, their landmark tracks and publishing
// (see demonstration_service.hpp for the rules). Answers are {"success": true, "data": {...}}.
#pragma once

#include <nlohmann/json.hpp>

#include "demonstrations/demonstration_service.hpp"
#include "http/router.hpp"

namespace spotter::demonstrations {

// `service` may be null when only the route table is wanted (the API document).
void RegisterDemonstrationRoutes(http::Router& router, DemonstrationService* service);

nlohmann::json DemonstrationJson(const StoredDemonstration& demonstration);

}  // namespace spotter::demonstrations
