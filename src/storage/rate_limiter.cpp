#include "storage/rate_limiter.hpp"

namespace spotter::storage {

namespace {

std::int64_t WindowStart(const RateLimit& limit, std::int64_t now_micros) {
    std::int64_t window = limit.window.count() * 1000000LL;
    return now_micros - now_micros % window;
}

std::int64_t SecondsLeft(const RateLimit& limit, std::int64_t now_micros) {
    std::int64_t end = WindowStart(limit, now_micros) + limit.window.count() * 1000000LL;
    return std::max<std::int64_t>(1, (end - now_micros + 999999) / 1000000);
}

}  // namespace

std::optional<std::int64_t> RetryAfter(Tx& tx, const RateLimit& limit, std::int64_t now_micros) {
    long long start = WindowStart(limit, now_micros);
    int hits = 0;
    soci::indicator ind = soci::i_ok;
    tx.sql << "SELECT hits FROM rate_limits WHERE bucket = :bucket AND window_start = :start", soci::use(limit.bucket),
        soci::use(start), soci::into(hits, ind);
    if (!tx.sql.got_data() || ind != soci::i_ok || hits < limit.limit) return std::nullopt;
    return SecondsLeft(limit, now_micros);
}

int Hit(Tx& tx, const RateLimit& limit, std::int64_t now_micros) {
    long long start = WindowStart(limit, now_micros);
    int hits = 0;
    tx.sql << "INSERT INTO rate_limits(bucket, window_start, hits) VALUES(:bucket, :start, 1) "
              "ON CONFLICT(bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits",
        soci::use(limit.bucket), soci::use(start), soci::into(hits);
    return hits;
}

std::optional<std::int64_t> Consume(Tx& tx, const RateLimit& limit, std::int64_t now_micros) {
    if (Hit(tx, limit, now_micros) > limit.limit) return SecondsLeft(limit, now_micros);
    return std::nullopt;
}

void PruneRateLimits(Tx& tx, std::int64_t now_micros) {
    long long before = now_micros - 24LL * 3600 * 1000000;
    tx.sql << "DELETE FROM rate_limits WHERE window_start < :before", soci::use(before);
}

}  // namespace spotter::storage
