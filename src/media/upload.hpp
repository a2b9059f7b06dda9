// File: media/upload.hpp
//
// The file bytes of an upload request, however the client sent them:
//
//   - multipart/form-data (a browser form or fetch with FormData): the first part named by one of `fields`;
//   - any other Content-Type (image/jpeg, application/octet-stream, none at all): the raw body.
//
// The declared types (the request's and the part's) are not trusted or checked here: StoreImage reads the type
// from the bytes. The result is a view into request.body.
#pragma once

#include <initializer_list>
#include <string_view>

#include "http/message.hpp"

namespace spotter::media {

// Throws ApiError(kBadRequest) for a malformed multipart body, a form without any of `fields` (the message
// names them), or an empty file.
std::string_view UploadedBytes(const http::Request& request, std::initializer_list<std::string_view> fields);

}  // namespace spotter::media
