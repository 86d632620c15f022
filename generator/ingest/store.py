"""Write what ingest decided into content/, never destroying a person's edit.

Ingest remembers the digest of every file it wrote (`.chronicle/ingest.json`).
A file whose digest differs has been edited by a person: ingest may still add a
new source to its `sources:` list (a minimal text edit that keeps every other
byte), but any other field it would now set differently is reported instead.
Every write goes to a temporary file renamed into place.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from generator.write import owner_alive

STATE_FILE = ".chronicle/ingest.json"
# libyaml's emitter where installed: a sixth of the time (writing front matter was a quarter
# of a large ingest); it writes characters beyond the BMP (emoji) as escapes.
_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def front_matter(fields: dict[str, Any], body: str) -> str:
    """One 'key: value' line per field (lists of words inline), in the order given."""
    data = {k: v for k, v in fields.items() if v not in (None, "", [], {})}
    text = "".join(_field(key, value) for key, value in data.items())
    return f"---\n{text}---\n{body.rstrip()}\n"


def _field(key: str, value: Any) -> str:
    flat = isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value)
    return yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=100, default_flow_style=None if flat else False)


def unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def add_source(text: str, source_id: str) -> str:
    """`text` with `source_id` appended to its front matter's sources, all else untouched."""
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    for i in range(1, end):
        match = re.match(r"^sources:\s*\[(.*)\]\s*$", lines[i])
        if match:
            items = [x.strip() for x in match.group(1).split(",") if x.strip()]
            lines[i] = f"sources: [{', '.join([*items, source_id])}]"
            return "\n".join(lines)
        if re.match(r"^sources:\s*$", lines[i]):
            j = i + 1
            while j < end and re.match(r"^\s+-\s", lines[j]):
                j += 1
            indent = re.match(r"^(\s+)-", lines[i + 1]).group(1) if i + 1 < j else "  "  # type: ignore[union-attr]
            lines.insert(j, f"{indent}- {source_id}")
            return "\n".join(lines)
    lines.insert(end, f"sources: [{source_id}]")
    return "\n".join(lines)


def set_field(text: str, key: str, value: str) -> str:
    """`text` with a one-line front-matter field set to `value`, all else untouched."""
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    line = yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, width=1000).rstrip("\n")
    for i in range(1, end):
        if re.match(rf"^{re.escape(key)}:(\s|$)", lines[i]):
            lines[i] = line
            return "\n".join(lines)
    lines.insert(end, line)
    return "\n".join(lines)


class Store:
    """content/ plus the record of what ingest wrote there."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.state_path = root / STATE_FILE
        self.written: dict[str, str] = {}
        if self.state_path.is_file():
            self.written = json.loads(self.state_path.read_text(encoding="utf-8"))

    def edited_by_person(self, path: Path) -> bool:
        """True unless the file is exactly as ingest last wrote it."""
        key = path.relative_to(self.root).as_posix()
        return self.written.get(key) != digest(path.read_text(encoding="utf-8"))

    def write(self, path: Path, text: str) -> None:
        atomic_write(path, text)
        self.written[path.relative_to(self.root).as_posix()] = digest(text)

    def save_state(self) -> None:
        atomic_write(self.state_path, json.dumps(self.written, indent=1, sort_keys=True) + "\n")


TEMPORARY = ".chronicle-"  # in the names of files being written: '.x.md.chronicle-4242-ab12'


def remove_leftovers(folder: Path) -> None:
    """Temporary files of ingests that were killed (their process is gone)."""
    for leftover in folder.rglob(f".*{TEMPORARY}*") if folder.is_dir() else []:
        if leftover.is_file() and not owner_alive(leftover.name):
            leftover.unlink(missing_ok=True)


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}{TEMPORARY}{os.getpid()}-",
                                         dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
