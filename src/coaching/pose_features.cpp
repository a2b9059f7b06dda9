#include "coaching/pose_features.hpp"

#include <algorithm>
#include <limits>

namespace spotter::coaching {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Landmarks that must show for a frame to count as a person.
constexpr std::array<int, 12> kBodyLandmarks = {lm::kLeftShoulder, lm::kRightShoulder, lm::kLeftElbow,
                                                lm::kRightElbow,   lm::kLeftWrist,     lm::kRightWrist,
                                                lm::kLeftHip,      lm::kRightHip,      lm::kLeftKnee,
                                                lm::kRightKnee,    lm::kLeftAnkle,     lm::kRightAnkle};

// A torso whose height is under this share of its length is not upright: "height" channels are then unavailable.
constexpr float kUprightShare = 0.5f;

struct Side {
    int shoulder, elbow, wrist, hip, knee, ankle, heel, toe;
};
constexpr Side kLeft = {lm::kLeftShoulder, lm::kLeftElbow, lm::kLeftWrist,     lm::kLeftHip,
                        lm::kLeftKnee,     lm::kLeftAnkle, lm::kLeftHeel,      lm::kLeftFootIndex};
constexpr Side kRight = {lm::kRightShoulder, lm::kRightElbow, lm::kRightWrist,     lm::kRightHip,
                         lm::kRightKnee,     lm::kRightAnkle, lm::kRightHeel,      lm::kRightFootIndex};

class Writer {
public:
    Writer(const PoseView& view, float min_visibility, Channels& out)
        : view_(view), min_visibility_(min_visibility), out_(out) {}

    bool Visible(int a) const { return view_.v[a] >= min_visibility_; }
    bool Visible(int a, int b) const { return Visible(a) && Visible(b); }
    bool Visible(int a, int b, int c) const { return Visible(a) && Visible(b) && Visible(c); }
    const Vec3& P(int index) const { return view_.p[index]; }
    void Set(Ch channel, float value) { out_.value[Index(channel)] = value; }
    void SetSide(Ch left, bool right_side, float value) { Set(right_side ? RightOf(left) : left, value); }

private:
    const PoseView& view_;
    float min_visibility_;
    Channels& out_;
};

void SideChannels(Writer& w, const Side& s, bool right, float torso, float torso_height) {
    if (w.Visible(s.shoulder, s.elbow, s.wrist)) {
        w.SetSide(Ch::kElbow2L, right, Angle2(w.P(s.shoulder), w.P(s.elbow), w.P(s.wrist)));
        w.SetSide(Ch::kElbow3L, right, Angle3(w.P(s.shoulder), w.P(s.elbow), w.P(s.wrist)));
        float upper = w.P(s.elbow).y - w.P(s.shoulder).y;
        float fore = w.P(s.wrist).y - w.P(s.elbow).y;
        w.SetSide(Ch::kUpperArmShareL, right, VerticalShare(upper, fore));
    }
    if (w.Visible(s.hip, s.shoulder, s.elbow)) {
        w.SetSide(Ch::kShoulder2L, right, Angle2(w.P(s.hip), w.P(s.shoulder), w.P(s.elbow)));
        w.SetSide(Ch::kShoulder3L, right, Angle3(w.P(s.hip), w.P(s.shoulder), w.P(s.elbow)));
    }
    if (w.Visible(s.shoulder, s.hip, s.knee)) {
        w.SetSide(Ch::kHip2L, right, Angle2(w.P(s.shoulder), w.P(s.hip), w.P(s.knee)));
        w.SetSide(Ch::kHip3L, right, Angle3(w.P(s.shoulder), w.P(s.hip), w.P(s.knee)));
    }
    if (w.Visible(s.hip, s.knee, s.ankle)) {
        w.SetSide(Ch::kKnee2L, right, Angle2(w.P(s.hip), w.P(s.knee), w.P(s.ankle)));
        w.SetSide(Ch::kKnee3L, right, Angle3(w.P(s.hip), w.P(s.knee), w.P(s.ankle)));
        float thigh = w.P(s.knee).y - w.P(s.hip).y;
        float shin = w.P(s.ankle).y - w.P(s.knee).y;
        w.SetSide(Ch::kThighShareL, right, VerticalShare(thigh, shin));
    }
    if (w.Visible(s.shoulder, s.wrist)) {
        w.SetSide(Ch::kShoulderOverWristL, right, (w.P(s.wrist).y - w.P(s.shoulder).y) / torso);
        if (torso_height > kUprightShare * torso) {
            w.SetSide(Ch::kWristHeightL, right, (w.P(s.shoulder).y - w.P(s.wrist).y) / torso_height);
        }
    }
    if (w.Visible(s.elbow, s.wrist) && torso_height > kUprightShare * torso) {
        w.SetSide(Ch::kWristOverElbowL, right, (w.P(s.elbow).y - w.P(s.wrist).y) / torso_height);
    }
    if (w.Visible(s.knee, s.ankle, s.toe) && w.Visible(s.heel)) {
        float foot = w.P(s.toe).x - w.P(s.heel).x;
        float shin = Dist2(w.P(s.knee), w.P(s.ankle));
        if (std::fabs(foot) > 0.05f * torso && shin > 0.1f * torso) {
            float facing = foot > 0 ? 1.0f : -1.0f;
            w.SetSide(Ch::kKneeOverToeL, right, (w.P(s.knee).x - w.P(s.toe).x) * facing / shin);
        }
    }
}

// The direction (+1/-1 along x) the person faces in a side view: from the feet, else from the nose.
float FacingSign(const Writer& w) {
    float foot = 0.0f;
    if (w.Visible(lm::kLeftHeel, lm::kLeftFootIndex)) foot += w.P(lm::kLeftFootIndex).x - w.P(lm::kLeftHeel).x;
    if (w.Visible(lm::kRightHeel, lm::kRightFootIndex)) foot += w.P(lm::kRightFootIndex).x - w.P(lm::kRightHeel).x;
    if (foot != 0.0f) return foot > 0 ? 1.0f : -1.0f;
    if (w.Visible(lm::kNose, lm::kLeftEar) || w.Visible(lm::kNose, lm::kRightEar)) {
        float ear = w.Visible(lm::kLeftEar) ? w.P(lm::kLeftEar).x : w.P(lm::kRightEar).x;
        return w.P(lm::kNose).x >= ear ? 1.0f : -1.0f;
    }
    // The nose is ahead of the shoulders, even when leaning back.
    if (w.Visible(lm::kNose) && (w.Visible(lm::kLeftShoulder) || w.Visible(lm::kRightShoulder))) {
        float shoulders = w.Visible(lm::kLeftShoulder, lm::kRightShoulder)
                              ? 0.5f * (w.P(lm::kLeftShoulder).x + w.P(lm::kRightShoulder).x)
                              : (w.Visible(lm::kLeftShoulder) ? w.P(lm::kLeftShoulder).x : w.P(lm::kRightShoulder).x);
        return w.P(lm::kNose).x >= shoulders ? 1.0f : -1.0f;
    }
    return 1.0f;
}

}  // namespace

bool MakePoseView(const Frame& frame, float aspect_ratio, PoseView& view) {
    if (!frame.has_person) return false;
    float aspect = aspect_ratio > 0.0f && std::isfinite(aspect_ratio) ? aspect_ratio : 1.0f;
    for (std::size_t i = 0; i < kLandmarkCount; ++i) {
        const Landmark& l = frame.lm[i];
        bool finite = std::isfinite(l.x) && std::isfinite(l.y) && std::isfinite(l.z) && std::isfinite(l.visibility);
        if (!finite) {
            view.p[i] = {};
            view.v[i] = 0.0f;
            continue;
        }
        view.p[i] = {l.x * aspect, l.y, l.z * aspect};
        view.v[i] = std::clamp(l.visibility, 0.0f, 1.0f);
    }
    float min_x = std::numeric_limits<float>::max(), max_x = -min_x, min_y = min_x, max_y = -min_x;
    float best_visibility = 0.0f;
    for (int i : kBodyLandmarks) {
        best_visibility = std::max(best_visibility, view.v[i]);
        min_x = std::min(min_x, view.p[i].x);
        max_x = std::max(max_x, view.p[i].x);
        min_y = std::min(min_y, view.p[i].y);
        max_y = std::max(max_y, view.p[i].y);
    }
    if (best_visibility < 0.05f || (max_x - min_x) + (max_y - min_y) < 1e-6f) return false;

    float all_min_x = view.p[0].x, all_max_x = all_min_x, all_min_y = view.p[0].y, all_max_y = all_min_y;
    for (const Vec3& q : view.p) {
        all_min_x = std::min(all_min_x, q.x);
        all_max_x = std::max(all_max_x, q.x);
        all_min_y = std::min(all_min_y, q.y);
        all_max_y = std::max(all_max_y, q.y);
    }
    constexpr float kEdge = 1e-3f;
    view.min_max = std::fabs(all_min_x) < kEdge * aspect && std::fabs(all_max_x - aspect) < kEdge * aspect &&
                   std::fabs(all_min_y) < kEdge && std::fabs(all_max_y - 1.0f) < kEdge;

    float sum = 0.0f, weight = 0.0f;
    for (auto [s, h] : {std::pair{lm::kLeftShoulder, lm::kLeftHip}, std::pair{lm::kRightShoulder, lm::kRightHip}}) {
        float w = std::min(view.v[s], view.v[h]) + 1e-3f;
        sum += w * Dist2(view.p[s], view.p[h]);
        weight += w;
    }
    float torso = sum / weight;
    // A torso seen end-on (camera above the head) is short: never let it fall under a fifth of the body's size.
    float extent = std::max(max_x - min_x, max_y - min_y);
    view.torso = std::max({torso, 0.2f * extent, 1e-4f});
    view.extent = std::max(extent, 1e-4f);
    return true;
}

bool AxisFree(Ch channel) {
    switch (channel) {
        case Ch::kThighShareL:
        case Ch::kThighShareR:
        case Ch::kUpperArmShareL:
        case Ch::kUpperArmShareR:
        case Ch::kWristHeightL:
        case Ch::kWristHeightR:
        case Ch::kWristOverElbowL:
        case Ch::kWristOverElbowR:
        case Ch::kHipHeight: return true;
        default: return false;
    }
}

void ComputeChannels(const PoseView& view, float min_visibility, Channels& out) {
    out.value.fill(kNaN);
    Writer w(view, min_visibility, out);
    const float torso = view.torso;
    const Vec3 shoulders = Mid(w.P(lm::kLeftShoulder), w.P(lm::kRightShoulder));
    const Vec3 hips = Mid(w.P(lm::kLeftHip), w.P(lm::kRightHip));
    const Vec3 ankles = Mid(w.P(lm::kLeftAnkle), w.P(lm::kRightAnkle));
    const Vec3 wrists = Mid(w.P(lm::kLeftWrist), w.P(lm::kRightWrist));
    const bool torso_visible =
        (w.Visible(lm::kLeftShoulder) || w.Visible(lm::kRightShoulder)) && (w.Visible(lm::kLeftHip) || w.Visible(lm::kRightHip));
    const float torso_height = torso_visible ? hips.y - shoulders.y : 0.0f;

    SideChannels(w, kLeft, false, torso, torso_height);
    SideChannels(w, kRight, true, torso, torso_height);

    const bool ankles_visible = w.Visible(lm::kLeftAnkle) || w.Visible(lm::kRightAnkle);
    if (w.Visible(lm::kLeftHip) || w.Visible(lm::kRightHip)) w.Set(Ch::kHipsY, hips.y);
    if (w.Visible(lm::kLeftShoulder) || w.Visible(lm::kRightShoulder)) w.Set(Ch::kShoulderY, shoulders.y);
    if (torso_visible) {
        w.Set(Ch::kTorsoIncline, torso_height / torso);
        float lean = std::atan2((shoulders.x - hips.x) * FacingSign(w), hips.y - shoulders.y) * kRadToDeg;
        w.Set(Ch::kTorsoLean, lean);
        if (ankles_visible && torso_height > kUprightShare * torso) {
            float span = ankles.y - shoulders.y;
            if (span > 1e-6f) w.Set(Ch::kHipHeight, (ankles.y - hips.y) / span);
        }
        if (ankles_visible) {
            Vec3 line = ankles - shoulders;
            float length = Norm2(line);
            if (length > 0.5f * torso) {
                // Cross product sign: > 0 when the hip lies above the line (smaller y) in the image.
                float cross = (line.x * (hips.y - shoulders.y) - line.y * (hips.x - shoulders.x)) / (length * length);
                w.Set(Ch::kHipLineDeviation, line.x >= 0 ? -cross : cross);
            }
        }
    }
    if (w.Visible(lm::kNose) && (w.Visible(lm::kLeftWrist) || w.Visible(lm::kRightWrist))) {
        float wrist_y = w.Visible(lm::kLeftWrist, lm::kRightWrist) ? wrists.y
                        : w.Visible(lm::kLeftWrist)                ? w.P(lm::kLeftWrist).y
                                                                   : w.P(lm::kRightWrist).y;
        float reference = torso_height > kUprightShare * torso ? torso_height : torso;
        w.Set(Ch::kNoseOverWrists, (wrist_y - w.P(lm::kNose).y) / reference);
    }
    if (w.Visible(lm::kLeftAnkle, lm::kRightAnkle)) {
        float ankle_width = std::fabs(w.P(lm::kLeftAnkle).x - w.P(lm::kRightAnkle).x);
        w.Set(Ch::kAnkleSpread, ankle_width / torso);
        if (w.Visible(lm::kLeftKnee, lm::kRightKnee) && ankle_width > 0.1f * torso) {
            w.Set(Ch::kKneeWidthRatio, std::fabs(w.P(lm::kLeftKnee).x - w.P(lm::kRightKnee).x) / ankle_width);
        }
    }
    if (w.Visible(lm::kLeftAnkle, lm::kRightAnkle)) {
        w.Set(Ch::kLeftLegForward, (w.P(lm::kLeftAnkle).x - w.P(lm::kRightAnkle).x) * FacingSign(w) / torso);
    }
    if (w.Visible(lm::kLeftShoulder, lm::kRightShoulder)) {
        w.Set(Ch::kFrontality, std::fabs(w.P(lm::kLeftShoulder).x - w.P(lm::kRightShoulder).x) / torso);
    }
}

}  // namespace spotter::coaching
