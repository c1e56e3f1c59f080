#!/usr/bin/env bash
# The checker/tokeniser ratio of care_bench counted in instructions (callgrind)
# instead of CPU seconds: the same on a busy machine as on a quiet one, so two
# builds can be compared while other work runs. Cache misses are not counted,
# so the CPU-time ratio of care_bench stays the one the goal is measured by.
#   bench/care_instructions.sh [BUILD_DIR] [CASES.jsonl]
# Needs valgrind (apt-get install valgrind).
set -euo pipefail
build=${1:-build}
cases=${2:-$(dirname "$0")/../../shared/care/cases-dev.jsonl}
bench="$build/bench/care_bench"
command -v valgrind >/dev/null || { echo "valgrind がありません: apt-get install valgrind" >&2; exit 2; }
[ -x "$bench" ] || { echo "$bench がありません: cmake --build $build --target care_bench" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Instructions executed inside one function (and what it calls), 2 rounds of the corpus.
count() {
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" --collect-atstart=no \
    --toggle-collect="$1" "$bench" "$cases" 2 >/dev/null 2>"$out/err" || { cat "$out/err" >&2; exit 1; }
  awk '/^(summary|totals):/ {print $2; exit}' "$out/cg"
}
checker=$(count 'denen::care::CareChecker::Check(*')
mecab=$(count 'denen::care::Tokenizer::CountMorphemes(*')
awk -v c="$checker" -v m="$mecab" 'BEGIN {
  printf "mecab tokenisation only: %.1f M instructions\nchecker (all rules):     %.1f M instructions\nratio checker/tokenisation (instructions): %.2f\n", m / 1e6, c / 1e6, c / m }'
