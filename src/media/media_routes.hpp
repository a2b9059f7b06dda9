// File: media/media_routes.hpp
//
// GET /media/{file:path}: the files under the media folder (profile images, demonstration videos), public and
// cached for a year (their names are random and never reused). The server streams each answer from the file
// (http::FileSlice, 64 KiB at a time), only the bytes asked for: HTTP Range requests (one range) are answered
// with 206, which lets a browser's <video> seek; a whole video is never held in memory. Only known media extensions are served (.webp, .jpg, .jpeg, .png, .gif, .mp4, .webm),
// with that type, `Content-Security-Policy: default-src 'none'; sandbox` and (from the dispatcher)
// `X-Content-Type-Options: nosniff`, so a stored file can never run as a page.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "http/router.hpp"

namespace spotter::media {

// At most this many bytes are sent for one range; a longer range is answered with its first kMaxRangeBytes
// (a 206 whose Content-Range says so; clients ask again from there). A request without Range gets the whole
// file.
inline constexpr std::uint64_t kMaxRangeBytes = 16 * 1024 * 1024;

struct RangeRequest {
    enum class Kind { kWhole, kRange, kUnsatisfiable } kind = Kind::kWhole;
    std::uint64_t first = 0;  // for kRange: inclusive byte positions
    std::uint64_t last = 0;
};

// Interprets a Range header value for a file of `size` bytes (RFC 9110 §14): "bytes=a-b", "bytes=a-" and
// "bytes=-n". Several ranges, other units and malformed values are ignored (kWhole, as the RFC allows); a range
// starting at or after the end, "bytes=-0", or any range of an empty file is kUnsatisfiable. The result is
// clamped to the file and to kMaxRangeBytes.
RangeRequest ParseRange(std::string_view header, std::uint64_t size);

// Serves <media_dir>/<relative> for GET or HEAD, with ETag/If-None-Match (304), Range/If-Range (206, 416) and the
// headers described above. Throws ApiError(kNotFound) for an unsafe path, an unknown extension, a missing file
// or anything that is not a regular file inside media_dir.
http::Response ServeMediaFile(const http::Request& request, const std::string& media_dir, std::string_view relative);

// Adds GET /media/{file:path} (public, blocking, documented under the tag "media").
void RegisterMediaRoutes(http::Router& router, std::string media_dir);

}  // namespace spotter::media
