"""Incremental rebuilds (chronicle serve) give exactly the bytes of a clean build."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from conftest import write_files
from golden import tree

from generator.build import IncrementalBuilder, build
from generator.errors import ContentErrors

ACTORS = ["ann", "bob", "cy", "dee"]


def event_text(rng: random.Random, n: int) -> str:
    year = rng.choice([2001, 2002, 2003])
    date = rng.choice([f"{year}", f"{year}-0{rng.randrange(1, 9)}",
                       f"{year}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}"])
    actors = rng.sample(ACTORS, rng.randrange(0, 3))
    tags = rng.sample(["treaty", "Treaty", "visit", "letter"], rng.randrange(0, 3))
    status = "draft" if rng.random() < 0.1 else "published"
    return (f"---\ntitle: Event {n} v{rng.randrange(1000)}\ndate: {date}\n"
            f"actors: [{', '.join(actors)}]\ntags: [{', '.join(tags)}]\nstatus: {status}\n"
            f"summary: Summary {rng.randrange(1000)}.\n"
            f"quotes:\n  - text: Quoted words\n    source: s{n % 3}\n"
            f"    line: {rng.randrange(1, 3)}\n"
            f"---\nBody citing [@s{(n + 1) % 3}].\n")


def corpus(root: Path, rng: random.Random) -> None:
    files = {"chronicle.yaml": "title: Random\nper_page: 4\nrelated_events: 2\n"}
    for actor in ACTORS:
        files[f"content/actors/{actor}.md"] = f"---\nname: {actor.title()}\n---\n"
    for n in range(3):
        files[f"content/sources/s{n}.md"] = f"---\ntitle: Source {n}\n---\nOne\nTwo\nThree\n"
    for n in range(12):
        files[f"content/events/e{n}.md"] = event_text(rng, n)
    write_files(root, files)


def random_edit(root: Path, rng: random.Random, step: int) -> Path:
    """Make one random change, as a person would; return the file it touched."""
    events = sorted((root / "content/events").glob("*.md"))
    kind = rng.choice(["edit", "edit", "edit", "retitle", "retitle", "add", "delete", "actor",
                       "source", "config"])
    if kind == "retitle":  # keeps the event where it is listed: the fast path
        path = rng.choice(events)
        text = path.read_text().split("\n", 2)
        path.write_text(f"{text[0]}\ntitle: Retitled {step}\n{text[2]}")
    elif kind == "edit" or (kind == "delete" and len(events) < 4):
        path = rng.choice(events)
        path.write_text(event_text(rng, int(path.stem[1:])))
    elif kind == "add":
        path = root / f"content/events/e{100 + step}.md"
        path.write_text(event_text(rng, 100 + step))
    elif kind == "delete":
        path = rng.choice(events)
        path.unlink()
    elif kind == "actor":
        path = root / f"content/actors/{rng.choice(ACTORS)}.md"
        path.write_text(f"---\nname: {path.stem} {step}\n---\n")
    elif kind == "source":
        path = root / f"content/sources/s{rng.randrange(3)}.md"
        path.write_text(f"---\ntitle: Source {path.stem} ({step})\npublisher: P{step}\n---\n"
                        f"One\nTwo {step}\nThree\n")
    else:
        path = root / "chronicle.yaml"
        path.write_text(f"title: Random {step}\nper_page: {rng.randrange(2, 6)}\nnewest_first: "
                        f"{'true' if rng.random() < 0.5 else 'false'}\n")
    return path


@pytest.mark.parametrize(("seed", "tell_changes"), [(1, True), (2, True), (3, False)])
def test_random_edits_match_a_clean_build(tmp_path: Path, seed: int, tell_changes: bool) -> None:
    """With the changed file named (as serve does) or not, output equals a clean build."""
    rng = random.Random(seed)
    root = tmp_path / "project"
    corpus(root, rng)
    builder = IncrementalBuilder(root, tmp_path / "live")
    builder.rebuild()
    for step in range(30):
        changed = random_edit(root, rng, step)
        builder.rebuild({changed} if tell_changes else None)
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build(root, clean)
        assert tree(tmp_path / "live") == tree(clean), f"step {step} differs"


def test_one_edit_re_renders_only_what_shows_it(tmp_path: Path) -> None:
    root = tmp_path / "project"
    corpus(root, random.Random(5))
    builder = IncrementalBuilder(root, tmp_path / "live")
    everything = builder.rebuild().written
    assert builder.rebuild().written == []
    source = root / "content/sources/s0.md"
    source.write_text(source.read_text().replace("Three", "Three, amended"))
    plan = builder.last
    written = builder.rebuild({source}).written
    assert builder.last is plan  # the edit moved nothing: the plan was patched, not redone
    assert "sources/s0/index.html" in written
    assert "events.json" in written
    assert len(written) < len(everything) / 3


def test_a_failed_rebuild_writes_nothing_and_the_next_good_one_recovers(tmp_path: Path) -> None:
    root = tmp_path / "project"
    corpus(root, random.Random(6))
    live = tmp_path / "live"
    builder = IncrementalBuilder(root, live)
    builder.rebuild()
    before = tree(live)
    event = root / "content/events/e1.md"
    good = event.read_text()
    event.write_text(good.replace("date: ", "date: 2003-13-45 #", 1))
    with pytest.raises(ContentErrors, match=r"e1\.md:3"):
        builder.rebuild()
    assert tree(live) == before
    event.write_text(good.replace("title: Event 1", "title: Event one"))
    builder.rebuild()
    assert b"Event one" in (live / "events/e1/index.html").read_bytes()


def test_after_a_failed_patch_the_next_edit_is_checked_in_full(tmp_path: Path) -> None:
    """A template that fails on one event's title must keep failing while that title stays."""
    root = tmp_path / "project"
    corpus(root, random.Random(7))
    theme = root / "themes/mine/templates"
    theme.mkdir(parents=True)
    default = (Path(__file__).resolve().parent.parent / "themes/default/templates/event.html")
    (theme / "event.html").write_text(default.read_text().replace(
        "{% block content %}", "{% block content %}{% if event.title == 'boom' %}"
        "{{ no_such_name }}{% endif %}", 1))
    (root / "chronicle.yaml").write_text("title: Random\ntheme: mine\n")
    builder = IncrementalBuilder(root, tmp_path / "live")
    builder.rebuild()
    first, second = root / "content/events/e1.md", root / "content/events/e2.md"
    text = first.read_text().split("\n", 2)
    first.write_text(f"{text[0]}\ntitle: boom\n{text[2]}")
    with pytest.raises(ContentErrors, match="no_such_name"):
        builder.rebuild({first})
    text = second.read_text().split("\n", 2)
    second.write_text(f"{text[0]}\ntitle: Another title\n{text[2]}")
    with pytest.raises(ContentErrors, match="no_such_name"):
        builder.rebuild({second})


def test_deferred_exports_are_written_by_finish(tmp_path: Path) -> None:
    """serve updates the page first and the data exports right after: the end state is a
    clean build's."""
    rng = random.Random(9)
    root = tmp_path / "project"
    corpus(root, rng)
    builder = IncrementalBuilder(root, tmp_path / "live")
    builder.rebuild()
    path = next(p for p in sorted((root / "content/events").glob("*.md"))
                if "status: draft" not in p.read_text())  # a draft is in no export
    text = path.read_text().split("\n", 2)
    path.write_text(f"{text[0]}\ntitle: Deferred\n{text[2]}")
    before = (tmp_path / "live/events.json").read_bytes()
    result = builder.rebuild({path}, defer_exports=True)
    assert "events.json" not in result.written
    assert (tmp_path / "live/events.json").read_bytes() == before
    assert "events.json" in builder.finish()
    build(root, tmp_path / "clean")
    assert tree(tmp_path / "live") == tree(tmp_path / "clean")
