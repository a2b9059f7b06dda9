// File: coaching/rep_detector.hpp
//
// RepDetector: turns one smoothed, oriented signal (low at the rest position, high at the turning point of a
// repetition) into repetitions, causally. It is a hysteresis state machine whose thresholds are shares of the
// amplitude it has observed, so it counts the same whether the signal swings by 1.0 (side view, image
// coordinates) or by 0.3 (a view that compresses the movement, min-max normalised input).
//
//   unarmed --(settled low point, then a rise of h)--> outbound --(fall of h from the peak)--> return
//   return --(back by count_return of the rep's amplitude)--> settling [COUNT]
//   settling --(the signal stops falling for settle_s, or the next rep starts)--> rest / outbound [END]
//   rest --(rise of h above the lowest point)--> outbound
//
// h = max(hysteresis * reference amplitude, noise floor). Guards: a rep's amplitude must reach min_amplitude and a
// multiple of the noise and, once reps were seen, relative_amplitude of the typical amplitude (median of the last
// five repetitions' amplitudes); it must last min_rep_s from start to count; a rep still unfinished after
// max_rep_s is abandoned. The count comes when the signal is back by count_return of the smaller of the
// repetition's own and the typical amplitude, so a repetition that started from an unusually low point (arms
// down before the first press) still counts when it returns to the usual rest position. After Reset() (e.g. the
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
    double count_return = 0.7;        // count when back by this share of the repetition's amplitude
    double min_rep_s = 0.3;           // minimum time from start to count
    double max_rep_s = 15.0;          // an unfinished repetition older than this is abandoned
    double settle_s = 0.25;           // the end is fixed once the signal has not fallen for this long
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
    bool counted = false;    // it was counted now; Last() holds it
    bool ended = false;      // the last counted repetition's end is now fixed; Last() holds it
    bool abandoned = false;  // the repetition in progress was dropped (too small or too long)
};

struct RepMarks {
    SignalMark start, turn, count, end;
    double amplitude = 0.0;
};

class RepDetector {
public:
    explicit RepDetector(const DetectorConfig& config = {});

    // Feeds the sample of `frame` at time `t` with smoothed value `value`; noise_sigma is the current estimate of
    // the signal's noise (0 if unknown), which sets a floor on the hysteresis.
    DetectorStep Push(std::int64_t frame, double t, double value, double noise_sigma);

    // Forgets the repetition in progress (the person left, or the signal changed meaning) and waits for a settled
    // low point again. The count and the learned amplitude are kept. A counted repetition whose end was not yet
    // fixed is ended at its lowest point so far (returns true then; Last() holds it).
    bool Reset();

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
};

}  // namespace spotter::coaching
