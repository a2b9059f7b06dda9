#include "mail/outbox_worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>
#include <stdexcept>

#include "common/clock.hpp"
#include "mail/message.hpp"

namespace spotter::mail {

namespace {

constexpr int kRecordAttempts = 3;

std::int64_t Micros(std::chrono::milliseconds duration) {
    return std::chrono::duration_cast<std::chrono::microseconds>(duration).count();
}

// `text` without the user-info of any URL in it ("smtp://user:pass@host" -> "smtp://***@host").
std::string WithoutCredentials(std::string text) {
    for (std::size_t pos = text.find("://"); pos != std::string::npos; pos = text.find("://", pos + 3)) {
        std::size_t start = pos + 3;
        std::size_t end = text.find_first_of("@/ \t\r\n", start);
        if (end != std::string::npos && text[end] == '@' && end > start) {
            text.replace(start, end - start, "***");
        }
    }
    return text;
}

}  // namespace

OutboxWorker::OutboxWorker(storage::Database& db, std::unique_ptr<Sender> sender, OutboxWorkerOptions options)
    : db_(db), sender_(std::move(sender)), options_(std::move(options)) {
    if (!sender_) throw std::invalid_argument("OutboxWorker: no sender");
    AddressOf(options_.from);  // throws std::invalid_argument when unusable
    if (options_.batch_size == 0) options_.batch_size = 1;
    if (options_.max_attempts < 1) options_.max_attempts = 1;
    options_.jitter = std::clamp(options_.jitter, 0.0, 1.0);
}

OutboxWorker::~OutboxWorker() { Stop(); }

void OutboxWorker::Start() {
    std::lock_guard lifecycle(lifecycle_);
    if (thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
    }
    thread_ = std::thread([this] { Loop(); });
}

void OutboxWorker::Stop() {
    std::lock_guard lifecycle(lifecycle_);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void OutboxWorker::Wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_all();
}

std::size_t OutboxWorker::RunOnce() { return Pass(/*stoppable=*/false).sent; }

OutboxStats OutboxWorker::Stats() {
    return db_.Read([](storage::Tx& tx) { return CountOutbox(tx); });
}

bool OutboxWorker::Stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
}

void OutboxWorker::Loop() {
    while (true) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            woken_ = false;  // a Wake from now on asks for another pass
        }
        PassResult result;
        try {
            result = Pass(/*stoppable=*/true);
        } catch (const std::exception& e) {
            spdlog::error("mail outbox: pass failed (retrying at the next poll): {}", e.what());
        }
        if (result.claimed >= options_.batch_size) continue;  // probably more due: no pause
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
    }
}

OutboxWorker::PassResult OutboxWorker::Pass(bool stoppable) {
    PassResult result;
    const std::int64_t now = NowMicros();
    std::vector<OutboxEntry> batch =
        db_.Write([&](storage::Tx& tx) { return ClaimDue(tx, now, Micros(options_.lease), options_.batch_size); });
    result.claimed = batch.size();
    for (std::size_t i = 0; i < batch.size(); ++i) {
        bool out_of_time = NowMicros() + Micros(options_.send_budget) > batch[i].locked_until;
        if ((stoppable && Stopping()) || out_of_time) {
            // Hand the rest back at once rather than letting other workers wait for the claims to expire.
            try {
                db_.Write([&](storage::Tx& tx) {
                    for (std::size_t j = i; j < batch.size(); ++j) ReleaseClaim(tx, batch[j]);
                });
            } catch (const std::exception& e) {
                spdlog::warn("mail outbox: could not release claims (they expire by themselves): {}", e.what());
            }
            break;
        }
        Deliver(batch[i], result);
    }
    return result;
}

void OutboxWorker::Deliver(const OutboxEntry& entry, PassResult& result) {
    std::string rendered;
    try {
        rendered = Render(entry.message, options_.from, entry.message_id, entry.created_at);
    } catch (const std::invalid_argument& e) {
        // The row can never be sent (it did not come through Enqueue's validation): give up at once.
        std::string error = CleanError(e.what());
        spdlog::error("mail {}: cannot be rendered, giving up: {}", entry.id, error);
        Record(entry, [&](storage::Tx& tx) {
            std::int64_t now = NowMicros();
            return MarkFailed(tx, entry, now, error, now, /*give_up=*/true);
        });
        return;
    }

    try {
        sender_->Send(entry.message.to, rendered);
    } catch (const std::exception& e) {
        int failed = entry.attempts + 1;
        bool give_up = failed >= options_.max_attempts;
        std::string error = CleanError(e.what());
        std::int64_t now = NowMicros();
        std::int64_t delay = RetryDelayMicros(failed);
        if (give_up) {
            spdlog::error("mail {} <{}>: attempt {} failed, giving up: {}", entry.id, entry.message_id, failed, error);
        } else {
            spdlog::warn("mail {} <{}>: attempt {} failed, retrying in {:.1f} s: {}", entry.id, entry.message_id,
                         failed, static_cast<double>(delay) / 1e6, error);
        }
        Record(entry, [&](storage::Tx& tx) { return MarkFailed(tx, entry, now, error, now + delay, give_up); });
        return;
    }
    ++result.sent;
    Record(entry, [&](storage::Tx& tx) { return MarkSent(tx, entry, NowMicros()); });
}

template <class F>
bool OutboxWorker::Record(const OutboxEntry& entry, F&& fn) {
    for (int attempt = 1;; ++attempt) {
        try {
            bool kept = db_.Write([&](storage::Tx& tx) { return fn(tx); });
            if (!kept) spdlog::warn("mail {}: its claim expired before the outcome was recorded", entry.id);
            return kept;
        } catch (const std::exception& e) {
            if (attempt == kRecordAttempts) {
                spdlog::error("mail {}: could not record the outcome (it will be tried again): {}", entry.id, e.what());
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(250 * attempt));
        }
    }
}

std::int64_t OutboxWorker::RetryDelayMicros(int failed_attempts) const {
    const std::int64_t cap = Micros(options_.max_retry);
    std::int64_t delay = Micros(options_.first_retry);
    for (int i = 1; i < failed_attempts && delay < cap; ++i) delay *= 2;
    delay = std::min(delay, cap);
    thread_local std::mt19937_64 random{std::random_device{}()};
    double fraction = std::uniform_real_distribution<double>(0.0, options_.jitter)(random);
    return delay - static_cast<std::int64_t>(static_cast<double>(delay) * fraction);
}

std::string OutboxWorker::CleanError(const std::string& error) const {
    std::string text = WithoutCredentials(error);
    for (char& c : text) {
        if (c == '\r' || c == '\n' || c == '\t') c = ' ';
    }
    if (text.size() > options_.max_error_length) {
        std::size_t cut = options_.max_error_length;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;  // whole UTF-8 sequences
        text.resize(cut);
    }
    return text;
}

}  // namespace spotter::mail
