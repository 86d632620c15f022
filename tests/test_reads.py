"""A project's own templates may show any content: what they read is recorded while they
render, and an edit to it renders their pages again (generator/reads.py), in one-shot builds
and in serve, with the bytes of a clean build."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from conftest import MINIMAL, write_files
from golden import tree
from test_incremental import corpus, random_edit

from generator.build import IncrementalBuilder, build
from generator.config import load_config
from generator.errors import Collector
from generator.model import load_content
from generator.render import Renderer, render_output
from generator.site import plan_site

# Shows what no default template shows on every page: the latest event's title, each
# actor's name, an item of a collection and a call's result.
FOOTER = ("<footer>Latest: {{ site.events[-1].title }}."
          "{% for actor in site.content.actors.values()|sort(attribute='id') %} {{ actor.name }}"
          "{% endfor %}. First source: {{ site.source('src').publisher }}.</footer>\n")
CUSTOM = {"themes/default/templates/_footer.html": FOOTER}


def _reads(root: Path) -> dict[str, tuple]:
    site = plan_site(load_content(root, load_config(root)))
    return {o.name: render_output(o, Collector())[1] for o in Renderer(site).outputs()}


def test_the_default_theme_records_nothing(tmp_path: Path) -> None:
    root = write_files(tmp_path / "p", MINIMAL)
    assert not any(_reads(root).values())


def test_a_project_template_records_the_content_and_collections_it_reads(tmp_path: Path):
    root = write_files(tmp_path / "p", {**MINIMAL, **CUSTOM})
    reads = _reads(root)["index.html"]
    assert {("site", "events"), ("events", "2020-01-01-first"), ("content", "actors"),
            ("actors", "ann"), ("sources", "src")} <= set(reads)


EDITS = {
    "a title": ("content/events/2020-01-01-first.md", "title: First", "title: Premier"),
    "an actor's name": ("content/actors/ann.md", "name: Ann", "name: Anne"),
    "a publisher": ("content/sources/src.md", "publisher: Daily", "publisher: Weekly"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_only_a_project_template_shows_reaches_every_page(tmp_path: Path,
                                                                  edit: str) -> None:
    root = write_files(tmp_path / "p", {**MINIMAL, **CUSTOM,
                                        "content/actors/bob.md": "---\nname: Bob\n---\n"})
    build(root, root / "site")
    served = IncrementalBuilder(root, tmp_path / "served")
    served.rebuild()
    name, old, new = EDITS[edit]
    path = root / name
    path.write_text(path.read_text().replace(old, new))
    build(root, root / "site")
    served.rebuild({path})
    build(root, tmp_path / "clean", use_cache=False)
    assert new.split(": ")[1] in (root / "site/sources/index.html").read_text()
    assert tree(root / "site") == tree(tmp_path / "clean")
    assert tree(tmp_path / "served") == tree(tmp_path / "clean")


def test_builds_with_a_project_template_after_random_edits_match_clean_builds(tmp_path):
    rng = random.Random(7)
    root = tmp_path / "project"
    corpus(root, rng)
    write_files(root, {"themes/default/templates/_footer.html": FOOTER.replace(
        "site.source('src')", "site.source('s1')")})
    build(root, tmp_path / "live")
    served = IncrementalBuilder(root, tmp_path / "served")
    served.rebuild()
    for step in range(20):
        changed = random_edit(root, rng, step)
        build(root, tmp_path / "live")
        served.rebuild({changed})
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build(root, clean, use_cache=False)
        assert tree(tmp_path / "live") == tree(clean), f"step {step}: one-shot build differs"
        assert tree(tmp_path / "served") == tree(clean), f"step {step}: serve differs"


def test_a_page_that_reads_something_new_after_an_edit_shows_its_next_edit(
        tmp_path: Path) -> None:
    """The edit makes the page show bob: bob's next edit must reach it, though the last full
    build never saw the page read bob (the patch renders it again: its event is still
    edited since that build)."""
    event_page = ("<h1>{{ event.title }}</h1>{% if event.title == 'Premier' %}"
                  "<p>{{ site.actor('bob').name }}</p>{% endif %}\n")
    root = write_files(tmp_path / "p", {**MINIMAL, "content/actors/bob.md": "---\nname: Bob\n---\n",
                                        "themes/default/templates/event.html": event_page})
    build(root, root / "site")
    for name, old, new in [("content/events/2020-01-01-first.md", "title: First", "title: Premier"),
                           ("content/actors/bob.md", "name: Bob", "name: Robert")]:
        path = root / name
        path.write_text(path.read_text().replace(old, new))
        build(root, root / "site")
    assert "Robert" in (root / "site/events/2020-01-01-first/index.html").read_text()
    assert tree(root / "site") == tree(_clean(root, tmp_path / "clean"))


def _clean(root: Path, folder: Path) -> Path:
    build(root, folder, use_cache=False)
    return folder
