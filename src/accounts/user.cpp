#include "accounts/user.hpp"

#include <algorithm>
#include <cctype>

namespace spotter::accounts {

const char* RoleName(Role role) {
    switch (role) {
        case Role::kMember: return "member";
        case Role::kTrainer: return "trainer";
        case Role::kAdmin: return "admin";
    }
    return "member";
}

std::optional<Role> ParseRole(std::string_view name) {
    if (name == "member") return Role::kMember;
    if (name == "trainer") return Role::kTrainer;
    if (name == "admin") return Role::kAdmin;
    return std::nullopt;
}

std::string NormalizeEmail(std::string_view email) {
    while (!email.empty() && std::isspace(static_cast<unsigned char>(email.front()))) email.remove_prefix(1);
    while (!email.empty() && std::isspace(static_cast<unsigned char>(email.back()))) email.remove_suffix(1);
    std::string out(email);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool IsValidEmail(std::string_view email) {
    if (email.size() < 3 || email.size() > 254) return false;
    auto at = email.find('@');
    if (at == std::string_view::npos || at == 0 || at > 64 || email.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    std::string_view domain = email.substr(at + 1);
    auto dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || domain.back() == '.' || domain.find("..") != std::string_view::npos) {
        return false;
    }
    // ASCII only: mail is sent without SMTPUTF8, so an address with other characters could never get its code.
    for (unsigned char c : email) {
        if (c <= 0x20 || c >= 0x7f || c == '(' || c == ')' || c == ',' || c == ':' || c == ';' || c == '<' ||
            c == '>' || c == '[' || c == ']' || c == '\\' || c == '"') {
            return false;
        }
    }
    return true;
}

}  // namespace spotter::accounts
