"""Serve a built site over HTTP, mounted at the base URL's path.

Serving under the same sub-path GitHub Pages will use (/repo/) makes sub-path
bugs show up locally (as MkDocs' mount_path does). Unknown paths get the
site's own 404.html with status 404, as on GitHub Pages.

In serve mode every HTML response gets a small script that listens to
Server-Sent Events: it reloads the page after a rebuild and shows a failed
rebuild's errors as an overlay on the last good page. The script is added
while serving, never written to the built files.
"""

from __future__ import annotations

import json
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.build import IncrementalBuilder
from generator.config import load_config
from generator.errors import ChronicleError, Collector
from generator.search import index_site

LIVE_PATH = "/__chronicle/live"
KEEPALIVE_SECONDS = 15
QUIET_SECONDS = 0.01  # a burst of saves (editor temp files, git checkout) is one rebuild
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")

LIVE_SCRIPT_PATH = LIVE_PATH + ".js"
# A script file, not an inline script: the site's Content-Security-Policy allows only scripts
# from the site itself, and the preview must work under the same policy as the published site.
LIVE_SCRIPT = """(() => {
  const version = new URL(document.currentScript.src).searchParams.get("version");
  const live = new EventSource("%(path)s?version=" + version);
  live.addEventListener("reload", () => location.reload());
  live.addEventListener("problem", (message) => {
    let box = document.getElementById("chronicle-problem");
    if (!box) {
      box = document.createElement("div");
      box.id = "chronicle-problem";
      box.setAttribute("role", "alert");
      Object.assign(box.style, {position: "fixed", inset: "auto 1rem 1rem 1rem",
        zIndex: "2147483647", maxHeight: "60vh", overflow: "auto", background: "#fff4f4",
        color: "#5c0000", border: "2px solid #b00020", borderRadius: "6px", padding: "1rem",
        font: "14px/1.4 monospace", whiteSpace: "pre-wrap",
        boxShadow: "0 4px 24px rgba(0,0,0,.3)"});
      document.body.appendChild(box);
    }
    box.textContent = "The last save did not build:\\n\\n" + JSON.parse(message.data);
  });
})();
"""


@dataclass
class LiveState:
    """What open pages need to know: the site's version and the current build error."""

    version: int = 0
    problem: str | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)

    def update(self, reload: bool, problem: str | None) -> None:
        with self.changed:
            if reload or (self.problem and not problem):
                self.version += 1
            self.problem = problem
            self.changed.notify_all()

    def script_tag(self) -> bytes:
        return f'<script src="{LIVE_SCRIPT_PATH}?version={self.version}"></script>\n'.encode()


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from `directory`, visible only under `mount` (e.g. '/repo/')."""

    def __init__(self, *args, directory: str, mount: str = "/",  # type: ignore[no-untyped-def]
                 live: LiveState | None = None, **kwargs) -> None:
        self.mount = mount
        self.live = live
        super().__init__(*args, directory=directory, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.end_headers()

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if self.live and path == LIVE_PATH:
            self.stream_live(self.live)
            return
        if self.live and path == LIVE_SCRIPT_PATH:
            self.send_body(HTTPStatus.OK, (LIVE_SCRIPT % {"path": LIVE_PATH}).encode(),
                           "text/javascript; charset=utf-8")
            return
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
        if self.live and target.suffix == ".html":
            self.send_html(HTTPStatus.OK, target.read_bytes())
            return
        self.path = "/" + target.relative_to(self.directory).as_posix()
        super().do_GET()

    def send_html(self, status: HTTPStatus, body: bytes) -> None:
        if self.live:
            end = body.rfind(b"</body>")
            end = len(body) if end < 0 else end
            body = body[:end] + self.live.script_tag() + body[end:]
        self.send_body(status, body, "text/html; charset=utf-8")

    def send_body(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def stream_live(self, live: LiveState) -> None:
        """Server-Sent Events: 'reload' once the page is out of date, 'problem' on errors."""
        version_text = parse_qs(urlsplit(self.path).query).get("version", ["0"])[0]
        seen_version = int(version_text) if version_text.isdigit() else -1  # -1: reload now
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        sent_problem = None
        try:
            while True:
                with live.changed:
                    if live.version == seen_version and live.problem == sent_problem:
                        live.changed.wait(KEEPALIVE_SECONDS)
                    version, problem = live.version, live.problem
                if version != seen_version:
                    self.wfile.write(f"event: reload\ndata: {version}\n\n".encode())
                    self.wfile.flush()
                    return
                if problem != sent_problem and problem is not None:
                    self.wfile.write(f"event: problem\ndata: {json.dumps(problem)}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                sent_problem = problem
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def do_HEAD(self) -> None:
        self.do_GET()

    def not_found(self) -> None:
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"<!DOCTYPE html><title>Not found</title>"\
            b"<body><h1>Not found</h1></body>"
        self.send_html(HTTPStatus.NOT_FOUND, body)


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 0,
                mount: str = "/", live: LiveState | None = None) -> ThreadingHTTPServer:
    handler = partial(SiteHandler, directory=str(directory), mount=mount, live=live)
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve_in_thread(directory: Path, mount: str = "/") -> ThreadingHTTPServer:
    """Start a server on a free loopback port in a background thread (for tests, tools)."""
    server = make_server(directory, mount=mount)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- watching --------------------------------------------------------------------------

def is_watched(root: Path, path: Path) -> bool:
    """Content, themes and chronicle.yaml; not editor swap files or hidden files."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    name = parts[-1] if parts else ""
    if not parts or name.startswith((".", "#")) or name.endswith(IGNORED_SUFFIXES) \
            or name == "4913":  # vim's probe file
        return False
    return parts[0] in ("content", "themes") or parts == ("chronicle.yaml",)


class _Collect(FileSystemEventHandler):
    def __init__(self, root: Path, changes: queue.Queue[Path | None]) -> None:
        self.root, self.changes = root, changes

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") \
                or (event.is_directory and event.event_type == "modified"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = Path(str(raw)) if raw else None
            if path and is_watched(self.root, path):
                self.changes.put(path)


class Watcher:
    """Watches a project and calls `rebuild(changed paths)` once per burst of changes."""

    def __init__(self, root: Path, rebuild: Callable[[set[Path]], None]) -> None:
        self.root = root.resolve()
        self.rebuild = rebuild
        self.changes: queue.Queue[Path | None] = queue.Queue()
        self.observer = Observer()
        handler = _Collect(self.root, self.changes)
        self.observer.schedule(handler, str(self.root), recursive=False)
        for name in ("content", "themes"):
            if (self.root / name).is_dir():
                self.observer.schedule(handler, str(self.root / name), recursive=True)
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self.observer.start()
        self.thread.start()

    def stop(self) -> None:
        """Stop watching; wait for a rebuild in progress, which writes into the served folder."""
        self.observer.stop()
        self.changes.put(None)
        self.thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            first = self.changes.get()
            if first is None:
                return
            batch = {first}
            while True:
                try:
                    path = self.changes.get(timeout=QUIET_SECONDS)
                except queue.Empty:
                    break
                if path is None:
                    return
                batch.add(path)
            self.rebuild(batch)


# --- the command -----------------------------------------------------------------------

class SearchIndexer:
    """Re-indexes the served folder after rebuilds in a thread: a rebuild never waits for it.

    Requests that arrive during a run are served by one more run, not one each. Leaving the
    `with` block ends the running Pagefind: serve removes the folder it writes to.
    """

    def __init__(self, folder: Path, echo: Callable[[str], None]) -> None:
        self.folder = folder
        self.echo = echo
        self.pending = threading.Event()
        self.scope = "all"
        self.lock = threading.Lock()
        self.stopping = False
        self.process: subprocess.Popen[str] | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> SearchIndexer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        with self.lock:
            self.stopping = True
            if self.process is not None:
                self.process.kill()
        self.pending.set()
        self.thread.join(timeout=10)

    def request(self, scope: str) -> None:
        self.scope = scope
        self.pending.set()

    def _started(self, process: subprocess.Popen[str]) -> None:
        with self.lock:
            self.process = process
            if self.stopping:
                process.kill()

    def _run(self) -> None:
        while True:
            self.pending.wait()
            self.pending.clear()
            if self.stopping:
                return
            problems = Collector()
            index_site(self.folder, self.scope, problems, background=True, started=self._started)
            with self.lock:
                self.process = None
                if self.stopping:
                    return
            for problem in problems.problems:
                self.echo(problem.format(self.folder))


@contextmanager
def stopped_by_termination() -> Iterator[None]:
    """Treat SIGTERM and SIGHUP like Ctrl-C, so the cleanup in `finally` runs.

    A process manager, `docker stop` or a closed terminal ends serve with these signals; by
    default they end Python at once and leave the private build folder behind in the temp folder.
    """
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {name: signal.signal(getattr(signal, name), interrupt) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def serve(root: Path, host: str, port: int, overrides: dict[str, Any], drafts: bool,
          echo: Callable[[str], None]) -> None:
    """Build into a private folder, serve it, rebuild on changes; return on Ctrl-C or SIGTERM.

    The private folder is removed however serve ends.
    """
    out = Path(tempfile.mkdtemp(prefix="chronicle-serve-"))
    try:
        with stopped_by_termination(), SearchIndexer(out, echo) as indexer:
            serve_from(out, indexer, root.resolve(), host, port, overrides, drafts, echo)
    except KeyboardInterrupt:
        pass
    finally:
        shutil.rmtree(out, ignore_errors=True)


def serve_from(out: Path, indexer: SearchIndexer, root: Path, host: str, port: int,
               overrides: dict[str, Any], drafts: bool, echo: Callable[[str], None]) -> None:
    """Serve the site built into `out` until interrupted."""
    builder = IncrementalBuilder(root, out, overrides, drafts)
    live = LiveState()

    def rebuild(changed: set[Path]) -> None:
        try:
            result = builder.rebuild(changed, defer_exports=True)
        except ChronicleError as exc:
            message = exc.format_message()
            echo(message)
            live.update(reload=False, problem=message)
            return
        for warning in result.warnings:
            echo(warning.format(root))
        names = ", ".join(sorted(str(p.relative_to(root)) for p in changed)[:3])
        echo(f"Rebuilt {len(result.written)} files, removed {len(result.removed)} "
             f"in {result.seconds * 1000:.0f} ms{f' ({names})' if names else ''}")
        live.update(reload=bool(result.written or result.removed), problem=None)
        builder.finish()  # the data exports, after the page is on its way
        config = builder.last.site.config if builder.last else None
        if config and config.searchable and (result.written or result.removed):
            indexer.request(config.search)

    rebuild(set())
    mount = load_config(root, overrides).base_path
    try:
        server = make_server(out, host, port, mount, live)
    except OSError as exc:
        raise ChronicleError(f"cannot listen on {host}:{port}: {exc.strerror}; "
                             "pass another --port (0 picks a free one)") from exc
    watcher = Watcher(root, rebuild)
    watcher.start()
    bound_host, bound_port = server.server_address[:2]
    echo(f"Serving on http://{bound_host}:{bound_port}{mount} (Ctrl-C to stop)")
    try:
        server.serve_forever()
    finally:
        watcher.stop()
        server.server_close()
