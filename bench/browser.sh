#!/usr/bin/env bash
# Issue 14's figures in one run: the release site against the realistic
# article set(s) in one headless Chromium per benchmark, with the load
# average, as Markdown ready for BENCHMARKS.md.
#
#   bash bench/browser.sh [--no-build]
#
# 1. builds the release site (./dev build) unless --no-build;
# 2. generates the realistic sets (gen-sets.mjs --realistic) into a
#    temporary folder, once per size, shared by both benchmarks;
# 3. the search benchmark (bench/browser/run.mjs): baseline, first cards,
#    searchable, long tasks, keystrokes, search call, memory, peers, wasm
#    size; its last table is issue 14's;
# 4. the reader benchmark (bench/browser/reader.mjs): the desktop loads
#    (scrolling, filters) and the mobile profile (CPU 4×, Slow 4G).
# The Markdown goes to stdout and to bench/browser/results/issue14-<time>.md;
# progress to stderr. About 20 minutes at the defaults on 2 busy cores.
#
# Environment: SIZES (50000: the search and desktop reader benchmarks),
# MOBILE_SIZES (5000: the download alone takes ~37 s at Slow 4G; 50,000
# would take ~6 min a load), LOADS (3), MOBILE_LOADS (3), PEERS
# (minisearch,flexsearch: Fuse.js spends its whole query budget at 50k),
# PEER_BUDGET_S (60), READER=0 or SEARCH=0 to leave one benchmark out.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) echo "usage: bash bench/browser.sh [--no-build]" >&2; exit 2 ;;
  esac
done

export SIZES=${SIZES:-50000}
export MOBILE_SIZES=${MOBILE_SIZES-5000}
export PEERS=${PEERS:-minisearch,flexsearch}
export PEER_BUDGET_S=${PEER_BUDGET_S:-60}
export SET_KIND=realistic BENCH_COMMAND="bash bench/browser.sh"
SET_DIR=$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-sets-XXXXXX")
export SET_DIR
trap 'rm -rf "$SET_DIR"' EXIT

mkdir -p bench/browser/results
report=bench/browser/results/issue14-$(date -u +%Y-%m-%dT%H-%M-%SZ).md
started=$SECONDS
say() { printf '\n\033[1m== %s\033[0m (load average %s)\n' "$*" "$(cut -d' ' -f1-3 /proc/loadavg)" >&2; }

if [ "$build" = 1 ]; then
  say "Release build"
  ./dev build >&2
fi
[ -f dist/index.html ] || { echo "dist/index.html is missing: run ./dev build" >&2; exit 1; }

say "Realistic sets into $SET_DIR"
for n in $(printf '%s\n' $SIZES $MOBILE_SIZES | sort -nu); do
  node bench/browser/gen-sets.mjs --realistic "$n" "$SET_DIR/realistic-$n.json" >&2
done

{
  echo "# Issue 14 benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Command: \`bash bench/browser.sh${*:+ $*}\` (SIZES=$SIZES, MOBILE_SIZES=$MOBILE_SIZES, LOADS=${LOADS:-3}, MOBILE_LOADS=${MOBILE_LOADS:-3}, PEERS=$PEERS), git $(git rev-parse --short HEAD); load average at the start $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores."
} | tee "$report"

if [ "${SEARCH:-1}" != 0 ]; then
  say "Search benchmark"
  echo | tee -a "$report"
  node bench/browser/run.mjs | tee -a "$report"
fi
if [ "${READER:-1}" != 0 ]; then
  say "Reader benchmark, desktop and mobile"
  echo | tee -a "$report"
  node bench/browser/reader.mjs | tee -a "$report"
fi

say "Done in $((SECONDS - started)) s"
echo >&2
echo "Report: $report (the JSON results are named in it)" >&2
