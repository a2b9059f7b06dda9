#include "media/multipart.hpp"

#include <algorithm>
#include <functional>

#include "common/error.hpp"
#include "http/message.hpp"

namespace spotter::media {

namespace {

constexpr std::size_t kMaxBoundary = 70;
constexpr std::size_t kMaxFilename = 255;
constexpr std::size_t kMaxPartContentType = 127;

[[noreturn]] void Fail(std::string detail) { throw ApiError(ErrorCode::kBadRequest, std::move(detail)); }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = Lower(c);
    return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return Lower(x) == Lower(y); });
}

bool IsTokenChar(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view TrimOws(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// A header value of the form `value *( OWS ";" OWS name "=" ( token / quoted-string ) )`: the leading value and
// its parameters (names lower-case, values unquoted). Returns false when it cannot be parsed.
struct HeaderValue {
    std::string value;
    std::vector<std::pair<std::string, std::string>> params;

    const std::string* Param(std::string_view name) const {
        for (const auto& [key, value] : params) {
            if (key == name) return &value;
        }
        return nullptr;
    }
};

bool ParseHeaderValue(std::string_view text, HeaderValue& out) {
    std::size_t i = 0;
    auto skip_ows = [&] {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    };
    skip_ows();
    std::size_t start = i;
    while (i < text.size() && text[i] != ';') ++i;
    out.value = ToLower(TrimOws(text.substr(start, i - start)));
    while (i < text.size()) {
        ++i;  // the ';'
        skip_ows();
        if (i == text.size()) break;  // a trailing ';' is tolerated
        std::size_t name_start = i;
        while (i < text.size() && IsTokenChar(text[i])) ++i;
        std::string name = ToLower(text.substr(name_start, i - name_start));
        skip_ows();
        if (name.empty() || i == text.size() || text[i] != '=') return false;
        ++i;
        skip_ows();
        std::string value;
        if (i < text.size() && text[i] == '"') {
            ++i;
            bool closed = false;
            while (i < text.size()) {
                char c = text[i++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                // Browsers percent-encode '"' and leave '\' alone (HTML's form encoding); curl and RFC 2616 senders
                // escape with '\'. Accept both: '\' escapes only a following '"' or '\'.
                if (c == '\\' && i < text.size() && (text[i] == '"' || text[i] == '\\')) c = text[i++];
                value.push_back(c);
            }
            if (!closed) return false;
        } else {
            std::size_t value_start = i;
            while (i < text.size() && text[i] != ';') ++i;
            value = std::string(TrimOws(text.substr(value_start, i - value_start)));
        }
        skip_ows();
        if (i < text.size() && text[i] != ';') return false;
        bool seen = false;
        for (const auto& param : out.params) seen = seen || param.first == name;
        if (!seen) out.params.emplace_back(std::move(name), std::move(value));
    }
    return true;
}

bool IsBoundaryChar(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// filename*=UTF-8''na%C3%AFve.jpg (RFC 8187). Returns nullopt for another charset or a bad escape.
std::optional<std::string> DecodeExtendedValue(std::string_view value) {
    auto quote = value.find('\'');
    if (quote == std::string_view::npos || !EqualsIgnoreCase(value.substr(0, quote), "utf-8")) return std::nullopt;
    auto second = value.find('\'', quote + 1);
    if (second == std::string_view::npos) return std::nullopt;
    return http::PercentDecode(value.substr(second + 1), false);
}

// Length of the valid UTF-8 sequence starting at text[i] and its code point, or 0 when it is not valid.
std::size_t Utf8Sequence(std::string_view text, std::size_t i, char32_t& code_point) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    std::size_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, value = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, value = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, value = lead & 0x07, minimum = 0x10000;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        value = (value << 6) | (byte(i + k) & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
    code_point = value;
    return length;
}

bool Invisible(char32_t c) {
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||             // C0, DEL, C1 controls
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||  // bidi overrides ("gpj.exe")
           c == 0x200E || c == 0x200F || c == 0xFEFF;
}

struct PartHeaders {
    std::optional<HeaderValue> disposition;
    std::string content_type;
};

PartHeaders ParsePartHeaders(std::string_view block) {
    PartHeaders headers;
    while (!block.empty()) {
        auto end = block.find("\r\n");
        std::string_view line = block.substr(0, end);
        block = end == std::string_view::npos ? std::string_view{} : block.substr(end + 2);
        if (line.empty()) continue;
        if (line.front() == ' ' || line.front() == '\t')
            Fail("A part's headers use line folding, which is not allowed.");
        auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0 ||
            !std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(colon), IsTokenChar)) {
            Fail("A part of the multipart body has a malformed header line.");
        }
        std::string_view name = line.substr(0, colon);
        std::string_view value = TrimOws(line.substr(colon + 1));
        if (EqualsIgnoreCase(name, "content-disposition")) {
            if (headers.disposition) Fail("A part of the multipart body has two Content-Disposition headers.");
            HeaderValue parsed;
            if (!ParseHeaderValue(value, parsed)) Fail("A part's Content-Disposition header is malformed.");
            headers.disposition = std::move(parsed);
        } else if (EqualsIgnoreCase(name, "content-type")) {
            HeaderValue parsed;
            if (ParseHeaderValue(value, parsed) && parsed.value.size() <= kMaxPartContentType &&
                std::all_of(parsed.value.begin(), parsed.value.end(),
                            [](char c) { return IsTokenChar(c) || c == '/'; })) {
                headers.content_type = std::move(parsed.value);
            }
        }
    }
    return headers;
}

}  // namespace

bool IsMultipartFormData(std::string_view content_type_header) {
    HeaderValue parsed;
    return ParseHeaderValue(content_type_header, parsed) && parsed.value == "multipart/form-data";
}

std::string MultipartBoundary(std::string_view content_type_header) {
    HeaderValue parsed;
    if (!ParseHeaderValue(content_type_header, parsed)) Fail("The Content-Type header is malformed.");
    if (parsed.value != "multipart/form-data") Fail("The body is not multipart/form-data.");
    const std::string* boundary = parsed.Param("boundary");
    if (!boundary || boundary->empty()) Fail("The multipart/form-data Content-Type has no boundary parameter.");
    if (boundary->size() > kMaxBoundary) Fail("The multipart boundary is longer than 70 characters.");
    if (!std::all_of(boundary->begin(), boundary->end(), IsBoundaryChar) || boundary->back() == ' ') {
        Fail("The multipart boundary has characters that are not allowed.");
    }
    return *boundary;
}

std::vector<UploadedFile> ParseFormData(std::string_view content_type_header, std::string_view body,
                                        const MultipartLimits& limits) {
    const std::string delimiter = "--" + MultipartBoundary(content_type_header);
    const std::string separator = "\r\n" + delimiter;
    // Boyer-Moore keeps the search linear in practice even for bodies crafted to almost match the boundary.
    const std::boyer_moore_searcher find_separator(separator.begin(), separator.end());
    auto find = [&](std::size_t from) -> std::size_t {
        auto it = std::search(body.begin() + static_cast<std::ptrdiff_t>(from), body.end(), find_separator);
        return it == body.end() ? std::string_view::npos : static_cast<std::size_t>(it - body.begin());
    };

    std::size_t pos = 0;
    if (body.starts_with(delimiter)) {
        pos = delimiter.size();
    } else {
        std::size_t first = find(0);  // after a preamble
        if (first == std::string_view::npos) Fail("The multipart body does not contain its boundary.");
        pos = first + separator.size();
    }

    std::vector<UploadedFile> parts;
    for (;;) {
        // Just after a delimiter: "--" closes the body; otherwise optional padding and CRLF start a part.
        if (body.substr(pos).starts_with("--")) break;
        while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
        if (!body.substr(pos).starts_with("\r\n")) {
            if (pos >= body.size()) Fail("The multipart body ends without its closing boundary.");
            Fail("A multipart boundary line is followed by unexpected characters.");
        }
        pos += 2;
        if (parts.size() == limits.max_parts) {
            Fail("The multipart body has more than " + std::to_string(limits.max_parts) + " parts.");
        }

        std::string_view header_block;
        if (body.substr(pos).starts_with("\r\n")) {
            pos += 2;  // no headers at all
        } else {
            std::string_view window = body.substr(pos, limits.max_header_bytes + 4);
            auto end = window.find("\r\n\r\n");
            if (end == std::string_view::npos) {
                if (pos + window.size() >= body.size()) Fail("The multipart body ends without its closing boundary.");
                Fail("A part's headers are longer than " + std::to_string(limits.max_header_bytes) + " bytes.");
            }
            header_block = window.substr(0, end);
            pos += end + 4;
        }
        PartHeaders headers = ParsePartHeaders(header_block);
        if (!headers.disposition || headers.disposition->value != "form-data") {
            Fail("Each part of a multipart/form-data body needs a \"Content-Disposition: form-data\" header.");
        }
        const std::string* name = headers.disposition->Param("name");
        if (!name) Fail("A part of the multipart body has no name.");

        std::size_t next = find(pos);
        if (next == std::string_view::npos) Fail("The multipart body ends without its closing boundary.");
        UploadedFile part;
        part.field = *name;
        part.content_type = std::move(headers.content_type);
        std::optional<std::string> filename;
        if (const std::string* extended = headers.disposition->Param("filename*"))
            filename = DecodeExtendedValue(*extended);
        if (!filename) {
            if (const std::string* plain = headers.disposition->Param("filename")) filename = *plain;
        }
        if (filename) part.filename = SanitizeFilename(*filename);
        part.data = body.substr(pos, next - pos);
        parts.push_back(std::move(part));
        pos = next + separator.size();
    }
    return parts;
}

std::optional<UploadedFile> FindFilePart(std::string_view content_type_header, std::string_view body,
                                         std::string_view field_name, const MultipartLimits& limits) {
    std::vector<UploadedFile> parts = ParseFormData(content_type_header, body, limits);
    for (UploadedFile& part : parts) {
        if (part.field == field_name) return std::move(part);
    }
    return std::nullopt;
}

std::string SanitizeFilename(std::string_view name) {
    auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
    std::string out;
    out.reserve(std::min(name.size(), kMaxFilename));
    for (std::size_t i = 0; i < name.size();) {
        char32_t code_point = 0;
        std::size_t length = Utf8Sequence(name, i, code_point);
        std::string_view piece = length ? name.substr(i, length) : std::string_view("_");
        i += length ? length : 1;
        if (length && Invisible(code_point)) continue;
        if (out.empty() && (piece == "." || piece == " ")) continue;
        if (out.size() + piece.size() > kMaxFilename) break;
        out += piece;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
    return out;
}

}  // namespace spotter::media
