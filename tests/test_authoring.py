"""`chronicle new` and `chronicle schema`: starting points that agree with the build."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from generator.build import build
from generator.cli import main
from generator.frontmatter import read_document
from generator.schema import FIELDS, SCHEMAS

REPO = Path(__file__).resolve().parent.parent


def test_new_scaffolds_a_unique_event_that_builds(make_project, tmp_path: Path):
    root = make_project()
    args = ["new", "Kim sends greetings: a “warm” message!", "--date", "2025-08-15",
            "--actor", "ann", "--source", "src", "--project", str(root)]
    first = CliRunner().invoke(main, args)
    second = CliRunner().invoke(main, args)
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    events = root / "content/events"
    assert (events / "2025-08-15-kim-sends-greetings-a-warm-message.md").is_file()
    assert (events / "2025-08-15-kim-sends-greetings-a-warm-message-2.md").is_file()
    doc = read_document(events / "2025-08-15-kim-sends-greetings-a-warm-message.md")
    assert doc.meta["title"] == "Kim sends greetings: a “warm” message!"
    assert doc.meta["actors"] == ["ann"] and doc.meta["status"] == "draft"
    build(root, tmp_path / "site", drafts=True)
    assert (tmp_path / "site/events/2025-08-15-kim-sends-greetings-a-warm-message/").is_dir()


def test_new_refuses_unknown_ids_and_bad_dates(make_project):
    root = make_project()
    result = CliRunner().invoke(main, ["new", "X", "--date", "2025-02-30", "--project", str(root)])
    assert result.exit_code == 1 and "--date 2025-02-30" in result.output
    result = CliRunner().invoke(main, ["new", "X", "--date", "2025", "--actor", "nobody",
                                       "--project", str(root)])
    assert result.exit_code == 1 and "content/actors/nobody.md" in result.output
    assert sorted(p.name for p in (root / "content/events").iterdir()) == ["2020-01-01-first.md"]


def test_schemas_know_exactly_the_fields_the_model_reads():
    for kind, schema in SCHEMAS.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert set(schema["properties"]) == set(FIELDS[kind]), kind


def test_example_content_validates_and_mistakes_do_not(tmp_path: Path):
    for kind in SCHEMAS:
        validator = jsonschema.Draft202012Validator(SCHEMAS[kind])
        for path in sorted((REPO / "content" / f"{kind}s").glob("*.md")):
            errors = list(validator.iter_errors(read_document(path).meta))
            assert errors == [], (path, errors)
    validator = jsonschema.Draft202012Validator(SCHEMAS["event"])
    assert list(validator.iter_errors({"title": "x", "date": "7 Oct", "acters": []}))


def test_schema_command_prints_and_writes(tmp_path: Path):
    result = CliRunner().invoke(main, ["schema", "event"])
    assert json.loads(result.output)["title"] == "Chronicle event front matter"
    result = CliRunner().invoke(main, ["schema", "--out", str(tmp_path)])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "actor.schema.json", "event.schema.json", "source.schema.json"]
