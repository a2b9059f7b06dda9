// `spotter analyze` core: files in, one JSON line per file out, clear errors and exit codes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "coaching/io/analyze_command.hpp"
#include "test_util.hpp"
#include "track_writer.hpp"

namespace spotter::coaching::io {
namespace {

class AnalyzeCommand : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("spotter_analyze_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string Write(const std::string& name, const std::string& bytes) {
        std::string path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }

    struct Output {
        int status = 0;
        std::vector<nlohmann::json> lines;
        std::string err;
    };
    Output Run(const AnalyzeArgs& args) {
        std::ostringstream out, err;
        Output o;
        o.status = RunAnalyze(args, out, err);
        o.err = err.str();
        std::istringstream lines(out.str());
        for (std::string line; std::getline(lines, line);) o.lines.push_back(nlohmann::json::parse(line));
        return o;
    }

    std::filesystem::path dir_;
};

TEST_F(AnalyzeCommand, CountsInEveryFormat) {
    synthetic::Sequence seq = testing::Easy(Exercise::kSquat, 5, 121);
    AnalyzeArgs args;
    args.exercise = "squat";
    args.files = {Write("a.csv", testing::ToCsv(seq.frames, true, true, true)),
                  Write("b.jsonl", testing::ToJsonLines(seq.frames, true)), Write("c.npy", testing::ToNpy(seq.frames, false)),
                  Write("d.csv", testing::ToCsv(seq.frames, false, false, false))};
    Output o = Run(args);
    EXPECT_EQ(o.status, 0) << o.err;
    ASSERT_EQ(o.lines.size(), 4u);
    for (std::size_t i = 0; i < o.lines.size(); ++i) {
        const nlohmann::json& j = o.lines[i];
        EXPECT_EQ(j["file"], args.files[i]);
        EXPECT_EQ(j["exercise"], "squat");
        EXPECT_EQ(j["count"], 5) << j.dump();
        ASSERT_EQ(j["reps"].size(), 5u);
        const nlohmann::json& rep = j["reps"][0];
        for (const char* key : {"start_frame", "end_frame", "count_frame", "start_s", "end_s", "score", "flags"}) {
            EXPECT_TRUE(rep.contains(key)) << key;
        }
    }
}

TEST_F(AnalyzeCommand, FlagsComeWithMessagesInBothLanguages) {
    synthetic::Sequence seq = testing::Easy(Exercise::kSquat, 4, 122, [](synthetic::SequenceSpec& s) {
        s.error_rate = 1.0;
        s.errors = {FlagId::kShallowDepth};
    });
    AnalyzeArgs args;
    args.exercise = "squat";
    args.files = {Write("shallow.csv", testing::ToCsv(seq.frames, true, true, false))};
    Output o = Run(args);
    ASSERT_EQ(o.lines.size(), 1u);
    const nlohmann::json& flags = o.lines[0]["reps"][0]["flags"];
    ASSERT_FALSE(flags.empty());
    EXPECT_EQ(flags[0]["code"], "shallow_depth");
    EXPECT_FALSE(flags[0]["message_en"].get<std::string>().empty());
    EXPECT_FALSE(flags[0]["message_ko"].get<std::string>().empty());
    EXPECT_LT(o.lines[0]["reps"][0]["score"].get<int>(), 100);
}

TEST_F(AnalyzeCommand, PlankReportsHoldTime) {
    synthetic::Sequence seq = testing::Easy(Exercise::kPlank, 1, 123);
    AnalyzeArgs args;
    args.exercise = "plank";
    args.files = {Write("plank.npy", testing::ToNpy(seq.frames, true))};
    args.fps = 1.0 / (seq.frames[1].t - seq.frames[0].t);
    Output o = Run(args);
    ASSERT_EQ(o.lines.size(), 1u) << o.err;
    EXPECT_NEAR(o.lines[0]["hold_s"].get<double>(), seq.hold_s, 0.1 * seq.hold_s);
    EXPECT_EQ(o.lines[0]["holds"].size(), 1u);
}

TEST_F(AnalyzeCommand, DemonstrationAddsSimilarityAndCanCount) {
    synthetic::Sequence demo = testing::Easy(Exercise::kShoulderPress, 4, 124);
    synthetic::Sequence live = testing::Easy(Exercise::kShoulderPress, 6, 125);
    AnalyzeArgs args;
    args.demo = Write("demo.jsonl", testing::ToJsonLines(demo.frames, false));
    args.files = {Write("live.csv", testing::ToCsv(live.frames, true, true, true))};
    args.events = true;
    Output o = Run(args);  // no --exercise: counted by the demonstration
    ASSERT_EQ(o.status, 0) << o.err;
    ASSERT_EQ(o.lines.size(), 1u);
    EXPECT_EQ(o.lines[0]["exercise"], "auto");
    EXPECT_NEAR(o.lines[0]["count"].get<int>(), 6, 1);
    EXPECT_TRUE(o.lines[0].contains("similarity"));
    EXPECT_TRUE(o.lines[0]["reps"][0].contains("similarity"));
    EXPECT_FALSE(o.lines[0]["events"].empty());
    EXPECT_EQ(o.lines[0]["demonstration"]["reps"], 4);
}

TEST_F(AnalyzeCommand, BadInputsGiveClearErrorsAndExitCodes) {
    synthetic::Sequence seq = testing::Easy(Exercise::kSquat, 3, 126);
    std::string good = Write("good.csv", testing::ToCsv(seq.frames, true, true, true));
    std::string bad = Write("bad.csv", "1,2,3\n");
    AnalyzeArgs args;
    args.exercise = "squat";
    args.files = {good, bad, (dir_ / "missing.npy").string()};
    Output o = Run(args);
    EXPECT_EQ(o.status, 1);
    EXPECT_EQ(o.lines.size(), 1u);  // the good file is still analysed
    EXPECT_NE(o.err.find("bad.csv"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("missing.npy"), std::string::npos) << o.err;

    args.files = {good};
    args.exercise = "yoga";
    EXPECT_EQ(Run(args).status, 2);
    args.exercise = "";
    EXPECT_EQ(Run(args).status, 2);
    args.exercise = "squat";
    args.fps = -3;
    EXPECT_EQ(Run(args).status, 2);
    args.fps = 30;
    args.files.clear();
    EXPECT_EQ(Run(args).status, 2);
    args.files = {good};
    args.demo = bad;
    EXPECT_EQ(Run(args).status, 2);
}

TEST(AnalyzeHelp, DescribesUsageAndFormats) {
    for (const char* text : {"--exercise", "--fps", "--demo", "CSV", "JSON lines", "NumPy", "(T, 132)", "Exit status"}) {
        EXPECT_NE(kAnalyzeHelp.find(text), std::string_view::npos) << text;
    }
}

}  // namespace
}  // namespace spotter::coaching::io
