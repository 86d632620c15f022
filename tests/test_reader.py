"""The reader's side in a real headless Chromium: search, filters, the visual timeline, the
embed, TimelineJS3 on timeline.json, and axe-core on every page type, light and dark.

axe-core and TimelineJS3 come from the npm registry (tests/js/package.json; .ci/run installs
them); they are injected into pages by the test, never shipped with the site.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from conftest import open_page, write_files
from playwright.sync_api import expect

from generator.build import build
from generator.serve import serve_in_thread

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = Path(__file__).resolve().parent / "js" / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
TIMELINEJS = NODE_MODULES / "@knight-lab" / "timelinejs" / "dist"
BIRTHDAY = "events/2024-10-07-kim-jong-un-birthday-greetings-to-putin/"
PAGE_TYPES = [
    "", BIRTHDAY, "sources/kcna-2024-10-08-kim-jong-un-congratulates-russian-president/",
    "actors/kim-jong-un/", "tags/birthday/", "years/2024/", "years/", "actors/", "tags/",
    "sources/", "data/", "search/", "embed/", "404.html",
]


def npm_package(path: Path) -> Path:
    if path.exists():
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{path} is missing on CI: .ci/run must run npm install in tests/js")
    pytest.skip(f"{path.name} is not installed: npm install --prefix tests/js")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    """The example chronology served under a sub-path, as on GitHub Pages."""
    out = tmp_path_factory.mktemp("reader") / "site"
    build(REPO, out, {"base_url": "https://user.github.io/repo/"})
    server = serve_in_thread(out, mount="/repo/")
    yield out, f"http://127.0.0.1:{server.server_address[1]}/repo/"
    server.shutdown()


def big_project(root: Path, events: int) -> Path:
    """A chronology over 75 years: its timeline counts events by year."""
    files = {"chronicle.yaml": "title: Big\nper_page: 60\n",
             "content/actors/ann.md": "---\nname: Ann\n---\n",
             "content/sources/s.md": "---\ntitle: S\npublisher: P\n---\nline\n"}
    for n in range(events):
        year, month = 1950 + n * 75 // events, n % 12 + 1
        date = f"{year}" if n % 10 == 0 else f"{year}-{month:02d}-{n % 27 + 1:02d}"
        files[f"content/events/e-{n:04d}.md"] = (
            f"---\ntitle: Event {n}\ndate: {date}\nactors: [ann]\nsources: [s]\n---\n")
    return write_files(root, files)


def test_typing_a_query_finds_the_event(browser, site: tuple[Path, str]):
    _, url = site
    page, errors = open_page(browser, url)
    page.get_by_role("searchbox", name="Search the chronology").fill("birthday greetings")
    page.get_by_role("searchbox", name="Search the chronology").press("Enter")
    page.wait_for_url("**/search/?q=birthday+greetings")
    first = page.locator(".search-results li a").first
    first.wait_for()
    assert first.inner_text() == "Kim Jong Un sends Vladimir Putin birthday greetings"
    assert first.get_attribute("href") == "/repo/" + BIRTHDAY
    assert page.url.endswith("/search/?q=birthday+greetings")  # the script keeps the form's
    page.locator(".search-page input").fill("zqxjv")
    page.get_by_text("Nothing found.").wait_for()
    assert page.locator(".search-results li").count() == 0
    assert errors == []


def test_a_filter_hides_the_right_events_and_survives_a_reload(browser, site: tuple[Path, str]):
    _, url = site
    page, errors = open_page(browser, url)
    entries = page.locator("article.entry")
    assert entries.count() == 5
    page.get_by_label("Tag").select_option("birthday")
    visible = page.locator("article.entry:visible")
    assert visible.count() == 1
    assert visible.get_attribute("id") == BIRTHDAY.split("/")[1]
    assert page.url.endswith("?tag=birthday")
    assert page.locator(".filter-status").inner_text() == "1 of 5 events shown"
    page.reload()
    assert page.get_by_label("Tag").input_value() == "birthday"
    assert page.locator("article.entry:visible").count() == 1
    page.get_by_label("From").fill("2025")
    page.get_by_label("Tag").select_option("")
    expect(page.locator("article.entry:visible")).to_have_count(2)  # the 2025 events
    assert page.locator("section.year:visible > h2").all_inner_texts() == ["2025"]
    page.get_by_role("button", name="Clear").click()
    expect(page.locator("article.entry:visible")).to_have_count(5)  # reset applies after it
    assert errors == []


def test_without_javascript_no_filter_shows_and_every_event_is_listed(browser, site):
    _, url = site
    page, errors = open_page(browser, url, javascript=False)
    assert page.locator("form.filters").is_hidden()
    assert page.locator("article.entry:visible").count() == 5
    assert page.locator(".timeline svg a").count() == 5  # the timeline is drawn at build time
    assert errors == []


def test_every_timeline_mark_links_to_an_existing_page_at_scale(browser, tmp_path: Path):
    root = big_project(tmp_path / "big", 900)
    out = tmp_path / "site"
    build(root, out)
    server = serve_in_thread(out, mount="/")
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        for path in ("", "years/1999/", "actors/ann/"):
            page, errors = open_page(browser, base + path)
            marks = page.locator(".timeline svg a")
            assert 0 < marks.count() <= 120, path
            hrefs = marks.evaluate_all(
                "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)")
            for href in set(hrefs):
                target, anchor = urldefrag(href)
                response = page.request.get(target)
                assert response.status == 200, href
                if anchor:
                    assert f'id="{anchor}"' in response.text(), href
            assert errors == []
        page, _ = open_page(browser, base)
        assert page.locator(".timeline figcaption").inner_text() == \
            "Timeline of 900 events, counted by year"
        page.locator(".timeline svg a").nth(3).click()
        page.wait_for_url("**/years/1953/")
    finally:
        server.shutdown()


def test_the_embed_renders_in_an_iframe(browser, site: tuple[Path, str], tmp_path: Path):
    _, url = site
    host = tmp_path / "host"
    host.mkdir()
    (host / "article.html").write_text(
        f'<!DOCTYPE html><title>A newsroom article</title><link rel="icon" href="data:,">'
        f'<p>Story.</p>'
        f'<iframe src="{url}embed/" title="Chronology" width="600" height="480"></iframe>')
    server = serve_in_thread(host)
    try:
        page, errors = open_page(browser,
                                 f"http://127.0.0.1:{server.server_address[1]}/article.html")
        frame = page.frame_locator("iframe")
        frame.locator("article.entry").first.wait_for()
        assert frame.locator("article.entry").count() == 5
        assert frame.locator(".timeline svg a").count() == 5
        link = frame.get_by_role("link", name="Kim Jong Un sends Vladimir Putin birthday greetings",
                                 exact=True)
        assert link.get_attribute("href") == "../" + BIRTHDAY
        link.click()  # opens in the whole window, not inside the frame
        page.wait_for_url("**/repo/" + BIRTHDAY)
        assert errors == []
    finally:
        server.shutdown()


def test_timelinejs3_renders_the_sites_timeline_json(browser, site, tmp_path: Path):
    dist = npm_package(TIMELINEJS)
    out, _ = site
    folder = tmp_path / "tl"
    shutil.copytree(dist, folder)
    shutil.copy(out / "timeline.json", folder / "timeline.json")
    (folder / "index.html").write_text(
        '<!DOCTYPE html><html><head><link rel="icon" href="data:,">'
        '<link rel="stylesheet" href="css/timeline.css">'
        '<script src="js/timeline.js"></script></head><body>'
        '<div id="tl" style="width: 1000px; height: 600px"></div>'
        # TimelineJS's own files from here, never from its CDN; no web fonts
        "<script>window.timeline = new TL.Timeline('tl', 'timeline.json', "
        "{script_path: new URL('js/', location.href).href, font: null});</script>"
        "</body></html>")
    server = serve_in_thread(folder)
    try:
        page, errors = open_page(browser, f"http://127.0.0.1:{server.server_address[1]}/")
        page.locator(".tl-timemarker").first.wait_for(state="attached")
        assert page.locator(".tl-timemarker").count() == 5
        assert page.locator(".tl-message-content:visible").count() == 0  # no load error shown
        titles = page.locator(".tl-slide-content .tl-headline").all_text_contents()
        assert any("birthday greetings" in title for title in titles)
        assert errors == []
    finally:
        server.shutdown()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_on_any_page_type(browser, site, scheme: str):
    axe = npm_package(AXE)
    _, url = site
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)  # to inject axe
    page = context.new_page()
    found = {}
    for path in PAGE_TYPES:
        page.goto(url + path)
        page.add_script_tag(path=str(axe))
        found[path] = page.evaluate(
            "axe.run().then(r => r.violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))")
    context.close()
    assert {path: v for path, v in found.items() if v} == {}


def test_no_console_error_or_policy_violation_on_any_page_type(browser, site):
    _, url = site
    for path in PAGE_TYPES:
        page, errors = open_page(browser, url + path)
        page.wait_for_load_state("networkidle")
        policy = [e for e in errors if "Content Security Policy" in e]
        assert policy == [], path
        assert errors == [] or path == "404.html", (path, errors)


@pytest.mark.parametrize("width", [375, 1440])
def test_pages_fit_the_screen_without_sideways_scrolling(browser, site, width: int):
    _, url = site
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for path in ("", BIRTHDAY, "sources/"):
        page.goto(url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    context.close()
