"""Scenario sites built and compared file by file with their expected/ trees.

After an intended output change: python tests/update_golden.py, then review the diff.
"""

import difflib
from pathlib import Path

import pytest
from golden import INGEST_GOLDEN, SITES, build_scenario, ingest_scenario, scenario_names, tree


def compare(name: str, got: dict[str, bytes], expected: dict[str, bytes]) -> None:
    assert sorted(got) == sorted(expected), "files added or missing; run tests/update_golden.py"
    for path in expected:
        if got[path] != expected[path]:
            diff = difflib.unified_diff(
                expected[path].decode().splitlines(), got[path].decode().splitlines(),
                f"expected/{path}", f"built/{path}", lineterm="", n=2)
            pytest.fail(f"{name}/{path} differs (run tests/update_golden.py if intended):\n"
                        + "\n".join(list(diff)[:40]))


@pytest.mark.parametrize("name", scenario_names())
def test_scenario_matches_golden_output(name: str, tmp_path: Path):
    build_scenario(name, tmp_path / "site")
    compare(name, tree(tmp_path / "site"), tree(SITES / name / "expected"))


def test_ingest_matches_golden_output(tmp_path: Path):
    """The test captures and seeds, ingested into an empty project: every content file and
    record as expected (tests/ingest_golden/)."""
    ingest_scenario(tmp_path / "ingest")
    compare("ingest", tree(tmp_path / "ingest"), tree(INGEST_GOLDEN))
