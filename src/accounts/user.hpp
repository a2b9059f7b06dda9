// File: accounts/user.hpp
// A person who uses Spotter, as stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace spotter::accounts {

enum class Role { kMember, kTrainer, kAdmin };

const char* RoleName(Role role);  // "member", "trainer", "admin"
std::optional<Role> ParseRole(std::string_view name);

struct User {
    std::int64_t id = 0;
    std::string email;
    std::string name;
    std::optional<std::string> phone;
    Role role = Role::kMember;
    std::string password_hash;
    bool email_verified = false;
    bool is_active = true;
    bool terms_agreed = false;
    bool privacy_agreed = false;
    bool marketing_agreed = false;
    std::int64_t created_at = 0;  // microseconds since the epoch
    std::int64_t updated_at = 0;
    std::optional<std::int64_t> last_login_at;
    std::optional<std::int64_t> trainer_id;  // members: the assigned trainer
};

// Lower-cased and trimmed: the form used for uniqueness and look-ups.
std::string NormalizeEmail(std::string_view email);
// A plain, conservative check of an address's shape (one @, a dotted domain, no spaces, sane lengths).
bool IsValidEmail(std::string_view email);

}  // namespace spotter::accounts
