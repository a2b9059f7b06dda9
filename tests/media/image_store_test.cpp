// The image upload pipeline on images made here with libvips: metadata (EXIF GPS, XMP) is gone, sizes and
// orientation are right, the type comes from the bytes, and hostile files (SVG, truncated, decompression bombs,
// oversize) are refused with nothing left on disk.
#include "media/image_store.hpp"

#include <gtest/gtest.h>
#include <vips/vips.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "common/error.hpp"
#include "media/media_files.hpp"
#include "media/multipart.hpp"
#include "support/test_database.hpp"

namespace spotter::media {
namespace {

namespace fs = std::filesystem;

struct Unref {
    void operator()(VipsImage* image) const { g_object_unref(image); }
};
using Image = std::unique_ptr<VipsImage, Unref>;

Image Check(VipsImage* image) {
    if (!image) ADD_FAILURE() << "vips: " << vips_error_buffer();
    return Image(image);
}

// A w x h sRGB image: black with a red block in the top-left quarter (to see where "up" went), plus an alpha band
// when asked.
Image MakePixels(int width, int height, bool alpha = false) {
    VipsImage* black = nullptr;
    EXPECT_EQ(vips_black(&black, width, height, "bands", 3, nullptr), 0);
    Image base(black);
    Image pixels = Check(vips_image_copy_memory(base.get()));
    double red[] = {255, 0, 0};
    EXPECT_EQ(vips_draw_rect(pixels.get(), red, 3, 0, 0, std::max(1, width / 4), std::max(1, height / 4), "fill", TRUE,
                             nullptr),
              0);
    VipsImage* srgb = nullptr;
    EXPECT_EQ(vips_copy(pixels.get(), &srgb, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), 0);
    Image out(srgb);
    if (alpha) {
        VipsImage* with_alpha = nullptr;
        EXPECT_EQ(vips_bandjoin_const1(out.get(), &with_alpha, 128, nullptr), 0);
        out = Image(with_alpha);
    }
    return out;
}

std::string Save(VipsImage* image, const char* suffix) {
    void* buffer = nullptr;
    std::size_t length = 0;
    EXPECT_EQ(vips_image_write_to_buffer(image, suffix, &buffer, &length, nullptr), 0) << vips_error_buffer();
    std::string out(static_cast<const char*>(buffer), length);
    g_free(buffer);
    return out;
}

// An EXIF block (as libvips keeps it: "Exif\0\0" and a little-endian TIFF structure) with the orientation and a
// GPS position: 37°33'58" N, 126°58'40" E.
std::string ExifWithGps(int orientation) {
    std::string out("Exif\0\0", 6);
    auto u16 = [&](unsigned v) {
        out.push_back(static_cast<char>(v & 0xFF));
        out.push_back(static_cast<char>(v >> 8));
    };
    auto u32 = [&](unsigned v) {
        u16(v & 0xFFFF);
        u16(v >> 16);
    };
    auto entry = [&](unsigned tag, unsigned type, unsigned count, unsigned value) {
        u16(tag);
        u16(type);
        u32(count);
        u32(value);
    };
    out += "II";
    u16(42);
    u32(8);  // IFD0 at 8
    u16(2);
    entry(0x0112, 3, 1, static_cast<unsigned>(orientation));  // Orientation, SHORT
    entry(0x8825, 4, 1, 38);                                  // GPS IFD pointer
    u32(0);
    u16(4);                    // GPS IFD at 38, data at 92
    entry(0x0001, 2, 2, 'N');  // GPSLatitudeRef "N"
    entry(0x0002, 5, 3, 92);   // GPSLatitude, 3 RATIONALs
    entry(0x0003, 2, 2, 'E');  // GPSLongitudeRef "E"
    entry(0x0004, 5, 3, 116);  // GPSLongitude
    u32(0);
    for (unsigned v : {37u, 33u, 58u, 126u, 58u, 40u}) {  // degrees, minutes, seconds as n/1
        u32(v);
        u32(1);
    }
    return out;
}

const std::string kXmp =
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
    "<rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" exif:GPSLatitude=\"37,33.97N\"/>"
    "</rdf:RDF></x:xmpmeta>";

std::string JpegWithGps(int width, int height, int orientation) {
    Image image = MakePixels(width, height);
    std::string exif = ExifWithGps(orientation);
    vips_image_set_blob_copy(image.get(), VIPS_META_EXIF_NAME, exif.data(), exif.size());
    vips_image_set_int(image.get(), VIPS_META_ORIENTATION, orientation);
    vips_image_set_blob_copy(image.get(), VIPS_META_XMP_NAME, kXmp.data(), kXmp.size());
    return Save(image.get(), ".jpg[Q=90]");
}

// Decoded into memory, so the image does not refer to `bytes` afterwards.
Image Load(const std::string& bytes) {
    Image lazy = Check(vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr));
    return lazy ? Check(vips_image_copy_memory(lazy.get())) : nullptr;
}

bool HasField(VipsImage* image, const char* name) { return vips_image_get_typeof(image, name) != 0; }

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A PNG whose header declares width x height, with a tiny (wrong) image body: a few hundred bytes.
std::string PngDeclaring(std::uint32_t width, std::uint32_t height) {
    auto chunk = [](const std::string& type, const std::string& data) {
        std::string out;
        auto be32 = [&](std::uint32_t v) {
            for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
        };
        be32(static_cast<std::uint32_t>(data.size()));
        std::string body = type + data;
        out += body;
        be32(static_cast<std::uint32_t>(
            crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
        return out;
    };
    std::string ihdr;
    for (std::uint32_t v : {width, height}) {
        for (int shift = 24; shift >= 0; shift -= 8) ihdr.push_back(static_cast<char>((v >> shift) & 0xFF));
    }
    ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB
    std::string raw(256, '\0');
    std::string compressed(compressBound(static_cast<uLong>(raw.size())), '\0');
    uLongf size = static_cast<uLongf>(compressed.size());
    compress(reinterpret_cast<Bytef*>(compressed.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
             static_cast<uLong>(raw.size()));
    compressed.resize(size);
    return std::string("\x89PNG\r\n\x1A\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", compressed) + chunk("IEND", "");
}

class ImageStoreTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { InitImaging(); }

    std::string media() const { return temp_.path() + "/media"; }

    // Every file under the temporary folder (the media folder and anything that might have escaped it).
    std::vector<std::string> AllFiles() const {
        std::vector<std::string> files;
        for (const auto& entry : fs::recursive_directory_iterator(temp_.path())) {
            if (entry.is_regular_file() || entry.is_symlink()) files.push_back(entry.path().string());
        }
        return files;
    }

    // The ApiError StoreImage throws for `bytes`, checking that nothing was written.
    Error Refusal(const std::string& bytes, const ImageLimits& limits = {}) {
        try {
            StoreImage(media(), "profiles", bytes, limits);
        } catch (const ApiError& e) {
            EXPECT_TRUE(AllFiles().empty()) << "something was stored for a refused upload";
            return e.error();
        }
        ADD_FAILURE() << "the upload was accepted";
        return Error{};
    }

    void ExpectStored(const StoredFile& file, int width, int height) {
        static const std::regex kName(R"(profiles/[0-9a-f]{32}(-thumb)?\.webp)");
        EXPECT_TRUE(std::regex_match(file.path, kName)) << file.path;
        EXPECT_EQ(file.url, "/media/" + file.path);
        EXPECT_EQ(file.width, width);
        EXPECT_EQ(file.height, height);
        std::string bytes = ReadFile(fs::path(media()) / file.path);
        ASSERT_EQ(bytes.size(), file.bytes);
        EXPECT_EQ(DetectImageType(bytes), ImageType::kWebp);
        Image image = Load(bytes);
        ASSERT_TRUE(image);
        EXPECT_EQ(vips_image_get_width(image.get()), width);
        EXPECT_EQ(vips_image_get_height(image.get()), height);
        // No metadata of any kind survives.
        for (const char* field : {VIPS_META_EXIF_NAME, VIPS_META_XMP_NAME, VIPS_META_ICC_NAME, VIPS_META_IPTC_NAME,
                                  "exif-ifd3-GPSLatitude"}) {
            EXPECT_FALSE(HasField(image.get(), field)) << field << " in " << file.path;
        }
        for (const char* marker : {"EXIF", "Exif", "XMP ", "ICCP", "GPS", "adobe:ns:meta"}) {
            EXPECT_EQ(bytes.find(marker), std::string::npos) << marker << " in " << file.path;
        }
    }

    testing::TempDir temp_;
};

TEST_F(ImageStoreTest, JpegLosesGpsAndExifAndIsTurnedUpright) {
    // A 1600x1200 photo taken with the phone turned: orientation 6 means "rotate 90° clockwise to view".
    std::string jpeg = JpegWithGps(1600, 1200, 6);
    {
        // The fixture really carries what must be removed.
        Image input = Load(jpeg);
        ASSERT_TRUE(input);
        EXPECT_TRUE(HasField(input.get(), VIPS_META_EXIF_NAME));
        EXPECT_TRUE(HasField(input.get(), "exif-ifd3-GPSLatitude"));
        EXPECT_TRUE(HasField(input.get(), VIPS_META_XMP_NAME));
        EXPECT_EQ(vips_image_get_orientation(input.get()), 6);
    }

    StoredImage stored = StoreImage(media(), "profiles", jpeg);
    EXPECT_EQ(stored.source_type, ImageType::kJpeg);
    EXPECT_EQ(stored.source_width, 1600);
    EXPECT_EQ(stored.source_height, 1200);
    EXPECT_EQ(stored.content_type, "image/webp");
    ExpectStored(stored.display, 384, 512);  // upright: portrait now, within 512x512
    ExpectStored(stored.thumbnail, 128, 128);
    EXPECT_EQ(stored.display.path.substr(0, stored.display.path.size() - 5) + "-thumb.webp", stored.thumbnail.path);

    // The red block drawn in the file's top-left corner is at the top-right once upright.
    Image display = Load(ReadFile(fs::path(media()) / stored.display.path));
    double* pixel = nullptr;
    int bands = 0;
    ASSERT_EQ(vips_getpoint(display.get(), &pixel, &bands, 384 - 10, 10, nullptr), 0);
    EXPECT_GT(pixel[0], 200);
    EXPECT_LT(pixel[1], 60);
    g_free(pixel);
    ASSERT_EQ(vips_getpoint(display.get(), &pixel, &bands, 10, 10, nullptr), 0);
    EXPECT_LT(pixel[0], 60);
    g_free(pixel);
    EXPECT_EQ(AllFiles().size(), 2u);
}

TEST_F(ImageStoreTest, PngKeepsTransparencyAndIsNeverEnlarged) {
    Image image = MakePixels(300, 200, true);
    StoredImage stored = StoreImage(media(), "profiles", Save(image.get(), ".png"));
    EXPECT_EQ(stored.source_type, ImageType::kPng);
    ExpectStored(stored.display, 300, 200);
    ExpectStored(stored.thumbnail, 128, 128);
    Image display = Load(ReadFile(fs::path(media()) / stored.display.path));
    EXPECT_EQ(vips_image_get_bands(display.get()), 4);
}

TEST_F(ImageStoreTest, WebpAndGifAreAccepted) {
    Image square = MakePixels(800, 800);
    StoredImage webp = StoreImage(media(), "profiles", Save(square.get(), ".webp"));
    EXPECT_EQ(webp.source_type, ImageType::kWebp);
    ExpectStored(webp.display, 512, 512);
    ExpectStored(webp.thumbnail, 128, 128);

    // The classic 1x1 GIF.
    const std::string gif(
        "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,"
        "\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00;",
        43);
    StoredImage small = StoreImage(media(), "profiles", gif);
    EXPECT_EQ(small.source_type, ImageType::kGif);
    ExpectStored(small.display, 1, 1);
    ExpectStored(small.thumbnail, 128, 128);
}

TEST_F(ImageStoreTest, UnusualButValidImagesAreAccepted) {
    Image rgb = MakePixels(300, 200);
    // 16 bits per channel (some editors export these).
    VipsImage* wide = nullptr;
    ASSERT_EQ(vips_cast(rgb.get(), &wide, VIPS_FORMAT_USHORT, nullptr), 0);
    Image deep(wide);
    VipsImage* tagged = nullptr;
    ASSERT_EQ(vips_copy(deep.get(), &tagged, "interpretation", VIPS_INTERPRETATION_RGB16, nullptr), 0);
    Image rgb16(tagged);
    // CMYK, as print workflows save JPEGs.
    VipsImage* cmyk_pixels = nullptr;
    ASSERT_EQ(vips_black(&cmyk_pixels, 300, 200, "bands", 4, nullptr), 0);
    Image cmyk_black(cmyk_pixels);
    VipsImage* cmyk_tagged = nullptr;
    ASSERT_EQ(vips_copy(cmyk_black.get(), &cmyk_tagged, "interpretation", VIPS_INTERPRETATION_CMYK, nullptr), 0);
    Image cmyk(cmyk_tagged);
    // Greyscale, and an embedded colour profile that cannot be read.
    VipsImage* grey_pixels = nullptr;
    ASSERT_EQ(vips_black(&grey_pixels, 300, 200, nullptr), 0);
    Image grey(grey_pixels);
    VipsImage* copied = nullptr;
    ASSERT_EQ(vips_copy(rgb.get(), &copied, nullptr), 0);
    Image bad_profile(copied);
    const std::string garbage(200, 'x');
    vips_image_set_blob_copy(bad_profile.get(), VIPS_META_ICC_NAME, garbage.data(), garbage.size());

    for (const std::string& bytes : {Save(rgb16.get(), ".png"), Save(cmyk.get(), ".jpg"), Save(grey.get(), ".jpg"),
                                     Save(bad_profile.get(), ".jpg")}) {
        StoredImage stored = StoreImage(media(), "profiles", bytes);
        ExpectStored(stored.display, 300, 200);
        ExpectStored(stored.thumbnail, 128, 128);
        Image display = Load(ReadFile(fs::path(media()) / stored.display.path));
        EXPECT_EQ(vips_image_get_bands(display.get()), 3);
    }
}

TEST_F(ImageStoreTest, WideImageIsCroppedToASquareThumbnail) {
    Image wide = MakePixels(2000, 500);
    StoredImage stored = StoreImage(media(), "profiles", Save(wide.get(), ".jpg"));
    ExpectStored(stored.display, 512, 128);
    ExpectStored(stored.thumbnail, 128, 128);
}

TEST_F(ImageStoreTest, TypeComesFromTheBytesNotTheNameOrDeclaredType) {
    // PNG bytes sent as "photo.jpg" with Content-Type image/gif: stored, as the PNG they are.
    Image image = MakePixels(64, 64);
    std::string png = Save(image.get(), ".png");
    const std::string boundary = "XyZ";
    std::string body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"photo.jpg\"\r\n"
        "Content-Type: image/gif\r\n\r\n" +
        png + "\r\n--XyZ--\r\n";
    auto part = FindFilePart("multipart/form-data; boundary=XyZ", body, "image");
    ASSERT_TRUE(part);
    EXPECT_EQ(part->content_type, "image/gif");
    StoredImage stored = StoreImage(media(), "profiles", part->data);
    EXPECT_EQ(stored.source_type, ImageType::kPng);
    ExpectStored(stored.display, 64, 64);
}

TEST_F(ImageStoreTest, HostileFileNamesNeverReachTheDisk) {
    Image image = MakePixels(64, 64);
    std::string jpeg = Save(image.get(), ".jpg");
    for (std::string name : {std::string("../../etc/passwd"), std::string("a\0b.jpg", 7),
                             std::string(300, 'n') + ".jpg", std::string("..\\..\\x.php.jpg")}) {
        std::string body = "--B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + name + "\"\r\n\r\n" +
                           jpeg + "\r\n--B--";
        auto part = FindFilePart("multipart/form-data; boundary=B", body, "image");
        ASSERT_TRUE(part);
        StoredImage stored = StoreImage(media(), "profiles", part->data);
        ExpectStored(stored.display, 64, 64);
    }
    // Only server-named files, all inside the media folder.
    for (const std::string& file : AllFiles()) {
        EXPECT_TRUE(file.starts_with(media() + "/profiles/")) << file;
        EXPECT_TRUE(std::regex_search(file, std::regex(R"(/[0-9a-f]{32}(-thumb)?\.webp$)"))) << file;
    }
    EXPECT_EQ(AllFiles().size(), 8u);
}

TEST_F(ImageStoreTest, NotAnImageIs415) {
    const std::vector<std::string> others = {
        "hello, world",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(document.cookie)</script></svg>",
        "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        "<!doctype html><html><script>alert(1)</script></html>",
        "%PDF-1.7\n1 0 obj << >> endobj\n",
        std::string("\x00\x00\x00\x18"
                    "ftypheic",
                    12),                                  // HEIC
        std::string("RIFF\x10\x00\x00\x00WAVEfmt ", 16),  // RIFF, but not WebP
        std::string("\xFF\xD8", 2),                       // too short to be a JPEG
    };
    for (const std::string& bytes : others) {
        Error error = Refusal(bytes);
        EXPECT_EQ(error.code, ErrorCode::kUnsupportedMediaType) << bytes;
        EXPECT_NE(error.detail.find("JPEG, PNG, WebP or GIF"), std::string::npos) << error.detail;
    }
    std::mt19937 rng(7);
    std::string noise(4096, '\0');
    for (char& c : noise) c = static_cast<char>(rng());
    noise[0] = 'x';
    EXPECT_EQ(Refusal(noise).code, ErrorCode::kUnsupportedMediaType);
    EXPECT_EQ(Refusal("").code, ErrorCode::kBadRequest);
}

TEST_F(ImageStoreTest, TruncatedOrCorruptImageIs400) {
    Image image = MakePixels(800, 600);
    std::string jpeg = Save(image.get(), ".jpg");
    std::string png = Save(image.get(), ".png");
    for (const std::string& bytes :
         {jpeg.substr(0, jpeg.size() / 2), jpeg.substr(0, 300), png.substr(0, png.size() / 2), png.substr(0, 40)}) {
        Error error = Refusal(bytes);
        EXPECT_EQ(error.code, ErrorCode::kBadRequest) << bytes.size();
        EXPECT_NE(error.detail.find("could not be read"), std::string::npos) << error.detail;
    }
    // Garbage after a valid JPEG signature.
    EXPECT_EQ(Refusal(std::string("\xFF\xD8\xFF\xE0", 4) + std::string(2000, 'z')).code, ErrorCode::kBadRequest);
}

TEST_F(ImageStoreTest, DecompressionBombIsRefusedBeforeDecoding) {
    std::string bomb = PngDeclaring(50000, 50000);  // 2.5 gigapixels declared in a few hundred bytes
    ASSERT_LT(bomb.size(), 1000u);
    auto started = std::chrono::steady_clock::now();
    Error error = Refusal(bomb);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
    EXPECT_EQ(error.code, ErrorCode::kPayloadTooLarge);
    EXPECT_NE(error.detail.find("50000x50000 pixels"), std::string::npos) << error.detail;
    EXPECT_NE(error.detail.find("40 megapixels"), std::string::npos) << error.detail;

    // One side over 10000 pixels, although only 0.1 megapixel.
    EXPECT_EQ(Refusal(PngDeclaring(10001, 10)).code, ErrorCode::kPayloadTooLarge);
    // The limits are the caller's: one megapixel is over a lower cap.
    EXPECT_EQ(Refusal(PngDeclaring(1000, 1000), {.max_pixels = 999'999}).code, ErrorCode::kPayloadTooLarge);
}

TEST_F(ImageStoreTest, OverTenMebibytesIs413) {
    Image image = MakePixels(64, 64);
    std::string jpeg = Save(image.get(), ".jpg");
    std::string big = jpeg + std::string(10 * 1024 * 1024 + 1 - jpeg.size(), '\0');
    Error error = Refusal(big);
    EXPECT_EQ(error.code, ErrorCode::kPayloadTooLarge);
    EXPECT_EQ(error.detail, "The image is larger than 10 MB.");
    // Exactly 10 MiB is not refused for its size (padding after the JPEG's end is ignored by decoders).
    big.pop_back();
    StoredImage stored = StoreImage(media(), "profiles", big);
    ExpectStored(stored.display, 64, 64);
}

TEST_F(ImageStoreTest, PolyglotPayloadIsNotCarriedOver) {
    // A valid PNG with an HTML/script tail: accepted as the PNG, and only its pixels are kept.
    Image image = MakePixels(32, 32);
    std::string polyglot = Save(image.get(), ".png") + "<html><script>alert(document.cookie)</script></html>";
    StoredImage stored = StoreImage(media(), "profiles", polyglot);
    for (const StoredFile* file : {&stored.display, &stored.thumbnail}) {
        EXPECT_EQ(ReadFile(fs::path(media()) / file->path).find("<script"), std::string::npos);
    }
}

TEST_F(ImageStoreTest, ConcurrentUploadsGetDistinctNames) {
    Image image = MakePixels(640, 480);
    std::string jpeg = Save(image.get(), ".jpg");
    std::vector<StoredImage> results(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < results.size(); ++i) {
        threads.emplace_back([&, i] { results[i] = StoreImage(media(), "profiles/nested", jpeg); });
    }
    for (auto& thread : threads) thread.join();
    std::set<std::string> names;
    for (const StoredImage& stored : results) {
        EXPECT_EQ(stored.display.width, 512);
        EXPECT_EQ(stored.display.height, 384);
        names.insert(stored.display.path);
        names.insert(stored.thumbnail.path);
    }
    EXPECT_EQ(names.size(), 8u);
    EXPECT_EQ(AllFiles().size(), 8u);
}

TEST_F(ImageStoreTest, SubfolderIsTheServersChoice) {
    Image image = MakePixels(16, 16);
    std::string png = Save(image.get(), ".png");
    for (const char* bad : {"", "../x", "/abs", "a//b", "Profiles", "a/", ".hidden", "a b"}) {
        EXPECT_THROW(StoreImage(media(), bad, png), std::invalid_argument) << bad;
    }
    EXPECT_TRUE(AllFiles().empty());
}

TEST_F(ImageStoreTest, DeleteStoredStaysInsideTheMediaFolder) {
    Image image = MakePixels(16, 16);
    StoredImage stored = StoreImage(media(), "profiles", Save(image.get(), ".png"));
    EXPECT_TRUE(DeleteStored(media(), stored.display.path));
    EXPECT_FALSE(DeleteStored(media(), stored.display.path));  // already gone
    EXPECT_FALSE(fs::exists(fs::path(media()) / stored.display.path));
    EXPECT_TRUE(fs::exists(fs::path(media()) / stored.thumbnail.path));

    // Outside the folder, by name or through a symbolic link.
    std::ofstream(temp_.path() + "/secret.webp") << "keep me";
    fs::create_directory_symlink(temp_.path(), fs::path(media()) / "escape");
    for (const char* path : {"../secret.webp", "/etc/passwd", "profiles/../../secret.webp", "escape/secret.webp",
                             "profiles/.hidden.webp", ""}) {
        EXPECT_THROW(DeleteStored(media(), path), std::invalid_argument) << path;
    }
    EXPECT_TRUE(fs::exists(temp_.path() + "/secret.webp"));
    EXPECT_THROW(DeleteStored(media(), "profiles"), std::invalid_argument);  // folders are never deleted
    EXPECT_TRUE(DeleteStored(media(), stored.thumbnail.path));
}

// Damaged files of every accepted type: each is stored or refused with a 4xx, nothing else happens.
TEST_F(ImageStoreTest, MutatedImagesAreStoredOrRefused) {
    Image image = MakePixels(96, 64, true);
    const std::vector<std::string> seeds = {Save(image.get(), ".jpg"), Save(image.get(), ".png"),
                                            Save(image.get(), ".webp")};
    std::mt19937 rng(31337);
    int stored = 0;
    int refused = 0;
    for (int iteration = 0; iteration < 300; ++iteration) {
        std::string bytes = seeds[static_cast<std::size_t>(iteration) % seeds.size()];
        for (int m = 0; m < 1 + static_cast<int>(rng() % 8); ++m) {
            std::size_t pos = 12 + rng() % (bytes.size() - 12);  // keep the signature
            switch (rng() % 3) {
                case 0:
                    bytes[pos] = static_cast<char>(rng());
                    break;
                case 1:
                    bytes.erase(pos, 1 + rng() % 32);
                    break;
                case 2:
                    bytes.insert(pos, std::string(1 + rng() % 32, static_cast<char>(rng())));
                    break;
            }
        }
        try {
            StoreImage(media(), "profiles", bytes);
            ++stored;
        } catch (const ApiError& e) {
            EXPECT_TRUE(e.error().code == ErrorCode::kBadRequest || e.error().code == ErrorCode::kPayloadTooLarge ||
                        e.error().code == ErrorCode::kUnsupportedMediaType)
                << e.error().detail;
            ++refused;
        }
    }
    EXPECT_GT(refused, 0);
    EXPECT_EQ(AllFiles().size(), static_cast<std::size_t>(2 * stored));  // two files per stored image, no leftovers
}

TEST(ImageTypes, MagicNumbers) {
    EXPECT_EQ(DetectImageType(std::string("\xFF\xD8\xFF\xDB", 4)), ImageType::kJpeg);
    EXPECT_EQ(DetectImageType(std::string("\x89PNG\r\n\x1A\n", 8)), ImageType::kPng);
    EXPECT_EQ(DetectImageType(std::string("RIFF\0\0\0\0WEBPVP8 ", 16)), ImageType::kWebp);
    EXPECT_EQ(DetectImageType("GIF87a"), ImageType::kGif);
    EXPECT_EQ(DetectImageType("GIF89a"), ImageType::kGif);
    EXPECT_EQ(DetectImageType("\x89PNG"), std::nullopt);
    EXPECT_EQ(DetectImageType("RIFF1234WEB"), std::nullopt);
    EXPECT_EQ(DetectImageType("<svg"), std::nullopt);
    EXPECT_STREQ(MimeTypeOf(ImageType::kWebp), "image/webp");
}

}  // namespace
}  // namespace spotter::media
