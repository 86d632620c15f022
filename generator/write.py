"""Write a build atomically: into a staging folder, swapped in only on success.

A failed build (content error, template error, crash, Ctrl-C) leaves the
previous site/ exactly as it was; readers never see a half-written site. The
swap is one atomic exchange of the two folders where the system has one
(Linux's renameat2), so even a kill -9 never leaves a moment without a complete
site/; what an interrupted build leaves behind is removed by the next one.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import ChronicleError
from generator.paths import check_output_name, output_target


class Stage:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def write(self, name: str, data: bytes) -> None:
        target = output_target(self.folder, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.count += 1

    def link_from(self, previous: Path, names: list[str]) -> set[str]:
        """Take these files from the previous build as they are (hard links: builds never
        change a file in place); return the names taken, the others must be rendered.
        (Plain strings, not Paths: this runs for nearly every file of a rebuild.)"""
        taken = set()
        new, old = str(self.folder), str(previous)
        made: set[str] = set()
        for name in names:
            check_output_name(new, name)
            folder, _, _ = name.rpartition("/")
            if folder not in made:
                os.makedirs(f"{new}/{folder}", exist_ok=True)
                made.add(folder)
            try:
                os.link(f"{old}/{name}", f"{new}/{name}")
            except OSError:  # gone, or a file system without hard links
                continue
            taken.add(name)
        self.count += len(taken)
        return taken


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


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step; False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def owner_alive(name: str) -> bool:
    """Whether the process whose id a temporary name carries ('.site.new-4242-x') still runs."""
    pid = re.search(r"-(\d+)(?:-|$)", name)
    if pid is None:
        return False
    try:
        os.kill(int(pid.group(1)), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(out: Path) -> None:
    """Staging folders of builds that were killed (their process is gone), and the old trees
    earlier versions parked as '.site.old-<pid>'."""
    for leftover in [*out.parent.glob(f".{out.name}.new-*"),
                     *out.parent.glob(f".{out.name}.old-*")]:
        if not owner_alive(leftover.name):
            shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def staged_output(out: Path) -> Iterator[Stage]:
    """Yield a Stage; on a clean exit, swap it with `out` in one atomic step."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-{os.getpid()}-", dir=out.parent))
    try:
        yield Stage(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(0o755)
    if not out.exists():
        staging.rename(out)
    elif exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # it holds the old site now
    else:  # no atomic exchange here: two renames, the old tree kept under the staging name
        parked = staging.with_name(staging.name + "-old")
        out.rename(parked)
        staging.rename(out)
        shutil.rmtree(parked, ignore_errors=True)


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
