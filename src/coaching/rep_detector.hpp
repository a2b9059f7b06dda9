// File: coaching/rep_detector.hpp
//
// RepDetector: turns one smoothed, oriented signal (low at the rest position, high at the turning point of a
// repetition) into repetitions, causally. It is a hysteresis state machine whose thresholds are shares of the
// amplitude it has observed, so it counts the same whether the signal swings by 1.0 (side view, image
// coordinates) or by 0.3 (a view that compresses the movement, min-max normalised input).
//
//   unarmed --(settled low point, then a rise of h)--> outbound --(fall of h from the peak)--> return
//   return --(home, then home_wait; or the next rep starts from well on the way back)--> settling [COUNT]
//   settling --(the signal stops falling for settle_s, or the next rep starts)--> rest / outbound [END]
//   rest --(rise of h above the lowest point)--> outbound
//
// h = max(hysteresis * reference amplitude, noise floor). Guards: a rep's amplitude must reach min_amplitude and a
// multiple of the noise and, once reps were seen, relative_amplitude of the typical amplitude (median of the last
// five repetitions' amplitudes); it must last min_rep_s from start to count; a rep still unfinished after
// max_rep_s is abandoned.
//
// The count comes when the person is back at the start position, not on the way there. Shares of the way back
// are of the smaller of the repetition's own and the typical amplitude, so a repetition that started from an
// unusually low point (arms down before the first press) still counts when it returns to the usual rest
// position. The repetition is "home" when it is back by home_return, or back by stop_return and no longer
// coming back (falling slower than stop_speed of the return's peak speed: the person stopped a little short of
// where they started, e.g. arms not fully straightened; where a stall begins decides, so holding still half way
// while the signal drifts never is). The count is then emitted home_wait x (time from leaving the turning point,
// or the last stall, to home) later, at most max_home_wait_s: the last part of a return barely moves the signal (a
// height changes with the cosine of a joint angle, so the last degrees of a knee or shoulder straightening
// hardly move the hips or the hands, and a lunge's step back does not bend the knees), and the wait, a share of
// the return's own pace, places the count where the body actually stops; each exercise sets it for its signal.
// A repetition that comes back by stop_return and rises again (the next one starts without a pause) is counted
// at once. A repetition held or abandoned halfway is never counted: it must come back. After Reset() (e.g. the
// person left the picture) the detector is unarmed again but keeps what it learned about the amplitude; it then
// waits for a settled low point so a half repetition in progress is not counted.
#pragma once

#include <array>
#include <cstdint>

namespace spotter::coaching {

struct DetectorConfig {
    double prior_amplitude = 0.7;     // expected amplitude before any repetition was seen, in signal units
    double min_amplitude = 0.14;      // absolute floor on a repetition's amplitude
    double relative_amplitude = 0.3;  // floor as a share of the typical amplitude, once candidates were seen
    double hysteresis = 0.2;          // share of the reference amplitude to leave rest and to confirm a turn
    double home_return = 0.9;         // "home": back by this share of the repetition's amplitude, ...
    double stop_return = 0.7;         // ... or back by this share and no longer coming back
    double stop_speed = 0.25;         // "no longer coming back": falling slower than this share of the peak speed
    double speed_window_s = 0.1;      // the falling speed is measured over this window
    // The count comes this share of the time from leaving the turning point (back by 20%) to home after home
    // (0.4 suits a signal that eases into the start position like a raised cosine: 20% back at 30% of its way
    // back, 90% at 80%) ...
    double home_wait = 0.4;
    double max_home_wait_s = 0.5;     // ... but at most this long after it
    double min_rep_s = 0.3;           // minimum time from start to count
    double max_rep_s = 15.0;          // an unfinished repetition older than this is abandoned
    double settle_s = 0.2;            // the end is fixed once the signal has not fallen for this long
};

enum class DetectorPhase { kUnarmed, kRest, kOutbound, kReturn, kSettling };

// A point of the signal: which sample, when, and its value.
struct SignalMark {
    std::int64_t frame = -1;
    double t = 0.0;
    double value = 0.0;
};

// What one sample changed. Several flags can be set at once (e.g. ended and started when reps run back to back).
struct DetectorStep {
    bool started = false;    // a repetition started at Current().start
    bool turned = false;     // its turning point was confirmed at Current().turn
    bool counted = false;    // it was counted now (it is back home); Last() holds it
    bool ended = false;      // the last counted repetition's end is now fixed; Last() holds it
    bool abandoned = false;  // the repetition in progress was dropped (too small or too long)
};

// Share of the way back at which RepMarks::back is taken.
inline constexpr double kBackMarkShare = 0.7;

struct RepMarks {
    SignalMark start, turn, count, end;  // count: where it came home until counted, then where it was counted
    SignalMark back;                     // the first point back by kBackMarkShare after the turn
    double amplitude = 0.0;
};

class RepDetector {
public:
    explicit RepDetector(const DetectorConfig& config = {});

    // Feeds the sample of `frame` at time `t` with smoothed value `value`; noise_sigma is the current estimate of
    // the signal's noise (0 if unknown), which sets a floor on the hysteresis.
    DetectorStep Push(std::int64_t frame, double t, double value, double noise_sigma);

    // Forgets the repetition in progress (the person left, or the signal changed meaning) and waits for a settled
    // low point again. The count and the learned amplitude are kept. A repetition already back home but not yet
    // counted is counted now (step.counted), and a counted repetition whose end was not yet fixed is ended at its
    // lowest point so far (step.ended; Last() holds it).
    DetectorStep Reset();

    DetectorPhase Phase() const { return phase_; }
    int Count() const { return count_; }
    const RepMarks& Current() const { return current_; }  // the repetition in progress
    const RepMarks& Last() const { return last_; }        // the last counted repetition
    double TypicalAmplitude() const;
    double RestLevel() const { return rest_level_; }
    // 0 at rest .. 1 at a typical turning point (clamped), for progress bars.
    double Progress(double value) const;

private:
    double Hysteresis(double noise_sigma) const;
    void AddCandidate(double amplitude);
    void LearnAmplitude();  // from the last repetition, once it ended
    void StartRep(const SignalMark& from, const SignalMark& now);
    void Arm(const SignalMark& low);
    void CountRep(const SignalMark& now, DetectorStep& step);
    void EndRep(DetectorStep& step);
    // Falling speed over the last speed_window_s (signal units per second; negative while rising).
    double FallSpeed(double t, double value);

    struct Sample {
        double t = 0.0, value = 0.0;
    };
    static constexpr int kHistory = 16;

    DetectorConfig config_;
    DetectorPhase phase_ = DetectorPhase::kUnarmed;
    int count_ = 0;
    RepMarks current_;
    RepMarks last_;
    SignalMark low_;              // unarmed / rest: lowest point so far; settling: lowest point after the count
    double unarmed_since_ = 0.0;  // when the unarmed low started being tracked
    bool has_low_ = false;
    bool low_settled_ = false;    // unarmed: the low point is known to be a rest position
    double rest_level_ = 0.0;
    std::array<double, 5> candidates_{};
    int candidate_count_ = 0;
    int candidate_next_ = 0;
    double typical_ = 0.0;  // median of the candidates
    std::array<Sample, kHistory> history_{};  // recent samples, for the falling speed
    int history_count_ = 0;
    int history_next_ = 0;
    double peak_speed_ = 0.0;  // return: the fastest fall so far
    double leave_turn_ = 0.0;  // return: the last time it was near the turning point or stalled short of home
    bool stalled_ = false;     // return: not coming back (slower than stop_speed of the peak speed) ...
    double stall_back_ = 0.0;  // ... since it was back by this share
    bool home_ = false;        // return: back home, the count is due at home_due_
    double home_due_ = 0.0;
};

}  // namespace spotter::coaching
