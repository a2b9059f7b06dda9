// File: coaching/pose_features.hpp
//
// Per-frame preprocessing: a frame's landmarks become a PoseView (positions with the image aspect ratio applied,
// visibility, torso length) and then a fixed set of scalar channels (joint angles, vertical shares, heights
// relative to the torso, ...). Every exercise, the form rules and the demonstration matcher read these channels.
//
// Channels are chosen to survive the input conditions the engine must accept:
//  - angles are scale-free, so body size and camera distance do not matter;
//  - "shares" and "heights" are ratios of differences along ONE image axis, so they are unchanged by per-frame
//    per-axis min-max normalisation and by an unknown image aspect ratio;
//  - a channel whose landmarks are not visible enough is NaN (not available) rather than a guess.
// AxisFree() tells which channels are such single-axis ratios.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "coaching/geometry.hpp"
#include "coaching/landmarks.hpp"

namespace spotter::coaching {

inline constexpr float kDefaultMinVisibility = 0.5f;

// A frame's landmarks ready for geometry. x (and z, which MediaPipe expresses in x units) are multiplied by the
// aspect ratio so that one unit is the same length on both image axes.
struct PoseView {
    std::array<Vec3, kLandmarkCount> p{};
    std::array<float, kLandmarkCount> v{};  // visibility in [0, 1]; 0 for non-finite input
    float torso = 0.0f;                     // shoulder-to-hip length in the image plane (> 0)
    float extent = 0.0f;                    // larger side of the body's bounding box (shoulders to ankles, > 0)
    // The frame looks min-max normalised per axis (x and y span exactly 0..1): the aspect ratio of the person is
    // lost and changes from frame to frame, so angles and lengths that mix axes are distorted.
    bool min_max = false;
};

// Fills `view` from `frame`. Returns false when the frame has no usable person: has_person is false, or the body
// landmarks are all invisible or all at the same point (an all-zero row).
bool MakePoseView(const Frame& frame, float aspect_ratio, PoseView& view);

// Channel identifiers. Per-side channels come as a Left/Right pair (Right = Left + 1).
enum class Ch : std::uint8_t {
    kElbow2L, kElbow2R,            // elbow angle shoulder-elbow-wrist, image plane, degrees
    kShoulder2L, kShoulder2R,      // arm-to-torso angle hip-shoulder-elbow, degrees
    kHip2L, kHip2R,                // hip angle shoulder-hip-knee, degrees
    kKnee2L, kKnee2R,              // knee angle hip-knee-ankle, degrees
    kElbow3L, kElbow3R,            // the same four angles with depth (z)
    kShoulder3L, kShoulder3R,
    kHip3L, kHip3R,
    kKnee3L, kKnee3R,
    kThighShareL, kThighShareR,    // (knee.y - hip.y) / (|knee.y - hip.y| + |ankle.y - knee.y|): 0.5 standing, 0 thigh level
    kUpperArmShareL, kUpperArmShareR,  // the same for shoulder-elbow-wrist
    kWristHeightL, kWristHeightR,  // (shoulder.y - wrist.y) / torso height; only when upright
    kWristOverElbowL, kWristOverElbowR,  // (elbow.y - wrist.y) / torso height; only when upright
    kShoulderOverWristL, kShoulderOverWristR,  // (wrist.y - shoulder.y) / torso length
    kKneeOverToeL, kKneeOverToeR,  // knee ahead of the toes along the foot's direction, / shin length
    kLeftLegForward,               // (left ankle - right ankle) along the facing direction / torso: > 0 left in front
    kHipHeight,                    // (ankle.y - hip.y) / (ankle.y - shoulder.y); only when upright
    kTorsoIncline,                 // (hip.y - shoulder.y) / torso length: 1 upright, 0 lying
    kNoseOverWrists,               // (wrist.y - nose.y) / torso height (upright) or length: > 0 nose above hands
    kAnkleSpread,                  // |ankle_l.x - ankle_r.x| / torso length
    kTorsoLean,                    // torso angle from vertical in the image plane, degrees, > 0 leaning forward
                                   // (towards where the person faces), < 0 leaning back
    kHipLineDeviation,             // hip distance from the shoulder-ankle line / that line's length, > 0 above it
    kKneeWidthRatio,               // knee distance / ankle distance (x); < 1 when knees cave in; front views only
    kFrontality,                   // shoulder width (x) / torso length: ~0.7 facing the camera, ~0 side-on
    kHipsY,                        // the hip centre's height in the picture (image y units, down is +): with a
    kShoulderY,                    // fixed camera it moves with squats, push-ups, pull-ups even when legs hide
    kCount,
};

inline constexpr int kChannelCount = static_cast<int>(Ch::kCount);

constexpr int Index(Ch channel) { return static_cast<int>(channel); }
constexpr Ch RightOf(Ch left) { return static_cast<Ch>(static_cast<int>(left) + 1); }

// Channel values of one frame; NaN means "not available in this frame".
struct Channels {
    std::array<float, kChannelCount> value{};
    float operator[](Ch channel) const { return value[Index(channel)]; }
    bool Has(Ch channel) const { return !std::isnan(value[Index(channel)]); }
};

// True for channels that are ratios along the image's y axis only (unchanged by min-max normalisation).
bool AxisFree(Ch channel);

// Computes every channel of `view`. A channel is available when all its landmarks have visibility >=
// min_visibility and its geometry is not degenerate.
void ComputeChannels(const PoseView& view, float min_visibility, Channels& out);

}  // namespace spotter::coaching
