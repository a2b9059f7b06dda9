// File: tests/coaching/synthetic_body.hpp
//
// The kinematic stick figure behind the synthetic sequences: body proportions and, per exercise, the 3-D
// position of the 33 MediaPipe landmarks at a phase u (0 = rest position, 1 = turning point), with planted form
// errors. World frame: metres, y up, the floor at y = 0, the person facing +z (their left towards +x).
#pragma once

#include <array>
#include <random>
#include <vector>

#include "coaching/exercise.hpp"
#include "coaching/landmarks.hpp"

namespace spotter::coaching::synthetic {

struct V3 {
    double x = 0.0, y = 0.0, z = 0.0;
};

inline V3 operator+(V3 a, V3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
inline V3 operator-(V3 a, V3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
inline V3 operator*(V3 a, double s) { return {a.x * s, a.y * s, a.z * s}; }
double Dot(V3 a, V3 b);
V3 Cross(V3 a, V3 b);
double Length(V3 a);
V3 Unit(V3 a);

using World = std::array<V3, kLandmarkCount>;

struct Body {
    double height = 1.75;
    double torso = 0.52;       // hip centre to shoulder centre
    double shoulder_width = 0.36;
    double hip_width = 0.22;
    double upper_arm = 0.30;
    double forearm = 0.26;
    double thigh = 0.43;
    double shin = 0.43;
    double neck = 0.10;
};

// A random adult body (height 1.55-1.95 m, proportions varying a few percent).
Body RandomBody(std::mt19937_64& rng);

// Per-sequence style: small differences in how a person does the exercise.
struct Style {
    double depth = 1.0;     // range of motion multiplier (0.92-1.05)
    double lean = 0.0;      // extra trunk lean, degrees
    double stance = 1.0;    // stance width multiplier
    double arm_bend = 8.0;  // resting elbow bend, degrees
};

Style RandomStyle(std::mt19937_64& rng);

// The form errors active in one repetition, at `level` (1 = fully present; less while a person settles into or
// out of an error that also changes the rest position, e.g. arms not straightened between pull-ups).
struct Errors {
    std::vector<FlagId> ids;
    double level = 1.0;
    bool Has(FlagId id) const;
    double Amount(FlagId id) const { return Has(id) ? level : 0.0; }
};

// The landmarks of `exercise` at phase u. `side` picks the working side for one-side-at-a-time movements
// (0 = left, 1 = right, -1 = both). Plank: u is unused (the hold position); errors kHipsHigh / kHipsSagging.
World Pose(Exercise exercise, const Body& body, const Style& style, double u, int side, const Errors& errors);

// Standing relaxed (for walking in and out and the plank's start), with a walking cycle when walk_phase >= 0.
World Standing(const Body& body, double walk_phase);

// Linear blend of two poses (transitions such as getting down into a plank).
World Blend(const World& a, const World& b, double w);

}  // namespace spotter::coaching::synthetic
