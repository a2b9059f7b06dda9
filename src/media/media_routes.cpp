#include "media/media_routes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>
#include <utility>

#include "common/error.hpp"
#include "media/media_files.hpp"

namespace spotter::media {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMediaCsp = "default-src 'none'; sandbox";
constexpr const char* kImmutable = "public, max-age=31536000, immutable";

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

private:
    int fd_;
};

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::optional<std::uint64_t> ParseNumber(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

std::string Hex(std::uint64_t value) {
    char buffer[17];
    auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, 16);
    return std::string(buffer, ptr);
}

// If-None-Match: "*" or a list of entity tags, compared weakly (a W/ prefix is ignored).
bool NoneMatchHits(std::string_view header, std::string_view etag) {
    if (Trim(header) == "*") return true;
    while (!header.empty()) {
        auto comma = header.find(',');
        std::string_view tag = Trim(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        if (tag.starts_with("W/")) tag.remove_prefix(2);
        if (tag == etag) return true;
    }
    return false;
}

bool Within(const fs::path& root, const fs::path& candidate) {
    auto [root_end, candidate_it] = std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
    return root_end == root.end() && candidate_it != candidate.end();
}

[[noreturn]] void NotFound() { throw ApiError(ErrorCode::kNotFound, "Not found.", "not_found"); }

// 416 has no ErrorCode: the problem body is written here, in the same shape as every other error.
http::Response RangeNotSatisfiable(const http::Request& request, std::uint64_t size) {
    const std::string detail = "The requested range is outside the file (" + std::to_string(size) + " bytes).";
    nlohmann::json body = {
        {"type", "urn:spotter:problem:range_not_satisfiable"},
        {"title", "Range Not Satisfiable"},
        {"status", 416},
        {"detail", detail},
        {"instance", request.path},
        {"request_id", request.request_id},
        {"code", "range_not_satisfiable"},
        {"success", false},
        {"message", detail},
    };
    http::Response response = http::Response::Json(416, body);
    response.content_type = "application/problem+json";
    response.With("Content-Range", "bytes */" + std::to_string(size)).With("Accept-Ranges", "bytes");
    return response;
}

}  // namespace

RangeRequest ParseRange(std::string_view header, std::uint64_t size) {
    RangeRequest whole;
    std::string_view value = Trim(header);
    constexpr std::string_view kUnit = "bytes=";
    if (value.size() < kUnit.size()) return whole;
    for (std::size_t i = 0; i < kUnit.size(); ++i) {
        char c = value[i];
        if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kUnit[i]) return whole;
    }
    std::string_view spec = Trim(value.substr(kUnit.size()));
    if (spec.find(',') != std::string_view::npos) return whole;  // several ranges: the whole file
    auto dash = spec.find('-');
    if (dash == std::string_view::npos) return whole;
    std::string_view first_text = Trim(spec.substr(0, dash));
    std::string_view last_text = Trim(spec.substr(dash + 1));

    RangeRequest range;
    range.kind = RangeRequest::Kind::kRange;
    if (first_text.empty()) {  // bytes=-n: the last n bytes
        auto suffix = ParseNumber(last_text);
        if (!suffix) return whole;
        if (*suffix == 0 || size == 0) return {RangeRequest::Kind::kUnsatisfiable};
        range.first = size - std::min(*suffix, size);
        range.last = size - 1;
    } else {
        auto first = ParseNumber(first_text);
        if (!first) return whole;
        std::uint64_t last = size == 0 ? 0 : size - 1;
        if (!last_text.empty()) {
            auto parsed = ParseNumber(last_text);
            if (!parsed || *parsed < *first) return whole;
            last = std::min(*parsed, last);
        }
        if (*first >= size) return {RangeRequest::Kind::kUnsatisfiable};
        range.first = *first;
        range.last = last;
    }
    if (range.last - range.first + 1 > kMaxRangeBytes) range.last = range.first + kMaxRangeBytes - 1;
    return range;
}

http::Response ServeMediaFile(const http::Request& request, const std::string& media_dir, std::string_view relative) {
    if (!IsSafeRelativePath(relative)) NotFound();
    std::optional<std::string> content_type = MediaContentType(relative);
    if (!content_type) NotFound();

    std::error_code ec;
    fs::path root = fs::canonical(media_dir, ec);
    if (ec) NotFound();
    fs::path full = root / fs::path(std::string(relative));
    // Folders on the way must stay inside the media folder (no symbolic link out); the file itself is opened
    // with O_NOFOLLOW.
    fs::path parent = fs::weakly_canonical(full.parent_path(), ec);
    if (ec || !(parent == root || Within(root, parent))) NotFound();
    Fd fd(::open((parent / full.filename()).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) NotFound();
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) NotFound();
    const auto size = static_cast<std::uint64_t>(info.st_size);
    const std::uint64_t mtime_ns = static_cast<std::uint64_t>(info.st_mtim.tv_sec) * 1'000'000'000ULL +
                                   static_cast<std::uint64_t>(info.st_mtim.tv_nsec);
    const std::string etag = "\"" + Hex(size) + "-" + Hex(mtime_ns) + "\"";

    http::Response response;
    response.With("ETag", etag).With("Cache-Control", kImmutable).With("Accept-Ranges", "bytes");
    if (auto none_match = request.Header("if-none-match"); none_match && NoneMatchHits(*none_match, etag)) {
        response.status = 304;
        return response;
    }

    RangeRequest range;
    if (request.method == http::Method::kGet) {
        if (auto header = request.Header("range")) {
            auto if_range = request.Header("if-range");
            // If-Range with another validator (or a date: no Last-Modified is sent) means "send it all".
            if (!if_range || Trim(*if_range) == etag) range = ParseRange(*header, size);
        }
    }
    if (range.kind == RangeRequest::Kind::kUnsatisfiable) return RangeNotSatisfiable(request, size);

    response.content_type = *content_type;
    response.With("Content-Security-Policy", kMediaCsp).With("Content-Disposition", "inline");
    std::uint64_t offset = 0;
    std::uint64_t length = size;
    if (range.kind == RangeRequest::Kind::kRange) {
        offset = range.first;
        length = range.last - range.first + 1;
        response.status = 206;
        response.With("Content-Range", "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
                                           std::to_string(size));
    } else {
        response.status = 200;
    }
    response.file = std::make_shared<const http::FileSlice>(fd.release(), offset, length);
    return response;
}

void RegisterMediaRoutes(http::Router& router, std::string media_dir) {
    const nlohmann::json binary = {{"type", "string"}, {"format", "binary"}};
    const nlohmann::json string_header = {{"schema", {{"type", "string"}}}};
    http::Handler serve = [dir = std::move(media_dir)](http::Request& request) {
        return ServeMediaFile(request, dir, request.Param("file"));
    };
    router.Add({
        .method = http::Method::kGet,
        .pattern = "/media/{file:path}",
        .handler = std::move(serve),
        .access = http::Access::kPublic,
        .operation_id = "getMediaFile",
        .doc = {.summary = "A stored media file",
                .description = "Uploaded images (and later videos) by the path the API returned, e.g. "
                               "/media/profiles/<name>.webp. Names are random and never reused, so responses are "
                               "cacheable for a year. One byte range (Range: bytes=a-b, bytes=a-, bytes=-n) is "
                               "answered with 206; several ranges with the whole file.",
                .tags = {"media"},
                .responses = {{"200",
                               {{"description", "The whole file"},
                                {"media_type", "application/octet-stream"},
                                {"schema", binary},
                                {"headers", {{"ETag", string_header}}}}},
                              {"206",
                               {{"description", "The requested range"},
                                {"media_type", "application/octet-stream"},
                                {"schema", binary},
                                {"headers", {{"Content-Range", string_header}}}}},
                              {"304", {{"description", "Not modified (If-None-Match)"}}},
                              {"404", {{"description", "No such file"}}},
                              {"416",
                               {{"description", "The range is outside the file"},
                                {"headers", {{"Content-Range", string_header}}}}}}},
        .body_limit = 0,
        .blocking = true,
    });
}

}  // namespace spotter::media
