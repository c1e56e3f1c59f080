#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the "pg" tests (CTest fixture pg_cluster).
#
#   scripts/pg-cluster.sh start DIR   init DIR/data, start it on a free port of
#                                     127.0.0.1 and write its admin URL to DIR/url
#   scripts/pg-cluster.sh stop DIR    stop it and remove DIR/data and DIR/url
#
# For the read-replica test (tests/functional/read_replica_test.cc):
#   DENEN_PG_REPLICATION=1 scripts/pg-cluster.sh start DIR
#                                     the same, and the cluster also accepts
#                                     replication connections (wal_level=replica)
#   scripts/pg-cluster.sh replica DIR PRIMARY_DIR
#                                     a hot standby of the cluster in PRIMARY_DIR
#                                     (started as above), made with
#                                     pg_basebackup -R, on its own free port;
#                                     its URL in DIR/url; `stop DIR` removes it
#   scripts/pg-cluster.sh down DIR    stop the server in DIR, keeping its data
#   scripts/pg-cluster.sh up DIR      start it again on the port in DIR/url
#
# start and replica replace any cluster left in DIR by an aborted run; stop
# succeeds when nothing runs. Trust authentication, 127.0.0.1 only, no
# durability (fsync off): for tests, never for data. Run as root, the
# PostgreSQL binaries run as the `postgres` OS user (initdb refuses root).
# DENEN_PG_BINDIR overrides the binaries' folder (default: the newest
# /usr/lib/postgresql/*/bin).
set -euo pipefail

die() {
  echo "pg-cluster: $*" >&2
  exit 1
}

[[ ($# -eq 2 && ($1 == start || $1 == stop || $1 == down || $1 == up)) || ($# -eq 3 && $1 == replica) ]] ||
  die "usage: $0 start|stop|down|up DIR, or $0 replica DIR PRIMARY_DIR"
command=$1
mkdir -p -- "$2" || die "cannot create $2"
dir=$(cd -- "$2" && pwd -P)
primary_dir=
if [[ $command == replica ]]; then
  primary_dir=$(cd -- "$3" && pwd -P) || die "no folder $3"
fi
data_link=$dir/data
url_file=$dir/url
# PostgreSQL tools complain when started in a folder their user cannot read.
cd /

find_bindir() {
  if [[ -n ${DENEN_PG_BINDIR:-} ]]; then
    echo "$DENEN_PG_BINDIR"
    return
  fi
  local newest
  newest=$(printf '%s\n' /usr/lib/postgresql/*/bin | grep -v '\*' | sort -V | tail -n 1 || true)
  if [[ -n $newest ]]; then
    echo "$newest"
  elif command -v initdb >/dev/null; then
    dirname -- "$(command -v initdb)"
  fi
}

bindir=$(find_bindir)
[[ -n $bindir && -x $bindir/initdb && -x $bindir/pg_ctl ]] ||
  die "PostgreSQL server binaries not found (install the postgresql package or set DENEN_PG_BINDIR)"

if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' OS user (from the postgresql package)"
  as_owner() {
    if command -v runuser >/dev/null; then
      runuser -u postgres -- "$@"
    else
      # shellcheck disable=SC2016  # expanded by the inner shell, on purpose
      su -s /bin/sh -c 'exec "$0" "$@"' -- postgres "$@"
    fi
  }
  owner=postgres
else
  as_owner() { "$@"; }
  owner=$(id -un)
fi

# The data folder pg_ctl is given: DIR/data, or where its symlink points when
# DIR is out of the owner's reach.
data_dir() {
  if [[ -L $data_link ]]; then
    readlink -f -- "$data_link"
  else
    echo "$data_link"
  fi
}

stop_cluster() {
  local data
  data=$(data_dir)
  if [[ -f $data/postmaster.pid ]]; then
    if as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null ||
        as_owner "$bindir/pg_ctl" -D "$data" -m immediate -w -t 60 stop >/dev/null ||
        die "cannot stop the cluster in $data"
    fi
  fi
  rm -f -- "$url_file"
  if [[ -L $data_link ]]; then
    # Only a folder this script created (see start) is removed through the link.
    case $data in
      */denen-pg-cluster.*) rm -rf -- "$data" ;;
    esac
    rm -f -- "$data_link"
  else
    rm -rf -- "$data_link"
  fi
}

port_is_listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Creates the empty data folder for the owner, DIR/data or (see below) a
# temporary folder linked as DIR/data, and prints its path.
make_data_dir() {
  local data=$data_link
  mkdir -m 700 -- "$data"
  [[ $owner == "$(id -un)" ]] || chown "$owner": -- "$data"
  if ! as_owner test -w "$data" -a -x "$data"; then
    # A parent of DIR is closed to the postgres user (a root-owned build
    # folder): keep the cluster in a temporary folder and link it as DIR/data.
    rmdir -- "$data"
    data=$(mktemp -d "${TMPDIR:-/tmp}/denen-pg-cluster.XXXXXX")
    chmod 700 -- "$data"
    chown "$owner": -- "$data"
    ln -s -- "$data" "$data_link"
    as_owner test -w "$data" -a -x "$data" || die "the $owner user cannot write $data"
  fi
  echo "$data"
}

start_cluster() {
  stop_cluster

  local data
  data=$(make_data_dir)
  as_owner "$bindir/initdb" -D "$data" -U postgres -E UTF8 --locale=C -A trust --no-sync \
    >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    die "initdb failed in $data"
  }
  rm -f -- "$dir/initdb.log"

  # Written as the owner, so its files keep the owner initdb gave them.
  as_owner tee -a "$data/postgresql.conf" >/dev/null <<'EOF'

# --- pg-cluster.sh: throw-away test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
autovacuum = off
logging_collector = off
log_min_messages = warning
EOF
  echo "host all all 127.0.0.1/32 trust" | as_owner tee "$data/pg_hba.conf" >/dev/null
  if [[ ${DENEN_PG_REPLICATION:-} == 1 ]]; then
    # Commits are flushed before they return, so that once the replica has
    # replayed up to pg_current_wal_lsn() it holds every commit made before.
    printf '%s\n' "wal_level = replica" "max_wal_senders = 4" "synchronous_commit = on" |
      as_owner tee -a "$data/postgresql.conf" >/dev/null
    echo "host replication all 127.0.0.1/32 trust" | as_owner tee -a "$data/pg_hba.conf" >/dev/null
  fi
  start_on_free_port "$data"
}

# A hot standby of the cluster in PRIMARY_DIR. It keeps the primary's settings
# (copied with the data) and streams from it with the primary_conninfo that
# pg_basebackup -R writes.
replica_cluster() {
  stop_cluster
  local primary_url
  primary_url=$(cat -- "$primary_dir/url" 2>/dev/null) || die "no cluster runs in $primary_dir"

  local data
  data=$(make_data_dir)
  as_owner "$bindir/pg_basebackup" -d "$primary_url" -D "$data" -R -X stream -c fast --no-sync \
    >"$dir/basebackup.log" 2>&1 || {
    cat "$dir/basebackup.log" >&2
    die "pg_basebackup from $primary_dir failed (was it started with DENEN_PG_REPLICATION=1?)"
  }
  rm -f -- "$dir/basebackup.log"
  as_owner truncate -s 0 "$data/server.log"
  start_on_free_port "$data"
}

# Starts the server of `data` on a free port of 127.0.0.1 and writes its URL.
start_on_free_port() {
  local data=$1
  local log=$data/server.log
  # Try random ports until the server binds one; another process may take a
  # port between any check and the bind, so the bind itself is the test.
  local port
  for _ in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    port_is_listening "$port" && continue
    if as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
      "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t 10 || die "cluster started on port $port but does not answer"
      echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$url_file.tmp"
      mv -f -- "$url_file.tmp" "$url_file"
      echo "pg-cluster: running on 127.0.0.1:$port, data in $data"
      return
    fi
    if ! grep -qi "could not bind\|address already in use\|could not create any TCP/IP sockets" "$log" 2>/dev/null; then
      tail -n 30 "$log" >&2 2>/dev/null || true
      die "PostgreSQL did not start (log: $log)"
    fi
    as_owner truncate -s 0 "$log"
  done
  die "no free port found for PostgreSQL after 20 attempts"
}

# The port of the URL in DIR/url.
recorded_port() {
  local url
  url=$(cat -- "$url_file" 2>/dev/null) || die "no cluster was started in $dir"
  url=${url##*:}
  echo "${url%%/*}"
}

down_cluster() {
  local data
  data=$(data_dir)
  recorded_port >/dev/null
  as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null || die "cannot stop the cluster in $data"
}

up_cluster() {
  local data port
  data=$(data_dir)
  port=$(recorded_port)
  as_owner "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -o "-p $port" -w -t 60 start >/dev/null ||
    die "cannot start the cluster in $data on port $port (log: $data/server.log)"
}

case $command in
  start) start_cluster ;;
  stop) stop_cluster ;;
  replica) replica_cluster ;;
  down) down_cluster ;;
  up) up_cluster ;;
esac
