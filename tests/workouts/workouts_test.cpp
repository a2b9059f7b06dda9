// Workout records against the real server on SQLite or PostgreSQL: the contract routes on both path families,
// server-side calories, exact totals under random edits and parallel posts, access, bad input, personal records,
// the member's local date, and history.
#include <gtest/gtest.h>

#include <cmath>
#include <future>
#include <random>

#include "accounts/admin.hpp"
#include "accounts/user_repository.hpp"
#include "common/clock.hpp"
#include "common/time_zone.hpp"
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

constexpr const char* kBench = "바벨 플랫 벤치 프레스";

class WorkoutsTest : public ::testing::Test {
protected:
    void SetUp() override {
        server_ = std::make_unique<TestServer>();
        client_ = std::make_unique<HttpClient>(server_->base_url());
        member_a_ = Create("a@example.com", "member");
        member_b_ = Create("b@example.com", "member");
        trainer_a_ = Create("ta@example.com", "trainer");
        trainer_b_ = Create("tb@example.com", "trainer");
        admin_ = testing::Administrator(*server_, *client_, "boss@example.com");
        ASSERT_EQ(Call("POST", "/api/members/register-member/", trainer_a_, {{"user_id", member_a_.id}}).status, 200);
        a_ = std::to_string(member_a_.id);
    }

    Actor Create(const std::string& email, const std::string& type) { return testing::SignUp(*client_, email, type); }

    HttpResult Call(const std::string& method, const std::string& path, const Actor& actor, const json& body = nullptr,
                    HttpClient* client = nullptr) {
        return testing::CallAs(client ? *client : *client_, method, path, actor, body);
    }

    json SetBody(int reps, double kg, double seconds, const std::string& exercise = kBench) {
        return {{"body_part", "가슴"}, {"equipment", "바벨"}, {"exercise_name", exercise}, {"repetitions", reps},
                {"weight_kg", kg},    {"duration_sec", seconds}, {"calories", 999}};
    }

    // Logs a set as `actor` and returns the response data.
    json Log(const Actor& actor, const json& body) {
        auto reply = Call("POST", "/api/workouts/" + a_ + "/workout-sets/", actor, body);
        EXPECT_EQ(reply.status, 201) << reply.body;
        return reply.Json()["data"];
    }

    double Met(const std::string& name) {
        auto catalog = Call("GET", "/api/workouts/exercises/?q=" + std::string("%EB%B0%94%EB%B2%A8"), member_a_).Json();
        for (const auto& [part, list] : catalog["data"].items()) {
            for (const auto& e : list) {
                if (e["exercise_name"] == name) return e["met_value"];
            }
        }
        ADD_FAILURE() << "no exercise " << name;
        return 0;
    }

    // Checks that every total equals the sum of its parts for member A's records of `date`.
    void ExpectExactTotals(const std::string& date) {
        auto records = Call("GET", "/api/workouts/" + a_ + "/records/?date=" + date, trainer_a_).Json();
        long long summary_duration = 0, summary_calories = 0;
        for (const auto& record : records["records"]) {
            auto detail = Call("GET", "/api/workouts/" + a_ + "/records/" + std::to_string(record["id"].get<long long>()) +
                                          "/sets/",
                               trainer_a_)
                              .Json()["data"];
            long long ms = 0, sets = 0;
            double kcal = 0, volume = 0;
            for (const auto& set : detail["sets"]) {
                ms += set["duration_ms"].get<long long>();
                kcal += set["calories_kcal"].get<double>();
                volume += set["volume_kg"].get<double>();
                ++sets;
                EXPECT_EQ(set["set_number"], sets) << "set numbers are 1..n";
            }
            EXPECT_EQ(detail["total_sets"], sets);
            EXPECT_EQ(detail["total_duration_ms"], ms);
            EXPECT_NEAR(detail["total_calories_kcal"].get<double>(), kcal, 1e-6);
            EXPECT_NEAR(detail["total_volume_kg"].get<double>(), volume, 1e-6);
            EXPECT_EQ(record["set_count"], sets);
            summary_duration += record["total_duration_sec"].get<long long>();
            summary_calories += record["calories_burned"].get<long long>();
        }
        EXPECT_EQ(records["daily_summary"]["total_duration_sec"], summary_duration);
        EXPECT_EQ(records["daily_summary"]["total_calories"], summary_calories);
    }

    std::string Today() { return LocalDate(NowMicros(), "Asia/Seoul"); }

    std::unique_ptr<TestServer> server_;
    std::unique_ptr<HttpClient> client_;
    Actor member_a_, member_b_, trainer_a_, trainer_b_, admin_, anonymous_;
    std::string a_;
};

TEST_F(WorkoutsTest, CatalogKeepsAllTwelveBodyPartsWithMetValues) {
    auto reply = Call("GET", "/api/workouts/exercises/", member_a_);
    ASSERT_EQ(reply.status, 200);
    auto data = reply.Json()["data"];
    for (const char* part : {"가슴", "등", "어깨", "이두", "삼두", "복근", "대퇴사두", "햄스트링", "둔근", "종아리", "전완", "승모"}) {
        ASSERT_TRUE(data.contains(part)) << part;
        EXPECT_FALSE(data[part].empty()) << part;
    }
    EXPECT_GT(reply.Json()["count"].get<int>(), 550);
    auto first = data["가슴"][0];
    for (const char* key : {"id", "exercise_name", "equipment", "measurement_unit", "weight_unit", "met_value", "met_basis"}) {
        EXPECT_TRUE(first.contains(key)) << key;
    }
    EXPECT_GE(first["met_value"].get<double>(), 1.0);
    auto abs = Call("GET", "/api/workouts/exercises/?body_part=%EB%B3%B5%EA%B7%BC", member_a_).Json()["data"];
    EXPECT_EQ(abs.size(), 1u);
    EXPECT_TRUE(abs.contains("복근"));
    EXPECT_TRUE(Call("GET", "/api/workouts/exercises/?body_part=nothing", member_a_).Json()["data"].empty());
    auto redirect = Call("GET", "/api/workouts/exercises", member_a_);
    EXPECT_EQ(redirect.status, 301);
    EXPECT_EQ(redirect.Header("location"), "/api/workouts/exercises/");
}

TEST_F(WorkoutsTest, LoggingASetFollowsTheContractAndComputesCalories) {
    ASSERT_EQ(Call("PATCH", "/api/members/profile/", member_a_, {{"weight_kg", 80}}).status, 200);
    json data = Log(trainer_a_, SetBody(10, 60, 60));
    EXPECT_EQ(data["set_number"], 1);
    EXPECT_EQ(data["exercise_name"], kBench);
    EXPECT_GT(data["workout_exercise_id"].get<long long>(), 0);
    EXPECT_EQ(data["workout_date"], Today());
    double met = Met(kBench);
    double expected = met * 80.0 * (60.0 / 3600.0);
    EXPECT_NEAR(data["calories_kcal"].get<double>(), std::round(expected * 10) / 10, 1e-9);
    EXPECT_EQ(data["calories"], static_cast<int>(std::llround(std::round(expected * 10) / 10)));
    EXPECT_EQ(data["calculation"]["body_weight_kg"], 80.0);
    EXPECT_EQ(data["calculation"]["body_weight_source"], "profile");
    EXPECT_EQ(data["calculation"]["met"], met);
    EXPECT_EQ(data["source"], "trainer");
    EXPECT_EQ(data["logged_by"], trainer_a_.id);
    EXPECT_DOUBLE_EQ(data["volume_kg"].get<double>(), 600.0);
    EXPECT_NEAR(data["estimated_1rm_kg"].get<double>(), 60 * (1 + 10 / 30.0), 1e-3);

    std::string record = std::to_string(data["workout_exercise_id"].get<long long>());
    auto records = Call("GET", "/api/workouts/" + a_ + "/records/?date=" + Today(), member_a_).Json();
    EXPECT_EQ(records["success"], true);
    ASSERT_EQ(records["records"].size(), 1u);
    EXPECT_EQ(records["records"][0]["id"].get<long long>(), std::stoll(record));
    EXPECT_EQ(records["records"][0]["set_count"], 1);
    EXPECT_EQ(records["records"][0]["total_duration_sec"], 60);
    // The README's path family names the same records.
    auto readme = Call("GET", "/api/workouts/members/" + a_ + "/exercises/" + record + "/sets/", member_a_).Json();
    EXPECT_EQ(readme["data"]["sets"].size(), 1u);
    // The slash-less GET the TrainMate client sends is redirected with its query.
    auto redirect = Call("GET", "/api/workouts/" + a_ + "/records?date=" + Today(), member_a_);
    EXPECT_EQ(redirect.status, 301);
    EXPECT_EQ(redirect.Header("location"), "/api/workouts/" + a_ + "/records/?date=" + Today());
}

TEST_F(WorkoutsTest, UntimedSetsCountNinetySecondsAndUnknownWeightSeventyKilos) {
    json data = Log(member_a_, SetBody(12, 40, 0));
    EXPECT_EQ(data["duration_sec"], 90);
    EXPECT_EQ(data["duration_given"], false);
    EXPECT_EQ(data["calculation"]["default_duration_applied"], true);
    EXPECT_EQ(data["calculation"]["body_weight_kg"], 70.0);
    EXPECT_EQ(data["calculation"]["body_weight_source"], "default");
    EXPECT_EQ(data["source"], "member");
    double expected = Met(kBench) * 70.0 * (90.0 / 3600.0);
    EXPECT_NEAR(data["calories_kcal"].get<double>(), std::round(expected * 10) / 10, 1e-9);
    // Fractional durations are kept to the millisecond.
    json fractional = Log(member_a_, SetBody(12, 40, 12.345));
    EXPECT_EQ(fractional["duration_ms"], 12345);
    EXPECT_EQ(fractional["duration_sec"], 12);
}

TEST_F(WorkoutsTest, ParallelPostsForANewExerciseAllLand) {
    constexpr int kSets = 10;
    std::vector<std::future<HttpResult>> replies;
    for (int i = 0; i < kSets; ++i) {
        replies.push_back(std::async(std::launch::async, [this, i] {
            HttpClient client(server_->base_url());
            return Call("POST", "/api/workouts/" + a_ + "/workout-sets/", trainer_a_, SetBody(5 + i, 50, 30.5), &client);
        }));
    }
    std::set<int> numbers;
    for (auto& reply : replies) {
        auto result = reply.get();
        ASSERT_EQ(result.status, 201) << result.body;
        numbers.insert(result.Json()["data"]["set_number"].get<int>());
    }
    EXPECT_EQ(numbers.size(), static_cast<std::size_t>(kSets));
    EXPECT_EQ(*numbers.begin(), 1);
    EXPECT_EQ(*numbers.rbegin(), kSets);
    auto records = Call("GET", "/api/workouts/" + a_ + "/records/?date=" + Today(), trainer_a_).Json();
    ASSERT_EQ(records["records"].size(), 1u);
    EXPECT_EQ(records["records"][0]["set_count"], kSets);
    ExpectExactTotals(Today());
}

TEST_F(WorkoutsTest, TotalsStayExactUnderRandomEdits) {
    std::mt19937 random(20261121);
    const std::vector<std::string> exercises = {kBench, "바벨 스쿼트", "푸시 업"};
    std::vector<std::pair<std::string, std::string>> sets;  // (record id, set id)
    for (int step = 0; step < 45; ++step) {
        int action = sets.empty() ? 0 : static_cast<int>(random() % 4);
        if (action <= 1) {
            const std::string& name = exercises[random() % exercises.size()];
            auto reply = Call("POST", "/api/workouts/" + a_ + "/workout-sets/", trainer_a_,
                              SetBody(static_cast<int>(random() % 15), (random() % 2000) / 10.0,
                                      (random() % 3) ? (random() % 120000) / 1000.0 : 0, name));
            if (reply.status == 400) continue;  // an exercise name not in the catalog
            ASSERT_EQ(reply.status, 201) << reply.body;
            auto data = reply.Json()["data"];
            sets.emplace_back(std::to_string(data["workout_exercise_id"].get<long long>()),
                              std::to_string(data["set_id"].get<long long>()));
        } else if (action == 2) {
            auto& [record, set] = sets[random() % sets.size()];
            auto reply = Call("PATCH", "/api/workouts/" + a_ + "/records/" + record + "/sets/" + set + "/", member_a_,
                              {{"repetitions", static_cast<int>(random() % 20)}, {"duration_sec", (random() % 90000) / 1000.0}});
            ASSERT_EQ(reply.status, 200) << reply.body;
        } else {
            std::size_t index = random() % sets.size();
            auto [record, set] = sets[index];
            auto reply = Call("DELETE", "/api/workouts/" + a_ + "/records/" + record + "/sets/" + set + "/", trainer_a_);
            ASSERT_EQ(reply.status, 200) << reply.body;
            sets.erase(sets.begin() + static_cast<long>(index));
        }
        ExpectExactTotals(Today());
        if (HasFailure()) return;
    }
}

TEST_F(WorkoutsTest, AccessMatrix) {
    json first = Log(trainer_a_, SetBody(8, 60, 45));
    std::string record = std::to_string(first["workout_exercise_id"].get<long long>());
    std::string set = std::to_string(first["set_id"].get<long long>());
    struct Row {
        std::string method, path;
        json body;
        std::array<long, 6> expected;  // anonymous, member A, member B, trainer of A, another trainer, admin
    };
    std::vector<Row> rows = {
        {"GET", "/api/workouts/exercises/", nullptr, {401, 200, 200, 200, 200, 200}},
        {"GET", "/api/workouts/" + a_ + "/records/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/workouts/members/" + a_ + "/records/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/workouts/" + a_ + "/records/" + record + "/sets/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/workouts/" + a_ + "/records/" + record + "/sets/" + set + "/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"PATCH", "/api/workouts/" + a_ + "/records/" + record + "/sets/" + set + "/", json{{"repetitions", 9}},
         {401, 200, 404, 200, 404, 403}},
        {"POST", "/api/workouts/" + a_ + "/records/" + record + "/sets/add/",
         json{{"repetitions", 5}, {"weight_kg", 20}, {"duration_sec", 30}}, {401, 201, 404, 201, 404, 403}},
        {"POST", "/api/workouts/members/" + a_ + "/workout-sets/", SetBody(3, 20, 10), {401, 201, 404, 201, 404, 403}},
        {"GET", "/api/workouts/members/" + a_ + "/days/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/workouts/members/" + a_ + "/calendar/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/workouts/members/" + a_ + "/weekly/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/workouts/members/" + a_ + "/personal-records/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/workouts/members/" + a_ + "/export.csv", nullptr, {401, 200, 404, 200, 404, 200}},
        {"GET", "/api/workouts/members/" + a_ + "/recent-exercises/", nullptr, {401, 200, 404, 200, 404, 200}},
        {"DELETE", "/api/workouts/" + a_ + "/records/" + record + "/sets/" + set + "/", nullptr, {401, 404, 404, 404, 404, 403}},
    };
    std::array<const Actor*, 6> actors = {&anonymous_, &member_a_, &member_b_, &trainer_a_, &trainer_b_, &admin_};
    const char* names[] = {"anonymous", "member A", "member B", "trainer of A", "another trainer", "admin"};
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < actors.size(); ++i) {
            // The DELETE row: only the first allowed caller deletes; the set is gone for the rest.
            auto reply = Call(row.method, row.path, *actors[i], row.body);
            long expected = row.expected[i];
            if (row.method == "DELETE" && i == 1) expected = 200;
            EXPECT_EQ(reply.status, expected) << row.method << " " << row.path << " as " << names[i] << ": "
                                              << reply.body.substr(0, 200);
        }
    }
}

TEST_F(WorkoutsTest, BadInputIsRefusedWithFieldErrorsAndWritesNothing) {
    struct Case {
        json patch;
        const char* field;
    };
    std::vector<Case> cases = {
        {{{"repetitions", -1}}, "repetitions"},
        {{{"repetitions", 2.5}}, "repetitions"},
        {{{"repetitions", "10"}}, "repetitions"},
        {{{"weight_kg", -5}}, "weight_kg"},
        {{{"weight_kg", 5000}}, "weight_kg"},
        {{{"weight_kg", "heavy"}}, "weight_kg"},
        {{{"duration_sec", -3}}, "duration_sec"},
        {{{"duration_sec", 1e9}}, "duration_sec"},
        {{{"exercise_name", std::string(10000, 'x')}}, "exercise_name"},
        {{{"exercise_name", "하늘을 나는 운동"}}, "exercise_name"},
        {{{"exercise_name", nullptr}}, "exercise_name"},
        {{{"workout_date", "2026-02-30"}}, "workout_date"},
        {{{"workout_date", "yesterday"}}, "workout_date"},
        {{{"workout_date", "2999-01-01"}}, "workout_date"},
        {{{"exercise_id", 987654}}, "exercise_id"},
    };
    for (const auto& c : cases) {
        json body = SetBody(10, 60, 30);
        body.update(c.patch);
        if (c.patch.contains("exercise_id")) body.erase("exercise_name");
        auto reply = Call("POST", "/api/workouts/" + a_ + "/workout-sets/", trainer_a_, body);
        EXPECT_EQ(reply.status, 400) << c.patch.dump().substr(0, 80) << reply.body.substr(0, 300);
        EXPECT_TRUE(reply.Json()["errors"].contains(c.field)) << c.patch.dump().substr(0, 80) << reply.body.substr(0, 300);
    }
    EXPECT_EQ(Call("POST", "/api/workouts/" + a_ + "/workout-sets/", trainer_a_, json::array()).status, 400);
    EXPECT_EQ(Call("GET", "/api/workouts/" + a_ + "/records/?date=bad", trainer_a_).status, 400);
    EXPECT_EQ(Call("GET", "/api/workouts/999999/records/", trainer_a_).status, 404);
    auto records = Call("GET", "/api/workouts/" + a_ + "/records/", trainer_a_).Json();
    EXPECT_TRUE(records["records"].empty()) << "nothing half-written";
    // W5/W6 on what does not exist, or does not belong to the member.
    EXPECT_EQ(Call("POST", "/api/workouts/" + a_ + "/records/424242/sets/add/", trainer_a_,
                   {{"repetitions", 1}, {"weight_kg", 1}}).status,
              404);
    EXPECT_EQ(Call("GET", "/api/workouts/" + a_ + "/records/424242/sets/1/", trainer_a_).status, 404);
    json set = Log(trainer_a_, SetBody(5, 50, 30));
    std::string record = std::to_string(set["workout_exercise_id"].get<long long>());
    auto nothing = Call("PATCH", "/api/workouts/" + a_ + "/records/" + record + "/sets/" +
                                     std::to_string(set["set_id"].get<long long>()) + "/",
                        trainer_a_, json::object());
    EXPECT_EQ(nothing.status, 400);
    EXPECT_EQ(nothing.Json()["message"], "수정할 필드가 없습니다.");
}

TEST_F(WorkoutsTest, DeletingRenumbersAndTheLastSetRemovesTheExercise) {
    std::vector<json> logged;
    for (int i = 0; i < 3; ++i) logged.push_back(Log(trainer_a_, SetBody(5 + i, 50, 30)));
    std::string record = std::to_string(logged[0]["workout_exercise_id"].get<long long>());
    std::string base = "/api/workouts/" + a_ + "/records/" + record + "/sets/";
    auto deleted = Call("DELETE", base + std::to_string(logged[1]["set_id"].get<long long>()) + "/", trainer_a_);
    ASSERT_EQ(deleted.status, 200);
    EXPECT_EQ(deleted.Json()["data"]["set_number"], 2);
    auto sets = Call("GET", base, trainer_a_).Json()["data"]["sets"];
    ASSERT_EQ(sets.size(), 2u);
    EXPECT_EQ(sets[0]["repetitions"], 5);
    EXPECT_EQ(sets[1]["repetitions"], 7);
    EXPECT_EQ(sets[1]["set_number"], 2);
    for (const auto& set : sets) {
        auto reply = Call("DELETE", base + std::to_string(set["set_id"].get<long long>()) + "/", trainer_a_);
        EXPECT_EQ(reply.status, 200);
    }
    EXPECT_EQ(Call("GET", base, trainer_a_).status, 404);
    EXPECT_TRUE(Call("GET", "/api/workouts/" + a_ + "/records/?date=" + Today(), trainer_a_).Json()["records"].empty());
}

TEST_F(WorkoutsTest, PersonalRecordsAreFlaggedWhenLogged) {
    json first = Log(trainer_a_, SetBody(5, 100, 40));
    EXPECT_TRUE(first["personal_record"].is_null());  // nothing to beat yet
    json better = Log(trainer_a_, SetBody(5, 105, 40));
    ASSERT_FALSE(better["personal_record"].is_null());
    EXPECT_NEAR(better["personal_record"]["estimated_1rm_kg"].get<double>(), 105 * (1 + 5 / 30.0), 1e-3);
    EXPECT_NEAR(better["personal_record"]["previous_best_kg"].get<double>(), 100 * (1 + 5 / 30.0), 1e-3);
    EXPECT_EQ(better["personal_record"]["heaviest_weight"], true);
    EXPECT_EQ(better["is_personal_record"], true);
    json lighter = Log(trainer_a_, SetBody(5, 90, 40));
    EXPECT_TRUE(lighter["personal_record"].is_null());
    auto records = Call("GET", "/api/workouts/members/" + a_ + "/personal-records/", member_a_).Json()["data"]["records"];
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0]["weight_kg"], 105.0);
}

TEST_F(WorkoutsTest, TodayIsTheMembersLocalDate) {
    ASSERT_EQ(Call("PATCH", "/api/members/profile/", member_a_, {{"time_zone", "Pacific/Kiritimati"}}).status, 200);
    json data = Log(trainer_a_, SetBody(5, 50, 30));
    EXPECT_EQ(data["workout_date"], LocalDate(NowMicros(), "Pacific/Kiritimati"));
    json explicit_day = Log(trainer_a_, [&] {
        json body = SetBody(5, 50, 30);
        body["workout_date"] = "2026-01-15";
        return body;
    }());
    EXPECT_EQ(explicit_day["workout_date"], "2026-01-15");
    auto that_day = Call("GET", "/api/workouts/" + a_ + "/records/?date=2026-01-15", member_a_).Json();
    EXPECT_EQ(that_day["records"].size(), 1u);
}

TEST_F(WorkoutsTest, SecondTrainerOnTheSameDayAddsToTheSameRecord) {
    Log(trainer_a_, SetBody(5, 50, 30));
    // Member A logs the same exercise on the same day: one record, two sets, two writers.
    json mine = Log(member_a_, SetBody(6, 50, 30));
    EXPECT_EQ(mine["set_number"], 2);
    EXPECT_EQ(mine["source"], "member");
    auto records = Call("GET", "/api/workouts/" + a_ + "/records/?date=" + Today(), member_a_).Json();
    ASSERT_EQ(records["records"].size(), 1u);
    EXPECT_EQ(records["records"][0]["set_count"], 2);
}

TEST_F(WorkoutsTest, AWeighInRecomputesTodaysCalories) {
    json before = Log(trainer_a_, SetBody(5, 50, 3600));
    double met = Met(kBench);
    EXPECT_NEAR(before["calories_kcal"].get<double>(), std::round(met * 70 * 10) / 10, 1e-9);
    ASSERT_EQ(Call("PATCH", "/api/members/profile/", member_a_, {{"weight_kg", 90}}).status, 200);
    std::string record = std::to_string(before["workout_exercise_id"].get<long long>());
    auto sets = Call("GET", "/api/workouts/" + a_ + "/records/" + record + "/sets/", trainer_a_).Json()["data"];
    EXPECT_NEAR(sets["sets"][0]["calories_kcal"].get<double>(), std::round(met * 90 * 10) / 10, 1e-9);
    EXPECT_EQ(sets["sets"][0]["calculation"]["body_weight_kg"], 90.0);
    ExpectExactTotals(Today());
}

TEST_F(WorkoutsTest, HistoryCalendarWeeklyAndExport) {
    for (const char* date : {"2026-01-10", "2026-01-11", "2026-01-12"}) {
        json body = SetBody(5, 60, 60);
        body["workout_date"] = date;
        Log(trainer_a_, body);
    }
    auto days = Call("GET", "/api/workouts/members/" + a_ + "/days/?from=2026-01-01&to=2026-01-31", member_a_);
    ASSERT_EQ(days.status, 200) << days.body;
    auto list = days.Json()["data"]["days"];
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0]["workout_date"], "2026-01-12");  // newest first
    EXPECT_EQ(list[0]["exercises"][0]["sets"].size(), 1u);
    auto calendar = Call("GET", "/api/workouts/members/" + a_ + "/calendar/?month=2026-01", member_a_).Json()["data"];
    EXPECT_EQ(calendar["days"].size(), 3u);
    EXPECT_EQ(calendar["longest_streak"], 3);
    auto weekly = Call("GET", "/api/workouts/members/" + a_ + "/weekly/?weeks=4", member_a_).Json()["data"]["weeks"];
    EXPECT_EQ(weekly.size(), 4u);
    auto history = Call("GET", "/api/workouts/members/" + a_ + "/history/exercises/" +
                                   std::to_string(list[0]["exercises"][0]["exercise_id"].get<long long>()) + "/",
                        member_a_)
                       .Json()["data"];
    EXPECT_EQ(history["sessions"].size(), 3u);
    EXPECT_NEAR(history["personal_best"]["estimated_1rm_kg"].get<double>(), 70.0, 1e-3);
    auto csv = Call("GET", "/api/workouts/members/" + a_ + "/export.csv", member_a_);
    EXPECT_EQ(csv.status, 200);
    EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
    EXPECT_NE(csv.body.find("date,exercise,body_part"), std::string::npos);
    EXPECT_NE(csv.body.find("2026-01-11,\"바벨 플랫 벤치 프레스\""), std::string::npos);
    // The member detail (M4) shows the records too.
    auto detail = Call("GET", "/api/members/" + a_ + "/", trainer_a_).Json()["data"];
    EXPECT_EQ(detail["has_records"], true);
    EXPECT_EQ(detail["total_workouts"], 3);
    EXPECT_EQ(detail["workout_records"][0]["workout_date_display"], "01월 12일");
    EXPECT_EQ(Call("GET", "/api/workouts/members/" + a_ + "/calendar/?month=2026-13", member_a_).status, 400);
}

TEST_F(WorkoutsTest, TrainersAddPrivateExercises) {
    auto created = Call("POST", "/api/workouts/exercises/", trainer_a_,
                        {{"exercise_name", "트레이너A 특별 스쿼트"}, {"body_part", "대퇴사두"}, {"equipment", "맨몸"},
                         {"met_value", 5.0}});
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.Json()["data"]["custom"], true);
    auto mine = Call("GET", "/api/workouts/exercises/?q=%ED%8A%B8%EB%A0%88%EC%9D%B4%EB%84%88A", trainer_a_).Json();
    EXPECT_EQ(mine["count"], 1);
    auto theirs = Call("GET", "/api/workouts/exercises/?q=%ED%8A%B8%EB%A0%88%EC%9D%B4%EB%84%88A", trainer_b_).Json();
    EXPECT_EQ(theirs["count"], 0);
    EXPECT_EQ(Call("POST", "/api/workouts/exercises/", member_a_,
                   {{"exercise_name", "x"}, {"body_part", "가슴"}, {"equipment", "맨몸"}}).status,
              403);
    EXPECT_EQ(Call("POST", "/api/workouts/exercises/", trainer_a_,
                   {{"exercise_name", "y"}, {"body_part", "날개"}, {"equipment", "맨몸"}}).status,
              400);
    json body = SetBody(10, 0, 30, "트레이너A 특별 스쿼트");
    json logged = Log(trainer_a_, body);
    EXPECT_EQ(logged["calculation"]["met"], 5.0);
}

TEST_F(WorkoutsTest, CachedReadsFollowEveryChangeAtOnce) {
    const std::string day = "/api/workouts/" + a_ + "/records/?date=" + Today();
    auto sets_of_day = [&] { return Call("GET", day, trainer_a_).Json()["daily_summary"]["total_sets"].get<int>(); };
    auto read_twice = [&] {
        int first = sets_of_day();  // the second read can be answered from what the first kept
        EXPECT_EQ(sets_of_day(), first);
        return first;
    };
    json first = Log(trainer_a_, SetBody(10, 60, 60));
    EXPECT_EQ(read_twice(), 1);
    Log(member_a_, SetBody(8, 60, 60));
    EXPECT_EQ(read_twice(), 2);
    std::string set_path = "/api/workouts/" + a_ + "/records/" + std::to_string(first["workout_exercise_id"].get<long long>()) +
                           "/sets/" + std::to_string(first["set_id"].get<long long>()) + "/";
    ASSERT_EQ(Call("PATCH", set_path, trainer_a_, {{"repetitions", 12}}).status, 200);
    auto records = Call("GET", day, trainer_a_).Json()["records"];
    EXPECT_EQ(records[0]["volume_kg"], 60 * 12 + 60 * 8);
    ASSERT_EQ(Call("DELETE", set_path, trainer_a_).status, 200);
    EXPECT_EQ(read_twice(), 1);
    // Access follows assignment at once: the trainer who let the member go gets 404 on the next read.
    ASSERT_EQ(Call("POST", "/api/members/unassign-member/", trainer_a_, {{"user_id", member_a_.id}}).status, 200);
    EXPECT_EQ(Call("GET", day, trainer_a_).status, 404);
    ASSERT_EQ(Call("POST", "/api/members/register-member/", trainer_b_, {{"user_id", member_a_.id}}).status, 200);
    EXPECT_EQ(Call("GET", day, trainer_b_).status, 200);
    EXPECT_EQ(Call("GET", day, trainer_b_).status, 200);
    EXPECT_EQ(Call("GET", day, trainer_a_).status, 404);
    // And deactivation.
    server_->app().database()->Write([&](storage::Tx& tx) { accounts::SetActive(tx, member_a_.id, false); });
    EXPECT_EQ(Call("GET", day, trainer_b_).status, 404);
}

TEST_F(WorkoutsTest, ReadsShowEveryChangeOnEveryInstance) {
    // On SQLite one instance serves a database (it trusts what it hears from itself); several share PostgreSQL.
    if (!testing::UsingPostgres()) GTEST_SKIP() << "several instances share PostgreSQL only";
    // A second instance on the same database, as behind a load balancer; tokens from either work on both.
    testing::TestServerOptions options;
    options.configure = [&](config::Config& config) {
        config.database_url = server_->config().database_url;
        config.secret_key = server_->config().secret_key;
    };
    TestServer other(options);
    HttpClient other_client(other.base_url());
    const std::string day = "/api/workouts/" + a_ + "/records/?date=" + Today();
    const std::string detail = "/api/members/" + a_ + "/";
    auto sets_of_day = [&](HttpClient* client) {
        auto records = Call("GET", day, trainer_a_, nullptr, client).Json();
        return records["daily_summary"]["total_sets"].get<int>();
    };
    auto detail_sets = [&](HttpClient* client) {
        auto data = Call("GET", detail, trainer_a_, nullptr, client).Json()["data"];
        std::vector<int> reps;
        for (const auto& record : data["workout_records"]) {
            for (const auto& exercise : record["workout_exercises"]) {
                for (const auto& set : exercise["exercise_sets"]) reps.push_back(set["repetitions"]);
            }
        }
        return reps;
    };

    json first = Log(trainer_a_, SetBody(10, 60, 60));
    // Both instances read (and keep what they built), several times.
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(sets_of_day(client_.get()), 1);
        EXPECT_EQ(sets_of_day(&other_client), 1);
        EXPECT_EQ(detail_sets(&other_client), std::vector<int>{10});
    }
    // A set posted on one instance shows in the next read on the other, in the day and in the member's detail.
    ASSERT_EQ(Call("POST", "/api/workouts/" + a_ + "/workout-sets/", trainer_a_, SetBody(8, 70, 60), &other_client).status,
              201);
    EXPECT_EQ(sets_of_day(client_.get()), 2);
    EXPECT_EQ(sets_of_day(&other_client), 2);
    EXPECT_EQ(detail_sets(client_.get()), (std::vector<int>{10, 8}));
    // An edit and a removal made on the first instance show on the second.
    std::string set_path = "/api/workouts/" + a_ + "/records/" + std::to_string(first["workout_exercise_id"].get<long long>()) +
                           "/sets/" + std::to_string(first["set_id"].get<long long>()) + "/";
    ASSERT_EQ(Call("PATCH", set_path, trainer_a_, {{"repetitions", 12}}).status, 200);
    EXPECT_EQ(detail_sets(&other_client), (std::vector<int>{12, 8}));
    ASSERT_EQ(Call("DELETE", set_path, trainer_a_).status, 200);
    EXPECT_EQ(sets_of_day(&other_client), 1);
    EXPECT_EQ(detail_sets(&other_client), std::vector<int>{8});
    // Access is checked on every read, cached or not.
    EXPECT_EQ(Call("GET", day, trainer_b_, nullptr, &other_client).status, 404);
    ASSERT_EQ(Call("POST", "/api/members/unassign-member/", trainer_a_, {{"user_id", member_a_.id}}, &other_client).status,
              200);
    EXPECT_EQ(Call("GET", day, trainer_a_).status, 404);
    EXPECT_EQ(Call("GET", day, trainer_a_, nullptr, &other_client).status, 404);
}

TEST_F(WorkoutsTest, RenamingAnExerciseShowsInTheRecordsAtOnce) {
    json logged = Log(trainer_a_, SetBody(10, 60, 60));
    std::string day = "/api/workouts/" + a_ + "/records/?date=" + Today();
    ASSERT_EQ(Call("GET", day, trainer_a_).Json()["records"][0]["exercise_name"], kBench);
    auto exercise_id = Call("GET", day, trainer_a_).Json()["records"][0]["exercise_id"].get<long long>();
    auto renamed = Call("PATCH", "/api/workouts/exercises/" + std::to_string(exercise_id) + "/", admin_,
                        {{"exercise_name", "벤치 프레스 (바벨)"}});
    ASSERT_EQ(renamed.status, 200) << renamed.body;
    EXPECT_EQ(Call("GET", day, trainer_a_).Json()["records"][0]["exercise_name"], "벤치 프레스 (바벨)");
}

}  // namespace
}  // namespace spotter
