#include "support/test_database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "common/random.hpp"
#include "storage/database.hpp"

namespace spotter::testing {

namespace {

std::string Env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

// postgresql://user:pass@host:port/db -> the same URL naming database `name`.
std::string WithDatabase(const std::string& url, const std::string& name) {
    auto slash = url.rfind('/');
    auto query = url.find('?', slash);
    return url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}

std::string AdminUrl() {
    std::string admin = Env("SPOTTER_TEST_PG_ADMIN_URL");
    if (!admin.empty()) return admin;
    std::string url = Env("SPOTTER_TEST_DATABASE_URL");
    if (url.empty()) {
        throw std::runtime_error(
            "SPOTTER_TEST_BACKEND=postgres needs SPOTTER_TEST_DATABASE_URL (run through scripts/with-postgres.sh)");
    }
    return WithDatabase(url, "postgres");
}

}  // namespace

bool UsingPostgres() { return Env("SPOTTER_TEST_BACKEND") == "postgres"; }

TempDir::TempDir() {
    auto base = std::filesystem::temp_directory_path() / ("spotter-test-" + RandomHex(6));
    std::filesystem::create_directories(base);
    path_ = base.string();
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

TestDatabase::TestDatabase() {
    auto base = std::filesystem::temp_directory_path() / ("spotter-db-" + RandomHex(6));
    std::filesystem::create_directories(base);
    folder_ = base.string();
    if (!UsingPostgres()) {
        url_ = "sqlite:" + folder_ + "/spotter.db";
        return;
    }
    pg_name_ = "spotter_t_" + RandomHex(6);
    std::string admin = AdminUrl();
    soci::session session(soci::postgresql, storage::PostgresKeywords(admin));
    session << "CREATE DATABASE " + pg_name_;
    url_ = WithDatabase(admin, pg_name_);
}

TestDatabase::~TestDatabase() {
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
    if (pg_name_.empty()) return;
    try {
        soci::session session(soci::postgresql, storage::PostgresKeywords(AdminUrl()));
        session << "DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)";
    } catch (...) {
        // The cluster is thrown away after the run anyway.
    }
}

}  // namespace spotter::testing
