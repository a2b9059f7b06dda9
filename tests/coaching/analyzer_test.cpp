// The streaming contract of the Analyzer: event order, bounded delay, gaps, odd timestamps, Finish().
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "test_util.hpp"

namespace spotter::coaching {
namespace {

using synthetic::SequenceSpec;

TEST(Analyzer, EventsComeInOrderAndReferToThePast) {
    synthetic::Sequence seq = testing::Easy(Exercise::kSquat, 5, 91);
    Analyzer analyzer(Exercise::kSquat);
    int counts = 0, ends = 0, starts = 0, turns = 0;
    std::int64_t last_start = -1;
    for (std::size_t i = 0; i < seq.frames.size(); ++i) {
        for (const Event& e : analyzer.Push(seq.frames[i])) {
            EXPECT_LE(e.frame, static_cast<std::int64_t>(i)) << "an event from the future";
            switch (e.kind) {
                case EventKind::kRepStart:
                    ++starts;
                    last_start = e.frame;
                    break;
                case EventKind::kTurn:
                    ++turns;
                    EXPECT_GE(e.frame, last_start);
                    break;
                case EventKind::kCount:
                    ++counts;
                    EXPECT_EQ(e.count, counts);
                    EXPECT_EQ(e.frame, static_cast<std::int64_t>(i));  // emitted by the frame that completed it
                    ASSERT_TRUE(e.rep.has_value());
                    EXPECT_EQ(e.rep->index, counts);
                    break;
                case EventKind::kRepEnd:
                    ++ends;
                    ASSERT_TRUE(e.rep.has_value());
                    EXPECT_EQ(e.rep->index, ends);
                    EXPECT_LE(e.rep->start_frame, e.rep->turn_frame);
                    EXPECT_LE(e.rep->turn_frame, e.rep->count_frame);
                    // The end is fixed soon after it happened (bounded delay).
                    EXPECT_LE(seq.frames[i].t - e.rep->end_s, 0.8);
                    break;
                default:
                    break;
            }
        }
    }
    Summary summary = analyzer.Finish();
    EXPECT_EQ(counts, 5);
    EXPECT_EQ(summary.count, 5);
    EXPECT_EQ(static_cast<int>(summary.reps.size()), 5);
    EXPECT_GE(starts, 5);
    EXPECT_GE(turns, 5);
}

// Signed delays (count time - true end) of the counted repetitions that overlap a true one.
std::vector<double> CountDelays(const synthetic::Sequence& seq, const testing::Run& run) {
    std::vector<double> delays;
    for (const RepResult& rep : run.summary.reps) {
        for (const synthetic::RepTruth& truth : seq.reps) {
            if (rep.turn_s > truth.start_s && rep.turn_s < truth.end_s) delays.push_back(rep.count_s - truth.end_s);
        }
    }
    std::sort(delays.begin(), delays.end());
    return delays;
}

TEST(Analyzer, CountComesAtTheEndOfEachRepetition) {
    // The coaching.md budget: within 150 ms of the end (median), neither half-way back nor long after.
    for (Exercise exercise : {Exercise::kSquat, Exercise::kPushUp, Exercise::kLunge, Exercise::kSitUp,
                              Exercise::kJumpingJack, Exercise::kPullUp, Exercise::kBenchPress, Exercise::kFrontRaise,
                              Exercise::kShoulderPress, Exercise::kBicepsCurl}) {
        std::vector<double> delays;
        for (std::uint64_t seed : {92u, 93u}) {
            synthetic::Sequence seq = testing::Easy(exercise, 6, seed);
            testing::Run run = testing::Analyze(seq.frames, exercise);
            ASSERT_EQ(run.summary.reps.size(), seq.reps.size()) << ExerciseName(exercise);
            std::vector<double> d = CountDelays(seq, run);
            delays.insert(delays.end(), d.begin(), d.end());
        }
        std::sort(delays.begin(), delays.end());
        ASSERT_EQ(delays.size(), 12u) << ExerciseName(exercise);
        EXPECT_LE(std::fabs(delays[delays.size() / 2]), 0.15) << ExerciseName(exercise);
        EXPECT_GE(delays.front(), -0.4) << ExerciseName(exercise);
        EXPECT_LE(delays.back(), 0.4) << ExerciseName(exercise);
    }
}

// A scripted squat (or other exercise) in easy conditions.
synthetic::Sequence Scripted(Exercise exercise, std::vector<synthetic::Move> script, std::uint64_t seed = 101) {
    return testing::Easy(exercise, 0, seed, [&](SequenceSpec& s) { s.script = std::move(script); });
}

std::vector<double> CountTimes(const testing::Run& run) {
    std::vector<double> times;
    for (const Event& e : run.events) {
        if (e.kind == EventKind::kCount) times.push_back(e.t);
    }
    return times;
}

TEST(Analyzer, SquatAbandonedHalfwayUpIsNotCounted) {
    // Two squats, then down and only half way up, where the person stays (and the set ends). Half way: the hips
    // half way between the bottom and standing, the knees still bent to about 100 degrees (u = 0.65; the hips
    // move with the cosine of the thigh's angle, so at u = 0.5 they would already be 70% of the way up).
    synthetic::Sequence seq = Scripted(Exercise::kSquat, {{1.5, 0.0}, {1.1, 1.0}, {1.1, 0.0}, {0.8, 0.0},
                                                          {1.1, 1.0}, {1.1, 0.0}, {0.8, 0.0},
                                                          {1.1, 1.0}, {0.7, 0.65}, {4.0, 0.65}});
    ASSERT_EQ(seq.reps.size(), 2u);
    testing::Run run = testing::Analyze(seq.frames, Exercise::kSquat);
    EXPECT_EQ(run.summary.count, 2);
    std::vector<double> counts = CountTimes(run);
    ASSERT_EQ(counts.size(), 2u);
    EXPECT_NEAR(counts[1], seq.reps[1].end_s, 0.15);
}

TEST(Analyzer, PushUpStuckHalfwayThenFinishedCountsOnceWhenUp) {
    // A hard push-up: stuck half way up for a second, then pushed out to the top: one count, at the top.
    synthetic::Sequence seq = Scripted(Exercise::kPushUp, {{1.5, 0.0}, {0.9, 1.0}, {0.9, 0.0}, {0.6, 0.0},
                                                           {0.9, 1.0}, {0.6, 0.5}, {1.0, 0.5}, {0.7, 0.0},
                                                           {1.5, 0.0}});
    ASSERT_EQ(seq.reps.size(), 2u);
    testing::Run run = testing::Analyze(seq.frames, Exercise::kPushUp);
    std::vector<double> counts = CountTimes(run);
    ASSERT_EQ(counts.size(), 2u);
    EXPECT_GT(counts[1], seq.reps[1].end_s - 0.25);  // not while stuck half way (until 0.7 s before the end)
    EXPECT_LT(counts[1], seq.reps[1].end_s + 0.25);
}

TEST(Analyzer, PauseAtTheTopIsCountedPromptly) {
    // Squats with 3 s standing at the top between them: each count comes on arriving at the top, not when the
    // next squat starts.
    synthetic::Sequence seq = Scripted(Exercise::kSquat, {{1.5, 0.0}, {1.2, 1.0}, {1.2, 0.0}, {3.0, 0.0},
                                                          {1.2, 1.0}, {1.2, 0.0}, {3.0, 0.0},
                                                          {1.2, 1.0}, {1.2, 0.0}, {3.0, 0.0}});
    ASSERT_EQ(seq.reps.size(), 3u);
    testing::Run run = testing::Analyze(seq.frames, Exercise::kSquat);
    std::vector<double> counts = CountTimes(run);
    ASSERT_EQ(counts.size(), 3u);
    for (std::size_t i = 0; i < counts.size(); ++i) EXPECT_NEAR(counts[i], seq.reps[i].end_s, 0.15) << i;
}

TEST(Analyzer, HoldAtTheTurningPointIsNotCountedUntilBackDown) {
    // Pull-ups holding the chin over the bar for 2 s: no count during the hold, one on hanging again.
    synthetic::Sequence seq = Scripted(Exercise::kPullUp, {{1.5, 0.0}, {1.2, 1.0}, {2.0, 1.0}, {1.2, 0.0},
                                                           {1.0, 0.0}, {1.2, 1.0}, {2.0, 1.0}, {1.2, 0.0},
                                                           {1.5, 0.0}});
    ASSERT_EQ(seq.reps.size(), 2u);
    testing::Run run = testing::Analyze(seq.frames, Exercise::kPullUp);
    std::vector<double> counts = CountTimes(run);
    ASSERT_EQ(counts.size(), 2u);
    for (std::size_t i = 0; i < counts.size(); ++i) EXPECT_NEAR(counts[i], seq.reps[i].end_s, 0.15) << i;
}

TEST(Analyzer, LeavingThePictureResetsThePhaseButKeepsTheCount) {
    synthetic::Sequence seq = testing::Easy(Exercise::kSquat, 6, 94);
    std::vector<Frame> frames = seq.frames;
    // Remove the person for 2 s in the middle of the third repetition: that repetition is lost, not double counted.
    const double gap_from = seq.reps[2].start_s + 0.3, gap_to = gap_from + 2.0;
    for (Frame& f : frames) {
        if (f.t >= gap_from && f.t < gap_to) f.has_person = false;
    }
    testing::Run run = testing::Analyze(frames, Exercise::kSquat);
    EXPECT_EQ(testing::CountOf(run.events, EventKind::kPersonLost), 1);
    EXPECT_EQ(testing::CountOf(run.events, EventKind::kPersonFound), 2);  // at the start and after the gap
    EXPECT_GE(run.summary.count, 4);
    EXPECT_LE(run.summary.count, 5);
}

TEST(Analyzer, ShortDropoutsDoNotInterrupt) {
    synthetic::Sequence seq = testing::Easy(Exercise::kPushUp, 6, 95);
    std::vector<Frame> frames = seq.frames;
    for (std::size_t i = 0; i < frames.size(); i += 7) frames[i].has_person = false;  // one frame in seven lost
    testing::Run run = testing::Analyze(frames, Exercise::kPushUp);
    EXPECT_EQ(run.summary.count, 6);
    EXPECT_EQ(testing::CountOf(run.events, EventKind::kPersonLost), 0);
}

TEST(Analyzer, SurvivesOddTimestampsAndValues) {
    synthetic::Sequence seq = testing::Easy(Exercise::kSquat, 5, 96);
    std::vector<Frame> frames = seq.frames;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (i % 50 == 10) frames[i].t = frames[i - 1].t;          // repeated
        if (i % 50 == 20) frames[i].t -= 0.2;                     // going back
        if (i % 50 == 30) frames[i].t = std::numeric_limits<double>::quiet_NaN();
        if (i % 50 == 40) frames[i].lm[lm::kLeftKnee].x = std::numeric_limits<float>::infinity();
    }
    testing::Run run = testing::Analyze(frames, Exercise::kSquat);
    EXPECT_GE(run.summary.count, 4);
    EXPECT_LE(run.summary.count, 5);
}

TEST(Analyzer, FinishIsRepeatableAndTheSessionCanGoOn) {
    synthetic::Sequence seq = testing::Easy(Exercise::kJumpingJack, 6, 97);
    Analyzer analyzer(Exercise::kJumpingJack);
    std::size_t half = seq.frames.size() / 2;
    for (std::size_t i = 0; i < half; ++i) analyzer.Push(seq.frames[i]);
    Summary first = analyzer.Finish();
    Summary again = analyzer.Finish();
    EXPECT_EQ(first.count, again.count);
    for (std::size_t i = half; i < seq.frames.size(); ++i) analyzer.Push(seq.frames[i]);
    Summary full = analyzer.Finish();
    EXPECT_GE(full.count, 5);
    EXPECT_LE(full.count, 6);
    EXPECT_EQ(full.frames, static_cast<std::int64_t>(seq.frames.size()));
}

TEST(Analyzer, CurrentStateFollowsTheMovement) {
    synthetic::Sequence seq = testing::Easy(Exercise::kSquat, 3, 98);
    Analyzer analyzer(Exercise::kSquat);
    EXPECT_EQ(analyzer.Current().phase, Phase::kNoPerson);
    bool outbound = false, back = false, rest = false;
    float max_progress = 0.0f;
    for (const Frame& f : seq.frames) {
        analyzer.Push(f);
        State s = analyzer.Current();
        outbound = outbound || s.phase == Phase::kOutbound;
        back = back || s.phase == Phase::kReturn;
        rest = rest || s.phase == Phase::kRest;
        max_progress = std::max(max_progress, s.progress);
    }
    EXPECT_TRUE(outbound && back && rest);
    EXPECT_GT(max_progress, 0.8f);
    EXPECT_EQ(analyzer.Current().count, 3);
}

TEST(Analyzer, NoPersonAtAllGivesNothing) {
    std::vector<Frame> frames(100);
    for (std::size_t i = 0; i < frames.size(); ++i) frames[i].t = i / 30.0;
    for (Exercise e : AllExercises()) {
        testing::Run run = testing::Analyze(frames, e);
        EXPECT_EQ(run.summary.count, 0);
        EXPECT_EQ(run.summary.person_frames, 0);
        EXPECT_TRUE(run.events.empty());
    }
}

TEST(Analyzer, ExerciseNamesRoundTrip) {
    for (Exercise e : AllExercises()) EXPECT_EQ(ParseExercise(ExerciseName(e)), e);
    EXPECT_EQ(ParseExercise("Push-Up"), Exercise::kPushUp);
    EXPECT_EQ(ParseExercise("curl"), Exercise::kBicepsCurl);
    EXPECT_FALSE(ParseExercise("yoga").has_value());
}

}  // namespace
}  // namespace spotter::coaching
