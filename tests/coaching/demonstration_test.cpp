#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "coaching/demonstration.hpp"
#include "test_util.hpp"

namespace spotter::coaching {
namespace {

using synthetic::SequenceSpec;

Demonstration Learn(Exercise exercise, Exercise as, std::uint64_t seed = 81) {
    synthetic::Sequence demo = testing::Easy(exercise, 4, seed);
    LearnResult learned = LearnDemonstration(demo.frames, as);
    EXPECT_TRUE(learned.demonstration.has_value()) << learned.error;
    return learned.demonstration.value_or(Demonstration{});
}

TEST(Demonstration, LearnsOneRepetitionFromADemonstration) {
    Demonstration demo = Learn(Exercise::kSquat, Exercise::kAuto);
    EXPECT_GE(demo.reps, 3);  // auto mode may still be settling during the first one
    EXPECT_LE(demo.reps, 4);
    EXPECT_GT(demo.amplitude, 0.1f);
    EXPECT_GT(demo.rep_seconds, 1.0f);
    EXPECT_LT(demo.rep_seconds, 5.0f);
    EXPECT_GT(demo.count_index, kTemplateLength / 2);
    // A squat moves the knees and hips most.
    int strongest = 0;
    for (int j = 1; j < kJointCount; ++j) {
        if (std::fabs(demo.direction[j]) > std::fabs(demo.direction[strongest])) strongest = j;
    }
    EXPECT_GE(strongest, 4);
    EXPECT_LE(strongest, 7);
}

TEST(Demonstration, RoundTripsThroughVectorAndText) {
    Demonstration demo = Learn(Exercise::kBicepsCurl, Exercise::kBicepsCurl);
    std::vector<float> values = demo.ToVector();
    for (float v : values) EXPECT_TRUE(std::isfinite(v));  // storable as JSON
    std::optional<Demonstration> back = Demonstration::FromVector(values);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->ToVector(), values);
    std::optional<Demonstration> from_text = Demonstration::FromText(demo.ToText());
    ASSERT_TRUE(from_text.has_value());
    EXPECT_EQ(from_text->exercise, Exercise::kBicepsCurl);
    EXPECT_EQ(from_text->reps, demo.reps);
    for (std::size_t i = 0; i < values.size(); ++i) EXPECT_NEAR(from_text->ToVector()[i], values[i], 1e-4);
}

TEST(Demonstration, RejectsWhatIsNotADemonstration) {
    std::vector<float> values = Learn(Exercise::kSquat, Exercise::kSquat).ToVector();
    EXPECT_FALSE(Demonstration::FromVector({}).has_value());
    std::vector<float> shorter(values.begin(), values.end() - 1);
    EXPECT_FALSE(Demonstration::FromVector(shorter).has_value());
    std::vector<float> bad_format = values;
    bad_format[0] = 2.0f;
    EXPECT_FALSE(Demonstration::FromVector(bad_format).has_value());
    std::vector<float> nan = values;
    nan[10] = std::numeric_limits<float>::quiet_NaN();
    EXPECT_FALSE(Demonstration::FromVector(nan).has_value());
    std::vector<float> plank = values;
    plank[1] = static_cast<float>(static_cast<int>(Exercise::kPlank));
    EXPECT_FALSE(Demonstration::FromVector(plank).has_value());
    EXPECT_FALSE(Demonstration::FromText("1 2 three").has_value());
    EXPECT_FALSE(Demonstration::FromText("").has_value());
}

TEST(Demonstration, NothingToLearnFromStillnessOrAPlank) {
    synthetic::Sequence still = testing::Easy(Exercise::kSquat, 0, 82, [](SequenceSpec& s) { s.reps = 0; });
    LearnResult learned = LearnDemonstration(still.frames, Exercise::kAuto);
    EXPECT_FALSE(learned.demonstration.has_value());
    EXPECT_FALSE(learned.error.empty());
    EXPECT_FALSE(LearnDemonstration(still.frames, Exercise::kPlank).demonstration.has_value());
    EXPECT_FALSE(LearnDemonstration({}, Exercise::kAuto).demonstration.has_value());
}

TEST(Demonstration, CountsMatchesOfTheDemonstratedMovement) {
    // Learned from one person in one view, used on another person in another view.
    for (Exercise exercise : {Exercise::kSquat, Exercise::kShoulderPress, Exercise::kJumpingJack}) {
        Demonstration demo = Learn(exercise, Exercise::kAuto);
        synthetic::Sequence live = testing::Easy(exercise, 7, 83);
        testing::Run run = testing::Analyze(live.frames, Exercise::kAuto, {}, &demo);
        EXPECT_LE(std::abs(run.summary.count - 7), 1) << ExerciseName(exercise) << " counted " << run.summary.count;
        for (const RepResult& rep : run.summary.reps) ASSERT_TRUE(rep.similarity.has_value());
    }
}

TEST(Demonstration, DoesNotCountADifferentMovement) {
    Demonstration squat = Learn(Exercise::kSquat, Exercise::kAuto);
    synthetic::Sequence curls = testing::Easy(Exercise::kBicepsCurl, 8, 84);
    testing::Run run = testing::Analyze(curls.frames, Exercise::kAuto, {}, &squat);
    EXPECT_LE(run.summary.count, 2);
}

TEST(Demonstration, SimilarityIsLowerForFaultyRepetitionsAndNamesTheJoints) {
    Demonstration demo = Learn(Exercise::kBicepsCurl, Exercise::kBicepsCurl);
    synthetic::Sequence live = testing::Easy(Exercise::kBicepsCurl, 10, 85, [](SequenceSpec& s) {
        s.error_rate = 0.5;
        s.errors = {FlagId::kUpperArmSwing};
    });
    testing::Run run = testing::Analyze(live.frames, Exercise::kBicepsCurl, {}, &demo);
    double good = 0, bad = 0;
    int n_good = 0, n_bad = 0;
    for (const RepResult& rep : run.summary.reps) {
        ASSERT_TRUE(rep.similarity.has_value());
        EXPECT_FALSE(rep.similarity->largest.empty());
        bool planted = false;
        for (const auto& t : live.reps) {
            if (rep.turn_s > t.start_s && rep.turn_s < t.end_s) planted = !t.errors.empty();
        }
        if (planted) {
            bad += rep.similarity->score;
            ++n_bad;
            // The swinging shoulder differs most.
            std::string_view top = rep.similarity->largest.front().joint;
            EXPECT_NE(top.find("shoulder"), std::string_view::npos) << top;
        } else {
            good += rep.similarity->score;
            ++n_good;
        }
    }
    ASSERT_GT(n_good, 0);
    ASSERT_GT(n_bad, 0);
    EXPECT_GT(good / n_good, bad / n_bad + 10.0);
    ASSERT_TRUE(run.summary.mean_similarity.has_value());
}

TEST(Demonstration, SimilarityScoreMapping) {
    EXPECT_EQ(SimilarityScore(0.0), 100);
    EXPECT_EQ(SimilarityScore(kHalfScoreDistance), 50);
    EXPECT_LT(SimilarityScore(60.0), 15);
    EXPECT_EQ(SimilarityScore(std::numeric_limits<double>::infinity()), 0);
}

}  // namespace
}  // namespace spotter::coaching
