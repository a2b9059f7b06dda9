// File: tests/support/people.hpp
// People for HTTP-level tests: accounts signed up and logged in through the API, and calls made as them.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "support/http_client.hpp"
#include "support/test_server.hpp"

namespace spotter::testing {

inline constexpr const char* kTestPassword = "Sturdy-Pass-2026";

struct Actor {
    std::int64_t id = 0;
    std::string token;  // empty: anonymous
};

// Signs `email` up as `type` ("member" or "trainer") with kTestPassword and logs in. A refusal fails the test.
Actor SignUp(HttpClient& client, const std::string& email, const std::string& type, const std::string& name = "사용자");
// Logs in with kTestPassword and returns the access token. A refusal fails the test.
std::string LogIn(HttpClient& client, const std::string& email);
// An administrator, created the way the command line does, and logged in.
Actor Administrator(TestServer& server, HttpClient& client, const std::string& email);
// `method path` as `actor` (no Authorization header when anonymous), with `body` as JSON unless null.
HttpResult CallAs(HttpClient& client, const std::string& method, const std::string& path, const Actor& actor,
                  const nlohmann::json& body = nullptr);

}  // namespace spotter::testing
