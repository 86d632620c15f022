"""Crawl the built site over HTTP, mounted where GitHub Pages would serve it.

Every internal link, stylesheet and fragment must resolve: zero broken links
under a sub-path (the classic MkDocs/Pelican complaint) and at a domain root.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.build import build
from generator.serve import serve_in_thread

REPO = Path(__file__).resolve().parent.parent


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), ""


def crawl(start: str) -> tuple[set[str], list[str]]:
    """Visit every internal page reachable from `start`; return pages and problems."""
    host = urlsplit(start).netloc
    pages: dict[str, BeautifulSoup | None] = {}
    wanted: list[tuple[str, str]] = []  # (page, link) with a fragment, checked at the end
    problems: list[str] = []
    queue = deque([start])
    while queue:
        url = queue.popleft()
        if url in pages:
            continue
        status, body, kind = fetch(url)
        if status != 200:
            problems.append(f"{url}: HTTP {status}")
            pages[url] = None
            continue
        pages[url] = BeautifulSoup(body, "html.parser") if kind == "text/html" else None
        if pages[url] is None:
            continue
        for tag in pages[url].find_all(["a", "link", "script", "img"]):
            ref = tag.get("href") or tag.get("src")
            if not ref:
                continue
            target = urljoin(url, ref)
            if urlsplit(target).netloc != host:
                continue
            bare, fragment = urldefrag(target)
            if fragment:
                wanted.append((url, target))
            queue.append(bare)
        for meta in pages[url].select("meta[http-equiv=refresh]"):
            queue.append(urljoin(url, meta["content"].split("url=", 1)[1]))
    for page, target in wanted:
        bare, fragment = urldefrag(target)
        document = pages.get(bare)
        if document is None or not document.find(id=fragment):
            problems.append(f"{page}: link to missing anchor {target}")
    return set(pages), problems


@pytest.mark.parametrize(("base_url", "mount"), [
    ("https://user.github.io/repo/", "/repo/"),
    ("https://example.org/", "/"),
    ("", "/"),
])
def test_no_broken_links_or_anchors(tmp_path: Path, base_url: str, mount: str):
    site = tmp_path / "site"
    result = build(REPO, site, {"base_url": base_url}, drafts=True)
    server = serve_in_thread(site, mount=mount)
    try:
        root = f"http://127.0.0.1:{server.server_address[1]}{mount}"
        pages, problems = crawl(root)
        for extra in ["feed.xml", "events.json", "sitemap.xml", "robots.txt", "404.html"]:
            pages |= crawl(root + extra)[0]
    finally:
        server.shutdown()
    assert problems == []
    html_files = {p for p in site.rglob("*.html")}
    assert len(pages) >= len(html_files), "some pages are not linked from anywhere"
    assert result.events > 0


def test_server_answers_unknown_paths_with_the_site_404(tmp_path: Path):
    site = tmp_path / "site"
    build(REPO, site, {"base_url": "https://user.github.io/repo/"})
    server = serve_in_thread(site, mount="/repo/")
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        status, body, _ = fetch(base + "/repo/no/such/page/")
        assert status == 404 and b"Page not found" in body
        assert fetch(base + "/elsewhere/")[0] == 404
        assert fetch(base + "/repo/../etc/passwd")[0] == 404
        assert fetch(base + "/repo")[0] == 200  # redirected to /repo/
    finally:
        server.shutdown()
