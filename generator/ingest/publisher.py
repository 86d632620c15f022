"""Who published an article, from the capture's own words; 'unknown' when nothing says.

Each kind of evidence (a copyright line, a byline credit, the site's address, …) adds to
a candidate name's features; a candidate's score is the features weighed by the weights
in weights.json, which bench/fit_weights.py fits on the devset's train split. The basis
(`publisher_basis`) is the candidate's strongest piece of evidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from generator.ingest.extract import (
    BY_WORDS,
    NOT_HEADLINE,
    ROLES,
    WORD,
    Extracted,
    is_boilerplate,
    word_count,
)
from generator.ingest.lines import JoinedLines, literal_led, occurrences, phrase_tree
from generator.ingest.vocabulary import VOCABULARY
from generator.ingest.weights import WEIGHTS, Weights

# A name as outlets write theirs: capitalised words, ALLCAPS or CamelCase, with small joiners.
_WORDS = r"(?:[A-Z][\w'’.&!+-]*|\d+[A-Za-z][\w.-]*)"
_SP = r"[ \t]+"  # names never run across lines
_JOINERS = "of|and|&|de|du|la|des|do|da|dos|das|del|della|di|van|von|der"  # 'Diário do Cais'
NAME = (rf"(?:[Tt]he{_SP})?{_WORDS}(?:{_SP}(?:(?:{_JOINERS}){_SP})?"
        rf"(?:{_WORDS}|\d{{1,3}}(?![\w.,:/-]))){{0,4}}")  # 'Channel 4 News'

_NAME = re.compile(NAME)
# The outlet speaking of itself: "Follow The Verge", "Subscribe to WIRED", "(Reuters) -".
# Matched on the lower-cased text (much faster than (?i:) on the original), then the
# name is read at the same place in the original.
SELF_TRIGGERS = re.compile(r"\b" + phrase_tree("|".join(VOCABULARY.publisher_self_before))
                           + r"[ \t]+")
# These name the site only as a link of their own ("About The Verge", "☆ Back to Chron"):
# in a sentence or a headline they are prose ("according to the ministry", "went back to
# WeWork", "What You Need to Know About Cloth Diapers"), unlike "told CNN".
PROSE_TRIGGERS = VOCABULARY.publisher_self_prose
SELF_SUFFIX = re.compile(r"[ \t]" + phrase_tree("|".join(VOCABULARY.publisher_self_after))
                         + r"\b")
TITLE_SUFFIX = re.compile(r"\s*[|–—:-]\s*(?P<name>.{2,40})$")  # 'Headline | The Outlet'
NAME_AT_END = re.compile(rf"(?P<name>{NAME})[ \t]*$")
# A credit opening the text: '(Reuters) -' anywhere, 'Reuters - ' at a line's start (found
# by its dash, then the name checked back to the line's start).
# Patterns here start with a literal where they can: the engine then scans for it at C
# speed, while a leading alternation of words is tried at every position (20-30x slower).
CREDIT_IN_PARENTHESES = re.compile(rf"\((?P<name>{NAME})\)[ \t]*[-—–]")
CREDIT_DASH = re.compile(r" [-—–][ \t]")
_COPYRIGHT_SIGN = r"©|ⓒ|\(c\)|copyright\b"
_YEARS = r"(?:19|20)\d\d(?:[ \t]*[-–/][ \t]*(?:19|20)?\d\d|[ \t]+(?:19|20)\d\d)?"  # '2011/2019'
COPYRIGHT = re.compile(rf"(?:{_COPYRIGHT_SIGN})[ \t©,.]*(?:(?:\(c\)|copyright\b)[ \t©,.]*)?"
                       rf"(?:{_YEARS}[ \t,.©|·•]*)?(?:by[ \t]+)?(?P<name>[^|•·\n]{{2,80}})")
# 'Example News. All rights reserved.', '2019 Example, Inc. All Rights Reserved': the holder
# of a rights notice written without a copyright sign (with one, COPYRIGHT reads the line)
RIGHTS_HOLDER = re.compile(rf"(?:{_YEARS}[ \t,.]*)?(?P<name>[^|•·\n]{{2,80}}?)[ \t,.–-]*")
COPYRIGHT_SIGN = re.compile(_COPYRIGHT_SIGN)
# A footer line that is just a company's name: 'comwrap GmbH', 'Example Media Ltd.'
# (matched at the start of short lines only: a '^' pattern over the whole text is slow)
LEGAL_FORMS = tuple(sorted({ending for form in VOCABULARY.legal_forms
                            for ending in (form, form + ".")}))
# The last two characters of the legal forms: a line ending otherwise is no company's line
# (one set lookup, where testing each form's ending in turn took five times as long).
_LEGAL_FORM_TAILS = frozenset(form[-2:] for form in LEGAL_FORMS)
COMPANY_LINE = re.compile(r"(?P<name>[^\W\d][\w&'’. -]{1,40}?)[ \t,]+"
                          rf"(?:{'|'.join(map(re.escape, LEGAL_FORMS))})$")
# 'Source: X', at the start of a line or of a part of it after '|'
SOURCE_LINE = re.compile(rf"[ \t]*(?:{'|'.join(sorted(VOCABULARY.source_labels))})[ \t]*:[ \t]*"
                         r"(?P<name>[^|•·\n]{2,60})")
# A site's address: found by its ending, then its name read backwards (far faster).
TLDS = (r"com|co\.uk|co\.nz|com\.au|org|net|news|ie|de|fr|es|it|jp|ru|az|at|ch|pl|nl|se|no|dk|"
        r"fi|br|in|ca|us|uk|eu|io|tv|info|kz")
DOMAIN_END = re.compile(rf"\.(?P<tld>{TLDS})\b")  # after a letter or digit, checked in code
# 'com' in 'amazon.com.br' is part of the ending, not a site's name.
SECOND_LEVEL = {"com", "co", "org", "net", "gov", "edu", "ac", "or", "ne", "go", "gob", "gouv"}
# A name written as an address: 'Sportsnet.ca', 'SBNation.com'.
DOMAIN_NAME = re.compile(rf"(?:[\w-]+\.)*(?P<label>[\w-]+)\.(?P<tld>{TLDS})", re.IGNORECASE)
DOMAIN_LABEL = re.compile(r"(?<![a-z0-9.-])(?:[a-z0-9-]+\.)*?(?P<label>[a-z0-9][a-z0-9-]{1,40})$")


def _words_pattern(phrases: frozenset[str]) -> str:
    """Phrases of the vocabulary as one prefix tree (lines.phrase_tree), dots optional
    ('s.a' also matches 'SA'), spaces as any space."""
    return phrase_tree("|".join(phrases)).replace(r"\.", r"\.?").replace(r"\ ", r"\s*")


def _in_cased_script(phrase: str) -> bool:
    """'all rights', not '無断転載': there a phrase starts where a word does."""
    return phrase[:1].lower() != phrase[:1].upper()


def _notices_pattern(notices: frozenset[str]) -> str:
    """Notices as prefix trees, each to the end of the name, spaces optional; in a cased
    script a notice starts a word."""
    cased = set(filter(_in_cased_script, notices))
    return "|".join(start + "(?:" + phrase_tree("|".join(group)).replace(r"\ ", r"\s?") + ").*"
                    for start, group in ((r"\b", cased), ("", notices - cased)) if group)


# What follows an outlet's name in legal lines: not part of the name readers know.
_COMPANY_TAIL = _words_pattern(VOCABULARY.legal_forms | VOCABULARY.company_words)
# A company's legal name: the name followed by its legal form or a company word ('Example
# Media Group, Inc.'): how a copyright names an owner, less often a brand.
LEGAL_ENTITY = re.compile(rf"[,.]?\s*\b(?:{_COMPANY_TAIL})\b", re.IGNORECASE)
# the notices, found by the literal each starts with (an alternation tried at every
# character of a page took a quarter of ingest's time); in a cased script, where a word starts
RIGHTS_NOTICES = [pattern for cased in (True, False) for pattern in literal_led(
    {n for n in VOCABULARY.rights_notices if _in_cased_script(n) == cased},
    word_start=cased, tail="")]
# What ends a name: a rights notice, a credit to the site's makers ('X. Proudly powered by
# WordPress'), an ISSN, the owner ('X, a Y company', 'X a member of Y', 'X ist Teil der Y'),
# a legal form, a year, a spaced dash.
LEGAL_SUFFIX = re.compile(
    "(" + _notices_pattern(VOCABULARY.rights_notices | VOCABULARY.site_credits) + "|"
    r"[-–|]\s*issn\b.*|,\s+an?\s.*|"
    r"(?:,\s*|\s+)(?:" + _words_pattern(VOCABULARY.owner_phrases) + r")\b.*|\s+[-–—]\s.*|"
    r"[,.]?\s*\b(" + _COMPANY_TAIL + r")\b\.?\s*$|"
    r"\s*[-–]?\s*\d{4}\s*$|[.,;:\s–-]+$)", re.IGNORECASE)
# 'Part of the A360 Media Group', 'X is a subsidiary of Y': a footer naming the owner.
# (found by ' of ' or ' by ', then the word before it)
_ARTICLE = rf"(?:(?:{'|'.join(sorted(VOCABULARY.definite_articles))})[ \t]+)?"
OWNER_LINK = (re.compile(rf" of[ \t]+{_ARTICLE}"), re.compile(rf" by[ \t]+{_ARTICLE}"))
OWNER_WORDS = tuple(sorted(VOCABULARY.owner_words))
OWNER_WORD = re.compile(rf"(?P<is>\bis[ \t]+)?\b(?:a[ \t]+)?(?:{'|'.join(OWNER_WORDS)})$")
# Names that are someone else's: a syndicated story's first outlet ('This article originally
# appeared on Time.com'), the legal owner ('Company Name: Times Internet Limited').
OTHERS_NAMES = literal_led(VOCABULARY.syndication_phrases, word_start=True,
                           tail=rf"(?!\w)[ \t]*{_ARTICLE}")
# Platforms a page links to, never its outlet, in any language.
PLATFORMS = {"wordpress", "google", "facebook", "twitter", "youtube", "instagram", "linkedin",
             "whatsapp", "apple", "pinterest", "reddit", "tiktok"}
# Never an outlet's name on its own: platforms, and (vocabulary) a page's links, pronouns,
# the words that start sentences, days and months where no outlet is named so (a German
# 'Freitag' is one). Sections: GENERIC_WORDS.
NOT_PUBLISHERS = PLATFORMS | VOCABULARY.not_publishers
GENERIC_LABELS = PLATFORMS | {
    "t", "bit", "wp", "cdn", "amzn", "mailto", "example", "wikipedia", "gravatar", "disqus",
    "flickr", "x", "goo", "ow", "fb", "schema", "w3", "gmail", "outlook",
    "amazon", "ebay", "etsy",  # shops that blogs' affiliate links lead to
    # trackers and CDNs named in page text
    "scorecardresearch", "doubleclick", "googletagmanager", "googleapis", "gstatic",
    "cloudfront", "akamaihd", "chartbeat", "quantserve", "outbrain", "taboola",
    "amazonaws", "addthis", "sharethis", "cookielaw", "onetrust"}
# Words that name sections, not outlets: a name made only of these is not a publisher.
GENERIC_WORDS = VOCABULARY.section_words
# A regional or language edition's last word: 'The Conversation Africa', 'Al Jazeera English'.
_EDITION = re.compile(rf"\s+(?:{phrase_tree('|'.join(VOCABULARY.edition_words))})$")
GENERIC_TAIL = re.compile(rf"(\s+(?:{phrase_tree('|'.join(VOCABULARY.name_tails))}|\+))+$",
                          re.IGNORECASE)


_BRAND_WORD = re.compile(r"\d|[a-z][A-Z]")
_CJK_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,12}")
# 'Follow Us On Twitter': a phrase in title case, not a name.
_PREPOSITION = re.compile(
    rf" (?:{'|'.join(sorted(w.capitalize() for w in VOCABULARY.link_prepositions))})(?: |$)")
# 'About Me', 'Regan and I': a link or a phrase ending in a pronoun ('Us Weekly' does not).
_PRONOUNS = VOCABULARY.object_pronouns
_PARENTHESES = re.compile(r"\s*[(（][^)）]*[)）]")
_DESCRIPTOR = re.compile(r"^['‘][^'’]{2,40}['’]\s+(?=\S)")
_QUOTED = re.compile(r"[«\"“„]([^»\"”“]{2,40})[»\"”“]")
_COPYRIGHT_PREFIX = re.compile(r"^(copyright|©|\(c\))\s*", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+")
_BY = re.compile(rf"^(?:{BY_WORDS})\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)  # the same names recur on a page and across pages
def _clean_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", _SPACES.sub(" ", name)).strip(" .,:;-–|·•")
    name = _BY.sub("", name).removeprefix("the ")  # 'Download the X app': the sentence's 'the'
    name = _COPYRIGHT_PREFIX.sub("", name)
    name = _PARENTHESES.sub("", name)  # 'Entermedia (www.entermedia.co.kr)'
    name = _DESCRIPTOR.sub("", name)  # "'culture experts' Entermedia": the name follows
    quoted = _QUOTED.search(name)  # 'МИА «Казинформ»', 'the "Daily Planet"': the brand
    if quoted:
        name = quoted.group(1)
    for _ in range(4):
        name = GENERIC_TAIL.sub("", LEGAL_SUFFIX.sub("", name)).strip(" .,:;-–|·•")
    return name


def _names_a_company(name: str) -> bool:
    """'Example Media Group, Inc. All rights reserved.': the name readers know is followed
    by a legal form or a company word."""
    cleaned, raw = _clean_name(name), _SPACES.sub(" ", name)
    at = raw.find(cleaned) if cleaned else -1
    return at != -1 and LEGAL_ENTITY.match(raw, at + len(cleaned)) is not None


def _initials(name: str) -> str:
    """'The Times of Israel' -> 'toi'; '' for a name not spelled out ('SN NOW')."""
    words = [w for w in WORD.findall(name) if w.casefold() not in ("the", "of", "and")]
    return "".join(w[0] for w in words).casefold() if _spelled_out(words) else ""


def _spelled_out(words: list[str]) -> bool:
    return not any(len(w) > 1 and w.isupper() for w in words)


def _expand_initials(initials: str, text: str) -> str | None:
    """'TOI' -> 'The Times of Israel', when the page spells the name out. (Names are read
    where a word starts with the first initial, found at C speed, not at every name.)"""
    wanted = initials.casefold()
    found: Counter[str] = Counter()
    first = re.compile(re.escape(initials[0]) + r"(?<!\w.)")  # where a word starts
    for hit in first.finditer(text):
        at = hit.start()
        if text[max(0, at - 4):at] in ("The ", "the ") and (at < 5 or not text[at - 5].isalnum()):
            at -= 4
        name = _NAME.match(text, at)
        if not name or name.group(0).isalnum():
            continue  # most names are one word, and initials stand for two or more
        words = WORD.findall(name.group(0))
        for start in range(2 if words[0].casefold() == "the" else 1):
            for end in range(start + 2, min(len(words), start + 5) + 1):
                part = [w for w in words[start:end] if w.casefold() != "the"]
                if "".join(w[0] for w in part).casefold() == wanted and part[0][0].isupper() \
                        and _spelled_out(part):
                    found[" ".join(words[start:end])] += 1
    return found.most_common(1)[0][0] if found else None


@lru_cache(maxsize=4096)
def _squash(text: str) -> str:
    """A name's key: case, spaces, punctuation and accents dropped, as capitals ('EL DIA')
    and web addresses ('eldia.es') drop those of 'El Día'."""
    return _NON_WORD.sub("", _unaccented(text.casefold()))


# Accents: the combining marks of Latin, Greek and Cyrillic letters, once a letter is
# decomposed ('é' into 'e' and U+0301). Kana's voicing marks and Hangul are not among them.
_ACCENTS = re.compile("[\u0300-\u036f]+")


def _unaccented(text: str) -> str:
    """The text without its accents (at C speed; a text's lines stay its lines)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if len(decomposed) == len(text):  # nothing composed (most non-Latin text): no accents
        return text
    return unicodedata.normalize("NFC", _ACCENTS.sub("", decomposed))


def _accents(name: str) -> int:
    """How many accents a spelling keeps."""
    if name.isascii():
        return 0
    decomposed = unicodedata.normalize("NFD", name)
    return len(decomposed) - len(_ACCENTS.sub("", decomposed))


# What sites add to their brand in their address: 'sputniknews' is Sputnik's.
_ADDRESS_TAILS = VOCABULARY.address_tails


def _spelling_rank(squashed: str, target: str, tld: str, words: int) -> float:
    """How surely a phrase of the text spells the address 'target.tld'."""
    if squashed == target:
        return 3
    if len(squashed) >= 3 and target.startswith(squashed) \
            and target[len(squashed):] in _ADDRESS_TAILS:
        return 2.5
    if squashed == target + _squash(tld):
        return 2
    return 1 if len(target) >= 6 and squashed.startswith(target) and words == 1 else 0


def _lines_with(part: re.Pattern[str], text: str) -> list[int]:
    """The numbers of the lines of `text` where `part` is found (a search from line to line
    and a running count of newlines, both at C speed)."""
    numbers: list[int] = []
    number, counted, found = 0, 0, part.search(text)
    while found:
        number += text.count("\n", counted, found.start())
        numbers.append(number)
        counted = text.find("\n", found.start())
        if counted == -1:
            break
        found = part.search(text, counted)
    return numbers


def _accented_letters() -> dict[str, str]:
    """Each letter and the accented letters that lose their accents to it ('e': 'eéèêë…')."""
    found: dict[str, str] = {}
    for letter in map(chr, (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))):
        base = _unaccented(letter)
        if base.isascii() and base.isalpha() and letter.islower():
            found[base] = found.get(base, base) + letter
    return found


_ACCENTED = _accented_letters()


@lru_cache(maxsize=1024)
def _with_accents(part: str) -> re.Pattern[str]:
    """A pattern for `part` written with or without accents ('noti' finds 'notí')."""
    return re.compile("".join(f"[{_ACCENTED[c]}]" if c in _ACCENTED else re.escape(c)
                              for c in part))


def _spelled(label: str, tld: str, lines: list[str], compact: str) -> str | None:
    """How the text spells a site's name: 'californiaglobe' -> 'California Globe',
    'sputniknews' -> 'Sputnik', 'space' + 'com' -> 'Space.com', 'spokesman' ->
    'Spokesman-Review'. `compact` is the text lower-cased and without spaces."""
    target = _squash(label)
    lines = [lines[i] for i in _lines_with(_with_accents(target[:4]), compact)]
    best: tuple[float, str] | None = None
    for match in _NAME.finditer("\n".join(lines)):
        words = match.group(0).split()
        for i in range(len(words)):
            first = _squash(words[i])
            if not first or not (target.startswith(first) or first.startswith(target)):
                continue  # every spelling of the address starts like it
            for j in range(i + 1, min(len(words), i + 5) + 1):
                phrase = " ".join(words[i:j])
                rank = _spelling_rank(_squash(phrase), target, tld, j - i)
                if rank and (best is None or rank > best[0]):
                    best = (rank, phrase.strip(".,"))
    return best[1] if best else None


# The kinds of evidence, each a feature of a candidate; their weights are fitted.
FEATURES = ("copyright", "rights", "copyright_caption", "source", "company", "footer", "self",
            "self_in_body", "byline", "address", "address_count", "address_unspelled",
            "address_menu_only", "address_reporter", "title_suffix", "masthead", "short_line",
            "family", "recurs", "agency", "credited_elsewhere", "is_author", "at_top",
            "one_word", "long_name", "legal_entity", "first_line")
TOP_LINES = 10  # the lines of a page where its masthead stands
RECURS_CAP = 8  # uses of a name beyond this say nothing more
ADDRESS_COUNT_CAP = 4


def _can_be_name(name: str) -> bool:
    """Not a section, a pronoun, a platform or a title-case phrase."""
    folded = name.casefold()
    return len(_squash(name)) >= 2 and folded.removeprefix("the ") not in NOT_PUBLISHERS \
        and folded not in NOT_PUBLISHERS and word_count(name) <= 6 \
        and any(c.isalpha() for c in name) and not set(folded.split()) <= GENERIC_WORDS \
        and not _PREPOSITION.search(name) and folded.rsplit(" ", 1)[-1] not in _PRONOUNS


@dataclass
class Ballot:
    """The evidence for each candidate name (keyed by its squashed form), where it was
    found (by kind), and how the page spells the name."""

    votes: dict[str, Counter[str]] = field(default_factory=dict)  # key -> feature -> amount
    reasons: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> feature -> where
    spellings: dict[str, Counter[str]] = field(default_factory=dict)

    def spelling(self, key: str) -> str:
        """The page's most common spelling; one with accents over those without: a page
        drops them in capitals and addresses, never adds them."""
        counts = self.spellings[key]
        return max(counts, key=lambda name: (_accents(name), counts[name]))

    def vote(self, name: str, kind: str, reason: str, amount: float = 1.0) -> None:
        """Add evidence for the name as readers know it; words that cannot be an
        outlet's name (sections, pronouns, platforms) get none."""
        name = _clean_name(name)
        if not _can_be_name(name):
            return
        key = _squash(name)
        features = self.votes.setdefault(key, Counter())
        if name.casefold() in VOCABULARY.news_agencies:
            features["agency"] = 1  # a wire story's credit, not necessarily the page's outlet
        features[kind] += amount
        self.reasons.setdefault(key, {}).setdefault(kind, reason)
        self.spellings.setdefault(key, Counter())[name] += 1

    def move(self, key: str, to: str) -> None:
        """Another name's evidence is this one's: 'Sportsnet.ca' is 'Sportsnet'."""
        self.votes.setdefault(to, Counter()).update(self.votes.pop(key))
        for kind, reason in self.reasons.pop(key).items():
            self.reasons.setdefault(to, {}).setdefault(kind, reason)
        self.spellings.setdefault(to, Counter()).update(self.spellings.pop(key))


def _source_lines(text: str, joined: JoinedLines) -> Iterator[re.Match[str]]:
    """'Source: X' where a line starts or after a '|' in it (`text`: the joined lines,
    lower-cased; only lines with a ':' are tried, found by str.find: a '^' pattern over the
    whole text is slow)."""
    colon = text.find(":")
    while colon != -1:
        number, start = joined.locate(colon)
        end = joined.starts[number + 1]
        colon = text.find(":", end)
        bars = [i + 1 for i in range(start, end - 1) if text[i] == "|"] \
            if text.find("|", start, end - 1) != -1 else []
        for position in (start, *bars):
            if match := SOURCE_LINE.match(text, position, end - 1):
                yield match


_IN_ADDRESSES = frozenset("_.@-")  # what joins a label to the rest of an address


def _written_alone(label: str, text: str) -> bool:
    """The label as a word of its own: 't3n', not 't3n.de' nor 'mail@t3n' (str.find and a
    look at both ends: a pattern compiled per label takes half a millisecond)."""
    at = text.find(label)
    while at != -1:
        before, after = text[at - 1:at] or " ", text[at + len(label):at + len(label) + 1] or " "
        if not (before.isalnum() or before in _IN_ADDRESSES or after.isalnum()
                or after in _IN_ADDRESSES):
            return True
        at = text.find(label, at + 1)
    return False


def _reporter_addresses(lines: list[str], author: str) -> set[tuple[str, str]]:
    """The (name, ending) of addresses in the reporter's byline: 'Mike Cason |
    mcason@al.com' writes for al.com."""
    found = set()
    for line in lines if author else []:
        if author in line and "@" in line:
            for at in re.finditer(r"@([\w.-]+)", line):
                if domain := DOMAIN_NAME.match(at.group(1)):
                    found.add((domain["label"].lower(), domain["tld"].lower()))
    return found


_BYLINE_PARTS = re.compile(r"\s*[|,–—]\s*")
_WRITES_FOR = re.compile(r"^(?:special[ \t]+to|for|exclusive[ \t]+to)[ \t]+(?:the[ \t]+)?",
                         re.IGNORECASE)
_ROLE = re.compile(rf"\b(?:{ROLES}|staff|photographer)$", re.IGNORECASE)
# Degrees after a name: 'Rachael Link, MS, RD'.
CREDENTIALS = VOCABULARY.credentials


def _byline_credit(lines: list[str], author: str) -> tuple[int, str] | None:
    """The outlet the byline (the first short line naming the reporter) names after the
    reporter: 'By Bill Hoppe | Special to the Pioneer Press', 'By Andy Sahadeo | Fox News'
    (not a role: 'AP Auto Writer', nor a degree: 'MS, RD')."""
    number, line = next(((n, line) for n, line in enumerate(lines if author else [])
                         if author in line and len(line) <= 150), (0, ""))
    parts = _BYLINE_PARTS.split(line[line.find(author) + len(author):]) if line else []
    credit = _WRITES_FOR.sub("", parts[1]) if len(parts) > 1 and not parts[0] else ""
    if _NAME.fullmatch(credit) and not _ROLE.search(credit) \
            and _squash(credit) not in CREDENTIALS:
        return number, credit
    return None


# A footer that names the site before its years: 'Como Educar Seus Filhos · 2013-2019',
# 'The Harbour Diary © 2024'.
FOOTER_CREDIT = re.compile(rf"(?P<name>{NAME})[ \t]*[©·•|][ \t]*(?:19|20)\d\d")


def _footer_credits(text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """Lines of the page's last 40 that open with a name and the years of its copyright."""
    for start, end in pairwise(starts[-41:]):
        if match := FOOTER_CREDIT.match(text, start, end - 1):
            yield match


def _company_lines(text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """Short lines that are a company's name: 'comwrap GmbH'."""
    for start, end in pairwise(starts):
        if end - start <= 61 and text[end - 3:end - 1] in _LEGAL_FORM_TAILS \
                and (match := COMPANY_LINE.match(text, start, end - 1)):
            yield match


def _rights_holders(text: str, joined: JoinedLines) -> Iterator[re.Match[str]]:
    """The names that lines open with before their first rights notice ('無断転載' holds
    '転載' too), on lines without a copyright sign (`text` lower-cased; the notices found
    first: far faster)."""
    first: dict[int, int] = {}  # line -> where its first notice starts
    for notice in (found for pattern in RIGHTS_NOTICES for found in pattern.finditer(text)):
        number = joined.line_of(notice.start())
        first[number] = min(first.get(number, notice.start()), notice.start())
    for number, at in sorted(first.items()):
        start = joined.starts[number]
        if not COPYRIGHT_SIGN.search(text, start, joined.starts[number + 1] - 1) \
                and (match := RIGHTS_HOLDER.fullmatch(text, start, at)):
            yield match


def find_publisher(lines: list[str], result: Extracted) -> tuple[str, str]:
    """The outlet, from the capture's own words; 'unknown' when nothing names it."""
    return decide(collect_votes(lines, result), "\n".join(lines))


def collect_votes(lines: list[str], result: Extracted) -> Ballot:
    """Each kind of evidence votes for a name: the outlet speaking of itself
    ("Follow X", "X homepage", "(X) -"), copyright and "Source:" lines (legal
    suffixes such as "Media Network" or "Inc." and owners such as "a member of Y"
    removed), the page title's suffix, the site's address, the masthead, the page's
    first line (often the logo's text)."""
    ballot = Ballot()
    votes, vote = ballot.votes, ballot.vote

    joined = JoinedLines(lines)
    text, starts = joined.text, joined.starts
    body = set(result.body)
    last_of_body = max(body, default=len(lines))
    # One pass over the whole text per pattern, case-insensitive patterns on the
    # lower-cased text (re.IGNORECASE is slow), names read from the original.
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    self_kind = {True: "self_in_body", False: "self"}
    line_matches = (("copyright", "copyright line", COPYRIGHT.finditer(lowered)),
                    ("rights", "rights notice on line", _rights_holders(lowered, joined)),
                    ("source", "'Source:' on line", _source_lines(lowered, joined)),
                    ("company", "a company's line", _company_lines(lowered, starts)),
                    ("footer", "copyright line", _footer_credits(text, starts)))
    for kind, reason, matches in line_matches:
        counted = set()  # a footer the capture holds twice is still one
        for match in matches:
            number = joined.line_of(match.start())
            name = text[match.start("name"):match.end("name")]
            key = _squash(_clean_name(name))
            if key in counted:
                continue
            counted.add(key)
            if result.author and key == _squash(result.author):
                # the byline's name: a photographer's credit, or the outlet as its own author
                ballot.votes.setdefault(key, Counter())["is_author"] = 1
            # '… in Madrid. © Jane Doe' is a photo's credit; after the article, a footer's
            caption = match.start() - starts[number] > 40 and number <= last_of_body
            vote(name, "copyright_caption" if caption and kind == "copyright" else kind,
                 f"{reason} {number + 1}")
            if kind == "copyright" and key in votes and _names_a_company(name):
                votes[key]["legal_entity"] = 1
    # Names the page credits as someone else's: its owner, a syndicated story's outlet.
    others = {_squash(_clean_name(name.group(0))) for pattern in OTHERS_NAMES
              for match in pattern.finditer(lowered) if (name := _NAME.match(text, match.end()))}
    for link in OWNER_LINK:
        for match in link.finditer(lowered):
            if not lowered.endswith(OWNER_WORDS, 0, match.start()):
                continue  # most ' of ' and ' by ' are prose (checked first: far cheaper)
            owner = OWNER_WORD.search(lowered, max(0, match.start() - 30), match.start())
            parent = owner and _NAME.match(text, match.end())
            number = joined.line_of(match.start())
            if not parent or number in body:
                continue  # prose: 'part of the problem'
            others.add(_squash(_clean_name(parent.group(0))))
            child = owner["is"] and NAME_AT_END.search(text, starts[number], owner.start())
            if child:  # 'Space is part of Future US Inc'
                vote(child.group("name"), "self", f"the page names itself on line {number + 1}")
    for match in CREDIT_IN_PARENTHESES.finditer(text):
        number = joined.line_of(match.start())
        vote(match.group("name"), self_kind[number in body],
             f"the page names itself on line {number + 1}")
    for match in CREDIT_DASH.finditer(text):
        number, start = joined.locate(match.start())
        credit = _NAME.fullmatch(text, start, match.start())
        # 'Reuters - The Senate voted…' opens a story; 'Boa Noite Paraná – Curitiba' is a menu
        if credit and word_count(lines[number][match.end() - start:]) >= 6:
            vote(credit.group(0), self_kind[number in body],
                 f"the page names itself on line {number + 1}")
    # "Follow X", "Subscribe to X"
    for match in SELF_TRIGGERS.finditer(lowered):
        name = _NAME.match(text, match.end())
        if name:
            number, start = joined.locate(match.start())
            if match.group(0).strip() in PROSE_TRIGGERS and (
                    number in body or any(c.isalnum() for c in text[start:match.start()])):
                continue
            vote(name.group(0), self_kind[number in body],
                 f"the page names itself on line {number + 1}")
    # "X homepage", "X Staff": find the suffix first, then the name just before it.
    for match in SELF_SUFFIX.finditer(lowered):
        number = joined.line_of(match.start())
        before = NAME_AT_END.search(text, starts[number], match.start())
        if before:
            vote(before.group("name"), self_kind[number in body],
                 f"the page names itself on line {number + 1}")
    compact = lowered.replace(" ", "")
    labels: Counter[tuple[str, str]] = Counter()
    in_text: set[tuple[str, str]] = set()  # addresses written other than as a menu's link
    for end in DOMAIN_END.finditer(lowered):
        if not end.start() or not lowered[end.start() - 1].isalnum():
            continue
        label = DOMAIN_LABEL.search(lowered, max(0, end.start() - 60), end.start())
        if label:
            address = (label.group("label"), end.group("tld"))
            labels[address] += 1
            if lowered[label.start() - 1:label.start()] not in ("", "\n") \
                    or lowered[end.end():end.end() + 1] not in ("", "\n") \
                    or joined.line_of(end.start()) < 5:  # the logo: 'CBSSports.com'
                in_text.add(address)
    if byline := _byline_credit(lines, result.author):
        vote(byline[1], "byline", f"the byline (line {byline[0] + 1})")
    reporters = _reporter_addresses(lines, result.author)
    for (label, tld), count in labels.most_common(5):
        if label in GENERIC_LABELS or label in GENERIC_WORDS or label in SECOND_LEVEL:
            continue  # 'CNET News.com' is a name with a word of it written as an address
        spelled = _spelled(label, tld, lines, compact)
        own = (label, tld) in reporters
        # An address the text never spells out as a name may say less; a line that is only
        # an address links to a site, often a sister's.
        unspelled = not spelled and not own
        menu_only = not own and (label, tld) not in in_text
        if not spelled:  # 't3n' is its name where the text writes it alone, else 'al.com'
            spelled = label if _written_alone(label, lowered) else f"{label}.{tld}"
        where = f"{'the reporter' if own else 'the site'}'s address ({label}.{tld})"
        vote(spelled, "address_reporter" if own else "address", where)
        for kind, amount in (("address_count", min(count, ADDRESS_COUNT_CAP)),
                             ("address_unspelled", unspelled), ("address_menu_only", menu_only)):
            if amount:
                vote(spelled, kind, where, float(amount))
    if result.title:
        title = result.title.strip()
        at = text.find(title)
        while at != -1:  # lines that start with the headline
            number, start = joined.locate(at)
            end = starts[number + 1] - 1
            if at == start and (match := TITLE_SUFFIX.match(text, at + len(title), end)):
                vote(match.group("name"), "title_suffix", "the page title's suffix")
            at = text.find(title, at + 1)
    masthead = [n for n, line in enumerate(lines[:12]) if line][:3]
    for number in masthead:
        line, lower = lines[number], lines[number].lower()
        # one word only when shaped like a brand ('TVN24', 'AppleInsider'), not 'Tech'
        brand = 2 <= word_count(line) <= 4 or (word_count(line) == 1 and _BRAND_WORD.search(line))
        if ((brand and _NAME.fullmatch(line)) or _CJK_NAME.fullmatch(line)) \
                and number != result.title_line \
                and not NOT_HEADLINE.search(lower) and occurrences(lower, lowered) > 1:
            vote(line, "masthead", f"the masthead (line {number + 1})")
    first = lines[masthead[0]].lower() if masthead else ""
    if first and masthead[0] != result.title_line and word_count(first) <= 5 \
            and not NOT_HEADLINE.search(first) and not is_boilerplate(WORD.findall(first), False):
        vote(lines[masthead[0]], "first_line", f"the page's first line ({masthead[0] + 1})")
    ends = {*range(min(15, len(lines))), *range(max(0, len(lines) - 40), len(lines))}
    for number in sorted(ends):  # a short page's lines once
        line = lines[number]
        if line and word_count(line) <= 4 and _squash(line) in votes:
            vote(line, "short_line", f"a masthead line ({number + 1})")
    for key in list(votes):  # 'Subscribe to Sportsnet.ca' names 'Sportsnet'
        address = DOMAIN_NAME.fullmatch(ballot.spelling(key))
        spelled = address and _spelled(address["label"], address["tld"].lower(), lines, compact)
        if spelled and _squash(spelled) != key and _can_be_name(_clean_name(spelled)):
            ballot.spellings.setdefault(_squash(_clean_name(spelled)), Counter())[
                _clean_name(spelled)] += 1
            ballot.move(key, _squash(_clean_name(spelled)))
    # 'A360' in the copyright line is the owner named 'A360 Media Entertainment Group'.
    for key in [k for k in votes if any(min(len(k), len(o)) >= 4 and (
            k.startswith(o) or o.startswith(k)) for o in others)]:
        votes[key]["credited_elsewhere"] = 1
    for prefix, sections in _families(ballot).items():
        vote(prefix, "family", f"the name its sections start with ({prefix} …)", sections)
    return ballot


def _families(ballot: Ballot) -> dict[str, int]:
    """Names that several candidates start with: 'Bloomberg Markets', 'Bloomberg
    Politics' … are sections of 'Bloomberg' (counted: how many sections beyond one).
    The continuations must differ: 'Al' is no family of 'Al Jazeera News'."""
    continuations: dict[str, set[str]] = {}
    for key in ballot.votes:
        words = ballot.spelling(key).split()
        for size in range(1, len(words)):
            if words[size - 1].casefold() == "the":
                continue
            prefix = " ".join(words[:size])
            continuations.setdefault(prefix, set()).add(words[size].casefold())
    return {prefix: len(following) - 1 for prefix, following in continuations.items()
            if len(following) >= 2}


def _nth(text: str, part: str, n: int) -> int:
    """Where the n-th `part` of the text is (its end when it has fewer)."""
    at = -1
    for _ in range(n):
        at = text.find(part, at + 1)
        if at == -1:
            return len(text)
    return at


def candidates(ballot: Ballot, folded: str) -> dict[str, Counter[str]]:
    """Each candidate's features, with how often the page (`folded`: case-folded) uses its
    name. Names of one outlet pool their evidence: initials ('TOI') with the full name the
    page spells out, a regional edition with its brand, 'The X' with 'X', 'CBS' with
    'CBS News'."""
    found = {key: Counter(features) for key, features in ballot.votes.items()}
    top = folded[:_nth(folded, "\n", TOP_LINES)]
    for key, features in found.items():
        spelled = ballot.spelling(key)
        features["recurs"] = min(occurrences(spelled.casefold(), folded), RECURS_CAP)
        features["at_top"] = occurrences(spelled.casefold(), top) > 0  # the masthead's part
        features["one_word"] = " " not in spelled
        features["long_name"] = word_count(spelled) >= 4

    def pool(into: str, key: str) -> None:
        found[into].update(found.pop(key))
        for kind, reason in ballot.reasons.get(key, {}).items():
            ballot.reasons.setdefault(into, {}).setdefault(kind, reason)

    for key in list(found):
        full = [k for k in found
                if len(key) <= 4 < len(k) and _initials(ballot.spelling(k)) == key]
        if full and ballot.spelling(key).isupper():
            pool(full[0], key)
    # 'The Conversation Africa' is an edition of 'The Conversation', where the page says both.
    for key in list(found):
        brand = _squash(_EDITION.sub("", ballot.spelling(key)))
        if brand != key and brand in found:
            pool(brand, key)
    # 'The Bay Courier' and 'Bay Courier' (as its address is spelled) are one name.
    for key in [k for k in found if k.startswith("the") and k[3:] in found]:
        pool(key, key[3:])
    # 'CBS' and 'CBS News' are one broadcaster, whichever name decide() settles on.
    for key in [k for k in found if k + "news" in found]:
        both = found[key] + found[key + "news"]
        found[key], found[key + "news"] = both, Counter(both)
    return found


def weigh(features: Counter[str], weights: dict[str, float]) -> float:
    """A candidate's score: its evidence weighed by the fitted weights."""
    return sum(weights.get(kind, 0.0) * amount for kind, amount in features.items())


def strongest(ballot: Ballot, key: str, features: Counter[str], weights: dict[str, float]) -> str:
    """Where the evidence that counted most for a candidate was found."""
    reasons = ballot.reasons.get(key, {})
    kinds = [k for k in reasons if k in features]
    best = max(kinds, key=lambda k: weights.get(k, 0.0) * features[k], default=None)
    return reasons[best] if best else "the name recurs in the text"


# 'CBS News', 'KXB-News': a name and the separate word 'News' (not 'Guinéenews')
_NEWSROOM = re.compile(r"\Wnews$", re.IGNORECASE)


def decide(ballot: Ballot, text: str, weights: Weights = WEIGHTS) -> tuple[str, str]:
    """The best-scored name; 'unknown' below the threshold."""
    if not ballot.votes:
        return "unknown", "nothing in the text names the publisher"
    folded = text.casefold()
    found = candidates(ballot, folded)
    scored = {key: weigh(features, weights.publisher) for key, features in found.items()}
    key = max(scored, key=lambda k: (scored[k], len(k)))
    # A broadcaster's newsroom goes by 'CBS News' where the page mostly says so; a name with
    # 'news' glued on ('Guinéenews') is one word, not the newsroom of another ('Guinée').
    base = key.removesuffix("news") if key.removesuffix("news") in scored else key
    if base + "news" in scored and _NEWSROOM.search(ballot.spelling(base + "news")):
        as_newsroom = occurrences(ballot.spelling(base + "news").casefold(), folded)
        alone = occurrences(ballot.spelling(base).casefold(), folded) - as_newsroom
        key = base + "news" if 3 * as_newsroom >= alone else base
    name = ballot.spelling(key)
    reason = strongest(ballot, key, found[key], weights.publisher)
    if name.isupper() and 2 <= len(name) <= 4:
        expanded = _expand_initials(name, text)
        # ... unless the page goes by its initials ('CNN' 14 times, 'Cable News Network' twice)
        spelled = occurrences(expanded.casefold(), folded) if expanded else 0
        if expanded and occurrences(name, text) < 5 * max(1, spelled):
            return expanded, f"{reason}; '{name}' spelled out in the text"
    if (len(key) < 3 and not name.isupper()) or scored[key] < weights.publisher_threshold:
        return "unknown", "nothing in the text clearly names the publisher"
    return name, reason
