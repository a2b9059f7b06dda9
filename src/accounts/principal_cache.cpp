#include "accounts/principal_cache.hpp"

#include "common/clock.hpp"

namespace spotter::accounts {

PrincipalCache::PrincipalCache(PrincipalCacheSettings settings)
    : settings_(settings), subscription_(UserChanges().Subscribe([this](std::int64_t id) { Forget(id); })) {}

PrincipalCache::~PrincipalCache() = default;

std::optional<TokenClaims> PrincipalCache::FindToken(const std::string& token) const {
    std::lock_guard lock(mutex_);
    auto found = tokens_.find(token);
    if (found == tokens_.end()) return std::nullopt;
    return found->second.claims;
}

void PrincipalCache::KeepToken(const std::string& token, const TokenClaims& claims) {
    std::lock_guard lock(mutex_);
    if (tokens_.size() >= settings_.capacity) {
        std::int64_t now = NowMicros() / 1000000;
        std::erase_if(tokens_, [now](const auto& entry) { return now >= entry.second.claims.expires_at; });
        if (tokens_.size() >= settings_.capacity) tokens_.clear();
    }
    tokens_.insert_or_assign(token, CachedToken{claims});
}

std::optional<PrincipalCache::UserState> PrincipalCache::FindUser(std::int64_t user_id) const {
    std::lock_guard lock(mutex_);
    auto found = users_.find(user_id);
    if (found == users_.end() || Clock::now() - found->second.read_at >= settings_.ttl) return std::nullopt;
    return found->second.state;
}

std::uint64_t PrincipalCache::Ticket() const {
    std::lock_guard lock(mutex_);
    return forgotten_;
}

void PrincipalCache::KeepUser(UserState state, std::uint64_t ticket) {
    state.user.password_hash.clear();
    auto now = Clock::now();
    std::lock_guard lock(mutex_);
    if (ticket != forgotten_) return;  // someone changed meanwhile: this read may be older than the change
    if (users_.size() >= settings_.capacity) {
        std::erase_if(users_, [&](const auto& entry) { return now - entry.second.read_at >= settings_.ttl; });
        if (users_.size() >= settings_.capacity) users_.clear();
    }
    std::int64_t id = state.user.id;
    users_.insert_or_assign(id, CachedUser{std::move(state), now});
}

void PrincipalCache::Forget(std::int64_t user_id) {
    std::lock_guard lock(mutex_);
    users_.erase(user_id);
    ++forgotten_;
}

void NotifyUserChanged(std::int64_t user_id) { UserChanges().Publish(user_id); }

}  // namespace spotter::accounts
