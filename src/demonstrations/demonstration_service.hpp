// File: demonstrations/demonstration_service.hpp
//
// Trainers' demonstrations for camera coaching. A trainer (or an administrator) creates a demonstration of one
// engine exercise, attaches a video (checked by media::StoreVideo) and the landmark track their browser extracted
// from it with the same pose model members use; the engine learns from the track what one repetition looks like
// (coaching::LearnDemonstration). Publishing makes it the one their members' sessions of that exercise compare
// with (one published per trainer and exercise); an administrator may publish one per exercise as the default for
// members whose trainer has none.
//
// Who sees what: owners their own (drafts too); administrators everything; everyone the published defaults;
// members their own trainer's published ones. Others' demonstrations answer 404. Changing one: its owner, or an
// administrator (403 for anyone else who can see it).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coaching/demonstration.hpp"
#include "coaching/landmarks.hpp"
#include "common/result.hpp"
#include "demonstrations/demonstration_store.hpp"
#include "http/message.hpp"
#include "media/video_store.hpp"
#include "storage/database.hpp"

namespace spotter::demonstrations {

inline constexpr std::size_t kMaxTrackFrames = 12'000;  // 180 s at 60 fps, with room
inline constexpr int kMaxTitleLength = 100;
inline constexpr int kMaxPerOwner = 200;

// A demonstration and the engine's model of it, for a live session.
struct SessionDemonstration {
    StoredDemonstration stored;
    coaching::Demonstration model;
};

class DemonstrationService {
public:
    DemonstrationService(storage::Database& db, std::string media_dir, media::VideoLimits video_limits = {});

    // `exercise` filters. Owners and administrators see theirs (administrators: all); members what their sessions
    // may use.
    std::vector<StoredDemonstration> List(const http::Principal& caller, const std::optional<std::string>& exercise);
    Result<StoredDemonstration> Get(const http::Principal& caller, std::int64_t id);
    Result<StoredDemonstration> Create(const http::Principal& caller, const std::string& exercise,
                                       const std::string& title);
    Result<StoredDemonstration> Rename(const http::Principal& caller, std::int64_t id, const std::string& title);
    // Removes the demonstration and its video file.
    Result<bool> Delete(const http::Principal& caller, std::int64_t id);

    // Stores a new video (replacing the previous one, whose file is removed). May throw ApiError from
    // media::StoreVideo (413, 415, 422, 503).
    Result<StoredDemonstration> AttachVideo(const http::Principal& caller, std::int64_t id, std::string_view bytes);
    // Learns the model from `frames` (times in seconds of the video) and stores both. kUnprocessable with
    // machine code "no_repetition" when the engine finds no repetition.
    Result<StoredDemonstration> AttachTrack(const http::Principal& caller, std::int64_t id,
                                            const std::vector<coaching::Frame>& frames);
    // The stored track: {"frames": [{"t", "landmarks"}...]}.
    Result<std::string> Track(const http::Principal& caller, std::int64_t id);

    // `as_default`: administrators only (403 otherwise). Needs a learnt model (422 "no_model").
    Result<StoredDemonstration> Publish(const http::Principal& caller, std::int64_t id, bool as_default);
    Result<StoredDemonstration> Unpublish(const http::Principal& caller, std::int64_t id);

    // The demonstration a session of `exercise` for `member_id` (default: the caller) compares with: the member's
    // trainer's published one, else the default. A trainer may ask for their own members (others: 404) and, without
    // a member, gets their own published one or the default.
    Result<StoredDemonstration> Current(const http::Principal& caller, const std::string& exercise,
                                        std::optional<std::int64_t> member_id);

    // For a live session: the requested demonstration (if the caller may see it and it has a model) or the
    // current one for the member; nullopt when there is none.
    std::optional<SessionDemonstration> ForSession(const http::Principal& caller, std::int64_t member_id,
                                                   const std::string& exercise,
                                                   std::optional<std::int64_t> demonstration_id);

private:
    bool CanSee(storage::Tx& tx, const http::Principal& caller, const StoredDemonstration& demonstration);
    // Loads `id` for a change by the caller: 404 when they cannot see it, 403 when they may not change it.
    Result<StoredDemonstration> ForChange(storage::Tx& tx, const http::Principal& caller, std::int64_t id);

    storage::Database& db_;
    std::string media_dir_;
    media::VideoLimits video_limits_;
};

// Engine exercise names a demonstration may be recorded for (every counted exercise and "auto"; not the plank).
bool IsDemonstrableExercise(std::string_view name);

}  // namespace spotter::demonstrations
