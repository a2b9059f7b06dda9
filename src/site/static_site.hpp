// File: site/static_site.hpp
//
// Serves the built web app (web/dist) at / with history fallback: a path without a file extension that is not
// a file gets index.html, so client-side routes survive a reload. Hashed assets under /assets/ and files in a
// versioned folder (vendor/mediapipe/pose-0.5.1675469404/...) are cached for a year as immutable; other files for
// an hour; index.html is revalidated every time (ETag). Files are read once and kept in memory with their gzip.
// Content types cover the pose model's files: .wasm is application/wasm (WebAssembly.instantiateStreaming needs
// it), .data/.tflite/.binarypb are application/octet-stream.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/message.hpp"

namespace spotter::site {

class StaticSite {
public:
    // root: the folder holding index.html. An empty or missing folder serves a page explaining how to build it.
    explicit StaticSite(std::string root);

    bool available() const { return available_; }
    const std::string& root() const { return root_; }

    // GET/HEAD of a path outside the API.
    http::Response Serve(const http::Request& request);

    // The Content-Type for a file name, by extension.
    static std::string ContentTypeFor(const std::string& name);

private:
    struct File {
        std::string content;
        std::string gzip;  // empty when not worth it
        std::string content_type;
        std::string etag;
    };
    std::shared_ptr<const File> Load(const std::string& relative);
    http::Response Respond(const http::Request& request, const File& file, const std::string& cache_control);

    std::string root_;
    bool available_ = false;
    std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const File>> cache_;
};

// The security policy for HTML pages served by Spotter (the web app and the API docs).
extern const char* const kHtmlContentSecurityPolicy;

// Finds the web app: `configured` when set, else web/dist next to the binary's source tree or the working folder.
std::string LocateWebDir(const std::string& configured, const std::string& executable_path);

}  // namespace spotter::site
