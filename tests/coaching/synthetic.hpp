// File: tests/coaching/synthetic.hpp
//
// Synthetic MediaPipe-like landmark sequences with known answers, for the coaching engine's tests and its
// evaluation tool (bench/coaching_eval). A kinematic stick figure (segment lengths from a random body height,
// joint angles per exercise and per phase) is placed in a 3-D world and seen by a pinhole camera at a chosen
// yaw/pitch/distance; the 33 landmarks are projected like MediaPipe's image landmarks (x by width, y by height,
// z relative to the hips in x units), then degraded: Gaussian noise, visibility (self-occlusion, occlusion
// episodes with hallucinated positions), frame-rate jitter and dropped frames, walk-outs with no person,
// optional per-frame min-max normalisation.
//
// A sequence holds `reps` complete repetitions, each with its true start / turning point / end and the form
// errors planted in it; partial repetitions (the end of one at the start, the beginning of one at the end) are
// never counted in the truth.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "coaching/exercise.hpp"
#include "coaching/landmarks.hpp"

namespace spotter::coaching::synthetic {

enum class Normalisation { kImage, kMinMax };

struct Conditions {
    double yaw_deg = 90.0;      // camera azimuth: 0 = in front of the person, 90 = on their left, 180 = behind
    double pitch_deg = 8.0;     // camera elevation (looking down)
    double distance_m = 3.5;
    double aspect = 1.0;        // image width / height
    double fps = 30.0;
    double fps_jitter = 0.0;    // relative standard deviation of the frame interval
    double drop_rate = 0.0;     // share of frames where detection fails (no person)
    double noise = 0.004;       // landmark x/y noise (standard deviation) relative to the person's size in the picture
    double z_noise = 0.02;      // the same for z
    double occlusion_rate = 0.0;  // occlusion episodes per second
    Normalisation normalisation = Normalisation::kImage;
    double speed = 1.0;          // repetition speed multiplier (2 = twice as fast)
    double speed_variation = 0.05;  // per-repetition relative spread of the duration (drifting)
    double pause_s = 0.4;        // mean pause at rest between repetitions
    double long_rest_rate = 0.0;  // probability of a long rest (3-10 s, with fidgets) after a repetition
    double walk_out_rate = 0.0;   // probability of walking out of the picture (2-6 s gap) after a repetition
    bool partial_start = false;   // start in the middle of a repetition's way back
    bool partial_end = false;     // end in the middle of an unfinished repetition
    bool fidget = false;          // small movements while resting
};

struct RepTruth {
    double start_s = 0.0;
    double turn_s = 0.0;
    double end_s = 0.0;
    std::vector<FlagId> errors;  // form errors planted in this repetition
};

struct Sequence {
    Exercise exercise = Exercise::kSquat;
    std::vector<Frame> frames;
    std::vector<RepTruth> reps;      // complete repetitions; for a plank, the holds
    double hold_s = 0.0;             // plank: true total hold time
    std::string description;
};

// One step of a scripted movement: the exercise's progress u (0 at rest, 1 at the turning point) eases from where
// the previous step left it to `to` over `seconds` (the same value: hold still).
struct Move {
    double seconds = 1.0;
    double to = 0.0;
};

struct SequenceSpec {
    Exercise exercise = Exercise::kSquat;
    int reps = 5;
    std::uint64_t seed = 1;
    Conditions conditions;
    double error_rate = 0.0;  // probability that a repetition (or plank hold segment) carries a planted error
    // Errors to plant (empty: any that the exercise has).
    std::vector<FlagId> errors;
    bool alternate_sides = false;  // one side at a time (lunge legs always alternate; curls, raises optional)
    // When not empty, the movement follows this script from rest (u = 0) instead of `reps` repetitions; every
    // excursion from u = 0 to 1 and back to 0 is a repetition in the truth, anything less is not.
    std::vector<Move> script;
};

Sequence Generate(const SequenceSpec& spec);

// The errors the generator can plant for an exercise.
std::vector<FlagId> PlantableErrors(Exercise exercise);

// A typical view for the exercise (the one a coach would choose), in degrees of yaw.
double GoodYaw(Exercise exercise);

// Easy: good view, 30 fps, little noise, image coordinates, steady speed, no gaps or partial repetitions.
Conditions EasyConditions(Exercise exercise, std::mt19937_64& rng);

// Hard ("in the wild"): any yaw and pitch, 10-60 fps with jitter and drops, strong noise, occlusions, min-max
// normalisation half of the time, unknown aspect ratio, speed changes, long rests, walk-outs, partial
// repetitions at both ends.
Conditions HardConditions(Exercise exercise, std::mt19937_64& rng);

}  // namespace spotter::coaching::synthetic
