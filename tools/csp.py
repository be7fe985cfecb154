#!/usr/bin/env python3
"""Trunk post-build hook: fills in the page's Content-Security-Policy.

index.html carries the policy in a <meta http-equiv> tag with the
placeholder __INLINE_SCRIPT_HASHES__. Trunk writes the script that loads the
wasm inline, with content-hashed file names, so the policy can only name it
by hash once the build is done:
this replaces the placeholder with the sha256 of every inline script, so the
policy allows exactly those and no other inline script ('unsafe-inline' is
never used in a release build; `trunk serve`'s development builds allow
inline script for its live-reload script). A static host needs no headers for this; a server that sends its
own CSP header should send the same policy.

Usage: python3 tools/csp.py [HTML_FILE]  (default: $TRUNK_STAGING_DIR/index.html)
"""
import base64
import hashlib
import os
import re
import sys

from embed import write_embed_script
from extra_wasm import name_extra_wasms

PLACEHOLDER = "__INLINE_SCRIPT_HASHES__"
# An inline script: no src attribute. Trunk writes them as <script ...>text</script>.
INLINE = re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.S | re.I)


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.environ["TRUNK_STAGING_DIR"], "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    if "TRUNK_STAGING_DIR" in os.environ and len(sys.argv) == 1:
        # Trunk runs hooks of a stage side by side, so this one also names
        # the extra wasms' files before the policy is filled in, and fills
        # in embed.js's names.
        html = name_extra_wasms(os.environ["TRUNK_STAGING_DIR"], html)
        write_embed_script(os.environ["TRUNK_STAGING_DIR"], html)
    if PLACEHOLDER not in html:
        print(f"csp.py: {path} has no {PLACEHOLDER} placeholder", file=sys.stderr)
        return 1
    hashes = []
    for script in INLINE.findall(html):
        digest = hashlib.sha256(script.encode("utf-8")).digest()
        hashes.append("'sha256-%s'" % base64.b64encode(digest).decode("ascii"))
    if not hashes:
        print(f"csp.py: no inline script found in {path}", file=sys.stderr)
        return 1
    sources = " ".join(hashes)
    debug = os.environ.get("TRUNK_PROFILE") == "debug"
    if debug:
        # `trunk serve` fills its reload script's address in after this hook,
        # so no hash can name it, and it reloads through a WebSocket. Only
        # development builds relax the policy; release builds stay strict.
        sources = "'unsafe-inline'"
    meta = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')
    match = meta.search(html)
    if not match or PLACEHOLDER not in match.group(2):
        print(f"csp.py: the policy's meta tag in {path} lacks {PLACEHOLDER}", file=sys.stderr)
        return 1
    policy = match.group(2).replace(PLACEHOLDER, sources)
    if debug:
        policy = policy.replace("connect-src ", "connect-src ws: wss: ", 1)
    html = html[:match.start(2)] + policy + html[match.end(2):]
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
