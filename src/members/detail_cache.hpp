// File: members/detail_cache.hpp
//
// Finished member-detail responses (M4, a member with their workout history), kept per member and viewer (the
// body says whether it is the viewer's own profile) with their gzip form, so a detail that did not change is
// neither rebuilt nor compressed again. An entry is served again:
//   - after a read on any instance (Find), when the member part read for this request is the same text and the
//     history is the very body the entry was built around (the workouts module keeps that per records version);
//   - from memory alone (FindFresh; SQLite, where this process hears of every change as it commits), when the
//     member's records version is the one it was built at, it was confirmed against the database less than
//     `ttl` ago (1 s: the bound on what another process, the command line, changes) and no change to the
//     member's, their trainer's or the viewer's account or profile was published since (UserChanges).
// Like PrincipalCache, a confirmation counts only if nothing was forgotten between its ticket and its keeping.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "common/changes.hpp"
#include "http/message.hpp"

namespace spotter::members {

class DetailCache {
public:
    using Clock = std::chrono::steady_clock;

    struct Entry {
        std::string member_json;                      // the response without its history, as built
        std::shared_ptr<const std::string> history;   // the history body it was built around
        std::int64_t records_version = 0;             // the member's records version of that history
        std::int64_t trainer_id = 0;                  // shown in the body (0: none)
        std::shared_ptr<const http::SharedBody> body;
    };

    explicit DetailCache(std::chrono::milliseconds ttl = std::chrono::milliseconds(1000),
                         std::size_t max_bytes = 64 * 1024 * 1024);

    // The entry for this member and viewer, whatever its age (the caller compares what it read).
    std::shared_ptr<const Entry> Find(std::int64_t member_id, std::int64_t viewer_id) const;
    // The body to serve without reading the database, if the entry is fresh for `records_version`.
    std::shared_ptr<const http::SharedBody> FindFresh(std::int64_t member_id, std::int64_t viewer_id,
                                                      std::int64_t records_version) const;
    // Taken before reading what an entry is built or confirmed from.
    std::uint64_t Ticket() const;
    // Keeps `entry` (new, or found and confirmed) as checked against the database now.
    void Keep(std::int64_t member_id, std::int64_t viewer_id, std::shared_ptr<const Entry> entry,
              std::uint64_t ticket);
    // Drops every entry that shows or is viewed by `user_id`.
    void Forget(std::int64_t user_id);

private:
    struct Slot {
        std::shared_ptr<const Entry> entry;
        Clock::time_point checked_at;
        bool trusted = false;  // kept with a valid ticket: may be served from memory until ttl
    };
    static std::size_t SizeOf(const Entry& entry);

    std::chrono::milliseconds ttl_;
    std::size_t max_bytes_;
    mutable std::mutex mutex_;
    std::map<std::pair<std::int64_t, std::int64_t>, Slot> slots_;  // (member, viewer)
    std::size_t bytes_ = 0;
    std::uint64_t forgotten_ = 0;
    ChangeChannel::Subscription users_;  // last: cancelled first
};

}  // namespace spotter::members
