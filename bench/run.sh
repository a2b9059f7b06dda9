#!/usr/bin/env bash
# Usage: bench/run.sh
#
# Measures Spotter with wrk against nginx returning a fixed JSON body, in the
# same run on the same machine, and prints a markdown table (also written to
# bench/results/latest.md). Builds nothing: run `make build` first.
#
# Environment:
#   SPOTTER_BIN      server binary (default build/spotter)
#   CONNECTIONS      wrk connections (default 64)
#   DURATION         wrk duration per scenario (default 10s)
#   THREADS          wrk threads (default 2)
#   WARMUP           warm-up run before each scenario (default 2s)
#   START_TIMEOUT    seconds to wait for GET /healthz = 200 (default 30)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_DIR=$ROOT/bench
SPOTTER_BIN=${SPOTTER_BIN:-$ROOT/build/spotter}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-2s}
START_TIMEOUT=${START_TIMEOUT:-30}
RESULTS=$BENCH_DIR/results/latest.md

# Scenarios, one per row:
#   name | target (nginx|spotter) | method | path | headers | body | lua
# headers: "Name: value" pairs separated by ";". A row with a method other than
# GET, headers or a body is sent through bench/request.lua; lua names another
# script in bench/ for requests that need logic of their own. The first nginx
# row is the baseline for the "% of nginx" column.
SCENARIOS=(
  "nginx fixed response|nginx|GET|/|||"
  "spotter GET /healthz|spotter|GET|/healthz|||"
  "spotter GET /readyz|spotter|GET|/readyz|||"
)

log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }

for tool in wrk nginx; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh installs it)"
done
[[ -x $SPOTTER_BIN ]] || die "$SPOTTER_BIN not found or not executable: run 'make build' first"

# Check the scenario table before starting anything.
for row in "${SCENARIOS[@]}"; do
  IFS='|' read -r name target _ path _ _ lua extra <<<"$row"
  [[ -z $extra ]] || die "scenario '$name': more than 7 '|'-separated fields"
  [[ $target == nginx || $target == spotter ]] || die "scenario '$name': unknown target '$target'"
  [[ $path == /* ]] || die "scenario '$name': path must start with /"
  [[ -z $lua || -f $BENCH_DIR/$lua ]] || die "scenario '$name': no script bench/$lua"
done

random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# A port nobody listens on right now (python3 lets the kernel pick one).
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' && return
  fi
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "found no free port"
}

# Status code of GET http://127.0.0.1:PORT/PATH, or nothing if there is no
# answer. Plain bash (/dev/tcp), so curl is not needed.
http_status() {
  local port=$1 path=$2
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 0
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
    line=""
    IFS= read -r -t 5 line <&3 || true
    line=${line#HTTP/* }
    echo "${line%% *}"
  ) 2>/dev/null
}

# True while PID runs (a zombie doesn't count).
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null || true)
  [[ -n $state && $state != Z* ]]
}

# Sends TERM, waits up to SECONDS, then KILL. Warns if KILL was needed.
# shellcheck disable=SC2317  # called from the trap
stop_process() {
  local pid=$1 name=$2 seconds=$3
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((seconds * 10))); do
    alive "$pid" || return 0
    sleep 0.1
  done
  log "$name (pid $pid) did not stop within ${seconds}s of SIGTERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

tmp=""
wrk_pid=""
nginx_pid=""
spotter_pid=""
# shellcheck disable=SC2317  # called through the trap
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [[ -n $wrk_pid ]] && stop_process "$wrk_pid" wrk 5
  [[ -n $spotter_pid ]] && stop_process "$spotter_pid" spotter 10
  [[ -n $nginx_pid ]] && stop_process "$nginx_pid" nginx 5
  [[ -n $tmp ]] && rm -rf -- "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

tmp=$(mktemp -d "${TMPDIR:-/tmp}/spotter-bench.XXXXXX")
chmod 755 "$tmp"   # nginx workers may run as another user when we are root

# --- nginx: the ceiling this machine allows for a trivial HTTP response ------
nginx_port=$(free_port)
cat >"$tmp/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  # wrk keeps its connections open: don't let nginx recycle them mid-run.
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  client_body_temp_path $tmp/nginx-body;
  proxy_temp_path $tmp/nginx-proxy;
  fastcgi_temp_path $tmp/nginx-fastcgi;
  uwsgi_temp_path $tmp/nginx-uwsgi;
  scgi_temp_path $tmp/nginx-scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      default_type application/json;
      return 200 '{"status":"ok"}';
    }
  }
}
EOF
# -e: the error log used before the config is read (the default is outside tmp).
nginx -e "$tmp/nginx-error.log" -c "$tmp/nginx.conf" -p "$tmp" &
nginx_pid=$!
for _ in $(seq 50); do
  [[ $(http_status "$nginx_port" /) == 200 ]] && break
  alive "$nginx_pid" || { cat "$tmp/nginx-error.log" >&2 || true; die "nginx failed to start"; }
  sleep 0.1
done
[[ $(http_status "$nginx_port" /) == 200 ]] || die "nginx does not answer 200 on 127.0.0.1:$nginx_port"

# --- spotter --------------------------------------------------------------------
spotter_port=$(free_port)
mkdir -p "$tmp/media" "$tmp/var"
SPOTTER_BIND=127.0.0.1:$spotter_port \
SPOTTER_DATABASE_URL=sqlite:$tmp/spotter.db \
SPOTTER_MEDIA_DIR=$tmp/media \
SPOTTER_VAR_DIR=$tmp/var \
SPOTTER_SECRET_KEY=$(random_hex 32) \
SPOTTER_LOG_LEVEL=warn \
  "$SPOTTER_BIN" serve >"$tmp/spotter.log" 2>&1 &
spotter_pid=$!

start=$SECONDS
until [[ $(http_status "$spotter_port" /healthz) == 200 ]]; do
  if ! alive "$spotter_pid"; then
    wait "$spotter_pid" && rc=0 || rc=$?
    log "spotter exited with status $rc before answering /healthz; its output:"
    tail -n 40 "$tmp/spotter.log" >&2 || true
    spotter_pid=""
    exit 1
  fi
  if ((SECONDS - start >= START_TIMEOUT)); then
    log "spotter did not answer GET /healthz = 200 within ${START_TIMEOUT}s (last status: '$(http_status "$spotter_port" /healthz)'); its output:"
    tail -n 40 "$tmp/spotter.log" >&2 || true
    exit 1
  fi
  sleep 0.1
done

# --- scenarios ----------------------------------------------------------------------
# wrk prints e.g. "Requests/sec:  12345.67" and, under "Latency Distribution",
# lines like "     50%  310.00us" and "     99%    2.05ms".
wrk_field() {  # FILE KEY -> value
  case $2 in
    rps) awk '/^Requests\/sec:/ {print $2}' "$1" ;;
    p50) awk '$1 == "50%" {print $2; exit}' "$1" ;;
    p99) awk '$1 == "99%" {print $2; exit}' "$1" ;;
    requests) awk '/ requests in / {print $1; exit}' "$1" ;;
    socket_errors) sed -n 's/^ *Socket errors: *//p' "$1" ;;
    non2xx) awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' "$1" ;;
  esac
}

# wrk runs in the background so that a TERM or Ctrl-C sent to this script is
# handled at once (bash runs traps only between foreground commands); cleanup
# stops it.
run_wrk() {
  wrk "${args[@]}" "$@" &
  wrk_pid=$!
  local rc=0
  wait "$wrk_pid" || rc=$?
  wrk_pid=""
  return "$rc"
}

table_rows=()
notes=()
raw=()
baseline_rps=""
failed=0

for row in "${SCENARIOS[@]}"; do
  IFS='|' read -r name target method path headers body lua <<<"$row"
  if [[ $target == nginx ]]; then port=$nginx_port; else port=$spotter_port; fi

  if [[ $target == spotter ]] && ! alive "$spotter_pid"; then
    table_rows+=("| $name | - | - | - | - |")
    notes+=("- $name: not run, spotter is no longer running")
    continue
  fi

  args=(-t"$THREADS" -c"$CONNECTIONS" --latency)
  if [[ -n $lua ]]; then
    args+=(-s "$BENCH_DIR/$lua")
  elif [[ ${method:-GET} != GET || -n $headers || -n $body ]]; then
    args+=(-s "$BENCH_DIR/request.lua")
  fi
  url=http://127.0.0.1:$port$path
  export BENCH_METHOD=${method:-GET} BENCH_HEADERS=$headers BENCH_BODY=$body

  log "$name: warm-up $WARMUP, then $DURATION"
  out=$tmp/wrk-$((${#table_rows[@]} + 1)).txt
  run_wrk -d"$WARMUP" "$url" >/dev/null 2>&1 || true
  if ! run_wrk -d"$DURATION" "$url" >"$out" 2>&1; then
    notes+=("- $name: wrk failed: $(tail -n 1 "$out")")
    failed=1
  fi
  raw+=("### $name" "" '```' "wrk ${args[*]} -d$DURATION $url" "$(cat "$out")" '```' "")

  rps=$(wrk_field "$out" rps)
  p50=$(wrk_field "$out" p50)
  p99=$(wrk_field "$out" p99)
  if [[ $target == nginx && -z $baseline_rps ]]; then
    baseline_rps=$rps
  fi
  pct=-
  if [[ -n $rps && -n $baseline_rps ]]; then
    pct=$(awk -v a="$rps" -v b="$baseline_rps" 'BEGIN { if (b > 0) printf "%.1f%%", 100 * a / b; else print "-" }')
  fi
  rps_fmt=-
  [[ -n $rps ]] && rps_fmt=$(printf '%.0f' "$rps")
  table_rows+=("| $name | $rps_fmt | ${p50:--} | ${p99:--} | $pct |")

  # Anything other than clean 2xx answers is worth a note.
  socket_errors=$(wrk_field "$out" socket_errors)
  non2xx=$(wrk_field "$out" non2xx)
  if [[ -n $socket_errors ]]; then
    notes+=("- $name: socket errors: $socket_errors (of $(wrk_field "$out" requests) requests)")
    failed=1
  fi
  if [[ -n $non2xx ]]; then
    notes+=("- $name: $non2xx non-2xx/3xx responses (of $(wrk_field "$out" requests) requests)")
    failed=1
  fi
  if [[ $target == spotter ]] && ! alive "$spotter_pid"; then
    wait "$spotter_pid" && rc=0 || rc=$?
    notes+=("- $name: spotter died during the run (exit status $rc); last output: $(tail -n 5 "$tmp/spotter.log" | tr -s ' \n' ' ')")
    log "spotter died during '$name' (exit status $rc); end of its output:"
    tail -n 40 "$tmp/spotter.log" >&2 || true
    spotter_pid=""
    failed=1
  fi
done

# --- report ---------------------------------------------------------------------------
table=(
  "| scenario | req/s | p50 | p99 | % of nginx |"
  "| --- | ---: | ---: | ---: | ---: |"
  "${table_rows[@]}"
)
printf '%s\n' "${table[@]}"
if ((${#notes[@]})); then
  printf '\nProblems:\n'
  printf '%s\n' "${notes[@]}"
fi

cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "none")
mkdir -p "$(dirname "$RESULTS")"
{
  echo "# Spotter benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "- machine: nproc=$(nproc)${cpu:+, $cpu}"
  echo "- wrk: \`-t$THREADS -c$CONNECTIONS -d$DURATION --latency\`, after a $WARMUP warm-up run per scenario"
  echo "- spotter: \`${SPOTTER_BIN#"$ROOT"/} serve\`, SQLite database, commit $commit"
  echo "- everything (nginx, spotter, wrk) shares the same $(nproc) cores over loopback"
  echo
  printf '%s\n' "${table[@]}"
  if ((${#notes[@]})); then
    printf '\nProblems:\n\n'
    printf '%s\n' "${notes[@]}"
  fi
  echo
  echo "<details><summary>wrk output</summary>"
  echo
  printf '%s\n' "${raw[@]}"
  echo "</details>"
} >"$RESULTS"
log "written to ${RESULTS#"$ROOT"/}"

exit "$failed"
