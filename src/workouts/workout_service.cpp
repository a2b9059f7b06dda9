#include "workouts/workout_service.hpp"

#include <cmath>
#include <unordered_map>

#include "common/clock.hpp"
#include "common/time_zone.hpp"
#include "members/member_repository.hpp"
#include "workouts/calories.hpp"

namespace spotter::workouts {

namespace {

Error MemberNotFound() { return Error{ErrorCode::kNotFound, "해당 회원을 찾을 수 없습니다.", {}, "member_not_found"}; }
Error RecordNotFound() { return Error{ErrorCode::kNotFound, "운동 정보를 찾을 수 없습니다.", {}, "record_not_found"}; }
Error SetNotFound() { return Error{ErrorCode::kNotFound, "세트를 찾을 수 없습니다.", {}, "set_not_found"}; }

// The workout exercise `id`, when it belongs to `member_id`.
std::optional<WorkoutExercise> OwnedExercise(storage::Tx& tx, std::int64_t member_id, std::int64_t id) {
    auto found = FindWorkoutExercise(tx, id);
    if (!found || found->member_id != member_id) return std::nullopt;
    return found;
}

ExerciseSet NewSet(std::int64_t workout_exercise_id, const SetInput& input, const std::string& source,
                   std::int64_t logged_by, std::int64_t now) {
    ExerciseSet set;
    set.workout_exercise_id = workout_exercise_id;
    set.repetitions = input.repetitions.value_or(0);
    set.weight_g = input.weight_g.value_or(0);
    set.duration_ms = input.duration_ms;
    set.form_score = input.form_score;
    set.source = source;
    set.logged_by = logged_by;
    set.completed_at = now;
    return set;
}

}  // namespace

Result<WorkoutService::LockedSet> WorkoutService::LockSet(storage::Tx& tx, const http::Principal& caller,
                                                         std::int64_t member_id, std::int64_t workout_exercise_id,
                                                         std::int64_t set_id, std::int64_t now) {
    auto target = Authorize(tx, caller, member_id, true);
    if (!target) return target.error();
    auto entry = OwnedExercise(tx, member_id, workout_exercise_id);
    if (!entry) return SetNotFound();
    DailyWorkout day = LockDay(tx, member_id, entry->workout_date, now);
    auto set = FindSet(tx, set_id);
    if (!set || set->workout_exercise_id != workout_exercise_id) return SetNotFound();
    return LockedSet{*target, *entry, day, *set};
}

std::string TodayIn(const std::string& time_zone) { return LocalDate(NowMicros(), time_zone); }

template <class View>
std::optional<Result<View>> WorkoutService::Unchanged(const http::Principal& caller, std::int64_t member_id,
                                                      const Known& known) {
    // The access check reads the version in the same single statement, so no transaction is needed.
    return db_.ReadOne([&](storage::Tx& tx) -> std::optional<Result<View>> {
        auto target = Authorize(tx, caller, member_id, false);
        if (!target) return Result<View>(target.error());
        if (!known(target->records_version)) return std::nullopt;
        View view;
        view.version = target->records_version;
        view.unchanged = true;
        return Result<View>(std::move(view));
    });
}

template <class View, class Fill>
Result<View> WorkoutService::ReadUnlessKnown(const http::Principal& caller, std::int64_t member_id, const Known& known,
                                             const Fill& fill) {
    if (known) {
        if (auto unchanged = Unchanged<View>(caller, member_id, known)) return *unchanged;
    }
    return db_.Read([&](storage::Tx& tx) -> Result<View> {
        auto target = Authorize(tx, caller, member_id, false);
        if (!target) return target.error();
        View view;
        view.version = target->records_version;
        view.unchanged = known && known(view.version);
        if (!view.unchanged) fill(tx, *target, view);
        return view;
    });
}

Result<WorkoutService::Target> WorkoutService::Authorize(storage::Tx& tx, const http::Principal& caller,
                                                          std::int64_t member_id, bool write) {
    // Reads run the access check first, so the ticket is taken before their snapshot begins.
    std::uint64_t ticket = facts_ ? facts_->Ticket() : 0;
    auto facts = FindMemberFacts(tx, member_id);
    if (facts && facts_ && !write) facts_->Keep(member_id, *facts, ticket);
    return Allow(caller, member_id, facts, write);
}

std::optional<std::int64_t> WorkoutService::RecordsVersionInMemory(const http::Principal& caller,
                                                                   std::int64_t member_id) const {
    if (!facts_) return std::nullopt;
    auto facts = facts_->Find(member_id);
    if (!facts) return std::nullopt;
    auto target = Allow(caller, member_id, facts, false);
    if (!target) return std::nullopt;
    return target->records_version;
}

Result<WorkoutService::Target> WorkoutService::Allow(const http::Principal& caller, std::int64_t member_id,
                                                      const std::optional<MemberFacts>& profile, bool write) {
    if (!profile || !profile->is_active) return MemberNotFound();
    bool self = caller.user_id == member_id;
    bool their_trainer = caller.role == "trainer" && profile->user_type == "member" &&
                         profile->trainer_id == caller.user_id;
    bool admin = caller.role == "admin";
    if (!self && !their_trainer && !admin) return MemberNotFound();
    if (write && !self && !their_trainer) {
        return Error{ErrorCode::kForbidden, "관리자는 운동 기록을 조회만 할 수 있습니다.", {}, "permission_denied"};
    }
    Target target;
    target.member_id = member_id;
    target.records_version = profile->records_version;
    // No profile row yet: the default zone of a new profile.
    target.time_zone = profile->time_zone.empty() ? members::Profile{}.time_zone : profile->time_zone;
    target.is_trainer = profile->user_type == "trainer";
    if (profile->weight_kg) {
        target.body_weight_g = std::llround(*profile->weight_kg * 1000.0);
        target.body_weight_source = "profile";
    } else {
        target.body_weight_g = kDefaultBodyWeightG;
        target.body_weight_source = "default";
    }
    target.writer = {caller.user_id, caller.role == "trainer" ? "trainer" : caller.role == "admin" ? "admin" : "member"};
    return target;
}

void WorkoutService::Compute(ExerciseSet& set, double met, const Target& target) {
    set.met_value = met;
    set.body_weight_g = target.body_weight_g;
    set.body_weight_source = target.body_weight_source;
    set.effective_duration_ms = set.duration_ms.value_or(kDefaultSetDurationMs);
    set.calories_dcal = CaloriesDcal(met, set.body_weight_g, set.effective_duration_ms);
    set.volume_g = VolumeG(set.repetitions, set.weight_g);
    set.estimated_1rm_g = Epley1rmG(set.repetitions, set.weight_g);
}

Result<SetOutcome> WorkoutService::Store(storage::Tx& tx, const Target& target, WorkoutExercise entry,
                                         DailyWorkout day, ExerciseSet set, std::int64_t now) {
    SetOutcome outcome;
    std::optional<PersonalRecord> record;
    if (set.estimated_1rm_g) {
        auto best = BestEstimated1rm(tx, target.member_id, entry.exercise_id, set.id);
        if (best && *set.estimated_1rm_g > *best) {
            auto heaviest = HeaviestWeight(tx, target.member_id, entry.exercise_id, set.id);
            record = PersonalRecord{*set.estimated_1rm_g, best, heaviest && set.weight_g > *heaviest};
        }
    }
    set.is_personal_record = record.has_value();
    NewTotals totals;
    if (set.id == 0) {
        set = InsertSet(tx, set, target.member_id, entry.exercise_id, now);
        totals = AddToTotals(tx, set, day.id, now);
    } else {
        UpdateSet(tx, set, now);
        totals = RecomputeTotals(tx, entry.id, day.id, now);
    }
    outcome.set = set;
    outcome.personal_record = record;
    Settle(outcome, std::move(entry), std::move(day), totals);
    outcome.is_trainer_record = target.is_trainer;
    return outcome;
}

void WorkoutService::Settle(SetOutcome& outcome, WorkoutExercise entry, DailyWorkout day, const NewTotals& totals) {
    if (totals.exercise) {
        entry.totals = *totals.exercise;
        outcome.exercise = std::move(entry);
    }
    if (totals.day) {
        day.totals = *totals.day;
        outcome.day = std::move(day);
    }
}

std::vector<Exercise> WorkoutService::Catalog(const http::Principal& caller, CatalogFilter filter) {
    filter.viewer_id = caller.user_id;
    filter.include_retired = filter.include_retired && caller.role == "admin";
    return db_.Read([&](storage::Tx& tx) { return ListExercises(tx, filter); });
}

Result<Exercise> WorkoutService::GetExercise(const http::Principal& caller, std::int64_t id) {
    auto found = db_.ReadOne([&](storage::Tx& tx) { return FindExercise(tx, id); });
    if (!found || (found->owner_id && *found->owner_id != caller.user_id && caller.role != "admin")) {
        return Error{ErrorCode::kNotFound, "운동을 찾을 수 없습니다.", {}, "exercise_not_found"};
    }
    return *found;
}

Result<Exercise> WorkoutService::CreateExercise(const http::Principal& caller, Exercise exercise) {
    // Administrators add to the catalog; trainers add private exercises.
    if (caller.role == "admin") {
        exercise.owner_id.reset();
        if (exercise.met_basis.empty()) exercise.met_basis = "Set by an administrator";
    } else {
        exercise.owner_id = caller.user_id;
        if (exercise.met_basis.empty()) exercise.met_basis = "Set by the trainer who added this exercise";
    }
    std::int64_t now = NowMicros();
    try {
        return db_.Write([&](storage::Tx& tx) -> Result<Exercise> {
            exercise.id = InsertExercise(tx, exercise, now);
            return exercise;
        });
    } catch (const std::exception& e) {
        if (storage::IsUniqueViolation(e)) {
            return Error{ErrorCode::kConflict, "같은 이름의 운동이 이미 있습니다.",
                         {{"exercise_name", {"An exercise with this name exists."}}}, "duplicate_exercise"};
        }
        throw;
    }
}

Result<Exercise> WorkoutService::EditExercise(const http::Principal& caller, std::int64_t id, const Exercise& changes) {
    std::int64_t now = NowMicros();
    try {
        return db_.Write([&](storage::Tx& tx) -> Result<Exercise> {
            auto found = FindExercise(tx, id);
            bool allowed = found && (caller.role == "admin" ? true : found->owner_id == caller.user_id);
            if (!allowed) return Error{ErrorCode::kNotFound, "운동을 찾을 수 없습니다.", {}, "exercise_not_found"};
            Exercise next = changes;
            next.id = id;
            next.owner_id = found->owner_id;
            UpdateExercise(tx, next, now);
            // Records show exercise names: bodies built before the change are not served again.
            tx.AfterCommit([this] { responses_.Clear(); });
            return next;
        });
    } catch (const std::exception& e) {
        if (storage::IsUniqueViolation(e)) {
            return Error{ErrorCode::kConflict, "같은 이름의 운동이 이미 있습니다.",
                         {{"exercise_name", {"An exercise with this name exists."}}}, "duplicate_exercise"};
        }
        throw;
    }
}

Result<SetOutcome> WorkoutService::LogSet(const http::Principal& caller, std::int64_t member_id,
                                          const Exercise& exercise, const SetInput& input,
                                          std::optional<std::string> date, std::optional<std::string> source) {
    std::int64_t now = NowMicros();
    return db_.Write([&](storage::Tx& tx) -> Result<SetOutcome> {
        auto target = Authorize(tx, caller, member_id, true);
        if (!target) return target.error();
        std::string today = TodayIn(target->time_zone);
        std::string day_date = date.value_or(today);
        if (day_date > LocalDate(now + 24LL * 3600 * 1000000, target->time_zone)) {
            return Error{ErrorCode::kValidation, "미래 날짜에는 기록할 수 없습니다.",
                         {{"workout_date", {"The date is in the future for this member."}}}, "invalid"};
        }
        DailyWorkout day = LockDay(tx, member_id, day_date, now);
        WorkoutExercise entry = EnsureWorkoutExercise(tx, day.id, exercise.id, caller.user_id, now);
        ExerciseSet set = NewSet(entry.id, input, source.value_or(target->writer.source), caller.user_id, now);
        Compute(set, exercise.met_value, *target);
        return Store(tx, *target, std::move(entry), std::move(day), set, now);
    });
}

Result<SetOutcome> WorkoutService::AddSet(const http::Principal& caller, std::int64_t member_id,
                                          std::int64_t workout_exercise_id, const SetInput& input) {
    std::int64_t now = NowMicros();
    return db_.Write([&](storage::Tx& tx) -> Result<SetOutcome> {
        auto target = Authorize(tx, caller, member_id, true);
        if (!target) return target.error();
        auto entry = OwnedExercise(tx, member_id, workout_exercise_id);
        if (!entry) return RecordNotFound();
        DailyWorkout day = LockDay(tx, member_id, entry->workout_date, now);
        auto exercise = FindExercise(tx, entry->exercise_id);
        ExerciseSet set = NewSet(workout_exercise_id, input, target->writer.source, caller.user_id, now);
        Compute(set, exercise ? exercise->met_value : 3.5, *target);
        return Store(tx, *target, std::move(*entry), std::move(day), set, now);
    });
}

Result<SetOutcome> WorkoutService::EditSet(const http::Principal& caller, std::int64_t member_id,
                                           std::int64_t workout_exercise_id, std::int64_t set_id,
                                           const SetInput& patch) {
    std::int64_t now = NowMicros();
    return db_.Write([&](storage::Tx& tx) -> Result<SetOutcome> {
        auto locked = LockSet(tx, caller, member_id, workout_exercise_id, set_id, now);
        if (!locked) return locked.error();
        ExerciseSet& set = locked->set;
        if (patch.repetitions) set.repetitions = *patch.repetitions;
        if (patch.weight_g) set.weight_g = *patch.weight_g;
        if (patch.duration_present) set.duration_ms = patch.duration_ms;
        // The set keeps the body weight and MET it was logged with: editing it does not rewrite history.
        Target as_logged = locked->target;
        as_logged.body_weight_g = set.body_weight_g;
        as_logged.body_weight_source = set.body_weight_source;
        Compute(set, set.met_value, as_logged);
        return Store(tx, locked->target, locked->entry, locked->day, set, now);
    });
}

Result<SetOutcome> WorkoutService::RemoveSet(const http::Principal& caller, std::int64_t member_id,
                                             std::int64_t workout_exercise_id, std::int64_t set_id) {
    std::int64_t now = NowMicros();
    return db_.Write([&](storage::Tx& tx) -> Result<SetOutcome> {
        auto locked = LockSet(tx, caller, member_id, workout_exercise_id, set_id, now);
        if (!locked) return locked.error();
        auto set = std::optional<ExerciseSet>(locked->set);
        const auto& day = locked->day;
        const auto& target = locked->target;
        DeleteSet(tx, *set);
        // Remaining sets are numbered 1..n again, in their order.
        auto remaining = SetsOf(tx, workout_exercise_id);
        for (std::size_t i = 0; i < remaining.size(); ++i) {
            if (remaining[i].set_number != static_cast<int>(i + 1)) {
                remaining[i].set_number = static_cast<int>(i + 1);
                UpdateSet(tx, remaining[i], now);
            }
        }
        SetOutcome outcome;
        outcome.set = *set;
        Settle(outcome, locked->entry, day, RecomputeTotals(tx, workout_exercise_id, day.id, now));
        outcome.is_trainer_record = target.is_trainer;
        return outcome;
    });
}

Result<WorkoutService::DayRecords> WorkoutService::Records(const http::Principal& caller, std::int64_t member_id,
                                                           const std::optional<std::string>& date,
                                                           const std::function<bool(std::int64_t)>& known) {
    return ReadUnlessKnown<DayRecords>(caller, member_id, known, [&](storage::Tx& tx, const Target& target,
                                                                     DayRecords& records) {
        records.is_trainer_record = target.is_trainer;
        records.exercises = ExercisesOfMember(tx, member_id, date);
    });
}

Result<WorkoutService::ExerciseWithSets> WorkoutService::Sets(const http::Principal& caller, std::int64_t member_id,
                                                              std::int64_t workout_exercise_id) {
    return db_.Read([&](storage::Tx& tx) -> Result<ExerciseWithSets> {
        auto target = Authorize(tx, caller, member_id, false);
        if (!target) return target.error();
        auto entry = OwnedExercise(tx, member_id, workout_exercise_id);
        if (!entry) return RecordNotFound();
        return ExerciseWithSets{*entry, SetsOf(tx, workout_exercise_id)};
    });
}

Result<std::pair<WorkoutExercise, ExerciseSet>> WorkoutService::GetSet(const http::Principal& caller,
                                                                       std::int64_t member_id,
                                                                       std::int64_t workout_exercise_id,
                                                                       std::int64_t set_id) {
    return db_.Read([&](storage::Tx& tx) -> Result<std::pair<WorkoutExercise, ExerciseSet>> {
        auto target = Authorize(tx, caller, member_id, false);
        if (!target) return target.error();
        auto entry = OwnedExercise(tx, member_id, workout_exercise_id);
        auto set = FindSet(tx, set_id);
        if (!entry || !set || set->workout_exercise_id != workout_exercise_id) return SetNotFound();
        return std::pair{*entry, *set};
    });
}

std::vector<WorkoutService::DayDetail> WorkoutService::ReadDays(storage::Tx& tx, std::int64_t member_id,
                                                               const std::string& from, const std::string& to,
                                                               int limit, int offset) {
    std::vector<DayDetail> out;
    for (auto& day : DaysOfMember(tx, member_id, from, to, limit, offset)) out.push_back({std::move(day), {}});
    if (out.empty()) return out;
    // The page is every day of the member between its oldest and newest date: two more queries in all.
    const std::string& first = out.back().day.workout_date;
    const std::string& last = out.front().day.workout_date;
    std::unordered_map<std::int64_t, std::vector<ExerciseSet>> sets_of;
    for (auto& set : SetsOfDays(tx, member_id, first, last)) sets_of[set.workout_exercise_id].push_back(std::move(set));
    std::unordered_map<std::int64_t, DayDetail*> by_id;
    for (auto& detail : out) by_id[detail.day.id] = &detail;
    for (auto& exercise : ExercisesOfDays(tx, member_id, first, last)) {  // by date and order number
        auto found = by_id.find(exercise.daily_workout_id);
        if (found == by_id.end()) continue;
        auto sets = std::move(sets_of[exercise.id]);
        found->second->exercises.push_back({std::move(exercise), std::move(sets)});
    }
    return out;
}

Result<std::vector<WorkoutService::DayDetail>> WorkoutService::Days(const http::Principal& caller,
                                                                    std::int64_t member_id, const std::string& from,
                                                                    const std::string& to, int limit, int offset,
                                                                    std::int64_t* total) {
    return db_.Read([&](storage::Tx& tx) -> Result<std::vector<DayDetail>> {
        auto target = Authorize(tx, caller, member_id, false);
        if (!target) return target.error();
        auto out = ReadDays(tx, member_id, from, to, limit, offset);
        if (total) *total = CountDays(tx, member_id, from, to);
        return out;
    });
}

Result<WorkoutService::History> WorkoutService::RecentHistory(const http::Principal& caller, std::int64_t member_id,
                                                              int days, const Known& known) {
    return ReadUnlessKnown<History>(caller, member_id, known, [&](storage::Tx& tx, const Target&, History& history) {
        history.days = ReadDays(tx, member_id, kFirstDate, kLastDate, days, 0);
        history.total = CountDays(tx, member_id, kFirstDate, kLastDate);
    });
}

Result<std::string> WorkoutService::MemberToday(const http::Principal& caller, std::int64_t member_id) {
    return db_.Read([&](storage::Tx& tx) -> Result<std::string> {
        auto target = Authorize(tx, caller, member_id, false);
        if (!target) return target.error();
        return TodayIn(target->time_zone);
    });
}

Result<std::vector<std::pair<std::string, ExerciseSet>>> WorkoutService::ExerciseHistory(
    const http::Principal& caller, std::int64_t member_id, std::int64_t exercise_id) {
    return db_.Read([&](storage::Tx& tx) -> Result<std::vector<std::pair<std::string, ExerciseSet>>> {
        auto target = Authorize(tx, caller, member_id, false);
        if (!target) return target.error();
        return SetsOfExercise(tx, member_id, exercise_id);
    });
}

Result<std::vector<Exercise>> WorkoutService::RecentExercises(const http::Principal& caller, std::int64_t member_id,
                                                               int limit) {
    return db_.Read([&](storage::Tx& tx) -> Result<std::vector<Exercise>> {
        auto target = Authorize(tx, caller, member_id, false);
        if (!target) return target.error();
        std::vector<Exercise> out;
        std::vector<std::int64_t> seen;
        for (const auto& entry : ExercisesOfMember(tx, member_id, std::nullopt)) {
            if (std::find(seen.begin(), seen.end(), entry.exercise_id) != seen.end()) continue;
            seen.push_back(entry.exercise_id);
            if (auto exercise = FindExercise(tx, entry.exercise_id)) out.push_back(*exercise);
            if (static_cast<int>(out.size()) >= limit) break;
        }
        return out;
    });
}

void WorkoutService::RecomputeDayCalories(storage::Tx& tx, std::int64_t member_id, const std::string& date,
                                          std::optional<double> weight_kg, std::int64_t now) {
    auto day = FindDay(tx, member_id, date);
    if (!day) return;
    Target target;
    target.member_id = member_id;
    target.body_weight_g = weight_kg ? std::llround(*weight_kg * 1000.0) : kDefaultBodyWeightG;
    target.body_weight_source = weight_kg ? "profile" : "default";
    for (const auto& entry : ExercisesOfMember(tx, member_id, date)) {
        for (auto set : SetsOf(tx, entry.id)) {
            Compute(set, set.met_value, target);
            UpdateSet(tx, set, now);
        }
        RecomputeTotals(tx, entry.id, day->id, now);
    }
}

}  // namespace spotter::workouts
