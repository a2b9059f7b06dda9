#!/usr/bin/env bash
# Usage: bench/run.sh
#
# Measures Spotter with wrk against nginx returning a fixed JSON body, in the
# same run on the same machine, and prints a markdown table (also written to
# bench/results/latest.md). Builds nothing: run `make build` first.
#
# Before the scenarios run, one member account is signed up and logged in over
# HTTP; its e-mail, password and access token are available to the scenarios.
#
# Environment:
#   DATABASE         sqlite (default) or postgresql: spotter on a throwaway PostgreSQL 15 cluster started by
#                    scripts/with-postgres.sh (its SPOTTER_TEST_DATABASE_URL when already set)
#   ONLY             run only the scenarios whose name matches this extended regular expression (the nginx
#                    baseline always runs), e.g. ONLY='records|detail|set'
#   RESULTS          where the report goes (default bench/results/latest.md, or latest-postgresql.md)
#   SPOTTER_BIN      server binary (default build/spotter)
#   CONNECTIONS      wrk connections for rows that don't set their own (default 64)
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
DATABASE=${DATABASE:-sqlite}
ONLY=${ONLY:-}
case $DATABASE in
  sqlite) RESULTS=${RESULTS:-$BENCH_DIR/results/latest.md} ;;
  postgresql)
    RESULTS=${RESULTS:-$BENCH_DIR/results/latest-postgresql.md}
    # The cluster lives as long as this script: run it again inside scripts/with-postgres.sh.
    if [[ -z ${SPOTTER_TEST_DATABASE_URL:-} ]]; then
      exec "$ROOT/scripts/with-postgres.sh" "$0" "$@"
    fi
    ;;
  *) echo "bench: DATABASE must be sqlite or postgresql, got '$DATABASE'" >&2; exit 1 ;;
esac

# The account the authenticated scenarios use (signed up once per run, on a
# fresh database). The password must pass the server's policy: it may not
# contain the e-mail's local part or the name.
BENCH_EMAIL=load-test@example.com
BENCH_NAME="Load Tester"
BENCH_PASSWORD='Bench-Pass-2026!'

# Scenarios, one per row:
#   name | target (nginx|spotter) | method | path | headers | body | lua | connections | background
# headers: "Name: value" pairs separated by ";". A row with a method other than
# GET, headers or a body is sent through bench/request.lua; lua names another
# script in bench/ for requests that need logic of their own. connections
# overrides CONNECTIONS for the row. background names another row whose load
# runs, with that row's own connections, during this row's warm-up and
# measurement (the measured figures are this row's; the background's are
# listed under "Notes"). In headers and body, @EMAIL@, @PASSWORD@ and
# @ACCESS_TOKEN@ stand for the bench account's. The first nginx row is the
# baseline for the "% of nginx" column.
LOGIN_BODY='{"email":"@EMAIL@","password":"@PASSWORD@"}'
SET_BODY='{"exercise_id":1,"repetitions":10,"weight_kg":60,"duration_sec":45}'
SCENARIOS=(
  "nginx fixed response|nginx|GET|/|||||"
  "nginx static file: a day's records body|nginx|GET|/records.json|||||"
  "nginx static file: member detail body|nginx|GET|/detail.json|||||"
  "spotter GET /healthz|spotter|GET|/healthz|||||"
  "spotter GET /healthz while logins run|spotter|GET|/healthz|||||spotter POST /auth/login/"
  "spotter GET /readyz|spotter|GET|/readyz|||||"
  "spotter GET /api/auth/me/ (JWT + DB read)|spotter|GET|/api/auth/me/|Authorization: Bearer @ACCESS_TOKEN@||||"
  "spotter POST /auth/login/|spotter|POST|/auth/login/|Content-Type: application/json|$LOGIN_BODY||8|"
  "spotter GET a day's records|spotter|GET|/api/workouts/@MEMBER_ID@/records/?date=@TODAY@|Authorization: Bearer @TRAINER_TOKEN@||||"
  "spotter GET a day's records, gzip|spotter|GET|/api/workouts/@MEMBER_ID@/records/?date=@TODAY@|Authorization: Bearer @TRAINER_TOKEN@;Accept-Encoding: gzip||||"
  "spotter GET member detail (30 days)|spotter|GET|/api/members/@MEMBER_ID@/|Authorization: Bearer @TRAINER_TOKEN@||||"
  "spotter GET member detail (30 days), gzip|spotter|GET|/api/members/@MEMBER_ID@/|Authorization: Bearer @TRAINER_TOKEN@;Accept-Encoding: gzip||||"
  "spotter POST a set|spotter|POST|/api/workouts/@MEMBER_ID@/workout-sets/|Content-Type: application/json;Authorization: Bearer @TRAINER_TOKEN@|$SET_BODY||16|"
)

log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }

for tool in wrk nginx; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh installs it)"
done
[[ -x $SPOTTER_BIN ]] || die "$SPOTTER_BIN not found or not executable: run 'make build' first"

[[ $CONNECTIONS =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS must be a positive number, got '$CONNECTIONS'"

# The row named NAME, or nothing.
find_scenario() {
  local row name
  for row in "${SCENARIOS[@]}"; do
    name=${row%%|*}
    [[ $name == "$1" ]] && { printf '%s' "$row"; return; }
  done
}

# Check the scenario table before starting anything.
for row in "${SCENARIOS[@]}"; do
  IFS='|' read -r name target _ path _ _ lua conns background extra <<<"$row"
  [[ -z $extra ]] || die "scenario '$name': more than 9 '|'-separated fields"
  [[ $target == nginx || $target == spotter ]] || die "scenario '$name': unknown target '$target'"
  [[ $path == /* ]] || die "scenario '$name': path must start with /"
  [[ -z $lua || -f $BENCH_DIR/$lua ]] || die "scenario '$name': no script bench/$lua"
  [[ -z $conns || $conns =~ ^[1-9][0-9]*$ ]] || die "scenario '$name': connections must be a positive number"
  if [[ -n $background ]]; then
    bg_row=$(find_scenario "$background")
    [[ -n $bg_row ]] || die "scenario '$name': background '$background' is not a scenario"
    [[ $background != "$name" ]] || die "scenario '$name': cannot be its own background"
    IFS='|' read -r _ _ _ _ _ _ _ _ bg_background _ <<<"$bg_row"
    [[ -z $bg_background ]] || die "scenario '$name': background '$background' has a background of its own"
  fi
done

# wrk's -d value (10s, 2m, 1h or plain seconds) in seconds.
duration_seconds() {
  local value=$1
  case $value in
    *s) value=${value%s} ;;
    *m) value=$((${value%m} * 60)) ;;
    *h) value=$((${value%h} * 3600)) ;;
  esac
  [[ $value =~ ^[0-9]+$ ]] || die "cannot read '$1' as a duration (expected e.g. 10s, 2m)"
  echo "$value"
}
warmup_seconds=$(duration_seconds "$WARMUP")
duration_secs=$(duration_seconds "$DURATION")

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

# The whole response (status line, headers, body) to METHOD PATH with an
# optional JSON BODY and one optional extra HEADER line, or nothing if there is
# no answer. Plain bash (/dev/tcp) as well.
http_request() {
  local port=$1 method=$2 path=$3 body=${4-} header=${5-}
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 0
    length=$(printf '%s' "$body" | LC_ALL=C wc -c)
    {
      printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n' "$method" "$path" "$port"
      [[ -z $header ]] || printf '%s\r\n' "$header"
      [[ -z $body ]] || printf 'Content-Type: application/json\r\nContent-Length: %s\r\n' "$length"
      printf '\r\n%s' "$body"
    } >&3
    timeout 30 cat <&3
  ) 2>/dev/null
}

# The status code in a response from http_request.
response_status() {
  local line=${1%%$'\r'*}
  line=${line#HTTP/* }
  echo "${line%% *}"
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
bg_wrk_pid=""
nginx_pid=""
spotter_pid=""
# shellcheck disable=SC2317  # called through the trap
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [[ -n $wrk_pid ]] && stop_process "$wrk_pid" wrk 5
  [[ -n $bg_wrk_pid ]] && stop_process "$bg_wrk_pid" "background wrk" 5
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
mkdir -p "$tmp/html"

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
    location = / {
      default_type application/json;
      return 200 '{"status":"ok"}';
    }
    # The bodies spotter answers in the records scenarios, as files: what nginx does with the same bytes.
    location / {
      root $tmp/html;
      default_type application/json;
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
if [[ $DATABASE == postgresql ]]; then
  database_url=$SPOTTER_TEST_DATABASE_URL
else
  database_url=sqlite:$tmp/spotter.db
fi
SPOTTER_BIND=127.0.0.1:$spotter_port \
SPOTTER_DATABASE_URL=$database_url \
SPOTTER_MEDIA_DIR=$tmp/media \
SPOTTER_VAR_DIR=$tmp/var \
SPOTTER_SECRET_KEY=$(random_hex 32) \
SPOTTER_SMTP_URL='' \
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

# --- the bench account ----------------------------------------------------------------
# Sign up (201), log in (200, tokens.access) and check the token on /api/auth/me/.
# Sign-up mails a verification code; with SPOTTER_SMTP_URL empty it is written
# under $tmp/var. Logging in does not need a verified address.
json_escape() { local s=${1//\\/\\\\}; printf '%s' "${s//\"/\\\"}"; }
account_step() {  # WHAT EXPECTED_STATUS RESPONSE
  local status
  status=$(response_status "$3")
  [[ $status == "$2" ]] && return 0
  log "$1: expected HTTP $2, got '${status:-no answer}'; the response:"
  printf '%s\n' "$3" | tail -n 20 >&2
  log "end of spotter's output:"
  tail -n 20 "$tmp/spotter.log" >&2 || true
  exit 1
}
signup_body=$(printf '{"name":"%s","email":"%s","password":"%s","confirm_password":"%s","user_type":"member","terms_agreed":true,"privacy_agreed":true}' \
  "$(json_escape "$BENCH_NAME")" "$(json_escape "$BENCH_EMAIL")" "$(json_escape "$BENCH_PASSWORD")" "$(json_escape "$BENCH_PASSWORD")")
account_step "POST /auth/sign-up/" 201 "$(http_request "$spotter_port" POST /auth/sign-up/ "$signup_body")"
login_response=$(http_request "$spotter_port" POST /auth/login/ \
  "$(printf '{"email":"%s","password":"%s"}' "$(json_escape "$BENCH_EMAIL")" "$(json_escape "$BENCH_PASSWORD")")")
account_step "POST /auth/login/" 200 "$login_response"
access_token=$(printf '%s' "$login_response" | tr -d '\r\n' | sed -n 's/.*"access" *: *"\([^"]*\)".*/\1/p')
[[ -n $access_token ]] || { printf '%s\n' "$login_response" >&2; die "POST /auth/login/: no tokens.access in the answer"; }
account_step "GET /api/auth/me/" 200 "$(http_request "$spotter_port" GET /api/auth/me/ "" "Authorization: Bearer $access_token")"
log "signed up and logged in as $BENCH_EMAIL"

# --- workout history for the records scenarios -----------------------------------------
# A trainer takes the bench member on and logs 30 days of sessions (3 exercises x 3 sets a day), so the detail
# view carries a realistic history. Python's standard library does the HTTP calls.
read -r trainer_token member_id today < <(python3 - "$spotter_port" "$BENCH_EMAIL" "$BENCH_PASSWORD" "$tmp/html" <<'PY'
import datetime, http.client, json, os, sys
port, member_email, password, html = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def call(method, path, body=None, token=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = conn.getresponse()
    data = json.loads(response.read() or b"{}")
    if response.status >= 400:
        sys.exit(f"{method} {path}: {response.status} {data}")
    return data
trainer = {"name": "Bench Trainer", "email": "bench-trainer@example.com", "password": password,
           "confirm_password": password, "user_type": "trainer", "terms_agreed": True, "privacy_agreed": True}
call("POST", "/auth/sign-up/", trainer)
token = call("POST", "/auth/login/", {"email": trainer["email"], "password": password})["tokens"]["access"]
member = call("POST", "/auth/login/", {"email": member_email, "password": password})["user"]["id"]
call("POST", "/api/members/register-member/", {"user_id": member}, token)
catalog = call("GET", "/api/workouts/exercises/?body_part=%EA%B0%80%EC%8A%B4", None, token)["data"]
exercises = [e["id"] for e in catalog["가슴"][:3]]
today = datetime.date.fromisoformat(call("GET", f"/api/workouts/members/{member}/calendar/", None, token)["data"]["today"])
for back in range(30):
    day = (today - datetime.timedelta(days=back)).isoformat()
    for exercise in exercises:
        for rep in range(3):
            call("POST", f"/api/workouts/{member}/workout-sets/",
                 {"exercise_id": exercise, "repetitions": 8 + rep, "weight_kg": 40 + 2.5 * rep, "duration_sec": 45,
                  "workout_date": day}, token)
# The bodies of the records scenarios, for nginx to serve as static files.
for name, path in (("records.json", f"/api/workouts/{member}/records/?date={today.isoformat()}"),
                   ("detail.json", f"/api/members/{member}/")):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, None, {"Authorization": "Bearer " + token})
    response = conn.getresponse()
    if response.status != 200:
        sys.exit(f"GET {path}: {response.status}")
    with open(os.path.join(html, name), "wb") as out:
        out.write(response.read())
    os.chmod(os.path.join(html, name), 0o644)
print(token, member, today.isoformat())
PY
) || die "could not seed the workout history"
log "seeded 30 days of workouts for member $member_id"

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

# Fills in, for a scenario row: s_name, s_target, s_url, s_conns, s_background,
# s_args (wrk options but -d) and s_env (the request for request.lua), with the
# @...@ placeholders replaced.
expand() {
  local text=$1
  text=${text//@EMAIL@/$BENCH_EMAIL}
  text=${text//@PASSWORD@/$BENCH_PASSWORD}
  text=${text//@ACCESS_TOKEN@/$access_token}
  text=${text//@TRAINER_TOKEN@/${trainer_token:-}}
  text=${text//@MEMBER_ID@/${member_id:-}}
  text=${text//@TODAY@/${today:-}}
  printf '%s' "$text"
}
prepare() {
  local method path headers body lua port
  IFS='|' read -r s_name s_target method path headers body lua s_conns s_background <<<"$1"
  if [[ $s_target == nginx ]]; then port=$nginx_port; else port=$spotter_port; fi
  s_conns=${s_conns:-$CONNECTIONS}
  s_url=http://127.0.0.1:$port$(expand "$path")
  s_args=(-t"$THREADS" -c"$s_conns" --latency)
  if [[ -n $lua ]]; then
    s_args+=(-s "$BENCH_DIR/$lua")
  elif [[ ${method:-GET} != GET || -n $headers || -n $body ]]; then
    s_args+=(-s "$BENCH_DIR/request.lua")
  fi
  s_env=("BENCH_METHOD=${method:-GET}" "BENCH_HEADERS=$(expand "$headers")" "BENCH_BODY=$(expand "$body")")
}

# wrk runs in the background so that a TERM or Ctrl-C sent to this script is
# handled at once (bash runs traps only between foreground commands); cleanup
# stops it.
run_wrk() {
  env "${s_env[@]}" wrk "${s_args[@]}" "$@" &
  wrk_pid=$!
  local rc=0
  wait "$wrk_pid" || rc=$?
  wrk_pid=""
  return "$rc"
}

# Notes on a finished wrk run: socket errors and non-2xx answers (problems).
check_wrk_output() {  # NAME FILE
  local socket_errors non2xx
  socket_errors=$(wrk_field "$2" socket_errors)
  non2xx=$(wrk_field "$2" non2xx)
  if [[ -n $socket_errors ]]; then
    notes+=("- $1: socket errors: $socket_errors (of $(wrk_field "$2" requests) requests)")
    failed=1
  fi
  if [[ -n $non2xx ]]; then
    notes+=("- $1: $non2xx non-2xx/3xx responses (of $(wrk_field "$2" requests) requests)")
    failed=1
  fi
}

table_rows=()
notes=()
info=()
raw=()
baseline_rps=""
failed=0

for row in "${SCENARIOS[@]}"; do
  prepare "$row"
  name=$s_name target=$s_target url=$s_url background=$s_background
  if [[ -n $ONLY && $target != nginx ]] && ! [[ $name =~ $ONLY ]]; then
    continue
  fi
  conns_cell=$s_conns

  if [[ $target == spotter ]] && ! alive "$spotter_pid"; then
    table_rows+=("| $name | - | - | - | - | $conns_cell |")
    notes+=("- $name: not run, spotter is no longer running")
    continue
  fi

  n=$((${#table_rows[@]} + 1))
  out=$tmp/wrk-$n.txt
  bg_out=""
  if [[ -n $background ]]; then
    # The background load outlasts the warm-up and the measured run by a second
    # on each side, so the measurement sees it the whole time.
    args=("${s_args[@]}") env_saved=("${s_env[@]}")
    prepare "$(find_scenario "$background")"
    bg_name=$s_name bg_url=$s_url bg_conns=$s_conns bg_args=("${s_args[@]}")
    bg_seconds=$((warmup_seconds + duration_secs + 2))
    bg_out=$tmp/wrk-$n-background.txt
    conns_cell="$conns_cell (+ $bg_conns on ${bg_name#spotter })"
    log "$name: background $bg_name with $bg_conns connections for ${bg_seconds}s"
    env "${s_env[@]}" wrk "${s_args[@]}" -d"${bg_seconds}s" "$bg_url" >"$bg_out" 2>&1 &
    bg_wrk_pid=$!
    s_args=("${args[@]}") s_env=("${env_saved[@]}")
    sleep 1
  fi

  log "$name: warm-up $WARMUP, then $DURATION"
  run_wrk -d"$WARMUP" "$url" >/dev/null 2>&1 || true
  if ! run_wrk -d"$DURATION" "$url" >"$out" 2>&1; then
    notes+=("- $name: wrk failed: $(tail -n 1 "$out")")
    failed=1
  fi
  raw+=("### $name" "" '```' "wrk ${s_args[*]} -d$DURATION $url" "$(cat "$out")" '```' "")

  if [[ -n $bg_out ]]; then
    bg_rc=0
    wait "$bg_wrk_pid" || bg_rc=$?
    bg_wrk_pid=""
    if ((bg_rc != 0)); then
      notes+=("- $name: background wrk ($bg_name) failed: $(tail -n 1 "$bg_out")")
      failed=1
    fi
    check_wrk_output "$name (background $bg_name)" "$bg_out"
    info+=("- $name: meanwhile, $bg_name with $bg_conns connections (over ${bg_seconds}s, warm-up included): $(printf '%.0f' "$(wrk_field "$bg_out" rps)") req/s, p50 $(wrk_field "$bg_out" p50), p99 $(wrk_field "$bg_out" p99)")
    raw+=("### $name: background load" "" '```' "wrk ${bg_args[*]} -d${bg_seconds}s $bg_url" "$(cat "$bg_out")" '```' "")
  fi

  rps=$(wrk_field "$out" rps)
  p50=$(wrk_field "$out" p50)
  p99=$(wrk_field "$out" p99)
  if [[ $target == nginx && -z $baseline_rps ]]; then
    baseline_rps=$rps
  fi
  pct=-
  if [[ -n $rps && -n $baseline_rps ]]; then
    pct=$(awk -v a="$rps" -v b="$baseline_rps" 'BEGIN { if (b <= 0) print "-"; else if (100 * a / b < 1) printf "%.2f%%", 100 * a / b; else printf "%.1f%%", 100 * a / b }')
  fi
  rps_fmt=-
  [[ -n $rps ]] && rps_fmt=$(printf '%.0f' "$rps")
  table_rows+=("| $name | $rps_fmt | ${p50:--} | ${p99:--} | $pct | $conns_cell |")

  # Anything other than clean 2xx answers is worth a note.
  check_wrk_output "$name" "$out"
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
  "| scenario | req/s | p50 | p99 | % of nginx | connections |"
  "| --- | ---: | ---: | ---: | ---: | ---: |"
  "${table_rows[@]}"
)
printf '%s\n' "${table[@]}"
if ((${#info[@]})); then
  printf '\nNotes:\n'
  printf '%s\n' "${info[@]}"
fi
if ((${#notes[@]})); then
  printf '\nProblems:\n'
  printf '%s\n' "${notes[@]}"
fi

cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "none")
# The binary is built from the working tree, which may differ from the commit.
if [[ $commit != none ]] && [[ -n $(git -C "$ROOT" status --porcelain -- src migrations CMakeLists.txt cmake 2>/dev/null) ]]; then
  commit="$commit + uncommitted changes in src/ or migrations/"
fi
mkdir -p "$(dirname "$RESULTS")"
{
  echo "# Spotter benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "- machine: nproc=$(nproc)${cpu:+, $cpu}"
  echo "- wrk: \`-t$THREADS -c$CONNECTIONS -d$DURATION --latency\` (rows with their own count: see \"connections\"), after a $WARMUP warm-up run per scenario"
  if [[ $DATABASE == postgresql ]]; then
    database_text="PostgreSQL $(psql -XAtq "$SPOTTER_TEST_DATABASE_URL" -c 'SHOW server_version' 2>/dev/null || echo 15) (throwaway cluster of scripts/with-postgres.sh: fsync and synchronous_commit on) on the same machine"
  else
    database_text="SQLite database (WAL, synchronous=FULL)"
  fi
  echo "- spotter: \`${SPOTTER_BIN#"$ROOT"/} serve\`, $database_text, commit $commit; one member account ($BENCH_EMAIL), Argon2id 19 MiB / 2 passes"
  echo "- everything (nginx, spotter, wrk) shares the same $(nproc) cores over loopback"
  echo
  printf '%s\n' "${table[@]}"
  if ((${#info[@]})); then
    printf '\nNotes:\n\n'
    printf '%s\n' "${info[@]}"
  fi
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
