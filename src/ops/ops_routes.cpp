#include "ops/ops_routes.hpp"

namespace spotter::ops {

using http::Access;
using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;

void Register(http::Router& router, Deps& deps) {
    router.Add({
        .method = Method::kGet,
        .pattern = "/healthz",
        .handler = [](Request&) { return Response::Json(200, {{"status", "ok"}}); },
        .operation_id = "getHealth",
        .doc = {.summary = "Is the process alive",
                .tags = {"operations"},
                .responses = {{"200",
                               {{"description", "Alive"},
                                {"schema",
                                 {{"type", "object"},
                                  {"properties", {{"status", {{"type", "string"}, {"const", "ok"}}}}},
                                  {"required", {"status"}}}}}}}},
        .blocking = false,
    });

    router.Add({
        .method = Method::kGet,
        .pattern = "/readyz",
        .handler =
            [&deps](Request&) {
                bool draining = deps.draining && deps.draining->load();
                bool database = deps.db && deps.db->Ping();
                bool ready = database && !draining;
                json body = {{"status", ready ? "ready" : "unavailable"},
                             {"database", database ? "ok" : "unreachable"},
                             {"draining", draining}};
                Response response = Response::Json(ready ? 200 : 503, body);
                if (!ready) response.With("Retry-After", "5");
                return response;
            },
        .operation_id = "getReadiness",
        .doc = {.summary = "Can the instance serve traffic (database reachable, not shutting down)",
                .tags = {"operations"},
                .responses = {{"200",
                               {{"description", "Ready"},
                                {"schema",
                                 {{"type", "object"},
                                  {"properties",
                                   {{"status", {{"type", "string"}, {"enum", {"ready", "unavailable"}}}},
                                    {"database", {{"type", "string"}, {"enum", {"ok", "unreachable"}}}},
                                    {"draining", {{"type", "boolean"}}}}},
                                  {"required", {"status", "database", "draining"}}}}}},
                              {"503", {{"description", "Not ready: the database is unreachable or the instance is stopping"}}}}},
    });

    router.Add({
        .method = Method::kGet,
        .pattern = "/metrics",
        .handler =
            [&deps](Request&) {
                std::string text = deps.metrics ? deps.metrics->Render() : std::string();
                return Response::Text(200, std::move(text), "text/plain; version=0.0.4; charset=utf-8");
            },
        .operation_id = "getMetrics",
        .doc = {.summary = "Prometheus metrics",
                .description = "Requests by route and status, latency histograms, requests in flight and database "
                               "pool use, in the Prometheus text format.",
                .tags = {"operations"},
                .responses = {{"200",
                               {{"description", "Metrics"},
                                {"media_type", "text/plain"},
                                {"schema", {{"type", "string"}}}}}}},
        .blocking = false,
    });
}

}  // namespace spotter::ops
