#!/usr/bin/env python3
"""Trunk post-build step (run by tools/csp.py): names the page's extra wasms.

Besides its own wasm the page has two it imports only when needed:
the crawl reader (crates/crawl-reader, when a WARC crawl is opened:
src/crawl_reader.rs) and the word segmenter (crates/word-segmenter, for
Chinese, Japanese, Thai, … text: src/word_segmenter.rs). Trunk builds each
as a worker-type asset, which it writes under fixed names (NAME.js and
NAME_bg.wasm) and names nowhere. This gives both files a content hash in
their names, as Trunk does for the app's own files, so a redeploy never
mixes an old module with a new page, and writes the tag the page reads
them from:

  <meta name="NAME" data-glue-src="./…js" data-wasm-src="./…wasm">

The service worker stores every file index.html names (src= attributes
included), so a stored snapshot has them offline too.
Contract: src/extra_wasm.rs (GLUE_ATTRIBUTE, WASM_ATTRIBUTE), and each
module's meta name: src/crawl_reader.rs, src/word_segmenter.rs.
"""
import hashlib
import os
import sys

# The extra wasms: each crate's name, which is also its meta tag's name.
EXTRA_WASMS = ("broadsheet-crawl-reader", "broadsheet-word-segmenter")


def name_extra_wasm(staging: str, html: str, name: str) -> str:
    """Renames module `name`'s files in `staging`; returns `html` with its tag."""
    glue = os.path.join(staging, f"{name}.js")
    wasm = os.path.join(staging, f"{name}_bg.wasm")
    if not (os.path.exists(glue) and os.path.exists(wasm)):
        raise SystemExit(f"extra_wasm.py: Trunk wrote no {name}.js and {name}_bg.wasm in {staging}")
    digest = hashlib.sha256()
    for path in (glue, wasm):
        with open(path, "rb") as f:
            digest.update(f.read())
    tag = digest.hexdigest()[:16]
    glue_name, wasm_name = f"{name}-{tag}.js", f"{name}-{tag}_bg.wasm"
    os.replace(glue, os.path.join(staging, glue_name))
    os.replace(wasm, os.path.join(staging, wasm_name))
    meta = (f'<meta name="{name}" data-glue-src="./{glue_name}" '
            f'data-wasm-src="./{wasm_name}" />')
    if "</head>" not in html:
        raise SystemExit("extra_wasm.py: index.html has no </head>")
    return html.replace("</head>", f"  {meta}\n  </head>", 1)


def name_extra_wasms(staging: str, html: str) -> str:
    """Every extra wasm named, and tagged in `html`."""
    for name in EXTRA_WASMS:
        html = name_extra_wasm(staging, html, name)
    return html


if __name__ == "__main__":
    staging = os.environ["TRUNK_STAGING_DIR"]
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = name_extra_wasms(staging, text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    sys.exit(0)
