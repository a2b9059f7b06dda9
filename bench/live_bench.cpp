// The server's work for one live-coaching frame, as /api/coaching/live/ does it: parse the JSON text message, read
// the 33 landmarks, run the engine (with a demonstration to compare with), and write the events message. The
// requirement is under 5 ms of processing per frame; this measures the CPU time of that path on one core.
// (The binary frame format skips the JSON parse.)
//
//   build/bench/live_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "coaching/analyzer.hpp"
#include "coaching/demonstration.hpp"
#include "coaching/io/frame_json.hpp"
#include "coaching/io/report_json.hpp"
#include "synthetic.hpp"

namespace {

using namespace spotter::coaching;
using nlohmann::json;

// A squat session as the browser sends it: one JSON text message per frame (6 decimals, as JavaScript prints).
struct Session {
    std::vector<std::string> messages;
    Demonstration demonstration;
};

const Session& Recorded() {
    static const Session session = [] {
        Session out;
        std::mt19937_64 rng(11);
        synthetic::SequenceSpec spec;
        spec.exercise = Exercise::kSquat;
        spec.reps = 20;
        spec.seed = 11;
        spec.conditions = synthetic::EasyConditions(spec.exercise, rng);
        auto frames = synthetic::Generate(spec).frames;
        for (const auto& frame : frames) {
            json message = {{"type", "frame"}, {"t", frame.t}, {"landmarks", io::LandmarksToJson(frame, 6)}};
            out.messages.push_back(message.dump());
        }
        spec.seed = 12;
        spec.reps = 4;
        out.demonstration = *LearnDemonstration(synthetic::Generate(spec).frames, Exercise::kSquat).demonstration;
        return out;
    }();
    return session;
}

void BM_LiveFrameJson(benchmark::State& state) {
    const Session& session = Recorded();
    std::vector<Event> events;
    std::int64_t frames = 0, replies = 0;
    for (auto _ : state) {
        Analyzer analyzer(Exercise::kSquat, {}, &session.demonstration);
        for (const std::string& text : session.messages) {
            json body = json::parse(text);
            Frame frame;
            frame.t = body["t"].get<double>();
            if (!io::LandmarksFromJson(body["landmarks"], frame).empty()) state.SkipWithError("bad frame");
            events.clear();
            analyzer.Push(frame, events);
            if (!events.empty()) {
                nlohmann::ordered_json list = nlohmann::ordered_json::array();
                for (const auto& event : events) list.push_back(io::EventToJson(event));
                std::string reply = nlohmann::ordered_json{{"type", "events"}, {"events", list}}.dump();
                benchmark::DoNotOptimize(reply);
                ++replies;
            }
        }
        frames += static_cast<std::int64_t>(session.messages.size());
    }
    state.SetItemsProcessed(frames);
    state.counters["us_per_frame"] =
        benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate | benchmark::Counter::kInvert,
                           benchmark::Counter::kIs1000);
    state.counters["replies"] = static_cast<double>(replies);
}
BENCHMARK(BM_LiveFrameJson)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
