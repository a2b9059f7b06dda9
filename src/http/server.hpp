// File: http/server.hpp
//
// The HTTP/1.1 server: Boost.Beast on Asio with C++20 coroutines, one strand per connection, keep-alive,
// header and per-route body limits, timeouts against slow or idle clients, and graceful shutdown. Blocking
// work (routes marked `blocking`) runs on a worker pool so the network threads never wait on a database.
// This header keeps Beast out of the rest of the code.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "http/dispatcher.hpp"
#include "http/websocket.hpp"

namespace spotter::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8000;  // 0: any free port (see Server::port)
    unsigned io_threads = 1;
    unsigned worker_threads = 4;
    std::size_t header_limit = 16 * 1024;
    std::chrono::seconds header_timeout{15};   // to receive a request's headers (also the keep-alive idle time)
    std::chrono::seconds body_timeout{60};     // to receive its body
    std::chrono::seconds write_timeout{60};    // to send the response
    std::chrono::seconds shutdown_grace{20};   // in-flight requests may finish within this after a stop signal
    // Set to true when a graceful stop begins (read by /readyz).
    std::shared_ptr<std::atomic<bool>> draining = std::make_shared<std::atomic<bool>>(false);
    // WebSocket endpoints, matched by exact path on upgrade requests.
    std::vector<std::shared_ptr<WebSocketService>> websockets;
};

class Server {
public:
    Server(ServerOptions options, const Dispatcher& dispatcher);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens. Throws std::runtime_error naming the address when that fails.
    void Listen();
    // The bound port (after Listen).
    std::uint16_t port() const;
    // Serves until Stop() or, when handle_signals, SIGINT/SIGTERM (a second signal stops at once).
    void Run(bool handle_signals);
    // Begins a graceful stop from any thread: stop accepting, close idle connections, let in-flight
    // requests finish within shutdown_grace, then return from Run.
    void Stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace spotter::http
