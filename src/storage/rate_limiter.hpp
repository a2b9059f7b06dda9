// File: storage/rate_limiter.hpp
//
// Fixed-window rate limits kept in the database, so every instance behind a load balancer sees the same counts.
//
//   RateLimit limit{"login:email:" + email, 10, std::chrono::minutes(15)};
//   if (auto wait = RetryAfter(tx, limit, now)) return TooManyRequests(*wait);
//   ... on a failed attempt: Hit(tx, limit, now);
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace spotter::storage {

struct RateLimit {
    std::string bucket;            // what is limited and for whom, e.g. "login:ip:127.0.0.1"
    int limit = 0;                 // hits allowed per window
    std::chrono::seconds window{60};
};

// Seconds until the bucket accepts another hit, or nullopt when it accepts one now. `now_micros` is the time.
std::optional<std::int64_t> RetryAfter(Tx& tx, const RateLimit& limit, std::int64_t now_micros);
// Counts one hit; returns the hits in the current window including this one.
int Hit(Tx& tx, const RateLimit& limit, std::int64_t now_micros);
// Checks and counts in one step: nullopt when the hit was allowed (and counted), else seconds to wait.
std::optional<std::int64_t> Consume(Tx& tx, const RateLimit& limit, std::int64_t now_micros);
// Removes windows that ended before `now_micros` minus a day.
void PruneRateLimits(Tx& tx, std::int64_t now_micros);

}  // namespace spotter::storage
