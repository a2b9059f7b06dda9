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

void Normalise(std::array<float, kMaxPrincipalDims>& v, int dims) {
    double norm = 0.0;
    for (int i = 0; i < dims; ++i) norm += double(v[i]) * v[i];
    norm = std::sqrt(norm);
    if (norm < 1e-12) return;
    for (int i = 0; i < dims; ++i) v[i] = static_cast<float>(v[i] / norm);
}

}  // namespace

void AutoFeatures(const PoseView& view, float min_visibility, std::array<float, kAutoDims>& out) {
    constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
    const Vec3 hips = Mid(view.p[lm::kLeftHip], view.p[lm::kRightHip]);
    const float scale = 1.0f / view.torso;
    auto visible = [&](int index) { return view.v[index] >= min_visibility; };
    out.fill(kNaN);
    if (visible(lm::kNose)) {
        out[0] = (view.p[lm::kNose].x - hips.x) * scale;
        out[1] = (view.p[lm::kNose].y - hips.y) * scale;
    }
    for (std::size_t i = 0; i < kAutoPairs.size(); ++i) {
        auto [l, r] = kAutoPairs[i];
        float* f = &out[2 + 4 * i];
        if (visible(l) && visible(r)) {
            f[0] = (0.5f * (view.p[l].x + view.p[r].x) - hips.x) * scale;
            f[1] = (0.5f * (view.p[l].y + view.p[r].y) - hips.y) * scale;
            f[2] = std::fabs(view.p[l].x - view.p[r].x) * scale;
            f[3] = std::fabs(view.p[l].y - view.p[r].y) * scale;
        } else if (visible(l) || visible(r)) {
            int k = visible(l) ? l : r;  // one side: its position stands for the mean
            f[0] = (view.p[k].x - hips.x) * scale;
            f[1] = (view.p[k].y - hips.y) * scale;
        }
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
    double sum = 0.0;
    for (int i = 0; i < dims_; ++i) sum += double(direction_[i]) * last_[i];
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
