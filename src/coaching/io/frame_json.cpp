#include "coaching/io/frame_json.hpp"

#include <cmath>

namespace spotter::coaching::io {

std::string LandmarksFromJson(const nlohmann::json& landmarks, Frame& frame, bool* had_visibility) {
    if (landmarks.is_null() || (landmarks.is_array() && landmarks.empty())) {
        frame.has_person = false;
        return {};
    }
    if (!landmarks.is_array() || landmarks.size() != kLandmarkCount) {
        return "landmarks must be 33 [x, y, z] or [x, y, z, visibility] arrays, or null";
    }
    std::array<Landmark, kLandmarkCount> points{};
    bool visibility = false;
    for (std::size_t i = 0; i < kLandmarkCount; ++i) {
        const auto& point = landmarks[i];
        if (!point.is_array() || (point.size() != 3 && point.size() != 4)) {
            return "landmark " + std::to_string(i) + " must be [x, y, z] or [x, y, z, visibility]";
        }
        float values[4] = {0, 0, 0, 1};
        for (std::size_t k = 0; k < point.size(); ++k) {
            if (!point[k].is_number()) return "landmark " + std::to_string(i) + " holds a non-number";
            values[k] = point[k].get<float>();
            if (!std::isfinite(values[k])) return "landmark " + std::to_string(i) + " holds a non-finite number";
        }
        visibility = visibility || point.size() == 4;
        points[i] = {values[0], values[1], values[2], values[3]};
    }
    frame.lm = points;
    frame.has_person = true;
    if (had_visibility) *had_visibility = visibility;
    return {};
}

nlohmann::json LandmarksToJson(const Frame& frame, int decimals) {
    if (!frame.has_person) return nullptr;
    const double scale = std::pow(10.0, decimals);
    auto round = [scale](float value) { return std::round(static_cast<double>(value) * scale) / scale; };
    nlohmann::json out = nlohmann::json::array();
    for (const auto& point : frame.lm) {
        out.push_back({round(point.x), round(point.y), round(point.z), round(point.visibility)});
    }
    return out;
}

}  // namespace spotter::coaching::io
