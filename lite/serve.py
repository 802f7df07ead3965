#!/usr/bin/env python3
"""Serve the built site on 127.0.0.1 for a local look (``make lite-serve``).

    python lite/serve.py [--dir _site] [--port 8000]

Any static host works for the real thing; this one only makes sure of the two MIME
types Pyodide needs (``.mjs`` as JavaScript for module workers, ``.wasm`` as
application/wasm for streaming compilation), whatever the machine's mime.types says,
and asks the browser to revalidate, so a rebuilt site shows up on reload.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "_site"

SITE_TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".ipynb": "application/json",
    ".md": "text/markdown",
    ".whl": "application/zip",
}


class SiteRequestHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **SITE_TYPES}
    quiet = False

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        if not self.quiet:
            super().log_message(format, *args)


def make_server(root: Path, port: int = 0, quiet: bool = False) -> ThreadingHTTPServer:
    """A server for ``root`` on 127.0.0.1 (``port`` 0: any free port), not yet running."""
    handler = type("Handler", (SiteRequestHandler,), {"quiet": quiet})
    return ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=root))


def serve_in_thread(root: Path, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start serving ``root`` in a daemon thread; the server and the site's base URL.
    Stop it with ``server.shutdown(); server.server_close()``."""
    server = make_server(root, port, quiet=True)
    threading.Thread(target=server.serve_forever, name="lite-site", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the JupyterLite site on 127.0.0.1.")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="default: _site/")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not (args.dir / "index.html").is_file():
        print(f"lite-serve: {args.dir} has no site; run `make lite` first", file=sys.stderr)
        return 1
    with make_server(args.dir.resolve(), args.port) as server:
        print(
            f"Serving {args.dir} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is the way to stop
            server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
