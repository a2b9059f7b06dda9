// Caches of finished response bodies: what they may serve from memory, when they must stop, and their memory bound.
#include <gtest/gtest.h>

#include <thread>

#include "common/changes.hpp"
#include "members/detail_cache.hpp"
#include "workouts/response_cache.hpp"

namespace spotter {
namespace {

using members::DetailCache;

std::shared_ptr<const DetailCache::Entry> DetailEntry(std::int64_t version, std::int64_t trainer_id,
                                                      std::size_t size = 100) {
    return std::make_shared<const DetailCache::Entry>(DetailCache::Entry{
        .member_json = "{}",
        .history = std::make_shared<const std::string>("[]"),
        .records_version = version,
        .trainer_id = trainer_id,
        .body = http::SharedBody::Make(std::string(size, 'x'), false)});
}

TEST(DetailCache, ServedFromMemoryOnlyForTheVersionItWasBuiltAtAndWhileFresh) {
    DetailCache cache(std::chrono::milliseconds(50));
    cache.Keep(1, 9, DetailEntry(3, 7), cache.Ticket());
    EXPECT_NE(cache.FindFresh(1, 9, 3), nullptr);
    EXPECT_EQ(cache.FindFresh(1, 9, 4), nullptr);  // the records changed since
    EXPECT_EQ(cache.FindFresh(1, 8, 3), nullptr);  // another viewer has their own view
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    EXPECT_EQ(cache.FindFresh(1, 9, 3), nullptr);  // older than the time-to-live: ask the database
    EXPECT_NE(cache.Find(1, 9), nullptr);          // still there to compare with what the database says
}

TEST(DetailCache, AnyChangeOfTheMemberTheirTrainerOrTheViewerStopsIt) {
    for (std::int64_t changed : {1, 7, 9}) {
        DetailCache cache;
        cache.Keep(1, 9, DetailEntry(3, 7), cache.Ticket());
        cache.Keep(2, 5, DetailEntry(3, 6), cache.Ticket());
        UserChanges().Publish(changed);
        EXPECT_EQ(cache.FindFresh(1, 9, 3), nullptr) << changed;
        EXPECT_NE(cache.FindFresh(2, 5, 3), nullptr) << changed;  // nothing to do with it
    }
}

TEST(DetailCache, AReadThatRacedWithAChangeIsNotTrusted) {
    DetailCache cache;
    auto ticket = cache.Ticket();  // taken before reading the database
    UserChanges().Publish(1);      // a change commits meanwhile
    cache.Keep(1, 9, DetailEntry(3, 7), ticket);
    EXPECT_EQ(cache.FindFresh(1, 9, 3), nullptr);
    cache.Keep(1, 9, cache.Find(1, 9), cache.Ticket());  // confirmed by the next read
    EXPECT_NE(cache.FindFresh(1, 9, 3), nullptr);
}

TEST(DetailCache, MemoryStaysWithinItsBound) {
    DetailCache cache(std::chrono::milliseconds(1000), 10'000);
    for (std::int64_t member = 1; member <= 100; ++member) cache.Keep(member, 9, DetailEntry(1, 0, 1000), cache.Ticket());
    int kept = 0;
    for (std::int64_t member = 1; member <= 100; ++member) kept += cache.Find(member, 9) != nullptr;
    EXPECT_LE(kept, 10);
    EXPECT_NE(cache.Find(100, 9), nullptr);  // the newest is kept
    cache.Keep(101, 9, DetailEntry(1, 0, 20'000), cache.Ticket());
    EXPECT_EQ(cache.Find(101, 9), nullptr);  // larger than the whole cache: not kept
}

TEST(ResponseCache, MemoryStaysWithinItsBound) {
    workouts::ResponseCache cache({.ttl = std::chrono::milliseconds(1000), .capacity = 1000, .max_bytes = 10'000});
    auto body = [](std::size_t size) {
        return std::make_shared<const workouts::ResponseCache::Cached>(
            workouts::ResponseCache::Cached{http::SharedBody::Make(std::string(size, 'x'), false)});
    };
    for (int i = 0; i < 100; ++i) cache.Keep("k" + std::to_string(i), 1, body(1000));
    int kept = 0;
    for (int i = 0; i < 100; ++i) kept += cache.Find("k" + std::to_string(i), 1) != nullptr;
    EXPECT_LE(kept, 10);
    EXPECT_NE(cache.Find("k99", 1), nullptr);
    cache.Keep("k99", 2, body(1000));  // replacing an entry does not count it twice
    EXPECT_NE(cache.Find("k99", 2), nullptr);
}

}  // namespace
}  // namespace spotter
