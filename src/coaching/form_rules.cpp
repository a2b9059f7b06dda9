#include "coaching/form_rules.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace spotter::coaching {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Views: below this frontality the person is side-on enough for side rules; above kFrontView, facing the camera.
constexpr float kSideView = 0.4f;
constexpr float kFrontView = 0.45f;

// Share of the selected frames below a "minimum" (above a "maximum"): robust extremes.
constexpr double kExtremeShare = 0.1;

// Parts of a repetition by progress (0 at its start, 1 at its turning point).
constexpr double kDeep = 0.8;
constexpr double kNearRest = 0.25;
constexpr double kEndBand = 0.15;

// Rule thresholds.
constexpr float kSquatThighShareMax = 0.2f;     // hip clearly above the knee at the bottom
constexpr float kSquatKneeWidthMin = 0.75f;     // knee distance / ankle distance at the bottom
constexpr float kSquatLeanMax = 55.0f;          // torso from vertical at the bottom, degrees
constexpr float kPushUpSagMin = -0.05f;         // hip below the shoulder-ankle line, share of its length
constexpr float kPushUpPikeMax = 0.25f;         // as the plank (same line, same landmarks)
constexpr float kPushUpElbowMax = 100.0f;       // elbow angle at the bottom
constexpr float kLungeKneeMin = 60.0f;          // front knee angle at the bottom, degrees
constexpr float kLungeKneeMax = 125.0f;  // correct lunges in the dev data: 95% under 97, 99% under 110
constexpr float kLungeKneePastToes = -0.03f;    // knee ahead of the toes, shin lengths; dev frames: correct
                                                // lunges under -0.05 (95%), knee-over-toe ones mostly above
constexpr float kSitUpInclineMin = 0.65f;       // torso height / length at the top
constexpr float kJackWristHeightMin = 0.6f;     // wrists above shoulders, torso heights
constexpr float kPullUpNoseMin = 0.0f;          // nose above the hands at the top
constexpr float kPullUpElbowMin = 150.0f;       // elbow at the bottom
constexpr float kLockoutElbowMin = 155.0f;      // bench press and shoulder press at lockout
constexpr float kBenchElbowMax = 105.0f;        // bench press elbow at the bottom
constexpr float kFrontRaiseWristMin = -0.3f;    // wrist height relative to the shoulder at the top
constexpr float kFrontRaiseSwingMax = 15.0f;    // torso lean range, degrees
constexpr float kCurlElbowMax = 70.0f;          // elbow at the top of a curl
constexpr float kCurlUpperArmRangeMax = 35.0f;  // upper arm angle range, degrees
constexpr float kCurlLeanBackMin = -12.0f;      // torso lean (negative: back), degrees; dev frames: correct
                                                // curls within 3 degrees, leaning ones 10-24

constexpr std::array<std::string_view, kJointCount> kJointNames = {
    "left_elbow", "right_elbow", "left_shoulder", "right_shoulder", "left_hip",
    "right_hip",  "left_knee",   "right_knee",    "torso"};

float Mean2(float a, float b) {
    if (std::isnan(a)) return b;
    if (std::isnan(b)) return a;
    return 0.5f * (a + b);
}

float Max2(float a, float b) {
    if (std::isnan(a)) return b;
    if (std::isnan(b)) return a;
    return std::max(a, b);
}

// The angle of one side read the way the view allows: in the image plane when side-on, with depth otherwise.
float BestAngle(const Channels& c, Ch angle2, Ch angle3) {
    float frontality = c[Ch::kFrontality];
    bool side_on = !std::isnan(frontality) && frontality < kSideView;
    float a2 = c[angle2], a3 = c[angle3];
    if (side_on || std::isnan(a3)) return a2;
    return a3;
}

// Left and right of a per-side angle, read with BestAngle.
std::pair<float, float> BestAngles(const Channels& c, Ch left2, Ch left3) {
    return {BestAngle(c, left2, left3), BestAngle(c, RightOf(left2), RightOf(left3))};
}

class RepReader {
public:
    RepReader(std::span<const RepSample> samples, double start_value, double turn_value)
        : samples_(samples), start_(start_value), span_(turn_value - start_value) {}

    double Progress(const RepSample& s) const { return span_ != 0.0 ? (s.signal - start_) / span_ : 0.0; }

    // Min / max of a slot over the samples whose progress is in [lo, hi]; NaN when none is available.
    float Min(int slot, double lo = -1e9, double hi = 1e9) const { return Reduce(slot, lo, hi, true, 0); }
    float Max(int slot, double lo = -1e9, double hi = 1e9) const { return Reduce(slot, lo, hi, false, 0); }
    // Max of a slot where the repetition ends: the frames after the turning point within kEndBand of the final
    // progress, i.e. the position the person returns to and rests in (lockout, full extension), which may be
    // higher than the one the repetition started from.
    float MaxAtEnd(int slot) const {
        if (samples_.empty()) return kNaN;
        double end = Progress(samples_.back());
        return Reduce(slot, -1e9, end + kEndBand, false, TurnIndex());
    }

    std::size_t TurnIndex() const {
        std::size_t best = 0;
        for (std::size_t i = 1; i < samples_.size(); ++i) {
            if (samples_[i].signal > samples_[best].signal) best = i;
        }
        return best;
    }
    float Range(int slot) const {
        float lo = Min(slot), hi = Max(slot);
        return std::isnan(lo) ? kNaN : hi - lo;
    }
    // Mean of a slot over the samples whose progress is in [lo, hi].
    float Mean(int slot, double lo = -1e9, double hi = 1e9) const {
        double sum = 0.0;
        int n = 0;
        for (const RepSample& s : samples_) {
            if (std::isnan(s.form[slot])) continue;
            double p = Progress(s);
            if (p < lo || p > hi) continue;
            sum += s.form[slot];
            ++n;
        }
        return n > 0 ? static_cast<float>(sum / n) : kNaN;
    }

private:
    // A robust extreme: the 10th (min) or 90th (max) percentile of the selected values, so that one noisy frame
    // does not decide a rule.
    float Reduce(int slot, double lo, double hi, bool min, std::size_t first) const {
        std::vector<float> values;
        for (std::size_t i = first; i < samples_.size(); ++i) {
            const RepSample& s = samples_[i];
            float v = s.form[slot];
            if (std::isnan(v)) continue;
            double p = Progress(s);
            if (p < lo || p > hi) continue;
            values.push_back(v);
        }
        if (values.empty()) return kNaN;
        std::size_t k = static_cast<std::size_t>(kExtremeShare * (values.size() - 1) + 0.5);
        if (!min) k = values.size() - 1 - k;
        std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
        return values[k];
    }

    std::span<const RepSample> samples_;
    double start_;
    double span_;
};

class Assessment {
public:
    explicit Assessment(FormAssessment& out) : out_(out) {}

    void Metric(std::string_view name, float value) {
        if (!std::isnan(value)) out_.metrics.push_back({name, value});
    }
    // Flags `id` when value > limit (above = true) or value < limit (above = false); scale sets how far over the
    // limit counts as fully severe.
    void FlagIf(FlagId id, float value, float limit, bool above, float scale) {
        if (std::isnan(value)) return;
        float over = above ? value - limit : limit - value;
        if (over <= 0.0f) return;
        out_.flags.push_back({id, value, limit, std::clamp(over / scale, 0.0f, 1.0f)});
    }

private:
    FormAssessment& out_;
};

}  // namespace

std::string_view JointName(int joint) {
    return joint >= 0 && joint < kJointCount ? kJointNames[joint] : std::string_view{};
}

void SampleJoints(const Channels& c, std::array<float, kJointCount>& joints) {
    auto pick = [&](Ch angle3, Ch angle2) { return c.Has(angle3) ? c[angle3] : c[angle2]; };
    joints[0] = pick(Ch::kElbow3L, Ch::kElbow2L);
    joints[1] = pick(Ch::kElbow3R, Ch::kElbow2R);
    joints[2] = pick(Ch::kShoulder3L, Ch::kShoulder2L);
    joints[3] = pick(Ch::kShoulder3R, Ch::kShoulder2R);
    joints[4] = pick(Ch::kHip3L, Ch::kHip2L);
    joints[5] = pick(Ch::kHip3R, Ch::kHip2R);
    joints[6] = pick(Ch::kKnee3L, Ch::kKnee2L);
    joints[7] = pick(Ch::kKnee3R, Ch::kKnee2R);
    // The torso's elevation above horizontal (90 standing, 0 lying): continuous in every posture, unlike a lean
    // signed by the facing direction, which flips for a person lying down.
    float incline = c[Ch::kTorsoIncline];
    joints[8] = std::isnan(incline) ? incline : std::asin(std::clamp(incline, -1.0f, 1.0f)) * 57.29578f;
}

void SampleForm(Exercise exercise, const Channels& c, std::array<float, kFormSlots>& f) {
    f.fill(kNaN);
    switch (exercise) {
        case Exercise::kSquat: {
            f[0] = Mean2(c[Ch::kThighShareL], c[Ch::kThighShareR]);
            auto [l, r] = BestAngles(c, Ch::kKnee2L, Ch::kKnee3L);
            f[1] = Mean2(l, r);
            f[2] = c[Ch::kTorsoLean];
            f[3] = c[Ch::kKneeWidthRatio];
            f[4] = c[Ch::kFrontality];
            break;
        }
        case Exercise::kPushUp: {
            f[0] = c[Ch::kHipLineDeviation];
            auto [l, r] = BestAngles(c, Ch::kElbow2L, Ch::kElbow3L);
            f[1] = Mean2(l, r);
            f[2] = c[Ch::kFrontality];
            break;
        }
        case Exercise::kLunge: {
            auto [l, r] = BestAngles(c, Ch::kKnee2L, Ch::kKnee3L);
            f[0] = l;
            f[1] = r;
            f[2] = c[Ch::kKneeOverToeL];
            f[3] = c[Ch::kKneeOverToeR];
            f[4] = c[Ch::kLeftLegForward];
            f[5] = c[Ch::kFrontality];
            break;
        }
        case Exercise::kSitUp: {
            f[0] = c[Ch::kTorsoIncline];
            auto [l, r] = BestAngles(c, Ch::kHip2L, Ch::kHip3L);
            f[1] = Mean2(l, r);
            break;
        }
        case Exercise::kJumpingJack:
            f[0] = Mean2(c[Ch::kWristHeightL], c[Ch::kWristHeightR]);
            break;
        case Exercise::kPullUp: {
            f[0] = c[Ch::kNoseOverWrists];
            auto [l, r] = BestAngles(c, Ch::kElbow2L, Ch::kElbow3L);
            f[1] = Mean2(l, r);
            break;
        }
        case Exercise::kBenchPress:
        case Exercise::kShoulderPress: {
            auto [l, r] = BestAngles(c, Ch::kElbow2L, Ch::kElbow3L);
            f[0] = Mean2(l, r);
            f[1] = c[Ch::kFrontality];
            break;
        }
        case Exercise::kFrontRaise:
            f[0] = Max2(c[Ch::kWristHeightL], c[Ch::kWristHeightR]);
            f[1] = c[Ch::kTorsoLean];
            break;
        case Exercise::kBicepsCurl: {
            auto [l, r] = BestAngles(c, Ch::kElbow2L, Ch::kElbow3L);
            f[0] = l;
            f[1] = r;
            f[2] = BestAngle(c, Ch::kShoulder2L, Ch::kShoulder3L);
            f[3] = BestAngle(c, Ch::kShoulder2R, Ch::kShoulder3R);
            f[4] = c[Ch::kTorsoLean];
            break;
        }
        case Exercise::kPlank:
            f[0] = PlankHipDeviation(c);
            break;
        case Exercise::kAuto:
            break;
    }
}

FormAssessment AssessRep(Exercise exercise, std::span<const RepSample> samples, double start_value,
                         double turn_value, bool distorted) {
    FormAssessment out;
    Assessment a(out);
    // Rules on angles or on lengths that mix image axes: skipped for min-max normalised input.
    const bool angles = !distorted;
    RepReader r(samples, start_value, turn_value);
    switch (exercise) {
        case Exercise::kSquat: {
            float share = r.Min(0, kDeep);
            float knee = r.Min(1, kDeep);
            float frontality = r.Mean(4, -1e9, kNearRest);  // standing, before the torso leans
            a.Metric("thigh_share_bottom", share);
            if (angles) a.Metric("knee_angle_bottom", knee);
            a.FlagIf(FlagId::kShallowDepth, share, kSquatThighShareMax, true, 0.25f);
            if (distorted) break;
            if (!std::isnan(frontality) && frontality > kFrontView) {
                float width = r.Min(3, kDeep);
                a.Metric("knee_width_ratio_bottom", width);
                a.FlagIf(FlagId::kKneesIn, width, kSquatKneeWidthMin, false, 0.3f);
            } else if (!std::isnan(frontality) && frontality < kSideView) {
                float lean = r.Max(2, kDeep);
                a.Metric("torso_lean_bottom", lean);
                a.FlagIf(FlagId::kTorsoLean, lean, kSquatLeanMax, true, 20.0f);
            }
            break;
        }
        case Exercise::kPushUp: {
            if (distorted) break;
            float elbow = r.Min(1, kDeep);
            float frontality = r.Mean(2, -1e9, kNearRest);
            a.Metric("elbow_angle_bottom", elbow);
            a.FlagIf(FlagId::kShortRange, elbow, kPushUpElbowMax, true, 40.0f);
            if (!std::isnan(frontality) && frontality < kSideView) {
                float hip = r.Mean(0);
                a.Metric("hip_line_deviation", hip);
                a.FlagIf(FlagId::kHipsSagging, hip, kPushUpSagMin, false, 0.08f);
                a.FlagIf(FlagId::kHipsHigh, hip, kPushUpPikeMax, true, 0.1f);
            }
            break;
        }
        case Exercise::kLunge: {
            if (distorted) break;
            // The front leg: the one whose ankle is ahead at the bottom; without feet, the more bent knee.
            float forward = r.Mean(4, kDeep);
            float knee_l = r.Min(0, kDeep), knee_r = r.Min(1, kDeep);
            bool left = !std::isnan(forward) ? forward > 0.0f : (std::isnan(knee_r) || knee_l <= knee_r);
            float knee = left ? knee_l : knee_r;
            a.Metric("front_knee_angle_bottom", knee);
            a.FlagIf(FlagId::kFrontKneeAngle, knee, kLungeKneeMax, true, 30.0f);
            a.FlagIf(FlagId::kFrontKneeAngle, knee, kLungeKneeMin, false, 20.0f);
            float frontality = r.Mean(5, -1e9, kNearRest);
            if (!std::isnan(frontality) && frontality < kSideView) {
                float past = r.Max(left ? 2 : 3, kDeep);
                a.Metric("knee_past_toes_bottom", past);
                a.FlagIf(FlagId::kKneePastToes, past, kLungeKneePastToes, true, 0.3f);
            }
            break;
        }
        case Exercise::kSitUp: {
            if (distorted) break;
            float incline = r.Max(0, kDeep);
            a.Metric("torso_incline_top", incline);
            a.Metric("hip_angle_top", r.Min(1, kDeep));
            a.FlagIf(FlagId::kIncompleteSitUp, incline, kSitUpInclineMin, false, 0.4f);
            break;
        }
        case Exercise::kJumpingJack: {
            float wrists = r.Max(0, kDeep);
            a.Metric("wrist_height_top", wrists);
            a.FlagIf(FlagId::kArmsNotOverhead, wrists, kJackWristHeightMin, false, 0.8f);
            break;
        }
        case Exercise::kPullUp: {
            float nose = r.Max(0, kDeep);
            a.Metric("nose_over_hands_top", nose);
            a.FlagIf(FlagId::kChinBelowBar, nose, kPullUpNoseMin, false, 0.4f);
            if (distorted) break;
            float elbow = r.MaxAtEnd(1);
            a.Metric("elbow_angle_bottom", elbow);
            a.FlagIf(FlagId::kNoFullExtension, elbow, kPullUpElbowMin, false, 40.0f);
            break;
        }
        case Exercise::kBenchPress: {
            if (distorted) break;
            // The elbows flare sideways: from the side the arm looks straight whatever its bend.
            float frontality = r.Mean(1, -1e9, kNearRest);
            if (std::isnan(frontality) || frontality < kSideView) break;
            float lockout = r.MaxAtEnd(0);
            float bottom = r.Min(0, kDeep);
            a.Metric("elbow_angle_lockout", lockout);
            a.Metric("elbow_angle_bottom", bottom);
            a.FlagIf(FlagId::kNoLockout, lockout, kLockoutElbowMin, false, 30.0f);
            a.FlagIf(FlagId::kShortRange, bottom, kBenchElbowMax, true, 40.0f);
            break;
        }
        case Exercise::kShoulderPress: {
            if (distorted) break;
            float lockout = r.Max(0, kDeep);
            a.Metric("elbow_angle_lockout", lockout);
            a.FlagIf(FlagId::kNoLockout, lockout, kLockoutElbowMin, false, 30.0f);
            break;
        }
        case Exercise::kFrontRaise: {
            float wrist = r.Max(0, kDeep);
            a.Metric("wrist_height_top", wrist);
            a.FlagIf(FlagId::kArmNotRaised, wrist, kFrontRaiseWristMin, false, 0.5f);
            if (distorted) break;
            float swing = r.Range(1);
            a.Metric("torso_swing_deg", swing);
            a.FlagIf(FlagId::kTorsoSwing, swing, kFrontRaiseSwingMax, true, 20.0f);
            break;
        }
        case Exercise::kBicepsCurl: {
            if (distorted) break;
            // The working arm: the one that bends most (both arms together: either).
            float elbow_l = r.Min(0, kDeep), elbow_r = r.Min(1, kDeep);
            bool left = std::isnan(elbow_r) || (!std::isnan(elbow_l) && elbow_l <= elbow_r);
            float elbow = left ? elbow_l : elbow_r;
            float swing = r.Range(left ? 2 : 3);
            float lean = r.Min(4);
            a.Metric("elbow_angle_top", elbow);
            a.Metric("upper_arm_range_deg", swing);
            a.Metric("torso_lean_min_deg", lean);
            a.FlagIf(FlagId::kIncompleteCurl, elbow, kCurlElbowMax, true, 40.0f);
            a.FlagIf(FlagId::kUpperArmSwing, swing, kCurlUpperArmRangeMax, true, 30.0f);
            a.FlagIf(FlagId::kLeaningBack, lean, kCurlLeanBackMin, false, 15.0f);
            break;
        }
        case Exercise::kPlank:
        case Exercise::kAuto:
            break;
    }
    out.score = ScoreFlags(out.flags);
    return out;
}

int ScoreFlags(std::span<const FormFlag> flags) {
    double score = 100.0;
    for (const FormFlag& flag : flags) score -= 15.0 + 25.0 * flag.severity;
    return static_cast<int>(std::lround(std::clamp(score, 0.0, 100.0)));
}

float PlankHipDeviation(const Channels& c) {
    float frontality = c[Ch::kFrontality];
    if (!std::isnan(frontality) && frontality > kFrontView) return kNaN;
    float incline = c[Ch::kTorsoIncline];
    if (!std::isnan(incline) && incline > 0.8f) return kNaN;  // upright: not a plank position
    return c[Ch::kHipLineDeviation];
}

bool FrameLeansBack(const Channels& c) {
    float lean = c[Ch::kTorsoLean];
    return !std::isnan(lean) && lean < kCurlLeanBackMin;
}

bool FrameKneePastToes(const Channels& c) {
    float forward = c[Ch::kLeftLegForward];
    bool left = false;
    if (!std::isnan(forward)) {
        left = forward > 0.0f;
    } else {
        auto [l, r] = BestAngles(c, Ch::kKnee2L, Ch::kKnee3L);
        left = std::isnan(r) || (!std::isnan(l) && l <= r);
    }
    float past = left ? c[Ch::kKneeOverToeL] : c[Ch::kKneeOverToeR];
    return !std::isnan(past) && past > kLungeKneePastToes;
}

}  // namespace spotter::coaching
