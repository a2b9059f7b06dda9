// File: accounts/access.hpp
//
// The access checks every route uses. Roles come from the database (the authenticator loads the user), never
// from the token's user_type claim. Other people's objects answer 404 (not 403), so ids cannot be probed; a
// role that may never call a route answers 403.
#pragma once

#include <cstdint>

#include "http/message.hpp"
#include "storage/database.hpp"

namespace spotter::accounts {

bool IsAdmin(const http::Principal& principal);
bool IsSelf(const http::Principal& principal, std::int64_t user_id);
// True when `trainer_id` is the trainer currently assigned to `member_id`.
bool IsAssignedTrainerOf(storage::Tx& tx, std::int64_t trainer_id, std::int64_t member_id);

// The signed-in caller; throws ApiError(401) on a public route that did not authenticate.
const http::Principal& RequirePrincipal(const http::Request& request);
// Throws ApiError(403, "email_not_verified") unless the caller confirmed their e-mail: required before acting
// towards other people or money (posting, enrolling, paying).
void RequireVerifiedEmail(const http::Principal& principal);

}  // namespace spotter::accounts
