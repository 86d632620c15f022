"""Where content may point on disk: ids are plain path segments, reads and writes stay inside.

Content is untrusted (articles from the web, edits made in a hurry). An id, an
alias or a theme name becomes a folder name, so each is checked as one safe
path segment; a symlink in content/ or a theme must not pull a file from
elsewhere into the published site; and every write is checked against its
output folder, whatever name it was given.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.errors import ChronicleError, excerpt

# Lowercase ASCII, digits and . _ - ; no leading dot (hidden files, '.' and '..').
ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
# A theme is a folder a person named: any letters, but one segment and not hidden.
THEME = re.compile(r"[\w][\w.-]*")


def user_cache_folder() -> Path:
    """Chronicle's folder in the user's own cache, outside any project: what is kept there
    (the build cache's signing key, compiled templates) is trusted, where a project's
    files, which anyone may have written, are not."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chronicle"


def is_id(text: str) -> bool:
    """True for a usable id: one path segment that every file system and URL accepts."""
    return ID.fullmatch(text) is not None and ".." not in text


def is_theme_name(text: str) -> bool:
    return THEME.fullmatch(text) is not None and ".." not in text


def inside(path: Path, folder: Path) -> bool:
    """True when `path`, with every symlink followed, lies inside `folder`."""
    return path.resolve().is_relative_to(folder.resolve())


_CONTROL = re.compile(r"[\x00-\x1f\x7f\\]")


def is_safe_output_name(name: str) -> bool:
    """A relative POSIX path with no '..' or empty segment, no backslash or control code.
    (String tests: this runs for every file a build writes.)"""
    return bool(name) and not name.startswith("/") and _CONTROL.search(name) is None \
        and ".." not in name.split("/") and "//" not in name


def check_output_name(folder: Path | str, name: str) -> None:
    """Refuse a name that would land outside `folder`."""
    if not is_safe_output_name(name):
        raise ChronicleError(f"refusing to write {excerpt(name)}: not a plain path inside "
                             f"{folder} (this is a bug in the theme or Chronicle; please report)")


def output_target(folder: Path, name: str) -> Path:
    """The file `name` is written to inside `folder`; refuse anything that would land outside."""
    check_output_name(folder, name)
    return folder / name
