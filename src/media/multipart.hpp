// File: media/multipart.hpp
//
// multipart/form-data (RFC 7578, RFC 2046 §5.1) as browsers send it: `fetch` with a FormData body, or an HTML
// form with enctype="multipart/form-data". The whole body is already in memory (the route's body limit bounds
// it); parts are views into it, nothing is copied.
//
//   auto part = media::FindFilePart(*request.Header("content-type"), request.body, "image");
//   if (part) Use(part->data);  // a view into request.body
//
// Every malformed input ends in ApiError(kBadRequest) with a sentence saying what is wrong; nothing else is
// thrown. Line breaks must be CRLF, as the RFC and every browser have them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spotter::media {

struct UploadedFile {
    std::string field;         // the part's name="..."
    std::string filename;      // sanitised filename="..." (display only, never a path), empty when absent
    std::string content_type;  // the part's declared Content-Type, lower-case, parameters dropped; untrusted
    std::string_view data;     // the part's bytes: a view into the body given to the parser
};

struct MultipartLimits {
    std::size_t max_parts = 16;           // more parts is a 400
    std::size_t max_header_bytes = 8192;  // per part, all header lines together
};

// The boundary parameter of a `multipart/form-data` Content-Type header value, quoted or not. Throws
// ApiError(kBadRequest) when the type is not multipart/form-data or the boundary is missing, longer than 70
// characters or has characters RFC 2046 does not allow.
std::string MultipartBoundary(std::string_view content_type_header);

// True when the header value names multipart/form-data (any case, any parameters).
bool IsMultipartFormData(std::string_view content_type_header);

// Every part of the body, in order. A preamble before the first boundary and an epilogue after the closing one
// are ignored. Throws ApiError(kBadRequest) for a missing first or closing boundary, a part without
// `Content-Disposition: form-data; name="..."`, headers over the limit, more parts than allowed, or malformed
// header lines.
std::vector<UploadedFile> ParseFormData(std::string_view content_type_header, std::string_view body,
                                        const MultipartLimits& limits = {});

// The first part named `field_name` (with or without a filename), or nullopt when there is none. The whole body
// is validated first, as by ParseFormData.
std::optional<UploadedFile> FindFilePart(std::string_view content_type_header, std::string_view body,
                                         std::string_view field_name, const MultipartLimits& limits = {});

// A client's file name made safe to show: the last path segment (after '/' or '\'), without control characters
// or NUL, without leading dots and spaces, invalid UTF-8 replaced by '_', at most 255 bytes (cut on a character
// boundary). Never use it to name a stored file.
std::string SanitizeFilename(std::string_view name);

}  // namespace spotter::media
