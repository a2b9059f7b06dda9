// File: common/clock.hpp
// Time as Spotter stores it: microseconds since the Unix epoch, UTC.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace spotter {

inline std::int64_t NowMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// "2026-11-21T12:27:41.216523Z"
std::string FormatIsoMicros(std::int64_t micros);
// "2026-11-21T12:27:41.216523+00:00" (the form some TrainMate responses use)
std::string FormatIsoOffset(std::int64_t micros);

}  // namespace spotter
