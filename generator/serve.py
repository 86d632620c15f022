"""Serve a built site over HTTP, mounted at the base URL's path.

Serving under the same sub-path GitHub Pages will use (/repo/) makes sub-path
bugs show up locally (as MkDocs' mount_path does). Unknown paths get the
site's own 404.html with status 404, as on GitHub Pages.
"""

from __future__ import annotations

import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from `directory`, visible only under `mount` (e.g. '/repo/')."""

    def __init__(self, *args, directory: str, mount: str = "/", **kwargs) -> None:  # type: ignore
        self.mount = mount
        super().__init__(*args, directory=directory, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.end_headers()

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path + "/" == self.mount:
            self.redirect(self.mount)
            return
        inner = path[len(self.mount):]
        if not path.startswith(self.mount) or ".." in inner.split("/"):
            self.not_found()
            return
        target = Path(self.directory, inner)
        if target.is_dir():
            if inner and not inner.endswith("/"):
                self.redirect(path + "/")
                return
            target = target / "index.html"
        if not target.is_file():
            self.not_found()
            return
        self.path = "/" + target.relative_to(self.directory).as_posix()
        super().do_GET()

    def do_HEAD(self) -> None:
        self.do_GET()

    def not_found(self) -> None:
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"404 Not Found"
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 0,
                mount: str = "/") -> ThreadingHTTPServer:
    handler = partial(SiteHandler, directory=str(directory), mount=mount)
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve_in_thread(directory: Path, mount: str = "/") -> ThreadingHTTPServer:
    """Start a server on a free loopback port in a background thread (for tests, tools)."""
    server = make_server(directory, mount=mount)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
