#include "mail/sender.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include "common/clock.hpp"
#include "common/random.hpp"
#include "mail/message.hpp"

namespace spotter::mail {

namespace {

constexpr long kConnectTimeoutSeconds = 10;
constexpr long kTotalTimeoutSeconds = 30;

void InitCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl failed to start");
    });
}

// A part of a parsed URL; empty when the URL has none. `flags` as for curl_url_get.
std::string UrlPart(CURLU* url, CURLUPart part, unsigned flags = 0) {
    char* value = nullptr;
    if (curl_url_get(url, part, &value, flags) != CURLUE_OK || value == nullptr) return {};
    std::string out = value;
    curl_free(value);
    return out;
}

// Feeds the message to libcurl's upload.
struct Upload {
    std::string_view data;
    std::size_t offset = 0;
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
    std::memcpy(buffer, upload->data.data() + upload->offset, n);
    upload->offset += n;
    return n;
}

// The value of the first header named `name` (case-insensitive) in the header block of `message`, unfolded.
std::string HeaderOf(const std::string& message, std::string_view name) {
    std::size_t end = message.find("\r\n\r\n");
    std::string_view headers(message.data(), end == std::string::npos ? message.size() : end);
    std::size_t pos = 0;
    while (pos < headers.size()) {
        std::size_t line_end = headers.find("\r\n", pos);
        if (line_end == std::string_view::npos) line_end = headers.size();
        std::string_view line = headers.substr(pos, line_end - pos);
        pos = line_end + 2;
        if (line.size() <= name.size() || line[name.size()] != ':') continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i) {
            same =
                std::tolower(static_cast<unsigned char>(line[i])) == std::tolower(static_cast<unsigned char>(name[i]));
        }
        if (!same) continue;
        std::string value(line.substr(name.size() + 1));
        while (pos < headers.size() && (headers[pos] == ' ' || headers[pos] == '\t')) {  // folded continuation
            std::size_t next_end = headers.find("\r\n", pos);
            if (next_end == std::string_view::npos) next_end = headers.size();
            value += headers.substr(pos, next_end - pos);
            pos = next_end + 2;
        }
        std::size_t first = value.find_first_not_of(" \t");
        return first == std::string::npos ? std::string() : value.substr(first);
    }
    return {};
}

// "20261121T122741.216523Z": sortable, and safe in a file name.
std::string FileTimestamp(std::int64_t micros) {
    std::time_t seconds = static_cast<std::time_t>(micros / 1'000'000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02dT%02d%02d%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(micros % 1'000'000));
    return buffer;
}

// The Message-ID's left part restricted to [A-Za-z0-9._-] (at most 64 characters), or random hex without one.
std::string FileId(const std::string& message) {
    std::string id = HeaderOf(message, "Message-ID");
    std::string out;
    for (char c : id.substr(0, id.find('@'))) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-') out += c;
        if (out.size() == 64) break;
    }
    return out.empty() || out.front() == '.' ? RandomHex(8) : out;
}

void WriteAll(int fd, const std::string& data, const std::string& path) {
    std::size_t offset = 0;
    while (offset < data.size()) {
        ssize_t n = ::write(fd, data.data() + offset, data.size() - offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error("mail: cannot write " + path + ": " + std::strerror(errno));
        offset += static_cast<std::size_t>(n);
    }
}

}  // namespace

SmtpSender::SmtpSender(const std::string& url, const std::string& mail_from) : envelope_from_(AddressOf(mail_from)) {
    InitCurlOnce();
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), curl_url_cleanup);
    if (!parsed) throw std::runtime_error("libcurl: out of memory");
    if (curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
        throw std::invalid_argument("SPOTTER_SMTP_URL: not a URL such as smtp://host:port");
    }
    std::string scheme = UrlPart(parsed.get(), CURLUPART_SCHEME);
    if (scheme != "smtp" && scheme != "smtps") {
        throw std::invalid_argument("SPOTTER_SMTP_URL: the scheme must be smtp:// or smtps://");
    }
    std::string host = UrlPart(parsed.get(), CURLUPART_HOST);
    if (host.empty()) throw std::invalid_argument("SPOTTER_SMTP_URL: the host is missing");
    std::string port = UrlPart(parsed.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
    std::string path = UrlPart(parsed.get(), CURLUPART_PATH);  // the EHLO domain, when given
    user_ = UrlPart(parsed.get(), CURLUPART_USER, CURLU_URLDECODE);
    password_ = UrlPart(parsed.get(), CURLUPART_PASSWORD, CURLU_URLDECODE);
    implicit_tls_ = scheme == "smtps";
    url_ = scheme + "://" + host + (port.empty() ? "" : ":" + port) + (path == "/" ? "" : path);
}

void SmtpSender::Send(const std::string& to, const std::string& rfc5322) {
    if (!IsValidAddress(to)) throw std::invalid_argument("mail: the recipient address is not valid");
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) throw std::runtime_error("libcurl: out of memory");
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
        curl_slist_append(nullptr, ("<" + to + ">").c_str()), curl_slist_free_all);
    std::string mail_from = "<" + envelope_from_ + ">";
    Upload upload{rfc5322};
    char error[CURL_ERROR_SIZE] = {0};

    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, kTotalTimeoutSeconds);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    if (!implicit_tls_) curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    if (!user_.empty()) {
        curl_easy_setopt(h, CURLOPT_USERNAME, user_.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, password_.c_str());
    }
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadMessage);
    curl_easy_setopt(h, CURLOPT_READDATA, &upload);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(rfc5322.size()));

    CURLcode result = curl_easy_perform(h);
    if (result == CURLE_OK) return;
    long reply = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
    std::string message = url_ + ": " + (error[0] ? std::string(error) : std::string(curl_easy_strerror(result)));
    if (reply > 0) message += " (last server reply " + std::to_string(reply) + ")";
    // libcurl does not echo credentials; this is a second line of defence for the logs and the outbox row.
    for (const std::string* secret : {&password_, &user_}) {
        if (secret->size() < 3) continue;
        for (auto pos = message.find(*secret); pos != std::string::npos; pos = message.find(*secret, pos + 3)) {
            message.replace(pos, secret->size(), "***");
        }
    }
    throw std::runtime_error(message);
}

FileSender::FileSender(std::string folder) : folder_(std::move(folder)) {}

void FileSender::Send(const std::string& to, const std::string& rfc5322) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(folder_, ec);
    if (ec) throw std::runtime_error("mail: cannot create " + folder_ + ": " + ec.message());
    std::string name = FileTimestamp(NowMicros()) + "-" + FileId(rfc5322) + ".eml";
    std::string path = (fs::path(folder_) / name).string();
    std::string temp = (fs::path(folder_) / ("." + name + "." + RandomHex(4) + ".tmp")).string();

    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("mail: cannot create " + temp + ": " + std::strerror(errno));
    try {
        WriteAll(fd, rfc5322, temp);
        if (::fsync(fd) != 0) throw std::runtime_error("mail: cannot write " + temp + ": " + std::strerror(errno));
    } catch (...) {
        ::close(fd);
        ::unlink(temp.c_str());
        throw;
    }
    ::close(fd);
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        int saved = errno;
        ::unlink(temp.c_str());
        throw std::runtime_error("mail: cannot rename to " + path + ": " + std::strerror(saved));
    }
    spdlog::info("mail to {} saved as {}: {}", to, path, DecodeHeaderValue(HeaderOf(rfc5322, "Subject")));
}

std::unique_ptr<Sender> MakeSender(const std::string& smtp_url, const std::string& mail_from,
                                   const std::string& var_dir) {
    if (smtp_url.empty()) return std::make_unique<FileSender>((std::filesystem::path(var_dir) / "outbox").string());
    return std::make_unique<SmtpSender>(smtp_url, mail_from);
}

}  // namespace spotter::mail
