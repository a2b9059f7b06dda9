// File: workouts/response_cache.hpp
//
// Finished response bodies built from a member's workout records, kept with the member's records version they
// were built at (MemberFacts::records_version, raised in the same transaction as every change to the records).
// A body is served again only when the request's own read of the current version (in the transaction that also
// checks access) finds it unchanged, so a change committed on any instance shows in the next read on every
// instance: read-your-writes holds behind a load balancer.
//
// What a body shows besides the records themselves (exercise names from the catalog, the role of whoever logged
// an exercise) is trusted for at most `ttl`; catalog edits made through this process clear the cache at once.
//
// MemberFactsCache keeps members' access facts and records versions, for answering without the database on
// SQLite only, where this process is the one instance and hears of every change as it commits (RecordsChanges()
// for the records, UserChanges() for roles, active flags and trainer assignments). Entries also expire after
// `ttl` (1 s), the bound on what another process (the command line) changes. Like PrincipalCache, a read is kept
// only if nothing was forgotten between its ticket and its keeping.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/changes.hpp"
#include "http/message.hpp"
#include "workouts/records.hpp"

namespace spotter::workouts {

struct ResponseCacheSettings {
    std::chrono::milliseconds ttl{2000};
    std::size_t capacity = 4096;               // bodies
    std::size_t max_bytes = 64 * 1024 * 1024;  // of all bodies with their gzip forms
};

class ResponseCache {
public:
    using Clock = std::chrono::steady_clock;
    struct Cached {
        std::shared_ptr<const http::SharedBody> json;  // JSON text, ready to send
        std::int64_t count = 0;  // a figure that goes with it (the member's training days for the detail view)
    };
    using Body = std::shared_ptr<const Cached>;

    explicit ResponseCache(ResponseCacheSettings settings = {}) : settings_(settings) {}

    // The body kept under `key` for exactly this version, if younger than the time-to-live.
    Body Find(const std::string& key, std::int64_t version) const;
    void Keep(const std::string& key, std::int64_t version, Body body);
    void Clear();

private:
    struct Entry {
        std::int64_t version = 0;
        Clock::time_point built_at;
        Body body;
    };
    static std::size_t SizeOf(const Entry& entry);

    ResponseCacheSettings settings_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
    std::size_t bytes_ = 0;
};

class MemberFactsCache {
public:
    using Clock = std::chrono::steady_clock;

    explicit MemberFactsCache(std::chrono::milliseconds ttl = std::chrono::milliseconds(1000),
                              std::size_t capacity = 10000);
    std::optional<MemberFacts> Find(std::int64_t member_id) const;
    std::uint64_t Ticket() const;
    void Keep(std::int64_t member_id, const MemberFacts& facts, std::uint64_t ticket);
    void Forget(std::int64_t member_id);

private:
    struct Entry {
        MemberFacts facts;
        Clock::time_point read_at;
    };
    std::chrono::milliseconds ttl_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::int64_t, Entry> entries_;
    std::uint64_t forgotten_ = 0;
    ChangeChannel::Subscription users_, records_;  // last: cancelled first
};

}  // namespace spotter::workouts
