"""`chronicle check` finds each planted problem at its file and line; nothing on clean content."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent

PLANTED = {
    "content/sources/src.md": "---\ntitle: A source\npublisher: Daily\n---\n"
                              "Line one\nShe said: “we will stand together”.\nLine three\n",
    "content/sources/unused.md": "---\ntitle: Nobody cites me\n---\nText\n",
    # quote at the wrong line (line 7 of the file) and a quote that is not in the source (line 10)
    "content/events/2020-01-01-first.md": (
        "---\ntitle: First meeting\ndate: 2020-01-01\nactors: [ann]\nsources: [src]\n"
        "quotes:\n  - text: We will stand together\n    source: src\n    line: 3\n"
        "  - text: Words nobody said\n    source: src\n    line: 1\n---\nBody.\n"
    ),
    # same date, same actors, similar title: a duplicate (title on line 2)
    "content/events/2020-01-01-first-again.md": (
        "---\ntitle: First meeting held\ndate: 2020-01-01\nactors: [ann]\nsources: [src]\n---\n"
    ),
    # a future date on line 3, and no source at all (title line 2)
    "content/events/2999-05-01-later.md": "---\ntitle: Later\ndate: 2999-05-01\n---\n",
}


def run_check(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", "--source", str(root), *args])


def test_each_planted_problem_is_found_at_its_file_and_line(make_project):
    result = run_check(make_project(PLANTED))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    expected = [
        "content/events/2020-01-01-first-again.md:2: warning: looks like a duplicate of "
        "'2020-01-01-first'",
        "content/events/2020-01-01-first.md:7: warning: quote is not at 'src' line 3 but at "
        "line 2: set 'line: 2'",
        "content/events/2020-01-01-first.md:10: error: quote not found in source 'src' line 1",
        "content/events/2999-05-01-later.md:2: warning: event has no source",
        "content/events/2999-05-01-later.md:3: warning: date 2999-05-01 is in the future",
        "content/sources/unused.md:1: warning: source 'unused' is cited by no event",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, result.output)
    assert lines[-1] == "1 error, 5 warnings."


def test_json_format_lists_findings_for_tools(make_project):
    result = run_check(make_project(PLANTED), "--format", "json")
    findings = json.loads(result.output)
    assert result.exit_code == 1
    errors = [f for f in findings if f["level"] == "error"]
    assert [(f["file"], f["line"], f["kind"]) for f in errors] == [
        ("content/events/2020-01-01-first.md", 10, "quote-not-found")]
    assert {f["kind"] for f in findings} == {"duplicate-event", "quote-line", "quote-not-found",
                                             "no-source", "future-date", "uncited-source"}


def test_build_errors_are_reported_in_the_same_format(make_project):
    root = make_project({"content/events/bad.md":
                         "---\ntitle: x\ndate: 2020\nactors: [nobody]\n---\nSee [@nothing].\n"})
    result = run_check(root, "--format", "json")
    assert result.exit_code == 1
    found = {(f["file"], f["line"], f["kind"]) for f in json.loads(result.output)}
    assert ("content/events/bad.md", 4, "unknown-actor") in found
    assert ("content/events/bad.md", 6, "unknown-citation") in found


def test_the_example_chronology_is_clean():
    result = run_check(REPO)
    assert result.exit_code == 0
    assert result.output == "0 errors, 0 warnings.\n"
