// File: accounts/auth_routes.hpp
// The accounts API on TrainMate's paths (/auth/...) and /api/auth/me/, and the authenticator of every other
// non-public route.
#pragma once

#include "accounts/auth_service.hpp"
#include "http/dispatcher.hpp"
#include "http/router.hpp"

namespace spotter::accounts {

// `service` may be null when only the route table is wanted (the API document).
void RegisterAuthRoutes(http::Router& router, AuthService* service);

// Checks the bearer token, loads the caller from the database and applies the route's role gate.
http::Authenticator MakeAuthenticator(AuthService& service);
// The same from the principal cache alone, for quick handlers (false when the cache cannot tell).
http::QuickAuthenticator MakeQuickAuthenticator(AuthService& service);

// {"id","name","email","user_type","email_verified"} as TrainMate clients read it.
nlohmann::json UserSummaryJson(const User& user);

}  // namespace spotter::accounts
