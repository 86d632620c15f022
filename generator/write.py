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


class Stage:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def write(self, name: str, data: bytes) -> None:
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.count += 1


def check_output_dir(out: Path, root: Path) -> None:
    """Refuse an output folder whose replacement would destroy the project."""
    out, root = out.resolve(), root.resolve()
    if out == root or out in root.parents:
        raise ChronicleError(f"--out {out} is the project folder or one above it: "
                             "choose a folder of its own, such as site/")
    if (out / "content").exists() or (out / "chronicle.yaml").exists():
        raise ChronicleError(f"--out {out} holds a Chronicle project (content/ or chronicle.yaml): "
                             "it would be replaced; choose another folder")


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
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    for name in removed:
        target = out / name
        target.unlink(missing_ok=True)
        for folder in target.parents:
            if folder == out or not folder.is_relative_to(out) or any(folder.iterdir()):
                break
            folder.rmdir()
