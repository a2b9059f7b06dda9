// File: coaching/principal_signal.hpp
//
// Exercise-agnostic counting signal: the projection of a body feature vector on its first principal component,
// tracked online. The covariance is an exponential moving average (time constant tau_s) and the component is
// refined by one power-iteration step per frame, so the cost is O(dims^2) per frame and nothing is buffered. The
// component's sign is kept continuous from frame to frame.
//
// AutoFeatures gives the vector used by `auto` mode: the nose and, for each left/right pair of shoulders, elbows,
// wrists, hips, knees and ankles, the pair's mean position and absolute left-right difference, relative to the
// torso's centre, in torso lengths, in the image plane; and the same mean and difference of the elbow, shoulder,
// hip and knee angles. The dominant movement of any exercise (arms for curls, legs and trunk for squats,
// everything for jumping jacks, the elbows for push-ups and bench presses, which barely move the limbs relative
// to the torso) dominates this vector's variance whatever the camera angle, and a movement alternating sides
// repeats once per repetition. The projection is of the centred vector, so it does not swing while the component
// is still turning towards the movement.
#pragma once

#include <array>
#include <span>

#include "coaching/pose_features.hpp"

namespace spotter::coaching {

inline constexpr int kMaxPrincipalDims = 40;
inline constexpr int kAutoPositionDims = 26;  // the nose and six pairs, in torso lengths from the torso's centre
inline constexpr int kAutoDims = kAutoPositionDims + 8;  // and four joint angles' pairs, one unit per 90 degrees
inline constexpr double kAutoSideHoldS = 0.6;

// The auto-mode feature vector, frame by frame. A side of a left/right pair that is not visible enough keeps its
// last value for kAutoSideHoldS, so a far-side landmark whose visibility flickers does not make the pair's mean
// jump between "both sides" and "one side"; entries never seen, or unseen for longer, are NaN.
class AutoFeatures {
public:
    void Build(const PoseView& view, const Channels& channels, float min_visibility, double dt,
               std::array<float, kAutoDims>& out);

private:
    struct Side {
        float x = 0.0f, y = 0.0f;
        double age = 1e9;  // seconds since it was last visible
    };
    std::array<std::array<Side, 2>, 6> positions_{};  // hip-relative, per landmark pair
    std::array<std::array<Side, 2>, 4> angles_{};     // x holds the angle
};

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
