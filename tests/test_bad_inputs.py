"""Every case of the bad-input corpus ends with its exact finding and no harm done."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bad_inputs import CASES, Case
from click.testing import CliRunner

from generator.cache import CACHE_FOLDER
from generator.cli import main


def findings(root: Path) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, ["check", "--source", str(root), "--format", "json"])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output)


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_reports_the_exact_kind_file_and_line(make_project, name: str) -> None:
    case: Case = CASES[name]
    root = make_project(case.files)
    status, found = findings(root)
    located = {(f["kind"], f["file"], f["line"]) for f in found}
    assert (case.kind, case.file, case.line) in located, found
    assert status == case.status


@pytest.mark.parametrize("name", sorted(CASES))
def test_build_fails_with_the_finding_and_writes_nothing_outside_site(make_project, name: str,
                                                                      tmp_path: Path) -> None:
    case: Case = CASES[name]
    root = make_project(case.files)
    before = sorted(p for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(main, ["build", "--source", str(root)])
    assert result.exit_code == (case.status if case.in_build else 0), result.output
    assert "Traceback" not in result.output
    where = f"{case.file}:{case.line}" if case.line else case.file
    assert not case.in_build or f"{where}: " in result.output
    made = (root / "site", root / CACHE_FOLDER)  # the site, and the build cache beside it
    after = sorted(p for p in tmp_path.rglob("*") if not any(p.is_relative_to(m) for m in made))
    assert after == before


def test_symlinks_that_lead_out_of_the_project_are_refused(make_project, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\nname: Secret\n---\nprivate\n")
    root = make_project({"chronicle.yaml": "title: T\ntheme: mine\n"})
    (root / "content/actors/leak.md").symlink_to(secret)
    (root / "themes/mine/static").mkdir(parents=True)
    (root / "themes/mine/static/passwd.txt").symlink_to(secret)
    result = CliRunner().invoke(main, ["build", "--source", str(root)])
    assert result.exit_code == 1
    assert "content/actors/leak.md: error: is a link to a file outside the project" \
        in result.output
    _, found = findings(root)
    assert ("outside-project", "content/actors/leak.md") in {(f["kind"], f["file"]) for f in found}
    (root / "content/actors/leak.md").unlink()
    result = CliRunner().invoke(main, ["build", "--source", str(root)])
    assert result.exit_code == 1
    assert "themes/mine/static/passwd.txt: error: links to a file outside" in result.output
    assert not (root / "site").exists()


def test_a_link_inside_the_project_is_fine(make_project) -> None:
    root = make_project()
    (root / "shared").mkdir()
    (root / "shared/bob.md").write_text("---\nname: Bob\n---\n")
    (root / "content/actors/bob.md").symlink_to(root / "shared/bob.md")
    result = CliRunner().invoke(main, ["build", "--source", str(root)])
    assert result.exit_code == 0, result.output


def test_content_files_are_found_as_rglob_finds_them(tmp_path: Path) -> None:
    """Loading lists content with one scandir per folder: the files, order and links that
    Path.rglob gives (a folder named like a file is no file, a linked folder is not
    entered, hidden files are found and then refused by their id)."""
    from generator.model import _markdown_files

    folder = tmp_path / "events"
    for name in ["a-b.md", "a/b.md", "a/c/d.md", "B.md", ".hidden.md", "notes.txt", "x.md/y.md"]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/far.md").write_text("")
    (folder / "linked").symlink_to(tmp_path / "elsewhere")
    (folder / "link.md").symlink_to(folder / "B.md")
    (folder / "broken.md").symlink_to(tmp_path / "gone.md")
    expected = [(p, p.is_symlink()) for p in sorted(folder.rglob("*.md")) if not p.is_dir()]
    assert _markdown_files(folder) == expected
    assert (folder / "a/c/d.md", False) in expected and (folder / "link.md", True) in expected
    assert _markdown_files(tmp_path / "missing") == []


def test_every_write_stays_inside_the_output_folder(tmp_path: Path) -> None:
    from generator.errors import ChronicleError
    from generator.write import Stage

    stage = Stage(tmp_path / "out")
    for name in ["../escape.html", "/tmp/escape.html", "a/../../b", "a//b", "a\\..\\b", "a\nb",
                 ""]:
        with pytest.raises(ChronicleError):
            stage.write(name, b"x")
    stage.write("events/x/index.html", b"x")
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["index.html"]
