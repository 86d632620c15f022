"""Propose the events an article reports: who did what, when, in whose words.

The main event is dated by the text itself, relative to the publication date
("on October 7" in a report of 8 October 2024 is 7 October 2024, "on Friday"
the Friday before), by anniversaries of reference events from chronicle.yaml,
and only failing those by the publication date — and `date_basis` says which.
When the year cannot be known the date has none (`XXXX-10-07`): ingest never
takes a year from the clock, so its output does not depend on the day it runs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from generator.dates import ChronoDate, parse_date
from generator.ingest.choose import language_evidence
from generator.ingest.datefind import (
    WEEKDAYS,
    find_dates,
    latest_before,
    weekday_before,
)
from generator.ingest.extract import WORD, Extracted
from generator.ingest.lines import occurrences, phrase_tree
from generator.ingest.people import People, find_people
from generator.ingest.vocabulary import SEASON_FIRST_MONTHS, VOCABULARY
from generator.model import Actor

QUOTE = re.compile(r"[“\"«„]([^”\"»“]{20,600})[”\"»“]")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘(])")
# A paragraph that says who speaks: 'said', 'sagte', 'according to'.
_SAYS = VOCABULARY.speech_verbs | VOCABULARY.attribution_words
SPEECH = re.compile(rf"\b(?:{phrase_tree('|'.join(_SAYS))})\b", re.IGNORECASE)
# '73rd anniversary of liberation', '73. Jahrestag der Befreiung', '73e anniversaire de la …'
ANNIVERSARY = re.compile(
    rf"\b(\d{{1,3}})(?:{phrase_tree('|'.join(VOCABULARY.ordinal_endings))})?\s*"
    rf"(?:{phrase_tree('|'.join(VOCABULARY.anniversary_words))})\s+"
    rf"(?:{phrase_tree('|'.join(VOCABULARY.of_words))})\s*(?P<what>[\w'’ -]{{3,60}})",
    re.IGNORECASE)
# 'this summer', 'last winter': resolved against the publication date. ('last year', 'this
# month' are left out: in a lead they are mostly background, 'sales fell from last year'.)
# In every language ('letzten Sommer', "l'été dernier"), each said as 'last summer'.
PERIOD = re.compile(rf"\b(?:{phrase_tree('|'.join(VOCABULARY.relative_seasons))})\b")


def in_language(tables: dict[str, dict[str, int]], language: str | None) -> dict[str, int]:
    """The page's language's words ('gestern' -> -1, 'domingo' -> Sunday), or English's where
    it is not known or has none: one language's word is another's ('hier' is yesterday in
    French and here in German, Domingo a name in English)."""
    return tables.get(language or "en") or tables.get("en", {})


# Every language's weekdays and relative days, in lower-cased text: the page's language is
# asked for (reading the whole text) only where the lead holds one.
_RELATIVE_WORDS = frozenset(word for table in VOCABULARY.relative_days_by_language.values()
                            for word in table)
DAY_WORD = re.compile(rf"\b({phrase_tree('|'.join([*WEEKDAYS, *_RELATIVE_WORDS]))})\b")


@dataclass
class ProposedQuote:
    text: str
    by: str  # actor id or ""
    line: int  # line of the source record's text (1 is the headline)


@dataclass
class ProposedEvent:
    title: str
    date: ChronoDate
    circa: bool
    date_basis: str
    actors: list[str]
    tags: list[str]
    summary: str
    quotes: list[ProposedQuote]
    status: str = "proposed"


def record_lines(article: Extracted) -> list[str]:
    """The source record's text: the headline, then one paragraph per line."""
    head = [article.title] if article.title else []
    return head + [article.lines[i] for i in article.body]


# --- actors --------------------------------------------------------------------------------

@lru_cache(maxsize=16)
def _names_pattern(names: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every actor's names (longest first), and whose each name is.
    One scan per text, however many actors the chronology has."""
    owners = {name: actor_id for actor_id, name in names}
    ordered = sorted(owners, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in ordered) or r"(?!)"), owners


def find_actors(text: str, actors: dict[str, Actor]) -> list[str]:
    """Known actors by any of their names (three letters or more), in order of first mention."""
    names = tuple((actor_id, name) for actor_id, actor in actors.items()
                  for name in dict.fromkeys((actor.name, *actor.aliases)) if len(name) >= 3)
    pattern, owners = _names_pattern(names)
    found: dict[str, int] = {}
    for match in pattern.finditer(text):
        start, end = match.span()
        if (start and (text[start - 1].isalnum() or text[start - 1] == "_")) or \
                (end < len(text) and (text[end].isalnum() or text[end] == "_")):
            continue
        found.setdefault(owners[match.group(0)], start)
    return sorted(found, key=found.__getitem__)


def event_actors(text: str, actors: dict[str, Actor], people: People) -> list[str]:
    """The chronology's actors the text names, then the people it names who are not actors
    yet (as the run's provisional keys), each once."""
    found = find_actors(text, actors)
    for mention in find_people(text):
        found.append(people.identify(mention.name))
    return list(dict.fromkeys(found))


# --- the event's date ------------------------------------------------------------------------

def event_date(lines: list[str], published: dt.date | None, anniversaries: dict[str, str],
               language: Callable[[], str | None] = lambda: None
               ) -> tuple[ChronoDate, bool, str]:
    """(date, circa, basis) of the main event; the date's year may be unknown. `language`
    gives the page's most likely language, whose weekdays and words for 'yesterday' and
    'today' are read (asked only where the lead holds one: finding it reads the whole text).

    In order: a year-less "on October 7" in the lead, resolved against the
    publication date; a full date in the lead at most a month before
    publication (older ones are background); "on Friday", "yesterday", "this
    summer"; an anniversary of a reference event; the publication date itself.
    """
    lead = "\n".join(lines[:4])
    mentions = find_dates(lines[:4])
    for mention in mentions:
        if mention.has_year:
            continue
        where = f"'{mention.text.rstrip('.')}' (line {mention.line + 1})"
        month_day = (mention.date.month, mention.date.day)
        if published:
            date = latest_before(published, *month_day)
            if date:
                return (ChronoDate(date.year, date.month, date.day), False,
                        f"{where}, the latest such day not after publication on "
                        f"{published.isoformat()}")
        anniversary = _anniversary_year(lead, anniversaries)
        if anniversary:
            return (ChronoDate(anniversary[0].year, *month_day), False,
                    f"{where}; the year from {anniversary[1]}")
        return (ChronoDate(None, *month_day), False,
                f"{where}, but no year in the text and no publication date: the year is "
                "unknown")
    for mention in mentions:
        date = mention.date
        recent = published is None or dt.timedelta(0) <= published - date <= dt.timedelta(31)
        if mention.has_year and not mention.ambiguous and recent:
            return (ChronoDate(date.year, date.month, date.day), False,
                    f"stated in the text: '{mention.text}' (line {mention.line + 1})")
    if published:
        said = DAY_WORD.findall(lead.lower())  # in the text's order: the first one counts
        spoken = language() if said else None
        weekdays = in_language(VOCABULARY.weekdays_by_language, spoken)
        for word in said:
            if word in weekdays:
                date = weekday_before(published, weekdays[word])
                return (ChronoDate(date.year, date.month, date.day), False,
                        f"'{word.title()}' in the text: the {word.title()} on or before "
                        f"publication on {published.isoformat()}")
        relative = in_language(VOCABULARY.relative_days_by_language, spoken)
        for word in said:
            if word in relative:
                date = published + dt.timedelta(days=relative[word])
                return (ChronoDate(date.year, date.month, date.day), False,
                        f"'{word}' in the text, relative to publication on "
                        f"{published.isoformat()}")
        if period := PERIOD.search(lead.lower()):
            which, season = VOCABULARY.relative_seasons[period.group(0)].split()
            date, name, circa = relative_period(which, season, published)
            return (date, circa, f"'{period.group(0)}' in the text: {name}, relative to "
                    f"publication on {published.isoformat()}")
    anniversary = _anniversary_year(lead, anniversaries)
    if anniversary:
        return anniversary[0], False, f"the date from {anniversary[1]}"
    if published:
        return (ChronoDate(published.year, published.month, published.day), True,
                f"no date of the event in the text; published {published.isoformat()}, "
                "so it happened then or shortly before")
    return ChronoDate(None), False, "no date in the text and no publication date: unknown"


def relative_period(which: str, season: str, published: dt.date) -> tuple[ChronoDate, str, bool]:
    """'this'/'last'/'next' season, seen from the publication date: the date at the precision
    it is known (a season is known to its year; a winter straddles two, so it is circa), how
    to say it, and whether it is circa. Seasons are the northern ones."""
    now = published.year * 12 + published.month - 1  # months since year 0
    start = published.year * 12 + SEASON_FIRST_MONTHS[season] - 1  # its first month this year
    if start - now > 9:
        start -= 12  # January or February: this winter began last December
    if which == "last":
        start -= 0 if now > start + 2 else 12  # the last one that has ended
    elif which == "next":
        start += 12 if now >= start else 0  # the next one to begin
    year = start // 12
    if start % 12 + 2 < 12:
        return ChronoDate(year), f"{season} {year}", False
    return ChronoDate(year), f"{season} {year}–{(year + 1) % 100:02d}", True


def _anniversary_year(text: str, anniversaries: dict[str, str]) -> tuple[ChronoDate, str] | None:
    """'the 73rd anniversary of liberation' with 'liberation: 1945-08-15' -> 15 August 2018."""
    for match in ANNIVERSARY.finditer(text):
        what = match.group("what").casefold()
        for name, date in sorted(anniversaries.items(), key=lambda kv: -len(kv[0])):
            if what.startswith(name.casefold()) or name.casefold() in what.split(" of ")[0]:
                reference = parse_date(str(date))
                year = reference.year + int(match.group(1))
                return (ChronoDate(year, reference.month, reference.day),
                        f"'{match.group(0).strip()}' ({name}: {date})")
    return None


# --- quotes, summary, tags ----------------------------------------------------------------

def find_quotes(lines: list[str], actors: dict[str, Actor], event_actors: list[str],
                limit: int = 5) -> list[ProposedQuote]:
    quotes = []
    for number, paragraph in enumerate(lines[1:], start=2):
        for match in QUOTE.finditer(paragraph):
            text = match.group(1).strip().rstrip(",")
            if len(WORD.findall(text)) < 6:
                continue
            speakers = find_actors(paragraph, {a: actors[a] for a in event_actors})
            by = speakers[0] if speakers and SPEECH.search(paragraph) else ""
            quotes.append(ProposedQuote(text, by, number))
            if len(quotes) == limit:
                return quotes
    return quotes


def summarise(lines: list[str], max_chars: int = 320) -> str:
    """The lead's first one or two sentences, as written."""
    lead = next((line for line in lines[1:] if len(WORD.findall(line)) >= 8), "")
    sentences = SENTENCE.split(lead)
    summary = sentences[0] if sentences else ""
    if len(sentences) > 1 and len(summary) + len(sentences[1]) < max_chars:
        summary += " " + sentences[1]
    return summary[:max_chars].rsplit(" ", 1)[0] + "…" if len(summary) > max_chars else summary


TAG_LIMIT = 3
MIN_COMMON_USES = 2  # a headline word the text uses at least this often in lower case


def find_tags(title: str, lines: list[str], known: Iterable[str] = (),
              names: Iterable[str] = ()) -> list[str]:
    """What the article is about: the chronology's own tags and keywords it uses, else
    headline words the text keeps using as common words ('birthday'), never a name or a
    part of one ('jong', 'putin'), a proper adjective ('russian') or a stop word. None
    rather than noise."""
    body = "\n".join(lines[1:])
    known = list(dict.fromkeys(known))
    if known:
        folded = f" {' '.join(WORD.findall(body.casefold()))} "
        tags = [tag for tag in known if f" {' '.join(WORD.findall(tag.casefold()))} " in folded]
        if tags:
            return tags[:TAG_LIMIT]
    named = {w for name in names for w in WORD.findall(name.casefold())}
    candidates = [w for w in dict.fromkeys(WORD.findall(title.casefold())) if len(w) > 3
                  and not w.isdigit() and w not in VOCABULARY.stop_words and w not in named]
    # uses in lower case, as written: 'birthday' is a common word, 'Russian' is not
    lower_uses = {w: occurrences(w, body) for w in candidates}
    words = [w for w in candidates if lower_uses[w] >= MIN_COMMON_USES]
    return sorted(words, key=lambda w: -lower_uses[w])[:TAG_LIMIT]


def propose_event(article: Extracted, actors: dict[str, Actor], people: People,
                  anniversaries: dict[str, str], known_tags: Iterable[str] = ()) -> ProposedEvent:
    """The event an article reports; `known_tags` are the chronology's tags and keywords."""
    lines = record_lines(article)
    text = "\n".join(lines)
    who = event_actors(text, actors, people)
    speakers = {**actors, **people.as_actors(who)}
    date, circa, basis = event_date(lines, article.published, anniversaries,
                                    lambda: language_evidence(article)[0])
    return ProposedEvent(
        title=article.title or (lines[1][:100] if len(lines) > 1 else "Untitled"),
        date=date, circa=circa, date_basis=basis, actors=who,
        tags=find_tags(article.title, lines, known_tags,
                       [n for a in who for n in (speakers[a].name, *speakers[a].aliases)]),
        summary=summarise(lines),
        quotes=find_quotes(lines, speakers, who),
        status="proposed" if article.title else "draft",
    )


def _words(words: frozenset[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


PAST_ACT = re.compile(rf"\b({_words(VOCABULARY.past_acts)})\b", re.IGNORECASE)
MAX_MENTIONED = 3
TITLE_CHARS = 160  # a mentioned event's title longer than this ends at a phrase boundary
CLAUSE_START = re.compile(rf"(?:^|[,;:(]|\b(?:{_words(VOCABULARY.clause_openers)})\b)\s*",
                          re.IGNORECASE)
CLAUSE_END = re.compile(rf"[,;:.!?)]|\s(?:{_words(VOCABULARY.clause_closers)})\s")
PHRASE_BOUNDARY = re.compile(rf"\s(?:{_words(VOCABULARY.prepositions)})\s")
PRONOUN_SUBJECT = re.compile(rf"^(?:{_words(VOCABULARY.pronoun_subjects)})"
                             rf"(?:\s+(?:{_words(VOCABULARY.subject_adverbs)}))*\s+",
                             re.IGNORECASE)


def clause_title(sentence: str, verb: re.Match[str], names: list[str]) -> str:
    """The clause that tells of the act ('we together declared … on last June 19'), with a
    pronoun subject replaced by the people it stands for, ending where the clause ends:
    a title that reads on its own, never a sentence cut at a word count."""
    starts = [m.end() for m in CLAUSE_START.finditer(sentence, 0, verb.start())]
    start = max((s for s in starts if s <= verb.start()), default=0)
    end_match = CLAUSE_END.search(sentence, verb.end())
    clause = sentence[start:end_match.start() if end_match else len(sentence)].strip()
    subject = PRONOUN_SUBJECT.match(clause)
    if subject and names:
        clause = " and ".join(names) + " " + clause[subject.end():]
    if len(clause) > TITLE_CHARS:
        cuts = [m.start() for m in PHRASE_BOUNDARY.finditer(clause, 0, TITLE_CHARS)]
        clause = clause[:max(cuts)] if cuts else clause
    return clause[:1].upper() + clause[1:]


def mentioned_events(article: Extracted, actors: dict[str, Actor], people: People,
                     main: ProposedEvent) -> list[ProposedEvent]:
    """Earlier events the report tells of with a date ('the treaty signed in Pyongyang on
    June 19'): drafts for a reviewer, each with the sentence and line it comes from."""
    published = article.published
    if published is None:
        return []
    lines = record_lines(article)
    record_line = {raw: number for number, raw in enumerate(article.body, start=2)}
    proposed: list[ProposedEvent] = []
    for mention in article.dates:  # found once for the whole capture
        number = record_line.get(mention.line)  # line in the source record (1: the headline)
        if number is None or mention.ambiguous:
            continue
        if mention.has_year:
            day = mention.date
        else:
            resolved = latest_before(published, mention.date.month, mention.date.day)
            if resolved is None:
                continue
            day = resolved
        date = ChronoDate(day.year, day.month, day.day)
        if day >= published or date == main.date or any(p.date == date for p in proposed):
            continue
        sentence = next((s for s in SENTENCE.split(lines[number - 1])
                         if mention.text.rstrip(".") in s), "")
        verb = PAST_ACT.search(sentence)
        if not verb:
            continue
        # 'we declared': the report's people
        who = event_actors(sentence, actors, people) or main.actors
        year = "" if mention.has_year else f", the latest such day before publication on " \
            f"{published.isoformat()}"
        proposed.append(ProposedEvent(
            title=clause_title(sentence, verb, [actors[a].name if a in actors else
                                                people.found[a].name if a in people.found
                                                else a for a in who]),
            date=date, circa=False,
            date_basis=f"mentioned in a later report: '{mention.text.rstrip('.')}' "
                       f"(line {number}){year}",
            actors=who, tags=[], summary=sentence, quotes=[], status="draft"))
        if len(proposed) == MAX_MENTIONED:
            break
    return proposed
