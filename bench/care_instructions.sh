#!/usr/bin/env bash
# The checker/tokeniser ratio of care_bench counted in instructions (callgrind)
# instead of CPU seconds: the same on a busy machine as on a quiet one, so two
# builds can be compared while other work runs. Cache misses are not counted,
# so the CPU-time ratio of care_bench stays the one the goal is measured by.
# Two ratios are printed: over the first pass of the corpus (every word new to
# the per-thread caches of the tokenizer and the rule set), and per further
# pass (the caches warm, as in a server that has checked a few forms). It counts
# CheckAll, which runs first in each pass of care_bench; Check one form at a
# time executes the same instructions in another order (CheckAll's gain is in
# the caches, which callgrind does not time).
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
# Instructions executed inside one function (and what it calls) over N passes
# of the corpus, divided by the number of phases that run it in each pass:
# care_bench tokenises the corpus once in turn with each pass of each of its
# phases, and says how many phases it measures ("phases: N").
count() {
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" --collect-atstart=no \
    --toggle-collect="$1" "$bench" "$cases" "$2" >"$out/stdout" 2>"$out/err" || { cat "$out/err" >&2; exit 1; }
  local per=1
  [ "${3:-}" = per-phase ] && per=$(awk '/^phases: / {print $2}' "$out/stdout")
  awk -v per="$per" '/^(summary|totals):/ {print $2 / per; exit}' "$out/cg"
}
checker1=$(count 'denen::care::CareChecker::CheckAll(*' 1)
checker3=$(count 'denen::care::CareChecker::CheckAll(*' 3)
mecab1=$(count 'denen::care::Tokenizer::CountMorphemes(*' 1 per-phase)
mecab3=$(count 'denen::care::Tokenizer::CountMorphemes(*' 3 per-phase)
awk -v c1="$checker1" -v c3="$checker3" -v m1="$mecab1" -v m3="$mecab3" 'BEGIN {
  cw = (c3 - c1) / 2; mw = (m3 - m1) / 2
  printf "first pass:   mecab %.1f M, checker %.1f M instructions, ratio %.2f\n", m1 / 1e6, c1 / 1e6, c1 / m1
  printf "further pass: mecab %.1f M, checker %.1f M instructions, ratio %.2f\n", mw / 1e6, cw / 1e6, cw / mw
  printf "ratio checker/tokenisation (instructions): %.2f\n", cw / mw }'
