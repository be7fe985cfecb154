#!/usr/bin/env python3
"""Trunk post-build step (run by tools/csp.py): names the crawl reader.

The crawl reader (crates/crawl-reader) is a second wasm that the page
imports only when a WARC crawl is opened (src/crawl_reader.rs). Trunk
builds it as a worker-type asset, which it writes under fixed names
(broadsheet-crawl-reader.js and broadsheet-crawl-reader_bg.wasm) and names
nowhere. This gives both files a content hash in their names, as Trunk does
for the app's own files, so a redeploy never mixes an old reader with a new
page, and writes the tag the page reads them from:

  <meta name="broadsheet-crawl-reader" data-glue-src="./…js" data-wasm-src="./…wasm">

The service worker stores every file index.html names (src= attributes
included), so a stored snapshot opens crawls offline too.
Contract: src/crawl_reader.rs READER_META, GLUE_ATTRIBUTE, WASM_ATTRIBUTE.
"""
import hashlib
import os
import sys

NAME = "broadsheet-crawl-reader"
META = "broadsheet-crawl-reader"


def name_crawl_reader(staging: str, html: str) -> str:
    """Renames the reader's files in `staging`; returns `html` with the tag."""
    glue = os.path.join(staging, f"{NAME}.js")
    wasm = os.path.join(staging, f"{NAME}_bg.wasm")
    if not (os.path.exists(glue) and os.path.exists(wasm)):
        raise SystemExit(f"crawl_reader.py: Trunk wrote no {NAME}.js and {NAME}_bg.wasm in {staging}")
    digest = hashlib.sha256()
    for path in (glue, wasm):
        with open(path, "rb") as f:
            digest.update(f.read())
    tag = digest.hexdigest()[:16]
    glue_name, wasm_name = f"{NAME}-{tag}.js", f"{NAME}-{tag}_bg.wasm"
    os.replace(glue, os.path.join(staging, glue_name))
    os.replace(wasm, os.path.join(staging, wasm_name))
    meta = (f'<meta name="{META}" data-glue-src="./{glue_name}" '
            f'data-wasm-src="./{wasm_name}" />')
    if "</head>" not in html:
        raise SystemExit("crawl_reader.py: index.html has no </head>")
    return html.replace("</head>", f"  {meta}\n  </head>", 1)


if __name__ == "__main__":
    staging = os.environ["TRUNK_STAGING_DIR"]
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = name_crawl_reader(staging, text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    sys.exit(0)
