#include "coaching/exercise.hpp"

#include <array>
#include <cctype>
#include <string>

#include "coaching/landmarks.hpp"

namespace spotter::coaching {
namespace {

constexpr std::array<Exercise, 12> kAll = {
    Exercise::kSquat,      Exercise::kPushUp,     Exercise::kLunge,         Exercise::kSitUp,
    Exercise::kJumpingJack, Exercise::kPullUp,    Exercise::kBenchPress,    Exercise::kFrontRaise,
    Exercise::kShoulderPress, Exercise::kBicepsCurl, Exercise::kPlank,      Exercise::kAuto};

struct FlagText {
    std::string_view code;
    std::string_view en;
    std::string_view ko;
};

// Indexed by FlagId.
constexpr std::array<FlagText, kFlagIdCount> kFlagTexts = {{
    {"shallow_depth", "Squat deeper: bring your hips down to knee height.",
     "더 깊이 앉으세요. 엉덩이를 무릎 높이까지 내리세요."},
    {"knees_in", "Keep your knees out, in line with your toes.", "무릎이 안으로 모이지 않게 발끝 방향으로 벌리세요."},
    {"torso_lean", "Keep your chest up: you are leaning too far forward.",
     "가슴을 세우세요. 상체가 너무 앞으로 숙여졌어요."},
    {"hips_sagging", "Lift your hips: keep a straight line from shoulders to ankles.",
     "엉덩이가 처졌어요. 어깨부터 발목까지 일직선을 유지하세요."},
    {"hips_high", "Lower your hips: keep a straight line from shoulders to ankles.",
     "엉덩이가 너무 높아요. 어깨부터 발목까지 일직선을 유지하세요."},
    {"short_range", "Go lower: use the full range of motion.", "더 깊이 내려가세요. 전체 가동 범위를 사용하세요."},
    {"front_knee_angle", "Bend your front knee to about 90 degrees at the bottom.",
     "내려갔을 때 앞 무릎을 약 90도로 굽히세요."},
    {"knee_past_toes", "Keep your front knee above your ankle, not past your toes.",
     "앞 무릎이 발끝을 넘지 않게 발목 위에 두세요."},
    {"incomplete_sit_up", "Sit up higher: bring your chest towards your knees.",
     "더 높이 올라오세요. 가슴을 무릎 쪽으로 가져오세요."},
    {"arms_not_overhead", "Raise your arms all the way over your head.", "팔을 머리 위까지 끝까지 올리세요."},
    {"chin_below_bar", "Pull higher: get your chin over the bar.", "턱이 바 위로 올라가도록 더 당기세요."},
    {"no_full_extension", "Straighten your arms fully at the bottom.", "내려갈 때 팔을 완전히 펴세요."},
    {"no_lockout", "Straighten your arms fully at the top.", "위에서 팔을 끝까지 펴세요."},
    {"arm_not_raised", "Raise your arms to shoulder height.", "팔을 어깨 높이까지 올리세요."},
    {"torso_swing", "Keep your body still: don't swing to lift the weight.",
     "반동을 쓰지 말고 몸통을 고정하세요."},
    {"upper_arm_swing", "Keep your elbows at your sides: don't swing your upper arms.",
     "팔꿈치를 몸통 옆에 고정하고 위팔을 흔들지 마세요."},
    {"incomplete_curl", "Curl all the way up: bring your hands to your shoulders.",
     "손이 어깨에 닿도록 끝까지 올리세요."},
    {"leaning_back", "Stand tall: don't lean back to lift the weight.", "상체를 뒤로 젖히지 말고 곧게 서세요."},
}};

std::string Normalise(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c == '-' || c == ' ') c = '_';
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

constexpr std::array<const char*, kLandmarkCount> kLandmarkNames = {
    "nose",           "left_eye_inner", "left_eye",        "left_eye_outer",   "right_eye_inner", "right_eye",
    "right_eye_outer", "left_ear",      "right_ear",       "mouth_left",       "mouth_right",     "left_shoulder",
    "right_shoulder", "left_elbow",     "right_elbow",     "left_wrist",       "right_wrist",     "left_pinky",
    "right_pinky",    "left_index",     "right_index",     "left_thumb",       "right_thumb",     "left_hip",
    "right_hip",      "left_knee",      "right_knee",      "left_ankle",       "right_ankle",     "left_heel",
    "right_heel",     "left_foot_index", "right_foot_index"};

}  // namespace

std::span<const Exercise> AllExercises() { return kAll; }

std::string_view ExerciseName(Exercise exercise) {
    switch (exercise) {
        case Exercise::kSquat: return "squat";
        case Exercise::kPushUp: return "push_up";
        case Exercise::kLunge: return "lunge";
        case Exercise::kSitUp: return "sit_up";
        case Exercise::kJumpingJack: return "jumping_jack";
        case Exercise::kPullUp: return "pull_up";
        case Exercise::kBenchPress: return "bench_press";
        case Exercise::kFrontRaise: return "front_raise";
        case Exercise::kShoulderPress: return "shoulder_press";
        case Exercise::kBicepsCurl: return "biceps_curl";
        case Exercise::kPlank: return "plank";
        case Exercise::kAuto: return "auto";
    }
    return "auto";
}

std::optional<Exercise> ParseExercise(std::string_view name) {
    std::string n = Normalise(name);
    for (Exercise e : kAll) {
        if (n == ExerciseName(e)) return e;
    }
    if (n == "pushup" || n == "pushups" || n == "push_ups") return Exercise::kPushUp;
    if (n == "situp" || n == "sit_ups" || n == "crunch") return Exercise::kSitUp;
    if (n == "pullup" || n == "pull_ups" || n == "chin_up") return Exercise::kPullUp;
    if (n == "curl" || n == "bicep_curl" || n == "curls") return Exercise::kBicepsCurl;
    if (n == "squats") return Exercise::kSquat;
    if (n == "lunges") return Exercise::kLunge;
    if (n == "jumping_jacks") return Exercise::kJumpingJack;
    if (n == "overhead_press" || n == "military_press") return Exercise::kShoulderPress;
    if (n == "demo" || n == "any") return Exercise::kAuto;
    return std::nullopt;
}

bool IsTimed(Exercise exercise) { return exercise == Exercise::kPlank; }

std::string_view FlagCode(FlagId id) { return kFlagTexts[static_cast<int>(id)].code; }

std::string_view FlagMessage(FlagId id, Language language) {
    const FlagText& text = kFlagTexts[static_cast<int>(id)];
    return language == Language::kKorean ? text.ko : text.en;
}

const char* LandmarkName(int index) {
    return index >= 0 && index < static_cast<int>(kLandmarkCount) ? kLandmarkNames[index] : "";
}

int LandmarkIndex(const char* name) {
    std::string_view n(name);
    for (int i = 0; i < static_cast<int>(kLandmarkCount); ++i) {
        if (n == kLandmarkNames[i]) return i;
    }
    return -1;
}

}  // namespace spotter::coaching
