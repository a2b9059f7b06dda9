#include "common/time_zone.hpp"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <chrono>
#include <cstdio>

namespace spotter {

namespace {

cctz::time_zone Load(const std::string& name) {
    cctz::time_zone zone;
    if (!cctz::load_time_zone(name, &zone)) cctz::load_time_zone("UTC", &zone);
    return zone;
}

std::optional<cctz::civil_day> ParseDay(const std::string& date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (date[i] < '0' || date[i] > '9') return std::nullopt;
    }
    int year = std::stoi(date.substr(0, 4)), month = std::stoi(date.substr(5, 2)), day = std::stoi(date.substr(8, 2));
    if (year < 1900 || year > 2999) return std::nullopt;
    cctz::civil_day civil(year, month, day);
    // civil_day normalises 2026-02-30 to March: a real date survives unchanged.
    if (civil.year() != year || civil.month() != month || civil.day() != day) return std::nullopt;
    return civil;
}

}  // namespace

bool IsKnownTimeZone(const std::string& name) {
    if (name.empty() || name.size() > 64 || name.find("..") != std::string::npos || name.front() == '/') return false;
    for (char c : name) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
                  c == '-' || c == '+';
        if (!ok) return false;
    }
    cctz::time_zone zone;
    return cctz::load_time_zone(name, &zone);
}

std::string LocalDate(std::int64_t micros, const std::string& zone) {
    auto instant = std::chrono::system_clock::time_point(std::chrono::microseconds(micros));
    auto civil = cctz::convert(std::chrono::time_point_cast<std::chrono::seconds>(instant), Load(zone));
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", static_cast<int>(civil.year()), civil.month(), civil.day());
    return out;
}

std::optional<std::int64_t> LocalMidnight(const std::string& date, const std::string& zone) {
    auto day = ParseDay(date);
    if (!day) return std::nullopt;
    auto instant = cctz::convert(cctz::civil_second(*day), Load(zone));
    return std::chrono::duration_cast<std::chrono::microseconds>(instant.time_since_epoch()).count();
}

bool IsIsoDate(const std::string& date) { return ParseDay(date).has_value(); }

}  // namespace spotter
