#!/bin/sh
# Runs one libFuzzer target the way CTest does: new inputs go to a throw-away
# directory (first corpus argument), the repository's seeds are only read
# (second), and crash inputs land in ARTIFACT_DIR, never in the source tree.
# Usage: run-fuzzer.sh BINARY SEED_DIR ARTIFACT_DIR [libFuzzer flags...]
set -eu
binary=$1
seeds=$2
artifacts=$3
shift 3
work=$(mktemp -d "${TMPDIR:-/tmp}/denen-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"
"$binary" "$@" -artifact_prefix="$artifacts/" "$work" "$seeds"
