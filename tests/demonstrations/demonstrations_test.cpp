// Trainers' demonstrations against the real server on SQLite or PostgreSQL: videos checked by ffprobe (real files
// made by ffmpeg here, and files that only pretend), tracks the engine learns from, publishing, defaults, who sees
// what, and Range streaming of the stored video.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "coaching/io/frame_json.hpp"
#include "media/video_store.hpp"
#include "support/http_client.hpp"
#include "support/people.hpp"
#include "support/test_server.hpp"
#include "synthetic.hpp"

namespace spotter {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::Actor;
using testing::HttpClient;
using testing::HttpResult;
using testing::TestServer;

// Video files made once for the whole suite with Debian's ffmpeg.
class Videos {
public:
    static const Videos& Get() {
        static Videos videos;
        return videos;
    }
    std::string Read(const std::string& name) const {
        std::ifstream in(dir_ / name, std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        return bytes.str();
    }

private:
    Videos() {
        dir_ = fs::temp_directory_path() / ("spotter-videos-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
        const std::string ffmpeg = "ffmpeg -nostdin -loglevel error -y ";
        Make(ffmpeg + "-f lavfi -i testsrc=size=320x240:rate=10 -t 2 -c:v libx264 -pix_fmt yuv420p", "clip.mp4");
        Make(ffmpeg + "-f lavfi -i testsrc=size=320x240:rate=10 -t 2 -c:v libvpx -b:v 200k", "clip.webm");
        Make(ffmpeg + "-f lavfi -i testsrc=size=64x64:rate=1 -t 200 -c:v libx264 -pix_fmt yuv420p", "long.mp4");
        Make(ffmpeg + "-f lavfi -i sine=frequency=440 -t 1 -c:a aac", "sound.mp4");
        Make(ffmpeg + "-f lavfi -i testsrc=size=320x240:rate=10 -t 1 -c:v mpeg4", "mpeg4.mp4");
    }
    void Make(const std::string& command, const std::string& name) {
        std::string full = command + " '" + (dir_ / name).string() + "'";
        if (std::system(full.c_str()) != 0) ADD_FAILURE() << "ffmpeg failed: " << full;
    }
    fs::path dir_;
};

// A squat track: the synthetic body doing `reps` squats seen from the side, as the browser would send it.
json SquatTrack(int reps, std::uint64_t seed = 7) {
    coaching::synthetic::SequenceSpec spec;
    spec.exercise = coaching::Exercise::kSquat;
    spec.reps = reps;
    spec.seed = seed;
    auto sequence = coaching::synthetic::Generate(spec);
    json frames = json::array();
    for (const auto& frame : sequence.frames) {
        frames.push_back({{"t", frame.t}, {"landmarks", coaching::io::LandmarksToJson(frame)}});
    }
    return {{"frames", frames}};
}

// Someone standing still: no repetition to learn.
json StillTrack() {
    auto frames = SquatTrack(2)["frames"];
    json still = json::array();
    for (std::size_t i = 0; i < 120; ++i) still.push_back({{"t", i / 30.0}, {"landmarks", frames[0]["landmarks"]}});
    return {{"frames", still}};
}

class DemonstrationsTest : public ::testing::Test {
protected:
    void SetUp() override {
        server_ = std::make_unique<TestServer>();
        client_ = std::make_unique<HttpClient>(server_->base_url());
        trainer_ = Create("coach@example.com", "trainer");
        other_trainer_ = Create("other@example.com", "trainer");
        member_ = Create("member@example.com", "member");
        loner_ = Create("loner@example.com", "member");
        admin_ = testing::Administrator(*server_, *client_, "boss@example.com");
        ASSERT_EQ(Call("POST", "/api/members/register-member/", trainer_, {{"user_id", member_.id}}).status, 200);
    }

    Actor Create(const std::string& email, const std::string& type) { return testing::SignUp(*client_, email, type); }

    HttpResult Call(const std::string& method, const std::string& path, const Actor& actor, const json& body = nullptr) {
        return testing::CallAs(*client_, method, path, actor, body);
    }

    HttpResult PutVideo(const Actor& actor, std::int64_t id, const std::string& bytes,
                        const std::string& type = "video/mp4") {
        return client_->Request("PUT", Path(id) + "video/", bytes,
                                {"Authorization: Bearer " + actor.token, "Content-Type: " + type});
    }

    static std::string Path(std::int64_t id) { return "/api/coaching/demonstrations/" + std::to_string(id) + "/"; }

    // Creates a demonstration as `actor` and returns it.
    json Make(const Actor& actor, const std::string& exercise = "squat", const std::string& title = "Squat") {
        auto reply = Call("POST", "/api/coaching/demonstrations/", actor, {{"exercise", exercise}, {"title", title}});
        EXPECT_EQ(reply.status, 201) << reply.body;
        return reply.Json()["data"]["demonstration"];
    }

    // Creates, adds a track and publishes; returns the id.
    std::int64_t Published(const Actor& actor, const json& publish_body = json::object()) {
        auto id = Make(actor)["id"].get<std::int64_t>();
        EXPECT_EQ(Call("PUT", Path(id) + "track/", actor, SquatTrack(4)).status, 200);
        auto reply = Call("POST", Path(id) + "publish/", actor, publish_body);
        EXPECT_EQ(reply.status, 200) << reply.body;
        return id;
    }

    std::unique_ptr<TestServer> server_;
    std::unique_ptr<HttpClient> client_;
    Actor trainer_, other_trainer_, member_, loner_, admin_;
};

TEST_F(DemonstrationsTest, ATrainerRecordsPublishesAndTheirMemberGetsIt) {
    json created = Make(trainer_, "squat", "깊은 스쿼트");
    EXPECT_EQ(created["status"], "draft");
    EXPECT_TRUE(created["video"].is_null());
    EXPECT_TRUE(created["model"].is_null());
    auto id = created["id"].get<std::int64_t>();

    auto video = PutVideo(trainer_, id, Videos::Get().Read("clip.mp4"));
    ASSERT_EQ(video.status, 200) << video.body;
    json stored = video.Json()["data"]["demonstration"]["video"];
    EXPECT_EQ(stored["content_type"], "video/mp4");
    EXPECT_EQ(stored["width"], 320);
    EXPECT_EQ(stored["height"], 240);
    EXPECT_NEAR(stored["duration_s"].get<double>(), 2.0, 0.2);

    // The video streams with Range requests.
    std::string url = stored["url"];
    auto part = client_->Request("GET", url, "", {"Range: bytes=0-99"});
    EXPECT_EQ(part.status, 206);
    EXPECT_EQ(part.body.size(), 100u);
    EXPECT_EQ(part.Header("content-type"), "video/mp4");

    auto track = Call("PUT", Path(id) + "track/", trainer_, SquatTrack(5));
    ASSERT_EQ(track.status, 200) << track.body.substr(0, 500);
    json model = track.Json()["data"]["demonstration"]["model"];
    EXPECT_GE(model["reps"].get<int>(), 4);
    EXPECT_GT(model["rep_seconds"].get<double>(), 0.5);

    // The stored track comes back for drawing the skeleton.
    auto back = Call("GET", Path(id) + "track/", member_);
    EXPECT_EQ(back.status, 404) << "a draft is not the member's to see";
    auto own = Call("GET", Path(id) + "track/", trainer_);
    ASSERT_EQ(own.status, 200);
    EXPECT_EQ(own.Json()["data"]["frames"].size(), SquatTrack(5)["frames"].size());

    EXPECT_EQ(Call("GET", "/api/coaching/demonstrations/current/?exercise=squat", member_).status, 404);
    auto published = Call("POST", Path(id) + "publish/", trainer_, json::object());
    ASSERT_EQ(published.status, 200) << published.body;
    EXPECT_EQ(published.Json()["data"]["demonstration"]["status"], "published");

    auto current = Call("GET", "/api/coaching/demonstrations/current/?exercise=squat", member_);
    ASSERT_EQ(current.status, 200) << current.body;
    EXPECT_EQ(current.Json()["data"]["demonstration"]["id"], id);
    EXPECT_EQ(current.Json()["data"]["demonstration"]["title"], "깊은 스쿼트");
    EXPECT_EQ(Call("GET", Path(id) + "track/", member_).status, 200);
    auto list = Call("GET", "/api/coaching/demonstrations/?exercise=squat", member_).Json()["data"]["demonstrations"];
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["id"], id);
    // The trainer asks on behalf of their member; another trainer cannot.
    auto path = "/api/coaching/demonstrations/current/?exercise=squat&member_id=" + std::to_string(member_.id);
    EXPECT_EQ(Call("GET", path, trainer_).status, 200);
    EXPECT_EQ(Call("GET", path, other_trainer_).status, 404);
}

TEST_F(DemonstrationsTest, OthersCannotSeeOrChangeIt) {
    auto id = Published(trainer_);
    EXPECT_EQ(Call("GET", Path(id), other_trainer_).status, 404);
    EXPECT_EQ(Call("PATCH", Path(id), other_trainer_, {{"title", "mine now"}}).status, 404);
    EXPECT_EQ(Call("DELETE", Path(id), other_trainer_).status, 404);
    EXPECT_EQ(Call("GET", Path(id), loner_).status, 404) << "not the loner's trainer";
    EXPECT_EQ(Call("GET", Path(id), member_).status, 200);
    EXPECT_EQ(Call("PATCH", Path(id), member_, {{"title", "x"}}).status, 403) << "members never change demonstrations";
    EXPECT_EQ(PutVideo(member_, id, Videos::Get().Read("clip.mp4")).status, 403);
    EXPECT_EQ(Call("GET", "/api/coaching/demonstrations/", other_trainer_).Json()["data"]["demonstrations"].size(), 0u);
    // An administrator may manage anyone's.
    auto renamed = Call("PATCH", Path(id), admin_, {{"title", "Renamed by admin"}});
    EXPECT_EQ(renamed.status, 200);
    EXPECT_EQ(Call("GET", Path(id), trainer_).Json()["data"]["demonstration"]["title"], "Renamed by admin");
}

TEST_F(DemonstrationsTest, WebmFromABrowserRecorderIsAccepted) {
    auto id = Make(trainer_)["id"].get<std::int64_t>();
    auto reply = PutVideo(trainer_, id, Videos::Get().Read("clip.webm"), "video/webm");
    ASSERT_EQ(reply.status, 200) << reply.body;
    json video = reply.Json()["data"]["demonstration"]["video"];
    EXPECT_EQ(video["content_type"], "video/webm");
    EXPECT_NE(video["url"].get<std::string>().find(".webm"), std::string::npos);
}

TEST_F(DemonstrationsTest, ReplacingAVideoRemovesTheOldFile) {
    auto id = Make(trainer_)["id"].get<std::int64_t>();
    std::string first = PutVideo(trainer_, id, Videos::Get().Read("clip.mp4")).Json()["data"]["demonstration"]["video"]["url"];
    EXPECT_EQ(client_->Get(first).status, 200);
    auto second = PutVideo(trainer_, id, Videos::Get().Read("clip.webm"), "video/webm");
    ASSERT_EQ(second.status, 200);
    EXPECT_EQ(client_->Get(first).status, 404);
    std::string url = second.Json()["data"]["demonstration"]["video"]["url"];
    EXPECT_EQ(client_->Get(url).status, 200);
    EXPECT_EQ(Call("DELETE", Path(id), trainer_).status, 204);
    EXPECT_EQ(client_->Get(url).status, 404) << "deleting the demonstration deletes its video";
    EXPECT_EQ(Call("GET", Path(id), trainer_).status, 404);
}

TEST_F(DemonstrationsTest, FilesThatAreNotPlayableVideosAreRefused) {
    auto id = Make(trainer_)["id"].get<std::int64_t>();
    struct Case {
        std::string name;
        std::string bytes;
        long status;
        std::string code;
    };
    std::string fake_mp4("\0\0\0\x18" "ftypisom", 12);
    fake_mp4 += std::string(4000, 'x');
    std::vector<Case> cases = {
        {"empty", "", 400, "bad_request"},
        {"text", "hello, this is not a video", 415, "unsupported_video"},
        {"a playlist that would fetch a URL", "#EXTM3U\n#EXTINF:10,\nhttp://127.0.0.1:1/secret.ts\n", 415,
         "unsupported_video"},
        {"an MP4 header over garbage", fake_mp4, 415, "unsupported_video"},
        {"sound only", Videos::Get().Read("sound.mp4"), 415, "unsupported_video"},
        {"a codec browsers do not play", Videos::Get().Read("mpeg4.mp4"), 415, "unsupported_video"},
        {"over three minutes", Videos::Get().Read("long.mp4"), 422, "video_too_long"},
    };
    for (const auto& c : cases) {
        auto reply = PutVideo(trainer_, id, c.bytes);
        EXPECT_EQ(reply.status, c.status) << c.name << ": " << reply.body;
        if (reply.status == c.status) {
            EXPECT_EQ(reply.Json()["code"], c.code) << c.name;
        }
    }
    EXPECT_TRUE(Call("GET", Path(id), trainer_).Json()["data"]["demonstration"]["video"].is_null())
        << "nothing was stored";
    // A multipart form works as well as the raw body.
    std::string boundary = "spotterboundary";
    std::string form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"video\"; filename=\"a.mp4\"\r\n" +
                       "Content-Type: video/mp4\r\n\r\n" + Videos::Get().Read("clip.mp4") + "\r\n--" + boundary + "--\r\n";
    auto multipart = client_->Request("PUT", Path(id) + "video/", form,
                                      {"Authorization: Bearer " + trainer_.token,
                                       "Content-Type: multipart/form-data; boundary=" + boundary});
    EXPECT_EQ(multipart.status, 200) << multipart.body;
}

TEST_F(DemonstrationsTest, TracksAreCheckedAndMustShowRepetitions) {
    auto id = Make(trainer_)["id"].get<std::int64_t>();
    auto still = Call("PUT", Path(id) + "track/", trainer_, StillTrack());
    EXPECT_EQ(still.status, 422);
    EXPECT_EQ(still.Json()["code"], "no_repetition");

    json backwards = SquatTrack(3);
    backwards["frames"][10]["t"] = 0.0;
    auto reply = Call("PUT", Path(id) + "track/", trainer_, backwards);
    EXPECT_EQ(reply.status, 400);
    EXPECT_TRUE(reply.Json()["errors"].contains("frames")) << reply.body;

    json short_landmarks = SquatTrack(3);
    short_landmarks["frames"][5]["landmarks"].erase(0);
    EXPECT_EQ(Call("PUT", Path(id) + "track/", trainer_, short_landmarks).status, 400);

    json strings = SquatTrack(3);
    strings["frames"][5]["landmarks"][3][0] = "0.5";
    EXPECT_EQ(Call("PUT", Path(id) + "track/", trainer_, strings).status, 400);

    json empty = {{"frames", json::array()}};
    EXPECT_EQ(Call("PUT", Path(id) + "track/", trainer_, empty).status, 400);
    EXPECT_EQ(Call("PUT", Path(id) + "track/", trainer_, {{"frames", "lots"}}).status, 400);

    // Nothing was stored, so it cannot be published.
    auto publish = Call("POST", Path(id) + "publish/", trainer_, json::object());
    EXPECT_EQ(publish.status, 422);
    EXPECT_EQ(publish.Json()["code"], "no_model");
}

TEST_F(DemonstrationsTest, OnePublishedPerExerciseAndDefaultsForMembersWithoutOne) {
    auto first = Published(trainer_);
    auto second = Published(trainer_);
    EXPECT_EQ(Call("GET", Path(first), trainer_).Json()["data"]["demonstration"]["status"], "draft")
        << "publishing another squat returns the first to draft";
    EXPECT_EQ(Call("GET", "/api/coaching/demonstrations/current/?exercise=squat", member_)
                  .Json()["data"]["demonstration"]["id"],
              second);

    // Defaults: only administrators choose them; members without their own trainer's get them.
    auto id = Make(trainer_)["id"].get<std::int64_t>();
    ASSERT_EQ(Call("PUT", Path(id) + "track/", trainer_, SquatTrack(3)).status, 200);
    EXPECT_EQ(Call("POST", Path(id) + "publish/", trainer_, {{"default", true}}).status, 403);
    EXPECT_EQ(Call("GET", "/api/coaching/demonstrations/current/?exercise=squat", loner_).status, 404);
    auto fallback = Published(admin_, {{"default", true}});
    auto current = Call("GET", "/api/coaching/demonstrations/current/?exercise=squat", loner_);
    ASSERT_EQ(current.status, 200);
    EXPECT_EQ(current.Json()["data"]["demonstration"]["id"], fallback);
    EXPECT_TRUE(current.Json()["data"]["demonstration"]["is_default"].get<bool>());
    EXPECT_EQ(Call("GET", "/api/coaching/demonstrations/current/?exercise=squat", member_)
                  .Json()["data"]["demonstration"]["id"],
              second)
        << "the member's own trainer comes first";
    // Unpublishing the trainer's falls back to the default.
    ASSERT_EQ(Call("POST", Path(second) + "unpublish/", trainer_, json::object()).status, 200);
    EXPECT_EQ(Call("GET", "/api/coaching/demonstrations/current/?exercise=squat", member_)
                  .Json()["data"]["demonstration"]["id"],
              fallback);
}

TEST_F(DemonstrationsTest, BadInputGetsFieldErrors) {
    auto reply = Call("POST", "/api/coaching/demonstrations/", trainer_, {{"exercise", "plank"}, {"title", ""}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_TRUE(reply.Json()["errors"].contains("exercise"));
    EXPECT_TRUE(reply.Json()["errors"].contains("title"));
    EXPECT_EQ(Call("POST", "/api/coaching/demonstrations/", trainer_, {{"exercise", "squat"}, {"title", std::string(101, 'a')}})
                  .status,
              400);
    EXPECT_EQ(Call("POST", "/api/coaching/demonstrations/", trainer_, {{"exercise", 3}, {"title", "x"}}).status, 400);
    EXPECT_EQ(Call("POST", "/api/coaching/demonstrations/", member_, {{"exercise", "squat"}, {"title", "x"}}).status, 403);
    EXPECT_EQ(Call("GET", "/api/coaching/demonstrations/current/?exercise=flying", member_).status, 400);
    EXPECT_EQ(Call("GET", "/api/coaching/demonstrations/current/", member_).status, 400);
    EXPECT_EQ(Call("GET", "/api/coaching/demonstrations/current/?exercise=squat&member_id=abc", trainer_).status, 400);
    auto id = Make(trainer_)["id"].get<std::int64_t>();
    EXPECT_EQ(Call("POST", Path(id) + "publish/", trainer_, {{"default", "yes"}}).status, 400);
    EXPECT_EQ(client_->Request("PUT", Path(id) + "track/", "{not json", {"Authorization: Bearer " + trainer_.token,
                                                                         "Content-Type: application/json"})
                  .status,
              400);
    EXPECT_EQ(Call("GET", Path(999999), trainer_).status, 404);
}

TEST(VideoProbe, ReadsFfprobeOutput) {
    std::string error;
    auto info = media::ParseProbeOutput(
        R"({"streams":[{"codec_type":"audio","codec_name":"aac"},{"codec_type":"video","codec_name":"h264","width":1280,"height":720}],"format":{"duration":"12.480000"}})",
        media::VideoContainer::kMp4, error);
    ASSERT_TRUE(info) << error;
    EXPECT_EQ(info->codec, "h264");
    EXPECT_EQ(info->width, 1280);
    EXPECT_DOUBLE_EQ(info->duration_s, 12.48);
    EXPECT_FALSE(media::ParseProbeOutput(R"({"streams":[{"codec_type":"video","codec_name":"h264","width":2,"height":2}]})",
                                         media::VideoContainer::kWebm, error))
        << "H.264 in WebM does not play in browsers";
    EXPECT_FALSE(media::ParseProbeOutput(R"({"streams":[]})", media::VideoContainer::kMp4, error));
    EXPECT_FALSE(media::ParseProbeOutput("not json", media::VideoContainer::kMp4, error));
    EXPECT_EQ(media::SniffVideoContainer(std::string("\x1A\x45\xDF\xA3\x01", 5)), media::VideoContainer::kWebm);
    EXPECT_EQ(media::SniffVideoContainer("#EXTM3U\n"), std::nullopt);
}

}  // namespace
}  // namespace spotter
