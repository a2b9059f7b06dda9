// File: coaching/form_rules.hpp
//
// Form assessment: transparent rules on joint geometry, per exercise. Every frame of a repetition yields a
// FormSample (a few exercise-specific measurements); when the repetition ends its samples are read with the
// repetition's own progress (0 at its start, 1 at its turning point), e.g. "the smallest knee angle where
// progress > 0.8" is the squat's depth. Rules that need a particular view (knees caving in: facing the camera;
// hips sagging: side-on) are skipped in other views rather than guessed.
//
// Thresholds were set from the literature (see docs in coaching.md) and checked on the development frames of
// the Exercise-Correction data set (plank, lunge, curl); they are constants below, in one place.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "coaching/exercise.hpp"
#include "coaching/pose_features.hpp"
#include "coaching/results.hpp"

namespace spotter::coaching {

inline constexpr int kFormSlots = 6;
inline constexpr int kJointCount = 9;

// Names of the joints compared with a demonstration, in the order of RepSample::joints.
std::string_view JointName(int joint);

// One frame of a repetition, as kept for the assessment at its end.
struct RepSample {
    std::int64_t frame = 0;
    float t = 0.0f;       // seconds relative to the analyzer's first frame
    float signal = 0.0f;  // the counting signal
    std::array<float, kJointCount> joints{};  // joint angles, degrees (NaN when not visible)
    std::array<float, kFormSlots> form{};     // exercise-specific measurements (NaN when not assessable)
};

// Fills the joint angles used for demonstration similarity: elbows, shoulders, hips and knees (with depth when
// available) and the torso's elevation above horizontal.
void SampleJoints(const Channels& channels, std::array<float, kJointCount>& joints);

// Fills the measurements the rules of `exercise` read.
void SampleForm(Exercise exercise, const Channels& channels, std::array<float, kFormSlots>& form);

struct FormAssessment {
    std::vector<FormFlag> flags;
    std::vector<FormMetric> metrics;
    int score = 100;
};

// Assesses one repetition of `exercise` from its samples (start to end, in order), given the signal values at
// its start and at its turning point. With `distorted` (min-max normalised input: angles and mixed-axis lengths
// are not trustworthy) only the rules on single-axis measurements run; the others are "not assessable".
FormAssessment AssessRep(Exercise exercise, std::span<const RepSample> samples, double start_value,
                         double turn_value, bool distorted = false);

// The score of a list of flags: 100 minus a penalty per flag that grows with its severity (clamped to 0..100).
int ScoreFlags(std::span<const FormFlag> flags);

// Plank, per frame: the hip's deviation from the shoulder-ankle line (> 0 above), or NaN when the view does not
// show it (not side-on enough, or landmarks hidden).
float PlankHipDeviation(const Channels& channels);

// Plank thresholds on PlankHipDeviation, from the development frames (Exercise-Correction plank): correct holds
// lie between -0.01 and +0.2 (the shoulder landmark sits above the body's mid-line), hips-high ones above 0.45,
// sagging ones below -0.09.
inline constexpr float kPlankHipsHigh = 0.3f;
inline constexpr float kPlankHipsLow = -0.05f;

// Single-frame checks used on labelled still frames (development data): true when the rule fires.
bool FrameLeansBack(const Channels& channels);   // biceps curl: leaning back
bool FrameKneePastToes(const Channels& channels);  // lunge: front knee past the toes

}  // namespace spotter::coaching
