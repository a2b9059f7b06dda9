#include "media/image_store.hpp"

#include <spdlog/spdlog.h>
#include <vips/vips.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "common/error.hpp"
#include "common/random.hpp"
#include "media/media_files.hpp"

namespace spotter::media {

namespace fs = std::filesystem;

namespace {

constexpr const char* kAcceptedTypes = "JPEG, PNG, WebP or GIF";

struct ImageUnref {
    void operator()(VipsImage* image) const { g_object_unref(image); }
};
using ImagePtr = std::unique_ptr<VipsImage, ImageUnref>;

struct GFree {
    void operator()(void* data) const { g_free(data); }
};

// libvips reports errors in one process-wide buffer; take (and clear) it for the log.
std::string TakeVipsError() {
    char* text = vips_error_buffer_copy();
    std::string out = text ? text : "";
    g_free(text);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

bool ValidSubfolder(const std::string& subfolder) {
    if (subfolder.empty() || subfolder.size() > 100 || subfolder.front() == '/' || subfolder.back() == '/')
        return false;
    char previous = '/';
    for (char c : subfolder) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '/';
        if (!ok || (c == '/' && previous == '/')) return false;
        previous = c;
    }
    return true;
}

// Reads the header only: vips loads lazily, so no pixel is decoded here.
ImagePtr LoadHeader(ImageType type, std::string_view bytes) {
    void* data = const_cast<char*>(bytes.data());
    VipsImage* image = nullptr;
    int rc = -1;
    switch (type) {
        case ImageType::kJpeg:
            rc = vips_jpegload_buffer(data, bytes.size(), &image, "access", VIPS_ACCESS_SEQUENTIAL, nullptr);
            break;
        case ImageType::kPng:
            rc = vips_pngload_buffer(data, bytes.size(), &image, "access", VIPS_ACCESS_SEQUENTIAL, nullptr);
            break;
        case ImageType::kWebp:
            rc = vips_webpload_buffer(data, bytes.size(), &image, "access", VIPS_ACCESS_SEQUENTIAL, nullptr);
            break;
        case ImageType::kGif:
            rc = vips_gifload_buffer(data, bytes.size(), &image, "access", VIPS_ACCESS_SEQUENTIAL, nullptr);
            break;
    }
    if (rc != 0 || !image) {
        spdlog::info("image upload refused: unreadable {} header: {}", MimeTypeOf(type), TakeVipsError());
        throw ApiError(ErrorCode::kBadRequest,
                       std::string("The image could not be read: its ") + MimeTypeOf(type) + " header is damaged.");
    }
    return ImagePtr(image);
}

std::uint32_t ReadLe32(std::string_view bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i)
        value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
    return value;
}

void WriteLe32(std::string& bytes, std::size_t at, std::uint32_t value) {
    for (std::size_t i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

// Drops the metadata chunks (EXIF, XMP, ICC profile) from a WebP file and clears their flags in the VP8X header.
// libvips 8.14.1 writes an EXIF chunk (resolution) even for an image without any metadata field.
std::string StripWebpChunks(std::string_view webp) {
    if (webp.size() < 12 || !webp.starts_with("RIFF") || webp.substr(8, 4) != "WEBP") {
        throw std::runtime_error("the WebP encoder produced no RIFF/WEBP file");
    }
    std::string out(webp.substr(0, 12));
    std::size_t pos = 12;
    std::size_t vp8x_flags = std::string::npos;  // position of the VP8X flags byte in `out`
    while (pos + 8 <= webp.size()) {
        std::string_view fourcc = webp.substr(pos, 4);
        std::size_t size = ReadLe32(webp, pos + 4);
        std::size_t padded = 8 + size + (size & 1);
        if (padded > webp.size() - pos) throw std::runtime_error("the WebP encoder produced a malformed chunk");
        if (fourcc != "EXIF" && fourcc != "XMP " && fourcc != "ICCP") {
            if (fourcc == "VP8X" && size >= 1) vp8x_flags = out.size() + 8;
            out.append(webp.substr(pos, padded));
        }
        pos += padded;
    }
    if (pos != webp.size()) throw std::runtime_error("the WebP encoder produced trailing bytes");
    if (vp8x_flags != std::string::npos)
        out[vp8x_flags] = static_cast<char>(out[vp8x_flags] & ~0x2C);  // ICC, EXIF, XMP
    WriteLe32(out, 4, static_cast<std::uint32_t>(out.size() - 8));
    return out;
}

std::string EncodeWebp(VipsImage* image, int quality) {
    // Only pixels are written: every metadata field (EXIF with GPS, XMP, IPTC, ICC, orientation, comments) is
    // removed from a private copy of the header first, and the metadata chunks libvips still writes are dropped
    // from the file. The saver's `strip` flag alone is not enough: libvips 8.14.1 (Debian 12) ignores it in
    // webpsave and writes EXIF, XMP and ICC chunks (libvips issue #3340).
    VipsImage* copied = nullptr;
    if (vips_copy(image, &copied, nullptr) != 0) throw std::runtime_error("vips_copy failed: " + TakeVipsError());
    ImagePtr bare(copied);
    if (gchar** fields = vips_image_get_fields(bare.get())) {
        for (gchar** field = fields; *field; ++field) vips_image_remove(bare.get(), *field);
        g_strfreev(fields);
    }
    void* buffer = nullptr;
    std::size_t length = 0;
    if (vips_webpsave_buffer(bare.get(), &buffer, &length, "Q", quality, "strip", TRUE, nullptr) != 0) {
        throw std::runtime_error("WebP encoding failed: " + TakeVipsError());
    }
    std::unique_ptr<void, GFree> owned(buffer);
    return StripWebpChunks(std::string_view(static_cast<const char*>(buffer), length));
}

const char* LoaderPrefix(ImageType type) {
    switch (type) {
        case ImageType::kJpeg:
            return "jpegload";
        case ImageType::kPng:
            return "pngload";
        case ImageType::kWebp:
            return "webpload";
        case ImageType::kGif:
            return "gifload";
    }
    return "";
}

}  // namespace

std::optional<ImageType> DetectImageType(std::string_view bytes) {
    if (bytes.starts_with("\xFF\xD8\xFF")) return ImageType::kJpeg;
    if (bytes.starts_with("\x89PNG\r\n\x1A\n")) return ImageType::kPng;
    if (bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP") return ImageType::kWebp;
    if (bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a")) return ImageType::kGif;
    return std::nullopt;
}

const char* MimeTypeOf(ImageType type) {
    switch (type) {
        case ImageType::kJpeg:
            return "image/jpeg";
        case ImageType::kPng:
            return "image/png";
        case ImageType::kWebp:
            return "image/webp";
        case ImageType::kGif:
            return "image/gif";
    }
    return "application/octet-stream";
}

void InitImaging() {
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] {
        if (VIPS_INIT("spotter") != 0) {
            spdlog::error("libvips failed to start: {}", TakeVipsError());
            return;
        }
        // Only the four decoders we accept may ever run, whatever a file claims to be.
        vips_block_untrusted_set(TRUE);
        vips_operation_block_set("VipsForeignLoad", TRUE);
        for (const char* loader :
             {"VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif"}) {
            vips_operation_block_set(loader, FALSE);
        }
        // Every upload is new: caching operations would only keep decoded images in memory.
        vips_cache_set_max(0);
        // libvips' warnings about damaged files (which uploads may be on purpose) go to the log, not stderr.
        g_log_set_handler(
            "VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO),
            [](const gchar*, GLogLevelFlags, const gchar* message, gpointer) {
                spdlog::debug("libvips: {}", message ? message : "");
            },
            nullptr);
        ok = true;
    });
    if (!ok) throw std::runtime_error("libvips could not be started");
}

StoredImage StoreImage(const std::string& media_dir, const std::string& subfolder, std::string_view bytes,
                       const ImageLimits& limits) {
    if (!ValidSubfolder(subfolder)) throw std::invalid_argument("bad media subfolder: " + subfolder);
    if (bytes.size() > limits.max_bytes) {
        throw ApiError(ErrorCode::kPayloadTooLarge,
                       "The image is larger than " + std::to_string(limits.max_bytes / (1024 * 1024)) + " MB.");
    }
    if (bytes.empty()) throw ApiError(ErrorCode::kBadRequest, "The image is empty.");
    std::optional<ImageType> type = DetectImageType(bytes);
    if (!type) {
        throw ApiError(ErrorCode::kUnsupportedMediaType,
                       std::string("Upload a ") + kAcceptedTypes +
                           " image. This file is none of them (the type is read from the file's content, not its "
                           "name).");
    }
    InitImaging();
    vips_error_clear();  // the error buffer is process-wide: start this upload's log messages afresh

    StoredImage stored;
    stored.source_type = *type;
    {
        ImagePtr header = LoadHeader(*type, bytes);
        stored.source_width = vips_image_get_width(header.get());
        stored.source_height = vips_image_get_height(header.get());
    }
    const std::int64_t pixels = std::int64_t{stored.source_width} * stored.source_height;
    if (stored.source_width <= 0 || stored.source_height <= 0 || pixels > limits.max_pixels ||
        stored.source_width > limits.max_side || stored.source_height > limits.max_side) {
        throw ApiError(ErrorCode::kPayloadTooLarge,
                       "The image is " + std::to_string(stored.source_width) + "x" +
                           std::to_string(stored.source_height) + " pixels; the largest accepted is " +
                           std::to_string(limits.max_pixels / 1'000'000) + " megapixels and " +
                           std::to_string(limits.max_side) + " pixels on a side.");
    }

    // Decode everything (shrinking on load where the format allows), upright by EXIF orientation, in sRGB.
    auto unreadable = [&](const char* stage) {
        spdlog::info("image upload refused: {} {} failed: {}", MimeTypeOf(*type), stage, TakeVipsError());
        return ApiError(ErrorCode::kBadRequest, "The image could not be read: it is damaged or incomplete.");
    };
    VipsImage* resized = nullptr;
    if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &resized, limits.display_size, "height",
                              limits.display_size, "size", VIPS_SIZE_DOWN, "export_profile", "srgb",
                              // Passed to the loader: a truncated or corrupt file is an error, not a grey band.
                              // (libvips 8.14.1 does not forward thumbnail's own fail_on argument.)
                              "option_string", "fail_on=error", nullptr) != 0) {
        throw unreadable("decoding");
    }
    ImagePtr lazy_display(resized);
    ImagePtr display(vips_image_copy_memory(lazy_display.get()));  // the decode happens here
    if (!display) throw unreadable("decoding");
    lazy_display.reset();
    const char* loader = nullptr;
    if (vips_image_get_typeof(display.get(), VIPS_META_LOADER) &&
        vips_image_get_string(display.get(), VIPS_META_LOADER, &loader) == 0 && loader &&
        !std::string_view(loader).starts_with(LoaderPrefix(*type))) {
        spdlog::warn("image upload refused: {} bytes were decoded by {}", MimeTypeOf(*type), loader);
        throw ApiError(ErrorCode::kUnsupportedMediaType, std::string("Upload a ") + kAcceptedTypes + " image.");
    }

    VipsImage* cropped = nullptr;
    if (vips_thumbnail_image(display.get(), &cropped, limits.thumbnail_size, "height", limits.thumbnail_size, "crop",
                             VIPS_INTERESTING_CENTRE, "size", VIPS_SIZE_BOTH, "no_rotate", TRUE, nullptr) != 0) {
        throw unreadable("thumbnailing");
    }
    ImagePtr thumbnail(cropped);

    std::string display_bytes = EncodeWebp(display.get(), limits.quality);
    std::string thumbnail_bytes = EncodeWebp(thumbnail.get(), limits.quality);

    const std::string name = RandomHex(16);
    const fs::path dir = fs::path(media_dir) / subfolder;
    fs::create_directories(dir);
    auto describe = [&](StoredFile& file, const std::string& file_name, VipsImage* image, const std::string& data) {
        file.path = subfolder + "/" + file_name;
        file.url = "/media/" + file.path;
        file.width = vips_image_get_width(image);
        file.height = vips_image_get_height(image);
        file.bytes = data.size();
    };
    describe(stored.display, name + ".webp", display.get(), display_bytes);
    describe(stored.thumbnail, name + "-thumb.webp", thumbnail.get(), thumbnail_bytes);
    WriteFileAtomically(dir.string(), fs::path(stored.display.path).filename().string(), display_bytes);
    try {
        WriteFileAtomically(dir.string(), fs::path(stored.thumbnail.path).filename().string(), thumbnail_bytes);
    } catch (...) {
        DeleteStored(media_dir, stored.display.path);
        throw;
    }
    return stored;
}

}  // namespace spotter::media
