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

source "$(dirname "${BASH_SOURCE[0]}")/browser/prepare.sh"
prepare_bench 17 "$@"

printf '\n\033[1m== Browser search benchmark (SIZES="%s")\033[0m\n' "${SIZES:-2000 10000 50000}"
exec node bench/browser/run.mjs
