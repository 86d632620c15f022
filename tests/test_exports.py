"""Exports other tools read: a calendar, a spreadsheet, a reference manager, TimelineJS."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from types import SimpleNamespace

import extruct
import icalendar
import jsonschema
import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.config import Config
from generator.dates import ChronoDate, display_range
from generator.exports import _vevent, calendar
from generator.model import Event


def test_events_ics_is_an_rfc_5545_calendar_of_all_day_events(basic: Path):
    calendar = icalendar.Calendar.from_ical((basic / "events.ics").read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    summit = events["2001-05-10-summit@example.org"]
    assert summit.decoded("dtstart").isoformat() == "2001-05-10"
    assert summit.decoded("dtend").isoformat() == "2001-05-13"  # exclusive end: 10-12 May
    assert str(summit["url"]) == "https://example.org/repo/events/2001-05-10-summit/"
    month = events["2001-05-preparations@example.org"]
    assert month.decoded("dtend").isoformat() == "2001-06-01"  # the whole month
    assert str(month["x-chronicle-date"]) == "May 2001"
    assert "draft" not in " ".join(events), "drafts are not exported"


def _icalendar_vevent(event: Event, link: str, host: str) -> bytes:
    """The VEVENT as icalendar writes it: what exports._vevent must equal, byte for byte.
    (icalendar leaves an X- property's value as it is, a line break and all, where RFC 5545
    makes it TEXT unless it says otherwise: it is given as vText.)"""
    entry = icalendar.Event()
    entry.add("uid", f"{event.id}@{host}")
    first, last = event.date.first_day(), (event.date_end or event.date).last_day()
    entry.add("dtstamp", dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC))
    entry.add("dtstart", first)
    entry.add("dtend", last + dt.timedelta(days=1))
    entry.add("summary", ("c. " if event.circa else "") + event.title)
    entry.add("description", "\n\n".join(filter(None, [event.summary, link])))
    entry.add("url", link)
    if event.date.precision != "day" or event.circa:
        entry.add("x-chronicle-date",  # TEXT, the default of X- properties: escaped
                  icalendar.vText(display_range(event.date, event.date_end, event.circa)))
    return entry.to_ical()


# Text with what iCalendar escapes or folds around: backslashes, '^', ';', ',', line breaks,
# and characters of two, three and four bytes (never a lone surrogate: no UTF-8 file holds one).
ICAL_TEXT = st.text(alphabet=st.sampled_from(list("ab Z09\\^;,:\n\r\"éж€𝄞"))
                    | st.characters(blacklist_categories=["Cs"]), max_size=300)


@settings(max_examples=300, deadline=None)
@given(title=ICAL_TEXT, summary=ICAL_TEXT, circa=st.booleans(),
       day=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9998, 12, 1)),
       precision=st.sampled_from(["day", "month", "year"]), days=st.integers(0, 40),
       slug=st.from_regex(r"[a-z0-9-]{1,90}", fullmatch=True))
@example(title="a" * 65 + "€" * 30, summary="b" * 62 + "\\;" * 20, circa=False,
         day=dt.date(2001, 5, 10), precision="day", days=0, slug="x")  # a fold in a character,
# after a backslash
def test_vevent_is_written_as_icalendar_writes_it(title, summary, circa, day, precision, days,
                                                 slug):
    date = ChronoDate(day.year, *{"day": (day.month, day.day), "month": (day.month, None),
                                  "year": (None, None)}[precision])
    end = day + dt.timedelta(days=days)
    event = Event(id=slug, title=title, date=date, date_end=ChronoDate(end.year, end.month, end.day)
                  if days and precision == "day" else None, circa=circa, date_basis="",
                  actors=[], tags=[], summary=summary, status="", aliases=[], sources=[],
                  quotes=[], body="", body_line=0, path=Path(f"{slug}.md"))
    site = SimpleNamespace(config=Config(base_url="https://example.org/sub/"))
    link = f"https://example.org/sub/events/{slug}/"
    assert _vevent(site, event, "example.org") == _icalendar_vevent(event, link, "example.org")


@settings(max_examples=100, deadline=None)
@given(title=ICAL_TEXT)
def test_calendar_is_written_as_icalendar_writes_it(title):  # and a site title is TEXT
    expected = icalendar.Calendar()
    expected.add("prodid", "-//Chronicle//chronology//EN")
    expected.add("version", "2.0")
    expected.add("x-wr-calname", icalendar.vText(title))
    event = b"BEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\n"
    expected.add_component(icalendar.Event.from_ical(event))
    assert calendar(title, [event]) == expected.to_ical()


def test_events_csv_opens_safely_in_a_spreadsheet(make_project):
    from generator.build import build

    root = make_project({"content/events/2020-01-01-first.md": (
        "---\ntitle: \"=HYPERLINK(\\\"http://evil\\\")\"\ndate: 2020-01-01\nactors: [ann]\n"
        "tags: ['+1', '@ann', ok]\nsummary: '-2+3'\n---\nBody.\n")})
    build(root, root / "site")
    data = (root / "site/events.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: read as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["title"] == "'=HYPERLINK(\"http://evil\")"
    assert rows[0]["summary"] == "'-2+3"
    assert rows[0]["tags"] == "'+1; @ann; ok" and rows[0]["actors"] == "Ann"
    assert rows[0]["url"].endswith("/events/2020-01-01-first/")


def test_sources_json_is_csl_json_for_reference_managers(basic: Path):
    items = {item["id"]: item for item in json.loads((basic / "sources.json").read_text())}
    gazette = items["gazette-2001-05-11-summit"]
    assert gazette["type"] == "article-newspaper" and gazette["container-title"] == "The Gazette"
    assert gazette["issued"] == {"date-parts": [[2001, 5, 11]]}
    assert gazette["note"].startswith("Archived text: https://example.org/repo/sources/")
    assert all("title" in item for item in items.values())


def test_timeline_json_feeds_a_timelinejs_embed_without_markup(basic: Path):
    timeline = json.loads((basic / "timeline.json").read_text())
    assert timeline["title"]["text"]["headline"] == "Basic scenario"
    slides = {s["unique_id"]: s for s in timeline["events"]}
    summit = slides["2001-05-10-summit"]
    assert summit["start_date"] == {"year": 2001, "month": 5, "day": 10}
    assert summit["end_date"] == {"year": 2001, "month": 5, "day": 12}
    assert summit["display_date"] == "10–12 May 2001"
    assert slides["1999-founding"]["start_date"] == {"year": 1999}
    hostile = slides["2002-hostile"]["text"]["headline"]
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile  # TimelineJS shows HTML


def test_events_json_follows_its_versioned_schema(basic: Path):
    data = json.loads((basic / "events.json").read_text())
    schema = json.loads((basic / "events.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["version"] == schema["properties"]["version"]["const"] == 1
    assert data["schema"] == "https://example.org/repo/events.schema.json"
    assert all("disputed" in e and "merged_because" in e for e in data["events"])


@pytest.mark.parametrize(("page", "kind"), [
    ("index.html", "ItemList"), ("events/2001-05-10-summit/index.html", "Event"),
    ("sources/gazette-2001-05-11-summit/index.html", "NewsArticle"),
])
def test_pages_describe_themselves_in_json_ld(basic: Path, page: str, kind: str):
    found = extruct.extract((basic / page).read_text(), syntaxes=["json-ld"])["json-ld"]
    assert [item["@type"] for item in found] == [kind]
    if kind == "ItemList":
        urls = [i["url"] for i in found[0]["itemListElement"]]
        assert urls[0] == "https://example.org/repo/events/1999-founding/"
    if kind == "NewsArticle":
        assert found[0]["publisher"]["name"] == "The Gazette"
        assert found[0]["author"]["name"] == "Jane Reporter"


def test_sources_json_is_written_in_json_dumps_layout_with_or_without_sources(
        basic: Path, make_project) -> None:
    from generator.exports import script_safe

    text = (basic / "sources.json").read_text()
    assert text == script_safe(json.dumps(json.loads(text), ensure_ascii=False, indent=1)) + "\n"
    root = make_project({"content/sources/src.md": None,
                         "content/events/2020-01-01-first.md": "---\ntitle: First\n"
                         "date: 2020-01-01\n---\nNo source yet.\n"})
    from generator.build import build

    build(root, root / "site")
    assert (root / "site/sources.json").read_text() == "[]\n"


def test_sources_json_formats_as_a_bibliography_with_citeproc(basic: Path):
    items = json.loads((basic / "sources.json").read_text())
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)  # bundled
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    entries = [str(entry) for entry in bibliography.bibliography()]
    assert len(entries) == len(items)
    assert any("Leaders meet at the summit" in e and "The Gazette" in e for e in entries)


def test_a_shared_link_shows_the_chronologys_picture(basic: Path):
    from PIL import Image

    page = (basic / "events/2001-05-10-summit/index.html").read_text()
    assert '<meta property="og:image" content="https://example.org/repo/social.png">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    with Image.open(basic / "social.png") as picture:
        assert picture.format == "PNG" and picture.size == (1200, 630)


def test_events_come_a_file_per_year_too_with_an_index(basic: Path):
    whole = json.loads((basic / "events.json").read_text())
    schema = json.loads((basic / "events.schema.json").read_text())
    index = json.loads((basic / "data/events/index.json").read_text())
    pieces = []
    for entry in index["years"]:
        path = basic / entry["url"].removeprefix("https://example.org/repo/")
        year = json.loads(path.read_text())
        jsonschema.validate(year, schema)
        assert year["year"] == entry["year"] and len(year["events"]) == entry["events"]
        assert all(e["date"].startswith(str(entry["year"])) for e in year["events"])
        pieces += year["events"]
    assert pieces == whole["events"]
