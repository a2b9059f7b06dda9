#include "common/clock.hpp"

#include <cstdio>
#include <ctime>

namespace spotter {

std::string FormatIsoMicros(std::int64_t micros) {
    std::int64_t seconds = micros / 1000000;
    std::int64_t fraction = micros % 1000000;
    if (fraction < 0) {
        fraction += 1000000;
        seconds -= 1;
    }
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(fraction));
    return buffer;
}

}  // namespace spotter

namespace spotter {

std::string FormatIsoOffset(std::int64_t micros) {
    std::string text = FormatIsoMicros(micros);
    text.pop_back();  // 'Z'
    return text + "+00:00";
}

}  // namespace spotter
