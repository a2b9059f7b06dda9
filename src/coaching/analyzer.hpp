// File: coaching/analyzer.hpp
//
// The streaming analysis engine. Feed frames in time order; each Push() returns what happened (repetition
// started, turning point, count, repetition finished with its form assessment, plank hold start/end, person
// lost/found). Everything is causal: an event refers to the past, and the end of a repetition is fixed at most
// a fraction of a second after it happened (DetectorConfig::settle_s). The same object serves a live WebSocket
// session and the `spotter analyze` command. Not thread-safe; one Analyzer per stream.
//
//   Analyzer analyzer(Exercise::kSquat);
//   for (const Frame& frame : frames)
//       for (const Event& event : analyzer.Push(frame))
//           if (event.kind == EventKind::kCount) Say(event.count);
//   Summary summary = analyzer.Finish();
//
// Design (per frame, about a microsecond; ~1.2 M frames/s per core, bench/coaching_bench):
//  1. Preprocess (pose_features): x scaled by the image aspect ratio; landmarks under min_visibility are ignored;
//     channels are joint angles (image plane and with depth), vertical shares and heights relative to the torso,
//     the image height of hips and shoulders. Ratios along one image axis are unchanged by per-frame min-max
//     normalisation and by the aspect ratio; min-max input is detected (every frame spans exactly 0..1).
//  2. Signal: a known exercise fuses a few channels with known polarity (exercise_signal). Each is centred on its
//     slow mean, in units of a nominal amplitude, weighted by movement / noise^2 (max-SNR), by its correlation with
//     the others (a channel that moves the wrong way in this view drops out), by staleness (hidden landmarks fade
//     out) and, for min-max input, by whether it mixes image axes. `auto` projects landmark positions relative to
//     the torso's centre and joint angles (left/right as mean and |difference|, so alternating sides repeat once
//     per rep) on their online first principal component (principal_signal), and orients it after smoothing so
//     that the start position is low: the first movement leaves where the person held still, and later the
//     signal leans to the start position's side of its range (more time is spent there than at the turning
//     point); after a flip the detector reads the last seconds again, so the repetition under way is kept. A
//     demonstration uses the signal of the exercise it was recorded for, or the joint-angle direction it learned.
//  3. Smoothing: median of 3 (spikes) then a 1-euro filter with time steps from the timestamps (any frame rate);
//     the noise left after smoothing is estimated from second differences (winsorised).
//  4. Counting: a hysteresis state machine with thresholds that are shares of the observed amplitude
//     (rep_detector): a rep must rise, turn and come back home (by 90% of the smaller of its own and the typical
//     amplitude, or by 70% and stopped there); guards on amplitude (absolute, 8 sigma of noise, 30% of the
//     typical) and duration. The count is emitted when the body is back at the start position: at home plus a
//     short wait proportional to the return's pace, set per exercise for the part of the return its signal hardly
//     sees (median within about 50 ms of the true end on the synthetic suite, bench/results/coaching.md); a rep
//     held or abandoned halfway is not counted. No person for longer than gap_reset_s resets the phase, never the
//     count (a rep already home is counted then); the detector then waits for a settled rest position, so a half
//     repetition seen after a gap (or at the start) is not counted, and one left unfinished at the end is not
//     either.
//  5. Form: per-frame measurements are kept in a ring buffer; when a repetition ends, rules read them with the
//     repetition's progress (form_rules), skipping rules the view cannot see; with a demonstration, DTW over
//     joint-angle trajectories gives a similarity and the joints that differ most (demonstration, dtw).
//  6. Plank: a hold timer with posture and stillness gates, and hip-line flags and live alerts (plank_tracker).
#pragma once

#include <memory>
#include <vector>

#include "coaching/demonstration.hpp"
#include "coaching/exercise.hpp"
#include "coaching/landmarks.hpp"
#include "coaching/pose_features.hpp"
#include "coaching/results.hpp"

namespace spotter::coaching {

struct AnalyzerOptions {
    // Image width / height when coordinates are normalised to the image; 0 = unknown (treated as 1). Per-frame
    // min-max normalised input needs nothing.
    float image_aspect = 0.0f;
    float min_visibility = kDefaultMinVisibility;
    double gap_reset_s = 0.5;    // no person for longer than this resets the phase (the count is kept)
    bool assess_form = true;     // form rules and scores (counting works without)
    int match_min_score = 20;    // demonstration counting: a candidate counts when its similarity reaches this
};

class Analyzer {
public:
    // `demonstration` (may be null) is copied. With exercise kAuto and a demonstration, repetitions are counted
    // by the demonstration: candidates come from the signal of the exercise it was recorded for (or, for a
    // demonstration learned as `auto`, from its learned joint direction) and count when they match its first part.
    // With a known exercise, the exercise counts and the demonstration only adds similarity.
    explicit Analyzer(Exercise exercise, const AnalyzerOptions& options = {},
                      const Demonstration* demonstration = nullptr);
    ~Analyzer();
    Analyzer(Analyzer&&) noexcept;
    Analyzer& operator=(Analyzer&&) noexcept;

    // Processes the next frame and returns its events (usually none).
    std::vector<Event> Push(const Frame& frame);
    // The same, appending to `events` (no allocation when nothing happens).
    void Push(const Frame& frame, std::vector<Event>& events);

    // Ends the stream: a repetition counted but not yet ended is ended, a plank hold is closed. Returns the
    // summary; further Push() calls are allowed (the session goes on) and Finish() may be called again.
    Summary Finish();

    State Current() const;
    Exercise exercise() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace spotter::coaching
