#include "storage/database.hpp"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "common/error.hpp"
#include "common/random.hpp"
#include "storage/statements.hpp"

namespace spotter::storage {

namespace {

constexpr auto kAcquireTimeout = std::chrono::seconds(10);
constexpr int kSqliteBusyTimeoutMs = 5000;

std::string RedactUrl(const std::string& url) {
    // postgresql://user:secret@host/db -> postgresql://user:***@host/db
    auto scheme_end = url.find("://");
    auto at = url.find('@');
    if (scheme_end == std::string::npos || at == std::string::npos) return url;
    auto colon = url.find(':', scheme_end + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace

std::string PostgresKeywords(const std::string& url) {
    auto quote = [](const std::string& value) {
        std::string out = "'";
        for (char c : value) {
            if (c == '\\' || c == '\'') out.push_back('\\');
            out.push_back(c);
        }
        return out + "'";
    };
    auto decode = [](const std::string& text) {
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '%' && i + 2 < text.size()) {
                out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
                i += 2;
            } else {
                out.push_back(text[i]);
            }
        }
        return out;
    };
    std::string rest = url.substr(url.find("://") + 3);
    std::string query;
    if (auto q = rest.find('?'); q != std::string::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string keywords;
    auto add = [&](const std::string& key, const std::string& value) {
        if (value.empty()) return;
        if (!keywords.empty()) keywords += ' ';
        keywords += key + "=" + quote(value);
    };
    if (auto at = rest.rfind('@'); at != std::string::npos) {
        std::string credentials = rest.substr(0, at);
        rest = rest.substr(at + 1);
        auto colon = credentials.find(':');
        add("user", decode(credentials.substr(0, colon)));
        if (colon != std::string::npos) add("password", decode(credentials.substr(colon + 1)));
    }
    std::string database;
    if (auto slash = rest.find('/'); slash != std::string::npos) {
        database = decode(rest.substr(slash + 1));
        rest = rest.substr(0, slash);
    }
    std::string host = rest, port;
    if (!host.empty() && host.front() == '[') {
        auto close = host.find(']');
        port = close + 1 < host.size() && host[close + 1] == ':' ? host.substr(close + 2) : "";
        host = host.substr(1, close - 1);
    } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
        port = host.substr(colon + 1);
        host = host.substr(0, colon);
    }
    add("host", decode(host));
    add("port", port);
    add("dbname", database);
    std::size_t start = 0;
    while (start < query.size()) {
        auto amp = query.find('&', start);
        std::string pair = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
        auto eq = pair.find('=');
        if (eq != std::string::npos) add(decode(pair.substr(0, eq)), decode(pair.substr(eq + 1)));
        if (amp == std::string::npos) break;
        start = amp + 1;
    }
    return keywords;
}

namespace {

void CheckSqlitePragmas(soci::session& s) {
    std::string journal_mode;
    s << "PRAGMA journal_mode=WAL", soci::into(journal_mode);
    s << "PRAGMA synchronous=FULL";
    s << "PRAGMA foreign_keys=ON";
    s << "PRAGMA busy_timeout=" + std::to_string(kSqliteBusyTimeoutMs);
    int synchronous = -1;
    int foreign_keys = -1;
    s << "PRAGMA journal_mode", soci::into(journal_mode);
    s << "PRAGMA synchronous", soci::into(synchronous);
    s << "PRAGMA foreign_keys", soci::into(foreign_keys);
    if (journal_mode != "wal" || synchronous != 2 || foreign_keys != 1) {
        throw std::runtime_error("SQLite refused the required settings (journal_mode=" + journal_mode +
                                 ", synchronous=" + std::to_string(synchronous) +
                                 ", foreign_keys=" + std::to_string(foreign_keys) + ")");
    }
}

}  // namespace

std::unique_ptr<Database> Database::Open(const std::string& url, std::size_t pool_size) {
    if (pool_size == 0) pool_size = 1;
    std::unique_ptr<Database> db;
    if (url.rfind("sqlite:", 0) == 0) {
        // Before SQLite initialises (the first connection): no global allocation statistics, whose mutex every
        // allocation of every connection would take.
        static std::once_flag configured;
        std::call_once(configured, [] { ::sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
        std::string path = url.substr(7);
        if (path.find_first_of(" \t'\"") != std::string::npos) {
            throw std::runtime_error("SPOTTER_DATABASE_URL: the SQLite path must not contain spaces or quotes");
        }
        std::filesystem::path parent = std::filesystem::path(path).parent_path();
        std::error_code ec;
        if (!parent.empty()) std::filesystem::create_directories(parent, ec);
        if (ec) throw std::runtime_error("cannot create the database folder " + parent.string() + ": " + ec.message());
        db.reset(new Database(Dialect::kSqlite,
                              "db=" + path + " timeout=" + std::to_string(kSqliteBusyTimeoutMs / 1000), url));
    } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
        db.reset(new Database(Dialect::kPostgres, PostgresKeywords(url), RedactUrl(url)));
    } else {
        throw std::runtime_error("unsupported database URL: " + RedactUrl(url));
    }
    db->slots_.resize(pool_size);
    for (std::size_t i = 0; i < pool_size; ++i) db->Connect(i);
    return db;
}

Database::Database(Dialect dialect, std::string connect_string, std::string redacted_url)
    : dialect_(dialect), connect_string_(std::move(connect_string)), redacted_url_(std::move(redacted_url)) {}

Database::~Database() {
    for (Slot& slot : slots_) slot.statements.reset();
}

void Database::Connect(std::size_t index) {
    Slot& slot = slots_[index];
    slot.statements.reset();
    slot.session.reset();
    try {
        if (dialect_ == Dialect::kSqlite) {
            slot.session = std::make_unique<soci::session>(soci::sqlite3, connect_string_);
            CheckSqlitePragmas(*slot.session);
        } else {
            slot.session = std::make_unique<soci::session>(soci::postgresql, connect_string_);
            *slot.session << "SET TIME ZONE 'UTC'";
        }
    } catch (const soci::soci_error& e) {
        slot.session.reset();
        std::string message = e.what();
        // Never echo a connection string: libpq may quote it in its message.
        for (auto pos = message.find(connect_string_); pos != std::string::npos; pos = message.find(connect_string_)) {
            message.replace(pos, connect_string_.size(), redacted_url_);
        }
        throw std::runtime_error("cannot open the database " + redacted_url_ + ": " + message);
    }
    slot.statements = std::make_unique<StatementCache>();
    slot.broken = false;
}

Database::Lease Database::Acquire() {
    std::unique_lock lock(mutex_);
    std::size_t index = slots_.size();
    bool got = freed_.wait_for(lock, kAcquireTimeout, [&] {
        for (std::size_t i = 0; i < slots_.size(); ++i) {
            if (!slots_[i].in_use) {
                index = i;
                return true;
            }
        }
        return false;
    });
    if (!got) {
        wait_timeouts_total_.fetch_add(1, std::memory_order_relaxed);
        throw ApiError(ErrorCode::kServiceUnavailable, "The server is busy; please try again in a moment.");
    }
    Slot& slot = slots_[index];
    slot.in_use = true;
    ++in_use_;
    acquired_total_.fetch_add(1, std::memory_order_relaxed);
    if (slot.broken || !slot.session) {
        lock.unlock();
        try {
            Connect(index);
        } catch (const std::exception&) {
            Release(index);
            throw ApiError(ErrorCode::kServiceUnavailable, "The database is unavailable; please try again shortly.");
        }
    }
    return Lease(*this, index);
}

void Database::Release(std::size_t index) {
    {
        std::lock_guard lock(mutex_);
        slots_[index].in_use = false;
        --in_use_;
    }
    freed_.notify_one();
}

Database::Lease::~Lease() {
    if (db_) db_->Release(index_);
}

soci::session& Database::Lease::session() const { return *db_->slots_[index_].session; }

StatementCache* Database::Lease::statements() const { return db_->slots_[index_].statements.get(); }

void Database::Lease::MarkBroken() { db_->slots_[index_].broken = true; }

void Database::Lease::ClearStatements() {
    if (auto* cache = statements()) cache->Clear();
}

void Database::Begin(Tx& tx, bool write) const {
    if (dialect_ == Dialect::kSqlite) {
        Exec(tx, write ? "BEGIN IMMEDIATE" : "BEGIN");
    } else {
        Exec(tx, write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    }
}

void Database::Commit(Tx& tx) const { Exec(tx, "COMMIT"); }

Database::Failure Database::Classify(const std::exception& e) const {
    if (const auto* sqlite_error = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
        int code = sqlite_error->result() & 0xff;
        if (code == 5 /*SQLITE_BUSY*/ || code == 6 /*SQLITE_LOCKED*/) return Failure::kTransient;
        return Failure::kOther;
    }
    if (const auto* pg_error = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
        std::string state = pg_error->sqlstate();
        if (state == "40001" || state == "40P01") return Failure::kTransient;
        // A reused prepared statement whose tables changed shape (another instance migrated): the failed
        // transaction dropped this connection's statements, so running it again prepares them afresh.
        if (state == "0A000" && std::string(e.what()).find("cached plan") != std::string::npos) {
            return Failure::kTransient;
        }
        if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0) return Failure::kBrokenConnection;
        if (pg_error->get_error_category() == soci::soci_error::connection_error) return Failure::kBrokenConnection;
        return Failure::kOther;
    }
    if (const auto* soci_error = dynamic_cast<const soci::soci_error*>(&e)) {
        if (soci_error->get_error_category() == soci::soci_error::connection_error) return Failure::kBrokenConnection;
    }
    return Failure::kOther;
}

struct Database::QueuedWrite {
    const std::function<void(Tx&)>* fn = nullptr;
    std::exception_ptr error;                      // set when this write did not commit
    std::vector<std::function<void()>> committed;  // its Tx::AfterCommit functions
    bool done = false;                             // under write_mutex_
};

namespace {

constexpr std::size_t kMaxWritesPerCommit = 64;

// Set while this thread runs queued write functions: a write function that calls Write would wait for itself.
thread_local bool running_writes = false;

bool SqliteInTransaction(soci::session& session) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(session.get_backend());
    return ::sqlite_api::sqlite3_get_autocommit(backend->conn_) == 0;
}

}  // namespace

void Database::QueueWrite(const std::function<void(Tx&)>& fn) {
    if (running_writes) throw std::logic_error("Database::Write called inside a write transaction");
    QueuedWrite mine;
    mine.fn = &fn;
    std::unique_lock lock(write_mutex_);
    write_queue_.push_back(&mine);
    write_turn_.wait(lock, [&] { return mine.done || write_queue_.front() == &mine; });
    if (!mine.done) {
        // First in line: commit this write and those queued behind it, then hand the turn on.
        std::size_t count = std::min(write_queue_.size(), kMaxWritesPerCommit);
        std::vector<QueuedWrite*> batch(write_queue_.begin(), write_queue_.begin() + static_cast<std::ptrdiff_t>(count));
        lock.unlock();
        CommitTogether(batch);
        // In-memory copies forget what changed before any writer is told its write committed. A function that
        // breaks its promise not to throw must not leave the writers behind this one waiting forever.
        for (QueuedWrite* write : batch) {
            for (auto& after : write->committed) {
                try {
                    after();
                } catch (...) {
                }
            }
        }
        lock.lock();
        for (QueuedWrite* write : batch) write->done = true;
        write_queue_.erase(write_queue_.begin(), write_queue_.begin() + static_cast<std::ptrdiff_t>(count));
        lock.unlock();
        write_turn_.notify_all();
    } else {
        lock.unlock();
    }
    if (mine.error) std::rethrow_exception(mine.error);
}

void Database::CommitTogether(const std::vector<QueuedWrite*>& batch) {
    struct Running {
        Running() { running_writes = true; }
        ~Running() { running_writes = false; }
    } running;
    queued_writes_total_.fetch_add(batch.size(), std::memory_order_relaxed);
    const bool together = batch.size() > 1;
    constexpr int kMaxAttempts = 5;
    for (int attempt = 1;; ++attempt) {
        for (QueuedWrite* write : batch) {
            write->error = nullptr;
            write->committed.clear();
        }
        std::optional<Lease> lease;
        std::exception_ptr failed;
        Failure failure = Failure::kOther;
        try {
            lease.emplace(Acquire());
            soci::session& s = lease->session();
            Tx tx{s, dialect_, lease->statements(), nullptr};
            Begin(tx, /*write=*/true);
            for (QueuedWrite* write : batch) {
                Tx own{s, dialect_, lease->statements(), &write->committed};
                if (together) Exec(own, "SAVEPOINT queued_write");
                try {
                    (*write->fn)(own);
                    if (together) Exec(own, "RELEASE queued_write");
                } catch (...) {
                    if (!together) throw;  // alone, the whole transaction rolls back, as in Run
                    // Only this write's changes are undone; the others go on.
                    write->error = std::current_exception();
                    write->committed.clear();
                    lease->ClearStatements();
                    s << "ROLLBACK TO queued_write";
                    s << "RELEASE queued_write";
                }
                // Some failures (disk full, I/O errors) make SQLite roll the whole transaction back: then none of
                // the writes may be reported as committed.
                if (!SqliteInTransaction(s)) throw std::runtime_error("SQLite rolled back the write transaction");
            }
            Commit(tx);
            write_commits_total_.fetch_add(1, std::memory_order_relaxed);
            return;
        } catch (const std::exception& e) {
            failed = std::current_exception();
            failure = Classify(e);
        } catch (...) {
            failed = std::current_exception();
        }
        if (lease) {
            lease->ClearStatements();
            try {
                if (SqliteInTransaction(lease->session())) lease->session() << "ROLLBACK";
            } catch (...) {
                failure = Failure::kBrokenConnection;
            }
            if (failure == Failure::kBrokenConnection) lease->MarkBroken();
        }
        if (failure == Failure::kTransient && attempt < kMaxAttempts) {
            lease.reset();
            BackOff(attempt);
            continue;
        }
        for (QueuedWrite* write : batch) {
            write->error = failed;
            write->committed.clear();
        }
        return;
    }
}

void Database::BackOff(int attempt) {
    // 2, 4, 8, 16 ms plus jitter, so retried writers do not collide again in lockstep.
    auto base = std::chrono::milliseconds(1 << attempt);
    auto jitter = std::chrono::microseconds(std::stoul(RandomHex(2), nullptr, 16) % 1000);
    std::this_thread::sleep_for(base + jitter);
}

void Database::ExecScript(soci::session& session, const std::string& sql) const {
    if (dialect_ == Dialect::kSqlite) {
        auto* backend = static_cast<soci::sqlite3_session_backend*>(session.get_backend());
        char* message = nullptr;
        int rc = ::sqlite_api::sqlite3_exec(backend->conn_, sql.c_str(), nullptr, nullptr, &message);
        if (rc != 0) {
            std::string text = message ? message : "unknown error";
            ::sqlite_api::sqlite3_free(message);
            throw soci::sqlite3_soci_error(text, rc);
        }
        return;
    }
    auto* backend = static_cast<soci::postgresql_session_backend*>(session.get_backend());
    PGresult* result = PQexec(backend->conn_, sql.c_str());
    ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        std::string text = PQresultErrorMessage(result);
        const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        PQclear(result);
        throw soci::postgresql_soci_error(text, state ? state : "XX000");
    }
    PQclear(result);
}

bool Database::Ping() {
    try {
        Lease lease = Acquire();
        int one = 0;
        try {
            lease.session() << "SELECT 1", soci::into(one);
        } catch (const std::exception&) {
            // libpq reports some dropped connections without a SQLSTATE: a failed ping always reconnects.
            lease.MarkBroken();
            return false;
        }
        return one == 1;
    } catch (const std::exception&) {
        return false;
    }
}

PoolStats Database::Stats() const {
    std::lock_guard lock(mutex_);
    return PoolStats{slots_.size(),
                     in_use_,
                     acquired_total_.load(),
                     wait_timeouts_total_.load(),
                     queued_writes_total_.load(),
                     write_commits_total_.load()};
}

StatementCache::Entry* StatementCache::Find(std::string_view sql, const std::type_info& type) const {
    auto found = entries_.find(sql);
    if (found == entries_.end()) return nullptr;
    if (*found->second.type != type) {
        throw std::logic_error("one SQL text used with two different column or parameter types: " + std::string(sql));
    }
    return found->second.entry.get();
}

StatementCache::Entry* StatementCache::Keep(std::string_view sql, const std::type_info& type,
                                            std::unique_ptr<Entry>& entry) {
    if (entries_.size() >= kMaxStatements) return nullptr;
    Entry* kept = entry.get();
    entries_.emplace(std::string(sql), Kept{&type, std::move(entry)});
    return kept;
}

namespace detail {

void ResetStatement(Dialect dialect, soci::statement& statement) {
    if (dialect != Dialect::kSqlite) return;  // libpq results are read whole; nothing stays open
    auto* backend = static_cast<soci::sqlite3_statement_backend*>(statement.get_backend());
    if (backend && backend->stmt_) ::sqlite_api::sqlite3_reset(backend->stmt_);
}

}  // namespace detail

bool IsUniqueViolation(const std::exception& e) {
    if (const auto* sqlite_error = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
        int code = sqlite_error->result();
        return code == 2067 /*SQLITE_CONSTRAINT_UNIQUE*/ || code == 1555 /*SQLITE_CONSTRAINT_PRIMARYKEY*/ ||
               ((code & 0xff) == 19 && std::string(e.what()).find("UNIQUE") != std::string::npos);
    }
    if (const auto* pg_error = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
        return pg_error->sqlstate() == "23505";
    }
    return false;
}

bool IsForeignKeyViolation(const std::exception& e) {
    if (const auto* sqlite_error = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
        int code = sqlite_error->result();
        return code == 787 /*SQLITE_CONSTRAINT_FOREIGNKEY*/ ||
               ((code & 0xff) == 19 && std::string(e.what()).find("FOREIGN KEY") != std::string::npos);
    }
    if (const auto* pg_error = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
        return pg_error->sqlstate() == "23503";
    }
    return false;
}

}  // namespace spotter::storage
