// The real application and Beast server on an ephemeral port, spoken to over TCP. Runs on SQLite, and on
// PostgreSQL when SPOTTER_TEST_BACKEND=postgres.
#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "support/http_client.hpp"
#include "support/test_server.hpp"

namespace spotter {
namespace {

using testing::HttpClient;
using testing::RawExchange;
using testing::TestServer;
using testing::TestServerOptions;

std::string Gunzip(const std::string& data) {
    z_stream stream{};
    inflateInit2(&stream, 15 + 16);
    std::string out;
    char buffer[16384];
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        rc = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - stream.avail_out);
    }
    inflateEnd(&stream);
    return out;
}

// Probe routes: a JSON echo with a 1 KiB body limit, a slow request, and a failing one.
TestServerOptions WithProbes(std::function<void(http::ServerOptions&)> server = {}) {
    TestServerOptions options;
    options.configure = [](config::Config& config) { config.cors_origins = {"http://localhost:3000"}; };
    options.server = std::move(server);
    options.extra_routes = [](http::Router& router) {
        router.Add({.method = http::Method::kPost,
                    .pattern = "/api/test/echo/",
                    .handler = [](http::Request& r) { return http::Response::Json(201, r.JsonBody()); },
                    .operation_id = "testEcho",
                    .doc = {.summary = "echo"},
                    .body_limit = 1024});
        router.Add({.method = http::Method::kGet,
                    .pattern = "/api/test/slow/",
                    .handler =
                        [](http::Request&) {
                            std::this_thread::sleep_for(std::chrono::milliseconds(600));
                            return http::Response::Json(200, {{"slow", true}});
                        },
                    .operation_id = "testSlow",
                    .doc = {.summary = "slow"}});
    };
    return options;
}

TEST(Server, HealthAndReadiness) {
    TestServer server(WithProbes());
    HttpClient client(server.base_url());
    auto health = client.Get("/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.Json()["status"], "ok");
    EXPECT_EQ(health.Header("content-type"), "application/json; charset=utf-8");
    auto ready = client.Get("/readyz");
    EXPECT_EQ(ready.status, 200);
    EXPECT_EQ(ready.Json()["database"], "ok");
}

TEST(Server, HeadHasLengthButNoBody) {
    TestServer server(WithProbes());
    HttpClient client(server.base_url());
    auto head = client.Request("HEAD", "/healthz");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.Header("content-length"), "15");
    EXPECT_TRUE(head.body.empty());
}

TEST(Server, ErrorsAreJsonProblems) {
    TestServer server(WithProbes());
    HttpClient client(server.base_url());
    auto missing = client.Get("/api/does-not-exist/");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.Header("content-type"), "application/problem+json; charset=utf-8");
    EXPECT_EQ(missing.Json()["success"], false);

    auto wrong = client.Request("DELETE", "/healthz");
    EXPECT_EQ(wrong.status, 405);
    EXPECT_EQ(wrong.Header("allow"), "GET, HEAD, OPTIONS");

    auto bad_json = client.Request("POST", "/api/test/echo/", "{oops", {"Content-Type: application/json"});
    EXPECT_EQ(bad_json.status, 400);
    EXPECT_EQ(bad_json.Json()["code"], "parse_error");

    auto not_json = client.Request("POST", "/api/test/echo/", "a=b", {"Content-Type: application/x-www-form-urlencoded"});
    EXPECT_EQ(not_json.status, 415);
}

TEST(Server, SlashlessGetRedirectsKeepingTheQuery) {
    TestServer server(WithProbes());
    HttpClient client(server.base_url());
    auto redirect = client.Get("/api/schema?format=json");
    EXPECT_EQ(redirect.status, 301);
    EXPECT_EQ(redirect.Header("location"), "/api/schema/?format=json");
    auto post = client.Request("POST", "/api/test/echo", "{}", {"Content-Type: application/json"});
    EXPECT_EQ(post.status, 308);
}

TEST(Server, BodyOverTheRouteLimitIs413AndNothingRuns) {
    TestServer server(WithProbes());
    HttpClient client(server.base_url());
    nlohmann::json small = {{"name", std::string(500, 'a')}};
    EXPECT_EQ(client.PostJson("/api/test/echo/", small).status, 201);
    nlohmann::json big = {{"name", std::string(5000, 'a')}};
    auto response = client.PostJson("/api/test/echo/", big);
    EXPECT_EQ(response.status, 413);
    EXPECT_EQ(response.Json()["code"], "payload_too_large");
}

// A client that sends a large body without waiting (no Expect: 100-continue) still reads the 413: the server
// drains what is coming instead of resetting the connection under it.
TEST(Server, ALargeRefusedUploadStillGetsTheAnswer) {
    TestServer server(WithProbes());
    HttpClient client(server.base_url());
    std::string body = "{\"name\": \"" + std::string(8 * 1024 * 1024, 'a') + "\"}";
    auto response = client.Request("POST", "/api/test/echo/", body, {"Content-Type: application/json", "Expect:"});
    EXPECT_EQ(response.status, 413);
    // A client that writes the whole request before it reads anything (the harshest case).
    std::string raw = "POST /api/test/echo/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n" + body;
    std::string reply = RawExchange(server.port(), raw);
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 413")) << reply.substr(0, 80);
    EXPECT_NE(reply.find("payload_too_large"), std::string::npos);
}

TEST(Server, HugeHeadersAre431) {
    TestServer server(WithProbes());
    std::string raw = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(40000, 'a') + "\r\n\r\n";
    std::string reply = RawExchange(server.port(), raw);
    EXPECT_EQ(reply.rfind("HTTP/1.1 431", 0), 0u) << reply.substr(0, 80);
}

TEST(Server, GarbageIs400) {
    TestServer server(WithProbes());
    std::string reply = RawExchange(server.port(), "HELLO THERE\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply.substr(0, 80);
    EXPECT_NE(reply.find("application/problem+json"), std::string::npos);
}

TEST(Server, SlowClientsAreCutOff) {
    TestServer server(WithProbes([](http::ServerOptions& o) { o.header_timeout = std::chrono::seconds(1); }));
    auto started = std::chrono::steady_clock::now();
    // Half a request line, then silence: the server must close within its header timeout.
    std::string reply = RawExchange(server.port(), "GET /heal", 5000);
    auto waited = std::chrono::steady_clock::now() - started;
    EXPECT_TRUE(reply.empty()) << reply;
    EXPECT_LT(waited, std::chrono::milliseconds(4500)) << "the connection was held open";
}

TEST(Server, KeepAliveReusesTheConnection) {
    TestServer server(WithProbes());
    HttpClient client(server.base_url());
    auto first = client.Get("/healthz");
    auto second = client.Get("/healthz");
    EXPECT_EQ(first.new_connections, 1);
    EXPECT_EQ(second.new_connections, 0);
    // Pipelined requests on one connection are answered in order.
    std::string reply = RawExchange(server.port(),
                                    "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /api/nope/ HTTP/1.1\r\nHost: x\r\n"
                                    "Connection: close\r\n\r\n");
    auto first_status = reply.find("HTTP/1.1 200");
    auto second_status = reply.find("HTTP/1.1 404");
    EXPECT_NE(first_status, std::string::npos);
    EXPECT_NE(second_status, std::string::npos);
    EXPECT_LT(first_status, second_status);
}

TEST(Server, CorsForConfiguredOrigins) {
    TestServer server(WithProbes());
    HttpClient client(server.base_url());
    auto preflight = client.Request("OPTIONS", "/api/test/echo/", {},
                                    {"Origin: http://localhost:3000", "Access-Control-Request-Method: POST",
                                     "Access-Control-Request-Headers: authorization, content-type"});
    EXPECT_EQ(preflight.status, 200);
    EXPECT_EQ(preflight.Header("access-control-allow-origin"), "http://localhost:3000");
    EXPECT_NE(preflight.Header("access-control-allow-headers").find("authorization"), std::string::npos);
    auto other = client.Request("OPTIONS", "/api/test/echo/", {},
                                {"Origin: https://elsewhere.example", "Access-Control-Request-Method: POST"});
    EXPECT_FALSE(other.HasHeader("access-control-allow-origin"));
}

TEST(Server, GzipForLargeJson) {
    TestServer server(WithProbes());
    HttpClient client(server.base_url());
    auto plain = client.Get("/api/schema/");
    auto zipped = client.Get("/api/schema/", {"Accept-Encoding: gzip"});
    EXPECT_EQ(zipped.Header("content-encoding"), "gzip");
    EXPECT_EQ(Gunzip(zipped.body), plain.body);
    EXPECT_LT(zipped.body.size(), plain.body.size());
}

TEST(Server, ApiDocumentAndItsReaders) {
    TestServer server(WithProbes());
    HttpClient client(server.base_url());
    auto schema = client.Get("/api/schema/");
    ASSERT_EQ(schema.status, 200);
    auto doc = schema.Json();
    EXPECT_EQ(doc["openapi"], "3.1.0");
    EXPECT_TRUE(doc["paths"].contains("/healthz"));
    auto swagger = client.Get("/api/docs/");
    EXPECT_EQ(swagger.status, 200);
    EXPECT_NE(swagger.body.find("/vendor/swagger-ui/swagger-ui-bundle.js"), std::string::npos);
    EXPECT_EQ(client.Get("/api/docs/init.js").status, 200);
    auto redoc = client.Get("/api/redoc/");
    EXPECT_NE(redoc.body.find("/vendor/redoc/redoc.standalone.js"), std::string::npos);
    EXPECT_NE(redoc.Header("content-security-policy").find("default-src 'self'"), std::string::npos);
}

TEST(Server, MetricsCountWhatWasServed) {
    TestServer server(WithProbes());
    HttpClient client(server.base_url());
    client.Get("/healthz");
    client.Get("/healthz");
    client.Get("/api/nope/");
    auto metrics = client.Get("/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find("spotter_http_requests_total{route=\"GET /healthz\",status=\"200\"} 2"),
              std::string::npos)
        << metrics.body.substr(0, 800);
    EXPECT_NE(metrics.body.find("status=\"404\"} 1"), std::string::npos);
    EXPECT_NE(metrics.body.find("spotter_db_pool_size "), std::string::npos);
    EXPECT_NE(metrics.body.find("spotter_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST(Server, BlockingWorkDoesNotStallOtherRequests) {
    TestServer server(WithProbes());
    std::vector<std::future<long>> slow;
    for (int i = 0; i < 3; ++i) {
        slow.push_back(std::async(std::launch::async, [&] {
            HttpClient c(server.base_url());
            return c.Get("/api/test/slow/").status;
        }));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    HttpClient client(server.base_url());
    auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(client.Get("/healthz").status, 200);
    // The slow handlers hold worker threads, not the network threads: health answers before they finish.
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(400));
    for (auto& f : slow) EXPECT_EQ(f.get(), 200);
}

TEST(Server, GracefulStopFinishesInFlightRequestsAndRefusesNewOnes) {
    auto server = std::make_unique<TestServer>(WithProbes());
    std::string base = server->base_url();
    int port = server->port();
    auto in_flight = std::async(std::launch::async, [&] {
        HttpClient c(base);
        return c.Get("/api/test/slow/");
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    auto stopping = std::async(std::launch::async, [&] { server->StopAndWait(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto result = in_flight.get();
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.Json()["slow"], true);
    EXPECT_EQ(result.Header("connection"), "close");
    stopping.get();
    EXPECT_THROW(RawExchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), std::runtime_error);
}

TEST(Server, ReadinessFailsWhileDraining) {
    TestServer server(WithProbes());
    server.app().draining()->store(true);
    HttpClient client(server.base_url());
    auto ready = client.Get("/readyz");
    EXPECT_EQ(ready.status, 503);
    EXPECT_EQ(ready.Json()["draining"], true);
    server.app().draining()->store(false);
}

}  // namespace
}  // namespace spotter
