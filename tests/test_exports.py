"""Exports other tools read: a calendar, a spreadsheet, a reference manager, TimelineJS."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar


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
