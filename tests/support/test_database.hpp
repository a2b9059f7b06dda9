// File: tests/support/test_database.hpp
//
// A fresh, empty database for one test, on the backend chosen by SPOTTER_TEST_BACKEND:
//   sqlite (default)  a file in a new temporary folder;
//   postgres          a new database on the cluster named by SPOTTER_TEST_PG_ADMIN_URL / SPOTTER_TEST_DATABASE_URL
//                     (scripts/with-postgres.sh starts one). Missing settings fail the test, never skip it.
#pragma once

#include <string>

namespace spotter::testing {

bool UsingPostgres();

class TestDatabase {
public:
    TestDatabase();
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    const std::string& url() const { return url_; }
    // A scratch folder removed with the database.
    const std::string& folder() const { return folder_; }

private:
    std::string url_;
    std::string folder_;
    std::string pg_name_;
};

// A new empty temporary folder, removed when the returned guard is destroyed.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace spotter::testing
