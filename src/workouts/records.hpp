// File: workouts/records.hpp
// The records as stored: a member's day (DailyWorkout), the exercises of the day (WorkoutExercise) and their sets
// (ExerciseSet), plus the storage functions. Totals are recomputed from the sets in the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/changes.hpp"
#include "storage/database.hpp"

namespace spotter::workouts {

struct Totals {
    int sets = 0;
    std::int64_t duration_ms = 0;
    std::int64_t calories_dcal = 0;
    std::int64_t volume_g = 0;
};

struct DailyWorkout {
    std::int64_t id = 0;
    std::int64_t member_id = 0;
    std::string workout_date;  // YYYY-MM-DD in the member's time zone
    Totals totals;
    bool is_completed = false;
    std::int64_t created_at = 0;
};

struct WorkoutExercise {
    std::int64_t id = 0;
    std::int64_t daily_workout_id = 0;
    std::int64_t member_id = 0;
    std::string workout_date;
    std::int64_t exercise_id = 0;
    std::string exercise_name;
    std::string body_part;
    std::string equipment;
    int order_number = 0;
    std::optional<std::int64_t> logged_by;
    std::string logged_by_role;  // the role of logged_by ("trainer", "member"...) or empty
    Totals totals;
};

struct ExerciseSet {
    std::int64_t id = 0;
    std::int64_t workout_exercise_id = 0;
    int set_number = 0;
    int repetitions = 0;
    std::int64_t weight_g = 0;
    std::optional<std::int64_t> duration_ms;  // as given; null: not given (counted as 90 s)
    std::int64_t effective_duration_ms = 0;
    double met_value = 0;
    std::int64_t body_weight_g = 0;
    std::string body_weight_source;  // profile or default
    std::int64_t calories_dcal = 0;
    std::int64_t volume_g = 0;
    std::optional<std::int64_t> estimated_1rm_g;
    bool is_personal_record = false;
    std::optional<double> form_score;
    std::string source;  // trainer, member, camera, admin
    std::optional<std::int64_t> logged_by;
    std::int64_t completed_at = 0;
};

// What access checks and the calorie arithmetic need to know about a member, with their records version.
struct MemberFacts {
    std::string user_type;
    bool is_active = false;
    std::optional<std::int64_t> trainer_id;
    std::string time_zone;  // empty: no profile yet
    std::optional<double> weight_kg;
    std::int64_t records_version = 0;  // raised by every change to the member's records (RecomputeTotals)
};
std::optional<MemberFacts> FindMemberFacts(storage::Tx& tx, std::int64_t member_id);

// Member ids whose records changed, published once the change committed.
ChangeChannel& RecordsChanges();

// The day's record, created if missing. Locks it (PostgreSQL: FOR UPDATE) so concurrent writers of one member's
// day queue up instead of racing on set and order numbers.
DailyWorkout LockDay(storage::Tx& tx, std::int64_t member_id, const std::string& date, std::int64_t now);
std::optional<DailyWorkout> FindDay(storage::Tx& tx, std::int64_t member_id, const std::string& date);
// The exercise entry of a day, created (with the next order number) if missing.
WorkoutExercise EnsureWorkoutExercise(storage::Tx& tx, std::int64_t day_id, std::int64_t exercise_id,
                                      std::int64_t logged_by, std::int64_t now);
std::optional<WorkoutExercise> FindWorkoutExercise(storage::Tx& tx, std::int64_t id);
std::vector<WorkoutExercise> ExercisesOfMember(storage::Tx& tx, std::int64_t member_id,
                                               const std::optional<std::string>& date);
std::vector<ExerciseSet> SetsOf(storage::Tx& tx, std::int64_t workout_exercise_id);
std::optional<ExerciseSet> FindSet(storage::Tx& tx, std::int64_t set_id);
// Inserts with the next set number; returns the stored set (id and number set). `member_id` and `exercise_id`
// (the catalog exercise) are those of the set's exercise entry.
ExerciseSet InsertSet(storage::Tx& tx, ExerciseSet set, std::int64_t member_id, std::int64_t exercise_id,
                      std::int64_t now);
void UpdateSet(storage::Tx& tx, const ExerciseSet& set, std::int64_t now);
void DeleteSet(storage::Tx& tx, const ExerciseSet& set);
void DeleteWorkoutExercise(storage::Tx& tx, std::int64_t workout_exercise_id);
// The totals of an exercise entry and its day after a change; empty for one that was removed.
struct NewTotals {
    std::optional<Totals> exercise;
    std::optional<Totals> day;
};
// Recomputes the exercise's totals from its sets and the day's from its exercises; removes an exercise with no
// sets left and a day with no exercises left; raises the member's records version (every change to a member's
// records ends here or in AddToTotals).
NewTotals RecomputeTotals(storage::Tx& tx, std::int64_t workout_exercise_id, std::int64_t day_id, std::int64_t now);
// After inserting `set` (only then): adds its figures to its exercise's and its day's totals, which stay the exact
// sums of their parts without reading every set again, and raises the member's records version.
NewTotals AddToTotals(storage::Tx& tx, const ExerciseSet& set, std::int64_t day_id, std::int64_t now);

// The best estimated one-rep max of the member for a catalog exercise, excluding one set (0: none).
std::optional<std::int64_t> BestEstimated1rm(storage::Tx& tx, std::int64_t member_id, std::int64_t exercise_id,
                                             std::int64_t excluding_set_id);
std::optional<std::int64_t> HeaviestWeight(storage::Tx& tx, std::int64_t member_id, std::int64_t exercise_id,
                                           std::int64_t excluding_set_id);

// Days of a member in [from, to] (dates), newest first.
std::vector<DailyWorkout> DaysOfMember(storage::Tx& tx, std::int64_t member_id, const std::string& from,
                                       const std::string& to, int limit, int offset);
std::int64_t CountDays(storage::Tx& tx, std::int64_t member_id, const std::string& from, const std::string& to);
// The exercises (with sets) of the member's days from `first` to `last`, by date and order number.
std::vector<WorkoutExercise> ExercisesOfDays(storage::Tx& tx, std::int64_t member_id, const std::string& first,
                                             const std::string& last);
// The sets of the member's days from `first` to `last`, by exercise entry and set number.
std::vector<ExerciseSet> SetsOfDays(storage::Tx& tx, std::int64_t member_id, const std::string& first,
                                    const std::string& last);
// Every set of the member on a catalog exercise with its date, oldest day first, in set order.
std::vector<std::pair<std::string, ExerciseSet>> SetsOfExercise(storage::Tx& tx, std::int64_t member_id,
                                                                std::int64_t exercise_id);

}  // namespace spotter::workouts
