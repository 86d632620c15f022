"""Bad content fails the build with file, line and a fix, and leaves site/ as it was."""


import pytest

from generator.build import build
from generator.errors import ContentErrors

EVENT = "content/events/2020-01-01-first.md"

CASES = {
    "bad-date": (
        {EVENT: "---\ntitle: First\ndate: 2020-13-01\n---\n"},
        f"{EVENT}:3: error: bad 'date': '2020-13-01' has month 13",
    ),
    "unknown-actor": (
        {EVENT: "---\ntitle: First\ndate: 2020-01-01\nactors:\n  - ann\n  - bobb\n---\n"},
        f"{EVENT}:6: error: unknown actor 'bobb': add content/actors/bobb.md",
    ),
    "unknown-source": (
        {EVENT: "---\ntitle: First\ndate: 2020-01-01\nsources: [scr]\n---\n"},
        f"{EVENT}:4: error: unknown source 'scr': did you mean 'src'?",
    ),
    "unknown-citation": (
        {EVENT: "---\ntitle: First\ndate: 2020-01-01\n---\nFine.\n\nSee [@nope, line 3].\n"},
        f"{EVENT}:7: error: citation: unknown source 'nope'",
    ),
    "duplicate-id": (
        {"content/events/2020/2020-01-01-first.md": "---\ntitle: Again\ndate: 2020\n---\n"},
        "error: duplicate id '2020-01-01-first'",
    ),
    "yaml": (
        {EVENT: "---\ntitle: First\ndate: 2020-01-01\nactors: [ann\n---\n"},
        f"{EVENT}:5: error: front matter is not valid YAML",
    ),
    "missing-front-matter": (
        {EVENT: "title: First\ndate: 2020-01-01\n"},
        f"{EVENT}:1: error: missing front matter",
    ),
    "missing-field": (
        {EVENT: "---\ndate: 2020-01-01\n---\n"},
        f"{EVENT}:1: error: missing 'title'",
    ),
    "unknown-field": (
        {EVENT: "---\ntitle: T\ndate: 2020-01-01\nsumary: x\n---\n"},
        f"{EVENT}:4: error: unknown field 'sumary'; did you mean 'summary'?",
    ),
    "bad-quote-line": (
        {EVENT: "---\ntitle: T\ndate: 2020\nquotes:\n"
                "  - text: x\n    source: src\n    line: 9\n---\n"},
        f"{EVENT}:5: error: quote: line 9 is past the end of source 'src' (2 lines)",
    ),
    "date-end-before-date": (
        {EVENT: "---\ntitle: T\ndate: 2020-05\ndate_end: 2020-04-30\n---\n"},
        f"{EVENT}:4: error: date_end 2020-04-30 is before date 2020-05",
    ),
    "url-collision": (
        {"content/events/second.md":
            "---\ntitle: S\ndate: 2021\naliases: [2020-01-01-first]\n---\n"},
        "/events/2020-01-01-first/ is produced twice",
    ),
    "bad-status": (
        {EVENT: "---\ntitle: T\ndate: 2020\nstatus: maybe\n---\n"},
        f"{EVENT}:4: error: 'status' must be one of published, proposed, draft; got 'maybe'",
    ),
    "bad-id": (
        {"content/events/Bad Name.md": "---\ntitle: T\ndate: 2020\n---\n"},
        "'Bad Name' is not a usable id",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_content_fails_with_location_and_keeps_previous_site(make_project, case):
    files, expected = CASES[case]
    root = make_project()
    out = root / "site"
    build(root, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    root = make_project(files)
    with pytest.raises(ContentErrors) as info:
        build(root, out)
    assert expected in info.value.message
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".site.")], "staging left"


def test_all_errors_of_a_build_are_reported_together(make_project):
    root = make_project({
        EVENT: "---\ntitle: First\ndate: 2020-02-30\nactors: [zed]\n---\n[@nope]\n",
        "content/events/other.md": "no front matter\n",
    })
    with pytest.raises(ContentErrors) as info:
        build(root, root / "site")
    kinds = sorted(p.kind for p in info.value.problems)
    assert kinds == ["bad-date", "missing-front-matter", "unknown-actor", "unknown-citation"]
    assert info.value.message.endswith("4 errors; nothing was written.")
    assert not (root / "site").exists()


def test_template_error_names_template_file_and_line(make_project):
    root = make_project({
        "chronicle.yaml": "title: T\ntheme: mine\n",
        "themes/mine/templates/event.html": "{% extends 'base.html' %}\n"
                                            "{% block content %}\n{{ event.no_such_field }}\n"
                                            "{% endblock %}\n",
    })
    with pytest.raises(ContentErrors) as info:
        build(root, root / "site")
    assert "themes/mine/templates/event.html:3: error: template error" in info.value.message
    assert "no_such_field" in info.value.message


def test_template_syntax_error_names_file_and_line(make_project):
    root = make_project({
        "chronicle.yaml": "title: T\ntheme: mine\n",
        "themes/mine/templates/year.html": "line one\n{% if %}\n",
    })
    with pytest.raises(ContentErrors) as info:
        build(root, root / "site")
    assert "themes/mine/templates/year.html:2: error: template syntax error" in info.value.message


def test_output_folder_that_would_destroy_the_project_is_refused(make_project):
    root = make_project()
    with pytest.raises(Exception, match="project folder"):
        build(root, root)
    other = root.parent / "other"
    (other / "content").mkdir(parents=True)
    with pytest.raises(Exception, match="holds a Chronicle project"):
        build(root, other)
    assert (other / "content").is_dir()


def test_out_refuses_a_folder_of_other_files_unless_forced(make_project, tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    root = make_project()
    other = tmp_path / "mine"
    other.mkdir()
    (other / "thesis.docx").write_text("years of work")
    args = ["build", "--source", str(root), "--out", str(other)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "not a Chronicle build" in result.output and "--force" in result.output
    assert (other / "thesis.docx").read_text() == "years of work"
    assert CliRunner().invoke(main, [*args, "--force"]).exit_code == 0
    assert not (other / "thesis.docx").exists()
    assert CliRunner().invoke(main, args).exit_code == 0, "a previous build is replaced"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert CliRunner().invoke(main, ["build", "-s", str(root), "--out", str(empty)]).exit_code == 0


def test_strict_makes_warnings_fail_build_and_check(make_project):
    from click.testing import CliRunner

    from generator.cli import main

    root = make_project({"content/sources/unused.md": "---\ntitle: Unused\n---\nText\n",
                         "content/events/2020-01-01-first.md":
                             "---\ntitle: First\ndate: 2020-01-01\nactors: [ann]\n"
                             "sources: [src]\nstatus: proposed\n---\nBody.\n"})
    assert CliRunner().invoke(main, ["check", "-s", str(root)]).exit_code == 0
    assert CliRunner().invoke(main, ["check", "-s", str(root), "--strict"]).exit_code == 1
    assert CliRunner().invoke(main, ["build", "-s", str(root)]).exit_code == 0
    strict = CliRunner().invoke(main, ["build", "-s", str(root), "--strict", "--out",
                                       str(root / "strict")])
    assert strict.exit_code == 1 and "warnings (--strict); nothing was written" in strict.output
    assert "unreviewed" in strict.output or "proposed by ingest" in strict.output
    assert not (root / "strict").exists()


def test_one_broken_file_hides_no_other_finding_in_check(make_project):
    from generator.build import check

    root = make_project({
        "content/events/broken.md": "---\ntitle: [\n---\n",
        "content/events/2020-01-01-first.md": "---\ntitle: First\ndate: 2999-01-01\n"
                                              "actors: [ann]\nsources: [src]\n---\nBody.\n",
    })
    kinds = {p.kind for p in check(root)}
    assert {"yaml", "future-date"} <= kinds


def test_a_finding_of_a_kind_outside_the_catalogue_is_refused():
    from pathlib import Path

    from generator.errors import KINDS, Problem

    assert "bad-url" in KINDS
    with pytest.raises(ValueError, match="add it to KINDS"):
        Problem(Path("x"), 1, "message", kind="something-new")
