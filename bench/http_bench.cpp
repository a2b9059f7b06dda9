// Cost of Spotter's request path without sockets: route lookup and the whole dispatcher (request id, routing,
// headers, metrics) for a small JSON response, plus gzip of a large one.
#include <benchmark/benchmark.h>

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

}  // namespace

BENCHMARK_MAIN();
