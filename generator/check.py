"""`chronicle check`: what a careful editor would notice, beyond what a build rejects.

A build refuses content it cannot render; check also reads it as a reviewer
would: does each quote really stand in its source at the stated line, is a date
in the future, does an event rest on no source, is a source cited by nothing,
are two events the same event entered twice. Findings are Problems, so they
print as `file:line: level: message` like build errors.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections import defaultdict

from generator.errors import Collector, Problem
from generator.model import Content, Event, Quote, Source

SIMILAR_TITLES = 0.6  # difflib ratio above which two same-day, same-actor events look duplicated
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                              "‘": "'", "’": "'", "‚": "'", "`": "'"})


def normalise(text: str) -> str:
    """Compare text as a reader would: case, quote styles, spacing and dashes don't matter."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_MARKS).casefold()
    text = re.sub(r"[\u2010-\u2015-]+", "-", text)
    return re.sub(r"\s+", " ", text).strip(" \"'.,;:…")


def review(content: Content, today: dt.date) -> list[Problem]:
    """Every editorial finding about `content`, in file order."""
    problems = Collector()
    cited: set[str] = set()
    for event in content.events:
        cited.update(event.sources)
        for quote in event.quotes:
            if quote.source in content.sources:
                _check_quote(event, quote, content.sources[quote.source], problems)
        _check_event_dates(event, today, problems)
        if event.proposed:
            problems.warn(event.path, event.line_of("status"),
                          "proposed by ingest, not yet reviewed: check the date and its "
                          "date_basis, the actors and the quotes against the sources, then "
                          "delete this line", kind="unreviewed")
        if not event.sources:
            problems.warn(event.path, event.line_of("title"),
                          "event has no source: add 'sources: [id]' or cite one in the body",
                          kind="no-source")
    for actor in content.actors.values():
        if actor.status == "proposed":
            problems.warn(actor.path, 1, f"actor '{actor.name}' was proposed by ingest: check "
                          "the name and its spellings (aliases), then delete 'status: proposed'",
                          kind="unreviewed")
    for source in content.sources.values():
        if source.id not in cited:
            problems.warn(source.path, 1, f"source '{source.id}' is cited by no event: cite it "
                          "or list it in an event's sources", kind="uncited-source")
        if source.published and source.published.first_day() > today:
            problems.warn(source.path, 1, f"published {source.published.iso()} is in the future",
                          kind="future-date")
    _check_duplicates(content.events, problems)
    return sorted(problems.problems, key=lambda p: (str(p.path), p.line or 0))


def _check_quote(event: Event, quote: Quote, source: Source, problems: Collector) -> None:
    wanted = normalise(quote.text)
    lines = [normalise(line) for line in source.lines]
    found = [n for n, line in enumerate(lines, start=1) if wanted in line]
    if quote.line and quote.line in found:
        return
    where = f"'{source.id}'" + (f" line {quote.line}" if quote.line else "")
    if found:
        problems.warn(event.path, quote.file_line,
                      f"quote is not at {where} but at line {found[0]}: set 'line: {found[0]}'",
                      kind="quote-line")
    elif wanted in " ".join(lines):
        problems.warn(event.path, quote.file_line,
                      f"quote runs across lines of '{source.id}'; point 'line' at its start",
                      kind="quote-line")
    else:
        close = difflib.get_close_matches(wanted, lines, n=1, cutoff=0.5)
        hint = f"; the closest is line {lines.index(close[0]) + 1}" if close else ""
        problems.error(event.path, quote.file_line,
                       f"quote not found in source {where}: copy its exact words{hint}",
                       kind="quote-not-found")


def _check_event_dates(event: Event, today: dt.date, problems: Collector) -> None:
    if not event.date.year_known:
        problems.warn(event.path, event.line_of("date"),
                      f"the year of {event.date.iso()} is unknown, so the event is not on the "
                      "site: find the year and write it in place of XXXX", kind="year-unknown")
        return
    for key, date in (("date", event.date), ("date_end", event.date_end)):
        if date and date.first_day() > today:
            problems.warn(event.path, event.line_of(key),
                          f"{key} {date.iso()} is in the future (today is {today.isoformat()})",
                          kind="future-date")


def _check_duplicates(events: list[Event], problems: Collector) -> None:
    """Same day, same actors, similar titles. Grouping first keeps this near-linear."""
    groups: dict[tuple[str, frozenset[str]], list[Event]] = defaultdict(list)
    for event in events:
        groups[(event.date.iso(), frozenset(event.actors))].append(event)
    for group in groups.values():
        for i, later in enumerate(group):
            for earlier in group[:i]:
                ratio = difflib.SequenceMatcher(None, normalise(earlier.title),
                                                normalise(later.title)).ratio()
                if ratio >= SIMILAR_TITLES:
                    problems.warn(later.path, later.line_of("title"),
                                  f"looks like a duplicate of '{earlier.id}' (same date and "
                                  "actors, similar title): merge the two, adding the sources "
                                  "of one to the other", kind="duplicate-event")
                    break
