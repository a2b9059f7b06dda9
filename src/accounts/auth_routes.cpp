#include "accounts/auth_routes.hpp"

#include "accounts/access.hpp"
#include "common/clock.hpp"

namespace spotter::accounts {

namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;

// --- request parsing -------------------------------------------------------------------------------------------

json BodyObject(const Request& request, bool allow_empty = false) {
    if (allow_empty && request.body.empty()) return json::object();
    return request.JsonObjectBody();
}

std::optional<std::string> OptString(const json& body, const char* field, FieldErrors& errors) {
    auto found = body.find(field);
    if (found == body.end() || found->is_null()) return std::nullopt;
    if (!found->is_string()) {
        errors[field].push_back("Not a valid string.");
        return std::string();
    }
    return found->get<std::string>();
}

std::optional<bool> OptBool(const json& body, const char* field, FieldErrors& errors) {
    auto found = body.find(field);
    if (found == body.end() || found->is_null()) return std::nullopt;
    if (found->is_boolean()) return found->get<bool>();
    if (found->is_number_integer() && (*found == 0 || *found == 1)) return *found == 1;
    if (found->is_string()) {
        std::string v = found->get<std::string>();
        if (v == "true" || v == "True" || v == "1") return true;
        if (v == "false" || v == "False" || v == "0") return false;
    }
    errors[field].push_back("Must be a valid boolean.");
    return false;
}

// Required string fields: all missing/blank ones are reported at once, keyed by field.
std::vector<std::string> RequiredStrings(const json& body, std::initializer_list<const char*> fields,
                                         const char* message = "입력값을 확인해주세요.") {
    FieldErrors errors;
    std::vector<std::string> values;
    for (const char* field : fields) {
        auto value = OptString(body, field, errors);
        if (!value) {
            errors[field].push_back("This field is required.");
        } else if (value->empty() && !errors.count(field)) {
            errors[field].push_back("This field may not be blank.");
        }
        values.push_back(value.value_or(""));
    }
    if (!errors.empty()) throw ValidationError(errors, message);
    return values;
}

Response Ok(json body) {
    body["success"] = true;
    return Response::Json(200, body);
}

// --- API document helpers --------------------------------------------------------------------------------------

json StringProp(const char* description = nullptr, int max_length = 254) {
    json schema = {{"type", "string"}, {"maxLength", max_length}};
    if (description) schema["description"] = description;
    return schema;
}

json ObjectSchema(json properties, std::vector<std::string> required) {
    return {{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}};
}

json UserSummarySchema() {
    return ObjectSchema({{"id", {{"type", "integer"}}},
                         {"name", {{"type", "string"}}},
                         {"email", {{"type", "string"}, {"format", "email"}}},
                         {"user_type", {{"type", "string"}, {"enum", {"member", "trainer", "admin"}}}},
                         {"email_verified", {{"type", "boolean"}}}},
                        {"id", "name", "email", "user_type", "email_verified"});
}

json TokenPairSchema() {
    return ObjectSchema({{"access", StringProp("Access JWT (60 minutes)", 4096)},
                         {"refresh", StringProp("Refresh JWT (7 days, single use: every refresh rotates it)", 4096)}},
                        {"access", "refresh"});
}

json SuccessSchema(json extra_properties = json::object(), std::vector<std::string> required = {}) {
    json properties = {{"success", {{"type", "boolean"}, {"const", true}}}, {"message", {{"type", "string"}}}};
    properties.update(extra_properties);
    required.push_back("success");
    return ObjectSchema(properties, required);
}

json Responses(json ok, std::initializer_list<std::pair<const char*, const char*>> errors, const char* ok_status = "200",
               const char* ok_description = "Done") {
    json responses = {{ok_status, {{"description", ok_description}, {"schema", ok}}}};
    for (const auto& [status, description] : errors) responses[status] = {{"description", description}};
    return responses;
}

std::string Address(const Request& request) { return request.remote_address.empty() ? "unknown" : request.remote_address; }

}  // namespace

json UserSummaryJson(const User& user) {
    return {{"id", user.id},
            {"name", user.name},
            {"email", user.email},
            {"user_type", RoleName(user.role)},
            {"email_verified", user.email_verified}};
}

namespace {

// The token of an "Authorization: Bearer ..." header (empty when the scheme is another), or nothing without one.
std::optional<std::string> BearerToken(const Request& request) {
    auto header = request.Header("authorization");
    if (!header || header->empty()) return std::nullopt;
    std::string_view value = *header;
    if (value.size() > 7 && (value.substr(0, 7) == "Bearer " || value.substr(0, 7) == "bearer ")) {
        return std::string(value.substr(7));
    }
    return std::string();
}

// The route's role gate.
bool RoleAllows(Role role, Access access) {
    switch (access) {
        case Access::kMember: return role == Role::kMember || role == Role::kAdmin;
        case Access::kTrainer: return role == Role::kTrainer || role == Role::kAdmin;
        case Access::kAdmin: return role == Role::kAdmin;
        case Access::kPublic:
        case Access::kAuthenticated: return true;
    }
    return false;
}

}  // namespace

http::QuickAuthenticator MakeQuickAuthenticator(AuthService& service) {
    return [&service](Request& request, const http::Route& route) {
        auto token = BearerToken(request);
        if (!token) return false;
        auto user = service.AuthenticateFromMemory(*token);
        if (!user || !RoleAllows(user->role, route.access)) return false;
        request.principal = http::Principal{user->id, RoleName(user->role), user->email_verified};
        return true;
    };
}

http::Authenticator MakeAuthenticator(AuthService& service) {
    return [&service](Request& request, const http::Route& route) {
        auto token = BearerToken(request);
        if (!token) {
            throw ApiError(ErrorCode::kUnauthenticated, "Authentication credentials were not provided.",
                           "not_authenticated");
        }
        auto user = service.Authenticate(*token);
        if (!user) {
            const Error& error = user.error();
            if (error.machine_code == "token_not_valid") {
                throw ApiError(ErrorCode::kUnauthenticated, "Given token not valid for any token type", "token_not_valid")
                    .WithExtra({{"messages",
                                 {{{"token_class", "AccessToken"}, {"token_type", "access"}, {"message", error.detail}}}}});
            }
            throw ApiError(error);
        }
        request.principal = http::Principal{user->id, RoleName(user->role), user->email_verified};
        if (!RoleAllows(user->role, route.access)) {
            throw ApiError(ErrorCode::kForbidden, "You do not have permission to perform this action.",
                           "permission_denied");
        }
    };
}

void RegisterAuthRoutes(http::Router& router, AuthService* service) {
    auto sign_up = [service](Request& request) {
        json body = BodyObject(request);
        FieldErrors errors;
        SignUpInput input;
        input.name = OptString(body, "name", errors);
        input.email = OptString(body, "email", errors);
        input.password = OptString(body, "password", errors);
        input.confirm_password = OptString(body, "confirm_password", errors);
        input.user_type = OptString(body, "user_type", errors);
        input.terms_agreed = OptBool(body, "terms_agreed", errors);
        input.privacy_agreed = OptBool(body, "privacy_agreed", errors);
        input.marketing_agreed = OptBool(body, "marketing_agreed", errors);
        if (!errors.empty()) throw ValidationError(errors, "회원가입에 실패했습니다.");
        User user = service->SignUp(input, Address(request)).OrThrow();
        json reply = {{"success", true},
                      {"message", "회원가입이 완료되었습니다. 이메일로 보낸 인증 코드를 입력해주세요."},
                      {"user", UserSummaryJson(user)}};
        return Response::Json(201, reply);
    };
    json sign_up_body = ObjectSchema(
        {{"name", StringProp("Display name", 100)},
         {"email", {{"type", "string"}, {"format", "email"}, {"maxLength", 254}}},
         {"password", StringProp("10-128 characters with a letter, a digit and one of !@#$%^&*()_+-=[]{};':\"\\|,.<>/?", 128)},
         {"confirm_password", StringProp(nullptr, 128)},
         {"user_type", {{"type", "string"}, {"enum", {"trainer", "member"}}}},
         {"terms_agreed", {{"type", "boolean"}, {"description", "Must be true"}}},
         {"privacy_agreed", {{"type", "boolean"}, {"description", "Must be true"}}},
         {"marketing_agreed", {{"type", "boolean"}, {"default", false}}}},
        {"name", "email", "password", "confirm_password", "user_type", "terms_agreed", "privacy_agreed"});
    json sign_up_ok = SuccessSchema({{"user", UserSummarySchema()}}, {"user"});
    for (auto [pattern, id] : {std::pair{"/auth/sign-up/", "signUp"}, std::pair{"/auth/signup/", "signUpReadmePath"}}) {
        router.Add({.method = Method::kPost,
                    .pattern = pattern,
                    .handler = sign_up,
                    .operation_id = id,
                    .doc = {.summary = "Create a trainer or member account and e-mail a verification code",
                            .description = "The account can log in at once (TrainMate clients do); actions towards "
                                           "other people or money need the e-mail verified. `/auth/signup/` is the "
                                           "same operation under the TrainMate README's path.",
                            .tags = {"accounts"},
                            .request_body = sign_up_body,
                            .responses = Responses(sign_up_ok,
                                                   {{"400", "Invalid fields (errors by field), or the e-mail is taken"},
                                                    {"415", "Not JSON"},
                                                    {"429", "Too many sign-ups from this address"}},
                                                   "201", "Account created")}});
    }

    router.Add({
        .method = Method::kPost,
        .pattern = "/auth/login/",
        .handler =
            [service](Request& request) {
                json body = BodyObject(request);
                auto values = RequiredStrings(body, {"email", "password"}, "로그인에 실패했습니다.");
                auto result = service->Login(values[0], values[1], Address(request)).OrThrow();
                return Ok({{"message", "로그인이 완료 되었습니다."},
                           {"user", UserSummaryJson(result.user)},
                           {"tokens", {{"refresh", result.tokens.refresh}, {"access", result.tokens.access}}}});
            },
        .operation_id = "logIn",
        .doc = {.summary = "Log in with e-mail and password",
                .description = "One message for a wrong e-mail or a wrong password. Failed attempts are limited per "
                               "account and per address (429 with Retry-After).",
                .tags = {"accounts"},
                .request_body = ObjectSchema({{"email", StringProp()}, {"password", StringProp(nullptr, 1024)}},
                                             {"email", "password"}),
                .responses = Responses(SuccessSchema({{"user", UserSummarySchema()}, {"tokens", TokenPairSchema()}},
                                                     {"user", "tokens"}),
                                       {{"400", "Wrong e-mail or password, or missing fields"},
                                        {"429", "Too many failed attempts"}})},
    });

    router.Add({
        .method = Method::kPost,
        .pattern = "/auth/token/refresh/",
        .handler =
            [service](Request& request) {
                json body = BodyObject(request);
                auto values = RequiredStrings(body, {"refresh"});
                auto pair = service->Refresh(values[0]).OrThrow();
                return Response::Json(200, {{"access", pair.access}, {"refresh", pair.refresh}});
            },
        .operation_id = "refreshToken",
        .doc = {.summary = "Exchange a refresh token for a new access and refresh token",
                .description = "Every refresh rotates the refresh token. Presenting one that was already used ends "
                               "its whole session (reuse detection).",
                .tags = {"accounts"},
                .request_body = ObjectSchema({{"refresh", StringProp(nullptr, 4096)}}, {"refresh"}),
                .responses = Responses(TokenPairSchema(),
                                       {{"400", "Missing refresh token"},
                                        {"401", "Invalid, expired, reused or wrong-type token (code token_not_valid)"}})},
    });

    router.Add({
        .method = Method::kPost,
        .pattern = "/auth/logout/",
        .handler =
            [service](Request& request) {
                const auto& principal = RequirePrincipal(request);
                json body = BodyObject(request, /*allow_empty=*/true);
                FieldErrors errors;
                auto refresh = OptString(body, "refresh", errors);
                bool all = OptBool(body, "all", errors).value_or(false);
                if (!errors.empty()) throw ValidationError(errors);
                service->Logout(principal.user_id, refresh, all).OrThrow();
                auto user = service->GetUser(principal.user_id).OrThrow();
                return Ok({{"message", "로그아웃이 완료되었습니다."},
                           {"user_info", {{"id", user.id}, {"email", user.email}, {"user_type", RoleName(user.role)}}},
                           {"instructions",
                            {{"action", "clear_local_storage"}, {"keys", {"access_token", "refresh_token"}}}}});
            },
        .access = Access::kAuthenticated,
        .operation_id = "logOut",
        .doc = {.summary = "Log out: end the session of the given refresh token, or every session with `all`",
                .tags = {"accounts"},
                .request_body = ObjectSchema({{"refresh", StringProp("The session's refresh token", 4096)},
                                              {"all", {{"type", "boolean"}, {"default", false}}}},
                                             {}),
                .responses = Responses(SuccessSchema(), {{"400", "The refresh token is not one of yours"}})},
    });

    router.Add({
        .method = Method::kPost,
        .pattern = "/auth/verify-email/",
        .handler =
            [service](Request& request) {
                json body = BodyObject(request);
                auto values = RequiredStrings(body, {"email", "code"});
                User user = service->VerifyEmail(values[0], values[1], Address(request)).OrThrow();
                return Ok({{"message", "이메일 인증이 완료되었습니다."}, {"user", UserSummaryJson(user)}});
            },
        .operation_id = "verifyEmail",
        .doc = {.summary = "Confirm an e-mail address with the 6-digit code sent to it",
                .description = "Codes are valid 10 minutes, once, and allow 5 wrong tries.",
                .tags = {"accounts"},
                .request_body = ObjectSchema({{"email", StringProp()},
                                              {"code", {{"type", "string"}, {"pattern", "^[0-9]{6}$"}}}},
                                             {"email", "code"}),
                .responses = Responses(SuccessSchema({{"user", UserSummarySchema()}}, {"user"}),
                                       {{"400", "Wrong, expired or exhausted code (code_invalid, code_expired, "
                                                "code_attempts_exceeded)"},
                                        {"429", "Too many tries from this address"}})},
    });

    router.Add({
        .method = Method::kPost,
        .pattern = "/auth/verify-email/resend/",
        .handler =
            [service](Request& request) {
                json body = BodyObject(request);
                auto values = RequiredStrings(body, {"email"});
                service->ResendVerification(values[0], Address(request)).OrThrow();
                return Ok({{"message", "인증이 필요한 계정이라면 새 인증 코드를 보냈습니다."}});
            },
        .operation_id = "resendVerificationCode",
        .doc = {.summary = "Send a new verification code (at most one a minute)",
                .tags = {"accounts"},
                .request_body = ObjectSchema({{"email", StringProp()}}, {"email"}),
                .responses = Responses(SuccessSchema(), {{"429", "Asked again too soon (Retry-After)"}})},
    });

    router.Add({
        .method = Method::kPost,
        .pattern = "/auth/password/change/",
        .handler =
            [service](Request& request) {
                const auto& principal = RequirePrincipal(request);
                json body = BodyObject(request);
                auto values = RequiredStrings(body, {"current_password", "new_password", "confirm_password"},
                                              "비밀번호를 변경하지 못했습니다.");
                auto pair = service->ChangePassword(principal.user_id, values[0], values[1], values[2]).OrThrow();
                return Ok({{"message", "비밀번호가 변경되었습니다. 다른 기기에서는 다시 로그인해야 합니다."},
                           {"tokens", {{"refresh", pair.refresh}, {"access", pair.access}}}});
            },
        .access = Access::kAuthenticated,
        .operation_id = "changePassword",
        .doc = {.summary = "Change the password; every other session is signed out",
                .tags = {"accounts"},
                .request_body = ObjectSchema({{"current_password", StringProp(nullptr, 1024)},
                                              {"new_password", StringProp(nullptr, 128)},
                                              {"confirm_password", StringProp(nullptr, 128)}},
                                             {"current_password", "new_password", "confirm_password"}),
                .responses = Responses(SuccessSchema({{"tokens", TokenPairSchema()}}, {"tokens"}),
                                       {{"400", "Wrong current password or a new password that breaks the rules"}})},
    });

    router.Add({
        .method = Method::kPost,
        .pattern = "/auth/password/reset/",
        .handler =
            [service](Request& request) {
                json body = BodyObject(request);
                auto values = RequiredStrings(body, {"email"});
                service->RequestPasswordReset(values[0], Address(request)).OrThrow();
                return Ok({{"message", "가입된 이메일이라면 비밀번호 재설정 코드를 보냈습니다."}});
            },
        .operation_id = "requestPasswordReset",
        .doc = {.summary = "E-mail a password reset code (the answer is the same for unknown addresses)",
                .tags = {"accounts"},
                .request_body = ObjectSchema({{"email", StringProp()}}, {"email"}),
                .responses = Responses(SuccessSchema(), {{"429", "Too many requests from this address"}})},
    });

    router.Add({
        .method = Method::kPost,
        .pattern = "/auth/password/reset/confirm/",
        .handler =
            [service](Request& request) {
                json body = BodyObject(request);
                auto values = RequiredStrings(body, {"email", "code", "new_password", "confirm_password"},
                                              "비밀번호를 재설정하지 못했습니다.");
                service->ResetPassword(values[0], values[1], values[2], values[3], Address(request)).OrThrow();
                return Ok({{"message", "비밀번호가 재설정되었습니다. 새 비밀번호로 로그인해주세요."}});
            },
        .operation_id = "confirmPasswordReset",
        .doc = {.summary = "Set a new password with the e-mailed code; every session is signed out",
                .tags = {"accounts"},
                .request_body = ObjectSchema({{"email", StringProp()},
                                              {"code", {{"type", "string"}, {"pattern", "^[0-9]{6}$"}}},
                                              {"new_password", StringProp(nullptr, 128)},
                                              {"confirm_password", StringProp(nullptr, 128)}},
                                             {"email", "code", "new_password", "confirm_password"}),
                .responses = Responses(SuccessSchema(), {{"400", "Wrong or expired code, or a weak password"},
                                                         {"429", "Too many tries from this address"}})},
    });

    router.Add({
        .method = Method::kGet,
        .pattern = "/api/auth/me/",
        .handler =
            [service](Request& request) {
                const auto& principal = RequirePrincipal(request);
                User user = service->GetUser(principal.user_id).OrThrow();
                json summary = UserSummaryJson(user);
                summary["phone"] = user.phone ? json(*user.phone) : json(nullptr);
                summary["created_at"] = FormatIsoMicros(user.created_at);
                return Ok({{"user", summary}});
            },
        .access = Access::kAuthenticated,
        .operation_id = "getMe",
        .doc = {.summary = "The signed-in user",
                .tags = {"accounts"},
                .responses = Responses(SuccessSchema({{"user", [] {
                                                          json schema = UserSummarySchema();
                                                          schema["properties"]["phone"] = {{"type", {"string", "null"}}};
                                                          schema["properties"]["created_at"] = {{"type", "string"},
                                                                                                {"format", "date-time"}};
                                                          return schema;
                                                      }()}},
                                                     {"user"}),
                                       {})},
    });
}

}  // namespace spotter::accounts
