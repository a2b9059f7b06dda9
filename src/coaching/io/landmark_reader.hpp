// File: coaching/io/landmark_reader.hpp
//
// Readers of recorded landmark sequences (MediaPipe Pose, 33 landmarks per frame) into coaching::Frame tracks.
// Three formats, all "one frame per row":
//  - CSV: an optional header row, then per row an optional time column `t` (seconds) followed by 99 numbers
//    (x,y,z of the 33 landmarks in MediaPipe order) or 132 (x,y,z,visibility). An empty row, or a row whose
//    landmark values are all zero, is a frame with no person.
//  - JSON lines: per line an array of numbers (the same layouts as a CSV row) or an object
//    {"t": seconds, "landmarks": [[x,y,z,v], ...]} (33 entries of 3 or 4 numbers; empty, null or missing means no
//    person). A blank line is a frame with no person.
//  - NumPy .npy: float32 or float64 (either byte order, C or Fortran order) of shape (T, 99), (T, 132),
//    (T, 33, 3) or (T, 33, 4). An all-zero or all-NaN row is a frame with no person.
// Without a time column, frame i is at i / fps. Without visibility, visibility is 1. Parsing never throws on bad
// input: it returns an error message naming the line/row and what is wrong.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coaching/landmarks.hpp"

namespace spotter::coaching::io {

enum class Format { kCsv, kJsonLines, kNpy };

struct LandmarkTrack {
    std::vector<Frame> frames;
    bool has_time = false;        // timestamps came from the file
    bool has_visibility = false;  // visibility came from the file
};

// A track, or why there is none.
struct ReadResult {
    std::optional<LandmarkTrack> track;
    std::string error;
    bool ok() const { return track.has_value(); }
};

// Files larger than this are refused (about 2.5 hours of 60 fps CSV).
inline constexpr std::size_t kMaxFileBytes = std::size_t{1} << 30;

ReadResult ParseCsv(std::string_view text, double fps);
ReadResult ParseJsonLines(std::string_view text, double fps);
ReadResult ParseNpy(std::string_view bytes, double fps);

// The format of `bytes` read from `path`: NumPy's magic, else the extension (.csv, .jsonl/.ndjson/.json, .npy),
// else the first non-blank character ('[' or '{' means JSON lines), else CSV.
Format DetectFormat(std::string_view path, std::string_view bytes);

ReadResult ParseLandmarks(std::string_view bytes, Format format, double fps);

// Reads and parses a file ("-" is standard input). fps must be > 0.
ReadResult ReadLandmarkFile(const std::string& path, double fps);

}  // namespace spotter::coaching::io
