"""Write a build atomically: into a staging folder, swapped in only on success.

A failed build (content error, template error, crash, Ctrl-C) leaves the
previous site/ exactly as it was; readers never see a half-written site.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import ChronicleError
from generator.paths import output_target


class Stage:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def write(self, name: str, data: bytes) -> None:
        target = output_target(self.folder, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.count += 1


MARKER = ".chronicle-build"  # in every build (render.py writes it): this folder may be replaced
MARKER_TEXT = b"Built by Chronicle: the next build replaces this folder.\n"
_GENERATOR_TAG = b'<meta name="generator" content="Chronicle">'


def is_previous_build(out: Path) -> bool:
    """A folder Chronicle built: it has the marker (or, built before the marker existed,
    a home page that says Chronicle made it)."""
    if (out / MARKER).is_file():
        return True
    home = out / "index.html"
    if not home.is_file():
        return False
    with home.open("rb") as file:
        return _GENERATOR_TAG in file.read(4096)


def check_output_dir(out: Path, root: Path, force: bool = False) -> None:
    """Refuse an output folder whose replacement would destroy something.

    The project itself and folders above it are never replaced; a folder holding
    other files is replaced only when it is a previous build or with --force.
    """
    out, root = out.resolve(), root.resolve()
    if out == root or out in root.parents:
        raise ChronicleError(f"--out {out} is the project folder or one above it: "
                             "choose a folder of its own, such as site/")
    if (out / "content").exists() or (out / "chronicle.yaml").exists():
        raise ChronicleError(f"--out {out} holds a Chronicle project (content/ or chronicle.yaml): "
                             "it would be replaced; choose another folder")
    if out.exists() and not out.is_dir():
        raise ChronicleError(f"--out {out} is a file, not a folder: choose a folder")
    if force or not out.is_dir() or is_previous_build(out) or not any(out.iterdir()):
        return
    raise ChronicleError(f"--out {out} holds files that are not a Chronicle build, and a build "
                         "replaces the whole folder: choose an empty or new folder, or pass "
                         "--force to replace it")


@contextmanager
def staged_output(out: Path) -> Iterator[Stage]:
    """Yield a Stage; on a clean exit, replace `out` with it in one rename."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        yield Stage(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(0o755)
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def write_in_place(out: Path, files: dict[str, bytes], removed: list[str]) -> None:
    """Update a served site: each file replaced atomically, stale files and folders removed.

    A browser reloading mid-update sees the old or the new page, never half of one.
    """
    for name, data in files.items():
        target = output_target(out, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    for name in removed:
        target = output_target(out, name)
        target.unlink(missing_ok=True)
        for folder in target.parents:
            if folder == out or not folder.is_relative_to(out) or any(folder.iterdir()):
                break
            folder.rmdir()
