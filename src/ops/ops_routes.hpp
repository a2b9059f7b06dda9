// File: ops/ops_routes.hpp
// Operations endpoints: /healthz (alive), /readyz (database reachable and not stopping), /metrics.
#pragma once

#include <atomic>
#include <memory>

#include "http/metrics.hpp"
#include "http/router.hpp"
#include "storage/database.hpp"

namespace spotter::ops {

struct Deps {
    storage::Database* db = nullptr;  // null only when building the API document
    const http::Metrics* metrics = nullptr;  // set once the route table is complete
    std::shared_ptr<std::atomic<bool>> draining;
};

void Register(http::Router& router, Deps& deps);

}  // namespace spotter::ops
