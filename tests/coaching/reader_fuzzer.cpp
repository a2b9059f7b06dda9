// libFuzzer entry point for the landmark readers (clang only: -fsanitize=fuzzer). Build with
//   cmake -DCMAKE_CXX_COMPILER=clang++ ... && cmake --build . --target coaching_reader_fuzzer
// then run ./coaching_reader_fuzzer on a corpus of CSV/JSONL/NPY files.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "coaching/io/landmark_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    using spotter::coaching::io::Format;
    for (Format format : {Format::kCsv, Format::kJsonLines, Format::kNpy}) {
        (void)spotter::coaching::io::ParseLandmarks(bytes, format, 30.0);
    }
    return 0;
}
