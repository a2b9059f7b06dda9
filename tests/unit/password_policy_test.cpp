#include "accounts/password_policy.hpp"

#include <gtest/gtest.h>

#include "accounts/password_hasher.hpp"
#include "accounts/user.hpp"

namespace spotter::accounts {
namespace {

std::string FirstProblem(const std::string& password, const std::string& email = "kim@example.com",
                         const std::string& name = "김트레이너") {
    auto problems = CheckPassword(password, email, name);
    return problems.empty() ? "" : problems.front();
}

TEST(PasswordPolicy, TrainMateCharacterRules) {
    EXPECT_EQ(FirstProblem("abcdefghij"), "비밀번호에 숫자가 한 글자 이상 포함되어야 합니다.");
    EXPECT_EQ(FirstProblem("abcdefghi1"), "비밀번호에 특수문자가 한 글자 이상 포함되어야 합니다.");
    EXPECT_EQ(FirstProblem("1234567890!"), "비밀번호에 영문이 한 글자 이상 포함되어야 합니다.");
    EXPECT_EQ(FirstProblem("abcdefgh1~"), "비밀번호에 특수문자가 한 글자 이상 포함되어야 합니다.");
    EXPECT_EQ(FirstProblem("abc1!"), "비밀번호는 10자리 이상이어야 합니다.");
    EXPECT_EQ(FirstProblem("abcdefgh1!"), "");
}

TEST(PasswordPolicy, LengthCountsCharactersNotBytes) {
    EXPECT_EQ(FirstProblem("가나다라마a1!"), "비밀번호는 10자리 이상이어야 합니다.");  // 8 characters, 18 bytes
    EXPECT_EQ(FirstProblem(std::string(120, 'a') + "1!" + std::string(7, 'b')), "비밀번호는 128자 이하여야 합니다.");
}

TEST(PasswordPolicy, RejectsPersonalAndCommonPasswords) {
    EXPECT_EQ(FirstProblem("xKIMx2026!!", "kim@example.com"), "비밀번호에 이메일 주소를 포함할 수 없습니다.");
    EXPECT_EQ(FirstProblem("minsu2026!!", "a@b.co", "Minsu"), "비밀번호에 이름을 포함할 수 없습니다.");
    EXPECT_EQ(FirstProblem("Password123!"), "너무 흔한 비밀번호입니다. 다른 비밀번호를 사용해주세요.");
}

TEST(PasswordHasher, Argon2idRoundTripAndRehash) {
    PasswordHasher hasher;
    std::string hash = hasher.Hash("correct horse 1!");
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
    EXPECT_NE(hash.find("m=19456,t=2"), std::string::npos) << hash;
    EXPECT_TRUE(hasher.Verify(hash, "correct horse 1!"));
    EXPECT_FALSE(hasher.Verify(hash, "correct horse 2!"));
    EXPECT_FALSE(hasher.Verify("", "x"));
    EXPECT_FALSE(hasher.NeedsRehash(hash));
    PasswordHasher stronger({3, 32u * 1024u * 1024u});
    EXPECT_TRUE(stronger.NeedsRehash(hash));
    EXPECT_TRUE(stronger.Verify(hash, "correct horse 1!"));  // old parameters still verify
}

TEST(Email, NormalisesAndValidates) {
    EXPECT_EQ(NormalizeEmail("  Kim@Example.COM "), "kim@example.com");
    EXPECT_TRUE(IsValidEmail("t1@example.com"));
    for (const char* bad : {"", "a", "@example.com", "a@", "a@b", "a@@b.com", "a b@c.com", "a@b..com", "a@b.com.", "회원@example.com"}) {
        EXPECT_FALSE(IsValidEmail(bad)) << bad;
    }
}

}  // namespace
}  // namespace spotter::accounts
