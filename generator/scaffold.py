"""`chronicle init` (a project to start from) and `chronicle new` (an event to start from)."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator import __version__
from generator.dates import DateFormatError, parse_date
from generator.errors import ChronicleError
from generator.urls import id_slug

STARTER = Path(__file__).with_name("starter")


def init_project(root: Path) -> list[Path]:
    """Lay out a new project in `root` (as `mkdocs new` and `hugo new site` do): a commented
    chronicle.yaml, content/ folders, a captures/ folder, .gitignore and a GitHub Pages
    workflow that checks before it deploys. Refuse to overwrite anything."""
    files = sorted(p for p in STARTER.rglob("*") if p.is_file())
    targets = [root / p.relative_to(STARTER) for p in files]
    existing = [t for t in targets if t.exists()]
    if existing:
        shown = ", ".join(str(t.relative_to(root)) for t in existing)
        raise ChronicleError(f"{root} already has {shown}: init starts a new project; "
                             "choose an empty folder")
    for source, target in zip(files, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8").replace("__VERSION__", __version__)
        target.write_text(text, encoding="utf-8")
    return targets


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
