// File: accounts/principal_cache.hpp
//
// Authentication without a signature check and a database read on every request. Two small bounded maps:
//
// - access tokens whose signature, issuer, audience and type were checked, with their claims. A token is
//   immutable, so its claims never go stale; expiry is still checked on every use.
// - per user, what authentication reads from the database (role, active flag, verified e-mail, session
//   version), kept for a short time-to-live (1 s by default).
//
// Bounded staleness: a change made through this process (a role change, deactivation, logout everywhere,
// password change or reset, e-mail verification) reaches every cache of the process as soon as its transaction
// commits (NotifyUserChanged), so this instance never authenticates with outdated data. Another instance (or
// the CLI) changing the same user is seen here at most one time-to-live later (docs/ARCHITECTURE.md).
//
// Reads race with changes safely: take a Ticket() before reading the database and pass it to KeepUser; the
// read is kept only if no user was forgotten in between, so a read that may predate a commit is dropped.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "accounts/token_service.hpp"
#include "accounts/user.hpp"
#include "common/changes.hpp"

namespace spotter::accounts {

struct PrincipalCacheSettings {
    std::chrono::milliseconds ttl{1000};  // how long a user read from the database is trusted
    std::size_t capacity = 10000;         // users, and separately tokens
};

class PrincipalCache {
public:
    using Clock = std::chrono::steady_clock;

    explicit PrincipalCache(PrincipalCacheSettings settings = {});
    ~PrincipalCache();
    PrincipalCache(const PrincipalCache&) = delete;
    PrincipalCache& operator=(const PrincipalCache&) = delete;

    // The claims of an access token that passed TokenService::Verify before (its expiry is the caller's to check).
    std::optional<TokenClaims> FindToken(const std::string& token) const;
    void KeepToken(const std::string& token, const TokenClaims& claims);

    struct UserState {
        User user;                           // without its password hash
        std::int64_t tokens_valid_after = 0;  // the session version
    };
    // The user as read less than one time-to-live ago, unless forgotten since.
    std::optional<UserState> FindUser(std::int64_t user_id) const;
    std::uint64_t Ticket() const;
    void KeepUser(UserState state, std::uint64_t ticket);
    void Forget(std::int64_t user_id);

private:
    struct CachedUser {
        UserState state;
        Clock::time_point read_at;
    };
    struct CachedToken {
        TokenClaims claims;
    };

    PrincipalCacheSettings settings_;
    mutable std::mutex mutex_;
    std::unordered_map<std::int64_t, CachedUser> users_;
    std::unordered_map<std::string, CachedToken> tokens_;
    std::uint64_t forgotten_ = 0;  // users forgotten so far: the ticket
    ChangeChannel::Subscription subscription_;  // to UserChanges(), last: cancelled first
};

// Publishes `user_id` on UserChanges(): every principal cache of the process forgets the user. Repository
// functions that change what authentication or access checks read (role, active flag, verified e-mail, session
// version, assigned trainer) call it through Tx::AfterCommit, so the change takes effect here once committed.
void NotifyUserChanged(std::int64_t user_id);

}  // namespace spotter::accounts
