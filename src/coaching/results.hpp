// File: coaching/results.hpp
//
// What the engine reports: repetitions with their form assessment, events as they happen, the live state and the
// summary of a whole session. Plain structs; the I/O layer serialises them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "coaching/exercise.hpp"

namespace spotter::coaching {

// A form problem in one repetition (or one plank hold). The text comes from FlagMessage(id, language).
struct FormFlag {
    FlagId id = FlagId::kShallowDepth;
    float measured = 0.0f;  // the value the rule looked at (units as in the rule's metric)
    float limit = 0.0f;     // the threshold it crossed
    float severity = 0.0f;  // 0 (just over the limit) .. 1 (far over)
};

// A named measurement of one repetition, e.g. {"min_knee_angle", 92.0}. Names are static strings.
struct FormMetric {
    std::string_view name;
    float value = 0.0f;
};

// One joint's share of the difference to the demonstration.
struct JointDifference {
    std::string_view joint;      // "left_knee", ..., "torso"
    float mean_abs_deg = 0.0f;   // mean absolute angle difference along the aligned path
};

// Similarity of a repetition to the demonstration: dynamic time warping over joint-angle trajectories.
struct Similarity {
    int score = 0;                         // 0-100, 100 = same movement
    float distance_deg = 0.0f;             // mean absolute angle difference per joint along the warping path
    std::vector<JointDifference> largest;  // up to three joints that differ most, largest first
};

struct RepResult {
    int index = 0;  // 1 for the first counted repetition (for a plank: the hold number)
    std::int64_t start_frame = -1;
    std::int64_t turn_frame = -1;
    std::int64_t end_frame = -1;
    std::int64_t count_frame = -1;  // the frame whose Push() emitted the count
    double start_s = 0.0;
    double turn_s = 0.0;
    double end_s = 0.0;
    double count_s = 0.0;
    double hold_s = 0.0;  // plank holds only
    int score = 100;      // 0-100 form score
    std::vector<FormFlag> flags;
    std::vector<FormMetric> metrics;
    std::optional<Similarity> similarity;  // when a demonstration was given
};

enum class Phase {
    kNoPerson,   // no person in the picture
    kIdle,       // a person, but not yet at a known rest position (or moving without repetitions)
    kRest,       // at the rest position, ready for the next repetition
    kOutbound,   // moving away from the rest position (e.g. going down in a squat)
    kReturn,     // coming back (after the turning point)
    kHolding,    // plank: in the hold position
};

std::string_view PhaseName(Phase phase);

enum class EventKind {
    kPersonFound,
    kPersonLost,  // no person for longer than the gap allowance: the phase is reset, the count kept
    kRepStart,    // frame/t: where the repetition started (in the past)
    kTurn,        // frame/t: its turning point (in the past)
    kCount,       // the count went up; frame/t are the emitting frame, rep holds start/turn so far
    kRepEnd,      // the repetition's end is fixed; rep holds the full result (form, score, similarity)
    kHoldStart,   // plank
    kHoldEnd,     // plank; rep holds the hold's result
    kFormAlert,   // plank: a form problem that has lasted a while; rep.flags holds it
};

std::string_view EventKindName(EventKind kind);

struct Event {
    EventKind kind = EventKind::kCount;
    std::int64_t frame = -1;  // the frame the event refers to
    double t = 0.0;
    int count = 0;            // the count after this event
    std::optional<RepResult> rep;  // kCount, kRepEnd, kHoldEnd, kFormAlert
};

struct State {
    Phase phase = Phase::kNoPerson;
    int count = 0;
    double hold_s = 0.0;    // plank: total hold time so far
    float progress = 0.0f;  // 0 at rest .. 1 at a typical turning point
    std::int64_t frames = 0;
    double t = 0.0;
};

struct Summary {
    Exercise exercise = Exercise::kAuto;
    int count = 0;
    double hold_s = 0.0;             // plank
    double longest_hold_s = 0.0;     // plank
    std::vector<RepResult> reps;     // repetitions, or plank holds
    std::int64_t frames = 0;
    std::int64_t person_frames = 0;
    double duration_s = 0.0;
    int mean_score = 0;                      // mean form score over reps (0 when none)
    std::optional<int> mean_similarity;      // when a demonstration was given and reps were seen
};

}  // namespace spotter::coaching
