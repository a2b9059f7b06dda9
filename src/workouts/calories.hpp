// File: workouts/calories.hpp
//
// The arithmetic of workout records, kept in one pure header so every figure can be audited:
//   calories = MET × body weight (kg) × duration (h)            (seed 4.3.3; the Compendium's kcal formula)
//   a set without a duration counts as 90 seconds
//   body weight = the member's latest profile weight, else 70 kg
//   volume = repetitions × weight
//   estimated one-rep max (Epley) = weight × (1 + repetitions / 30), for 1-30 repetitions
// Quantities are integers (milliseconds, grams, tenths of a kilocalorie) so that totals are exact sums.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

namespace spotter::workouts {

inline constexpr std::int64_t kDefaultSetDurationMs = 90'000;
inline constexpr std::int64_t kDefaultBodyWeightG = 70'000;

// Tenths of a kilocalorie, rounded to the nearest.
inline std::int64_t CaloriesDcal(double met, std::int64_t body_weight_g, std::int64_t duration_ms) {
    double kcal = met * (static_cast<double>(body_weight_g) / 1000.0) * (static_cast<double>(duration_ms) / 3.6e6);
    return static_cast<std::int64_t>(std::llround(kcal * 10.0));
}

inline std::int64_t VolumeG(int repetitions, std::int64_t weight_g) { return repetitions * weight_g; }

inline std::optional<std::int64_t> Epley1rmG(int repetitions, std::int64_t weight_g) {
    if (repetitions < 1 || repetitions > 30 || weight_g <= 0) return std::nullopt;
    if (repetitions == 1) return weight_g;
    return static_cast<std::int64_t>(std::llround(static_cast<double>(weight_g) * (1.0 + repetitions / 30.0)));
}

}  // namespace spotter::workouts
