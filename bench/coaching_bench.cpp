// Throughput of the coaching engine: frames per second on one core (items_per_second), for a few exercises, the
// plank, `auto` and demonstration counting. The target is >= 50,000 frames/s per core (coaching.md).
//
//   build/bench/coaching_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "coaching/analyzer.hpp"
#include "coaching/demonstration.hpp"
#include "synthetic.hpp"

namespace {

using namespace spotter::coaching;

const std::vector<Frame>& Frames(Exercise exercise) {
    static std::vector<std::vector<Frame>> cache(AllExercises().size());
    std::vector<Frame>& frames = cache[static_cast<std::size_t>(exercise)];
    if (frames.empty()) {
        std::mt19937_64 rng(7);
        synthetic::SequenceSpec spec;
        spec.exercise = exercise == Exercise::kAuto ? Exercise::kSquat : exercise;
        spec.reps = exercise == Exercise::kPlank ? 2 : 20;
        spec.seed = 7;
        spec.conditions = synthetic::EasyConditions(spec.exercise, rng);
        spec.conditions.noise = 0.01;
        spec.conditions.occlusion_rate = 0.05;
        spec.error_rate = 0.3;
        frames = synthetic::Generate(spec).frames;
    }
    return frames;
}

void Run(benchmark::State& state, Exercise exercise, const Demonstration* demo) {
    const std::vector<Frame>& frames = Frames(exercise);
    std::vector<Event> events;
    std::int64_t processed = 0;
    int count = 0;
    for (auto _ : state) {
        Analyzer analyzer(exercise, {}, demo);
        for (const Frame& frame : frames) {
            events.clear();
            analyzer.Push(frame, events);
        }
        count = analyzer.Finish().count;
        processed += static_cast<std::int64_t>(frames.size());
    }
    state.SetItemsProcessed(processed);
    state.counters["reps"] = count;
}

void BM_Squat(benchmark::State& state) { Run(state, Exercise::kSquat, nullptr); }
void BM_PushUp(benchmark::State& state) { Run(state, Exercise::kPushUp, nullptr); }
void BM_BicepsCurl(benchmark::State& state) { Run(state, Exercise::kBicepsCurl, nullptr); }
void BM_JumpingJack(benchmark::State& state) { Run(state, Exercise::kJumpingJack, nullptr); }
void BM_Plank(benchmark::State& state) { Run(state, Exercise::kPlank, nullptr); }
void BM_Auto(benchmark::State& state) { Run(state, Exercise::kAuto, nullptr); }

void BM_Demonstration(benchmark::State& state) {
    static const Demonstration demo = [] {
        std::mt19937_64 rng(8);
        synthetic::SequenceSpec spec;
        spec.exercise = Exercise::kSquat;
        spec.reps = 4;
        spec.seed = 8;
        spec.conditions = synthetic::EasyConditions(Exercise::kSquat, rng);
        return *LearnDemonstration(synthetic::Generate(spec).frames, Exercise::kAuto).demonstration;
    }();
    Run(state, Exercise::kAuto, &demo);
}

BENCHMARK(BM_Squat)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PushUp)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BicepsCurl)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JumpingJack)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Plank)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Auto)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Demonstration)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
