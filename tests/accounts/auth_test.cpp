// The accounts API against the real server, a real SMTP server and SQLite or PostgreSQL: sign-up with an e-mailed
// code, login, forged tokens, rotation and reuse, the refresh race, logout, password change and reset, rate
// limits and role gates (../shared/reference/security-and-payments.md §1).
#include <gtest/gtest.h>
#include <sodium.h>

#include <chrono>
#include <future>
#include <regex>
#include <thread>

#include "accounts/token_service.hpp"
#include "accounts/user_repository.hpp"
#include "common/clock.hpp"
#include "common/random.hpp"
#include "mail/message.hpp"
#include "support/http_client.hpp"
#include "support/smtp_sink.hpp"
#include "support/test_server.hpp"

namespace spotter {
namespace {

using nlohmann::json;
using testing::HttpClient;
using testing::HttpResult;
using testing::SmtpSink;
using testing::TestServer;
using testing::TestServerOptions;

constexpr const char* kPassword = "Sturdy-Pass-2026";

json Payload(const std::string& jwt) {
    auto first = jwt.find('.');
    auto second = jwt.find('.', first + 1);
    std::string segment = jwt.substr(first + 1, second - first - 1);
    std::string raw(segment.size(), '\0');
    std::size_t length = 0;
    sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), segment.data(), segment.size(), nullptr,
                      &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    raw.resize(length);
    return json::parse(raw);
}

std::string B64Url(const std::string& text) {
    std::string out(sodium_base64_ENCODED_LEN(text.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::strlen(out.c_str()));
    return out;
}

class AuthTest : public ::testing::Test {
protected:
    AuthTest() {
        TestServerOptions options;
        options.configure = [this](config::Config& config) {
            config.smtp_url = sink_.url();
            config.mail_from = "Spotter <no-reply@spotter.test>";
        };
        options.extra_routes = [](http::Router& router) {
            router.Add({.method = http::Method::kGet,
                        .pattern = "/api/test/trainers-only/",
                        .handler = [](http::Request&) { return http::Response::Json(200, {{"ok", true}}); },
                        .access = http::Access::kTrainer,
                        .operation_id = "testTrainersOnly",
                        .doc = {.summary = "probe"}});
        };
        server_ = std::make_unique<TestServer>(options);
        client_ = std::make_unique<HttpClient>(server_->base_url());
    }

    HttpResult Post(const std::string& path, const json& body, const std::string& token = {}) {
        std::vector<std::string> headers;
        if (!token.empty()) headers.push_back("Authorization: Bearer " + token);
        return client_->PostJson(path, body, headers);
    }

    HttpResult Me(const std::string& token) { return client_->Get("/api/auth/me/", {"Authorization: Bearer " + token}); }

    json SignUpBody(const std::string& email, const std::string& type = "member") {
        return {{"name", "김회원"},        {"email", email},          {"password", kPassword},
                {"confirm_password", kPassword}, {"user_type", type}, {"terms_agreed", true},
                {"privacy_agreed", true},  {"marketing_agreed", false}};
    }

    // Signs up and returns the 6-digit code e-mailed to `email`.
    std::string SignUp(const std::string& email, const std::string& type = "member") {
        std::size_t before = sink_.Count();
        auto reply = Post("/auth/sign-up/", SignUpBody(email, type));
        EXPECT_EQ(reply.status, 201) << reply.body;
        return CodeFor(email, before + 1);
    }

    // The code in the newest mail to `email`, waiting until `count` mails arrived in all.
    std::string CodeFor(const std::string& email, std::size_t count) {
        EXPECT_TRUE(sink_.WaitForCount(count)) << "no mail arrived";
        auto received = sink_.Received();
        for (auto it = received.rbegin(); it != received.rend(); ++it) {
            if (it->rcpt_to.empty() || it->rcpt_to[0] != email) continue;
            std::string text = mail::Base64Decode(it->Body());
            std::smatch match;
            if (std::regex_search(text, match, std::regex("([0-9]{6})"))) return match[1];
        }
        ADD_FAILURE() << "no code for " << email;
        return {};
    }

    json Login(const std::string& email, const std::string& password = kPassword) {
        auto reply = Post("/auth/login/", {{"email", email}, {"password", password}});
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.Json();
    }

    long long Count(const std::string& sql) {
        return server_->app().database()->Read([&](storage::Tx& tx) {
            long long n = 0;
            tx.sql << sql, soci::into(n);
            return n;
        });
    }

    void Exec(const std::string& sql) {
        server_->app().database()->Write([&](storage::Tx& tx) { tx.sql << sql; });
    }

    SmtpSink sink_;
    std::unique_ptr<TestServer> server_;
    std::unique_ptr<HttpClient> client_;
};

// --- sign-up ---------------------------------------------------------------------------------------------------

TEST_F(AuthTest, SignUpAnswersTheContractShapeAndMailsACode) {
    auto reply = Post("/auth/sign-up/", SignUpBody("new@example.com"));
    ASSERT_EQ(reply.status, 201) << reply.body;
    auto body = reply.Json();
    EXPECT_EQ(body["success"], true);
    EXPECT_EQ(body["user"]["email"], "new@example.com");
    EXPECT_EQ(body["user"]["user_type"], "member");
    EXPECT_EQ(body["user"]["email_verified"], false);
    EXPECT_TRUE(body["user"]["id"].is_number_integer());
    ASSERT_TRUE(sink_.WaitForCount(1));
    auto mail = sink_.Received().at(0);
    EXPECT_EQ(mail.rcpt_to.at(0), "new@example.com");
    EXPECT_EQ(mail.mail_from, "no-reply@spotter.test");
    std::string text = mail::Base64Decode(mail.Body());
    EXPECT_TRUE(std::regex_search(text, std::regex("인증 코드: [0-9]{6}"))) << text;
    // Only a keyed hash of the code is stored.
    std::smatch match;
    ASSERT_TRUE(std::regex_search(text, match, std::regex("([0-9]{6})")));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM verification_codes WHERE code_hash = '" + match[1].str() + "'"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM verification_codes"), 1);
}

TEST_F(AuthTest, TheReadmePathIsTheSameOperation) {
    EXPECT_EQ(Post("/auth/signup/", SignUpBody("readme@example.com")).status, 201);
    EXPECT_EQ(Post("/auth/signup/", SignUpBody("README@example.com")).status, 400);
}

TEST_F(AuthTest, SignUpReportsEveryMissingFieldByName) {
    auto reply = Post("/auth/sign-up/", json::object());
    ASSERT_EQ(reply.status, 400);
    auto errors = reply.Json()["errors"];
    for (const char* field : {"name", "email", "password", "confirm_password", "user_type", "terms_agreed",
                              "privacy_agreed"}) {
        ASSERT_TRUE(errors.contains(field)) << field;
        EXPECT_EQ(errors[field][0], "This field is required.") << field;
    }
    EXPECT_EQ(reply.Json()["success"], false);
    EXPECT_EQ(reply.Json()["message"], "회원가입에 실패했습니다.");
}

TEST_F(AuthTest, SignUpRejectsBadValuesBesideTheirFields) {
    struct Case {
        json patch;
        const char* field;
        const char* message;
    };
    std::vector<Case> cases = {
        {{{"user_type", "admin"}}, "user_type", "\"admin\" is not a valid choice."},
        {{{"email", "not-an-email"}}, "email", "Enter a valid email address."},
        {{{"password", "abcdefghi1"}, {"confirm_password", "abcdefghi1"}}, "password",
         "비밀번호에 특수문자가 한 글자 이상 포함되어야 합니다."},
        {{{"password", "short1!"}, {"confirm_password", "short1!"}}, "password", "비밀번호는 10자리 이상이어야 합니다."},
        {{{"confirm_password", "Different-2026"}}, "non_field_errors", "비밀번호가 일치하지 않습니다."},
        {{{"terms_agreed", false}}, "terms_agreed", "약관에 동의해야 가입할 수 있습니다."},
        {{{"name", 42}}, "name", "Not a valid string."},
        {{{"privacy_agreed", "maybe"}}, "privacy_agreed", "Must be a valid boolean."},
    };
    for (const auto& c : cases) {
        json body = SignUpBody("case@example.com");
        body.update(c.patch);
        auto reply = Post("/auth/sign-up/", body);
        ASSERT_EQ(reply.status, 400) << c.patch.dump() << reply.body;
        auto errors = reply.Json()["errors"];
        ASSERT_TRUE(errors.contains(c.field)) << c.patch.dump() << reply.body;
        EXPECT_EQ(errors[c.field][0], c.message) << c.patch.dump();
    }
    EXPECT_EQ(Count("SELECT COUNT(*) FROM users"), 0);
    EXPECT_EQ(client_->Request("POST", "/auth/sign-up/", "{\"name\":", {"Content-Type: application/json"}).status, 400);
    EXPECT_EQ(client_->Request("POST", "/auth/sign-up/", "name=x", {"Content-Type: text/plain"}).status, 415);
}

TEST_F(AuthTest, EmailsAreUniqueIgnoringCase) {
    SignUp("dup@example.com");
    auto again = Post("/auth/sign-up/", SignUpBody("DUP@Example.com"));
    ASSERT_EQ(again.status, 400);
    EXPECT_EQ(again.Json()["errors"]["email"][0], "이미 사용 중인 이메일입니다.");
}

TEST_F(AuthTest, ParallelSignUpsWithOneAddressMakeOneAccount) {
    std::vector<std::future<long>> replies;
    for (int i = 0; i < 6; ++i) {
        replies.push_back(std::async(std::launch::async, [&] {
            HttpClient client(server_->base_url());
            return client.PostJson("/auth/sign-up/", SignUpBody("race@example.com")).status;
        }));
    }
    int created = 0;
    for (auto& reply : replies) {
        long status = reply.get();
        EXPECT_TRUE(status == 201 || status == 400) << status;
        created += status == 201;
    }
    EXPECT_EQ(created, 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM users"), 1);
}

// --- verification ----------------------------------------------------------------------------------------------

TEST_F(AuthTest, VerifyingTheEmailedCodeConfirmsTheAddress) {
    std::string code = SignUp("verify@example.com");
    auto tokens = Login("verify@example.com")["tokens"];
    EXPECT_EQ(Me(tokens["access"]).status, 200);
    EXPECT_EQ(Me(tokens["access"]).Json()["user"]["email_verified"], false);
    auto reply = Post("/auth/verify-email/", {{"email", "verify@example.com"}, {"code", code}});
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.Json()["user"]["email_verified"], true);
    EXPECT_EQ(Me(tokens["access"]).Json()["user"]["email_verified"], true);
    // Single use.
    Exec("UPDATE users SET email_verified = 0");
    EXPECT_EQ(Post("/auth/verify-email/", {{"email", "verify@example.com"}, {"code", code}}).status, 400);
}

TEST_F(AuthTest, FiveWrongTriesExhaustTheCode) {
    std::string code = SignUp("tries@example.com");
    std::string wrong = code == "000000" ? "111111" : "000000";
    for (int i = 0; i < 4; ++i) {
        auto reply = Post("/auth/verify-email/", {{"email", "tries@example.com"}, {"code", wrong}});
        EXPECT_EQ(reply.status, 400);
        EXPECT_EQ(reply.Json()["code"], "code_invalid");
    }
    auto fifth = Post("/auth/verify-email/", {{"email", "tries@example.com"}, {"code", wrong}});
    EXPECT_EQ(fifth.Json()["code"], "code_attempts_exceeded");
    auto right = Post("/auth/verify-email/", {{"email", "tries@example.com"}, {"code", code}});
    EXPECT_EQ(right.status, 400);
    EXPECT_EQ(right.Json()["code"], "code_attempts_exceeded");
}

TEST_F(AuthTest, ExpiredCodesAreRefused) {
    std::string code = SignUp("late@example.com");
    Exec("UPDATE verification_codes SET expires_at = created_at + 600000000 - 700000000");
    auto reply = Post("/auth/verify-email/", {{"email", "late@example.com"}, {"code", code}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.Json()["code"], "code_expired");
}

TEST_F(AuthTest, ResendHasACooldownAndReplacesTheCode) {
    std::string first = SignUp("resend@example.com");
    auto soon = Post("/auth/verify-email/resend/", {{"email", "resend@example.com"}});
    EXPECT_EQ(soon.status, 429);
    EXPECT_FALSE(soon.Header("retry-after").empty());
    Exec("UPDATE verification_codes SET created_at = created_at - 120000000");
    auto later = Post("/auth/verify-email/resend/", {{"email", "resend@example.com"}});
    EXPECT_EQ(later.status, 200);
    std::string second = CodeFor("resend@example.com", 2);
    if (first != second) {
        EXPECT_EQ(Post("/auth/verify-email/", {{"email", "resend@example.com"}, {"code", first}}).status, 400);
    }
    EXPECT_EQ(Post("/auth/verify-email/", {{"email", "resend@example.com"}, {"code", second}}).status, 200);
    // Unknown addresses get the same answer and no mail.
    auto unknown = Post("/auth/verify-email/resend/", {{"email", "nobody@example.com"}});
    EXPECT_EQ(unknown.status, 200);
    EXPECT_EQ(unknown.Json()["message"], later.Json()["message"]);
}

// --- login and tokens ------------------------------------------------------------------------------------------

TEST_F(AuthTest, LoginReturnsContractTokens) {
    SignUp("login@example.com", "trainer");
    auto body = Login("login@example.com");
    EXPECT_EQ(body["success"], true);
    EXPECT_EQ(body["message"], "로그인이 완료 되었습니다.");
    EXPECT_EQ(body["user"]["user_type"], "trainer");
    auto access = Payload(body["tokens"]["access"]);
    auto refresh = Payload(body["tokens"]["refresh"]);
    EXPECT_EQ(access["token_type"], "access");
    EXPECT_EQ(refresh["token_type"], "refresh");
    EXPECT_TRUE(access["user_id"].is_number_integer());
    EXPECT_EQ(access["user_id"], body["user"]["id"]);
    EXPECT_EQ(access["user_type"], "trainer");
    EXPECT_EQ(access["exp"].get<long long>() - access["iat"].get<long long>(), 3600);
    EXPECT_EQ(refresh["exp"].get<long long>() - refresh["iat"].get<long long>(), 604800);
    EXPECT_EQ(access["jti"].get<std::string>().size(), 32u);
    // Mixed-case e-mail logs in too.
    EXPECT_EQ(Post("/auth/login/", {{"email", "LOGIN@example.com"}, {"password", kPassword}}).status, 200);
}

TEST_F(AuthTest, WrongPasswordAndUnknownEmailLookTheSame) {
    SignUp("known@example.com");
    auto wrong = Post("/auth/login/", {{"email", "known@example.com"}, {"password", "Wrong-Pass-2026"}});
    auto unknown = Post("/auth/login/", {{"email", "unknown@example.com"}, {"password", "Wrong-Pass-2026"}});
    EXPECT_EQ(wrong.status, 400);
    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(wrong.Json()["errors"], unknown.Json()["errors"]);
    EXPECT_EQ(wrong.Json()["errors"]["detail"][0], "이메일 또는 비밀번호가 올바르지 않습니다.");
    auto missing = Post("/auth/login/", json::object());
    EXPECT_EQ(missing.Json()["errors"]["email"][0], "This field is required.");
}

TEST_F(AuthTest, RepeatedFailuresAreThrottledPerAccount) {
    SignUp("brute@example.com");
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(Post("/auth/login/", {{"email", "brute@example.com"}, {"password", "Guess-" + std::to_string(i) + "xx!"}})
                      .status,
                  400);
    }
    auto blocked = Post("/auth/login/", {{"email", "brute@example.com"}, {"password", kPassword}});
    EXPECT_EQ(blocked.status, 429);
    EXPECT_GT(std::stoi(blocked.Header("retry-after")), 0);
    EXPECT_EQ(blocked.Json()["code"], "throttled");
    // Another account from the same address still works.
    SignUp("other@example.com");
    EXPECT_EQ(Post("/auth/login/", {{"email", "other@example.com"}, {"password", kPassword}}).status, 200);
}

TEST_F(AuthTest, ForgedAndMisusedTokensAreRefused) {
    SignUp("forge@example.com");
    auto tokens = Login("forge@example.com")["tokens"];
    std::string access = tokens["access"];
    std::string refresh = tokens["refresh"];
    ASSERT_EQ(Me(access).status, 200);

    auto header_of = [](const std::string& jwt) { return jwt.substr(0, jwt.find('.')); };
    auto body_of = [](const std::string& jwt) {
        auto a = jwt.find('.');
        return jwt.substr(a + 1, jwt.find('.', a + 1) - a - 1);
    };
    json payload = Payload(access);
    json edited = payload;
    edited["user_id"] = payload["user_id"].get<long long>() + 1;
    edited["user_type"] = "admin";
    std::string other_key = RandomHex(32);
    accounts::TokenService foreign(other_key);
    long long now = NowMicros() / 1000000;
    accounts::TokenService same(server_->config().secret_key);
    std::string expired = same.Issue(accounts::TokenType::kAccess, payload["user_id"], "member", now - 7200);

    struct Case {
        std::string name;
        std::string token;
        std::string message;
    };
    std::vector<Case> cases = {
        {"alg none", B64Url(R"({"alg":"none","typ":"JWT"})") + "." + body_of(access) + ".", "Token is invalid"},
        {"alg HS512 header", B64Url(R"({"alg":"HS512","typ":"JWT"})") + "." + body_of(access) + "." +
                                 access.substr(access.rfind('.') + 1),
         "Token is invalid"},
        {"edited payload", header_of(access) + "." + B64Url(edited.dump()) + "." + access.substr(access.rfind('.') + 1),
         "Token is invalid"},
        {"wrong key", foreign.Issue(accounts::TokenType::kAccess, payload["user_id"], "member", now), "Token is invalid"},
        {"expired", expired, "Token is expired"},
        {"refresh as access", refresh, "Token has wrong type"},
        {"garbage", "not.a.jwt", "Token is invalid"},
        {"null", "null", "Token is invalid"},
    };
    for (const auto& c : cases) {
        auto reply = Me(c.token);
        EXPECT_EQ(reply.status, 401) << c.name;
        auto body = reply.Json();
        EXPECT_EQ(body["code"], "token_not_valid") << c.name;
        EXPECT_EQ(body["detail"], "Given token not valid for any token type") << c.name;
        EXPECT_EQ(body["messages"][0]["message"], c.message) << c.name;
    }
    auto none = client_->Get("/api/auth/me/");
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(none.Json()["detail"], "Authentication credentials were not provided.");
    EXPECT_EQ(client_->Get("/api/auth/me/", {"Authorization: Token abc"}).status, 401);
    // An access token is not a refresh token either.
    auto swapped = Post("/auth/token/refresh/", {{"refresh", access}});
    EXPECT_EQ(swapped.status, 401);
    EXPECT_EQ(swapped.Json()["detail"], "Token has wrong type");
    EXPECT_EQ(swapped.Json()["code"], "token_not_valid");
}

TEST_F(AuthTest, RefreshRotatesAndReuseEndsTheSession) {
    SignUp("rotate@example.com");
    auto tokens = Login("rotate@example.com")["tokens"];
    auto first = Post("/auth/token/refresh/", {{"refresh", tokens["refresh"]}});
    ASSERT_EQ(first.status, 200) << first.body;
    auto pair = first.Json();
    EXPECT_NE(pair["refresh"], tokens["refresh"]);
    EXPECT_EQ(Me(pair["access"]).status, 200);
    EXPECT_EQ(Payload(pair["access"])["user_type"], "member");
    // The old refresh token comes back: refused, and the session it belonged to ends.
    auto reused = Post("/auth/token/refresh/", {{"refresh", tokens["refresh"]}});
    EXPECT_EQ(reused.status, 401);
    EXPECT_EQ(reused.Json()["code"], "token_not_valid");
    EXPECT_EQ(Post("/auth/token/refresh/", {{"refresh", pair["refresh"]}}).status, 401);
    // Missing field.
    auto missing = Post("/auth/token/refresh/", json::object());
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(missing.Json()["errors"]["refresh"][0], "This field is required.");
}

TEST_F(AuthTest, TwentySimultaneousRefreshesYieldOneSuccess) {
    SignUp("race-refresh@example.com");
    std::string refresh = Login("race-refresh@example.com")["tokens"]["refresh"];
    std::vector<std::future<long>> replies;
    for (int i = 0; i < 20; ++i) {
        replies.push_back(std::async(std::launch::async, [&] {
            HttpClient client(server_->base_url());
            return client.PostJson("/auth/token/refresh/", {{"refresh", refresh}}).status;
        }));
    }
    int ok = 0;
    for (auto& reply : replies) {
        long status = reply.get();
        EXPECT_TRUE(status == 200 || status == 401) << status;
        ok += status == 200;
    }
    EXPECT_EQ(ok, 1);
}

TEST_F(AuthTest, LogoutEndsTheGivenSessionOrAll) {
    SignUp("bye@example.com");
    auto phone = Login("bye@example.com")["tokens"];
    auto laptop = Login("bye@example.com")["tokens"];
    auto out = Post("/auth/logout/", {{"refresh", phone["refresh"]}}, phone["access"]);
    ASSERT_EQ(out.status, 200) << out.body;
    EXPECT_EQ(out.Json()["message"], "로그아웃이 완료되었습니다.");
    EXPECT_EQ(Post("/auth/token/refresh/", {{"refresh", phone["refresh"]}}).status, 401);
    EXPECT_EQ(Post("/auth/token/refresh/", {{"refresh", laptop["refresh"]}}).status, 200);
    // Someone else's refresh token cannot be logged out by me.
    SignUp("stranger@example.com");
    auto stranger = Login("stranger@example.com")["tokens"];
    EXPECT_EQ(Post("/auth/logout/", {{"refresh", stranger["refresh"]}}, laptop["access"]).status, 400);
    EXPECT_EQ(Post("/auth/token/refresh/", {{"refresh", stranger["refresh"]}}).status, 200);
    // Everywhere: access tokens stop working too.
    auto again = Login("bye@example.com")["tokens"];
    EXPECT_EQ(Post("/auth/logout/", {{"all", true}}, again["access"]).status, 200);
    EXPECT_EQ(Me(again["access"]).status, 401);
    EXPECT_EQ(Post("/auth/token/refresh/", {{"refresh", again["refresh"]}}).status, 401);
    EXPECT_EQ(Post("/auth/logout/", json::object()).status, 401);
}

TEST_F(AuthTest, PasswordChangeSignsOutOtherSessions) {
    SignUp("change@example.com");
    auto old_tokens = Login("change@example.com")["tokens"];
    auto wrong = Post("/auth/password/change/",
                      {{"current_password", "Not-The-One-1"}, {"new_password", "Brand-New-Pass-9"},
                       {"confirm_password", "Brand-New-Pass-9"}},
                      old_tokens["access"]);
    EXPECT_EQ(wrong.status, 400);
    EXPECT_TRUE(wrong.Json()["errors"].contains("current_password"));
    auto changed = Post("/auth/password/change/",
                        {{"current_password", kPassword}, {"new_password", "Brand-New-Pass-9"},
                         {"confirm_password", "Brand-New-Pass-9"}},
                        old_tokens["access"]);
    ASSERT_EQ(changed.status, 200) << changed.body;
    auto fresh = changed.Json()["tokens"];
    EXPECT_EQ(Me(fresh["access"]).status, 200);
    EXPECT_EQ(Me(old_tokens["access"]).status, 401);
    EXPECT_EQ(Post("/auth/token/refresh/", {{"refresh", old_tokens["refresh"]}}).status, 401);
    EXPECT_EQ(Post("/auth/login/", {{"email", "change@example.com"}, {"password", kPassword}}).status, 400);
    EXPECT_EQ(Post("/auth/login/", {{"email", "change@example.com"}, {"password", "Brand-New-Pass-9"}}).status, 200);
}

TEST_F(AuthTest, PasswordResetByEmailedCode) {
    SignUp("forgot@example.com");
    auto session = Login("forgot@example.com")["tokens"];
    std::size_t mails = sink_.Count();
    auto unknown = Post("/auth/password/reset/", {{"email", "ghost@example.com"}});
    auto known = Post("/auth/password/reset/", {{"email", "forgot@example.com"}});
    EXPECT_EQ(unknown.status, 200);
    EXPECT_EQ(known.status, 200);
    EXPECT_EQ(unknown.Json()["message"], known.Json()["message"]);
    std::string code = CodeFor("forgot@example.com", mails + 1);
    std::string wrong = code == "000000" ? "111111" : "000000";
    auto bad = Post("/auth/password/reset/confirm/", {{"email", "forgot@example.com"}, {"code", wrong},
                                                      {"new_password", "Reset-Pass-2026"},
                                                      {"confirm_password", "Reset-Pass-2026"}});
    EXPECT_EQ(bad.status, 400);
    auto weak = Post("/auth/password/reset/confirm/", {{"email", "forgot@example.com"}, {"code", code},
                                                       {"new_password", "weak"}, {"confirm_password", "weak"}});
    EXPECT_EQ(weak.status, 400);
    EXPECT_TRUE(weak.Json()["errors"].contains("new_password"));
    auto good = Post("/auth/password/reset/confirm/", {{"email", "forgot@example.com"}, {"code", code},
                                                       {"new_password", "Reset-Pass-2026"},
                                                       {"confirm_password", "Reset-Pass-2026"}});
    ASSERT_EQ(good.status, 200) << good.body;
    EXPECT_EQ(Me(session["access"]).status, 401);
    EXPECT_EQ(Post("/auth/login/", {{"email", "forgot@example.com"}, {"password", kPassword}}).status, 400);
    EXPECT_EQ(Post("/auth/login/", {{"email", "forgot@example.com"}, {"password", "Reset-Pass-2026"}}).status, 200);
    // The code was single use.
    EXPECT_EQ(Post("/auth/password/reset/confirm/", {{"email", "forgot@example.com"}, {"code", code},
                                                     {"new_password", "Another-Pass-2027"},
                                                     {"confirm_password", "Another-Pass-2027"}})
                  .status,
              400);
}

// --- roles -----------------------------------------------------------------------------------------------------

TEST_F(AuthTest, RolesComeFromTheDatabaseNotTheToken) {
    SignUp("member@example.com", "member");
    auto login = Login("member@example.com");
    auto tokens = login["tokens"];
    std::int64_t id = login["user"]["id"];
    auto denied = client_->Get("/api/test/trainers-only/", {"Authorization: Bearer " + tokens["access"].get<std::string>()});
    EXPECT_EQ(denied.status, 403);
    EXPECT_EQ(denied.Json()["code"], "permission_denied");
    // Promoted in the database by this instance: the same token passes at once (the caller was just
    // authenticated, so this also shows the change reaches the principal cache), and /me says trainer although the
    // token says member.
    server_->app().database()->Write([&](storage::Tx& tx) { accounts::UpdateRole(tx, id, accounts::Role::kTrainer); });
    auto allowed = client_->Get("/api/test/trainers-only/", {"Authorization: Bearer " + tokens["access"].get<std::string>()});
    EXPECT_EQ(allowed.status, 200);
    EXPECT_EQ(Me(tokens["access"]).Json()["user"]["user_type"], "trainer");
    // A deactivated account is refused at once.
    server_->app().database()->Write([&](storage::Tx& tx) { accounts::SetActive(tx, id, false); });
    auto inactive = Me(tokens["access"]);
    EXPECT_EQ(inactive.status, 401);
    EXPECT_EQ(inactive.Json()["code"], "user_inactive");
}

TEST_F(AuthTest, ChangesMadeByAnotherInstanceApplyWithinTheCacheLifetime) {
    // Another instance (or the command line) changes the row behind this one's back: this instance does not hear of
    // it and trusts what it read for one time-to-live (1 s), then reads the database again.
    SignUp("elsewhere@example.com", "member");
    std::string access = Login("elsewhere@example.com")["tokens"]["access"];
    ASSERT_EQ(Me(access).status, 200);
    Exec("UPDATE users SET is_active = 0");
    HttpResult reply;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    do {
        reply = Me(access);
        if (reply.status == 401) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } while (std::chrono::steady_clock::now() < deadline);
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(reply.Json()["code"], "user_inactive");
}

TEST_F(AuthTest, MailSurvivesAnSmtpServerThatIsDownAtFirst) {
    int port = sink_.port();
    sink_.Stop();
    auto reply = Post("/auth/sign-up/", SignUpBody("patient@example.com"));
    EXPECT_EQ(reply.status, 201);  // the request does not wait for mail
    EXPECT_EQ(Count("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL"), 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    testing::SmtpSink back({.port = port});
    ASSERT_TRUE(back.WaitForCount(1, std::chrono::seconds(60)));
    EXPECT_EQ(back.Received().at(0).rcpt_to.at(0), "patient@example.com");
}

}  // namespace
}  // namespace spotter
