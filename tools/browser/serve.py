"""python3 -m http.server on 127.0.0.1 (a free port), quiet, and with
--isolated the two headers that make pages cross-origin isolated (COOP
same-origin, COEP require-corp): there Chromium's performance.now() has 5 µs
resolution instead of 100 µs, which the sub-millisecond query times of the
browser benchmarks need. Everything those pages load is same-origin, so the
headers change nothing else.

Usage: python3 serve.py [--isolated]   (serves the current folder)
"""
import http.server
import sys

ISOLATED = "--isolated" in sys.argv[1:]


class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        if ISOLATED:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    # Prints "Serving HTTP on 127.0.0.1 port N ..." with the port chosen.
    http.server.test(HandlerClass=Handler, port=0, bind="127.0.0.1")
