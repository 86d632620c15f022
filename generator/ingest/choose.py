"""Decide which of a page's dates is the article's publication date, and say why.

The decision comes with a basis (`published_basis`) a reviewer can check: the
date as written, its line, and how an ambiguous numeric date was read.
"""


from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from generator.ingest.datefind import DateMention
from generator.ingest.evidence import Candidate, decide
from generator.ingest.extract import (
    BYLINE,
    PUBLISHED_WORDS,
    TIME,
    UPDATED_WORDS,
    WORD,
    Extracted,
    Line,
)
from generator.ingest.vocabulary import VOCABULARY
from generator.ingest.weights import WEIGHTS, Weights

# --- publication date -----------------------------------------------------------------------


# What speaks for a date being the article's publication date: each a feature of a date
# mention, weighed by weights.json (fitted by bench/fit_weights.py on the train split).
PUBLISHED_FEATURES = ("after_title", "after_title_distance", "before_title",
                      "before_title_distance", "before_body", "in_body_long_line", "after_body",
                      "published_word", "updated_word", "byline", "short_line", "time_follows",
                      "header_today", "first_stamp", "latest", "repeated",
                      "labelled_published", "labelled_updated", "furniture_line",
                      "nearest_after_title")
AFTER_TITLE = 10  # lines after the headline where its date stands
BEFORE_TITLE = 4  # lines before it (a kicker's date, a dateline over the headline)
LABEL_REACH = 25  # characters before a date where its label ('Published:', 'Updated') stands


@dataclass(frozen=True)
class PageDates:
    """What a date's features compare it with, worked out once per page: how often each
    date occurs among the candidates, and the line of the first one under the headline."""

    counts: Counter[dt.date]
    first_after_title: int | None


def page_dates(candidates: list[DateMention], result: Extracted) -> PageDates:
    title = result.title_line
    after = [m.line for m in candidates
             if title is not None and 0 <= m.line - title <= AFTER_TITLE]
    return PageDates(Counter(m.date for m in candidates), min(after, default=None))


def date_features(mention: DateMention, result: Extracted, described: list[Line],
                  candidates: list[DateMention], page: PageDates | None = None
                  ) -> list[float]:
    """The features of one date mention (PUBLISHED_FEATURES, in order); `page` is
    computed once per page by the caller."""
    page = page or page_dates(candidates, result)
    counts = page.counts
    line = described[mention.line]
    title = result.title_line
    body = result.body
    body_start, body_end = (body[0], body[-1]) if body else (len(described), len(described))
    distance = mention.line - title if title is not None else None
    after = distance is not None and 0 <= distance <= AFTER_TITLE
    before = distance is not None and -BEFORE_TITLE <= distance < 0
    features = {
        "after_title": after,
        "after_title_distance": distance if after else 0,
        "before_title": before,
        "before_title_distance": -distance if before and distance is not None else 0,
        "before_body": mention.line < body_start,
        "in_body_long_line": body_start <= mention.line <= body_end and line.words > 15,
        "after_body": mention.line > body_end,
        "published_word": bool(PUBLISHED_WORDS.search(line.text.lower())),
        "updated_word": bool(UPDATED_WORDS.search(line.text[: mention.start].lower())),
        "byline": bool(BYLINE.match(line.text)),
        "short_line": line.words <= 14,
        "time_follows": bool(TIME.search(line.text[mention.end: mention.end + 14])),
        "header_today": mention.line == 0 and title is not None and title > 2,
        "first_stamp": mention is candidates[0],
        "latest": mention.date == max(counts),
        "repeated": counts[mention.date] > 1,
        "labelled_published": bool(PUBLISHED_WORDS.search(
            line.text[max(0, mention.start - LABEL_REACH): mention.start].lower())),
        "labelled_updated": bool(UPDATED_WORDS.search(
            line.text[max(0, mention.start - LABEL_REACH): mention.start].lower())),
        # a teaser's, or a byline with '24 Comments'
        "furniture_line": line.furniture,
        # the first date under the headline: a rank, as stamps stand at varying distances
        "nearest_after_title": after and mention.line == page.first_after_title,
    }
    return [float(features[f]) for f in PUBLISHED_FEATURES]


def date_candidates(result: Extracted, described: list[Line]) -> list[DateMention]:
    """Dates that may be the publication date: with a year, plausible, not a photo's."""
    return [m for m in result.dates if m.has_year and 1990 <= m.date.year <= 2100
            and not described[m.line].caption]


def language_evidence(result: Extracted) -> tuple[str | None, float]:
    """The language whose stop words the article's text uses most ('der', 'und' …), None
    on a tie, and the share of the text's words they make."""
    words = Counter(WORD.findall("\n".join(result.lines[i] for i in result.body).casefold()))
    hits = Counter({language: sum(words[w] for w in stop_words if w in words)
                    for language, stop_words in VOCABULARY.stop_words_by_language.items()})
    (best, most), *rest = hits.most_common(2) or [("", 0)]
    if not most or (rest and rest[0][1] == most):
        return None, 0.0
    return best, most / words.total()


def page_language(result: Extracted, weights: Weights = WEIGHTS) -> str | None:
    """The text's language, where its stop words make at least the share fitted on the
    devset's train pages (bench/fit_weights.py): a page in a language with no list matches
    another language's only weakly."""
    language, share = language_evidence(result)
    return language if share >= weights.language_share else None


@lru_cache(maxsize=64)
def writes_day_first(language: str) -> bool | None:
    """How the language writes a date in numbers, by its CLDR locales' short date patterns
    ('dd.MM.yy' in every German locale). Where the locales differ, the language's own
    locale decides if most of them write it its way (Spanish: 'd/M/yy' in Spain and 26 other
    locales, 'M/d/yy' in two); None where most do not (English: 'M/d/yy' in the US, 'dd/MM/y'
    in Britain and most others) or none says."""
    from babel import Locale, localedata  # only pages with an ambiguous date need it

    def first(name: str) -> str:
        """'d' or 'M'; '' for a pattern with the year first ('y/MM/dd'), which says nothing
        of day and month before a year."""
        pattern = Locale.parse(name).date_formats["short"].pattern
        return next((c for c in pattern if c in "dMy"), "").replace("y", "")

    firsts = Counter(first(name) for name in localedata.locale_identifiers()
                     if name == language or name.startswith(language + "_"))
    del firsts[""]
    own = first(language) if localedata.exists(language) else ""
    if not own or firsts[own] * 2 <= sum(firsts.values()):
        own = next(iter(firsts)) if len(firsts) == 1 else ""
    return {"d": True, "M": False}.get(own)


def _resolve(mention: DateMention, dates: list[DateMention],
             language: str | None = None) -> tuple[dt.date, str]:
    """Pick a reading of an ambiguous numeric date by evidence from the same text."""
    if not mention.ambiguous:
        return mention.date, ""
    day_first, month_first = mention.readings
    spelled = {m.date for m in dates if not m.ambiguous and m.has_year and m is not mention}
    for reading, name in ((day_first, "day-first"), (month_first, "month-first")):
        if reading in spelled:
            return reading, f"; read {name}: the same day is written out elsewhere in the text"
    # Other numeric dates that can only be read one way show the page's convention
    # ('25.12.2021'; not '02.02.2022', which reads the same both ways).
    for other in dates:
        if other.has_year and not other.ambiguous and re.fullmatch(
                r"\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{2,4}", other.text):
            first, second = map(int, re.split(r"\s?[./-]\s?", other.text)[:2])
            if first > 12:
                return day_first, "; read day-first, as the page's other numeric dates are"
            if second > 12:
                return month_first, "; read month-first, as the page's other numeric dates are"
    # The text's language writes dates one way: '03.02.2022' in German is 3 February.
    order = writes_day_first(language) if language else None
    if order is not None:
        name = "day-first" if order else "month-first"
        return (day_first if order else month_first), \
            f"; read {name}, as the page's language ({language}) writes dates (CLDR)"
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


def choose_published(result: Extracted, described: list[Line],
                     weights: Weights = WEIGHTS) -> None:
    candidates = date_candidates(result, described)
    if not candidates:
        result.published_basis = "no dated stamp in the text"
        return
    page = page_dates(candidates, result)
    decision = decide([Candidate(m, date_features(m, result, described, candidates, page),
                                 f"'{m.text}' (line {m.line + 1})") for m in candidates],
                      PUBLISHED_FEATURES, weights.published)
    assert decision is not None
    best = decision.value
    # the language only matters for a date that reads two ways (and costs a pass over the text)
    date, how = _resolve(best, result.dates,
                         page_language(result, weights) if best.ambiguous else None)
    result.published, result.published_line = date, best.line
    result.published_basis = decision.basis.replace(";", how + ";", 1)
