// File: accounts/password_hasher.hpp
//
// Argon2id password hashes (libsodium). The encoded hash keeps its own parameters, so hashes made with older,
// weaker settings still verify and NeedsRehash tells the caller to upgrade them at the next successful login.
#pragma once

#include <string>

namespace spotter::accounts {

struct HashParams {
    unsigned long long ops_limit = 2;             // passes
    std::size_t mem_limit = 19u * 1024u * 1024u;  // bytes (19 MiB)
};

class PasswordHasher {
public:
    explicit PasswordHasher(HashParams params = {});

    // Throws std::runtime_error when the machine is out of memory for the hash.
    std::string Hash(const std::string& password) const;
    bool Verify(const std::string& encoded, const std::string& password) const;
    bool NeedsRehash(const std::string& encoded) const;
    // Spends the same effort as Verify on a fixed hash, so that an unknown account takes as long as a known one.
    void VerifyDummy(const std::string& password) const;

private:
    HashParams params_;
    std::string dummy_hash_;
};

}  // namespace spotter::accounts
