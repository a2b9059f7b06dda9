#include "coaching/dtw.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace spotter::coaching {
namespace {
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The angle of `joint` at time `t` from the samples, interpolated between the nearest samples that have it.
float JointAt(std::span<const RepSample> samples, int joint, double t, std::size_t& cursor) {
    while (cursor + 1 < samples.size() && samples[cursor + 1].t <= t) ++cursor;
    // Nearest valid at or before, and at or after.
    int before = -1, after = -1;
    for (int i = static_cast<int>(cursor); i >= 0; --i) {
        if (!std::isnan(samples[i].joints[joint])) {
            before = i;
            break;
        }
    }
    for (std::size_t i = cursor + (samples[cursor].t < t ? 1 : 0); i < samples.size(); ++i) {
        if (!std::isnan(samples[i].joints[joint])) {
            after = static_cast<int>(i);
            break;
        }
    }
    if (before < 0 && after < 0) return kNaN;
    if (before < 0) return samples[after].joints[joint];
    if (after < 0 || after == before) return samples[before].joints[joint];
    double t0 = samples[before].t, t1 = samples[after].t;
    double w = t1 > t0 ? std::clamp((t - t0) / (t1 - t0), 0.0, 1.0) : 0.0;
    return static_cast<float>(samples[before].joints[joint] * (1 - w) + samples[after].joints[joint] * w);
}

}  // namespace

JointTrajectory ResampleJoints(std::span<const RepSample> samples) {
    JointTrajectory out;
    out.fill(kNaN);
    if (samples.empty()) return out;
    double t0 = samples.front().t, t1 = samples.back().t;
    for (int j = 0; j < kJointCount; ++j) {
        std::size_t cursor = 0;
        for (int k = 0; k < kTemplateLength; ++k) {
            double t = t0 + (t1 - t0) * k / (kTemplateLength - 1);
            out[k * kJointCount + j] = JointAt(samples, j, t, cursor);
        }
    }
    return out;
}

DtwResult CompareTrajectories(const JointTrajectory& a, int a_length, const JointTrajectory& b, int b_length,
                              std::span<const float, kJointCount> weights, int band) {
    DtwResult result;
    result.joint.fill(kNaN);
    const int n = std::clamp(a_length, 1, kTemplateLength);
    const int m = std::clamp(b_length, 1, kTemplateLength);
    // The band must at least reach the corner.
    band = std::max(band, std::abs(n - m) + 1);

    auto cost = [&](int i, int j) {
        double sum = 0.0, weight = 0.0;
        for (int c = 0; c < kJointCount; ++c) {
            float x = a[i * kJointCount + c], y = b[j * kJointCount + c];
            if (std::isnan(x) || std::isnan(y) || weights[c] <= 0.0f) continue;
            sum += weights[c] * std::fabs(x - y);
            weight += weights[c];
        }
        return weight > 0.0 ? sum / weight : 0.0;
    };

    std::array<double, (kTemplateLength + 1) * (kTemplateLength + 1)> d;
    d.fill(kInf);
    auto at = [&](int i, int j) -> double& { return d[i * (kTemplateLength + 1) + j]; };
    at(0, 0) = 0.0;
    for (int i = 1; i <= n; ++i) {
        // Position along the diagonal scaled to b's length.
        int centre = static_cast<int>(std::lround(double(i) * m / n));
        int lo = std::max(1, centre - band), hi = std::min(m, centre + band);
        for (int j = lo; j <= hi; ++j) {
            double best = std::min({at(i - 1, j - 1), at(i - 1, j), at(i, j - 1)});
            if (best < kInf) at(i, j) = best + cost(i - 1, j - 1);
        }
    }
    // Backtrack for the path length and per-joint differences.
    std::array<double, kJointCount> joint_sum{};
    std::array<int, kJointCount> joint_n{};
    int i = n, j = m, steps = 0;
    while (i > 0 && j > 0) {
        ++steps;
        for (int c = 0; c < kJointCount; ++c) {
            float x = a[(i - 1) * kJointCount + c], y = b[(j - 1) * kJointCount + c];
            if (std::isnan(x) || std::isnan(y)) continue;
            joint_sum[c] += std::fabs(x - y);
            ++joint_n[c];
        }
        double diag = at(i - 1, j - 1), up = at(i - 1, j), left = at(i, j - 1);
        if (diag <= up && diag <= left) {
            --i;
            --j;
        } else if (up <= left) {
            --i;
        } else {
            --j;
        }
    }
    double total = at(n, m);
    result.distance = steps > 0 && total < kInf ? total / steps : kInf;
    for (int c = 0; c < kJointCount; ++c) {
        if (joint_n[c] > 0) result.joint[c] = static_cast<float>(joint_sum[c] / joint_n[c]);
    }
    return result;
}

JointTrajectory Mirror(const JointTrajectory& trajectory) {
    JointTrajectory out = trajectory;
    for (int k = 0; k < kTemplateLength; ++k) {
        for (int pair = 0; pair < 4; ++pair) {
            std::swap(out[k * kJointCount + 2 * pair], out[k * kJointCount + 2 * pair + 1]);
        }
    }
    return out;
}

}  // namespace spotter::coaching
