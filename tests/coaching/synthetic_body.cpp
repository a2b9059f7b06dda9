#include "synthetic_body.hpp"

#include <algorithm>
#include <cmath>

namespace spotter::coaching::synthetic {
namespace {

constexpr double kDeg = 3.14159265358979 / 180.0;
const V3 kUp{0, 1, 0};
const V3 kForward{0, 0, 1};
const V3 kLeft{1, 0, 0};

double Smooth(double x) {
    x = std::clamp(x, 0.0, 1.0);
    return x * x * (3 - 2 * x);
}
double Lerp(double a, double b, double w) { return a + (b - a) * w; }

// Component of `hint` perpendicular to unit `axis`, normalised (a fallback when parallel).
V3 Perp(V3 hint, V3 axis) {
    V3 p = hint - axis * Dot(hint, axis);
    if (Length(p) < 1e-9) p = Cross(axis, kLeft);
    if (Length(p) < 1e-9) p = Cross(axis, kUp);
    return Unit(p);
}

// A limb pointing `down` rotated forward by flex degrees then outward by abd degrees.
V3 Limb(V3 down, V3 forward, V3 out, double flex, double abd) {
    V3 sagittal = down * std::cos(flex * kDeg) + forward * std::sin(flex * kDeg);
    return Unit(sagittal * std::cos(abd * kDeg) + out * std::sin(abd * kDeg));
}

// `parent` bent by `bend` degrees towards `hint`.
V3 Bend(V3 parent, V3 hint, double bend) {
    return Unit(parent * std::cos(bend * kDeg) + Perp(hint, parent) * std::sin(bend * kDeg));
}

// Two-link inverse kinematics: the middle joint between root and target, bending towards hint.
V3 Middle(V3 root, V3 target, double a, double b, V3 hint) {
    V3 d = target - root;
    double dist = std::clamp(Length(d), std::fabs(a - b) + 1e-4, a + b - 1e-4);
    V3 axis = Unit(d);
    double cos_alpha = std::clamp((a * a + dist * dist - b * b) / (2 * a * dist), -1.0, 1.0);
    double alpha = std::acos(cos_alpha);
    return root + (axis * std::cos(alpha) + Perp(hint, axis) * std::sin(alpha)) * a;
}

struct Skeleton {
    V3 shoulder[2], elbow[2], wrist[2], hip[2], knee[2], ankle[2];
    V3 head_up = kUp, face = kForward, left = kLeft;
    V3 foot_forward[2] = {kForward, kForward};
    V3 foot_down[2] = {V3{0, -1, 0}, V3{0, -1, 0}};
};

V3 Out(const Skeleton& s, int side) { return side == 0 ? s.left : s.left * -1.0; }

World Dress(const Skeleton& s, const Body& body) {
    World w{};
    const int kShoulder[2] = {lm::kLeftShoulder, lm::kRightShoulder};
    const int kElbow[2] = {lm::kLeftElbow, lm::kRightElbow};
    const int kWrist[2] = {lm::kLeftWrist, lm::kRightWrist};
    const int kPinky[2] = {lm::kLeftPinky, lm::kRightPinky};
    const int kIndex[2] = {lm::kLeftIndex, lm::kRightIndex};
    const int kThumb[2] = {lm::kLeftThumb, lm::kRightThumb};
    const int kHip[2] = {lm::kLeftHip, lm::kRightHip};
    const int kKnee[2] = {lm::kLeftKnee, lm::kRightKnee};
    const int kAnkle[2] = {lm::kLeftAnkle, lm::kRightAnkle};
    const int kHeel[2] = {lm::kLeftHeel, lm::kRightHeel};
    const int kToe[2] = {lm::kLeftFootIndex, lm::kRightFootIndex};
    const double scale = body.height / 1.75;
    for (int side = 0; side < 2; ++side) {
        V3 out = Out(s, side);
        w[kShoulder[side]] = s.shoulder[side];
        w[kElbow[side]] = s.elbow[side];
        w[kWrist[side]] = s.wrist[side];
        V3 hand = Unit(s.wrist[side] - s.elbow[side]);
        V3 across = Perp(out, hand);
        w[kPinky[side]] = s.wrist[side] + hand * (0.075 * scale) + across * (0.025 * scale);
        w[kIndex[side]] = s.wrist[side] + hand * (0.085 * scale) - across * (0.015 * scale);
        w[kThumb[side]] = s.wrist[side] + hand * (0.045 * scale) - across * (0.04 * scale);
        w[kHip[side]] = s.hip[side];
        w[kKnee[side]] = s.knee[side];
        w[kAnkle[side]] = s.ankle[side];
        w[kHeel[side]] = s.ankle[side] + s.foot_down[side] * (0.05 * scale) - s.foot_forward[side] * (0.05 * scale);
        w[kToe[side]] = s.ankle[side] + s.foot_down[side] * (0.06 * scale) + s.foot_forward[side] * (0.16 * scale);
    }
    V3 neck = (s.shoulder[0] + s.shoulder[1]) * 0.5 + s.head_up * (body.neck);
    V3 face = Perp(s.face, s.head_up);
    V3 left = Perp(s.left, s.head_up);
    V3 nose = neck + s.head_up * (0.10 * scale) + face * (0.09 * scale);
    w[lm::kNose] = nose;
    V3 eyes = nose + s.head_up * (0.035 * scale) - face * (0.015 * scale);
    w[lm::kLeftEyeInner] = eyes + left * (0.015 * scale);
    w[lm::kLeftEye] = eyes + left * (0.032 * scale);
    w[lm::kLeftEyeOuter] = eyes + left * (0.048 * scale);
    w[lm::kRightEyeInner] = eyes - left * (0.015 * scale);
    w[lm::kRightEye] = eyes - left * (0.032 * scale);
    w[lm::kRightEyeOuter] = eyes - left * (0.048 * scale);
    V3 ears = neck + s.head_up * (0.09 * scale) - face * (0.01 * scale);
    w[lm::kLeftEar] = ears + left * (0.075 * scale);
    w[lm::kRightEar] = ears - left * (0.075 * scale);
    V3 mouth = nose - s.head_up * (0.035 * scale) - face * (0.005 * scale);
    w[lm::kMouthLeft] = mouth + left * (0.025 * scale);
    w[lm::kMouthRight] = mouth - left * (0.025 * scale);
    return w;
}

// Builds the upper body from the hip centre and trunk direction; arms from their directions.
void Trunk(Skeleton& s, const Body& body, V3 hip_centre, V3 trunk_up, double stance = 1.0) {
    V3 shoulders = hip_centre + trunk_up * body.torso;
    for (int side = 0; side < 2; ++side) {
        V3 out = Out(s, side);
        s.hip[side] = hip_centre + out * (0.5 * body.hip_width * stance);
        s.shoulder[side] = shoulders + out * (0.5 * body.shoulder_width);
    }
}

void Arm(Skeleton& s, const Body& body, int side, V3 upper, V3 fore) {
    s.elbow[side] = s.shoulder[side] + upper * body.upper_arm;
    s.wrist[side] = s.elbow[side] + fore * body.forearm;
}

void Leg(Skeleton& s, const Body& body, int side, V3 thigh, V3 shin) {
    s.knee[side] = s.hip[side] + thigh * body.thigh;
    s.ankle[side] = s.knee[side] + shin * body.shin;
}

void Translate(Skeleton& s, V3 by) {
    for (int side = 0; side < 2; ++side) {
        for (V3* p : {&s.shoulder[side], &s.elbow[side], &s.wrist[side], &s.hip[side], &s.knee[side], &s.ankle[side]}) {
            *p = *p + by;
        }
    }
}

// Puts the feet on the floor with the ankles' midpoint at x = z = 0.
void StandOnFloor(Skeleton& s) {
    V3 mid = (s.ankle[0] + s.ankle[1]) * 0.5;
    double low = std::min(s.ankle[0].y, s.ankle[1].y);
    Translate(s, V3{-mid.x, 0.085 - low, -mid.z});
}

V3 TrunkDirection(double lean_deg) { return Unit(kUp * std::cos(lean_deg * kDeg) + kForward * std::sin(lean_deg * kDeg)); }

Skeleton StandingSkeleton(const Body& body, double walk_phase) {
    Skeleton s;
    Trunk(s, body, V3{0, 1, 0}, kUp);
    for (int side = 0; side < 2; ++side) {
        double swing = walk_phase >= 0 ? 25.0 * std::sin(walk_phase + side * 3.14159265) : 0.0;
        double knee = walk_phase >= 0 ? std::max(0.0, 40.0 * std::sin(walk_phase + side * 3.14159265 + 1.2)) : 3.0;
        V3 thigh = Limb(kUp * -1, kForward, Out(s, side), swing, 3);
        Leg(s, body, side, thigh, Bend(thigh, kForward * -1, knee));
        V3 upper = Limb(kUp * -1, kForward, Out(s, side), -swing * 0.8, 6);
        Arm(s, body, side, upper, Bend(upper, kForward, 10));
    }
    StandOnFloor(s);
    return s;
}

Skeleton Squat(const Body& body, const Style& st, double u, const Errors& e) {
    Skeleton s;
    double thigh_angle = u * Lerp(95.0 * st.depth, 55.0, e.Amount(FlagId::kShallowDepth));
    double shin_angle = u * 30.0;
    double lean = 8.0 + st.lean + u * Lerp(32.0, 62.0, e.Amount(FlagId::kTorsoLean));
    // Knees track over the toes (the ankle slightly inside the knee); caving in brings the knees together.
    double valgus = e.Amount(FlagId::kKneesIn);
    double thigh_abd = 8.0 * st.stance - valgus * u * 22.0;
    double shin_abd = -3.0 + valgus * u * 19.0;
    Trunk(s, body, V3{0, 1, 0}, TrunkDirection(lean), st.stance);
    for (int side = 0; side < 2; ++side) {
        V3 out = Out(s, side);
        V3 thigh = Limb(kUp * -1, kForward, out, thigh_angle, thigh_abd);
        V3 shin = Limb(kUp * -1, kForward * -1, out, shin_angle, shin_abd);
        Leg(s, body, side, thigh, shin);
        V3 upper = Limb(kUp * -1, kForward, out, 10 + u * 75, 5);
        Arm(s, body, side, upper, Bend(upper, kUp, st.arm_bend));
        s.foot_forward[side] = Unit(kForward + out * 0.25);
    }
    s.head_up = TrunkDirection(lean * 0.5);
    StandOnFloor(s);
    return s;
}

Skeleton PushUp(const Body& body, const Style& st, double u, const Errors& e) {
    Skeleton s;
    const double arm = body.upper_arm + body.forearm;
    const double length = body.shin + body.thigh + body.torso;
    // At the bottom the forearms are vertical and the upper arms about level (elbows near 90 degrees).
    double top = 0.95 * arm + 0.03;
    double bottom = Lerp(body.forearm + 0.03, 0.82 * arm, e.Amount(FlagId::kShortRange));
    double h = Lerp(top, bottom, u * st.depth);
    double phi = std::asin(std::clamp((h - 0.10) / length, -1.0, 1.0));
    V3 along{0, std::sin(phi), std::cos(phi)};    // feet -> head
    V3 chest{0, -std::cos(phi), std::sin(phi)};   // towards the floor
    V3 ankles{0, 0.10, 0};
    V3 hip_line = ankles + along * (body.shin + body.thigh);
    double sag = 0.01 + 0.12 * e.Amount(FlagId::kHipsSagging) - 0.45 * e.Amount(FlagId::kHipsHigh);
    V3 hips = hip_line + chest * sag;
    V3 shoulders = ankles + along * length;
    V3 trunk_up = Unit(shoulders - hips);
    for (int side = 0; side < 2; ++side) {
        V3 out = Out(s, side);
        s.hip[side] = hips + out * (0.5 * body.hip_width);
        s.ankle[side] = ankles + out * (0.4 * body.hip_width);
        s.knee[side] = s.hip[side] + (s.ankle[side] - s.hip[side]) * (body.thigh / (body.thigh + body.shin));
        s.shoulder[side] = hips + trunk_up * body.torso + out * (0.5 * body.shoulder_width);
        V3 wrist{s.shoulder[side].x + (side == 0 ? 0.08 : -0.08), 0.03, s.shoulder[side].z + 0.03};
        s.elbow[side] = Middle(s.shoulder[side], wrist, body.upper_arm, body.forearm, Unit(kForward * -1 + out * 0.9));
        s.wrist[side] = wrist;
        s.foot_forward[side] = Unit(kUp * -0.9 + along * 0.3);
        s.foot_down[side] = along * -1;
    }
    s.head_up = along;
    s.face = Unit(chest + along * 0.3);
    return s;
}

Skeleton Lunge(const Body& body, const Style& st, double u, int side, const Errors& e) {
    Skeleton s;
    const double leg = body.thigh + body.shin;
    const int front = side < 0 ? 0 : side;
    const int back = 1 - front;
    double step = Smooth(u / 0.3);
    double stride = 0.85 * leg * step * st.stance;
    double lift = 0.06 * std::sin(3.14159265 * std::min(1.0, u / 0.3));
    double forward_share = Lerp(0.5, 0.78, e.Amount(FlagId::kKneePastToes));
    double drop_max = Lerp(0.40 * st.depth, 0.17, e.Amount(FlagId::kFrontKneeAngle)) * leg;
    double drop = drop_max * Smooth((u - 0.08) / 0.92);
    V3 out_front = Out(s, front), out_back = Out(s, back);
    V3 ankle_back = out_back * (0.5 * body.hip_width) + V3{0, 0.085, 0};
    V3 ankle_front = out_front * (0.5 * body.hip_width) + V3{0, 0.085 + lift, stride};
    double hip_z = forward_share * stride;
    double hip_y = 0.085 + 0.99 * leg - drop;
    // Keep both feet reachable.
    for (V3 a : {ankle_back, ankle_front}) {
        double dz = hip_z - a.z;
        double reach = 0.995 * leg;
        if (std::fabs(dz) < reach) hip_y = std::min(hip_y, a.y + std::sqrt(reach * reach - dz * dz));
    }
    V3 hip_centre{0, hip_y, hip_z};
    Trunk(s, body, hip_centre, TrunkDirection(4 + st.lean));
    s.ankle[front] = ankle_front;
    s.ankle[back] = ankle_back;
    for (int k = 0; k < 2; ++k) {
        s.knee[k] = Middle(s.hip[k], s.ankle[k], body.thigh, body.shin, kForward);
        // Hands on the hips, elbows out.
        V3 hand = s.hip[k] + Out(s, k) * 0.07 + kUp * 0.05;
        s.elbow[k] = Middle(s.shoulder[k], hand, body.upper_arm, body.forearm, Unit(Out(s, k) - kForward * 0.5));
        s.wrist[k] = hand;
    }
    s.foot_forward[back] = Unit(kForward + kUp * 0.2 * Smooth((u - 0.2) / 0.8));
    return s;
}

Skeleton SitUp(const Body& body, const Style& st, double u, const Errors& e) {
    Skeleton s;
    double tau = 8.0 + u * Lerp(67.0 * st.depth, 25.0, e.Amount(FlagId::kIncompleteSitUp));
    V3 trunk_up{0, std::sin(tau * kDeg), -std::cos(tau * kDeg)};
    V3 chest{0, std::cos(tau * kDeg), std::sin(tau * kDeg)};
    Trunk(s, body, V3{0, 0.12, 0}, trunk_up);
    for (int side = 0; side < 2; ++side) {
        V3 out = Out(s, side);
        V3 thigh = Unit(V3{0, std::sin(50 * kDeg), std::cos(50 * kDeg)});
        V3 shin = Unit(V3{0, -std::sin(70 * kDeg), std::cos(70 * kDeg)});
        Leg(s, body, side, thigh, shin);
        V3 upper = Unit(trunk_up * -0.3 + chest * 0.5 - out * 0.5);
        V3 fore = Unit(out * -1 + trunk_up * 0.4 + chest * 0.1);
        Arm(s, body, side, upper, fore);
    }
    s.head_up = trunk_up;
    s.face = chest;
    double low = std::min(s.ankle[0].y, s.ankle[1].y);
    Translate(s, V3{0, 0.085 - low, 0});
    return s;
}

Skeleton JumpingJack(const Body& body, const Style& st, double u, const Errors& e) {
    Skeleton s;
    double arms = 12 + u * Lerp(158.0 * st.depth, 80.0, e.Amount(FlagId::kArmsNotOverhead));
    double legs = 3 + u * 13 * st.stance;
    Trunk(s, body, V3{0, 1, 0}, kUp);
    for (int side = 0; side < 2; ++side) {
        V3 out = Out(s, side);
        V3 thigh = Limb(kUp * -1, kForward, out, 0, legs);
        Leg(s, body, side, thigh, Bend(thigh, kForward * -1, 4));
        V3 upper = Limb(kUp * -1, kForward, out, 5, arms);
        Arm(s, body, side, upper, Bend(upper, kUp, 5));
    }
    StandOnFloor(s);
    Translate(s, V3{0, 0.06 * std::sin(3.14159265 * u), 0});
    return s;
}

Skeleton PullUp(const Body& body, const Style& st, double u, const Errors& e) {
    Skeleton s;
    const double arm = body.upper_arm + body.forearm;
    const double bar = 2.35;
    const double grip = 0.5 * body.shoulder_width + 0.15;
    double rest = Lerp(std::sqrt(std::pow(0.98 * arm, 2) - 0.15 * 0.15), 0.72 * arm, e.Amount(FlagId::kNoFullExtension));
    double top = Lerp(0.08 / st.depth, 0.27, e.Amount(FlagId::kChinBelowBar));
    double d = Lerp(rest, top, u);
    V3 shoulders{0, bar - 0.03 - d, -0.03};
    double lean = 3 + 10 * u;
    V3 trunk_up{0, std::cos(lean * kDeg), std::sin(lean * kDeg)};
    Trunk(s, body, shoulders - trunk_up * body.torso, trunk_up);
    for (int side = 0; side < 2; ++side) {
        V3 out = Out(s, side);
        V3 wrist = V3{0, bar - 0.03, 0} + out * grip;
        s.elbow[side] = Middle(s.shoulder[side], wrist, body.upper_arm, body.forearm, Unit(out - kUp * 0.5));
        s.wrist[side] = wrist;
        V3 thigh = Limb(trunk_up * -1, kForward, out, 8, 3);
        Leg(s, body, side, thigh, Bend(thigh, kForward * -1, 18));
        s.foot_forward[side] = Unit(kForward - kUp * 0.5);
    }
    return s;
}

Skeleton BenchPress(const Body& body, const Style& st, double u, const Errors& e) {
    Skeleton s;
    const double arm = body.upper_arm + body.forearm;
    V3 trunk_up{0, 0, -1};
    V3 shoulders{0, 0.55, 0};
    Trunk(s, body, shoulders - trunk_up * body.torso, trunk_up);
    // At the bottom the forearms are about vertical (elbows near 90 degrees).
    double top = Lerp(std::sqrt(std::pow(0.985 * arm, 2) - 0.12 * 0.12), 0.93 * arm, e.Amount(FlagId::kNoLockout));
    double bottom = Lerp((body.forearm + 0.06) / st.depth, 0.8 * arm, e.Amount(FlagId::kShortRange));
    double h = Lerp(top, bottom, u);
    for (int side = 0; side < 2; ++side) {
        V3 out = Out(s, side);
        V3 wrist = s.shoulder[side] + out * 0.12 + V3{0, h, 0.04};
        s.elbow[side] = Middle(s.shoulder[side], wrist, body.upper_arm, body.forearm, Unit(out - kUp * 0.6));
        s.wrist[side] = wrist;
        V3 thigh = Unit(V3{0, -0.25, 1});
        V3 shin = Unit(V3{0, -1, 0.15});
        Leg(s, body, side, thigh, shin);
        s.foot_forward[side] = kForward;
    }
    s.head_up = trunk_up;
    s.face = kUp;
    return s;
}

Skeleton FrontRaise(const Body& body, const Style& st, double u, int side, const Errors& e) {
    Skeleton s;
    double flex = 5 + u * Lerp(88.0 * st.depth, 55.0, e.Amount(FlagId::kArmNotRaised));
    double lean = 2 + st.lean * 0.3;
    lean += e.Amount(FlagId::kTorsoSwing) * (14 * std::sin(3.14159265 * std::min(1.0, u * 2.0)) * (u < 0.5 ? 1 : 0) - 16 * u);
    Trunk(s, body, V3{0, 1, 0}, TrunkDirection(lean));
    for (int k = 0; k < 2; ++k) {
        V3 out = Out(s, k);
        V3 thigh = Limb(kUp * -1, kForward, out, 0, 4);
        Leg(s, body, k, thigh, Bend(thigh, kForward * -1, 3));
        double f = (side < 0 || side == k) ? flex : 5.0;
        V3 upper = Limb(kUp * -1, kForward, out, f, 8);
        Arm(s, body, k, upper, Bend(upper, kUp, st.arm_bend));
    }
    StandOnFloor(s);
    return s;
}

Skeleton ShoulderPress(const Body& body, const Style& st, double u, const Errors& e) {
    Skeleton s;
    double abd = 78 + u * 92 * std::min(1.0, st.depth);
    double bend = Lerp(95, Lerp(8, 42, e.Amount(FlagId::kNoLockout)), u);
    Trunk(s, body, V3{0, 1, 0}, TrunkDirection(1 + st.lean * 0.2));
    for (int k = 0; k < 2; ++k) {
        V3 out = Out(s, k);
        V3 thigh = Limb(kUp * -1, kForward, out, 0, 5);
        Leg(s, body, k, thigh, Bend(thigh, kForward * -1, 3));
        V3 upper = Limb(kUp * -1, kForward, out, 12, abd);
        Arm(s, body, k, upper, Bend(upper, Unit(kUp - out * 0.25 + kForward * 0.1), bend));
    }
    StandOnFloor(s);
    return s;
}

Skeleton BicepsCurl(const Body& body, const Style& st, double u, int side, const Errors& e) {
    Skeleton s;
    double bend = 12 + u * Lerp(133.0 * std::min(1.0, st.depth), 78.0, e.Amount(FlagId::kIncompleteCurl));
    double flex = 4 + 52 * u * e.Amount(FlagId::kUpperArmSwing);
    double lean = 2 + st.lean * 0.3 - 24 * u * e.Amount(FlagId::kLeaningBack);
    Trunk(s, body, V3{0, 1, 0}, TrunkDirection(lean));
    V3 trunk_forward = Unit(kForward * std::cos(lean * kDeg) - kUp * std::sin(lean * kDeg));
    V3 trunk_down = TrunkDirection(lean) * -1;
    for (int k = 0; k < 2; ++k) {
        V3 out = Out(s, k);
        V3 thigh = Limb(kUp * -1, kForward, out, 0, 4);
        Leg(s, body, k, thigh, Bend(thigh, kForward * -1, 3));
        bool working = side < 0 || side == k;
        V3 upper = Limb(trunk_down, trunk_forward, out, working ? flex : 4, 6);
        Arm(s, body, k, upper, Bend(upper, trunk_forward, working ? bend : 12));
    }
    StandOnFloor(s);
    return s;
}

Skeleton Plank(const Body& body, const Errors& e) {
    Skeleton s;
    const double length = body.shin + body.thigh + body.torso;
    const double shoulder_height = 0.04 + 0.97 * body.upper_arm;
    double rise = shoulder_height - 0.10;
    double run = std::sqrt(std::max(0.01, length * length - rise * rise));
    V3 ankles{0, 0.10, 0};
    V3 shoulders{0, shoulder_height, run};
    V3 along = Unit(shoulders - ankles);
    V3 down = Unit(V3{0, -along.z, along.y});
    double sag = 0.12 * e.Amount(FlagId::kHipsSagging) - 0.5 * e.Amount(FlagId::kHipsHigh);
    V3 hips = ankles + along * (body.shin + body.thigh) + down * sag;
    V3 trunk_up = Unit(shoulders - hips);
    for (int side = 0; side < 2; ++side) {
        V3 out = Out(s, side);
        s.hip[side] = hips + out * (0.5 * body.hip_width);
        s.ankle[side] = ankles + out * (0.4 * body.hip_width);
        s.knee[side] = s.hip[side] + (s.ankle[side] - s.hip[side]) * (body.thigh / (body.thigh + body.shin));
        s.shoulder[side] = hips + trunk_up * body.torso + out * (0.5 * body.shoulder_width);
        s.elbow[side] = V3{s.shoulder[side].x, 0.04, s.shoulder[side].z};
        s.wrist[side] = s.elbow[side] + V3{side == 0 ? -0.05 : 0.05, 0.0, body.forearm * 0.98};
        s.foot_forward[side] = Unit(kUp * -0.9 + along * 0.3);
        s.foot_down[side] = along * -1;
    }
    s.head_up = along;
    s.face = Unit(down + along * 0.4);
    return s;
}

}  // namespace

double Dot(V3 a, V3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
V3 Cross(V3 a, V3 b) { return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x}; }
double Length(V3 a) { return std::sqrt(Dot(a, a)); }
V3 Unit(V3 a) {
    double n = Length(a);
    return n > 1e-12 ? a * (1.0 / n) : V3{0, 1, 0};
}

bool Errors::Has(FlagId id) const { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

Body RandomBody(std::mt19937_64& rng) {
    std::uniform_real_distribution<double> height(1.55, 1.95);
    std::normal_distribution<double> vary(1.0, 0.04);
    Body b;
    b.height = height(rng);
    double k = b.height / 1.75;
    b.torso = 0.52 * k * vary(rng);
    b.shoulder_width = 0.36 * k * vary(rng);
    b.hip_width = 0.22 * k * vary(rng);
    b.upper_arm = 0.30 * k * vary(rng);
    b.forearm = 0.26 * k * vary(rng);
    b.thigh = 0.43 * k * vary(rng);
    b.shin = 0.43 * k * vary(rng);
    b.neck = 0.10 * k;
    return b;
}

Style RandomStyle(std::mt19937_64& rng) {
    std::uniform_real_distribution<double> depth(0.93, 1.04), lean(-4.0, 6.0), stance(0.8, 1.25), bend(4.0, 14.0);
    Style s;
    s.depth = depth(rng);
    s.lean = lean(rng);
    s.stance = stance(rng);
    s.arm_bend = bend(rng);
    return s;
}

World Pose(Exercise exercise, const Body& body, const Style& style, double u, int side, const Errors& errors) {
    Skeleton s;
    switch (exercise) {
        case Exercise::kSquat: s = Squat(body, style, u, errors); break;
        case Exercise::kPushUp: s = PushUp(body, style, u, errors); break;
        case Exercise::kLunge: s = Lunge(body, style, u, side, errors); break;
        case Exercise::kSitUp: s = SitUp(body, style, u, errors); break;
        case Exercise::kJumpingJack: s = JumpingJack(body, style, u, errors); break;
        case Exercise::kPullUp: s = PullUp(body, style, u, errors); break;
        case Exercise::kBenchPress: s = BenchPress(body, style, u, errors); break;
        case Exercise::kFrontRaise: s = FrontRaise(body, style, u, side, errors); break;
        case Exercise::kShoulderPress: s = ShoulderPress(body, style, u, errors); break;
        case Exercise::kBicepsCurl: s = BicepsCurl(body, style, u, side, errors); break;
        case Exercise::kPlank: s = Plank(body, errors); break;
        case Exercise::kAuto: s = StandingSkeleton(body, -1); break;
    }
    return Dress(s, body);
}

World Standing(const Body& body, double walk_phase) { return Dress(StandingSkeleton(body, walk_phase), body); }

World Blend(const World& a, const World& b, double w) {
    World out;
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = a[i] * (1 - w) + b[i] * w;
    return out;
}

}  // namespace spotter::coaching::synthetic
