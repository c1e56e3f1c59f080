#!/usr/bin/env bash
# Installs what Denen needs on Debian 12 and is missing: `build` for building
# and running the server, `test` for the whole test suite as well (PostgreSQL
# server, PC/SC stack, Chromium, the browser test's npm packages).
# Idempotent and quiet when everything is there. Needs root for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

want="${1:-build}"
packages=$(grep -hv '^\s*#' scripts/packages-build.txt)
if [ "$want" = test ]; then
  packages="$packages $(grep -hv '^\s*#' scripts/packages-test.txt)"
fi

missing=()
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# Node.js may come from elsewhere than Debian (the machine image has its own);
# only a machine with none gets Debian's.
if [ "$want" = test ] && ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$want" = test ]; then
  # The browser test drives Debian's Chromium with playwright-core from npm.
  if [ ! -d tests/browser/node_modules/playwright-core ]; then
    echo "install-deps: npm ci in tests/browser"
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
