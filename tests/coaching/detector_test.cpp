#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "coaching/rep_detector.hpp"

namespace spotter::coaching {
namespace {

constexpr double kPi = 3.14159265358979;

// A signal of `reps` raised-cosine repetitions of `amplitude` on `base`, each `period` seconds, separated by
// `pause` seconds at rest, sampled at `fps`, with optional Gaussian noise. Returns the count the detector made.
struct Result {
    int count = 0;
    std::vector<double> count_times;
    std::vector<double> end_times;
};

Result RunSignal(int reps, double amplitude, double period, double pause, double fps, double noise = 0.0,
                 double base = 0.0, double lead_in = 1.0) {
    DetectorConfig config;
    RepDetector detector(config);
    std::mt19937_64 rng(7);
    std::normal_distribution<double> gauss(0.0, noise > 0.0 ? noise : 1.0);
    Result r;
    const double total = lead_in + reps * (period + pause) + 1.0;
    std::int64_t frame = 0;
    for (double t = 0.0; t < total; t += 1.0 / fps, ++frame) {
        double local = t - lead_in;
        double v = base;
        if (local >= 0.0) {
            double phase = std::fmod(local, period + pause);
            if (phase < period && local < reps * (period + pause)) v += amplitude * 0.5 * (1 - std::cos(2 * kPi * phase / period));
        }
        if (noise > 0.0) v += gauss(rng);
        DetectorStep step = detector.Push(frame, t, v, noise);
        if (step.counted) r.count_times.push_back(t);
        if (step.ended) r.end_times.push_back(detector.Last().end.t);
    }
    if (detector.Reset().ended) r.end_times.push_back(detector.Last().end.t);
    r.count = detector.Count();
    return r;
}

TEST(RepDetector, CountsCleanRepetitions) { EXPECT_EQ(RunSignal(8, 1.0, 2.0, 0.5, 30).count, 8); }

TEST(RepDetector, CountIsTheSameWhateverTheAmplitudeOrOffset) {
    // Adaptive thresholds: a view that compresses the movement (0.25) or shifts it counts the same.
    for (double amplitude : {0.25, 0.6, 1.0, 4.0}) {
        EXPECT_EQ(RunSignal(6, amplitude, 2.0, 0.4, 30, 0.0, 3.0).count, 6) << "amplitude " << amplitude;
    }
}

TEST(RepDetector, CountsAtAnyFrameRate) {
    for (double fps : {8.0, 15.0, 30.0, 60.0, 120.0}) EXPECT_EQ(RunSignal(5, 1.0, 2.0, 0.3, fps).count, 5) << fps;
}

TEST(RepDetector, FastAndSlowRepetitions) {
    EXPECT_EQ(RunSignal(10, 1.0, 0.6, 0.0, 30).count, 10);  // back-to-back, 0.6 s each
    EXPECT_EQ(RunSignal(3, 1.0, 8.0, 2.0, 30).count, 3);    // very slow
}

TEST(RepDetector, NoisySignal) { EXPECT_EQ(RunSignal(8, 1.0, 2.0, 0.5, 30, 0.03).count, 8); }

TEST(RepDetector, IgnoresMovementsBelowTheAbsoluteFloor) { EXPECT_EQ(RunSignal(6, 0.08, 2.0, 0.5, 30).count, 0); }

TEST(RepDetector, CountsWhenBackHomeAndFixesTheEndSoonAfter) {
    Result r = RunSignal(4, 1.0, 2.0, 1.0, 30);
    ASSERT_EQ(r.count_times.size(), 4u);
    ASSERT_EQ(r.end_times.size(), 4u);
    for (int i = 0; i < 4; ++i) {
        double true_end = 1.0 + i * 3.0 + 2.0;
        EXPECT_NEAR(r.count_times[i], true_end, 0.1);  // back at the start, not on the way there
        EXPECT_NEAR(r.end_times[i], true_end, 0.15);   // the end is where the signal settled
    }
}

// Feeds a scripted signal: each step eases the value from where it was to `to` over `seconds`.
struct Step {
    double seconds, to;
};

struct Script {
    RepDetector detector;
    std::int64_t frame = 0;
    double t = 0.0, value = 0.0;
    std::vector<double> counts;
    void Run(std::initializer_list<Step> steps, double fps = 30.0) {
        for (const Step& step : steps) {
            const double from = value;
            const double t0 = t;
            for (; t < t0 + step.seconds; t += 1.0 / fps) {
                value = from + (step.to - from) * 0.5 * (1 - std::cos(kPi * std::min(1.0, (t - t0) / step.seconds)));
                if (detector.Push(frame++, t, value, 0.0).counted) counts.push_back(t);
            }
            value = step.to;
        }
    }
};

TEST(RepDetector, RepetitionHeldHalfwayIsNotCounted) {
    Script s;
    s.Run({{1.0, 0.0}, {1.0, 1.0}, {1.0, 0.0}, {0.5, 0.0}});  // one full repetition
    ASSERT_EQ(s.counts.size(), 1u);
    s.Run({{1.0, 1.0}, {0.6, 0.5}, {3.0, 0.5}});  // down, halfway back, and staying there
    EXPECT_EQ(s.detector.Count(), 1);
    s.Run({{0.6, 1.0}, {1.0, 0.5}, {2.0, 0.5}});  // down again, halfway again
    EXPECT_EQ(s.detector.Count(), 1);
    EXPECT_FALSE(s.detector.Reset().counted);  // and the set ends there
    EXPECT_EQ(s.detector.Count(), 1);
}

TEST(RepDetector, RepetitionFinishedAfterAStallCountsOnceAtTheEnd) {
    Script s;
    s.Run({{1.0, 0.0}, {1.0, 1.0}, {1.0, 0.0}, {0.5, 0.0}});
    s.Run({{1.0, 1.0}, {0.6, 0.5}, {1.5, 0.5}, {0.6, 0.8}, {0.8, 0.0}});  // stuck halfway, a dip, then all the way
    const double end = s.t;
    s.Run({{2.0, 0.0}});
    ASSERT_EQ(s.counts.size(), 2u);
    EXPECT_NEAR(s.counts[1], end, 0.15);
}

TEST(RepDetector, PauseAtTheStartPositionIsCountedPromptly) {
    // Long pauses at rest after each repetition: each count comes as the signal arrives, not when the next
    // repetition starts.
    Script s;
    s.Run({{1.0, 0.0}});
    std::vector<double> ends;
    for (int i = 0; i < 3; ++i) {
        s.Run({{1.2, 1.0}, {1.2, 0.0}});
        ends.push_back(s.t);
        s.Run({{4.0, 0.0}});
    }
    ASSERT_EQ(s.counts.size(), 3u);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(s.counts[i], ends[i], 0.15) << i;
}

TEST(RepDetector, PauseAtTheTurningPointIsNotCounted) {
    // Holding the turning point (chin over the bar) for 3 s: no count until the way back is done.
    Script s;
    s.Run({{1.0, 0.0}, {1.0, 1.0}, {3.0, 1.0}});
    EXPECT_TRUE(s.counts.empty());
    s.Run({{1.0, 0.0}});
    const double end = s.t;
    s.Run({{1.0, 0.0}});
    ASSERT_EQ(s.counts.size(), 1u);
    EXPECT_NEAR(s.counts[0], end, 0.15);
}

TEST(RepDetector, StoppingALittleShortOfTheStartStillCounts) {
    // Arms not fully straightened: the way back stops at 80% and stays there; the count comes when it stops.
    Script s;
    s.Run({{1.0, 0.0}, {1.0, 1.0}, {1.0, 0.0}, {0.5, 0.0}});
    s.Run({{1.0, 1.0}, {1.0, 0.2}});
    const double stop = s.t;
    s.Run({{2.0, 0.2}});
    ASSERT_EQ(s.counts.size(), 2u);
    EXPECT_GT(s.counts[1], stop - 0.15);
    EXPECT_LT(s.counts[1], stop + 0.3);
}

TEST(RepDetector, ARepetitionAlreadyHomeIsCountedWhenTheStreamStops) {
    DetectorConfig config;
    config.home_wait = 1.0;  // a long wait, so the stream stops during it
    config.max_home_wait_s = 2.0;
    Script s{RepDetector(config)};
    s.Run({{1.0, 0.0}, {1.0, 1.0}, {1.0, 0.0}});
    EXPECT_TRUE(s.counts.empty());
    DetectorStep step = s.detector.Reset();
    EXPECT_TRUE(step.counted);
    EXPECT_TRUE(step.ended);
    EXPECT_EQ(s.detector.Count(), 1);
}

TEST(RepDetector, HalfRepetitionAtTheStartIsNotCounted) {
    // The signal starts at the turning point and comes back: not a repetition; then two full ones.
    RepDetector detector;
    int frame = 0;
    auto feed = [&](double from, double to, double seconds, double t0) {
        for (double t = 0; t < seconds; t += 1.0 / 30, ++frame) {
            double w = 0.5 * (1 - std::cos(kPi * t / seconds));
            detector.Push(frame, t0 + t, from + (to - from) * w, 0.0);
        }
        return t0 + seconds;
    };
    double t = feed(1.0, 0.0, 1.0, 0.0);
    t = feed(0.0, 0.0, 0.5, t);
    for (int i = 0; i < 2; ++i) {
        t = feed(0.0, 1.0, 1.0, t);
        t = feed(1.0, 0.0, 1.0, t);
        t = feed(0.0, 0.0, 0.5, t);
    }
    EXPECT_EQ(detector.Count(), 2);
}

TEST(RepDetector, ResetKeepsTheCountAndTheAmplitude) {
    RepDetector detector;
    int frame = 0;
    double t = 0;
    for (; t < 0.5; t += 1.0 / 30) detector.Push(frame++, t, 0.0, 0.0);  // at rest first
    for (int rep = 0; rep < 3; ++rep) {
        for (double s = 0; s < 2.5; s += 1.0 / 30, t += 1.0 / 30) {
            double v = s < 2.0 ? 0.5 * (1 - std::cos(2 * kPi * s / 2.0)) : 0.0;
            detector.Push(frame++, t, v, 0.0);
        }
    }
    EXPECT_EQ(detector.Count(), 3);
    double typical = detector.TypicalAmplitude();
    detector.Reset();
    EXPECT_EQ(detector.Count(), 3);
    EXPECT_EQ(detector.TypicalAmplitude(), typical);
    EXPECT_EQ(detector.Phase(), DetectorPhase::kUnarmed);
}

}  // namespace
}  // namespace spotter::coaching
