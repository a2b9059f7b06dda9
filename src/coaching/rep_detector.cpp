#include "coaching/rep_detector.hpp"

#include <algorithm>

namespace spotter::coaching {
namespace {
// The way back leaves the turning point when it is back by more than this share (its pace, which sets the wait
// after home, is measured from there or from its last stall).
constexpr double kNearTurn = 0.2;
// An unarmed low point is "settled" when the signal fell into it for this long, or stayed near it this long.
constexpr double kFallIntoLowS = 0.15;
constexpr double kStayAtLowS = 0.3;
// A rest low point older than this follows the signal while it stays near it.
constexpr double kRefreshLowS = 1.5;
// While settling, a lower point must undercut the current one by this share of h to move the end (noise at rest
// would otherwise keep postponing it).
constexpr double kNewLowShare = 0.1;
// A repetition's amplitude must exceed this many standard deviations of the smoothed signal's noise.
constexpr double kNoiseAmplitude = 8.0;
// The hysteresis is at least this many standard deviations of the smoothed signal's noise.
constexpr double kNoiseHysteresis = 4.0;
// A candidate updates the typical amplitude only when at least this share of it.
constexpr double kLearnShare = 0.5;
}  // namespace

RepDetector::RepDetector(const DetectorConfig& config) : config_(config) {}

double RepDetector::FallSpeed(double t, double value) {
    // Against the newest kept sample at least speed_window_s old (or the oldest one kept).
    double speed = 0.0;
    for (int k = 1; k <= history_count_; ++k) {
        const Sample& s = history_[(history_next_ - k + kHistory) % kHistory];
        if (t - s.t >= config_.speed_window_s || k == history_count_) {
            if (t > s.t) speed = (s.value - value) / (t - s.t);
            break;
        }
    }
    history_[history_next_] = {t, value};
    history_next_ = (history_next_ + 1) % kHistory;
    history_count_ = std::min(history_count_ + 1, kHistory);
    return speed;
}

double RepDetector::TypicalAmplitude() const {
    return candidate_count_ == 0 ? config_.prior_amplitude : typical_;
}

double RepDetector::Hysteresis(double noise_sigma) const {
    double reference = candidate_count_ > 0 ? TypicalAmplitude()
                                            : std::max(config_.min_amplitude, 0.5 * config_.prior_amplitude);
    return std::max(config_.hysteresis * reference, kNoiseHysteresis * noise_sigma);
}

double RepDetector::Progress(double value) const {
    double amplitude = std::max(TypicalAmplitude(), 1e-9);
    return std::clamp((value - rest_level_) / amplitude, 0.0, 1.0);
}

void RepDetector::AddCandidate(double amplitude) {
    candidates_[candidate_next_] = amplitude;
    candidate_next_ = (candidate_next_ + 1) % static_cast<int>(candidates_.size());
    candidate_count_ = std::min(candidate_count_ + 1, static_cast<int>(candidates_.size()));
    // Median by insertion sort (at most five values).
    std::array<double, 5> sorted = candidates_;
    for (int i = 1; i < candidate_count_; ++i) {
        for (int j = i; j > 0 && sorted[j] < sorted[j - 1]; --j) std::swap(sorted[j], sorted[j - 1]);
    }
    typical_ = sorted[candidate_count_ / 2];
}

void RepDetector::StartRep(const SignalMark& from, const SignalMark& now) {
    current_ = {};
    current_.start = from;
    current_.turn = now;
    rest_level_ = from.value;
    phase_ = DetectorPhase::kOutbound;
}

void RepDetector::Arm(const SignalMark& low) {
    low_ = low;
    has_low_ = true;
    rest_level_ = low.value;
    phase_ = DetectorPhase::kRest;
}

void RepDetector::LearnAmplitude() {
    // The smaller of the two swings: a repetition that started or ended lower than usual does not inflate it.
    double amplitude = last_.turn.value - std::max(last_.start.value, last_.end.value);
    // Only movements comparable to the typical one teach the typical amplitude, so a run of small wobbles cannot
    // drag it down until wobbles count.
    if (candidate_count_ == 0 || amplitude >= kLearnShare * TypicalAmplitude()) AddCandidate(amplitude);
}

void RepDetector::CountRep(const SignalMark& now, DetectorStep& step) {
    ++count_;
    current_.count = now;
    last_ = current_;
    home_ = false;
    phase_ = DetectorPhase::kSettling;  // low_ keeps the lowest point of the return
    step.counted = true;
}

void RepDetector::EndRep(DetectorStep& step) {
    last_.end = low_;
    step.ended = true;
    LearnAmplitude();
}

DetectorStep RepDetector::Reset() {
    DetectorStep step;
    if (phase_ == DetectorPhase::kReturn && home_) CountRep(current_.count, step);
    if (phase_ == DetectorPhase::kSettling) EndRep(step);
    phase_ = DetectorPhase::kUnarmed;
    has_low_ = false;
    home_ = false;
    return step;
}

DetectorStep RepDetector::Push(std::int64_t frame, double t, double value, double noise_sigma) {
    DetectorStep step;
    const SignalMark now{frame, t, value};
    const double h = Hysteresis(noise_sigma);
    const double speed = FallSpeed(t, value);

    switch (phase_) {
        case DetectorPhase::kUnarmed: {
            if (!has_low_) {
                low_ = now;
                unarmed_since_ = t;
                has_low_ = true;
                low_settled_ = false;
                break;
            }
            if (value < low_.value) low_ = now;
            if (t - low_.t > kRefreshLowS && value < low_.value + 0.5 * h) {
                // Resting near an old low point: it stays settled, at the current level.
                low_ = now;
                low_settled_ = true;
            }
            bool settled = low_settled_ || (low_.t - unarmed_since_) >= kFallIntoLowS || (t - low_.t) >= kStayAtLowS;
            if (value > low_.value + h) {
                if (settled) {
                    StartRep(low_, now);
                    step.started = true;
                } else {
                    // Rising from where we started watching: a repetition already in progress. Watch from here.
                    low_ = now;
                    unarmed_since_ = t;
                    low_settled_ = false;
                }
            }
            break;
        }
        case DetectorPhase::kRest:
            // Follow a rest level that drifts up slowly (the person shifts): refresh a low point that is old while
            // the signal stays near it.
            if (value < low_.value || (t - low_.t > kRefreshLowS && value < low_.value + 0.5 * h)) low_ = now;
            rest_level_ = low_.value;
            if (value > low_.value + h) {
                StartRep(low_, now);
                step.started = true;
            }
            break;
        case DetectorPhase::kOutbound:
            if (value > current_.turn.value) current_.turn = now;
            if (t - current_.start.t > config_.max_rep_s) {
                step.abandoned = true;
                home_ = false;
                Reset();
                break;
            }
            if (value < current_.turn.value - h) {
                double amplitude = current_.turn.value - current_.start.value;
                double floor = std::max(config_.min_amplitude, kNoiseAmplitude * noise_sigma);
                if (candidate_count_ > 0) floor = std::max(floor, config_.relative_amplitude * TypicalAmplitude());
                if (amplitude < floor) {
                    step.abandoned = true;
                    Arm(now);
                } else {
                    current_.amplitude = amplitude;
                    low_ = now;
                    peak_speed_ = std::max(speed, 0.0);
                    leave_turn_ = t;
                    stalled_ = false;
                    home_ = false;
                    phase_ = DetectorPhase::kReturn;
                    step.turned = true;
                }
            }
            break;
        case DetectorPhase::kReturn: {
            if (value > current_.turn.value) {
                // Back above the turning point: the turn was a wobble; keep going out.
                current_.turn = now;
                current_.back = {};
                home_ = false;
                phase_ = DetectorPhase::kOutbound;
                break;
            }
            // Once home, as while settling, only a clearly lower point moves the end (drift at rest would keep
            // postponing it).
            if (value < low_.value - (home_ ? kNewLowShare * h : 0.0)) low_ = now;
            peak_speed_ = std::max(peak_speed_, speed);
            if (t - current_.start.t > config_.max_rep_s) {
                step.abandoned = true;
                home_ = false;
                Reset();
                break;
            }
            // Shares of the way back: of the repetition's own amplitude, or of the typical one when that is
            // smaller (the repetition started from a lower point than usual, e.g. arms down before a press, and
            // will not come back there).
            // Before any repetition was seen the typical amplitude is only a guess: it may let a repetition that
            // stops short count, but home means back by home_return of the repetition's own amplitude.
            const double reference = std::max(std::min(current_.amplitude, TypicalAmplitude()), 1e-9);
            const double home_reference = candidate_count_ > 0 ? reference : std::max(current_.amplitude, 1e-9);
            const double back = (current_.turn.value - value) / reference;
            const double back_low = (current_.turn.value - low_.value) / reference;
            if (back >= kBackMarkShare && current_.back.frame < 0) current_.back = now;
            // Stalled: no longer coming back. Where a stall begins decides whether it is "home, a little short":
            // holding still half way, while the signal's slow re-centring drifts it down, never is.
            const bool stalled = speed <= config_.stop_speed * peak_speed_;
            if (stalled && !stalled_) stall_back_ = back;
            stalled_ = stalled;
            // The pace of the way back is measured from where it last left the turning point or a stall.
            if (back <= kNearTurn || (stalled && back < config_.stop_return)) leave_turn_ = t;
            if (!home_ && ((current_.turn.value - value) >= config_.home_return * home_reference ||
                           (stalled && stall_back_ >= config_.stop_return))) {
                home_ = true;
                current_.count = now;  // where it came home (the count itself may come a little later)
                home_due_ = t + std::min(config_.max_home_wait_s, config_.home_wait * (t - leave_turn_));
            }
            // Rising again from a low point well on the way back: the next repetition starts; this one is over.
            const bool next = back_low >= config_.stop_return && value > low_.value + h;
            if (t - current_.start.t < config_.min_rep_s) break;
            if (next) {
                CountRep(now, step);
                EndRep(step);
                StartRep(low_, now);
                step.started = true;
            } else if (home_ && t >= home_due_) {
                CountRep(now, step);
            }
            break;
        }
        case DetectorPhase::kSettling:
            // The low point may have settled before the count came (the person stopped, then the wait): the end
            // is fixed there, whatever the signal does next.
            if (t - low_.t >= config_.settle_s) {
                EndRep(step);
                Arm(low_);
                break;
            }
            if (value < low_.value - kNewLowShare * h) {
                low_ = now;
                break;
            }
            if (value > low_.value + h) {
                EndRep(step);
                StartRep(low_, now);
                step.started = true;
            }
            break;
    }
    return step;
}

}  // namespace spotter::coaching
