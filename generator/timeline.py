"""The visual timeline: where events fall in time and how dense they are, as plain data.

A template draws it as SVG at build time, so it reads with JavaScript off. A few
events get one mark each; more are counted by month, year or decade, whichever
keeps the marks few enough to see and to tap, so it stays light at 100,000 events.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from generator import urls
from generator.dates import ChronoDate
from generator.model import Event
from generator.slotted import PickledByFields

# One mark per event up to this many events; beyond it, marks count events per bin.
EVENT_MARKS_MAX = 60
# The finest bin (month, year, decade) that gives at most this many bins.
BINS_MAX = 120
UNITS = ("month", "year", "decade")
# Event marks closer than this share of the timeline are stacked rather than drawn over each other.
STACK_DISTANCE = 0.012
AXIS_LABELS_MAX = 8


@dataclass(frozen=True, slots=True)
class Mark(PickledByFields):
    start: float  # where the mark begins, 0 at the timeline's start, 1 at its end
    width: float  # the share of the timeline the mark covers (0 for an event)
    count: int
    height: float  # count relative to the largest mark, 0..1
    path: str  # site path the mark links to
    period: ChronoDate | None = None  # the month or (first) year a count mark covers
    last_year: int | None = None  # a decade mark's last year
    event: Event | None = None  # set on event marks: its title and date are shown
    level: int = 0  # an event mark's place in a stack of marks too close to tell apart


@dataclass(frozen=True, slots=True)
class Tick(PickledByFields):
    at: float
    label: str


@dataclass(frozen=True)
class Timeline:
    unit: str  # 'event', 'month', 'year' or 'decade'
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    total: int

    def signature(self) -> str:
        """What the drawing shows besides the events it links to: for rebuild fingerprints."""
        return repr((self.unit, [(m.start, m.count, m.path, m.period) for m in self.marks],
                     self.ticks))


def make_timeline(events: list[Event],
                  month_path: Callable[[int, int], str]) -> Timeline | None:
    """The timeline of `events`, or None when there is nothing to draw.

    A month mark links to `month_path(year, month)`: where that month's events are listed.
    """
    if not events:
        return None
    years = [e.date.known_year() for e in events]
    first, last = min(years), max(years)
    start = dt.date(first, 1, 1).toordinal()
    span = dt.date(last, 12, 31).toordinal() + 1 - start
    ticks = _ticks(first, last, start, span)
    if len(events) <= EVENT_MARKS_MAX:
        places = [(e.date.first_day().toordinal() - start) / span for e in events]
        marks = tuple(Mark(x, 0, 1, 1.0, urls.event_path(e.id), event=e,
                           level=sum(abs(x - other) < STACK_DISTANCE for other in places[:i]))
                      for i, (x, e) in enumerate(zip(places, events, strict=True)))
        return Timeline("event", marks, ticks, len(events))
    unit = next((u for u in UNITS if _bin_count(u, first, last) <= BINS_MAX), "decade")
    counts = Counter(_bin(unit, e.date.first_day()) for e in events)
    first_year_of_decade: dict[int, int] = {}
    for year in sorted(set(years), reverse=True):
        first_year_of_decade[year // 10 * 10] = year
    tallest = max(counts.values())
    marks = []
    for (year, month), count in sorted(counts.items()):
        begin, end = _bin_days(unit, year, month)
        begin, end = max(begin, start), min(end, start + span)  # a decade may start earlier
        if unit == "month":
            path = month_path(year, month)
        else:
            path = urls.year_path(first_year_of_decade[year] if unit == "decade" else year)
        marks.append(Mark((begin - start) / span, (end - begin) / span, count, count / tallest,
                          path, ChronoDate(year, month or None),
                          year + 9 if unit == "decade" else None))
    return Timeline(unit, tuple(marks), ticks, len(events))


def _bin_count(unit: str, first: int, last: int) -> int:
    years = last - first + 1
    return {"month": years * 12, "year": years, "decade": last // 10 - first // 10 + 1}[unit]


def _bin(unit: str, day: dt.date) -> tuple[int, int]:
    if unit == "month":
        return (day.year, day.month)
    return (day.year // 10 * 10, 0) if unit == "decade" else (day.year, 0)


def _bin_days(unit: str, year: int, month: int) -> tuple[int, int]:
    """The ordinals of the bin's first day and of the day after its last."""
    if unit == "month":
        first = dt.date(year, month, 1)
        return first.toordinal(), first.toordinal() + calendar.monthrange(year, month)[1]
    last_year = min(year + 9, dt.MAXYEAR) if unit == "decade" else year
    return dt.date(max(year, 1), 1, 1).toordinal(), dt.date(last_year, 12, 31).toordinal() + 1


def _ticks(first: int, last: int, start: int, span: int) -> tuple[Tick, ...]:
    """Year labels along the axis, at most AXIS_LABELS_MAX, on round years."""
    years = last - first + 1
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000, 10_000)
                if years / s <= AXIS_LABELS_MAX)
    return tuple(Tick((dt.date(y, 1, 1).toordinal() - start) / span, str(y))
                 for y in range(-(-first // step) * step, last + 1, step))
