#include "synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

#include "synthetic_body.hpp"

namespace spotter::coaching::synthetic {
namespace {

constexpr double kPi = 3.14159265358979;
constexpr double kDeg = kPi / 180.0;
constexpr double kVerticalFov = 55.0;

enum class SegmentKind { kRest, kMove, kWalk, kGap, kPlank, kToPlank, kFromPlank };

struct Segment {
    SegmentKind kind = SegmentKind::kRest;
    double t0 = 0.0, t1 = 0.0;
    double u0 = 0.0, u1 = 0.0;   // kMove
    double x0 = 0.0, x1 = 0.0;   // kWalk: offset along the camera's right, metres
    int side = -1;
    bool fidget = false;
    Errors errors;       // kMove: the repetition's errors; kRest: those fading out over the first half
    Errors next_errors;  // kRest: the next repetition's errors, fading in over the second half
};

double BaseRepSeconds(Exercise e) {
    switch (e) {
        case Exercise::kJumpingJack: return 1.0;
        case Exercise::kPushUp: return 2.0;
        case Exercise::kLunge: return 2.8;
        case Exercise::kPullUp: return 2.6;
        case Exercise::kFrontRaise: return 2.6;
        default: return 2.4;
    }
}

bool Standing(Exercise e) {
    switch (e) {
        case Exercise::kPushUp:
        case Exercise::kSitUp:
        case Exercise::kBenchPress:
        case Exercise::kPullUp:
        case Exercise::kPlank: return false;
        default: return true;
    }
}

struct Camera {
    V3 position, right, up, forward;
    double fy = 1.0, fx = 1.0;
};

Camera MakeCamera(const Conditions& c, const std::vector<World>& reference) {
    V3 lo{1e9, 1e9, 1e9}, hi{-1e9, -1e9, -1e9};
    for (const World& w : reference) {
        for (const V3& p : w) {
            lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
            hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
        }
    }
    V3 target = (lo + hi) * 0.5;
    double radius = 0.5 * Length(hi - lo);
    double tan_v = std::tan(0.5 * kVerticalFov * kDeg);
    double tan_h = tan_v * c.aspect;
    double distance = std::max(c.distance_m, 1.05 * radius / std::min(tan_v, tan_h));
    double yaw = c.yaw_deg * kDeg, pitch = c.pitch_deg * kDeg;
    Camera cam;
    cam.position = target + V3{std::sin(yaw) * std::cos(pitch), std::sin(pitch), std::cos(yaw) * std::cos(pitch)} * distance;
    cam.forward = Unit(target - cam.position);
    cam.right = Unit(Cross(cam.forward, V3{0, 1, 0}));
    cam.up = Cross(cam.right, cam.forward);
    cam.fy = 0.5 / tan_v;
    cam.fx = cam.fy / c.aspect;
    return cam;
}

// Builds the timeline of a repetition exercise; fills the truth.
std::vector<Segment> RepTimeline(const SequenceSpec& spec, std::mt19937_64& rng, std::vector<RepTruth>& truth,
                                 const std::vector<FlagId>& plantable) {
    const Conditions& c = spec.conditions;
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    std::normal_distribution<double> gauss(0.0, 1.0);
    std::vector<Segment> timeline;
    double t = 0.0;
    // Appends a segment whose t1 holds its duration.
    auto add = [&](Segment s) {
        double duration = s.t1;
        s.t0 = t;
        t = s.t1 = t + duration;
        timeline.push_back(s);
    };
    auto rest = [&](double seconds, bool fidget, const Errors& before = {}, const Errors& after = {}) {
        Segment s;
        s.kind = SegmentKind::kRest;
        s.t1 = seconds;
        s.fidget = fidget;
        s.errors = before;
        s.next_errors = after;
        add(s);
    };
    auto move = [&](double seconds, double u0, double u1, int side, const Errors& errors) {
        Segment s;
        s.kind = SegmentKind::kMove;
        s.t1 = seconds;
        s.u0 = u0;
        s.u1 = u1;
        s.side = side;
        s.errors = errors;
        add(s);
    };
    const bool alternate = spec.alternate_sides || spec.exercise == Exercise::kLunge;
    const double base = BaseRepSeconds(spec.exercise) / std::max(0.1, c.speed);
    double factor = 1.0;
    auto rep_seconds = [&]() {
        factor = std::clamp(factor * std::exp(c.speed_variation * gauss(rng)), 0.5, 2.0);
        return base * factor;
    };

    // Errors first, so that rests can fade from one repetition's errors into the next one's.
    std::vector<Errors> errors(spec.reps);
    for (Errors& e : errors) {
        if (!plantable.empty() && uni(rng) < spec.error_rate) {
            e.ids.push_back(plantable[static_cast<std::size_t>(uni(rng) * plantable.size()) % plantable.size()]);
        }
    }
    const Errors none;
    const Errors& first = spec.reps > 0 ? errors[0] : none;
    if (c.partial_start) {
        double d = rep_seconds();
        double from = 0.6 + 0.4 * uni(rng);
        move(0.45 * d * from, from, 0.0, alternate ? 1 : -1, {});
        rest(0.2 + 0.5 * uni(rng), false, none, first);
    } else {
        rest(0.6 + 1.0 * uni(rng), c.fidget, none, first);
    }
    int side = 0;
    for (int i = 0; i < spec.reps; ++i) {
        double d = rep_seconds();
        int rep_side = alternate ? side : -1;
        side = 1 - side;
        RepTruth rep;
        rep.start_s = t;
        rep.errors = errors[i].ids;
        move(0.45 * d, 0.0, 1.0, rep_side, errors[i]);
        double hold = 0.1 * d * uni(rng);
        rep.turn_s = t + 0.5 * hold;
        if (hold > 0.0) move(hold, 1.0, 1.0, rep_side, errors[i]);
        move(0.45 * d, 1.0, 0.0, rep_side, errors[i]);
        rep.end_s = t;
        truth.push_back(rep);
        if (i + 1 == spec.reps) break;
        double pause = std::max(0.05, c.pause_s * (0.5 + uni(rng)));
        if (uni(rng) < c.long_rest_rate) pause = 3.0 + 7.0 * uni(rng);
        bool walk_out = uni(rng) < c.walk_out_rate;
        rest(pause, c.fidget && pause > 1.0, errors[i], walk_out ? none : errors[i + 1]);
        if (walk_out) {
            Segment walk;
            walk.kind = SegmentKind::kWalk;
            double away = 4.0 * (uni(rng) < 0.5 ? -1.0 : 1.0);
            if (Standing(spec.exercise)) {
                walk.x0 = 0.0;
                walk.x1 = away;
                walk.t1 = 1.5;
                add(walk);
            }
            Segment gap;
            gap.kind = SegmentKind::kGap;
            gap.t1 = 2.0 + 4.0 * uni(rng);
            add(gap);
            if (Standing(spec.exercise)) {
                walk.x0 = away;
                walk.x1 = 0.0;
                walk.t1 = 1.5;
                add(walk);
            }
            rest(0.8 + 0.8 * uni(rng), false, none, errors[i + 1]);
        }
    }
    rest(0.3 + 0.7 * uni(rng), false, spec.reps > 0 ? errors.back() : none);
    if (c.partial_end) {
        double d = rep_seconds();
        double to = 0.3 + 0.5 * uni(rng);
        move(0.45 * d * to, 0.0, to, alternate ? side : -1, {});
        Segment hold;
        hold.kind = SegmentKind::kMove;
        hold.t1 = 0.2;
        hold.u0 = hold.u1 = to;
        hold.side = alternate ? side : -1;
        add(hold);
    } else {
        rest(0.5 + 0.5 * uni(rng), false);
    }
    return timeline;
}

// The timeline of a scripted movement; fills the truth with its complete repetitions.
std::vector<Segment> ScriptTimeline(const SequenceSpec& spec, std::vector<RepTruth>& truth) {
    std::vector<Segment> timeline;
    double t = 0.0, u = 0.0;
    std::optional<RepTruth> rep;
    for (const Move& m : spec.script) {
        Segment s;
        s.kind = SegmentKind::kMove;
        s.t0 = t;
        s.t1 = t + std::max(m.seconds, 1e-3);
        s.u0 = u;
        s.u1 = std::clamp(m.to, 0.0, 1.0);
        if (u == 0.0 && s.u1 > 0.0) rep = RepTruth{t, t, t, {}};
        if (rep && s.u1 == 1.0 && s.u0 < 1.0) rep->turn_s = s.t1;
        if (rep && s.u1 == 0.0 && s.u0 > 0.0) {
            rep->end_s = s.t1;
            if (rep->turn_s > rep->start_s) truth.push_back(*rep);
            rep.reset();
        }
        t = s.t1;
        u = s.u1;
        timeline.push_back(s);
    }
    return timeline;
}

std::vector<Segment> PlankTimeline(const SequenceSpec& spec, std::mt19937_64& rng, std::vector<RepTruth>& truth,
                                   double& hold_total) {
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    std::vector<Segment> timeline;
    double t = 0.0;
    auto add = [&](SegmentKind kind, double seconds, Errors errors = {}) {
        Segment s;
        s.kind = kind;
        s.t0 = t;
        s.t1 = t + seconds;
        s.errors = std::move(errors);
        t = s.t1;
        timeline.push_back(s);
    };
    int holds = std::max(1, spec.reps);
    hold_total = 0.0;
    add(SegmentKind::kRest, 1.5 + uni(rng));
    for (int i = 0; i < holds; ++i) {
        add(SegmentKind::kToPlank, 1.5);
        RepTruth hold;
        hold.start_s = t;
        double length = 12.0 + 20.0 * uni(rng);
        Errors errors;
        if (uni(rng) < spec.error_rate) {
            std::vector<FlagId> choice = spec.errors.empty() ? PlantableErrors(Exercise::kPlank) : spec.errors;
            errors.ids.push_back(choice[static_cast<std::size_t>(uni(rng) * choice.size()) % choice.size()]);
            hold.errors = errors.ids;
            // The error covers the middle 60-80% of the hold.
            double share = 0.6 + 0.2 * uni(rng);
            double good = length * (1 - share) / 2;
            add(SegmentKind::kPlank, good);
            add(SegmentKind::kPlank, length * share, errors);
            add(SegmentKind::kPlank, good);
        } else {
            add(SegmentKind::kPlank, length);
        }
        hold.end_s = t;
        hold.turn_s = 0.5 * (hold.start_s + hold.end_s);
        hold_total += length;
        truth.push_back(hold);
        add(SegmentKind::kFromPlank, 1.5);
        add(SegmentKind::kRest, 2.0 + 3.0 * uni(rng));
        if (i + 1 < holds && uni(rng) < spec.conditions.walk_out_rate) add(SegmentKind::kGap, 2.0 + 3.0 * uni(rng));
    }
    return timeline;
}

double Ease(double x) { return 0.5 - 0.5 * std::cos(kPi * std::clamp(x, 0.0, 1.0)); }

struct Occlusion {
    double t0 = 0.0, t1 = 0.0;
    std::vector<int> landmarks;
    double dx = 0.0, dy = 0.0;
};

std::vector<int> OcclusionGroup(int which) {
    switch (which) {
        case 0: return {lm::kLeftElbow, lm::kLeftWrist, lm::kLeftPinky, lm::kLeftIndex, lm::kLeftThumb};
        case 1: return {lm::kRightElbow, lm::kRightWrist, lm::kRightPinky, lm::kRightIndex, lm::kRightThumb};
        case 2: return {lm::kLeftKnee, lm::kLeftAnkle, lm::kLeftHeel, lm::kLeftFootIndex};
        case 3: return {lm::kRightKnee, lm::kRightAnkle, lm::kRightHeel, lm::kRightFootIndex};
        default:
            return {lm::kLeftKnee, lm::kLeftAnkle, lm::kLeftHeel, lm::kLeftFootIndex,
                    lm::kRightKnee, lm::kRightAnkle, lm::kRightHeel, lm::kRightFootIndex};
    }
}

// Which body side a landmark is on: +1 left, -1 right, 0 centre (nose).
int SideOf(int index) {
    if (index == 0) return 0;
    if (index <= 3) return 1;
    if (index <= 6) return -1;
    return index % 2 == 1 ? 1 : -1;
}

}  // namespace

std::vector<FlagId> PlantableErrors(Exercise exercise) {
    switch (exercise) {
        case Exercise::kSquat: return {FlagId::kShallowDepth, FlagId::kKneesIn, FlagId::kTorsoLean};
        case Exercise::kPushUp: return {FlagId::kHipsSagging, FlagId::kHipsHigh, FlagId::kShortRange};
        case Exercise::kLunge: return {FlagId::kFrontKneeAngle, FlagId::kKneePastToes};
        case Exercise::kSitUp: return {FlagId::kIncompleteSitUp};
        case Exercise::kJumpingJack: return {FlagId::kArmsNotOverhead};
        case Exercise::kPullUp: return {FlagId::kChinBelowBar, FlagId::kNoFullExtension};
        case Exercise::kBenchPress: return {FlagId::kNoLockout, FlagId::kShortRange};
        case Exercise::kFrontRaise: return {FlagId::kArmNotRaised, FlagId::kTorsoSwing};
        case Exercise::kShoulderPress: return {FlagId::kNoLockout};
        case Exercise::kBicepsCurl: return {FlagId::kUpperArmSwing, FlagId::kIncompleteCurl, FlagId::kLeaningBack};
        case Exercise::kPlank: return {FlagId::kHipsHigh, FlagId::kHipsSagging};
        case Exercise::kAuto: return {};
    }
    return {};
}

double GoodYaw(Exercise exercise) {
    switch (exercise) {
        case Exercise::kJumpingJack:
        case Exercise::kShoulderPress:
        case Exercise::kPullUp: return 0.0;
        case Exercise::kSquat:
        case Exercise::kFrontRaise:
        case Exercise::kBicepsCurl: return 60.0;
        default: return 90.0;
    }
}

Conditions EasyConditions(Exercise exercise, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    Conditions c;
    double yaw = GoodYaw(exercise) + (uni(rng) - 0.5) * 20.0;
    c.yaw_deg = uni(rng) < 0.5 ? yaw : -yaw;
    c.pitch_deg = 3.0 + 9.0 * uni(rng);
    c.distance_m = 3.0 + uni(rng);
    c.speed = 0.9 + 0.2 * uni(rng);
    c.speed_variation = 0.05;
    c.pause_s = 0.3 + 0.3 * uni(rng);
    return c;
}

Conditions HardConditions(Exercise exercise, std::mt19937_64& rng) {
    (void)exercise;
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    Conditions c;
    c.yaw_deg = 360.0 * uni(rng);
    c.pitch_deg = -5.0 + 40.0 * uni(rng);
    c.distance_m = 2.5 + 3.5 * uni(rng);
    const double aspects[] = {1.0, 16.0 / 9.0, 9.0 / 16.0, 4.0 / 3.0};
    c.aspect = aspects[static_cast<int>(uni(rng) * 4) % 4];
    c.fps = 10.0 + 50.0 * uni(rng);
    c.fps_jitter = 0.05 + 0.25 * uni(rng);
    c.drop_rate = 0.05 * uni(rng);
    c.noise = 0.005 + 0.015 * uni(rng);
    c.z_noise = 0.02 + 0.06 * uni(rng);
    c.occlusion_rate = 0.15 * uni(rng);
    c.normalisation = uni(rng) < 0.5 ? Normalisation::kMinMax : Normalisation::kImage;
    c.speed = 0.6 + 1.2 * uni(rng);
    c.speed_variation = 0.25;
    c.pause_s = 0.1 + 1.4 * uni(rng);
    c.long_rest_rate = 0.15;
    c.walk_out_rate = 0.1;
    c.partial_start = uni(rng) < 0.5;
    c.partial_end = uni(rng) < 0.5;
    c.fidget = true;
    return c;
}

Sequence Generate(const SequenceSpec& spec) {
    std::mt19937_64 rng(spec.seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(spec.exercise) + 1);
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    std::normal_distribution<double> gauss(0.0, 1.0);
    const Conditions& c = spec.conditions;
    const Body body = RandomBody(rng);
    const Style style = RandomStyle(rng);
    const Exercise exercise = spec.exercise;

    Sequence seq;
    seq.exercise = exercise;
    std::vector<FlagId> plantable = spec.errors.empty() ? PlantableErrors(exercise) : spec.errors;
    std::vector<Segment> timeline = exercise == Exercise::kPlank
                                        ? PlankTimeline(spec, rng, seq.reps, seq.hold_s)
                                        : !spec.script.empty() ? ScriptTimeline(spec, seq.reps)
                                                               : RepTimeline(spec, rng, seq.reps, plantable);
    const double end = timeline.empty() ? 0.0 : timeline.back().t1;

    std::vector<World> reference = {Pose(exercise, body, style, 0.0, 0, {}), Pose(exercise, body, style, 1.0, 0, {})};
    if (exercise == Exercise::kPlank) reference.push_back(Standing(body, -1));
    const Camera cam = MakeCamera(c, reference);
    const V3 walk_axis = Unit(V3{cam.right.x, 0.0, cam.right.z});
    // MediaPipe measures landmarks on a crop around the person, so its jitter scales with the person's size in the
    // picture: noise is given relative to that size (in image-height units) and is isotropic in pixels.
    double body_size = 0.0;
    {
        double lo_x = 1e9, hi_x = -1e9, lo_y = 1e9, hi_y = -1e9;
        for (const V3& p : reference[0]) {
            V3 d = p - cam.position;
            double depth = std::max(0.05, Dot(d, cam.forward));
            double x = cam.fx * Dot(d, cam.right) / depth, y = cam.fy * Dot(d, cam.up) / depth;
            lo_x = std::min(lo_x, x);
            hi_x = std::max(hi_x, x);
            lo_y = std::min(lo_y, y);
            hi_y = std::max(hi_y, y);
        }
        body_size = std::max(hi_y - lo_y, (hi_x - lo_x) * c.aspect);
    }
    const double noise_y = c.noise * body_size;
    const double noise_x = noise_y / c.aspect;
    const double noise_z = c.z_noise * body_size / c.aspect;
    const V3 to_camera = Unit(cam.position - (reference[0][lm::kLeftHip] + reference[0][lm::kRightHip]) * 0.5);
    const double left_facing = to_camera.x;   // the body's left is +x in every pose
    const double face_facing = to_camera.z;   // standing poses face +z

    // Occlusion episodes.
    std::vector<Occlusion> occlusions;
    if (c.occlusion_rate > 0.0) {
        std::exponential_distribution<double> next(c.occlusion_rate);
        for (double t = next(rng); t < end; t += next(rng)) {
            Occlusion o;
            o.t0 = t;
            o.t1 = t + 0.5 + 2.0 * uni(rng);
            o.landmarks = OcclusionGroup(static_cast<int>(uni(rng) * 5) % 5);
            o.dx = 0.06 * gauss(rng);
            o.dy = 0.06 * gauss(rng);
            occlusions.push_back(o);
        }
    }

    std::size_t segment = 0;
    double t = 0.0;
    while (t <= end) {
        while (segment + 1 < timeline.size() && t >= timeline[segment].t1) ++segment;
        const Segment& s = timeline[segment];
        double tau = s.t1 > s.t0 ? (t - s.t0) / (s.t1 - s.t0) : 1.0;
        Frame frame;
        frame.t = t;
        bool person = s.kind != SegmentKind::kGap && uni(rng) >= c.drop_rate;
        World world;
        V3 offset{};
        switch (s.kind) {
            case SegmentKind::kRest: {
                double u = 0.0;
                if (s.fidget) u = std::max(0.0, 0.06 * (std::sin(1.7 * t) + std::sin(2.9 * t + 1.0)));
                // The previous repetition's errors hold (an arm left bent stays bent) until the last 15% of the
                // rest, where they fade out and the next repetition's fade in.
                constexpr double kChange = 0.85;
                const double mid = kChange + 0.5 * (1.0 - kChange);
                Errors fading = tau < mid ? s.errors : s.next_errors;
                fading.level = tau < mid ? 1.0 - Ease((tau - kChange) / (mid - kChange)) : Ease((tau - mid) / (1.0 - mid));
                world = exercise == Exercise::kPlank ? Standing(body, -1) : Pose(exercise, body, style, u, -1, fading);
                break;
            }
            case SegmentKind::kMove:
                world = Pose(exercise, body, style, s.u0 + (s.u1 - s.u0) * Ease(tau), s.side, s.errors);
                break;
            case SegmentKind::kWalk:
                world = Standing(body, 2 * kPi * 1.8 * t);
                offset = walk_axis * (s.x0 + (s.x1 - s.x0) * tau);
                break;
            case SegmentKind::kGap:
                break;
            case SegmentKind::kPlank: {
                world = Pose(exercise, body, style, 0.0, -1, s.errors);
                double breath = 0.004 * std::sin(2 * kPi * 0.25 * t);
                for (V3& p : world) p.y += breath;
                break;
            }
            case SegmentKind::kToPlank:
            case SegmentKind::kFromPlank: {
                double w = Ease(tau);
                if (s.kind == SegmentKind::kFromPlank) w = 1.0 - w;
                world = Blend(Standing(body, -1), Pose(exercise, body, style, 0.0, -1, {}), w);
                break;
            }
        }
        if (person) {
            V3 hips = (world[lm::kLeftHip] + world[lm::kRightHip]) * 0.5 + offset;
            V3 dh = hips - cam.position;
            double hip_depth = Dot(dh, cam.forward);
            double hip_x = 0.5 + cam.fx * Dot(dh, cam.right) / hip_depth;
            if (hip_x < -0.05 || hip_x > 1.05) person = false;
            for (std::size_t i = 0; person && i < kLandmarkCount; ++i) {
                V3 d = world[i] + offset - cam.position;
                double depth = std::max(0.05, Dot(d, cam.forward));
                Landmark& l = frame.lm[i];
                l.x = static_cast<float>(0.5 + cam.fx * Dot(d, cam.right) / depth);
                l.y = static_cast<float>(0.5 - cam.fy * Dot(d, cam.up) / depth);
                l.z = static_cast<float>(cam.fx * (depth - hip_depth) / hip_depth);
                double visibility = 0.97 + 0.02 * gauss(rng);
                double noise = 1.0;
                int side = SideOf(static_cast<int>(i));
                if (side != 0 && side * left_facing < -0.5) {  // far side, seen through the body
                    visibility = 0.45 + 0.45 * uni(rng);
                    noise *= 1.8;
                }
                if (i <= 10 && face_facing < -0.3 && exercise != Exercise::kPlank) visibility = 0.2 + 0.3 * uni(rng);
                for (const Occlusion& o : occlusions) {
                    if (t < o.t0 || t > o.t1) continue;
                    if (std::find(o.landmarks.begin(), o.landmarks.end(), static_cast<int>(i)) == o.landmarks.end()) continue;
                    visibility = 0.02 + 0.33 * uni(rng);
                    l.x += static_cast<float>((o.dx + 0.02 * gauss(rng)) * body_size / c.aspect);
                    l.y += static_cast<float>((o.dy + 0.02 * gauss(rng)) * body_size);
                }
                l.x += static_cast<float>(noise * noise_x * gauss(rng));
                l.y += static_cast<float>(noise * noise_y * gauss(rng));
                l.z += static_cast<float>(noise * noise_z * gauss(rng));
                if (l.x < 0.0f || l.x > 1.0f || l.y < 0.0f || l.y > 1.0f) visibility = std::min(visibility, 0.15);
                l.visibility = static_cast<float>(std::clamp(visibility, 0.0, 1.0));
            }
        }
        frame.has_person = person;
        if (!person) frame.lm = {};
        if (person && c.normalisation == Normalisation::kMinMax) {
            float lo[3] = {1e9f, 1e9f, 1e9f}, hi[3] = {-1e9f, -1e9f, -1e9f};
            for (const Landmark& l : frame.lm) {
                const float v[3] = {l.x, l.y, l.z};
                for (int a = 0; a < 3; ++a) {
                    lo[a] = std::min(lo[a], v[a]);
                    hi[a] = std::max(hi[a], v[a]);
                }
            }
            for (Landmark& l : frame.lm) {
                l.x = (l.x - lo[0]) / std::max(1e-6f, hi[0] - lo[0]);
                l.y = (l.y - lo[1]) / std::max(1e-6f, hi[1] - lo[1]);
                l.z = (l.z - lo[2]) / std::max(1e-6f, hi[2] - lo[2]);
            }
        }
        seq.frames.push_back(frame);
        double step = 1.0 / c.fps;
        if (c.fps_jitter > 0.0) step *= std::max(0.25, 1.0 + c.fps_jitter * gauss(rng));
        t += step;
    }

    std::ostringstream d;
    d << ExerciseName(exercise) << " reps=" << seq.reps.size() << " yaw=" << c.yaw_deg << " pitch=" << c.pitch_deg
      << " fps=" << c.fps << " noise=" << c.noise
      << (c.normalisation == Normalisation::kMinMax ? " minmax" : " image") << " aspect=" << c.aspect
      << " speed=" << c.speed << (c.partial_start ? " partial_start" : "") << (c.partial_end ? " partial_end" : "");
    seq.description = d.str();
    return seq;
}

}  // namespace spotter::coaching::synthetic
