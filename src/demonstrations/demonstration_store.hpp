// File: demonstrations/demonstration_store.hpp
//
// The demonstrations table (migration 0008): a trainer's demonstration of one exercise, its video (a file under
// the media folder), the landmark track extracted from it in the trainer's browser and the repetition model the
// engine learnt from that track. Functions take the caller's transaction; rules live in the service.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace spotter::demonstrations {

struct VideoFacts {
    std::string path;          // relative to the media folder
    std::string content_type;  // video/mp4 or video/webm
    std::int64_t bytes = 0;
    std::int64_t duration_ms = 0;
    int width = 0;
    int height = 0;
};

struct ModelFacts {
    std::string text;  // coaching::Demonstration::ToText()
    int reps = 0;
    std::int64_t rep_ms = 0;
    int frames = 0;    // frames in the track it was learnt from
};

struct StoredDemonstration {
    std::int64_t id = 0;
    std::int64_t owner_id = 0;
    std::string owner_name;
    std::string owner_role;  // trainer or admin
    std::string exercise;    // engine exercise name
    std::string title;
    std::string status;      // draft or published
    bool is_default = false;
    std::optional<VideoFacts> video;
    std::optional<ModelFacts> model;
    std::int64_t created_at = 0;  // microseconds since the epoch
    std::int64_t updated_at = 0;
};

struct DemonstrationQuery {
    std::optional<std::int64_t> owner_id;        // only this owner's (drafts included)
    std::optional<std::string> exercise;
    std::optional<std::int64_t> published_by;    // published ones of this trainer, plus every default
    bool published_defaults = false;             // with published_by unset: only the defaults
};

std::int64_t InsertDemonstration(storage::Tx& tx, std::int64_t owner_id, const std::string& exercise,
                                 const std::string& title, std::int64_t now);
std::optional<StoredDemonstration> FindDemonstration(storage::Tx& tx, std::int64_t id);
// Newest first, at most `limit`.
std::vector<StoredDemonstration> ListDemonstrations(storage::Tx& tx, const DemonstrationQuery& query, int limit);
int CountOwnedDemonstrations(storage::Tx& tx, std::int64_t owner_id);

void UpdateTitle(storage::Tx& tx, std::int64_t id, const std::string& title, std::int64_t now);
void UpdateVideo(storage::Tx& tx, std::int64_t id, const VideoFacts& video, std::int64_t now);
// Stores the track (JSON text) and the model learnt from it.
void UpdateTrack(storage::Tx& tx, std::int64_t id, const std::string& track_json, const ModelFacts& model,
                 std::int64_t now);
std::optional<std::string> LoadTrack(storage::Tx& tx, std::int64_t id);

// Publishes `id` (as the exercise's default when `as_default`), first returning the owner's other published
// demonstration of the same exercise to draft (and clearing another default of the exercise).
void PublishDemonstration(storage::Tx& tx, const StoredDemonstration& demonstration, bool as_default, std::int64_t now);
void UnpublishDemonstration(storage::Tx& tx, std::int64_t id, std::int64_t now);
void DeleteDemonstration(storage::Tx& tx, std::int64_t id);

// The demonstration a member's session uses for `exercise`: the one `trainer_id` published, else the default.
std::optional<StoredDemonstration> CurrentDemonstration(storage::Tx& tx, std::optional<std::int64_t> trainer_id,
                                                        const std::string& exercise);

}  // namespace spotter::demonstrations
