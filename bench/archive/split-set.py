#!/usr/bin/env python3
"""Cuts an article set written one record per line (as broadsheet-ingest and
bench/vocabulary/gen-archive.mjs write sets) into sets of at most N articles,
as it reads: DIR/part-000.json, part-001.json, ... Consecutive articles stay
together, so each part covers its own date range (what `--join` expects).

    node bench/vocabulary/gen-archive.mjs 10000000 /dev/stdout | python3 split-set.py 500000 DIR
"""
import os
import sys

HEAD = '{"format":"broadsheet-article-set","version":1,"articles":[\n'
TAIL = '\n]}\n'


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: split-set.py ARTICLES_PER_PART DIR  (the set on standard input)')
    per_part, out_dir = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    first = sys.stdin.readline()
    if not first.startswith('{"format":"broadsheet-article-set"'):
        sys.exit('split-set.py: standard input is not an article set written one record per line')
    part, in_part, out = 0, 0, None
    for line in sys.stdin:
        line = line.rstrip('\n')
        if line in (']}', ''):
            continue
        record = line[:-1] if line.endswith(',') else line
        if out is None:
            out = open(os.path.join(out_dir, f'part-{part:03}.json'), 'w', encoding='utf-8')
            out.write(HEAD)
        else:
            out.write(',\n')
        out.write(record)
        in_part += 1
        if in_part == per_part:
            out.write(TAIL)
            out.close()
            out, part, in_part = None, part + 1, 0
    if out is not None:
        out.write(TAIL)
        out.close()
        part += 1
    print(f'{part} parts of at most {per_part} articles in {out_dir}')


if __name__ == '__main__':
    main()
