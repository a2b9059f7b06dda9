// File: http/message.hpp
//
// Spotter's own request and response types, handed to handlers. They carry no Beast or Asio types, so a
// handler is a plain function that can be unit-tested without a socket.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace spotter::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

const char* MethodName(Method method);
Method ParseMethod(std::string_view name);

// Header names are stored lower-case.
using Headers = std::vector<std::pair<std::string, std::string>>;

// Who is calling, set by the authenticator on non-public routes. The role comes from the database.
struct Principal {
    std::int64_t user_id = 0;
    std::string role;  // "member", "trainer" or "admin"
    bool email_verified = false;
};

struct Request {
    Method method = Method::kGet;
    std::string path;          // percent-decoding is left to the route parameters
    std::string query;         // the raw query string, without '?'
    Headers headers;
    std::string body;
    std::string remote_address;
    std::string request_id;
    std::vector<std::pair<std::string, std::string>> params;  // path parameters of the matched route
    std::optional<Principal> principal;                        // set on authenticated routes

    std::optional<std::string_view> Header(std::string_view lower_name) const;
    // The decoded value of the first `name` query parameter.
    std::optional<std::string> Query(std::string_view name) const;
    // The `name` query parameter as a whole number from `low` to `high`; nullopt when absent or empty. Anything
    // else is a 400 with a field error naming the parameter and the range.
    std::optional<std::int64_t> IntQuery(std::string_view name, std::int64_t low, std::int64_t high) const;
    // A path parameter. Throws ApiError(404) when absent (a route bug).
    const std::string& Param(std::string_view name) const;
    // A path parameter declared as {name:int}: always digits; throws ApiError(404) when it does not fit int64.
    std::int64_t IntParam(std::string_view name) const;
    // The body parsed as JSON. Throws ApiError 415 when the content type is not application/json and 400 with
    // the parser's position when it is not valid JSON.
    nlohmann::json JsonBody() const;
    // JsonBody() that must be an object (400 "parse_error" otherwise), as every JSON endpoint takes.
    nlohmann::json JsonObjectBody() const;
};

// A response body kept by a cache and sent by many responses without being copied, with its gzip form made once.
struct SharedBody {
    std::string plain;
    std::string gzip;  // empty when not compressed (too small, or compressing did not pay)

    // `plain` with its gzip form when `compress` and it is worth it.
    static std::shared_ptr<const SharedBody> Make(std::string plain, bool compress = true);
};

// A part of an open file, sent from the file as the socket takes it, so a large media file is never held in
// memory. Owns the descriptor.
class FileSlice {
public:
    FileSlice(int fd, std::uint64_t offset, std::uint64_t length) : fd_(fd), offset_(offset), length_(length) {}
    ~FileSlice();
    FileSlice(const FileSlice&) = delete;
    FileSlice& operator=(const FileSlice&) = delete;

    int fd() const { return fd_; }
    std::uint64_t offset() const { return offset_; }
    std::uint64_t length() const { return length_; }
    // Reads `size` bytes from `from` (relative to the slice) into `out`; fewer only at the end of the file.
    // Throws std::system_error when the file cannot be read.
    std::size_t Read(std::uint64_t from, char* out, std::size_t size) const;

private:
    int fd_;
    std::uint64_t offset_;
    std::uint64_t length_;
};

struct Response {
    int status = 200;
    std::string content_type;  // empty for no body
    std::string body;
    Headers headers;           // extra headers; names as they should be sent
    // Sent instead of `body` when set; the dispatcher picks its gzip form for clients that take gzip.
    std::shared_ptr<const SharedBody> shared;
    bool shared_gzip = false;
    // Sent instead of `body` when set (media files).
    std::shared_ptr<const FileSlice> file;

    // The number of bytes to send.
    std::uint64_t PayloadSize() const { return file ? file->length() : Payload().size(); }
    // The bytes to send, unless they are in a file.
    std::string_view Payload() const {
        if (!shared) return body;
        return shared_gzip ? std::string_view(shared->gzip) : std::string_view(shared->plain);
    }

    Response& With(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }

    // Compact UTF-8 JSON (non-ASCII characters are not escaped).
    static Response Json(int status, const nlohmann::json& body);
    static Response Text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
    static Response Empty(int status);
    static Response Redirect(int status, std::string location);
    static Response Shared(int status, std::shared_ptr<const SharedBody> body, std::string content_type);
};

// gzip-compresses `data` (RFC 1952). Returns an empty string if zlib fails.
std::string Gzip(std::string_view data, int level = 5);

// Decodes %XX and (when plus_is_space) '+'. Returns nullopt for malformed escapes or a NUL byte.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace spotter::http
