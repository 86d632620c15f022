"""Words ingest needs in each language, read once from vocabulary/<language>.json.

Person titles, speech verbs, words that are never part of a person's name, name
particles and stop words are data, not code: adding a language is adding a file.
Captures do not say their language reliably, so the lists of every language are used
together; each list is short and their words rarely collide.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).with_name("vocabulary")
KEYS = ("person_titles", "speech_verbs", "not_in_names", "name_particles", "stop_words",
        "demonym_endings", "publisher_self_before", "publisher_self_prose", "publisher_self_after",
        "furniture_phrases", "menu_words", "by_words", "reporter_roles", "published_words",
        "updated_words", "past_acts", "clause_openers", "clause_closers", "prepositions",
        "pronoun_subjects", "subject_adverbs", "rights_notices", "source_labels", "legal_forms",
        "company_words", "owner_words", "owner_phrases", "news_agencies", "caption_labels",
        "caption_phrases", "caption_positions", "photo_agencies", "interface_words",
        "attribution_words", "section_words", "credentials", "object_pronouns", "edition_words",
        "name_tails", "not_publishers", "address_tails", "month_homographs", "ago_words",
        "ago_before", "time_units", "role_modifiers", "link_prepositions", "syndication_phrases",
        "definite_articles", "site_credits", "anniversary_words", "ordinal_endings", "of_words")


@dataclass(frozen=True)
class Vocabulary:
    person_titles: frozenset[str]  # case as written: 'leader' and 'Leader' both listed
    speech_verbs: frozenset[str]
    not_in_names: frozenset[str]  # capitalised words that end or split a name
    name_particles: frozenset[str]  # 'van', 'der', 'al': lower-case words inside a name
    stop_words: frozenset[str]  # lower case
    demonym_endings: frozenset[str]  # 'Syrian', 'Chinese': a nationality before a title
    publisher_self_before: frozenset[str]  # 'follow', 'suivez': the site naming itself after
    publisher_self_prose: frozenset[str]  # of those, the ones prose uses too ('about X')
    publisher_self_after: frozenset[str]  # 'homepage', 'Startseite': after the site's name
    furniture_phrases: frozenset[str]  # a page's furniture: 'read more', 'lire aussi'
    menu_words: frozenset[str]  # furniture on a short line only: 'Comments', 'Trending'
    by_words: frozenset[str]  # 'by', 'von', 'par': what opens a byline
    reporter_roles: frozenset[str]  # 'writer', 'correspondent'
    published_words: frozenset[str]  # the label of a publication date: 'published', '公開'
    updated_words: frozenset[str]  # the label of an update: 'updated', 'aktualisiert'
    past_acts: frozenset[str]  # 'signed', 'declared': a sentence telling of an earlier event
    clause_openers: frozenset[str]  # 'when', 'that': a clause starts after them
    clause_closers: frozenset[str]  # 'which', 'but': a clause ends before them
    prepositions: frozenset[str]  # where a long clause may be cut: before a phrase
    pronoun_subjects: frozenset[str]  # 'we', 'the two leaders': stand for the people named
    subject_adverbs: frozenset[str]  # 'together', 'jointly': after such a subject
    rights_notices: frozenset[str]  # 'all rights reserved', '무단 전재': after a rights holder
    source_labels: frozenset[str]  # 'source', 'quelle': 'Source: X' credits an outlet
    legal_forms: frozenset[str]  # 'gmbh', 's.a' (dots optional): a company's legal form
    company_words: frozenset[str]  # 'media', 'holdings': a company's name, not an outlet's
    owner_words: frozenset[str]  # 'part', 'subsidiary': 'X is part of Y' names an owner
    owner_phrases: frozenset[str]  # 'a member of', 'ist Teil der': the brand's owner follows
    news_agencies: frozenset[str]  # lower case: a wire's credit, not the page's outlet
    caption_labels: frozenset[str]  # 'photo', 'bild': 'Photo: …' is a picture's caption
    caption_phrases: frozenset[str]  # 'in this file photo', 'photo shows': in a caption
    caption_positions: frozenset[str]  # 'left', 'links': '(left)' places a person in a photo
    photo_agencies: frozenset[str]  # 'getty images': a picture's credit ('… / Getty')
    interface_words: frozenset[str]  # 'cookies', 'subscribe': the page speaking of itself
    attribution_words: frozenset[str]  # 'according to', 'selon': a quote's source is named
    section_words: frozenset[str]  # 'latest', 'sports': a name made only of these is a section
    credentials: frozenset[str]  # 'phd', 'rd': degrees after a reporter's name, lower case
    object_pronouns: frozenset[str]  # 'me', 'us': 'About Me' is a link, not a name
    edition_words: frozenset[str]  # 'Africa', 'English', 'Español': an edition's last word
    name_tails: frozenset[str]  # 'staff', 'homepage', 'e-edition': not part of the outlet's name
    not_publishers: frozenset[str]  # 'privacy', 'die': never an outlet's name on its own
    address_tails: frozenset[str]  # 'news', 'online': what a site adds to its brand's address
    month_homographs: frozenset[str]  # 'may', 'sie': a month's name that is also a word
    ago_words: frozenset[str]  # 'ago', 'geleden': '2 hours ago', a teaser's time
    ago_before: frozenset[str]  # 'vor', 'il y a': the same said before the number
    time_units: frozenset[str]  # 'h', 'hours': the units such a time counts in
    role_modifiers: frozenset[str]  # 'senior', 'staff': before a reporter's role
    link_prepositions: frozenset[str]  # 'on': 'Follow Us On Twitter' is a link, not a name
    syndication_phrases: frozenset[str]  # 'originally appeared on': another outlet's name follows
    definite_articles: frozenset[str]  # 'the': may stand before a name
    site_credits: frozenset[str]  # 'powered by', 'propulsé par': the site's makers follow
    anniversary_words: frozenset[str]  # 'anniversary', 'Jahrestag': '73rd anniversary of X'
    ordinal_endings: frozenset[str]  # 'th', '.', 'e', 'º': after an ordinal's digits
    of_words: frozenset[str]  # 'of the', 'der', 'de la': between the anniversary and its event
    months: dict[str, int]  # month names and abbreviations of every language -> 1..12
    weekdays: dict[str, int]  # weekday names -> 0 (Monday) .. 6
    stop_words_by_language: dict[str, frozenset[str]]  # language (file name) -> lower case
    # 'yesterday' -> -1, 'gestern' -> -1: days from publication, by language, since the words
    # of one language are others' ('hier' is yesterday in French, here in German)
    relative_days_by_language: dict[str, dict[str, int]]
    weekdays_by_language: dict[str, dict[str, int]]  # 'domingo' is Sunday only in Spanish
    # 'letzten Sommer' -> 'last summer': a season relative to publication, in every language
    relative_seasons: dict[str, str]


# What a relative season says, whatever the language: 'last summer' (relative_seasons' values)
SEASON_FIRST_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
SEASON_SIDES = ("this", "last", "next")


class VocabularyError(ValueError):
    """A language file whose words cannot be used: names the file and what to write."""


def _weekday_forms(names: list[Any]) -> list[list[str]]:
    """A file's weekdays as lists of seven: one list, or several forms ('på måndag', 'i
    måndags')."""
    return names if names and isinstance(names[0], list) else [names] if names else []


def _checked(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The language file's data, or VocabularyError where a table has the wrong shape."""
    for seven in _weekday_forms(data.get("weekdays") or []):
        if len(seven) != 7:
            raise VocabularyError(f"{path}: 'weekdays' needs seven names, Monday first "
                                  f"(or lists of seven); {len(seven)} given")
    for phrase, said in data.get("relative_seasons", {}).items():
        side, _, season = str(said).partition(" ")
        if side not in SEASON_SIDES or season not in SEASON_FIRST_MONTHS:
            raise VocabularyError(f"{path}: 'relative_seasons' gives {phrase!r} as {said!r}: "
                                  "write it as 'this', 'last' or 'next' and a season "
                                  f"({', '.join(SEASON_FIRST_MONTHS)})")
    for word, days in data.get("relative_days", {}).items():
        if not isinstance(days, int) or isinstance(days, bool):
            raise VocabularyError(f"{path}: 'relative_days' gives {word!r} as {days!r}: write "
                                  "the days from publication as a whole number (-1: yesterday)")
    for key in KEYS:  # a string would be read letter by letter: 'a member of' as 'a', ' ', …
        words = data.get(key, [])
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise VocabularyError(f"{path}: '{key}' must be a list of words or phrases in "
                                  f'quotes, ["…", "…"]; {words!r} given')
    return data


def load_vocabulary(folder: Path = FOLDER) -> Vocabulary:
    merged: dict[str, set[str]] = {key: set() for key in KEYS}
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    by_language: dict[str, frozenset[str]] = {}
    relative_days: dict[str, dict[str, int]] = {}
    by_weekday: dict[str, dict[str, int]] = {}
    seasons: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        data = _checked(path, json.loads(path.read_text(encoding="utf-8")))
        if data.get("stop_words"):
            by_language[path.stem] = frozenset(w.casefold() for w in data["stop_words"])
        for key in KEYS:
            merged[key].update(data.get(key, []))
        for names in data.get("months", []):  # twelve names in order, January first
            months.update((name, number) for number, name in enumerate(names, start=1))
        months.update(data.get("month_spellings", {}))  # other spellings: name -> month
        if forms := _weekday_forms(data.get("weekdays") or []):  # Monday first
            by_weekday[path.stem] = {name: number for seven in forms
                                     for number, name in enumerate(seven)}
            weekdays.update(by_weekday[path.stem])
        seasons.update((phrase.lower(), said) for phrase, said in
                       data.get("relative_seasons", {}).items())
        if data.get("relative_days"):
            relative_days[path.stem] = dict(data["relative_days"])
    merged["stop_words"] = {word.casefold() for word in merged["stop_words"]}
    return Vocabulary(**{key: frozenset(words) for key, words in merged.items()},
                      months=months, weekdays=weekdays, stop_words_by_language=by_language,
                      relative_days_by_language=relative_days, relative_seasons=seasons,
                      weekdays_by_language=by_weekday)


VOCABULARY = load_vocabulary()
