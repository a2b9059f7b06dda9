// File: accounts/auth_service.hpp
//
// Sign-up with an e-mailed verification code, login, token refresh with rotation and reuse detection, logout,
// password change and reset, and the authentication of API calls. No HTTP here: inputs are plain values and
// outcomes are Result<T> with field errors and stable machine codes; rate limits answer kTooManyRequests with a
// Retry-After header.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "accounts/password_hasher.hpp"
#include "accounts/token_service.hpp"
#include "accounts/auth_store.hpp"
#include "accounts/principal_cache.hpp"
#include "accounts/user.hpp"
#include "common/result.hpp"
#include "storage/database.hpp"

namespace spotter::accounts {

// Adds an e-mail to the outbox inside the caller's transaction (wired to the mail module).
using EnqueueMail = std::function<void(storage::Tx&, const std::string& to, const std::string& subject,
                                       const std::string& text)>;

struct SignUpInput {
    std::optional<std::string> name, email, password, confirm_password, user_type;
    std::optional<bool> terms_agreed, privacy_agreed, marketing_agreed;
};

struct TokenPair {
    std::string access;
    std::string refresh;
};

struct LoginResult {
    User user;
    TokenPair tokens;
};

struct Done {};

// The outcome of checking an e-mailed code.
enum class CodeCheck { kOk, kWrong, kExpired, kNoCode, kTooManyTries };

struct AuthLimits {
    int login_failures_per_account = 10;  // per 15 minutes
    int login_failures_per_address = 50;  // per 15 minutes
    int signups_per_address = 20;         // per hour
    int code_checks_per_address = 30;     // per 15 minutes
    int mails_per_account = 5;            // codes sent per hour
    int mails_per_address = 20;           // codes requested per hour
    std::chrono::seconds resend_cooldown{60};
    std::chrono::seconds code_lifetime{10 * 60};
    int code_max_tries = 5;
};

class AuthService {
public:
    AuthService(storage::Database& db, const PasswordHasher& hasher, const TokenService& tokens,
                std::string secret_key, EnqueueMail enqueue_mail, std::function<void()> mail_committed,
                AuthLimits limits = {}, PrincipalCacheSettings principal_cache = {});

    Result<User> SignUp(const SignUpInput& input, const std::string& address);
    Result<LoginResult> Login(const std::string& email, const std::string& password, const std::string& address);
    Result<TokenPair> Refresh(const std::string& refresh_token);
    // Revokes the session of `refresh_token` (which must belong to the user), or every session with `all`.
    Result<Done> Logout(std::int64_t user_id, const std::optional<std::string>& refresh_token, bool all);

    Result<User> VerifyEmail(const std::string& email, const std::string& code, const std::string& address);
    // Always succeeds for unknown addresses too, so it does not reveal who has an account.
    Result<Done> ResendVerification(const std::string& email, const std::string& address);
    Result<TokenPair> ChangePassword(std::int64_t user_id, const std::string& current, const std::string& next,
                                     const std::string& confirm);
    Result<Done> RequestPasswordReset(const std::string& email, const std::string& address);
    Result<Done> ResetPassword(const std::string& email, const std::string& code, const std::string& next,
                               const std::string& confirm, const std::string& address);

    // The caller of an API request, from its bearer token and the database. A refused token gives
    // kUnauthenticated with machine code "token_not_valid" and the reason ("Token is expired", ...) as detail.
    // Served from the principal cache when it can be (accounts/principal_cache.hpp): the user is as read at
    // most one time-to-live ago (changes made through this process apply at once), without the password hash.
    Result<User> Authenticate(const std::string& access_token);
    // The caller when the principal cache alone can tell that the token is accepted (checked before, not expired,
    // its user read less than one time-to-live ago, active, sessions not revoked since); otherwise nothing, and
    // Authenticate decides. Never blocks.
    std::optional<User> AuthenticateFromMemory(const std::string& access_token) const;
    Result<User> GetUser(std::int64_t user_id);

    const TokenService& tokens() const { return tokens_; }

private:
    TokenPair IssueSession(storage::Tx& tx, const User& user, const std::string& family_id, std::int64_t now_micros);
    void SendCode(storage::Tx& tx, const User& user, CodePurpose purpose, std::int64_t now_micros);
    CodeCheck CheckCode(storage::Tx& tx, std::int64_t user_id, CodePurpose purpose, const std::string& code,
                        std::int64_t now_micros);
    std::string CodeHash(std::int64_t user_id, CodePurpose purpose, const std::string& code) const;

    storage::Database& db_;
    const PasswordHasher& hasher_;
    const TokenService& tokens_;
    std::string code_key_;
    EnqueueMail enqueue_mail_;
    std::function<void()> mail_committed_;
    AuthLimits limits_;
    PrincipalCache principals_;
};

// A 429 error with Retry-After.
Error TooManyRequests(std::int64_t retry_after_seconds);

}  // namespace spotter::accounts
