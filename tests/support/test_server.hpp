// File: tests/support/test_server.hpp
// The real Spotter application and HTTP server on an ephemeral port, in this process, for HTTP-level tests.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "app/application.hpp"
#include "config/config.hpp"
#include "http/server.hpp"
#include "support/test_database.hpp"

namespace spotter::testing {

struct TestServerOptions {
    std::function<void(config::Config&)> configure;             // adjust settings before start
    std::function<void(http::ServerOptions&)> server;           // adjust timeouts etc.
    std::function<void(http::Router&)> extra_routes;            // probe routes for the test
};

class TestServer {
public:
    explicit TestServer(TestServerOptions options = {});
    ~TestServer();

    int port() const { return port_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    app::Application& app() { return *app_; }
    const config::Config& config() const { return config_; }
    // Begins a graceful stop and waits until the server has stopped.
    void StopAndWait();

private:
    TestDatabase database_;
    config::Config config_;
    std::unique_ptr<app::Application> app_;
    std::unique_ptr<http::Server> server_;
    std::thread thread_;
    int port_ = 0;
};

}  // namespace spotter::testing
