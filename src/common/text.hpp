// File: common/text.hpp
// UTF-8 helpers for validating what people type.
#pragma once

#include <cstddef>
#include <string_view>

namespace spotter {

// Characters (code points), not bytes: "김트레이너" is 5.
inline std::size_t Utf8Length(std::string_view text) {
    std::size_t count = 0;
    for (unsigned char c : text) count += (c & 0xC0) != 0x80;
    return count;
}

}  // namespace spotter
