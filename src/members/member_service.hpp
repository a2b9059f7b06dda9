// File: members/member_service.hpp
//
// Profiles and trainer–member management, with the access rule of the whole members API:
//   - a member sees and edits only themself, and sees their own trainer's public profile;
//   - a trainer sees themself and their own members, and manages only those assignments;
//   - an administrator sees everyone.
// Anyone else's data answers 404 (never 403 or 200), so ids cannot be probed; a role that may never call a route
// answers 403 (the route's role gate).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "http/message.hpp"
#include "members/member_repository.hpp"
#include "members/profile.hpp"
#include "storage/database.hpp"

namespace spotter::members {

// A field of an update: absent (keep), null (clear) or a value.
template <class T>
struct Patch {
    bool present = false;
    std::optional<T> value;
};

struct ProfileUpdate {
    Patch<std::string> name, phone, time_zone;
    Patch<int> age;
    Patch<double> height_cm, weight_kg, body_fat_percentage, muscle_mass_kg;
};

// How the caller relates to the person whose data is asked for.
enum class Relation { kNone, kSelf, kAdmin, kTheirTrainer, kTheirMember };

struct MemberList {
    Profile trainer;               // the caller (trainer or admin)
    std::vector<Profile> members;
    std::int64_t total_count = 0;
};

struct SearchResult {
    std::vector<Profile> users;
    std::int64_t total_count = 0;
};

class MemberService {
public:
    explicit MemberService(storage::Database& db) : db_(db) {}

    // Called inside the transaction that changes a person's body weight (the workouts module recomputes the
    // calories of that day's sets).
    using WeightChanged = std::function<void(storage::Tx&, const Profile&, std::int64_t now)>;
    void SetWeightChanged(WeightChanged callback) { weight_changed_ = std::move(callback); }

    Result<Profile> Get(const http::Principal& caller, std::int64_t user_id, Relation* relation = nullptr);
    // Validates ranges and applies `update` to the caller's own profile in one transaction; body-metric changes
    // are added to the history.
    Result<Profile> Update(const http::Principal& caller, const ProfileUpdate& update);
    // Counts an upload against the caller's limit (20 an hour); kTooManyRequests with Retry-After beyond it.
    Result<bool> AllowUpload(const http::Principal& caller);
    // Replaces (or with empty paths, removes) the caller's photo; returns the old paths for deletion.
    Result<std::pair<std::optional<std::string>, std::optional<std::string>>> SetPhoto(
        const http::Principal& caller, std::optional<std::string> image, std::optional<std::string> thumbnail);
    Result<std::vector<MetricPoint>> Metrics(const http::Principal& caller, std::int64_t user_id, std::int64_t from,
                                             std::int64_t to);

    Result<MemberList> ListMembers(const http::Principal& caller, const std::optional<Page>& page);
    Result<SearchResult> SearchUnassigned(const http::Principal& caller, const std::string& query, const Page& page);
    // Trainers assign to themselves; administrators name the trainer.
    Result<Profile> Assign(const http::Principal& caller, std::int64_t member_id, std::optional<std::int64_t> trainer_id);
    Result<Profile> Unassign(const http::Principal& caller, std::int64_t member_id);
    // The caller's (a member's) trainer, if any.
    Result<std::optional<Profile>> MyTrainer(const http::Principal& caller);
    // The active trainer of `member` (a profile the caller was allowed to read), if any: one statement.
    std::optional<Profile> TrainerOf(const Profile& member);
    Result<Profile> LeaveTrainer(const http::Principal& caller);
    std::int64_t MemberCount(std::int64_t trainer_id);

private:
    static Relation RelationOf(const http::Principal& caller, const Profile& target);
    storage::Database& db_;
    WeightChanged weight_changed_;
};

Error UserNotFound();

}  // namespace spotter::members
