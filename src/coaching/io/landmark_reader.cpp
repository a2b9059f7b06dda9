#include "coaching/io/landmark_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "coaching/io/frame_json.hpp"

namespace spotter::coaching::io {
namespace {

constexpr int kXyz = 3 * static_cast<int>(kLandmarkCount);   // 99
constexpr int kXyzv = 4 * static_cast<int>(kLandmarkCount);  // 132

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
        s.remove_suffix(1);
    }
    return s;
}

bool ParseNumber(std::string_view s, double& out) {
    s = Trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return false;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
}

std::vector<std::string_view> SplitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

std::vector<std::string_view> SplitFields(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        std::size_t end = line.find(',', start);
        if (end == std::string_view::npos) {
            fields.push_back(Trim(line.substr(start)));
            break;
        }
        fields.push_back(Trim(line.substr(start, end - start)));
        start = end + 1;
    }
    return fields;
}

// Fills frame from `values` (99 or 132 landmark numbers). An all-zero (or all-NaN) row is no person.
void FillFrame(const double* values, int count, Frame& frame) {
    const int stride = count == kXyzv ? 4 : 3;
    bool any = false;
    for (int i = 0; i < static_cast<int>(kLandmarkCount); ++i) {
        const double* v = values + i * stride;
        Landmark& l = frame.lm[i];
        l.x = static_cast<float>(v[0]);
        l.y = static_cast<float>(v[1]);
        l.z = static_cast<float>(v[2]);
        l.visibility = stride == 4 ? static_cast<float>(v[3]) : 1.0f;
        for (int k = 0; k < stride; ++k) {
            if (v[k] != 0.0 && !std::isnan(v[k])) any = true;
        }
    }
    frame.has_person = any;
    if (!any) frame.lm = {};
}

std::string At(const char* what, std::size_t number) {
    return std::string(what) + " " + std::to_string(number) + ": ";
}

bool IsTimeName(std::string_view name) {
    std::string n;
    for (char c : name) {
        if (c != '"' && c != '\'') n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return n == "t" || n == "time" || n == "timestamp" || n == "time_s" || n == "seconds";
}

double NextTime(const LandmarkTrack& track, double fps) {
    if (track.frames.empty()) return 0.0;
    return track.frames.back().t + 1.0 / fps;
}

ReadResult Fail(std::string message) {
    ReadResult r;
    r.error = std::move(message);
    return r;
}

ReadResult Done(LandmarkTrack track) {
    if (track.frames.empty()) return Fail("no frames in the file");
    ReadResult r;
    r.track = std::move(track);
    return r;
}

}  // namespace

ReadResult ParseCsv(std::string_view text, double fps) {
    if (!(fps > 0.0) || !std::isfinite(fps)) return Fail("fps must be a positive number");
    std::vector<std::string_view> lines = SplitLines(text);
    LandmarkTrack track;
    int width = 0;  // fields per data row, set by the first one
    bool header_seen = false;
    std::vector<double> values;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        std::string_view line = Trim(lines[n]);
        const std::size_t line_number = n + 1;
        if (line.empty()) {
            if (width == 0 && !header_seen && track.frames.empty()) continue;  // leading blank lines
            Frame frame;
            frame.t = NextTime(track, fps);
            track.frames.push_back(frame);
            continue;
        }
        std::vector<std::string_view> fields = SplitFields(line);
        values.assign(fields.size(), 0.0);
        bool numeric = true;
        std::size_t bad = 0;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (!ParseNumber(fields[i], values[i])) {
                numeric = false;
                bad = i;
                break;
            }
        }
        if (!numeric) {
            if (!header_seen && width == 0 && track.frames.empty()) {
                header_seen = true;
                int w = static_cast<int>(fields.size());
                if (w == kXyz + 1 || w == kXyzv + 1) {
                    if (!IsTimeName(fields[0])) {
                        return Fail(At("line", line_number) + "the first column of " + std::to_string(w) +
                                    " must be the time in seconds (t)");
                    }
                } else if (w != kXyz && w != kXyzv) {
                    return Fail(At("line", line_number) + "the header has " + std::to_string(w) +
                                " columns; expected 99 or 132 landmark values, optionally after a time column t");
                }
                width = w;
                continue;
            }
            std::string field(fields[bad].substr(0, 40));
            return Fail(At("line", line_number) + "column " + std::to_string(bad + 1) + " is not a number: '" + field +
                        "'");
        }
        const int w = static_cast<int>(fields.size());
        if (width == 0) {
            if (w != kXyz && w != kXyzv && w != kXyz + 1 && w != kXyzv + 1) {
                return Fail(At("line", line_number) + std::to_string(w) +
                            " values; expected 99 (x,y,z) or 132 (x,y,z,visibility) per landmark row, optionally "
                            "after a time column");
            }
            width = w;
        }
        const bool timed = width == kXyz + 1 || width == kXyzv + 1;
        track.has_time = timed;
        track.has_visibility = width == kXyzv || width == kXyzv + 1;
        Frame frame;
        if (timed && w == 1) {  // a time alone: no person at that time
            frame.t = values[0];
        } else if (w != width) {
            return Fail(At("line", line_number) + std::to_string(w) + " values where earlier rows have " +
                        std::to_string(width));
        } else if (timed) {
            frame.t = values[0];
            FillFrame(values.data() + 1, width - 1, frame);
        } else {
            frame.t = NextTime(track, fps);
            FillFrame(values.data(), width, frame);
        }
        if (!std::isfinite(frame.t)) return Fail(At("line", line_number) + "the time is not a finite number");
        track.frames.push_back(frame);
    }
    // A file ending with blank lines: those are not frames.
    while (!track.frames.empty() && !track.frames.back().has_person && !lines.empty() && Trim(lines.back()).empty()) {
        track.frames.pop_back();
        lines.pop_back();
    }
    return Done(std::move(track));
}

ReadResult ParseJsonLines(std::string_view text, double fps) {
    if (!(fps > 0.0) || !std::isfinite(fps)) return Fail("fps must be a positive number");
    std::vector<std::string_view> lines = SplitLines(text);
    while (!lines.empty() && Trim(lines.back()).empty()) lines.pop_back();
    LandmarkTrack track;
    std::vector<double> values;
    int width = 0;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::size_t line_number = n + 1;
        std::string_view line = Trim(lines[n]);
        Frame frame;
        frame.t = NextTime(track, fps);
        if (line.empty()) {
            if (!track.frames.empty()) track.frames.push_back(frame);
            continue;
        }
        nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded()) return Fail(At("line", line_number) + "not valid JSON");
        if (j.is_null()) {
            track.frames.push_back(frame);
            continue;
        }
        if (j.is_array()) {
            values.clear();
            for (const auto& v : j) {
                if (!v.is_number()) return Fail(At("line", line_number) + "the array must hold numbers only");
                values.push_back(v.get<double>());
            }
            const int w = static_cast<int>(values.size());
            if (w == 0) {
                track.frames.push_back(frame);
                continue;
            }
            if (w != kXyz && w != kXyzv && w != kXyz + 1 && w != kXyzv + 1) {
                return Fail(At("line", line_number) + std::to_string(w) +
                            " numbers; expected 99 or 132, optionally after the time");
            }
            if (width != 0 && w != width) {
                return Fail(At("line", line_number) + std::to_string(w) + " numbers where earlier lines have " +
                            std::to_string(width));
            }
            width = w;
            const bool timed = w == kXyz + 1 || w == kXyzv + 1;
            track.has_time = track.has_time || timed;
            track.has_visibility = track.has_visibility || w == kXyzv || w == kXyzv + 1;
            if (timed) frame.t = values[0];
            FillFrame(values.data() + (timed ? 1 : 0), timed ? w - 1 : w, frame);
        } else if (j.is_object()) {
            if (j.contains("t")) {
                if (!j["t"].is_number()) return Fail(At("line", line_number) + "\"t\" must be a number of seconds");
                frame.t = j["t"].get<double>();
                track.has_time = true;
            }
            auto it = j.find("landmarks");
            if (it != j.end()) {
                bool visibility = false;
                std::string error = LandmarksFromJson(*it, frame, &visibility);
                if (!error.empty()) return Fail(At("line", line_number) + error);
                track.has_visibility = track.has_visibility || visibility;
            }
        } else {
            return Fail(At("line", line_number) + "expected an array of numbers or an object with \"landmarks\"");
        }
        if (!std::isfinite(frame.t)) return Fail(At("line", line_number) + "the time is not a finite number");
        track.frames.push_back(frame);
    }
    return Done(std::move(track));
}

namespace {

// Reads the value of `key` in a NumPy header dict (a Python literal), as the raw text up to the next top-level
// comma or closing brace.
std::optional<std::string_view> HeaderValue(std::string_view header, std::string_view key) {
    for (char quote : {'\'', '"'}) {
        std::string quoted = std::string(1, quote) + std::string(key) + std::string(1, quote);
        std::size_t at = header.find(quoted);
        if (at == std::string_view::npos) continue;
        std::size_t colon = header.find(':', at + quoted.size());
        if (colon == std::string_view::npos) return std::nullopt;
        std::size_t start = colon + 1;
        int depth = 0;
        std::size_t end = start;
        for (; end < header.size(); ++end) {
            char c = header[end];
            if (c == '(' || c == '[') ++depth;
            if (c == ')' || c == ']') --depth;
            if (depth < 0 || (depth == 0 && (c == ',' || c == '}'))) break;
        }
        return Trim(header.substr(start, end - start));
    }
    return std::nullopt;
}

}  // namespace

ReadResult ParseNpy(std::string_view bytes, double fps) {
    if (!(fps > 0.0) || !std::isfinite(fps)) return Fail("fps must be a positive number");
    static constexpr char kMagic[] = "\x93NUMPY";
    if (bytes.size() < 10 || bytes.substr(0, 6) != std::string_view(kMagic, 6)) {
        return Fail("not a NumPy .npy file (no \\x93NUMPY magic)");
    }
    const auto u8 = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])); };
    const std::uint32_t major = u8(6);
    std::size_t header_len = 0, header_start = 0;
    if (major == 1) {
        header_len = u8(8) | (u8(9) << 8);
        header_start = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12) return Fail("truncated .npy header");
        header_len = u8(8) | (u8(9) << 8) | (u8(10) << 16) | (u8(11) << 24);
        header_start = 12;
    } else {
        return Fail(".npy format version " + std::to_string(major) + " is not supported (1, 2 or 3)");
    }
    if (header_len > bytes.size() - header_start) return Fail("truncated .npy header");
    std::string_view header = bytes.substr(header_start, header_len);
    const std::size_t data_start = header_start + header_len;

    auto descr = HeaderValue(header, "descr");
    auto fortran = HeaderValue(header, "fortran_order");
    auto shape = HeaderValue(header, "shape");
    if (!descr || !fortran || !shape) return Fail(".npy header lacks descr, fortran_order or shape");
    std::string d(Trim(*descr));
    if (d.size() >= 2 && (d.front() == '\'' || d.front() == '"')) d = d.substr(1, d.size() - 2);
    bool big_endian = false;
    std::size_t item = 0;
    if (d == "<f4" || d == "f4" || d == "=f4") {
        item = 4;
    } else if (d == "<f8" || d == "f8" || d == "=f8") {
        item = 8;
    } else if (d == ">f4") {
        item = 4;
        big_endian = true;
    } else if (d == ">f8") {
        item = 8;
        big_endian = true;
    } else {
        return Fail(".npy dtype '" + d + "' is not supported (float32 '<f4' or float64 '<f8')");
    }
    bool fortran_order = false;
    if (Trim(*fortran) == "True") {
        fortran_order = true;
    } else if (Trim(*fortran) != "False") {
        return Fail(".npy fortran_order must be True or False");
    }
    // Shape: "(T, 99)" and friends.
    std::vector<std::uint64_t> dims;
    {
        std::string_view s = Trim(*shape);
        if (s.size() < 2 || s.front() != '(' || s.back() != ')') return Fail(".npy shape is not a tuple");
        s = s.substr(1, s.size() - 2);
        for (std::string_view part : SplitFields(s)) {
            if (part.empty()) continue;
            std::uint64_t v = 0;
            auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
            if (ec != std::errc() || end != part.data() + part.size()) return Fail(".npy shape holds a non-integer");
            dims.push_back(v);
        }
    }
    std::uint64_t frames = 0, width = 0;
    if (dims.size() == 2 && (dims[1] == kXyz || dims[1] == kXyzv)) {
        frames = dims[0];
        width = dims[1];
    } else if (dims.size() == 3 && dims[1] == kLandmarkCount && (dims[2] == 3 || dims[2] == 4)) {
        frames = dims[0];
        width = dims[1] * dims[2];
    } else {
        std::ostringstream shape_text;
        for (std::size_t i = 0; i < dims.size(); ++i) shape_text << (i ? ", " : "") << dims[i];
        return Fail(".npy shape (" + shape_text.str() + ") is not (T, 99), (T, 132), (T, 33, 3) or (T, 33, 4)");
    }
    if (frames == 0) return Fail("no frames in the file");
    const std::uint64_t available = (bytes.size() - data_start) / item;
    if (frames > available / width) return Fail(".npy data is truncated: the shape needs more values than the file has");

    LandmarkTrack track;
    track.has_visibility = width == kXyzv;
    track.frames.resize(static_cast<std::size_t>(frames));
    std::vector<double> row(static_cast<std::size_t>(width));
    const char* data = bytes.data() + data_start;
    for (std::uint64_t f = 0; f < frames; ++f) {
        for (std::uint64_t c = 0; c < width; ++c) {
            // C order: row-major over (T, width); Fortran: column-major (the last axes vary slowest).
            std::uint64_t index = 0;
            if (!fortran_order) {
                index = f * width + c;
            } else if (dims.size() == 2) {
                index = c * frames + f;
            } else {
                std::uint64_t landmark = c / dims[2], component = c % dims[2];
                index = f + frames * (landmark + dims[1] * component);
            }
            unsigned char raw[8];
            std::memcpy(raw, data + index * item, item);
            if (big_endian) std::reverse(raw, raw + item);
            if (item == 4) {
                float v;
                std::memcpy(&v, raw, 4);
                row[c] = v;
            } else {
                double v;
                std::memcpy(&v, raw, 8);
                row[c] = v;
            }
        }
        Frame& frame = track.frames[static_cast<std::size_t>(f)];
        frame.t = static_cast<double>(f) / fps;
        FillFrame(row.data(), static_cast<int>(width), frame);
    }
    return Done(std::move(track));
}

Format DetectFormat(std::string_view path, std::string_view bytes) {
    if (bytes.size() >= 6 && bytes.substr(0, 6) == std::string_view("\x93NUMPY", 6)) return Format::kNpy;
    auto ends_with = [&](std::string_view suffix) {
        if (path.size() < suffix.size()) return false;
        for (std::size_t i = 0; i < suffix.size(); ++i) {
            char c = static_cast<char>(std::tolower(static_cast<unsigned char>(path[path.size() - suffix.size() + i])));
            if (c != suffix[i]) return false;
        }
        return true;
    };
    if (ends_with(".npy")) return Format::kNpy;
    if (ends_with(".jsonl") || ends_with(".ndjson") || ends_with(".json")) return Format::kJsonLines;
    if (ends_with(".csv")) return Format::kCsv;
    for (char c : bytes) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        return c == '[' || c == '{' ? Format::kJsonLines : Format::kCsv;
    }
    return Format::kCsv;
}

ReadResult ParseLandmarks(std::string_view bytes, Format format, double fps) {
    switch (format) {
        case Format::kCsv: return ParseCsv(bytes, fps);
        case Format::kJsonLines: return ParseJsonLines(bytes, fps);
        case Format::kNpy: return ParseNpy(bytes, fps);
    }
    return Fail("unknown format");
}

ReadResult ReadLandmarkFile(const std::string& path, double fps) {
    std::string bytes;
    if (path == "-") {
        bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) return Fail("cannot open " + path + ": " + std::strerror(errno));
        in.seekg(0, std::ios::end);
        std::streamoff size = in.tellg();
        if (size < 0) return Fail("cannot read " + path);
        if (static_cast<std::uint64_t>(size) > kMaxFileBytes) {
            return Fail(path + " is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB");
        }
        in.seekg(0, std::ios::beg);
        bytes.resize(static_cast<std::size_t>(size));
        if (size > 0 && !in.read(bytes.data(), size)) return Fail("cannot read " + path);
    }
    if (bytes.size() > kMaxFileBytes) return Fail(path + " is too large");
    ReadResult result = ParseLandmarks(bytes, DetectFormat(path, bytes), fps);
    return result;
}

}  // namespace spotter::coaching::io
