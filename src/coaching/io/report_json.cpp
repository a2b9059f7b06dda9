#include "coaching/io/report_json.hpp"

#include <cmath>
#include <vector>

namespace spotter::coaching::io {
namespace {

// Rounds for output: a few decimals are enough and keep the lines short.
double Round(double v, double scale = 1000.0) { return std::isfinite(v) ? std::round(v * scale) / scale : 0.0; }

}  // namespace

nlohmann::ordered_json FlagToJson(const FormFlag& flag) {
    return {{"code", std::string(FlagCode(flag.id))},
            {"message_en", std::string(FlagMessage(flag.id, Language::kEnglish))},
            {"message_ko", std::string(FlagMessage(flag.id, Language::kKorean))},
            {"measured", Round(flag.measured)},
            {"limit", Round(flag.limit)},
            {"severity", Round(flag.severity, 100.0)}};
}

nlohmann::ordered_json RepToJson(const RepResult& rep, bool plank) {
    nlohmann::ordered_json j;
    j["index"] = rep.index;
    auto frame = [&](const char* name, std::int64_t value) {
        if (value >= 0) j[name] = value;
    };
    frame("start_frame", rep.start_frame);
    if (!plank) frame("turn_frame", rep.turn_frame);
    frame("end_frame", rep.end_frame);
    if (!plank) frame("count_frame", rep.count_frame);
    j["start_s"] = Round(rep.start_s);
    if (!plank) j["turn_s"] = Round(rep.turn_s);
    if (rep.end_frame >= 0) j["end_s"] = Round(rep.end_s);
    if (!plank && rep.count_frame >= 0) j["count_s"] = Round(rep.count_s);
    if (plank) j["hold_s"] = Round(rep.hold_s, 100.0);
    j["score"] = rep.score;
    nlohmann::ordered_json flags = nlohmann::ordered_json::array();
    for (const FormFlag& flag : rep.flags) flags.push_back(FlagToJson(flag));
    j["flags"] = flags;
    nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
    for (const FormMetric& metric : rep.metrics) metrics[std::string(metric.name)] = Round(metric.value);
    j["metrics"] = metrics;
    if (rep.similarity) {
        nlohmann::ordered_json joints = nlohmann::ordered_json::array();
        for (const JointDifference& d : rep.similarity->largest) {
            joints.push_back({{"joint", std::string(d.joint)}, {"mean_abs_deg", Round(d.mean_abs_deg, 10.0)}});
        }
        j["similarity"] = {{"score", rep.similarity->score},
                           {"distance_deg", Round(rep.similarity->distance_deg, 10.0)},
                           {"joints", joints}};
    }
    return j;
}

nlohmann::ordered_json EventToJson(const Event& event, bool plank) {
    nlohmann::ordered_json j = {{"event", std::string(EventKindName(event.kind))},
                        {"frame", event.frame},
                        {"t", Round(event.t)},
                        {"count", event.count}};
    if (event.rep) j["rep"] = RepToJson(*event.rep, plank);
    return j;
}

nlohmann::ordered_json SummaryToJson(const Summary& summary) {
    const bool plank = IsTimed(summary.exercise);
    nlohmann::ordered_json j;
    j["exercise"] = std::string(ExerciseName(summary.exercise));
    j["frames"] = summary.frames;
    j["person_frames"] = summary.person_frames;
    j["duration_s"] = Round(summary.duration_s, 100.0);
    j["count"] = summary.count;
    if (plank) {
        j["hold_s"] = Round(summary.hold_s, 100.0);
        j["longest_hold_s"] = Round(summary.longest_hold_s, 100.0);
    }
    nlohmann::ordered_json reps = nlohmann::ordered_json::array();
    for (const RepResult& rep : summary.reps) reps.push_back(RepToJson(rep, plank));
    j[plank ? "holds" : "reps"] = reps;
    j["mean_score"] = summary.mean_score;
    if (summary.mean_similarity) j["similarity"] = *summary.mean_similarity;
    return j;
}

nlohmann::ordered_json DemonstrationToJson(const Demonstration& demonstration) {
    return {{"format", kDemonstrationFormat},
            {"exercise", std::string(ExerciseName(demonstration.exercise))},
            {"values", demonstration.ToVector()}};
}

std::optional<Demonstration> DemonstrationFromJson(const nlohmann::ordered_json& json) {
    if (!json.is_object() || !json.contains("values") || !json["values"].is_array()) return std::nullopt;
    std::vector<float> values;
    values.reserve(json["values"].size());
    for (const auto& v : json["values"]) {
        if (!v.is_number()) return std::nullopt;
        values.push_back(v.get<float>());
    }
    return Demonstration::FromVector(values);
}

}  // namespace spotter::coaching::io
