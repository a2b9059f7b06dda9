// File: accounts/admin.hpp
// Administrators exist only through `spotter user create-admin`; the API never lets a client choose admin.
#pragma once

#include <string>

#include "accounts/password_hasher.hpp"
#include "common/result.hpp"
#include "storage/database.hpp"

namespace spotter::accounts {

struct AdminCreated {
    std::int64_t id = 0;
    bool promoted = false;  // an existing account was made admin (its password replaced)
};

// Creates an administrator with a verified e-mail, or promotes the existing account with that e-mail.
Result<AdminCreated> CreateAdmin(storage::Database& db, const PasswordHasher& hasher, const std::string& email,
                                 const std::string& password, const std::string& name);

}  // namespace spotter::accounts
