#include "accounts/admin.hpp"

#include "accounts/password_policy.hpp"
#include "accounts/principal_cache.hpp"
#include "accounts/user_repository.hpp"
#include "common/text.hpp"

namespace spotter::accounts {

Result<AdminCreated> CreateAdmin(storage::Database& db, const PasswordHasher& hasher, const std::string& email,
                                 const std::string& password, const std::string& name) {
    FieldErrors errors;
    if (!IsValidEmail(email)) errors["email"].push_back("Enter a valid email address.");
    if (name.empty() || Utf8Length(name) > 100) errors["name"].push_back("이름은 1자 이상 100자 이하여야 합니다.");
    auto problems = CheckPassword(password, email, name);
    if (!problems.empty()) errors["password"] = problems;
    if (!errors.empty()) return Error{ErrorCode::kValidation, "The administrator's details are not valid.", errors, "invalid"};

    std::string hash = hasher.Hash(password);
    return db.Write([&](storage::Tx& tx) -> Result<AdminCreated> {
        if (auto existing = FindUserByEmail(tx, email)) {
            UpdateRole(tx, existing->id, Role::kAdmin);
            UpdatePasswordHash(tx, existing->id, hash);
            long long id = existing->id;
            tx.sql << "UPDATE users SET email_verified = 1, is_active = 1 WHERE id = :id", soci::use(id);
            tx.AfterCommit([id] { NotifyUserChanged(id); });
            return AdminCreated{existing->id, true};
        }
        User user;
        user.email = email;
        user.name = name;
        user.role = Role::kAdmin;
        user.password_hash = hash;
        user.email_verified = true;
        user.terms_agreed = true;
        user.privacy_agreed = true;
        return AdminCreated{InsertUser(tx, user), false};
    });
}

}  // namespace spotter::accounts
