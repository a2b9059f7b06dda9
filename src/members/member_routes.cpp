#include "members/member_routes.hpp"

#include <charconv>
#include <cmath>

#include "accounts/access.hpp"
#include "common/clock.hpp"
#include "common/time_zone.hpp"
#include "members/detail_cache.hpp"

namespace spotter::members {

namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;

json Opt(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }
json Opt(const std::optional<int>& value) { return value ? json(*value) : json(nullptr); }
json Opt(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }

Response Ok(json body) {
    body["success"] = true;
    return Response::Json(200, body);
}

// The body of Ok({"data": data}) (`head`) with "workout_records" added to `data` as JSON text that is already
// serialised (the workout history can be large and is kept ready to send).
std::string WithRecords(std::string_view head, const std::string& records) {
    // {"data":{...},"success":true}: the key sorts last in "data", as the serialiser would have put it.
    constexpr std::string_view kTail = R"(},"success":true})";
    constexpr std::string_view kKey = R"(,"workout_records":)";
    std::string body;
    body.reserve(head.size() + kKey.size() + records.size());
    body.append(head.substr(0, head.size() - kTail.size()));
    body.append(kKey);
    body.append(records);
    body.append(kTail);
    return body;
}

// --- parsing ---------------------------------------------------------------------------------------------------

// A number from JSON: a number or a numeric string (TrainMate clients sent both). 0 means "not given": the
// existing client sends 0 for an empty input.
template <class T>
Patch<T> NumberField(const json& body, const char* field, FieldErrors& errors) {
    Patch<T> patch;
    auto found = body.find(field);
    if (found == body.end()) return patch;
    patch.present = true;
    if (found->is_null()) return patch;
    double value = 0;
    if (found->is_number()) {
        value = found->get<double>();
    } else if (found->is_string()) {
        const std::string& text = found->get_ref<const std::string&>();
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
            errors[field].push_back("A valid number is required.");
            return patch;
        }
    } else {
        errors[field].push_back("A valid number is required.");
        return patch;
    }
    if (!std::isfinite(value)) {
        errors[field].push_back("A valid number is required.");
        return patch;
    }
    if (value == 0) return patch;
    if constexpr (std::is_same_v<T, int>) {
        if (value != std::floor(value) || std::abs(value) > 1000) {
            errors[field].push_back("A valid integer is required.");
            return patch;
        }
        patch.value = static_cast<int>(value);
    } else {
        patch.value = value;
    }
    return patch;
}

Patch<std::string> StringField(const json& body, const char* field, FieldErrors& errors) {
    Patch<std::string> patch;
    auto found = body.find(field);
    if (found == body.end()) return patch;
    patch.present = true;
    if (found->is_null()) return patch;
    if (!found->is_string()) {
        errors[field].push_back("Not a valid string.");
        return patch;
    }
    std::string value = found->get<std::string>();
    auto begin = value.find_first_not_of(" \t");
    auto end = value.find_last_not_of(" \t");
    patch.value = begin == std::string::npos ? std::string() : value.substr(begin, end - begin + 1);
    return patch;
}

ProfileUpdate ParseUpdate(const Request& request) {
    json body = request.JsonObjectBody();
    FieldErrors errors;
    for (const char* identity : {"id", "email", "user_type", "role", "trainer_id", "assigned_trainer", "is_active",
                                 "email_verified", "password", "created_at", "is_staff", "is_superuser"}) {
        if (body.contains(identity)) errors[identity].push_back("This field cannot be changed here.");
    }
    ProfileUpdate update;
    update.name = StringField(body, "name", errors);
    update.phone = StringField(body, "phone", errors);
    update.time_zone = StringField(body, "time_zone", errors);
    update.age = NumberField<int>(body, "age", errors);
    update.height_cm = NumberField<double>(body, "height_cm", errors);
    update.weight_kg = NumberField<double>(body, "weight_kg", errors);
    update.body_fat_percentage = NumberField<double>(body, "body_fat_percentage", errors);
    update.muscle_mass_kg = NumberField<double>(body, "muscle_mass_kg", errors);
    if (!errors.empty()) throw ValidationError(errors, "입력 데이터가 유효하지 않습니다.");
    return update;
}

int IntQuery(const Request& request, const char* name, int fallback, int low, int high) {
    return static_cast<int>(request.IntQuery(name, low, high).value_or(fallback));
}

std::optional<Page> PageQuery(const Request& request) {
    if (!request.Query("page") && !request.Query("page_size")) return std::nullopt;
    int page = IntQuery(request, "page", 1, 1, 100000);
    int size = IntQuery(request, "page_size", 20, 1, 100);
    return Page{(page - 1) * size, size};
}

std::int64_t RequiredId(const Request& request, const char* field) {
    json body = request.JsonObjectBody();
    auto found = body.find(field);
    if (found == body.end() || found->is_null()) throw ValidationError({{field, {"This field is required."}}});
    if (!found->is_number_integer() || found->get<std::int64_t>() <= 0) {
        throw ValidationError({{field, {"A valid integer is required."}}});
    }
    return found->get<std::int64_t>();
}

// --- documents -------------------------------------------------------------------------------------------------

json NullableNumber(const char* description) {
    return {{"type", {"number", "null"}}, {"description", description}};
}

json ProfileSchema() {
    return {{"type", "object"},
            {"properties",
             {{"id", {{"type", "integer"}}},
              {"name", {{"type", "string"}}},
              {"email", {{"type", "string"}}},
              {"phone", {{"type", {"string", "null"}}}},
              {"user_type", {{"type", "string"}, {"enum", {"member", "trainer", "admin"}}}},
              {"created_at", {{"type", "string"}, {"format", "date-time"}}},
              {"profile_image", {{"type", {"string", "null"}}, {"description", "URL of the photo (512 px)"}}},
              {"profile_thumbnail", {{"type", {"string", "null"}}, {"description", "URL of the thumbnail (128 px)"}}},
              {"age", {{"type", {"integer", "null"}}}},
              {"height_cm", NullableNumber("50-272")},
              {"weight_kg", NullableNumber("20-400")},
              {"body_fat_percentage", NullableNumber("2-70")},
              {"muscle_mass_kg", NullableNumber("less than weight_kg")},
              {"time_zone", {{"type", "string"}}},
              {"profile_completed", {{"type", "boolean"}}},
              {"trainer_id", {{"type", {"integer", "null"}}}}}},
            {"required", {"id", "name", "email", "user_type", "profile_completed"}}};
}

json SuccessWith(const char* key, json schema) {
    return {{"type", "object"},
            {"properties", {{"success", {{"type", "boolean"}}}, {key, std::move(schema)}}},
            {"required", {"success", key}}};
}

json Ok200(json schema, const char* description = "Done") {
    return {{"200", {{"description", description}, {"schema", std::move(schema)}}}};
}

// --- JSON shapes -----------------------------------------------------------------------------------------------

json ListItemJson(const Profile& p, std::int64_t caller_id) {
    return {{"id", p.id},
            {"profile_image", MediaUrl(p.image_path)},
            {"name", p.name},
            {"email", p.email},
            {"phone", Opt(p.phone)},
            {"updated_at", FormatIsoOffset(p.updated_at)},
            {"is_my_profile", p.id == caller_id},
            {"profile_completed", p.Completed()}};
}

json DetailJson(const Profile& p, std::int64_t caller_id) {
    // TrainMate printed body metrics as `float(x) if x else None`.
    return {{"id", p.id},
            {"profile_image", MediaUrl(p.image_path)},
            {"name", p.name},
            {"email", p.email},
            {"phone", Opt(p.phone)},
            {"age", Opt(p.age)},
            {"height_cm", Opt(p.height_cm)},
            {"weight_kg", Opt(p.weight_kg)},
            {"body_fat_percentage", Opt(p.body_fat_percentage)},
            {"muscle_mass_kg", Opt(p.muscle_mass_kg)},
            {"profile_completed", p.Completed()},
            {"is_active", p.is_active},
            {"created_at", FormatIsoOffset(p.created_at)},
            {"updated_at", FormatIsoOffset(p.updated_at)},
            {"is_my_profile", p.id == caller_id}};
}

json TrainerInfo(const Profile& trainer) {
    return {{"id", trainer.id},
            {"name", trainer.name},
            {"email", trainer.email},
            {"phone", Opt(trainer.phone)},
            {"profile_image", MediaUrl(trainer.image_path)}};
}

}  // namespace

json MediaUrl(const std::optional<std::string>& relative_path) {
    return relative_path ? json("/media/" + *relative_path) : json(nullptr);
}

json ProfileJson(const Profile& p) {
    return {{"id", p.id},
            {"name", p.name},
            {"email", p.email},
            {"phone", Opt(p.phone)},
            {"user_type", p.user_type},
            {"created_at", FormatIsoMicros(p.created_at)},
            {"profile_image", MediaUrl(p.image_path)},
            {"profile_thumbnail", MediaUrl(p.thumbnail_path)},
            {"age", Opt(p.age)},
            {"height_cm", Opt(p.height_cm)},
            {"weight_kg", Opt(p.weight_kg)},
            {"body_fat_percentage", Opt(p.body_fat_percentage)},
            {"muscle_mass_kg", Opt(p.muscle_mass_kg)},
            {"time_zone", p.time_zone},
            {"profile_completed", p.Completed()},
            {"email_verified", p.email_verified},
            {"trainer_id", p.trainer_id ? json(*p.trainer_id) : json(nullptr)}};
}

void RegisterMemberRoutes(http::Router& router, MemberRoutesDeps& deps) {
    MemberService* service = deps.service;

    // --- own profile (M1) ---
    auto get_own = [service](Request& request) {
        const auto& me = accounts::RequirePrincipal(request);
        return Ok({{"user", ProfileJson(service->Get(me, me.user_id).OrThrow())}});
    };
    auto update_own = [service](Request& request) {
        const auto& me = accounts::RequirePrincipal(request);
        Profile saved = service->Update(me, ParseUpdate(request)).OrThrow();
        return Ok({{"message", "프로필이 수정되었습니다."}, {"user", ProfileJson(saved)}});
    };
    json update_body = {{"type", "object"},
                        {"description", "Any subset; null clears a value; 0 for a body metric or age means unknown. "
                                        "Identity fields (email, user_type, trainer...) are refused."},
                        {"properties",
                         {{"name", {{"type", "string"}, {"maxLength", 100}}},
                          {"phone", {{"type", {"string", "null"}}, {"maxLength", 20}}},
                          {"age", {{"type", {"integer", "null"}}, {"minimum", 10}, {"maximum", 120}}},
                          {"height_cm", {{"type", {"number", "null"}}, {"minimum", 50}, {"maximum", 272}}},
                          {"weight_kg", {{"type", {"number", "null"}}, {"minimum", 20}, {"maximum", 400}}},
                          {"body_fat_percentage", {{"type", {"number", "null"}}, {"minimum", 2}, {"maximum", 70}}},
                          {"muscle_mass_kg", {{"type", {"number", "null"}}, {"exclusiveMinimum", 0}}},
                          {"time_zone", {{"type", "string"}, {"description", "IANA name, e.g. Asia/Seoul"}}}}}};
    router.Add({.method = Method::kGet,
                .pattern = "/api/members/profile/",
                .handler = get_own,
                .access = Access::kAuthenticated,
                .operation_id = "getMyProfile",
                .doc = {.summary = "My profile", .tags = {"members"}, .responses = Ok200(SuccessWith("user", ProfileSchema()))}});
    for (Method method : {Method::kPut, Method::kPatch}) {
        router.Add({.method = method,
                    .pattern = "/api/members/profile/",
                    .handler = update_own,
                    .access = Access::kAuthenticated,
                    .operation_id = method == Method::kPut ? "replaceMyProfile" : "updateMyProfile",
                    .doc = {.summary = "Edit my profile (PUT and PATCH both apply the fields given)",
                            .tags = {"members"},
                            .request_body = update_body,
                            .responses = [] {
                                json r = Ok200(SuccessWith("user", ProfileSchema()), "Saved");
                                r["400"] = {{"description", "Values outside human ranges, or identity fields"}};
                                return r;
                            }()}});
    }

    // --- profile photo ---
    auto upload = [service, &deps](Request& request) {
        const auto& me = accounts::RequirePrincipal(request);
        service->AllowUpload(me).OrThrow();
        auto [display, thumbnail] = deps.store_photo(request);
        auto old = service->SetPhoto(me, display, thumbnail);
        if (!old) {
            deps.delete_media(display);
            deps.delete_media(thumbnail);
            throw ApiError(old.error());
        }
        if (old->first) deps.delete_media(*old->first);
        if (old->second) deps.delete_media(*old->second);
        Profile saved = service->Get(me, me.user_id).OrThrow();
        return Ok({{"message", "프로필 사진이 변경되었습니다."}, {"user", ProfileJson(saved)}});
    };
    json upload_body = {{"content",
                         {{"multipart/form-data",
                           {{"type", "object"},
                            {"properties", {{"image", {{"type", "string"}, {"format", "binary"}}}}},
                            {"required", {"image"}}}},
                          {"image/jpeg", {{"type", "string"}, {"format", "binary"}}},
                          {"image/png", {{"type", "string"}, {"format", "binary"}}},
                          {"image/webp", {{"type", "string"}, {"format", "binary"}}}}}};
    for (Method method : {Method::kPost, Method::kPut}) {
        router.Add({.method = method,
                    .pattern = "/api/members/profile/image/",
                    .handler = upload,
                    .access = Access::kAuthenticated,
                    .operation_id = method == Method::kPost ? "uploadProfileImage" : "replaceProfileImage",
                    .doc = {.summary = "Upload my photo (JPEG, PNG, WebP or GIF up to 10 MB, multipart field `image` "
                                       "or the raw image as the body)",
                            .description = "The image is recognised by its bytes, checked for size before it is "
                                           "decoded, re-encoded without metadata (GPS included) into a 512 px photo "
                                           "and a 128 px thumbnail. At most 20 uploads an hour.",
                            .tags = {"members"},
                            .request_body = upload_body,
                            .responses = [] {
                                json r = Ok200(SuccessWith("user", ProfileSchema()), "Stored");
                                r["400"] = {{"description", "A broken or truncated image, or no file"}};
                                r["413"] = {{"description", "Larger than 10 MB or too many pixels"}};
                                r["415"] = {{"description", "Not a JPEG, PNG, WebP or GIF"}};
                                r["429"] = {{"description", "Too many uploads"}};
                                return r;
                            }()},
                    .body_limit = 10 * 1024 * 1024 + 64 * 1024});
    }
    router.Add({.method = Method::kDelete,
                .pattern = "/api/members/profile/image/",
                .handler =
                    [service, &deps](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        auto old = service->SetPhoto(me, std::nullopt, std::nullopt).OrThrow();
                        if (old.first) deps.delete_media(*old.first);
                        if (old.second) deps.delete_media(*old.second);
                        Profile saved = service->Get(me, me.user_id).OrThrow();
                        return Ok({{"message", "프로필 사진이 삭제되었습니다."}, {"user", ProfileJson(saved)}});
                    },
                .access = Access::kAuthenticated,
                .operation_id = "deleteProfileImage",
                .doc = {.summary = "Remove my photo",
                        .tags = {"members"},
                        .responses = Ok200(SuccessWith("user", ProfileSchema()))}});

    // --- someone's profile (M2) ---
    router.Add({.method = Method::kGet,
                .pattern = "/api/members/profile/{user_id:int}/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        Relation relation = Relation::kNone;
                        Profile p = service->Get(me, request.IntParam("user_id"), &relation).OrThrow();
                        json user = ProfileJson(p);
                        if (relation == Relation::kTheirMember) {
                            // A member sees their trainer's public profile only.
                            for (const char* key : {"age", "height_cm", "weight_kg", "body_fat_percentage",
                                                    "muscle_mass_kg"}) {
                                user[key] = nullptr;
                            }
                        }
                        return Ok({{"user", user}});
                    },
                .access = Access::kAuthenticated,
                .operation_id = "getProfile",
                .doc = {.summary = "A profile: mine, my member's (trainers), or my trainer's public one (members)",
                        .tags = {"members"},
                        .responses = [] {
                            json r = Ok200(SuccessWith("user", ProfileSchema()));
                            r["404"] = {{"description", "No such user, or not yours to see"}};
                            return r;
                        }()}});

    // --- body-metric history ---
    auto metrics = [service](Request& request, std::int64_t user_id) {
        const auto& me = accounts::RequirePrincipal(request);
        Profile target = service->Get(me, user_id).OrThrow();
        std::int64_t from = 0, to = NowMicros() + 1;
        if (auto text = request.Query("from")) {
            auto start = LocalMidnight(*text, target.time_zone);
            if (!start) throw ValidationError({{"from", {"Use a date written YYYY-MM-DD."}}});
            from = *start;
        }
        if (auto text = request.Query("to")) {
            auto end = LocalMidnight(*text, target.time_zone);
            if (!end) throw ValidationError({{"to", {"Use a date written YYYY-MM-DD."}}});
            to = *end + 24LL * 3600 * 1000000;  // inclusive of that day
        }
        auto points = service->Metrics(me, user_id, from, to).OrThrow();
        json series = json::array();
        for (const auto& point : points) {
            series.push_back({{"measured_at", FormatIsoMicros(point.measured_at)},
                              {"date", LocalDate(point.measured_at, target.time_zone)},
                              {"weight_kg", Opt(point.weight_kg)},
                              {"body_fat_percentage", Opt(point.body_fat_percentage)},
                              {"muscle_mass_kg", Opt(point.muscle_mass_kg)}});
        }
        return Ok({{"data", {{"user_id", user_id}, {"time_zone", target.time_zone}, {"series", series}}}});
    };
    json metrics_doc = SuccessWith(
        "data", {{"type", "object"},
                 {"properties",
                  {{"user_id", {{"type", "integer"}}},
                   {"time_zone", {{"type", "string"}}},
                   {"series",
                    {{"type", "array"},
                     {"items",
                      {{"type", "object"},
                       {"properties",
                        {{"measured_at", {{"type", "string"}}},
                         {"date", {{"type", "string"}, {"format", "date"}}},
                         {"weight_kg", NullableNumber("kg")},
                         {"body_fat_percentage", NullableNumber("%")},
                         {"muscle_mass_kg", NullableNumber("kg")}}}}}}}}}});
    std::vector<http::QueryDoc> range_query = {
        {"from", "First day (YYYY-MM-DD, in the person's time zone)", {{"type", "string"}, {"format", "date"}}},
        {"to", "Last day, inclusive", {{"type", "string"}, {"format", "date"}}}};
    router.Add({.method = Method::kGet,
                .pattern = "/api/members/profile/metrics/",
                .handler = [metrics](Request& request) {
                    return metrics(request, accounts::RequirePrincipal(request).user_id);
                },
                .access = Access::kAuthenticated,
                .operation_id = "getMyBodyMetrics",
                .doc = {.summary = "My weight, body fat and muscle mass over time",
                        .tags = {"members"},
                        .query = range_query,
                        .responses = Ok200(metrics_doc)}});
    router.Add({.method = Method::kGet,
                .pattern = "/api/members/profile/{user_id:int}/metrics/",
                .handler = [metrics](Request& request) { return metrics(request, request.IntParam("user_id")); },
                .access = Access::kAuthenticated,
                .operation_id = "getBodyMetrics",
                .doc = {.summary = "A member's weight, body fat and muscle mass over time (self, their trainer, admin)",
                        .tags = {"members"},
                        .query = range_query,
                        .responses = Ok200(metrics_doc)}});

    // --- trainer's member list (M3) ---
    auto list = [service](Request& request) {
        const auto& me = accounts::RequirePrincipal(request);
        auto page = PageQuery(request);
        if (me.role == "member") {
            return Ok({{"data",
                        {{"trainer_profile", nullptr},
                         {"members", json::array()},
                         {"total_count", 0},
                         {"user_type", "member"},
                         {"message", "회원은 트레이너 목록에 접근할 수 없습니다."}}}});
        }
        MemberList result = service->ListMembers(me, page).OrThrow();
        json members = json::array();
        for (const auto& member : result.members) members.push_back(ListItemJson(member, me.user_id));
        json trainer = {{"profile_image", MediaUrl(result.trainer.image_path)},
                        {"name", result.trainer.name},
                        {"email", result.trainer.email},
                        {"phone", Opt(result.trainer.phone)},
                        {"updated_at", FormatIsoOffset(result.trainer.updated_at)},
                        {"is_my_profile", true},
                        {"member_count", result.total_count}};
        json data = {{"trainer_profile", trainer},
                     {"members", members},
                     {"total_count", result.total_count},
                     {"user_type", me.role}};
        if (result.total_count == 0) data["message"] = "현재 담당 회원이 없습니다. 새로운 회원을 등록해보세요.";
        return Ok({{"data", data}});
    };
    for (auto [pattern, id] : {std::pair{"/api/members/", "listMyMembers"},
                               std::pair{"/api/members/trainer-members/", "listMyMembersReadmePath"}}) {
        router.Add({.method = Method::kGet,
                    .pattern = pattern,
                    .handler = list,
                    .access = Access::kAuthenticated,
                    .operation_id = id,
                    .doc = {.summary = "A trainer's members (each with their own phone); administrators see every member",
                            .description = "Members get an empty list, as TrainMate answered. `page`/`page_size` "
                                           "paginate; without them the whole list is returned.",
                            .tags = {"members"},
                            .query = {{"page", "1-based page", {{"type", "integer"}, {"minimum", 1}}},
                                      {"page_size", "1-100", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}}}},
                            .responses = Ok200({{"type", "object"}})}});
    }

    // --- detail (M4 and the README variants) ---
    // A member's detail is kept ready to send (members/detail_cache.hpp).
    auto details = std::make_shared<DetailCache>();
    auto detail = [service, &deps, details](Request& request, const char* only) {
        const auto& me = accounts::RequirePrincipal(request);
        std::int64_t id = request.IntParam("member_id");
        std::uint64_t ticket = details->Ticket();
        auto found = service->Get(me, id);
        if (!found || (only && found->user_type != only)) throw ApiError(UserNotFound());
        const Profile& p = *found;
        json person = DetailJson(p, me.user_id);
        json data = {{"member", person}};
        if (p.user_type == "trainer") {
            data["member"]["user_type"] = "trainer";
            data["member"]["member_count"] = service->MemberCount(p.id);
            data["member"]["trainer_info"] = nullptr;
            data["workout_records"] = json::array();
            data["total_workouts"] = 0;
            data["has_records"] = false;
            if (!(me.user_id == p.id || me.role == "admin")) {
                for (const char* key : {"age", "height_cm", "weight_kg", "body_fat_percentage", "muscle_mass_kg"}) {
                    data["member"][key] = nullptr;
                }
            }
            return Ok({{"data", data}});
        }
        data["member"]["trainer_info"] = nullptr;
        std::int64_t trainer_id = 0;
        if (auto trainer = service->TrainerOf(p)) {
            data["member"]["trainer_info"] = TrainerInfo(*trainer);
            trainer_id = trainer->id;
        }
        WorkoutHistory history = deps.workout_records ? deps.workout_records(me, p.id) : WorkoutHistory{};
        data["total_workouts"] = history.total_workouts;
        data["has_records"] = history.total_workouts > 0;
        std::string head = Ok({{"data", data}}).body;
        if (!history.records) return Response::Text(200, WithRecords(head, "[]"), "application/json");
        auto kept = details->Find(p.id, me.user_id);
        if (!kept || kept->member_json != head || kept->history != history.records) {
            kept = std::make_shared<const DetailCache::Entry>(DetailCache::Entry{
                .member_json = head,
                .history = history.records,
                .records_version = history.version,
                .trainer_id = trainer_id,
                .body = http::SharedBody::Make(WithRecords(head, *history.records))});
        }
        details->Keep(p.id, me.user_id, kept, ticket);
        return Response::Shared(200, kept->body, "application/json");
    };
    // SQLite: the kept detail, when this process knows the viewer may still read the member's records, the version
    // they are at, and that nothing shown changed since it was confirmed.
    auto detail_from_memory = [&deps, details](Request& request) -> std::optional<Response> {
        if (!deps.records_version_in_memory) return std::nullopt;
        const auto& me = accounts::RequirePrincipal(request);
        std::int64_t id = request.IntParam("member_id");
        auto version = deps.records_version_in_memory(me, id);
        if (!version) return std::nullopt;
        auto body = details->FindFresh(id, me.user_id, *version);
        if (!body) return std::nullopt;
        return Response::Shared(200, std::move(body), "application/json");
    };
    struct DetailRoute {
        const char* pattern;
        const char* id;
        const char* only;
        const char* summary;
    };
    for (const DetailRoute& route : {
             DetailRoute{"/api/members/{member_id:int}/", "getMemberDetail", nullptr,
                         "A member (with their workouts) or a trainer (with their member count)"},
             DetailRoute{"/api/members/member/{member_id:int}/", "getMemberDetailReadmePath", "member",
                         "A member with their workouts"},
             DetailRoute{"/api/members/trainer/{member_id:int}/", "getTrainerDetail", "trainer",
                         "A trainer with their member count"}}) {
        const char* only = route.only;
        http::QuickHandler quick;
        if (!only || std::string_view(only) == "member") quick = detail_from_memory;  // trainers' are not kept
        router.Add({.method = Method::kGet,
                    .pattern = route.pattern,
                    .handler = [detail, only](Request& request) { return detail(request, only); },
                    .access = Access::kAuthenticated,
                    .operation_id = route.id,
                    .doc = {.summary = route.summary,
                            .description = "Visible to the person, their trainer, and administrators; a member also "
                                           "sees their own trainer. Anyone else gets 404.",
                            .tags = {"members"},
                            .responses = [] {
                                json r = Ok200({{"type", "object"}});
                                r["404"] = {{"description", "User not found (code user_not_found)"}};
                                return r;
                            }()},
                    .quick = std::move(quick)});
    }

    // --- search, assign, unassign (trainers) ---
    router.Add({.method = Method::kGet,
                .pattern = "/api/members/search/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        std::string query = request.Query("query").value_or(request.Query("q").value_or(""));
                        int page = IntQuery(request, "page", 1, 1, 100000);
                        int size = IntQuery(request, "page_size", 20, 1, 100);
                        auto result = service->SearchUnassigned(me, query, {(page - 1) * size, size}).OrThrow();
                        json users = json::array();
                        for (const auto& user : result.users) {
                            users.push_back({{"id", user.id},
                                             {"name", user.name},
                                             {"email", user.email},
                                             {"user_type", user.user_type},
                                             {"profile_image", MediaUrl(user.thumbnail_path)},
                                             {"date_joined", FormatIsoOffset(user.created_at)}});
                        }
                        return Ok({{"data",
                                    {{"users", users},
                                     {"total_count", result.total_count},
                                     {"query", query},
                                     {"page", page},
                                     {"page_size", size},
                                     {"has_next", static_cast<std::int64_t>(page) * size < result.total_count}}}});
                    },
                .access = Access::kTrainer,
                .operation_id = "searchUnassignedMembers",
                .doc = {.summary = "Members without a trainer whose name or e-mail contains the query",
                        .tags = {"members"},
                        .query = {{"query", "Part of a name or e-mail (case-insensitive)", {{"type", "string"}, {"maxLength", 100}}},
                                  {"page", "1-based page", {{"type", "integer"}, {"minimum", 1}}},
                                  {"page_size", "1-100 (default 20)", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}}}},
                        .responses = Ok200({{"type", "object"}})}});

    json id_body = {{"type", "object"},
                    {"properties",
                     {{"user_id", {{"type", "integer"}, {"description", "The member"}}},
                      {"trainer_id", {{"type", "integer"}, {"description", "Administrators only: the trainer"}}}}},
                    {"required", {"user_id"}}};
    router.Add({.method = Method::kPost,
                .pattern = "/api/members/register-member/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        json body = request.JsonBody();
                        std::int64_t member_id = RequiredId(request, "user_id");
                        std::optional<std::int64_t> trainer_id;
                        if (body.is_object() && body.contains("trainer_id") && body["trainer_id"].is_number_integer()) {
                            trainer_id = body["trainer_id"].get<std::int64_t>();
                        }
                        Profile member = service->Assign(me, member_id, trainer_id).OrThrow();
                        return Ok({{"message", "회원이 등록되었습니다."},
                                   {"data", {{"member", ListItemJson(member, me.user_id)}}}});
                    },
                .access = Access::kTrainer,
                .operation_id = "assignMember",
                .doc = {.summary = "Take on an unassigned member",
                        .tags = {"members"},
                        .request_body = id_body,
                        .responses = [] {
                            json r = Ok200({{"type", "object"}}, "Assigned (or already mine)");
                            r["404"] = {{"description", "No such member"}};
                            r["409"] = {{"description", "The member already has another trainer"}};
                            return r;
                        }()}});
    router.Add({.method = Method::kPost,
                .pattern = "/api/members/unassign-member/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        Profile member = service->Unassign(me, RequiredId(request, "user_id")).OrThrow();
                        return Ok({{"message", "회원 배정이 해제되었습니다."},
                                   {"data", {{"member", ListItemJson(member, me.user_id)}}}});
                    },
                .access = Access::kTrainer,
                .operation_id = "unassignMember",
                .doc = {.summary = "Stop training one of my members",
                        .tags = {"members"},
                        .request_body = id_body,
                        .responses = [] {
                            json r = Ok200({{"type", "object"}}, "Unassigned");
                            r["404"] = {{"description", "Not one of my members"}};
                            return r;
                        }()}});

    // --- a member's own trainer ---
    router.Add({.method = Method::kGet,
                .pattern = "/api/members/my-trainer/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        auto trainer = service->MyTrainer(me).OrThrow();
                        json info = trainer ? TrainerInfo(*trainer) : json(nullptr);
                        return Ok({{"data", {{"trainer", info}}}});
                    },
                .access = Access::kMember,
                .operation_id = "getMyTrainer",
                .doc = {.summary = "My trainer, or null",
                        .tags = {"members"},
                        .responses = Ok200({{"type", "object"}})}});
    router.Add({.method = Method::kPost,
                .pattern = "/api/members/leave-trainer/",
                .handler =
                    [service](Request& request) {
                        const auto& me = accounts::RequirePrincipal(request);
                        service->LeaveTrainer(me).OrThrow();
                        return Ok({{"message", "트레이너와의 연결이 해제되었습니다."}});
                    },
                .access = Access::kMember,
                .operation_id = "leaveMyTrainer",
                .doc = {.summary = "Stop training with my trainer",
                        .tags = {"members"},
                        .responses = [] {
                            json r = Ok200({{"type", "object"}});
                            r["404"] = {{"description", "I have no trainer"}};
                            return r;
                        }()}});
}

}  // namespace spotter::members
