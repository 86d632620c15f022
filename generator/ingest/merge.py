"""Decide whether two reports tell of the same event, and say why.

Same event = the same people (at least two shared actors, or the same single
one), dates that can be the same day (a year-less "October 7" fits
2024-10-07), and wording that overlaps beyond the actors' names. Reports that
name no known actor at all (a chronology whose actors are not written yet) need
the same dates and most of their wording in common; reports that give no date at
all, nearly all of it (the same page saved twice). The reason is recorded in
the event as `merged_because`, so a reviewer can undo a wrong merge knowingly.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from generator.dates import MONTHS, ChronoDate
from generator.ingest.extract import WORD
from generator.ingest.vocabulary import VOCABULARY

MIN_OVERLAP = 0.2  # shared word stems / stems of the shorter report (title + summary)
MIN_OVERLAP_WITHOUT_ACTORS = 0.6
MIN_OVERLAP_UNDATED = 0.9  # no date in either report: only a page saved twice
STEM = 6  # 'congratulates' and 'congratulations' share 'congra'; crude, and language-neutral


@dataclass
class Report:
    """What merging needs to know of an event, existing or proposed."""

    title: str
    summary: str
    date: ChronoDate  # its year may be unknown
    actors: list[str]
    names: frozenset[str] = frozenset()  # words of the actors' names: shared by definition

    @functools.cached_property
    def words(self) -> set[str]:
        """Word stems of title and summary (without names and stop words): made once, as a
        report is compared with every other."""
        text = f"{self.title} {self.summary}".casefold()
        return {w[:STEM] for w in WORD.findall(text)
                if w not in VOCABULARY.stop_words and len(w) > 3 and w not in self.names}


def dates_fit(a: Report, b: Report) -> str | None:
    if a.date.year_known and b.date.year_known:
        if a.date == b.date:
            return f"the same date ({a.date.iso()})"
        if a.date.precision != "day" or b.date.precision != "day":
            inside = a.date.first_day() <= b.date.first_day() <= a.date.last_day() or \
                b.date.first_day() <= a.date.first_day() <= b.date.last_day()
            return f"overlapping dates ({a.date.iso()}, {b.date.iso()})" if inside else None
        return None
    if not a.date.year_known and not b.date.year_known:
        if a.date.month_day and a.date.month_day == b.date.month_day:
            month, day = a.date.month_day
            return f"the same day without a year ('{MONTHS[month - 1]} {day}' in both)"
        return None
    known, other = (a, b) if a.date.year_known else (b, a)
    if other.date.month_day and known.date.precision == "day" and \
            other.date.month_day == known.date.month_day:
        return (f"'{MONTHS[known.date.month - 1]} {known.date.day}' without a year "
                f"fits {known.date.iso()}")
    return None


def same_event(a: Report, b: Report) -> str | None:
    """Why `a` and `b` are one event, or None."""
    shared = [x for x in a.actors if x in b.actors]
    anonymous = not a.actors and not b.actors
    if not anonymous and (not shared or (len(shared) < 2
                                         and not (len(a.actors) == len(b.actors) == 1))):
        return None
    undated = not (a.date.year_known or b.date.year_known or a.date.month_day
                   or b.date.month_day)
    dates = "no date in either" if undated else dates_fit(a, b)
    if dates is None:
        return None
    words_a, words_b = a.words, b.words
    common = words_a & words_b
    # of the shorter report's words; without actors or dates, of the longer one's (stricter)
    sizes = (len(words_a), len(words_b))
    overlap = len(common) / max(1, max(sizes) if anonymous or undated else min(sizes))
    needed = MIN_OVERLAP_UNDATED if undated else \
        MIN_OVERLAP_WITHOUT_ACTORS if anonymous else MIN_OVERLAP
    if overlap < needed or not common:
        return None
    who = "no known actors in either" if anonymous else f"same actors ({', '.join(shared)})"
    return f"{who}, {dates}, shared wording ({', '.join(sorted(common)[:5])})"
