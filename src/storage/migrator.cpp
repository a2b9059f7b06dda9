#include "storage/migrator.hpp"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "common/random.hpp"

namespace spotter::storage {

namespace {

// Arbitrary constant identifying Spotter's migration lock among PostgreSQL advisory locks.
constexpr long long kMigrationLockKey = 0x53706f7474657231LL;  // "Spotter1"

const char* kCreateTableSqlite =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " checksum TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))";
const char* kCreateTablePostgres =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " checksum TEXT NOT NULL,"
    " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";

std::map<int, std::string> AppliedChecksums(soci::session& s) {
    std::map<int, std::string> applied;
    int version = 0;
    std::string checksum;
    soci::statement st = (s.prepare << "SELECT version, checksum FROM schema_migrations ORDER BY version",
                          soci::into(version), soci::into(checksum));
    st.execute();
    while (st.fetch()) applied[version] = checksum;
    return applied;
}

}  // namespace

std::string MigrationChecksum(const std::string& sql) {
    InitCrypto();
    unsigned char hash[16];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(sql.data()), sql.size(), nullptr, 0);
    char hex[sizeof hash * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return hex;
}

MigrationReport Migrate(Database& db) { return Migrate(db, BuiltInMigrations(db.dialect())); }

MigrationReport Migrate(Database& db, const std::vector<Migration>& migrations) {
    MigrationReport report;
    Database::Lease lease = db.Acquire();
    soci::session& s = lease.session();
    const bool postgres = db.dialect() == Dialect::kPostgres;

    auto begin_locked = [&] {
        if (postgres) {
            s << "BEGIN";
            long long key = kMigrationLockKey;
            s << "SELECT pg_advisory_xact_lock(:key)", soci::use(key);
        } else {
            s << "BEGIN IMMEDIATE";
        }
    };

    // The table itself, under the lock so concurrent first starts do not race on it.
    begin_locked();
    try {
        s << (postgres ? kCreateTablePostgres : kCreateTableSqlite);
        s << "COMMIT";
    } catch (...) {
        s << "ROLLBACK";
        throw;
    }

    for (const Migration& migration : migrations) {
        begin_locked();
        try {
            auto applied = AppliedChecksums(s);
            auto found = applied.find(migration.version);
            std::string checksum = MigrationChecksum(migration.sql);
            if (found != applied.end()) {
                if (found->second != checksum) {
                    throw std::runtime_error("migration " + std::to_string(migration.version) + " (" + migration.name +
                                             ") was changed after it was applied; add a new migration instead");
                }
                s << "COMMIT";
                continue;
            }
            db.ExecScript(s, migration.sql);
            s << "INSERT INTO schema_migrations(version, name, checksum) VALUES(:v, :n, :c)",
                soci::use(migration.version), soci::use(migration.name), soci::use(checksum);
            s << "COMMIT";
            report.applied.push_back(migration.version);
        } catch (const std::exception& e) {
            try {
                s << "ROLLBACK";
            } catch (...) {
                lease.MarkBroken();
            }
            std::string what = e.what();
            if (what.rfind("migration ", 0) == 0) throw;
            throw std::runtime_error("migration " + std::to_string(migration.version) + " (" + migration.name +
                                     ") failed: " + what);
        }
    }

    int current = 0;
    soci::indicator ind = soci::i_ok;
    s << "SELECT MAX(version) FROM schema_migrations", soci::into(current, ind);
    report.current_version = ind == soci::i_null ? 0 : current;
    return report;
}

}  // namespace spotter::storage
