"""The chronology in the formats other tools read: calendars, spreadsheets, reference
managers and TimelineJS.

Each export holds the visible events (or their sources) and is as deterministic as the
site: the same content gives the same bytes. Text from content is data here, never
markup or a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from generator import urls
from generator.dates import ChronoDate, display_range
from generator.model import Event, Source
from generator.site import Site

CSV_COLUMNS = ("id", "date", "date_end", "circa", "date_display", "title", "summary", "actors",
               "tags", "sources", "url")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such
# text is written with a leading apostrophe, which spreadsheets show as plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def script_safe(text: str) -> str:
    """JSON safe to inline in a <script> too: no '<', '>' or '&' survives literally."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def event_jsonld(site: Site, event: Event) -> str:
    """schema.org Event for search engines: the event, the people and bodies in it, and the
    reports it rests on as NewsArticles. Escaped to sit inside a <script> element."""
    kinds = {"person": "Person", "organisation": "Organization", "state": "Country"}
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Event", "name": event.title,
        "startDate": event.date.iso(), "url": _permalink(site, event),
    }
    if event.date_end:
        data["endDate"] = event.date_end.iso()
    if event.summary:
        data["description"] = event.summary
    if event.actors:
        data["attendee"] = [{"@type": kinds.get(site.actor(a).kind, "Thing"),
                             "name": site.actor(a).name} for a in event.actors]
    articles = [_article(site, site.source(s)) for s in event.sources]
    if articles:
        data["subjectOf"] = articles
    return script_safe(json.dumps(data, ensure_ascii=False))


def _article(site: Site, source: Source) -> dict[str, Any]:
    """A report as a schema.org NewsArticle: at its original address when known."""
    article: dict[str, Any] = {"@type": "NewsArticle", "headline": source.title,
                               "url": source.url or site.config.absolute(
                                   urls.source_path(source.id))}
    if source.publisher not in ("", "unknown"):
        article["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.author:
        article["author"] = {"@type": "Person", "name": source.author}
    if source.published and source.published.year_known:
        article["datePublished"] = source.published.iso()
    if source.archive_url:
        article["archivedAt"] = source.archive_url
    return article


def source_jsonld(site: Site, source: Source) -> str:
    """schema.org NewsArticle for a source page, with this page as the archived copy."""
    data = {"@context": "https://schema.org", **_article(site, source)}
    data.setdefault("archivedAt", site.config.absolute(urls.source_path(source.id)))
    return script_safe(json.dumps(data, ensure_ascii=False))


def list_jsonld(site: Site, events: list[Event]) -> str:
    """schema.org ItemList of the events a chronology page lists, in its order."""
    order = "Descending" if site.config.newest_first else "Ascending"
    data = {"@context": "https://schema.org", "@type": "ItemList",
            "itemListOrder": f"https://schema.org/ItemListOrder{order}",
            "numberOfItems": len(events),
            "itemListElement": [{"@type": "ListItem", "position": n, "name": event.title,
                                 "url": _permalink(site, event)}
                                for n, event in enumerate(events, start=1)]}
    return script_safe(json.dumps(data, ensure_ascii=False))


def _permalink(site: Site, event: Event) -> str:
    return site.config.absolute(urls.event_path(event.id))


Parts = dict[str, tuple[str, Any]]  # event id -> (what the part was made from, the part)


def event_key(site: Site, event: Event) -> str:
    """What an event's part of an export shows: the event, its actors and sources, the site's
    address. Equal keys give equal parts, so a rebuild reuses them."""
    actors, sources = site.content.actors, site.content.sources
    return "\0".join([event.digest, site.config.base_url,
                      *[actors[a].digest for a in event.actors],
                      *[sources[s].digest for s in event.sources]])


def cached_part(parts: Parts, site: Site, event: Event, make: Callable[[], Any],
                keys: dict[str, str] | None = None) -> Any:
    """The event's part of an export: the one kept in `parts` while its key is the same.
    `keys` keeps each event's key once made: the exports of one render share them (making
    them took a fifth of a one-event rebuild at 10,000 events, each export making its own)."""
    key = keys.get(event.id) if keys is not None else None
    if key is None:
        key = event_key(site, event)
        if keys is not None:
            keys[event.id] = key
    found = parts.get(event.id)
    if found is None or found[0] != key:
        found = parts[event.id] = (key, make())
    return found[1]


def events_ics(site: Site, parts: Parts | None = None, keys: dict[str, str] | None = None
               ) -> bytes:
    """RFC 5545: one all-day VEVENT per event, spanning the days its date covers (a month or a
    year when that is all that is known), with its permalink.

    Written as icalendar writes it, byte for byte (tests/test_exports.py compares the two),
    not by it: icalendar took a third of a millisecond per event, 3.6 s of a 10,000-event
    build's CPU, and 45 ms to import. Each VEVENT is kept in `parts` for the next build.
    """
    parts = {} if parts is None else parts
    host = urlsplit(site.config.base_url).netloc or "chronicle.invalid"
    events = [cached_part(parts, site, e, partial(_vevent, site, e, host), keys)
              for e in site.events]
    return calendar(site.config.title, events)


def calendar(title: str, events: list[bytes]) -> bytes:
    """A VCALENDAR of VEVENTs written by _vevent. X- properties are TEXT, escaped as such
    (RFC 5545 3.8.8.2; icalendar writes them as given, which fails on a line break)."""
    return b"".join([_ical_lines(["BEGIN:VCALENDAR", "VERSION:2.0",
                                  "PRODID:-//Chronicle//chronology//EN",
                                  "X-WR-CALNAME:" + _ical_text(title)]),
                     *events, _ical_lines(["END:VCALENDAR"])])


def _vevent(site: Site, event: Event, host: str) -> bytes:
    """The event's VEVENT, its properties in the order icalendar writes them."""
    first = event.date.first_day()
    last = (event.date_end or event.date).last_day() + dt.timedelta(days=1)  # exclusive
    link = _permalink(site, event)
    lines = ["BEGIN:VEVENT",
             "SUMMARY:" + _ical_text(("c. " if event.circa else "") + event.title),
             f"DTSTART;VALUE=DATE:{_ical_date(first)}",
             f"DTEND;VALUE=DATE:{_ical_date(last)}",
             # DTSTAMP is required; the event's first day keeps the file reproducible
             f"DTSTAMP:{_ical_date(first)}T000000Z",
             "UID:" + _ical_text(f"{event.id}@{host}"),
             "DESCRIPTION:" + _ical_text("\n\n".join(filter(None, [event.summary, link]))),
             f"URL:{link}"]
    if event.date.precision != "day" or event.circa:
        lines.append("X-CHRONICLE-DATE:"
                     + _ical_text(display_range(event.date, event.date_end, event.circa)))
    return _ical_lines([*lines, "END:VEVENT"])


def _ical_lines(lines: list[str]) -> bytes:
    return b"".join(_ical_fold(line) + b"\r\n" for line in lines)


def _ical_date(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _ical_text(text: str) -> str:
    """RFC 5545 TEXT: backslashes, ';', ',' and line breaks escaped, as icalendar does."""
    return (text.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
            .replace("\r", "\\n"))


ICAL_LINE_OCTETS = 74  # a content line's octets before it is folded (RFC 5545: at most 75)


def _ical_fold(line: str) -> bytes:
    """RFC 5545 folding as icalendar does it: at most 74 octets a line, never inside a
    character, never just after a backslash or a '^' (what they escape stays with them)."""
    data = line.encode("utf-8")
    parts, start = [], 0
    while len(data) - start > ICAL_LINE_OCTETS:
        end = start + ICAL_LINE_OCTETS
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: inside a character
            end -= 1
        if data[end - 1] in b"\\^" and end - start > 1:
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def events_csv(site: Site, parts: Parts | None = None, keys: dict[str, str] | None = None
               ) -> bytes:
    """One row per event; lists joined with '; '; safe to open in a spreadsheet."""
    parts = {} if parts is None else parts
    rows = [_csv_row(CSV_COLUMNS)]
    rows += [cached_part(parts, site, e, partial(_event_row, site, e), keys)
             for e in site.events]
    return "".join(rows).encode("utf-8-sig")  # the BOM tells spreadsheets it is UTF-8


def _csv_row(values: tuple[str, ...] | list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([_cell(str(value)) for value in values])
    return out.getvalue()


def _event_row(site: Site, event: Event) -> str:
    return _csv_row([event.id, event.date.iso(), event.date_end.iso() if event.date_end else "",
                     "true" if event.circa else "false",
                     display_range(event.date, event.date_end, event.circa), event.title,
                     event.summary, "; ".join(site.actor(a).name for a in event.actors),
                     "; ".join(event.tags), "; ".join(event.sources), _permalink(site, event)])


def _date_parts(date: ChronoDate) -> dict[str, list[list[int]]]:
    parts = [date.known_year(), date.month, date.day]
    return {"date-parts": [[p for p in parts if p is not None]]}


def csl_item(site: Site, source: Source) -> dict[str, Any]:
    """A source as CSL-JSON, which Zotero, Mendeley and citation processors import."""
    item: dict[str, Any] = {"id": source.id, "type": "article-newspaper", "title": source.title}
    if source.publisher not in ("", "unknown"):
        item["container-title"] = source.publisher
    if source.author:
        item["author"] = [{"literal": source.author}]
    if source.published and source.published.year_known:
        item["issued"] = _date_parts(source.published)
    if source.accessed and source.accessed.year_known:
        item["accessed"] = _date_parts(source.accessed)
    if source.url:
        item["URL"] = source.url
    if source.archive_url:
        item["archive_location"] = source.archive_url
    item["note"] = "Archived text: " + site.config.absolute(urls.source_path(source.id))
    return item


def sources_json(site: Site) -> bytes:
    """Every cited source as CSL JSON, in json.dumps(indent=1)'s layout, written item by item:
    the whole list's items as objects held at once took 500 MB at 100,000 events."""
    items = [script_safe(json.dumps(csl_item(site, site.source(s)), ensure_ascii=False,
                                    indent=1)).replace("\n", "\n ") for s in sorted(site.citing)]
    text = "[\n " + ",\n ".join(items) + "\n]" if items else "[]"
    return (text + "\n").encode("utf-8")


def _timeline_date(date: ChronoDate) -> dict[str, int]:
    parts = {"year": date.known_year(), "month": date.month, "day": date.day}
    return {key: value for key, value in parts.items() if value is not None}


def timeline_json(site: Site, parts: Parts | None = None,
                  keys: dict[str, str] | None = None) -> bytes:
    """TimelineJS3's JSON format: a TimelineJS embed can take the chronology as its data.

    One slide per line (the C encoder; indent= would be the Python one, 10x slower)."""
    parts = {} if parts is None else parts
    title = {"text": {"headline": html.escape(site.config.title),
                      "text": html.escape(site.config.description)}}
    slides = [cached_part(parts, site, e, partial(_slide, e), keys) for e in site.events]
    head = script_safe(json.dumps({"title": title}, ensure_ascii=False))[:-1]
    events = ",\n".join(slides)
    return f'{head}, "events": [\n{events}\n]}}\n'.encode()


def _slide(event: Event) -> str:
    slide: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": _timeline_date(event.date),
        "display_date": display_range(event.date, event.date_end, event.circa),
        # TimelineJS shows these as HTML: content's text is escaped, never markup
        "text": {"headline": html.escape(event.title), "text": html.escape(event.summary)},
    }
    if event.date_end:
        slide["end_date"] = _timeline_date(event.date_end)
    if event.tags:
        slide["group"] = event.tags[0]
    return script_safe(json.dumps(slide, ensure_ascii=False))
