#include "accounts/password_policy.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace spotter::accounts {

namespace {

// The special characters TrainMate has always accepted.
constexpr std::string_view kSpecials = "!@#$%^&*()_+-=[]{};':\"\\|,.<>/?";

// Frequent passwords that satisfy the character rules anyway; compared case-insensitively.
constexpr std::array<std::string_view, 40> kCommon = {
    "password1!", "password12!", "password123!", "passw0rd!!", "p@ssw0rd12", "p@ssword123", "qwerty123!",
    "qwerty1234!", "qwer1234!!", "qwer1234!@", "asdf1234!!", "asdf1234!@", "zxcv1234!!", "1q2w3e4r!!",
    "1q2w3e4r5t!", "1qaz2wsx!@", "abcd1234!!", "abcd1234!@", "abc12345!!", "a1234567!!", "a123456789!",
    "admin1234!", "admin123!@", "welcome123!", "iloveyou1!", "letmein123!", "sunshine1!", "football1!",
    "baseball1!", "dragon1234!", "monkey1234!", "master1234!", "princess1!", "trustno1!!", "superman1!",
    "changeme123!", "test1234!!", "test1234!@", "love1234!!", "korea1234!",
};

std::string Lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// Counts UTF-8 code points, so a Korean character counts once.
std::size_t CodePoints(std::string_view text) {
    std::size_t count = 0;
    for (unsigned char c : text) count += (c & 0xC0) != 0x80;
    return count;
}

}  // namespace

std::vector<std::string> CheckPassword(const std::string& password, const std::string& email, const std::string& name) {
    std::vector<std::string> problems;
    std::size_t length = CodePoints(password);
    if (length < 10) problems.push_back("비밀번호는 10자리 이상이어야 합니다.");
    if (length > 128) problems.push_back("비밀번호는 128자 이하여야 합니다.");
    bool letter = false, digit = false, special = false;
    for (unsigned char c : password) {
        letter = letter || std::isalpha(c);
        digit = digit || std::isdigit(c);
        special = special || kSpecials.find(static_cast<char>(c)) != std::string_view::npos;
    }
    if (!letter) problems.push_back("비밀번호에 영문이 한 글자 이상 포함되어야 합니다.");
    if (!digit) problems.push_back("비밀번호에 숫자가 한 글자 이상 포함되어야 합니다.");
    if (!special) problems.push_back("비밀번호에 특수문자가 한 글자 이상 포함되어야 합니다.");
    std::string lower = Lower(password);
    std::string local = Lower(email.substr(0, email.find('@')));
    if (local.size() >= 3 && lower.find(local) != std::string::npos) {
        problems.push_back("비밀번호에 이메일 주소를 포함할 수 없습니다.");
    }
    std::string lower_name = Lower(name);
    lower_name.erase(std::remove(lower_name.begin(), lower_name.end(), ' '), lower_name.end());
    if (CodePoints(lower_name) >= 2 && lower_name.size() >= 3 && lower.find(lower_name) != std::string::npos) {
        problems.push_back("비밀번호에 이름을 포함할 수 없습니다.");
    }
    if (std::find(kCommon.begin(), kCommon.end(), lower) != kCommon.end()) {
        problems.push_back("너무 흔한 비밀번호입니다. 다른 비밀번호를 사용해주세요.");
    }
    return problems;
}

}  // namespace spotter::accounts
