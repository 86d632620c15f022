"""kill -9 at any moment: site/ is always a complete build, content/ never half a file, and
the next run leaves no debris behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from corpus import generate  # noqa: E402

from generator.write import MARKER, exchange  # noqa: E402


def chronicle(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    (b / "x").write_text("b")
    if not exchange(a, b):
        pytest.skip("no atomic exchange on this system (the build falls back to two renames)")
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"


@pytest.mark.slow
def test_kill_9_during_builds_never_leaves_a_broken_site(tmp_path: Path):
    root = generate(tmp_path / "project", 400)
    site = root / "site"
    assert chronicle("build", "-s", str(root)).wait() == 0
    complete = files(site)
    rng = random.Random(3)
    for _ in range(8):
        process = chronicle("build", "-s", str(root))
        time.sleep(rng.uniform(0.3, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert files(site) == complete, "site/ must always be one complete build"
        assert (site / MARKER).is_file()
    assert chronicle("build", "-s", str(root)).wait() == 0
    assert files(site) == complete
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.")] == []


def test_a_killed_builds_staging_folder_is_removed_by_the_next_build(make_project):
    root = make_project()
    dead = root / f".site.new-{2**22 + 12345}-abc"  # no process has this id
    (dead / "events").mkdir(parents=True)
    mine = root / f".site.new-{os.getpid()}-abc"  # a running build's: left alone
    mine.mkdir()
    parked = root / f".site.old-{2**22 + 12346}"  # an earlier version's, of a killed build
    parked.mkdir()
    assert chronicle("build", "-s", str(root)).wait() == 0
    assert not dead.exists() and mine.exists() and not parked.exists()


@pytest.mark.slow
def test_kill_9_during_ingest_never_leaves_a_truncated_file(tmp_path: Path):
    captures = tmp_path / "captures"
    captures.mkdir()
    seeds = sorted((REPO / "seeds").iterdir())
    for n in range(300):
        text = seeds[n % len(seeds)].read_text(encoding="utf-8")
        (captures / f"{n:03}.txt").write_text(f"{text}\nSaved copy {n}.\n", encoding="utf-8")
    root = tmp_path / "project"
    root.mkdir()
    rng = random.Random(5)
    for _ in range(5):
        process = chronicle("ingest", "-s", str(root), str(captures))
        time.sleep(rng.uniform(0.5, 3.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path in (root / "content").rglob("*.md") if (root / "content").exists() else []:
            text = path.read_text(encoding="utf-8")
            assert text.startswith("---\n") and text.count("\n---\n") >= 1, path
    assert chronicle("ingest", "-s", str(root), str(captures)).wait() == 0
    assert not [p for p in root.rglob("*") if ".chronicle-" in p.name and p.is_file()]
    check = subprocess.run([sys.executable, "-m", "generator", "check", "-s", str(root)],
                           capture_output=True, text=True)
    assert " error:" not in check.stdout and "uncited-source" not in check.stdout
    assert "is cited by no event" not in check.stdout, "a killed run lost an event"
