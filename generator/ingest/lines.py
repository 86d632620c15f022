"""A capture's lines joined into one text, for scanning with one regex pass.

Running a pattern once over the whole text is far faster than once per line;
this keeps the way back from a match's offset to its line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate


class JoinedLines:
    """`lines` (or only those at `indexes`) joined by newlines, with offsets mapped back."""

    def __init__(self, lines: list[str], indexes: list[int] | None = None) -> None:
        self.indexes = list(range(len(lines))) if indexes is None else indexes
        self.text = "\n".join(lines[i] for i in self.indexes)
        self.starts = list(accumulate((len(lines[i]) + 1 for i in self.indexes), initial=0))

    def locate(self, offset: int) -> tuple[int, int]:
        """(line index, offset of that line's start in the joined text)."""
        position = bisect_right(self.starts, offset) - 1
        return self.indexes[position], self.starts[position]

    def line_of(self, offset: int) -> int:
        return self.locate(offset)[0]

    def lines_matching(self, pattern: re.Pattern[str]) -> set[int]:
        """The lines with a match: after one, the search goes on from the next line."""
        found, at = set(), 0
        while (match := pattern.search(self.text, at)) is not None:
            position = bisect_right(self.starts, match.start()) - 1
            found.add(self.indexes[position])
            at = self.starts[position + 1]
        return found
