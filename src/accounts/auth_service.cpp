#include "accounts/auth_service.hpp"

#include <sodium.h>

#include <cstdio>

#include "accounts/password_policy.hpp"
#include "accounts/user_repository.hpp"
#include "common/clock.hpp"
#include "common/text.hpp"
#include "common/random.hpp"
#include "storage/rate_limiter.hpp"

namespace spotter::accounts {

namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr const char* kRequired = "This field is required.";
constexpr const char* kBlank = "This field may not be blank.";
constexpr const char* kSignupFailed = "회원가입에 실패했습니다.";
constexpr const char* kLoginFailed = "로그인에 실패했습니다.";
constexpr const char* kBadCredentials = "이메일 또는 비밀번호가 올바르지 않습니다.";

std::int64_t Seconds(std::int64_t micros) { return micros / 1000000; }

std::string Trim(const std::string& text) {
    auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return {};
    auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

bool HasControlCharacters(const std::string& text) {
    for (unsigned char c : text) {
        if (c < 0x20 || c == 0x7f) return true;
    }
    return false;
}

Error Validation(const char* detail, FieldErrors fields) {
    return Error{ErrorCode::kValidation, detail, std::move(fields), "invalid"};
}

Error LoginFailure() {
    return Error{ErrorCode::kValidation, kLoginFailed, {{"detail", {kBadCredentials}}}, "invalid_credentials"};
}

Error CodeError(const std::string& detail, const std::string& machine_code) {
    return Error{ErrorCode::kValidation, detail, {{"code", {detail}}}, machine_code};
}

std::string NewCode() {
    InitCrypto();
    char digits[8];
    std::snprintf(digits, sizeof digits, "%06u", randombytes_uniform(1000000));
    return digits;
}

storage::RateLimit Limit(std::string bucket, int limit, std::chrono::seconds window) {
    return storage::RateLimit{std::move(bucket), limit, window};
}

}  // namespace

Error TooManyRequests(std::int64_t retry_after_seconds) {
    Error error{ErrorCode::kTooManyRequests,
                "요청이 너무 많습니다. " + std::to_string(retry_after_seconds) + "초 후에 다시 시도해주세요.",
                {},
                "throttled"};
    error.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
    return error;
}

AuthService::AuthService(storage::Database& db, const PasswordHasher& hasher, const TokenService& tokens,
                         std::string secret_key, EnqueueMail enqueue_mail, std::function<void()> mail_committed,
                         AuthLimits limits, PrincipalCacheSettings principal_cache)
    : db_(db),
      hasher_(hasher),
      tokens_(tokens),
      code_key_(DeriveKey(secret_key, "spotter-codes-v1")),
      enqueue_mail_(std::move(enqueue_mail)),
      mail_committed_(std::move(mail_committed)),
      limits_(limits),
      principals_(principal_cache) {}

std::string AuthService::CodeHash(std::int64_t user_id, CodePurpose purpose, const std::string& code) const {
    return HmacHex(code_key_, std::to_string(user_id) + ":" + CodePurposeName(purpose) + ":" + code);
}

TokenPair AuthService::IssueSession(storage::Tx& tx, const User& user, const std::string& family_id,
                                    std::int64_t now_micros) {
    std::int64_t now = Seconds(now_micros);
    std::int64_t version = TokensValidAfter(tx, user.id);
    TokenPair pair;
    pair.access = tokens_.Issue(TokenType::kAccess, user.id, RoleName(user.role), now, version);
    pair.refresh = tokens_.Issue(TokenType::kRefresh, user.id, RoleName(user.role), now, version);
    std::int64_t expires = now_micros + tokens_.settings().refresh_lifetime.count() * 1000000LL;
    InsertRefreshToken(tx, user.id, family_id, HashHex(pair.refresh), now_micros, expires);
    return pair;
}

void AuthService::SendCode(storage::Tx& tx, const User& user, CodePurpose purpose, std::int64_t now_micros) {
    std::string code = NewCode();
    std::int64_t expires = now_micros + limits_.code_lifetime.count() * 1000000LL;
    ReplaceCode(tx, user.id, purpose, CodeHash(user.id, purpose, code), now_micros, expires);
    long minutes_valid = static_cast<long>(limits_.code_lifetime.count() / 60);
    std::string subject, text;
    if (purpose == CodePurpose::kVerifyEmail) {
        subject = "[Spotter] 이메일 인증 코드 " + code;
        text = user.name + "님, Spotter에 오신 것을 환영합니다.\n\n이메일 인증 코드: " + code + "\n(" +
               std::to_string(minutes_valid) +
               "분 동안 유효합니다)\n\nWelcome to Spotter. Your verification code is " + code + "; it is valid for " +
               std::to_string(minutes_valid) +
               " minutes.\n\n본인이 가입하지 않았다면 이 메일을 무시하세요. If you did not sign up, ignore this e-mail.\n";
    } else {
        subject = "[Spotter] 비밀번호 재설정 코드 " + code;
        text = user.name + "님, 비밀번호 재설정 코드: " + code + "\n(" + std::to_string(minutes_valid) +
               "분 동안 유효합니다)\n\nYour Spotter password reset code is " + code + "; it is valid for " +
               std::to_string(minutes_valid) +
               " minutes.\n\n요청하지 않았다면 이 메일을 무시하세요. Your password stays unchanged unless the code is "
               "used.\n";
    }
    enqueue_mail_(tx, user.email, subject, text);
}

CodeCheck AuthService::CheckCode(storage::Tx& tx, std::int64_t user_id, CodePurpose purpose,
                                              const std::string& code, std::int64_t now_micros) {
    auto open = LatestOpenCode(tx, user_id, purpose);
    if (!open) return CodeCheck::kNoCode;
    if (now_micros >= open->expires_at) return CodeCheck::kExpired;
    if (open->attempts >= limits_.code_max_tries) return CodeCheck::kTooManyTries;
    if (!ConstantTimeEquals(open->code_hash, CodeHash(user_id, purpose, code))) {
        CountWrongTry(tx, open->id);
        return open->attempts + 1 >= limits_.code_max_tries ? CodeCheck::kTooManyTries : CodeCheck::kWrong;
    }
    ConsumeCode(tx, open->id, now_micros);
    return CodeCheck::kOk;
}

namespace {

// The user-facing error for a failed code check.
Error CodeCheckError(CodeCheck check) {
    switch (check) {
        case CodeCheck::kExpired: return CodeError("인증 코드가 만료되었습니다. 새 코드를 요청해주세요.", "code_expired");
        case CodeCheck::kTooManyTries:
            return CodeError("잘못된 코드를 너무 많이 입력했습니다. 새 코드를 요청해주세요.", "code_attempts_exceeded");
        case CodeCheck::kNoCode:
        case CodeCheck::kWrong:
        case CodeCheck::kOk: break;
    }
    return CodeError("인증 코드가 올바르지 않습니다.", "code_invalid");
}

}  // namespace

Result<User> AuthService::SignUp(const SignUpInput& input, const std::string& address) {
    FieldErrors errors;
    auto text = [&](const char* field, const std::optional<std::string>& value, bool trim) -> std::string {
        if (!value) {
            errors[field].push_back(kRequired);
            return {};
        }
        std::string v = trim ? Trim(*value) : *value;
        if (v.empty()) errors[field].push_back(kBlank);
        return v;
    };
    std::string name = text("name", input.name, true);
    std::string email = text("email", input.email, true);
    std::string password = text("password", input.password, true);
    std::string confirm = text("confirm_password", input.confirm_password, true);
    std::string user_type = text("user_type", input.user_type, false);
    if (!name.empty() && (Utf8Length(name) > 100 || HasControlCharacters(name))) {
        errors["name"].push_back("이름은 100자 이하여야 하며 제어 문자를 포함할 수 없습니다.");
    }
    if (!email.empty() && !IsValidEmail(email)) errors["email"].push_back("Enter a valid email address.");
    if (input.user_type && user_type != "trainer" && user_type != "member") {
        errors["user_type"].push_back("\"" + user_type + "\" is not a valid choice.");
    }
    for (auto [field, value] : {std::pair{"terms_agreed", input.terms_agreed}, {"privacy_agreed", input.privacy_agreed}}) {
        if (!value) {
            errors[field].push_back(kRequired);
        } else if (!*value) {
            errors[field].push_back("약관에 동의해야 가입할 수 있습니다.");
        }
    }
    if (!password.empty()) {
        auto problems = CheckPassword(password, email, name);
        if (!problems.empty()) errors["password"].push_back(problems.front());
    }
    if (errors.empty() && password != confirm) errors["non_field_errors"].push_back("비밀번호가 일치하지 않습니다.");
    if (!errors.empty()) return Validation(kSignupFailed, errors);

    std::int64_t now = NowMicros();
    auto throttled = db_.Write([&](storage::Tx& tx) {
        return storage::Consume(tx, Limit("signup:ip:" + address, limits_.signups_per_address, hours(1)), now);
    });
    if (throttled) return TooManyRequests(*throttled);

    std::string hash = hasher_.Hash(password);
    User user;
    user.email = email;
    user.name = name;
    user.role = user_type == "trainer" ? Role::kTrainer : Role::kMember;
    user.password_hash = hash;
    user.terms_agreed = true;
    user.privacy_agreed = true;
    user.marketing_agreed = input.marketing_agreed.value_or(false);
    try {
        auto created = db_.Write([&](storage::Tx& tx) -> Result<User> {
            if (FindUserByEmail(tx, email)) {
                return Validation(kSignupFailed, {{"email", {"이미 사용 중인 이메일입니다."}}});
            }
            user.id = InsertUser(tx, user);
            user.created_at = user.updated_at = now;
            SendCode(tx, user, CodePurpose::kVerifyEmail, now);
            return user;
        });
        if (created && mail_committed_) mail_committed_();
        return created;
    } catch (const std::exception& e) {
        // Two sign-ups with one address at once: the second loses on the unique index.
        if (storage::IsUniqueViolation(e)) {
            return Validation(kSignupFailed, {{"email", {"이미 사용 중인 이메일입니다."}}});
        }
        throw;
    }
}

Result<LoginResult> AuthService::Login(const std::string& email_in, const std::string& password_in,
                                       const std::string& address) {
    std::string email = NormalizeEmail(email_in);
    // Passwords are trimmed when set (as TrainMate's sign-up did), so they are trimmed here too.
    const std::string password = Trim(password_in);
    auto by_account = Limit("login:email:" + email, limits_.login_failures_per_account, minutes(15));
    auto by_address = Limit("login:ip:" + address, limits_.login_failures_per_address, minutes(15));
    std::int64_t now = NowMicros();
    auto found = db_.Read([&](storage::Tx& tx) -> std::pair<std::optional<std::int64_t>, std::optional<User>> {
        auto wait = storage::RetryAfter(tx, by_account, now);
        if (!wait) wait = storage::RetryAfter(tx, by_address, now);
        if (wait) return {wait, std::nullopt};
        return {std::nullopt, FindUserByEmail(tx, email)};
    });
    if (found.first) return TooManyRequests(*found.first);

    const std::optional<User>& user = found.second;
    bool ok = false;
    if (user) {
        ok = hasher_.Verify(user->password_hash, password) && user->is_active;
    } else {
        hasher_.VerifyDummy(password);  // the same effort whether or not the account exists
    }
    if (!ok) {
        db_.Write([&](storage::Tx& tx) {
            storage::Hit(tx, by_account, now);
            storage::Hit(tx, by_address, now);
        });
        return LoginFailure();
    }
    std::optional<std::string> upgraded;
    if (hasher_.NeedsRehash(user->password_hash)) upgraded = hasher_.Hash(password);
    LoginResult result;
    result.user = *user;
    result.tokens = db_.Write([&](storage::Tx& tx) {
        if (upgraded) UpdatePasswordHash(tx, user->id, *upgraded);
        RecordLogin(tx, user->id, now);
        return IssueSession(tx, *user, RandomHex(16), now);
    });
    return result;
}

Result<TokenPair> AuthService::Refresh(const std::string& refresh_token) {
    std::int64_t now = NowMicros();
    auto verified = tokens_.Verify(refresh_token, TokenType::kRefresh, Seconds(now));
    auto invalid = [](TokenProblem problem) {
        return Error{ErrorCode::kUnauthenticated, TokenProblemText(problem), {}, "token_not_valid"};
    };
    if (!verified.ok) return invalid(verified.problem);
    std::string hash = HashHex(refresh_token);
    return db_.Write([&](storage::Tx& tx) -> Result<TokenPair> {
        auto record = FindRefreshToken(tx, hash);
        if (!record || record->user_id != verified.claims.user_id) return invalid(TokenProblem::kInvalid);
        if (record->revoked) return invalid(TokenProblem::kInvalid);
        if (record->used || !ClaimRefreshToken(tx, record->id, now)) {
            // A rotated token came back: whoever holds it is not the session's owner, or the owner's copy was
            // stolen. End the whole session.
            RevokeFamily(tx, record->family_id, now);
            return invalid(TokenProblem::kInvalid);
        }
        auto user = FindUserById(tx, record->user_id);
        if (!user) return Error{ErrorCode::kUnauthenticated, "User not found", {}, "user_not_found"};
        if (!user->is_active) {
            return Error{ErrorCode::kUnauthenticated, "No active account found for the given token.", {},
                         "no_active_account"};
        }
        return IssueSession(tx, *user, record->family_id, now);
    });
}

Result<Done> AuthService::Logout(std::int64_t user_id, const std::optional<std::string>& refresh_token, bool all) {
    std::int64_t now = NowMicros();
    return db_.Write([&](storage::Tx& tx) -> Result<Done> {
        if (all) {
            RevokeAllSessions(tx, user_id, now);
            InvalidateAccessTokens(tx, user_id, now);
            return Done{};
        }
        if (!refresh_token) return Done{};
        auto record = FindRefreshToken(tx, HashHex(*refresh_token));
        if (!record || record->user_id != user_id) {
            return Error{ErrorCode::kValidation, "로그아웃할 세션을 찾을 수 없습니다.",
                         {{"refresh", {"Token is invalid"}}}, "token_not_valid"};
        }
        RevokeFamily(tx, record->family_id, now);
        return Done{};
    });
}

Result<User> AuthService::VerifyEmail(const std::string& email, const std::string& code, const std::string& address) {
    std::int64_t now = NowMicros();
    std::string trimmed = Trim(code);
    if (trimmed.size() != 6 || trimmed.find_first_not_of("0123456789") != std::string::npos) {
        return CodeError("인증 코드는 6자리 숫자입니다.", "code_invalid");
    }
    return db_.Write([&](storage::Tx& tx) -> Result<User> {
        if (auto wait = storage::Consume(tx, Limit("code:ip:" + address, limits_.code_checks_per_address, minutes(15)),
                                         now)) {
            return TooManyRequests(*wait);
        }
        auto user = FindUserByEmail(tx, email);
        if (!user) return CodeCheckError(CodeCheck::kWrong);
        if (user->email_verified) return *user;
        auto check = CheckCode(tx, user->id, CodePurpose::kVerifyEmail, trimmed, now);
        if (check != CodeCheck::kOk) return CodeCheckError(check);
        MarkEmailVerified(tx, user->id, now);
        user->email_verified = true;
        return *user;
    });
}

Result<Done> AuthService::ResendVerification(const std::string& email, const std::string& address) {
    std::int64_t now = NowMicros();
    std::string normalized = NormalizeEmail(email);
    auto sent = db_.Write([&](storage::Tx& tx) -> Result<bool> {
        if (auto wait = storage::Consume(tx, Limit("mail:ip:" + address, limits_.mails_per_address, hours(1)), now)) {
            return TooManyRequests(*wait);
        }
        auto user = FindUserByEmail(tx, normalized);
        if (!user || user->email_verified) return false;
        if (auto last = LastCodeCreatedAt(tx, user->id, CodePurpose::kVerifyEmail)) {
            std::int64_t ready = *last + limits_.resend_cooldown.count() * 1000000LL;
            if (now < ready) return TooManyRequests((ready - now + 999999) / 1000000);
        }
        if (auto wait = storage::Consume(tx, Limit("mail:email:" + normalized, limits_.mails_per_account, hours(1)),
                                         now)) {
            return TooManyRequests(*wait);
        }
        SendCode(tx, *user, CodePurpose::kVerifyEmail, now);
        return true;
    });
    if (!sent) return sent.error();
    if (*sent && mail_committed_) mail_committed_();
    return Done{};
}

Result<TokenPair> AuthService::ChangePassword(std::int64_t user_id, const std::string& current, const std::string& next,
                                              const std::string& confirm) {
    auto user = GetUser(user_id);
    if (!user) return user.error();
    if (!hasher_.Verify(user->password_hash, Trim(current))) {
        return Validation("비밀번호를 변경하지 못했습니다.", {{"current_password", {"현재 비밀번호가 올바르지 않습니다."}}});
    }
    std::string trimmed = Trim(next);
    auto problems = CheckPassword(trimmed, user->email, user->name);
    if (!problems.empty()) return Validation("비밀번호를 변경하지 못했습니다.", {{"new_password", {problems.front()}}});
    if (trimmed != Trim(confirm)) {
        return Validation("비밀번호를 변경하지 못했습니다.", {{"confirm_password", {"비밀번호가 일치하지 않습니다."}}});
    }
    if (hasher_.Verify(user->password_hash, trimmed)) {
        return Validation("비밀번호를 변경하지 못했습니다.",
                          {{"new_password", {"현재 비밀번호와 다른 비밀번호를 사용해주세요."}}});
    }
    std::string hash = hasher_.Hash(trimmed);
    std::int64_t now = NowMicros();
    return db_.Write([&](storage::Tx& tx) -> Result<TokenPair> {
        UpdatePasswordHash(tx, user_id, hash);
        RevokeAllSessions(tx, user_id, now);
        InvalidateAccessTokens(tx, user_id, now);
        return IssueSession(tx, *user, RandomHex(16), now);
    });
}

Result<Done> AuthService::RequestPasswordReset(const std::string& email, const std::string& address) {
    std::int64_t now = NowMicros();
    std::string normalized = NormalizeEmail(email);
    auto sent = db_.Write([&](storage::Tx& tx) -> Result<bool> {
        if (auto wait = storage::Consume(tx, Limit("mail:ip:" + address, limits_.mails_per_address, hours(1)), now)) {
            return TooManyRequests(*wait);
        }
        auto user = FindUserByEmail(tx, normalized);
        if (!user || !user->is_active) return false;
        if (auto last = LastCodeCreatedAt(tx, user->id, CodePurpose::kResetPassword)) {
            // Quietly skip: answering 429 here would reveal that the account exists.
            if (now < *last + limits_.resend_cooldown.count() * 1000000LL) return false;
        }
        if (storage::Consume(tx, Limit("reset:email:" + normalized, limits_.mails_per_account, hours(1)), now)) {
            return false;
        }
        SendCode(tx, *user, CodePurpose::kResetPassword, now);
        return true;
    });
    if (!sent) return sent.error();
    if (*sent && mail_committed_) mail_committed_();
    return Done{};
}

Result<Done> AuthService::ResetPassword(const std::string& email, const std::string& code, const std::string& next,
                                        const std::string& confirm, const std::string& address) {
    std::int64_t now = NowMicros();
    std::string trimmed_code = Trim(code);
    if (trimmed_code.size() != 6 || trimmed_code.find_first_not_of("0123456789") != std::string::npos) {
        return CodeError("인증 코드는 6자리 숫자입니다.", "code_invalid");
    }
    auto user = db_.Read([&](storage::Tx& tx) { return FindUserByEmail(tx, email); });
    std::string password = Trim(next);
    if (user) {
        auto problems = CheckPassword(password, user->email, user->name);
        if (!problems.empty()) {
            return Validation("비밀번호를 재설정하지 못했습니다.", {{"new_password", {problems.front()}}});
        }
    }
    if (password != Trim(confirm)) {
        return Validation("비밀번호를 재설정하지 못했습니다.", {{"confirm_password", {"비밀번호가 일치하지 않습니다."}}});
    }
    std::string hash = hasher_.Hash(password);
    return db_.Write([&](storage::Tx& tx) -> Result<Done> {
        if (auto wait = storage::Consume(tx, Limit("code:ip:" + address, limits_.code_checks_per_address, minutes(15)),
                                         now)) {
            return TooManyRequests(*wait);
        }
        if (!user) return CodeCheckError(CodeCheck::kWrong);
        auto check = CheckCode(tx, user->id, CodePurpose::kResetPassword, trimmed_code, now);
        if (check != CodeCheck::kOk) return CodeCheckError(check);
        UpdatePasswordHash(tx, user->id, hash);
        RevokeAllSessions(tx, user->id, now);
        InvalidateAccessTokens(tx, user->id, now);
        MarkEmailVerified(tx, user->id, now);  // the code proved the inbox
        return Done{};
    });
}

Result<User> AuthService::GetUser(std::int64_t user_id) {
    auto user = db_.Read([&](storage::Tx& tx) { return FindUserById(tx, user_id); });
    if (!user) return Error{ErrorCode::kNotFound, "User not found", {}, "user_not_found"};
    return *user;
}

std::optional<User> AuthService::AuthenticateFromMemory(const std::string& access_token) const {
    auto claims = principals_.FindToken(access_token);
    if (!claims || Seconds(NowMicros()) >= claims->expires_at) return std::nullopt;
    auto state = principals_.FindUser(claims->user_id);
    if (!state || !state->user.is_active || claims->session_version < state->tokens_valid_after) return std::nullopt;
    return std::move(state->user);
}

Result<User> AuthService::Authenticate(const std::string& access_token) {
    std::int64_t now = NowMicros();
    auto invalid = [](TokenProblem problem) {
        return Error{ErrorCode::kUnauthenticated, TokenProblemText(problem), {}, "token_not_valid"};
    };
    TokenClaims claims;
    if (auto known = principals_.FindToken(access_token)) {
        // Checked before; only its expiry can have changed.
        if (Seconds(now) >= known->expires_at) return invalid(TokenProblem::kExpired);
        claims = *known;
    } else {
        auto verified = tokens_.Verify(access_token, TokenType::kAccess, Seconds(now));
        if (!verified.ok) return invalid(verified.problem);
        principals_.KeepToken(access_token, verified.claims);
        claims = verified.claims;
    }
    auto state = principals_.FindUser(claims.user_id);
    if (!state) {
        std::uint64_t ticket = principals_.Ticket();
        state = db_.Read([&](storage::Tx& tx) -> std::optional<PrincipalCache::UserState> {
            auto found = FindUserById(tx, claims.user_id);
            if (!found) return std::nullopt;
            return PrincipalCache::UserState{*found, TokensValidAfter(tx, found->id)};
        });
        if (!state) return Error{ErrorCode::kUnauthenticated, "User not found", {}, "user_not_found"};
        principals_.KeepUser(*state, ticket);
        state->user.password_hash.clear();
    }
    if (!state->user.is_active) return Error{ErrorCode::kUnauthenticated, "User is inactive", {}, "user_inactive"};
    // Sessions were revoked (logout everywhere, password change) after this token was issued.
    if (claims.session_version < state->tokens_valid_after) return invalid(TokenProblem::kInvalid);
    return state->user;
}

}  // namespace spotter::accounts
