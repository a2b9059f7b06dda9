// File: storage/migrator.hpp
//
// Versioned schema migrations, kept per dialect under migrations/<dialect>/NNNN_name.sql and compiled into the
// binary. Applied versions are recorded in `schema_migrations` with a checksum; a migration that was edited
// after it was applied stops start-up. Two instances migrating one PostgreSQL database at once are serialised
// by an advisory lock (SQLite: by BEGIN IMMEDIATE), so each migration runs exactly once.
#pragma once

#include <string>
#include <vector>

#include "storage/database.hpp"

namespace spotter::storage {

struct Migration {
    int version = 0;
    std::string name;
    std::string sql;
};

struct MigrationReport {
    std::vector<int> applied;     // versions applied by this call, in order
    int current_version = 0;      // the database's version afterwards
};

// The migrations compiled into this binary for `dialect`, ordered by version.
const std::vector<Migration>& BuiltInMigrations(Dialect dialect);

// Applies the pending migrations of `migrations` (defaults to the built-in ones). Throws std::runtime_error
// naming the migration when one fails (its transaction is rolled back) or when an applied one was changed.
MigrationReport Migrate(Database& db);
MigrationReport Migrate(Database& db, const std::vector<Migration>& migrations);

// A short stable hash of a migration's text (hex).
std::string MigrationChecksum(const std::string& sql);

}  // namespace spotter::storage
