// File: tests/support/smtp_sink.hpp
//
// A real SMTP server for tests: tests/support/smtp_sink.py (Debian's python3-aiosmtpd, run by /usr/bin/python3)
// on 127.0.0.1, saving every message it accepts to a temporary folder, which these helpers read back.
//
//   SmtpSink sink;                                   // started on a free port; ready to accept
//   mail::SmtpSender sender(sink.url(), "Spotter <no-reply@example.com>");
//   ...
//   ASSERT_TRUE(sink.WaitForCount(1));
//   ReceivedMail mail = sink.Received().at(0);
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/test_database.hpp"

namespace spotter::testing {

struct ReceivedMail {
    std::string mail_from;             // envelope sender (MAIL FROM)
    std::vector<std::string> rcpt_to;  // envelope recipients (RCPT TO)
    std::string login;                 // the user the client authenticated as; empty without AUTH
    std::string data;                  // the message as received (headers, blank line, body; CRLF line breaks)

    // The first header called `name` (case-insensitive), unfolded, without the leading space; empty when absent.
    std::string Header(const std::string& name) const;
    // Everything after the blank line that ends the headers.
    std::string Body() const;
};

struct SmtpSinkOptions {
    int port = 0;      // 0: a free port
    std::string user;  // when set, AUTH with user/password is required
    std::string password;
};

class SmtpSink {
public:
    // Starts the server and waits until it listens. Throws std::runtime_error (with the server's output) when it
    // does not start; with port 0 a port taken meanwhile by someone else is retried with another one.
    explicit SmtpSink(SmtpSinkOptions options = {});
    ~SmtpSink();
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    int port() const { return port_; }
    // "smtp://127.0.0.1:<port>"
    std::string url() const;
    // The messages received so far, in order of arrival.
    std::vector<ReceivedMail> Received() const;
    std::size_t Count() const;
    // Waits until at least `count` messages arrived; false when `timeout` passed first.
    bool WaitForCount(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;
    // Stops the server (no more connections are accepted). Safe to call more than once.
    void Stop();

private:
    bool TryStart(int port, std::string& output);

    SmtpSinkOptions options_;
    TempDir folder_;
    int port_ = 0;
    pid_t pid_ = -1;
    int stdin_fd_ = -1;  // closing it tells the server to exit
    int stdout_fd_ = -1;
};

// A TCP port on 127.0.0.1 that nothing listened on a moment ago.
int FreeTcpPort();

}  // namespace spotter::testing
