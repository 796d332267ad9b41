"""`csx dashboards preview`: serve the built static site with Python's http.server.

The site is static files (HTML, JS, WebAssembly, parquet) that any HTTP server can host; it does not
work from file:// because the browser-side DuckDB fetches the data files over HTTP. Serving needs no
Node.js and no package beyond the standard library.
"""

from __future__ import annotations

import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from csx.errors import CsxError, Problem


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the types the site needs; quiet access log."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".parquet": "application/octet-stream",
        ".arrow": "application/vnd.apache.arrow.file",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


def make_server(site: Path, host: str = "127.0.0.1", port: int = 4173) -> ThreadingHTTPServer:
    """Bind an HTTP server for `site`; a missing build or a busy port is one CsxError line."""
    if not (site / "index.html").is_file():
        raise CsxError(
            [
                Problem(
                    file=str(site),
                    rule="site-missing",
                    message="no built site to serve; run `csx dashboards build` (or `csx build`) first",
                )
            ]
        )
    handler = functools.partial(SiteHandler, directory=str(site))
    try:
        return ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise CsxError(
            [
                Problem(
                    file=f"{host}:{port}",
                    rule="port-unavailable",
                    message=f"cannot serve on http://{host}:{port}/ ({exc.strerror or exc}); "
                    "choose another port with --port",
                )
            ]
        ) from None


def site_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"


def serve_site(site: Path, host: str = "127.0.0.1", port: int = 4173) -> None:
    """Serve until Ctrl-C, after printing the URL (stdout, flushed so wrappers see it at once)."""
    server = make_server(site, host, port)
    print(f"Serving {site} at {site_url(server)}  (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        server.server_close()
