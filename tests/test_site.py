"""What the built site contains, checked on the parsed HTML."""

import json
import re
from pathlib import Path

from conftest import REPO, soup
from golden import SITES, build_scenario, fixed_epoch, tree

from generator.build import build


def test_every_page_of_the_url_scheme_exists(example_site: Path):
    for path in ["index.html", "404.html", "feed.xml", "events.json", "sitemap.xml",
                 "robots.txt", ".nojekyll", "static/style.css", "years/2024/index.html",
                 "actors/kim-jong-un/index.html", "tags/birthday/index.html",
                 "events/2024-10-07-kim-jong-un-birthday-greetings-to-putin/index.html",
                 "sources/kcna-2024-10-08-kim-jong-un-congratulates-russian-president/index.html"]:
        assert (example_site / path).is_file(), path


def test_chronology_groups_by_year_with_anchors_and_precision(basic: Path):
    page = soup(basic / "index.html")
    assert [h.get_text() for h in page.select("section.year > h2")] == ["1999", "2001"]
    first = page.select_one("article[id='1999-founding']")
    assert first.select_one("time").get_text() == "c. 1999"
    assert first.select_one("time")["datetime"] == "1999"
    summit = page.select_one("article[id='2001-05-10-summit']")
    assert summit.select_one("time").get_text() == "10–12 May 2001"
    assert summit.select_one(".entry-title a")["href"] == "events/2001-05-10-summit/"
    assert "Alice Example, Bob Sample" in summit.select_one(".actors").get_text()
    assert summit.select_one(".source-count").get_text() == "1 source"
    # a month-precision event sorts before the days of that month
    ids = [a["id"] for a in page.select("article.entry")]
    assert ids == ["1999-founding", "2001-05-preparations", "2001-05-10-summit"]


def test_big_chronologies_are_split_into_pages(basic: Path):
    second = soup(basic / "page/2/index.html")
    assert [a["id"] for a in second.select("article.entry")] == ["2002-hostile"]
    assert second.select_one("a[rel=prev]")["href"] == "../../"
    assert soup(basic / "index.html").select_one("a[rel=next]")["href"] == "page/2/"


def test_drafts_are_left_out_unless_asked_for(make_project):
    root = make_project(
        {"content/events/draft.md": "---\ntitle: D\ndate: 2021\nstatus: draft\n---\n"})
    build(root, root / "site")
    assert not (root / "site/events/draft").exists()
    build(root, root / "site", drafts=True)
    assert soup(root / "site/events/draft/index.html").select_one(".badge").get_text() == "draft"


def test_event_page_has_citations_quotes_sources_and_neighbours(basic: Path):
    page = soup(basic / "events/2001-05-10-summit/index.html")
    assert page.h1.get_text() == "Alice and Bob hold a three-day summit"
    cite = page.select_one(".body sup.cite")
    assert cite.select_one("a")["href"] == "#source-1"
    assert cite.select_one("a.cite-line")["href"] == "../../sources/gazette-2001-05-11-summit/#L3"
    assert page.select_one("#source-1 cite").get_text() == "Leaders meet at the summit"
    source_item = " ".join(page.select_one("#source-1").get_text().split())
    assert "The Gazette, 11 May 2001, by Jane Reporter." in source_item
    assert page.select_one("#source-1 a[href^='https://gazette']")
    quote = page.select_one(".quote")
    assert quote.blockquote.get_text(strip=True) == "We will meet again,"
    assert quote.select_one("a.cite-line")["href"] == \
        "../../sources/gazette-2001-05-11-summit/#L4"
    assert page.select_one("table")  # GFM tables
    assert page.select_one("section.footnotes")  # footnotes
    assert page.select_one("a[rel=prev]")["href"] == "../../events/2001-05-preparations/"
    assert page.select_one("a[rel=next]")["href"] == "../../events/2002-hostile/"
    related = [a["id"] for a in page.select(".related article")]
    assert related == ["2001-05-preparations", "2002-hostile"]


def test_source_page_has_line_anchors_highlights_and_backlinks(basic: Path):
    page = soup(basic / "sources/gazette-2001-05-11-summit/index.html")
    lines = page.select("ol.lines li")
    assert [li["id"] for li in lines] == ["L1", "L2", "L3", "L4"]
    assert [li["id"] for li in page.select("li.quoted")] == ["L4"]
    cited_by = [a["href"] for a in page.select(".cited-by a")]
    assert cited_by == ["../../events/2001-05-preparations/", "../../events/2001-05-10-summit/"]


def test_alias_redirects_to_the_current_permalink(basic: Path):
    page = soup(basic / "events/old-summit-id/index.html")
    assert page.select_one("meta[http-equiv=refresh]")["content"] == \
        "0; url=../../events/2001-05-10-summit/"
    assert page.select_one("link[rel=canonical]")["href"] == \
        "https://example.org/repo/events/2001-05-10-summit/"


def test_tags_in_two_spellings_share_one_page(basic: Path):
    page = soup(basic / "tags/treaty/index.html")
    assert [a["id"] for a in page.select("article")] == ["1999-founding", "2001-05-preparations"]


def test_404_uses_absolute_links_for_any_depth(basic: Path):
    page = soup(basic / "404.html")
    assert page.select_one("link[rel=stylesheet]")["href"] == "/repo/static/style.css"


def test_absolute_urls_in_feed_sitemap_and_json(basic: Path):
    feed = (basic / "feed.xml").read_text()
    assert "<id>https://example.org/repo/events/2002-hostile/</id>" in feed
    assert "<loc>https://example.org/repo/events/2001-05-10-summit/</loc>" in \
        (basic / "sitemap.xml").read_text()
    assert "old-summit-id" not in (basic / "sitemap.xml").read_text()
    data = json.loads((basic / "events.json").read_text())
    event = next(e for e in data["events"] if e["id"] == "2001-05-10-summit")
    assert event["url"] == "https://example.org/repo/events/2001-05-10-summit/"
    assert event["sources"][0]["publisher"] == "The Gazette"
    assert event["quotes"][0]["url"] == \
        "https://example.org/repo/sources/gazette-2001-05-11-summit/#L4"
    assert event["date"] == "2001-05-10" and event["date_end"] == "2001-05-12"


# The only scripts a page may hold: the JSON-LD data block and the theme's own files.
OUR_SCRIPTS = re.compile(r'<script (type="application/ld\+json"|src="[./]*static/\w+\.js" defer)>')


def test_untrusted_text_never_becomes_markup(basic: Path):
    for path, data in tree(basic).items():
        if path.endswith((".csv", ".ics")) or path.startswith("pagefind/"):
            continue  # plain text formats: the text is data there (tests/test_exports.py)
        text = data.decode("utf-8", "replace")
        scripts = OUR_SCRIPTS.sub("", text.lower())
        assert "<script" not in scripts, path
        assert not re.search(r"<img[^>]*onerror", text), path
        assert 'href="javascript:' not in text, path
    data = json.loads((basic / "events.json").read_text())
    assert any("<script>" in e["title"] for e in data["events"])  # kept as text, escaped as JSON


def test_every_page_sends_a_strict_content_security_policy(basic: Path):
    pages = [p for p in tree(basic) if p.endswith(".html")]
    for path in pages:
        page = soup(basic / path)
        policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy is not None, path
        # Only the search page may compile WebAssembly (Pagefind); no page may eval JavaScript.
        allowed = "script-src 'self' 'wasm-unsafe-eval';" if path == "search/index.html" \
            else "script-src 'self';"
        assert allowed in policy["content"], path
        assert "unsafe" not in policy["content"].replace("'wasm-unsafe-eval'", ""), path
        assert page.head.find_all("meta")[1] is policy, "the policy comes before anything it rules"


def test_event_pages_describe_themselves_to_search_engines_and_sharing(basic: Path):
    page = soup(basic / "events/2001-05-10-summit/index.html")
    data = json.loads(page.find("script", attrs={"type": "application/ld+json"}).string)
    assert data["@type"] == "Event" and data["startDate"] == "2001-05-10"
    assert data["endDate"] == "2001-05-12"
    assert {a["name"] for a in data["attendee"]} == {"Alice Example", "Bob Sample"}
    assert data["subjectOf"][0]["publisher"]["name"] == "The Gazette"
    assert page.find("meta", attrs={"property": "og:description"})["content"] == \
        "The two leaders meet for three days."
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"


def test_build_is_deterministic(tmp_path: Path):
    build_scenario("basic", tmp_path / "one")
    build_scenario("basic", tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_source_date_epoch_sets_the_shown_build_time(tmp_path: Path):
    with fixed_epoch():
        build(SITES / "basic", tmp_path / "site")
    assert "2023-11-14" in (tmp_path / "site/index.html").read_text()  # epoch 1700000000


def test_project_theme_overrides_single_files(make_project):
    root = make_project({
        "chronicle.yaml": "title: T\ntheme: mine\n",
        "themes/mine/static/style.css": "body { color: red; }\n",
        "themes/mine/templates/year.html": "{% extends 'base.html' %}"
                                           "{% block content %}<p id=custom>{{ year }}</p>"
                                           "{% endblock %}\n",
    })
    build(root, root / "site")
    assert (root / "site/static/style.css").read_text() == "body { color: red; }\n"
    assert soup(root / "site/years/2020/index.html").select_one("#custom").get_text() == "2020"
    # the templates it does not override still come from the default theme
    assert soup(root / "site/index.html").select_one("article[id='2020-01-01-first']")


def _entries_at_two_levels(root: Path) -> tuple[str, str, int]:
    from generator.config import load_config
    from generator.model import load_content
    from generator.render import Renderer
    from generator.site import plan_site

    renderer = Renderer(plan_site(load_content(root, load_config(root))))
    events = renderer.site.events
    return (renderer.entries_html("../", events, "h3"), renderer.entries_html("", events, "h4"),
            len(renderer._entries))


def test_an_entry_is_rendered_once_for_lists_at_every_heading_level(make_project):
    under_tag, under_actor, renderings = _entries_at_two_levels(make_project())
    assert '<h3 class="entry-title"><a href="../events/2020-01-01-first/">' in under_tag
    assert '<h4 class="entry-title"><a href="events/2020-01-01-first/">' in under_actor
    assert "</h4>" in under_actor and "h3" not in under_actor
    assert renderings == 1


def test_a_projects_own_entry_may_use_its_heading_level_as_it_likes(make_project):
    entry = ("<article>{% if heading == 'h4' %}deep {% endif %}"
             "<{{ heading }}>{{ event.title }}</{{ heading }}></article>\n")
    root = make_project({"themes/default/templates/_entry.html": entry})
    under_tag, under_actor, _ = _entries_at_two_levels(root)
    assert under_tag == "<article><h3>First</h3></article>\n\n"
    assert under_actor == "<article>deep <h4>First</h4></article>\n\n"


def test_example_merges_the_two_birthday_reports(example_site: Path):
    page = soup(example_site / "events/2024-10-07-kim-jong-un-birthday-greetings-to-putin/"
                "index.html")
    publishers = [li.get_text(" ", strip=True) for li in page.select(".sources li")]
    assert len(publishers) == 2 and "KCNA" in publishers[0]


def test_readme_documents_the_events_json_fields():
    readme = (REPO / "README.md").read_text()
    for field in ["date_display", "date_basis", "sources", "quotes", "archive_url", "disputed",
                  "merged_because"]:
        assert f"`{field}`" in readme


def test_event_page_shows_uncertainty_once_and_plainly(make_project):
    root = make_project({
        "content/sources/anon.md": "---\ntitle: An unsigned leaflet\n---\nText\n",
        "content/events/2020-01-01-first.md": (
            "---\ntitle: First\ndate: 2020-01-07\ndate_end: 2020-01-09\nactors: [ann]\n"
            "sources: [src, anon]\nsummary: Ann opens the bridge.\n"
            "disputed: 'the reports give different dates: 2020-01-07, 2020-01-08'\n"
            "merged_because: 'anon: same actors (ann), the same date'\n---\nBody.\n"),
    })
    out = root / "site"
    build(root, out)
    page = soup(out / "events/2020-01-01-first/index.html")
    assert page.select_one(".entry-date").get_text(strip=True) == "7–9 January 2020"
    assert page.find("meta", attrs={"name": "description"})["content"] == "Ann opens the bridge."
    facts = page.select_one("dl.facts").get_text(" ", strip=True)
    assert "Disputed the reports give different dates" in facts
    assert "Why these reports are one event anon: same actors" in facts
    assert "Publisher not stated" in page.select_one(".sources").get_text()
    assert "unknown" not in page.select_one(".sources").get_text()
    record = json.loads((out / "events.json").read_text())["events"][0]
    assert record["disputed"] == ["the reports give different dates: 2020-01-07, 2020-01-08"]
    assert record["merged_because"].startswith("anon: same actors")
    home = soup(out / "index.html")
    assert home.select(".site-header .site-title") == [] and home.h1.get_text() == "Test"
    assert page.select_one(".site-header .site-title").get_text() == "Test"
