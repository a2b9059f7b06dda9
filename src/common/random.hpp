// File: common/random.hpp
// Cryptographically secure random values (libsodium).
#pragma once

#include <cstddef>
#include <string>

namespace spotter {

// `bytes` random bytes, hex encoded (2 * bytes characters).
std::string RandomHex(std::size_t bytes);
// Constant-time comparison of two strings of any length (lengths are not secret).
bool ConstantTimeEquals(const std::string& a, const std::string& b);
// Initialises libsodium; safe to call many times. Throws if the library cannot start.
void InitCrypto();

}  // namespace spotter
