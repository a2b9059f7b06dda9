// File: http/websocket.hpp
//
// WebSocket endpoints without Beast: a service decides whether to accept an upgrade and creates a handler per
// connection; the server (server.cpp) owns the socket, reads messages one at a time and hands each to the handler
// on the worker pool, in order, so handlers may block on the database. Handlers send through the Connection,
// which queues messages for the network thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace spotter::http {

class WebSocketConnection {
public:
    virtual ~WebSocketConnection() = default;
    // Queues a text (JSON) message. Thread-safe; never blocks.
    virtual void SendText(std::string text) = 0;
    // Closes after the queued messages are sent, with a close code (1000 normal, 1008 policy, 4401 not
    // authenticated...) and a short reason.
    virtual void Close(int code, std::string reason) = 0;
};

class WebSocketHandler {
public:
    virtual ~WebSocketHandler() = default;
    virtual void OnText(std::string_view message) = 0;
    virtual void OnBinary(std::string_view message) = 0;
    // The connection ended (either side, or the server is stopping).
    virtual void OnClose() = 0;
};

struct WebSocketLimits {
    std::size_t max_message_bytes = 64 * 1024;
    double max_messages_per_second = 120;  // sustained; bursts of twice that are allowed
    int idle_timeout_seconds = 60;
};

class WebSocketService {
public:
    virtual ~WebSocketService() = default;
    virtual const std::string& path() const = 0;
    virtual WebSocketLimits limits() const { return {}; }
    // Throws ApiError to refuse the upgrade with an HTTP error (e.g. a disallowed Origin).
    virtual void CheckUpgrade(const Request& request) = 0;
    virtual std::unique_ptr<WebSocketHandler> Open(const Request& request, std::shared_ptr<WebSocketConnection> connection) = 0;
};

}  // namespace spotter::http
