#!/usr/bin/env bash
# Builds everything and runs every CTest test. Tests labelled "pg" start and
# stop a throw-away PostgreSQL cluster themselves (the pg_cluster fixture).
# Extra arguments go to ctest, e.g. scripts/run-tests.sh -L card
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DDENEN_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest --output-on-failure --no-tests=error --timeout 900 -j"$(nproc)" "$@"
