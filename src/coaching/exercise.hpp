// File: coaching/exercise.hpp
//
// The exercises the engine knows, their stable names ("squat", "push_up", ...) and the feedback vocabulary: form
// flags with a short message in English and Korean.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace spotter::coaching {

enum class Exercise {
    kSquat,
    kPushUp,
    kLunge,
    kSitUp,
    kJumpingJack,
    kPullUp,
    kBenchPress,
    kFrontRaise,
    kShoulderPress,
    kBicepsCurl,
    kPlank,  // timed: hold time and form, no count
    kAuto,   // any periodic movement, exercise unknown (with a demonstration: counts matches of it)
};

// Every exercise, kAuto last.
std::span<const Exercise> AllExercises();

// The stable snake_case name ("biceps_curl"), used in files, JSON and the CLI.
std::string_view ExerciseName(Exercise exercise);

// The exercise of a name. Accepts the stable names plus a few spellings ("pushup", "push-up", "curl", "demo" ->
// kAuto). Returns nullopt for anything else.
std::optional<Exercise> ParseExercise(std::string_view name);

// True for exercises measured by hold time rather than by repetitions (plank).
bool IsTimed(Exercise exercise);

enum class Language { kEnglish, kKorean };

// A form problem found in a repetition (or, for the plank, during a hold).
enum class FlagId {
    kShallowDepth,      // squat: hips stay above the knees
    kKneesIn,           // squat: knees cave in (valgus), needs a front view
    kTorsoLean,         // squat: chest drops, torso leans too far forward
    kHipsSagging,       // push-up, plank: hips below the shoulder-ankle line
    kHipsHigh,          // push-up, plank: hips above the line (piking)
    kShortRange,        // push-up, bench press: not low enough
    kFrontKneeAngle,    // lunge: front knee angle at the bottom outside about 60-135 degrees
    kKneePastToes,      // lunge: front knee well past the toes
    kIncompleteSitUp,   // sit-up: torso not raised enough
    kArmsNotOverhead,   // jumping jack: hands do not reach overhead
    kChinBelowBar,      // pull-up: chin does not clear the hands
    kNoFullExtension,   // pull-up: arms not straight at the bottom
    kNoLockout,         // bench press, shoulder press: arms not straightened at the top
    kArmNotRaised,      // front raise: arms not raised to shoulder height
    kTorsoSwing,        // front raise: body swings to lift the weight
    kUpperArmSwing,     // biceps curl: upper arm swings forward
    kIncompleteCurl,    // biceps curl: forearm not brought up far enough
    kLeaningBack,       // biceps curl: leaning back to lift
};

inline constexpr int kFlagIdCount = 18;

// The stable snake_case code of a flag ("shallow_depth").
std::string_view FlagCode(FlagId id);

// One sentence a person understands, in `language` (UTF-8).
std::string_view FlagMessage(FlagId id, Language language);

}  // namespace spotter::coaching
