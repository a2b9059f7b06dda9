// File: coaching/io/frame_json.hpp
//
// One frame's landmarks as JSON, as the browser sends them (live sessions, demonstration tracks) and as JSON-lines
// files hold them: an array of 33 [x, y, z] or [x, y, z, visibility] arrays in MediaPipe order, or null (or an
// empty array) when no person was found. Visibility defaults to 1.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "coaching/landmarks.hpp"

namespace spotter::coaching::io {

// Fills frame.lm and frame.has_person (not frame.t) from `landmarks`. Returns "" on success, else a sentence
// saying what is wrong (the frame is then unchanged). `had_visibility` (optional) is set when a landmark
// carried a visibility value. Non-finite numbers are refused.
std::string LandmarksFromJson(const nlohmann::json& landmarks, Frame& frame, bool* had_visibility = nullptr);

// The inverse: null for no person, else 33 [x, y, z, visibility] arrays rounded to `decimals` places.
nlohmann::json LandmarksToJson(const Frame& frame, int decimals = 4);

}  // namespace spotter::coaching::io
