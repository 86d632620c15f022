"""A real headless Chromium reads the chronology and follows its citations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import open_page

from generator.build import build
from generator.serve import serve_in_thread

REPO = Path(__file__).resolve().parent.parent
BIRTHDAY = "events/2024-10-07-kim-jong-un-birthday-greetings-to-putin/"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("browser") / "site"
    build(REPO, site, {"base_url": "https://user.github.io/repo/"})
    server = serve_in_thread(site, mount="/repo/")
    yield f"http://127.0.0.1:{server.server_address[1]}/repo/"
    server.shutdown()


def test_chronology_reads_well_with_no_console_errors(browser, site_url: str):
    page, errors = open_page(browser, site_url)
    assert page.title() == "North Korea and Russia, leader to leader"
    assert page.locator("section.year > h2").all_inner_texts() == ["2018", "2024", "2025"]
    entry = page.locator("article[id='2024-10-07-kim-jong-un-birthday-greetings-to-putin']")
    assert entry.locator("time").inner_text() == "7 October 2024"
    assert entry.locator(".source-count").inner_text() == "2 sources"
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Georgia")
    assert errors == []


def test_reader_follows_an_event_to_the_quoted_source_line(browser, site_url: str):
    page, errors = open_page(browser, site_url)
    page.get_by_role("link", name="Kim Jong Un sends Vladimir Putin birthday greetings",
                     exact=True).click()
    page.wait_for_url("**/" + BIRTHDAY)
    assert page.locator("h1").inner_text() == "Kim Jong Un sends Vladimir Putin birthday greetings"
    assert page.locator(".sources li").count() == 2
    quote = page.locator(".quote").filter(has_text="Pyongyang will always stand by Moscow.")
    quote.get_by_role("link", name="line 13 of the source").click()
    page.wait_for_url("**/sources/kcna-2024-10-08-kim-jong-un-congratulates-russian-president/#L13")
    target = page.locator("li:target")
    assert target.inner_text().endswith("Pyongyang will always stand by Moscow.")
    assert "quoted" in (target.get_attribute("class") or "")
    assert errors == []


def test_chronology_is_complete_without_javascript(browser, site_url: str):
    page, errors = open_page(browser, site_url, javascript=False)
    assert page.locator("article.entry").count() == 5
    assert page.locator("article.entry a").first.get_attribute("href").startswith("events/")
    assert errors == []
