#include "mail/message.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace spotter::mail {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::size_t kBodyLineLength = 76;    // RFC 2045 limit for base64 lines
constexpr std::size_t kMaxSubjectBytes = 998;  // RFC 5322 line limit, before any encoding
constexpr std::size_t kMaxAddressBytes = 254;
// Raw bytes per RFC 2047 encoded word: 42 bytes are 56 base64 characters, so "=?UTF-8?B?" + 56 + "?=" is 68
// characters and the first line, "Subject: " + word, stays within the 78 columns RFC 5322 recommends.
constexpr std::size_t kEncodedWordBytes = 42;

bool IsPrintableAscii(std::string_view text) {
    for (unsigned char c : text) {
        if (c < 0x20 || c > 0x7e) return false;
    }
    return true;
}

bool HasControl(std::string_view text, bool allow_tab) {
    for (unsigned char c : text) {
        if ((c < 0x20 && !(allow_tab && c == '\t')) || c == 0x7f) return true;
    }
    return false;
}

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// RFC 2047 "B" encoded words for `text`, each at most kEncodedWordBytes raw bytes and never splitting a UTF-8
// sequence, separated by CRLF SP (folding whitespace, which decoders drop between encoded words).
std::string EncodeWords(std::string_view text) {
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = std::min(text.size(), pos + kEncodedWordBytes);
        if (end < text.size()) {
            // Back up to the start of a UTF-8 sequence (a byte that is not 10xxxxxx), unless that leaves nothing.
            std::size_t cut = end;
            while (cut > pos && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
            if (cut > pos) end = cut;
        }
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + Base64Encode(text.substr(pos, end - pos)) + "?=";
        pos = end;
    }
    return out;
}

// The subject header value: verbatim when it is short printable ASCII that cannot be mistaken for encoded words.
std::string SubjectValue(const std::string& subject) {
    constexpr std::size_t kPlainLimit = 78 - 9;  // "Subject: " takes 9 columns
    if (IsPrintableAscii(subject) && subject.size() <= kPlainLimit && subject.find("=?") == std::string::npos) {
        return subject;
    }
    return EncodeWords(subject);
}

// The display-name part of a mailbox: an atom sequence, a quoted string, or encoded words.
std::string DisplayName(std::string_view name) {
    if (!IsPrintableAscii(name) || name.find("=?") != std::string_view::npos) return EncodeWords(name);
    if (name.find_first_of("()<>[]:;@\\,.\"") == std::string_view::npos) return std::string(name);
    std::string quoted = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

std::string FormatMailbox(std::string_view mailbox) {
    std::string address = AddressOf(mailbox);
    std::string_view trimmed = Trim(mailbox);
    auto open = trimmed.rfind('<');
    if (open == std::string_view::npos) return address;
    std::string_view name = Trim(trimmed.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    if (name.empty()) return "<" + address + ">";
    return DisplayName(name) + " <" + address + ">";
}

// "Sat, 21 Nov 2026 12:27:41 +0000" (RFC 5322 section 3.3), independent of the locale.
std::string FormatDate(std::int64_t micros) {
    static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::int64_t seconds = micros / 1'000'000;
    if (micros < 0 && micros % 1'000'000 != 0) --seconds;
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    if (!gmtime_r(&t, &tm)) throw std::invalid_argument("mail: the date is out of range");
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                  kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buffer;
}

// The text with every line break (LF, CR LF or a lone CR) as CR LF, the canonical form for text/plain.
std::string CanonicalLineBreaks(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

int Base64Value(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

// Decodes the encoded word starting at `pos` ("=?charset?B|Q?text?="). Returns false when there is none there (or
// its charset is not UTF-8/ASCII); otherwise sets `decoded` and `end` (one past "?=").
bool DecodeWordAt(std::string_view value, std::size_t pos, std::string& decoded, std::size_t& end) {
    if (value.compare(pos, 2, "=?") != 0) return false;
    std::size_t charset_end = value.find('?', pos + 2);
    if (charset_end == std::string_view::npos || charset_end + 2 >= value.size() || value[charset_end + 2] != '?') {
        return false;
    }
    std::string_view charset = value.substr(pos + 2, charset_end - pos - 2);
    if (auto star = charset.find('*'); star != std::string_view::npos) charset = charset.substr(0, star);  // RFC 2231
    char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(value[charset_end + 1])));
    std::size_t text_start = charset_end + 3;
    std::size_t text_end = value.find("?=", text_start);
    if (text_end == std::string_view::npos) return false;
    if (!EqualsIgnoreCase(charset, "utf-8") && !EqualsIgnoreCase(charset, "us-ascii")) return false;
    std::string_view text = value.substr(text_start, text_end - text_start);
    if (text.find_first_of(" \t") != std::string_view::npos) return false;
    if (encoding == 'B') {
        try {
            decoded = Base64Decode(text);
        } catch (const std::invalid_argument&) {
            return false;
        }
    } else if (encoding == 'Q') {
        decoded.clear();
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '_') {
                decoded += ' ';
            } else if (text[i] == '=' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
                       HexValue(text[i + 2]) >= 0) {
                decoded += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
                i += 2;
            } else {
                decoded += text[i];
            }
        }
    } else {
        return false;
    }
    end = text_end + 2;
    return true;
}

}  // namespace

bool IsValidAddress(std::string_view address) {
    if (address.size() < 3 || address.size() > kMaxAddressBytes) return false;
    auto at = address.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
    if (address.find('@', at + 1) != std::string_view::npos) return false;
    for (unsigned char c : address) {
        // Printable ASCII only (no SMTPUTF8), and nothing that separates, quotes or brackets addresses.
        if (c <= 0x20 || c >= 0x7f) return false;
        if (std::string_view("()<>[]:;,\\\"").find(static_cast<char>(c)) != std::string_view::npos) return false;
    }
    std::string_view domain = address.substr(at + 1);
    return domain.front() != '.' && domain.back() != '.' && domain.find("..") == std::string_view::npos;
}

void ValidateMessage(const Message& message) {
    if (message.to.find_first_of("\r\n") != std::string::npos) {
        throw std::invalid_argument("mail: the recipient address contains a line break");
    }
    if (!IsValidAddress(message.to)) throw std::invalid_argument("mail: the recipient address is not valid");
    if (message.subject.find_first_of("\r\n") != std::string::npos) {
        throw std::invalid_argument("mail: the subject contains a line break");
    }
    if (HasControl(message.subject, /*allow_tab=*/true)) {
        throw std::invalid_argument("mail: the subject contains a control character");
    }
    if (message.subject.size() > kMaxSubjectBytes) throw std::invalid_argument("mail: the subject is too long");
    if (message.text.find('\0') != std::string::npos) throw std::invalid_argument("mail: the text contains NUL");
}

std::string AddressOf(std::string_view mailbox) {
    if (HasControl(mailbox, /*allow_tab=*/false)) {
        throw std::invalid_argument("mail: the sender address contains a control character");
    }
    std::string_view trimmed = Trim(mailbox);
    std::string_view address = trimmed;
    auto open = trimmed.rfind('<');
    if (open != std::string_view::npos) {
        auto close = trimmed.find('>', open);
        if (close == std::string_view::npos || close + 1 != trimmed.size()) {
            throw std::invalid_argument("mail: '" + std::string(mailbox) + "' is not a mailbox such as 'Name <a@b>'");
        }
        address = Trim(trimmed.substr(open + 1, close - open - 1));
    }
    if (!IsValidAddress(address)) {
        throw std::invalid_argument("mail: '" + std::string(mailbox) + "' holds no valid address");
    }
    return std::string(address);
}

std::string Render(const Message& message, const std::string& from, const std::string& message_id,
                   std::int64_t now_micros) {
    ValidateMessage(message);
    std::string from_header = FormatMailbox(from);
    std::string id = message_id;
    if (id.empty() || !IsPrintableAscii(id) || id.find_first_of(" <>") != std::string::npos) {
        throw std::invalid_argument("mail: the message id is not usable");
    }
    if (id.find('@') == std::string::npos) {
        std::string sender = AddressOf(from);
        id += sender.substr(sender.find('@'));
    }

    std::string out;
    out.reserve(512 + message.text.size() * 4 / 3);
    out += "Date: " + FormatDate(now_micros) + "\r\n";
    out += "From: " + from_header + "\r\n";
    out += "To: " + message.to + "\r\n";
    std::string subject = SubjectValue(message.subject);
    out += subject.empty() ? "Subject:\r\n" : "Subject: " + subject + "\r\n";
    out += "Message-ID: <" + id + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += "Content-Transfer-Encoding: base64\r\n";
    out += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: no auto-replies to notifications
    out += "\r\n";
    std::string body = Base64Encode(CanonicalLineBreaks(message.text));
    for (std::size_t pos = 0; pos < body.size(); pos += kBodyLineLength) {
        out.append(body, pos, kBodyLineLength);
        out += "\r\n";
    }
    return out;
}

std::string Base64Encode(std::string_view data) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= data.size(); i += 3) {
        std::uint32_t n = static_cast<unsigned char>(data[i]) << 16 | static_cast<unsigned char>(data[i + 1]) << 8 |
                          static_cast<unsigned char>(data[i + 2]);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    std::size_t rest = data.size() - i;
    if (rest > 0) {
        std::uint32_t n = static_cast<unsigned char>(data[i]) << 16;
        if (rest == 2) n |= static_cast<unsigned char>(data[i + 1]) << 8;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string Base64Decode(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t buffer = 0;
    int bits = 0;
    bool padding = false;
    for (unsigned char c : text) {
        if (c == '\r' || c == '\n' || c == ' ' || c == '\t') continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        int value = Base64Value(c);
        if (value < 0 || padding) throw std::invalid_argument("base64: unexpected character");
        buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    return out;
}

std::string DecodeHeaderValue(std::string_view value) {
    // Unfold: a line break followed by whitespace is just the whitespace.
    std::string unfolded;
    unfolded.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\r' && i + 1 < value.size() && value[i + 1] == '\n') {
            ++i;
            continue;
        }
        if (value[i] == '\n') continue;
        unfolded += value[i];
    }
    std::string out;
    std::string pending_space;  // whitespace after an encoded word: dropped when another encoded word follows
    bool after_word = false;
    std::size_t i = 0;
    while (i < unfolded.size()) {
        std::string decoded;
        std::size_t end = 0;
        if (DecodeWordAt(unfolded, i, decoded, end)) {
            if (!after_word) out += pending_space;
            pending_space.clear();
            out += decoded;
            after_word = true;
            i = end;
            continue;
        }
        char c = unfolded[i++];
        if (c == ' ' || c == '\t') {
            pending_space += c;
            continue;
        }
        out += pending_space;
        pending_space.clear();
        out += c;
        after_word = false;
    }
    return out + pending_space;
}

}  // namespace spotter::mail
