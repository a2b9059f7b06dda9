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
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace spotter::workouts {

struct ResponseCacheSettings {
    std::chrono::milliseconds ttl{2000};
    std::size_t capacity = 4096;  // bodies
};

class ResponseCache {
public:
    using Clock = std::chrono::steady_clock;
    struct Cached {
        std::string json;        // JSON text, ready to send
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
    ResponseCacheSettings settings_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace spotter::workouts
