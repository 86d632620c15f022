"""The content model: events, sources and actors read from `content/`.

Loading reads every file, checks each field and every cross-reference, and
collects all problems before failing, so one run shows every mistake with its
file and line. The result is plain dataclasses; nothing here knows about URLs
or HTML.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config import Config
from generator.dates import ChronoDate, DateFormatError, parse_date
from generator.errors import Collector, excerpt
from generator.frontmatter import Document, DocumentCache, FrontMatterError, line_of
from generator.markup import find_citations, find_refused_links
from generator.paths import inside, is_id
from generator.slotted import PickledByFields
from generator.urls import web_address_problem

# 'proposed': written by ingest and on the site, marked as not yet reviewed; a reviewer who
# has checked it deletes the line (or writes 'published'). 'draft': not on the site.
STATUSES = ("published", "proposed", "draft")
ACTOR_STATUSES = ("published", "proposed")
ACTOR_KINDS = ("person", "state", "organisation", "group", "other")


@dataclass
class Actor:
    id: str
    name: str
    aliases: list[str]
    kind: str
    country: str
    description: str  # Markdown
    path: Path
    digest: str = ""
    status: str = "published"  # or 'proposed' by ingest, not yet reviewed


@dataclass
class Source:
    id: str
    title: str
    publisher: str
    published: ChronoDate | None
    url: str
    accessed: ChronoDate | None
    archive_url: str
    author: str
    original: str
    sha256: str
    text: str  # the cleaned article text, its lines joined by newlines
    line_count: int  # 0 for no text (an empty line is a line)
    path: Path
    body_line: int  # file line of text line 1, for pointing at the file
    digest: str = ""

    @property
    def lines(self) -> list[str]:
        """Line n is lines[n - 1]. Kept as one string and split where a page shows them: at
        10,000 events the lines are 240,000 strings, 34 MB of a planned site."""
        return self.text.split("\n") if self.line_count else []


@dataclass(slots=True)
class Quote(PickledByFields):
    text: str
    by: str
    source: str
    line: int | None
    file_line: int


@dataclass
class Event:
    id: str
    title: str
    date: ChronoDate
    date_end: ChronoDate | None
    circa: bool
    date_basis: str
    actors: list[str]
    tags: list[str]
    summary: str
    status: str
    aliases: list[str]
    sources: list[str]  # declared, then cited or quoted ones, without repeats
    quotes: list[Quote]
    body: str  # Markdown
    body_line: int
    path: Path
    key_lines: dict[str, int] = field(default_factory=dict, repr=False)
    digest: str = ""
    merged_because: str = ""  # why ingest took several reports for this one event
    disputed: list[str] = field(default_factory=list)  # facts the sources disagree on

    def line_of(self, key: str, index: int | None = None) -> int:
        return line_of(self.key_lines, key, index)

    @property
    def published(self) -> bool:
        return self.status != "draft"

    @property
    def proposed(self) -> bool:
        return self.status == "proposed"

    def sort_key(self) -> tuple[tuple[int, int, int], str]:
        return (self.date.sort_key(), self.id)


@dataclass
class Content:
    config: Config
    root: Path
    events: list[Event]  # in chronological order, drafts included
    sources: dict[str, Source]
    actors: dict[str, Actor]
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # only when loaded with keep_going

    def items(self) -> list[Event | Source | Actor]:
        """Every object read, each from its own file."""
        return [*self.events, *self.sources.values(), *self.actors.values()]


# --- field readers -----------------------------------------------------------

_MISSING = object()


class FieldReader:
    """Reads typed fields from one document, reporting problems at their line."""

    def __init__(self, doc: Document, problems: Collector, known: Iterable[str]) -> None:
        self.doc = doc
        self.problems = problems
        known = list(known)
        for key, _ in doc.meta.items():
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = (f"did you mean '{close[0]}'?" if close
                        else f"known fields: {', '.join(known)}")
                problems.error(doc.path, doc.line_of(str(key)), f"unknown field '{key}'; {hint}",
                               kind="unknown-field")

    def error(self, key: str, message: str, index: int | None = None, kind: str = "field") -> None:
        self.problems.error(self.doc.path, self.doc.line_of(key, index), message, kind=kind)

    def raw(self, key: str, required: bool = False) -> Any:
        value = self.doc.meta.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.problems.error(self.doc.path, 1, f"missing '{key}': add a line '{key}: …' "
                                    "to the front matter", kind="missing-field")
            return _MISSING
        return value

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        value = self.raw(key, required)
        if value is _MISSING:
            return default
        if isinstance(value, (dict, list)):
            self.error(key, f"'{key}' must be text, not a {type(value).__name__}")
            return default
        if isinstance(value, bool) or (required and not isinstance(value, str)):
            # 'title: 1984' is read as a number, 'title: yes' as true: say how to write text
            self.error(key, f"'{key}' must be text, got {excerpt(value)}: put it in quotes "
                       f"({key}: \"{value}\")", kind="not-text")
            return str(value)
        text = str(value).strip()
        if required and not text:
            self.error(key, f"'{key}' is empty")
        return text

    def web_address(self, key: str) -> str:
        """An http(s) address, or "" (with an error) for anything a browser could run."""
        value = self.text(key)
        problem = web_address_problem(value) if value else None
        if problem:
            self.error(key, f"bad '{key}': {problem}", kind="bad-url")
            return ""
        return value

    def flag(self, key: str) -> bool:
        value = self.raw(key)
        if value is _MISSING:
            return False
        if not isinstance(value, bool):
            self.error(key, f"'{key}' must be true or false, got {excerpt(value)}")
            return False
        return value

    def date(self, key: str, required: bool = False,
             year_unknown_ok: bool = False) -> ChronoDate | None:
        """A date; only an event's own date may leave its year unknown (XXXX-10-07)."""
        value = self.raw(key, required)
        if value is _MISSING:
            return None
        try:
            date = parse_date(value)
        except DateFormatError as exc:
            self.error(key, f"bad '{key}': {exc}", kind="bad-date")
            return None
        if not date.year_known and not year_unknown_ok:
            self.error(key, f"'{key}' needs a year: write it, or leave the field out",
                       kind="bad-date")
            return None
        return date

    def text_list(self, key: str) -> list[str]:
        value = self.raw(key)
        if value is _MISSING:
            return []
        if isinstance(value, (str, int)):
            value = [value]
        if not isinstance(value, list):
            self.error(key, f"'{key}' must be a list such as [a, b]")
            return []
        items = []
        for i, item in enumerate(value):
            if not isinstance(item, (str, int, float)) or isinstance(item, bool):
                self.error(key, f"item {i + 1} of '{key}' must be text, got {excerpt(item)}", i)
                continue
            items.append(str(item).strip())
        return items

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.text(key, default=default)
        if value not in choices:
            self.error(key, f"'{key}' must be one of {', '.join(choices)}; got '{value}'")
            return default
        return value


# --- documents -----------------------------------------------------------------

EVENT_FIELDS = ("title", "date", "date_end", "circa", "date_basis", "actors", "tags", "summary",
                "status", "aliases", "sources", "quotes", "merged_because", "disputed")
SOURCE_FIELDS = ("title", "publisher", "published", "url", "accessed", "archive_url", "author",
                 "original", "sha256", "language")
ACTOR_FIELDS = ("name", "aliases", "kind", "country", "status")


def check_body_links(path: Path, body: str, body_line: int, problems: Collector) -> None:
    """A Markdown link to anything but a web page, a mail address or the site is an error."""
    for line, target in find_refused_links(body):
        problems.error(path, body_line + line, f"link to {excerpt(target)} refused: link only to "
                       "http:// or https:// addresses, mailto: or pages of the site",
                       kind="bad-url")


def read_actor(doc: Document, problems: Collector) -> Actor:
    r = FieldReader(doc, problems, ACTOR_FIELDS)
    check_body_links(doc.path, doc.body, doc.body_line, problems)
    return Actor(
        id=doc.path.stem, name=r.text("name", required=True), aliases=r.text_list("aliases"),
        kind=r.choice("kind", ACTOR_KINDS, "person"), country=r.text("country"),
        description=doc.body.strip(), path=doc.path, digest=doc.digest,
        status=r.choice("status", ACTOR_STATUSES, "published"),
    )


def read_source(doc: Document, problems: Collector) -> Source:
    r = FieldReader(doc, problems, SOURCE_FIELDS)
    body = doc.body.strip("\n")
    return Source(
        id=doc.path.stem, title=r.text("title", required=True),
        publisher=r.text("publisher", default="unknown") or "unknown",
        published=r.date("published"), url=r.web_address("url"), accessed=r.date("accessed"),
        archive_url=r.web_address("archive_url"), author=r.text("author"),
        original=r.text("original"),
        sha256=r.text("sha256"), text=body, line_count=body.count("\n") + 1 if body else 0,
        path=doc.path,
        body_line=doc.body_line + (len(doc.body) - len(doc.body.lstrip("\n"))),
        digest=doc.digest,
    )


def _read_quotes(r: FieldReader) -> list[Quote]:
    value = r.raw("quotes")
    if value is _MISSING:
        return []
    if not isinstance(value, list):
        r.error("quotes", "'quotes' must be a list of items with text, by, source and line")
        return []
    quotes = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not str(item.get("text") or "").strip():
            r.error("quotes", f"quote {i + 1} needs at least 'text:' (and 'by', 'source', "
                    "'line')", i)
            continue
        unknown = set(item) - {"text", "by", "source", "line"}
        if unknown:
            names = ", ".join(sorted(map(str, unknown)))
            r.error("quotes", f"quote {i + 1} has unknown field(s) {names}; "
                    "use text, by, source, line", i, kind="unknown-field")
        line = item.get("line")
        if line is not None and (not isinstance(line, int) or isinstance(line, bool) or line < 1):
            r.error("quotes", f"quote {i + 1}: 'line' must be a line number (1 or more)", i)
            line = None
        quotes.append(Quote(
            text=str(item["text"]).strip(), by=str(item.get("by") or "").strip(),
            source=str(item.get("source") or "").strip(), line=line,
            file_line=r.doc.line_of("quotes", i),
        ))
    return quotes


def _read_aliases(r: FieldReader, own_id: str) -> list[str]:
    """Earlier ids of an event: each becomes a folder of the site, so each must be an id."""
    aliases = []
    for i, alias in enumerate(r.text_list("aliases")):
        if not is_id(alias):
            r.error("aliases", f"alias {excerpt(alias)} is not an id: use lowercase letters, "
                    "digits and '-' only (an alias is the old file name without .md)", i,
                    kind="bad-alias")
        elif alias == own_id:
            r.error("aliases", f"alias '{alias}' is this event's own id: remove it", i,
                    kind="bad-alias")
        else:
            aliases.append(alias)
    return aliases


def read_event(doc: Document, problems: Collector) -> Event:
    r = FieldReader(doc, problems, EVENT_FIELDS)
    date = r.date("date", required=True, year_unknown_ok=True)
    date_end = r.date("date_end")
    if date and date_end and not date.year_known:
        r.error("date_end", "date_end needs a date with a known year: write the year in both, "
                "or remove date_end", kind="bad-date")
        date_end = None
    elif date and date_end and date_end.last_day() < date.first_day():
        r.error("date_end", f"date_end {date_end.iso()} is before date {date.iso()}",
                kind="bad-date")
    aliases = _read_aliases(r, doc.path.stem)
    return Event(
        id=doc.path.stem, title=r.text("title", required=True),
        date=date or ChronoDate(1), date_end=date_end, circa=r.flag("circa"),
        date_basis=r.text("date_basis"), actors=r.text_list("actors"), tags=r.text_list("tags"),
        summary=r.text("summary"), status=r.choice("status", STATUSES, "published"),
        aliases=aliases, sources=r.text_list("sources"), quotes=_read_quotes(r),
        body=doc.body.strip("\n"), body_line=doc.body_line, path=doc.path,
        key_lines=doc.key_lines, digest=doc.digest, merged_because=r.text("merged_because"),
        disputed=r.text_list("disputed"),
    )


def _inside_project(path: Path, linked: bool, root: Path, folders: dict[str, bool]) -> bool:
    """`paths.inside`, resolving each folder once and a file only when it is a symlink:
    resolving 30,000 files one by one took a quarter of loading. (Folders by their text:
    a Path made and hashed for each file's took another 0.1 s at 30,000.)"""
    folder = os.path.dirname(path)
    if folder not in folders:
        folders[folder] = inside(Path(folder), root)
    return folders[folder] and (not linked or inside(path, root))


def markdown_entries(folder: str) -> Iterator[tuple[tuple[str, ...], os.DirEntry[str]]]:
    """Every entry under `folder` named *.md or that is a link, with its path's parts below
    `folder`: one scandir per folder (rglob and a stat per file to tell folders and links
    from files took a fifth of loading 30,000 files). A linked folder is not entered, as
    Path.rglob does not; a missing or unreadable folder holds nothing."""
    pending: list[tuple[str, tuple[str, ...]]] = [(folder, ())]
    while pending:
        where, parts = pending.pop()
        try:
            entries = os.scandir(where)
        except OSError:
            continue
        with entries:
            for entry in entries:
                linked = entry.is_symlink()
                if entry.is_dir() and not linked:
                    pending.append((entry.path, (*parts, entry.name)))
                if linked or entry.name.endswith(".md"):
                    yield (*parts, entry.name), entry


def _markdown_files(folder: Path) -> list[tuple[Path, bool]]:
    """Every file named *.md under `folder`, in the order paths sort, each with whether it
    is a link: what Path.rglob finds, less the folders named like a file."""
    found = sorted((parts, entry.is_symlink()) for parts, entry in markdown_entries(str(folder))
                   if entry.name.endswith(".md") and not entry.is_dir())
    return [(folder.joinpath(*parts), linked) for parts, linked in found]


def _read_folder(folder: Path, reader, problems: Collector,  # type: ignore[no-untyped-def]
                 cache: DocumentCache, root: Path) -> dict:
    """Read every .md file under a folder; ids are file names and must be unique."""
    items: dict = {}
    seen: dict[str, Path] = {}
    folders_inside: dict[str, bool] = {}
    for path, linked in _markdown_files(folder):
        item_id = path.stem
        if not is_id(item_id):
            problems.error(path, None, f"{excerpt(item_id)} is not a usable id: rename the file "
                           "using lowercase letters, digits and '-' only", kind="bad-id")
            continue
        if not _inside_project(path, linked, root, folders_inside):
            problems.error(path, None, "is a link to a file outside the project, which would be "
                           "published: copy the file into content/ instead", kind="outside-project")
            continue
        if item_id in seen:
            other = seen[item_id].relative_to(root) if seen[item_id].is_relative_to(root) \
                else seen[item_id]
            problems.error(path, None, f"duplicate id '{item_id}': {other} has the same "
                           "file name; rename one of them", kind="duplicate-id")
            continue
        seen[item_id] = path
        try:
            doc = cache.read(path)
        except FrontMatterError as exc:
            problems.error(path, exc.line, exc.message, kind=exc.kind)
            continue
        items[item_id] = reader(doc, problems)
    return items


# --- cross-references -----------------------------------------------------------------

def _unknown(kind: str, key: str, known: dict) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"add content/{kind}s/{key}.md"
    return f"unknown {kind} '{key}': {hint}"


def link_event(event: Event, sources: dict, actors: dict, problems: Collector) -> None:
    """Check an event's references and settle its full, ordered source list."""
    doc_lines = event.line_of
    for i, actor in enumerate(event.actors):
        if actor not in actors:
            problems.error(event.path, doc_lines("actors", i), _unknown("actor", actor, actors),
                           kind="unknown-actor")
    for i, source in enumerate(event.sources):
        if source not in sources:
            problems.error(event.path, doc_lines("sources", i), _unknown("source", source, sources),
                           kind="unknown-source")
    for quote in event.quotes:
        if quote.source and quote.source not in sources:
            problems.error(event.path, quote.file_line, "quote: " + _unknown("source", quote.source,
                           sources), kind="unknown-source")
        elif quote.source and quote.line and quote.line > sources[quote.source].line_count:
            problems.error(event.path, quote.file_line,
                           f"quote: line {quote.line} is past the end of source '{quote.source}' "
                           f"({sources[quote.source].line_count} lines)", kind="bad-quote-line")
        if quote.by and quote.by not in actors:
            problems.error(event.path, quote.file_line, "quote: " + _unknown("actor", quote.by,
                           actors), kind="unknown-actor")
    check_body_links(event.path, event.body, event.body_line, problems)
    citations, malformed = find_citations(event.body)
    for number, text in malformed:
        problems.error(event.path, event.body_line + number,
                       f"malformed citation {text}: write [@source-id] or [@source-id, line 35]",
                       kind="bad-citation")
    cited = []
    for citation in citations:
        if citation.key not in sources:
            problems.error(event.path, event.body_line + citation.text_line,
                           "citation: " + _unknown("source", citation.key, sources),
                           kind="unknown-citation")
        elif citation.line and citation.line > sources[citation.key].line_count:
            problems.error(event.path, event.body_line + citation.text_line,
                           f"citation: line {citation.line} is past the end of source "
                           f"'{citation.key}' ({sources[citation.key].line_count} lines)",
                           kind="bad-citation-line")
        else:
            cited.append(citation.key)
    quoted = [q.source for q in event.quotes if q.source in sources]
    declared = [s for s in event.sources if s in sources]
    event.sources = list(dict.fromkeys(declared + cited + quoted))


# The folders of content/ that hold the objects, in the order they are read, with their readers.
CONTENT_READERS = {"actors": read_actor, "sources": read_source, "events": read_event}


def load_content(root: Path, config: Config, cache: DocumentCache | None = None,
                 keep_going: bool = False) -> Content:
    """Read and check everything under content/; raise ContentErrors listing all problems.

    A `cache` kept between calls (as `chronicle serve` does) re-parses only changed files.
    With `keep_going` (for check) nothing is raised: what loaded is returned, with every
    error in `errors`, so one broken file hides no finding about the others.
    """
    problems = Collector()
    cache = cache or DocumentCache()
    folder = root / "content"
    if not folder.is_dir():
        problems.error(folder, None, "no content/ folder: create content/events/ with one .md file "
                       "per event (or pass --source to point at your project)", kind="no-content")
        problems.raise_if_errors(root)
    actors, sources, events = (_read_folder(folder / name, reader, problems, cache, root)
                               for name, reader in CONTENT_READERS.items())
    for event in events.values():
        link_event(event, sources, actors, problems)
    if not keep_going:
        problems.raise_if_errors(root)
    ordered = sorted(events.values(), key=Event.sort_key)
    return Content(config, root, ordered, sources, actors, problems.warnings, problems.errors)
