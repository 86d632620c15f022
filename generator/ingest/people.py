"""People an article names, recognised without any actor entry, one person per spelling.

A new chronology has no actors yet, and an event needs them to be published and merged.
A run of capitalised words is a person's name when the text treats it as one: a title
stands before it ("Respected Comrade Kim Jong Un", "Kremlin spokesman Dmitry Peskov"), a
title follows it ("Vladimir Putin, President of …") or a speech verb does ("Peskov said").
Hyphens and particles belong to the name ("Kim Jong-un", "Ursula von der Leyen",
"Bashar al-Assad"). Spellings are one person when they squash to the same letters
("Kim Jong-un", "Kim Jong Un") or when one drops the other's middle names ("Vladimir
Vladimirovich Putin", "Vladimir Putin"). The words come from ingest's vocabulary files.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.ingest.lines import phrase_tree
from generator.ingest.vocabulary import VOCABULARY
from generator.model import Actor
from generator.urls import id_slug

# A word of a name: a capital, letters, and hyphenated parts of any case ('Jong-un').
NAME_WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*")
MAX_WORDS = 4  # of a name, particles not counted
RUN_REACH = 120  # characters before an apposition or a speech verb where its name may start
_SQUASH = re.compile(r"[\W_]+")


@lru_cache(maxsize=1)
def _title_before() -> re.Pattern[str]:
    """A title with the space after it, where a name may follow, found by the character
    before it (a space, '(' or a quote) and read ahead: the engine skips to those at C
    speed, where a look behind is tried at every character, twice as slow. (Titles as a
    prefix tree: one branch per letter.)"""
    return re.compile(r"[\s(\"“](?=(" + phrase_tree("|".join(VOCABULARY.person_titles))
                      + r"\s+))")


def _titles(text: str) -> Iterator[tuple[int, int]]:
    """Where each title and the space after it are, left to right, none inside another
    ('Prime Minister', not also 'Minister'); one at the text's start too."""
    end = 0
    for found in _title_before().finditer(" " + text):
        start = found.start(1) - 1
        if start >= end:
            end = found.end(1) - 1
            yield start, end


@lru_cache(maxsize=1)
def _title_after() -> re.Pattern[str]:
    """A title in apposition after a name, or a speech verb."""
    return re.compile(r"(?:,\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,3}?"
                      + phrase_tree("|".join(VOCABULARY.person_titles)) + r"\b|\s+"
                      + phrase_tree("|".join(VOCABULARY.speech_verbs)) + r"\b)")


@dataclass(frozen=True)
class Mention:
    name: str
    start: int  # offset in the text


def _is_name_word(token: str) -> bool:
    """Capitalised ('Putin', 'Jong-un'), or a particle joined to a capitalised part
    ('al-Assad'); never a word that only ends or splits names."""
    if token in VOCABULARY.not_in_names or token in VOCABULARY.person_titles:
        return False
    return token[0].isupper() or any(part[:1].isupper() for part in token.split("-")[1:])


_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’.-]*)\s+$")


def _inside_a_proper_noun(text: str, start: int) -> bool:
    """A title joined to a capitalised word before it is part of a name of its own
    ('Ungok Area General Stock Farm'), not a person's title ('Russian President')."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if not before:
        return False
    word = before.group(1)
    return _is_name_word(word) and word.casefold() not in VOCABULARY.stop_words \
        and not word.endswith(tuple(VOCABULARY.demonym_endings))


@lru_cache(maxsize=1)
def _name_runs() -> re.Pattern[str]:
    """Two or more words that may belong to a name (not starting with a lower-case ASCII
    letter, or a particle) joined by single spaces. Most of a text is neither: the regex
    skips it at C speed, and Python looks only at the runs."""
    particles = "|".join(sorted(map(re.escape, VOCABULARY.name_particles), key=len,
                                reverse=True))
    word = rf"(?:(?![a-z]){NAME_WORD.pattern}|(?:{particles})(?:-[^\W\d_][\w'’]*)*)"
    return re.compile(rf"(?<![\w'’-]){word}(?: {word})+(?![\w'’-])")


@lru_cache(maxsize=1)
def _run_ending() -> re.Pattern[str]:
    """A run of words that may belong to a name, ending where the search ends."""
    return re.compile(_name_runs().pattern + "$")


def _split(text: str, start: int, end: int) -> list[list[re.Match[str]]]:
    """The runs of name words in text[start:end]: a word that is never part of a name (a
    title, 'North', 'Ministry') ends one."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for word in NAME_WORD.finditer(text, start, end):
        token = word.group(0)
        if _is_name_word(token) or (current and token.casefold() in VOCABULARY.name_particles):
            current.append(word)
        else:
            runs.append(current)
            current = []
    runs.append(current)
    return [run for run in runs if run]


def _trim(run: list[re.Match[str]]) -> list[re.Match[str]]:
    """No particle at either end, no sentence's first word ('The', 'Un') opening it."""
    while run and (not _is_name_word(run[0].group(0))
                   or run[0].group(0).casefold() in VOCABULARY.stop_words):
        run = run[1:]
    while run and not _is_name_word(run[-1].group(0)):
        run = run[:-1]
    return run


POSSESSIVE = re.compile(r"['’]s?$")  # 'Joe Biden’s' is Joe Biden


def _mention(text: str, run: list[re.Match[str]]) -> Mention | None:
    """A name from a run of name words: two to four of them, the last no lone initial."""
    run = _trim(run)
    if not 2 <= sum(_is_name_word(w.group(0)) for w in run) <= MAX_WORDS:
        return None
    name = POSSESSIVE.sub("", text[run[0].start():run[-1].end()])
    if len(name.rsplit(" ", 1)[-1]) < 2:
        return None  # 'Gerald E' (of 'Gerald E. Ford'): cut at the initial's dot
    return Mention(name, run[0].start())


def find_people(text: str) -> list[Mention]:
    """Names the text treats as people's, in order of first mention. Found from the
    evidence (titles, speech verbs), which is rarer than capitalised words: the name
    right after a title, or right before an apposition or a speech verb."""
    found: dict[int, Mention] = {}
    for title_start, title_end in _titles(text):
        run = _name_runs().match(text, title_end)
        first = _split(text, run.start(), run.end())[:1] if run else []
        if first and first[0][0].start() == title_end \
                and not _inside_a_proper_noun(text, title_start) \
                and (mention := _mention(text, first[0])):
            found.setdefault(mention.start, mention)
    for after in _title_after().finditer(text):
        run = _run_ending().search(text, max(0, after.start() - RUN_REACH), after.start())
        last = _split(text, run.start(), run.end())[-1:] if run else []
        if last and last[0][-1].end() == after.start() and (mention := _mention(text, last[0])):
            found.setdefault(mention.start, mention)
    return [found[start] for start in sorted(found)]


def squash(name: str) -> str:
    return _SQUASH.sub("", name.casefold())


def _words(name: str) -> list[str]:
    return [squash(w) for w in name.split() if _is_name_word(w)]


def same_person(a: str, b: str) -> bool:
    """'Kim Jong-un' is 'Kim Jong Un'; 'Vladimir Putin' is 'Vladimir Vladimirovich Putin'."""
    if squash(a) == squash(b):
        return True
    short, long = sorted((_words(a), _words(b)), key=len)
    if len(short) < 2 or short[0] != long[0] or short[-1] != long[-1]:
        return False
    rest = iter(long)
    return all(word in rest for word in short)  # in order, gaps allowed


@dataclass
class Person:
    """A person found in this run's articles, not (yet) an actor of the chronology."""

    key: str  # provisional, until every spelling has been seen
    spellings: Counter[str] = field(default_factory=Counter)

    @property
    def name(self) -> str:
        """The spelling used most; of equals, the fullest."""
        return max(self.spellings, key=lambda s: (self.spellings[s], len(s.split()), s))


def _index_keys(name: str) -> list[str]:
    """Where a spelling is filed: by its squashed letters and by its first and last word,
    the keys any spelling of the same person shares with it (see same_person)."""
    words = _words(name)
    return [squash(name), f"{words[0]} {words[-1]}"] if words else [squash(name)]


@dataclass
class People:
    """Every person of a run, by provisional key; `known` are the chronology's actors'
    names (actor id -> names), which a person matches before a new one is made. Spellings
    are indexed, so a run of thousands of articles stays linear."""

    known: dict[str, list[str]]
    found: dict[str, Person] = field(default_factory=dict)
    index: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # -> (owner, name)

    def __post_init__(self) -> None:
        for actor_id, names in self.known.items():
            for name in names:
                self._file(actor_id, name)

    def _file(self, owner: str, name: str) -> None:
        for key in _index_keys(name):
            self.index.setdefault(key, []).append((owner, name))

    def identify(self, name: str) -> str:
        """The actor id of a known actor with this name, or a proposed person's key."""
        filed = [entry for key in _index_keys(name) for entry in self.index.get(key, [])]
        owners = [owner for owner, spelling in filed if same_person(name, spelling)]
        owner = next((o for o in owners if o in self.known), owners[0] if owners else None)
        if owner is None:
            owner = f"?{len(self.found)}"
            self.found[owner] = Person(owner)
        if owner in self.found:
            if name not in self.found[owner].spellings:
                self._file(owner, name)
            self.found[owner].spellings[name] += 1
        return owner

    def as_actors(self, keys: list[str] | None = None) -> dict[str, Actor]:
        """The people found so far (or those of `keys`) as proposed actors. (An article's
        keys are looked up, not the run's people scanned: that grew with every article.)"""
        chosen = self.found if keys is None else \
            {key: self.found[key] for key in dict.fromkeys(keys) if key in self.found}
        return {key: Actor(key, person.name, sorted(set(person.spellings) - {person.name}),
                           "person", "", "", Path(), status="proposed")
                for key, person in chosen.items()}

    def final_ids(self, taken: set[str]) -> dict[str, str]:
        """Provisional key -> the id each person's entry gets, from its chosen name."""
        ids: dict[str, str] = {}
        for key, person in self.found.items():
            base = id_slug(person.name) or "person"
            candidate, n = base, 2
            while candidate in taken:
                candidate, n = f"{base}-{n}", n + 1
            taken.add(candidate)
            ids[key] = candidate
        return ids
