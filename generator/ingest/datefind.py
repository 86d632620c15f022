"""Find the dates written in a text, in many formats and languages, with where they stand.

A page shows many dates: today's date in the header, the publication and update
stamps, dates of related stories, dates inside the article. This module only
finds them (`find_dates`) and reads each as exactly as the text allows: a
numeric 08/10/2024 keeps both readings until evidence decides; "October 7"
keeps no year. Choosing which date is which is `choose.py`'s job.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from generator.ingest.lines import JoinedLines, phrase_tree
from generator.ingest.vocabulary import VOCABULARY

# Month names and abbreviations, lower case, come from the vocabulary files (months,
# month_spellings). Abbreviations may be written with a final dot; inflected forms (Polish,
# Russian genitive) are listed there because that is how dates are written.
# Words that are also month abbreviations but mostly mean something else in running text.
_AMBIGUOUS_WORDS = VOCABULARY.month_homographs

WEEKDAYS = VOCABULARY.weekdays


@cache
def month_table() -> dict[str, int]:
    """Every month name and abbreviation of the vocabulary files, with its number."""
    return dict(VOCABULARY.months)


# Every month name as one prefix tree ('ma(?:r(?:ch|s|zo)?|y|…)'), which the engine walks a
# letter at a time instead of trying each of ~150 names in turn.
_M = phrase_tree("|".join(month_table()))
_ORDINAL = r"(?:st|nd|rd|th|er|e|º|\.)?"
# A year, and what may follow it glued: a time ('20235:01 AM' is 2023 + 5:01) or another
# date, as copies of adjacent elements are ('19. Juni 201619. Juni 2016': published, updated;
# the numeric pattern below reads '26.10.202326.10.2023' the same way)
_YEAR = rf"((?:1[89]|20)\d\d)(?:(?!\d)|(?=\d{{1,2}}:\d\d)|(?=\d{{1,2}}{_ORDINAL}[ \t]*(?:{_M})))"
_DAY = rf"(\d{{1,2}}){_ORDINAL}"
# a day that starts a number: 'Australia28 October 2020' is a stamp glued to the word
# before it, as copies of adjacent elements are; '128 October' holds no day, '201619. Juni'
# does (a year before it)
_FIRST_DAY = rf"(\d(?:(?<![\d_]\d)|(?<=(?:1[89]|20)\d\d\d))\d?){_ORDINAL}"
# where a month's name starts: not inside a word ('2021April' is two dates glued)
_MONTH_START = r"(?<![^\W\d_])"
_FLAGS = re.UNICODE  # named patterns run on lower-cased text: re.IGNORECASE is slow here

# A pattern that opens with a digit (not a look-behind) lets the engine skip to the next
# digit at C speed; the look-behind then follows the first digit: '(\d(?<![\d/]\d)'.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # '2020-06-04', '2020.6.4', and '2020. 06. 04.' as Hungarian and Korean write it
    ("iso", re.compile(r"((?:1[89]|20)(?<![\d/.-]..)\d\d)([-/.])[ \t]?(\d{1,2})\2[ \t]?(\d{1,2})"
                       r"(?![\d])")),
    ("cjk", re.compile(r"((?:1[89]|20)\d\d)[ \t]*[年년][ \t]*(\d{1,2})[ \t]*[月월][ \t]*"
                       r"(\d{1,2})[ \t]*[日일]?")),
    ("dmy", re.compile(rf"{_FIRST_DAY}[ \t]*(?:de[ \t]+|of[ \t]+)?({_M})\.?,?[ \t]*"
                       rf"(?:de[ \t]+|del[ \t]+)?{_YEAR}", _FLAGS)),
    ("mdy", re.compile(rf"{_MONTH_START}({_M})\.?[ \t]+{_DAY},?[ \t]+{_YEAR}", _FLAGS)),
    ("ymd", re.compile(rf"(?<!\d){_YEAR}[ \t]+({_M})\.?[ \t]+(\d{{1,2}})(?!\d)", _FLAGS)),
    ("numeric", re.compile(r"(\d(?:(?<![\d/.:-]\d)|(?<=(?:1[89]|20)\d\d\d))\d?)[ \t]?([./-])"
                           r"[ \t]?(\d{1,2})[ \t]?\2[ \t]?((?:1[89]|20)\d\d|\d\d)"
                           r"(?:(?![\d/.-]?\d)|(?<=(?:1[89]|20)\d\d)(?=\d{1,2}\2\d{1,2}\2))")),
    ("md", re.compile(rf"\b({_M})\.?[ \t]+{_DAY}(?![\d\w])", _FLAGS)),
    ("dm", re.compile(rf"{_FIRST_DAY}[ \t]*(?:de[ \t]+|of[ \t]+)?({_M})(?!\w)", _FLAGS)),
    ("cjk_md", re.compile(r"(\d(?<![\d年]\d)\d?)[ \t]*月[ \t]*(\d{1,2})[ \t]*日")),
]


_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]+")
_NAMED = {"dmy", "mdy", "ymd", "md", "dm"}  # patterns that need a month name
# Characters without which a pattern cannot match: a text with none is not scanned for it.
_NEEDS = {"cjk": ("年", "년"), "cjk_md": ("月",)}


@dataclass(frozen=True)
class DateMention:
    """A date as written at one place of the text."""

    line: int  # 0-based index of the line in the text
    start: int  # character offsets in that line
    end: int
    text: str
    readings: tuple[dt.date, ...]  # one, or two for an ambiguous numeric date (day-first first)
    has_year: bool = True

    @property
    def date(self) -> dt.date:
        return self.readings[0]

    @property
    def ambiguous(self) -> bool:
        return len(self.readings) > 1


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 70 else 1900) if year < 100 else year


def _readings(kind: str, groups: tuple[str, ...]) -> tuple[tuple[dt.date, ...], bool] | None:
    months = month_table()
    if kind == "iso":
        date = _make(int(groups[0]), int(groups[2]), int(groups[3]))
        return ((date,), True) if date else None
    if kind == "cjk":
        date = _make(int(groups[0]), int(groups[1]), int(groups[2]))
        return ((date,), True) if date else None
    if kind in ("dmy", "mdy", "ymd"):
        if kind == "dmy":
            day, name, year = groups
        elif kind == "mdy":
            name, day, year = groups
        else:
            year, name, day = groups
        date = _make(int(year), months[name.lower()], int(day))
        return ((date,), True) if date else None
    if kind == "numeric":
        first, _, second, year_text = groups
        year = _year(year_text)
        options = [d for d in (_make(year, int(second), int(first)),
                               _make(year, int(first), int(second))) if d]
        unique = tuple(dict.fromkeys(options))
        return (unique, True) if unique else None
    # month and day without a year: year 4 (a leap year, so 29 February reads) stands for "unknown"
    if kind == "md":
        name, day = groups
    elif kind == "dm":
        day, name = groups
    else:
        month_text, day = groups
        date = _make(4, int(month_text), int(day))
        return ((date,), False) if date else None
    date = _make(4, months[name.lower()], int(day))
    return ((date,), False) if date else None


def find_dates(lines: list[str]) -> list[DateMention]:
    """Every date written in `lines`, in reading order; overlapping matches keep the fuller one.

    Patterns run in order of how much they say, so '14 Aug 2020' is not also read
    as '14 Aug'. Each runs once over the lines that can hold its kind of date
    (digits; and a month name for the named patterns): dates never span lines.
    """
    months = month_table()
    digits = [i for i, line in enumerate(lines) if _DIGIT.search(line)]
    named = [i for i in digits if not months.keys().isdisjoint(_LETTERS.findall(lines[i].lower()))]
    taken: dict[int, list[tuple[int, int]]] = {}
    mentions = []
    with_names, with_digits = JoinedLines(lines, named), JoinedLines(lines, digits)
    lowered_names = with_names.text.lower()
    for kind, pattern in PATTERNS:
        joined = with_names if kind in _NAMED else with_digits
        text = joined.text
        if kind in _NEEDS and not any(c in text for c in _NEEDS[kind]):
            continue
        searched = lowered_names if kind in _NAMED else text
        if len(searched) != len(text):  # a rare letter whose lower case is longer
            searched, pattern = text, re.compile(pattern.pattern, re.IGNORECASE)
        for match in pattern.finditer(searched):
            start, end = match.span()
            index, offset = joined.locate(start)
            spans = taken.setdefault(index, [])
            if any(start - offset < b and a < end - offset for a, b in spans):
                continue
            if kind in ("md", "dm") and _is_word_not_month(text[start:end]):
                continue
            result = _readings(kind, match.groups())
            if result is None:
                continue
            readings, has_year = result
            spans.append((start - offset, end - offset))
            mentions.append(DateMention(index, start - offset, end - offset,
                                        text[start:end].strip(), readings, has_year))
    return sorted(mentions, key=lambda m: (m.line, m.start))


def _is_word_not_month(written: str) -> bool:
    """'May 5' is a date, 'may 5 of them' is not; short ambiguous words need a capital."""
    name = next((w for w in _LETTERS.findall(written) if w.lower() in month_table()), "")
    return name.lower() in _AMBIGUOUS_WORDS and not name[:1].isupper()


def weekday_before(reference: dt.date, weekday: int) -> dt.date:
    """The last such weekday on or before `reference` ('on Friday' in a report)."""
    return reference - dt.timedelta(days=(reference.weekday() - weekday) % 7)


def latest_before(reference: dt.date, month: int, day: int) -> dt.date | None:
    """'on October 7' in a text published on `reference`: that day, in its latest year not after."""
    for year in (reference.year, reference.year - 1):
        date = _make(year, month, day)
        if date and date <= reference:
            return date
    return None
