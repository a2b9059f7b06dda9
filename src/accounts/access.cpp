#include "accounts/access.hpp"

#include "common/error.hpp"

namespace spotter::accounts {

bool IsAdmin(const http::Principal& principal) { return principal.role == "admin"; }

bool IsSelf(const http::Principal& principal, std::int64_t user_id) { return principal.user_id == user_id; }

bool IsAssignedTrainerOf(storage::Tx& tx, std::int64_t trainer_id, std::int64_t member_id) {
    long long trainer = trainer_id, member = member_id;
    int one = 0;
    tx.sql << "SELECT 1 FROM users WHERE id = :member AND trainer_id = :trainer AND user_type = 'member'",
        soci::use(member), soci::use(trainer), soci::into(one);
    return tx.sql.got_data() && one == 1;
}

const http::Principal& RequirePrincipal(const http::Request& request) {
    if (!request.principal) {
        throw ApiError(ErrorCode::kUnauthenticated, "Authentication credentials were not provided.", "not_authenticated");
    }
    return *request.principal;
}

void RequireVerifiedEmail(const http::Principal& principal) {
    if (!principal.email_verified) {
        throw ApiError(ErrorCode::kForbidden, "이메일 인증 후 이용할 수 있습니다. Verify your e-mail address first.",
                       "email_not_verified");
    }
}

}  // namespace spotter::accounts
