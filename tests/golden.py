"""Golden outputs: scenario sites (tests/sites/<name>/: content and the expected site) and
ingest (tests/captures/ and the seeds into an empty project: tests/ingest_golden/, the
content files ingest writes and its --dry-run --json records).

`python tests/update_golden.py` rebuilds every expected tree after an intended
change; review the diff with git before committing it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from generator.build import build
from generator.search import INDEX_FOLDER

SITES = Path(__file__).parent / "sites"
CAPTURES = Path(__file__).parent / "captures"
SEEDS = Path(__file__).parent.parent / "seeds"
INGEST_GOLDEN = Path(__file__).parent / "ingest_golden"
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
    """The site's files, without the search index: Pagefind's binary output, made after
    every build (tests/test_search.py checks it), is no golden of ours."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] != INDEX_FOLDER}


def ingest_scenario(out: Path) -> None:
    """Ingest the test captures and the seeds into an empty project; write to `out` the
    content files it made and its records (what --dry-run --json prints), paths relative."""
    from generator.ingest.pipeline import article_record, plan_ingest, write_plan

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        shutil.copytree(CAPTURES, root / "captures")
        shutil.copytree(SEEDS, root / "captures" / "seeds")
        plan = plan_ingest(root, [root / "captures"])
        write_plan(plan, root)
        records = []
        for article in plan.articles:
            record = article_record(article.capture, article)
            record["file"] = Path(record["file"]).relative_to(root).as_posix()
            records.append(record)
        findings = [p.as_dict(root) for p in [*plan.skipped, *plan.review]]
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(root / "content", out / "content")
        (out / "records.json").write_text(
            json.dumps({"articles": records, "findings": findings}, indent=1,
                       ensure_ascii=False) + "\n", encoding="utf-8")
