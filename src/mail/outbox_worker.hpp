// File: mail/outbox_worker.hpp
//
// The background thread that sends the outbox. Each pass claims a batch of due rows in a short write
// transaction (a conditional UPDATE of locked_until, so several instances on one PostgreSQL database, or several
// workers on one SQLite file, never send one row twice while a claim holds), sends each message outside any
// transaction, then records the outcome in another short transaction: sent_at, or attempts + 1, last_error and the
// next attempt after an exponential backoff with jitter, giving up (failed_at) after max_attempts.
//
// Delivery is at least once: a process killed between the server's acceptance and the sent_at update sends that
// message again once the claim expires (the Message-ID stays the same, so receivers can tell).
//
//   OutboxWorker worker(db, mail::MakeSender(config.smtp_url, config.mail_from, config.var_dir),
//                       {.from = config.mail_from});
//   worker.Start();
//   ... db.Write([&](storage::Tx& tx) { ...; mail::Enqueue(tx, message); }); worker.Wake(); ...
//   worker.Stop();  // before the database is closed
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "mail/outbox.hpp"
#include "mail/sender.hpp"
#include "storage/database.hpp"

namespace spotter::mail {

struct OutboxWorkerOptions {
    std::string from = "Spotter <no-reply@spotter.localhost>";  // SPOTTER_MAIL_FROM: the From header
    std::chrono::milliseconds poll_interval{2000};              // between passes when nobody calls Wake
    std::size_t batch_size = 20;                                // rows claimed per pass
    // How long a claim keeps other workers away. Must exceed the longest send (SmtpSender: 30 s); a pass stops
    // sending, and releases the rest of its batch, when less than `send_budget` of the claim is left.
    std::chrono::milliseconds lease{std::chrono::minutes(10)};
    std::chrono::milliseconds send_budget{std::chrono::seconds(60)};
    // Retry n (n = failed attempts so far, from 1) waits first_retry * 2^(n-1), at most max_retry, minus up to
    // `jitter` of it at random (so workers that failed together do not retry together).
    std::chrono::milliseconds first_retry{std::chrono::seconds(5)};
    std::chrono::milliseconds max_retry{std::chrono::minutes(15)};
    double jitter = 0.2;
    int max_attempts = 20;               // failed attempts before failed_at is set (about 3 hours with the above)
    std::size_t max_error_length = 500;  // last_error is cut to this many bytes
};

class OutboxWorker {
public:
    // The worker uses `db` (which must outlive it) and owns `sender`. Throws std::invalid_argument when
    // options.from holds no address. Nothing runs until Start or RunOnce.
    OutboxWorker(storage::Database& db, std::unique_ptr<Sender> sender, OutboxWorkerOptions options = {});
    // Stops the thread (see Stop).
    ~OutboxWorker();
    OutboxWorker(const OutboxWorker&) = delete;
    OutboxWorker& operator=(const OutboxWorker&) = delete;

    // Starts the background thread, which runs a pass at once, then after every poll_interval or Wake. A pass
    // that fills its batch is followed by another at once. Database errors are logged and retried at the next
    // pass. Calling Start twice has no effect.
    void Start();

    // Stops promptly: wakes the thread, lets the send in progress finish (at most SmtpSender's 30 s), releases the
    // rest of the claimed batch for other workers and joins the thread. Safe to call more than once.
    void Stop();

    // Asks for a pass now (after a transaction that enqueued mail committed). Cheap; never blocks on I/O.
    void Wake();

    // Runs one pass in the calling thread: claims one batch of due rows, sends them and records the outcomes.
    // Returns the number of messages sent successfully. Throws what the database throws. Safe to call while the
    // thread runs (the claims keep them apart).
    std::size_t RunOnce();

    // Counts of the outbox rows (one read transaction), for /metrics.
    OutboxStats Stats();

private:
    struct PassResult {
        std::size_t claimed = 0;
        std::size_t sent = 0;
    };
    // One pass; `stoppable` passes (the thread's) end early when Stop is called.
    PassResult Pass(bool stoppable);
    void Deliver(const OutboxEntry& entry, PassResult& result);
    // Runs fn(Tx&) in a write transaction, retrying a few times: the outcome of a send must not be lost to a
    // momentary database error (the message would be sent again when the claim expires).
    template <class F>
    bool Record(const OutboxEntry& entry, F&& fn);
    std::int64_t RetryDelayMicros(int failed_attempts) const;
    std::string CleanError(const std::string& error) const;
    void Loop();
    bool Stopping() const;

    storage::Database& db_;
    std::unique_ptr<Sender> sender_;
    OutboxWorkerOptions options_;
    std::mutex lifecycle_;  // serialises Start and Stop
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool woken_ = false;
    std::thread thread_;
};

}  // namespace spotter::mail
