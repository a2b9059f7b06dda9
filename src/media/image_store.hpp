// File: media/image_store.hpp
//
// The upload pipeline for user images (profile pictures now, others later), built on libvips:
//
//   1. at most ImageLimits::max_bytes (10 MiB) → else 413;
//   2. the type is read from the first bytes (JPEG, PNG, WebP, GIF), never from a file name or a declared
//      Content-Type → anything else (SVG, HTML, PDF, HEIC, random bytes) is 415;
//   3. the pixel size is read from the header, before any pixel is decoded, and a picture over 40 megapixels or
//      10000 pixels on a side is refused (413): a tiny file can declare 50000x50000 (a decompression bomb);
//   4. the whole image is decoded (a truncated or corrupt file is a 400), turned upright by its EXIF orientation
//      and converted to sRGB;
//   5. two new images are encoded from the pixels alone, with no metadata at all (no EXIF, GPS, XMP, ICC or
//      comments): the display image (fits within 512x512, never enlarged) and the thumbnail (exactly 128x128,
//      centre-cropped to fill). Both are WebP (quality 82, alpha kept): every current browser shows WebP, it is
//      smaller than JPEG at the same quality and keeps the transparency of PNG avatars;
//   6. both are written under <media_dir>/<subfolder>/ with random names chosen here, atomically.
//
// Nothing is stored when any step fails. Only the JPEG, PNG, WebP and GIF decoders of libvips can ever run in
// this process (InitImaging blocks all others), so a file that slips past the type check cannot reach the SVG,
// PDF or ImageMagick loaders. Thread-safe: call it from as many worker threads as needed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spotter::media {

struct ImageLimits {
    // 10 MiB: every file a phone or desktop shows as "10 MB" or less (decimal or binary) fits.
    std::size_t max_bytes = 10 * 1024 * 1024;
    std::int64_t max_pixels = 40'000'000;
    int max_side = 10000;
    int display_size = 512;    // the display image fits within display_size x display_size
    int thumbnail_size = 128;  // the thumbnail is exactly thumbnail_size x thumbnail_size
    int quality = 82;          // WebP quality, 1..100
};

enum class ImageType { kJpeg, kPng, kWebp, kGif };

// The type named by the first bytes (magic numbers), or nullopt for anything else.
std::optional<ImageType> DetectImageType(std::string_view bytes);
// "image/jpeg", "image/png", "image/webp" or "image/gif".
const char* MimeTypeOf(ImageType type);

struct StoredFile {
    std::string path;  // relative to media_dir: "profiles/<32 hex>.webp" (display), "profiles/<32 hex>-thumb.webp"
    std::string url;   // "/media/" + path
    int width = 0;
    int height = 0;
    std::size_t bytes = 0;
};

struct StoredImage {
    StoredFile display;
    StoredFile thumbnail;
    std::string content_type = "image/webp";   // of both stored files
    ImageType source_type = ImageType::kJpeg;  // what was uploaded
    int source_width = 0;                      // as uploaded, before turning upright
    int source_height = 0;
};

// Checks, decodes, re-encodes and stores an uploaded image as described above. `subfolder` is chosen by the
// server ("profiles"): lower-case letters, digits, '_' and '-', optionally nested with '/'; it is created when
// missing. Throws ApiError with kPayloadTooLarge (over max_bytes, too many pixels), kUnsupportedMediaType (not a
// JPEG, PNG, WebP or GIF) or kBadRequest (empty, truncated or corrupt), std::invalid_argument for a bad
// subfolder, and std::system_error when the files cannot be written. The caller records the two paths; delete
// them with DeleteStored (media/media_files.hpp).
StoredImage StoreImage(const std::string& media_dir, const std::string& subfolder, std::string_view bytes,
                       const ImageLimits& limits = {});

// Starts libvips once for the process: blocks every loader but JPEG, PNG, WebP and GIF, disables the operation
// cache (uploads are never seen twice). StoreImage calls it; the composition root may call it at start-up to
// fail early. Throws std::runtime_error when libvips cannot start.
void InitImaging();

}  // namespace spotter::media
