// File: coaching/principal_signal.hpp
//
// Exercise-agnostic counting signal: the projection of a body feature vector on its first principal component,
// tracked online. The covariance is an exponential moving average (time constant tau_s) and the component is
// refined by one power-iteration step per frame, so the cost is O(dims^2) per frame and nothing is buffered. The
// component's sign is kept continuous from frame to frame.
//
// AutoFeatures() gives the vector used by `auto` mode: the nose and, for each left/right pair of shoulders,
// elbows, wrists, hips, knees and ankles, the pair's mean position and absolute left-right difference, relative to
// the hip centre, in torso lengths, in the image plane. The dominant movement of any exercise (arms for curls,
// legs and trunk for squats, everything for jumping jacks) dominates this vector's variance whatever the camera
// angle, and a movement alternating sides repeats once per repetition.
#pragma once

#include <array>
#include <span>

#include "coaching/pose_features.hpp"

namespace spotter::coaching {

inline constexpr int kMaxPrincipalDims = 32;
inline constexpr int kAutoDims = 26;

// Fills `out` with the auto-mode features of `view`; entries whose landmark is not visible enough are NaN.
void AutoFeatures(const PoseView& view, float min_visibility, std::array<float, kAutoDims>& out);

class PrincipalSignal {
public:
    // `dims` <= kMaxPrincipalDims. `initial` (optional, length dims) is the starting direction.
    PrincipalSignal(int dims, double tau_s, std::span<const float> initial = {});

    // Adds a feature vector (NaN entries keep their previous value) observed dt seconds after the previous one and
    // returns its projection on the current component.
    double Push(std::span<const float> x, double dt);

    // The projection of the last vector on the current component.
    double Project() const;

    std::span<const float> Direction() const { return {direction_.data(), static_cast<std::size_t>(dims_)}; }
    // Mean variance along the component relative to the total variance (0..1): how one-dimensional the motion is.
    double ExplainedShare() const;

private:
    int dims_;
    double tau_s_;
    bool started_ = false;
    double elapsed_ = 0.0;
    std::array<bool, kMaxPrincipalDims> seen_{};
    std::array<float, kMaxPrincipalDims> last_{};
    std::array<float, kMaxPrincipalDims> mean_{};
    std::array<float, kMaxPrincipalDims> direction_{};
    std::array<float, kMaxPrincipalDims * kMaxPrincipalDims> covariance_{};
};

}  // namespace spotter::coaching
