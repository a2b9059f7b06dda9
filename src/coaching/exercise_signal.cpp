#include "coaching/exercise_signal.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace spotter::coaching {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
// Mean absolute deviation of a sinusoid of peak-to-peak amplitude 1 is 1/pi.
constexpr double kNominalDeviation = 0.318;
// Noise (in nominal units) below which a term counts as clean: its weight stops growing.
constexpr double kNoiseFloor = 0.03;
// Weight factor left to a term that moves against the others (not zero, so weights never all vanish).
constexpr double kMinAgreement = 0.02;
// Noise samples (|second difference|) are clipped at this multiple of the estimate: jumps are not noise.
constexpr double kNoiseClip = 4.0;
constexpr double kNoiseWarmUp = 1.0;  // seconds of learning before clipping starts

ExerciseProfile Make(Exercise exercise, double home_wait, std::initializer_list<SignalTerm> terms,
                     double min_rep_s = 0.4, double distorted_weight = 1.0) {
    ExerciseProfile profile;
    profile.exercise = exercise;
    profile.distorted_weight = distorted_weight;
    for (const SignalTerm& term : terms) profile.terms[profile.term_count++] = term;
    profile.detector.min_rep_s = min_rep_s;
    profile.detector.home_wait = home_wait;
    return profile;
}

// The second argument of Make is the home wait (DetectorConfig::home_wait), measured on the synthetic suite's dev
// split: the median, over repetitions, of the time the body still moves after the signal is home, as a share of
// the time from leaving the turning point to home.
std::array<ExerciseProfile, 10> BuildProfiles() {
    using C = Combine;
    return {
        Make(Exercise::kSquat, 0.58, {{Ch::kKnee2L, C::kMean, -1, 80, 1.0f},
                                {Ch::kKnee3L, C::kMean, -1, 80, 0.7f},
                                {Ch::kHip2L, C::kMean, -1, 80, 0.7f},
                                {Ch::kThighShareL, C::kMean, -1, 0.45f, 1.5f},
                                {Ch::kHipHeight, C::kSingle, -1, 0.15f, 1.0f},
                                {Ch::kHipsY, C::kSingle, 1, 0.1f, 0.7f}}),
        Make(Exercise::kPushUp, 0.23, {{Ch::kElbow2L, C::kMean, -1, 80, 1.0f},
                                 {Ch::kElbow3L, C::kMean, -1, 80, 0.7f},
                                 {Ch::kUpperArmShareL, C::kMean, -1, 0.45f, 1.2f},
                                 {Ch::kShoulderOverWristL, C::kMean, -1, 0.7f, 1.2f},
                                 {Ch::kShoulderY, C::kSingle, 1, 0.1f, 0.7f}}),
        // Both knees bend in a lunge, but only the stepping leg does while stepping: the mean keeps the step small.
        Make(Exercise::kLunge, 1.1, {{Ch::kKnee2L, C::kMean, -1, 80, 1.0f},
                                {Ch::kKnee3L, C::kMean, -1, 80, 0.7f},
                                {Ch::kThighShareL, C::kMean, -1, 0.45f, 1.2f},
                                {Ch::kHipHeight, C::kSingle, -1, 0.15f, 1.0f},
                                {Ch::kHipsY, C::kSingle, 1, 0.1f, 0.7f}},
             0.5, 0.1),
        Make(Exercise::kSitUp, 0.26, {{Ch::kHip2L, C::kMean, -1, 70, 1.0f},
                                {Ch::kHip3L, C::kMean, -1, 70, 0.7f},
                                {Ch::kTorsoIncline, C::kSingle, 1, 0.8f, 1.2f},
                                {Ch::kShoulderY, C::kSingle, -1, 0.1f, 0.7f}},
             0.5),
        Make(Exercise::kJumpingJack, 0.03, {{Ch::kShoulder2L, C::kMean, 1, 140, 1.0f},
                                      {Ch::kShoulder3L, C::kMean, 1, 140, 0.7f},
                                      {Ch::kWristHeightL, C::kMean, 1, 2.0f, 1.2f},
                                      {Ch::kAnkleSpread, C::kSingle, 1, 0.6f, 0.5f}},
             0.25),
        Make(Exercise::kPullUp, 0.28, {{Ch::kElbow2L, C::kMean, -1, 100, 1.0f},
                                 {Ch::kElbow3L, C::kMean, -1, 100, 0.7f},
                                 {Ch::kNoseOverWrists, C::kSingle, 1, 1.2f, 1.2f},
                                 {Ch::kUpperArmShareL, C::kMean, 1, 0.6f, 0.8f},
                                 {Ch::kShoulderY, C::kSingle, -1, 0.1f, 0.7f}},
             0.5),
        Make(Exercise::kBenchPress, 0.22, {{Ch::kElbow2L, C::kMean, -1, 90, 1.0f},
                                     {Ch::kElbow3L, C::kMean, -1, 90, 0.7f},
                                     {Ch::kShoulderOverWristL, C::kMean, 1, 0.8f, 1.2f},
                                     {Ch::kUpperArmShareL, C::kMean, 1, 0.5f, 1.0f}},
             0.4, 0.1),
        Make(Exercise::kFrontRaise, 0.57, {{Ch::kShoulder2L, C::kFurthest, 1, 80, 1.0f},
                                     {Ch::kShoulder3L, C::kFurthest, 1, 80, 0.7f},
                                     {Ch::kWristHeightL, C::kFurthest, 1, 1.0f, 1.3f}},
             0.4, 0.1),
        Make(Exercise::kShoulderPress, 0.27, {{Ch::kElbow2L, C::kMean, 1, 90, 1.0f},
                                        {Ch::kElbow3L, C::kMean, 1, 90, 0.7f},
                                        {Ch::kWristHeightL, C::kMean, 1, 0.9f, 1.3f},
                                        {Ch::kShoulder2L, C::kMean, 1, 80, 0.7f}}),
        Make(Exercise::kBicepsCurl, 0.44, {{Ch::kElbow2L, C::kFurthest, -1, 110, 1.0f},
                                     {Ch::kElbow3L, C::kFurthest, -1, 110, 0.7f},
                                     {Ch::kWristOverElbowL, C::kFurthest, 1, 1.3f, 1.3f}},
             0.4, 0.1),
    };
}

}  // namespace

const ExerciseProfile& ProfileOf(Exercise exercise) {
    static const std::array<ExerciseProfile, 10> kProfiles = BuildProfiles();
    for (const ExerciseProfile& profile : kProfiles) {
        if (profile.exercise == exercise) return profile;
    }
    throw std::invalid_argument("no counting profile for this exercise");
}

float TermValue(const SignalTerm& term, const Channels& channels) {
    if (term.combine == Combine::kSingle) return channels[term.left];
    float l = channels[term.left];
    float r = channels[RightOf(term.left)];
    bool has_l = !std::isnan(l), has_r = !std::isnan(r);
    if (has_l && has_r) {
        if (term.combine == Combine::kMean) return 0.5f * (l + r);
        return term.polarity * l >= term.polarity * r ? l : r;
    }
    if (has_l) return l;
    if (has_r) return r;
    return kNaN;
}

ExerciseSignal::ExerciseSignal(const ExerciseProfile& profile) : profile_(profile) {}

float ExerciseSignal::HeldValue(const SignalTerm& term, TermState& state, const Channels& channels, double dt) {
    if (term.combine == Combine::kSingle) return channels[term.left];
    const Ch sides[2] = {term.left, RightOf(term.left)};
    for (int k = 0; k < 2; ++k) {
        float v = channels[sides[k]];
        if (std::isnan(v)) {
            state.side_age[k] += dt;
        } else {
            state.side_value[k] = v;
            state.side_age[k] = 0.0;
        }
    }
    bool l = state.side_age[0] <= kSideHoldS, r = state.side_age[1] <= kSideHoldS;
    if (l && r) {
        float a = state.side_value[0], b = state.side_value[1];
        if (term.combine == Combine::kMean) return 0.5f * (a + b);
        return term.polarity * a >= term.polarity * b ? a : b;
    }
    if (l) return state.side_value[0];
    if (r) return state.side_value[1];
    return kNaN;
}

double ExerciseSignal::Push(const Channels& channels, double dt, bool distorted) {
    const int n = profile_.term_count;
    for (int i = 0; i < n; ++i) {
        const SignalTerm& term = profile_.terms[i];
        TermState& state = state_[i];
        float value = HeldValue(term, state, channels, dt);
        if (std::isnan(value)) {
            state.age += dt;
            continue;
        }
        state.age = 0.0;
        float g = term.polarity * value / term.nominal;
        if (!state.seen) {
            state.seen = true;
            state.centre.Set(g);
            state.deviation.Set(kNominalDeviation * 0.5);
            state.noise.Set(2.0 * kNoiseFloor);
            state.cross.Set(1.0);
            state.own.Set(1.0);
            state.others.Set(1.0);
        }
        if (state.history >= 2) {
            double second = std::fabs(g - 2.0f * state.previous[1] + state.previous[0]);
            state.noise_elapsed += dt;
            if (state.noise_elapsed > kNoiseWarmUp) second = std::min(second, kNoiseClip * state.noise.Value());
            state.noise.Update(second, dt);
        }
        state.previous[0] = state.previous[1];
        state.previous[1] = g;
        state.history = std::min(state.history + 1, 2);
        state.last = g;
        double centre = state.centre.Update(g, dt);
        double smooth = state.smooth.Update(g, dt);
        state.deviation.Update(std::fabs(smooth - centre), dt);
    }
    // Correlation of each term with the weighted mean of the others (smoothed values, last frame's weights).
    double total = 0.0, total_weight = 0.0;
    std::array<double, kMaxTerms> centred{};
    for (int i = 0; i < n; ++i) {
        if (!state_[i].seen) continue;
        centred[i] = state_[i].smooth.Value() - state_[i].centre.Value();
        total += weight_[i] * centred[i];
        total_weight += weight_[i];
    }
    for (int i = 0; i < n; ++i) {
        TermState& state = state_[i];
        if (!state.seen || total_weight - weight_[i] <= 1e-12) continue;
        double rest = (total - weight_[i] * centred[i]) / (total_weight - weight_[i]);
        // Units: nominal amplitudes; the products are small, so the EMAs start at 1 (assume agreement).
        state.cross.Update(centred[i] * rest / (kNominalDeviation * kNominalDeviation), dt);
        state.own.Update(centred[i] * centred[i] / (kNominalDeviation * kNominalDeviation), dt);
        state.others.Update(rest * rest / (kNominalDeviation * kNominalDeviation), dt);
    }
    double sum = 0.0, weights = 0.0;
    for (int i = 0; i < n; ++i) {
        const TermState& state = state_[i];
        weight_[i] = 0.0;
        if (!state.seen) continue;
        double w = Weight(i);
        if (distorted && !AxisFree(profile_.terms[i].left)) w *= profile_.distorted_weight;
        if (state.age > 0.0) w *= std::exp(-state.age / kStaleTau);
        weight_[i] = w;
        sum += w * (state.last - state.centre.Value());
        weights += w;
    }
    if (weights <= 0.0) return std::numeric_limits<double>::quiet_NaN();
    return sum / weights;
}

double ExerciseSignal::Weight(int term) const {
    const TermState& state = state_[term];
    // Mean |second difference| of white noise is about 2 sigma.
    double noise = std::max(kNoiseFloor, 0.5 * state.noise.Value());
    double movement = std::clamp(state.deviation.Value() / kNominalDeviation, 0.05, 2.0);
    double agreement = 1.0;
    if (profile_.term_count > 1) {
        double denominator = std::sqrt(state.own.Value() * state.others.Value());
        agreement = denominator > 1e-12 ? std::clamp(state.cross.Value() / denominator, kMinAgreement, 1.0) : 1.0;
    }
    return profile_.terms[term].weight * movement * agreement * (kNoiseFloor * kNoiseFloor) / (noise * noise);
}

std::array<float, kMaxTerms> ExerciseSignal::Weights() const {
    std::array<float, kMaxTerms> w{};
    float total = 0.0f;
    for (int i = 0; i < profile_.term_count; ++i) {
        w[i] = static_cast<float>(weight_[i]);
        total += w[i];
    }
    if (total > 0.0f) {
        for (float& x : w) x /= total;
    }
    return w;
}

}  // namespace spotter::coaching
