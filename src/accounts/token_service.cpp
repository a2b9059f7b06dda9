#include "accounts/token_service.hpp"

#include <jwt.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>

#include <nlohmann/json.hpp>

#include "common/random.hpp"

namespace spotter::accounts {

namespace {

constexpr std::size_t kMaxTokenLength = 4096;

struct JwtDeleter {
    void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct CharDeleter {
    void operator()(char* p) const { std::free(p); }
};
using CharPtr = std::unique_ptr<char, CharDeleter>;

const char* TypeName(TokenType type) { return type == TokenType::kAccess ? "access" : "refresh"; }

// The decoded JSON header of a compact JWT, or null when it is not one.
nlohmann::json DecodeHeader(const std::string& token) {
    auto dot = token.find('.');
    if (dot == std::string::npos || dot == 0) return nullptr;
    std::string segment = token.substr(0, dot);
    std::string raw(segment.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), segment.data(), segment.size(),
                          nullptr, &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
        return nullptr;
    }
    raw.resize(length);
    return nlohmann::json::parse(raw, nullptr, false);
}

}  // namespace

const char* TokenProblemText(TokenProblem problem) {
    switch (problem) {
        case TokenProblem::kInvalid: return "Token is invalid";
        case TokenProblem::kExpired: return "Token is expired";
        case TokenProblem::kWrongType: return "Token has wrong type";
    }
    return "Token is invalid";
}

std::string DeriveKey(const std::string& secret_key, const std::string& purpose) {
    InitCrypto();
    unsigned char out[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret_key.data()), secret_key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size());
    crypto_auth_hmacsha256_final(&state, out);
    return std::string(reinterpret_cast<char*>(out), sizeof out);
}

std::string HmacHex(const std::string& key, const std::string& message) {
    std::string mac = DeriveKey(key, message);
    char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
    return hex;
}

std::string HashHex(const std::string& data) {
    InitCrypto();
    unsigned char hash[32];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
    char hex[sizeof hash * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return hex;
}

TokenService::TokenService(const std::string& secret_key, TokenSettings settings)
    : key_(DeriveKey(secret_key, "spotter-jwt-hs256-v1")), settings_(std::move(settings)) {}

std::string TokenService::Issue(TokenType type, std::int64_t user_id, const std::string& user_type,
                                std::int64_t now, std::int64_t session_version) const {
    jwt_t* raw = nullptr;
    if (jwt_new(&raw) != 0) throw std::runtime_error("cannot create a token");
    JwtPtr jwt(raw);
    auto lifetime = type == TokenType::kAccess ? settings_.access_lifetime : settings_.refresh_lifetime;
    nlohmann::json claims = {
        {"token_type", TypeName(type)},
        {"exp", now + lifetime.count()},
        {"iat", now},
        {"jti", RandomHex(16)},
        {"user_id", user_id},
        {"user_type", user_type},
        {"iss", settings_.issuer},
        {"aud", settings_.audience},
        {"sv", session_version},
    };
    if (jwt_add_grants_json(jwt.get(), claims.dump().c_str()) != 0 ||
        jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(key_.data()),
                    static_cast<int>(key_.size())) != 0) {
        throw std::runtime_error("cannot sign a token");
    }
    CharPtr encoded(jwt_encode_str(jwt.get()));
    if (!encoded) throw std::runtime_error("cannot encode a token");
    return encoded.get();
}

TokenService::Verified TokenService::Verify(const std::string& token, TokenType expected, std::int64_t now) const {
    Verified result;
    if (token.empty() || token.size() > kMaxTokenLength) return result;
    // Only HS256, decided by us before the library parses anything else.
    nlohmann::json header = DecodeHeader(token);
    if (!header.is_object() || header.value("alg", "") != "HS256") return result;
    if (header.contains("typ") && header["typ"] != "JWT") return result;

    jwt_t* raw = nullptr;
    if (jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(key_.data()),
                   static_cast<int>(key_.size())) != 0) {
        return result;
    }
    JwtPtr jwt(raw);
    if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) return result;
    CharPtr grants(jwt_get_grants_json(jwt.get(), nullptr));
    if (!grants) return result;
    nlohmann::json claims = nlohmann::json::parse(grants.get(), nullptr, false);
    if (!claims.is_object()) return result;

    auto integer = [&](const char* name) -> std::optional<std::int64_t> {
        const auto found = claims.find(name);
        if (found == claims.end()) return std::nullopt;
        if (found->is_number_integer()) return found->get<std::int64_t>();
        // simplejwt wrote user_id as a string of digits; accept that form too.
        if (found->is_string()) {
            const std::string& text = found->get_ref<const std::string&>();
            if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
                return std::nullopt;
            }
            return std::stoll(text);
        }
        return std::nullopt;
    };
    auto exp = integer("exp");
    auto iat = integer("iat");
    auto user_id = integer("user_id");
    if (!exp || !iat || !user_id || *user_id <= 0) return result;
    if (claims.value("iss", "") != settings_.issuer || claims.value("aud", "") != settings_.audience) return result;
    if (!claims.contains("jti") || !claims["jti"].is_string()) return result;
    if (!claims.contains("token_type") || !claims["token_type"].is_string()) return result;
    if (now >= *exp) {
        result.problem = TokenProblem::kExpired;
        return result;
    }
    if (claims["token_type"] != TypeName(expected)) {
        result.problem = TokenProblem::kWrongType;
        return result;
    }
    result.ok = true;
    result.claims.type = expected;
    result.claims.user_id = *user_id;
    result.claims.user_type = claims.value("user_type", "");
    result.claims.jti = claims["jti"].get<std::string>();
    result.claims.issued_at = *iat;
    result.claims.expires_at = *exp;
    result.claims.session_version = integer("sv").value_or(0);
    return result;
}

}  // namespace spotter::accounts
