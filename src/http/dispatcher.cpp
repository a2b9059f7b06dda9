#include "http/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "common/clock.hpp"
#include "common/error.hpp"
#include "common/random.hpp"

namespace spotter::http {

namespace {

constexpr const char* kCorsMethods = "DELETE, GET, OPTIONS, PATCH, POST, PUT";
constexpr const char* kCorsHeaders =
    "accept, accept-encoding, authorization, content-type, dnt, origin, user-agent, x-csrftoken, "
    "x-requested-with, x-request-id, idempotency-key";
constexpr std::size_t kGzipMinimum = 1024;

bool ValidRequestId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
                  c == '.';
        if (!ok) return false;
    }
    return true;
}

bool Compressible(std::string_view content_type) {
    return content_type.starts_with("application/json") || content_type.starts_with("application/problem+json") ||
           content_type.starts_with("text/") || content_type.starts_with("application/javascript") ||
           content_type.starts_with("image/svg+xml");
}

bool AcceptsGzip(const Request& request) {
    auto accept = request.Header("accept-encoding");
    if (!accept) return false;
    auto pos = accept->find("gzip");
    if (pos == std::string_view::npos) return false;
    std::string_view rest = accept->substr(pos + 4);
    // "gzip;q=0" refuses gzip.
    auto comma = rest.find(',');
    std::string_view params = rest.substr(0, comma);
    return params.find("q=0") == std::string_view::npos || params.find("q=0.") != std::string_view::npos;
}

bool HasHeader(const Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers) {
        if (key.size() == name.size() &&
            std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
            return true;
        }
    }
    return false;
}

std::string JsonEscape(std::string_view text) {
    return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Response ProblemResponse(const Error& error, const nlohmann::json& extra, const Request& request) {
    int status = HttpStatusOf(error.code);
    std::string detail = error.detail.empty() ? TitleOf(error.code) : error.detail;
    nlohmann::json body = {
        {"type", std::string("urn:spotter:problem:") + SlugOf(error.code)},
        {"title", TitleOf(error.code)},
        {"status", status},
        {"detail", detail},
        {"instance", request.path},
        {"request_id", request.request_id},
        {"code", error.machine_code.empty() ? SlugOf(error.code) : error.machine_code},
        {"success", false},
        {"message", detail},
    };
    if (!error.fields.empty()) body["errors"] = error.fields;
    if (extra.is_object()) {
        for (const auto& [key, value] : extra.items()) body[key] = value;
    }
    Response response = Response::Json(status, body);
    response.content_type = "application/problem+json";
    for (const auto& header : error.headers) response.headers.push_back(header);
    if (status == 401 && !HasHeader(response, "WWW-Authenticate")) {
        response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"api\"");
    }
    return response;
}

Dispatcher::Dispatcher(const Router& router, Metrics& metrics, DispatchOptions options)
    : router_(router), metrics_(metrics), options_(std::move(options)) {}

bool Dispatcher::IsApiPath(std::string_view path) {
    return path.starts_with("/api/") || path == "/api" || path.starts_with("/auth/") || path == "/auth" ||
           path.starts_with("/media/") || path == "/healthz" || path == "/readyz" || path == "/metrics";
}

Dispatcher::Prepared Dispatcher::Prepare(Method method, std::string_view path) const {
    Prepared prepared;
    prepared.started = std::chrono::steady_clock::now();
    prepared.lookup = router_.Find(method, path);
    if (prepared.lookup.outcome == Router::Outcome::kMatched) {
        prepared.body_limit = prepared.lookup.route->body_limit;
        prepared.blocking = prepared.lookup.route->blocking;
    } else {
        prepared.body_limit = options_.max_body_limit_for_unmatched;
        // The web app's files are read from disk.
        prepared.blocking = prepared.lookup.outcome == Router::Outcome::kNotFound && !IsApiPath(path);
    }
    return prepared;
}

bool Dispatcher::OriginAllowed(std::string_view origin) const {
    for (const auto& allowed : options_.cors_origins) {
        if (allowed == origin) return true;
    }
    return false;
}

Response Dispatcher::Preflight(const Request& request) const {
    Response response = Response::Empty(200);
    auto origin = request.Header("origin");
    if (origin && OriginAllowed(*origin)) {
        response.With("Access-Control-Allow-Origin", std::string(*origin))
            .With("Access-Control-Allow-Methods", kCorsMethods)
            .With("Access-Control-Allow-Headers", kCorsHeaders)
            .With("Access-Control-Max-Age", "86400");
    }
    response.With("Vary", "Origin");
    return response;
}

Response Dispatcher::RouteRequest(Request& request, const Prepared& prepared) const {
    const Router::Lookup& lookup = prepared.lookup;
    switch (lookup.outcome) {
        case Router::Outcome::kMatched: {
            const Route& route = *lookup.route;
            request.params = lookup.params;
            if (route.access != Access::kPublic) {
                if (!authenticator_) {
                    throw ApiError(ErrorCode::kUnauthenticated, "Authentication credentials were not provided.",
                                   "not_authenticated");
                }
                authenticator_(request, route);
            }
            return route.handler(request);
        }
        case Router::Outcome::kMethodNotAllowed: {
            if (request.method == Method::kOptions) {
                Response response = Response::Json(
                    200, {{"name", std::string(request.path)},
                          {"description", ""},
                          {"renders", {"application/json"}},
                          {"parses", {"application/json"}}});
                response.With("Allow", lookup.allow);
                return response;
            }
            Error error{ErrorCode::kMethodNotAllowed,
                        std::string("Method \"") + MethodName(request.method) + "\" not allowed.", {}, {}};
            error.headers.emplace_back("Allow", lookup.allow);
            throw ApiError(error);
        }
        case Router::Outcome::kRedirectSlash: {
            std::string location = request.path + "/";
            if (!request.query.empty()) location += "?" + request.query;
            bool safe = request.method == Method::kGet || request.method == Method::kHead;
            // 308 keeps the method and body of a POST/PATCH that forgot its slash.
            return Response::Redirect(safe ? 301 : 308, location);
        }
        case Router::Outcome::kNotFound:
            break;
    }
    bool readable = request.method == Method::kGet || request.method == Method::kHead;
    if (readable && fallback_ && !IsApiPath(request.path)) return fallback_(request);
    throw ApiError(ErrorCode::kNotFound, "Not found.", "not_found");
}

std::optional<Response> Dispatcher::HandleQuick(Request& request, const Prepared& prepared) const {
    if (prepared.lookup.outcome != Router::Outcome::kMatched || request.method == Method::kOptions) return std::nullopt;
    const Route& route = *prepared.lookup.route;
    if (!route.quick) return std::nullopt;
    std::optional<Response> response;
    try {
        request.params = prepared.lookup.params;
        if (route.access != Access::kPublic && !(quick_authenticator_ && quick_authenticator_(request, route))) {
            return std::nullopt;
        }
        response = route.quick(request);
    } catch (...) {
        response.reset();  // the worker pool runs the request again and reports what went wrong
    }
    if (!response) {
        request.principal.reset();
        return std::nullopt;
    }
    StartRequest(request);
    Decorate(request, *response);
    return response;
}

void Dispatcher::StartRequest(Request& request) const {
    auto incoming_id = request.Header("x-request-id");
    request.request_id = incoming_id && ValidRequestId(*incoming_id) ? std::string(*incoming_id) : RandomHex(8);
    metrics_.RequestStarted();
}

Response Dispatcher::Handle(Request& request, const Prepared& prepared) const {
    StartRequest(request);

    Response response;
    try {
        bool preflight = request.method == Method::kOptions && request.Header("origin") &&
                         request.Header("access-control-request-method");
        response = preflight ? Preflight(request) : RouteRequest(request, prepared);
    } catch (const ApiError& e) {
        response = ProblemResponse(e.error(), e.extra(), request);
    } catch (const std::exception& e) {
        spdlog::error("request {} {} {} failed: {}", request.request_id, MethodName(request.method), request.path,
                      e.what());
        Error error{ErrorCode::kInternal,
                    "Something went wrong on our side. It has been logged with request id " + request.request_id + ".",
                    {}, {}};
        response = ProblemResponse(error, nlohmann::json::object(), request);
    }
    Decorate(request, response);
    return response;
}

Response Dispatcher::Reject(ErrorCode code, std::string detail) const {
    Request request;
    request.request_id = RandomHex(8);
    Response response = ProblemResponse(Error{code, std::move(detail), {}, {}}, nlohmann::json::object(), request);
    Decorate(request, response);
    response.With("Connection", "close");
    return response;
}

void Dispatcher::Decorate(const Request& request, Response& response) const {
    response.With("X-Request-Id", request.request_id);
    response.With("X-Content-Type-Options", "nosniff");
    response.With("Referrer-Policy", "no-referrer");
    bool json = response.content_type.starts_with("application/json") ||
                response.content_type.starts_with("application/problem+json");
    if (json) {
        response.content_type += "; charset=utf-8";
        if (!HasHeader(response, "Content-Security-Policy")) {
            response.With("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        }
        if (!HasHeader(response, "Cache-Control")) response.With("Cache-Control", "no-store");
    }
    if (auto origin = request.Header("origin"); origin && OriginAllowed(*origin) && !HasHeader(response, "Access-Control-Allow-Origin")) {
        response.With("Access-Control-Allow-Origin", std::string(*origin));
        response.With("Access-Control-Expose-Headers", "X-Request-Id, Retry-After, Location");
        response.With("Vary", "Origin");
    }
    if (response.shared) {
        // Compressed once, when it was kept.
        if (!response.shared->gzip.empty()) {
            response.With("Vary", "Accept-Encoding");
            response.shared_gzip = AcceptsGzip(request);
            if (response.shared_gzip) response.With("Content-Encoding", "gzip");
        }
    } else if (response.body.size() >= kGzipMinimum && Compressible(response.content_type) &&
               !HasHeader(response, "Content-Encoding")) {
        response.With("Vary", "Accept-Encoding");
        if (AcceptsGzip(request)) {
            std::string compressed = Gzip(response.body);
            if (!compressed.empty() && compressed.size() < response.body.size()) {
                response.body = std::move(compressed);
                response.With("Content-Encoding", "gzip");
            }
        }
    }
}

void Dispatcher::Finish(const Request& request, const Response& response, const Prepared& prepared,
                        std::size_t bytes_sent) const {
    metrics_.RequestFinished();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - prepared.started).count();
    std::size_t slot = metrics_.UnmatchedSlot();
    std::string_view route = "unmatched";
    if (prepared.lookup.outcome == Router::Outcome::kMatched) {
        slot = prepared.lookup.index;
        route = prepared.lookup.route->pattern;
    } else if (prepared.blocking) {
        slot = metrics_.StaticSlot();
        route = "static";
    }
    metrics_.Observe(slot, response.status, seconds);
    if (!options_.access_log) return;
    options_.access_log->info(
        R"({{"ts":"{}","request_id":{},"remote":{},"method":"{}","path":{},"route":{},"status":{},"bytes":{},"duration_ms":{:.3f}}})",
        FormatIsoMicros(NowMicros()), JsonEscape(request.request_id), JsonEscape(request.remote_address), MethodName(request.method),
        JsonEscape(request.path), JsonEscape(route), response.status, bytes_sent, seconds * 1000.0);
}

}  // namespace spotter::http
