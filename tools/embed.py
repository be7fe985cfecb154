#!/usr/bin/env python3
"""Trunk post-build step (run by tools/csp.py): fills in embed.js.

embed.js (the custom element <broadsheet-reader> and Broadsheet.mount, for
other pages) loads the same files as index.html, which Trunk names with a
content hash. This writes those names into the staged embed.js, relative to
it: the app's JS glue and wasm, its stylesheet, the index worker, and each
extra wasm (after tools/extra_wasm.py has named them).
Contract: embed.js (`const FILES = /* tools/embed.py */ {};`), the names it
reads (src/js.rs EMBED_GLOBAL).
"""
import json
import os
import re

PLACEHOLDER = "const FILES = /* tools/embed.py */ {};"


def attribute(html: str, pattern: str, what: str) -> str:
    match = re.search(pattern, html)
    if not match:
        raise SystemExit(f"embed.py: index.html names no {what}")
    return match.group(1)


def write_embed_script(staging: str, html: str) -> None:
    """Fills the staged embed.js in from the staged index.html `html`."""
    path = os.path.join(staging, "embed.js")
    with open(path, encoding="utf-8") as f:
        script = f.read()
    if PLACEHOLDER not in script:
        raise SystemExit(f"embed.py: {path} lacks {PLACEHOLDER}")
    files = {
        "glue": attribute(html, r'<link rel="modulepreload" href="([^"]+)"', "JS glue"),
        "wasm": attribute(html, r'<link rel="preload" href="([^"]+_bg\.wasm)"', "wasm"),
        "styles": attribute(html, r'<link rel="stylesheet" href="([^"]+\.css)"', "stylesheet"),
        "worker": "./index-worker.js",
    }
    for name, glue, wasm in re.findall(
            r'<meta name="([^"]+)" data-glue-src="([^"]+)" data-wasm-src="([^"]+)"', html):
        files[f"{name}.glue"] = glue
        files[f"{name}.wasm"] = wasm
    filled = "const FILES = " + json.dumps(files, indent=2) + ";"
    with open(path, "w", encoding="utf-8") as f:
        f.write(script.replace(PLACEHOLDER, filled))
