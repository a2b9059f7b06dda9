#include "common/error.hpp"

#include <nlohmann/json.hpp>

namespace spotter {

namespace {
const nlohmann::json& EmptyObject() {
    static const nlohmann::json kEmpty = nlohmann::json::object();
    return kEmpty;
}
}  // namespace

ApiError::ApiError(Error error) : std::runtime_error(error.detail), error_(std::move(error)) {}

ApiError::ApiError(ErrorCode code, std::string detail, std::string machine_code)
    : ApiError(Error{code, std::move(detail), {}, std::move(machine_code)}) {}

const nlohmann::json& ApiError::extra() const { return extra_ ? *extra_ : EmptyObject(); }

ApiError& ApiError::WithExtra(const nlohmann::json& extra) {
    if (!extra_) extra_ = std::make_shared<nlohmann::json>(nlohmann::json::object());
    extra_->update(extra);
    return *this;
}

ApiError ValidationError(FieldErrors fields, std::string detail) {
    return ApiError(Error{ErrorCode::kValidation, std::move(detail), std::move(fields), "invalid"});
}

int HttpStatusOf(ErrorCode code) {
    switch (code) {
        case ErrorCode::kBadRequest: return 400;
        case ErrorCode::kValidation: return 400;
        case ErrorCode::kUnauthenticated: return 401;
        case ErrorCode::kForbidden: return 403;
        case ErrorCode::kNotFound: return 404;
        case ErrorCode::kMethodNotAllowed: return 405;
        case ErrorCode::kNotAcceptable: return 406;
        case ErrorCode::kConflict: return 409;
        case ErrorCode::kGone: return 410;
        case ErrorCode::kPayloadTooLarge: return 413;
        case ErrorCode::kUnsupportedMediaType: return 415;
        case ErrorCode::kUnprocessable: return 422;
        case ErrorCode::kUpgradeRequired: return 426;
        case ErrorCode::kTooManyRequests: return 429;
        case ErrorCode::kInternal: return 500;
        case ErrorCode::kServiceUnavailable: return 503;
    }
    return 500;
}

const char* TitleOf(ErrorCode code) {
    switch (code) {
        case ErrorCode::kBadRequest: return "Bad request";
        case ErrorCode::kValidation: return "Invalid input";
        case ErrorCode::kUnauthenticated: return "Authentication required";
        case ErrorCode::kForbidden: return "Forbidden";
        case ErrorCode::kNotFound: return "Not found";
        case ErrorCode::kMethodNotAllowed: return "Method not allowed";
        case ErrorCode::kNotAcceptable: return "Not acceptable";
        case ErrorCode::kConflict: return "Conflict";
        case ErrorCode::kGone: return "Gone";
        case ErrorCode::kPayloadTooLarge: return "Payload too large";
        case ErrorCode::kUnsupportedMediaType: return "Unsupported media type";
        case ErrorCode::kUnprocessable: return "Unprocessable request";
        case ErrorCode::kUpgradeRequired: return "Upgrade required";
        case ErrorCode::kTooManyRequests: return "Too many requests";
        case ErrorCode::kInternal: return "Internal server error";
        case ErrorCode::kServiceUnavailable: return "Service unavailable";
    }
    return "Error";
}

const char* SlugOf(ErrorCode code) {
    switch (code) {
        case ErrorCode::kBadRequest: return "bad_request";
        case ErrorCode::kValidation: return "invalid";
        case ErrorCode::kUnauthenticated: return "not_authenticated";
        case ErrorCode::kForbidden: return "permission_denied";
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
        case ErrorCode::kNotAcceptable: return "not_acceptable";
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kGone: return "gone";
        case ErrorCode::kPayloadTooLarge: return "payload_too_large";
        case ErrorCode::kUnsupportedMediaType: return "unsupported_media_type";
        case ErrorCode::kUnprocessable: return "unprocessable";
        case ErrorCode::kUpgradeRequired: return "upgrade_required";
        case ErrorCode::kTooManyRequests: return "throttled";
        case ErrorCode::kInternal: return "server_error";
        case ErrorCode::kServiceUnavailable: return "service_unavailable";
    }
    return "error";
}

}  // namespace spotter
