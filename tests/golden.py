"""Golden scenario sites: tests/sites/<name>/ holds content and the expected output.

`python tests/update_golden.py` rebuilds every expected/ tree after an intended
change; review the diff with git before committing it.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from generator.build import build

SITES = Path(__file__).parent / "sites"
EPOCH = "1700000000"  # fixed build time: golden output must not depend on the clock


def scenario_names() -> list[str]:
    return sorted(p.parent.name for p in SITES.glob("*/chronicle.yaml"))


@contextmanager
def fixed_epoch():
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def build_scenario(name: str, out: Path) -> None:
    with fixed_epoch():
        build(SITES / name, out, drafts=(SITES / name / "DRAFTS").exists())


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}
