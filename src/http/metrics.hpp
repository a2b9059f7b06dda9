// File: http/metrics.hpp
//
// Request counters and latency histograms per route, rendered in the Prometheus text format. Observing a
// request is a few relaxed atomic increments: no lock on the request path.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace spotter::http {

class Metrics {
public:
    // One slot per route, plus the slots named by kUnmatched and kStatic (after the routes).
    explicit Metrics(std::vector<std::string> route_labels);
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    std::size_t UnmatchedSlot() const { return labels_.size() - 2; }
    std::size_t StaticSlot() const { return labels_.size() - 1; }

    void Observe(std::size_t slot, int status, double seconds);
    void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
    void RequestFinished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
    std::int64_t InFlight() const { return in_flight_.load(std::memory_order_relaxed); }

    // Gauges computed at scrape time (e.g. database pool use): name, help, value.
    struct Gauge {
        std::string name;
        std::string help;
        std::function<double()> value;
    };
    void AddGauge(Gauge gauge) { gauges_.push_back(std::move(gauge)); }

    std::string Render() const;

    static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,    0.25,  0.5,    1.0,   2.5,   5.0,  10.0};

private:
    struct Slot {
        std::array<std::atomic<std::uint64_t>, 500> by_status{};  // index: status - 100
        std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};  // last: +Inf
        std::atomic<std::uint64_t> sum_micros{0};
        std::atomic<std::uint64_t> count{0};
    };
    std::vector<std::string> labels_;  // "GET /healthz"
    std::unique_ptr<Slot[]> slots_;
    std::atomic<std::int64_t> in_flight_{0};
    std::vector<Gauge> gauges_;
};

}  // namespace spotter::http
