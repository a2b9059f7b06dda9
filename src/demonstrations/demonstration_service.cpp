#include "demonstrations/demonstration_service.hpp"

#include <spdlog/spdlog.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "accounts/access.hpp"
#include "accounts/user_repository.hpp"
#include "coaching/exercise.hpp"
#include "coaching/io/frame_json.hpp"
#include "common/clock.hpp"
#include "common/text.hpp"
#include "media/media_files.hpp"
#include "storage/rate_limiter.hpp"

namespace spotter::demonstrations {

namespace {

constexpr const char* kVideoFolder = "demonstrations";
constexpr int kListLimit = 200;
constexpr int kVideosPerHour = 30;

Error NotFound() { return Error{ErrorCode::kNotFound, "Demonstration not found.", {}, "demonstration_not_found"}; }

// What is wrong with a title, for its field error; nullopt when it is fine.
std::optional<std::string> TitleProblem(const std::string& title) {
    if (title.find_first_not_of(" \t\r\n") == std::string::npos) return "This field is required.";
    if (Utf8Length(title) > static_cast<std::size_t>(kMaxTitleLength)) {
        return "At most " + std::to_string(kMaxTitleLength) + " characters.";
    }
    return std::nullopt;
}

// The member's trainer, if the member exists and has one.
std::optional<std::int64_t> TrainerOf(storage::Tx& tx, std::int64_t member_id) {
    auto user = accounts::FindUserById(tx, member_id);
    if (!user) return std::nullopt;
    return user->trainer_id;
}

}  // namespace

bool IsDemonstrableExercise(std::string_view name) {
    auto exercise = coaching::ParseExercise(name);
    return exercise && *exercise != coaching::Exercise::kPlank;
}

DemonstrationService::DemonstrationService(storage::Database& db, std::string media_dir, media::VideoLimits video_limits)
    : db_(db), media_dir_(std::move(media_dir)), video_limits_(video_limits) {}

bool DemonstrationService::CanSee(storage::Tx& tx, const http::Principal& caller,
                                  const StoredDemonstration& demonstration) {
    if (accounts::IsAdmin(caller) || demonstration.owner_id == caller.user_id) return true;
    if (demonstration.status != "published") return false;
    if (demonstration.is_default) return true;
    return caller.role == "member" && TrainerOf(tx, caller.user_id) == demonstration.owner_id;
}

Result<StoredDemonstration> DemonstrationService::ForChange(storage::Tx& tx, const http::Principal& caller,
                                                            std::int64_t id) {
    auto found = FindDemonstration(tx, id);
    if (!found || !CanSee(tx, caller, *found)) return NotFound();
    if (found->owner_id != caller.user_id && !accounts::IsAdmin(caller)) {
        return Error{ErrorCode::kForbidden, "Only the trainer who made this demonstration can change it.", {},
                     "not_owner"};
    }
    return *found;
}

std::vector<StoredDemonstration> DemonstrationService::List(const http::Principal& caller,
                                                            const std::optional<std::string>& exercise) {
    return db_.Read([&](storage::Tx& tx) {
        DemonstrationQuery query;
        query.exercise = exercise;
        if (caller.role == "member") {
            auto trainer = TrainerOf(tx, caller.user_id);
            if (trainer) {
                query.published_by = *trainer;
            } else {
                query.published_defaults = true;
            }
        } else if (!accounts::IsAdmin(caller)) {
            query.owner_id = caller.user_id;
        }
        return ListDemonstrations(tx, query, kListLimit);
    });
}

Result<StoredDemonstration> DemonstrationService::Get(const http::Principal& caller, std::int64_t id) {
    return db_.Read([&](storage::Tx& tx) -> Result<StoredDemonstration> {
        auto found = FindDemonstration(tx, id);
        if (!found || !CanSee(tx, caller, *found)) return NotFound();
        return *found;
    });
}

Result<StoredDemonstration> DemonstrationService::Create(const http::Principal& caller, const std::string& exercise,
                                                         const std::string& title) {
    FieldErrors errors;
    if (!IsDemonstrableExercise(exercise)) {
        errors["exercise"].push_back("Choose one of the exercises the camera counts (GET /api/coaching/exercises/); "
                                     "a plank is timed and needs no demonstration.");
    }
    if (auto problem = TitleProblem(title)) errors["title"].push_back(*problem);
    if (!errors.empty()) return Error{ErrorCode::kValidation, "The demonstration has invalid fields.", errors, "invalid"};
    return db_.Write([&](storage::Tx& tx) -> Result<StoredDemonstration> {
        if (CountOwnedDemonstrations(tx, caller.user_id) >= kMaxPerOwner) {
            return Error{ErrorCode::kConflict,
                         "You have " + std::to_string(kMaxPerOwner) + " demonstrations; delete some first.", {},
                         "too_many_demonstrations"};
        }
        auto id = InsertDemonstration(tx, caller.user_id, exercise, title, NowMicros());
        return *FindDemonstration(tx, id);
    });
}

Result<StoredDemonstration> DemonstrationService::Rename(const http::Principal& caller, std::int64_t id,
                                                         const std::string& title) {
    if (auto problem = TitleProblem(title)) {
        return Error{ErrorCode::kValidation, "The demonstration has invalid fields.", {{"title", {*problem}}}, "invalid"};
    }
    return db_.Write([&](storage::Tx& tx) -> Result<StoredDemonstration> {
        auto found = ForChange(tx, caller, id);
        if (!found) return found.error();
        UpdateTitle(tx, id, title, NowMicros());
        return *FindDemonstration(tx, id);
    });
}

Result<bool> DemonstrationService::Delete(const http::Principal& caller, std::int64_t id) {
    auto deleted = db_.Write([&](storage::Tx& tx) -> Result<StoredDemonstration> {
        auto found = ForChange(tx, caller, id);
        if (!found) return found.error();
        DeleteDemonstration(tx, id);
        return *found;
    });
    if (!deleted) return deleted.error();
    if (deleted->video) {
        try {
            media::DeleteStored(media_dir_, deleted->video->path);
        } catch (const std::exception& e) {
            spdlog::warn("could not delete demonstration video {}: {}", deleted->video->path, e.what());
        }
    }
    return true;
}

Result<StoredDemonstration> DemonstrationService::AttachVideo(const http::Principal& caller, std::int64_t id,
                                                              std::string_view bytes) {
    // Check access and the upload rate before storing anything, then store the file, then point the row at it.
    auto allowed = db_.Write([&](storage::Tx& tx) -> Result<bool> {
        auto found = ForChange(tx, caller, id);
        if (!found) return found.error();
        storage::RateLimit limit{"video:user:" + std::to_string(caller.user_id), kVideosPerHour, std::chrono::hours(1)};
        if (auto wait = storage::Consume(tx, limit, NowMicros())) {
            Error error{ErrorCode::kTooManyRequests, "Too many videos uploaded; try again later.", {}, "throttled"};
            error.headers.emplace_back("Retry-After", std::to_string(*wait));
            return error;
        }
        return true;
    });
    if (!allowed) return allowed.error();
    media::StoredVideo stored = media::StoreVideo(media_dir_, kVideoFolder, bytes, video_limits_);
    VideoFacts facts{stored.file.path,
                     stored.info.content_type,
                     static_cast<std::int64_t>(stored.file.bytes),
                     std::llround(stored.info.duration_s * 1000.0),
                     stored.info.width,
                     stored.info.height};
    std::optional<std::string> previous;
    Result<StoredDemonstration> updated = Error{ErrorCode::kInternal, "not stored"};
    try {
        updated = db_.Write([&](storage::Tx& tx) -> Result<StoredDemonstration> {
            auto found = ForChange(tx, caller, id);  // it may have been deleted meanwhile
            if (!found) return found.error();
            previous = found->video ? std::optional(found->video->path) : std::nullopt;
            UpdateVideo(tx, id, facts, NowMicros());
            return *FindDemonstration(tx, id);
        });
    } catch (...) {
        media::DeleteStored(media_dir_, stored.file.path);
        throw;
    }
    const std::optional<std::string>& orphan = updated ? previous : std::optional(stored.file.path);
    if (orphan) {
        try {
            media::DeleteStored(media_dir_, *orphan);
        } catch (const std::exception& e) {
            spdlog::warn("could not delete demonstration video {}: {}", *orphan, e.what());
        }
    }
    return updated;
}

Result<StoredDemonstration> DemonstrationService::AttachTrack(const http::Principal& caller, std::int64_t id,
                                                              const std::vector<coaching::Frame>& frames) {
    auto allowed = db_.Read([&](storage::Tx& tx) { return ForChange(tx, caller, id); });
    if (!allowed) return allowed.error();
    auto exercise = coaching::ParseExercise(allowed->exercise);
    if (!exercise) return Error{ErrorCode::kInternal, "stored demonstration has an unknown exercise"};
    coaching::LearnResult learnt = coaching::LearnDemonstration(frames, *exercise);
    if (!learnt.demonstration) {
        return Error{ErrorCode::kUnprocessable,
                     "No repetition was found in the video: " + learnt.error +
                         ". Record the whole body doing at least two full repetitions.",
                     {},
                     "no_repetition"};
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& frame : frames) {
        list.push_back({{"t", std::round(frame.t * 1000.0) / 1000.0}, {"landmarks", coaching::io::LandmarksToJson(frame)}});
    }
    std::string track = nlohmann::json{{"frames", std::move(list)}}.dump();
    ModelFacts model{learnt.demonstration->ToText(), learnt.demonstration->reps,
                     std::llround(learnt.demonstration->rep_seconds * 1000.0), static_cast<int>(frames.size())};
    return db_.Write([&](storage::Tx& tx) -> Result<StoredDemonstration> {
        auto found = ForChange(tx, caller, id);
        if (!found) return found.error();
        UpdateTrack(tx, id, track, model, NowMicros());
        return *FindDemonstration(tx, id);
    });
}

Result<std::string> DemonstrationService::Track(const http::Principal& caller, std::int64_t id) {
    return db_.Read([&](storage::Tx& tx) -> Result<std::string> {
        auto found = FindDemonstration(tx, id);
        if (!found || !CanSee(tx, caller, *found)) return NotFound();
        auto track = LoadTrack(tx, id);
        if (!track) return Error{ErrorCode::kNotFound, "This demonstration has no track yet.", {}, "no_track"};
        return *track;
    });
}

Result<StoredDemonstration> DemonstrationService::Publish(const http::Principal& caller, std::int64_t id,
                                                          bool as_default) {
    if (as_default && !accounts::IsAdmin(caller)) {
        return Error{ErrorCode::kForbidden, "Only administrators choose the default demonstrations.", {},
                     "admin_only"};
    }
    return db_.Write([&](storage::Tx& tx) -> Result<StoredDemonstration> {
        auto found = ForChange(tx, caller, id);
        if (!found) return found.error();
        if (!found->model) {
            return Error{ErrorCode::kUnprocessable,
                         "Add the demonstration's track first: members' sessions compare with what it learnt.", {},
                         "no_model"};
        }
        PublishDemonstration(tx, *found, as_default, NowMicros());
        return *FindDemonstration(tx, id);
    });
}

Result<StoredDemonstration> DemonstrationService::Unpublish(const http::Principal& caller, std::int64_t id) {
    return db_.Write([&](storage::Tx& tx) -> Result<StoredDemonstration> {
        auto found = ForChange(tx, caller, id);
        if (!found) return found.error();
        UnpublishDemonstration(tx, id, NowMicros());
        return *FindDemonstration(tx, id);
    });
}

Result<StoredDemonstration> DemonstrationService::Current(const http::Principal& caller, const std::string& exercise,
                                                          std::optional<std::int64_t> member_id) {
    if (!coaching::ParseExercise(exercise)) {
        return Error{ErrorCode::kValidation, "Unknown exercise.", {{"exercise", {"Unknown exercise."}}}, "invalid"};
    }
    return db_.Read([&](storage::Tx& tx) -> Result<StoredDemonstration> {
        std::optional<std::int64_t> trainer;
        if (member_id && *member_id != caller.user_id) {
            bool allowed = accounts::IsAdmin(caller) ||
                           (caller.role == "trainer" && accounts::IsAssignedTrainerOf(tx, caller.user_id, *member_id));
            if (!allowed) return Error{ErrorCode::kNotFound, "Member not found.", {}, "member_not_found"};
            trainer = TrainerOf(tx, *member_id);
        } else if (caller.role == "member") {
            trainer = TrainerOf(tx, caller.user_id);
        } else {
            trainer = caller.user_id;  // a trainer trying their own
        }
        auto current = CurrentDemonstration(tx, trainer, exercise);
        if (!current) {
            return Error{ErrorCode::kNotFound, "There is no demonstration of this exercise yet.", {},
                         "no_demonstration"};
        }
        return *current;
    });
}

std::optional<SessionDemonstration> DemonstrationService::ForSession(const http::Principal& caller,
                                                                     std::int64_t member_id,
                                                                     const std::string& exercise,
                                                                     std::optional<std::int64_t> demonstration_id) {
    Result<StoredDemonstration> chosen =
        demonstration_id ? Get(caller, *demonstration_id) : Current(caller, exercise, member_id);
    if (!chosen || !chosen->model) return std::nullopt;
    auto model = coaching::Demonstration::FromText(chosen->model->text);
    if (!model) {
        spdlog::warn("demonstration {} has a model that cannot be read", chosen->id);
        return std::nullopt;
    }
    return SessionDemonstration{std::move(*chosen), std::move(*model)};
}

}  // namespace spotter::demonstrations
