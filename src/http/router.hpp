// File: http/router.hpp
//
// The route table. Each module registers its routes with their handler, who may call them, a body limit and
// the entry for the API document, so that the table is the single source for dispatch and for /api/schema/.
//
//   router.Add({.method = Method::kGet, .pattern = "/api/workouts/{member_id:int}/records/",
//               .handler = ListRecords, .access = Access::kAuthenticated, .operation_id = "listRecords",
//               .doc = {.summary = "A member's records of a day", .tags = {"workouts"}}});
//
// Patterns are literal segments and parameters: {name} (any one segment), {name:int} (digits only) or, last,
// {name:path} (one or more remaining non-empty segments, joined by '/').
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/message.hpp"

namespace spotter::http {

// Who may call a route. The dispatcher authenticates every non-public route before its handler runs; the
// role checks here are a first gate, and handlers still decide access to each object from the database.
enum class Access { kPublic, kAuthenticated, kMember, kTrainer, kAdmin };

struct QueryDoc {
    std::string name;
    std::string description;
    nlohmann::json schema = {{"type", "string"}};
    bool required = false;
};

// The route's entry in the OpenAPI document.
struct RouteDoc {
    std::string summary;
    std::string description;
    std::vector<std::string> tags;
    std::vector<QueryDoc> query;
    nlohmann::json request_body;  // JSON schema of the body, or null
    // status -> {"description": ..., "schema": {...}} (schema optional); error statuses may be listed by number
    // alone, e.g. {"404": {"description": "No such member"}}; they refer to the common Problem schema.
    nlohmann::json responses = nlohmann::json::object();
    bool deprecated = false;
};

using Handler = std::function<Response(Request&)>;
// Answers a request from memory, without blocking, or returns nothing (see Route::quick).
using QuickHandler = std::function<std::optional<Response>(Request&)>;

struct Route {
    Method method = Method::kGet;
    std::string pattern;
    Handler handler;
    Access access = Access::kPublic;
    std::string operation_id;
    RouteDoc doc;
    std::size_t body_limit = 64 * 1024;
    bool blocking = true;     // runs on the worker pool (database, password hashing, files)
    bool documented = true;   // false for pages that are not API operations (docs UI, web app)
    // Optional, for blocking routes: tried first on the network thread, after a non-blocking authentication
    // (Dispatcher::SetQuickAuthenticator). It may answer from memory (e.g. a cache it can trust without asking
    // the database) or return nothing, and then `handler` runs on the worker pool as usual; it must not block,
    // change anything, or answer differently than `handler` would.
    QuickHandler quick;
};

class Router {
public:
    enum class Outcome { kMatched, kMethodNotAllowed, kRedirectSlash, kNotFound };

    struct Lookup {
        Outcome outcome = Outcome::kNotFound;
        const Route* route = nullptr;
        std::size_t index = 0;  // position of `route` in routes()
        std::vector<std::pair<std::string, std::string>> params;
        std::string allow;  // for kMethodNotAllowed: "GET, POST"
    };

    // Adds a route. Throws std::logic_error for a malformed pattern or a duplicate method and pattern.
    void Add(Route route);
    // Finds the route for a request. HEAD is served by GET routes. A path without its trailing slash that
    // would match a route with one yields kRedirectSlash.
    Lookup Find(Method method, std::string_view path) const;
    const std::vector<Route>& routes() const { return routes_; }
    // The methods served at `path` (with HEAD and OPTIONS added where GET is), comma separated.
    std::string AllowedMethods(std::string_view path) const;

private:
    struct Segment {
        std::string literal;
        std::string param;  // non-empty for a parameter
        bool integer = false;
        bool rest = false;  // {name:path}: one or more remaining segments
    };
    struct Compiled {
        std::vector<Segment> segments;
    };
    static Compiled Compile(const std::string& pattern);
    static bool MatchSegments(const Compiled& compiled, const std::vector<std::string_view>& parts,
                              std::vector<std::pair<std::string, std::string>>* params);

    std::vector<Route> routes_;
    std::vector<Compiled> compiled_;
};

// "/api/workouts/{member_id:int}/" -> "/api/workouts/{member_id}/" (the OpenAPI path form).
std::string OpenApiPath(const std::string& pattern);

}  // namespace spotter::http
