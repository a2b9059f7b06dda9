#include "media/upload.hpp"

#include "common/error.hpp"
#include "media/multipart.hpp"

namespace spotter::media {

std::string_view UploadedBytes(const http::Request& request, std::initializer_list<std::string_view> fields) {
    std::string_view content_type = request.Header("content-type").value_or("");
    std::string_view bytes = request.body;
    if (IsMultipartFormData(content_type)) {
        std::vector<UploadedFile> parts = ParseFormData(content_type, request.body);
        const UploadedFile* found = nullptr;
        for (std::string_view field : fields) {
            for (const UploadedFile& part : parts) {
                if (!found && part.field == field) found = &part;
            }
        }
        if (!found) {
            std::string names;
            for (std::string_view field : fields) {
                if (!names.empty()) names += " or ";
                names += "\"" + std::string(field) + "\"";
            }
            throw ApiError(ErrorCode::kBadRequest, "The form has no file field named " + names + ".");
        }
        bytes = found->data;
    }
    if (bytes.empty()) throw ApiError(ErrorCode::kBadRequest, "The uploaded file is empty.");
    return bytes;
}

}  // namespace spotter::media
