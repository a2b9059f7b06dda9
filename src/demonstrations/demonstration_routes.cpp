#include "demonstrations/demonstration_routes.hpp"

#include <cmath>
#include <limits>

#include "accounts/access.hpp"
#include "coaching/io/frame_json.hpp"
#include "common/clock.hpp"
#include "media/upload.hpp"

namespace spotter::demonstrations {

namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kVideoBodyLimit = 64 * 1024 * 1024 + 64 * 1024;  // the video plus a multipart envelope
constexpr std::size_t kTrackBodyLimit = 24 * 1024 * 1024;              // 12,000 frames of 33 landmarks

Response Ok(int status, json data) {
    return Response::Json(status, {{"success", true}, {"data", std::move(data)}});
}

Response One(const StoredDemonstration& demonstration, int status = 200) {
    return Ok(status, {{"demonstration", DemonstrationJson(demonstration)}});
}


std::string StringField(const json& body, const char* field, FieldErrors& errors) {
    auto found = body.find(field);
    if (found == body.end() || found->is_null()) {
        errors[field].push_back("This field is required.");
        return {};
    }
    if (!found->is_string()) {
        errors[field].push_back("Must be a string.");
        return {};
    }
    return found->get<std::string>();
}

// {"frames": [{"t": seconds, "landmarks": [[x,y,z,v] x33] | null}, ...]}, times finite, >= 0 and not decreasing.
std::vector<coaching::Frame> ParseTrack(const json& body) {
    auto fail = [](const std::string& message) -> ApiError {
        return ValidationError({{"frames", {message}}}, "The track has invalid frames.");
    };
    auto found = body.find("frames");
    if (found == body.end() || !found->is_array()) throw fail("Send the frames as an array.");
    if (found->size() > kMaxTrackFrames) {
        throw fail("At most " + std::to_string(kMaxTrackFrames) + " frames (3 minutes at 60 frames a second).");
    }
    std::vector<coaching::Frame> frames;
    frames.reserve(found->size());
    int people = 0;
    for (std::size_t i = 0; i < found->size(); ++i) {
        const json& item = (*found)[i];
        const std::string where = "frame " + std::to_string(i) + ": ";
        if (!item.is_object()) throw fail(where + "each frame is an object {t, landmarks}.");
        auto t = item.find("t");
        if (t == item.end() || !t->is_number()) throw fail(where + "t (seconds) must be a number.");
        coaching::Frame frame;
        frame.t = t->get<double>();
        if (!std::isfinite(frame.t) || frame.t < 0 || frame.t > 3600) throw fail(where + "t must be 0 to 3600 seconds.");
        if (!frames.empty() && frame.t < frames.back().t) throw fail(where + "times must not go backwards.");
        auto landmarks = item.find("landmarks");
        if (landmarks != item.end()) {
            std::string error = coaching::io::LandmarksFromJson(*landmarks, frame);
            if (!error.empty()) throw fail(where + error + ".");
        }
        people += frame.has_person ? 1 : 0;
        frames.push_back(frame);
    }
    if (people < 10) throw fail("Fewer than 10 frames show a person: was the whole body in view?");
    return frames;
}

// --- the API document ------------------------------------------------------------------------------------------

json DemonstrationSchema() {
    json nullable_object = {{"type", {"object", "null"}}};
    return {{"type", "object"},
            {"required", {"id", "exercise", "title", "status", "is_default", "trainer", "video", "model"}},
            {"properties",
             {{"id", {{"type", "integer"}}},
              {"exercise", {{"type", "string"}, {"description", "Engine exercise name (GET /api/coaching/exercises/)"}}},
              {"title", {{"type", "string"}}},
              {"status", {{"type", "string"}, {"enum", {"draft", "published"}}}},
              {"is_default", {{"type", "boolean"}}},
              {"trainer",
               {{"type", "object"},
                {"properties", {{"id", {{"type", "integer"}}}, {"name", {{"type", "string"}}}, {"role", {{"type", "string"}}}}}}},
              {"video",
               {{"type", {"object", "null"}},
                {"properties",
                 {{"url", {{"type", "string"}}},
                  {"content_type", {{"type", "string"}}},
                  {"bytes", {{"type", "integer"}}},
                  {"duration_s", {{"type", "number"}}},
                  {"width", {{"type", "integer"}}},
                  {"height", {{"type", "integer"}}}}}}},
              {"model",
               {{"type", {"object", "null"}},
                {"description", "What the engine learnt from the track: repetitions found and their median length"},
                {"properties",
                 {{"reps", {{"type", "integer"}}}, {"rep_seconds", {{"type", "number"}}}, {"frames", {{"type", "integer"}}}}}}},
              {"created_at", {{"type", "string"}, {"format", "date-time"}}},
              {"updated_at", {{"type", "string"}, {"format", "date-time"}}}}}};
}

json Wrapped(const char* key, json schema) {
    return {{"type", "object"},
            {"properties", {{"success", {{"type", "boolean"}}}, {"data", {{"type", "object"}, {"properties", {{key, schema}}}}}}}};
}

json OneResponse(const char* description = "The demonstration") {
    return {{"description", description}, {"schema", Wrapped("demonstration", DemonstrationSchema())}};
}

json FramesSchema() {
    return {{"type", "array"},
            {"maxItems", kMaxTrackFrames},
            {"items",
             {{"type", "object"},
              {"required", {"t"}},
              {"properties",
               {{"t", {{"type", "number"}, {"description", "Seconds from the start of the video"}}},
                {"landmarks",
                 {{"type", {"array", "null"}},
                  {"description", "33 MediaPipe Pose landmarks [x, y, z, visibility]; null when no person"},
                  {"items", {{"type", "array"}, {"items", {{"type", "number"}}}}}}}}}}}};
}

http::RouteDoc Doc(std::string summary, std::string description, json responses, json request_body = nullptr,
                   std::vector<http::QueryDoc> query = {}) {
    http::RouteDoc doc;
    doc.summary = std::move(summary);
    doc.description = std::move(description);
    doc.tags = {"coaching"};
    doc.responses = std::move(responses);
    doc.request_body = std::move(request_body);
    doc.query = std::move(query);
    return doc;
}

}  // namespace

json DemonstrationJson(const StoredDemonstration& d) {
    json video = nullptr;
    if (d.video) {
        video = {{"url", "/media/" + d.video->path},
                 {"content_type", d.video->content_type},
                 {"bytes", d.video->bytes},
                 {"duration_s", static_cast<double>(d.video->duration_ms) / 1000.0},
                 {"width", d.video->width},
                 {"height", d.video->height}};
    }
    json model = nullptr;
    if (d.model) {
        model = {{"reps", d.model->reps},
                 {"rep_seconds", static_cast<double>(d.model->rep_ms) / 1000.0},
                 {"frames", d.model->frames}};
    }
    return {{"id", d.id},
            {"exercise", d.exercise},
            {"title", d.title},
            {"status", d.status},
            {"is_default", d.is_default},
            {"trainer", {{"id", d.owner_id}, {"name", d.owner_name}, {"role", d.owner_role}}},
            {"video", video},
            {"model", model},
            {"created_at", FormatIsoMicros(d.created_at)},
            {"updated_at", FormatIsoMicros(d.updated_at)}};
}

void RegisterDemonstrationRoutes(http::Router& router, DemonstrationService* service) {
    const std::string base = "/api/coaching/demonstrations/";
    const std::string item = base + "{id:int}/";
    const json not_found = {{"description", "No such demonstration, or not one you may see"}};
    const json forbidden = {{"description", "Not the demonstration's owner"}};
    const http::QueryDoc exercise_query{"exercise", "Only this exercise (an engine exercise name)"};

    router.Add({.method = Method::kGet,
                .pattern = base,
                .handler =
                    [service](Request& request) {
                        json list = json::array();
                        for (const auto& d : service->List(accounts::RequirePrincipal(request), request.Query("exercise"))) {
                            list.push_back(DemonstrationJson(d));
                        }
                        return Ok(200, {{"demonstrations", list}});
                    },
                .access = Access::kAuthenticated,
                .operation_id = "listDemonstrations",
                .doc = Doc("Demonstrations I may use or manage",
                           "Trainers: their own, drafts included. Members: their trainer's published ones and the "
                           "defaults. Administrators: all. Newest first, at most 200.",
                           {{"200", {{"description", "The list"},
                                     {"schema", Wrapped("demonstrations", {{"type", "array"}, {"items", DemonstrationSchema()}})}}}},
                           nullptr, {exercise_query})});

    router.Add({.method = Method::kPost,
                .pattern = base,
                .handler =
                    [service](Request& request) {
                        json body = request.JsonObjectBody();
                        FieldErrors errors;
                        std::string exercise = StringField(body, "exercise", errors);
                        std::string title = StringField(body, "title", errors);
                        if (!errors.empty()) throw ValidationError(errors);
                        return One(service->Create(accounts::RequirePrincipal(request), exercise, title).OrThrow(), 201);
                    },
                .access = Access::kTrainer,
                .operation_id = "createDemonstration",
                .doc = Doc("Start a demonstration (a draft)", "Then attach its video and its track, and publish it.",
                           {{"201", OneResponse("Created")}, {"400", {{"description", "Invalid exercise or title"}}},
                            {"409", {{"description", "Too many demonstrations"}}}},
                           {{"type", "object"},
                            {"required", {"exercise", "title"}},
                            {"properties",
                             {{"exercise", {{"type", "string"}}}, {"title", {{"type", "string"}, {"maxLength", kMaxTitleLength}}}}}})});

    router.Add({.method = Method::kGet,
                .pattern = base + "current/",
                .handler =
                    [service](Request& request) {
                        auto exercise = request.Query("exercise");
                        if (!exercise || exercise->empty()) {
                            throw ValidationError({{"exercise", {"This query parameter is required."}}});
                        }
                        return One(service->Current(accounts::RequirePrincipal(request), *exercise,
                                                    request.IntQuery("member_id", 1, std::numeric_limits<std::int64_t>::max()))
                                       .OrThrow());
                    },
                .access = Access::kAuthenticated,
                .operation_id = "currentDemonstration",
                .doc = Doc("The demonstration a session of an exercise compares with",
                           "The member's trainer's published demonstration of the exercise, else the default one. "
                           "Trainers may name one of their members.",
                           {{"200", OneResponse()}, {"400", {{"description", "Unknown exercise"}}},
                            {"404", {{"description", "No demonstration of this exercise, or not your member"}}}},
                           nullptr,
                           {{"exercise", "An engine exercise name", {{"type", "string"}}, true},
                            {"member_id", "For trainers: one of their members", {{"type", "integer"}}}})});

    router.Add({.method = Method::kGet,
                .pattern = item,
                .handler = [service](Request& request) {
                    return One(service->Get(accounts::RequirePrincipal(request), request.IntParam("id")).OrThrow());
                },
                .access = Access::kAuthenticated,
                .operation_id = "getDemonstration",
                .doc = Doc("A demonstration", "", {{"200", OneResponse()}, {"404", not_found}})});

    router.Add({.method = Method::kPatch,
                .pattern = item,
                .handler =
                    [service](Request& request) {
                        json body = request.JsonObjectBody();
                        FieldErrors errors;
                        std::string title = StringField(body, "title", errors);
                        if (!errors.empty()) throw ValidationError(errors);
                        return One(service->Rename(accounts::RequirePrincipal(request), request.IntParam("id"), title)
                                       .OrThrow());
                    },
                .access = Access::kTrainer,
                .operation_id = "renameDemonstration",
                .doc = Doc("Rename a demonstration", "",
                           {{"200", OneResponse()}, {"400", {{"description", "Invalid title"}}}, {"403", forbidden},
                            {"404", not_found}},
                           {{"type", "object"},
                            {"required", {"title"}},
                            {"properties", {{"title", {{"type", "string"}, {"maxLength", kMaxTitleLength}}}}}})});

    router.Add({.method = Method::kDelete,
                .pattern = item,
                .handler =
                    [service](Request& request) {
                        service->Delete(accounts::RequirePrincipal(request), request.IntParam("id")).OrThrow();
                        return Response::Empty(204);
                    },
                .access = Access::kTrainer,
                .operation_id = "deleteDemonstration",
                .doc = Doc("Delete a demonstration and its video", "",
                           {{"204", {{"description", "Deleted"}}}, {"403", forbidden}, {"404", not_found}})});

    router.Add({.method = Method::kPut,
                .pattern = item + "video/",
                .handler =
                    [service](Request& request) {
                        auto bytes = media::UploadedBytes(request, {"video"});
                        return One(service->AttachVideo(accounts::RequirePrincipal(request), request.IntParam("id"), bytes)
                                       .OrThrow());
                    },
                .access = Access::kTrainer,
                .operation_id = "putDemonstrationVideo",
                .doc = Doc("Attach the demonstration's video (MP4 or WebM, up to 64 MB and 3 minutes)",
                           "Multipart field `video`, or the raw video as the body. The container is recognised by its "
                           "bytes and the file checked with ffprobe (a video stream browsers play: H.264/HEVC/AV1/VP9 "
                           "in MP4, VP8/VP9/AV1 in WebM). Replaces the previous video. Served from `video.url` with "
                           "HTTP Range requests. At most 30 uploads an hour.",
                           {{"200", OneResponse("Stored")},
                            {"400", {{"description", "No file or a broken form"}}},
                            {"403", forbidden},
                            {"404", not_found},
                            {"413", {{"description", "Larger than 64 MB"}}},
                            {"415", {{"description", "Not an MP4 or WebM video browsers play"}}},
                            {"422", {{"description", "Longer than 3 minutes or larger than 4096 px"}}},
                            {"429", {{"description", "Too many uploads"}}},
                            {"503", {{"description", "The video check is unavailable"}}}},
                           {{"content",
                             {{"multipart/form-data",
                               {{"type", "object"},
                                {"properties", {{"video", {{"type", "string"}, {"format", "binary"}}}}},
                                {"required", {"video"}}}},
                              {"video/mp4", {{"type", "string"}, {"format", "binary"}}},
                              {"video/webm", {{"type", "string"}, {"format", "binary"}}}}}}),
                .body_limit = kVideoBodyLimit});

    router.Add({.method = Method::kPut,
                .pattern = item + "track/",
                .handler =
                    [service](Request& request) {
                        auto frames = ParseTrack(request.JsonObjectBody());
                        return One(service->AttachTrack(accounts::RequirePrincipal(request), request.IntParam("id"), frames)
                                       .OrThrow());
                    },
                .access = Access::kTrainer,
                .operation_id = "putDemonstrationTrack",
                .doc = Doc("Attach the landmark track extracted from the video",
                           "The browser runs MediaPipe Pose over the video and sends each frame's time and 33 "
                           "landmarks. The engine learns from it what one repetition looks like; members' sessions "
                           "are compared with that (a similarity score per repetition naming the joints that "
                           "differ most) and, for `auto`, counted by it.",
                           {{"200", OneResponse("Stored, with the model learnt")},
                            {"400", {{"description", "Malformed frames"}}},
                            {"403", forbidden},
                            {"404", not_found},
                            {"422", {{"description", "No repetition found in the track (code no_repetition)"}}}},
                           {{"type", "object"}, {"required", {"frames"}}, {"properties", {{"frames", FramesSchema()}}}}),
                .body_limit = kTrackBodyLimit});

    router.Add({.method = Method::kGet,
                .pattern = item + "track/",
                .handler =
                    [service](Request& request) {
                        std::string track =
                            service->Track(accounts::RequirePrincipal(request), request.IntParam("id")).OrThrow();
                        return Response::Text(200, "{\"success\":true,\"data\":" + track + "}", "application/json");
                    },
                .access = Access::kAuthenticated,
                .operation_id = "getDemonstrationTrack",
                .doc = Doc("The demonstration's landmark track", "For drawing the demonstration's skeleton.",
                           {{"200", {{"description", "The frames"},
                                     {"schema", {{"type", "object"},
                                                 {"properties", {{"success", {{"type", "boolean"}}},
                                                                 {"data", {{"type", "object"},
                                                                           {"properties", {{"frames", FramesSchema()}}}}}}}}}}},
                            {"404", {{"description", "No such demonstration, or no track yet"}}}})});

    router.Add({.method = Method::kPost,
                .pattern = item + "publish/",
                .handler =
                    [service](Request& request) {
                        bool as_default = false;
                        if (!request.body.empty()) {
                            json body = request.JsonObjectBody();
                            auto found = body.find("default");
                            if (found != body.end() && !found->is_null()) {
                                if (!found->is_boolean()) throw ValidationError({{"default", {"Must be true or false."}}});
                                as_default = found->get<bool>();
                            }
                        }
                        return One(service->Publish(accounts::RequirePrincipal(request), request.IntParam("id"), as_default)
                                       .OrThrow());
                    },
                .access = Access::kTrainer,
                .operation_id = "publishDemonstration",
                .doc = Doc("Publish a demonstration to my members",
                           "One published demonstration per trainer and exercise: the previous one returns to draft. "
                           "Administrators may publish one as the default of its exercise (`default: true`).",
                           {{"200", OneResponse()}, {"403", forbidden}, {"404", not_found},
                            {"422", {{"description", "No track yet (code no_model)"}}}},
                           {{"type", "object"}, {"properties", {{"default", {{"type", "boolean"}}}}}})});

    router.Add({.method = Method::kPost,
                .pattern = item + "unpublish/",
                .handler = [service](Request& request) {
                    return One(service->Unpublish(accounts::RequirePrincipal(request), request.IntParam("id")).OrThrow());
                },
                .access = Access::kTrainer,
                .operation_id = "unpublishDemonstration",
                .doc = Doc("Return a demonstration to draft", "", {{"200", OneResponse()}, {"403", forbidden}, {"404", not_found}})});
}

}  // namespace spotter::demonstrations
