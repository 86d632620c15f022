"""Scanning a capture: its lines joined into one text, and patterns made fast to scan with.

Running a pattern once over the whole text is far faster than once per line;
`JoinedLines` keeps the way back from a match's offset to its line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, groupby


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

    def lines_matching(self, pattern: re.Pattern[str] | LiteralLed) -> set[int]:
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


@dataclass(frozen=True, slots=True)
class LiteralLed:
    """A pattern and the literal each of its matches starts with: the text is searched for
    the literal by str.find (about twice the speed of the engine's own literal scan), and the
    pattern tried from there; a page without the literal costs that one find."""

    lead: str
    pattern: re.Pattern[str]

    def search(self, text: str, start: int = 0) -> re.Match[str] | None:
        at = text.find(self.lead, start)
        return None if at == -1 else self.pattern.search(text, at)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        at = text.find(self.lead)
        return iter(()) if at == -1 else self.pattern.finditer(text, at)


def literal_led(phrases: Iterable[str], word_start: bool,
                tail: str = r"\b") -> list[LiteralLed]:
    """Whole phrases (lower case) as one pattern per first word, each led by the literal
    its phrases start with ('in this ' for 'in this photo', 'in this file image', …); the
    rests follow, longest first, then `tail`. `word_start`: the phrase starts a word (checked
    after the literal, not before it)."""
    patterns = []
    for _, group in groupby(sorted(phrases), key=lambda phrase: phrase.split(" ", 1)[0]):
        found = list(group)
        first, last = found[0], found[-1]  # sorted: what these two start with, all do
        lead = first[:next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b),
                           min(len(first), len(last)))]
        rests = sorted((phrase[len(lead):] for phrase in found), key=len, reverse=True)
        boundary = rf"(?<=\b{re.escape(lead)})" if word_start else ""
        patterns.append(LiteralLed(lead, re.compile(
            rf"{re.escape(lead)}{boundary}(?:{'|'.join(map(re.escape, rests))}){tail}")))
    return patterns


# A letter of a script written without spaces: a word boundary where the script changes.
CJK_LETTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def occurrences(name: str, text: str) -> int:
    """How often the text uses the name as a word: 'SN' is not in 'snow'.
    (str.find and a look at both ends: a regex compiled per name is ten times slower.)"""
    count, end = 0, len(text)
    at = text.find(name) if name else -1
    while at != -1:
        after = at + len(name)
        if (at == 0 or not one_word(text[at - 1], name[0])) \
                and (after == end or not one_word(name[-1], text[after])):
            count += 1
        at = text.find(name, at + 1)
    return count


def one_word(left: str, right: str) -> bool:
    """Two adjacent letters of one word: 'CNET Japanの記事' ends the name before 'の'."""
    return left.isalnum() and right.isalnum() \
        and bool(CJK_LETTER.match(left)) == bool(CJK_LETTER.match(right))
