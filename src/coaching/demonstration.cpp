#include "coaching/demonstration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "coaching/analyzer.hpp"
#include "coaching/form_rules.hpp"

namespace spotter::coaching {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr std::size_t kHeader = 6;
constexpr std::size_t kVectorSize = kHeader + 2 * kJointCount + kTemplateLength * kJointCount;
constexpr int kPowerIterations = 200;

float Encode(float v) { return std::isnan(v) ? kMissingAngle : v; }
float Decode(float v) { return v <= kMissingAngle + 0.5f ? kNaN : v; }

double Median(std::vector<double> values) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Joint angles / 90 with missing entries replaced by `fill`.
std::array<double, kJointCount> Scaled(const std::array<float, kJointCount>& joints,
                                       const std::array<double, kJointCount>& fill) {
    std::array<double, kJointCount> x{};
    for (int j = 0; j < kJointCount; ++j) x[j] = std::isnan(joints[j]) ? fill[j] : joints[j] / 90.0;
    return x;
}

double Dot(const std::array<float, kJointCount>& d, const std::array<double, kJointCount>& x) {
    double sum = 0.0;
    for (int j = 0; j < kJointCount; ++j) sum += d[j] * x[j];
    return sum;
}

}  // namespace

int SimilarityScore(double distance_deg) {
    if (!std::isfinite(distance_deg)) return 0;
    double ratio = distance_deg / kHalfScoreDistance;
    return static_cast<int>(std::lround(100.0 / (1.0 + ratio * ratio)));
}

std::vector<float> Demonstration::ToVector() const {
    std::vector<float> out;
    out.reserve(kVectorSize);
    out.push_back(static_cast<float>(kDemonstrationFormat));
    out.push_back(static_cast<float>(static_cast<int>(exercise)));
    out.push_back(static_cast<float>(reps));
    out.push_back(rep_seconds);
    out.push_back(amplitude);
    out.push_back(static_cast<float>(count_index));
    for (float v : direction) out.push_back(v);
    for (float v : weight) out.push_back(v);
    for (float v : trajectory) out.push_back(Encode(v));
    return out;
}

std::optional<Demonstration> Demonstration::FromVector(std::span<const float> values) {
    if (values.size() != kVectorSize) return std::nullopt;
    for (float v : values) {
        if (!std::isfinite(v)) return std::nullopt;
    }
    if (values[0] != static_cast<float>(kDemonstrationFormat)) return std::nullopt;
    int exercise_index = static_cast<int>(values[1]);
    if (values[1] != static_cast<float>(exercise_index) || exercise_index < 0 ||
        exercise_index > static_cast<int>(Exercise::kAuto) || exercise_index == static_cast<int>(Exercise::kPlank)) {
        return std::nullopt;
    }
    Demonstration demo;
    demo.exercise = static_cast<Exercise>(exercise_index);
    demo.reps = static_cast<int>(values[2]);
    demo.rep_seconds = values[3];
    demo.amplitude = values[4];
    demo.count_index = static_cast<int>(values[5]);
    if (demo.reps < 1 || demo.rep_seconds <= 0.0f || demo.amplitude <= 0.0f || demo.count_index < 1 ||
        demo.count_index >= kTemplateLength) {
        return std::nullopt;
    }
    std::size_t at = kHeader;
    double norm = 0.0;
    for (float& v : demo.direction) {
        v = values[at++];
        norm += double(v) * v;
    }
    if (norm < 0.25 || norm > 4.0) return std::nullopt;
    for (float& v : demo.weight) {
        v = values[at++];
        if (v < 0.0f || v > 1.0f) return std::nullopt;
    }
    for (float& v : demo.trajectory) {
        v = Decode(values[at++]);
        if (!std::isnan(v) && std::fabs(v) > 360.0f) return std::nullopt;
    }
    return demo;
}

std::string Demonstration::ToText() const {
    std::string text;
    char buffer[32];
    for (float v : ToVector()) {
        std::snprintf(buffer, sizeof buffer, "%.7g", static_cast<double>(v));
        if (!text.empty()) text += ' ';
        text += buffer;
    }
    return text;
}

std::optional<Demonstration> Demonstration::FromText(std::string_view text) {
    std::string copy(text);
    std::vector<float> values;
    const char* p = copy.c_str();
    while (true) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',') ++p;
        if (*p == '\0') break;
        char* end = nullptr;
        float v = std::strtof(p, &end);
        if (end == p) return std::nullopt;
        values.push_back(v);
        if (values.size() > kVectorSize) return std::nullopt;
        p = end;
    }
    return FromVector(values);
}

LearnResult LearnDemonstration(std::span<const Frame> frames, Exercise exercise, const AnalyzerOptions* options) {
    LearnResult result;
    if (exercise == Exercise::kPlank) {
        result.error = "a plank has no repetitions to learn from";
        return result;
    }
    AnalyzerOptions opts = options != nullptr ? *options : AnalyzerOptions{};
    opts.assess_form = false;
    Analyzer analyzer(exercise, opts);
    std::vector<Event> events;
    // `auto` learns its direction during the first repetition; a first pass over the demonstration (then a gap,
    // which resets the phase but keeps what was learned) lets the second pass see every repetition.
    std::int64_t offset = 0;
    if (exercise == Exercise::kAuto && !frames.empty()) {
        for (const Frame& frame : frames) {
            analyzer.Push(frame, events);
            events.clear();
        }
        Frame gap;
        gap.t = frames.back().t + 1.0;
        analyzer.Push(gap, events);
        Frame after = gap;
        after.t += 1.0;
        analyzer.Push(after, events);
        events.clear();
        offset = static_cast<std::int64_t>(frames.size()) + 2;
    }
    const double shift = offset > 0 ? frames.back().t - frames.front().t + 3.0 : 0.0;
    std::vector<RepSample> samples;
    samples.reserve(frames.size());
    PoseView view;
    Channels channels;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        Frame frame = frames[i];
        frame.t += shift;
        analyzer.Push(frame, events);
        events.clear();
        if (!MakePoseView(frames[i], opts.image_aspect, view)) continue;
        ComputeChannels(view, opts.min_visibility, channels);
        RepSample s;
        s.frame = static_cast<std::int64_t>(i);
        s.t = static_cast<float>(frames[i].t - frames.front().t);
        SampleJoints(channels, s.joints);
        samples.push_back(s);
    }
    Summary summary = analyzer.Finish();

    // Per-rep samples.
    std::vector<std::vector<RepSample>> reps;
    std::vector<std::int64_t> turns;
    for (const RepResult& rep : summary.reps) {
        if (rep.start_frame < offset) continue;  // from the warm-up pass
        std::vector<RepSample> part;
        for (const RepSample& s : samples) {
            if (s.frame >= rep.start_frame - offset && s.frame <= rep.end_frame - offset) part.push_back(s);
        }
        if (part.size() < 4) continue;
        reps.push_back(std::move(part));
        turns.push_back(rep.turn_frame - offset);
    }
    if (reps.empty()) {
        result.error = "no repetition found in the demonstration";
        return result;
    }

    // Direction: first principal component of joint angles / 90 over the repetitions' frames.
    std::array<double, kJointCount> mean{};
    std::array<int, kJointCount> seen{};
    for (const auto& part : reps) {
        for (const RepSample& s : part) {
            for (int j = 0; j < kJointCount; ++j) {
                if (std::isnan(s.joints[j])) continue;
                mean[j] += s.joints[j] / 90.0;
                ++seen[j];
            }
        }
    }
    for (int j = 0; j < kJointCount; ++j) mean[j] = seen[j] > 0 ? mean[j] / seen[j] : 0.0;
    std::array<double, kJointCount * kJointCount> cov{};
    for (const auto& part : reps) {
        for (const RepSample& s : part) {
            auto x = Scaled(s.joints, mean);
            for (int a = 0; a < kJointCount; ++a) {
                for (int b = 0; b < kJointCount; ++b) cov[a * kJointCount + b] += (x[a] - mean[a]) * (x[b] - mean[b]);
            }
        }
    }
    std::array<double, kJointCount> v;
    v.fill(1.0);
    for (int it = 0; it < kPowerIterations; ++it) {
        std::array<double, kJointCount> next{};
        double norm = 0.0;
        for (int a = 0; a < kJointCount; ++a) {
            for (int b = 0; b < kJointCount; ++b) next[a] += cov[a * kJointCount + b] * v[b];
            norm += next[a] * next[a];
        }
        norm = std::sqrt(norm);
        if (norm < 1e-12) break;
        for (int a = 0; a < kJointCount; ++a) v[a] = next[a] / norm;
    }
    Demonstration demo;
    demo.exercise = exercise;
    for (int j = 0; j < kJointCount; ++j) demo.direction[j] = static_cast<float>(v[j]);

    // Orient it (rest low, turning point high) and measure the amplitude.
    std::vector<double> rises, amplitudes, durations;
    for (std::size_t r = 0; r < reps.size(); ++r) {
        const auto& part = reps[r];
        double start = Dot(demo.direction, Scaled(part.front().joints, mean));
        double lo = start, hi = start, at_turn = start;
        for (const RepSample& s : part) {
            double p = Dot(demo.direction, Scaled(s.joints, mean));
            lo = std::min(lo, p);
            hi = std::max(hi, p);
            if (s.frame <= turns[r]) at_turn = p;
        }
        rises.push_back(at_turn - start);
        amplitudes.push_back(hi - lo);
        durations.push_back(part.back().t - part.front().t);
    }
    if (Median(rises) < 0.0) {
        for (float& d : demo.direction) d = -d;
    }
    demo.amplitude = static_cast<float>(Median(amplitudes));
    demo.rep_seconds = static_cast<float>(std::max(0.1, Median(durations)));
    demo.reps = static_cast<int>(reps.size());
    if (demo.amplitude < 0.05f) {
        result.error = "the demonstration's joints barely move";
        return result;
    }

    // Template: the medoid repetition under DTW.
    std::vector<JointTrajectory> trajectories;
    for (const auto& part : reps) trajectories.push_back(ResampleJoints(part));
    std::array<float, kJointCount> ones;
    ones.fill(1.0f);
    std::size_t best = 0;
    double best_sum = std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < trajectories.size(); ++a) {
        double sum = 0.0;
        for (std::size_t b = 0; b < trajectories.size(); ++b) {
            if (a != b) sum += CompareTrajectories(trajectories[a], kTemplateLength, trajectories[b], kTemplateLength,
                                                   ones).distance;
        }
        if (sum < best_sum) {
            best_sum = sum;
            best = a;
        }
    }
    demo.trajectory = trajectories[best];

    // Joint weights: joints that move weigh more; joints never seen weigh nothing.
    std::array<float, kJointCount> range{};
    float max_range = 0.0f;
    for (int j = 0; j < kJointCount; ++j) {
        float lo = std::numeric_limits<float>::max(), hi = -lo;
        for (int k = 0; k < kTemplateLength; ++k) {
            float a = demo.trajectory[k * kJointCount + j];
            if (std::isnan(a)) continue;
            lo = std::min(lo, a);
            hi = std::max(hi, a);
        }
        range[j] = hi >= lo ? hi - lo : -1.0f;
        max_range = std::max(max_range, range[j]);
    }
    for (int j = 0; j < kJointCount; ++j) {
        demo.weight[j] = range[j] < 0.0f ? 0.0f : 0.3f + 0.7f * (max_range > 0.0f ? range[j] / max_range : 0.0f);
    }

    // Count index: where the template has come back by 70% after its peak. Comparing the live repetition up to
    // its count (home) with this shorter part accepts candidates best on the synthetic suite's dev split: time
    // warping absorbs the rest of the way back, while the template's own last part, near rest, is mostly noise.
    std::array<double, kTemplateLength> along{};
    for (int k = 0; k < kTemplateLength; ++k) {
        std::array<float, kJointCount> joints;
        std::copy_n(demo.trajectory.begin() + k * kJointCount, kJointCount, joints.begin());
        along[k] = Dot(demo.direction, Scaled(joints, mean));
    }
    int turn = static_cast<int>(std::max_element(along.begin(), along.end()) - along.begin());
    double target = along[turn] - 0.7 * (along[turn] - along[0]);
    demo.count_index = kTemplateLength - 1;
    for (int k = turn + 1; k < kTemplateLength; ++k) {
        if (along[k] <= target) {
            demo.count_index = k;
            break;
        }
    }
    demo.count_index = std::clamp(demo.count_index, 1, kTemplateLength - 1);
    result.demonstration = demo;
    return result;
}

namespace {

// DTW of `samples` against the template's first `length` samples, as demonstrated and mirrored (the other arm
// or leg); returns the closer.
DtwResult CompareBothSides(const Demonstration& demo, std::span<const RepSample> samples, int length) {
    JointTrajectory live = ResampleJoints(samples);
    std::array<float, kJointCount> mirrored_weight = demo.weight;
    for (int pair = 0; pair < 4; ++pair) std::swap(mirrored_weight[2 * pair], mirrored_weight[2 * pair + 1]);
    DtwResult direct = CompareTrajectories(live, kTemplateLength, demo.trajectory, length, demo.weight);
    DtwResult mirror = CompareTrajectories(live, kTemplateLength, Mirror(demo.trajectory), length, mirrored_weight);
    return mirror.distance < direct.distance ? mirror : direct;
}

}  // namespace

int PrefixSimilarity(const Demonstration& demo, std::span<const RepSample> samples) {
    if (samples.size() < 2) return 0;
    int length = std::clamp(demo.count_index + 1, 2, kTemplateLength);
    return SimilarityScore(CompareBothSides(demo, samples, length).distance);
}

Similarity CompareWithDemonstration(const Demonstration& demo, std::span<const RepSample> samples) {
    Similarity similarity;
    if (samples.size() < 2) return similarity;
    const DtwResult chosen = CompareBothSides(demo, samples, kTemplateLength);
    similarity.distance_deg = static_cast<float>(chosen.distance);
    // The score also weighs the joint that differs most, so one joint done wrong (an upper arm swinging in a
    // curl) is not diluted by the others done right.
    float worst = 0.0f;
    for (float d : chosen.joint) {
        if (!std::isnan(d)) worst = std::max(worst, d);
    }
    similarity.score = SimilarityScore(0.5 * (chosen.distance + worst));
    std::vector<JointDifference> joints;
    for (int j = 0; j < kJointCount; ++j) {
        if (!std::isnan(chosen.joint[j])) joints.push_back({JointName(j), chosen.joint[j]});
    }
    std::sort(joints.begin(), joints.end(),
              [](const JointDifference& a, const JointDifference& b) { return a.mean_abs_deg > b.mean_abs_deg; });
    if (joints.size() > 3) joints.resize(3);
    similarity.largest = std::move(joints);
    return similarity;
}

}  // namespace spotter::coaching
