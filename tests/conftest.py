"""Shared fixtures: throwaway projects, HTML parsing, the example build, Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings

from generator.build import build

# Property tests draw the same examples on every run: a CI run never fails on a case the
# run before did not draw (set HYPOTHESIS_PROFILE=explore to draw new ones locally).
settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

MINIMAL = {
    "chronicle.yaml": "title: Test\n",
    "content/actors/ann.md": "---\nname: Ann\n---\n",
    "content/sources/src.md": "---\ntitle: A source\npublisher: Daily\n---\nLine one\nLine two\n",
    "content/events/2020-01-01-first.md": (
        "---\ntitle: First\ndate: 2020-01-01\nactors: [ann]\nsources: [src]\n---\n"
        "Body [@src, line 2].\n"
    ),
}


@pytest.fixture(autouse=True, scope="session")
def private_cache_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The build cache's signing key lives in the user's cache folder: a throwaway one here."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if old is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = old


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """A project from MINIMAL, with files replaced, added or (value None) removed."""

    def make(files: dict[str, str | bytes | None] | None = None) -> Path:
        root = tmp_path / "project"
        merged = {**MINIMAL, **(files or {})}
        write_files(root, {k: v for k, v in merged.items() if v is not None})
        return root

    return make


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example chronology, built for a GitHub Pages project site."""
    out = tmp_path_factory.mktemp("example") / "site"
    build(REPO, out, {"base_url": "https://user.github.io/repo/"})
    return out


@pytest.fixture(scope="session")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 'basic' golden scenario, built once (at its fixed build time)."""
    from golden import build_scenario

    out = tmp_path_factory.mktemp("basic") / "site"
    build_scenario("basic", out)
    return out


@pytest.fixture(scope="session")
def chromium() -> str:
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing on CI: .ci/run must install Debian's chromium")
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, url: str, javascript: bool = True):  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # A request the test's own navigation cancels (net::ERR_ABORTED, often the favicon) is
    # no failure of the site; every other failed request is.
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url} {r.failure}")
            if "ERR_ABORTED" not in (r.failure or "") else None)
    page.goto(url)
    return page, errors
