"""`chronicle serve` as a user runs it: a real process, real file edits, a real browser."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.serve import is_watched

EVENT = "content/events/2020-01-01-first.md"


class Served:
    """A running `chronicle serve` and everything it has printed."""

    def __init__(self, root: Path, env: dict[str, str] | None = None) -> None:
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--source", str(root), "--port", "0",
             "--base-url", "https://user.github.io/repo/"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for_output(lambda line: line.startswith("Serving on "))
        self.url = line.split()[2]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line.rstrip("\n"))

    def wait_for_output(self, match: Callable[[str], bool], timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.output):
                if match(line):
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError("serve did not print the expected line:\n" + "\n".join(self.output))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def wait_until(self, path: str, check: Callable[[int, str], bool], timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        status, body = self.get(path)
        while not check(status, body):
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} never matched; last status {status}\n"
                                     + "\n".join(self.output))
            time.sleep(0.05)
            status, body = self.get(path)
        return body


@pytest.fixture
def served(make_project) -> Iterator[tuple[Path, Served]]:
    root = make_project()
    server = Served(root)
    yield root, server
    server.process.terminate()
    server.process.wait(timeout=10)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_stopped_serve_removes_its_private_build_folder(make_project, tmp_path, stop) -> None:
    """Ctrl-C, a process manager (SIGTERM) and a closed terminal (SIGHUP) all clean up."""
    temp = tmp_path / "temp"
    temp.mkdir()
    server = Served(make_project(), env={"TMPDIR": str(temp)})
    assert [path.name[:16] for path in temp.iterdir()] == ["chronicle-serve-"]
    server.process.send_signal(stop)
    assert server.process.wait(timeout=10) == 0
    assert list(temp.iterdir()) == []


def test_edits_additions_and_deletions_reach_the_served_pages(served) -> None:
    root, server = served
    status, page = server.get("events/2020-01-01-first/")
    assert status == 200 and "<h1>First</h1>" in page and "/__chronicle/live" in page

    event = root / EVENT
    event.write_text(event.read_text().replace("title: First", "title: First, revised"))
    server.wait_until("events/2020-01-01-first/", lambda s, body: "First, revised" in body)

    new = root / "content/events/2021-02-03-second.md"
    new.write_text("---\ntitle: Second\ndate: 2021-02-03\nactors: [ann]\n---\nText.\n")
    # A rebuild writes its pages one by one: each page is awaited, not read once.
    server.wait_until("events/2021-02-03-second/", lambda s, body: s == 200)
    server.wait_until("", lambda s, body: "Second" in body)
    server.wait_until("years/", lambda s, body: "2021" in body)

    new.unlink()
    server.wait_until("events/2021-02-03-second/", lambda s, body: s == 404)
    server.wait_until("", lambda s, body: "Second" not in body)


def test_a_broken_save_keeps_the_server_and_the_last_good_page(served) -> None:
    root, server = served
    event = root / EVENT
    good = event.read_text()
    event.write_text(good.replace("date: 2020-01-01", "date: 2020-13-01"))
    server.wait_for_output(lambda line: "2020-01-01-first.md:3: error" in line)
    assert server.process.poll() is None
    status, page = server.get("events/2020-01-01-first/")
    assert status == 200 and "<h1>First</h1>" in page

    event.write_text(good.replace("title: First", "title: Fixed"))
    server.wait_until("events/2020-01-01-first/", lambda s, body: "<h1>Fixed</h1>" in body)


def test_a_burst_of_saves_is_one_rebuild(served) -> None:
    root, server = served
    before = sum(line.startswith("Rebuilt") for line in server.output)
    for n in range(30):
        (root / f"content/actors/extra-{n}.md").write_text(f"---\nname: Extra {n}\n---\n")
    server.wait_until("actors/extra-29/", lambda s, body: s == 200)
    time.sleep(0.5)
    rebuilds = sum(line.startswith("Rebuilt") for line in server.output) - before
    assert 1 <= rebuilds <= 3


def test_editor_swap_and_hidden_files_are_ignored(tmp_path: Path) -> None:
    root = tmp_path
    assert is_watched(root, root / "content/events/x.md")
    assert is_watched(root, root / "themes/mine/templates/base.html")
    assert is_watched(root, root / "chronicle.yaml")
    for name in [".x.md.swp", "x.md~", "#x.md#", "4913", ".goutputstream-ABC"]:
        assert not is_watched(root, root / "content/events" / name)
    assert not is_watched(root, root / "site/index.html")
    assert not is_watched(root, root / ".git/index")


def test_browser_reloads_by_itself_and_shows_errors_as_an_overlay(served, browser) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    root, server = served
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url + "events/2020-01-01-first/")
    assert page.locator("h1").inner_text() == "First"

    event = root / EVENT
    good = event.read_text()
    event.write_text(good.replace("title: First", "title: Reloaded"))
    # A locator, not wait_for_function: the site's Content-Security-Policy forbids eval.
    expect(page.locator("h1")).to_have_text("Reloaded", timeout=15000)

    event.write_text(good.replace("date: 2020-01-01", "date: 2020-01-99"))
    overlay = page.locator("#chronicle-problem")
    overlay.wait_for(timeout=15000)
    assert "2020-01-01-first.md:3: error" in overlay.inner_text()
    assert page.locator("h1").inner_text() == "Reloaded"  # the last good page stays

    event.write_text(good.replace("title: First", "title: Good again"))
    expect(page.locator("h1")).to_have_text("Good again", timeout=15000)
    assert page.locator("#chronicle-problem").count() == 0
    assert errors == []


def test_malformed_live_reload_requests_get_an_answer_not_a_traceback(served) -> None:
    _, server = served
    base = server.url.split("/repo/")[0]
    with urllib.request.urlopen(base + "/__chronicle/live?version=abc", timeout=5) as response:
        assert response.status == 200
        assert response.readline().decode().startswith("event: reload")
    with urllib.request.urlopen(base + "/__chronicle/live.js", timeout=5) as response:
        assert "EventSource" in response.read().decode()
    assert server.get("events/2020-01-01-first/")[0] == 200
    time.sleep(0.2)
    assert not [line for line in server.output if "Traceback" in line], server.output
