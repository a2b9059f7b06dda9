// File: accounts/token_service.hpp
//
// Access and refresh tokens: JWTs signed with HS256 (libjwt) under a key derived from SPOTTER_SECRET_KEY.
// Verification accepts only HS256 (the header is checked before libjwt sees the token, so "alg":"none" or any
// other algorithm is refused), checks the signature, `exp` (libjwt does not), `iss`, `aud` and `token_type`.
// Claims follow the TrainMate contract: token_type, exp, iat, jti, user_id (a number), user_type.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "common/result.hpp"

namespace spotter::accounts {

enum class TokenType { kAccess, kRefresh };

struct TokenClaims {
    TokenType type = TokenType::kAccess;
    std::int64_t user_id = 0;
    std::string user_type;
    std::string jti;
    std::int64_t issued_at = 0;   // seconds since the epoch
    std::int64_t expires_at = 0;  // seconds since the epoch
    // The user's session version when the token was issued (claim "sv"); tokens older than the user's current
    // version (sessions revoked, password changed) are refused by the authenticator.
    std::int64_t session_version = 0;
};

// Why a token was refused; the text is what TrainMate clients show ("Token is invalid", ...).
enum class TokenProblem { kInvalid, kExpired, kWrongType };
const char* TokenProblemText(TokenProblem problem);

struct TokenSettings {
    std::chrono::seconds access_lifetime{60 * 60};
    std::chrono::seconds refresh_lifetime{7 * 24 * 60 * 60};
    std::string issuer = "spotter";
    std::string audience = "spotter-api";
};

class TokenService {
public:
    TokenService(const std::string& secret_key, TokenSettings settings = {});

    // A signed token for `user_id`; `jti` is generated. `now` is seconds since the epoch.
    std::string Issue(TokenType type, std::int64_t user_id, const std::string& user_type, std::int64_t now,
                      std::int64_t session_version = 0) const;
    // The claims of a valid token of `expected` type, or why it is not acceptable.
    struct Verified {
        bool ok = false;
        TokenProblem problem = TokenProblem::kInvalid;
        TokenClaims claims;
    };
    Verified Verify(const std::string& token, TokenType expected, std::int64_t now) const;

    const TokenSettings& settings() const { return settings_; }

private:
    std::string key_;  // derived signing key (raw bytes)
    TokenSettings settings_;
};

// Derives a purpose-specific key from the configured secret (HMAC-SHA256 of the purpose under the secret), so
// the token key and the verification-code key are independent.
std::string DeriveKey(const std::string& secret_key, const std::string& purpose);
// Hex HMAC-SHA256 of `message` under `key`.
std::string HmacHex(const std::string& key, const std::string& message);
// Hex BLAKE2b-256 of `data` (for storing high-entropy tokens).
std::string HashHex(const std::string& data);

}  // namespace spotter::accounts
