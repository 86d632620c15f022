"""`chronicle new`: a well-formed event file to start from, with a unique id."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.dates import DateFormatError, parse_date
from generator.errors import ChronicleError
from generator.urls import id_slug


def event_id(title: str, date: str) -> str:
    """'2025-08-15-kim-sends-greetings': ids must be plain ASCII to be file names and URLs."""
    return f"{date}-{id_slug(title) or 'event'}"


def new_event(root: Path, title: str, date: str, actors: list[str], sources: list[str]) -> Path:
    """Write content/events/<id>.md; refuse unknown actors or sources instead of writing them."""
    try:
        parse_date(date)
    except DateFormatError as exc:
        raise ChronicleError(f"--date {date}: {exc}") from exc
    missing = [f"content/{kind}/{i}.md" for kind, ids in (("actors", actors), ("sources", sources))
               for i in ids if not (root / "content" / kind / f"{i}.md").is_file()]
    if missing:
        raise ChronicleError(f"no such file: {', '.join(missing)}; create it first or fix the id")
    folder = root / "content" / "events"
    folder.mkdir(parents=True, exist_ok=True)
    base = event_id(title, date)
    path, n = folder / f"{base}.md", 2
    while path.exists():
        path, n = folder / f"{base}-{n}.md", n + 1
    fields = {"title": title, "date": date, "date_basis": "", "actors": actors, "tags": [],
              "summary": "", "sources": sources}
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=None,
                           width=1000)
    path.write_text(f"---\n{front}status: draft\n"
                    "# In the body, cite a source as [@source-id] or [@source-id, line 12].\n"
                    "---\nWhat happened, in a few sentences.\n", encoding="utf-8")
    return path
