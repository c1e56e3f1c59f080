#!/usr/bin/env bash
# Checks the unit files in deploy/systemd with `systemd-analyze verify`: a
# copy whose binaries (/usr/local/bin/denen, /usr/local/bin/denen-edge,
# /usr/local/sbin/denen-backup) are stand-ins in a temporary folder, since
# verify wants every ExecStart to exist. Any message, even a warning such as
# an unknown key, fails the check. No root needed.
# CTest: systemd_units (registered only where systemd-analyze is installed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
units="${1:-$here/systemd}"

if ! command -v systemd-analyze >/dev/null; then
  echo "check-systemd-units: systemd-analyze is not installed" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/denen-units-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/units"
for b in denen denen-edge denen-backup; do
  printf '#!/bin/sh\nexit 0\n' >"$work/bin/$b"
  chmod +x "$work/bin/$b"
done
for f in "$units"/*.service "$units"/*.timer; do
  sed -e "s#/usr/local/bin/denen-edge #$work/bin/denen-edge #g" \
      -e "s#/usr/local/bin/denen #$work/bin/denen #g" \
      -e "s#/usr/local/sbin/denen-backup\$#$work/bin/denen-backup#g" \
      "$f" >"$work/units/$(basename "$f")"
done
if grep -Eq '^Exec[A-Za-z]*=.*/usr/local/s?bin/' "$work/units"/*; then
  grep -En '^Exec[A-Za-z]*=.*/usr/local/s?bin/' "$work/units"/* >&2
  echo "check-systemd-units: a binary path was not substituted" >&2
  exit 1
fi

cd "$work/units"
status=0
out="$(SYSTEMD_LOG_COLOR=0 systemd-analyze verify --man=no ./*.service ./*.timer 2>&1)" || status=$?
if [ "$status" -ne 0 ] || [ -n "$out" ]; then
  echo "$out" >&2
  echo "check-systemd-units: FAILED ($units)" >&2
  exit 1
fi
echo "check-systemd-units: OK: $(cd "$units" && echo *.service *.timer)"
