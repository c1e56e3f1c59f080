#!/usr/bin/env bash
# Check-in throughput of the real `denen serve` as a ratio of nginx serving a
# static file on the same machine, in one run (issue 6; goal: ratio >= 0.5),
# with every acknowledged check-in durable.
#
#   bench/reception_vs_nginx.sh [--denen BIN] [--seconds N] [--threads N]
#                               [--connections N] [--workers N]
#
# BIN defaults to build/src/app/denen (this script builds nothing). In a fresh
# temporary folder it makes a SQLite database, a reception user, a place and a
# kiosk device, serves denen and an nginx of its own (foreground, no root paths,
# access log off) on free ports, and runs wrk with the same threads,
# connections and duration against both: nginx GETs a static file of about the
# size of a check-in answer; denen gets one walk-in check-in per POST, each with
# an id no other request has (bench/reception_wrk.lua). After stopping denen it
# checks that every acknowledged id is stored. It prints nginx and denen
# requests/s, the ratio, and acknowledged vs stored; it exits 1 when an
# acknowledged check-in is missing or a check-in was refused, never for speed.
# --workers sets denen's [server] worker_threads (default: the connections, as
# each keep-alive connection holds one worker). Needs wrk, nginx, sqlite3.
set -euo pipefail
export LC_ALL=C # byte lengths in http()

die() {
  echo "reception_vs_nginx: $*" >&2
  exit 1
}

repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
denen=$repo/build/src/app/denen
seconds=10
threads=2
connections=8
workers=
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || die "$1 needs a value"
  case $1 in
    --denen) denen=$2 ;;
    --seconds) seconds=$2 ;;
    --threads) threads=$2 ;;
    --connections) connections=$2 ;;
    --workers) workers=$2 ;;
    *) die "unknown option $1 (see the comment at the top of $0)" ;;
  esac
  shift 2
done
workers=${workers:-$connections}
[[ -x $denen ]] || die "no denen binary at $denen (build it, or pass --denen BIN)"
for tool in wrk nginx sqlite3; do
  command -v "$tool" >/dev/null || die "$tool is not installed (scripts/packages-test.txt)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/denen-reception-vs-nginx.XXXXXX")
denen_pid=
nginx_pid=
# stop PID: SIGTERM and wait for it; nothing when it has already gone.
stop() {
  [[ -n $1 ]] && kill "$1" 2>/dev/null || return 0
  wait "$1" 2>/dev/null || true
}
cleanup() {
  stop "$denen_pid"
  stop "$nginx_pid"
  rm -rf -- "$work"
}
trap cleanup EXIT

# shellcheck source=bench/ports.sh
source "$repo/bench/ports.sh"

# http PORT METHOD PATH [BODY [HEADER...]]: one HTTP/1.1 request with
# Connection: close; prints the raw response (status line, headers, body).
http() {
  local port=$1 method=$2 path=$3 body=${4:-}
  shift 4 || shift $#
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  {
    printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' "$method" "$path"
    local header
    for header in "$@"; do printf '%s\r\n' "$header"; done
    printf 'Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' "${#body}" "$body"
  } >&3
  cat <&3
  exec 3<&-
}

# wait_ready PORT PATH NAME PID: polls until PATH answers 200, for up to 30 s.
wait_ready() {
  local deadline=$((SECONDS + 30))
  until http "$1" GET "$2" 2>/dev/null | head -n 1 | grep -q ' 200 '; do
    kill -0 "$4" 2>/dev/null || die "$3 exited; its log: $(cat "$work/$3.log")"
    ((SECONDS < deadline)) || die "$3 did not answer $2 within 30 s"
    sleep 0.1
  done
}

# requests_per_second WRK_OUTPUT
requests_per_second() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }

# ---- denen: database, staff user, place, kiosk device, server ----
denen_port=$(free_port)
cat >"$work/denen.toml" <<EOF
[municipality]
code = "062090"
name = "長井市"
[database]
url = "sqlite:$work/denen.db"
[server]
listen = "127.0.0.1:$denen_port"
web_root = "$repo/web"
worker_threads = $workers
EOF
"$denen" migrate --config "$work/denen.toml" >/dev/null
echo "bench-password-1" | "$denen" user add --config "$work/denen.toml" --username bench \
  --display-name bench --role reception --password-stdin >/dev/null
"$denen" serve --config "$work/denen.toml" >"$work/denen.log" 2>&1 &
denen_pid=$!
wait_ready "$denen_port" /healthz denen "$denen_pid"

login=$(http "$denen_port" POST /api/v1/auth/login '{"username":"bench","password":"bench-password-1"}')
cookie=$(grep -o 'denen_session=[^;]*' <<<"$login" | head -n 1)
csrf=$(grep -o '"csrf_token":"[^"]*"' <<<"$login" | cut -d'"' -f4)
[[ -n $cookie && -n $csrf ]] || die "login failed: $login"
place=$(http "$denen_port" POST /api/v1/reception/places '{"name":"bench hall"}' \
  "Cookie: $cookie" "X-CSRF-Token: $csrf")
place_id=$(grep -o '"id":"[^"]*"' <<<"$place" | head -n 1 | cut -d'"' -f4)
[[ -n $place_id ]] || die "creating the place failed: $place"
"$denen" device add --config "$work/denen.toml" --name "bench kiosk" --role kiosk --place "$place_id" \
  --credential-file "$work/credential" >/dev/null

# ---- nginx: its own prefix, a static file the size of a check-in answer ----
nginx_port=$(free_port)
mkdir -p "$work/nginx/www" "$work/nginx/tmp"
sample_id=00000000000000000000000000 # left out of the counts below
sample=$(http "$denen_port" POST /api/v1/reception/checkins \
  '{"checkins":[{"id":"'$sample_id'","walk_in":{"name_kana":"ベンチ","district":"本町","age_band":"40-49"}}]}' \
  "Authorization: Bearer $(cat "$work/credential")")
sed -n '/^\r$/,$p' <<<"$sample" | tail -n +2 >"$work/nginx/www/checkin.json"
[[ -s $work/nginx/www/checkin.json ]] || die "no sample check-in answer: $sample"
chmod -R a+rX "$work" # nginx's workers may run as nobody
cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  default_type application/json;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/www;
  }
}
EOF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx.log" &
nginx_pid=$!
wait_ready "$nginx_port" /checkin.json nginx "$nginx_pid"

# ---- the two runs, same wrk settings ----
load=(-t "$threads" -c "$connections" -d "${seconds}s" --latency)
wrk "${load[@]}" "http://127.0.0.1:$nginx_port/checkin.json" >"$work/wrk-nginx.txt"
stop "$nginx_pid"
nginx_pid=
wrk "${load[@]}" -s "$repo/bench/reception_wrk.lua" "http://127.0.0.1:$denen_port/api/v1/reception/checkins" \
  -- "$(cat "$work/credential")" "$work/acked" >"$work/wrk-denen.txt" 2>"$work/wrk-denen.err"
stop "$denen_pid"
denen_pid=

# ---- durability: every acknowledged id is stored, once ----
cat "$work"/acked.* >"$work/acked.txt" 2>/dev/null || : >"$work/acked.txt"
sqlite3 "$work/denen.db" >"$work/counts.txt" <<EOF
CREATE TEMP TABLE acked (id TEXT PRIMARY KEY);
.import $work/acked.txt acked
SELECT COUNT(*) FROM reception_taps WHERE outcome = 'checked_in' AND id <> '$sample_id';
SELECT COUNT(*) FROM acked WHERE id NOT IN (SELECT id FROM reception_taps WHERE outcome = 'checked_in');
SELECT (SELECT COUNT(*) FROM reception_visits) - (SELECT COUNT(*) FROM reception_taps WHERE outcome = 'checked_in');
EOF
{ read -r stored && read -r missing && read -r visits_without_tap; } <"$work/counts.txt"
sent=$(awk '/^sent / { print $2 }' "$work/wrk-denen.txt")
acknowledged=$(awk '/^acknowledged / { print $2 }' "$work/wrk-denen.txt")
not_acknowledged=$(awk '/^not_acknowledged / { print $2 }' "$work/wrk-denen.txt")
errors=$(grep -h '^  Socket errors\|^  Non-2xx' "$work/wrk-denen.txt" || true)
acked_lines=$(wc -l <"$work/acked.txt")

nginx_rps=$(requests_per_second "$work/wrk-nginx.txt")
denen_rps=$(requests_per_second "$work/wrk-denen.txt")
latency() { awk '/^     50%/ { p50 = $2 } /^     99%/ { p99 = $2 } END { print "p50 " p50 ", p99 " p99 }' "$1"; }
ratio=$(awk -v d="$denen_rps" -v n="$nginx_rps" 'BEGIN { printf "%.3f", (n > 0 ? d / n : 0) }')
echo "wrk              -t$threads -c$connections -d${seconds}s (denen worker_threads $workers, SQLite synchronous=FULL)"
echo "nginx req/s      $nginx_rps ($(latency "$work/wrk-nginx.txt"))"
echo "denen req/s      $denen_rps ($(latency "$work/wrk-denen.txt"))"
echo "ratio            $ratio (goal >= 0.5)"
echo "durable          $acknowledged acknowledged, $stored stored ($missing acknowledged missing," \
  "$((stored - acknowledged)) stored unanswered, $not_acknowledged refused; $sent sent)"
[[ -z $errors ]] || echo "$errors"

ok=1
[[ $acknowledged -gt 0 && $acknowledged -eq $acked_lines ]] || ok=0
[[ $missing -eq 0 && $not_acknowledged -eq 0 && $visits_without_tap -eq 0 ]] || ok=0
# Requests in flight when wrk stopped (or timed out) may be stored unanswered.
[[ $stored -ge $acknowledged && $stored -le $sent ]] || ok=0
if [[ $ok -eq 0 ]]; then
  echo "reception_vs_nginx: FAILED (wrk said:)" >&2
  cat "$work/wrk-denen.txt" "$work/wrk-denen.err" >&2
  exit 1
fi
echo "ok"
