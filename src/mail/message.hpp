// File: mail/message.hpp
//
// An e-mail as Spotter sends it (one plain-text UTF-8 part), its validation, and its RFC 5322 rendering:
//
//   Date, From, To, Subject (RFC 2047 encoded words when not plain ASCII), Message-ID, MIME-Version,
//   Content-Type: text/plain; charset=utf-8, Content-Transfer-Encoding: base64 (76-column lines), CRLF endings.
//
// Header injection is impossible by construction: addresses and subjects with CR, LF or other control characters
// are refused, the subject is emitted verbatim only when it is short printable ASCII (otherwise as encoded
// words), and the body is base64, so no text a user typed can start a header line or end the message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace spotter::mail {

struct Message {
    std::string to;       // one bare address, "user@example.com"
    std::string subject;  // UTF-8, one line
    std::string text;     // UTF-8 plain text; LF, CRLF or CR line breaks
};

// Throws std::invalid_argument naming the field when `message` cannot be sent safely: `to` is not one bare
// address (exactly one '@', no spaces, control characters, quotes, brackets, commas or semicolons, at most 254
// bytes), the subject contains a control character other than TAB (CR and LF in particular) or is longer than
// 998 bytes, or the text contains a NUL byte.
void ValidateMessage(const Message& message);

// True when `address` is one bare address as ValidateMessage accepts it for `to`.
bool IsValidAddress(std::string_view address);

// The address inside a mailbox: "Spotter <no-reply@example.com>" -> "no-reply@example.com"; a bare address is
// returned trimmed. Throws std::invalid_argument when no valid address is found.
std::string AddressOf(std::string_view mailbox);

// The message in RFC 5322 form, ready for SMTP DATA or a .eml file. `from` is a mailbox ("Name <addr>" or a bare
// address; a non-ASCII name is encoded). `message_id` is the outbox's id: when it has no '@', "@<domain of
// from>" is appended; it is written in angle brackets. `now_micros` (microseconds since the epoch) becomes the
// Date header, in UTC. Throws std::invalid_argument as ValidateMessage does, or when `from` or `message_id` is
// unusable.
std::string Render(const Message& message, const std::string& from, const std::string& message_id,
                   std::int64_t now_micros);

// Base64 (RFC 4648, with padding) of `data`, on one line.
std::string Base64Encode(std::string_view data);
// Decodes base64, ignoring CR, LF and spaces. Throws std::invalid_argument on any other character that is not in
// the alphabet.
std::string Base64Decode(std::string_view text);

// A header value with its RFC 2047 encoded words ("=?UTF-8?B?...?=" and "=?UTF-8?Q?...?=") decoded and its folding
// removed. Words in other charsets are kept as they are.
std::string DecodeHeaderValue(std::string_view value);

}  // namespace spotter::mail
