// One storage suite for both backends: SPOTTER_TEST_BACKEND=sqlite (default) or postgres.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "accounts/admin.hpp"
#include "accounts/user_repository.hpp"
#include "common/error.hpp"
#include "storage/database.hpp"
#include "storage/migrator.hpp"
#include "storage/statements.hpp"
#include "support/test_database.hpp"

namespace spotter::storage {
namespace {

using testing::TestDatabase;
using testing::UsingPostgres;

class StorageTest : public ::testing::Test {
protected:
    StorageTest() : db_(Database::Open(database_.url(), 8)) {}
    TestDatabase database_;
    std::unique_ptr<Database> db_;
};

long long Count(Database& db, const std::string& sql) {
    return db.Read([&](Tx& tx) {
        long long n = 0;
        tx.sql << sql, soci::into(n);
        return n;
    });
}

TEST_F(StorageTest, DialectFollowsTheUrl) {
    EXPECT_EQ(db_->dialect(), UsingPostgres() ? Dialect::kPostgres : Dialect::kSqlite);
}

TEST_F(StorageTest, BuiltInMigrationsApplyOnceAndRecordTheirVersion) {
    auto first = Migrate(*db_);
    const auto& builtin = BuiltInMigrations(db_->dialect());
    ASSERT_FALSE(builtin.empty());
    EXPECT_EQ(first.applied.size(), builtin.size());
    EXPECT_EQ(first.current_version, builtin.back().version);
    auto second = Migrate(*db_);
    EXPECT_TRUE(second.applied.empty());
    EXPECT_EQ(second.current_version, builtin.back().version);
    EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM schema_migrations"), static_cast<long long>(builtin.size()));
}

TEST_F(StorageTest, BothDialectsHaveTheSameMigrationVersions) {
    const auto& sqlite = BuiltInMigrations(Dialect::kSqlite);
    const auto& postgres = BuiltInMigrations(Dialect::kPostgres);
    ASSERT_EQ(sqlite.size(), postgres.size());
    for (std::size_t i = 0; i < sqlite.size(); ++i) {
        EXPECT_EQ(sqlite[i].version, postgres[i].version);
        EXPECT_EQ(sqlite[i].name, postgres[i].name);
    }
}

TEST_F(StorageTest, SqliteRunsWithWalFullSyncAndForeignKeys) {
    if (UsingPostgres()) GTEST_SKIP() << "SQLite settings";
    auto lease = db_->Acquire();
    std::string journal;
    int synchronous = 0, foreign_keys = 0, busy = 0;
    lease.session() << "PRAGMA journal_mode", soci::into(journal);
    lease.session() << "PRAGMA synchronous", soci::into(synchronous);
    lease.session() << "PRAGMA foreign_keys", soci::into(foreign_keys);
    lease.session() << "PRAGMA busy_timeout", soci::into(busy);
    EXPECT_EQ(journal, "wal");
    EXPECT_EQ(synchronous, 2);
    EXPECT_EQ(foreign_keys, 1);
    EXPECT_GE(busy, 1000);
}

TEST_F(StorageTest, WriteCommitsOrRollsBackAsAWhole) {
    Migrate(*db_, {{1, "things", "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"}});
    db_->Write([](Tx& tx) {
        tx.sql << "INSERT INTO things(id, name) VALUES(1, 'one')";
        tx.sql << "INSERT INTO things(id, name) VALUES(2, 'two')";
    });
    EXPECT_THROW(db_->Write([](Tx& tx) {
                     tx.sql << "INSERT INTO things(id, name) VALUES(3, 'three')";
                     throw std::runtime_error("changed my mind");
                 }),
                 std::runtime_error);
    EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM things"), 2);
    try {
        db_->Write([](Tx& tx) {
            tx.sql << "INSERT INTO things(id, name) VALUES(4, 'four')";
            tx.sql << "INSERT INTO things(id, name) VALUES(5, 'one')";
        });
        FAIL() << "duplicate accepted";
    } catch (const std::exception& e) {
        EXPECT_TRUE(IsUniqueViolation(e)) << e.what();
    }
    EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM things"), 2);
}

TEST_F(StorageTest, AfterCommitRunsOnlyOnceTheTransactionCommitted) {
    Migrate(*db_, {{1, "things", "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"}});
    std::vector<std::string> seen;
    db_->Write([&](Tx& tx) {
        tx.sql << "INSERT INTO things(id, name) VALUES(1, 'one')";
        tx.AfterCommit([&] { seen.push_back("committed " + std::to_string(Count(*db_, "SELECT COUNT(*) FROM things"))); });
        seen.push_back("inside");
    });
    EXPECT_THROW(db_->Write([&](Tx& tx) {
                     tx.sql << "INSERT INTO things(id, name) VALUES(2, 'two')";
                     tx.AfterCommit([&] { seen.push_back("rolled back"); });
                     throw std::runtime_error("changed my mind");
                 }),
                 std::runtime_error);
    // The hook ran after the commit (another connection already sees the row), and never for the rollback.
    EXPECT_EQ(seen, (std::vector<std::string>{"inside", "committed 1"}));
}

// Rows of a small table through statements prepared once per connection.
struct ThingRow {
    long long id = 0;
    std::string name;
    soci::indicator name_i = soci::i_ok;
    void Bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(name, name_i));
    }
};

TEST_F(StorageTest, CachedStatementsRebindTheirParametersOnEveryUse) {
    Migrate(*db_, {{1, "things", "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT, size INTEGER)"}});
    constexpr const char* kInsert = "INSERT INTO things(id, name, size) VALUES(:id, :name, :size)";
    constexpr const char* kBySize = "SELECT id, name FROM things WHERE size >= :size ORDER BY id";
    db_->Write([&](Tx& tx) {
        for (std::int64_t id = 1; id <= 4; ++id) {
            std::optional<std::string> name;
            if (id != 3) name = "thing " + std::to_string(id);
            EXPECT_EQ(Exec(tx, kInsert, id, name, static_cast<int>(id * 10)), 1);
        }
    });
    auto ids = [&](int size) {
        return db_->Read([&](Tx& tx) {
            std::vector<std::string> out;
            auto rows = Query<ThingRow>(tx, kBySize, size);
            while (rows.Next()) out.push_back(std::to_string(rows->id) + (rows->name_i == soci::i_ok ? rows->name : "-"));
            return out;
        });
    };
    // The same statement, different values, run many times on the same connections.
    for (int round = 0; round < 3; ++round) {
        EXPECT_EQ(ids(30), (std::vector<std::string>{"3-", "4thing 4"}));
        EXPECT_EQ(ids(0), (std::vector<std::string>{"1thing 1", "2thing 2", "3-", "4thing 4"}));
        EXPECT_EQ(ids(41), std::vector<std::string>{});
    }
    EXPECT_EQ(db_->Read([&](Tx& tx) { return Scalar<long long>(tx, "SELECT MAX(size) FROM things WHERE id < :id", 3); }),
              20);
    EXPECT_EQ(db_->Read([&](Tx& tx) { return Scalar<long long>(tx, "SELECT MAX(size) FROM things WHERE id < :id", 1); }),
              std::nullopt);
    // A statement used again while its first use is still being read gets a private copy.
    auto pairs = db_->Read([&](Tx& tx) {
        std::vector<std::string> out;
        auto outer = Query<ThingRow>(tx, kBySize, 30);
        while (outer.Next()) {
            auto inner = Query<ThingRow>(tx, kBySize, 40);
            while (inner.Next()) out.push_back(std::to_string(outer->id) + "/" + std::to_string(inner->id));
        }
        return out;
    });
    EXPECT_EQ(pairs, (std::vector<std::string>{"3/4", "4/4"}));
}

TEST_F(StorageTest, CachedStatementsSurviveAFailedTransaction) {
    Migrate(*db_, {{1, "things", "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"}});
    constexpr const char* kInsert = "INSERT INTO things(id, name) VALUES(:id, :name)";
    db_->Write([&](Tx& tx) { Exec(tx, kInsert, 1, "one"); });
    try {
        db_->Write([&](Tx& tx) { Exec(tx, kInsert, 2, "one"); });
        FAIL() << "duplicate accepted";
    } catch (const std::exception& e) {
        EXPECT_TRUE(IsUniqueViolation(e)) << e.what();
    }
    db_->Write([&](Tx& tx) { Exec(tx, kInsert, 2, "two"); });
    EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM things"), 2);
}

TEST_F(StorageTest, AnUnfinishedReadDoesNotKeepAnOldSnapshot) {
    Migrate(*db_, {{1, "things", "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)"}});
    db_->Write([&](Tx& tx) {
        for (int id = 1; id <= 5; ++id) Exec(tx, "INSERT INTO things(id, name) VALUES(:id, :name)", id, "x");
    });
    // One connection, so every transaction below reuses the same cached statements.
    auto single = Database::Open(database_.url(), 1);
    constexpr const char* kAll = "SELECT id, name FROM things ORDER BY id";
    auto first = single->Read([&](Tx& tx) {
        auto rows = Query<ThingRow>(tx, kAll);
        return rows.Next() ? rows->id : 0;  // stops after the first of five rows
    });
    EXPECT_EQ(first, 1);
    db_->Write([&](Tx& tx) { Exec(tx, "INSERT INTO things(id, name) VALUES(:id, :name)", 6, "new"); });
    // A commit made elsewhere in between is visible to the next transaction of that connection, read or write.
    EXPECT_EQ(single->Read([&](Tx& tx) { return Scalar<long long>(tx, "SELECT COUNT(*) FROM things"); }), 6);
    single->Write([&](Tx& tx) { Exec(tx, "INSERT INTO things(id, name) VALUES(:id, :name)", 7, "mine"); });
    EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM things"), 7);
}

TEST_F(StorageTest, QueuedSqliteWritesCommitTogetherAndFailAlone) {
    if (UsingPostgres()) GTEST_SKIP() << "the write queue is SQLite's";
    Migrate(*db_, {{1, "things", "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"}});
    // The first write holds the writer's turn until the others are queued behind it; they then commit together.
    std::promise<void> started, release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<int> hooks{0};
    auto first = std::async(std::launch::async, [&] {
        db_->Write([&](Tx& tx) {
            Exec(tx, "INSERT INTO things(id, name) VALUES(:id, :name)", 1, "first");
            started.set_value();
            released.wait();
        });
    });
    started.get_future().wait();
    std::vector<std::future<std::string>> writers;
    for (int i = 2; i <= 9; ++i) {
        writers.push_back(std::async(std::launch::async, [&, i]() -> std::string {
            try {
                return db_->Write([&](Tx& tx) -> std::string {
                    // Number 5 takes the first write's name, after inserting a row of its own.
                    Exec(tx, "INSERT INTO things(id, name) VALUES(:id, :name)", 100 + i, "extra " + std::to_string(i));
                    Exec(tx, "INSERT INTO things(id, name) VALUES(:id, :name)", i, i == 5 ? "first" : std::to_string(i));
                    tx.AfterCommit([&] { ++hooks; });
                    return "wrote " + std::to_string(i);
                });
            } catch (const std::exception& e) {
                return IsUniqueViolation(e) ? "duplicate" : e.what();
            }
        }));
    }
    // Time for the eight writers to queue up behind the first.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    release.set_value();
    first.get();
    for (int i = 2; i <= 9; ++i) {
        EXPECT_EQ(writers[i - 2].get(), i == 5 ? "duplicate" : "wrote " + std::to_string(i));
    }
    EXPECT_EQ(hooks.load(), 7);
    // The failed write left nothing behind, not even its first row; every other write is there.
    EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM things"), 1 + 7 * 2);
    EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM things WHERE id = 105"), 0);
    auto stats = db_->Stats();
    EXPECT_EQ(stats.queued_writes_total, 9u);
    EXPECT_LT(stats.write_commits_total, 9u);
}

TEST_F(StorageTest, ForeignKeysAreEnforced) {
    Migrate(*db_, {{1, "parents", "CREATE TABLE parents (id INTEGER PRIMARY KEY);"
                                  "CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL "
                                  "REFERENCES parents(id))"}});
    try {
        db_->Write([](Tx& tx) { tx.sql << "INSERT INTO children(id, parent_id) VALUES(1, 42)"; });
        FAIL() << "orphan accepted";
    } catch (const std::exception& e) {
        EXPECT_TRUE(IsForeignKeyViolation(e)) << e.what();
    }
}

TEST_F(StorageTest, ConcurrentWritersLoseNothing) {
    Migrate(*db_, {{1, "counter", "CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
                                  "CREATE TABLE events (id INTEGER PRIMARY KEY, worker INTEGER NOT NULL);"
                                  "INSERT INTO counter(id, n) VALUES(1, 0)"}});
    constexpr int kThreads = 8;
    constexpr int kEach = 40;
    std::atomic<int> next_id{1};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                int id = next_id++;
                db_->Write([&](Tx& tx) {
                    tx.sql << "UPDATE counter SET n = n + 1 WHERE id = 1";
                    tx.sql << "INSERT INTO events(id, worker) VALUES(:id, :w)", soci::use(id), soci::use(t);
                });
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(Count(*db_, "SELECT n FROM counter WHERE id = 1"), kThreads * kEach);
    EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM events"), kThreads * kEach);
}

TEST_F(StorageTest, EditedMigrationStopsStartUp) {
    Migrate(*db_, {{1, "a", "CREATE TABLE a (id INTEGER PRIMARY KEY)"}});
    try {
        Migrate(*db_, {{1, "a", "CREATE TABLE a (id INTEGER PRIMARY KEY, extra TEXT)"}});
        FAIL() << "edited migration accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("changed after it was applied"), std::string::npos) << e.what();
    }
}

TEST_F(StorageTest, FailedMigrationLeavesNothingBehind) {
    std::vector<Migration> migrations = {
        {1, "good", "CREATE TABLE good (id INTEGER PRIMARY KEY)"},
        {2, "broken", "CREATE TABLE half (id INTEGER PRIMARY KEY); THIS IS NOT SQL"},
    };
    try {
        Migrate(*db_, migrations);
        FAIL() << "broken migration applied";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("migration 2 (broken) failed"), std::string::npos) << e.what();
    }
    EXPECT_EQ(Count(*db_, "SELECT MAX(version) FROM schema_migrations"), 1);
    // The first statement of the failed migration was rolled back with it.
    EXPECT_THROW(Count(*db_, "SELECT COUNT(*) FROM half"), std::exception);
}

TEST_F(StorageTest, TwoInstancesMigratingAtOnceApplyEachMigrationOnce) {
    std::vector<Migration> migrations = {
        {1, "log", "CREATE TABLE migration_log (id INTEGER PRIMARY KEY, note TEXT NOT NULL)"},
        {2, "seed", "INSERT INTO migration_log(id, note) VALUES(1, 'seeded')"},
    };
    auto other = Database::Open(database_.url(), 2);
    std::atomic<int> applied{0};
    std::vector<std::thread> threads;
    for (Database* db : {db_.get(), other.get()}) {
        threads.emplace_back([&, db] { applied += static_cast<int>(Migrate(*db, migrations).applied.size()); });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(applied.load(), 2);
    EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM migration_log"), 1);
}

TEST_F(StorageTest, ReconnectsAfterTheServerDropsConnections) {
    if (!UsingPostgres()) GTEST_SKIP() << "PostgreSQL connection loss";
    Migrate(*db_);
    auto killer = Database::Open(database_.url(), 1);
    killer->Write([](Tx& tx) {
        tx.sql << "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                  "WHERE datname = current_database() AND pid <> pg_backend_pid()";
    });
    // Each dropped connection is noticed once and replaced; the next request succeeds.
    for (int i = 0; i < 10 && !db_->Ping(); ++i) {
    }
    EXPECT_TRUE(db_->Ping());
    EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM users"), 0);
}

TEST_F(StorageTest, UsersRoundTripWithCaseInsensitiveEmail) {
    Migrate(*db_);
    accounts::User user;
    user.email = "Kim@Example.com";
    user.name = "김트레이너";
    user.role = accounts::Role::kTrainer;
    user.password_hash = "$argon2id$placeholder";
    user.terms_agreed = true;
    std::int64_t id = db_->Write([&](Tx& tx) { return accounts::InsertUser(tx, user); });
    EXPECT_GT(id, 0);
    auto found = db_->Read([](Tx& tx) { return accounts::FindUserByEmail(tx, "  kim@EXAMPLE.com"); });
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->email, "Kim@Example.com");
    EXPECT_EQ(found->name, "김트레이너");
    EXPECT_EQ(found->role, accounts::Role::kTrainer);
    EXPECT_FALSE(found->phone);
    EXPECT_TRUE(found->terms_agreed);
    EXPECT_FALSE(found->privacy_agreed);
    EXPECT_TRUE(found->is_active);
    EXPECT_GT(found->created_at, 1700000000000000LL);
    user.email = "KIM@example.com";
    try {
        db_->Write([&](Tx& tx) { return accounts::InsertUser(tx, user); });
        FAIL() << "second account with the same e-mail";
    } catch (const std::exception& e) {
        EXPECT_TRUE(IsUniqueViolation(e)) << e.what();
    }
}

TEST_F(StorageTest, CreateAdminValidatesCreatesAndPromotes) {
    Migrate(*db_);
    accounts::PasswordHasher hasher;
    auto weak = accounts::CreateAdmin(*db_, hasher, "boss@example.com", "short", "Boss");
    ASSERT_FALSE(weak);
    EXPECT_EQ(weak.error().code, ErrorCode::kValidation);
    EXPECT_TRUE(weak.error().fields.count("password"));

    auto created = accounts::CreateAdmin(*db_, hasher, "boss@example.com", "Sturdy-Pass-2026", "Boss");
    ASSERT_TRUE(created);
    EXPECT_FALSE(created->promoted);
    auto again = accounts::CreateAdmin(*db_, hasher, "BOSS@example.com", "Other-Pass-2027!", "Boss");
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->promoted);
    EXPECT_EQ(again->id, created->id);
    auto stored = db_->Read([&](Tx& tx) { return accounts::FindUserById(tx, created->id); });
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->role, accounts::Role::kAdmin);
    EXPECT_TRUE(stored->email_verified);
    EXPECT_TRUE(hasher.Verify(stored->password_hash, "Other-Pass-2027!"));
}

}  // namespace
}  // namespace spotter::storage
