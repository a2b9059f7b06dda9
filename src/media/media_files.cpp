#include "media/media_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "common/random.hpp"

namespace spotter::media {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxRelativePath = 1024;

// Closes a descriptor on every path out.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

private:
    int fd_;
};

[[noreturn]] void ThrowErrno(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

void WriteAll(int fd, std::string_view bytes, const std::string& what) {
    while (!bytes.empty()) {
        ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            ThrowErrno(what);
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
}

bool Within(const fs::path& root, const fs::path& candidate) {
    auto [root_end, candidate_it] = std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
    return root_end == root.end() && candidate_it != candidate.end();
}

}  // namespace

bool IsSafeRelativePath(std::string_view relative) {
    if (relative.empty() || relative.size() > kMaxRelativePath) return false;
    std::size_t start = 0;
    while (start <= relative.size()) {
        auto slash = relative.find('/', start);
        std::string_view segment =
            relative.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (segment.empty() || segment.front() == '.') return false;  // also "." and ".."
        for (char c : segment) {
            auto byte = static_cast<unsigned char>(c);
            if (byte < 0x20 || byte == 0x7F || c == '\\') return false;
        }
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return true;
}

std::optional<std::string> MediaContentType(std::string_view name) {
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos || name.find('/', dot) != std::string_view::npos) return std::nullopt;
    std::string extension(name.substr(dot + 1));
    for (char& c : extension) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (extension == "webp") return "image/webp";
    if (extension == "jpg" || extension == "jpeg") return "image/jpeg";
    if (extension == "png") return "image/png";
    if (extension == "gif") return "image/gif";
    if (extension == "mp4") return "video/mp4";
    if (extension == "webm") return "video/webm";
    return std::nullopt;
}

void WriteFileAtomically(const std::string& dir, const std::string& name, std::string_view bytes) {
    WriteFileAtomically(dir, name, bytes, nullptr);
}

void WriteFileAtomically(const std::string& dir, const std::string& name, std::string_view bytes,
                         const std::function<void(const std::string& temporary_path)>& check) {
    if (!IsSafeRelativePath(name) || name.find('/') != std::string::npos) {
        throw std::invalid_argument("not a plain file name: " + name);
    }
    Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir_fd.get() < 0) ThrowErrno("open " + dir);
    const std::string temp = ".tmp-" + RandomHex(12);
    Fd file(::openat(dir_fd.get(), temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (file.get() < 0) ThrowErrno("create " + dir + "/" + temp);
    try {
        WriteAll(file.get(), bytes, "write " + dir + "/" + temp);
        if (::fsync(file.get()) != 0) ThrowErrno("fsync " + dir + "/" + temp);
        if (::close(file.release()) != 0) ThrowErrno("close " + dir + "/" + temp);
        if (check) check(dir + "/" + temp);
        // RENAME_NOREPLACE: a name is never reused, and an existing file is never replaced.
        if (::renameat2(dir_fd.get(), temp.c_str(), dir_fd.get(), name.c_str(), RENAME_NOREPLACE) != 0) {
            if (errno != EINVAL) ThrowErrno("rename to " + dir + "/" + name);
            // A file system without renameat2 flags: link() refuses an existing target too.
            if (::linkat(dir_fd.get(), temp.c_str(), dir_fd.get(), name.c_str(), 0) != 0) {
                ThrowErrno("link to " + dir + "/" + name);
            }
            ::unlinkat(dir_fd.get(), temp.c_str(), 0);
        }
    } catch (...) {
        ::unlinkat(dir_fd.get(), temp.c_str(), 0);
        throw;
    }
    ::fsync(dir_fd.get());
}

bool DeleteStored(const std::string& media_dir, const std::string& relative_path) {
    if (!IsSafeRelativePath(relative_path)) throw std::invalid_argument("not a media path: " + relative_path);
    std::error_code ec;
    fs::path root = fs::canonical(media_dir, ec);
    if (ec) return false;  // no media folder, so no such file
    fs::path full = root / relative_path;
    // The folders on the way must resolve inside the media folder; the file itself is never followed.
    fs::path parent = fs::weakly_canonical(full.parent_path(), ec);
    if (ec || !(parent == root || Within(root, parent))) {
        throw std::invalid_argument("media path outside the media folder: " + relative_path);
    }
    fs::path target = parent / full.filename();
    struct stat info {};
    if (::lstat(target.c_str(), &info) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return false;
        ThrowErrno("stat " + target.string());
    }
    if (S_ISDIR(info.st_mode)) throw std::invalid_argument("not a file: " + relative_path);
    if (::unlink(target.c_str()) != 0) {
        if (errno == ENOENT) return false;
        ThrowErrno("delete " + target.string());
    }
    return true;
}

}  // namespace spotter::media
