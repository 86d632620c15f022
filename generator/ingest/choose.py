"""Decide which of a page's dates is the article's publication date, and say why.

The decision comes with a basis (`published_basis`) a reviewer can check: the
date as written, its line, and how an ambiguous numeric date was read.
"""


from __future__ import annotations

import datetime as dt
import re

from generator.ingest.datefind import DateMention
from generator.ingest.extract import (
    BYLINE,
    PUBLISHED_WORDS,
    TIME,
    UPDATED_WORDS,
    Extracted,
    Line,
)

# --- publication date -----------------------------------------------------------------------


def _score(mention: DateMention, result: Extracted, described: list[Line]) -> float:
    line = described[mention.line]
    title = result.title_line
    body = result.body
    body_start, body_end = (body[0], body[-1]) if body else (len(described), len(described))
    score = 0.0
    if title is not None:
        distance = mention.line - title
        if 0 <= distance <= 10:
            score += 5 - 0.3 * distance
        elif -4 <= distance < 0:
            score += 2.5 + 0.3 * distance
    if mention.line < body_start:
        score += 1
    elif mention.line <= body_end:
        score -= 1.5 if line.words > 15 else 0
    else:
        score -= 2.5
    if PUBLISHED_WORDS.search(line.text.lower()):
        score += 3
    if UPDATED_WORDS.search(line.text[: mention.start].lower()):
        score -= 1.5
    if BYLINE.match(line.text):
        score += 2
    if line.words <= 14:
        score += 1
    if TIME.search(line.text[mention.end: mention.end + 14]):
        score += 0.5
    if mention.line == 0 and title is not None and title > 2:
        score -= 2  # the header's "today"
    return score


def _resolve(mention: DateMention, dates: list[DateMention]) -> tuple[dt.date, str]:
    """Pick a reading of an ambiguous numeric date by evidence from the same text."""
    if not mention.ambiguous:
        return mention.date, ""
    day_first, month_first = mention.readings
    spelled = {m.date for m in dates if not m.ambiguous and m.has_year and m is not mention}
    for reading, name in ((day_first, "day-first"), (month_first, "month-first")):
        if reading in spelled:
            return reading, f"; read {name}: the same day is written out elsewhere in the text"
    # Other numeric dates that can only be read one way show the page's convention.
    for other in dates:
        if other.has_year and not other.ambiguous and re.fullmatch(
                r"\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{2,4}", other.text):
            first = int(re.split(r"\s?[./-]\s?", other.text)[0])
            if first > 12:
                return day_first, "; read day-first, as the page's other numeric dates are"
            return month_first, "; read month-first, as the page's other numeric dates are"
    # A report cannot come before the events it tells of ("on October 7"), and
    # usually follows them closely: the reading just after them is the one.
    undated = [m.date for m in dates if not m.has_year]
    gaps = {reading: _gap_after(reading, undated) for reading in (day_first, month_first)}
    fitting = [r for r in (day_first, month_first) if gaps[r] is not None]
    if fitting:
        best = min(fitting, key=lambda r: gaps[r])  # type: ignore[arg-type, return-value]
        other = month_first if best == day_first else day_first
        if gaps[other] is None or gaps[other] - gaps[best] > 14:  # type: ignore[operator]
            name = "day-first" if best == day_first else "month-first"
            return best, (f"; read {name}: the text tells of an event "
                          f"{gaps[best]} days before, which a report follows")
    return day_first, "; read day-first (the common convention; nothing in the text decides)"


def _gap_after(reading: dt.date, undated: list[dt.date]) -> int | None:
    """Days from the latest year-less date in the text (taken in the reading's year) to it."""
    gaps = [(reading - d.replace(year=reading.year)).days for d in undated
            if not (d.month == 2 and d.day == 29) and d.replace(year=reading.year) <= reading]
    return min(gaps) if gaps else None


def choose_published(result: Extracted, described: list[Line]) -> None:
    # A caption's or a teaser's date is never the article's.
    candidates = [m for m in result.dates if m.has_year and 1990 <= m.date.year <= 2100
                  and not described[m.line].furniture]
    if not candidates:
        result.published_basis = "no dated stamp in the text"
        return
    best = max(candidates, key=lambda m: (_score(m, result, described), -m.line))
    date, how = _resolve(best, result.dates)
    result.published, result.published_line = date, best.line
    result.published_basis = f"'{best.text}' (line {best.line + 1}){how}"
