// File: accounts/user_repository.hpp
// Storage of users. Functions take the caller's transaction so several steps commit together.
#pragma once

#include <optional>

#include "accounts/user.hpp"
#include "storage/database.hpp"

namespace spotter::accounts {

// Inserts `user` (id and times are set here) and returns its id. Throws what the database throws; a duplicate
// e-mail is a unique violation (storage::IsUniqueViolation).
std::int64_t InsertUser(storage::Tx& tx, const User& user);
std::optional<User> FindUserByEmail(storage::Tx& tx, std::string_view email);
std::optional<User> FindUserById(storage::Tx& tx, std::int64_t id);
void UpdatePasswordHash(storage::Tx& tx, std::int64_t id, const std::string& hash);
// Changes to what authentication reads take effect in this process as soon as the transaction commits (the
// principal caches forget the user: accounts/principal_cache.hpp).
void UpdateRole(storage::Tx& tx, std::int64_t id, Role role);
void SetActive(storage::Tx& tx, std::int64_t id, bool active);

}  // namespace spotter::accounts
