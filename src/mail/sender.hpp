// File: mail/sender.hpp
//
// Where rendered messages go: an SMTP server (SmtpSender, libcurl) or, in development, .eml files in a folder
// (FileSender). Only the OutboxWorker calls a sender; requests never wait for one.
#pragma once

#include <memory>
#include <string>

namespace spotter::mail {

class Sender {
public:
    virtual ~Sender() = default;
    // Delivers `rfc5322` (a message made by Render) to the address `to`. Returns when the receiving side has
    // accepted it; throws std::runtime_error with a readable message (never containing credentials) otherwise.
    // May be called from several threads at once.
    virtual void Send(const std::string& to, const std::string& rfc5322) = 0;
};

// Sends through an SMTP server with libcurl. URL forms (SPOTTER_SMTP_URL):
//   smtp://host:port                 plain SMTP (STARTTLS when the server offers it)
//   smtp://user:pass@host:587        STARTTLS when offered, then AUTH
//   smtps://user:pass@host:465       implicit TLS
// User and password are percent-decoded and handed to libcurl separately; they are never logged or put into
// error messages. The envelope sender (MAIL FROM) is the address inside `mail_from` ("Spotter <no-reply@x>" ->
// no-reply@x). Each Send opens one connection: 10 s to connect, 30 s in total.
class SmtpSender : public Sender {
public:
    // Throws std::invalid_argument when `url` is not one of the forms above or `mail_from` holds no address.
    SmtpSender(const std::string& url, const std::string& mail_from);

    void Send(const std::string& to, const std::string& rfc5322) override;

    // The URL without credentials, e.g. "smtps://smtp.example.com:465".
    const std::string& url_for_logs() const { return url_; }

private:
    std::string url_;  // scheme://host:port[/path], without credentials
    std::string user_;
    std::string password_;
    bool implicit_tls_ = false;
    std::string envelope_from_;
};

// Writes each message to `<folder>/<UTC timestamp>-<message id>.eml` (a temporary file renamed into place, so a
// reader never sees half a message; mode 0600) and logs its recipient and subject at info level. The folder is
// created when missing. The development default when no SMTP URL is configured.
class FileSender : public Sender {
public:
    explicit FileSender(std::string folder);

    void Send(const std::string& to, const std::string& rfc5322) override;

    const std::string& folder() const { return folder_; }

private:
    std::string folder_;
};

// The sender the settings ask for: an SmtpSender for `smtp_url` (SPOTTER_SMTP_URL), or, when it is empty, a
// FileSender writing to `<var_dir>/outbox`. Throws std::invalid_argument as SmtpSender does.
std::unique_ptr<Sender> MakeSender(const std::string& smtp_url, const std::string& mail_from,
                                   const std::string& var_dir);

}  // namespace spotter::mail
