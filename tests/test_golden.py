"""Scenario sites built and compared file by file with their expected/ trees.

After an intended output change: python tests/update_golden.py, then review the diff.
"""

import difflib
from pathlib import Path

import pytest
from golden import SITES, build_scenario, scenario_names, tree


@pytest.mark.parametrize("name", scenario_names())
def test_scenario_matches_golden_output(name: str, tmp_path: Path):
    build_scenario(name, tmp_path / "site")
    got, expected = tree(tmp_path / "site"), tree(SITES / name / "expected")
    assert sorted(got) == sorted(expected), "files added or missing; run tests/update_golden.py"
    for path in expected:
        if got[path] != expected[path]:
            diff = difflib.unified_diff(
                expected[path].decode().splitlines(), got[path].decode().splitlines(),
                f"expected/{path}", f"built/{path}", lineterm="", n=2)
            pytest.fail(f"{name}/{path} differs (run tests/update_golden.py if intended):\n"
                        + "\n".join(list(diff)[:40]))
