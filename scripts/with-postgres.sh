#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1, runs CMD with
#   SPOTTER_TEST_DATABASE_URL  postgresql://spotter:<pw>@127.0.0.1:<port>/spotter_test
#   SPOTTER_TEST_PG_ADMIN_URL  same role (CREATEDB) on database "postgres", for tests
#                              that create extra databases
# exported, then stops and deletes the cluster whatever happens, and exits with
# CMD's status.
#
# If SPOTTER_TEST_DATABASE_URL is already set, no cluster is started: CMD runs
# against that server (SPOTTER_TEST_PG_ADMIN_URL is passed through as it is).
#
# The environment variables are set for CMD only, so expand them inside it:
#   scripts/with-postgres.sh bash -c 'psql "$SPOTTER_TEST_DATABASE_URL" -c "select 1"'
set -euo pipefail

if (($# == 0)); then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

if [[ -n ${SPOTTER_TEST_DATABASE_URL:-} ]]; then
  exec "$@"
fi

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
for tool in initdb pg_ctl; do
  if [[ ! -x $PG_BIN/$tool ]]; then
    echo "with-postgres: $PG_BIN/$tool not found (install postgresql-15)" >&2
    exit 1
  fi
done
command -v psql >/dev/null || { echo "with-postgres: psql not found" >&2; exit 1; }

# initdb and the server refuse to run as root: as root (CI) they run as the
# postgres system user, otherwise as whoever runs this script.
if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with-postgres: running as root but there is no 'postgres' user (install postgresql-15)" >&2
    exit 1
  fi
  as_pg() { (cd "$tmp" && runuser -u postgres -- "$@"); }
else
  as_pg() { (cd "$tmp" && "$@"); }
fi

random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# A port nobody listens on right now. Another process may still take it before
# the server binds it; starting the server is retried with a new port for that.
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' && return
  fi
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    # A refused connection means nothing listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "with-postgres: found no free port" >&2
  return 1
}

tmp=""
started=0
# shellcheck disable=SC2317  # called through the trap
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if ((started)); then
    # Fast shutdown; immediate if that hangs; as a last resort kill the postmaster.
    if ! as_pg "$PG_BIN/pg_ctl" -D "$tmp/data" -m fast -w -t 20 stop >/dev/null 2>&1 &&
       ! as_pg "$PG_BIN/pg_ctl" -D "$tmp/data" -m immediate -w -t 10 stop >/dev/null 2>&1; then
      pid=$(head -n1 "$tmp/data/postmaster.pid" 2>/dev/null || true)
      if [[ $pid =~ ^[0-9]+$ ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
  fi
  [[ -n $tmp ]] && rm -rf -- "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The server, running as postgres, must be able to reach the directory: root's
# TMPDIR may be private, so fall back to /tmp when it isn't reachable.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/spotter-pg.XXXXXX")
if [[ $(id -u) -eq 0 ]]; then
  chown postgres: "$tmp"
  if ! runuser -u postgres -- test -x "$tmp"; then
    rm -rf -- "$tmp"
    tmp=$(mktemp -d /tmp/spotter-pg.XXXXXX)
    chown postgres: "$tmp"
  fi
fi
chmod 700 "$tmp"
log=$tmp/postgres.log

# Superuser password, given to initdb through a file only the cluster owner can read.
super_pw=$(random_hex 16)
spotter_pw=$(random_hex 16)
(umask 077 && printf '%s\n' "$super_pw" >"$tmp/pwfile")
[[ $(id -u) -eq 0 ]] && chown postgres: "$tmp/pwfile"

locale=C
if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
  locale=C.UTF-8
fi

# Password (SCRAM) authentication on TCP and on the socket alike.
if ! as_pg "$PG_BIN/initdb" -D "$tmp/data" -U postgres --pwfile="$tmp/pwfile" \
    --auth=scram-sha-256 -E UTF8 --locale="$locale" >"$tmp/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  tail -n 30 "$tmp/initdb.log" >&2
  exit 1
fi
rm -f "$tmp/pwfile"

# Settings appended to postgresql.conf (later lines win) rather than passed on
# the command line, so paths with spaces need no quoting gymnastics.
conf=$tmp/data/postgresql.conf
port=""
for attempt in 1 2 3 4 5; do
  port=$(free_port)
  cat >>"$conf" <<EOF

# with-postgres.sh (attempt $attempt)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$tmp'
max_connections = 200
EOF
  started=1   # from here on cleanup tries to stop the server, harmless if it isn't up
  if as_pg "$PG_BIN/pg_ctl" -D "$tmp/data" -l "$log" -w -t 30 start >/dev/null 2>&1; then
    break
  fi
  # Someone took the port between free_port and the bind: try another one.
  if ((attempt < 5)) && grep -q 'could not bind\|Address already in use' "$log" 2>/dev/null; then
    continue
  fi
  echo "with-postgres: PostgreSQL did not start; end of $log:" >&2
  tail -n 30 "$log" >&2 || true
  exit 1
done

# Admin statements go over the private socket as the superuser.
psql_admin() {
  PGPASSWORD=$super_pw psql -X -q -v ON_ERROR_STOP=1 -h "$tmp" -p "$port" -U postgres -d postgres "$@"
}
if ! psql_admin -v pw="$spotter_pw" >"$tmp/setup.log" 2>&1 <<'SQL'
CREATE ROLE spotter LOGIN CREATEDB PASSWORD :'pw';
CREATE DATABASE spotter_test OWNER spotter;
SQL
then
  echo "with-postgres: creating role and database failed:" >&2
  cat "$tmp/setup.log" >&2
  exit 1
fi

export SPOTTER_TEST_DATABASE_URL="postgresql://spotter:$spotter_pw@127.0.0.1:$port/spotter_test"
export SPOTTER_TEST_PG_ADMIN_URL="postgresql://spotter:$spotter_pw@127.0.0.1:$port/postgres"
echo "with-postgres: cluster on 127.0.0.1:$port" >&2

# Run CMD in the foreground (it keeps the terminal and gets Ctrl-C itself; the
# server was started in its own session by pg_ctl, so Ctrl-C does not reach it),
# then leave with its status through the EXIT trap.
set +e
"$@"
status=$?
set -e
exit "$status"
