"""The command line as users run it: exit codes, messages, both entry points."""

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent


def test_python_dash_m_builds_the_example(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--source", str(REPO), "--out",
         str(tmp_path / "site"), "--base-url", "https://user.github.io/repo"],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Built 5 events" in result.stdout
    assert (tmp_path / "site/index.html").is_file()


def test_the_program_exits_with_its_commands_status_and_all_it_printed(make_project):
    """`chronicle` ends without freeing its objects (cli.run): what it printed still comes
    out, and a failure's status is kept."""
    root = make_project({"content/events/bad.md": "---\ntitle: x\ndate: someday\n---\n"})
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--source", str(root)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "content/events/bad.md:3: error: bad 'date'" in result.stdout + result.stderr
    usage = subprocess.run([sys.executable, "-m", "generator", "build", "--jobs", "0"],
                           capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2 and "Invalid value for '--jobs'" in usage.stderr


def test_build_error_exits_1_without_traceback(make_project):
    root = make_project({"content/events/bad.md": "---\ntitle: x\ndate: someday\n---\n"})
    result = CliRunner().invoke(main, ["build", "--source", str(root)])
    assert result.exit_code == 1
    assert "content/events/bad.md:3: error: bad 'date'" in result.output
    assert "Traceback" not in result.output


def test_check_validates_without_writing(make_project):
    root = make_project()
    result = CliRunner().invoke(main, ["check", "--source", str(root)])
    assert result.exit_code == 0, result.output
    assert not (root / "site").exists()
    bad = make_project({"content/events/bad.md": "---\ntitle: x\ndate: 2020\nactors: [x]\n---\n"})
    result = CliRunner().invoke(main, ["check", "--source", str(bad)])
    assert result.exit_code == 1
    assert "content/events/bad.md:4: error: unknown actor 'x'" in result.output


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    command = readme.split("<!-- test-command -->\n```\n", 1)[1].split("\n", 1)[0]
    assert command.endswith("python -m pytest -q")
    assert "<!-- test-command -->" in (REPO / ".ci/run").read_text()


def test_init_starts_a_project_that_ingest_and_build_fill(tmp_path: Path):
    root = tmp_path / "chronology"
    result = CliRunner().invoke(main, ["init", str(root)])
    assert result.exit_code == 0, result.output
    for name in ["chronicle.yaml", ".gitignore", ".github/workflows/pages.yml",
                 "content/events/.gitkeep", "content/sources/.gitkeep", "captures/.gitkeep"]:
        assert (root / name).is_file(), name
    workflow = (root / ".github/workflows/pages.yml").read_text()
    assert "actions/checkout@v5" in workflow and "actions/deploy-pages@v4" in workflow
    assert workflow.index("chronicle check") < workflow.index("chronicle build")
    assert "/site/" in (root / ".gitignore").read_text()
    for seed in (REPO / "seeds").iterdir():
        (root / "captures" / seed.name).write_bytes(seed.read_bytes())
    ingest = CliRunner().invoke(main, ["ingest", "--source", str(root), str(root / "captures")])
    assert ingest.exit_code == 0, ingest.output
    build = CliRunner().invoke(main, ["build", "--source", str(root)])
    assert build.exit_code == 0 and "Built 3 events" in build.output, build.output
    again = CliRunner().invoke(main, ["init", str(root)])
    assert again.exit_code == 1 and "already has" in again.output
