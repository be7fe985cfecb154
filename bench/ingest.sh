#!/usr/bin/env bash
# Ingest benchmark: N (default 2,000) seed-format files -> one article set.
#
# Builds broadsheet-ingest in release, generates the files from
# data/seed/75422.txt (new News IDs, shifted dates, numbered titles, spread
# over 20 sub-folders), times the ingest over RUNS runs (default 5, after one
# warm-up run) and, as a baseline measured in the same run, `cat` of the same
# files to /dev/null. Prints min/median, files/s, output bytes and the
# ratio to the raw read cost, then removes the files.
#
# Usage: ./dev bench ingest       (N=... RUNS=... to change the size)
set -euo pipefail

N=${N:-2000}
RUNS=${RUNS:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

cargo build --release -p broadsheet-ingest
bin="${CARGO_TARGET_DIR:-$root/target}/release/broadsheet-ingest"

work=$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-ingest-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# One awk process writes every file: in/gGG/NNNNNN.txt.
mkdir -p "$work/in"
awk -v n="$N" -v dir="$work/in" '
    { seed[NR] = $0 }
    END {
        title = seed[3]
        for (i = 1; i <= n; i++) {
            group = sprintf("%s/g%02d", dir, i % 20)
            if (!(group in made)) { system("mkdir -p \"" group "\""); made[group] = 1 }
            file = sprintf("%s/%06d.txt", group, 100000 + i)
            hour = 1 + i % 12; ampm = (int(i / 12) % 2) ? "PM" : "AM"
            date = sprintf("%d/%d/%d %d:%02d:%02d %s", 1 + i % 12, 1 + i % 28, 2015 + i % 10, hour, i % 60, (i * 7) % 60, ampm)
            for (l = 1; l <= NR; l++) {
                line = seed[l]
                if (l == 1) line = "News ID : " (100000 + i)
                else if (l == 2) line = "Publish Date : " date
                else if (line == title) line = title " (" i ")"
                print line > file
            }
            close(file)
        }
    }' data/seed/75422.txt

mapfile -d '' files < <(find "$work/in" -type f -name '*.txt' -print0 | sort -z)
[[ ${#files[@]} -eq $N ]] || { echo "generated ${#files[@]} files, expected $N" >&2; exit 1; }
input_bytes=$(cat "${files[@]}" | wc -c)
out="$work/out/articles.json"

now() { date +%s%N; }

# time_runs NAME COMMAND...: one warm-up, then RUNS timed runs; sets
# min_ms/median_ms (milliseconds, 2 decimals).
time_runs() {
    local name=$1; shift
    "$@"
    local times=() t0 t1
    for ((r = 0; r < RUNS; r++)); do
        t0=$(now); "$@"; t1=$(now)
        times+=($(( (t1 - t0) / 1000 )))   # microseconds
    done
    mapfile -t times < <(printf '%s\n' "${times[@]}" | sort -n)
    min_us=${times[0]}
    median_us=${times[$(( RUNS / 2 ))]}
    printf '%-8s min %8.2f ms   median %8.2f ms   (%d runs: %s us)\n' "$name" \
        "$(bc_div "$min_us" 1000)" "$(bc_div "$median_us" 1000)" "$RUNS" "${times[*]}"
}

bc_div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

ingest() { "$bin" "$work/in" -o "$out" 2>"$work/stderr"; }
read_all() { cat "${files[@]}" >/dev/null; }

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
echo "input:   $N seed files, $input_bytes bytes, in 20 folders"
echo "command: $bin $work/in -o $out"
echo

time_runs ingest ingest
ingest_median=$median_us
summary=$(tail -n 1 "$work/stderr")
time_runs cat read_all
cat_median=$median_us

grouped_n=$(python3 -c "print(f'{int("$N"):,}')")
expected="read $grouped_n files: $grouped_n articles written to $out, 0 skipped"
[[ $summary == "$expected" ]] || { echo "unexpected summary: $summary" >&2; exit 1; }

echo
echo "summary:    $summary"
echo "output:     $(wc -c <"$out") bytes"
echo "ingest:     $(bc_div "$ingest_median" 1000) ms median, $(awk -v n="$N" -v us="$ingest_median" 'BEGIN { printf "%.0f", n / (us / 1e6) }') files/s, $(awk -v b="$input_bytes" -v us="$ingest_median" 'BEGIN { printf "%.1f", b / 1e6 / (us / 1e6) }') MB/s of input"
echo "cat:        $(bc_div "$cat_median" 1000) ms median (raw read of the same files)"
echo "ratio:      ingest / cat = $(bc_div "$ingest_median" "$cat_median")x"

if command -v hyperfine >/dev/null; then
    echo
    hyperfine --warmup 1 --runs "$RUNS" "$bin $work/in -o $out 2>/dev/null" "cat $work/in/*/*.txt >/dev/null"
fi
