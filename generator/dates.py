"""Dates at their own precision: a year, a month or a day.

Historical and news events are often known only to the month or year. A
`ChronoDate` keeps exactly what is known, sorts against finer dates (a bare
year sorts before the months of that year) and displays at its precision,
so the site never shows a day nobody knows.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = [calendar.month_name[m] for m in range(1, 13)]
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateFormatError(ValueError):
    """A value that is not a YYYY, YYYY-MM or YYYY-MM-DD date."""


@dataclass(frozen=True)
class ChronoDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: ChronoDate) -> bool:
        return self.sort_key() < other.sort_key()

    def iso(self) -> str:
        """The date as written in front matter: YYYY, YYYY-MM or YYYY-MM-DD."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day()
        if self.month is not None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def display(self) -> str:
        """'7 October 2024', 'October 2024' or '2024'."""
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"


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
            f"expected a date like 2024-10-07, 2024-10 or 2024, got {value!r}"
        )
    match = _ISO.match(value.strip())
    if not match:
        raise DateFormatError(
            f"'{value}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2024-10-07)"
        )
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        raise DateFormatError(f"'{value}' has month {month}; months run from 01 to 12")
    if day is not None:
        assert month is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateFormatError(
                f"'{value}' has day {day}, but {MONTHS[month - 1]} {year} has {last} days"
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
