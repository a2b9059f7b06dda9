// File: coaching/landmarks.hpp
//
// The input of the coaching engine: one frame of MediaPipe Pose (BlazePose) output, i.e. a timestamp and the 33
// landmarks in MediaPipe order, or "no person". Coordinates may be normalised to the image (x by its width, y by
// its height, z in roughly the units of x, relative to the hips) or min-max normalised per frame and per axis;
// the engine accepts both without being told which.
#pragma once

#include <array>
#include <cstddef>

namespace spotter::coaching {

struct Landmark {
    float x = 0.0f;
    float y = 0.0f;
    float z = 0.0f;
    float visibility = 0.0f;  // 0..1; inputs without visibility should pass 1
};

inline constexpr std::size_t kLandmarkCount = 33;

struct Frame {
    double t = 0.0;           // seconds; should increase (the engine copes with repeats and small reversals)
    bool has_person = false;  // false: nothing detected in this frame (lm is ignored)
    std::array<Landmark, kLandmarkCount> lm{};
};

// MediaPipe Pose landmark indices.
namespace lm {
inline constexpr int kNose = 0;
inline constexpr int kLeftEyeInner = 1;
inline constexpr int kLeftEye = 2;
inline constexpr int kLeftEyeOuter = 3;
inline constexpr int kRightEyeInner = 4;
inline constexpr int kRightEye = 5;
inline constexpr int kRightEyeOuter = 6;
inline constexpr int kLeftEar = 7;
inline constexpr int kRightEar = 8;
inline constexpr int kMouthLeft = 9;
inline constexpr int kMouthRight = 10;
inline constexpr int kLeftShoulder = 11;
inline constexpr int kRightShoulder = 12;
inline constexpr int kLeftElbow = 13;
inline constexpr int kRightElbow = 14;
inline constexpr int kLeftWrist = 15;
inline constexpr int kRightWrist = 16;
inline constexpr int kLeftPinky = 17;
inline constexpr int kRightPinky = 18;
inline constexpr int kLeftIndex = 19;
inline constexpr int kRightIndex = 20;
inline constexpr int kLeftThumb = 21;
inline constexpr int kRightThumb = 22;
inline constexpr int kLeftHip = 23;
inline constexpr int kRightHip = 24;
inline constexpr int kLeftKnee = 25;
inline constexpr int kRightKnee = 26;
inline constexpr int kLeftAnkle = 27;
inline constexpr int kRightAnkle = 28;
inline constexpr int kLeftHeel = 29;
inline constexpr int kRightHeel = 30;
inline constexpr int kLeftFootIndex = 31;
inline constexpr int kRightFootIndex = 32;
}  // namespace lm

// The MediaPipe name of landmark `index` ("nose", "left_shoulder", ...), or "" when out of range.
const char* LandmarkName(int index);

// The landmark index of a MediaPipe name, or -1.
int LandmarkIndex(const char* name);

}  // namespace spotter::coaching
