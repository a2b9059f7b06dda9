#include "workouts/records.hpp"

namespace spotter::workouts {

namespace {

bool Postgres(const storage::Tx& tx) { return tx.dialect == storage::Dialect::kPostgres; }

std::optional<DailyWorkout> ReadDay(storage::Tx& tx, const std::string& where, long long member, const std::string& date,
                                    bool lock) {
    DailyWorkout day;
    long long id = 0, duration = 0, calories = 0, volume = 0, created = 0;
    int sets = 0, completed = 0;
    std::string sql = "SELECT id, total_sets, total_duration_ms, total_calories_dcal, total_volume_g, is_completed, "
                      "created_at FROM daily_workouts " + where;
    if (lock && Postgres(tx)) sql += " FOR UPDATE";
    tx.sql << sql, soci::use(member), soci::use(date), soci::into(id), soci::into(sets), soci::into(duration),
        soci::into(calories), soci::into(volume), soci::into(completed), soci::into(created);
    if (!tx.sql.got_data()) return std::nullopt;
    day.id = id;
    day.member_id = member;
    day.workout_date = date;
    day.totals = {sets, duration, calories, volume};
    day.is_completed = completed != 0;
    day.created_at = created;
    return day;
}

constexpr const char* kExerciseColumns =
    "SELECT we.id, we.daily_workout_id, d.member_id, d.workout_date, we.exercise_id, e.exercise_name, e.body_part, "
    "e.equipment, we.order_number, we.logged_by, COALESCE(u.user_type, ''), we.total_sets, we.total_duration_ms, "
    "we.total_calories_dcal, we.total_volume_g FROM workout_exercises we "
    "JOIN daily_workouts d ON d.id = we.daily_workout_id JOIN exercises e ON e.id = we.exercise_id "
    "LEFT JOIN users u ON u.id = we.logged_by ";

template <class... Uses>
std::vector<WorkoutExercise> QueryExercises(storage::Tx& tx, const std::string& tail, Uses&&... uses) {
    WorkoutExercise row;
    long long id = 0, day = 0, member = 0, exercise = 0, logged = 0, duration = 0, calories = 0, volume = 0;
    int order = 0, sets = 0;
    soci::indicator logged_i{};
    soci::statement st(tx.sql);
    st.exchange(soci::into(id));
    st.exchange(soci::into(day));
    st.exchange(soci::into(member));
    st.exchange(soci::into(row.workout_date));
    st.exchange(soci::into(exercise));
    st.exchange(soci::into(row.exercise_name));
    st.exchange(soci::into(row.body_part));
    st.exchange(soci::into(row.equipment));
    st.exchange(soci::into(order));
    st.exchange(soci::into(logged, logged_i));
    st.exchange(soci::into(row.logged_by_role));
    st.exchange(soci::into(sets));
    st.exchange(soci::into(duration));
    st.exchange(soci::into(calories));
    st.exchange(soci::into(volume));
    (st.exchange(std::forward<Uses>(uses)), ...);
    st.alloc();
    st.prepare(std::string(kExerciseColumns) + tail);
    st.define_and_bind();
    st.execute(false);
    std::vector<WorkoutExercise> out;
    while (st.fetch()) {
        WorkoutExercise e = row;
        e.id = id;
        e.daily_workout_id = day;
        e.member_id = member;
        e.exercise_id = exercise;
        e.order_number = order;
        e.logged_by = logged_i == soci::i_ok ? std::optional<std::int64_t>(logged) : std::nullopt;
        e.totals = {sets, duration, calories, volume};
        out.push_back(std::move(e));
    }
    return out;
}

constexpr const char* kSetColumns =
    "SELECT id, workout_exercise_id, set_number, repetitions, weight_g, duration_ms, effective_duration_ms, met_value, "
    "body_weight_g, body_weight_source, calories_dcal, volume_g, estimated_1rm_g, is_personal_record, form_score, "
    "source, logged_by, completed_at FROM exercise_sets ";

template <class... Uses>
std::vector<ExerciseSet> QuerySets(storage::Tx& tx, const std::string& tail, Uses&&... uses) {
    ExerciseSet row;
    long long id = 0, we = 0, weight = 0, duration = 0, effective = 0, body = 0, calories = 0, volume = 0, e1rm = 0,
              logged = 0, completed = 0;
    int number = 0, reps = 0, pr = 0;
    double score = 0;
    soci::indicator duration_i{}, e1rm_i{}, score_i{}, logged_i{};
    soci::statement st(tx.sql);
    st.exchange(soci::into(id));
    st.exchange(soci::into(we));
    st.exchange(soci::into(number));
    st.exchange(soci::into(reps));
    st.exchange(soci::into(weight));
    st.exchange(soci::into(duration, duration_i));
    st.exchange(soci::into(effective));
    st.exchange(soci::into(row.met_value));
    st.exchange(soci::into(body));
    st.exchange(soci::into(row.body_weight_source));
    st.exchange(soci::into(calories));
    st.exchange(soci::into(volume));
    st.exchange(soci::into(e1rm, e1rm_i));
    st.exchange(soci::into(pr));
    st.exchange(soci::into(score, score_i));
    st.exchange(soci::into(row.source));
    st.exchange(soci::into(logged, logged_i));
    st.exchange(soci::into(completed));
    (st.exchange(std::forward<Uses>(uses)), ...);
    st.alloc();
    st.prepare(std::string(kSetColumns) + tail);
    st.define_and_bind();
    st.execute(false);
    std::vector<ExerciseSet> out;
    while (st.fetch()) {
        ExerciseSet s = row;
        s.id = id;
        s.workout_exercise_id = we;
        s.set_number = number;
        s.repetitions = reps;
        s.weight_g = weight;
        s.duration_ms = duration_i == soci::i_ok ? std::optional<std::int64_t>(duration) : std::nullopt;
        s.effective_duration_ms = effective;
        s.body_weight_g = body;
        s.calories_dcal = calories;
        s.volume_g = volume;
        s.estimated_1rm_g = e1rm_i == soci::i_ok ? std::optional<std::int64_t>(e1rm) : std::nullopt;
        s.is_personal_record = pr != 0;
        s.form_score = score_i == soci::i_ok ? std::optional<double>(score) : std::nullopt;
        s.logged_by = logged_i == soci::i_ok ? std::optional<std::int64_t>(logged) : std::nullopt;
        s.completed_at = completed;
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace

DailyWorkout LockDay(storage::Tx& tx, std::int64_t member_id, const std::string& date, std::int64_t now) {
    long long member = member_id, at = now;
    tx.sql << "INSERT INTO daily_workouts(member_id, workout_date, created_at, updated_at) "
              "VALUES(:member, :date, :now, :now2) ON CONFLICT(member_id, workout_date) DO NOTHING",
        soci::use(member), soci::use(date), soci::use(at), soci::use(at);
    return *ReadDay(tx, "WHERE member_id = :member AND workout_date = :date", member, date, /*lock=*/true);
}

std::optional<DailyWorkout> FindDay(storage::Tx& tx, std::int64_t member_id, const std::string& date) {
    return ReadDay(tx, "WHERE member_id = :member AND workout_date = :date", member_id, date, false);
}

std::int64_t EnsureWorkoutExercise(storage::Tx& tx, std::int64_t day_id, std::int64_t exercise_id,
                                   std::int64_t logged_by, std::int64_t now) {
    long long day = day_id, exercise = exercise_id, by = logged_by, at = now, id = 0;
    tx.sql << "SELECT id FROM workout_exercises WHERE daily_workout_id = :day AND exercise_id = :exercise",
        soci::use(day), soci::use(exercise), soci::into(id);
    if (tx.sql.got_data()) return id;
    int order = 0;
    tx.sql << "SELECT COALESCE(MAX(order_number), 0) + 1 FROM workout_exercises WHERE daily_workout_id = :day",
        soci::use(day), soci::into(order);
    tx.sql << "INSERT INTO workout_exercises(daily_workout_id, exercise_id, order_number, logged_by, created_at, "
              "updated_at) VALUES(:day, :exercise, :order, :by, :now, :now2) RETURNING id",
        soci::use(day), soci::use(exercise), soci::use(order), soci::use(by), soci::use(at), soci::use(at),
        soci::into(id);
    return id;
}

std::optional<WorkoutExercise> FindWorkoutExercise(storage::Tx& tx, std::int64_t id) {
    long long key = id;
    auto rows = QueryExercises(tx, "WHERE we.id = :id", soci::use(key));
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::vector<WorkoutExercise> ExercisesOfMember(storage::Tx& tx, std::int64_t member_id,
                                               const std::optional<std::string>& date) {
    long long member = member_id;
    if (date) {
        std::string day = *date;
        return QueryExercises(tx, "WHERE d.member_id = :member AND d.workout_date = :date AND we.total_sets > 0 "
                                  "ORDER BY we.id DESC",
                              soci::use(member), soci::use(day));
    }
    return QueryExercises(tx, "WHERE d.member_id = :member AND we.total_sets > 0 ORDER BY we.id DESC",
                          soci::use(member));
}

std::vector<ExerciseSet> SetsOf(storage::Tx& tx, std::int64_t workout_exercise_id) {
    long long key = workout_exercise_id;
    return QuerySets(tx, "WHERE workout_exercise_id = :id ORDER BY set_number", soci::use(key));
}

std::optional<ExerciseSet> FindSet(storage::Tx& tx, std::int64_t set_id) {
    long long key = set_id;
    auto rows = QuerySets(tx, "WHERE id = :id", soci::use(key));
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

ExerciseSet InsertSet(storage::Tx& tx, ExerciseSet s, std::int64_t now) {
    long long we = s.workout_exercise_id, at = now;
    int number = 0;
    tx.sql << "SELECT COALESCE(MAX(set_number), 0) + 1 FROM exercise_sets WHERE workout_exercise_id = :we",
        soci::use(we), soci::into(number);
    s.set_number = number;
    long long weight = s.weight_g, duration = s.duration_ms.value_or(0), effective = s.effective_duration_ms,
              body = s.body_weight_g, calories = s.calories_dcal, volume = s.volume_g,
              e1rm = s.estimated_1rm_g.value_or(0), logged = s.logged_by.value_or(0), completed = s.completed_at, id = 0;
    double score = s.form_score.value_or(0);
    int pr = s.is_personal_record ? 1 : 0;
    soci::indicator duration_i = s.duration_ms ? soci::i_ok : soci::i_null,
                    e1rm_i = s.estimated_1rm_g ? soci::i_ok : soci::i_null,
                    score_i = s.form_score ? soci::i_ok : soci::i_null,
                    logged_i = s.logged_by ? soci::i_ok : soci::i_null;
    tx.sql << "INSERT INTO exercise_sets(workout_exercise_id, set_number, repetitions, weight_g, duration_ms, "
              "effective_duration_ms, met_value, body_weight_g, body_weight_source, calories_dcal, volume_g, "
              "estimated_1rm_g, is_personal_record, form_score, source, logged_by, completed_at, created_at, updated_at) "
              "VALUES(:we, :number, :reps, :weight, :duration, :effective, :met, :body, :body_source, :calories, "
              ":volume, :e1rm, :pr, :score, :source, :logged, :completed, :now, :now2) RETURNING id",
        soci::use(we), soci::use(number), soci::use(s.repetitions), soci::use(weight), soci::use(duration, duration_i),
        soci::use(effective), soci::use(s.met_value), soci::use(body), soci::use(s.body_weight_source),
        soci::use(calories), soci::use(volume), soci::use(e1rm, e1rm_i), soci::use(pr), soci::use(score, score_i),
        soci::use(s.source), soci::use(logged, logged_i), soci::use(completed), soci::use(at), soci::use(at),
        soci::into(id);
    s.id = id;
    return s;
}

void UpdateSet(storage::Tx& tx, const ExerciseSet& s, std::int64_t now) {
    long long id = s.id, weight = s.weight_g, duration = s.duration_ms.value_or(0), effective = s.effective_duration_ms,
              body = s.body_weight_g, calories = s.calories_dcal, volume = s.volume_g,
              e1rm = s.estimated_1rm_g.value_or(0), at = now;
    int pr = s.is_personal_record ? 1 : 0;
    soci::indicator duration_i = s.duration_ms ? soci::i_ok : soci::i_null,
                    e1rm_i = s.estimated_1rm_g ? soci::i_ok : soci::i_null;
    tx.sql << "UPDATE exercise_sets SET set_number = :number, repetitions = :reps, weight_g = :weight, "
              "duration_ms = :duration, effective_duration_ms = :effective, met_value = :met, body_weight_g = :body, "
              "body_weight_source = :body_source, calories_dcal = :calories, volume_g = :volume, "
              "estimated_1rm_g = :e1rm, is_personal_record = :pr, updated_at = :now WHERE id = :id",
        soci::use(s.set_number), soci::use(s.repetitions), soci::use(weight), soci::use(duration, duration_i),
        soci::use(effective), soci::use(s.met_value), soci::use(body), soci::use(s.body_weight_source),
        soci::use(calories), soci::use(volume), soci::use(e1rm, e1rm_i), soci::use(pr), soci::use(at), soci::use(id);
}

void DeleteSet(storage::Tx& tx, const ExerciseSet& s) {
    long long id = s.id;
    tx.sql << "DELETE FROM exercise_sets WHERE id = :id", soci::use(id);
}

void DeleteWorkoutExercise(storage::Tx& tx, std::int64_t workout_exercise_id) {
    long long id = workout_exercise_id;
    tx.sql << "DELETE FROM workout_exercises WHERE id = :id", soci::use(id);
}

void RecomputeTotals(storage::Tx& tx, std::int64_t workout_exercise_id, std::int64_t day_id, std::int64_t now) {
    long long we = workout_exercise_id, day = day_id, at = now;
    int sets = 0;
    tx.sql << "SELECT COUNT(*) FROM exercise_sets WHERE workout_exercise_id = :we", soci::use(we), soci::into(sets);
    if (sets == 0) {
        tx.sql << "DELETE FROM workout_exercises WHERE id = :we", soci::use(we);
    } else {
        tx.sql << "UPDATE workout_exercises SET total_sets = (SELECT COUNT(*) FROM exercise_sets s WHERE "
                  "s.workout_exercise_id = workout_exercises.id), total_duration_ms = (SELECT COALESCE(SUM("
                  "effective_duration_ms), 0) FROM exercise_sets s WHERE s.workout_exercise_id = workout_exercises.id), "
                  "total_calories_dcal = (SELECT COALESCE(SUM(calories_dcal), 0) FROM exercise_sets s WHERE "
                  "s.workout_exercise_id = workout_exercises.id), total_volume_g = (SELECT COALESCE(SUM(volume_g), 0) "
                  "FROM exercise_sets s WHERE s.workout_exercise_id = workout_exercises.id), updated_at = :now "
                  "WHERE id = :we",
            soci::use(at), soci::use(we);
    }
    int exercises = 0;
    tx.sql << "SELECT COUNT(*) FROM workout_exercises WHERE daily_workout_id = :day", soci::use(day),
        soci::into(exercises);
    if (exercises == 0) {
        tx.sql << "DELETE FROM daily_workouts WHERE id = :day", soci::use(day);
        return;
    }
    tx.sql << "UPDATE daily_workouts SET total_sets = (SELECT COALESCE(SUM(total_sets), 0) FROM workout_exercises w "
              "WHERE w.daily_workout_id = daily_workouts.id), total_duration_ms = (SELECT COALESCE(SUM("
              "total_duration_ms), 0) FROM workout_exercises w WHERE w.daily_workout_id = daily_workouts.id), "
              "total_calories_dcal = (SELECT COALESCE(SUM(total_calories_dcal), 0) FROM workout_exercises w WHERE "
              "w.daily_workout_id = daily_workouts.id), total_volume_g = (SELECT COALESCE(SUM(total_volume_g), 0) FROM "
              "workout_exercises w WHERE w.daily_workout_id = daily_workouts.id), updated_at = :now WHERE id = :day",
        soci::use(at), soci::use(day);
}

namespace {

std::optional<std::int64_t> MaxOverMemberSets(storage::Tx& tx, const char* column, std::int64_t member_id,
                                              std::int64_t exercise_id, std::int64_t excluding_set_id) {
    long long member = member_id, exercise = exercise_id, excluded = excluding_set_id, best = 0;
    soci::indicator ind{};
    tx.sql << std::string("SELECT MAX(s.") + column +
                  ") FROM exercise_sets s JOIN workout_exercises we ON we.id = s.workout_exercise_id "
                  "JOIN daily_workouts d ON d.id = we.daily_workout_id WHERE d.member_id = :member "
                  "AND we.exercise_id = :exercise AND s.id <> :excluded",
        soci::use(member), soci::use(exercise), soci::use(excluded), soci::into(best, ind);
    if (ind != soci::i_ok) return std::nullopt;
    return best;
}

}  // namespace

std::optional<std::int64_t> BestEstimated1rm(storage::Tx& tx, std::int64_t member_id, std::int64_t exercise_id,
                                             std::int64_t excluding_set_id) {
    return MaxOverMemberSets(tx, "estimated_1rm_g", member_id, exercise_id, excluding_set_id);
}

std::optional<std::int64_t> HeaviestWeight(storage::Tx& tx, std::int64_t member_id, std::int64_t exercise_id,
                                           std::int64_t excluding_set_id) {
    return MaxOverMemberSets(tx, "weight_g", member_id, exercise_id, excluding_set_id);
}

std::vector<DailyWorkout> DaysOfMember(storage::Tx& tx, std::int64_t member_id, const std::string& from,
                                       const std::string& to, int limit, int offset) {
    long long member = member_id, id = 0, duration = 0, calories = 0, volume = 0, created = 0;
    int sets = 0, completed = 0;
    std::string date, start = from, end = to;
    soci::statement st = (tx.sql.prepare << "SELECT id, workout_date, total_sets, total_duration_ms, "
                                            "total_calories_dcal, total_volume_g, is_completed, created_at "
                                            "FROM daily_workouts WHERE member_id = :member AND workout_date >= :from "
                                            "AND workout_date <= :to ORDER BY workout_date DESC LIMIT " +
                                                std::to_string(limit) + " OFFSET " + std::to_string(offset),
                          soci::use(member), soci::use(start), soci::use(end), soci::into(id), soci::into(date),
                          soci::into(sets), soci::into(duration), soci::into(calories), soci::into(volume),
                          soci::into(completed), soci::into(created));
    st.execute(false);
    std::vector<DailyWorkout> days;
    while (st.fetch()) {
        days.push_back({id, member_id, date, {sets, duration, calories, volume}, completed != 0, created});
    }
    return days;
}

std::int64_t CountDays(storage::Tx& tx, std::int64_t member_id, const std::string& from, const std::string& to) {
    long long member = member_id, count = 0;
    std::string start = from, end = to;
    tx.sql << "SELECT COUNT(*) FROM daily_workouts WHERE member_id = :member AND workout_date >= :from AND "
              "workout_date <= :to",
        soci::use(member), soci::use(start), soci::use(end), soci::into(count);
    return count;
}

}  // namespace spotter::workouts
