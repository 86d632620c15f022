"""Rendering in worker processes gives the same bytes as a serial build, and the same errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import write_files
from golden import tree

from generator import parallel
from generator.build import build
from generator.errors import ContentErrors


def project(root: Path, theme_error: bool = False) -> Path:
    files = {"chronicle.yaml": "title: P\nper_page: 7\nsearch: off\n",
             "content/actors/ann.md": "---\nname: Ann\n---\n",
             "content/sources/s.md": "---\ntitle: S\n---\none\ntwo\n"}
    for n in range(40):
        files[f"content/events/e{n:02d}.md"] = (
            f"---\ntitle: Event {n}\ndate: {1990 + n % 9}-0{1 + n % 9}-1{n % 10}\n"
            f"actors: [ann]\ntags: [t{n % 3}]\n---\nSaid [@s, line 2].\n")
    if theme_error:
        files["themes/broken/templates/event.html"] = "{{ no_such_function() }}\n"
        files["chronicle.yaml"] += "theme: broken\n"
    return write_files(root, files)


def test_workers_write_what_a_serial_build_writes(tmp_path: Path, monkeypatch):
    root = project(tmp_path / "p")
    serial = build(root, tmp_path / "serial", jobs=1)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_OUTPUTS", 1)
    forked = build(root, tmp_path / "forked", jobs=3)
    assert tree(tmp_path / "forked") == tree(tmp_path / "serial")
    assert forked.files == serial.files


def test_list_entries_are_rendered_by_workers_once_for_all(tmp_path: Path, monkeypatch):
    from generator.config import load_config
    from generator.model import load_content
    from generator.render import Renderer
    from generator.site import plan_site

    root = project(tmp_path / "p")
    site = plan_site(load_content(root, load_config(root)))
    monkeypatch.setattr(parallel, "PARALLEL_MIN_OUTPUTS", 1)
    renderer = Renderer(site)
    parallel.render_entries(renderer, 2)
    assert renderer._entries == Renderer(site).rendered_entries(site.events)
    assert len(renderer._entries) == len(site.events) == 40


def test_content_parsed_in_workers_reports_the_errors_a_serial_read_does(tmp_path, monkeypatch):
    root = project(tmp_path / "p")
    write_files(root, {"content/events/e03.md": "---\ntitle: [unclosed\n---\n",
                       "content/events/e04.md": "---\ntitle: x\ndate: someday\n---\n"})
    with pytest.raises(ContentErrors) as serial:
        build(root, tmp_path / "serial", jobs=1)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_OUTPUTS", 1)
    assert len(parallel.parse_documents([str(p) for p in root.rglob("*.md")], 2)) == 42
    with pytest.raises(ContentErrors) as forked:
        build(root, tmp_path / "forked", jobs=2)
    assert str(forked.value) == str(serial.value)
    assert "e03.md:3: error" in str(serial.value) and "e04.md:3: error" in str(serial.value)


def test_a_template_error_in_a_worker_is_reported_once_and_nothing_written(tmp_path, monkeypatch):
    root = project(tmp_path / "p", theme_error=True)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_OUTPUTS", 1)
    with pytest.raises(ContentErrors) as raised:
        build(root, tmp_path / "site", jobs=2)
    assert str(raised.value).count("event.html:1: error: template error") == 1
    assert not (tmp_path / "site").exists()


def test_ingest_reads_captures_in_workers_with_the_same_result(tmp_path: Path, monkeypatch):
    from golden import CAPTURES, SEEDS

    from generator.ingest import pipeline

    root = tmp_path / "project"
    shutil.copytree(CAPTURES, root / "captures")
    shutil.copytree(SEEDS, root / "captures" / "seeds")
    serial = pipeline.plan_ingest(root, [root / "captures"], jobs=1)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_CAPTURES", 1)
    forked = pipeline.plan_ingest(root, [root / "captures"], jobs=2)
    records = [[pipeline.article_record(a.capture, a) for a in plan.articles]
               for plan in (serial, forked)]
    assert records[0] == records[1] and len(records[0]) > 5
    assert [p.as_dict(root) for p in serial.skipped + serial.review] == \
        [p.as_dict(root) for p in forked.skipped + forked.review]


def test_serves_first_build_in_workers_matches_a_clean_build(tmp_path: Path, monkeypatch):
    from generator.build import IncrementalBuilder

    root = project(tmp_path / "p")
    monkeypatch.setattr(parallel, "PARALLEL_MIN_OUTPUTS", 1)
    builder = IncrementalBuilder(root, tmp_path / "live")
    builder.rebuild()
    path = root / "content/events/e05.md"
    path.write_text(path.read_text().replace("title: Event 5", "title: Event five"))
    builder.rebuild({path})
    build(root, tmp_path / "clean", jobs=1)
    assert tree(tmp_path / "live") == tree(tmp_path / "clean")


def test_without_shared_memory_for_workers_one_process_builds(tmp_path: Path, monkeypatch):
    class NoLocks:
        def Pool(self, *args: object):  # multiprocessing's name
            raise OSError(38, "Function not implemented")  # a container without /dev/shm

    root = project(tmp_path / "p")
    monkeypatch.setattr(parallel, "PARALLEL_MIN_OUTPUTS", 1)
    monkeypatch.setattr(parallel.multiprocessing, "get_context", lambda method: NoLocks())
    build(root, tmp_path / "site", jobs=2)
    build(root, tmp_path / "serial", jobs=1)
    assert tree(tmp_path / "site") == tree(tmp_path / "serial")
