// File: tests/coaching/test_util.hpp
//
// Helpers shared by the coaching tests: generate a synthetic sequence and run the engine over it.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "coaching/analyzer.hpp"
#include "synthetic.hpp"

namespace spotter::coaching::testing {

struct Run {
    Summary summary;
    std::vector<Event> events;
};

inline Run Analyze(const std::vector<Frame>& frames, Exercise exercise, const AnalyzerOptions& options = {},
                   const Demonstration* demo = nullptr) {
    Analyzer analyzer(exercise, options, demo);
    Run run;
    for (const Frame& frame : frames) analyzer.Push(frame, run.events);
    run.summary = analyzer.Finish();
    return run;
}

// A sequence of `exercise` with `reps` repetitions in easy conditions (seeded), optionally adjusted by `tweak`.
template <class Tweak>
synthetic::Sequence Easy(Exercise exercise, int reps, std::uint64_t seed, Tweak tweak) {
    std::mt19937_64 rng(seed);
    synthetic::SequenceSpec spec;
    spec.exercise = exercise;
    spec.reps = reps;
    spec.seed = seed;
    spec.conditions = synthetic::EasyConditions(exercise, rng);
    tweak(spec);
    return synthetic::Generate(spec);
}

inline synthetic::Sequence Easy(Exercise exercise, int reps, std::uint64_t seed) {
    return Easy(exercise, reps, seed, [](synthetic::SequenceSpec&) {});
}

inline int CountOf(const std::vector<Event>& events, EventKind kind) {
    int n = 0;
    for (const Event& e : events) n += e.kind == kind;
    return n;
}

}  // namespace spotter::coaching::testing
