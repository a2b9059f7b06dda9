// File: tests/support/http_client.hpp
// A small HTTP client for tests (libcurl): no redirects followed, no decompression unless asked.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace spotter::testing {

struct HttpResult {
    long status = 0;
    std::map<std::string, std::string> headers;  // lower-case names; last value wins
    std::string body;
    long new_connections = 0;  // connections opened for this request (0 when keep-alive reused one)

    nlohmann::json Json() const { return nlohmann::json::parse(body); }
    std::string Header(const std::string& lower_name) const {
        auto found = headers.find(lower_name);
        return found == headers.end() ? std::string() : found->second;
    }
    bool HasHeader(const std::string& lower_name) const { return headers.count(lower_name) > 0; }
};

class HttpClient {
public:
    explicit HttpClient(std::string base_url);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    HttpResult Request(const std::string& method, const std::string& path, const std::string& body = {},
                       const std::vector<std::string>& headers = {}, bool decompress = false);
    HttpResult Get(const std::string& path, const std::vector<std::string>& headers = {}) {
        return Request("GET", path, {}, headers);
    }
    HttpResult PostJson(const std::string& path, const nlohmann::json& body, const std::vector<std::string>& headers = {});

private:
    std::string base_url_;
    void* curl_;  // CURL*, reused so keep-alive connections are reused
};

// Sends `raw` bytes on a new TCP connection and returns everything the server sends until it closes the
// connection or `timeout_ms` passes.
std::string RawExchange(int port, const std::string& raw, int timeout_ms = 3000);

}  // namespace spotter::testing
