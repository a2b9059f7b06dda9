// File: common/time_zone.hpp
// Local dates in a person's IANA time zone (CCTZ over the system's zoneinfo): "today" for a member in Seoul is
// their date, never the server's UTC date.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace spotter {

// True when `name` is an IANA zone known to this machine, e.g. "Asia/Seoul" or "UTC".
bool IsKnownTimeZone(const std::string& name);
// "YYYY-MM-DD" of the instant `micros` (since the epoch) in `zone` (UTC when the zone is unknown).
std::string LocalDate(std::int64_t micros, const std::string& zone);
// Microseconds since the epoch at local midnight starting `date` ("YYYY-MM-DD") in `zone`; nullopt for a date
// that is not a real calendar date.
std::optional<std::int64_t> LocalMidnight(const std::string& date, const std::string& zone);
// True when `date` is a real calendar date written "YYYY-MM-DD" (years 1900-2999).
bool IsIsoDate(const std::string& date);

}  // namespace spotter
