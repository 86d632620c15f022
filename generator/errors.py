"""Errors that point at a file and line and say what to do.

Every problem in the content is collected as a `Problem`; a stage gathers all of
them before failing, so one build reports every mistake at once (as MkDocs'
config loader does) instead of one per run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

EXCERPT = 60  # characters of a value an error message quotes, at most

# Every kind of finding Chronicle reports, in one place: `check --format json` and
# `ingest --json` give the kind, and tools and tests match on it. A Problem of a kind not
# listed here is a bug (Problem refuses it).
KINDS = {
    # reading files
    "yaml": "front matter or chronicle.yaml is not valid YAML",
    "yaml-alias": "a YAML anchor or alias, which front matter does not allow",
    "duplicate-key": "a key written twice in one mapping",
    "too-large": "front matter longer than allowed",
    "missing-front-matter": "a content file without its '---' front matter",
    "not-utf8": "a content file that is not UTF-8 text",
    "no-content": "the project has no content/ folder",
    # fields
    "field": "a field of the wrong type",
    "not-text": "a field that must be text got a number or true/false",
    "missing-field": "a required field is missing",
    "unknown-field": "a field Chronicle does not know (a typo?)",
    "bad-date": "a date that is not a date, or an end before its start",
    "bad-url": "an address that is not http(s), or a link to a scheme that could run code",
    "bad-id": "a file name that is not a usable id",
    "bad-alias": "an alias that is not a usable id, or the event's own id",
    "duplicate-id": "two files with the same id",
    "outside-project": "a file that links to a file outside the project",
    # references
    "unknown-actor": "an actor id with no content/actors file",
    "unknown-source": "a source id with no content/sources file",
    "unknown-citation": "a citation of a source that does not exist",
    "bad-citation": "a citation that is not [@id] or [@id, line N]",
    "bad-citation-line": "a citation of a line past the end of its source",
    "bad-quote-line": "a quote's line past the end of its source",
    "url-collision": "two pages at one address",
    # settings, options, themes
    "config": "a setting of chronicle.yaml",
    "option": "a command-line option",
    "template": "an error in a theme's template",
    "translation": "a theme's file of interface strings that cannot be used",
    "search-index": "the search index could not be made",
    # review (check)
    "quote-not-found": "a quote whose words stand nowhere in its source",
    "quote-line": "a quote found at another line than stated",
    "future-date": "a date after today",
    "no-source": "an event that rests on no source",
    "uncited-source": "a source no event cites",
    "duplicate-event": "two events that look like one",
    "unreviewed": "an event or actor proposed by ingest and not yet reviewed",
    "year-unknown": "an event whose year no report gives, kept off the site",
    # ingest
    "skipped": "a file ingest did not read as a capture",
    "unreadable": "a file that could not be read (a capture, or a content file)",
    "capture-note": "how a capture was read (its encoding, a cut line)",
    "review": "something in ingest's output a person should look at",
    "year-found": "a later report gave a year-less event its year",
    "date-disagrees": "a report gives another date than the event has",
    "edited": "a file edited by a person, which ingest only extended",
    "draft": "an event ingest wrote as a draft",
    "no-actor": "events that name no actor and stay drafts",
    # the build itself
    "content": "a problem with content",
}


def excerpt(value: object) -> str:
    """A value as an error message quotes it: short, whatever was written."""
    text = repr(value)
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One finding about one place in one file."""

    path: Path
    line: int | None
    message: str
    kind: str = "content"  # one of KINDS: a short, stable name tests and tools can match on
    level: str = "error"  # "error" or "warning"

    def __post_init__(self) -> None:
        if self.kind not in KINDS or self.level not in ("error", "warning"):
            raise ValueError(f"unknown kind {self.kind!r} or level {self.level!r}: add it to KINDS")

    def shown_path(self, root: Path | None = None) -> Path:
        """The path relative to the project when it lies inside it (a symlink is shown where
        it stands, not where it leads)."""
        if root is None:
            return self.path
        for path, folder in ((self.path.absolute(), root.absolute()),
                             (self.path.resolve(), root.resolve())):
            if path.is_relative_to(folder):
                return path.relative_to(folder)
        return self.path

    def location(self, root: Path | None = None) -> str:
        path = self.shown_path(root)
        return f"{path}:{self.line}" if self.line else str(path)

    def format(self, root: Path | None = None) -> str:
        return f"{self.location(root)}: {self.level}: {self.message}"

    def as_dict(self, root: Path | None = None) -> dict[str, object]:
        """The finding for tools (`--format json`, `ingest --json`)."""
        return {"file": str(self.shown_path(root)), "line": self.line, "level": self.level,
                "kind": self.kind, "message": self.message}


class ChronicleError(click.ClickException):
    """A failure reported to the user without a traceback."""


class ContentErrors(ChronicleError):
    """All the errors one stage found, reported together."""

    def __init__(self, problems: list[Problem], root: Path | None = None) -> None:
        self.problems = problems
        lines = [p.format(root) for p in problems]
        count = sum(1 for p in problems if p.level == "error")
        warnings = len(problems) - count
        told = [f"{count} error{'s' if count != 1 else ''}"] if count else []
        told += [f"{warnings} warning{'s' if warnings != 1 else ''} (--strict)"] if warnings else []
        lines.append(f"{' and '.join(told) or '0 errors'}; nothing was written.")
        super().__init__("\n".join(lines))

    def format_message(self) -> str:
        return self.message


class Collector:
    """Gathers problems while a stage runs, then fails once with all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._seen: set[Problem] = set()

    def add(self, problem: Problem) -> None:
        """Record a problem once: a template bug must not be reported for every page."""
        if problem not in self._seen:
            self._seen.add(problem)
            self.problems.append(problem)

    def error(self, path: Path, line: int | None, message: str, kind: str = "content") -> None:
        self.add(Problem(path, line, message, kind))

    def warn(self, path: Path, line: int | None, message: str, kind: str = "content") -> None:
        self.add(Problem(path, line, message, kind, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    def raise_if_errors(self, root: Path | None = None) -> None:
        if self.errors:
            raise ContentErrors(self.errors, root)
