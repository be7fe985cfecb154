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

source "$(dirname "${BASH_SOURCE[0]}")/browser/prepare.sh"
prepare_bench 21 "$@"

printf '\n\033[1m== Reader benchmark (SIZES="%s")\033[0m\n' "${SIZES:-50000}"
exec node bench/browser/reader.mjs
