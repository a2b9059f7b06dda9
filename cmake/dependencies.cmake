# Every third-party library comes from a Debian bookworm package (see scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(CURL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(JWT REQUIRED IMPORTED_TARGET libjwt)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(VIPS REQUIRED IMPORTED_TARGET vips)

# SOCI ships no CMake config or pkg-config file on bookworm: assemble an imported target by hand.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIB soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIB soci_sqlite3 REQUIRED)
find_library(SOCI_POSTGRESQL_LIB soci_postgresql REQUIRED)
add_library(soci_all INTERFACE)
target_include_directories(soci_all SYSTEM INTERFACE ${SOCI_INCLUDE_DIR} ${PostgreSQL_INCLUDE_DIRS})
target_link_libraries(soci_all INTERFACE ${SOCI_SQLITE3_LIB} ${SOCI_POSTGRESQL_LIB} ${SOCI_CORE_LIB}
                      PkgConfig::SQLITE3 PostgreSQL::PostgreSQL ${CMAKE_DL_LIBS})

if(SPOTTER_BUILD_TESTS)
    find_package(GTest REQUIRED)
endif()
if(SPOTTER_BUILD_BENCH)
    find_package(benchmark REQUIRED)
endif()

# CCTZ (time zones from the system's zoneinfo) ships neither a CMake config nor a pkg-config file.
find_path(CCTZ_INCLUDE_DIR cctz/time_zone.h REQUIRED)
find_library(CCTZ_LIB cctz REQUIRED)
add_library(cctz_lib INTERFACE)
target_include_directories(cctz_lib SYSTEM INTERFACE ${CCTZ_INCLUDE_DIR})
target_link_libraries(cctz_lib INTERFACE ${CCTZ_LIB})
