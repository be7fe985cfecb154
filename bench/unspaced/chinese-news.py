#!/usr/bin/env python3
"""Turns a folder of Chinese news articles, one .txt file each (title as
the file name, the text inside), into a Broadsheet article set, for the
word-segmentation benchmark (bench/unspaced/README.md).

Usage: python3 bench/unspaced/chinese-news.py FOLDER OUT.json
"""
import json
import os
import sys
from datetime import datetime, timedelta


def main() -> int:
    folder, out = sys.argv[1], sys.argv[2]
    files = []
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            if name.endswith(".txt"):
                files.append(os.path.join(root, name))
    files.sort()
    start = datetime(2018, 11, 1)
    articles = []
    for i, path in enumerate(files):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read().strip()
        paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
        if not paragraphs:
            continue
        articles.append({
            "id": f"zh-{i}",
            "title": os.path.basename(path)[:-4],
            # Dates are not in the files; one every ten minutes, newest first.
            "published": (start - timedelta(minutes=10 * i)).strftime("%Y-%m-%dT%H:%M:%S"),
            "body": paragraphs,
            "source": os.path.basename(os.path.dirname(path)),
            "lang": "zh",
        })
    with open(out, "w", encoding="utf-8") as f:
        f.write('{"format":"broadsheet-article-set","version":1,"articles":[\n')
        f.write(",\n".join(json.dumps(a, ensure_ascii=False) for a in articles))
        f.write("\n]}\n")
    print(f"{len(articles)} articles from {len(files)} files → {out} ({os.path.getsize(out):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
