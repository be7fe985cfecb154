#!/usr/bin/env bash
# A web crawl streamed: `broadsheet-ingest CRAWL.warc.gz` on a crawl written
# as CC-NEWS writes one (bench/formats/gen-warc.mjs: one gzip member per
# record; request, response and metadata records; stylesheets, images,
# redirects and section fronts among the pages; realistic articles: real
# paragraphs, a vocabulary growing like a news archive's), against `cat` and
# `zcat` of the same bytes (baselines measured in the same run), with the
# CLI's peak memory (GNU time's maximum resident set size) beside the
# crawl's and its articles' sizes: memory is bounded by a record and the
# articles kept, not by the crawl.
#
# Usage: ./dev bench warc           (BYTES=1000000000 N=240000; CRAWL=FILE to reuse a crawl)
set -euo pipefail
BYTES=${BYTES:-1000000000}
N=${N:-240000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
cargo build -q --release -p broadsheet-ingest
bin="${CARGO_TARGET_DIR:-$root/target}/release/broadsheet-ingest"
work=$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-warc-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
crawl=${CRAWL:-}
if [ -z "$crawl" ]; then
  node bench/browser/gen-sets.mjs --realistic "$N" "$work/set.json" >&2
  crawl="$work/crawl.warc.gz"
  node bench/formats/gen-warc.mjs "$work/set.json" "$crawl" "$BYTES" >&2
  rm "$work/set.json"
fi
bytes=$(stat -c %s "$crawl")
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
cat_s=$(seconds cat "$crawl")
unzipped=$(zcat "$crawl" | wc -c)
zcat_s=$(seconds zcat "$crawl")
/usr/bin/time -f '%e %M' -o "$work/time" "$bin" "$crawl" -o "$work/out.json" --keep-going >"$work/report" 2>&1 || true
read -r ingest_s peak_kb <"$work/time"
summary=$(tail -1 "$work/report")
articles=$(grep -o '[0-9,]* articles\? written' <<<"$summary" | tr -d ',' | cut -d' ' -f1)
out_bytes=$(stat -c %s "$work/out.json")
printf 'crawl: %s bytes gzip, %s unzipped; %s; load %s\n' "$bytes" "$unzipped" "$(git rev-parse --short HEAD)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n\n' "$summary"
printf '| step | seconds | MB/s (gzip bytes) | articles/s | × cat |\n|---|---:|---:|---:|---:|\n'
awk -v b="$bytes" -v c="$cat_s" -v z="$zcat_s" -v i="$ingest_s" -v n="${articles:-0}" 'BEGIN {
  printf "| cat | %.2f | %.0f | | 1 |\n", c, b / 1e6 / c
  printf "| zcat | %.2f | %.0f | | %.0f |\n", z, b / 1e6 / z, z / c
  printf "| broadsheet-ingest | %.2f | %.1f | %.0f | %.0f |\n", i, b / 1e6 / i, n / i, i / c
}'
awk -v k="$peak_kb" -v b="$bytes" -v o="$out_bytes" 'BEGIN {
  printf "\npeak memory (max RSS): %.0f MiB; the crawl %.0f MB gzip; the articles written %.0f MB of JSON\n", k / 1024, b / 1e6, o / 1e6
}'
