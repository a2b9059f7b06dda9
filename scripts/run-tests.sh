#!/usr/bin/env bash
# Runs every test suite against real components and ends with one summary line "N passed, M failed".
#   C++ suites (ctest): unit, cli, storage and HTTP on SQLite; storage and HTTP again on a throwaway PostgreSQL
#   cluster; the web app's unit tests (vitest); the API document lint (spectral); browser end-to-end tests
#   (playwright-core driving Debian's Chromium).
# Expects `make build` to have run. BUILD_DIR overrides the build folder.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}

passed=0
failed=0
failures=()

# ctest prints "N% tests passed, F tests failed out of T".
count_ctest() {
    local name=$1 log=$2
    local line
    line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
    if [[ -z $line ]]; then
        failed=$((failed + 1)); failures+=("$name (no result)"); return
    fi
    local f t
    f=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
    t=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
    passed=$((passed + t - f)); failed=$((failed + f))
    ((f == 0)) || failures+=("$name")
}

run_step() {
    local name=$1; shift
    echo "==> $name"
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); failures+=("$name")
    fi
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "==> C++ suites on SQLite"
(cd "$BUILD_DIR" && ctest -LE postgres --output-on-failure -j "$JOBS") 2>&1 | tee "$log"
count_ctest "C++ suites (SQLite)" "$log"

echo "==> C++ suites on PostgreSQL"
(cd "$BUILD_DIR" && ../scripts/with-postgres.sh ctest -L postgres --output-on-failure) 2>&1 | tee "$log"
count_ctest "C++ suites (PostgreSQL)" "$log"

if [[ -f web/package.json ]]; then
    run_step "web unit tests" npm --prefix web run --silent test
    run_step "API document lint" npm --prefix web run --silent lint:api
    echo "==> browser end-to-end tests"
    npm --prefix web run --silent e2e 2>&1 | tee "$log"
    line=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
    if [[ -n $line ]]; then
        p=$(sed -E 's/^e2e: ([0-9]+) passed, ([0-9]+) failed.*/\1/' <<<"$line")
        f=$(sed -E 's/^e2e: ([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"$line")
        passed=$((passed + p)); failed=$((failed + f))
        ((f == 0)) || failures+=("browser end-to-end tests")
    else
        failed=$((failed + 1)); failures+=("browser end-to-end tests (no result)")
    fi
fi

echo
if ((${#failures[@]})); then
    echo "Failed: ${failures[*]}"
fi
echo "${passed} passed, ${failed} failed"
((failed == 0))
