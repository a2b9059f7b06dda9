// Form rules on synthetic repetitions with planted errors, in views where each rule can see its error.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "coaching/form_rules.hpp"
#include "test_util.hpp"

namespace spotter::coaching {
namespace {

using synthetic::SequenceSpec;
using testing::Analyze;

struct Case {
    Exercise exercise;
    FlagId error;
    double yaw;  // a view that shows the error
};

std::string Name(const Case& c) { return std::string(ExerciseName(c.exercise)) + "_" + std::string(FlagCode(c.error)); }

class PlantedError : public ::testing::TestWithParam<Case> {};

TEST_P(PlantedError, IsFlaggedWhenPlantedAndNotOtherwise) {
    const Case& c = GetParam();
    int planted = 0, caught = 0, clean = 0, false_alarms = 0;
    double planted_score = 0.0, clean_score = 0.0;
    for (std::uint64_t seed : {51u, 52u, 53u}) {
        synthetic::Sequence seq = testing::Easy(c.exercise, 8, seed, [&](SequenceSpec& s) {
            s.conditions.yaw_deg = c.yaw;
            s.error_rate = 0.5;
            s.errors = {c.error};
        });
        testing::Run run = Analyze(seq.frames, c.exercise);
        for (const RepResult& rep : run.summary.reps) {
            const synthetic::RepTruth* truth = nullptr;
            for (const auto& t : seq.reps) {
                if (rep.turn_s > t.start_s && rep.turn_s < t.end_s) truth = &t;
            }
            if (truth == nullptr) continue;
            bool flagged = false;
            for (const FormFlag& f : rep.flags) flagged = flagged || f.id == c.error;
            if (!truth->errors.empty()) {
                ++planted;
                caught += flagged;
                planted_score += rep.score;
            } else {
                ++clean;
                false_alarms += flagged;
                clean_score += rep.score;
            }
        }
    }
    ASSERT_GT(planted, 3);
    ASSERT_GT(clean, 3);
    EXPECT_GE(double(caught) / planted, 0.8) << caught << " of " << planted;
    EXPECT_LE(double(false_alarms) / clean, 0.1) << false_alarms << " of " << clean;
    EXPECT_LT(planted_score / planted, clean_score / clean - 10.0);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, PlantedError,
    ::testing::Values(Case{Exercise::kSquat, FlagId::kShallowDepth, 60}, Case{Exercise::kSquat, FlagId::kKneesIn, 0},
                      Case{Exercise::kSquat, FlagId::kTorsoLean, 90}, Case{Exercise::kPushUp, FlagId::kHipsSagging, 90},
                      Case{Exercise::kPushUp, FlagId::kHipsHigh, 90}, Case{Exercise::kPushUp, FlagId::kShortRange, 90},
                      Case{Exercise::kLunge, FlagId::kKneePastToes, 90},
                      Case{Exercise::kLunge, FlagId::kFrontKneeAngle, 90},
                      Case{Exercise::kSitUp, FlagId::kIncompleteSitUp, 90},
                      Case{Exercise::kJumpingJack, FlagId::kArmsNotOverhead, 0},
                      Case{Exercise::kPullUp, FlagId::kChinBelowBar, 0},
                      Case{Exercise::kPullUp, FlagId::kNoFullExtension, 0},
                      // Elbows flare sideways on the bench: seen from the feet, not from the side.
                      Case{Exercise::kBenchPress, FlagId::kNoLockout, 0},
                      Case{Exercise::kBenchPress, FlagId::kShortRange, 0},
                      Case{Exercise::kFrontRaise, FlagId::kArmNotRaised, 60},
                      Case{Exercise::kFrontRaise, FlagId::kTorsoSwing, 90},
                      Case{Exercise::kShoulderPress, FlagId::kNoLockout, 0},
                      Case{Exercise::kBicepsCurl, FlagId::kUpperArmSwing, 90},
                      Case{Exercise::kBicepsCurl, FlagId::kIncompleteCurl, 60},
                      Case{Exercise::kBicepsCurl, FlagId::kLeaningBack, 90}),
    [](const auto& info) { return Name(info.param); });

TEST(FormRules, EveryFlagHasACodeAndMessagesInBothLanguages) {
    std::set<std::string> codes;
    for (int i = 0; i < kFlagIdCount; ++i) {
        FlagId id = static_cast<FlagId>(i);
        std::string code(FlagCode(id));
        EXPECT_FALSE(code.empty());
        EXPECT_TRUE(codes.insert(code).second) << "duplicate " << code;
        EXPECT_GT(FlagMessage(id, Language::kEnglish).size(), 10u);
        EXPECT_GT(FlagMessage(id, Language::kKorean).size(), 10u);
        EXPECT_NE(FlagMessage(id, Language::kEnglish), FlagMessage(id, Language::kKorean));
    }
}

TEST(FormRules, ScoreFallsWithFlagsAndSeverity) {
    EXPECT_EQ(ScoreFlags({}), 100);
    FormFlag mild{FlagId::kShallowDepth, 0.25f, 0.2f, 0.0f};
    FormFlag severe{FlagId::kShallowDepth, 0.5f, 0.2f, 1.0f};
    std::vector<FormFlag> one = {mild}, bad = {severe}, many = {severe, severe, severe};
    EXPECT_GT(ScoreFlags(one), ScoreFlags(bad));
    EXPECT_EQ(ScoreFlags(many), 0);
}

TEST(FormRules, MinMaxInputSkipsRulesThatNeedTrueAngles) {
    // The same push-ups with sagging hips: flagged on image coordinates, not assessed on min-max normalised ones
    // (the hip line mixes image axes), where a wrong flag would be worse than none.
    auto make = [](synthetic::Normalisation n) {
        return testing::Easy(Exercise::kPushUp, 6, 61, [&](SequenceSpec& s) {
            s.conditions.normalisation = n;
            s.error_rate = 1.0;
            s.errors = {FlagId::kHipsSagging};
        });
    };
    auto flagged = [](const testing::Run& run) {
        int n = 0;
        for (const RepResult& rep : run.summary.reps) n += !rep.flags.empty();
        return n;
    };
    testing::Run image = Analyze(make(synthetic::Normalisation::kImage).frames, Exercise::kPushUp);
    testing::Run minmax = Analyze(make(synthetic::Normalisation::kMinMax).frames, Exercise::kPushUp);
    EXPECT_EQ(image.summary.count, 6);
    EXPECT_EQ(minmax.summary.count, 6);
    EXPECT_GE(flagged(image), 5);
    EXPECT_EQ(flagged(minmax), 0);
}

TEST(FormRules, RepsCarryMetrics) {
    synthetic::Sequence seq = testing::Easy(Exercise::kSquat, 4, 62);
    testing::Run run = Analyze(seq.frames, Exercise::kSquat);
    ASSERT_EQ(run.summary.reps.size(), 4u);
    for (const RepResult& rep : run.summary.reps) {
        bool has_depth = false;
        for (const FormMetric& m : rep.metrics) has_depth = has_depth || m.name == "thigh_share_bottom";
        EXPECT_TRUE(has_depth);
        EXPECT_EQ(rep.score, 100);
    }
}

}  // namespace
}  // namespace spotter::coaching
