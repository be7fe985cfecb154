#!/usr/bin/env bash
# Browser search benchmark (issue 3): Broadsheet's release build against
# MiniSearch, FlexSearch and Fuse.js in headless Chromium, on generated sets
# of SIZES articles (copies of static/articles.json with new ids and shifted
# dates, made at bench time and never kept).
#
# Installs the bench's npm packages (bench/browser, `npm ci` when
# node_modules is missing or older than package-lock.json), builds the release
# site (`./dev build`) unless --no-build, then runs bench/browser/run.mjs,
# which prints Markdown tables and writes bench/browser/results/<time>.json.
#
# Usage: bash bench/browser.sh [--no-build]
#   SIZES="2000 10000 50000"  set sizes (articles)
#   LOADS=3                   measured page loads per size (after a warm-up)
#   PEERS=minisearch,flexsearch,fuse
#   PEER_BUDGET_S=120         query time per peer and size before it is cut short
#   CHROMIUM=/usr/bin/chromium
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=1
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

printf '\n\033[1m== Browser search benchmark (SIZES="%s")\033[0m\n' "${SIZES:-2000 10000 50000}"
exec node bench/browser/run.mjs
