#include "http/metrics.hpp"

#include <fmt/format.h>

namespace spotter::http {

namespace {

// Label values escape backslash, double quote and newline.
std::string EscapeLabel(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    return out;
}

}  // namespace

Metrics::Metrics(std::vector<std::string> route_labels) : labels_(std::move(route_labels)) {
    labels_.push_back("unmatched");
    labels_.push_back("static");
    slots_ = std::make_unique<Slot[]>(labels_.size());
}

void Metrics::Observe(std::size_t slot, int status, double seconds) {
    if (slot >= labels_.size()) slot = UnmatchedSlot();
    Slot& s = slots_[slot];
    if (status >= 100 && status < 600) s.by_status[status - 100].fetch_add(1, std::memory_order_relaxed);
    std::size_t bucket = 0;
    while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
    s.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
    s.sum_micros.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
    s.count.fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::Render() const {
    std::string out;
    out.reserve(16 * 1024);
    out += "# HELP spotter_http_requests_total HTTP requests answered, by route and status.\n";
    out += "# TYPE spotter_http_requests_total counter\n";
    for (std::size_t i = 0; i < labels_.size(); ++i) {
        std::string route = EscapeLabel(labels_[i]);
        for (std::size_t status = 0; status < slots_[i].by_status.size(); ++status) {
            auto count = slots_[i].by_status[status].load(std::memory_order_relaxed);
            if (count == 0) continue;
            out += fmt::format("spotter_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", route, status + 100,
                               count);
        }
    }
    out += "# HELP spotter_http_request_duration_seconds Time from the request's headers to its response.\n";
    out += "# TYPE spotter_http_request_duration_seconds histogram\n";
    for (std::size_t i = 0; i < labels_.size(); ++i) {
        const Slot& s = slots_[i];
        auto count = s.count.load(std::memory_order_relaxed);
        if (count == 0) continue;
        std::string route = EscapeLabel(labels_[i]);
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b < kBuckets.size(); ++b) {
            cumulative += s.buckets[b].load(std::memory_order_relaxed);
            out += fmt::format("spotter_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
                               kBuckets[b], cumulative);
        }
        cumulative += s.buckets[kBuckets.size()].load(std::memory_order_relaxed);
        out += fmt::format("spotter_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route,
                           cumulative);
        out += fmt::format("spotter_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n", route,
                           s.sum_micros.load(std::memory_order_relaxed) / 1e6);
        out += fmt::format("spotter_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route, count);
    }
    out += "# HELP spotter_http_requests_in_flight Requests being handled now.\n";
    out += "# TYPE spotter_http_requests_in_flight gauge\n";
    out += fmt::format("spotter_http_requests_in_flight {}\n", InFlight());
    for (const Gauge& gauge : gauges_) {
        out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", gauge.name, gauge.help, gauge.name, gauge.name,
                           gauge.value());
    }
    return out;
}

}  // namespace spotter::http
