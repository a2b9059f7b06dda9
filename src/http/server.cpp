// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <chrono>
#include <ctime>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

namespace spotter::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

using WebSocketStream = beast::websocket::stream<beast::tcp_stream>;

// How long a connection whose request was refused before its body was read keeps reading (and discarding) before
// it closes, so the client sees the answer rather than a reset.
constexpr auto kLingerTime = std::chrono::seconds(3);

struct Connection {
    explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
    beast::tcp_stream stream;
    std::atomic<bool> idle{true};
    std::shared_ptr<WebSocketStream> websocket;  // set once upgraded; the stream above is then moved-from
};

// Messages a handler sends, queued under a lock (handlers run on the worker pool) and written by the connection's
// coroutine after each handler call.
class QueuedConnection : public WebSocketConnection {
public:
    void SendText(std::string text) override {
        std::lock_guard lock(mutex_);
        if (!closing_) queue_.push_back(std::move(text));
    }
    void Close(int code, std::string reason) override {
        std::lock_guard lock(mutex_);
        if (closing_) return;
        closing_ = true;
        close_code_ = code;
        close_reason_ = std::move(reason);
    }
    std::vector<std::string> Take() {
        std::lock_guard lock(mutex_);
        std::vector<std::string> out;
        out.swap(queue_);
        return out;
    }
    bool closing() {
        std::lock_guard lock(mutex_);
        return closing_;
    }
    std::pair<int, std::string> close_reason() {
        std::lock_guard lock(mutex_);
        return {close_code_, close_reason_};
    }

private:
    std::mutex mutex_;
    std::vector<std::string> queue_;
    bool closing_ = false;
    int close_code_ = 1000;
    std::string close_reason_;
};

// "Sat, 21 Nov 2026 12:00:00 GMT", formatted once per second per thread.
const std::string& HttpDate() {
    thread_local std::time_t cached_second = 0;
    thread_local std::string cached;
    std::time_t now = std::time(nullptr);
    if (now != cached_second) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        char buffer[64];
        std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        cached = buffer;
        cached_second = now;
    }
    return cached;
}

bool Quiet(const beast::error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout ||
           ec == net::error::connection_reset || ec == net::error::eof || ec == net::error::broken_pipe ||
           ec == net::error::bad_descriptor || ec == bhttp::error::partial_message;
}

Request ToRequest(bhttp::request<bhttp::string_body>&& message, const std::string& remote) {
    Request request;
    request.method = ParseMethod(std::string_view(message.method_string().data(), message.method_string().size()));
    std::string_view target(message.target().data(), message.target().size());
    auto question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
    request.headers.reserve(16);
    for (const auto& field : message) {
        std::string name(field.name_string().data(), field.name_string().size());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        request.headers.emplace_back(std::move(name), std::string(field.value().data(), field.value().size()));
    }
    request.body = std::move(message.body());
    request.remote_address = remote;
    return request;
}

// A Beast body that sends a FileSlice in pieces read as the socket takes them.
struct FileSliceBody {
    using value_type = std::shared_ptr<const FileSlice>;

    static std::uint64_t size(const value_type& body) { return body->length(); }

    class writer {
    public:
        using const_buffers_type = net::const_buffer;

        template <bool isRequest, class Fields>
        writer(const bhttp::header<isRequest, Fields>&, const value_type& body) : body_(*body) {}

        void init(beast::error_code& ec) { ec = {}; }

        boost::optional<std::pair<const_buffers_type, bool>> get(beast::error_code& ec) {
            ec = {};
            if (sent_ == body_.length()) return boost::none;
            std::size_t got = 0;
            try {
                got = body_.Read(sent_, buffer_.data(), buffer_.size());
            } catch (const std::system_error& e) {
                ec = beast::error_code(e.code().value(), boost::system::generic_category());
                return boost::none;
            }
            if (got == 0) {  // shorter than announced: the connection must end
                ec = bhttp::error::short_read;
                return boost::none;
            }
            sent_ += got;
            return std::pair{net::const_buffer(buffer_.data(), got), sent_ < body_.length()};
        }

    private:
        const FileSlice& body_;
        std::uint64_t sent_ = 0;
        std::array<char, 64 * 1024> buffer_;
    };
};

template <class Body>
void FillHeader(bhttp::response<Body>& out, const Response& response, bool keep_alive) {
    out.set(bhttp::field::server, "Spotter");
    out.set(bhttp::field::date, HttpDate());
    if (!response.content_type.empty()) out.set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) out.insert(name, value);
    out.keep_alive(keep_alive);
}

}  // namespace

// One io_context per network thread, each run by exactly one thread: a connection lives on one context, so its
// handlers never hop threads and need no strand or lock (the acceptor hands sockets out round-robin).
struct Server::Impl {
    Impl(ServerOptions opts, const Dispatcher& d)
        : options(std::move(opts)),
          dispatcher(d),
          contexts(MakeContexts(options.io_threads)),
          ioc(*contexts.front()),
          workers(options.worker_threads ? options.worker_threads : 1),
          acceptor(ioc),
          grace_timer(ioc),
          signals(ioc) {}

    static std::vector<std::unique_ptr<net::io_context>> MakeContexts(unsigned count) {
        std::vector<std::unique_ptr<net::io_context>> made;
        for (unsigned i = 0; i < std::max(1u, count); ++i) made.push_back(std::make_unique<net::io_context>(1));
        return made;
    }

    void StopAll() {
        for (auto& context : contexts) context->stop();
    }

    ServerOptions options;
    const Dispatcher& dispatcher;
    std::vector<std::unique_ptr<net::io_context>> contexts;
    net::io_context& ioc;  // the first context: acceptor, signals, shutdown timer
    std::size_t next_context = 0;
    net::thread_pool workers;
    tcp::acceptor acceptor;
    net::steady_timer grace_timer;
    net::signal_set signals;
    std::mutex connections_mutex;
    std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;
    bool stopping = false;  // guarded by running on ioc (BeginShutdown is posted)

    net::awaitable<void> Accept() {
        for (;;) {
            beast::error_code ec;
            net::io_context& target = *contexts[next_context++ % contexts.size()];
            tcp::socket socket = co_await acceptor.async_accept(target, net::redirect_error(net::use_awaitable, ec));
            if (ec) {
                if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
                spdlog::warn("accept failed: {}", ec.message());
                continue;
            }
            socket.set_option(tcp::no_delay(true), ec);
            auto connection = std::make_shared<Connection>(std::move(socket));
            {
                std::lock_guard lock(connections_mutex);
                connections.emplace(connection.get(), connection);
            }
            auto executor = connection->stream.get_executor();
            net::co_spawn(executor, Session(connection), [this, raw = connection.get()](std::exception_ptr error) {
                if (error) {
                    try {
                        std::rethrow_exception(error);
                    } catch (const std::exception& e) {
                        spdlog::error("connection ended by an error: {}", e.what());
                    }
                }
                Forget(raw);
            });
        }
    }

    void Forget(Connection* raw) {
        bool last = false;
        {
            std::lock_guard lock(connections_mutex);
            connections.erase(raw);
            last = connections.empty();
        }
        if (last && options.draining->load()) net::post(ioc, [this] { StopAll(); });
    }

    template <class F>
    net::awaitable<Response> Offload(F f) {
        co_return co_await net::co_spawn(
            workers.get_executor(), [f = std::move(f)]() mutable -> net::awaitable<Response> { co_return f(); },
            net::use_awaitable);
    }

    WebSocketService* FindWebSocket(std::string_view path) {
        for (auto& service : options.websockets) {
            if (service->path() == path) return service.get();
        }
        return nullptr;
    }

    // Runs an upgraded connection: messages are handled one at a time, in order, on the worker pool; what the
    // handler queued is written after each; a flood of messages or an oversized one closes with 1008.
    net::awaitable<void> ServeWebSocket(std::shared_ptr<Connection> connection, bhttp::request<bhttp::string_body> upgrade,
                                        Request request, WebSocketService& service) {
        beast::error_code ec;
        WebSocketLimits limits = service.limits();
        auto ws = std::make_shared<WebSocketStream>(std::move(connection->stream));
        connection->websocket = ws;
        beast::get_lowest_layer(*ws).expires_never();
        beast::websocket::stream_base::timeout timeout{};
        timeout.handshake_timeout = std::chrono::seconds(30);
        timeout.idle_timeout = std::chrono::seconds(limits.idle_timeout_seconds);
        timeout.keep_alive_pings = true;
        ws->set_option(timeout);
        ws->read_message_max(limits.max_message_bytes);
        ws->set_option(beast::websocket::stream_base::decorator(
            [](beast::websocket::response_type& response) { response.set(bhttp::field::server, "Spotter"); }));
        co_await ws->async_accept(upgrade, net::redirect_error(net::use_awaitable, ec));
        if (ec) co_return;
        auto outbox = std::make_shared<QueuedConnection>();
        std::unique_ptr<WebSocketHandler> handler;
        co_await Offload([&] {
            handler = service.Open(request, outbox);
            return Response{};
        });
        auto flush = [&]() -> net::awaitable<bool> {
            for (auto& text : outbox->Take()) {
                ws->text(true);
                co_await ws->async_write(net::buffer(text), net::redirect_error(net::use_awaitable, ec));
                if (ec) co_return false;
            }
            co_return true;
        };
        // Token bucket: a sustained rate with bursts of twice that.
        double tokens = limits.max_messages_per_second * 2;
        auto last = std::chrono::steady_clock::now();
        bool open = co_await flush();
        std::pair<int, std::string> close{1000, ""};
        while (open && handler && !outbox->closing()) {
            beast::flat_buffer buffer;
            co_await ws->async_read(buffer, net::redirect_error(net::use_awaitable, ec));
            if (ec) {
                if (ec == beast::websocket::error::message_too_big) close = {1009, "message too big"};
                open = ec != beast::websocket::error::closed && ec != net::error::operation_aborted &&
                       close.first != 1000;
                if (ec == net::error::operation_aborted && options.draining->load()) {
                    close = {1001, "server restarting"};
                    open = true;
                }
                break;
            }
            auto now = std::chrono::steady_clock::now();
            tokens = std::min(limits.max_messages_per_second * 2,
                              tokens + std::chrono::duration<double>(now - last).count() * limits.max_messages_per_second);
            last = now;
            if (tokens < 1) {
                outbox->Close(1008, "too many messages");
                break;
            }
            tokens -= 1;
            std::string data = beast::buffers_to_string(buffer.data());
            bool text = ws->got_text();
            co_await Offload([&] {
                if (text) {
                    handler->OnText(data);
                } else {
                    handler->OnBinary(data);
                }
                return Response{};
            });
            open = co_await flush();
        }
        if (handler) {
            co_await Offload([&] {
                handler->OnClose();
                return Response{};
            });
        }
        if (open) {
            co_await flush();
            if (outbox->closing()) close = outbox->close_reason();
            beast::websocket::close_reason reason(static_cast<beast::websocket::close_code>(close.first));
            reason.reason = close.second;
            co_await ws->async_close(reason, net::redirect_error(net::use_awaitable, ec));
        }
    }

    net::awaitable<std::size_t> Write(Connection& connection, Response& response, bool head, bool keep_alive,
                                      unsigned version) {
        beast::error_code ec;
        connection.stream.expires_after(options.write_timeout);
        std::size_t bytes = 0;
        auto status = static_cast<bhttp::status>(response.status);
        if (head) {
            bhttp::response<bhttp::empty_body> out{status, version};
            FillHeader(out, response, keep_alive);
            out.content_length(response.PayloadSize());
            bytes = co_await bhttp::async_write(connection.stream, out, net::redirect_error(net::use_awaitable, ec));
        } else if (response.file) {
            bhttp::response<FileSliceBody> out{status, version};
            FillHeader(out, response, keep_alive);
            out.body() = response.file;
            out.prepare_payload();
            bytes = co_await bhttp::async_write(connection.stream, out, net::redirect_error(net::use_awaitable, ec));
        } else if (response.shared) {
            // Sent from the cache's own memory: `response` keeps it alive until the write is done.
            std::string_view payload = response.Payload();
            bhttp::response<bhttp::span_body<const char>> out{status, version};
            FillHeader(out, response, keep_alive);
            out.body() = {payload.data(), payload.size()};
            out.prepare_payload();
            bytes = co_await bhttp::async_write(connection.stream, out, net::redirect_error(net::use_awaitable, ec));
        } else {
            bhttp::response<bhttp::string_body> out{status, version};
            FillHeader(out, response, keep_alive);
            out.body() = std::move(response.body);
            out.prepare_payload();
            bytes = co_await bhttp::async_write(connection.stream, out, net::redirect_error(net::use_awaitable, ec));
        }
        if (ec) co_return 0;
        co_return bytes;
    }

    net::awaitable<void> Session(std::shared_ptr<Connection> connection) {
        auto& stream = connection->stream;
        beast::error_code ec;
        std::string remote;
        {
            auto endpoint = stream.socket().remote_endpoint(ec);
            if (!ec) remote = endpoint.address().to_string();
        }
        beast::flat_buffer buffer;
        // Set when a request is refused before its body was read: the client may still be sending it.
        bool unread_body = false;
        for (;;) {
            bhttp::request_parser<bhttp::empty_body> head;
            head.header_limit(static_cast<std::uint32_t>(options.header_limit));
            // The route's own limit is checked below, once the path is known (Beast's default would drop bodies
            // over 1 MiB before that).
            head.body_limit(std::numeric_limits<std::uint64_t>::max());
            stream.expires_after(options.header_timeout);
            connection->idle = true;
            co_await bhttp::async_read_header(stream, buffer, head, net::redirect_error(net::use_awaitable, ec));
            connection->idle = false;
            if (ec) {
                if (Quiet(ec) || buffer.size() == 0) break;
                Response reject = ec == bhttp::error::header_limit
                                      ? dispatcher.Reject(ErrorCode::kBadRequest, "The request headers are too large.")
                                      : dispatcher.Reject(ErrorCode::kBadRequest, "The request is not valid HTTP/1.1.");
                if (ec == bhttp::error::header_limit) reject.status = 431;
                co_await Write(*connection, reject, false, false, 11);
                break;
            }
            auto& header = head.get();
            unsigned version = header.version();
            std::string_view target(header.target().data(), header.target().size());
            std::string_view path = target.substr(0, target.find('?'));
            Method method = ParseMethod(std::string_view(header.method_string().data(), header.method_string().size()));
            if (WebSocketService* service = beast::websocket::is_upgrade(header) ? FindWebSocket(path) : nullptr) {
                bhttp::request_parser<bhttp::string_body> upgrade_parser(std::move(head));
                auto upgrade = upgrade_parser.release();
                Request request = ToRequest(bhttp::request<bhttp::string_body>(upgrade), remote);
                std::optional<Response> reject;
                try {
                    service->CheckUpgrade(request);
                } catch (const ApiError& e) {
                    reject = ProblemResponse(e.error(), e.extra(), request);
                    reject->With("Connection", "close");
                }
                if (reject) {
                    co_await Write(*connection, *reject, false, false, version);
                    break;
                }
                co_await ServeWebSocket(connection, std::move(upgrade), std::move(request), *service);
                co_return;
            }
            Dispatcher::Prepared prepared = dispatcher.Prepare(method, path);

            // Beast checks a Content-Length against the limit while parsing the header, which happened before the
            // route was known: check it here, before reading (or inviting with 100-continue) any of the body.
            if (auto length = head.content_length(); length && *length > prepared.body_limit) {
                Response reject = dispatcher.Reject(ErrorCode::kPayloadTooLarge,
                                                    "The request body is larger than this endpoint accepts (" +
                                                        std::to_string(prepared.body_limit) + " bytes).");
                co_await Write(*connection, reject, false, false, version);
                unread_body = true;
                break;
            }
            bhttp::request_parser<bhttp::string_body> parser(std::move(head));
            parser.body_limit(prepared.body_limit);
            if (!parser.is_done()) {
                auto expect = parser.get()[bhttp::field::expect];
                if (beast::iequals(expect, "100-continue")) {
                    bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, version};
                    stream.expires_after(options.write_timeout);
                    co_await bhttp::async_write(stream, proceed, net::redirect_error(net::use_awaitable, ec));
                    if (ec) break;
                }
                stream.expires_after(options.body_timeout);
                co_await bhttp::async_read(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
                if (ec) {
                    if (ec == bhttp::error::body_limit) {
                        Response reject = dispatcher.Reject(
                            ErrorCode::kPayloadTooLarge,
                            "The request body is larger than this endpoint accepts (" +
                                std::to_string(prepared.body_limit) + " bytes).");
                        co_await Write(*connection, reject, false, false, version);
                        unread_body = true;
                    } else if (!Quiet(ec)) {
                        Response reject = dispatcher.Reject(ErrorCode::kBadRequest, "The request body could not be read.");
                        co_await Write(*connection, reject, false, false, version);
                    }
                    break;
                }
            }
            bool keep_alive = parser.get().keep_alive();
            Request request = ToRequest(parser.release(), remote);
            Response response;
            if (prepared.blocking) {
                if (auto quick = dispatcher.HandleQuick(request, prepared)) {
                    response = std::move(*quick);
                } else {
                    response = co_await Offload([this, &request, &prepared] { return dispatcher.Handle(request, prepared); });
                }
            } else {
                response = dispatcher.Handle(request, prepared);
            }
            keep_alive = keep_alive && !options.draining->load();
            int status = response.status;
            std::size_t bytes = co_await Write(*connection, response, method == Method::kHead, keep_alive, version);
            response.status = status;
            dispatcher.Finish(request, response, prepared, bytes);
            if (!keep_alive || bytes == 0) break;
        }
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (unread_body) {
            // Closing with unread bytes makes the kernel send a reset, which can destroy the 413 before the client
            // reads it. Read and discard what is still coming for a short while (until the client closes).
            stream.expires_after(kLingerTime);
            std::array<char, 16384> sink;
            while (!ec) {
                co_await stream.async_read_some(net::buffer(sink), net::redirect_error(net::use_awaitable, ec));
            }
        }
        stream.close();
    }

    void BeginShutdown() {
        if (stopping) {
            spdlog::warn("second stop signal: stopping now");
            StopAll();
            return;
        }
        stopping = true;
        options.draining->store(true);
        spdlog::info("stopping: no new connections; in-flight requests have {} s to finish",
                     options.shutdown_grace.count());
        beast::error_code ec;
        acceptor.close(ec);
        std::vector<std::shared_ptr<Connection>> open;
        {
            std::lock_guard lock(connections_mutex);
            for (auto& [raw, weak] : connections) {
                if (auto strong = weak.lock()) open.push_back(std::move(strong));
            }
        }
        if (open.empty()) {
            StopAll();
            return;
        }
        for (auto& connection : open) {
            auto executor = connection->websocket ? connection->websocket->get_executor()
                                                  : connection->stream.get_executor();
            net::post(executor, [connection] {
                beast::error_code ignored;
                if (connection->websocket) {
                    beast::get_lowest_layer(*connection->websocket).socket().cancel(ignored);
                } else if (connection->idle) {
                    connection->stream.socket().cancel(ignored);
                }
            });
        }
        grace_timer.expires_after(options.shutdown_grace);
        grace_timer.async_wait([this](beast::error_code wait_ec) {
            if (wait_ec) return;
            spdlog::warn("stopping: grace period over, closing remaining connections");
            StopAll();
        });
    }

    void WaitForSignal() {
        signals.async_wait([this](beast::error_code ec, int signal) {
            if (ec) return;
            spdlog::info("received signal {}", signal);
            BeginShutdown();
            WaitForSignal();
        });
    }
};

Server::Server(ServerOptions options, const Dispatcher& dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher)) {}

Server::~Server() {
    impl_->workers.join();
}

void Server::Listen() {
    auto& options = impl_->options;
    beast::error_code ec;
    net::ip::address address = net::ip::make_address(options.host, ec);
    if (ec) {
        tcp::resolver resolver(impl_->ioc);
        auto results = resolver.resolve(options.host, std::to_string(options.port), ec);
        if (ec || results.empty()) {
            throw std::runtime_error("cannot listen on " + options.host + ": the host name does not resolve");
        }
        address = results.begin()->endpoint().address();
    }
    tcp::endpoint endpoint(address, options.port);
    auto fail = [&](const char* what) {
        throw std::runtime_error("cannot listen on " + options.host + ":" + std::to_string(options.port) + " (" +
                                 what + "): " + ec.message());
    };
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (ec) fail("open");
    acceptor.set_option(net::socket_base::reuse_address(true), ec);
    acceptor.bind(endpoint, ec);
    if (ec) fail("bind");
    acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) fail("listen");
}

std::uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::Run(bool handle_signals) {
    auto& impl = *impl_;
    if (handle_signals) {
        impl.signals.add(SIGINT);
        impl.signals.add(SIGTERM);
        impl.WaitForSignal();
    }
    net::co_spawn(impl.ioc, impl.Accept(), net::detached);
    // Idle contexts must keep running until the server stops.
    std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
    for (auto& context : impl.contexts) guards.push_back(net::make_work_guard(*context));
    std::vector<std::thread> pool;
    for (std::size_t i = 1; i < impl.contexts.size(); ++i) {
        pool.emplace_back([context = impl.contexts[i].get()] { context->run(); });
    }
    impl.ioc.run();
    impl.StopAll();
    for (auto& thread : pool) thread.join();
    impl.workers.join();
}

void Server::Stop() {
    net::post(impl_->ioc, [impl = impl_.get()] { impl->BeginShutdown(); });
}

}  // namespace spotter::http
