"""Scanning a capture: its lines joined into one text, and patterns made fast to scan with.

Running a pattern once over the whole text is far faster than once per line;
`JoinedLines` keeps the way back from a match's offset to its line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate


class JoinedLines:
    """`lines` (or only those at `indexes`) joined by newlines, with offsets mapped back."""

    def __init__(self, lines: list[str], indexes: list[int] | None = None) -> None:
        chosen = lines if indexes is None else [lines[i] for i in indexes]
        self.indexes: Sequence[int] = range(len(lines)) if indexes is None else indexes
        self.text = "\n".join(chosen)
        self.starts = [0, *accumulate(len(line) + 1 for line in chosen)]

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


def phrase_tree(phrases: str) -> str:
    """'follow|for|…' (whitespace around each phrase ignored) as a regex alternation written
    as a prefix tree, 'fo(?:llow|r)': the engine then follows one branch per letter instead
    of trying every phrase in turn."""
    tree: dict[str, dict] = {}
    for phrase in filter(None, (p.strip() for p in phrases.split("|"))):
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here
    return _branches(tree)


def _branches(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if "" in node:  # a phrase ends here and longer ones go on
        return f"(?:{'|'.join(branches)})?"
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
