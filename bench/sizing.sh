#!/usr/bin/env bash
# Storage per row, measured: loads the demo municipality (two years of rows in
# every module) into a fresh SQLite database and prints, per table, the rows,
# the bytes of the table and of its indexes (SQLite's dbstat), and bytes per
# row. docs/sizing.md turns these into bytes per resident per year.
#
#   bench/sizing.sh [--denen build/src/app/denen]
set -euo pipefail
cd "$(dirname "$0")/.."
denen=build/src/app/denen
while [ $# -gt 0 ]; do
  case "$1" in
    --denen) denen="$2"; shift 2 ;;
    *) echo "usage: bench/sizing.sh [--denen BIN]" >&2; exit 2 ;;
  esac
done
command -v sqlite3 >/dev/null || { echo "sizing: sqlite3 is missing (apt install sqlite3)" >&2; exit 1; }
[ -x "$denen" ] || { echo "sizing: $denen not built" >&2; exit 1; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/denen.toml" <<TOML
[municipality]
code = "062090"
name = "長井市"
[database]
url = "sqlite:$dir/denen.db"
TOML
"$denen" demo --config "$dir/denen.toml" --password-file "$dir/pw" >/dev/null
sqlite3 "$dir/denen.db" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;" >/dev/null

# Every table with its own indexes (SQLite's automatic ones included).
sizes=$(sqlite3 -separator $'\t' "$dir/denen.db" "
  SELECT m.tbl_name, SUM(CASE WHEN m.type = 'table' THEN s.pgsize ELSE 0 END),
         SUM(CASE WHEN m.type = 'index' THEN s.pgsize ELSE 0 END)
  FROM dbstat s JOIN sqlite_master m ON m.name = s.name
  WHERE m.tbl_name NOT LIKE 'sqlite_%' GROUP BY m.tbl_name")
while IFS=$'\t' read -r table table_bytes index_bytes; do
  rows=$(sqlite3 "$dir/denen.db" "SELECT COUNT(*) FROM \"$table\"")
  printf '%s\t%s\t%s\t%s\n' "$table" "$rows" "$table_bytes" "$index_bytes"
done <<< "$sizes" | sort -t $'\t' -k2,2nr | awk -F'\t' '
  BEGIN { printf "%-36s %9s %11s %11s %9s\n", "table", "rows", "table B", "index B", "B/row" }
  { printf "%-36s %9d %11d %11d %9s\n", $1, $2, $3, $4, ($2 > 0 ? sprintf("%.0f", ($3 + $4) / $2) : "-");
    rows += $2; bytes += $3 + $4 }
  END { printf "%-36s %9d %11d\n", "total", rows, bytes }'
echo
echo "residents: $(sqlite3 "$dir/denen.db" 'SELECT COUNT(*) FROM residents')"
