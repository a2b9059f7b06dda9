#include "http/message.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <system_error>
#include <charconv>

#include <nlohmann/json.hpp>
#include <zlib.h>

#include "common/error.hpp"

namespace spotter::http {

const char* MethodName(Method method) {
    switch (method) {
        case Method::kGet: return "GET";
        case Method::kHead: return "HEAD";
        case Method::kPost: return "POST";
        case Method::kPut: return "PUT";
        case Method::kPatch: return "PATCH";
        case Method::kDelete: return "DELETE";
        case Method::kOptions: return "OPTIONS";
        case Method::kOther: return "OTHER";
    }
    return "OTHER";
}

Method ParseMethod(std::string_view name) {
    if (name == "GET") return Method::kGet;
    if (name == "HEAD") return Method::kHead;
    if (name == "POST") return Method::kPost;
    if (name == "PUT") return Method::kPut;
    if (name == "PATCH") return Method::kPatch;
    if (name == "DELETE") return Method::kDelete;
    if (name == "OPTIONS") return Method::kOptions;
    return Method::kOther;
}

std::optional<std::string_view> Request::Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_name) return std::string_view(value);
    }
    return std::nullopt;
}

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            int value = 0;
            auto [ptr, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
            if (ec != std::errc() || ptr != text.data() + i + 3) return std::nullopt;
            if (value == 0) return std::nullopt;
            out.push_back(static_cast<char>(value));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else if (c == '\0') {
            return std::nullopt;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::optional<std::string> Request::Query(std::string_view name) const {
    std::string_view rest = query;
    while (!rest.empty()) {
        auto amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        auto eq = pair.find('=');
        auto key = PercentDecode(pair.substr(0, eq), true);
        if (!key || *key != name) continue;
        if (eq == std::string_view::npos) return std::string{};
        auto value = PercentDecode(pair.substr(eq + 1), true);
        if (!value) throw ApiError(ErrorCode::kBadRequest, "The query parameter '" + std::string(name) + "' is not valid.");
        return value;
    }
    return std::nullopt;
}

const std::string& Request::Param(std::string_view name) const {
    for (const auto& [key, value] : params) {
        if (key == name) return value;
    }
    throw ApiError(ErrorCode::kNotFound, "Not found.");
}

std::optional<std::int64_t> Request::IntQuery(std::string_view name, std::int64_t low, std::int64_t high) const {
    auto text = Query(name);
    if (!text || text->empty()) return std::nullopt;
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || ptr != text->data() + text->size() || value < low || value > high) {
        throw ValidationError({{std::string(name), {"Must be a whole number from " + std::to_string(low) + " to " +
                                                    std::to_string(high) + "."}}});
    }
    return value;
}

std::int64_t Request::IntParam(std::string_view name) const {
    const std::string& text = Param(name);
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) throw ApiError(ErrorCode::kNotFound, "Not found.");
    return value;
}

nlohmann::json Request::JsonObjectBody() const {
    nlohmann::json body = JsonBody();
    if (!body.is_object()) throw ApiError(ErrorCode::kBadRequest, "The body must be a JSON object.", "parse_error");
    return body;
}

nlohmann::json Request::JsonBody() const {
    auto type = Header("content-type");
    std::string media(type ? type->substr(0, type->find(';')) : std::string_view{});
    while (!media.empty() && media.back() == ' ') media.pop_back();
    for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool is_json = media == "application/json" || (media.size() > 5 && media.ends_with("+json"));
    if (!is_json) {
        throw ApiError(ErrorCode::kUnsupportedMediaType,
                       "Send the body as JSON with the header Content-Type: application/json.",
                       "unsupported_media_type");
    }
    try {
        return nlohmann::json::parse(body);
    } catch (const nlohmann::json::parse_error& e) {
        throw ApiError(ErrorCode::kBadRequest,
                       "The body is not valid JSON (at byte " + std::to_string(e.byte) + ").", "parse_error");
    }
}

Response Response::Json(int status, const nlohmann::json& body) {
    Response response;
    response.status = status;
    response.content_type = "application/json";
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

Response Response::Text(int status, std::string body, std::string content_type) {
    Response response;
    response.status = status;
    response.content_type = std::move(content_type);
    response.body = std::move(body);
    return response;
}

Response Response::Empty(int status) {
    Response response;
    response.status = status;
    return response;
}

FileSlice::~FileSlice() {
    if (fd_ >= 0) ::close(fd_);
}

std::size_t FileSlice::Read(std::uint64_t from, char* out, std::size_t size) const {
    if (from >= length_) return 0;
    size = static_cast<std::size_t>(std::min<std::uint64_t>(size, length_ - from));
    std::size_t done = 0;
    while (done < size) {
        ssize_t n = ::pread(fd_, out + done, size - done, static_cast<off_t>(offset_ + from + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "read file");
        }
        if (n == 0) break;  // the file is shorter than it was
        done += static_cast<std::size_t>(n);
    }
    return done;
}

Response Response::Shared(int status, std::shared_ptr<const SharedBody> body, std::string content_type) {
    Response response;
    response.status = status;
    response.content_type = std::move(content_type);
    response.shared = std::move(body);
    return response;
}

std::shared_ptr<const SharedBody> SharedBody::Make(std::string plain, bool compress) {
    constexpr std::size_t kWorthCompressing = 1024;
    auto body = std::make_shared<SharedBody>();
    if (compress && plain.size() >= kWorthCompressing) {
        // Made once and sent many times: a better ratio than on-the-fly compression (level 5) is worth it.
        body->gzip = Gzip(plain, 6);
        if (body->gzip.size() >= plain.size()) body->gzip.clear();
    }
    body->plain = std::move(plain);
    return body;
}

std::string Gzip(std::string_view data, int level) {
    z_stream stream{};
    if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    std::string out;
    out.resize(deflateBound(&stream, data.size()) + 32);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&stream, Z_FINISH);
    deflateEnd(&stream);
    if (rc != Z_STREAM_END) return {};
    out.resize(stream.total_out);
    return out;
}

Response Response::Redirect(int status, std::string location) {
    Response response = Empty(status);
    response.headers.emplace_back("Location", std::move(location));
    return response;
}

}  // namespace spotter::http
