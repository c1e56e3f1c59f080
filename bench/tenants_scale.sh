#!/usr/bin/env bash
# Latency of the main pages and API calls of `denen serve` with 50
# municipalities on one PostgreSQL, each holding a year of synthetic data, at
# full size and at 1/100 of it (issue 11).
#
#   bench/tenants_scale.sh [--denen BIN] [--scale F] [--tenants N] [--requests N]
#
# BIN defaults to build/src/app/denen (this script builds nothing). In a fresh
# temporary folder it starts a PostgreSQL server of its own (initdb/pg_ctl from
# the newest /usr/lib/postgresql/*/bin, as the `postgres` OS user when run as
# root, like scripts/pg-cluster.sh, on a free port of 127.0.0.1), and for each
# scale (default: 0.01, then 1.0; --scale F runs only F):
#   - makes a database, runs `denen migrate`, adds N municipalities (default 50,
#     real codes of Yamagata and Miyagi, each with an admin) by `denen tenant
#     add`,
#   - fills each with one year of synthetic data, inside PostgreSQL
#     (bench/tenants_scale.sql: at scale 1.0 a town of about 30,000 people,
#     8,000 enrolled residents, 60,000 check-ins, 3,000 library links and 30,000
#     loans, 3,000 lock reservations, 1,200 care cases with forms), then
#     VACUUM ANALYZE, and prints the load time, rows per table and the
#     database size,
#   - serves denen on the database, signs in as the admin of three of the
#     municipalities (first, middle, last), checks that the pages show the data,
#     and times each route with curl: --requests per route (default 30) after
#     one warm-up request per municipality, round robin over the three,
#     one request at a time.
# It prints per route p50, p95 and max in ms, and with both scales a table of
# p50 and p95 at 1/100 and at full size and the ratio full/small of the p50.
# PostgreSQL runs with fsync off (loading speed; the routes timed only read,
# apart from their audit rows) and shared_buffers 1GB. Needs curl and psql.
set -euo pipefail
export LC_ALL=C.UTF-8

die() {
  echo "tenants_scale: $*" >&2
  exit 1
}

repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
denen=$repo/build/src/app/denen
scales="0.01 1.0"
tenants=50
requests=30
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || die "$1 needs a value"
  case $1 in
    --denen) denen=$2 ;;
    --scale) scales=$2 ;;
    --tenants) tenants=$2 ;;
    --requests) requests=$2 ;;
    *) die "unknown option $1 (see the comment at the top of $0)" ;;
  esac
  shift 2
done
denen=$(realpath -- "$denen" 2>/dev/null) || die "no denen binary at $denen"
[[ -x $denen ]] || die "no denen binary at $denen (build it, or pass --denen BIN)"
((tenants >= 1 && tenants <= 50)) || die "--tenants is 1 to 50"
for tool in curl psql; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
bindir=$(printf '%s\n' /usr/lib/postgresql/*/bin | grep -v '\*' | sort -V | tail -n 1 || true)
[[ -n $bindir && -x $bindir/initdb ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"

# Real 全国地方公共団体コード bodies (5 digits; the check digit is computed):
# the 35 municipalities of Yamagata, then 15 of Miyagi.
municipalities=(
  06201:山形市 06202:米沢市 06203:鶴岡市 06204:酒田市 06205:新庄市 06206:寒河江市 06207:上山市
  06208:村山市 06209:長井市 06210:天童市 06211:東根市 06212:尾花沢市 06213:南陽市 06301:山辺町
  06302:中山町 06321:河北町 06322:西川町 06323:朝日町 06324:大江町 06341:大石田町 06361:金山町
  06362:最上町 06363:舟形町 06364:真室川町 06365:大蔵村 06366:鮭川村 06367:戸沢村 06381:高畠町
  06382:川西町 06401:小国町 06402:白鷹町 06403:飯豊町 06426:三川町 06428:庄内町 06461:遊佐町
  04100:仙台市 04202:石巻市 04203:塩竈市 04205:気仙沼市 04206:白石市 04207:名取市 04208:角田市
  04209:多賀城市 04211:岩沼市 04212:登米市 04213:栗原市 04214:東松島市 04215:大崎市 04216:富谷市
  04301:蔵王町
)
# with_check_digit FIVE_DIGITS (core/municipality_code.cc: weights 6..2, mod 11).
with_check_digit() {
  local body=$1 sum=0 i
  for i in 0 1 2 3 4; do sum=$((sum + ${body:i:1} * (6 - i))); done
  echo "$body$(((11 - sum % 11) % 10))"
}
codes=()
names=()
for entry in "${municipalities[@]:0:tenants}"; do
  codes+=("$(with_check_digit "${entry%%:*}")")
  names+=("${entry#*:}")
done
admin_password=bench-admin-password-1

work=$(mktemp -d "${TMPDIR:-/tmp}/denen-tenants-scale.XXXXXX")
chmod 755 "$work"
pg_data=$work/pg
denen_pid=

if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' OS user"
  as_owner() { runuser -u postgres -- "$@"; }
  owner=postgres
else
  as_owner() { "$@"; }
  owner=$(id -un)
fi

cleanup() {
  if [[ -n $denen_pid ]]; then
    kill "$denen_pid" 2>/dev/null || true
    wait "$denen_pid" 2>/dev/null || true
  fi
  if [[ -f $pg_data/postmaster.pid ]]; then
    as_owner "$bindir/pg_ctl" -D "$pg_data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
  rm -rf -- "$work"
}
trap cleanup EXIT

# shellcheck source=bench/ports.sh
source "$repo/bench/ports.sh"

# ---- PostgreSQL of our own ----
mkdir -m 700 "$pg_data"
chown "$owner": "$pg_data"
(cd / && as_owner "$bindir/initdb" -D "$pg_data" -U postgres -E UTF8 --locale=C -A trust --no-sync) \
  >"$work/initdb.log" 2>&1 || die "initdb failed: $(cat "$work/initdb.log")"
as_owner tee -a "$pg_data/postgresql.conf" >/dev/null <<'EOF'

# --- bench/tenants_scale.sh ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 50
shared_buffers = 1GB
effective_cache_size = 8GB
maintenance_work_mem = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 4GB
logging_collector = off
log_min_messages = warning
EOF
pg_port=$(free_port)
(cd / && as_owner "$bindir/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -o "-p $pg_port" -w -t 60 start) \
  >/dev/null || die "PostgreSQL did not start: $(tail -n 20 "$pg_data/server.log")"
admin_url=postgresql://postgres@127.0.0.1:$pg_port/postgres
pg_version=$(psql -X -At "$admin_url" -c 'SHOW server_version')

# wait_ready PORT: polls /healthz until 200, for up to 60 s.
wait_ready() {
  local deadline=$((SECONDS + 60))
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/healthz") == 200 ]]; do
    kill -0 "$denen_pid" 2>/dev/null || die "denen exited; its log: $(tail -n 20 "$work/denen.log")"
    ((SECONDS < deadline)) || die "denen did not answer /healthz within 60 s"
    sleep 0.2
  done
}

# ms_now: epoch milliseconds.
ms_now() { date +%s%3N; }

# run_scale SCALE LABEL: one database at SCALE; leaves LABEL's latencies in
# $work/latency-LABEL.tsv (route, p50 ms, p95 ms, max ms).
run_scale() {
  local scale=$1 label=$2
  local db=denen_$label
  local url=postgresql://postgres@127.0.0.1:$pg_port/$db
  local port
  port=$(free_port)
  psql -X -q "$admin_url" -c "CREATE DATABASE $db" >/dev/null
  cat >"$work/denen-$label.toml" <<EOF
[municipality]
code = "${codes[0]}"
name = "${names[0]}"
[database]
url = "$url"
pool_size = 8
[server]
listen = "127.0.0.1:$port"
web_root = "$repo/web"
worker_threads = 8
EOF
  local config=$work/denen-$label.toml
  echo "== scale $scale ($label): ${#codes[@]} municipalities, database $db"
  "$denen" migrate --config "$config" >/dev/null
  local i started
  started=$(ms_now)
  for i in "${!codes[@]}"; do
    echo "$admin_password" | "$denen" tenant add --config "$config" --code "${codes[i]}" --name "${names[i]}" \
      --admin-username admin --password-stdin >/dev/null 2>"$work/tenant.err" ||
      die "tenant add ${codes[i]} failed: $(cat "$work/tenant.err")"
  done
  echo "tenant add:      $(((($(ms_now) - started) + 500) / 1000)) s"

  psql -X -q -v ON_ERROR_STOP=1 "$url" -f "$repo/bench/tenants_scale.sql" >/dev/null
  local end_ms
  end_ms=$(ms_now)
  started=$(ms_now)
  for i in "${!codes[@]}"; do
    psql -X -q -v ON_ERROR_STOP=1 "$url" -c "SELECT bench.fill('${codes[i]}', $scale, $end_ms)" >/dev/null
  done
  local filled
  filled=$(ms_now)
  psql -X -q "$url" -c "VACUUM ANALYZE" >/dev/null
  echo "data load:       $(((filled - started + 500) / 1000)) s, VACUUM ANALYZE $((($(ms_now) - filled + 500) / 1000)) s"
  psql -X -q "$url" -c "SET client_min_messages = warning; DROP SCHEMA bench CASCADE" >/dev/null
  echo "database size:   $(psql -X -At "$url" -c "SELECT pg_size_pretty(pg_database_size('$db'))")"
  # Rows and bytes (table + indexes + TOAST) of every table with rows.
  psql -X -At -F $'\t' "$url" >"$work/tables-$label.tsv" <<'SQL'
SELECT c.relname, s.n_live_tup, pg_total_relation_size(c.oid)
FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
WHERE s.n_live_tup > 0 ORDER BY s.n_live_tup DESC
SQL
  awk -F'\t' 'BEGIN { printf "%-32s %10s %10s\n", "table", "rows", "MB" }
    { printf "%-32s %10d %10.1f\n", $1, $2, $3 / 1048576; rows += $2 }
    END { printf "%-32s %10d\n", "total", rows }' "$work/tables-$label.tsv"

  "$denen" serve --config "$config" >"$work/denen.log" 2>&1 &
  denen_pid=$!
  wait_ready "$port"

  # Three of the municipalities, each with its own session and ids.
  local picks=(0 $((${#codes[@]} / 2)) $((${#codes[@]} - 1)))
  local k code base="http://127.0.0.1:$port"
  local -a jars facility
  for k in 0 1 2; do
    code=${codes[${picks[k]}]}
    jars[k]=$work/cookies-$label-$k
    curl -s -o "$work/login.json" -c "${jars[k]}" -H 'Content-Type: application/json' \
      -d "{\"username\":\"admin\",\"password\":\"$admin_password\",\"municipality_code\":\"$code\"}" \
      "$base/api/v1/auth/login"
    grep -q '"csrf_token"' "$work/login.json" || die "login to $code failed: $(cat "$work/login.json")"
    facility[k]=$(psql -X -At "$url" -c "SELECT id FROM lock_facilities WHERE municipality_code = '$code' ORDER BY id LIMIT 1")
  done

  local today year_ago month_from month_to fiscal_year
  today=$(TZ=Asia/Tokyo date +%F)
  year_ago=$(TZ=Asia/Tokyo date -d '364 days ago' +%F)
  month_from=$(TZ=Asia/Tokyo date -d "$(TZ=Asia/Tokyo date +%Y-%m-01) -1 month" +%F)
  month_to=$(TZ=Asia/Tokyo date -d "$(TZ=Asia/Tokyo date +%Y-%m-01) -1 day" +%F)
  fiscal_year=$(TZ=Asia/Tokyo date -d '3 months ago' +%Y)
  # name|path (FACILITY is replaced by the municipality's first lock facility)
  local routes=(
    "KPI report|/api/v1/kpi/report?fiscal_year=$fiscal_year"
    "reception analytics (year)|/api/v1/reception/analytics?from=$year_ago&to=$today"
    "reception analytics (default)|/api/v1/reception/analytics"
    "reception KPI|/api/v1/reception/kpi"
    "shelter dashboard|/api/v1/reception/shelters?include_closed=1"
    "places|/api/v1/reception/places"
    "residents search|/api/v1/residents?kana=%E3%82%B5%E3%83%88%E3%82%A6"
    "library KPI (loans)|/api/v1/library/kpi"
    "library systems|/api/v1/library/systems"
    "lock reservations (month)|/api/v1/lock/reservations?facility_id=FACILITY&from=$month_from&to=$month_to"
    "lock KPI (year)|/api/v1/lock/kpi?from=$year_ago&to=$today"
    "lock access log|/api/v1/lock/access-log?limit=100"
    "care cases (open)|/api/v1/care/cases"
    "care cases (all)|/api/v1/care/cases?stage=all"
    "care KPI (avg days)|/api/v1/care/kpi"
    "staff list|/api/v1/users"
    "session|/api/v1/auth/session"
    "console kpi.html|/console/kpi.html"
    "console reception.html|/console/reception.html"
  )

  # The pages show the data: a few numbers from the first municipality.
  local j=${jars[0]}
  echo "check (${codes[${picks[0]}]}):" \
    "analytics total $(curl -s -b "$j" "$base/api/v1/reception/analytics?from=$year_ago&to=$today" | grep -o '"total":[0-9]*' | head -n 1)," \
    "care $(curl -s -b "$j" "$base/api/v1/care/cases?stage=all" | grep -o '"total":[0-9]*')," \
    "reservations $month_from..$month_to $(curl -s -b "$j" "$base/api/v1/lock/reservations?facility_id=${facility[0]}&from=$month_from&to=$month_to" | grep -o '"external_ref"' | wc -l)," \
    "lock $(curl -s -b "$j" "$base/api/v1/lock/kpi?from=$year_ago&to=$today" | grep -o '"reservations":[0-9]*')," \
    "library loans $(curl -s -b "$j" "$base/api/v1/library/kpi" | grep -o '"loans":[0-9]*' | awk -F: '{ s += $2 } END { print s + 0 }')"

  : >"$work/latency-$label.tsv"
  echo "load average before timing: $(cut -d' ' -f1-3 /proc/loadavg)"
  local route name path n status
  printf '%-32s %8s %8s %8s\n' route "p50 ms" "p95 ms" "max ms"
  for route in "${routes[@]}"; do
    name=${route%%|*}
    : >"$work/times"
    for ((n = 0; n < requests + 3; n++)); do
      k=$((n % 3))
      path=${route#*|}
      path=${path//FACILITY/${facility[k]}}
      read -r status elapsed < <(curl -s -o /dev/null -b "${jars[k]}" -w '%{http_code} %{time_total}\n' "$base$path")
      [[ $status == 200 ]] || die "$name: HTTP $status for $path"
      ((n < 3)) || echo "$elapsed" >>"$work/times"
    done
    sort -g "$work/times" | awk -v name="$name" -v out="$work/latency-$label.tsv" '{ t[NR] = $1 * 1000 }
      END { p50 = t[int((NR + 1) / 2)]; p95 = t[int(NR * 0.95 + 0.999)];
            printf "%-32s %8.1f %8.1f %8.1f\n", name, p50, p95, t[NR];
            printf "%s\t%.1f\t%.1f\t%.1f\n", name, p50, p95, t[NR] >> out }'
  done
  echo "load average after timing: $(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$denen_pid"
  wait "$denen_pid" 2>/dev/null || true
  denen_pid=
  psql -X -q "$admin_url" -c "DROP DATABASE $db" >/dev/null
}

echo "tenants_scale: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, PostgreSQL $pg_version," \
  "$requests requests per route"
read -r -a scale_list <<<"$scales"
labels=()
for scale in "${scale_list[@]}"; do
  label=s$(tr -c '0-9\n' '_' <<<"$scale")
  run_scale "$scale" "$label"
  labels+=("$label")
done

if [[ ${#labels[@]} -eq 2 ]]; then
  echo
  echo "== latency at scale ${scale_list[0]} (small) and ${scale_list[1]} (full), ms; ratio = p50 full / p50 small"
  printf '%-32s %10s %10s %10s %10s %7s\n' route "small p50" "small p95" "full p50" "full p95" ratio
  paste "$work/latency-${labels[0]}.tsv" "$work/latency-${labels[1]}.tsv" |
    awk -F'\t' '{ printf "%-32s %10.1f %10.1f %10.1f %10.1f %7.1f\n", $1, $2, $3, $6, $7, ($2 > 0 ? $6 / $2 : 0) }'
fi
