// Randomised and mutated inputs for the file readers: they must return a track or an error, never crash, hang or
// allocate without bound. Runs under the sanitizer build too. (reader_fuzzer.cpp is the libFuzzer entry point.)
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "coaching/analyzer.hpp"
#include "coaching/io/landmark_reader.hpp"
#include "test_util.hpp"
#include "track_writer.hpp"

namespace spotter::coaching::io {
namespace {

std::string Mutate(std::string s, std::mt19937_64& rng) {
    std::uniform_int_distribution<int> op(0, 5);
    std::uniform_int_distribution<int> byte(0, 255);
    const char* tokens[] = {",", "\n", "[", "]", "{", "}", "\"", "nan", "-", "1e308", "(", ")", "'", ":", "True"};
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !s.empty(); ++e) {
        std::size_t at = rng() % s.size();
        switch (op(rng)) {
            case 0: s[at] = static_cast<char>(byte(rng)); break;                  // flip a byte
            case 1: s.erase(at, 1 + rng() % 16); break;                            // delete
            case 2: s.insert(at, tokens[rng() % std::size(tokens)]); break;        // insert a token
            case 3: s.resize(at); break;                                           // truncate
            case 4: s.insert(at, s.substr(rng() % s.size(), rng() % 64)); break;   // duplicate a piece
            default: s[at] ^= static_cast<char>(1 << (rng() % 8)); break;          // flip a bit
        }
    }
    return s;
}

void ParseEverything(const std::string& bytes) {
    for (Format format : {Format::kCsv, Format::kJsonLines, Format::kNpy}) {
        ReadResult r = ParseLandmarks(bytes, format, 30.0);
        if (r.ok()) {
            EXPECT_FALSE(r.track->frames.empty());
            // Whatever parses must also be safe to analyse.
            Analyzer analyzer(Exercise::kSquat);
            for (const Frame& f : r.track->frames) analyzer.Push(f);
            analyzer.Finish();
        } else {
            EXPECT_FALSE(r.error.empty());
        }
    }
}

TEST(ReaderFuzz, MutatedValidFilesNeverCrash) {
    synthetic::Sequence seq = testing::Easy(Exercise::kSquat, 1, 111);
    std::vector<Frame> frames(seq.frames.begin(), seq.frames.begin() + 6);
    const std::string seeds[] = {testing::ToCsv(frames, true, true, true), testing::ToCsv(frames, false, false, false),
                                 testing::ToJsonLines(frames, true), testing::ToJsonLines(frames, false),
                                 testing::ToNpy(frames, false), testing::ToNpy(frames, true, false)};
    std::mt19937_64 rng(112);
    for (int i = 0; i < 600; ++i) ParseEverything(Mutate(seeds[i % std::size(seeds)], rng));
}

TEST(ReaderFuzz, RandomBytesNeverCrash) {
    std::mt19937_64 rng(113);
    for (int i = 0; i < 300; ++i) {
        std::string bytes(rng() % 512, '\0');
        for (char& c : bytes) c = static_cast<char>(rng() % 256);
        if (i % 3 == 0) bytes = std::string("\x93NUMPY\x01\x00", 8) + bytes;
        ParseEverything(bytes);
    }
}

}  // namespace
}  // namespace spotter::coaching::io
