#!/usr/bin/env bash
# Ingest throughput per format: the same N articles of real text (the
# realistic generator's set: real paragraphs, a vocabulary growing like a
# news archive's) written as news-please and trafilatura JSON Lines, a
# newspaper4k JSON array, newspaper4k's CSV, an RSS and an Atom feed, and
# our own set; `broadsheet-ingest FILE -o OUT` on each against `cat` of the
# same bytes (baseline measured in the same run), best of RUNS. Prints
# MB/s, articles/s and the ratio to cat. Feeds are read whole (XML), so
# their size is bounded by the page's limits; the rest stream.
#
# Usage: ./dev bench formats        (N=20000 RUNS=3; SET=FILE to use a set)
set -euo pipefail
N=${N:-20000}
RUNS=${RUNS:-3}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
cargo build -q --release -p broadsheet-ingest
bin="${CARGO_TARGET_DIR:-$root/target}/release/broadsheet-ingest"
work=$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-formats-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
set_file=${SET:-$work/set.json}
[ -n "${SET:-}" ] || node bench/browser/gen-sets.mjs --realistic "$N" "$set_file" >&2
node bench/formats/gen.mjs "$set_file" "$work/in" "$N" >/dev/null

best() { # best wall time in seconds of RUNS runs of "$@"
  local best=
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
    best=$(echo "$t1 - $t0" | bc -l | awk -v b="$best" '{ if (b == "" || $1 < b) print $1; else print b }')
  done
  echo "$best"
}
printf '%s articles (realistic, real text), best of %s runs, %s, load %s\n' "$N" "$RUNS" "$(git rev-parse --short HEAD)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '| format | bytes | articles read | cat (s) | ingest (s) | MB/s | articles/s | × cat |\n|---|---:|---:|---:|---:|---:|---:|---:|\n'
for f in broadsheet-set.json news-please.jsonl trafilatura.jsonl newspaper4k.json table.csv feed.rss feed.atom; do
  path="$work/in/$f"
  bytes=$(stat -c %s "$path")
  read_count=$("$bin" "$path" -o "$work/out.json" --keep-going 2>&1 | tail -1 | grep -o '[0-9,]* articles\? written' | tr -d ',' | cut -d' ' -f1)
  cat_s=$(best cat "$path")
  ingest_s=$(best "$bin" "$path" -o "$work/out.json" --keep-going)
  awk -v f="$f" -v b="$bytes" -v n="${read_count:-0}" -v c="$cat_s" -v i="$ingest_s" \
    'BEGIN { printf "| %s | %d | %d | %.3f | %.3f | %.1f | %.0f | %.0f |\n", f, b, n, c, i, b / 1e6 / i, n / i, i / c }'
done
