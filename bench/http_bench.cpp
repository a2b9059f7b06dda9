// Cost of Spotter's request path without sockets: route lookup and the whole dispatcher (request id, routing,
// headers, metrics) for a small JSON response, gzip of a large one, and the account primitives behind
// authenticated requests and logins: issuing and verifying an access JWT, and one Argon2id hash / check.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <ctime>
#include <string>

#include "accounts/password_hasher.hpp"
#include "accounts/token_service.hpp"
#include "app/application.hpp"
#include "http/dispatcher.hpp"

namespace {

std::unique_ptr<spotter::app::Application> TableOnly() {
    spotter::config::Config config;
    config.secret_key = std::string(64, 'k');
    return spotter::app::Application::Create(config, "", /*database=*/false);
}

void BM_RouterFind(benchmark::State& state) {
    auto app = TableOnly();
    for (auto _ : state) {
        auto lookup = app->router().Find(spotter::http::Method::kGet, "/healthz");
        benchmark::DoNotOptimize(lookup);
    }
}
BENCHMARK(BM_RouterFind);

void BM_DispatchHealth(benchmark::State& state) {
    auto app = TableOnly();
    const auto& dispatcher = app->dispatcher();
    for (auto _ : state) {
        spotter::http::Request request;
        request.path = "/healthz";
        request.headers = {{"host", "127.0.0.1"}, {"user-agent", "bench"}};
        auto prepared = dispatcher.Prepare(request.method, request.path);
        auto response = dispatcher.Handle(request, prepared);
        dispatcher.Finish(request, response, prepared, response.body.size());
        benchmark::DoNotOptimize(response);
    }
}
BENCHMARK(BM_DispatchHealth);

void BM_GzipSchema(benchmark::State& state) {
    auto app = TableOnly();
    std::string body = app->ApiDocument().dump();
    for (auto _ : state) benchmark::DoNotOptimize(spotter::http::Gzip(body));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_GzipSchema);

// --- accounts ----------------------------------------------------------------------------------------------

const std::string kSecret(64, 'k');
const std::string kPassword = "Bench-Pass-2026!";

std::int64_t NowSeconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

// Signing one access token (HS256), as POST /auth/login/ and /auth/token/refresh/ do.
void BM_TokenIssueAccess(benchmark::State& state) {
    spotter::accounts::TokenService tokens(kSecret);
    const std::int64_t now = NowSeconds();
    for (auto _ : state) {
        benchmark::DoNotOptimize(tokens.Issue(spotter::accounts::TokenType::kAccess, 42, "member", now));
    }
}
BENCHMARK(BM_TokenIssueAccess);

// Checking one access token (header, signature, exp/iss/aud/token_type), as every authenticated request does
// before it reads the user from the database.
void BM_TokenVerifyAccess(benchmark::State& state) {
    spotter::accounts::TokenService tokens(kSecret);
    const std::int64_t now = NowSeconds();
    const std::string token = tokens.Issue(spotter::accounts::TokenType::kAccess, 42, "member", now);
    if (!tokens.Verify(token, spotter::accounts::TokenType::kAccess, now).ok) {
        state.SkipWithError("a freshly issued token does not verify");
        return;
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(tokens.Verify(token, spotter::accounts::TokenType::kAccess, now));
    }
}
BENCHMARK(BM_TokenVerifyAccess);

// One Argon2id hash with the server's parameters (19 MiB, 2 passes), as sign-up and password changes do.
void BM_PasswordHash(benchmark::State& state) {
    spotter::accounts::PasswordHasher hasher;
    for (auto _ : state) benchmark::DoNotOptimize(hasher.Hash(kPassword));
}
BENCHMARK(BM_PasswordHash)->Unit(benchmark::kMillisecond);

// Checking a password against its hash: the same Argon2id work, and what each POST /auth/login/ spends.
void BM_PasswordVerify(benchmark::State& state) {
    spotter::accounts::PasswordHasher hasher;
    const std::string encoded = hasher.Hash(kPassword);
    for (auto _ : state) {
        if (!hasher.Verify(encoded, kPassword)) {
            state.SkipWithError("the password does not verify against its own hash");
            break;
        }
    }
}
BENCHMARK(BM_PasswordVerify)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
