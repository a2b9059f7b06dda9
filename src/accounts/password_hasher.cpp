#include "accounts/password_hasher.hpp"

#include <sodium.h>

#include <stdexcept>

#include "common/random.hpp"

namespace spotter::accounts {

PasswordHasher::PasswordHasher(HashParams params) : params_(params) {
    InitCrypto();
    dummy_hash_ = Hash(RandomHex(16));
}

std::string PasswordHasher::Hash(const std::string& password) const {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), params_.ops_limit, params_.mem_limit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("password hashing ran out of memory");
    }
    return out;
}

bool PasswordHasher::Verify(const std::string& encoded, const std::string& password) const {
    if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::NeedsRehash(const std::string& encoded) const {
    if (encoded.rfind("$argon2id$", 0) != 0) return true;
    return crypto_pwhash_str_needs_rehash(encoded.c_str(), params_.ops_limit, params_.mem_limit) != 0;
}

void PasswordHasher::VerifyDummy(const std::string& password) const { (void)Verify(dummy_hash_, password); }

}  // namespace spotter::accounts
