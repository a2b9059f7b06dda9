// File: coaching/io/report_json.hpp
//
// JSON forms of the engine's results, shared by `spotter analyze` and (later) the live WebSocket: repetitions with
// their flags (code and message in English and Korean), events, summaries, and the storable form of a
// demonstration.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "coaching/analyzer.hpp"
#include "coaching/demonstration.hpp"
#include "coaching/results.hpp"

namespace spotter::coaching::io {

// {"code", "message_en", "message_ko", "measured", "limit", "severity"}
nlohmann::ordered_json FlagToJson(const FormFlag& flag);

// {"index", "start_frame", "turn_frame", "end_frame", "count_frame", "start_s", "turn_s", "end_s", "count_s",
//  "score", "flags": [...], "metrics": {name: value}, "similarity": {"score", "distance_deg", "joints": [...]},
//  "hold_s" (plank holds)}. Absent frames (-1) are omitted.
nlohmann::ordered_json RepToJson(const RepResult& rep, bool plank = false);

// {"event": "count", "frame", "t", "count", "rep": {...}}
nlohmann::ordered_json EventToJson(const Event& event, bool plank = false);

// {"exercise", "frames", "person_frames", "duration_s", "count", "reps": [...], "mean_score"} plus "hold_s" and
// "longest_hold_s" for the plank and "similarity" (mean) with a demonstration.
nlohmann::ordered_json SummaryToJson(const Summary& summary);

// {"format": 1, "exercise": name, "values": [...]} (Demonstration::ToVector). Objects keep their keys in the
// order written here (ordered_json), which reads better; they convert to nlohmann::json if needed.
nlohmann::ordered_json DemonstrationToJson(const Demonstration& demonstration);
// Nullopt when `json` is not a stored demonstration.
std::optional<Demonstration> DemonstrationFromJson(const nlohmann::ordered_json& json);

}  // namespace spotter::coaching::io
