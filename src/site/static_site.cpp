#include "site/static_site.hpp"

#include <sodium.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "common/random.hpp"
#include "http/dispatcher.hpp"

namespace spotter::site {

namespace fs = std::filesystem;

const char* const kHtmlContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'; media-src 'self' blob:; "
    "font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

namespace {

constexpr std::size_t kMaxCachedFile = 32 * 1024 * 1024;

const char* kNotBuiltPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Spotter</title></head>
<body><h1>Spotter</h1><p>The web app has not been built. Run <code>make build</code> (or <code>make run</code>),
or set SPOTTER_WEB_DIR to the folder holding its index.html.</p><p>The API is up: see <a href="/api/docs/">/api/docs/</a>.</p></body></html>
)";

// Rejects anything that could leave the root: "..", backslashes, NUL, empty segments are collapsed.
std::optional<std::string> SafeRelative(const std::string& path) {
    auto decoded = http::PercentDecode(path, false);
    if (!decoded || decoded->empty() || decoded->front() != '/') return std::nullopt;
    std::string out;
    std::stringstream stream(decoded->substr(1));
    std::string segment;
    while (std::getline(stream, segment, '/')) {
        if (segment.empty() || segment == ".") continue;
        if (segment == ".." || segment.find('\\') != std::string::npos || segment.front() == '.') return std::nullopt;
        if (!out.empty()) out += '/';
        out += segment;
    }
    return out;
}

// A folder named after a release ("pose-0.5.1675469404") holds files that never change under that name: the
// vendored libraries are copied into such folders, so a new version is a new URL.
bool InVersionedFolder(const std::string& relative) {
    std::size_t start = 0;
    for (std::size_t slash = relative.find('/'); slash != std::string::npos; slash = relative.find('/', start)) {
        std::string_view folder(relative.data() + start, slash - start);
        start = slash + 1;
        auto dash = folder.rfind('-');
        if (dash == std::string_view::npos || dash + 1 >= folder.size()) continue;
        std::string_view version = folder.substr(dash + 1);
        bool digits_and_dots =
            std::all_of(version.begin(), version.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
        bool dotted = version.find('.') != std::string_view::npos && version.front() != '.' && version.back() != '.';
        if (digits_and_dots && dotted) return true;
    }
    return false;
}

}  // namespace

StaticSite::StaticSite(std::string root) : root_(std::move(root)) {
    std::error_code ec;
    available_ = !root_.empty() && fs::is_regular_file(fs::path(root_) / "index.html", ec);
}

std::string StaticSite::ContentTypeFor(const std::string& name) {
    static const std::unordered_map<std::string, std::string> kTypes = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".webp", "image/webp"},
        {".gif", "image/gif"},
        {".ico", "image/x-icon"},
        {".wasm", "application/wasm"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".mp4", "video/mp4"},
        {".webm", "video/webm"},
        {".binarypb", "application/octet-stream"},
        {".tflite", "application/octet-stream"},
        {".data", "application/octet-stream"},
    };
    auto dot = name.rfind('.');
    if (dot != std::string::npos) {
        auto found = kTypes.find(name.substr(dot));
        if (found != kTypes.end()) return found->second;
    }
    return "application/octet-stream";
}

std::shared_ptr<const StaticSite::File> StaticSite::Load(const std::string& relative) {
    {
        std::lock_guard lock(mutex_);
        auto found = cache_.find(relative);
        if (found != cache_.end()) return found->second;
    }
    fs::path full = fs::path(root_) / relative;
    std::error_code ec;
    if (!fs::is_regular_file(full, ec)) return nullptr;
    auto size = fs::file_size(full, ec);
    if (ec || size > kMaxCachedFile) return nullptr;
    std::ifstream in(full, std::ios::binary);
    if (!in) return nullptr;
    auto file = std::make_shared<File>();
    file->content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    file->content_type = ContentTypeFor(relative);
    InitCrypto();
    unsigned char hash[12];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(file->content.data()),
                       file->content.size(), nullptr, 0);
    char hex[sizeof hash * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    file->etag = std::string("\"") + hex + "\"";
    bool text = file->content_type.starts_with("text/") || file->content_type.starts_with("application/json") ||
                file->content_type.starts_with("image/svg") || file->content_type.starts_with("application/wasm") ||
                file->content_type.starts_with("application/manifest");
    if (text && file->content.size() >= 1024) {
        std::string gz = http::Gzip(file->content, 9);
        if (!gz.empty() && gz.size() < file->content.size() * 9 / 10) file->gzip = std::move(gz);
    }
    std::lock_guard lock(mutex_);
    auto [it, inserted] = cache_.emplace(relative, std::move(file));
    return it->second;
}

http::Response StaticSite::Respond(const http::Request& request, const File& file, const std::string& cache_control) {
    http::Response response;
    response.With("ETag", file.etag).With("Cache-Control", cache_control);
    if (file.content_type.starts_with("text/html")) {
        response.With("Content-Security-Policy", kHtmlContentSecurityPolicy).With("X-Frame-Options", "DENY");
    }
    if (auto match = request.Header("if-none-match"); match && *match == file.etag) {
        response.status = 304;
        return response;
    }
    response.status = 200;
    response.content_type = file.content_type;
    if (!file.gzip.empty()) {
        response.With("Vary", "Accept-Encoding");
        auto accept = request.Header("accept-encoding");
        if (accept && accept->find("gzip") != std::string_view::npos) {
            response.body = file.gzip;
            response.With("Content-Encoding", "gzip");
            return response;
        }
    }
    response.body = file.content;
    return response;
}

http::Response StaticSite::Serve(const http::Request& request) {
    if (!available_) {
        http::Response response = http::Response::Text(200, kNotBuiltPage, "text/html; charset=utf-8");
        response.With("Cache-Control", "no-cache").With("Content-Security-Policy", kHtmlContentSecurityPolicy);
        return response;
    }
    auto relative = SafeRelative(request.path);
    if (!relative) throw ApiError(ErrorCode::kNotFound, "Not found.");
    if (!relative->empty()) {
        if (auto file = Load(*relative)) {
            bool immutable = relative->starts_with("assets/") || InVersionedFolder(*relative);
            return Respond(request, *file, immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600");
        }
        // A missing file with an extension is a real 404; anything else is a client-side route.
        auto last_slash = relative->rfind('/');
        std::string last = last_slash == std::string::npos ? *relative : relative->substr(last_slash + 1);
        if (last.find('.') != std::string::npos) throw ApiError(ErrorCode::kNotFound, "Not found.");
    }
    auto index = Load("index.html");
    if (!index) throw ApiError(ErrorCode::kNotFound, "Not found.");
    return Respond(request, *index, "no-cache");
}

std::string LocateWebDir(const std::string& configured, const std::string& executable_path) {
    if (!configured.empty()) return configured;
    std::error_code ec;
    std::vector<fs::path> candidates;
    if (!executable_path.empty()) {
        fs::path exe = fs::weakly_canonical(executable_path, ec);
        candidates.push_back(exe.parent_path() / "web");
        candidates.push_back(exe.parent_path().parent_path() / "web" / "dist");
    }
    candidates.push_back(fs::current_path(ec) / "web" / "dist");
    for (const auto& candidate : candidates) {
        if (fs::is_regular_file(candidate / "index.html", ec)) return candidate.string();
    }
    return {};
}

}  // namespace spotter::site
