// Senders: FileSender on a temporary folder, SmtpSender against a real SMTP server (tests/support/smtp_sink.py).
#include "mail/sender.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/clock.hpp"
#include "mail/message.hpp"
#include "support/smtp_sink.hpp"
#include "support/test_database.hpp"

namespace spotter::mail {
namespace {

namespace fs = std::filesystem;
using testing::ReceivedMail;
using testing::SmtpSink;
using testing::TempDir;

const std::string kFrom = "Spotter <no-reply@spotter.example>";

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<fs::path> FilesIn(const std::string& folder) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder)) files.push_back(entry.path());
    return files;
}

TEST(FileSender, WritesAReadableEmlNamedByTimeAndMessageId) {
    TempDir dir;
    std::string folder = dir.path() + "/var/outbox";  // created on first use
    FileSender sender(folder);
    std::string rendered =
        Render({"member@example.com", "가입을 환영합니다", "반갑습니다!\n"}, kFrom, "feedc0de", NowMicros());
    sender.Send("member@example.com", rendered);

    auto files = FilesIn(folder);
    ASSERT_EQ(files.size(), 1u);  // no temporary file left behind
    std::string name = files[0].filename().string();
    EXPECT_TRUE(std::regex_match(name, std::regex(R"(\d{8}T\d{6}\.\d{6}Z-feedc0de\.eml)"))) << name;
    EXPECT_EQ(ReadFile(files[0]), rendered);
    struct stat info {};
    ASSERT_EQ(::stat(files[0].c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);

    ReceivedMail mail;
    mail.data = ReadFile(files[0]);
    EXPECT_EQ(DecodeHeaderValue(mail.Header("Subject")), "가입을 환영합니다");
    EXPECT_EQ(Base64Decode(mail.Body()), "반갑습니다!\r\n");
}

TEST(FileSender, IsWhatMakeSenderGivesWithoutAnSmtpUrl) {
    TempDir dir;
    auto sender = MakeSender("", kFrom, dir.path());
    auto* file_sender = dynamic_cast<FileSender*>(sender.get());
    ASSERT_NE(file_sender, nullptr);
    EXPECT_EQ(fs::path(file_sender->folder()), fs::path(dir.path()) / "outbox");
    EXPECT_NE(dynamic_cast<SmtpSender*>(MakeSender("smtp://127.0.0.1:25", kFrom, dir.path()).get()), nullptr);
}

TEST(SmtpSender, DeliversWithTheEnvelopeSenderTakenFromMailFrom) {
    SmtpSink sink;
    SmtpSender sender(sink.url(), kFrom);
    std::string rendered =
        Render({"member@example.com", "운동 알림", "오늘 운동: 스쿼트 5x5"}, kFrom, "m1", NowMicros());
    sender.Send("member@example.com", rendered);
    ASSERT_TRUE(sink.WaitForCount(1));
    ReceivedMail mail = sink.Received().at(0);
    EXPECT_EQ(mail.mail_from, "no-reply@spotter.example");
    EXPECT_EQ(mail.rcpt_to, std::vector<std::string>{"member@example.com"});
    EXPECT_EQ(mail.data, rendered);
}

TEST(SmtpSender, AuthenticatesWithPercentDecodedCredentials) {
    SmtpSink sink({.user = "mailer@spotter.example", .password = "p@ss:w/rd%"});
    std::string url = "smtp://mailer%40spotter.example:p%40ss%3Aw%2Frd%25@127.0.0.1:" + std::to_string(sink.port());
    SmtpSender sender(url, kFrom);
    EXPECT_EQ(sender.url_for_logs(), "smtp://127.0.0.1:" + std::to_string(sink.port()));
    sender.Send("member@example.com", Render({"member@example.com", "hi", "x"}, kFrom, "m2", NowMicros()));
    ASSERT_TRUE(sink.WaitForCount(1));
    EXPECT_EQ(sink.Received().at(0).login, "mailer@spotter.example");
}

TEST(SmtpSender, WrongPasswordFailsReadablyWithoutRevealingIt) {
    SmtpSink sink({.user = "mailer", .password = "right-password"});
    SmtpSender sender("smtp://mailer:wrong-password@127.0.0.1:" + std::to_string(sink.port()), kFrom);
    try {
        sender.Send("member@example.com", Render({"member@example.com", "hi", "x"}, kFrom, "m3", NowMicros()));
        FAIL() << "sent without authenticating";
    } catch (const std::runtime_error& e) {
        std::string what = e.what();
        EXPECT_EQ(what.find("wrong-password"), std::string::npos) << what;
        EXPECT_NE(what.find("smtp://127.0.0.1:"), std::string::npos) << what;
    }
    EXPECT_EQ(sink.Count(), 0u);
}

TEST(SmtpSender, ServerDownFailsWithAReadableMessage) {
    int port = testing::FreeTcpPort();
    SmtpSender sender("smtp://127.0.0.1:" + std::to_string(port), kFrom);
    try {
        sender.Send("member@example.com", Render({"member@example.com", "hi", "x"}, kFrom, "m4", NowMicros()));
        FAIL() << "nothing listens there";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(std::to_string(port)), std::string::npos) << e.what();
    }
}

TEST(SmtpSender, RefusesUnusableSettings) {
    EXPECT_THROW(SmtpSender("http://mail.example.com", kFrom), std::invalid_argument);
    EXPECT_THROW(SmtpSender("smtp://", kFrom), std::invalid_argument);
    EXPECT_THROW(SmtpSender("not a url", kFrom), std::invalid_argument);
    EXPECT_THROW(SmtpSender("smtp://127.0.0.1:25", "Spotter"), std::invalid_argument);
    SmtpSender sender("smtps://u:secret@smtp.example.com:465", kFrom);
    EXPECT_EQ(sender.url_for_logs(), "smtps://smtp.example.com:465");
    EXPECT_EQ(SmtpSender("smtps://smtp.example.com", kFrom).url_for_logs(), "smtps://smtp.example.com:465");
    EXPECT_THROW(sender.Send("a@example.com\r\nRCPT TO:<b@example.com>", "x"), std::invalid_argument);
}

}  // namespace
}  // namespace spotter::mail
