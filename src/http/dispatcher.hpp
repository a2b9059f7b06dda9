// File: http/dispatcher.hpp
//
// Everything that happens to a request between the socket and the handler, without the socket: request ids,
// CORS, routing (404, 405 with Allow, trailing-slash redirects), authentication, the one error format,
// security headers, gzip, metrics and the JSON access log. The Beast server (server.cpp) only moves bytes.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace spdlog {
class logger;
}

namespace spotter::http {

struct DispatchOptions {
    std::vector<std::string> cors_origins;
    // Receives one JSON line per request; null for none.
    std::shared_ptr<spdlog::logger> access_log;
    std::size_t max_body_limit_for_unmatched = 1024;
};

// Verifies the caller of a non-public route, filling what later code needs on the request. Throws
// ApiError(kUnauthenticated or kForbidden) to refuse.
using Authenticator = std::function<void(Request&, const Route&)>;
// The same from memory only: true when the caller is authenticated and allowed on the route without blocking
// (the request's principal is then set); false when that cannot be told without blocking or is refused (the
// blocking authenticator then decides and answers).
using QuickAuthenticator = std::function<bool(Request&, const Route&)>;

class Dispatcher {
public:
    Dispatcher(const Router& router, Metrics& metrics, DispatchOptions options);

    void SetAuthenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }
    void SetQuickAuthenticator(QuickAuthenticator authenticator) { quick_authenticator_ = std::move(authenticator); }
    // Serves GET/HEAD requests that match no route and are outside the API prefixes (the web app).
    void SetFallback(Handler fallback) { fallback_ = std::move(fallback); }

    // Decided from the request line alone, before the body is read.
    struct Prepared {
        Router::Lookup lookup;
        std::size_t body_limit = 0;
        bool blocking = false;
        std::chrono::steady_clock::time_point started;
    };
    Prepared Prepare(Method method, std::string_view path) const;

    // Produces the response; never throws.
    Response Handle(Request& request, const Prepared& prepared) const;
    // For a blocking route with a quick handler: its response when it can answer without blocking (then it
    // replaces Handle), or nothing. Runs on the network thread; never throws.
    std::optional<Response> HandleQuick(Request& request, const Prepared& prepared) const;

    // Records metrics and the access-log line once the response was written.
    void Finish(const Request& request, const Response& response, const Prepared& prepared,
                std::size_t bytes_sent) const;

    // A response for a request that could not be read (bad syntax, headers too large, body too large).
    Response Reject(ErrorCode code, std::string detail) const;

    static bool IsApiPath(std::string_view path);

private:
    void StartRequest(Request& request) const;
    Response RouteRequest(Request& request, const Prepared& prepared) const;
    Response Preflight(const Request& request) const;
    void Decorate(const Request& request, Response& response) const;
    bool OriginAllowed(std::string_view origin) const;

    const Router& router_;
    Metrics& metrics_;
    DispatchOptions options_;
    Authenticator authenticator_;
    QuickAuthenticator quick_authenticator_;
    Handler fallback_;
};

// The RFC 9457 problem response for `error`, with the compatibility keys existing clients read
// (`success: false`, `message`, `errors`, `code`, `detail`).
Response ProblemResponse(const Error& error, const nlohmann::json& extra, const Request& request);

}  // namespace spotter::http
