"""Errors that point at a file and line and say what to do.

Every problem in the content is collected as a `Problem`; a stage gathers all of
them before failing, so one build reports every mistake at once (as MkDocs'
config loader does) instead of one per run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True)
class Problem:
    """One finding about one place in one file."""

    path: Path
    line: int | None
    message: str
    kind: str = "content"  # a short, stable name tests and tools can match on
    level: str = "error"  # "error" or "warning"

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
        lines.append(f"{count} error{'s' if count != 1 else ''}; nothing was written.")
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
