#include <gtest/gtest.h>

#include <cmath>

#include "test_util.hpp"

namespace spotter::coaching {
namespace {

using synthetic::SequenceSpec;

synthetic::Sequence Plank(int holds, std::uint64_t seed, double error_rate, std::vector<FlagId> errors = {}) {
    return testing::Easy(Exercise::kPlank, holds, seed, [&](SequenceSpec& s) {
        s.error_rate = error_rate;
        s.errors = errors;
    });
}

TEST(Plank, TimesHoldsAndIgnoresStandingAndTransitions) {
    for (std::uint64_t seed : {71u, 72u, 73u}) {
        synthetic::Sequence seq = Plank(2, seed, 0.0);
        testing::Run run = testing::Analyze(seq.frames, Exercise::kPlank);
        EXPECT_EQ(run.summary.reps.size(), seq.reps.size()) << seq.description;
        EXPECT_NEAR(run.summary.hold_s, seq.hold_s, 0.1 * seq.hold_s) << seq.description;
        EXPECT_EQ(run.summary.count, 0);
        EXPECT_EQ(testing::CountOf(run.events, EventKind::kHoldStart), static_cast<int>(seq.reps.size()));
        EXPECT_GT(run.summary.longest_hold_s, 10.0);
        for (const RepResult& hold : run.summary.reps) EXPECT_TRUE(hold.flags.empty()) << hold.flags.size();
    }
}

TEST(Plank, FlagsHipsTooHighAndTooLow) {
    for (FlagId error : {FlagId::kHipsHigh, FlagId::kHipsSagging}) {
        synthetic::Sequence seq = Plank(2, 74, 1.0, {error});
        testing::Run run = testing::Analyze(seq.frames, Exercise::kPlank);
        ASSERT_EQ(run.summary.reps.size(), 2u);
        for (const RepResult& hold : run.summary.reps) {
            ASSERT_EQ(hold.flags.size(), 1u) << FlagCode(error);
            EXPECT_EQ(hold.flags[0].id, error);
            EXPECT_LT(hold.score, 100);
        }
        // Live feedback while holding, not only at the end.
        EXPECT_GE(testing::CountOf(run.events, EventKind::kFormAlert), 1);
    }
}

TEST(Plank, StandingStillIsNotAHold) {
    synthetic::Sequence seq = testing::Easy(Exercise::kBicepsCurl, 0, 75, [](SequenceSpec& s) { s.reps = 0; });
    ASSERT_GT(seq.frames.size(), 20u);
    testing::Run run = testing::Analyze(seq.frames, Exercise::kPlank);
    EXPECT_EQ(run.summary.hold_s, 0.0);
}

TEST(Plank, CurrentStateShowsTheRunningHold) {
    synthetic::Sequence seq = Plank(1, 76, 0.0);
    Analyzer analyzer(Exercise::kPlank);
    double max_hold = 0.0;
    bool holding_seen = false;
    for (const Frame& f : seq.frames) {
        analyzer.Push(f);
        State state = analyzer.Current();
        max_hold = std::max(max_hold, state.hold_s);
        holding_seen = holding_seen || state.phase == Phase::kHolding;
    }
    EXPECT_TRUE(holding_seen);
    EXPECT_NEAR(max_hold, seq.hold_s, 0.1 * seq.hold_s);
}

}  // namespace
}  // namespace spotter::coaching
