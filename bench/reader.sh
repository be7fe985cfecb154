#!/usr/bin/env bash
# Reader benchmark (issue 4): Broadsheet's release build in headless Chromium
# on a generated set of SIZES articles (copies of static/articles.json with
# new ids and shifted dates, made at bench time and never kept): time to the
# first cards painted, frames over 16.7 ms while scrolling the list (120 and
# 2000 px per frame), DOM size while scrolling, filter click → updated
# cards, and memory after load.
#
# Installs the bench's npm packages (bench/browser, `npm ci` when
# node_modules is missing or older than package-lock.json), builds the release
# site (`./dev build`) unless --no-build, then runs bench/browser/reader.mjs,
# which prints a Markdown table and writes
# bench/browser/results/reader-<time>.json.
#
# Usage: bash bench/reader.sh [--no-build]
#   SIZES=50000          set sizes (articles), e.g. "10000 50000"
#   LOADS=3              measured page loads per size (after a warm-up)
#   SCROLL_FRAMES=600    frames per scroll run
#   SCROLL_STEPS="120 2000"  px scrolled per frame, one run each
#   FILTER_REPS=5        on/off clicks per filter
#   CHROMIUM=/usr/bin/chromium
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=1
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done

cd "$root/bench/browser"
# npm writes node_modules/.package-lock.json at install: newer means current.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    printf '\n\033[1m== Installing the bench packages (npm ci in bench/browser)\033[0m\n'
    npm ci --no-audit --no-fund
fi

cd "$root"
if [ "$build" = 1 ]; then
    ./dev build
fi
[ -f dist/index.html ] || { echo "dist/index.html is missing: run ./dev build" >&2; exit 1; }

printf '\n\033[1m== Reader benchmark (SIZES="%s")\033[0m\n' "${SIZES:-50000}"
exec node bench/browser/reader.mjs
