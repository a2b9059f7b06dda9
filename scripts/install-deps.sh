#!/usr/bin/env bash
# Installs what Spotter needs to build, run and test, and nothing that is already there.
# Debian 12 (bookworm) packages through apt; the web app's packages through npm.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # toolchain and C++ libraries
  g++ cmake make pkg-config
  libboost-dev libsoci-dev libsqlite3-dev libpq-dev nlohmann-json3-dev libjwt-dev libsodium-dev
  libcurl4-openssl-dev libspdlog-dev libfmt-dev libcli11-dev zlib1g-dev libcctz-dev tzdata
  libvips-dev
  # demonstration videos are checked with ffprobe
  ffmpeg
  libgtest-dev libgmock-dev libbenchmark-dev
  # web app build
  nodejs npm
  # real components used by the tests
  sqlite3 postgresql-15 chromium python3-aiosmtpd redis-server
  # pictures of a person for the browser's fake camera in the coaching tests
  darknet workrave-data
  # benchmarks
  wrk nginx-light
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
# nodejs/npm may come from elsewhere on a developer machine: accept working commands.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Web app packages: reinstall when package-lock.json changed since the last install.
if [[ -f web/package-lock.json ]]; then
  stamp=web/node_modules/.spotter-lock
  if [[ ! -f $stamp ]] || ! cmp -s web/package-lock.json "$stamp"; then
    echo "install-deps: npm ci in web/"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
    cp web/package-lock.json "$stamp"
  fi
fi
