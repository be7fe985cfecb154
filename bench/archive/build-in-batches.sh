#!/usr/bin/env bash
# An archive of N generated articles (bench/vocabulary/gen-archive.mjs: a
# vocabulary that grows like real news) built the way any size is built on
# a small machine (README, "Archives of any size"): the set cut into parts
# of BATCH consecutive articles as it is generated, each part written as an
# archive of its own (JOBS at a time), the parts joined (--join) and merged
# into one segment (--merge). Each step runs under /usr/bin/time -v; the
# summary gives its wall time and peak RSS.
#
#   bench/archive/build-in-batches.sh N BATCH WORK [JOBS]
#
# WORK/sets: the parts' article sets (kept, to build again); WORK/parts:
# their archives; WORK/joined: the archive (articles.json and its files);
# WORK/times: each step's /usr/bin/time output. STEPS="join merge" runs
# only those steps (after the code of join or merge changed, say).
#
# `./dev bench archive --articles N --vocabulary growing --archive
# WORK/joined` then measures it in Chromium without building it again.
set -euo pipefail
N=${1:?usage: build-in-batches.sh N BATCH WORK [JOBS]}
BATCH=${2:?usage: build-in-batches.sh N BATCH WORK [JOBS]}
WORK=${3:?usage: build-in-batches.sh N BATCH WORK [JOBS]}
JOBS=${4:-2}
STEPS=${STEPS:-generate batches join merge}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/target/release/broadsheet-ingest}
[ -x "$BIN" ] || { echo "$BIN is missing: cargo build --release -p broadsheet-ingest" >&2; exit 1; }
mkdir -p "$WORK/sets" "$WORK/parts" "$WORK/times"
WORK=$(cd "$WORK" && pwd)

timed() { # NAME CMD...: runs CMD under /usr/bin/time -v into times/NAME
  local name=$1; shift
  /usr/bin/time -v -o "$WORK/times/$name" "$@"
}
has() { [[ " $STEPS " == *" $1 "* ]]; }

if has generate; then
  echo "== generating $N articles, cut into sets of $BATCH"
  rm -f "$WORK"/sets/part-*.json
  node "$ROOT/bench/vocabulary/gen-archive.mjs" "$N" /dev/stdout 2> "$WORK/times/generated" \
    | python3 "$ROOT/bench/archive/split-set.py" "$BATCH" "$WORK/sets"
  cat "$WORK/times/generated"
fi

if has batches; then
  echo "== writing each set as an archive, $JOBS at a time"
  rm -rf "$WORK/parts"; mkdir -p "$WORK/parts"
  export BIN WORK
  start=$(date +%s)
  ls "$WORK"/sets/part-*.json | xargs -P "$JOBS" -I{} bash -c '
    name=$(basename {} .json)
    /usr/bin/time -v -o "$WORK/times/batch-$name" "$BIN" {} --shards "$WORK/parts/$name" > "$WORK/times/batch-$name.out" 2>&1 \
      || { echo "batch $name failed: $WORK/times/batch-$name.out" >&2; exit 255; }
    echo "   $name written"'
  echo "batches: $(( $(date +%s) - start )) s in all" | tee "$WORK/times/batches-wall"
fi

if has join; then
  echo "== joining the parts"
  rm -rf "$WORK/joined"
  timed join "$BIN" "$WORK"/parts/part-* --shards "$WORK/joined" --join
fi

if has merge; then
  echo "== merging the joined segments into one"
  timed merge "$BIN" --shards "$WORK/joined" --merge
fi

echo "== summary (wall, peak RSS)"
for f in "$WORK"/times/batch-part-[0-9][0-9][0-9] "$WORK/times/join" "$WORK/times/merge"; do
  [ -f "$f" ] || continue
  wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$f")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$f")
  printf '%-20s %10s %12s KB\n' "$(basename "$f")" "$wall" "$rss"
done
[ -f "$WORK/times/batches-wall" ] && cat "$WORK/times/batches-wall"
[ -d "$WORK/joined" ] && echo "archive: $WORK/joined, $(du -sb "$WORK/joined" | cut -f1) bytes in $(find "$WORK/joined" -type f | wc -l) files"
