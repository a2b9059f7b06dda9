#include "coaching/io/analyze_command.hpp"

#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>

#include "coaching/analyzer.hpp"
#include "coaching/demonstration.hpp"
#include "coaching/io/landmark_reader.hpp"
#include "coaching/io/report_json.hpp"

namespace spotter::coaching::io {
namespace {

constexpr int kExitFileError = 1;
constexpr int kExitUsage = 2;

// A stored demonstration ({"format":1,"values":[...]}) in `path`, if that is what the file holds.
std::optional<Demonstration> StoredDemonstration(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(text.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("values")) return std::nullopt;
    return DemonstrationFromJson(j);
}

}  // namespace

int RunAnalyze(const AnalyzeArgs& args, std::ostream& out, std::ostream& err) {
    try {
        if (args.files.empty()) {
            err << "spotter analyze: no input file (see --help)\n";
            return kExitUsage;
        }
        if (!(args.fps > 0.0) || !std::isfinite(args.fps) || args.fps > 10000.0) {
            err << "spotter analyze: --fps must be a positive number of frames per second\n";
            return kExitUsage;
        }
        if (!(args.aspect >= 0.0) || !std::isfinite(args.aspect)) {
            err << "spotter analyze: --aspect must be a positive width / height ratio\n";
            return kExitUsage;
        }
        Exercise exercise = Exercise::kAuto;
        if (!args.exercise.empty()) {
            std::optional<Exercise> parsed = ParseExercise(args.exercise);
            if (!parsed) {
                err << "spotter analyze: unknown exercise '" << args.exercise << "' (see --help)\n";
                return kExitUsage;
            }
            exercise = *parsed;
        } else if (args.demo.empty()) {
            err << "spotter analyze: --exercise is required (or give --demo)\n";
            return kExitUsage;
        }
        AnalyzerOptions options;
        options.image_aspect = static_cast<float>(args.aspect);

        std::optional<Demonstration> demo;
        nlohmann::ordered_json demo_json;
        if (!args.demo.empty()) {
            if (exercise == Exercise::kPlank) {
                err << "spotter analyze: a plank has no repetitions to compare with a demonstration\n";
                return kExitUsage;
            }
            demo = StoredDemonstration(args.demo);
            if (!demo) {
                ReadResult read = ReadLandmarkFile(args.demo, args.fps);
                if (!read.ok()) {
                    err << "spotter analyze: demonstration " << args.demo << ": " << read.error << "\n";
                    return kExitUsage;
                }
                LearnResult learned = LearnDemonstration(read.track->frames, exercise, &options);
                if (!learned.demonstration) {
                    err << "spotter analyze: demonstration " << args.demo << ": " << learned.error << "\n";
                    return kExitUsage;
                }
                demo = learned.demonstration;
            }
            demo_json = {{"file", args.demo}, {"reps", demo->reps}, {"rep_s", std::round(demo->rep_seconds * 100) / 100}};
        }

        int status = 0;
        for (const std::string& file : args.files) {
            ReadResult read = ReadLandmarkFile(file, args.fps);
            if (!read.ok()) {
                err << "spotter analyze: " << file << ": " << read.error << "\n";
                status = kExitFileError;
                continue;
            }
            Analyzer analyzer(exercise, options, demo ? &*demo : nullptr);
            nlohmann::ordered_json events = nlohmann::ordered_json::array();
            std::vector<Event> step;
            for (const Frame& frame : read.track->frames) {
                step.clear();
                analyzer.Push(frame, step);
                if (args.events) {
                    for (const Event& event : step) events.push_back(EventToJson(event, IsTimed(exercise)));
                }
            }
            Summary summary = analyzer.Finish();
            nlohmann::ordered_json line = nlohmann::ordered_json::object();
            line["file"] = file;
            const nlohmann::ordered_json report = SummaryToJson(summary);
            line.update(report);
            if (demo) line["demonstration"] = demo_json;
            if (args.events) line["events"] = events;
            out << line.dump() << "\n";
        }
        out.flush();
        return status;
    } catch (const std::exception& e) {
        err << "spotter analyze: " << e.what() << "\n";
        return kExitFileError;
    }
}

}  // namespace spotter::coaching::io
