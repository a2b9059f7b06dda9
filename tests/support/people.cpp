#include "support/people.hpp"

#include <gtest/gtest.h>

#include "accounts/admin.hpp"
#include "accounts/password_hasher.hpp"

namespace spotter::testing {

Actor SignUp(HttpClient& client, const std::string& email, const std::string& type, const std::string& name) {
    auto reply = client.PostJson("/auth/sign-up/", {{"name", name}, {"email", email}, {"password", kTestPassword},
                                                    {"confirm_password", kTestPassword}, {"user_type", type},
                                                    {"terms_agreed", true}, {"privacy_agreed", true}});
    EXPECT_EQ(reply.status, 201) << reply.body;
    if (reply.status != 201) return {};
    return {reply.Json()["user"]["id"].get<std::int64_t>(), LogIn(client, email)};
}

std::string LogIn(HttpClient& client, const std::string& email) {
    auto reply = client.PostJson("/auth/login/", {{"email", email}, {"password", kTestPassword}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) return {};
    return reply.Json()["tokens"]["access"];
}

Actor Administrator(TestServer& server, HttpClient& client, const std::string& email) {
    accounts::PasswordHasher hasher;
    auto admin = accounts::CreateAdmin(*server.app().database(), hasher, email, kTestPassword, "Boss");
    EXPECT_TRUE(admin);
    if (!admin) return {};
    return {admin->id, LogIn(client, email)};
}

HttpResult CallAs(HttpClient& client, const std::string& method, const std::string& path, const Actor& actor,
                  const nlohmann::json& body) {
    std::vector<std::string> headers;
    if (!actor.token.empty()) headers.push_back("Authorization: Bearer " + actor.token);
    if (!body.is_null()) headers.push_back("Content-Type: application/json");
    return client.Request(method, path, body.is_null() ? "" : body.dump(), headers);
}

}  // namespace spotter::testing
