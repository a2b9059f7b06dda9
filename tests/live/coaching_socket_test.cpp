// The live coaching WebSocket against the real server: authentication without the token in the URL, Origin
// checks, a full session whose result lands in the workout records, bad frames, floods, oversized messages and
// resuming after a reconnect. Runs on SQLite or PostgreSQL.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "accounts/admin.hpp"
#include "support/http_client.hpp"
#include "support/test_server.hpp"

namespace spotter {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using nlohmann::json;
using tcp = net::ip::tcp;

constexpr const char* kPassword = "Sturdy-Pass-2026";

// A squat seen from the front: hips and shoulders go down and up with `period_s`.
json SquatFrame(double t, double period_s) {
    double phase = (1 - std::cos(2 * M_PI * t / period_s)) / 2;
    json lm = json::array();
    for (int i = 0; i < 33; ++i) lm.push_back({0.5, 0.5, 0.0, 0.99});
    auto set = [&](int index, double x, double y) { lm[index] = {x, y, 0.0, 0.99}; };
    set(11, 0.45, 0.30 + 0.15 * phase);
    set(12, 0.55, 0.30 + 0.15 * phase);
    set(23, 0.46 - 0.08 * phase, 0.55 + 0.18 * phase);
    set(24, 0.54 + 0.08 * phase, 0.55 + 0.18 * phase);
    set(25, 0.46, 0.75);
    set(26, 0.54, 0.75);
    set(27, 0.46, 0.95);
    set(28, 0.54, 0.95);
    return {{"type", "frame"}, {"t", t}, {"landmarks", lm}};
}

class Socket {
public:
    explicit Socket(int port, const std::string& origin = "") : ws_(io_) {
        tcp::resolver resolver(io_);
        net::connect(ws_.next_layer(), resolver.resolve("127.0.0.1", std::to_string(port)));
        if (!origin.empty()) {
            ws_.set_option(websocket::stream_base::decorator(
                [origin](websocket::request_type& request) { request.set(beast::http::field::origin, origin); }));
        }
        ws_.handshake("127.0.0.1:" + std::to_string(port), "/api/coaching/live/");
    }
    void Send(const json& message) { ws_.write(net::buffer(message.dump())); }
    void SendRaw(const std::string& text) { ws_.write(net::buffer(text)); }
    // The next message, or a json with "closed": code when the server closed.
    json Read() {
        beast::flat_buffer buffer;
        beast::error_code ec;
        ws_.read(buffer, ec);
        if (ec) return {{"closed", static_cast<int>(ws_.reason().code)}, {"reason", std::string(ws_.reason().reason.data(), ws_.reason().reason.size())}};
        return json::parse(beast::buffers_to_string(buffer.data()));
    }
    // Reads until a message of `type` (or a close) arrives.
    json ReadUntil(const std::string& type) {
        for (int i = 0; i < 10000; ++i) {
            json message = Read();
            if (message.contains("closed") || message.value("type", "") == type) return message;
        }
        return nullptr;
    }
    void Drop() {
        beast::error_code ec;
        ws_.next_layer().close(ec);
    }

private:
    net::io_context io_;
    websocket::stream<tcp::socket> ws_;
};

class CoachingSocketTest : public ::testing::Test {
protected:
    void SetUp() override {
        server_ = std::make_unique<testing::TestServer>();
        testing::HttpClient client(server_->base_url());
        auto signup = client.PostJson("/auth/sign-up/", {{"name", "김회원"}, {"email", "cam@example.com"},
                                                         {"password", kPassword}, {"confirm_password", kPassword},
                                                         {"user_type", "member"}, {"terms_agreed", true},
                                                         {"privacy_agreed", true}});
        ASSERT_EQ(signup.status, 201);
        member_id_ = signup.Json()["user"]["id"];
        token_ = client.PostJson("/auth/login/", {{"email", "cam@example.com"}, {"password", kPassword}})
                     .Json()["tokens"]["access"];
    }

    // Sends `reps` squats paced below the rate limit; returns the last "events" message.
    void SendSquats(Socket& socket, double start_t, int reps, double period_s = 1.5, double fps = 20) {
        int frames = static_cast<int>(reps * period_s * fps) + static_cast<int>(fps * 0.6);
        for (int i = 0; i < frames; ++i) {
            socket.Send(SquatFrame(start_t + i / fps, period_s));
            std::this_thread::sleep_for(std::chrono::milliseconds(14));
        }
    }

    std::unique_ptr<testing::TestServer> server_;
    std::int64_t member_id_ = 0;
    std::string token_;
};

TEST_F(CoachingSocketTest, AFullSessionCountsAndSavesACameraSet) {
    Socket socket(server_->port());
    socket.Send({{"type", "auth"}, {"token", token_}});
    EXPECT_EQ(socket.Read()["type"], "authenticated");
    socket.Send({{"type", "start"}, {"exercise", "squat"}});
    json started = socket.Read();
    ASSERT_EQ(started["type"], "started");
    EXPECT_EQ(started["exercise"], "squat");
    SendSquats(socket, 0, 3);
    socket.Send({{"type", "end"}, {"save", true}});
    json summary = socket.ReadUntil("summary");
    ASSERT_EQ(summary["type"], "summary") << summary.dump();
    EXPECT_EQ(summary["count"], 3) << summary.dump().substr(0, 500);
    ASSERT_FALSE(summary["saved"].is_null()) << summary.dump().substr(0, 500);
    EXPECT_EQ(socket.Read()["closed"], 1000);

    testing::HttpClient client(server_->base_url());
    std::string member = std::to_string(member_id_);
    std::string record = std::to_string(summary["saved"]["workout_exercise_id"].get<long long>());
    auto sets = client.Get("/api/workouts/" + member + "/records/" + record + "/sets/",
                           {"Authorization: Bearer " + token_})
                    .Json()["data"];
    ASSERT_EQ(sets["sets"].size(), 1u);
    EXPECT_EQ(sets["sets"][0]["source"], "camera");
    EXPECT_EQ(sets["sets"][0]["repetitions"], 3);
    EXPECT_FALSE(sets["sets"][0]["form_score"].is_null());
    EXPECT_GT(sets["sets"][0]["calories_kcal"].get<double>(), 0.0);
    EXPECT_EQ(sets["exercise_name"], "맨몸 스쿼트");
}

TEST_F(CoachingSocketTest, SessionsCompareWithTheDemonstration) {
    // An administrator publishes a default squat demonstration learnt from a recorded track.
    accounts::PasswordHasher hasher;
    ASSERT_TRUE(accounts::CreateAdmin(*server_->app().database(), hasher, "boss@example.com", kPassword, "Boss"));
    testing::HttpClient client(server_->base_url());
    std::string admin = client.PostJson("/auth/login/", {{"email", "boss@example.com"}, {"password", kPassword}})
                            .Json()["tokens"]["access"];
    std::vector<std::string> headers{"Authorization: Bearer " + admin, "Content-Type: application/json"};
    auto created = client.PostJson("/api/coaching/demonstrations/", {{"exercise", "squat"}, {"title", "Squat"}}, headers);
    ASSERT_EQ(created.status, 201) << created.body;
    std::string path = "/api/coaching/demonstrations/" +
                       std::to_string(created.Json()["data"]["demonstration"]["id"].get<long long>()) + "/";
    json frames = json::array();
    for (int i = 0; i < 4 * 30 + 15; ++i) {
        json frame = SquatFrame(i / 20.0, 1.5);
        frames.push_back({{"t", frame["t"]}, {"landmarks", frame["landmarks"]}});
    }
    auto track = client.Request("PUT", path + "track/", json{{"frames", frames}}.dump(), headers);
    ASSERT_EQ(track.status, 200) << track.body.substr(0, 300);
    ASSERT_EQ(client.Request("POST", path + "publish/", R"({"default": true})", headers).status, 200);

    Socket socket(server_->port());
    socket.Send({{"type", "auth"}, {"token", token_}});
    EXPECT_EQ(socket.Read()["type"], "authenticated");
    socket.Send({{"type", "start"}, {"exercise", "squat"}});
    json started = socket.Read();
    ASSERT_EQ(started["type"], "started");
    ASSERT_FALSE(started["demonstration"].is_null()) << started.dump();
    EXPECT_EQ(started["demonstration"]["title"], "Squat");
    SendSquats(socket, 0, 2);
    socket.Send({{"type", "end"}, {"save", false}});
    json summary = socket.ReadUntil("summary");
    ASSERT_EQ(summary["count"], 2) << summary.dump().substr(0, 500);
    for (const auto& rep : summary["reps"]) {
        ASSERT_TRUE(rep.contains("similarity")) << rep.dump();
        EXPECT_GE(rep["similarity"]["score"].get<int>(), 50) << "the same movement as the demonstration";
    }

    // Asking for a demonstration that does not exist is an error, not a silent fallback.
    Socket again(server_->port());
    again.Send({{"type", "auth"}, {"token", token_}});
    again.Read();
    again.Send({{"type", "start"}, {"exercise", "squat"}, {"demonstration_id", 424242}});
    EXPECT_EQ(again.Read()["code"], "no_demonstration");
}

TEST_F(CoachingSocketTest, TheFirstMessageMustAuthenticate) {
    Socket frames_first(server_->port());
    frames_first.Send({{"type", "start"}, {"exercise", "squat"}});
    EXPECT_EQ(frames_first.Read()["closed"], 4401);
    Socket bad_token(server_->port());
    bad_token.Send({{"type", "auth"}, {"token", "not.a.token"}});
    EXPECT_EQ(bad_token.Read()["closed"], 4401);
}

TEST_F(CoachingSocketTest, ForeignOriginsAreRefused) {
    EXPECT_THROW(Socket(server_->port(), "https://evil.example"), beast::system_error);
    Socket own(server_->port(), "http://127.0.0.1:" + std::to_string(server_->port()));
    own.Send({{"type", "auth"}, {"token", token_}});
    EXPECT_EQ(own.Read()["type"], "authenticated");
}

TEST_F(CoachingSocketTest, BadFramesGetErrorsAndTheSessionGoesOn) {
    Socket socket(server_->port());
    socket.Send({{"type", "auth"}, {"token", token_}});
    socket.Read();
    socket.Send({{"type", "frame"}, {"t", 0.0}, {"landmarks", nullptr}});
    EXPECT_EQ(socket.Read()["code"], "no_session");
    socket.Send({{"type", "start"}, {"exercise", "yoga_flow"}});
    EXPECT_EQ(socket.Read()["code"], "unknown_exercise");
    socket.Send({{"type", "start"}, {"exercise", "push_up"}});
    EXPECT_EQ(socket.Read()["type"], "started");
    for (const std::string& bad : {std::string("not json"), std::string(R"({"type":"frame"})"),
                                   std::string(R"({"type":"frame","t":1,"landmarks":[[1,2]]})"),
                                   std::string(R"({"type":"frame","t":1,"landmarks":"x"})"),
                                   std::string(R"({"type":"dance"})")}) {
        socket.SendRaw(bad);
        json reply = socket.Read();
        EXPECT_EQ(reply["type"], "error") << bad;
    }
    socket.Send({{"type", "frame"}, {"t", 0.1}, {"landmarks", nullptr}});
    socket.Send({{"type", "end"}, {"save", true}});
    json summary = socket.ReadUntil("summary");
    EXPECT_EQ(summary["count"], 0);
    EXPECT_TRUE(summary["saved"].is_null());  // nothing to save
}

TEST_F(CoachingSocketTest, FloodsAndOversizedMessagesCloseTheConnection) {
    Socket flood(server_->port());
    flood.Send({{"type", "auth"}, {"token", token_}});
    flood.Read();
    json closed;
    for (int i = 0; i < 2000; ++i) {
        try {
            flood.Send({{"type", "frame"}, {"t", i / 30.0}, {"landmarks", nullptr}});
        } catch (const std::exception&) {
            break;
        }
    }
    closed = flood.ReadUntil("never");
    EXPECT_EQ(closed["closed"], 1008);

    Socket big(server_->port());
    big.Send({{"type", "auth"}, {"token", token_}});
    big.Read();
    try {
        big.SendRaw(std::string(20 * 1024, ' '));
    } catch (const std::exception&) {
        // The server may close before the whole message is written.
    }
    EXPECT_EQ(big.Read()["closed"], 1009);
}

TEST_F(CoachingSocketTest, AReconnectResumesTheSession) {
    std::string session_id;
    {
        Socket first(server_->port());
        first.Send({{"type", "auth"}, {"token", token_}});
        first.Read();
        first.Send({{"type", "start"}, {"exercise", "squat"}});
        session_id = first.Read()["session_id"];
        SendSquats(first, 0, 2);
        first.Drop();  // the phone lost its connection
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    Socket second(server_->port());
    second.Send({{"type", "auth"}, {"token", token_}});
    second.Read();
    second.Send({{"type", "resume"}, {"session_id", session_id}});
    json resumed = second.ReadUntil("resumed");
    ASSERT_EQ(resumed["type"], "resumed");
    EXPECT_EQ(resumed["count"], 2);
    SendSquats(second, 3.6, 1);
    second.Send({{"type", "end"}, {"save", false}});
    json summary = second.ReadUntil("summary");
    EXPECT_EQ(summary["count"], 3);
    EXPECT_TRUE(summary["saved"].is_null());
    // Another user cannot take the session over.
    Socket stranger(server_->port());
    stranger.Send({{"type", "auth"}, {"token", token_}});
    stranger.Read();
    stranger.Send({{"type", "resume"}, {"session_id", session_id}});
    EXPECT_EQ(stranger.ReadUntil("error")["code"], "no_session");  // ended sessions are gone
}

TEST_F(CoachingSocketTest, APlainGetExplainsHowToConnect) {
    testing::HttpClient client(server_->base_url());
    auto reply = client.Get("/api/coaching/live/");
    EXPECT_EQ(reply.status, 426);
    EXPECT_EQ(reply.Header("upgrade"), "websocket");
    auto exercises = client.Get("/api/coaching/exercises/", {"Authorization: Bearer " + token_});
    EXPECT_EQ(exercises.status, 200);
    EXPECT_GE(exercises.Json()["data"]["exercises"].size(), 12u);
}

}  // namespace
}  // namespace spotter
