// The outbox and its worker on both backends (SPOTTER_TEST_BACKEND=sqlite|postgres), delivering to a real SMTP
// server (tests/support/smtp_sink.py) or to fake senders. Waits use generous deadlines, never speed assertions.
#include "mail/outbox.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "common/clock.hpp"
#include "mail/message.hpp"
#include "mail/outbox_worker.hpp"
#include "mail/sender.hpp"
#include "storage/database.hpp"
#include "storage/migrator.hpp"
#include "support/smtp_sink.hpp"
#include "support/test_database.hpp"

namespace spotter::mail {
namespace {

using namespace std::chrono_literals;
using storage::Database;
using storage::Tx;
using testing::ReceivedMail;
using testing::SmtpSink;
using testing::TestDatabase;

const std::string kFrom = "Spotter <no-reply@spotter.example>";
constexpr auto kDeadline = 60s;

// Waits until `condition` holds, polling; false when the deadline passed first.
template <class F>
bool WaitFor(F condition, std::chrono::seconds deadline = kDeadline) {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

struct Row {
    int attempts = 0;
    long long created_at = 0;
    long long next_attempt_at = 0;
    std::optional<long long> locked_until, sent_at, failed_at;
    std::optional<std::string> last_error;
    std::string message_id;
};

Row ReadRow(Database& db, long long id) {
    return db.Read([&](Tx& tx) {
        Row row;
        long long locked = 0, sent = 0, failed = 0;
        std::string error;
        soci::indicator locked_ind, sent_ind, failed_ind, error_ind;
        tx.sql << "SELECT attempts, created_at, next_attempt_at, locked_until, sent_at, failed_at, last_error, "
                  "message_id FROM mail_outbox WHERE id = :id",
            soci::use(id), soci::into(row.attempts), soci::into(row.created_at), soci::into(row.next_attempt_at),
            soci::into(locked, locked_ind), soci::into(sent, sent_ind), soci::into(failed, failed_ind),
            soci::into(error, error_ind), soci::into(row.message_id);
        if (locked_ind == soci::i_ok) row.locked_until = locked;
        if (sent_ind == soci::i_ok) row.sent_at = sent;
        if (failed_ind == soci::i_ok) row.failed_at = failed;
        if (error_ind == soci::i_ok) row.last_error = error;
        return row;
    });
}

long long LastId(Database& db) {
    return db.Read([](Tx& tx) {
        long long id = 0;
        tx.sql << "SELECT COALESCE(MAX(id), 0) FROM mail_outbox", soci::into(id);
        return id;
    });
}

// Makes every unsent row due now (skips the backoff wait in tests that count attempts).
void MakeDue(Database& db) {
    db.Write([](Tx& tx) { tx.sql << "UPDATE mail_outbox SET next_attempt_at = 0 WHERE sent_at IS NULL"; });
}

// What fake senders saw, shared with the test (the worker owns the sender).
struct Deliveries {
    std::mutex mutex;
    std::map<std::string, int> by_message_id;  // Message-ID header -> sends
    int calls = 0;
    int Total() {
        std::lock_guard lock(mutex);
        return calls;
    }
};

std::string MessageIdOf(const std::string& rendered) {
    ReceivedMail mail;
    mail.data = rendered;
    return mail.Header("Message-ID");
}

class FakeSender : public Sender {
public:
    FakeSender(std::shared_ptr<Deliveries> deliveries, std::string error = {}, std::chrono::milliseconds delay = 0ms)
        : deliveries_(std::move(deliveries)), error_(std::move(error)), delay_(delay) {}
    void Send(const std::string&, const std::string& rfc5322) override {
        std::this_thread::sleep_for(delay_);
        std::lock_guard lock(deliveries_->mutex);
        ++deliveries_->calls;
        if (!error_.empty()) throw std::runtime_error(error_);
        ++deliveries_->by_message_id[MessageIdOf(rfc5322)];
    }

private:
    std::shared_ptr<Deliveries> deliveries_;
    std::string error_;
    std::chrono::milliseconds delay_;
};

// Blocks every Send until Open() is called; tells when a send has started.
class GatedSender : public Sender {
public:
    struct Gate {
        std::mutex mutex;
        std::condition_variable changed;
        bool open = false;
        int started = 0;
        int sent = 0;
    };
    explicit GatedSender(std::shared_ptr<Gate> gate) : gate_(std::move(gate)) {}
    void Send(const std::string&, const std::string&) override {
        std::unique_lock lock(gate_->mutex);
        ++gate_->started;
        gate_->changed.notify_all();
        gate_->changed.wait(lock, [&] { return gate_->open; });
        ++gate_->sent;
    }

private:
    std::shared_ptr<Gate> gate_;
};

OutboxWorkerOptions FastOptions() {
    OutboxWorkerOptions options;
    options.from = kFrom;
    options.poll_interval = 20ms;
    options.first_retry = 50ms;
    options.max_retry = 200ms;
    return options;
}

class OutboxTest : public ::testing::Test {
protected:
    OutboxTest() : db_(Database::Open(database_.url(), 8)) { storage::Migrate(*db_); }

    void EnqueueCommitted(const Message& message) {
        db_->Write([&](Tx& tx) { Enqueue(tx, message); });
    }

    TestDatabase database_;
    std::unique_ptr<Database> db_;
};

TEST_F(OutboxTest, MigrationCreatesTheOutbox) {
    const auto& migrations = storage::BuiltInMigrations(db_->dialect());
    bool found = false;
    for (const auto& migration : migrations)
        found = found || (migration.version == 3 && migration.name == "mail_outbox");
    EXPECT_TRUE(found);
    auto stats = db_->Read([](Tx& tx) { return CountOutbox(tx); });
    EXPECT_EQ(stats.pending + stats.sent + stats.failed, 0);
}

TEST_F(OutboxTest, CommittedMailIsDeliveredWithItsHeadersAndUtf8Body) {
    SmtpSink sink;
    OutboxWorkerOptions options = FastOptions();
    options.poll_interval = 10min;  // only Wake can make it go out within the deadline
    OutboxWorker worker(*db_, std::make_unique<SmtpSender>(sink.url(), kFrom), options);
    worker.Start();
    std::this_thread::sleep_for(50ms);  // let the first (empty) pass happen, so the thread is waiting

    const std::string subject = "[Spotter] 이메일 주소를 확인해 주세요";
    const std::string text =
        "안녕하세요, 김민수 회원님!\n아래 링크를 눌러 주세요:\nhttps://spotter.example/verify?t=abc\n";
    EnqueueCommitted({"minsu@example.com", subject, text});
    worker.Wake();

    ASSERT_TRUE(sink.WaitForCount(1));
    ReceivedMail mail = sink.Received().at(0);
    EXPECT_EQ(mail.mail_from, "no-reply@spotter.example");
    EXPECT_EQ(mail.rcpt_to, std::vector<std::string>{"minsu@example.com"});
    EXPECT_EQ(mail.Header("From"), kFrom);
    EXPECT_EQ(mail.Header("To"), "minsu@example.com");
    EXPECT_EQ(DecodeHeaderValue(mail.Header("Subject")), subject);
    EXPECT_EQ(mail.Header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(mail.Header("Content-Transfer-Encoding"), "base64");
    EXPECT_FALSE(mail.Header("Date").empty());
    Row row = ReadRow(*db_, LastId(*db_));
    EXPECT_EQ(mail.Header("Message-ID"), "<" + row.message_id + "@spotter.example>");
    std::string expected_body =
        "안녕하세요, 김민수 회원님!\r\n아래 링크를 눌러 주세요:\r\nhttps://spotter.example/verify?t=abc\r\n";
    EXPECT_EQ(Base64Decode(mail.Body()), expected_body);

    ASSERT_TRUE(WaitFor([&] { return ReadRow(*db_, LastId(*db_)).sent_at.has_value(); }));
    worker.Stop();
    row = ReadRow(*db_, LastId(*db_));
    EXPECT_EQ(row.attempts, 1);
    EXPECT_FALSE(row.locked_until);
    auto stats = worker.Stats();
    EXPECT_EQ(stats.pending, 0);
    EXPECT_EQ(stats.sent, 1);
    EXPECT_EQ(stats.failed, 0);
    EXPECT_EQ(sink.Count(), 1u);
}

TEST_F(OutboxTest, RolledBackTransactionSendsNothing) {
    SmtpSink sink;
    OutboxWorker worker(*db_, std::make_unique<SmtpSender>(sink.url(), kFrom), FastOptions());
    EXPECT_THROW(db_->Write([&](Tx& tx) {
        Enqueue(tx, {"member@example.com", "Welcome", "hello"});
        throw std::runtime_error("the sign-up failed after the mail was queued");
    }),
                 std::runtime_error);
    EXPECT_EQ(worker.RunOnce(), 0u);
    auto stats = worker.Stats();
    EXPECT_EQ(stats.pending + stats.sent + stats.failed, 0);
    EXPECT_EQ(sink.Count(), 0u);
}

TEST_F(OutboxTest, HeaderInjectionIsRefusedAndRollsTheActionBack) {
    EXPECT_THROW(db_->Write([&](Tx& tx) {
        Enqueue(tx, {"member@example.com\r\nBcc: everyone@example.com", "hi", "x"});
    }),
                 std::invalid_argument);
    EXPECT_THROW(db_->Write([&](Tx& tx) {
        Enqueue(tx, {"member@example.com", "hi\r\nBcc: a@example.com", "x"});
    }),
                 std::invalid_argument);
    EXPECT_THROW(db_->Write([&](Tx& tx) {
        Enqueue(tx, {"member@example.com", "hi\nX-Evil: 1", "x"});
    }),
                 std::invalid_argument);
    EXPECT_EQ(LastId(*db_), 0);

    // A row that did not come through Enqueue is given up at once, never sent.
    db_->Write([](Tx& tx) {
        std::string subject = "hi\r\nBcc: b@example.com";
        tx.sql << "INSERT INTO mail_outbox(message_id, to_address, subject, body_text, created_at, attempts, "
                  "next_attempt_at) VALUES('raw1', 'a@example.com', :subject, 'x', 0, 0, 0)",
            soci::use(subject);
    });
    auto deliveries = std::make_shared<Deliveries>();
    OutboxWorker worker(*db_, std::make_unique<FakeSender>(deliveries), FastOptions());
    EXPECT_EQ(worker.RunOnce(), 0u);
    EXPECT_EQ(deliveries->Total(), 0);
    Row row = ReadRow(*db_, LastId(*db_));
    EXPECT_TRUE(row.failed_at.has_value());
    EXPECT_TRUE(row.last_error.has_value());
}

TEST_F(OutboxTest, ServerDownAtFirstBacksOffThenDeliversExactlyOnce) {
    int port = testing::FreeTcpPort();  // nothing listens there yet
    OutboxWorker worker(*db_, std::make_unique<SmtpSender>("smtp://127.0.0.1:" + std::to_string(port), kFrom),
                        FastOptions());
    worker.Start();
    EnqueueCommitted({"member@example.com", "세션이 예약되었습니다", "내일 오전 10시"});
    worker.Wake();
    long long id = LastId(*db_);

    ASSERT_TRUE(WaitFor([&] { return ReadRow(*db_, id).attempts >= 3; }));
    Row failing = ReadRow(*db_, id);
    EXPECT_FALSE(failing.sent_at);
    EXPECT_FALSE(failing.failed_at);
    ASSERT_TRUE(failing.last_error.has_value());
    EXPECT_NE(failing.last_error->find(std::to_string(port)), std::string::npos) << *failing.last_error;
    EXPECT_EQ(worker.Stats().pending, 1);

    SmtpSink sink({.port = port});
    ASSERT_TRUE(sink.WaitForCount(1));
    ASSERT_TRUE(WaitFor([&] { return ReadRow(*db_, id).sent_at.has_value(); }));
    // Give a duplicate every chance to happen before looking.
    for (int i = 0; i < 3; ++i) {
        worker.Wake();
        std::this_thread::sleep_for(100ms);
    }
    worker.Stop();
    EXPECT_EQ(sink.Count(), 1u);
    EXPECT_EQ(DecodeHeaderValue(sink.Received().at(0).Header("Subject")), "세션이 예약되었습니다");
    Row sent = ReadRow(*db_, id);
    EXPECT_GE(sent.attempts, 4);
    auto stats = worker.Stats();
    EXPECT_EQ(stats.pending, 0);
    EXPECT_EQ(stats.sent, 1);
}

TEST_F(OutboxTest, BackoffDoublesWithJitterUpToTheCap) {
    auto deliveries = std::make_shared<Deliveries>();
    OutboxWorkerOptions options = FastOptions();
    options.first_retry = 1s;
    options.max_retry = 8s;
    options.jitter = 0.2;
    OutboxWorker worker(*db_, std::make_unique<FakeSender>(deliveries, "connection refused"), options);
    EnqueueCommitted({"member@example.com", "hi", "x"});
    long long id = LastId(*db_);
    const std::vector<long long> expected_ms = {1000, 2000, 4000, 8000, 8000, 8000};
    for (std::size_t i = 0; i < expected_ms.size(); ++i) {
        long long before = NowMicros();
        EXPECT_EQ(worker.RunOnce(), 0u);
        long long after = NowMicros();
        Row row = ReadRow(*db_, id);
        EXPECT_EQ(row.attempts, static_cast<int>(i + 1));
        long long max = expected_ms[i] * 1000, min = max * 8 / 10;
        EXPECT_GE(row.next_attempt_at - before, min) << "attempt " << i + 1;
        EXPECT_LE(row.next_attempt_at - after, max) << "attempt " << i + 1;
        EXPECT_FALSE(row.locked_until);
        EXPECT_EQ(worker.RunOnce(), 0u);  // not due yet: not tried again
        EXPECT_EQ(deliveries->Total(), static_cast<int>(i + 1));
        MakeDue(*db_);
    }
}

TEST_F(OutboxTest, GivesUpAfterMaxAttemptsWithATruncatedErrorFreeOfCredentials) {
    auto deliveries = std::make_shared<Deliveries>();
    OutboxWorkerOptions options = FastOptions();
    options.max_attempts = 3;
    std::string error = "smtps://mailer:hunter2@mail.example.com:465: Login denied\r\n" + std::string(2000, 'x');
    OutboxWorker worker(*db_, std::make_unique<FakeSender>(deliveries, error), options);
    EnqueueCommitted({"member@example.com", "hi", "x"});
    long long id = LastId(*db_);
    for (int i = 0; i < 3; ++i) {
        MakeDue(*db_);
        worker.RunOnce();
    }
    Row row = ReadRow(*db_, id);
    EXPECT_EQ(row.attempts, 3);
    EXPECT_TRUE(row.failed_at.has_value());
    EXPECT_FALSE(row.sent_at);
    ASSERT_TRUE(row.last_error.has_value());
    EXPECT_LE(row.last_error->size(), options.max_error_length);
    EXPECT_EQ(row.last_error->find("hunter2"), std::string::npos) << *row.last_error;
    EXPECT_EQ(row.last_error->find("mailer"), std::string::npos) << *row.last_error;
    EXPECT_NE(row.last_error->find("mail.example.com"), std::string::npos) << *row.last_error;
    EXPECT_EQ(row.last_error->find('\n'), std::string::npos);

    MakeDue(*db_);
    worker.RunOnce();
    EXPECT_EQ(deliveries->Total(), 3);  // given up: never tried again
    auto stats = worker.Stats();
    EXPECT_EQ(stats.failed, 1);
    EXPECT_EQ(stats.pending, 0);
}

TEST_F(OutboxTest, TwoWorkersNeverSendOneMessageTwice) {
    SmtpSink sink;
    constexpr int kMessages = 30;
    for (int i = 0; i < kMessages; ++i) {
        EnqueueCommitted({"member" + std::to_string(i) + "@example.com", "알림 " + std::to_string(i), "본문"});
    }
    // Two instances: each its own connection pool on the same database.
    auto other_db = Database::Open(database_.url(), 4);
    OutboxWorkerOptions options = FastOptions();
    options.batch_size = 4;
    OutboxWorker first(*db_, std::make_unique<SmtpSender>(sink.url(), kFrom), options);
    OutboxWorker second(*other_db, std::make_unique<SmtpSender>(sink.url(), kFrom), options);
    first.Start();
    second.Start();
    ASSERT_TRUE(sink.WaitForCount(kMessages));
    ASSERT_TRUE(WaitFor([&] { return first.Stats().sent == kMessages; }));
    first.Stop();
    second.Stop();

    auto received = sink.Received();
    EXPECT_EQ(received.size(), static_cast<std::size_t>(kMessages));
    std::set<std::string> ids, recipients;
    for (const auto& mail : received) {
        ids.insert(mail.Header("Message-ID"));
        recipients.insert(mail.rcpt_to.at(0));
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kMessages));
    EXPECT_EQ(recipients.size(), static_cast<std::size_t>(kMessages));
}

TEST_F(OutboxTest, ConcurrentPassesClaimEachRowOnce) {
    constexpr int kMessages = 60;
    for (int i = 0; i < kMessages; ++i) EnqueueCommitted({"m" + std::to_string(i) + "@example.com", "hi", "x"});
    auto deliveries = std::make_shared<Deliveries>();
    OutboxWorkerOptions options = FastOptions();
    options.batch_size = 3;
    constexpr int kWorkers = 4;
    std::vector<std::unique_ptr<Database>> databases;
    std::vector<std::unique_ptr<OutboxWorker>> workers;
    for (int i = 0; i < kWorkers; ++i) {
        databases.push_back(Database::Open(database_.url(), 2));
        workers.push_back(std::make_unique<OutboxWorker>(*databases.back(),
                                                         std::make_unique<FakeSender>(deliveries, "", 2ms), options));
    }
    std::vector<std::thread> threads;
    for (auto& worker : workers) {
        threads.emplace_back([&, w = worker.get()] {
            auto until = std::chrono::steady_clock::now() + kDeadline;
            while (w->Stats().pending > 0 && std::chrono::steady_clock::now() < until) w->RunOnce();
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(deliveries->Total(), kMessages);
    EXPECT_EQ(deliveries->by_message_id.size(), static_cast<std::size_t>(kMessages));
    for (const auto& [id, sends] : deliveries->by_message_id) EXPECT_EQ(sends, 1) << id;
    EXPECT_EQ(workers[0]->Stats().sent, kMessages);
}

TEST_F(OutboxTest, StopWaitsForTheSendInProgressAndLeavesTheRestForTheNextStart) {
    constexpr int kMessages = 5;
    for (int i = 0; i < kMessages; ++i) EnqueueCommitted({"m" + std::to_string(i) + "@example.com", "hi", "x"});
    auto gate = std::make_shared<GatedSender::Gate>();
    auto worker = std::make_unique<OutboxWorker>(*db_, std::make_unique<GatedSender>(gate), FastOptions());
    worker->Start();
    {
        std::unique_lock lock(gate->mutex);
        ASSERT_TRUE(gate->changed.wait_for(lock, kDeadline, [&] { return gate->started == 1; }));
    }
    std::atomic<bool> stopped{false};
    std::thread stopper([&] {
        worker->Stop();
        stopped = true;
    });
    std::this_thread::sleep_for(200ms);
    EXPECT_FALSE(stopped) << "Stop must wait for the send in progress";
    {
        std::lock_guard lock(gate->mutex);
        gate->open = true;
    }
    gate->changed.notify_all();
    stopper.join();
    int sent_before_stop = gate->sent;
    EXPECT_GE(sent_before_stop, 1);
    EXPECT_LT(sent_before_stop, kMessages);
    worker.reset();

    // The unsent rows were released (no claim left to expire) and are still there: a restart sends them.
    db_->Read([&](Tx& tx) {
        long long claimed = -1;
        tx.sql << "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND locked_until IS NOT NULL",
            soci::into(claimed);
        EXPECT_EQ(claimed, 0);
    });
    auto deliveries = std::make_shared<Deliveries>();
    OutboxWorker restarted(*db_, std::make_unique<FakeSender>(deliveries), FastOptions());
    EXPECT_EQ(restarted.RunOnce(), static_cast<std::size_t>(kMessages - sent_before_stop));
    EXPECT_EQ(restarted.Stats().sent, kMessages);
}

TEST_F(OutboxTest, ExpiredClaimIsTakenOverButALiveOneIsNot) {
    EnqueueCommitted({"crashed@example.com", "hi", "x"});
    long long crashed = LastId(*db_);
    EnqueueCommitted({"busy@example.com", "hi", "x"});
    long long busy = LastId(*db_);
    long long past = NowMicros() - 1, future = NowMicros() + 3'600'000'000LL;
    db_->Write([&](Tx& tx) {
        tx.sql << "UPDATE mail_outbox SET locked_until = :t WHERE id = :id", soci::use(past), soci::use(crashed);
        tx.sql << "UPDATE mail_outbox SET locked_until = :t WHERE id = :id", soci::use(future), soci::use(busy);
    });
    auto deliveries = std::make_shared<Deliveries>();
    OutboxWorker worker(*db_, std::make_unique<FakeSender>(deliveries), FastOptions());
    EXPECT_EQ(worker.RunOnce(), 1u);
    EXPECT_TRUE(ReadRow(*db_, crashed).sent_at.has_value());
    Row still_busy = ReadRow(*db_, busy);
    EXPECT_FALSE(still_busy.sent_at);
    EXPECT_EQ(still_busy.locked_until, future);
}

TEST_F(OutboxTest, OutcomeOfALostClaimIsNotRecorded) {
    EnqueueCommitted({"member@example.com", "hi", "x"});
    long long now = NowMicros();
    auto claimed = db_->Write([&](Tx& tx) { return ClaimDue(tx, now, 1, 10); });  // a 1 µs lease
    ASSERT_EQ(claimed.size(), 1u);
    auto again = db_->Write([&](Tx& tx) { return ClaimDue(tx, NowMicros() + 10, 60'000'000, 10); });
    ASSERT_EQ(again.size(), 1u);  // the first claim expired and was taken over
    EXPECT_FALSE(db_->Write([&](Tx& tx) { return MarkSent(tx, claimed[0], NowMicros()); }));
    EXPECT_TRUE(db_->Write([&](Tx& tx) { return MarkSent(tx, again[0], NowMicros()); }));
    EXPECT_EQ(ReadRow(*db_, claimed[0].id).attempts, 1);
}

}  // namespace
}  // namespace spotter::mail
