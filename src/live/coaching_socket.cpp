#include "live/coaching_socket.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "accounts/user.hpp"
#include "coaching/analyzer.hpp"
#include "coaching/io/frame_json.hpp"
#include "common/random.hpp"

namespace spotter::live {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr auto kResumeWindow = std::chrono::minutes(10);
constexpr int kStateEvery = 15;  // frames between state updates when nothing happens

// The catalog exercise a camera session is saved as, when the client names none.
const char* CatalogNameFor(coaching::Exercise exercise) {
    switch (exercise) {
        case coaching::Exercise::kSquat: return "맨몸 스쿼트";
        case coaching::Exercise::kPushUp: return "푸시 업";
        case coaching::Exercise::kLunge: return "런지";
        case coaching::Exercise::kSitUp: return "윗몸 일으키기";
        case coaching::Exercise::kJumpingJack: return "점핑 잭";
        case coaching::Exercise::kPullUp: return "풀 업";
        case coaching::Exercise::kBenchPress: return "바벨 플랫 벤치 프레스";
        case coaching::Exercise::kFrontRaise: return "덤벨 프론트 레이즈";
        case coaching::Exercise::kShoulderPress: return "시티드 덤벨 숄더 프레스";
        case coaching::Exercise::kBicepsCurl: return "덤벨 바이셉 컬";
        case coaching::Exercise::kPlank: return "플랭크";
        default: return nullptr;
    }
}

json FlagJson(const coaching::FormFlag& flag) {
    return {{"code", coaching::FlagCode(flag.id)},
            {"message_en", coaching::FlagMessage(flag.id, coaching::Language::kEnglish)},
            {"message_ko", coaching::FlagMessage(flag.id, coaching::Language::kKorean)},
            {"measured", flag.measured},
            {"limit", flag.limit},
            {"severity", flag.severity}};
}

json RepJson(const coaching::RepResult& rep) {
    json flags = json::array();
    for (const auto& flag : rep.flags) flags.push_back(FlagJson(flag));
    json out = {{"index", rep.index},     {"start_s", rep.start_s}, {"end_s", rep.end_s},
                {"score", rep.score},     {"flags", flags},         {"hold_s", rep.hold_s}};
    if (rep.similarity) {
        json joints = json::array();
        for (const auto& joint : rep.similarity->largest) {
            joints.push_back({{"joint", joint.joint}, {"mean_abs_deg", joint.mean_abs_deg}});
        }
        out["similarity"] = {{"score", rep.similarity->score}, {"largest_differences", joints}};
    }
    return out;
}

json EventJson(const coaching::Event& event) {
    json out = {{"kind", coaching::EventKindName(event.kind)}, {"t", event.t}, {"count", event.count}};
    if (event.rep) out["rep"] = RepJson(*event.rep);
    return out;
}

json ErrorMessage(const std::string& code, const std::string& message) {
    return {{"type", "error"}, {"code", code}, {"message", message}};
}

// One coaching session: the analyzer and who it belongs to. Lives in the registry so a reconnect resumes it.
struct Session {
    std::mutex mutex;
    std::string id;
    std::int64_t user_id = 0;
    http::Principal principal;
    std::int64_t member_id = 0;
    coaching::Exercise exercise = coaching::Exercise::kAuto;
    std::optional<std::int64_t> exercise_id;
    double weight_kg = 0;
    std::unique_ptr<coaching::Analyzer> analyzer;
    std::int64_t frames = 0;
    Clock::time_point last_seen = Clock::now();
    bool ended = false;
};

}  // namespace

class CoachingSessions {
public:
    std::shared_ptr<Session> Create() {
        auto session = std::make_shared<Session>();
        session->id = RandomHex(16);
        std::lock_guard lock(mutex_);
        Prune();
        sessions_[session->id] = session;
        return session;
    }
    std::shared_ptr<Session> Find(const std::string& id, std::int64_t user_id) {
        std::lock_guard lock(mutex_);
        Prune();
        auto found = sessions_.find(id);
        if (found == sessions_.end() || found->second->user_id != user_id) return nullptr;
        return found->second;
    }
    void Remove(const std::string& id) {
        std::lock_guard lock(mutex_);
        sessions_.erase(id);
    }

private:
    void Prune() {
        auto now = Clock::now();
        for (auto it = sessions_.begin(); it != sessions_.end();) {
            bool stale = false;
            if (it->second->mutex.try_lock()) {
                stale = it->second->ended || now - it->second->last_seen > kResumeWindow;
                it->second->mutex.unlock();
            }
            it = stale ? sessions_.erase(it) : std::next(it);
        }
    }
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Session>> sessions_;
};

namespace {

class Handler : public http::WebSocketHandler {
public:
    Handler(accounts::AuthService& auth, workouts::WorkoutService& workouts,
            demonstrations::DemonstrationService& demonstrations, std::shared_ptr<CoachingSessions> sessions,
            std::shared_ptr<http::WebSocketConnection> connection)
        : auth_(auth),
          workouts_(workouts),
          demonstrations_(demonstrations),
          sessions_(std::move(sessions)),
          connection_(std::move(connection)) {}

    void OnText(std::string_view message) override {
        json body = json::parse(message, nullptr, false);
        if (!body.is_object() || !body.contains("type") || !body["type"].is_string()) {
            Send(ErrorMessage("bad_message", "Send JSON objects with a \"type\"."));
            return;
        }
        std::string type = body["type"];
        if (!principal_) {
            if (type != "auth") {
                connection_->Close(4401, "authenticate first");
                return;
            }
            Authenticate(body);
            return;
        }
        if (type == "frame") {
            Frame(body);
        } else if (type == "start") {
            Start(body);
        } else if (type == "resume") {
            Resume(body);
        } else if (type == "end") {
            End(body);
        } else if (type == "auth") {
            Send(ErrorMessage("already_authenticated", "This connection is already signed in."));
        } else {
            Send(ErrorMessage("unknown_type", "Unknown message type: " + type.substr(0, 40)));
        }
    }

    void OnBinary(std::string_view message) override {
        if (!principal_) {
            connection_->Close(4401, "authenticate first");
            return;
        }
        if (message.size() != 4 && message.size() != 4 * 133) {
            Send(ErrorMessage("bad_frame", "A binary frame is float32 [t] or [t, 132 landmark values]."));
            return;
        }
        std::vector<float> values(message.size() / 4);
        std::memcpy(values.data(), message.data(), message.size());
        coaching::Frame frame;
        frame.t = values[0];
        frame.has_person = values.size() == 133;
        for (std::size_t i = 0; frame.has_person && i < coaching::kLandmarkCount; ++i) {
            frame.lm[i] = {values[1 + i * 4], values[2 + i * 4], values[3 + i * 4], values[4 + i * 4]};
        }
        Analyze(frame);
    }

    void OnClose() override {
        if (session_) {
            std::lock_guard lock(session_->mutex);
            session_->last_seen = Clock::now();
        }
    }

private:
    void Send(const json& message) { connection_->SendText(message.dump(-1, ' ', false, json::error_handler_t::replace)); }

    void Authenticate(const json& body) {
        if (!body.contains("token") || !body["token"].is_string()) {
            connection_->Close(4401, "token required");
            return;
        }
        auto user = auth_.Authenticate(body["token"].get<std::string>());
        if (!user) {
            connection_->Close(4401, user.error().detail.substr(0, 100));
            return;
        }
        principal_ = http::Principal{user->id, accounts::RoleName(user->role), user->email_verified};
        Send({{"type", "authenticated"}, {"user_id", user->id}});
    }

    void Start(const json& body) {
        auto name = body.value("exercise", std::string());
        auto exercise = coaching::ParseExercise(name);
        if (!exercise) {
            Send(ErrorMessage("unknown_exercise", "Unknown exercise: " + name.substr(0, 40)));
            return;
        }
        const std::int64_t member_id = body.contains("member_id") && body["member_id"].is_number_integer()
                                           ? body["member_id"].get<std::int64_t>()
                                           : principal_->user_id;
        std::optional<std::int64_t> demonstration_id;
        if (body.contains("demonstration_id") && !body["demonstration_id"].is_null()) {
            if (!body["demonstration_id"].is_number_integer()) {
                Send(ErrorMessage("bad_message", "demonstration_id must be a whole number."));
                return;
            }
            demonstration_id = body["demonstration_id"].get<std::int64_t>();
        }
        auto demonstration = demonstrations_.ForSession(*principal_, member_id, name, demonstration_id);
        if (demonstration_id && !demonstration) {
            Send(ErrorMessage("no_demonstration", "That demonstration is unknown or has no track yet."));
            return;
        }
        auto session = sessions_->Create();
        std::lock_guard lock(session->mutex);
        session->user_id = principal_->user_id;
        session->principal = *principal_;
        session->member_id = member_id;
        if (body.contains("exercise_id") && body["exercise_id"].is_number_integer()) {
            session->exercise_id = body["exercise_id"].get<std::int64_t>();
        }
        if (body.contains("weight_kg") && body["weight_kg"].is_number()) {
            double weight = body["weight_kg"].get<double>();
            if (std::isfinite(weight) && weight >= 0 && weight <= 1000) session->weight_kg = weight;
        }
        session->exercise = *exercise;
        session->analyzer = std::make_unique<coaching::Analyzer>(*exercise, coaching::AnalyzerOptions{},
                                                                 demonstration ? &demonstration->model : nullptr);
        session_ = session;
        json chosen = nullptr;
        if (demonstration) chosen = {{"id", demonstration->stored.id}, {"title", demonstration->stored.title}};
        Send({{"type", "started"},
              {"session_id", session->id},
              {"exercise", coaching::ExerciseName(*exercise)},
              {"demonstration", chosen}});
    }

    void Resume(const json& body) {
        auto session = sessions_->Find(body.value("session_id", std::string()), principal_->user_id);
        if (!session) {
            Send(ErrorMessage("no_session", "That session is over or unknown; start a new one."));
            return;
        }
        session_ = session;
        std::lock_guard lock(session->mutex);
        auto state = session->analyzer->Current();
        Send({{"type", "resumed"},
              {"session_id", session->id},
              {"count", state.count},
              {"phase", coaching::PhaseName(state.phase)}});
    }

    void Frame(const json& body) {
        if (!body.contains("t") || !body["t"].is_number()) {
            Send(ErrorMessage("bad_frame", "A frame needs a time t (seconds)."));
            return;
        }
        coaching::Frame frame;
        frame.t = body["t"].get<double>();
        const json& landmarks = body.contains("landmarks") ? body["landmarks"] : json(nullptr);
        std::string error = coaching::io::LandmarksFromJson(landmarks, frame);
        if (!error.empty()) {
            Send(ErrorMessage("bad_frame", error + "."));
            return;
        }
        Analyze(frame);
    }

    void Analyze(coaching::Frame& frame) {
        if (!session_) {
            Send(ErrorMessage("no_session", "Send start (or resume) before frames."));
            return;
        }
        if (!std::isfinite(frame.t)) {
            Send(ErrorMessage("bad_frame", "t must be a finite number."));
            return;
        }
        for (auto& point : frame.lm) {
            if (!std::isfinite(point.x) || !std::isfinite(point.y) || !std::isfinite(point.z) ||
                !std::isfinite(point.visibility)) {
                frame.has_person = false;
            }
        }
        std::lock_guard lock(session_->mutex);
        session_->last_seen = Clock::now();
        events_.clear();
        session_->analyzer->Push(frame, events_);
        ++session_->frames;
        if (events_.empty() && session_->frames % kStateEvery != 0) return;
        auto state = session_->analyzer->Current();
        json list = json::array();
        for (const auto& event : events_) list.push_back(EventJson(event));
        Send({{"type", "events"},
              {"t", frame.t},
              {"count", state.count},
              {"phase", coaching::PhaseName(state.phase)},
              {"progress", state.progress},
              {"hold_s", state.hold_s},
              {"events", list}});
    }

    void End(const json& body) {
        if (!session_) {
            Send(ErrorMessage("no_session", "There is no session to end."));
            return;
        }
        std::unique_lock lock(session_->mutex);
        coaching::Summary summary = session_->analyzer->Finish();
        session_->ended = true;
        json reps = json::array();
        for (const auto& rep : summary.reps) reps.push_back(RepJson(rep));
        json result = {{"type", "summary"},
                       {"session_id", session_->id},
                       {"exercise", coaching::ExerciseName(summary.exercise)},
                       {"count", summary.count},
                       {"hold_s", summary.hold_s},
                       {"duration_s", summary.duration_s},
                       {"mean_score", summary.mean_score},
                       {"reps", reps},
                       {"saved", nullptr}};
        bool save = body.value("save", true);
        bool something = coaching::IsTimed(summary.exercise) ? summary.hold_s > 0 : summary.count > 0;
        if (save && something) result["saved"] = Save(summary, result);
        lock.unlock();
        sessions_->Remove(session_->id);
        Send(result);
        session_.reset();
        connection_->Close(1000, "session ended");
    }

    // Stores the session as one set with source "camera" in the member's records.
    json Save(const coaching::Summary& summary, json& result) {
        std::optional<workouts::Exercise> exercise;
        if (session_->exercise_id) {
            auto found = workouts_.GetExercise(session_->principal, *session_->exercise_id);
            if (found) exercise = *found;
        } else if (const char* name = CatalogNameFor(summary.exercise)) {
            for (const auto& candidate : workouts_.Catalog(session_->principal, {})) {
                if (candidate.exercise_name == name) {
                    exercise = candidate;
                    break;
                }
            }
        }
        if (!exercise) {
            result["save_error"] = "Choose an exercise from the catalog (exercise_id) to save this session.";
            return nullptr;
        }
        workouts::SetInput input;
        bool timed = coaching::IsTimed(summary.exercise);
        input.repetitions = timed ? 0 : summary.count;
        input.weight_g = std::llround(session_->weight_kg * 1000.0);
        double seconds = timed ? summary.hold_s : summary.duration_s;
        if (!timed && !summary.reps.empty()) seconds = summary.reps.back().end_s - summary.reps.front().start_s;
        if (seconds > 0) input.duration_ms = std::min<std::int64_t>(std::llround(seconds * 1000.0), 86'400'000);
        if (!summary.reps.empty()) input.form_score = summary.mean_score;
        auto outcome = workouts_.LogSet(session_->principal, session_->member_id, *exercise, input, std::nullopt,
                                        "camera");
        if (!outcome) {
            result["save_error"] = outcome.error().detail;
            return nullptr;
        }
        return {{"workout_exercise_id", outcome->set.workout_exercise_id},
                {"set_id", outcome->set.id},
                {"exercise_id", exercise->id},
                {"exercise_name", exercise->exercise_name},
                {"workout_date", outcome->exercise ? outcome->exercise->workout_date : ""}};
    }

    accounts::AuthService& auth_;
    workouts::WorkoutService& workouts_;
    demonstrations::DemonstrationService& demonstrations_;
    std::shared_ptr<CoachingSessions> sessions_;
    std::shared_ptr<http::WebSocketConnection> connection_;
    std::optional<http::Principal> principal_;
    std::shared_ptr<Session> session_;
    std::vector<coaching::Event> events_;
};

}  // namespace

CoachingSocketService::CoachingSocketService(accounts::AuthService& auth, workouts::WorkoutService& workouts,
                                             demonstrations::DemonstrationService& demonstrations,
                                             std::vector<std::string> allowed_origins)
    : auth_(auth),
      workouts_(workouts),
      demonstrations_(demonstrations),
      allowed_origins_(std::move(allowed_origins)),
      sessions_(std::make_shared<CoachingSessions>()) {}

CoachingSocketService::~CoachingSocketService() = default;

http::WebSocketLimits CoachingSocketService::limits() const {
    http::WebSocketLimits limits;
    limits.max_message_bytes = 16 * 1024;     // a JSON frame of 33 landmarks is about 2 KB
    limits.max_messages_per_second = 90;      // cameras send 30-60 frames a second
    limits.idle_timeout_seconds = 60;
    return limits;
}

void CoachingSocketService::CheckUpgrade(const http::Request& request) {
    // Browsers send Origin; it must be this server's own or a configured one (no cross-site WebSocket hijacking).
    auto origin = request.Header("origin");
    if (!origin) return;  // not a browser
    auto host = request.Header("host");
    std::string own_http = host ? "http://" + std::string(*host) : "";
    std::string own_https = host ? "https://" + std::string(*host) : "";
    bool allowed = *origin == own_http || *origin == own_https ||
                   std::find(allowed_origins_.begin(), allowed_origins_.end(), *origin) != allowed_origins_.end();
    if (!allowed) throw ApiError(ErrorCode::kForbidden, "This origin may not open a coaching session.", "bad_origin");
}

std::unique_ptr<http::WebSocketHandler> CoachingSocketService::Open(const http::Request&,
                                                                    std::shared_ptr<http::WebSocketConnection> connection) {
    return std::make_unique<Handler>(auth_, workouts_, demonstrations_, sessions_, std::move(connection));
}

void RegisterCoachingRoutes(http::Router& router) {
    router.Add({.method = http::Method::kGet,
                .pattern = "/api/coaching/live/",
                .handler =
                    [](http::Request&) -> http::Response {
                        Error error{ErrorCode::kUpgradeRequired,
                                    "Open this URL as a WebSocket; the first message is {\"type\":\"auth\",\"token\":...}.",
                                    {},
                                    "upgrade_required"};
                        error.headers.emplace_back("Upgrade", "websocket");
                        throw ApiError(error);
                    },
                .operation_id = "coachingLiveSocket",
                .doc = {.summary = "Live camera coaching (WebSocket)",
                        .description = "Upgrade to a WebSocket. Messages: auth (first, with the access token), start "
                                       "{exercise, member_id?, exercise_id?, weight_kg?}, frame {t, landmarks: 33 × "
                                       "[x,y,z,visibility] | null} or binary float32 [t, 132 values], resume "
                                       "{session_id}, end {save}. Replies: started, events {count, phase, events}, "
                                       "summary {count, reps, saved}, error.",
                        .tags = {"coaching"},
                        .responses = {{"101", {{"description", "Switching to the WebSocket protocol"}}},
                                      {"426", {{"description", "Not a WebSocket upgrade"}}},
                                      {"403", {{"description", "Origin not allowed"}}}}},
                .blocking = false});
    router.Add({.method = http::Method::kGet,
                .pattern = "/api/coaching/exercises/",
                .handler =
                    [](http::Request&) {
                        json list = json::array();
                        for (coaching::Exercise exercise : coaching::AllExercises()) {
                            const char* catalog = CatalogNameFor(exercise);
                            list.push_back({{"exercise", coaching::ExerciseName(exercise)},
                                            {"timed", coaching::IsTimed(exercise)},
                                            {"catalog_name", catalog ? json(catalog) : json(nullptr)}});
                        }
                        return http::Response::Json(200, {{"success", true}, {"data", {{"exercises", list}}}});
                    },
                .access = http::Access::kAuthenticated,
                .operation_id = "listCoachingExercises",
                .doc = {.summary = "Exercises the camera coach counts (and the catalog exercise each is saved as)",
                        .tags = {"coaching"},
                        .responses = {{"200", {{"description", "The list"}, {"schema", {{"type", "object"}}}}}}},
                .blocking = false});
}

}  // namespace spotter::live
