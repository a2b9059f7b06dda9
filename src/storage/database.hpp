// File: storage/database.hpp
//
// The one storage interface: a pool of SOCI sessions on SQLite or PostgreSQL, and transactions.
//
//   auto id = db.Write([&](Tx& tx) {
//       long long id = 0;
//       tx.sql << "INSERT INTO things(name) VALUES(:name) RETURNING id", soci::use(name), soci::into(id);
//       return id;
//   });
//
// SQLite connections run with journal_mode=WAL, synchronous=FULL, foreign_keys=ON and a busy timeout; write
// transactions start with BEGIN IMMEDIATE so that two writers never deadlock on a lock upgrade.
// Repository code reads values only through typed `into()` variables (with a soci::indicator for NULLs).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <soci/soci.h>

namespace spotter::storage {

enum class Dialect { kSqlite, kPostgres };

class StatementCache;

// A transaction in progress, handed to the function given to Database::Write or Database::Read.
struct Tx {
    soci::session& sql;
    Dialect dialect;
    StatementCache* statements = nullptr;  // the connection's prepared statements (storage/statements.hpp)
    std::vector<std::function<void()>>* committed = nullptr;

    // Runs `fn` after this transaction commits, never when it rolls back (nor for an attempt that is retried):
    // for in-memory copies of what the transaction changed. `fn` must not throw.
    void AfterCommit(std::function<void()> fn) {
        if (committed) committed->push_back(std::move(fn));
    }
};

struct PoolStats {
    std::size_t size = 0;
    std::size_t in_use = 0;
    std::uint64_t acquired_total = 0;
    std::uint64_t wait_timeouts_total = 0;
    std::uint64_t queued_writes_total = 0;  // SQLite writes that went through the write queue
    std::uint64_t write_commits_total = 0;  // the commits they needed (fewer when writes committed together)
};

class Database {
public:
    // Opens `pool_size` connections. url is "sqlite:PATH" (the file and its folder are created) or a
    // PostgreSQL URI "postgresql://user:pass@host:port/db". Throws std::runtime_error with a readable message
    // when the database cannot be reached.
    static std::unique_ptr<Database> Open(const std::string& url, std::size_t pool_size);
    ~Database();

    Dialect dialect() const { return dialect_; }
    const std::string& url_for_logs() const { return redacted_url_; }

    // Runs fn(Tx&) in a write transaction. Commits when fn returns, rolls back when it throws (the exception
    // propagates). A transient conflict (busy SQLite database, PostgreSQL serialization failure or deadlock)
    // rolls back and runs fn again, up to a few times: fn must not have effects outside the database.
    //
    // SQLite has one writer at a time and each commit waits for the disk (synchronous=FULL). Writers of this
    // process therefore queue here in arrival order instead of polling SQLite's lock, and the writes waiting
    // when the lock frees commit together: each runs in its own savepoint, in queue order (so each sees the
    // ones before it, as if run one after another), one that throws is rolled back alone, and every caller
    // returns only once the shared COMMIT is on disk. fn may run on another writer's thread; it must not call
    // Write itself.
    template <class F>
    auto Write(F&& fn) -> std::invoke_result_t<F&, Tx&> {
        if (dialect_ != Dialect::kSqlite) return Run(fn, /*write=*/true);
        using R = std::invoke_result_t<F&, Tx&>;
        if constexpr (std::is_void_v<R>) {
            QueueWrite([&](Tx& tx) { fn(tx); });
        } else {
            std::optional<R> result;
            QueueWrite([&](Tx& tx) { result.emplace(fn(tx)); });
            return std::move(*result);
        }
    }

    // Runs fn(Tx&) in a read transaction (one consistent snapshot).
    template <class F>
    auto Read(F&& fn) -> std::invoke_result_t<F&, Tx&> {
        return Run(fn, /*write=*/false);
    }

    // Runs fn(Tx&) outside a transaction: for a function that runs a single read statement, which is its own
    // consistent snapshot. Saves the BEGIN and COMMIT round trips on PostgreSQL.
    template <class F>
    auto ReadOne(F&& fn) -> std::invoke_result_t<F&, Tx&> {
        Lease lease = Acquire();
        Tx tx{lease.session(), dialect_, lease.statements(), nullptr};
        try {
            return fn(tx);
        } catch (const std::exception& e) {
            lease.ClearStatements();
            if (Classify(e) == Failure::kBrokenConnection) lease.MarkBroken();
            throw;
        }
    }

    // Executes a script of several statements on a leased session outside any pooled transaction
    // (used by migrations, which manage their own transaction).
    void ExecScript(soci::session& session, const std::string& sql) const;

    // True when a connection can be leased and answers a trivial query.
    bool Ping();
    PoolStats Stats() const;

    // A session borrowed from the pool; returned when the lease is destroyed.
    class Lease {
    public:
        Lease(Database& db, std::size_t index) : db_(&db), index_(index) {}
        Lease(Lease&& other) noexcept : db_(other.db_), index_(other.index_) { other.db_ = nullptr; }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();
        soci::session& session() const;
        StatementCache* statements() const;
        // Marks the connection as broken: it is reconnected before its next use.
        void MarkBroken();
        // Drops the connection's prepared statements (after a failed transaction).
        void ClearStatements();

    private:
        Database* db_;
        std::size_t index_;
    };
    // Waits up to a few seconds for a free session; throws ApiError(503) when none frees up.
    Lease Acquire();

private:
    Database(Dialect dialect, std::string connect_string, std::string redacted_url);
    void Connect(std::size_t index);
    void Begin(Tx& tx, bool write) const;
    void Commit(Tx& tx) const;
    void Release(std::size_t index);
    // Classifies an exception thrown inside a transaction.
    enum class Failure { kTransient, kBrokenConnection, kOther };
    Failure Classify(const std::exception& e) const;

    template <class F>
    auto Run(F& fn, bool write) -> std::invoke_result_t<F&, Tx&> {
        constexpr int kMaxAttempts = 5;
        for (int attempt = 1;; ++attempt) {
            Lease lease = Acquire();
            soci::session& s = lease.session();
            std::vector<std::function<void()>> committed;
            Tx tx{s, dialect_, lease.statements(), &committed};
            try {
                Begin(tx, write);
                if constexpr (std::is_void_v<std::invoke_result_t<F&, Tx&>>) {
                    fn(tx);
                    Commit(tx);
                    for (auto& after : committed) after();
                    return;
                } else {
                    auto result = fn(tx);
                    Commit(tx);
                    for (auto& after : committed) after();
                    return result;
                }
            } catch (const std::exception& e) {
                lease.ClearStatements();
                Failure failure = Classify(e);
                try {
                    s << "ROLLBACK";
                } catch (...) {
                    failure = Failure::kBrokenConnection;
                }
                if (failure == Failure::kBrokenConnection) lease.MarkBroken();
                if (failure != Failure::kTransient || attempt == kMaxAttempts) throw;
                BackOff(attempt);
            }
        }
    }
    static void BackOff(int attempt);

    // The SQLite write queue (see Write).
    struct QueuedWrite;
    void QueueWrite(const std::function<void(Tx&)>& fn);
    void CommitTogether(const std::vector<QueuedWrite*>& batch);

    struct Slot {
        std::unique_ptr<soci::session> session;
        std::unique_ptr<StatementCache> statements;  // declared after the session: destroyed before it
        bool in_use = false;
        bool broken = false;
    };

    Dialect dialect_;
    std::string connect_string_;
    std::string redacted_url_;
    mutable std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<Slot> slots_;
    std::size_t in_use_ = 0;
    std::atomic<std::uint64_t> acquired_total_{0};
    std::atomic<std::uint64_t> wait_timeouts_total_{0};
    std::mutex write_mutex_;
    std::condition_variable write_turn_;
    std::deque<QueuedWrite*> write_queue_;
    std::atomic<std::uint64_t> queued_writes_total_{0};
    std::atomic<std::uint64_t> write_commits_total_{0};
};

// The libpq keyword/value form of a postgresql:// URI (SOCI would otherwise read the URI as its own
// "backend://" syntax). User, password and database are percent-decoded; query parameters become keywords.
std::string PostgresKeywords(const std::string& url);

// True when `e` is a unique-constraint violation (SQLite SQLITE_CONSTRAINT_UNIQUE, PostgreSQL 23505).
bool IsUniqueViolation(const std::exception& e);
// True when `e` is a foreign-key violation.
bool IsForeignKeyViolation(const std::exception& e);

}  // namespace spotter::storage
