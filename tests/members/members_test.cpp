// Profiles and trainer–member management against the real server, on SQLite or PostgreSQL: the full access
// matrix (anonymous, member A, member B, trainer of A, another trainer, admin), validation, metric history,
// search and assignment races.
#include <gtest/gtest.h>

#include <future>

#include "mail/message.hpp"
#include "support/http_client.hpp"
#include "support/people.hpp"
#include "support/test_server.hpp"

namespace spotter {
namespace {

using nlohmann::json;
using testing::Actor;
using testing::HttpClient;
using testing::HttpResult;
using testing::TestServer;

class MembersTest : public ::testing::Test {
protected:
    void SetUp() override {
        server_ = std::make_unique<TestServer>();
        client_ = std::make_unique<HttpClient>(server_->base_url());
        member_a_ = Create("a@example.com", "회원A", "member");
        member_b_ = Create("b@example.com", "회원B", "member");
        member_c_ = Create("c@example.com", "Charlie Free", "member");
        trainer_a_ = Create("ta@example.com", "트레이너A", "trainer");
        trainer_b_ = Create("tb@example.com", "트레이너B", "trainer");
        admin_ = testing::Administrator(*server_, *client_, "boss@example.com");
        ASSERT_EQ(Call("POST", "/api/members/register-member/", trainer_a_, json{{"user_id", member_a_.id}}).status, 200);
    }

    Actor Create(const std::string& email, const std::string& name, const std::string& type) {
        return testing::SignUp(*client_, email, type, name);
    }

    HttpResult Call(const std::string& method, const std::string& path, const Actor& actor, const json& body = nullptr) {
        return testing::CallAs(*client_, method, path, actor, body);
    }

    std::string Id(const Actor& actor) { return std::to_string(actor.id); }

    std::unique_ptr<TestServer> server_;
    std::unique_ptr<HttpClient> client_;
    Actor member_a_, member_b_, member_c_, trainer_a_, trainer_b_, admin_;
    Actor anonymous_;
};

TEST_F(MembersTest, AccessMatrix) {
    struct Row {
        std::string method;
        std::string path;
        json body;
        // anonymous, member A, member B, trainer of A, another trainer, admin
        std::array<long, 6> expected;
    };
    const std::string a = Id(member_a_), ta = Id(trainer_a_), c = Id(member_c_);
    std::vector<Row> rows = {
        {"GET", "/api/members/profile/", nullptr, {401, 200, 200, 200, 200, 200}},
        {"PATCH", "/api/members/profile/", json{{"phone", "010-1234-5678"}}, {401, 200, 200, 200, 200, 200}},
        {"PUT", "/api/members/profile/", json{{"age", 30}}, {401, 200, 200, 200, 200, 200}},
        {"DELETE", "/api/members/profile/", nullptr, {405, 405, 405, 405, 405, 405}},
        {"GET", "/api/members/profile/" + a + "/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/members/profile/" + ta + "/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/members/profile/999999/", nullptr, {401, 404, 404, 404, 404, 404}},
        {"GET", "/api/members/profile/metrics/", nullptr, {401, 200, 200, 200, 200, 200}},
        {"GET", "/api/members/profile/" + a + "/metrics/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/members/profile/" + ta + "/metrics/", nullptr, {401, 404, 404, 200, 404, 200}},
        {"GET", "/api/members/", nullptr, {401, 200, 200, 200, 200, 200}},
        {"GET", "/api/members/trainer-members/", nullptr, {401, 200, 200, 200, 200, 200}},
        {"GET", "/api/members/" + a + "/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/members/member/" + a + "/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/members/trainer/" + ta + "/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/members/member/" + ta + "/", nullptr, {401, 404, 404, 404, 404, 404}},
        {"GET", "/api/members/trainer/" + a + "/", nullptr, {401, 404, 404, 404, 404, 404}},
        {"GET", "/api/members/search/?query=", nullptr, {401, 403, 403, 200, 200, 200}},
        {"POST", "/api/members/unassign-member/", json{{"user_id", std::stoll(c)}}, {401, 403, 403, 404, 404, 404}},
        {"GET", "/api/members/my-trainer/", nullptr, {401, 200, 200, 403, 403, 200}},
        // Last: member A really leaves trainer A here.
        {"POST", "/api/members/leave-trainer/", nullptr, {401, 200, 404, 403, 403, 404}},
    };
    // Writes on assignment that must change nothing.
    auto by_member = Call("POST", "/api/members/register-member/", member_b_, json{{"user_id", member_c_.id}});
    EXPECT_EQ(by_member.status, 403);
    auto steal = Call("POST", "/api/members/unassign-member/", trainer_b_, json{{"user_id", member_a_.id}});
    EXPECT_EQ(steal.status, 404);
    auto taken = Call("POST", "/api/members/register-member/", trainer_b_, json{{"user_id", member_a_.id}});
    EXPECT_EQ(taken.status, 409);
    EXPECT_EQ(Call("GET", "/api/members/" + a + "/", trainer_a_).status, 200);  // still trainer A's

    std::array<const Actor*, 6> actors = {&anonymous_, &member_a_, &member_b_, &trainer_a_, &trainer_b_, &admin_};
    const char* names[] = {"anonymous", "member A", "member B", "trainer of A", "another trainer", "admin"};
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < actors.size(); ++i) {
            auto reply = Call(row.method, row.path, *actors[i], row.body);
            EXPECT_EQ(reply.status, row.expected[i]) << row.method << " " << row.path << " as " << names[i] << ": "
                                                     << reply.body.substr(0, 200);
            if (reply.status == 404 && row.path.find("/api/members/") == 0) {
                EXPECT_FALSE(reply.body.empty());
            }
        }
    }
    EXPECT_EQ(Call("GET", "/api/members/" + a + "/", trainer_a_).status, 404);  // A left
}

TEST_F(MembersTest, ProfileUpdateValidatesHumanRanges) {
    struct Case {
        json body;
        const char* field;
    };
    std::vector<Case> cases = {
        {{{"age", 5}}, "age"},
        {{{"age", 30.5}}, "age"},
        {{{"height_cm", 300}}, "height_cm"},
        {{{"weight_kg", "abc"}}, "weight_kg"},
        {{{"weight_kg", true}}, "weight_kg"},
        {{{"body_fat_percentage", 100}}, "body_fat_percentage"},
        {{{"weight_kg", 60}, {"muscle_mass_kg", 65}}, "muscle_mass_kg"},
        {{{"phone", "call me"}}, "phone"},
        {{{"name", std::string(101, 'x')}}, "name"},
        {{{"time_zone", "Mars/Olympus"}}, "time_zone"},
        {{{"email", "new@example.com"}}, "email"},
        {{{"user_type", "trainer"}}, "user_type"},
        {{{"trainer_id", 1}}, "trainer_id"},
        {{{"email_verified", true}}, "email_verified"},
    };
    for (const auto& c : cases) {
        auto reply = Call("PATCH", "/api/members/profile/", member_b_, c.body);
        EXPECT_EQ(reply.status, 400) << c.body.dump();
        EXPECT_TRUE(reply.Json()["errors"].contains(c.field)) << c.body.dump() << reply.body;
    }
    // Nothing was half-written.
    auto profile = Call("GET", "/api/members/profile/", member_b_).Json()["user"];
    EXPECT_EQ(profile["email"], "b@example.com");
    EXPECT_EQ(profile["user_type"], "member");
    EXPECT_TRUE(profile["age"].is_null());
    EXPECT_TRUE(profile["weight_kg"].is_null());
    EXPECT_EQ(Call("PATCH", "/api/members/profile/", member_b_, json::array()).status, 400);
    EXPECT_EQ(client_->Request("PATCH", "/api/members/profile/", "{", {"Authorization: Bearer " + member_b_.token,
                                                                       "Content-Type: application/json"}).status,
              400);
}

TEST_F(MembersTest, ProfileUpdateSavesRoundsAndComputesCompletion) {
    auto reply = Call("PATCH", "/api/members/profile/", member_a_,
                      {{"age", 25}, {"height_cm", 180.456}, {"weight_kg", "75.25"}, {"body_fat_percentage", 0},
                       {"muscle_mass_kg", nullptr}, {"phone", "010-1111-2222"}, {"time_zone", "America/New_York"}});
    ASSERT_EQ(reply.status, 200) << reply.body;
    auto user = reply.Json()["user"];
    EXPECT_EQ(reply.Json()["message"], "프로필이 수정되었습니다.");
    EXPECT_EQ(user["age"], 25);
    EXPECT_DOUBLE_EQ(user["height_cm"].get<double>(), 180.46);
    EXPECT_DOUBLE_EQ(user["weight_kg"].get<double>(), 75.25);
    EXPECT_TRUE(user["body_fat_percentage"].is_null());  // 0 means "not given"
    EXPECT_EQ(user["time_zone"], "America/New_York");
    EXPECT_EQ(user["profile_completed"], true);
    EXPECT_EQ(user["phone"], "010-1111-2222");
    // Names are measured in characters: 100 Korean syllables (300 bytes) fit.
    std::string long_name;
    for (int i = 0; i < 100; ++i) long_name += "가";
    EXPECT_EQ(Call("PATCH", "/api/members/profile/", member_a_, {{"name", long_name}}).status, 200);
    EXPECT_EQ(Call("PATCH", "/api/members/profile/", member_a_, {{"name", long_name + "가"}}).status, 400);
    // PUT behaves like PATCH (partial), and the change is visible to the trainer.
    EXPECT_EQ(Call("PUT", "/api/members/profile/", member_a_, {{"weight_kg", 74}}).status, 200);
    auto seen = Call("GET", "/api/members/profile/" + Id(member_a_) + "/", trainer_a_).Json()["user"];
    EXPECT_DOUBLE_EQ(seen["weight_kg"].get<double>(), 74.0);
    EXPECT_EQ(seen["age"], 25);
}

TEST_F(MembersTest, BodyMetricHistoryRecordsEveryChange) {
    for (double weight : {80.0, 79.5, 79.5, 78.0}) {
        ASSERT_EQ(Call("PATCH", "/api/members/profile/", member_a_, {{"weight_kg", weight}}).status, 200);
    }
    Call("PATCH", "/api/members/profile/", member_a_, {{"phone", "010-2222-3333"}});  // not a metric
    auto reply = Call("GET", "/api/members/profile/" + Id(member_a_) + "/metrics/", trainer_a_);
    ASSERT_EQ(reply.status, 200) << reply.body;
    auto series = reply.Json()["data"]["series"];
    ASSERT_EQ(series.size(), 3u);  // 80, 79.5, 78: the repeated 79.5 is not a change
    EXPECT_DOUBLE_EQ(series[0]["weight_kg"].get<double>(), 80.0);
    EXPECT_DOUBLE_EQ(series[2]["weight_kg"].get<double>(), 78.0);
    EXPECT_EQ(series[0]["date"].get<std::string>().size(), 10u);
    auto bad = Call("GET", "/api/members/profile/metrics/?from=2026-13-01", member_a_);
    EXPECT_EQ(bad.status, 400);
    auto empty = Call("GET", "/api/members/profile/metrics/?from=2000-01-01&to=2000-01-02", member_a_);
    EXPECT_EQ(empty.Json()["data"]["series"].size(), 0u);
}

TEST_F(MembersTest, TrainerListShowsEachMembersOwnPhone) {
    Call("PATCH", "/api/members/profile/", trainer_a_, {{"phone", "010-9999-0000"}});
    Call("PATCH", "/api/members/profile/", member_a_, {{"phone", "010-1111-2222"}});
    auto reply = Call("GET", "/api/members/", trainer_a_);
    ASSERT_EQ(reply.status, 200);
    auto data = reply.Json()["data"];
    EXPECT_EQ(data["user_type"], "trainer");
    EXPECT_EQ(data["total_count"], 1);
    EXPECT_EQ(data["trainer_profile"]["member_count"], 1);
    EXPECT_EQ(data["trainer_profile"]["phone"], "010-9999-0000");
    ASSERT_EQ(data["members"].size(), 1u);
    EXPECT_EQ(data["members"][0]["id"], member_a_.id);
    EXPECT_EQ(data["members"][0]["phone"], "010-1111-2222");
    EXPECT_EQ(data["members"][0]["is_my_profile"], false);
    auto other = Call("GET", "/api/members/", trainer_b_).Json()["data"];
    EXPECT_EQ(other["members"].size(), 0u);
    EXPECT_EQ(other["message"], "현재 담당 회원이 없습니다. 새로운 회원을 등록해보세요.");
    auto as_member = Call("GET", "/api/members/", member_a_).Json()["data"];
    EXPECT_TRUE(as_member["trainer_profile"].is_null());
    EXPECT_EQ(as_member["user_type"], "member");
}

TEST_F(MembersTest, DetailShowsTrainerInfoAndMemberCount) {
    auto member = Call("GET", "/api/members/" + Id(member_a_) + "/", trainer_a_).Json()["data"];
    EXPECT_EQ(member["member"]["trainer_info"]["id"], trainer_a_.id);
    EXPECT_EQ(member["member"]["is_my_profile"], false);
    EXPECT_TRUE(member["workout_records"].is_array());
    EXPECT_EQ(member["has_records"], false);
    auto trainer = Call("GET", "/api/members/" + Id(trainer_a_) + "/", member_a_).Json()["data"];
    EXPECT_EQ(trainer["member"]["user_type"], "trainer");
    EXPECT_EQ(trainer["member"]["member_count"], 1);
    auto missing = Call("GET", "/api/members/424242/", admin_);
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.Json()["code"], "user_not_found");
    EXPECT_EQ(missing.Json()["detail"], "User not found");
}

// The detail is kept ready to send (and, on SQLite, served from memory): every change shows in the very next read.
TEST_F(MembersTest, DetailShowsEveryChangeInTheNextRead) {
    const std::string path = "/api/members/" + Id(member_a_) + "/";
    auto detail = [&](const Actor& viewer) {
        auto reply = Call("GET", path, viewer);
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.status == 200 ? reply.Json()["data"] : json();
    };
    for (int i = 0; i < 3; ++i) EXPECT_EQ(detail(trainer_a_)["member"]["name"], "회원A");
    // Each viewer gets their own view.
    EXPECT_EQ(detail(member_a_)["member"]["is_my_profile"], true);
    EXPECT_EQ(detail(trainer_a_)["member"]["is_my_profile"], false);

    ASSERT_EQ(Call("PATCH", "/api/members/profile/", member_a_, {{"name", "회원A2"}, {"weight_kg", 71.5}}).status, 200);
    auto changed = detail(trainer_a_);
    EXPECT_EQ(changed["member"]["name"], "회원A2");
    EXPECT_DOUBLE_EQ(changed["member"]["weight_kg"].get<double>(), 71.5);

    ASSERT_EQ(Call("PATCH", "/api/members/profile/", trainer_a_, {{"phone", "010-9999-0000"}}).status, 200);
    EXPECT_EQ(detail(trainer_a_)["member"]["trainer_info"]["phone"], "010-9999-0000");
    EXPECT_EQ(detail(member_a_)["member"]["trainer_info"]["phone"], "010-9999-0000");

    auto logged = Call("POST", "/api/workouts/" + Id(member_a_) + "/workout-sets/", trainer_a_,
                       {{"exercise_id", 1}, {"repetitions", 10}, {"weight_kg", 40}});
    ASSERT_EQ(logged.status, 201) << logged.body;
    auto with_set = detail(trainer_a_);
    EXPECT_EQ(with_set["total_workouts"], 1);
    ASSERT_EQ(with_set["workout_records"].size(), 1u);
    EXPECT_EQ(with_set["workout_records"][0]["workout_exercises"][0]["exercise_sets"][0]["repetitions"], 10);

    // The same document compressed for clients that take gzip.
    auto zipped = client_->Request("GET", path, "", {"Authorization: Bearer " + trainer_a_.token,
                                                      "Accept-Encoding: gzip"}, /*decompress=*/true);
    EXPECT_EQ(zipped.Header("content-encoding"), "gzip");
    EXPECT_EQ(zipped.Json()["data"], with_set);
    EXPECT_EQ(Call("GET", path, trainer_a_).Header("content-encoding"), "");

    ASSERT_EQ(Call("POST", "/api/members/unassign-member/", trainer_a_, json{{"user_id", member_a_.id}}).status, 200);
    EXPECT_EQ(Call("GET", path, trainer_a_).status, 404);
    EXPECT_TRUE(detail(member_a_)["member"]["trainer_info"].is_null());
}

TEST_F(MembersTest, SearchFindsOnlyUnassignedMembersAndPaginates) {
    auto reply = Call("GET", "/api/members/search/?query=example", trainer_b_);
    ASSERT_EQ(reply.status, 200);
    auto users = reply.Json()["data"]["users"];
    std::vector<std::int64_t> ids;
    for (const auto& user : users) ids.push_back(user["id"]);
    EXPECT_EQ(std::count(ids.begin(), ids.end(), member_a_.id), 0);  // assigned
    EXPECT_EQ(std::count(ids.begin(), ids.end(), member_b_.id), 1);
    EXPECT_EQ(std::count(ids.begin(), ids.end(), member_c_.id), 1);
    EXPECT_EQ(std::count(ids.begin(), ids.end(), trainer_a_.id), 0);  // not a member
    auto by_name = Call("GET", "/api/members/search/?query=CHARLIE", trainer_b_).Json()["data"];
    ASSERT_EQ(by_name["users"].size(), 1u);
    EXPECT_EQ(by_name["users"][0]["id"], member_c_.id);
    EXPECT_EQ(Call("GET", "/api/members/search/?query=%25", trainer_b_).Json()["data"]["total_count"], 0);
    auto page = Call("GET", "/api/members/search/?query=&page=1&page_size=1", trainer_b_).Json()["data"];
    EXPECT_EQ(page["users"].size(), 1u);
    EXPECT_EQ(page["total_count"], 2);
    EXPECT_EQ(page["has_next"], true);
    EXPECT_EQ(Call("GET", "/api/members/search/?page=0", trainer_b_).status, 400);
    EXPECT_EQ(Call("GET", "/api/members/search/?page_size=1000", trainer_b_).status, 400);
}

TEST_F(MembersTest, AssignUnassignAndLeave) {
    auto assigned = Call("POST", "/api/members/register-member/", trainer_b_, json{{"user_id", member_b_.id}});
    ASSERT_EQ(assigned.status, 200) << assigned.body;
    EXPECT_EQ(Call("GET", "/api/members/my-trainer/", member_b_).Json()["data"]["trainer"]["id"], trainer_b_.id);
    EXPECT_EQ(Call("POST", "/api/members/register-member/", trainer_b_, json{{"user_id", member_b_.id}}).status, 200);
    EXPECT_EQ(Call("POST", "/api/members/register-member/", trainer_b_, json{{"user_id", trainer_a_.id}}).status, 404);
    EXPECT_EQ(Call("POST", "/api/members/register-member/", trainer_b_, json::object()).status, 400);
    EXPECT_EQ(Call("POST", "/api/members/register-member/", trainer_b_, json{{"user_id", "7"}}).status, 400);
    EXPECT_EQ(Call("POST", "/api/members/leave-trainer/", member_b_).status, 200);
    EXPECT_TRUE(Call("GET", "/api/members/my-trainer/", member_b_).Json()["data"]["trainer"].is_null());
    EXPECT_EQ(Call("GET", "/api/members/" + Id(member_b_) + "/", trainer_b_).status, 404);
    auto unassigned = Call("POST", "/api/members/unassign-member/", trainer_a_, json{{"user_id", member_a_.id}});
    EXPECT_EQ(unassigned.status, 200);
    EXPECT_EQ(Call("GET", "/api/members/" + Id(member_a_) + "/", trainer_a_).status, 404);
    // Administrators assign on a trainer's behalf.
    EXPECT_EQ(Call("POST", "/api/members/register-member/", admin_, json{{"user_id", member_a_.id}}).status, 400);
    EXPECT_EQ(Call("POST", "/api/members/register-member/", admin_,
                   json{{"user_id", member_a_.id}, {"trainer_id", trainer_b_.id}}).status,
              200);
    EXPECT_EQ(Call("GET", "/api/members/" + Id(member_a_) + "/", trainer_b_).status, 200);
}

TEST_F(MembersTest, TwoTrainersRacingForOneMemberCannotBothWin) {
    std::vector<std::future<long>> replies;
    for (const Actor* trainer : {&trainer_a_, &trainer_b_, &trainer_a_, &trainer_b_}) {
        replies.push_back(std::async(std::launch::async, [this, trainer] {
            HttpClient client(server_->base_url());
            return client.Request("POST", "/api/members/register-member/", json{{"user_id", member_c_.id}}.dump(),
                                  {"Authorization: Bearer " + trainer->token, "Content-Type: application/json"})
                .status;
        }));
    }
    int ok = 0, conflicts = 0;
    for (auto& reply : replies) {
        long status = reply.get();
        ok += status == 200;
        conflicts += status == 409;
    }
    EXPECT_EQ(ok + conflicts, 4);
    EXPECT_GE(conflicts, 1);
    auto mine_a = Call("GET", "/api/members/" + Id(member_c_) + "/", trainer_a_).status;
    auto mine_b = Call("GET", "/api/members/" + Id(member_c_) + "/", trainer_b_).status;
    EXPECT_TRUE((mine_a == 200) != (mine_b == 200)) << mine_a << " " << mine_b;
}

TEST_F(MembersTest, ProfilePhotoUploadReplaceAndDelete) {
    // A 1×1 PNG.
    std::string png = mail::Base64Decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    std::string boundary = "----SpotterBoundary7MA4YWxkTrZu0gW";
    std::string form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"../../etc/passwd.jpg\"\r\n"
                       "Content-Type: image/gif\r\n\r\n" + png + "\r\n--" + boundary + "--\r\n";
    auto uploaded = client_->Request("POST", "/api/members/profile/image/", form,
                                     {"Authorization: Bearer " + member_a_.token,
                                      "Content-Type: multipart/form-data; boundary=" + boundary});
    ASSERT_EQ(uploaded.status, 200) << uploaded.body;
    std::string first = uploaded.Json()["user"]["profile_image"];
    EXPECT_EQ(first.rfind("/media/profiles/", 0), 0u) << first;
    EXPECT_EQ(first.find("passwd"), std::string::npos);
    auto photo = client_->Get(first);
    EXPECT_EQ(photo.status, 200);
    EXPECT_EQ(photo.Header("content-type"), "image/webp");
    EXPECT_EQ(photo.Header("x-content-type-options"), "nosniff");
    // The trainer's list shows the new photo.
    auto list = Call("GET", "/api/members/", trainer_a_).Json()["data"]["members"];
    EXPECT_EQ(list[0]["profile_image"], first);

    // A raw body replaces it; the old files are removed.
    auto raw = client_->Request("PUT", "/api/members/profile/image/", png,
                                {"Authorization: Bearer " + member_a_.token, "Content-Type: image/png"});
    ASSERT_EQ(raw.status, 200) << raw.body;
    EXPECT_NE(raw.Json()["user"]["profile_image"], first);
    EXPECT_EQ(client_->Get(first).status, 404);

    auto text = client_->Request("POST", "/api/members/profile/image/", "<svg onload=alert(1)>",
                                 {"Authorization: Bearer " + member_a_.token, "Content-Type: image/svg+xml"});
    EXPECT_EQ(text.status, 415);
    auto removed = Call("DELETE", "/api/members/profile/image/", member_a_);
    ASSERT_EQ(removed.status, 200);
    EXPECT_TRUE(removed.Json()["user"]["profile_image"].is_null());
    EXPECT_EQ(Call("POST", "/api/members/profile/image/", anonymous_).status, 401);
}

}  // namespace
}  // namespace spotter
