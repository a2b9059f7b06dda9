// File: workouts/workout_service.hpp
//
// Logging sets during a session and reading them back. Who may write a member's records: the member and their
// assigned trainer (administrators read only); who may read: those two and administrators; anyone else gets 404.
// Every write changes the set and the totals of its exercise and day in one transaction; writers of one member's
// day queue on that day's row, so parallel posts get distinct set numbers and exact totals. Calories are computed
// here (workouts/calories.hpp), never taken from the client.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "http/message.hpp"
#include "storage/database.hpp"
#include "workouts/catalog.hpp"
#include "workouts/records.hpp"
#include "workouts/response_cache.hpp"

namespace spotter::workouts {

struct SetInput {
    std::optional<int> repetitions;
    std::optional<std::int64_t> weight_g;
    std::optional<std::int64_t> duration_ms;  // null or absent: not measured (counted as 90 s)
    bool duration_present = false;
    std::optional<double> form_score;         // 0-100, camera sets
};

struct PersonalRecord {
    std::int64_t estimated_1rm_g = 0;
    std::optional<std::int64_t> previous_best_g;
    bool heaviest_weight = false;
};

struct SetOutcome {
    ExerciseSet set;
    std::optional<WorkoutExercise> exercise;  // empty when the exercise was removed with its last set
    std::optional<DailyWorkout> day;
    std::optional<PersonalRecord> personal_record;
    bool is_trainer_record = false;  // the records belong to a trainer (their own workout)
};

// Who is writing, as recorded on each set.
struct Writer {
    std::int64_t user_id = 0;
    std::string source;  // trainer, member, camera, admin
};

class WorkoutService {
public:
    explicit WorkoutService(storage::Database& db)
        : db_(db),
          facts_(db.dialect() == storage::Dialect::kSqlite ? std::make_unique<MemberFactsCache>() : nullptr) {}

    // Catalog.
    std::vector<Exercise> Catalog(const http::Principal& caller, CatalogFilter filter);
    Result<Exercise> GetExercise(const http::Principal& caller, std::int64_t id);
    Result<Exercise> CreateExercise(const http::Principal& caller, Exercise exercise);
    Result<Exercise> EditExercise(const http::Principal& caller, std::int64_t id, const Exercise& changes);

    // Records. `date` defaults to the member's local today.
    Result<SetOutcome> LogSet(const http::Principal& caller, std::int64_t member_id, const Exercise& exercise,
                              const SetInput& input, std::optional<std::string> date,
                              std::optional<std::string> source = std::nullopt);
    Result<SetOutcome> AddSet(const http::Principal& caller, std::int64_t member_id, std::int64_t workout_exercise_id,
                              const SetInput& input);
    Result<SetOutcome> EditSet(const http::Principal& caller, std::int64_t member_id, std::int64_t workout_exercise_id,
                               std::int64_t set_id, const SetInput& patch);
    Result<SetOutcome> RemoveSet(const http::Principal& caller, std::int64_t member_id,
                                 std::int64_t workout_exercise_id, std::int64_t set_id);

    // Given to reads that a response cache can answer: true when the caller already holds what the member's
    // records looked like at this version (MemberFacts::records_version), so they need not be read again.
    using Known = std::function<bool(std::int64_t version)>;

    struct DayRecords {
        std::vector<WorkoutExercise> exercises;
        bool is_trainer_record = false;
        std::int64_t version = 0;  // the member's records version they were read at
        bool unchanged = false;    // `known(version)` held: exercises were not read
    };
    Result<DayRecords> Records(const http::Principal& caller, std::int64_t member_id,
                               const std::optional<std::string>& date, const Known& known = nullptr);
    struct ExerciseWithSets {
        WorkoutExercise exercise;
        std::vector<ExerciseSet> sets;
    };
    Result<ExerciseWithSets> Sets(const http::Principal& caller, std::int64_t member_id,
                                  std::int64_t workout_exercise_id);
    Result<std::pair<WorkoutExercise, ExerciseSet>> GetSet(const http::Principal& caller, std::int64_t member_id,
                                                           std::int64_t workout_exercise_id, std::int64_t set_id);

    // History.
    struct DayDetail {
        DailyWorkout day;
        std::vector<ExerciseWithSets> exercises;
    };
    Result<std::vector<DayDetail>> Days(const http::Principal& caller, std::int64_t member_id, const std::string& from,
                                        const std::string& to, int limit, int offset, std::int64_t* total = nullptr);
    // The member's latest `days` training days with the number of all their training days; not read when
    // `known(version)` holds.
    struct History {
        std::vector<DayDetail> days;
        std::int64_t total = 0;
        std::int64_t version = 0;
        bool unchanged = false;
    };
    Result<History> RecentHistory(const http::Principal& caller, std::int64_t member_id, int days,
                                  const Known& known = nullptr);
    Result<std::string> MemberToday(const http::Principal& caller, std::int64_t member_id);
    // Every set of one catalog exercise, oldest first, with their dates.
    Result<std::vector<std::pair<std::string, ExerciseSet>>> ExerciseHistory(const http::Principal& caller,
                                                                             std::int64_t member_id,
                                                                             std::int64_t exercise_id);
    // Exercises the member did most recently (for the picker), newest first.
    Result<std::vector<Exercise>> RecentExercises(const http::Principal& caller, std::int64_t member_id, int limit);

    // Response bodies built from members' records (workout_routes.cpp), cleared when the catalog changes.
    ResponseCache& responses() { return responses_; }
    // On SQLite, where this process hears of every change as it commits: the member's records version when
    // their access facts are in memory and let `caller` read them; otherwise nothing (ask the database). Never
    // blocks.
    std::optional<std::int64_t> RecordsVersionInMemory(const http::Principal& caller, std::int64_t member_id) const;

    // Recomputes the calories of the member's sets on `date` with a new body weight (a weigh-in updates that day).
    void RecomputeDayCalories(storage::Tx& tx, std::int64_t member_id, const std::string& date,
                              std::optional<double> weight_kg, std::int64_t now);

private:
    struct Target {
        std::int64_t member_id = 0;
        std::string time_zone;
        std::int64_t body_weight_g = 0;
        std::string body_weight_source;
        bool is_trainer = false;
        Writer writer;
        std::int64_t records_version = 0;
    };
    // 404 for strangers, 403 for administrators writing.
    Result<Target> Authorize(storage::Tx& tx, const http::Principal& caller, std::int64_t member_id, bool write);
    static Result<Target> Allow(const http::Principal& caller, std::int64_t member_id,
                                const std::optional<MemberFacts>& facts, bool write);
    // Inserts (id 0) or updates `set` of `entry` on `day` with its personal-record check and the totals.
    Result<SetOutcome> Store(storage::Tx& tx, const Target& target, WorkoutExercise entry, DailyWorkout day,
                             ExerciseSet set, std::int64_t now);
    static void Compute(ExerciseSet& set, double met, const Target& target);
    // The outcome's exercise and day with their new totals (left empty when removed).
    static void Settle(SetOutcome& outcome, WorkoutExercise entry, DailyWorkout day, const NewTotals& totals);
    // A set of the member's exercise entry, with its day locked, for a writer allowed to change it.
    struct LockedSet {
        Target target;
        WorkoutExercise entry;
        DailyWorkout day;
        ExerciseSet set;
    };
    // A view the caller already holds, checked with one statement outside a transaction (access and the records
    // version); empty when the records changed since.
    template <class View>
    std::optional<Result<View>> Unchanged(const http::Principal& caller, std::int64_t member_id, const Known& known);
    // A read whose result carries the member's records version: confirmed with Unchanged when the caller holds it,
    // else read in one transaction, where fill(tx, target, view) reads the rest unless the version is known.
    template <class View, class Fill>
    Result<View> ReadUnlessKnown(const http::Principal& caller, std::int64_t member_id, const Known& known,
                                 const Fill& fill);
    std::vector<DayDetail> ReadDays(storage::Tx& tx, std::int64_t member_id, const std::string& from,
                                    const std::string& to, int limit, int offset);
    Result<LockedSet> LockSet(storage::Tx& tx, const http::Principal& caller, std::int64_t member_id,
                              std::int64_t workout_exercise_id, std::int64_t set_id, std::int64_t now);

    storage::Database& db_;
    ResponseCache responses_;
    std::unique_ptr<MemberFactsCache> facts_;  // SQLite only
};

// The member's local today.
std::string TodayIn(const std::string& time_zone);

// Bounds of "all dates" for history reads.
inline constexpr const char* kFirstDate = "1900-01-01";
inline constexpr const char* kLastDate = "2999-12-31";

}  // namespace spotter::workouts
