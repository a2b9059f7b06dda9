#include "support/test_server.hpp"

#include <spdlog/spdlog.h>

#include "common/random.hpp"

namespace spotter::testing {

TestServer::TestServer(TestServerOptions options) {
    // Test output shows failures, not each applied migration or saved e-mail.
    spdlog::set_level(spdlog::level::warn);
    config_.bind_host = "127.0.0.1";
    config_.bind_port = 0;
    config_.database_url = database_.url();
    config_.media_dir = database_.folder() + "/media";
    config_.var_dir = database_.folder() + "/var";
    config_.secret_key = RandomHex(32);
    config_.web_dir = database_.folder() + "/no-web-app";
    config_.access_log = false;
    config_.io_threads = 2;
    config_.worker_threads = 4;
    if (options.configure) options.configure(config_);
    app_ = app::Application::Create(config_, "", true, options.extra_routes);
    http::ServerOptions server_options = app::ServerOptionsFor(config_, *app_);
    if (options.server) options.server(server_options);
    server_ = std::make_unique<http::Server>(server_options, app_->dispatcher());
    server_->Listen();
    port_ = server_->port();
    thread_ = std::thread([this] { server_->Run(false); });
}

void TestServer::StopAndWait() {
    if (!thread_.joinable()) return;
    server_->Stop();
    thread_.join();
}

TestServer::~TestServer() { StopAndWait(); }

}  // namespace spotter::testing
