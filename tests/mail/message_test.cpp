// Rendering and validation of e-mail messages (no database, no network).
#include "mail/message.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "support/smtp_sink.hpp"

namespace spotter::mail {
namespace {

using testing::ReceivedMail;

constexpr std::int64_t kNov21 = 1795264061216523;  // 2026-11-21T12:27:41.216523Z, a Saturday
const std::string kFrom = "Spotter <no-reply@spotter.example>";

ReceivedMail Parse(const std::string& rendered) {
    ReceivedMail mail;
    mail.data = rendered;
    return mail;
}

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find("\r\n", pos);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(pos, end - pos));
        pos = end + 2;
    }
    return lines;
}

TEST(MailRender, HasTheHeadersAndABase64Utf8Body) {
    Message message{"member@example.com", "Welcome to Spotter", "Hello,\nyour trainer is waiting.\n"};
    std::string rendered = Render(message, kFrom, "0123abcd", kNov21);
    ReceivedMail mail = Parse(rendered);
    EXPECT_EQ(mail.Header("Date"), "Sat, 21 Nov 2026 12:27:41 +0000");
    EXPECT_EQ(mail.Header("From"), "Spotter <no-reply@spotter.example>");
    EXPECT_EQ(mail.Header("To"), "member@example.com");
    EXPECT_EQ(mail.Header("Subject"), "Welcome to Spotter");
    EXPECT_EQ(mail.Header("Message-ID"), "<0123abcd@spotter.example>");
    EXPECT_EQ(mail.Header("MIME-Version"), "1.0");
    EXPECT_EQ(mail.Header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(mail.Header("Content-Transfer-Encoding"), "base64");
    EXPECT_EQ(Base64Decode(mail.Body()), "Hello,\r\nyour trainer is waiting.\r\n");
}

TEST(MailRender, UsesCrlfOnlyAndShortLines) {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "운동 기록 " + std::to_string(i) + (i % 7 ? " " : "\n");
    std::string rendered =
        Render({"a@example.com", "주간 운동 요약: 이번 주에 회원님이 완료한 모든 운동과 트레이너의 코멘트", text},
               kFrom, "id1", kNov21);
    for (std::size_t i = 0; i < rendered.size(); ++i) {
        if (rendered[i] == '\n') {
            ASSERT_TRUE(i > 0 && rendered[i - 1] == '\r') << "bare LF at " << i;
        }
        if (rendered[i] == '\r') {
            ASSERT_TRUE(i + 1 < rendered.size() && rendered[i + 1] == '\n') << "bare CR at " << i;
        }
    }
    ASSERT_GE(rendered.size(), 2u);
    EXPECT_EQ(rendered.substr(rendered.size() - 2), "\r\n");
    for (const auto& line : Lines(rendered)) EXPECT_LE(line.size(), 78u) << line;
    for (const auto& line : Lines(Parse(rendered).Body())) EXPECT_LE(line.size(), 76u) << line;
    for (unsigned char c : rendered) EXPECT_LT(c, 0x80) << "the rendered message must be 7-bit";
}

TEST(MailRender, KoreanSubjectRoundTripsThroughEncodedWords) {
    const std::string subject = "[Spotter] 비밀번호 재설정 안내";
    std::string rendered =
        Render({"member@example.com", subject, "안녕하세요, 회원님.\n아래 링크를 눌러 주세요."}, kFrom, "id2", kNov21);
    ReceivedMail mail = Parse(rendered);
    std::string raw = mail.Header("Subject");
    EXPECT_EQ(raw.rfind("=?UTF-8?B?", 0), 0u) << raw;
    EXPECT_EQ(DecodeHeaderValue(raw), subject);
    EXPECT_EQ(Base64Decode(mail.Body()), "안녕하세요, 회원님.\r\n아래 링크를 눌러 주세요.");
}

TEST(MailRender, LongKoreanSubjectIsSplitWithoutBreakingCharacters) {
    std::string subject;
    for (int i = 0; i < 12; ++i) subject += "트레이너가 새 운동 계획을 보냈습니다 ";
    std::string rendered = Render({"a@example.com", subject, "x"}, kFrom, "id3", kNov21);
    ReceivedMail mail = Parse(rendered);
    std::string raw = mail.Header("Subject");
    EXPECT_GT(raw.find("?= =?UTF-8?B?"), 0u);
    // Every encoded word decodes to valid UTF-8 by itself (no character split across words).
    std::size_t pos = 0;
    int words = 0;
    while ((pos = raw.find("=?UTF-8?B?", pos)) != std::string::npos) {
        std::size_t end = raw.find("?=", pos + 10);
        ASSERT_NE(end, std::string::npos);
        EXPECT_LE(end + 2 - pos, 75u);
        std::string chunk = Base64Decode(raw.substr(pos + 10, end - pos - 10));
        unsigned char first = static_cast<unsigned char>(chunk.front());
        EXPECT_NE(first & 0xc0, 0x80) << "a word starts inside a character";
        pos = end + 2;
        ++words;
    }
    EXPECT_GT(words, 5);
    EXPECT_EQ(DecodeHeaderValue(raw), subject);
}

TEST(MailRender, PlainSubjectThatLooksEncodedIsEncoded) {
    std::string rendered = Render({"a@example.com", "=?UTF-8?B?aGk=?= tricks", "x"}, kFrom, "id", kNov21);
    EXPECT_EQ(DecodeHeaderValue(Parse(rendered).Header("Subject")), "=?UTF-8?B?aGk=?= tricks");
}

TEST(MailRender, NonAsciiSenderNameIsEncodedAndMessageIdKeepsAGivenDomain) {
    std::string rendered =
        Render({"a@example.com", "hi", ""}, "스포터 <no-reply@spotter.example>", "abc@mail.spotter.example", kNov21);
    ReceivedMail mail = Parse(rendered);
    EXPECT_EQ(DecodeHeaderValue(mail.Header("From")), "스포터 <no-reply@spotter.example>");
    EXPECT_EQ(mail.Header("Message-ID"), "<abc@mail.spotter.example>");
    EXPECT_NE(
        Render({"a@example.com", "hi", ""}, "no-reply@x.example", "i", kNov21).find("\r\nFrom: no-reply@x.example\r\n"),
        std::string::npos);
    EXPECT_NE(Render({"a@example.com", "hi", ""}, "Spotter, Inc. <n@x.example>", "i", kNov21)
                  .find("From: \"Spotter, Inc.\" <n@x.example>\r\n"),
              std::string::npos);
}

TEST(MailRender, BodyThatLooksLikeHeadersOrTheEndOfDataStaysInTheBody) {
    std::string text = "line\r\n.\r\nBcc: victim@example.com\r\n\r\nSubject: spoofed";
    std::string rendered = Render({"a@example.com", "hi", text}, kFrom, "id", kNov21);
    ReceivedMail mail = Parse(rendered);
    EXPECT_EQ(mail.Header("Bcc"), "");
    EXPECT_EQ(mail.Header("Subject"), "hi");
    EXPECT_EQ(Base64Decode(mail.Body()), text);
}

TEST(MailValidate, RefusesHeaderInjectionAndMalformedAddresses) {
    const std::vector<Message> bad = {
        {"victim@example.com\r\nBcc: all@example.com", "hi", "x"},
        {"victim@example.com\nBcc: all@example.com", "hi", "x"},
        {"victim@example.com", "hi\r\nBcc: all@example.com", "x"},
        {"victim@example.com", "hi\nX-Spam: yes", "x"},
        {"victim@example.com", "hi\rthere", "x"},
        {"victim@example.com", std::string("nul\0byte", 8), "x"},
        {"victim@example.com", "hi", std::string("nul\0byte", 8)},
        {"no-at-sign", "hi", "x"},
        {"a@b@example.com", "hi", "x"},
        {"two@example.com, three@example.com", "hi", "x"},
        {"Name <a@example.com>", "hi", "x"},
        {"with space@example.com", "hi", "x"},
        {"@example.com", "hi", "x"},
        {"a@", "hi", "x"},
        {"a@.example.com", "hi", "x"},
        {"회원@example.com", "hi", "x"},
        {"", "hi", "x"},
        {"a@example.com", std::string(999, 'x'), "x"},
    };
    for (const auto& message : bad) {
        EXPECT_THROW(ValidateMessage(message), std::invalid_argument) << message.to << " / " << message.subject;
        EXPECT_THROW(Render(message, kFrom, "id", kNov21), std::invalid_argument) << message.to;
    }
    EXPECT_NO_THROW(ValidateMessage({"first.last+tag@sub.example.co.kr", "Tab\tis fine", "any\ntext"}));
}

TEST(MailValidate, SenderAndMessageIdMustBeUsable) {
    Message ok{"a@example.com", "hi", "x"};
    EXPECT_THROW(Render(ok, "Spotter <no-reply@x.example>\r\nBcc: a@b.example", "id", kNov21), std::invalid_argument);
    EXPECT_THROW(Render(ok, "Spotter", "id", kNov21), std::invalid_argument);
    EXPECT_THROW(Render(ok, kFrom, "bad id", kNov21), std::invalid_argument);
    EXPECT_THROW(Render(ok, kFrom, "a>\r\nBcc: x", kNov21), std::invalid_argument);
    EXPECT_EQ(AddressOf("Spotter <no-reply@x.example>"), "no-reply@x.example");
    EXPECT_EQ(AddressOf("  no-reply@x.example "), "no-reply@x.example");
    EXPECT_EQ(AddressOf("\"Spotter <Team>\" <no-reply@x.example>"), "no-reply@x.example");
}

TEST(MailBase64, RoundTripsEveryLength) {
    std::string data;
    for (int i = 0; i < 300; ++i) {
        EXPECT_EQ(Base64Decode(Base64Encode(data)), data);
        data += static_cast<char>(i * 37);
    }
    EXPECT_EQ(Base64Encode("Man"), "TWFu");
    EXPECT_EQ(Base64Encode("Ma"), "TWE=");
    EXPECT_EQ(Base64Encode("M"), "TQ==");
    EXPECT_THROW(Base64Decode("TW*u"), std::invalid_argument);
}

TEST(MailDecodeHeader, HandlesQAndAdjacentWords) {
    EXPECT_EQ(DecodeHeaderValue("=?utf-8?Q?caf=C3=A9_au_lait?="), "café au lait");
    EXPECT_EQ(DecodeHeaderValue("=?UTF-8?B?7ZWc?=\r\n =?UTF-8?B?6riA?= ok"), "한글 ok");
    EXPECT_EQ(DecodeHeaderValue("plain text"), "plain text");
}

}  // namespace
}  // namespace spotter::mail
