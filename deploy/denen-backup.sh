#!/usr/bin/env bash
# Nightly backup of a Denen deployment: `denen backup` (every municipality,
# one consistent snapshot, taken while the server runs) into a dated file,
# checked against its end line, then backups older than N days are deleted.
# Installed as /usr/local/sbin/denen-backup and run by denen-backup.service.
# Settings (environment, e.g. /etc/default/denen-backup):
#   DENEN_CONFIG            /etc/denen/denen.toml
#   DENEN_BACKUP_DIR        /var/backups/denen
#   DENEN_BACKUP_KEEP_DAYS  14   (0 keeps every file)
#   DENEN_BIN               /usr/local/bin/denen
# Exit status 0 only when a new, intact backup exists; old files are deleted
# only then.
set -euo pipefail
umask 077

config="${DENEN_CONFIG:-/etc/denen/denen.toml}"
dir="${DENEN_BACKUP_DIR:-/var/backups/denen}"
keep_days="${DENEN_BACKUP_KEEP_DAYS:-14}"
denen="${DENEN_BIN:-/usr/local/bin/denen}"

fail() {
  echo "denen-backup: $*" >&2
  exit 1
}

case "$keep_days" in
  '' | *[!0-9]*) fail "DENEN_BACKUP_KEEP_DAYS must be a number of days: $keep_days" ;;
esac
[ -d "$dir" ] || fail "$dir does not exist (install -d -o denen -g denen -m 0700 $dir)"

file="$dir/denen-$(date -u +%Y%m%dT%H%M%SZ).dump"
"$denen" backup --config "$config" --out "$file" || fail "denen backup failed"
# A file that fails a check below is kept for inspection as .bad, never
# mistaken for a backup.
bad() {
  mv -f "$file" "$file.bad"
  fail "$file.bad: $*"
}

# The last line is {"end":true,"rows":R,"sha256":H,"tables":T}: H is the
# SHA-256 of every byte before it, R and T count the row and table lines.
# `denen restore` checks the same; doing it here finds a bad disk tonight
# rather than on the day of the restore.
end="$(tail -n 1 "$file")"
case "$end" in
  '{'*'"end":true'*'}') ;;
  *) bad "no end line (incomplete)" ;;
esac
field() { sed -n "s/.*\"$1\":\\([^,}]*\\).*/\\1/p" <<<"$end" | tr -d '"'; }
want_sha="$(field sha256)"
want_rows="$(field rows)"
want_tables="$(field tables)"
have_sha="$(head -n -1 "$file" | sha256sum | cut -d' ' -f1)"
[ -n "$want_sha" ] && [ "$have_sha" = "$want_sha" ] || bad "SHA-256 does not match its end line"
# Lines: the header, one per table, one per row, the end line.
lines="$(wc -l <"$file")"
[ "$lines" -eq $((want_tables + want_rows + 2)) ] || bad "$lines lines, the end line says $want_tables tables and $want_rows rows"

echo "denen-backup: $file ($(du -h "$file" | cut -f1), $want_tables tables, $want_rows rows) OK"

if [ "$keep_days" -gt 0 ]; then
  find "$dir" -maxdepth 1 -type f \( -name 'denen-*.dump' -o -name 'denen-*.dump.bad' \) -mtime +"$((keep_days - 1))" ! -path "$file" -print -delete |
    sed 's/^/denen-backup: deleted /'
fi
