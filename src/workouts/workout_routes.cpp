#include "workouts/workout_routes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "accounts/access.hpp"
#include "common/clock.hpp"
#include "common/time_zone.hpp"
#include "workouts/calories.hpp"

namespace spotter::workouts {

namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;

// --- formatting ------------------------------------------------------------------------------------------------

double Kg(std::int64_t grams) { return static_cast<double>(grams) / 1000.0; }
int Kcal(std::int64_t dcal) { return static_cast<int>(std::llround(static_cast<double>(dcal) / 10.0)); }
double Kcal1(std::int64_t dcal) { return static_cast<double>(dcal) / 10.0; }
std::int64_t Seconds(std::int64_t ms) { return ms / 1000; }

// "MM:SS", minutes not capped at 59.
std::string MinSec(std::int64_t ms) {
    std::int64_t s = ms / 1000;
    char out[32];
    std::snprintf(out, sizeof out, "%02lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
    return out;
}

// "HH:MM:SS", hours not capped at 23.
std::string HourMinSec(std::int64_t ms) {
    std::int64_t s = ms / 1000;
    char out[32];
    std::snprintf(out, sizeof out, "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    return out;
}

// "HH:MM:SS" of an instant in UTC (the contract's completed_at).
std::string UtcClock(std::int64_t micros) { return FormatIsoMicros(micros).substr(11, 8); }

json TotalsJson(const Totals& t) {
    return {{"total_sets", t.sets},
            {"total_duration_sec", Seconds(t.duration_ms)},
            {"total_duration_ms", t.duration_ms},
            {"total_calories", Kcal(t.calories_dcal)},
            {"total_calories_kcal", Kcal1(t.calories_dcal)},
            {"total_volume_kg", Kg(t.volume_g)}};
}

json SetJson(const ExerciseSet& s, const std::string& exercise_name) {
    return {{"set_id", s.id},
            {"set_number", s.set_number},
            {"exercise_name", exercise_name},
            {"repetitions", s.repetitions},
            {"weight_kg", Kg(s.weight_g)},
            {"duration_sec", Seconds(s.effective_duration_ms)},
            {"duration_ms", s.effective_duration_ms},
            {"duration_given", s.duration_ms.has_value()},
            {"duration_display", MinSec(s.effective_duration_ms)},
            {"calories", Kcal(s.calories_dcal)},
            {"calories_kcal", Kcal1(s.calories_dcal)},
            {"calculation",
             {{"formula", "MET × body weight (kg) × duration (h)"},
              {"met", s.met_value},
              {"body_weight_kg", Kg(s.body_weight_g)},
              {"body_weight_source", s.body_weight_source},
              {"duration_hours", static_cast<double>(s.effective_duration_ms) / 3.6e6},
              {"default_duration_applied", !s.duration_ms.has_value()}}},
            {"volume_kg", Kg(s.volume_g)},
            {"estimated_1rm_kg", s.estimated_1rm_g ? json(Kg(*s.estimated_1rm_g)) : json(nullptr)},
            {"is_personal_record", s.is_personal_record},
            {"form_score", s.form_score ? json(*s.form_score) : json(nullptr)},
            {"source", s.source},
            {"logged_by", s.logged_by ? json(*s.logged_by) : json(nullptr)},
            {"is_completed", true},
            {"completed_at", UtcClock(s.completed_at)},
            {"completed_at_iso", FormatIsoMicros(s.completed_at)}};
}

json RecordJson(const WorkoutExercise& e, bool is_trainer) {
    return {{"id", e.id},
            {"is_trainer", is_trainer},
            {"exercise_id", e.exercise_id},
            {"exercise_name", e.exercise_name},
            {"body_part", e.body_part},
            {"equipment", e.equipment},
            {"workout_date", e.workout_date},
            {"order_number", e.order_number},
            {"set_count", e.totals.sets},
            {"total_duration_sec", Seconds(e.totals.duration_ms)},
            {"calories_burned", Kcal(e.totals.calories_dcal)},
            {"calories_kcal", Kcal1(e.totals.calories_dcal)},
            {"volume_kg", Kg(e.totals.volume_g)},
            {"logged_by", e.logged_by ? json(*e.logged_by) : json(nullptr)},
            {"logged_by_role", e.logged_by_role}};
}

json PersonalRecordJson(const std::optional<PersonalRecord>& record) {
    if (!record) return nullptr;
    return {{"type", "estimated_1rm"},
            {"estimated_1rm_kg", Kg(record->estimated_1rm_g)},
            {"previous_best_kg", record->previous_best_g ? json(Kg(*record->previous_best_g)) : json(nullptr)},
            {"heaviest_weight", record->heaviest_weight}};
}

json ExerciseJson(const Exercise& e) {
    return {{"id", e.id},
            {"exercise_name", e.exercise_name},
            {"name_en", e.name_en ? json(*e.name_en) : json(nullptr)},
            {"body_part", e.body_part},
            {"equipment", e.equipment},
            {"measurement_unit", e.measurement_unit},
            {"weight_unit", e.weight_unit},
            {"met_value", e.met_value},
            {"met_basis", e.met_basis},
            {"is_active", e.is_active},
            {"custom", e.owner_id.has_value()}};
}

Response Ok(int status, json body) {
    body["success"] = true;
    return Response::Json(status, body);
}

// JSON text as Response::Json writes it.
std::string JsonText(const json& value) { return Response::Json(200, value).body; }

// --- parsing ---------------------------------------------------------------------------------------------------


// Strict numbers: strings, booleans and out-of-range values are field errors.
std::optional<double> Number(const json& body, const char* field, double low, double high, FieldErrors& errors) {
    auto found = body.find(field);
    if (found == body.end() || found->is_null()) return std::nullopt;
    if (!found->is_number()) {
        errors[field].push_back("A valid number is required.");
        return std::nullopt;
    }
    double value = found->get<double>();
    if (!std::isfinite(value) || value < low || value > high) {
        errors[field].push_back("Must be between " + std::to_string(static_cast<long long>(low)) + " and " +
                                std::to_string(static_cast<long long>(high)) + ".");
        return std::nullopt;
    }
    return value;
}

SetInput ParseSet(const json& body, FieldErrors& errors, bool require_reps_and_weight) {
    SetInput input;
    if (auto reps = Number(body, "repetitions", 0, 1000, errors)) {
        if (*reps != std::floor(*reps)) {
            errors["repetitions"].push_back("Must be a whole number.");
        } else {
            input.repetitions = static_cast<int>(*reps);
        }
    }
    if (auto weight = Number(body, "weight_kg", 0, 1000, errors)) input.weight_g = std::llround(*weight * 1000.0);
    input.duration_present = body.contains("duration_sec");
    if (auto duration = Number(body, "duration_sec", 0, 86400, errors)) {
        // 0 is what clients send for an untouched timer: the set was not timed.
        if (*duration > 0) input.duration_ms = std::max<std::int64_t>(1, std::llround(*duration * 1000.0));
    }
    if (body.contains("form_score")) {
        if (auto score = Number(body, "form_score", 0, 100, errors)) input.form_score = *score;
    }
    if (require_reps_and_weight) {
        for (const char* field : {"repetitions", "weight_kg"}) {
            if (!body.contains(field) || body[field].is_null()) errors[field].push_back("This field is required.");
        }
    }
    return input;
}

std::optional<std::string> DateField(const json& body, const char* field, FieldErrors& errors) {
    auto found = body.find(field);
    if (found == body.end() || found->is_null()) return std::nullopt;
    if (!found->is_string() || !IsIsoDate(found->get<std::string>())) {
        errors[field].push_back("Use a date written YYYY-MM-DD.");
        return std::nullopt;
    }
    return found->get<std::string>();
}

std::optional<std::string> DateQuery(const Request& request, const char* name) {
    auto value = request.Query(name);
    if (!value) return std::nullopt;
    if (!IsIsoDate(*value)) throw ValidationError({{name, {"Use a date written YYYY-MM-DD."}}});
    return value;
}

int IntQuery(const Request& request, const char* name, int fallback, int low, int high) {
    auto text = request.Query(name);
    if (!text || text->empty()) return fallback;
    try {
        std::size_t used = 0;
        int value = std::stoi(*text, &used);
        if (used == text->size() && value >= low && value <= high) return value;
    } catch (const std::exception&) {
    }
    throw ValidationError({{name, {"Must be a whole number from " + std::to_string(low) + " to " +
                                   std::to_string(high) + "."}}});
}

std::string ShiftDays(const std::string& date, int days) {
    auto midnight = LocalMidnight(date, "UTC");
    return LocalDate(*midnight + static_cast<std::int64_t>(days) * 24 * 3600 * 1000000 + 3600LL * 1000000, "UTC");
}

// --- documents -------------------------------------------------------------------------------------------------

json Any() { return {{"type", "object"}}; }

http::RouteDoc Doc(std::string summary, json request_body = nullptr, std::vector<http::QueryDoc> query = {},
                   json extra_errors = json::object(), const char* ok_status = "200") {
    http::RouteDoc doc;
    doc.summary = std::move(summary);
    doc.tags = {"workouts"};
    doc.query = std::move(query);
    doc.request_body = std::move(request_body);
    doc.responses = {{ok_status, {{"description", "Done"}, {"schema", Any()}}}};
    doc.responses["404"] = {{"description", "No such member or record, or not yours to see"}};
    for (const auto& [status, description] : extra_errors.items()) doc.responses[status] = {{"description", description}};
    return doc;
}

json SetBodySchema(bool with_exercise, bool required_fields = true) {
    json properties = {
        {"repetitions", {{"type", "integer"}, {"minimum", 0}, {"maximum", 1000}}},
        {"weight_kg", {{"type", "number"}, {"minimum", 0}, {"maximum", 1000}}},
        {"duration_sec",
         {{"type", {"number", "null"}}, {"minimum", 0}, {"maximum", 86400},
          {"description", "Seconds, fractions allowed; 0 or absent: not timed (counted as 90 s)"}}},
        {"calories", {{"type", "number"}, {"description", "Ignored: the server computes calories"}}}};
    std::vector<std::string> required;
    if (required_fields) required = {"repetitions", "weight_kg"};
    if (with_exercise) {
        properties["exercise_name"] = {{"type", "string"}, {"maxLength", 100}};
        properties["exercise_id"] = {{"type", "integer"}};
        properties["body_part"] = {{"type", "string"}};
        properties["equipment"] = {{"type", "string"}};
        properties["workout_date"] = {{"type", "string"}, {"format", "date"},
                                      {"description", "The member's local date (default: their today)"}};
    }
    return {{"type", "object"}, {"properties", properties}, {"required", required}};
}

// Registers one handler under both TrainMate path families.
void Both(http::Router& router, Method method, const std::string& deployed, const std::string& readme,
          http::Handler handler, std::string id, http::RouteDoc doc, std::size_t body_limit = 16 * 1024,
          http::QuickHandler quick = nullptr) {
    router.Add({.method = method,
                .pattern = deployed,
                .handler = handler,
                .access = Access::kAuthenticated,
                .operation_id = id,
                .doc = doc,
                .body_limit = body_limit,
                .quick = quick});
    doc.description = "The same operation as `" + http::OpenApiPath(deployed) + "` under the TrainMate README's path.";
    router.Add({.method = method,
                .pattern = readme,
                .handler = std::move(handler),
                .access = Access::kAuthenticated,
                .operation_id = id + "ReadmePath",
                .doc = std::move(doc),
                .body_limit = body_limit,
                .quick = std::move(quick)});
}

}  // namespace

members::WorkoutHistory MemberDetailRecords(WorkoutService& service, const http::Principal& caller,
                                            std::int64_t member_id) {
    constexpr int kDays = 30;
    const std::string key = "detail:" + std::to_string(member_id);
    ResponseCache::Body cached;
    auto history = service.RecentHistory(caller, member_id, kDays, [&](std::int64_t version) {
        cached = service.responses().Find(key, version);
        return cached != nullptr;
    });
    if (!history) return {};
    if (!history->unchanged) {
        json records = json::array();
        for (const auto& detail : history->days) {
            json exercises = json::array();
            for (const auto& item : detail.exercises) {
                json sets = json::array();
                for (const auto& set : item.sets) {
                    sets.push_back({{"set_number", set.set_number},
                                    {"repetitions", set.repetitions},
                                    {"weight_kg", Kg(set.weight_g)},
                                    {"duration", HourMinSec(set.effective_duration_ms)},
                                    {"calories", Kcal(set.calories_dcal)},
                                    {"completed_at", FormatIsoOffset(set.completed_at)}});
                }
                exercises.push_back({{"id", item.exercise.id},
                                     {"order_number", item.exercise.order_number},
                                     {"total_sets", item.exercise.totals.sets},
                                     {"total_duration", HourMinSec(item.exercise.totals.duration_ms)},
                                     {"total_calories", Kcal(item.exercise.totals.calories_dcal)},
                                     {"exercise",
                                      {{"id", item.exercise.exercise_id},
                                       {"exercise_name", item.exercise.exercise_name},
                                       {"body_part", item.exercise.body_part},
                                       {"equipment", item.exercise.equipment}}},
                                     {"exercise_sets", sets}});
            }
            const std::string& date = detail.day.workout_date;
            records.push_back({{"id", detail.day.id},
                               {"workout_date", date},
                               {"workout_date_display", date.substr(5, 2) + "월 " + date.substr(8, 2) + "일"},
                               {"total_duration", HourMinSec(detail.day.totals.duration_ms)},
                               {"total_calories", Kcal(detail.day.totals.calories_dcal)},
                               {"is_completed", detail.day.is_completed},
                               {"workout_exercises", exercises}});
        }
        // A part of the detail response (members module), so not compressed on its own.
        cached = std::make_shared<const ResponseCache::Cached>(
            ResponseCache::Cached{http::SharedBody::Make(JsonText(records), false), history->total});
        service.responses().Keep(key, history->version, cached);
    }
    return {cached->count, std::shared_ptr<const std::string>(cached->json, &cached->json->plain), history->version};
}

void RegisterWorkoutRoutes(http::Router& router, WorkoutService* service) {
    // --- W1: the catalog ---
    router.Add({.method = Method::kGet,
                .pattern = "/api/workouts/exercises/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        CatalogFilter filter;
                        filter.body_part = request.Query("body_part");
                        filter.equipment = request.Query("equipment");
                        filter.text = request.Query("q");
                        filter.include_retired = request.Query("include_retired") == "true";
                        if (filter.text && filter.text->size() > 100) {
                            throw ValidationError({{"q", {"At most 100 characters."}}});
                        }
                        auto exercises = service->Catalog(me, filter);
                        json data = json::object();
                        for (const auto& part : BodyParts()) {
                            for (const auto& e : exercises) {
                                if (e.body_part == part) data[part].push_back(ExerciseJson(e));
                            }
                        }
                        for (const auto& e : exercises) {  // custom body parts, if any
                            if (std::find(BodyParts().begin(), BodyParts().end(), e.body_part) == BodyParts().end()) {
                                data[e.body_part].push_back(ExerciseJson(e));
                            }
                        }
                        return Ok(200, {{"data", data}, {"count", exercises.size()}});
                    },
                .access = Access::kAuthenticated,
                .operation_id = "listExercises",
                .doc = Doc("The exercise catalog grouped by body part, with MET values",
                           nullptr,
                           {{"body_part", "One of the 12 body parts (Korean, e.g. 가슴)"},
                            {"equipment", "e.g. 바벨, 덤벨, 맨몸"},
                            {"q", "Part of the Korean or English name"},
                            {"include_retired", "Administrators: also retired exercises (true)"}})});

    auto exercise_from_body = [](const json& body, Exercise base, bool partial) {
        FieldErrors errors;
        auto text = [&](const char* field, std::string& slot, std::size_t max, bool required) {
            auto found = body.find(field);
            if (found == body.end() || found->is_null()) {
                if (required && !partial) errors[field].push_back("This field is required.");
                return;
            }
            if (!found->is_string() || found->get<std::string>().empty() || found->get<std::string>().size() > max) {
                errors[field].push_back("Must be text of 1 to " + std::to_string(max) + " characters.");
                return;
            }
            slot = found->get<std::string>();
        };
        text("exercise_name", base.exercise_name, 100, true);
        text("body_part", base.body_part, 50, true);
        text("equipment", base.equipment, 50, true);
        text("measurement_unit", base.measurement_unit, 20, false);
        text("weight_unit", base.weight_unit, 20, false);
        std::string name_en;
        text("name_en", name_en, 100, false);
        if (!name_en.empty()) base.name_en = name_en;
        if (auto met = Number(body, "met_value", 1, 20, errors)) base.met_value = std::round(*met * 10) / 10;
        if (body.contains("is_active")) {
            if (!body["is_active"].is_boolean()) {
                errors["is_active"].push_back("Must be true or false.");
            } else {
                base.is_active = body["is_active"].get<bool>();
            }
        }
        if (!base.body_part.empty() &&
            std::find(BodyParts().begin(), BodyParts().end(), base.body_part) == BodyParts().end()) {
            errors["body_part"].push_back("Unknown body part.");
        }
        if (!errors.empty()) throw ValidationError(errors, "입력값을 확인해주세요.");
        return base;
    };
    json exercise_body = {{"type", "object"},
                          {"properties",
                           {{"exercise_name", {{"type", "string"}, {"maxLength", 100}}},
                            {"name_en", {{"type", "string"}, {"maxLength", 100}}},
                            {"body_part", {{"type", "string"}}},
                            {"equipment", {{"type", "string"}}},
                            {"measurement_unit", {{"type", "string"}}},
                            {"weight_unit", {{"type", "string"}}},
                            {"met_value", {{"type", "number"}, {"minimum", 1}, {"maximum", 20}}},
                            {"is_active", {{"type", "boolean"}}}}},
                          {"required", {"exercise_name", "body_part", "equipment"}}};
    router.Add({.method = Method::kPost,
                .pattern = "/api/workouts/exercises/",
                .handler =
                    [service, exercise_from_body](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        Exercise base;
                        base.measurement_unit = "회";
                        base.weight_unit = "kg";
                        base.met_value = 3.5;
                        Exercise created = service->CreateExercise(me, exercise_from_body(request.JsonObjectBody(), base, false))
                                               .OrThrow();
                        return Ok(201, {{"data", ExerciseJson(created)}});
                    },
                .access = Access::kTrainer,
                .operation_id = "createExercise",
                .doc = Doc("Add an exercise: administrators to the catalog, trainers as a private custom one",
                           exercise_body, {}, {{"409", "An exercise with that name exists"}}, "201")});
    router.Add({.method = Method::kGet,
                .pattern = "/api/workouts/exercises/{exercise_id:int}/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        return Ok(200, {{"data", ExerciseJson(service->GetExercise(me, request.IntParam("exercise_id"))
                                                                   .OrThrow())}});
                    },
                .access = Access::kAuthenticated,
                .operation_id = "getExercise",
                .doc = Doc("One exercise")});
    router.Add({.method = Method::kPatch,
                .pattern = "/api/workouts/exercises/{exercise_id:int}/",
                .handler =
                    [service, exercise_from_body](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        std::int64_t id = request.IntParam("exercise_id");
                        Exercise current = service->GetExercise(me, id).OrThrow();
                        Exercise changed = exercise_from_body(request.JsonObjectBody(), current, true);
                        return Ok(200, {{"data", ExerciseJson(service->EditExercise(me, id, changed).OrThrow())}});
                    },
                .access = Access::kTrainer,
                .operation_id = "updateExercise",
                .doc = Doc("Edit an exercise (administrators: any; trainers: their own custom ones); is_active:false "
                           "retires it",
                           exercise_body)});
    router.Add({.method = Method::kDelete,
                .pattern = "/api/workouts/exercises/{exercise_id:int}/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        std::int64_t id = request.IntParam("exercise_id");
                        Exercise current = service->GetExercise(me, id).OrThrow();
                        current.is_active = false;
                        service->EditExercise(me, id, current).OrThrow();
                        return Ok(200, {{"message", "운동이 목록에서 제외되었습니다."}});
                    },
                .access = Access::kTrainer,
                .operation_id = "retireExercise",
                .doc = Doc("Retire an exercise (records that use it stay)")});

    // --- W2: log a set, creating the day and the exercise entry as needed ---
    auto log_set = [service](Request& request) {
        const auto& me = accounts::RequirePrincipal(request);
        std::int64_t member_id = request.IntParam("member_id");
        json body = request.JsonObjectBody();
        FieldErrors errors;
        SetInput input = ParseSet(body, errors, true);
        auto date = DateField(body, "workout_date", errors);
        std::optional<Exercise> exercise;
        if (body.contains("exercise_id") && !body["exercise_id"].is_null()) {
            if (!body["exercise_id"].is_number_integer()) {
                errors["exercise_id"].push_back("A valid integer is required.");
            } else if (auto found = service->GetExercise(me, body["exercise_id"].get<std::int64_t>());
                       found && found->is_active) {
                exercise = *found;
            } else {
                errors["exercise_id"].push_back("Unknown exercise.");
            }
        } else if (!body.contains("exercise_name") || !body["exercise_name"].is_string() ||
                   body["exercise_name"].get<std::string>().empty()) {
            errors["exercise_name"].push_back("This field is required.");
        } else if (body["exercise_name"].get<std::string>().size() > 100) {
            errors["exercise_name"].push_back("At most 100 characters.");
        } else {
            CatalogFilter filter;
            std::string name = body["exercise_name"].get<std::string>();
            for (const auto& candidate : service->Catalog(me, filter)) {
                if (candidate.exercise_name == name || (candidate.name_en && *candidate.name_en == name)) {
                    exercise = candidate;
                    break;
                }
            }
            if (!exercise) errors["exercise_name"].push_back("Unknown exercise: pick one from the catalog.");
        }
        if (!errors.empty()) {
            std::string first = errors.begin()->first;
            throw ValidationError(errors, "입력값을 확인해주세요: " + first);
        }
        auto outcome = service->LogSet(me, member_id, *exercise, input, date).OrThrow();
        json data = SetJson(outcome.set, exercise->exercise_name);
        data["workout_exercise_id"] = outcome.set.workout_exercise_id;
        data["workout_date"] = outcome.exercise ? outcome.exercise->workout_date : "";
        if (outcome.exercise) data["workout_totals"] = TotalsJson(outcome.exercise->totals);
        if (outcome.day) data["daily_totals"] = TotalsJson(outcome.day->totals);
        data["personal_record"] = PersonalRecordJson(outcome.personal_record);
        return Ok(201, {{"message", "운동 세트가 성공적으로 등록되었습니다."}, {"data", data}});
    };
    Both(router, Method::kPost, "/api/workouts/{member_id:int}/workout-sets/",
         "/api/workouts/members/{member_id:int}/workout-sets/", log_set, "logWorkoutSet",
         Doc("Log a set for a member (today in their time zone, or workout_date): creates the day's record and the "
             "exercise entry as needed; calories computed by the server; says when the set is a personal record",
             SetBodySchema(true), {}, {{"400", "Bad numbers, unknown exercise or date (errors by field)"},
                                       {"403", "Administrators read only"}},
             "201"));

    // --- W3: a day's records ---
    auto records_key = [](std::int64_t member_id, const std::optional<std::string>& date) {
        return "records:" + std::to_string(member_id) + ":" + date.value_or("all");
    };
    // SQLite: a body kept for the version this process knows, when it also knows the caller may read it.
    auto records_from_memory = [service, records_key](Request& request) -> std::optional<Response> {
        const auto& me = accounts::RequirePrincipal(request);
        std::int64_t member_id = request.IntParam("member_id");
        auto date = DateQuery(request, "date");
        auto version = service->RecordsVersionInMemory(me, member_id);
        if (!version) return std::nullopt;
        auto cached = service->responses().Find(records_key(member_id, date), *version);
        if (!cached) return std::nullopt;
        return Response::Shared(200, cached->json, "application/json");
    };
    auto records = [service, records_key](Request& request) {
        const auto& me = accounts::RequirePrincipal(request);
        std::int64_t member_id = request.IntParam("member_id");
        auto date = DateQuery(request, "date");
        // Access is checked and the member's records version read on every request; the body is built again only
        // when the records changed since it was built.
        const std::string key = records_key(member_id, date);
        ResponseCache::Body cached;
        auto result = service->Records(me, member_id, date, [&](std::int64_t version) {
                                  cached = service->responses().Find(key, version);
                                  return cached != nullptr;
                              }).OrThrow();
        if (result.unchanged) return Response::Shared(200, cached->json, "application/json");
        // The summary adds up the rows as shown (as TrainMate did), with the exact figure beside it.
        json list = json::array();
        std::int64_t duration_sec = 0, calories = 0, calories_dcal = 0, sets = 0, volume_g = 0;
        for (const auto& e : result.exercises) {
            list.push_back(RecordJson(e, result.is_trainer_record));
            duration_sec += Seconds(e.totals.duration_ms);
            calories += Kcal(e.totals.calories_dcal);
            calories_dcal += e.totals.calories_dcal;
            sets += e.totals.sets;
            volume_g += e.totals.volume_g;
        }
        Response response = Ok(200, {{"records", list},
                                     {"daily_summary",
                                      {{"total_duration_sec", duration_sec},
                                       {"total_calories", calories},
                                       {"total_calories_kcal", Kcal1(calories_dcal)},
                                       {"total_sets", sets},
                                       {"total_volume_kg", Kg(volume_g)}}}});
        auto kept = std::make_shared<const ResponseCache::Cached>(
            ResponseCache::Cached{http::SharedBody::Make(std::move(response.body))});
        service->responses().Keep(key, result.version, kept);
        return Response::Shared(200, kept->json, "application/json");
    };
    Both(router, Method::kGet, "/api/workouts/{member_id:int}/records/",
         "/api/workouts/members/{member_id:int}/records/", records, "listRecords",
         Doc("The exercises a member did on a date (all dates without one), with totals", nullptr,
             {{"date", "YYYY-MM-DD", {{"type", "string"}, {"format", "date"}}}}, {{"400", "Not a date"}}),
         16 * 1024, records_from_memory);

    // --- W4: one exercise with its sets ---
    auto sets = [service](Request& request) {
        const auto& me = accounts::RequirePrincipal(request);
        auto result = service->Sets(me, request.IntParam("member_id"), request.IntParam("record_id")).OrThrow();
        json list = json::array();
        for (const auto& s : result.sets) list.push_back(SetJson(s, result.exercise.exercise_name));
        json data = {{"workout_exercise_id", result.exercise.id},
                     {"exercise_id", result.exercise.exercise_id},
                     {"exercise_name", result.exercise.exercise_name},
                     {"body_part", result.exercise.body_part},
                     {"equipment", result.exercise.equipment},
                     {"workout_date", result.exercise.workout_date},
                     {"total_duration_display", MinSec(result.exercise.totals.duration_ms)},
                     {"sets", list}};
        data.update(TotalsJson(result.exercise.totals));
        return Ok(200, {{"data", data}});
    };
    Both(router, Method::kGet, "/api/workouts/{member_id:int}/records/{record_id:int}/sets/",
         "/api/workouts/members/{member_id:int}/exercises/{record_id:int}/sets/", sets, "listSets",
         Doc("One exercise of a member's day with its sets"));

    // --- W5: add a set to an exercise entry ---
    auto add_set = [service](Request& request) {
        const auto& me = accounts::RequirePrincipal(request);
        json body = request.JsonObjectBody();
        FieldErrors errors;
        SetInput input = ParseSet(body, errors, true);
        if (!errors.empty()) {
            std::string missing;
            for (const auto& [field, messages] : errors) missing += (missing.empty() ? "" : ", ") + field;
            throw ValidationError(errors, "입력값의 형식이 올바르지 않습니다: " + missing);
        }
        auto outcome = service->AddSet(me, request.IntParam("member_id"), request.IntParam("record_id"), input)
                           .OrThrow();
        std::string name = outcome.exercise ? outcome.exercise->exercise_name : "";
        json data = SetJson(outcome.set, name);
        data["workout_exercise_id"] = outcome.set.workout_exercise_id;
        if (outcome.exercise) data["workout_totals"] = TotalsJson(outcome.exercise->totals);
        if (outcome.day) data["daily_totals"] = TotalsJson(outcome.day->totals);
        data["personal_record"] = PersonalRecordJson(outcome.personal_record);
        return Ok(201, {{"message", "세트가 성공적으로 추가되었습니다."}, {"data", data}});
    };
    Both(router, Method::kPost, "/api/workouts/{member_id:int}/records/{record_id:int}/sets/add/",
         "/api/workouts/members/{member_id:int}/exercises/{record_id:int}/add-set/", add_set, "addSet",
         Doc("Add a set to an exercise of a member's day", SetBodySchema(false), {},
             {{"400", "Bad numbers (errors by field)"}, {"403", "Administrators read only"}}, "201"));

    // --- W6: one set ---
    auto get_set = [service](Request& request) {
        const auto& me = accounts::RequirePrincipal(request);
        auto [entry, set] = service->GetSet(me, request.IntParam("member_id"), request.IntParam("record_id"),
                                            request.IntParam("set_id"))
                                .OrThrow();
        return Ok(200, {{"data", SetJson(set, entry.exercise_name)}});
    };
    auto patch_set = [service](Request& request) {
        const auto& me = accounts::RequirePrincipal(request);
        json body = request.JsonObjectBody();
        FieldErrors errors;
        SetInput patch = ParseSet(body, errors, false);
        json updated = json::array();
        for (const char* field : {"repetitions", "weight_kg", "duration_sec", "calories"}) {
            if (body.contains(field)) updated.push_back(field);
        }
        if (!errors.empty()) throw ValidationError(errors, "입력값의 형식이 올바르지 않습니다.");
        if (updated.empty()) throw ApiError(ErrorCode::kValidation, "수정할 필드가 없습니다.", "nothing_to_update");
        auto outcome = service->EditSet(me, request.IntParam("member_id"), request.IntParam("record_id"),
                                        request.IntParam("set_id"), patch)
                           .OrThrow();
        json data = SetJson(outcome.set, outcome.exercise ? outcome.exercise->exercise_name : "");
        data["updated_fields"] = updated;
        if (outcome.exercise) data["workout_totals"] = TotalsJson(outcome.exercise->totals);
        if (outcome.day) data["daily_totals"] = TotalsJson(outcome.day->totals);
        data["personal_record"] = PersonalRecordJson(outcome.personal_record);
        return Ok(200, {{"message", "세트가 성공적으로 수정되었습니다."}, {"data", data}});
    };
    auto delete_set = [service](Request& request) {
        const auto& me = accounts::RequirePrincipal(request);
        auto outcome = service->RemoveSet(me, request.IntParam("member_id"), request.IntParam("record_id"),
                                          request.IntParam("set_id"))
                           .OrThrow();
        json data = {{"set_id", outcome.set.id},
                     {"set_number", outcome.set.set_number},
                     {"exercise_name", outcome.exercise ? outcome.exercise->exercise_name : ""},
                     {"exercise_removed", !outcome.exercise.has_value()},
                     {"daily_totals", outcome.day ? TotalsJson(outcome.day->totals) : TotalsJson(Totals{})}};
        if (outcome.exercise) data["workout_totals"] = TotalsJson(outcome.exercise->totals);
        return Ok(200, {{"message", "세트가 성공적으로 삭제되었습니다."}, {"data", data}});
    };
    const std::string deployed = "/api/workouts/{member_id:int}/records/{record_id:int}/sets/{set_id:int}/";
    const std::string readme = "/api/workouts/members/{member_id:int}/exercises/{record_id:int}/sets/{set_id:int}/";
    Both(router, Method::kGet, deployed, readme, get_set, "getSet", Doc("One set"));
    Both(router, Method::kPatch, deployed, readme, patch_set, "updateSet",
         Doc("Change a set's repetitions, weight or duration; calories and totals follow", SetBodySchema(false, false), {},
             {{"400", "Bad numbers or nothing to change"}, {"403", "Administrators read only"}}));
    Both(router, Method::kDelete, deployed, readme, delete_set, "deleteSet",
         Doc("Delete a set; the rest are numbered 1..n again; deleting the last set removes the exercise from the day",
             nullptr, {}, {{"403", "Administrators read only"}}));

    // --- history and progress (/api/workouts/members/<id>/...) ---
    router.Add({.method = Method::kGet,
                .pattern = "/api/workouts/members/{member_id:int}/days/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        std::int64_t member_id = request.IntParam("member_id");
                        std::string today = service->MemberToday(me, member_id).OrThrow();
                        std::string to = DateQuery(request, "to").value_or(today);
                        std::string from = DateQuery(request, "from").value_or(ShiftDays(to, -29));
                        if (from > to) throw ValidationError({{"from", {"Must not be after `to`."}}});
                        int page = IntQuery(request, "page", 1, 1, 100000);
                        int size = IntQuery(request, "page_size", 30, 1, 100);
                        std::int64_t total = 0;
                        auto days = service->Days(me, member_id, from, to, size, (page - 1) * size, &total).OrThrow();
                        json list = json::array();
                        for (const auto& detail : days) {
                            json exercises = json::array();
                            for (const auto& item : detail.exercises) {
                                json sets = json::array();
                                for (const auto& s : item.sets) sets.push_back(SetJson(s, item.exercise.exercise_name));
                                json entry = RecordJson(item.exercise, false);
                                entry["sets"] = sets;
                                exercises.push_back(entry);
                            }
                            json day = {{"id", detail.day.id}, {"workout_date", detail.day.workout_date},
                                        {"exercises", exercises}};
                            day.update(TotalsJson(detail.day.totals));
                            list.push_back(day);
                        }
                        return Ok(200, {{"data",
                                         {{"from", from}, {"to", to}, {"today", today}, {"days", list},
                                          {"total_count", total}, {"page", page}, {"page_size", size},
                                          {"has_next", static_cast<std::int64_t>(page) * size < total}}}});
                    },
                .access = Access::kAuthenticated,
                .operation_id = "listWorkoutDays",
                .doc = Doc("A member's training days in a date range (default: the last 30 days), newest first, each "
                           "with its exercises, sets and totals",
                           nullptr,
                           {{"from", "YYYY-MM-DD", {{"type", "string"}, {"format", "date"}}},
                            {"to", "YYYY-MM-DD (default: the member's today)", {{"type", "string"}, {"format", "date"}}},
                            {"page", "1-based", {{"type", "integer"}, {"minimum", 1}}},
                            {"page_size", "1-100 (default 30)", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}}}},
                           {{"400", "Bad dates or pages"}})});

    router.Add({.method = Method::kGet,
                .pattern = "/api/workouts/members/{member_id:int}/history/exercises/{exercise_id:int}/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        auto history = service->ExerciseHistory(me, request.IntParam("member_id"),
                                                                request.IntParam("exercise_id"))
                                           .OrThrow();
                        std::map<std::string, json> sessions;
                        std::int64_t best_1rm = 0, heaviest = 0;
                        for (const auto& [date, set] : history) {
                            json& session = sessions[date];
                            if (session.is_null()) {
                                session = {{"workout_date", date}, {"sets", 0}, {"volume_kg", 0.0},
                                           {"best_weight_kg", 0.0}, {"estimated_1rm_kg", nullptr}};
                            }
                            session["sets"] = session["sets"].get<int>() + 1;
                            session["volume_kg"] = session["volume_kg"].get<double>() + Kg(set.volume_g);
                            session["best_weight_kg"] = std::max(session["best_weight_kg"].get<double>(), Kg(set.weight_g));
                            if (set.estimated_1rm_g) {
                                double e1rm = Kg(*set.estimated_1rm_g);
                                if (session["estimated_1rm_kg"].is_null() || e1rm > session["estimated_1rm_kg"].get<double>()) {
                                    session["estimated_1rm_kg"] = e1rm;
                                }
                                best_1rm = std::max(best_1rm, *set.estimated_1rm_g);
                            }
                            heaviest = std::max(heaviest, set.weight_g);
                        }
                        json list = json::array();
                        for (auto& [date, session] : sessions) list.push_back(session);
                        return Ok(200, {{"data",
                                         {{"exercise_id", request.IntParam("exercise_id")},
                                          {"sessions", list},
                                          {"personal_best",
                                           {{"estimated_1rm_kg", best_1rm ? json(Kg(best_1rm)) : json(nullptr)},
                                            {"heaviest_weight_kg", heaviest ? json(Kg(heaviest)) : json(nullptr)}}}}}});
                    },
                .access = Access::kAuthenticated,
                .operation_id = "getExerciseProgress",
                .doc = Doc("Progress on one exercise: per session sets, volume, best weight and estimated 1RM (Epley), "
                           "plus personal bests")});

    router.Add({.method = Method::kGet,
                .pattern = "/api/workouts/members/{member_id:int}/personal-records/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        std::int64_t member_id = request.IntParam("member_id");
                        std::int64_t total = 0;
                        auto days = service->Days(me, member_id, "1900-01-01", "2999-12-31", 100000, 0, &total).OrThrow();
                        std::map<std::int64_t, json> records;
                        for (const auto& day : days) {
                            for (const auto& item : day.exercises) {
                                for (const auto& set : item.sets) {
                                    if (!set.estimated_1rm_g) continue;
                                    json& record = records[item.exercise.exercise_id];
                                    if (record.is_null() || Kg(*set.estimated_1rm_g) > record["estimated_1rm_kg"].get<double>()) {
                                        record = {{"exercise_id", item.exercise.exercise_id},
                                                  {"exercise_name", item.exercise.exercise_name},
                                                  {"estimated_1rm_kg", Kg(*set.estimated_1rm_g)},
                                                  {"weight_kg", Kg(set.weight_g)},
                                                  {"repetitions", set.repetitions},
                                                  {"workout_date", day.day.workout_date},
                                                  {"set_id", set.id}};
                                    }
                                }
                            }
                        }
                        json list = json::array();
                        for (auto& [id, record] : records) list.push_back(record);
                        return Ok(200, {{"data", {{"records", list}}}});
                    },
                .access = Access::kAuthenticated,
                .operation_id = "listPersonalRecords",
                .doc = Doc("The best estimated one-rep max per exercise, with the set that set it")});

    router.Add({.method = Method::kGet,
                .pattern = "/api/workouts/members/{member_id:int}/weekly/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        std::int64_t member_id = request.IntParam("member_id");
                        int weeks = IntQuery(request, "weeks", 12, 1, 104);
                        std::string today = service->MemberToday(me, member_id).OrThrow();
                        // Weeks start on Monday; the last one holds today.
                        auto midnight = *LocalMidnight(today, "UTC");
                        int weekday = static_cast<int>(((midnight / 86400000000LL) + 3) % 7);  // 0 = Monday
                        std::string last_monday = ShiftDays(today, -weekday);
                        std::string first_monday = ShiftDays(last_monday, -7 * (weeks - 1));
                        auto days = service->Days(me, member_id, first_monday, today, 1000, 0).OrThrow();
                        json list = json::array();
                        for (int w = 0; w < weeks; ++w) {
                            std::string start = ShiftDays(first_monday, 7 * w), end = ShiftDays(start, 6);
                            Totals sum;
                            int training_days = 0;
                            for (const auto& d : days) {
                                if (d.day.workout_date < start || d.day.workout_date > end) continue;
                                ++training_days;
                                sum.sets += d.day.totals.sets;
                                sum.duration_ms += d.day.totals.duration_ms;
                                sum.calories_dcal += d.day.totals.calories_dcal;
                                sum.volume_g += d.day.totals.volume_g;
                            }
                            json week = {{"week_start", start}, {"week_end", end}, {"training_days", training_days}};
                            week.update(TotalsJson(sum));
                            list.push_back(week);
                        }
                        return Ok(200, {{"data", {{"weeks", list}}}});
                    },
                .access = Access::kAuthenticated,
                .operation_id = "getWeeklyTotals",
                .doc = Doc("Weekly totals (Monday to Sunday) for charts", nullptr,
                           {{"weeks", "How many weeks back (1-104, default 12)", {{"type", "integer"}}}})});

    router.Add({.method = Method::kGet,
                .pattern = "/api/workouts/members/{member_id:int}/calendar/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        std::int64_t member_id = request.IntParam("member_id");
                        std::string today = service->MemberToday(me, member_id).OrThrow();
                        auto month = request.Query("month").value_or(today.substr(0, 7));
                        if (!IsIsoDate(month + "-01")) throw ValidationError({{"month", {"Use YYYY-MM."}}});
                        auto all = service->Days(me, member_id, "1900-01-01", today, 100000, 0).OrThrow();
                        std::vector<std::string> dates;
                        for (const auto& d : all) dates.push_back(d.day.workout_date);
                        std::sort(dates.begin(), dates.end());
                        // Streaks of consecutive training days.
                        int longest = 0, run = 0;
                        std::string previous;
                        for (const auto& date : dates) {
                            run = (!previous.empty() && ShiftDays(previous, 1) == date) ? run + 1 : 1;
                            longest = std::max(longest, run);
                            previous = date;
                        }
                        int current = 0;
                        std::string cursor = today;
                        if (!std::binary_search(dates.begin(), dates.end(), cursor)) cursor = ShiftDays(today, -1);
                        while (std::binary_search(dates.begin(), dates.end(), cursor)) {
                            ++current;
                            cursor = ShiftDays(cursor, -1);
                        }
                        json days = json::array();
                        for (const auto& d : all) {
                            if (d.day.workout_date.rfind(month, 0) != 0) continue;
                            json day = {{"date", d.day.workout_date}};
                            day.update(TotalsJson(d.day.totals));
                            days.push_back(day);
                        }
                        std::reverse(days.begin(), days.end());
                        return Ok(200, {{"data",
                                         {{"month", month}, {"today", today}, {"days", days},
                                          {"current_streak", current}, {"longest_streak", longest},
                                          {"total_training_days", dates.size()}}}});
                    },
                .access = Access::kAuthenticated,
                .operation_id = "getTrainingCalendar",
                .doc = Doc("Training days of a month with the current and longest streak of consecutive days", nullptr,
                           {{"month", "YYYY-MM (default: this month)", {{"type", "string"}}}})});

    router.Add({.method = Method::kGet,
                .pattern = "/api/workouts/members/{member_id:int}/recent-exercises/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        int limit = IntQuery(request, "limit", 10, 1, 50);
                        auto recent = service->RecentExercises(me, request.IntParam("member_id"), limit).OrThrow();
                        json list = json::array();
                        for (const auto& e : recent) list.push_back(ExerciseJson(e));
                        return Ok(200, {{"data", {{"exercises", list}}}});
                    },
                .access = Access::kAuthenticated,
                .operation_id = "listRecentExercises",
                .doc = Doc("The exercises a member did most recently (for the exercise picker)")});

    router.Add({.method = Method::kGet,
                .pattern = "/api/workouts/members/{member_id:int}/export.csv",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        std::int64_t member_id = request.IntParam("member_id");
                        auto days = service->Days(me, member_id, "1900-01-01", "2999-12-31", 100000, 0).OrThrow();
                        auto cell = [](const std::string& text) {
                            std::string out = "\"";
                            // A leading = + - @ would run as a formula in a spreadsheet.
                            if (!text.empty() && std::string("=+-@").find(text[0]) != std::string::npos) out += "'";
                            for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
                            return out + "\"";
                        };
                        std::string csv = "date,exercise,body_part,equipment,set_number,repetitions,weight_kg,"
                                          "duration_sec,calories_kcal,volume_kg,estimated_1rm_kg,personal_record,source\r\n";
                        std::reverse(days.begin(), days.end());
                        for (const auto& day : days) {
                            for (const auto& item : day.exercises) {
                                for (const auto& s : item.sets) {
                                    char numbers[256];
                                    std::snprintf(numbers, sizeof numbers, "%d,%d,%.3f,%.3f,%.1f,%.3f,%s,%s", s.set_number,
                                                  s.repetitions, Kg(s.weight_g), s.effective_duration_ms / 1000.0,
                                                  Kcal1(s.calories_dcal), Kg(s.volume_g),
                                                  s.estimated_1rm_g ? std::to_string(Kg(*s.estimated_1rm_g)).c_str() : "",
                                                  s.is_personal_record ? "yes" : "no");
                                    csv += day.day.workout_date + "," + cell(item.exercise.exercise_name) + "," +
                                           cell(item.exercise.body_part) + "," + cell(item.exercise.equipment) + "," +
                                           numbers + "," + s.source + "\r\n";
                                }
                            }
                        }
                        Response response = Response::Text(200, "\xEF\xBB\xBF" + csv, "text/csv; charset=utf-8");
                        response.With("Content-Disposition",
                                      "attachment; filename=\"spotter-workouts-" + std::to_string(member_id) + ".csv\"");
                        response.With("Cache-Control", "no-store");
                        return response;
                    },
                .access = Access::kAuthenticated,
                .operation_id = "exportWorkoutsCsv",
                .doc = [] {
                    http::RouteDoc doc = Doc("Every set of a member as CSV (UTF-8 with BOM, for spreadsheets)");
                    doc.responses["200"] = {{"description", "CSV"}, {"media_type", "text/csv"},
                                            {"schema", {{"type", "string"}}}};
                    return doc;
                }()});
}

}  // namespace spotter::workouts
