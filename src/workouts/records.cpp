#include "workouts/records.hpp"

#include <stdexcept>

#include "storage/statements.hpp"

namespace spotter::workouts {

namespace {

using storage::Exec;
using storage::Query;
using storage::Scalar;

std::optional<std::int64_t> Optional(long long value, soci::indicator ind) {
    return ind == soci::i_ok ? std::optional<std::int64_t>(value) : std::nullopt;
}

// Typed into() targets for the columns of each table (docs/ARCHITECTURE.md: typed reads only).

struct TotalsRow {
    int sets = 0;
    long long duration = 0, calories = 0, volume = 0;
    void Bind(soci::statement& st) {
        st.exchange(soci::into(sets));
        st.exchange(soci::into(duration));
        st.exchange(soci::into(calories));
        st.exchange(soci::into(volume));
    }
    Totals Get() const { return {sets, duration, calories, volume}; }
};

constexpr const char* kDayColumns =
    "SELECT id, workout_date, total_sets, total_duration_ms, total_calories_dcal, total_volume_g, is_completed, "
    "created_at FROM daily_workouts ";

struct DayRow {
    long long id = 0, created = 0;
    std::string date;
    TotalsRow totals;
    int completed = 0;
    void Bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(date));
        totals.Bind(st);
        st.exchange(soci::into(completed));
        st.exchange(soci::into(created));
    }
    DailyWorkout Get(std::int64_t member_id) const {
        return {id, member_id, date, totals.Get(), completed != 0, created};
    }
};

constexpr const char* kExerciseColumns =
    "SELECT we.id, we.daily_workout_id, d.member_id, d.workout_date, we.exercise_id, e.exercise_name, e.body_part, "
    "e.equipment, we.order_number, we.logged_by, COALESCE(u.user_type, ''), we.total_sets, we.total_duration_ms, "
    "we.total_calories_dcal, we.total_volume_g FROM workout_exercises we "
    "JOIN daily_workouts d ON d.id = we.daily_workout_id JOIN exercises e ON e.id = we.exercise_id "
    "LEFT JOIN users u ON u.id = we.logged_by ";

struct ExerciseRow {
    long long id = 0, day = 0, member = 0, exercise = 0, logged = 0;
    std::string date, name, body_part, equipment, logged_by_role;
    int order = 0;
    soci::indicator logged_i{};
    TotalsRow totals;
    void Bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(day));
        st.exchange(soci::into(member));
        st.exchange(soci::into(date));
        st.exchange(soci::into(exercise));
        st.exchange(soci::into(name));
        st.exchange(soci::into(body_part));
        st.exchange(soci::into(equipment));
        st.exchange(soci::into(order));
        st.exchange(soci::into(logged, logged_i));
        st.exchange(soci::into(logged_by_role));
        totals.Bind(st);
    }
    WorkoutExercise Get() const {
        WorkoutExercise e;
        e.id = id;
        e.daily_workout_id = day;
        e.member_id = member;
        e.workout_date = date;
        e.exercise_id = exercise;
        e.exercise_name = name;
        e.body_part = body_part;
        e.equipment = equipment;
        e.order_number = order;
        e.logged_by = Optional(logged, logged_i);
        e.logged_by_role = logged_by_role;
        e.totals = totals.Get();
        return e;
    }
};

constexpr const char* kSetColumns =
    "SELECT s.id, s.workout_exercise_id, s.set_number, s.repetitions, s.weight_g, s.duration_ms, "
    "s.effective_duration_ms, s.met_value, s.body_weight_g, s.body_weight_source, s.calories_dcal, s.volume_g, "
    "s.estimated_1rm_g, s.is_personal_record, s.form_score, s.source, s.logged_by, s.completed_at ";

struct SetRow {
    long long id = 0, we = 0, weight = 0, duration = 0, effective = 0, body = 0, calories = 0, volume = 0, e1rm = 0,
              logged = 0, completed = 0;
    int number = 0, reps = 0, pr = 0;
    double met = 0, score = 0;
    std::string body_source, source;
    soci::indicator duration_i{}, e1rm_i{}, score_i{}, logged_i{};
    void Bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(we));
        st.exchange(soci::into(number));
        st.exchange(soci::into(reps));
        st.exchange(soci::into(weight));
        st.exchange(soci::into(duration, duration_i));
        st.exchange(soci::into(effective));
        st.exchange(soci::into(met));
        st.exchange(soci::into(body));
        st.exchange(soci::into(body_source));
        st.exchange(soci::into(calories));
        st.exchange(soci::into(volume));
        st.exchange(soci::into(e1rm, e1rm_i));
        st.exchange(soci::into(pr));
        st.exchange(soci::into(score, score_i));
        st.exchange(soci::into(source));
        st.exchange(soci::into(logged, logged_i));
        st.exchange(soci::into(completed));
    }
    ExerciseSet Get() const {
        ExerciseSet s;
        s.id = id;
        s.workout_exercise_id = we;
        s.set_number = number;
        s.repetitions = reps;
        s.weight_g = weight;
        s.duration_ms = Optional(duration, duration_i);
        s.effective_duration_ms = effective;
        s.met_value = met;
        s.body_weight_g = body;
        s.body_weight_source = body_source;
        s.calories_dcal = calories;
        s.volume_g = volume;
        s.estimated_1rm_g = Optional(e1rm, e1rm_i);
        s.is_personal_record = pr != 0;
        s.form_score = score_i == soci::i_ok ? std::optional<double>(score) : std::nullopt;
        s.source = source;
        s.logged_by = Optional(logged, logged_i);
        s.completed_at = completed;
        return s;
    }
};

// A set with the date of its day.
struct DatedSetRow {
    SetRow set;
    std::string date;
    void Bind(soci::statement& st) {
        set.Bind(st);
        st.exchange(soci::into(date));
    }
};

template <class Row, class Out, class... Params>
std::vector<Out> Collect(storage::Tx& tx, const std::string& sql, const Params&... params) {
    std::vector<Out> out;
    auto rows = Query<Row>(tx, sql, params...);
    while (rows.Next()) out.push_back(rows->Get());
    return out;
}

std::optional<DailyWorkout> ReadDay(storage::Tx& tx, std::int64_t member_id, const std::string& date) {
    static const std::string kSql = std::string(kDayColumns) + "WHERE member_id = :member AND workout_date = :date";
    auto rows = Query<DayRow>(tx, kSql, member_id, date);
    if (!rows.Next()) return std::nullopt;
    return rows->Get(member_id);
}

}  // namespace

ChangeChannel& RecordsChanges() {
    static ChangeChannel channel;
    return channel;
}

std::optional<MemberFacts> FindMemberFacts(storage::Tx& tx, std::int64_t member_id) {
    struct Row {
        std::string user_type, time_zone;
        int active = 0;
        long long trainer = 0, version = 0;
        double weight = 0;
        soci::indicator trainer_i{}, weight_i{};
        void Bind(soci::statement& st) {
            st.exchange(soci::into(user_type));
            st.exchange(soci::into(active));
            st.exchange(soci::into(trainer, trainer_i));
            st.exchange(soci::into(time_zone));
            st.exchange(soci::into(weight, weight_i));
            st.exchange(soci::into(version));
        }
    };
    auto rows = Query<Row>(tx,
                           "SELECT u.user_type, u.is_active, u.trainer_id, COALESCE(p.time_zone, ''), p.weight_kg, "
                           "COALESCE(v.version, 0) FROM users u LEFT JOIN profiles p ON p.user_id = u.id "
                           "LEFT JOIN workout_versions v ON v.member_id = u.id WHERE u.id = :id",
                           member_id);
    if (!rows.Next()) return std::nullopt;
    MemberFacts facts;
    facts.user_type = rows->user_type;
    facts.is_active = rows->active != 0;
    facts.trainer_id = Optional(rows->trainer, rows->trainer_i);
    facts.time_zone = rows->time_zone;
    if (rows->weight_i == soci::i_ok) facts.weight_kg = rows->weight;
    facts.records_version = rows->version;
    return facts;
}

DailyWorkout LockDay(storage::Tx& tx, std::int64_t member_id, const std::string& date, std::int64_t now) {
    // Creates the day or, when it exists, "updates" it to nothing: either way the row is returned and locked
    // (PostgreSQL: like FOR UPDATE; SQLite: the transaction holds the write lock) in one statement.
    static const std::string kSql =
        "INSERT INTO daily_workouts(member_id, workout_date, created_at, updated_at) "
        "VALUES(:member, :date, :now, :now2) ON CONFLICT(member_id, workout_date) "
        "DO UPDATE SET updated_at = daily_workouts.updated_at "
        "RETURNING id, workout_date, total_sets, total_duration_ms, total_calories_dcal, total_volume_g, "
        "is_completed, created_at";
    auto rows = Query<DayRow>(tx, kSql, member_id, date, now, now);
    if (!rows.Next()) throw std::logic_error("an upsert returned no row");
    return rows->Get(member_id);
}

std::optional<DailyWorkout> FindDay(storage::Tx& tx, std::int64_t member_id, const std::string& date) {
    return ReadDay(tx, member_id, date);
}

WorkoutExercise EnsureWorkoutExercise(storage::Tx& tx, std::int64_t day_id, std::int64_t exercise_id,
                                      std::int64_t logged_by, std::int64_t now) {
    static const std::string kOfDay =
        std::string(kExerciseColumns) + "WHERE we.daily_workout_id = :day AND we.exercise_id = :exercise";
    {
        auto rows = Query<ExerciseRow>(tx, kOfDay, day_id, exercise_id);
        if (rows.Next()) return rows->Get();
    }
    int order = *Scalar<int>(
        tx, "SELECT COALESCE(MAX(order_number), 0) + 1 FROM workout_exercises WHERE daily_workout_id = :day", day_id);
    auto id = *Scalar<long long>(tx,
                                 "INSERT INTO workout_exercises(daily_workout_id, exercise_id, order_number, logged_by, "
                                 "created_at, updated_at) VALUES(:day, :exercise, :order, :by, :now, :now2) RETURNING id",
                                 day_id, exercise_id, order, logged_by, now, now);
    return *FindWorkoutExercise(tx, id);
}

std::optional<WorkoutExercise> FindWorkoutExercise(storage::Tx& tx, std::int64_t id) {
    static const std::string kSql = std::string(kExerciseColumns) + "WHERE we.id = :id";
    auto rows = Query<ExerciseRow>(tx, kSql, id);
    if (!rows.Next()) return std::nullopt;
    return rows->Get();
}

std::vector<WorkoutExercise> ExercisesOfMember(storage::Tx& tx, std::int64_t member_id,
                                               const std::optional<std::string>& date) {
    static const std::string kOfDay = std::string(kExerciseColumns) +
                                      "WHERE d.member_id = :member AND d.workout_date = :date AND we.total_sets > 0 "
                                      "ORDER BY we.id DESC";
    static const std::string kAll =
        std::string(kExerciseColumns) + "WHERE d.member_id = :member AND we.total_sets > 0 ORDER BY we.id DESC";
    if (date) return Collect<ExerciseRow, WorkoutExercise>(tx, kOfDay, member_id, *date);
    return Collect<ExerciseRow, WorkoutExercise>(tx, kAll, member_id);
}

std::vector<WorkoutExercise> ExercisesOfDays(storage::Tx& tx, std::int64_t member_id, const std::string& first,
                                             const std::string& last) {
    static const std::string kSql = std::string(kExerciseColumns) +
                                    "WHERE d.member_id = :member AND d.workout_date >= :first AND "
                                    "d.workout_date <= :last AND we.total_sets > 0 "
                                    "ORDER BY d.workout_date, we.order_number";
    return Collect<ExerciseRow, WorkoutExercise>(tx, kSql, member_id, first, last);
}

std::vector<ExerciseSet> SetsOf(storage::Tx& tx, std::int64_t workout_exercise_id) {
    static const std::string kSql =
        std::string(kSetColumns) + "FROM exercise_sets s WHERE s.workout_exercise_id = :id ORDER BY s.set_number";
    return Collect<SetRow, ExerciseSet>(tx, kSql, workout_exercise_id);
}

std::vector<ExerciseSet> SetsOfDays(storage::Tx& tx, std::int64_t member_id, const std::string& first,
                                    const std::string& last) {
    static const std::string kSql = std::string(kSetColumns) +
                                    "FROM daily_workouts d JOIN workout_exercises we ON we.daily_workout_id = d.id "
                                    "JOIN exercise_sets s ON s.workout_exercise_id = we.id "
                                    "WHERE d.member_id = :member AND d.workout_date >= :first AND "
                                    "d.workout_date <= :last ORDER BY s.workout_exercise_id, s.set_number";
    return Collect<SetRow, ExerciseSet>(tx, kSql, member_id, first, last);
}

std::vector<std::pair<std::string, ExerciseSet>> SetsOfExercise(storage::Tx& tx, std::int64_t member_id,
                                                                std::int64_t exercise_id) {
    static const std::string kSql = std::string(kSetColumns) +
                                    ", d.workout_date FROM exercise_sets s "
                                    "JOIN workout_exercises we ON we.id = s.workout_exercise_id "
                                    "JOIN daily_workouts d ON d.id = we.daily_workout_id "
                                    "WHERE s.member_id = :member AND s.exercise_id = :exercise "
                                    "ORDER BY d.workout_date, s.workout_exercise_id, s.set_number";
    std::vector<std::pair<std::string, ExerciseSet>> out;
    auto rows = Query<DatedSetRow>(tx, kSql, member_id, exercise_id);
    while (rows.Next()) out.emplace_back(rows->date, rows->set.Get());
    return out;
}

std::optional<ExerciseSet> FindSet(storage::Tx& tx, std::int64_t set_id) {
    static const std::string kSql = std::string(kSetColumns) + "FROM exercise_sets s WHERE s.id = :id";
    auto rows = Query<SetRow>(tx, kSql, set_id);
    if (!rows.Next()) return std::nullopt;
    return rows->Get();
}

ExerciseSet InsertSet(storage::Tx& tx, ExerciseSet s, std::int64_t member_id, std::int64_t exercise_id,
                      std::int64_t now) {
    struct Inserted {
        long long id = 0;
        int number = 0;
        void Bind(soci::statement& st) {
            st.exchange(soci::into(id));
            st.exchange(soci::into(number));
        }
    };
    // The next set number comes from the entry's sets in the same statement (writers of the day are serialised).
    auto rows = Query<Inserted>(
        tx,
        "INSERT INTO exercise_sets(workout_exercise_id, member_id, exercise_id, set_number, repetitions, weight_g, "
        "duration_ms, effective_duration_ms, met_value, body_weight_g, body_weight_source, calories_dcal, volume_g, "
        "estimated_1rm_g, is_personal_record, form_score, source, logged_by, completed_at, created_at, updated_at) "
        "VALUES(:we, :member, :exercise, (SELECT COALESCE(MAX(n.set_number), 0) + 1 FROM exercise_sets n "
        "WHERE n.workout_exercise_id = :we2), :reps, :weight, :duration, :effective, :met, :body, :body_source, "
        ":calories, :volume, :e1rm, :pr, :score, :source, :logged, :completed, :now, :now2) RETURNING id, set_number",
        s.workout_exercise_id, member_id, exercise_id, s.workout_exercise_id, s.repetitions, s.weight_g, s.duration_ms,
        s.effective_duration_ms, s.met_value, s.body_weight_g, s.body_weight_source, s.calories_dcal, s.volume_g,
        s.estimated_1rm_g, s.is_personal_record, s.form_score, s.source, s.logged_by, s.completed_at, now, now);
    if (!rows.Next()) throw std::logic_error("an insert returned no row");
    s.id = rows->id;
    s.set_number = rows->number;
    return s;
}

void UpdateSet(storage::Tx& tx, const ExerciseSet& s, std::int64_t now) {
    Exec(tx,
         "UPDATE exercise_sets SET set_number = :number, repetitions = :reps, weight_g = :weight, "
         "duration_ms = :duration, effective_duration_ms = :effective, met_value = :met, body_weight_g = :body, "
         "body_weight_source = :body_source, calories_dcal = :calories, volume_g = :volume, "
         "estimated_1rm_g = :e1rm, is_personal_record = :pr, updated_at = :now WHERE id = :id",
         s.set_number, s.repetitions, s.weight_g, s.duration_ms, s.effective_duration_ms, s.met_value, s.body_weight_g,
         s.body_weight_source, s.calories_dcal, s.volume_g, s.estimated_1rm_g, s.is_personal_record, now, s.id);
}

void DeleteSet(storage::Tx& tx, const ExerciseSet& s) { Exec(tx, "DELETE FROM exercise_sets WHERE id = :id", s.id); }

void DeleteWorkoutExercise(storage::Tx& tx, std::int64_t workout_exercise_id) {
    Exec(tx, "DELETE FROM workout_exercises WHERE id = :id", workout_exercise_id);
}

namespace {

void RaiseRecordsVersion(storage::Tx& tx, std::int64_t day_id) {
    auto member = Scalar<long long>(
        tx,
        "INSERT INTO workout_versions(member_id, version) SELECT member_id, 1 FROM daily_workouts WHERE id = :day "
        "ON CONFLICT(member_id) DO UPDATE SET version = workout_versions.version + 1 RETURNING member_id",
        day_id);
    if (member) tx.AfterCommit([id = *member] { RecordsChanges().Publish(id); });
}

}  // namespace

NewTotals RecomputeTotals(storage::Tx& tx, std::int64_t workout_exercise_id, std::int64_t day_id, std::int64_t now) {
    // One pass over the entry's sets, then one over the day's entries; each total is the exact sum of its parts.
    auto update = [&](const char* sql, std::int64_t id) -> std::optional<Totals> {
        auto rows = Query<TotalsRow>(tx, sql, id, now, id);
        if (!rows.Next()) return std::nullopt;
        return rows->Get();
    };
    auto exercise = update(
        "UPDATE workout_exercises SET (total_sets, total_duration_ms, total_calories_dcal, total_volume_g) = "
        "(SELECT COUNT(*), COALESCE(SUM(s.effective_duration_ms), 0), COALESCE(SUM(s.calories_dcal), 0), "
        "COALESCE(SUM(s.volume_g), 0) FROM exercise_sets s WHERE s.workout_exercise_id = :we), updated_at = :now "
        "WHERE id = :we2 RETURNING total_sets, total_duration_ms, total_calories_dcal, total_volume_g",
        workout_exercise_id);
    if (exercise && exercise->sets == 0) {
        DeleteWorkoutExercise(tx, workout_exercise_id);
        exercise.reset();
    }
    auto day = update(
        "UPDATE daily_workouts SET (total_sets, total_duration_ms, total_calories_dcal, total_volume_g) = "
        "(SELECT COALESCE(SUM(w.total_sets), 0), COALESCE(SUM(w.total_duration_ms), 0), "
        "COALESCE(SUM(w.total_calories_dcal), 0), COALESCE(SUM(w.total_volume_g), 0) FROM workout_exercises w "
        "WHERE w.daily_workout_id = :day), updated_at = :now WHERE id = :day2 "
        "RETURNING total_sets, total_duration_ms, total_calories_dcal, total_volume_g",
        day_id);
    if (!day) return {exercise, std::nullopt};
    RaiseRecordsVersion(tx, day_id);
    if (day->sets == 0 && Exec(tx,
                               "DELETE FROM daily_workouts WHERE id = :day AND NOT EXISTS "
                               "(SELECT 1 FROM workout_exercises w WHERE w.daily_workout_id = :day2)",
                               day_id, day_id) > 0) {
        return {exercise, std::nullopt};
    }
    return {exercise, day};
}

NewTotals AddToTotals(storage::Tx& tx, const ExerciseSet& set, std::int64_t day_id, std::int64_t now) {
    auto add = [&](const char* sql, std::int64_t id) {
        auto rows = Query<TotalsRow>(tx, sql, set.effective_duration_ms, set.calories_dcal, set.volume_g, now, id);
        return rows.Next() ? rows->Get() : Totals{};
    };
    Totals exercise = add(
        "UPDATE workout_exercises SET total_sets = total_sets + 1, total_duration_ms = total_duration_ms + :duration, "
        "total_calories_dcal = total_calories_dcal + :calories, total_volume_g = total_volume_g + :volume, "
        "updated_at = :now WHERE id = :we RETURNING total_sets, total_duration_ms, total_calories_dcal, total_volume_g",
        set.workout_exercise_id);
    Totals day = add(
        "UPDATE daily_workouts SET total_sets = total_sets + 1, total_duration_ms = total_duration_ms + :duration, "
        "total_calories_dcal = total_calories_dcal + :calories, total_volume_g = total_volume_g + :volume, "
        "updated_at = :now WHERE id = :day RETURNING total_sets, total_duration_ms, total_calories_dcal, total_volume_g",
        day_id);
    RaiseRecordsVersion(tx, day_id);
    return {exercise, day};
}

namespace {

// The highest value of a column over the member's sets of an exercise, leaving one set out: the two highest are
// read from the column's index, so the best other than the excluded set is among them.
std::optional<std::int64_t> BestExcept(storage::Tx& tx, const std::string& sql, std::int64_t member_id,
                                       std::int64_t exercise_id, std::int64_t excluding_set_id) {
    struct Candidate {
        long long id = 0, value = 0;
        void Bind(soci::statement& st) {
            st.exchange(soci::into(id));
            st.exchange(soci::into(value));
        }
    };
    auto rows = Query<Candidate>(tx, sql, member_id, exercise_id);
    while (rows.Next()) {
        if (rows->id != excluding_set_id) return rows->value;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> BestEstimated1rm(storage::Tx& tx, std::int64_t member_id, std::int64_t exercise_id,
                                             std::int64_t excluding_set_id) {
    static const std::string kSql =
        "SELECT id, estimated_1rm_g FROM exercise_sets WHERE member_id = :member AND exercise_id = :exercise "
        "AND estimated_1rm_g IS NOT NULL ORDER BY estimated_1rm_g DESC LIMIT 2";
    return BestExcept(tx, kSql, member_id, exercise_id, excluding_set_id);
}

std::optional<std::int64_t> HeaviestWeight(storage::Tx& tx, std::int64_t member_id, std::int64_t exercise_id,
                                           std::int64_t excluding_set_id) {
    static const std::string kSql =
        "SELECT id, weight_g FROM exercise_sets WHERE member_id = :member AND exercise_id = :exercise "
        "ORDER BY weight_g DESC LIMIT 2";
    return BestExcept(tx, kSql, member_id, exercise_id, excluding_set_id);
}

std::vector<DailyWorkout> DaysOfMember(storage::Tx& tx, std::int64_t member_id, const std::string& from,
                                       const std::string& to, int limit, int offset) {
    static const std::string kSql = std::string(kDayColumns) +
                                    "WHERE member_id = :member AND workout_date >= :from AND workout_date <= :to "
                                    "ORDER BY workout_date DESC LIMIT :limit OFFSET :offset";
    std::vector<DailyWorkout> days;
    auto rows = Query<DayRow>(tx, kSql, member_id, from, to, limit, offset);
    while (rows.Next()) days.push_back(rows->Get(member_id));
    return days;
}

std::int64_t CountDays(storage::Tx& tx, std::int64_t member_id, const std::string& from, const std::string& to) {
    return *Scalar<long long>(tx,
                              "SELECT COUNT(*) FROM daily_workouts WHERE member_id = :member AND workout_date >= :from "
                              "AND workout_date <= :to",
                              member_id, from, to);
}

}  // namespace spotter::workouts
