"""Decide which of a page's dates is the article's, and who published it.

Both are decided by evidence with a stated basis (`published_basis`,
`publisher_basis`), so a reviewer can check the decision rather than trust it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import TYPE_CHECKING

from generator.ingest.datefind import DateMention

if TYPE_CHECKING:
    from generator.ingest.extract import Extracted, Line

from generator.ingest.extract import BYLINE, PUBLISHED_WORDS, TIME, UPDATED_WORDS, word_count

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
    if PUBLISHED_WORDS.search(line.text):
        score += 3
    if UPDATED_WORDS.search(line.text[: mention.start]):
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
    # A report cannot come before the events it tells of ("on October 7").
    undated = [m.date for m in dates if not m.has_year]
    for reading, other, name in ((day_first, month_first, "day-first"),
                                 (month_first, day_first, "month-first")):
        fits = [d for d in undated if (d.month, d.day) <= (reading.month, reading.day)]
        misfits = [d for d in undated if (d.month, d.day) <= (other.month, other.day)]
        if undated and len(fits) > len(misfits):
            example = fits[0]
            return reading, (f"; read {name}: the text tells of "
                             f"{example.strftime('%B')} {example.day}, which must come before it")
    return day_first, "; read day-first (the common convention; nothing in the text decides)"


def choose_published(result: Extracted, described: list[Line]) -> None:
    candidates = [m for m in result.dates if m.has_year and 1990 <= m.date.year <= 2100]
    if not candidates:
        result.published_basis = "no dated stamp in the text"
        return
    best = max(candidates, key=lambda m: (_score(m, result, described), -m.line))
    date, how = _resolve(best, result.dates)
    result.published, result.published_line = date, best.line
    result.published_basis = f"'{best.text}' (line {best.line + 1}){how}"


# --- publisher --------------------------------------------------------------------------------

COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:(?:19|20)\d\d\s*(?:[-–]\s*"
                       r"(?:19|20)?\d\d)?\s*)?[,.]?\s*(?:by\s+)?(?P<name>[^|•·\n]{2,80})",
                       re.IGNORECASE)
SOURCE_LINE = re.compile(r"(?:^|\|\s*)(?:source|quelle|fuente|fonte|publisher)\s*:\s*"
                         r"(?P<name>[^|•·\n]{2,60})", re.IGNORECASE)
DOMAIN = re.compile(r"\b(?:https?://)?(?:www\.)?(?P<label>[a-z0-9][a-z0-9-]{1,40})\."
                    r"(?:com|co\.uk|co\.nz|com\.au|org|net|news|ie|de|fr|es|it|jp|ru|az|at|ch|"
                    r"pl|nl|se|no|dk|fi|br|in|ca|us|uk|eu|io|tv|info|kz)\b", re.IGNORECASE)
LEGAL_SUFFIX = re.compile(r"(\ball rights reserved\b.*|[,.]?\s*\b(inc|llc|ltd|limited|gmbh|plc|"
                          r"s\.?a|corp|corporation|co)\b\.?\s*$|\s*\d{4}\s*$|[.,;:\s]+$)",
                          re.IGNORECASE)
NOT_PUBLISHERS = {"getty images", "ap", "reuters", "afp", "shutterstock", "wordpress", "google",
                  "facebook", "twitter", "youtube", "instagram", "linkedin", "whatsapp", "apple",
                  "the associated press", "associated press", "pinterest", "reddit", "tiktok"}
GENERIC_LABELS = {"facebook", "twitter", "youtube", "instagram", "linkedin", "whatsapp", "google",
                  "apple", "pinterest", "reddit", "tiktok", "t", "bit", "wp", "cdn", "amzn",
                  "mailto", "example", "wikipedia", "gravatar", "disqus", "flickr", "x"}


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .,:;-–|")
    for _ in range(3):
        name = LEGAL_SUFFIX.sub("", name).strip(" .,:;-–|")
    return name


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _spelled(label: str, text: str) -> str | None:
    """How the text spells a domain's name: 'californiaglobe' -> 'California Globe'."""
    words = re.findall(r"[^\W_][\w'&.-]*", text)
    target = _squash(label)
    for size in range(1, 5):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i: i + size])
            if _squash(phrase) == target and phrase[:1].isupper():
                return phrase
    return None


def find_publisher(lines: list[str], result: Extracted) -> tuple[str, str]:
    """The outlet, from the capture's own words; 'unknown' when nothing names it."""
    votes: Counter[str] = Counter()
    reasons: dict[str, str] = {}

    def vote(name: str, weight: float, reason: str) -> None:
        name = _clean_name(name)
        if not name or name.casefold() in NOT_PUBLISHERS or word_count(name) > 6 \
                or not any(c.isalpha() for c in name):
            return
        votes[name] += weight
        reasons.setdefault(name, reason)

    text = "\n".join(lines)
    for number, line in enumerate(lines):
        for match in COPYRIGHT.finditer(line):
            vote(match.group("name"), 3, f"copyright line {number + 1}")
        match = SOURCE_LINE.search(line)
        if match:
            vote(match.group("name"), 3, f"'Source:' on line {number + 1}")
    labels = Counter(m.group("label").lower() for m in DOMAIN.finditer(text))
    for label, count in labels.most_common(5):
        if label in GENERIC_LABELS:
            continue
        spelled = _spelled(label, text)
        vote(spelled or label, 1.5 + min(count, 4) * 0.5, f"the site's address ({label})")
    if result.title:
        title = re.escape(result.title.strip())
        for line in lines:
            match = re.match(rf"^{title}\s*[|–—:-]\s*(?P<name>.{{2,40}})$", line.strip())
            if match:
                vote(match.group("name"), 3, "the page title's suffix")
    if not votes:
        return "unknown", "nothing in the text names the publisher"
    # Names that recur in the text are more likely the outlet than a one-off credit.
    folded = text.casefold()
    scored = {name: weight + min(folded.count(name.casefold()), 6) * 0.5
              for name, weight in votes.items()}
    name = max(scored, key=lambda n: (scored[n], -len(n)))
    return name, reasons[name]
