#include <gtest/gtest.h>

#include <cmath>

#include "coaching/io/landmark_reader.hpp"
#include "test_util.hpp"
#include "track_writer.hpp"

namespace spotter::coaching::io {
namespace {

std::vector<Frame> SomeFrames() {
    synthetic::Sequence seq = testing::Easy(Exercise::kSquat, 2, 101);
    std::vector<Frame> frames(seq.frames.begin(), seq.frames.begin() + 40);
    frames[5].has_person = false;
    frames[5].lm = {};
    return frames;
}

void ExpectSameFrames(const std::vector<Frame>& a, const std::vector<Frame>& b, bool time, bool visibility) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        ASSERT_EQ(a[i].has_person, b[i].has_person) << "frame " << i;
        if (time) {
            EXPECT_NEAR(a[i].t, b[i].t, 1e-6);
        }
        if (!a[i].has_person) continue;
        for (std::size_t k = 0; k < kLandmarkCount; ++k) {
            EXPECT_NEAR(a[i].lm[k].x, b[i].lm[k].x, 1e-5);
            EXPECT_NEAR(a[i].lm[k].y, b[i].lm[k].y, 1e-5);
            EXPECT_NEAR(a[i].lm[k].z, b[i].lm[k].z, 1e-5);
            EXPECT_NEAR(b[i].lm[k].visibility, visibility ? a[i].lm[k].visibility : 1.0f, 1e-5);
        }
    }
}

TEST(CsvReader, AllLayouts) {
    std::vector<Frame> frames = SomeFrames();
    for (bool time : {false, true}) {
        for (bool visibility : {false, true}) {
            for (bool header : {false, true}) {
                ReadResult r = ParseCsv(testing::ToCsv(frames, time, visibility, header), 30.0);
                ASSERT_TRUE(r.ok()) << r.error << " time=" << time << " vis=" << visibility << " header=" << header;
                EXPECT_EQ(r.track->has_time, time);
                EXPECT_EQ(r.track->has_visibility, visibility);
                ExpectSameFrames(frames, r.track->frames, time, visibility);
                if (!time) {
                    EXPECT_NEAR(r.track->frames[30].t, 1.0, 1e-9);  // frame index / fps
                }
            }
        }
    }
}

TEST(CsvReader, EmptyAndZeroRowsAreNoPerson) {
    std::string zeros(98 * 2 + 1, ',');
    for (std::size_t i = 0; i < zeros.size(); i += 2) zeros[i] = '0';
    std::string row(99 * 2 - 1, ',');
    for (std::size_t i = 0; i < row.size(); i += 2) row[i] = '1';
    ReadResult r = ParseCsv(row + "\n\n" + zeros.substr(0, 197) + "\n" + row + "\n", 10.0);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.track->frames.size(), 4u);
    EXPECT_TRUE(r.track->frames[0].has_person);
    EXPECT_FALSE(r.track->frames[1].has_person);
    EXPECT_FALSE(r.track->frames[2].has_person);
    EXPECT_TRUE(r.track->frames[3].has_person);
    EXPECT_NEAR(r.track->frames[3].t, 0.3, 1e-9);
}

TEST(CsvReader, ClearErrors) {
    EXPECT_NE(ParseCsv("1,2,3\n", 30).error.find("99"), std::string::npos);
    EXPECT_NE(ParseCsv("", 30).error.find("no frames"), std::string::npos);
    std::string row(99 * 2 - 1, ',');
    for (std::size_t i = 0; i < row.size(); i += 2) row[i] = '1';
    std::string bad = row;
    bad[4] = 'x';
    ReadResult r = ParseCsv(row + "\n" + bad + "\n", 30);
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.error.find("line 2"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("column 3"), std::string::npos) << r.error;
    r = ParseCsv(row + "\n" + row + ",1\n", 30);
    EXPECT_NE(r.error.find("earlier rows"), std::string::npos) << r.error;
    EXPECT_FALSE(ParseCsv(row + "\n", 0.0).ok());  // fps must be positive
}

TEST(JsonLinesReader, ArraysAndObjects) {
    std::vector<Frame> frames = SomeFrames();
    for (bool objects : {false, true}) {
        ReadResult r = ParseJsonLines(testing::ToJsonLines(frames, objects), 30.0);
        ASSERT_TRUE(r.ok()) << r.error;
        EXPECT_TRUE(r.track->has_time);
        ExpectSameFrames(frames, r.track->frames, true, true);
    }
    ReadResult r = ParseJsonLines("null\n{\"t\": 0.5}\n[]\n", 30.0);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.track->frames.size(), 3u);
    for (const Frame& f : r.track->frames) EXPECT_FALSE(f.has_person);
}

TEST(JsonLinesReader, ClearErrors) {
    EXPECT_NE(ParseJsonLines("{not json\n", 30).error.find("line 1"), std::string::npos);
    EXPECT_NE(ParseJsonLines("[1, 2, \"x\"]\n", 30).error.find("numbers"), std::string::npos);
    EXPECT_NE(ParseJsonLines("{\"landmarks\": [[1,2]]}\n", 30).error.find("33"), std::string::npos);
    EXPECT_NE(ParseJsonLines("\"text\"\n", 30).error.find("expected"), std::string::npos);
}

TEST(NpyReader, Float32AndFloat64) {
    std::vector<Frame> frames = SomeFrames();
    for (bool f64 : {false, true}) {
        for (bool visibility : {false, true}) {
            ReadResult r = ParseNpy(testing::ToNpy(frames, f64, visibility), 30.0);
            ASSERT_TRUE(r.ok()) << r.error;
            ExpectSameFrames(frames, r.track->frames, false, visibility);
        }
    }
}

TEST(NpyReader, ThreeDimensionalFortranOrderAndBigEndian) {
    std::vector<Frame> frames = SomeFrames();
    frames.resize(3);
    // (T, 33, 4) C order: same bytes as (T, 132).
    std::string c_order = testing::ToNpy(frames, false);
    std::string three_d = c_order;
    std::size_t at = three_d.find("(3, 132)");
    ASSERT_NE(at, std::string::npos);
    three_d.replace(at, 8, "(3,33,4)");
    ReadResult r = ParseNpy(three_d, 30.0);
    ASSERT_TRUE(r.ok()) << r.error;
    ExpectSameFrames(frames, r.track->frames, false, true);

    // Fortran order (T, 132): column-major data.
    std::string fortran = c_order;
    fortran.replace(fortran.find("False"), 5, "True ");
    std::size_t data = fortran.size() - 3 * 132 * 4;
    for (int f = 0; f < 3; ++f) {
        for (int c = 0; c < 132; ++c) {
            std::memcpy(&fortran[data + (c * 3 + f) * 4], &c_order[data + (f * 132 + c) * 4], 4);
        }
    }
    r = ParseNpy(fortran, 30.0);
    ASSERT_TRUE(r.ok()) << r.error;
    ExpectSameFrames(frames, r.track->frames, false, true);

    // Big-endian float32.
    std::string big = c_order;
    big.replace(big.find("<f4"), 3, ">f4");
    for (std::size_t i = data; i + 4 <= big.size(); i += 4) std::reverse(big.begin() + i, big.begin() + i + 4);
    r = ParseNpy(big, 30.0);
    ASSERT_TRUE(r.ok()) << r.error;
    ExpectSameFrames(frames, r.track->frames, false, true);
}

TEST(NpyReader, ClearErrors) {
    std::vector<Frame> frames = SomeFrames();
    std::string good = testing::ToNpy(frames, false);
    EXPECT_NE(ParseNpy("hello", 30).error.find("magic"), std::string::npos);
    EXPECT_NE(ParseNpy(good.substr(0, good.size() - 10), 30).error.find("truncated"), std::string::npos);
    std::string int_type = good;
    int_type.replace(int_type.find("<f4"), 3, "<i4");
    EXPECT_NE(ParseNpy(int_type, 30).error.find("dtype"), std::string::npos);
    std::string shape = good;
    shape.replace(shape.find(", 132)"), 6, ", 131)");
    EXPECT_NE(ParseNpy(shape, 30).error.find("shape"), std::string::npos);
    std::string huge = good;
    huge.replace(huge.find("(40,"), 4, "(99999999999,");
    EXPECT_FALSE(ParseNpy(huge, 30).ok());  // refused before allocating
}

TEST(Formats, Detection) {
    EXPECT_EQ(DetectFormat("a.npy", ""), Format::kNpy);
    EXPECT_EQ(DetectFormat("a.bin", "\x93NUMPY\x01"), Format::kNpy);
    EXPECT_EQ(DetectFormat("a.JSONL", "1,2"), Format::kJsonLines);
    EXPECT_EQ(DetectFormat("a.csv", "[1,2]"), Format::kCsv);
    EXPECT_EQ(DetectFormat("-", "  \n[1, 2]"), Format::kJsonLines);
    EXPECT_EQ(DetectFormat("-", "t,x0"), Format::kCsv);
}

TEST(Formats, ReadFileReportsMissingFiles) {
    ReadResult r = ReadLandmarkFile("/nonexistent/dir/file.csv", 30.0);
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.error.find("cannot open"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace spotter::coaching::io
