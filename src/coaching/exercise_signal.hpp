// File: coaching/exercise_signal.hpp
//
// The counting signal of a known exercise. Each exercise has a profile: a few terms (channels with a polarity and
// a nominal amplitude, e.g. "knee angle, decreasing, about 80 degrees per rep") that all rise from the rest
// position to the turning point. A term's left/right values are averaged (visibility decides which exist) or,
// for movements done one side at a time (curl, front raise), the side furthest into the movement is used.
//
// The fused signal is a weighted mean of the terms, each centred on its slow running mean and expressed in units
// of its nominal amplitude. The weights adapt to what each term carries in this view: weight ~ prior * movement /
// noise^2, the maximum-SNR combination of noisy copies of one movement, where movement is the mean absolute
// deviation of the lightly smoothed term over a few seconds and noise comes from its second differences. From the
// front a squat barely changes the knee angle in the image but the thigh's vertical share still swings fully, so
// the latter takes over; a depth-based angle with noisy z is trusted less. A term that moves against the others in
// this view (seen from high in front, the hips rise in the image as a squat goes down) is dropped: each weight is
// also scaled by the term's correlation with the mean of the other terms, clamped at zero. A term that is not available in a
// frame keeps its last value (short occlusions do not create movement) while its weight fades with kStaleTau, so
// the terms still seen carry the signal through a long occlusion (legs hidden: the hips' height); so does each side of a two-sided term for
// up to kSideHoldS, so a far-side landmark whose visibility flickers around the threshold does not make the term
// jump between "left only" and "mean of both".
#pragma once

#include <array>

#include "coaching/exercise.hpp"
#include "coaching/filters.hpp"
#include "coaching/pose_features.hpp"
#include "coaching/rep_detector.hpp"

namespace spotter::coaching {

enum class Combine {
    kMean,     // visibility-available mean of the left and right channel
    kFurthest, // the side with the larger polarity * value (one side at a time movements)
    kSingle,   // `left` is a side-less channel
};

struct SignalTerm {
    Ch left = Ch::kCount;
    Combine combine = Combine::kMean;
    float polarity = 1.0f;  // +1: the value rises towards the turning point, -1: it falls
    float nominal = 1.0f;   // a typical repetition's amplitude of this channel, in its units
    float weight = 1.0f;    // prior weight
};

inline constexpr int kMaxTerms = 6;
inline constexpr double kSideHoldS = 0.6;
inline constexpr double kStaleTau = 0.3;  // a term not seen for a while fades out of the mix (time constant, s)

struct ExerciseProfile {
    Exercise exercise = Exercise::kAuto;
    std::array<SignalTerm, kMaxTerms> terms{};
    int term_count = 0;
    // detector.home_wait: how long after the signal is home the body really stops, as a share of the way back's
    // duration; larger for signals that flatten near the start position (heights of limbs rotating from hanging
    // or standing, a lunge's step back), near zero for angles that move until the end.
    DetectorConfig detector;
    double min_cutoff_hz = 1.2;  // 1-euro smoothing of the fused signal
    double beta = 0.6;
    // Weight factor of terms that mix image axes when the input is min-max normalised. Standing exercises (a
    // narrow body stretched sideways) need single-axis terms; lying ones keep their angles.
    double distorted_weight = 1.0;
};

// The profile of a counted exercise. Must not be called with kPlank or kAuto.
const ExerciseProfile& ProfileOf(Exercise exercise);

// The value of `term` in `channels`, or NaN when not available.
float TermValue(const SignalTerm& term, const Channels& channels);

class ExerciseSignal {
public:
    explicit ExerciseSignal(const ExerciseProfile& profile);

    // The fused signal for this frame, or NaN while no term has ever been available. dt in seconds. When
    // `distorted` (min-max normalised input), terms that mix image axes weigh the profile's distorted_weight.
    double Push(const Channels& channels, double dt, bool distorted = false);

    // The current weight of each term (normalised to sum 1), for diagnostics.
    std::array<float, kMaxTerms> Weights() const;

private:
    struct TermState {
        float side_value[2] = {0.0f, 0.0f};
        double side_age[2] = {1e9, 1e9};  // seconds since the side was last available
        bool seen = false;
        float last = 0.0f;  // polarity * value / nominal
        double age = 0.0;   // seconds since the term was last available
        float previous[2] = {0.0f, 0.0f};
        int history = 0;
        TimeEma centre{20.0};
        TimeEma smooth{0.12};
        TimeEma deviation{5.0};
        TimeEma noise{3.0};  // mean |second difference|
        double noise_elapsed = 0.0;
        TimeEma cross{4.0}, own{4.0}, others{4.0};  // correlation with the other terms' mean
    };
    double Weight(int term) const;
    float HeldValue(const SignalTerm& term, TermState& state, const Channels& channels, double dt);
    const ExerciseProfile& profile_;
    std::array<TermState, kMaxTerms> state_{};
    std::array<double, kMaxTerms> weight_{};  // last weights (correlation included)
};

}  // namespace spotter::coaching
