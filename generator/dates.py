"""Dates at their own precision: a year, a month or a day, and possibly no year at all.

Historical and news events are often known only to the month or year. A
`ChronoDate` keeps exactly what is known, sorts against finer dates (a bare
year sorts before the months of that year) and displays at its precision,
so the site never shows a day nobody knows. A report may give a day and month
but no year ("on October 7"): that date is written as EDTF writes an unspecified
year, `XXXX-10-07`, and is never given a year it does not have.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from generator.errors import excerpt
from generator.slotted import PickledByFields

MONTHS = [calendar.month_name[m] for m in range(1, 13)]
_ISO = re.compile(r"(\d{4}|XXXX)(?:-(\d{2})(?:-(\d{2}))?)?")
UNKNOWN_YEAR = "XXXX"
_LEAP_YEAR = 2000  # a year-less 29 February is a real date in some year


class DateFormatError(ValueError):
    """A value that is not a YYYY, YYYY-MM or YYYY-MM-DD date."""


@dataclass(frozen=True, slots=True)
class ChronoDate(PickledByFields):
    year: int | None  # None: the year is not known
    month: int | None = None
    day: int | None = None

    @property
    def year_known(self) -> bool:
        return self.year is not None

    @property
    def month_day(self) -> tuple[int, int] | None:
        """(month, day) when both are known: what a year-less report can be matched on."""
        return (self.month, self.day) if self.month and self.day else None

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def sort_key(self) -> tuple[int, int, int, int]:
        """Year-less dates first (they are never published), then by year, month and day."""
        return (int(self.year_known), self.year or 0, self.month or 0, self.day or 0)

    def __lt__(self, other: ChronoDate) -> bool:
        return self.sort_key() < other.sort_key()

    def iso(self) -> str:
        """The date as written in front matter: YYYY, YYYY-MM or YYYY-MM-DD."""
        text = UNKNOWN_YEAR if self.year is None else f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def known_year(self) -> int:
        """The year; a year-less date has no days, so callers check `year_known` first."""
        if self.year is None:
            raise ValueError(f"{self.iso()} has no year")
        return self.year

    def first_day(self) -> dt.date:
        return dt.date(self.known_year(), self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day()
        year = self.known_year()
        if self.month is not None:
            return dt.date(year, self.month, calendar.monthrange(year, self.month)[1])
        return dt.date(year, 12, 31)

    def display(self) -> str:
        """'7 October 2024', 'October 2024', '2024'; '7 October, year unknown'."""
        year = "year unknown" if self.year is None else str(self.year)
        if self.month is None:
            return year if self.year is not None else "date unknown"
        month = MONTHS[self.month - 1]
        if self.day is None:
            return f"{month} {year}" if self.year is not None else f"{month}, {year}"
        return f"{self.day} {month} {year}" if self.year is not None \
            else f"{self.day} {month}, {year}"


def parse_date(value: object) -> ChronoDate:
    """Read a front-matter date: a YAML date, an int year, or a string.

    Raises DateFormatError with a message that says what is accepted.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return ChronoDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise DateFormatError(
            f"expected a date like 2024-10-07, 2024-10 or 2024, got {excerpt(value)}"
        )
    return _parse_text(value)


@lru_cache(maxsize=16384)
def _parse_text(value: str) -> ChronoDate:
    """One ChronoDate (immutable) for every file that writes the same date: a large
    chronology's sources share a few thousand dates, and the plan's memory and its pickle's
    memo count objects. (A date that is not valid raises, and is not kept.)"""
    match = _ISO.fullmatch(value.strip())
    if not match:
        raise DateFormatError(
            f"{excerpt(value)} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2024-10-07), "
            "or XXXX-MM-DD when the year is unknown"
        )
    year_text, month_text, day_text = match.groups()
    year = None if year_text == UNKNOWN_YEAR else int(year_text)
    month, day = (int(g) if g else None for g in (month_text, day_text))
    if month is not None and not 1 <= month <= 12:
        raise DateFormatError(f"'{value}' has month {month}; months run from 01 to 12")
    if day is not None:
        assert month is not None
        last = calendar.monthrange(_LEAP_YEAR if year is None else year, month)[1]
        if not 1 <= day <= last:
            raise DateFormatError(
                f"'{value}' has day {day}, but {MONTHS[month - 1]} {year or ''} has {last} days"
            )
    return ChronoDate(year, month, day)


def display_range(start: ChronoDate, end: ChronoDate | None, circa: bool) -> str:
    """Human text for an event's date: '7–9 October 2024', 'c. 2018'."""
    prefix = "c. " if circa else ""
    if end is None or end == start:
        return prefix + start.display()
    if start.precision == end.precision == "day" and start.year == end.year:
        if start.month == end.month:
            return f"{prefix}{start.day}–{end.display()}"
        return f"{prefix}{start.day} {MONTHS[start.month - 1]} – {end.display()}"  # type: ignore[index]
    return f"{prefix}{start.display()} – {end.display()}"
