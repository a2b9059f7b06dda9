// File: coaching/geometry.hpp
//
// Small vector helpers for landmark geometry. Everything is inline: these run dozens of times per frame.
#pragma once

#include <algorithm>
#include <cmath>

namespace spotter::coaching {

inline constexpr float kPi = 3.14159265358979f;
inline constexpr float kRadToDeg = 180.0f / kPi;

struct Vec3 {
    float x = 0.0f;
    float y = 0.0f;
    float z = 0.0f;
};

inline Vec3 operator+(Vec3 a, Vec3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
inline Vec3 operator-(Vec3 a, Vec3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
inline Vec3 operator*(Vec3 a, float s) { return {a.x * s, a.y * s, a.z * s}; }
inline Vec3 Mid(Vec3 a, Vec3 b) { return {(a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f, (a.z + b.z) * 0.5f}; }
inline float Dot2(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y; }
inline float Dot3(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
inline float Norm2(Vec3 a) { return std::sqrt(Dot2(a, a)); }
inline float Norm3(Vec3 a) { return std::sqrt(Dot3(a, a)); }
inline float Dist2(Vec3 a, Vec3 b) { return Norm2(a - b); }

// The angle at `b` between b->a and b->c, in degrees (0..180), in the image plane (2) or with depth (3).
// Degenerate (zero-length) segments give 180, i.e. "straight", the least alarming value.
inline float AngleFromCos(float dot, float norms) {
    if (!(norms > 1e-12f)) return 180.0f;
    return std::acos(std::clamp(dot / norms, -1.0f, 1.0f)) * kRadToDeg;
}
inline float Angle2(Vec3 a, Vec3 b, Vec3 c) {
    Vec3 u = a - b;
    Vec3 v = c - b;
    return AngleFromCos(Dot2(u, v), std::sqrt(Dot2(u, u) * Dot2(v, v)));
}
inline float Angle3(Vec3 a, Vec3 b, Vec3 c) {
    Vec3 u = a - b;
    Vec3 v = c - b;
    return AngleFromCos(Dot3(u, v), std::sqrt(Dot3(u, u) * Dot3(v, v)));
}

// Signed share of a vertical extent: dy1 / (|dy1| + |dy2|), in [-1, 1]. A ratio of differences along one axis, so
// it is unchanged by per-frame per-axis min-max normalisation and by the image aspect ratio.
inline float VerticalShare(float dy1, float dy2) {
    float denominator = std::fabs(dy1) + std::fabs(dy2);
    return denominator > 1e-9f ? dy1 / denominator : 0.0f;
}

}  // namespace spotter::coaching
