"""Read an article out of a page capture: its text, headline, author, publisher and date.

A copied page is a column of lines: menus and link lists (many short lines),
the headline (a lone line of title length near the text), bylines and date
stamps, the article (long lines that read as sentences), then more link lists
and footers. Decisions here rest on that shape (length, punctuation,
repetition, position, nearby words such as "By" or "Published"), never on
any outlet's exact strings, so they carry over to outlets never seen.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import zip_longest

from generator.ingest.datefind import DateMention
from generator.ingest.evidence import Candidate, Decision, decide
from generator.ingest.lines import CJK_LETTER, JoinedLines, literal_led, phrase_tree
from generator.ingest.vocabulary import VOCABULARY
from generator.ingest.weights import WEIGHTS, Weights

# Words and phrases that mark a line as page furniture, and words that do so on a short line
# only ('Comments', 'Trending'; 'The company declined to comment.' is prose): vocabulary.
BOILERPLATE_TERMS = sorted(VOCABULARY.furniture_phrases)
_MENU_WORDS = VOCABULARY.menu_words
MENU_LINE_WORDS = 12
WORD = re.compile(r"[^\W_]+")
ASCII_WORD = re.compile(r"[a-z0-9]+")  # WORD in lower-cased ASCII text
# Terms as words ("s'abonner" is 's abonner'), so a line is tokenised once for its word
# count and its furniture test.
_TERM_WORDS = [" ".join(WORD.findall(term)) for term in BOILERPLATE_TERMS]
_SINGLE_TERMS = frozenset(t for t in _TERM_WORDS if " " not in t)
_PHRASES_BY_FIRST: dict[str, list[str]] = {}
for _phrase in (t for t in _TERM_WORDS if " " in t):
    _PHRASES_BY_FIRST.setdefault(_phrase.split()[0], []).append(f" {_phrase} ")
_PHRASE_FIRSTS = frozenset(_PHRASES_BY_FIRST)
# Any word a furniture test starts from: most lines have none, and one lookup rules them out.
_FURNITURE_WORDS = _SINGLE_TERMS | _PHRASE_FIRSTS | _MENU_WORDS


def is_boilerplate(words: list[str], sentence: bool) -> bool:
    """A furniture word or phrase among a lower-cased line's words (set lookups: regexes
    are slow here); a menu word only on a short line that is no sentence ('Comments', not
    'He declined to comment.')."""
    if _FURNITURE_WORDS.isdisjoint(words):
        return False
    if not _SINGLE_TERMS.isdisjoint(words) or (not sentence and len(words) <= MENU_LINE_WORDS
                                               and not _MENU_WORDS.isdisjoint(words)):
        return True
    firsts = _PHRASE_FIRSTS.intersection(words)
    if not firsts:
        return False
    padded = f" {' '.join(words)} "
    return any(phrase in padded for word in firsts for phrase in _PHRASES_BY_FIRST[word])


# Photo captions and credits, in lower-cased text. Each pattern leads with a literal (or a
# few letters) where it can, which the regex engine finds at C speed, where a leading
# alternation of words is tried at every position; a word boundary is checked after the
# literal ('in this(?<=\bin this)'), not before it.
_CAPTION_LABEL = phrase_tree("|".join(VOCABULARY.caption_labels))
# A picture's credit names an agency after a slash: 'Jane Doe / AFP', 'Foto: X/dpa'.
_PICTURE_AGENCY = phrase_tree("|".join(VOCABULARY.news_agencies | VOCABULARY.photo_agencies))
CAPTION_START = re.compile(rf"{_CAPTION_LABEL}[ \t]*[:|]|(?:file )?photo\b")
CAPTION_ANYWHERE = (
    re.compile(rf"\({_CAPTION_LABEL}\b"),
    # 'Jane Doe (left) and …': who stands where in a picture
    re.compile(rf"\((?:{phrase_tree('|'.join(VOCABULARY.caption_positions))})\)"),
    *literal_led(VOCABULARY.photo_agencies, word_start=False),
    *literal_led(VOCABULARY.caption_phrases, word_start=True),  # 'in this photo'
)
# Credits with a slash, looked for only in the lines that have one (a tenth of a page's).
CAPTION_SLASHED = (
    re.compile(rf"/ ?{_PICTURE_AGENCY}\b"),
    # an agency's credit before the photographer's name: 'REUTERS/Jane Doe', 'AP Photo/…'
    *literal_led(VOCABULARY.news_agencies | VOCABULARY.photo_agencies, word_start=True,
                 tail=rf"(?: {_CAPTION_LABEL})? ?/ ?[^\W\d_]"),
)
SLASH = re.compile("/")
# 'By' in the languages captures come in; what a reporter is.
BY_WORDS = "|".join(sorted(VOCABULARY.by_words))
ROLES = "|".join(sorted(VOCABULARY.reporter_roles))
BYLINE = re.compile(rf"^(?:written |posted |story |words )?(?:{BY_WORDS})"
                    r"(?:\s*[:\s]\s*|(?-i:(?<=By)(?=[A-Z])))(?P<name>[^\W\d_][^,|•·\n]{1,60}?)"
                    r"(?=\s*(?:,|\||•|·|$|\d|\bon\b|\bupdated\b|\bpublished\b|\band\b\s*$))",
                    re.IGNORECASE)
# A byline after the date on its line: 'Posted on 12/30/2019 by Sam Rivers', '12 de maio de
# 2018 por Helena Prado' (only on a line with a date: 'by' ends many sentences' phrases).
DATED_BYLINE = re.compile(rf"\s(?:{BY_WORDS})\s+"
                          r"(?P<name>[^\W\d_][^,|•·\n\d]{1,60}?)\s*$", re.IGNORECASE)
# 'Tom Krisher, AP Auto Writer', 'Mike Cason | mcason@example.com': bylines without 'By'.
ROLE_LINE = re.compile(r"^(?P<name>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})(?:, (?:[\w.&]+ ){0,3}"
                       rf"(?i:{ROLES})s?|[ \t]*[|,]?[ \t]*[\w.+-]+@[\w-]+(?:\.[\w-]+)+)$")

CJK = CJK_LETTER


def _labels(words: frozenset[str]) -> re.Pattern[str]:
    """Labels as a pattern for lower-cased text (re.IGNORECASE makes alternations slow):
    whole words, except in scripts written without spaces ('公開')."""
    spaced = sorted(w for w in words if not CJK.search(w))
    unspaced = sorted(w for w in words if CJK.search(w))
    return re.compile(r"\b(" + "|".join(map(re.escape, spaced)) + r")\b"
                      + "".join(f"|{re.escape(w)}" for w in unspaced))


PUBLISHED_WORDS = _labels(VOCABULARY.published_words)
UPDATED_WORDS = _labels(VOCABULARY.updated_words)
# A label's first word is a word of any line the label is on (as a whole word): a line
# without one, and without a label of a script written without spaces, is not searched.
_DATE_LABELS = VOCABULARY.published_words | VOCABULARY.updated_words
_LABEL_FIRSTS = frozenset(WORD.findall(label)[0] for label in _DATE_LABELS if not CJK.search(label))
_UNSPACED_LABELS = tuple(sorted(label for label in _DATE_LABELS if CJK.search(label)))


def has_date_label(words: list[str], lowered: str) -> bool:
    """A 'published' or 'updated' label on a lower-cased line (`words`: its words): one set
    lookup before the patterns, which took a tenth of describing a page's lines."""
    return (not _LABEL_FIRSTS.isdisjoint(words) or any(w in lowered for w in _UNSPACED_LABELS)) \
        and bool(PUBLISHED_WORDS.search(lowered) or UPDATED_WORDS.search(lowered))
# Lines about the page itself, never a headline (in lower-cased text).
NOT_HEADLINE = re.compile(r"\b" + phrase_tree("|".join(VOCABULARY.interface_words)) + r"\b")
# A picture's credit in parentheses at a line's end: '(Photo: X)', '(Jane Doe/AFP)'.
CREDIT = re.compile(rf"\([^()]*(?:/|\.com|\b{_CAPTION_LABEL}s?\b|\b{_PICTURE_AGENCY}\b)"
                    r"[^()]*\)\s*$", re.IGNORECASE)
# How a teaser of another page ends: cut short ('"They are getting better," he...') or
# with a video's length ('How Fast Can Gibbons Swing? (3:04)').
TEASER_END = re.compile(r"[\w,]\s?(?:\.\.\.|…)$|\(\d{1,2}:\d\d\)$")
SENTENCE_ENDINGS = tuple(".!?…:;\"”’»)]。！？」』")
STAMP_DIGIT = re.compile(r"\d")
# A teaser's time: '2h ago', 'vor 5 Minuten', 'il y a 3 jours' (vocabulary: ago_words,
# ago_before, time_units).
_TIME_UNIT = phrase_tree("|".join(VOCABULARY.time_units))
AGO = re.compile(rf"^(?:\d+\s*(?:{_TIME_UNIT})\s+(?:{phrase_tree('|'.join(VOCABULARY.ago_words))})"
                 rf"|(?:{phrase_tree('|'.join(VOCABULARY.ago_before))})\s+\d+\s*(?:{_TIME_UNIT}))\b",
                 re.IGNORECASE)
# What a line is, for the article's block: exactly one kind each (the first that applies);
# a prose line also counts its length. Weighed by weights.json, fitted on the block's token
# F1 by bench/fit_weights.py (a per-line classifier's log-odds scored far lower as values).
BODY_FEATURES = ("byline_short", "dated_short", "furniture", "prose", "prose_length", "other")
PROSE_LENGTH_CAP = 80  # words: a longer paragraph says no more
SHORT_LINE = 8  # words: a byline or a dated line this short starts another story
# 'ByTravis Haney Dec 9, 2016': the date's month is not part of the name.
TRAILING_MONTH = re.compile(rf"\s+(?:{phrase_tree('|'.join(VOCABULARY.months))})\.?$",
                            re.IGNORECASE)
# What a byline carries beside the name: an e-mail address, a handle, a role glued on.
BYLINE_EXTRAS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w+|\s*(?:(?:"
                           + "|".join(sorted(VOCABULARY.role_modifiers)) + rf") )?(?:{ROLES})$",
                           re.IGNORECASE)
TIME = re.compile(r"\b\d{1,2}[:.h]\d\d\b|\b\d{1,2}\s?(am|pm)\b", re.IGNORECASE)


@dataclass(slots=True)
class Line:
    """One line of the capture with the features the decisions use."""

    index: int  # 0-based
    text: str
    words: int
    sentence: bool  # reads as prose: ends like a sentence, or is long
    furniture: bool  # boilerplate phrase or caption
    stamp: bool = False  # "Published: 3 March 2024 | Updated: …": about the article, not of it
    caption: bool = False  # a photo's caption or credit (also furniture)


@dataclass
class Extracted:
    lines: list[str]
    title: str = ""
    title_line: int | None = None
    title_basis: str = ""
    author: str = ""
    publisher: str = "unknown"
    publisher_basis: str = "nothing in the text names the publisher"
    published: dt.date | None = None
    published_line: int | None = None
    published_basis: str = ""
    body: list[int] = field(default_factory=list)  # indexes of the article's own lines
    dates: list[DateMention] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        return "\n\n".join(self.lines[i] for i in self.body)


def word_count(text: str, tokens: list[str] | None = None) -> int:
    """Words, with two CJK characters counted as one; `tokens` when the caller has them."""
    cjk = 0 if text.isascii() else len(CJK.findall(text))
    if not cjk:
        return len(WORD.findall(text) if tokens is None else tokens)
    return len(WORD.findall(CJK.sub(" ", text))) + (cjk + 1) // 2


def _captions(lowered: list[str]) -> set[int]:
    joined = JoinedLines(lowered)
    slashed = JoinedLines(lowered, sorted(joined.lines_matching(SLASH)))
    return {i for i, line in enumerate(lowered) if CAPTION_START.match(line)}.union(
        *(joined.lines_matching(pattern) for pattern in CAPTION_ANYWHERE),
        *(slashed.lines_matching(pattern) for pattern in CAPTION_SLASHED))


def describe(lines: list[str]) -> list[Line]:
    described = []
    lowered = "\n".join(lines).lower().split("\n")
    captions = _captions(lowered)
    for index, text in enumerate(lines):
        if not text:  # a quarter of a capture's lines
            described.append(Line(index, text, 0, False, False))
            continue
        if text.isascii():  # most lines; the narrower class is faster to match
            tokens = ASCII_WORD.findall(lowered[index])
            words = len(tokens)
        else:
            tokens = WORD.findall(lowered[index])
            words = word_count(text, tokens)
        ends = text.endswith(SENTENCE_ENDINGS)
        sentence = (words >= 25 or (words >= 8 and ends)) \
            and not TEASER_END.search(text, len(text) - 9)  # only the end can match
        caption = words < 70 and index in captions
        furniture = caption or (words < 40 and is_boilerplate(tokens, ends))
        stamp = words < 25 and bool(STAMP_DIGIT.search(text)) \
            and has_date_label(tokens, lowered[index])
        described.append(Line(index, text, words, sentence and not stamp, furniture, stamp,
                              caption))
    return described


# --- the article's text ------------------------------------------------------------------

def body_kind(line: Line, dated: set[int] | frozenset[int]) -> str:
    """Which of BODY_FEATURES' kinds a line with text is: a byline or a short dated line
    starts another story, furniture is out, prose in, a menu item or a subheading between."""
    if line.words <= SHORT_LINE:
        if BYLINE.match(line.text):
            return "byline_short"
        if line.index in dated or AGO.match(line.text):
            return "dated_short"
    if line.furniture:
        return "furniture"
    return "prose" if line.sentence else "other"


def _block_value(line: Line, dated: set[int] | frozenset[int], weights: Weights) -> float:
    """How much a line with text speaks for being inside the article (Kadane's maximum
    block), by the fitted weights of its kind."""
    kind = body_kind(line, dated)
    value = weights.body[kind] + weights.body_bias
    if kind == "prose":
        value += weights.body["prose_length"] * min(line.words, PROSE_LENGTH_CAP) \
            / PROSE_LENGTH_CAP
    return value


def find_body(described: list[Line], dated: set[int] | frozenset[int] = frozenset(),
              weights: Weights = WEIGHTS) -> list[int]:
    """The densest block of prose, without the furniture inside it.

    A short dated line ('Wednesday November 20, 2019', '2H ago') or a byline inside
    prose starts another story in a list of teasers: it breaks the block.
    """
    best, best_span = 0.0, (0, -1)
    total, start = 0.0, 0
    for line in described:
        if not line.text:
            continue  # adds nothing
        if total <= 0:
            total, start = 0.0, line.index
        total += _block_value(line, dated, weights)
        if total > best:
            best, best_span = total, (start, line.index)
    first, last = best_span
    kept = [line for line in described[first: last + 1]
            if line.text and not line.furniture and not line.stamp
            and not (line.words <= 8 and line.index in dated)]
    # A caption or paragraph printed twice is kept once; only lines of the same length
    # can be copies, so only those are compared (folding every line is slow).
    lengths = Counter(line.words for line in kept)
    seen: set[str] = set()
    body = []
    for line in kept:
        if lengths[line.words] > 1:
            key = _fold(line.text)
            if key in seen:
                continue
            seen.add(key)
        body.append(line.index)
    return body


# --- headline ------------------------------------------------------------------------------

_NON_WORDS = re.compile(r"\W+")


def _fold(text: str) -> str:
    if not text.isascii():  # NFKC leaves ASCII as it is
        text = unicodedata.normalize("NFKC", text)
    return _NON_WORDS.sub(" ", text.casefold()).strip()


def _content_words(text: str) -> set[str]:
    if text.isascii():
        return {w for w in ASCII_WORD.findall(text.lower()) if len(w) >= 4}
    words = {w for w in WORD.findall(text.casefold()) if len(w) >= 4}
    return words | set(CJK.findall(text))


# What speaks for or against a line being the headline: each a feature of a candidate line,
# weighed by weights.json (fitted by bench/fit_weights.py on the devset's train split).
TITLE_FEATURES = ("interface", "shared", "dated", "ends_period", "ends_ellipsis", "pull_quote",
                  "over_30_words", "alone", "distance", "after_body", "after_body_distance",
                  "stamp_follows", "headline_length", "in_menu",
                  "deck_follows", "under_headline", "repeated", "after_kicker",
                  "kicker_apart", "echoed", "trail", "most_shared", "second_most_shared",
                  "date_share")
TITLE_WINDOW = 60  # lines with text before the body where the headline may stand
LEAD_LINES = 4  # the body's first lines, whose words a headline shares
TITLE_AFTER_BODY = 15  # lines into the body where it may still stand (a photo came first)
STAMP_REACH = 10  # lines after a headline where its date or byline may stand
# 'Auftragshoch bei FACC : Luftfahrtbranche hebt ab', 'Politics | Talks resume': a kicker
# before the headline on its line. The part after it is a candidate of its own; ' : ' (a
# separate element, joined by the copy) says so more than ': ' (which headlines use too).
KICKER = re.compile(r"(?P<kicker>\S.{0,59}?)(?P<mark> : |: | \| | / )(?P<rest>\S.*)")
KICKER_WORDS = 6  # a kicker is short
# A navigation trail or a menu on one line: the same separator twice.
TRAIL = re.compile(r"( [»>›|/] ).*\1")
# The shapes the headline features are defined by (their weights are fitted, these are not:
# they say what "short", "long" and "headline length" mean), in words unless said.
TITLE_SHAPE = {
    "min_words": 3, "max_words": 40,  # a candidate line
    "max_chars": 300, "cjk_chars": 8,  # too long to be one; enough characters without spaces
    "furniture_words": 6,  # furniture shorter than this is no candidate
    "interface_words": 8,  # interface words mark a line only this short
    "long_words": 30, "menu_words": 4, "repeats": 2,
    "headline_min_words": 5, "headline_max_words": 25,
}


def _headline_length(words: int) -> bool:
    return TITLE_SHAPE["headline_min_words"] <= words <= TITLE_SHAPE["headline_max_words"]


Found = tuple[tuple[int, str], dict[str, float], str]  # a candidate: value, features, basis


def title_candidates(described: list[Line], body: list[int],
                     dates: list[DateMention]) -> list[Candidate[tuple[int, str]]]:
    """Each line (or a line's part after a kicker) that may be the headline, with its line
    and its features (TITLE_FEATURES, in order).

    Menus and lists of other stories share few words with the article; the
    headline shares many (names, places), the deck too but reads as a sentence.
    """
    shape = TITLE_SHAPE
    body_start = body[0] if body else 0
    lead = _content_words(" ".join(described[i].text for i in body[:LEAD_LINES]))
    date_lines = {m.line for m in dates if m.has_year}
    date_chars = Counter()  # each line's characters that write a date, with a year or not
    for mention in dates:
        date_chars[mention.line] += mention.end - mention.start
    filled = [line.index for line in described[:body_start] if line.text]
    window_start = filled[-TITLE_WINDOW] if len(filled) >= TITLE_WINDOW else 0
    window = described[window_start: body_start + TITLE_AFTER_BODY]
    stamped = date_lines | {line.index for line in
                            described[window_start: body_start + TITLE_AFTER_BODY
                                      + STAMP_REACH + 1]
                            if line.text and BYLINE.match(line.text)}
    repeats = Counter(line.text for line in described if line.text)
    page = "\n".join(line.text for line in described)
    found = []
    for line in window:
        text = line.text
        if not text or (line.furniture and line.words < shape["furniture_words"]) \
                or len(text) > shape["max_chars"] \
                or BYLINE.match(text) or ROLE_LINE.match(text):
            continue
        if not (shape["min_words"] <= line.words <= shape["max_words"]
                or (len(text) >= shape["cjk_chars"] and CJK.search(text))):
            continue
        if CREDIT.search(text) or "@" in text or "www." in text:
            continue
        if body == [line.index]:
            continue  # the article's only line: a headline stands above an article
        words = _content_words(text)
        before = described[line.index - 1] if line.index > 0 else None
        after = described[line.index + 1] if line.index + 1 < len(described) else None
        neighbours = [n for n in (before, after) if n and n.text]
        deck = next((n for n in described[line.index + 1: line.index + 3] if n.text), None)
        above = next((n for n in reversed(described[max(0, line.index - 2):line.index])
                      if n.text), None)
        features = {
            # 'Tennis Podcast: Davis Cup …' may be a headline; 'Share this podcast' is not
            "interface": bool(line.furniture
                              or (line.words <= shape["interface_words"]
                                  and NOT_HEADLINE.search(text.lower()))),
            "shared": len(words & lead) / len(words) if words else 0.0,
            "dated": line.index in date_lines,  # a dateline or a byline with its date
            "ends_period": text.endswith(".") and not text.endswith(("..", "…")),
            "ends_ellipsis": text.endswith(("..", "…")),  # a shortened copy, as in lists
            "pull_quote": text[:1] in "'\"‘“«" and text[-1:] in "'\"’”»",
            "over_30_words": line.words > shape["long_words"],
            "alone": 2 - len(neighbours),
            "distance": max(body_start - line.index, 0),
            "after_body": line.index >= body_start,
            "after_body_distance": max(line.index - body_start, 0),
            "stamp_follows": not stamped.isdisjoint(range(line.index + 1,
                                                          line.index + STAMP_REACH + 1)),
            "headline_length": _headline_length(line.words),
            "in_menu": bool(neighbours) and all(n.words <= shape["menu_words"] for n in neighbours),
            # a longer standfirst follows the headline
            "deck_follows": bool(deck and deck.words > line.words
                                 and not text.endswith(SENTENCE_ENDINGS)
                                 and not BYLINE.match(deck.text)
                                 and line.index + 1 not in date_lines),
            # a standfirst under the headline, summing up the text
            "under_headline": bool(above and shape["headline_min_words"] <= above.words < line.words
                                   and not above.furniture
                                   and not above.text.endswith(SENTENCE_ENDINGS)
                                   and above.index not in date_lines
                                   and not BYLINE.match(above.text)
                                   and _content_words(above.text) & lead),
            "repeated": min(repeats[text] - 1, shape["repeats"]),  # shown twice: header, title
            # inside other lines: a breadcrumb's last step, 'Share: …', 'Headline | Site'
            "echoed": min(page.count(text) - repeats[text], shape["repeats"]),
            "trail": bool(TRAIL.search(text)),  # 'Home » News » …', 'A | B | C'
            # '2. September 2015', 'Posted Nov 18, 8:19 PM': a date line, not a headline
            "date_share": min(date_chars[line.index] / len(text), 1.0),
            "after_kicker": False,
            "kicker_apart": False,
        }
        found.append(((line.index, text), dict(features), f"line {line.index + 1}"))
        kicker = KICKER.fullmatch(text)
        rest = kicker["rest"] if kicker else ""
        if kicker and word_count(kicker["kicker"]) <= KICKER_WORDS \
                and word_count(rest) > shape["min_words"]:
            rest_words = _content_words(rest)
            features.update({
                "shared": len(rest_words & lead) / len(rest_words) if rest_words else 0.0,
                "headline_length": _headline_length(word_count(rest)),
                "repeated": min(repeats[rest], shape["repeats"]), "after_kicker": True,
                "echoed": min(page.count(rest) - repeats[rest] - 1, shape["repeats"]),
                "kicker_apart": kicker["mark"] == " : ",
            })
            found.append(((line.index, rest), features, f"line {line.index + 1}, after its kicker"))
    return [Candidate(value, [float(features[f]) for f in TITLE_FEATURES], basis)
            for value, features, basis in _rank_shared(found)]


def _rank_shared(found: list[Found]) -> list[Found]:
    """Which candidates share the most words with the lead, and the next most: the deck
    (a summary) or the lead's own first line often shares the most, the headline next.
    A rank, not a share: how much a headline shares differs from page to page."""
    shares = sorted({features["shared"] for _, features, _ in found}, reverse=True)
    for _, features, _ in found:
        features["most_shared"] = features["shared"] == shares[0]
        features["second_most_shared"] = len(shares) > 1 and features["shared"] == shares[1]
    return found


def find_title(described: list[Line], body: list[int], dates: list[DateMention],
               weights: Weights = WEIGHTS) -> Decision[tuple[int, str]] | None:
    """The headline and its line: the candidate the fitted weights score highest."""
    return decide(title_candidates(described, body, dates), TITLE_FEATURES, weights.title)


def _author_name(written: str) -> str:
    """The name alone: 'Megan Rowe meganr@example.com' and 'Chaim Gartenberg@cgartenberg'
    lose the address and the handle, 'Meg JamesStaff Writer' the role, 'Ann Lee Dec 9' the
    date."""
    name = BYLINE_EXTRAS.sub("", TRAILING_MONTH.sub("", written))
    return name.strip(" .:-(（／/")


_PARTICLES = VOCABULARY.name_particles
_NAME_MARKS = str.maketrans("", "", "-'’.")


def _is_person_name(text: str) -> bool:
    """Two to four capitalised words ('Lucía Fernández', 'Ana de la Torre'), not a
    section in capitals ('LOCAL NEWS') nor a phrase with digits or punctuation."""
    words = text.split()
    names = [w for w in words if w not in _PARTICLES]
    return 2 <= len(names) <= 4 and len(words) <= 6 and all(
        w[0].isupper() and (len(w) <= 2 or not w.isupper())
        and w.translate(_NAME_MARKS).isalpha() for w in names)


def _dated_byline(line: Line, dated: set[int] | frozenset[int]) -> re.Match[str] | None:
    """'Posted on 12/30/2019 by Sam Rivers': a short line with a date, ending in a person's
    name (not a caption's '(Photo by Andy Cross/The Post)' nor a sentence's '… by Harbour
    Council.')."""
    if line.index not in dated or len(line.text) > 80:
        return None
    match = DATED_BYLINE.search(line.text)
    name = match.group("name") if match else ""
    sentence = name.endswith(".") and len(name.rsplit(" ", 1)[-1]) > 3  # not 'Jr.', 'J.'
    return match if name and _is_person_name(name) and not sentence else None


def find_author(described: list[Line], title_line: int | None, body: list[int],
                dated: set[int] | frozenset[int] = frozenset()) -> str:
    """The byline between the headline and the text (past any share buttons), or in the
    text's first lines; or, after the headline, a line that is only a person's name with
    the date under it ('Lucía Fernández' / '15 de agosto de 2025')."""
    start = title_line or 0
    body_start = body[0] if body else start
    before = [line for line in described[start:body_start] if line.text]
    near = before + [line for line in described[max(start, body_start):] if line.text][:10]
    for line, after in zip_longest(near, near[1:]):
        match = BYLINE.match(line.text) or _dated_byline(line, dated)
        name = _author_name(match.group("name")) if match else ""
        if name and not name[0].islower() and 1 <= len(name.split()) <= 6:
            return name  # 'By submitting your information …' is no byline
        if role := ROLE_LINE.match(line.text):
            return role.group("name")
        if title_line is not None and line.index < body_start and after \
                and after.index in dated and _is_person_name(line.text) \
                and not _common_words(line.text, [described[i].text for i in body]):
            return line.text
    return ""


def _common_words(name: str, prose: list[str]) -> bool:
    """A word of the name is written in lower case in the text: 'Next Post', 'Open Future'
    are words of the language, not a person's name."""
    written = set(WORD.findall(" ".join(prose)))
    return any(word.lower() in written for word in WORD.findall(name) if word not in _PARTICLES)
