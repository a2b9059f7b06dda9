// coaching_eval: accuracy of the coaching engine on synthetic sequences with known answers, and of its form rules
// on the real labelled frames of the Exercise-Correction data set (development data).
//
//   coaching_eval [--split dev|report] [--n N] [--exercise NAME] [--modes exercise,auto,demo] [--verbose]
//                 [--real DIR]
//
// The dev split (seeds from 1000) is the one to tune on; the report split (seeds from 900000) is only for the
// figures that are reported. Each exercise runs N sequences in easy and N in hard conditions (see
// tests/coaching/synthetic.hpp). Printed per exercise and condition: normalised MAE, off-by-one rate (OBO),
// exact-count rate, repetition boundary F1 (IoU >= 0.5), count delay after the true end of a repetition
// (median, p90, p95; negative = before the end) and form-flag precision/recall on planted errors; at the end, the
// same per exercise for every condition and mode.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "coaching/analyzer.hpp"
#include "coaching/demonstration.hpp"
#include "coaching/form_rules.hpp"
#include "coaching/pose_features.hpp"
#include "synthetic.hpp"

namespace {

using namespace spotter::coaching;
namespace syn = spotter::coaching::synthetic;

struct CountStats {
    int sequences = 0;
    double abs_rel_error = 0.0;
    int obo = 0;
    int exact = 0;
    int true_reps = 0, predicted_reps = 0, matched_reps = 0;
    std::vector<double> delays;
    void Add(const CountStats& o) {
        sequences += o.sequences;
        abs_rel_error += o.abs_rel_error;
        obo += o.obo;
        exact += o.exact;
        true_reps += o.true_reps;
        predicted_reps += o.predicted_reps;
        matched_reps += o.matched_reps;
        delays.insert(delays.end(), o.delays.begin(), o.delays.end());
    }
};

struct FlagStats {
    int tp = 0, fp = 0, fn = 0;
};

double Percentile(std::vector<double> v, double p) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    std::size_t i = static_cast<std::size_t>(std::clamp(p * (v.size() - 1), 0.0, double(v.size() - 1)));
    return v[i];
}

double IoU(double a0, double a1, double b0, double b1) {
    double inter = std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
    double uni = std::max(a1, b1) - std::min(a0, b0);
    return uni > 0 ? inter / uni : 0.0;
}

struct RunOutput {
    Summary summary;
    std::vector<double> count_times;
};

RunOutput Run(const syn::Sequence& seq, Exercise exercise, const Demonstration* demo) {
    Analyzer analyzer(exercise, {}, demo);
    RunOutput out;
    std::vector<Event> events;
    for (const Frame& f : seq.frames) {
        events.clear();
        analyzer.Push(f, events);
        for (const Event& e : events) {
            if (e.kind == EventKind::kCount) out.count_times.push_back(e.t);
        }
    }
    out.summary = analyzer.Finish();
    return out;
}

// Scores counting; matches predicted repetitions to true ones (IoU >= 0.5, greedy in time order) and fills the
// flag statistics of matched repetitions.
CountStats Score(const syn::Sequence& seq, const RunOutput& run, std::map<FlagId, FlagStats>* flags,
                 bool verbose, std::uint64_t seq_seed = 0, const char* mode = "") {
    CountStats s;
    s.sequences = 1;
    int truth = static_cast<int>(seq.reps.size());
    int got = run.summary.count;
    s.abs_rel_error = truth > 0 ? std::abs(got - truth) / double(truth) : double(got);
    s.obo = std::abs(got - truth) <= 1;
    s.exact = got == truth;
    s.true_reps = truth;
    s.predicted_reps = static_cast<int>(run.summary.reps.size());
    std::vector<bool> used(seq.reps.size(), false);
    for (const RepResult& rep : run.summary.reps) {
        int best = -1;
        double best_iou = 0.5;
        for (std::size_t i = 0; i < seq.reps.size(); ++i) {
            if (used[i]) continue;
            double iou = IoU(rep.start_s, rep.end_s, seq.reps[i].start_s, seq.reps[i].end_s);
            if (iou >= best_iou) {
                best_iou = iou;
                best = static_cast<int>(i);
            }
        }
        if (best < 0) continue;
        used[best] = true;
        ++s.matched_reps;
        s.delays.push_back(rep.count_s - seq.reps[best].end_s);
        if (flags == nullptr) continue;
        const auto& planted = seq.reps[best].errors;
        for (FlagId id : syn::PlantableErrors(seq.exercise)) {
            bool truth_has = std::find(planted.begin(), planted.end(), id) != planted.end();
            bool predicted = std::any_of(rep.flags.begin(), rep.flags.end(), [&](const FormFlag& f) { return f.id == id; });
            FlagStats& fs = (*flags)[id];
            if (truth_has && predicted) ++fs.tp;
            if (!truth_has && predicted) ++fs.fp;
            if (truth_has && !predicted) ++fs.fn;
        }
    }
    if (verbose && got != truth) {
        std::printf("    miss%s: got %d truth %d  seed %llu %s\n", mode, got, truth, static_cast<unsigned long long>(seq_seed),
                    seq.description.c_str());
    }
    return s;
}

void PrintCount(const char* label, const CountStats& s) {
    int n = std::max(1, s.sequences);
    double precision = s.predicted_reps > 0 ? double(s.matched_reps) / s.predicted_reps : 0.0;
    double recall = s.true_reps > 0 ? double(s.matched_reps) / s.true_reps : 0.0;
    double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
    std::printf("  %-22s n=%-4d MAE %.3f  OBO %.2f  exact %.2f  boundaryF1 %.2f  delay ms p50 %+.0f p90 %+.0f p95 %+.0f\n",
                label, s.sequences, s.abs_rel_error / n, double(s.obo) / n, double(s.exact) / n, f1,
                1000 * Percentile(s.delays, 0.5), 1000 * Percentile(s.delays, 0.9), 1000 * Percentile(s.delays, 0.95));
}

syn::Sequence MakeSequence(Exercise exercise, bool hard, std::uint64_t seed, double error_rate) {
    std::mt19937_64 rng(seed * 7919 + static_cast<int>(exercise));
    syn::SequenceSpec spec;
    spec.exercise = exercise;
    spec.seed = seed;
    spec.reps = exercise == Exercise::kPlank ? 1 + static_cast<int>(rng() % 3)
                                             : 3 + static_cast<int>(rng() % (hard ? 23 : 10));
    spec.conditions = hard ? syn::HardConditions(exercise, rng) : syn::EasyConditions(exercise, rng);
    spec.error_rate = error_rate;
    spec.alternate_sides = (exercise == Exercise::kBicepsCurl || exercise == Exercise::kFrontRaise) && rng() % 3 == 0;
    return syn::Generate(spec);
}

// ---- Real frames (Exercise-Correction, development data) ----

struct LabelledFrame {
    std::string label;
    Frame frame;
};

std::vector<LabelledFrame> ReadLabelled(const std::string& path) {
    std::vector<LabelledFrame> out;
    std::ifstream in(path);
    std::string line;
    if (!std::getline(in, line)) return out;
    std::vector<std::pair<int, int>> columns;  // column -> (landmark, component)
    {
        std::stringstream header(line);
        std::string name;
        std::getline(header, name, ',');
        while (std::getline(header, name, ',')) {
            while (!name.empty() && (name.back() == '\r' || name.back() == ' ')) name.pop_back();
            std::size_t cut = name.rfind('_');
            std::string base = name.substr(0, cut), comp = name.substr(cut + 1);
            int c = comp == "x" ? 0 : comp == "y" ? 1 : comp == "z" ? 2 : 3;
            columns.push_back({LandmarkIndex(base.c_str()), c});
        }
    }
    while (std::getline(in, line)) {
        std::stringstream row(line);
        LabelledFrame lf;
        std::getline(row, lf.label, ',');
        lf.frame.has_person = true;
        std::string cell;
        for (const auto& [index, comp] : columns) {
            if (!std::getline(row, cell, ',')) break;
            if (index < 0) continue;
            float v = std::strtof(cell.c_str(), nullptr);
            Landmark& l = lf.frame.lm[index];
            (comp == 0 ? l.x : comp == 1 ? l.y : comp == 2 ? l.z : l.visibility) = v;
        }
        out.push_back(lf);
    }
    return out;
}

void PrintPR(const char* label, int tp, int fp, int fn, int n) {
    if (tp + fn == 0) {  // no positive example: only false alarms can be measured
        std::printf("  %-44s frames %-5d no positive label; false alarms %d\n", label, n, fp);
        return;
    }
    double p = tp + fp > 0 ? double(tp) / (tp + fp) : NAN, r = double(tp) / (tp + fn);
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : NAN;
    std::printf("  %-44s n %-5d precision %.2f recall %.2f F1 %.2f\n", label, n, p, r, f1);
}

void RealFrames(const std::string& dir) {
    std::printf("\nReal frames (Exercise-Correction, development data; per-frame; the same people appear across files)\n");
    auto channels_of = [](const Frame& f, Channels& c) {
        PoseView v;
        if (!MakePoseView(f, 0.0f, v)) return false;
        ComputeChannels(v, 0.5f, c);
        return true;
    };
    for (const char* file : {"plank_model/test.csv", "plank_model/kaggle.csv"}) {
        auto frames = ReadLabelled(dir + "/" + file);
        int tph = 0, fph = 0, fnh = 0, tpl = 0, fpl = 0, fnl = 0, na = 0;
        for (const auto& lf : frames) {
            Channels c;
            float d = channels_of(lf.frame, c) ? PlankHipDeviation(c) : NAN;
            if (std::isnan(d)) {
                ++na;
                d = 0.0f;
            }
            bool high = d > kPlankHipsHigh, low = d < kPlankHipsLow;
            tph += high && lf.label == "H";
            fph += high && lf.label != "H";
            fnh += !high && lf.label == "H";
            tpl += low && lf.label == "L";
            fpl += low && lf.label != "L";
            fnl += !low && lf.label == "L";
        }
        std::string name = std::string("plank hips_high  ") + file;
        PrintPR(name.c_str(), tph, fph, fnh, static_cast<int>(frames.size()));
        name = std::string("plank hips_sagging ") + file;
        PrintPR(name.c_str(), tpl, fpl, fnl, static_cast<int>(frames.size()));
        if (na > 0) std::printf("    (%d frames not assessable: treated as no flag)\n", na);
    }
    {
        auto frames = ReadLabelled(dir + "/bicep_model/test.csv");
        int tp = 0, fp = 0, fn = 0;
        for (const auto& lf : frames) {
            Channels c;
            bool flag = channels_of(lf.frame, c) && FrameLeansBack(c);
            tp += flag && lf.label == "L";
            fp += flag && lf.label != "L";
            fn += !flag && lf.label == "L";
        }
        PrintPR("biceps_curl leaning_back  bicep_model/test.csv", tp, fp, fn, static_cast<int>(frames.size()));
    }
    {
        auto frames = ReadLabelled(dir + "/lunge_model/err.test.csv");
        int tp = 0, fp = 0, fn = 0;
        for (const auto& lf : frames) {
            Channels c;
            bool flag = channels_of(lf.frame, c) && FrameKneePastToes(c);
            tp += flag && lf.label == "L";
            fp += flag && lf.label != "L";
            fn += !flag && lf.label == "L";
        }
        PrintPR("lunge knee_past_toes  lunge_model/err.test.csv", tp, fp, fn, static_cast<int>(frames.size()));
    }
    // Phase: the counting signal's main channels separate the squat's "down" frames from "up" ones.
    for (const char* file : {"squat_model/test.csv", "squat_model/train.csv"}) {
        auto frames = ReadLabelled(dir + "/" + file);
        int tp = 0, fp = 0, fn = 0, n = 0;
        for (const auto& lf : frames) {
            Channels c;
            if (!channels_of(lf.frame, c)) continue;
            float knee = std::isnan(c[Ch::kKnee2L]) ? c[Ch::kKnee2R]
                         : std::isnan(c[Ch::kKnee2R]) ? c[Ch::kKnee2L]
                                                      : 0.5f * (c[Ch::kKnee2L] + c[Ch::kKnee2R]);
            float share = std::isnan(c[Ch::kThighShareL]) ? c[Ch::kThighShareR] : c[Ch::kThighShareL];
            bool down = (!std::isnan(knee) && knee < 130.0f) || (!std::isnan(share) && share < 0.3f);
            ++n;
            tp += down && lf.label == "down";
            fp += down && lf.label != "down";
            fn += !down && lf.label == "down";
        }
        std::string name = std::string("squat phase 'down' (knee<130 or thigh share<0.3) ") + file;
        PrintPR(name.c_str(), tp, fp, fn, n);
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string split = "dev";
    int n = 20;
    std::optional<Exercise> only;
    std::string modes = "exercise,auto,demo";
    bool verbose = false;
    std::string real;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--split") split = next();
        else if (a == "--n") n = std::atoi(next().c_str());
        else if (a == "--exercise") only = ParseExercise(next());
        else if (a == "--modes") modes = next();
        else if (a == "--verbose") verbose = true;
        else if (a == "--real") real = next();
        else {
            std::fprintf(stderr, "usage: coaching_eval [--split dev|report] [--n N] [--exercise NAME] "
                                 "[--modes exercise,auto,demo] [--verbose] [--real DIR]\n");
            return 2;
        }
    }
    const std::uint64_t base = split == "report" ? 900000 : 1000;
    const bool run_exercise = modes.find("exercise") != std::string::npos;
    const bool run_auto = modes.find("auto") != std::string::npos;
    const bool run_demo = modes.find("demo") != std::string::npos;
    std::printf("Synthetic suite, split=%s (seeds from %llu), %d sequences per exercise and condition\n",
                split.c_str(), static_cast<unsigned long long>(base), n);

    std::map<std::string, CountStats> overall;
    std::map<std::string, std::vector<std::pair<std::string, CountStats>>> per_exercise;  // label -> (exercise, stats)
    std::map<FlagId, FlagStats> flag_easy, flag_hard;
    std::vector<double> similarity_good, similarity_bad;
    std::vector<std::pair<std::string, double>> similarity_auc;  // per exercise
    for (Exercise exercise : AllExercises()) {
        if (exercise == Exercise::kAuto || (only && *only != exercise)) continue;
        std::printf("%s\n", std::string(ExerciseName(exercise)).c_str());
        if (exercise == Exercise::kPlank) {
            for (bool hard : {false, true}) {
                double err = 0.0;
                int holds_exact = 0;
                FlagStats high, low;
                for (int i = 0; i < n; ++i) {
                    syn::Sequence seq = MakeSequence(exercise, hard, base + i, 0.5);
                    RunOutput run = Run(seq, exercise, nullptr);
                    err += std::fabs(run.summary.hold_s - seq.hold_s) / std::max(1.0, seq.hold_s);
                    holds_exact += run.summary.reps.size() == seq.reps.size();
                    std::vector<bool> used(seq.reps.size(), false);
                    for (const RepResult& hold : run.summary.reps) {
                        for (std::size_t k = 0; k < seq.reps.size(); ++k) {
                            if (used[k] || IoU(hold.start_s, hold.end_s, seq.reps[k].start_s, seq.reps[k].end_s) < 0.5) continue;
                            used[k] = true;
                            for (auto [id, fs] : {std::pair{FlagId::kHipsHigh, &high}, std::pair{FlagId::kHipsSagging, &low}}) {
                                bool t = std::find(seq.reps[k].errors.begin(), seq.reps[k].errors.end(), id) != seq.reps[k].errors.end();
                                bool p = std::any_of(hold.flags.begin(), hold.flags.end(), [&](const FormFlag& f) { return f.id == id; });
                                fs->tp += t && p;
                                fs->fp += !t && p;
                                fs->fn += t && !p;
                            }
                        }
                    }
                    if (verbose && run.summary.reps.size() != seq.reps.size()) {
                        std::printf("    holds %zu/%zu hold %.1f/%.1f %s\n", run.summary.reps.size(), seq.reps.size(),
                                    run.summary.hold_s, seq.hold_s, seq.description.c_str());
                    }
                }
                std::printf("  %-22s n=%-4d hold-time relative error %.3f  hold count exact %.2f\n",
                            hard ? "hard" : "easy", n, err / n, double(holds_exact) / n);
                auto& target = hard ? flag_hard : flag_easy;
                target[FlagId::kHipsHigh].tp += high.tp;
                target[FlagId::kHipsHigh].fp += high.fp;
                target[FlagId::kHipsHigh].fn += high.fn;
                target[FlagId::kHipsSagging].tp += low.tp;
                target[FlagId::kHipsSagging].fp += low.fp;
                target[FlagId::kHipsSagging].fn += low.fn;
            }
            continue;
        }
        // Demonstration: learned from a clean, correct demonstration by another body.
        std::optional<Demonstration> demo, auto_demo;
        if (run_demo) {
            syn::SequenceSpec spec;
            spec.exercise = exercise;
            spec.seed = base + 77777;
            spec.reps = 4;
            std::mt19937_64 rng(spec.seed);
            spec.conditions = syn::EasyConditions(exercise, rng);
            syn::Sequence demo_seq = syn::Generate(spec);
            // The trainer records the demonstration for a named exercise; members are then counted by it.
            LearnResult learned = LearnDemonstration(demo_seq.frames, exercise);
            if (learned.demonstration) {
                demo = learned.demonstration;
            } else {
                std::printf("  demonstration not learned: %s\n", learned.error.c_str());
            }
            // The same demonstration learned without naming the exercise: counting by the learned direction only.
            auto_demo = LearnDemonstration(demo_seq.frames, Exercise::kAuto).demonstration;
        }
        const std::size_t good_before = similarity_good.size(), bad_before = similarity_bad.size();
        for (bool hard : {false, true}) {
            CountStats ex, au, de, da;
            for (int i = 0; i < n; ++i) {
                syn::Sequence seq = MakeSequence(exercise, hard, base + i, 0.3);
                if (run_exercise) {
                    RunOutput run = Run(seq, exercise, demo ? &*demo : nullptr);
                    ex.Add(Score(seq, run, hard ? &flag_hard : &flag_easy, verbose, base + i));
                    if (demo && !hard) {
                        // Similarity of matched reps: correct vs planted errors.
                        for (const RepResult& rep : run.summary.reps) {
                            if (!rep.similarity) continue;
                            for (const auto& truth : seq.reps) {
                                if (IoU(rep.start_s, rep.end_s, truth.start_s, truth.end_s) < 0.5) continue;
                                (truth.errors.empty() ? similarity_good : similarity_bad).push_back(rep.similarity->score);
                            }
                        }
                    }
                }
                if (run_auto) au.Add(Score(seq, Run(seq, Exercise::kAuto, nullptr), nullptr, verbose, base + i, " (auto)"));
                if (run_demo && demo) {
                    de.Add(Score(seq, Run(seq, Exercise::kAuto, &*demo), nullptr, verbose, base + i, " (demonstration)"));
                }
                if (run_demo && auto_demo) {
                    da.Add(Score(seq, Run(seq, Exercise::kAuto, &*auto_demo), nullptr, verbose, base + i,
                                 " (demo learned as auto)"));
                }
            }
            const std::string cond = hard ? "hard" : "easy";
            auto report = [&](const std::string& label, const CountStats& stats) {
                PrintCount(label.c_str(), stats);
                overall[label].Add(stats);
                per_exercise[label].push_back({std::string(ExerciseName(exercise)), stats});
            };
            if (run_exercise) report(cond + " exercise", ex);
            if (run_auto) report(cond + " auto", au);
            if (run_demo && demo) report(cond + " demonstration", de);
            if (run_demo && auto_demo) report(cond + " demo (learned as auto)", da);
        }
        if (similarity_good.size() > good_before && similarity_bad.size() > bad_before) {
            double wins = 0.0;
            for (std::size_t g = good_before; g < similarity_good.size(); ++g) {
                for (std::size_t b = bad_before; b < similarity_bad.size(); ++b) {
                    wins += similarity_good[g] > similarity_bad[b] ? 1.0 : similarity_good[g] == similarity_bad[b] ? 0.5 : 0.0;
                }
            }
            double auc = wins / ((similarity_good.size() - good_before) * (similarity_bad.size() - bad_before));
            similarity_auc.push_back({std::string(ExerciseName(exercise)), auc});
            std::printf("  demonstration similarity AUC (correct vs planted errors, easy) %.3f\n", auc);
        }
    }
    std::printf("\nOverall (counted exercises)\n");
    for (const auto& [label, stats] : overall) PrintCount(label.c_str(), stats);
    for (const auto& [label, rows] : per_exercise) {
        std::printf("\nPer exercise, %s\n", label.c_str());
        for (const auto& [name, stats] : rows) PrintCount(name.c_str(), stats);
    }

    std::printf("\nForm flags on planted errors (per matched repetition / plank hold)\n");
    for (auto* table : {&flag_easy, &flag_hard}) {
        std::printf(" %s\n", table == &flag_easy ? "easy" : "hard");
        int tp = 0, fp = 0, fn = 0;
        for (const auto& [id, fs] : *table) {
            PrintPR(std::string(FlagCode(id)).c_str(), fs.tp, fs.fp, fs.fn, fs.tp + fs.fp + fs.fn);
            tp += fs.tp;
            fp += fs.fp;
            fn += fs.fn;
        }
        PrintPR("all flags (micro)", tp, fp, fn, tp + fp + fn);
    }
    if (!similarity_good.empty() && !similarity_bad.empty()) {
        // AUC: probability that a correct repetition scores higher than one with a planted error.
        double wins = 0.0;
        for (double g : similarity_good) {
            for (double b : similarity_bad) wins += g > b ? 1.0 : g == b ? 0.5 : 0.0;
        }
        double mean_auc = 0.0;
        for (const auto& [name, auc] : similarity_auc) mean_auc += auc / similarity_auc.size();
        std::printf("\nDemonstration similarity (easy): correct reps median %.0f, reps with planted errors median %.0f, "
                    "pooled AUC %.3f, mean per-exercise AUC %.3f\n",
                    Percentile(similarity_good, 0.5), Percentile(similarity_bad, 0.5),
                    wins / (similarity_good.size() * similarity_bad.size()), mean_auc);
    }
    if (!real.empty()) RealFrames(real);
    return 0;
}
