#include "coaching/analyzer.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "coaching/exercise_signal.hpp"
#include "coaching/filters.hpp"
#include "coaching/form_rules.hpp"
#include "coaching/plank_tracker.hpp"
#include "coaching/principal_signal.hpp"
#include "coaching/rep_detector.hpp"

namespace spotter::coaching {
namespace {

constexpr double kMinStep = 1e-4;           // time step used for repeated or reversed timestamps
constexpr std::size_t kRingCapacity = 2048;  // frames kept for the assessment of the repetition in progress
constexpr double kAutoTau = 8.0;             // auto: covariance time constant, seconds
constexpr double kPolarityTau = 15.0;        // auto: time constant of the range envelope and of the lean
constexpr double kStillSpeed = 0.15;         // auto: "still" below this share of the amplitude per second
constexpr double kLeanFlip = 0.3;            // auto: flip when the signal leans this far to the high end
constexpr double kReplayS = 4.0;             // auto: seconds of signal the detector reads again after a flip
constexpr double kAnchorStillS = 0.3;        // auto: stillness before the first movement that makes it the start
constexpr double kVelocityTau = 0.15;        // auto: time constant of the speed that decides "still"
constexpr double kAnchorNoise = 8.0;         // auto: a first movement spans this many noise deviations
constexpr double kNoiseTau = 2.0;
constexpr double kNoiseClip = 4.0;           // noise samples are clipped at this multiple of the estimate
constexpr double kNoiseWarmUp = 1.0;         // ... once it has been learning for this long (seconds)

enum class Mode { kExercise, kAuto, kDemonstration, kPlank };

// The home waits of `auto` and of a demonstration's learned direction were measured like the exercises' ones
// (exercise_signal.cpp), over all exercises.
DetectorConfig AutoDetector() {
    DetectorConfig config;
    config.home_wait = 0.4;
    config.prior_amplitude = 1.0;
    config.min_amplitude = 0.25;
    config.min_rep_s = 0.3;
    return config;
}

DetectorConfig DemonstrationDetector(const Demonstration& demo) {
    DetectorConfig config;
    config.home_wait = 0.3;
    config.prior_amplitude = std::max(0.05f, demo.amplitude);
    config.min_amplitude = 0.3 * config.prior_amplitude;
    config.min_rep_s = std::max(0.25, 0.3 * demo.rep_seconds);
    return config;
}

// The initial auto direction: vertical movement of the wrists, knees, ankles and the nose relative to the torso,
// the movement most exercises share; the power iteration turns it to the real one within a repetition or two.
std::array<float, kAutoDims> AutoInitialDirection() {
    std::array<float, kAutoDims> d{};
    for (int i = 0; i < kAutoPositionDims / 2; ++i) d[2 * i + 1] = 1.0f;  // y of every position, no angle
    return d;
}

}  // namespace

struct Analyzer::Impl {
    Impl(Exercise exercise_in, const AnalyzerOptions& options_in, const Demonstration* demonstration)
        : exercise(exercise_in),
          options(options_in),
          smoother(1.2, 0.6),
          noise(kNoiseTau) {
        if (demonstration != nullptr) demo = *demonstration;
        if (exercise == Exercise::kPlank) {
            mode = Mode::kPlank;
        } else if (exercise == Exercise::kAuto && demo) {
            mode = Mode::kDemonstration;
            if (demo->exercise != Exercise::kAuto && demo->exercise != Exercise::kPlank) {
                // A demonstration recorded for a named exercise: that exercise's signal finds the candidates
                // (robust to views and normalisation), the demonstration decides which ones match.
                const ExerciseProfile& profile = ProfileOf(demo->exercise);
                exercise_signal.emplace(profile);
                detector = RepDetector(profile.detector);
                smoother = OneEuroFilter(profile.min_cutoff_hz, profile.beta);
                cutoff_hz = profile.min_cutoff_hz;
            } else {
                detector = RepDetector(DemonstrationDetector(*demo));
            }
            mirrored = demo->direction;
            for (int pair = 0; pair < 4; ++pair) std::swap(mirrored[2 * pair], mirrored[2 * pair + 1]);
            last_joints.fill(0.0f);
        } else if (exercise == Exercise::kAuto) {
            mode = Mode::kAuto;
            auto initial = AutoInitialDirection();
            principal.emplace(kAutoDims, kAutoTau, initial);
            detector = RepDetector(AutoDetector());
        } else {
            mode = Mode::kExercise;
            const ExerciseProfile& profile = ProfileOf(exercise);
            exercise_signal.emplace(profile);
            detector = RepDetector(profile.detector);
            smoother = OneEuroFilter(profile.min_cutoff_hz, profile.beta);
            cutoff_hz = profile.min_cutoff_hz;
        }
        ring.resize(kRingCapacity);
    }

    // The raw counting signal of this frame, NaN when not available.
    double RawSignal(double dt);
    void Condition(double raw, double dt);
    void Count(std::int64_t frame, double t, std::vector<Event>& events);
    void Orient(std::int64_t frame, double t, double dt, double noise_sigma, std::vector<Event>& events);
    void Flip(std::int64_t frame, double t, double noise_sigma, std::vector<Event>& events);
    void HandleStep(const DetectorStep& step, std::int64_t frame, double t, std::vector<Event>& events);
    void EndRep(std::vector<Event>& events);
    void Record(std::int64_t frame, double t);
    std::vector<RepSample> SamplesBetween(std::int64_t first, std::int64_t last) const;
    void LosePerson(std::int64_t frame, double t, std::vector<Event>& events);
    void Push(const Frame& frame, std::vector<Event>& events);

    Exercise exercise;
    AnalyzerOptions options;
    Mode mode = Mode::kExercise;
    std::optional<Demonstration> demo;
    std::optional<ExerciseSignal> exercise_signal;
    std::optional<PrincipalSignal> principal;
    AutoFeatures auto_features;
    std::array<float, kJointCount> mirrored{};
    std::array<float, kJointCount> last_joints{};
    RepDetector detector;
    PlankTracker plank;

    Median3 median;
    OneEuroFilter smoother;
    TimeEma noise;
    TimeEma mean_step{2.0};
    double noise_elapsed = 0.0;
    TimeEma min_max{1.0};  // share of recent frames that look min-max normalised
    double cutoff_hz = 1.2;
    double previous_raw[2] = {0.0, 0.0};
    int raw_history = 0;
    double smoothed = 0.0;  // the conditioned signal, before `auto` orients it
    double signal = 0.0;    // what the detector counts
    bool has_signal = false;

    // auto: orientation so that the rest position is low.
    double polarity = 1.0;
    TimeEma velocity{kVelocityTau};
    TimeEma lean{kPolarityTau};  // mean position in the range, -1 (low end) .. 1, unoriented
    double previous_smoothed = 0.0;
    bool has_previous_smoothed = false;
    enum class Anchor { kBeforeMovement, kAfterMovement, kDone };
    Anchor anchor = Anchor::kBeforeMovement;  // kDone: the start position has set the polarity
    double still_sum = 0.0, still_time = 0.0;  // where, and how long, the person has held still
    bool has_range = false;
    double range_lo = 0.0, range_hi = 0.0;  // envelope of the unoriented auto signal

    std::vector<RepSample> ring;
    std::int64_t ring_size = 0;  // samples written so far

    PoseView view;
    Channels channels;
    std::array<float, kJointCount> joints{};
    std::array<float, kFormSlots> form{};

    std::int64_t frames = 0;
    std::int64_t person_frames = 0;
    bool started = false;
    double t0 = 0.0;
    double last_t = 0.0;
    bool person = false;       // a person was in the last frame
    bool lost = true;          // the phase was reset by a gap (or nothing seen yet)
    double last_person_t = 0.0;
    int count = 0;
    std::optional<RepResult> pending;  // counted, waiting for its end
    bool pending_rejected = false;     // demonstration mode: the candidate did not match
    std::vector<RepResult> reps;
};

double Analyzer::Impl::RawSignal(double dt) {
    switch (mode) {
        case Mode::kExercise:
            min_max.Update(view.min_max ? 1.0 : 0.0, dt);
            return exercise_signal->Push(channels, dt, min_max.Value() > 0.5);
        case Mode::kAuto: {
            std::array<float, kAutoDims> x;
            auto_features.Build(view, channels, options.min_visibility, dt, x);
            return principal->Push(x, dt);  // oriented after smoothing (Orient)
        }
        case Mode::kDemonstration: {
            if (exercise_signal) {
                min_max.Update(view.min_max ? 1.0 : 0.0, dt);
                return exercise_signal->Push(channels, dt, min_max.Value() > 0.5);
            }
            double along = 0.0, along_mirrored = 0.0;
            for (int j = 0; j < kJointCount; ++j) {
                if (!std::isnan(joints[j])) last_joints[j] = joints[j] / 90.0f;
                along += demo->direction[j] * last_joints[j];
                along_mirrored += mirrored[j] * last_joints[j];
            }
            return std::max(along, along_mirrored);
        }
        case Mode::kPlank:
            break;
    }
    return std::nan("");
}

void Analyzer::Impl::Orient(std::int64_t frame, double t, double dt, double noise_sigma,
                            std::vector<Event>& events) {
    // `auto` finds its signal's sign from how people exercise: the signal must rise from the start position.
    const double value = smoothed;
    // Speed of the smoothed signal, averaged over a few frames (the filter's own derivative follows the noise).
    if (has_previous_smoothed) velocity.Update((value - previous_smoothed) / std::max(dt, kMinStep), dt);
    previous_smoothed = value;
    has_previous_smoothed = true;
    const bool still = std::fabs(velocity.Value()) < kStillSpeed * detector.TypicalAmplitude();
    if (!has_range) {
        range_lo = range_hi = value;
        has_range = true;
    }
    // Envelope that forgets slowly (kPolarityTau) so it follows drifts.
    const double shrink = std::min(1.0, dt / kPolarityTau) * (range_hi - range_lo);
    range_hi = std::max(value, range_hi - 0.5 * shrink);
    range_lo = std::min(value, range_lo + 0.5 * shrink);
    // Where the person holds still, for how long (consecutive still frames).
    if (still) {
        still_sum += value * dt;
        still_time += dt;
    } else if (anchor != Anchor::kBeforeMovement) {
        still_sum = still_time = 0.0;
    }
    // Nothing has moved yet (more than noise does).
    if (range_hi - range_lo < std::max(AutoDetector().min_amplitude, kAnchorNoise * noise_sigma)) return;
    if (anchor != Anchor::kDone) {
        // The start position is where the person held still before the first movement or, seen moving from the
        // first frame (a repetition already under way), the first place they hold still after it.
        const bool before = anchor == Anchor::kBeforeMovement;
        anchor = Anchor::kAfterMovement;
        if (still_time < kAnchorStillS) return;
        anchor = Anchor::kDone;
        lean.Set(0.0);
        const double start = still_sum / still_time;
        const double reference = before ? value : 0.5 * (range_lo + range_hi);
        if (polarity * (reference - start) < 0.0) Flip(frame, t, noise_sigma, events);
        return;
    }
    // Then: people spend longer at the start position (between repetitions, resting) than at the turning point, so
    // the signal leans to the start position's side of its range. Flipping waits for the detector to be at rest
    // (or settling after a count), so no repetition in progress is cut.
    const double middle = 0.5 * (range_lo + range_hi);
    lean.Update((value - middle) / (0.5 * (range_hi - range_lo)), dt);
    const DetectorPhase phase = detector.Phase();
    if (phase != DetectorPhase::kUnarmed && phase != DetectorPhase::kRest && phase != DetectorPhase::kSettling) return;
    if (polarity * lean.Value() > kLeanFlip) Flip(frame, t, noise_sigma, events);
}

void Analyzer::Impl::Flip(std::int64_t frame, double t, double noise_sigma, std::vector<Event>& events) {
    polarity = -polarity;
    signal = -signal;
    // What the detector made of the other orientation is void (a repetition "home" there is not counted), but a
    // counted repetition still ends. It then reads the last kReplayS seconds again, oriented, so a repetition
    // under way (the first one, typically) is not lost; a count this brings is emitted now.
    DetectorStep reset = detector.Reset();
    reset.counted = false;
    HandleStep(reset, frame, t, events);
    const std::int64_t oldest = std::max<std::int64_t>(0, ring_size - static_cast<std::int64_t>(kRingCapacity));
    std::int64_t first = ring_size;
    while (first > oldest && t - (t0 + ring[static_cast<std::size_t>((first - 1) % kRingCapacity)].t) <= kReplayS) {
        --first;
    }
    for (std::int64_t i = first; i < ring_size; ++i) {
        RepSample& s = ring[static_cast<std::size_t>(i % kRingCapacity)];
        s.signal = -s.signal;
        HandleStep(detector.Push(s.frame, t0 + s.t, s.signal, noise_sigma), frame, t, events);
    }
}

void Analyzer::Impl::Condition(double raw, double dt) {
    // Noise from the second difference of the raw signal (smooth movement has almost none).
    if (raw_history >= 2) {
        double second = std::fabs(raw - 2.0 * previous_raw[1] + previous_raw[0]);
        // Winsorised: a jump (a landmark reappearing after an occlusion) is not noise.
        noise_elapsed += dt;
        if (noise_elapsed > kNoiseWarmUp) second = std::min(second, kNoiseClip * noise.Value());
        noise.Update(second, dt);
    }
    previous_raw[0] = previous_raw[1];
    previous_raw[1] = raw;
    raw_history = std::min(raw_history + 1, 2);
    smoothed = smoother.Filter(median.Filter(raw), dt);
    signal = mode == Mode::kAuto ? polarity * smoothed : smoothed;
    has_signal = true;
}

void Analyzer::Impl::Record(std::int64_t frame, double t) {
    RepSample& s = ring[static_cast<std::size_t>(ring_size % static_cast<std::int64_t>(kRingCapacity))];
    s.frame = frame;
    s.t = static_cast<float>(t - t0);
    s.signal = static_cast<float>(signal);
    s.joints = joints;
    s.form = form;
    ++ring_size;
}

std::vector<RepSample> Analyzer::Impl::SamplesBetween(std::int64_t first, std::int64_t last) const {
    std::vector<RepSample> out;
    std::int64_t oldest = std::max<std::int64_t>(0, ring_size - static_cast<std::int64_t>(kRingCapacity));
    std::int64_t i = ring_size - 1;
    // Walk back to the first sample at or after `first`.
    while (i >= oldest && ring[static_cast<std::size_t>(i % kRingCapacity)].frame >= first) --i;
    for (++i; i < ring_size; ++i) {
        const RepSample& s = ring[static_cast<std::size_t>(i % kRingCapacity)];
        if (s.frame > last) break;
        out.push_back(s);
    }
    return out;
}

void Analyzer::Impl::Count(std::int64_t frame, double t, std::vector<Event>& events) {
    const RepMarks& marks = detector.Last();
    RepResult rep;
    rep.start_frame = marks.start.frame;
    rep.start_s = marks.start.t;
    rep.turn_frame = marks.turn.frame;
    rep.turn_s = marks.turn.t;
    rep.count_frame = frame;
    rep.count_s = t;
    pending_rejected = false;
    if (mode == Mode::kDemonstration) {
        // Count only a candidate whose first part (to 70% of the way back) matches the demonstration's.
        std::int64_t first_part = marks.back.frame >= 0 ? marks.back.frame : frame;
        std::vector<RepSample> samples = SamplesBetween(marks.start.frame, first_part);
        if (PrefixSimilarity(*demo, samples) < options.match_min_score) {
            pending_rejected = true;
            pending = rep;
            return;
        }
    }
    ++count;
    rep.index = count;
    pending = rep;
    events.push_back({EventKind::kCount, frame, t, count, rep});
}

void Analyzer::Impl::EndRep(std::vector<Event>& events) {
    if (!pending) return;
    RepResult rep = std::move(*pending);
    pending.reset();
    if (pending_rejected) return;
    const RepMarks& marks = detector.Last();
    rep.end_frame = marks.end.frame;
    rep.end_s = marks.end.t;
    std::vector<RepSample> samples = SamplesBetween(rep.start_frame, rep.end_frame);
    if (options.assess_form && mode == Mode::kExercise) {
        FormAssessment assessment =
            AssessRep(exercise, samples, marks.start.value, marks.turn.value, min_max.Value() > 0.5);
        rep.flags = std::move(assessment.flags);
        rep.metrics = std::move(assessment.metrics);
        rep.score = assessment.score;
    }
    if (demo) rep.similarity = CompareWithDemonstration(*demo, samples);
    reps.push_back(rep);
    events.push_back({EventKind::kRepEnd, rep.end_frame, rep.end_s, count, std::move(rep)});
}

void Analyzer::Impl::HandleStep(const DetectorStep& step, std::int64_t frame, double t, std::vector<Event>& events) {
    if (step.counted) Count(frame, t, events);
    if (step.ended) EndRep(events);
    if (step.started) {
        const RepMarks& current = detector.Current();
        events.push_back({EventKind::kRepStart, current.start.frame, current.start.t, count, std::nullopt});
    }
    if (step.turned) {
        const RepMarks& current = detector.Current();
        events.push_back({EventKind::kTurn, current.turn.frame, current.turn.t, count, std::nullopt});
    }
}

void Analyzer::Impl::LosePerson(std::int64_t frame, double t, std::vector<Event>& events) {
    lost = true;
    HandleStep(detector.Reset(), frame, t, events);
    if (mode == Mode::kPlank) plank.Lost(frame, t, events);
    median.Reset();
    smoother.Reset();
    raw_history = 0;
    has_signal = false;
    events.push_back({EventKind::kPersonLost, frame, t, count, std::nullopt});
}

void Analyzer::Impl::Push(const Frame& frame, std::vector<Event>& events) {
    const std::int64_t index = frames++;
    double t = std::isfinite(frame.t) ? frame.t : last_t + kMinStep;
    if (!started) {
        started = true;
        t0 = t;
        last_t = t - kMinStep;
        last_person_t = t;
    }
    t = std::max(t, last_t + kMinStep);
    last_t = t;

    if (!MakePoseView(frame, options.image_aspect, view)) {
        person = false;
        if (!lost && t - last_person_t > options.gap_reset_s) LosePerson(index, last_person_t, events);
        return;
    }
    const double dt = person ? t - last_person_t : std::min(t - last_person_t, 0.1);
    if (lost) events.push_back({EventKind::kPersonFound, index, t, count, std::nullopt});
    lost = false;
    person = true;
    last_person_t = t;
    ++person_frames;

    ComputeChannels(view, options.min_visibility, channels);
    if (mode == Mode::kPlank) {
        plank.Push(index, t, dt, view, channels, events);
        return;
    }
    if (options.assess_form || demo) {
        SampleJoints(channels, joints);
        SampleForm(exercise, channels, form);
    }
    double raw = RawSignal(dt);
    if (std::isnan(raw)) return;
    Condition(raw, dt);
    // Noise left after smoothing: mean |second difference| of white noise is about 2 sigma, and a first-order
    // low-pass at f_c keeps about pi * f_c * dt of its variance.
    mean_step.Update(dt, dt);
    double noise_sigma = 0.5 * noise.Value() * std::sqrt(std::min(1.0, kPi * cutoff_hz * mean_step.Value()));
    if (mode == Mode::kAuto) Orient(index, t, dt, noise_sigma, events);
    Record(index, t);
    DetectorStep step = detector.Push(index, t, signal, noise_sigma);
    HandleStep(step, index, t, events);
}

Analyzer::Analyzer(Exercise exercise, const AnalyzerOptions& options, const Demonstration* demonstration)
    : impl_(std::make_unique<Impl>(exercise, options, demonstration)) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

std::vector<Event> Analyzer::Push(const Frame& frame) {
    std::vector<Event> events;
    impl_->Push(frame, events);
    return events;
}

void Analyzer::Push(const Frame& frame, std::vector<Event>& events) { impl_->Push(frame, events); }

Summary Analyzer::Finish() {
    Impl& m = *impl_;
    std::vector<Event> events;
    m.HandleStep(m.detector.Reset(), m.frames - 1, m.last_t, events);
    if (m.mode == Mode::kPlank) m.plank.Lost(m.frames, m.last_t, events);
    m.lost = true;
    m.person = false;

    Summary summary;
    summary.exercise = m.exercise;
    summary.count = m.count;
    summary.frames = m.frames;
    summary.person_frames = m.person_frames;
    summary.duration_s = m.started ? m.last_t - m.t0 : 0.0;
    if (m.mode == Mode::kPlank) {
        summary.reps = m.plank.Holds();
        summary.hold_s = m.plank.TotalHold();
        summary.longest_hold_s = m.plank.LongestHold();
    } else {
        summary.reps = m.reps;
    }
    if (!summary.reps.empty()) {
        double score = 0.0, similarity = 0.0;
        int similar = 0;
        for (const RepResult& rep : summary.reps) {
            score += rep.score;
            if (rep.similarity) {
                similarity += rep.similarity->score;
                ++similar;
            }
        }
        summary.mean_score = static_cast<int>(std::lround(score / summary.reps.size()));
        if (similar > 0) summary.mean_similarity = static_cast<int>(std::lround(similarity / similar));
    }
    return summary;
}

State Analyzer::Current() const {
    const Impl& m = *impl_;
    State state;
    state.count = m.count;
    state.frames = m.frames;
    state.t = m.last_t;
    if (!m.person) {
        state.phase = Phase::kNoPerson;
    } else if (m.mode == Mode::kPlank) {
        state.phase = m.plank.Holding() ? Phase::kHolding : Phase::kIdle;
    } else {
        switch (m.detector.Phase()) {
            case DetectorPhase::kUnarmed: state.phase = Phase::kIdle; break;
            case DetectorPhase::kRest: state.phase = Phase::kRest; break;
            case DetectorPhase::kOutbound: state.phase = Phase::kOutbound; break;
            case DetectorPhase::kReturn:
            case DetectorPhase::kSettling: state.phase = Phase::kReturn; break;
        }
        if (m.has_signal) state.progress = static_cast<float>(m.detector.Progress(m.signal));
    }
    if (m.mode == Mode::kPlank) state.hold_s = m.plank.TotalHold();
    return state;
}

Exercise Analyzer::exercise() const { return impl_->exercise; }

std::string_view PhaseName(Phase phase) {
    switch (phase) {
        case Phase::kNoPerson: return "no_person";
        case Phase::kIdle: return "idle";
        case Phase::kRest: return "rest";
        case Phase::kOutbound: return "outbound";
        case Phase::kReturn: return "return";
        case Phase::kHolding: return "holding";
    }
    return "idle";
}

std::string_view EventKindName(EventKind kind) {
    switch (kind) {
        case EventKind::kPersonFound: return "person_found";
        case EventKind::kPersonLost: return "person_lost";
        case EventKind::kRepStart: return "rep_start";
        case EventKind::kTurn: return "turn";
        case EventKind::kCount: return "count";
        case EventKind::kRepEnd: return "rep_end";
        case EventKind::kHoldStart: return "hold_start";
        case EventKind::kHoldEnd: return "hold_end";
        case EventKind::kFormAlert: return "form_alert";
    }
    return "count";
}

}  // namespace spotter::coaching
