// File: tests/coaching/track_writer.hpp
//
// Writes landmark tracks in the formats `spotter analyze` reads, for the reader and command tests.
#pragma once

#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "coaching/landmarks.hpp"

namespace spotter::coaching::testing {

inline std::string ToCsv(const std::vector<Frame>& frames, bool time, bool visibility, bool header) {
    std::ostringstream out;
    out.precision(9);
    if (header) {
        if (time) out << "t,";
        for (std::size_t i = 0; i < kLandmarkCount; ++i) {
            out << (i ? "," : "") << "x" << i << ",y" << i << ",z" << i;
            if (visibility) out << ",v" << i;
        }
        out << "\n";
    }
    for (const Frame& f : frames) {
        if (time) out << f.t;
        if (!f.has_person) {
            out << "\n";
            continue;
        }
        for (std::size_t i = 0; i < kLandmarkCount; ++i) {
            const Landmark& l = f.lm[i];
            out << ((i || time) ? "," : "") << l.x << "," << l.y << "," << l.z;
            if (visibility) out << "," << l.visibility;
        }
        out << "\n";
    }
    return out.str();
}

inline std::string ToJsonLines(const std::vector<Frame>& frames, bool objects) {
    std::ostringstream out;
    out.precision(9);
    for (const Frame& f : frames) {
        if (objects) {
            out << "{\"t\":" << f.t << ",\"landmarks\":[";
            if (f.has_person) {
                for (std::size_t i = 0; i < kLandmarkCount; ++i) {
                    const Landmark& l = f.lm[i];
                    out << (i ? "," : "") << "[" << l.x << "," << l.y << "," << l.z << "," << l.visibility << "]";
                }
            }
            out << "]}\n";
        } else {
            out << "[" << f.t;
            for (std::size_t i = 0; i < kLandmarkCount; ++i) {
                const Landmark& l = f.has_person ? f.lm[i] : Landmark{};
                out << "," << l.x << "," << l.y << "," << l.z << "," << l.visibility;
            }
            out << "]\n";
        }
    }
    return out.str();
}

// A NumPy .npy (version 1) of shape (T, 132) (or (T, 99)), float32 or float64, little-endian.
inline std::string ToNpy(const std::vector<Frame>& frames, bool float64, bool visibility = true) {
    const int width = visibility ? 132 : 99;
    std::string header = std::string("{'descr': '") + (float64 ? "<f8" : "<f4") + "', 'fortran_order': False, 'shape': (" +
                         std::to_string(frames.size()) + ", " + std::to_string(width) + "), }";
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += static_cast<char>(header.size() & 0xff);
    out += static_cast<char>((header.size() >> 8) & 0xff);
    out += header;
    for (const Frame& f : frames) {
        for (std::size_t i = 0; i < kLandmarkCount; ++i) {
            const Landmark l = f.has_person ? f.lm[i] : Landmark{};
            double values[4] = {l.x, l.y, l.z, l.visibility};
            for (int k = 0; k < (visibility ? 4 : 3); ++k) {
                if (float64) {
                    char bytes[8];
                    std::memcpy(bytes, &values[k], 8);
                    out.append(bytes, 8);
                } else {
                    float v = static_cast<float>(values[k]);
                    char bytes[4];
                    std::memcpy(bytes, &v, 4);
                    out.append(bytes, 4);
                }
            }
        }
    }
    return out;
}

}  // namespace spotter::coaching::testing
