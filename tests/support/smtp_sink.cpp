#include "support/smtp_sink.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#ifndef SPOTTER_SMTP_SINK_SCRIPT
#error "SPOTTER_SMTP_SINK_SCRIPT must name tests/support/smtp_sink.py"
#endif

namespace spotter::testing {

namespace {

namespace fs = std::filesystem;

constexpr const char* kPython = "/usr/bin/python3";  // Debian's, which has python3-aiosmtpd
constexpr auto kStartDeadline = std::chrono::seconds(30);
constexpr int kStartTries = 5;

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

int FreeTcpPort() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        throw std::runtime_error("could not find a free port");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

std::string ReceivedMail::Header(const std::string& name) const {
    std::size_t end = data.find("\r\n\r\n");
    std::string headers = data.substr(0, end == std::string::npos ? data.size() : end + 2);
    std::string lower_name = name;
    std::transform(lower_name.begin(), lower_name.end(), lower_name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::size_t pos = 0;
    while (pos < headers.size()) {
        std::size_t line_end = headers.find("\r\n", pos);
        if (line_end == std::string::npos) line_end = headers.size();
        std::string line = headers.substr(pos, line_end - pos);
        pos = line_end + 2;
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string key = line.substr(0, colon);
        std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
        if (key != lower_name) continue;
        std::string value = line.substr(colon + 1);
        while (pos < headers.size() && (headers[pos] == ' ' || headers[pos] == '\t')) {
            std::size_t next = headers.find("\r\n", pos);
            if (next == std::string::npos) next = headers.size();
            value += headers.substr(pos, next - pos);
            pos = next + 2;
        }
        std::size_t first = value.find_first_not_of(" \t");
        return first == std::string::npos ? std::string() : value.substr(first);
    }
    return {};
}

std::string ReceivedMail::Body() const {
    std::size_t end = data.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : data.substr(end + 4);
}

SmtpSink::SmtpSink(SmtpSinkOptions options) : options_(std::move(options)) {
    std::string output;
    for (int attempt = 1; attempt <= kStartTries; ++attempt) {
        int port = options_.port ? options_.port : FreeTcpPort();
        if (TryStart(port, output)) {
            port_ = port;
            return;
        }
        // A fixed port is the test's choice; a free port may have been taken meanwhile, so try another.
        if (options_.port || output.find("in use") == std::string::npos) break;
    }
    throw std::runtime_error("the SMTP sink did not start: " + output);
}

SmtpSink::~SmtpSink() { Stop(); }

std::string SmtpSink::url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

bool SmtpSink::TryStart(int port, std::string& output) {
    fs::path log = fs::path(folder_.path()) / "sink.log";
    int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int in_pipe[2], out_pipe[2];
    if (log_fd < 0 || ::pipe2(in_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe() failed");
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe() failed");

    std::vector<std::string> args = {kPython, SPOTTER_SMTP_SINK_SCRIPT, std::to_string(port), folder_.path()};
    if (!options_.user.empty()) {
        args.insert(args.end(), {"--user", options_.user, "--password", options_.password});
    }
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork() failed");
    if (pid == 0) {
        // Only async-signal-safe calls between fork and exec.
        ::dup2(in_pipe[0], 0);
        ::dup2(out_pipe[1], 1);
        ::dup2(log_fd, 2);
        ::execv(kPython, argv.data());
        ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(log_fd);

    std::string seen;
    auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
    bool ready = false;
    while (!ready && std::chrono::steady_clock::now() < deadline) {
        pollfd pfd{out_pipe[0], POLLIN, 0};
        if (::poll(&pfd, 1, 100) <= 0) continue;
        char buffer[256];
        ssize_t n = ::read(out_pipe[0], buffer, sizeof buffer);
        if (n <= 0) break;  // the server exited
        seen.append(buffer, static_cast<std::size_t>(n));
        ready = seen.find("ready\n") != std::string::npos;
    }
    pid_ = pid;
    stdin_fd_ = in_pipe[1];
    stdout_fd_ = out_pipe[0];
    if (ready) return true;
    Stop();
    output = seen + ReadFile(log);
    return false;
}

void SmtpSink::Stop() {
    if (pid_ > 0) {
        ::close(stdin_fd_);  // end of file on the server's stdin: it stops and exits
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        int status = 0;
        while (::waitpid(pid_, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(pid_, SIGKILL);
                ::waitpid(pid_, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ::close(stdout_fd_);
    }
    pid_ = -1;
    stdin_fd_ = stdout_fd_ = -1;
}

std::vector<ReceivedMail> SmtpSink::Received() const {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder_.path())) {
        if (entry.path().extension() == ".eml" && entry.path().filename().string().front() != '.') {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<ReceivedMail> mails;
    for (const auto& file : files) {
        ReceivedMail mail;
        mail.data = ReadFile(file);
        auto meta = nlohmann::json::parse(ReadFile(fs::path(file).replace_extension(".json")));
        mail.mail_from = meta.value("mail_from", "");
        mail.login = meta.value("login", "");
        for (const auto& to : meta.at("rcpt_to")) mail.rcpt_to.push_back(to.get<std::string>());
        mails.push_back(std::move(mail));
    }
    return mails;
}

std::size_t SmtpSink::Count() const {
    std::size_t n = 0;
    for (const auto& entry : fs::directory_iterator(folder_.path())) {
        if (entry.path().extension() == ".eml" && entry.path().filename().string().front() != '.') ++n;
    }
    return n;
}

bool SmtpSink::WaitForCount(std::size_t count, std::chrono::milliseconds timeout) const {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (Count() < count) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace spotter::testing
