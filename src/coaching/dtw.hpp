// File: coaching/dtw.hpp
//
// Dynamic time warping of multichannel trajectories (joint angles over time), used to compare a repetition with a
// demonstration. Trajectories are first resampled to a fixed number of samples (which removes speed), then
// aligned; the cost of a pair of samples is the weighted mean absolute difference over the channels present in
// both, and the result is divided by the warping path's length, so long and short movements compare alike.
#pragma once

#include <array>
#include <span>

#include "coaching/form_rules.hpp"

namespace spotter::coaching {

inline constexpr int kTemplateLength = 32;

// kTemplateLength samples x kJointCount channels, row-major; NaN = channel not seen.
using JointTrajectory = std::array<float, kTemplateLength * kJointCount>;

// Resamples the joints of `samples` (in time order) to kTemplateLength samples evenly spaced in time. Channels
// missing in a sample are interpolated from the nearest samples that have them.
JointTrajectory ResampleJoints(std::span<const RepSample> samples);

struct DtwResult {
    double distance = 0.0;                   // weighted mean absolute difference, degrees, per path step
    std::array<float, kJointCount> joint{};  // per-channel mean absolute difference along the path (NaN: unseen)
};

// Aligns the first `a_length` samples of `a` with the first `b_length` of `b` (both <= kTemplateLength) within a
// Sakoe-Chiba band of `band` samples around the diagonal. weights: one per channel (0 ignores a channel).
DtwResult CompareTrajectories(const JointTrajectory& a, int a_length, const JointTrajectory& b, int b_length,
                              std::span<const float, kJointCount> weights, int band = kTemplateLength / 4);

// `trajectory` with left and right joints swapped (a repetition done with the other arm or leg).
JointTrajectory Mirror(const JointTrajectory& trajectory);

}  // namespace spotter::coaching
