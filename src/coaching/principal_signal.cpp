#include "coaching/principal_signal.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace spotter::coaching {
namespace {

// Left/right pairs: the features are each pair's mean and absolute difference, so a movement done with the left
// and then the right side (alternating lunges or curls) repeats once per repetition, not once per two.
constexpr std::array<std::pair<int, int>, 6> kAutoPairs = {{{lm::kLeftShoulder, lm::kRightShoulder},
                                                           {lm::kLeftElbow, lm::kRightElbow},
                                                           {lm::kLeftWrist, lm::kRightWrist},
                                                           {lm::kLeftHip, lm::kRightHip},
                                                           {lm::kLeftKnee, lm::kRightKnee},
                                                           {lm::kLeftAnkle, lm::kRightAnkle}}};

// Joint angles (elbows, shoulders, hips, knees, image plane): scale-free and independent of where the origin is,
// they carry movements that barely move the limbs relative to the hips (push-ups, bench presses). One unit per
// 90 degrees, comparable with positions in torso lengths.
constexpr std::array<Ch, 4> kAutoAngles = {Ch::kElbow2L, Ch::kShoulder2L, Ch::kHip2L, Ch::kKnee2L};
constexpr float kAutoAngleScale = 1.0f / 90.0f;
static_assert(kAutoPositionDims == 2 + 4 * static_cast<int>(kAutoPairs.size()));
static_assert(kAutoDims == kAutoPositionDims + 2 * static_cast<int>(kAutoAngles.size()));

void Normalise(std::array<float, kMaxPrincipalDims>& v, int dims) {
    double norm = 0.0;
    for (int i = 0; i < dims; ++i) norm += double(v[i]) * v[i];
    norm = std::sqrt(norm);
    if (norm < 1e-12) return;
    for (int i = 0; i < dims; ++i) v[i] = static_cast<float>(v[i] / norm);
}

}  // namespace

void AutoFeatures::Build(const PoseView& view, const Channels& channels, float min_visibility, double dt,
                         std::array<float, kAutoDims>& out) {
    constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
    // The origin is the torso's centre: relative to the hips alone, a change of the hips' posture (sagging in a
    // push-up) would move every feature.
    const Vec3 centre = Mid(Mid(view.p[lm::kLeftHip], view.p[lm::kRightHip]),
                            Mid(view.p[lm::kLeftShoulder], view.p[lm::kRightShoulder]));
    const float scale = 1.0f / view.torso;
    auto visible = [&](int index) { return view.v[index] >= min_visibility; };
    // Mean and absolute difference of a pair whose sides are held for kAutoSideHoldS; one side alone stands for
    // the mean.
    auto combine = [&](std::array<Side, 2>& sides, bool two_axes, float* f) {
        const bool l = sides[0].age <= kAutoSideHoldS, r = sides[1].age <= kAutoSideHoldS;
        if (l && r) {
            f[0] = 0.5f * (sides[0].x + sides[1].x);
            f[two_axes ? 2 : 1] = std::fabs(sides[0].x - sides[1].x);
            if (two_axes) {
                f[1] = 0.5f * (sides[0].y + sides[1].y);
                f[3] = std::fabs(sides[0].y - sides[1].y);
            }
        } else if (l || r) {
            const Side& one = sides[l ? 0 : 1];
            f[0] = one.x;
            if (two_axes) f[1] = one.y;
        }
    };
    out.fill(kNaN);
    if (visible(lm::kNose)) {
        out[0] = (view.p[lm::kNose].x - centre.x) * scale;
        out[1] = (view.p[lm::kNose].y - centre.y) * scale;
    }
    for (std::size_t i = 0; i < kAutoPairs.size(); ++i) {
        const int landmarks[2] = {kAutoPairs[i].first, kAutoPairs[i].second};
        for (int k = 0; k < 2; ++k) {
            Side& side = positions_[i][k];
            side.age += dt;
            if (!visible(landmarks[k])) continue;
            side = {(view.p[landmarks[k]].x - centre.x) * scale, (view.p[landmarks[k]].y - centre.y) * scale, 0.0};
        }
        combine(positions_[i], true, &out[2 + 4 * i]);
    }
    for (std::size_t i = 0; i < kAutoAngles.size(); ++i) {
        const Ch sides[2] = {kAutoAngles[i], RightOf(kAutoAngles[i])};
        for (int k = 0; k < 2; ++k) {
            Side& side = angles_[i][k];
            side.age += dt;
            const float angle = channels[sides[k]];
            if (!std::isnan(angle)) side = {angle * kAutoAngleScale, 0.0f, 0.0};
        }
        combine(angles_[i], false, &out[kAutoPositionDims + 2 * i]);
    }
}

PrincipalSignal::PrincipalSignal(int dims, double tau_s, std::span<const float> initial)
    : dims_(std::clamp(dims, 1, kMaxPrincipalDims)), tau_s_(tau_s) {
    if (static_cast<int>(initial.size()) >= dims_) {
        std::copy_n(initial.begin(), dims_, direction_.begin());
    } else {
        direction_.fill(0.0f);
        direction_[0] = 1.0f;
    }
    Normalise(direction_, dims_);
}

double PrincipalSignal::Push(std::span<const float> x, double dt) {
    const int n = dims_;
    for (int i = 0; i < n && i < static_cast<int>(x.size()); ++i) {
        if (std::isnan(x[i])) continue;
        if (!seen_[i]) {
            // First sight of this feature: start it at its value, not with a jump from zero.
            seen_[i] = true;
            mean_[i] = x[i];
        }
        last_[i] = x[i];
    }
    if (!started_) {
        started_ = true;
        return Project();
    }
    // A cumulative average over the first tau_s seconds, then an exponential one: the component settles within the
    // first repetition instead of after several time constants.
    elapsed_ += std::max(dt, 0.0);
    const float alpha = static_cast<float>(std::clamp(dt / std::min(tau_s_, std::max(elapsed_, dt)), 1e-4, 0.5));
    std::array<float, kMaxPrincipalDims> d{};
    for (int i = 0; i < n; ++i) {
        mean_[i] += alpha * (last_[i] - mean_[i]);
        d[i] = last_[i] - mean_[i];
    }
    const float keep = 1.0f - alpha;
    for (int i = 0; i < n; ++i) {
        float* row = &covariance_[i * kMaxPrincipalDims];
        const float di = alpha * d[i];
        for (int j = 0; j < n; ++j) row[j] = keep * row[j] + di * d[j];
    }
    // One power-iteration step.
    std::array<float, kMaxPrincipalDims> next{};
    double dot = 0.0;
    for (int i = 0; i < n; ++i) {
        const float* row = &covariance_[i * kMaxPrincipalDims];
        float sum = 0.0f;
        for (int j = 0; j < n; ++j) sum += row[j] * direction_[j];
        next[i] = sum;
        dot += double(sum) * direction_[i];
    }
    double norm = 0.0;
    for (int i = 0; i < n; ++i) norm += double(next[i]) * next[i];
    if (norm > 1e-18) {
        float sign = dot >= 0.0 ? 1.0f : -1.0f;
        for (int i = 0; i < n; ++i) next[i] *= sign;
        Normalise(next, n);
        direction_ = next;
    }
    return Project();
}

double PrincipalSignal::Project() const {
    // Of the centred vector: while the component turns (it is learning), the projection of the mean, which can be
    // large (the ankles are two torso lengths below the hips), would otherwise swing with it.
    double sum = 0.0;
    for (int i = 0; i < dims_; ++i) sum += double(direction_[i]) * (last_[i] - mean_[i]);
    return sum;
}

double PrincipalSignal::ExplainedShare() const {
    double trace = 0.0, along = 0.0;
    for (int i = 0; i < dims_; ++i) {
        trace += covariance_[i * kMaxPrincipalDims + i];
        double row = 0.0;
        for (int j = 0; j < dims_; ++j) row += double(covariance_[i * kMaxPrincipalDims + j]) * direction_[j];
        along += row * direction_[i];
    }
    return trace > 1e-12 ? along / trace : 0.0;
}

}  // namespace spotter::coaching
