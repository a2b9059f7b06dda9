// File: accounts/password_policy.hpp
// What a password must be: 10 to 128 characters with a letter, a digit and a special character, not built on the
// person's e-mail or name, and not one of the most common passwords.
#pragma once

#include <string>
#include <vector>

namespace spotter::accounts {

// The problems with `password`, as sentences for the person choosing it (Korean, as TrainMate clients show
// them); empty when it is acceptable. The first message is the most important one.
std::vector<std::string> CheckPassword(const std::string& password, const std::string& email, const std::string& name);

}  // namespace spotter::accounts
