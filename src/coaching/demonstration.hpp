// File: coaching/demonstration.hpp
//
// What the engine learns from a trainer's demonstration: what one repetition looks like. LearnDemonstration runs
// the counter over the demonstration (the exercise's own signal when the exercise is known, the `auto` signal
// otherwise), keeps the most typical repetition (the medoid under DTW) as a template of joint-angle
// trajectories, and the direction in joint-angle space along which repetitions move (the first principal
// component of the joint angles during the repetitions).
//
// With a demonstration, an Analyzer reports each repetition's similarity to the template and, in `auto` mode,
// counts by the demonstration: its signal is the joint angles projected on the learned direction, and a candidate
// repetition counts only if it matches the template's first part.
//
// A Demonstration is a plain value; ToVector()/FromVector() and ToText()/FromText() store it (the server keeps
// the vector in JSON). Missing angles are stored as kMissingAngle so the vector is valid JSON.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "coaching/dtw.hpp"
#include "coaching/exercise.hpp"
#include "coaching/landmarks.hpp"

namespace spotter::coaching {

struct AnalyzerOptions;

inline constexpr float kMissingAngle = -999.0f;
inline constexpr int kDemonstrationFormat = 1;

struct Demonstration {
    Exercise exercise = Exercise::kAuto;
    int reps = 0;                                // repetitions found in the demonstration
    float rep_seconds = 0.0f;                    // median repetition duration
    float amplitude = 0.0f;                      // typical repetition amplitude along `direction`
    int count_index = kTemplateLength - 1;       // end of the part a candidate must match (back by 70%)
    std::array<float, kJointCount> direction{};  // unit vector on joint angles / 90 degrees
    std::array<float, kJointCount> weight{};     // per-joint weight in the similarity (0: never seen)
    JointTrajectory trajectory{};                // the template repetition, degrees, NaN = not seen

    // A flat vector: [format, exercise, reps, rep_seconds, amplitude, count_index, direction..., weight...,
    // trajectory...]; NaN is written as kMissingAngle.
    std::vector<float> ToVector() const;
    // Nullopt when `values` is not a vector written by ToVector() (wrong size, format or values).
    static std::optional<Demonstration> FromVector(std::span<const float> values);

    // The same as a line of space-separated numbers.
    std::string ToText() const;
    static std::optional<Demonstration> FromText(std::string_view text);
};

struct LearnResult {
    std::optional<Demonstration> demonstration;
    std::string error;  // why nothing was learned (e.g. "no repetition found in the demonstration")
};

// Learns a demonstration from a landmark track. `exercise` may be kAuto; it must not be kPlank. `options` as for
// the Analyzer (nullptr: defaults).
LearnResult LearnDemonstration(std::span<const Frame> frames, Exercise exercise,
                               const AnalyzerOptions* options = nullptr);

// The weight a similarity gives to each joint of the demonstration, a score 0-100 and the joints that differ
// most. `samples` is a whole repetition (start to end).
Similarity CompareWithDemonstration(const Demonstration& demonstration, std::span<const RepSample> samples);

// The similarity score (0-100) of a repetition from its start to its count with the template's part up to its
// count_index (the turning point and most of the way back); used to accept a candidate repetition in
// demonstration counting.
int PrefixSimilarity(const Demonstration& demonstration, std::span<const RepSample> samples);

// Similarity score of a DTW distance in degrees: 100 at 0, 50 at kHalfScoreDistance.
inline constexpr double kHalfScoreDistance = 20.0;
int SimilarityScore(double distance_deg);

}  // namespace spotter::coaching
