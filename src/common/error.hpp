// File: common/error.hpp
//
// The error vocabulary shared by every module. Expected outcomes (not found, validation failed, conflict) are
// `Error` values carried by `Result<T>` or thrown as `ApiError` from a handler; the HTTP layer maps an
// `ErrorCode` to a status and one JSON body in a single place (http/problem.cpp).
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace spotter {

enum class ErrorCode {
    kBadRequest,            // 400: malformed input (bad JSON, bad query value)
    kValidation,            // 400: well-formed input that breaks a rule; carries field errors
    kUnauthenticated,       // 401
    kForbidden,             // 403
    kNotFound,              // 404
    kMethodNotAllowed,      // 405
    kNotAcceptable,         // 406
    kConflict,              // 409
    kGone,                  // 410
    kPayloadTooLarge,       // 413
    kUnsupportedMediaType,  // 415
    kUnprocessable,         // 422
    kUpgradeRequired,       // 426
    kTooManyRequests,       // 429
    kInternal,              // 500
    kServiceUnavailable,    // 503
};

// Field name -> human readable messages, in the order they were found.
using FieldErrors = std::map<std::string, std::vector<std::string>>;

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string detail;         // a sentence a person understands
    FieldErrors fields;         // for kValidation
    std::string machine_code;   // optional stable code for clients, e.g. "token_not_valid"
    // Extra response headers, e.g. Retry-After for kTooManyRequests.
    std::vector<std::pair<std::string, std::string>> headers;
};

// Thrown by handlers and services to end a request with an error response. The HTTP layer renders it.
class ApiError : public std::runtime_error {
public:
    explicit ApiError(Error error);
    ApiError(ErrorCode code, std::string detail, std::string machine_code = {});

    const Error& error() const { return error_; }
    // Extra keys merged into the JSON body (compatibility keys some clients read). May be empty.
    const nlohmann::json& extra() const;
    ApiError& WithExtra(const nlohmann::json& extra);

private:
    Error error_;
    std::shared_ptr<nlohmann::json> extra_;
};

// Builds a kValidation error from field errors; detail defaults to a generic sentence.
ApiError ValidationError(FieldErrors fields, std::string detail = "The request has invalid fields.");

int HttpStatusOf(ErrorCode code);
const char* TitleOf(ErrorCode code);
// A stable snake_case name used in the problem `type` and `code` members, e.g. "not_found".
const char* SlugOf(ErrorCode code);

}  // namespace spotter
