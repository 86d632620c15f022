"""The build cache between one-shot builds: the same bytes as a clean build, only a cache this
machine wrote is ever read, and a changed output folder is never mistaken for the last one."""

from __future__ import annotations

import gc
import os
import pickle
import random
import re
import shutil
from functools import partial
from pathlib import Path

import pytest
from conftest import MINIMAL, write_files
from golden import tree
from test_incremental import corpus, random_edit

import generator.build
import generator.cache
import generator.exports
from generator.build import _enable_gc_as_old, build, content_files
from generator.cache import (
    CACHE_FILE,
    CACHE_FOLDER,
    DOCUMENTS_FILE,
    JOURNAL_FILE,
    PLAN_FILE,
    SIGNATURE_BYTES,
    BuildCache,
    load_cache,
    load_documents,
    load_entries,
    load_parts,
    load_plan,
    save_cache,
)
from generator.errors import ContentErrors


def test_one_shot_builds_after_random_edits_match_clean_builds(tmp_path: Path) -> None:
    rng = random.Random(5)
    root = tmp_path / "project"
    corpus(root, rng)
    build(root, tmp_path / "live")
    for step in range(25):
        random_edit(root, rng, step)
        build(root, tmp_path / "live")
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build(root, clean, use_cache=False)
        assert tree(tmp_path / "live") == tree(clean), f"step {step} differs"


def test_a_patch_reuses_the_list_entries_its_full_build_kept_and_never_a_stale_one(
        tmp_path: Path, monkeypatch) -> None:
    import generator.parallel
    import generator.render

    monkeypatch.setattr(generator.parallel, "PARALLEL_MIN_OUTPUTS", 1)  # entries kept as at scale
    rendered: list[str] = []  # the events whose entry a patch renders afresh
    render = generator.render.Renderer._render_entry

    def counted(self, key, event):  # type: ignore[no-untyped-def]
        if generator.render._entry_digest(key) not in self.stored_entries:
            rendered.append(event.id)
        return render(self, key, event)

    monkeypatch.setattr(generator.render.Renderer, "_render_entry", counted)
    rng = random.Random(11)
    root = tmp_path / "project"
    corpus(root, rng)
    build(root, tmp_path / "live", jobs=2)
    assert load_entries(root, load_cache(root).token)  # kept by the full build
    texts = {path: path.read_text() for path in sorted((root / "content/events").iterdir())}
    event = next(path for path, text in texts.items()  # listed, with an actor
                 if "status: published" in text and "actors: []" not in text)
    event.write_text(event.read_text().replace("title: ", "title: Renamed ", 1))
    rendered.clear()
    assert 0 < build(root, tmp_path / "live", jobs=2).rendered < 50  # a patch
    assert rendered == [event.stem]  # every other entry its lists show was kept
    added = root / "content/events/e200.md"  # a full build that renders only some pages
    added.write_text(texts[event].replace("title: ", "title: Added ", 1))
    build(root, tmp_path / "live", jobs=2)
    event.write_text(event.read_text().replace("title: ", "title: Again ", 1))
    rendered.clear()
    build(root, tmp_path / "live", jobs=2)
    assert event.stem in rendered and set(rendered) <= {event.stem, added.stem}  # still kept
    actor = re.search(r"actors: \[(\w+)", event.read_text())
    assert actor
    (root / f"content/actors/{actor[1]}.md").write_text("---\nname: Renamed Actor\n---\n")
    edits = [lambda step: None, *[partial(random_edit, root, rng)] * 8]
    for step, edit in enumerate(edits):  # the patches show what a clean build shows
        edit(step)
        build(root, tmp_path / "live", jobs=2)
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build(root, clean, use_cache=False)
        assert tree(tmp_path / "live") == tree(clean), f"step {step} differs"


def test_a_full_build_parses_only_the_files_that_changed_since_the_last(tmp_path: Path,
                                                                        monkeypatch) -> None:
    import generator.frontmatter

    parsed: list[str] = []
    parse = generator.frontmatter.parse_document

    def counted(path: Path, text: str):  # type: ignore[no-untyped-def]
        parsed.append(path.name)
        return parse(path, text)

    monkeypatch.setattr(generator.frontmatter, "parse_document", counted)
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, root / "site")
    assert load_documents(root, load_cache(root).token)  # kept by the full build
    parsed.clear()
    write_files(root, {"content/actors/bob.md": "---\nname: Bob\n---\n"})  # a full build
    edited = root / "content/events/2020-01-01-first.md"
    edited.write_text(edited.read_text().replace("title: First", "title: Premier"))
    build(root, root / "site")
    assert sorted(parsed) == ["2020-01-01-first.md", "bob.md"]
    clean = tmp_path / "clean"
    build(root, clean, use_cache=False)
    assert tree(root / "site") == tree(clean)


def test_a_full_build_takes_each_content_files_stat_once(tmp_path: Path, monkeypatch) -> None:
    """The listing's stat is the one each file is read under: reading it takes none again."""
    import generator.frontmatter

    taken: list[str] = []
    stat = os.stat
    monkeypatch.setattr(generator.frontmatter.os, "stat",
                        lambda path, *a, **k: taken.append(str(path)) or stat(path, *a, **k))
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, root / "site", use_cache=False)
    assert (root / "site/events/2020-01-01-first/index.html").is_file()
    assert not [path for path in taken if path.endswith(".md")]


def test_an_unchanged_page_is_taken_from_the_last_build_and_an_edited_one_rendered(tmp_path):
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, root / "site")
    event = root / "site/events/2020-01-01-first/index.html"
    source = root / "site/actors/index.html"  # shows no event title
    before = (event.stat().st_ino, source.stat().st_ino)
    path = root / "content/events/2020-01-01-first.md"
    path.write_text(path.read_text().replace("title: First", "title: Premier"))
    build(root, root / "site")
    assert event.stat().st_ino != before[0] and "Premier" in event.read_text()
    assert source.stat().st_ino == before[1]  # a hard link to the last build's file


@pytest.mark.parametrize("name", [CACHE_FILE, PLAN_FILE])
def test_a_cache_this_machine_did_not_sign_is_never_read(tmp_path: Path, name: str) -> None:
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, root / "site")
    trap = tmp_path / "ran"

    class Payload:  # unpickling this would create `trap`
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.mkdir, (str(trap),))

    data = pickle.dumps(Payload())
    (root / CACHE_FOLDER / name).write_bytes(b"\0" * SIGNATURE_BYTES + data)
    assert load_cache(root).fingerprints == {} if name == CACHE_FILE \
        else load_plan(root, load_cache(root).token) is None
    build(root, root / "site")
    write_files(root, {"content/actors/bob.md": "---\nname: Bob\n---\n"})  # a full build
    build(root, root / "site")
    assert not trap.exists()
    assert load_plan(root, load_cache(root).token)  # its own cache again


def test_a_folder_that_is_not_the_last_build_is_rendered_afresh(tmp_path: Path) -> None:
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, tmp_path / "a")
    build(root, tmp_path / "b")  # the cache now describes b
    (tmp_path / "a/events/2020-01-01-first/index.html").write_text("tampered")
    build(root, tmp_path / "a")
    assert "tampered" not in (tmp_path / "a/events/2020-01-01-first/index.html").read_text()
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_a_cache_folder_that_links_elsewhere_is_never_written(tmp_path: Path) -> None:
    root = write_files(tmp_path / "p", MINIMAL)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / CACHE_FOLDER).symlink_to(elsewhere)
    build(root, root / "site")
    assert list(elsewhere.iterdir()) == []


def test_a_cache_file_that_links_elsewhere_is_replaced_never_written_through(
        tmp_path: Path, monkeypatch) -> None:
    import generator.parallel

    monkeypatch.setattr(generator.parallel, "PARALLEL_MIN_OUTPUTS", 1)  # entries are kept
    root = tmp_path / "project"
    corpus(root, random.Random(3))
    build(root, root / "site", jobs=2)
    names = [p.name for p in (root / CACHE_FOLDER).iterdir() if p.suffix == ".pickle"]
    assert sorted(names) == sorted([CACHE_FILE, PLAN_FILE, DOCUMENTS_FILE, "entries.pickle"])
    for name in names:
        target = tmp_path / f"target-{name}"
        target.write_text("kept")
        (root / CACHE_FOLDER / name).unlink()
        (root / CACHE_FOLDER / name).symlink_to(target)
    write_files(root, {"content/actors/zed.md": "---\nname: Zed\n---\n"})  # a full build
    build(root, root / "site", jobs=2)
    assert [(tmp_path / f"target-{name}").read_text() for name in names] == ["kept"] * 4
    assert not any((root / CACHE_FOLDER / name).is_symlink() for name in names)


def test_the_cache_comes_back_whole_from_its_pieces(tmp_path: Path) -> None:
    """save_cache pickles the cache's fields, and each export's parts, one by one (each
    with a memo of its own); load_cache puts them together again."""
    cache = BuildCache(out="/site", marker=(1, 2, 3), fingerprints={"index.html": "f1"},
                       parts={"events.json": {"e": ("k", "{}")}, "events.ics": {"e": ("k", b"V")}},
                       token="t", scope="s", files={"content/events/e.md": (5, 6)},
                       dependents={("events", "e"): ("index.html",)}, count=7,
                       reads={"index.html": (("f", "h"),)})
    save_cache(tmp_path, cache)
    assert load_cache(tmp_path) == cache


def test_a_large_dict_comes_back_whole_from_its_pieces_and_only_for_its_build(tmp_path):
    """The parsed documents and list entries are written in pieces of ITEMS_PER_PIECE (each
    with a memo of its own): read back, they are one dict again, and only for their token."""
    entries = {f"key-{n}".encode(): f"<li>{n % 7}</li>" for n in range(5003)}
    path = tmp_path / "entries"
    with open(path, "wb") as file:
        generator.cache._write_signed(("token", entries), file)
    names = list(generator.cache._load_signed(path) or {})
    assert len(names) == 1 + -(-len(entries) // generator.cache.ITEMS_PER_PIECE)
    assert generator.cache._of_build(path, "token") == entries
    assert generator.cache._of_build(path, "another") is None


def test_a_build_into_another_folder_reads_only_what_it_can_use_of_the_cache(tmp_path: Path):
    """What each output showed and which outputs show each file describe one folder: a
    build into another (or an emptied) folder leaves them unread, and reads the exports'
    parts later."""
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, root / "site")
    whole = load_cache(root, root / "site")
    assert whole.fingerprints and whole.files and whole.dependents and whole.parts
    shutil.rmtree(root / "site")
    emptied = load_cache(root, root / "site")
    assert (emptied.fingerprints, emptied.files, emptied.dependents) == ({}, {}, {})
    assert emptied.parts == {} and emptied.token == whole.token
    assert load_parts(root, emptied.token) == whole.parts  # read once the plan's child forked
    assert load_parts(root, "another build's") == {}


def test_a_full_build_reuses_the_exports_parts_the_last_one_made(tmp_path: Path, monkeypatch):
    """Into an emptied folder too: the parts are read once the render workers have forked."""
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, root / "site")
    made: list[object] = []
    row = generator.exports._event_row
    monkeypatch.setattr(generator.exports, "_event_row", lambda *a: made.append(a) or row(*a))
    shutil.rmtree(root / "site")
    build(root, root / "site")
    assert made == [] and (root / "site/events.csv").is_file()


def test_paths_come_back_from_the_plan_as_they_went_in(tmp_path: Path) -> None:
    """The plan pickles a path as its folder (one object for the folder's paths) and its
    name; a root or '.' has no name and pickles whole."""
    from pathlib import PurePosixPath

    paths = [Path("/a/b/c.md"), Path("/a/b/d.md"), Path("rel/x.md"), Path("x.md"), Path("/"),
             Path("."), PurePosixPath("/p/q")]
    with open(tmp_path / "plan", "wb") as file:
        generator.cache._write_signed(("token", paths), file)
    back = generator.cache._load_signed(tmp_path / "plan")["plan"][1]  # type: ignore[index]
    assert back == paths and [type(p) for p in back] == [type(p) for p in paths]
    assert [(str(p), p.parts, p.parent, hash(p)) for p in back] \
        == [(str(p), p.parts, p.parent, hash(p)) for p in paths]


def test_a_front_matter_error_survives_pickling_whole() -> None:
    from generator.frontmatter import FrontMatterError

    error = pickle.loads(pickle.dumps(FrontMatterError(3, "not valid YAML", "yaml")))
    assert (error.line, error.message, error.kind) == (3, "not valid YAML", "yaml")


def test_a_home_where_no_key_can_be_kept_only_costs_the_cache(tmp_path: Path, monkeypatch):
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, root / "site")  # a cache signed with the usual key
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # the key's folder cannot be made
    build(root, root / "site")
    assert (root / "site/index.html").is_file()
    assert load_cache(root).fingerprints == {}


def test_compiled_templates_are_kept_outside_the_project_and_recompiled_when_edited(
        tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    footer = "themes/default/templates/_footer.html"
    root = write_files(tmp_path / "p", {**MINIMAL, footer: "<footer>one</footer>\n"})
    build(root, root / "site")
    kept = list((tmp_path / "home-cache/chronicle").glob("templates-*/*.cache"))
    assert len(kept) >= 5  # base, event, the footer, …: compiled once for later processes
    assert not [p for p in root.rglob("*.cache")]  # compiled code is never the project's
    write_files(root, {footer: "<footer>two</footer>\n"})
    build(root, root / "site")
    assert "<footer>two</footer>" in (root / "site/index.html").read_text()


def test_a_template_cache_that_cannot_be_written_is_no_cache(tmp_path: Path) -> None:
    import jinja2

    from generator.render import _TemplateCache

    bucket = jinja2.bccache.Bucket(jinja2.Environment(), "key", "checksum")
    bucket.code = compile("x = 1", "<template>", "exec")
    _TemplateCache(str(tmp_path / "gone")).dump_bytecode(bucket)  # no folder: no error
    assert not (tmp_path / "gone").exists()


def _retitle(root: Path, title: str) -> None:
    path = root / "content/events/2020-01-01-first.md"
    path.write_text(re.sub(r"title: .*", f"title: {title}", path.read_text()))


def _clean_tree(root: Path, folder: Path) -> dict:
    build(root, folder, use_cache=False)
    return tree(folder)


def test_an_edit_that_keeps_every_event_in_place_is_patched_into_the_site(tmp_path: Path):
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, root / "site")
    folder = (root / "site").stat().st_ino
    _retitle(root, "Premier")
    result = build(root, root / "site")
    assert (root / "site").stat().st_ino == folder  # files replaced in it, not a new site
    assert 0 < result.rendered < result.files
    assert "Premier" in (root / "site/events/2020-01-01-first/index.html").read_text()
    assert tree(root / "site") == _clean_tree(root, tmp_path / "clean")


def test_what_a_patch_made_with_the_gc_off_is_old_when_it_is_back_on(tmp_path: Path):
    """The first collection after a plain gc.enable() scans every object made while it was
    off (0.1 s after loading a 10,000-event plan); the patch's objects are counted as old."""
    gc.disable()
    made = [[] for _ in range(5000)]
    _enable_gc_as_old()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert any(found is made for found in gc.get_objects(generation=2))
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, root / "site")
    _retitle(root, "Premier")
    assert build(root, root / "site").rendered > 0
    assert gc.isenabled() and gc.get_freeze_count() == 0


@pytest.mark.parametrize("journal", ["kept", "lost"])
def test_a_full_build_after_a_patch_renders_the_patched_files_again(tmp_path: Path,
                                                                    journal: str) -> None:
    """The patch left its files newer than the fingerprints of the last full build: an edit
    undone must not take them as that build's."""
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, root / "site")
    _retitle(root, "Premier")
    build(root, root / "site")
    if journal == "lost":
        (root / CACHE_FOLDER / JOURNAL_FILE).unlink()
    _retitle(root, "First")
    write_files(root, {"content/actors/bob.md": "---\nname: Bob\n---\n"})  # a full build
    build(root, root / "site")
    assert tree(root / "site") == _clean_tree(root, tmp_path / "clean")


def test_a_failed_patch_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    event_page = ("<h1>{{ event.title }}</h1>{% if event.title == 'Boom' %}{{ event.no_such }}"
                  "{% endif %}\n")
    root = write_files(tmp_path / "p", {**MINIMAL,
                                        "themes/default/templates/event.html": event_page})
    build(root, root / "site")
    before = tree(root / "site")
    _retitle(root, "Boom")
    with pytest.raises(ContentErrors) as failed:
        build(root, root / "site")
    assert "event.html" in str(failed.value.problems[0].path)
    assert tree(root / "site") == before
    _retitle(root, "Fine")
    build(root, root / "site")
    assert tree(root / "site") == _clean_tree(root, tmp_path / "clean")


def test_a_content_file_that_is_a_link_makes_a_full_build(tmp_path: Path) -> None:
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, root / "site")
    (root / "content/actors/bob.md").symlink_to(root / "content/actors/ann.md")
    assert content_files(root) is None
    folder = (root / "site").stat().st_ino
    _retitle(root, "Premier")
    build(root, root / "site")
    assert (root / "site").stat().st_ino != folder  # a new site, not patched in place
    assert tree(root / "site") == _clean_tree(root, tmp_path / "clean")


@pytest.mark.parametrize("limit", ["PATCH_FILES", "PATCH_OUTPUTS"])
def test_more_edits_than_a_patch_takes_make_a_full_build(tmp_path: Path, monkeypatch,
                                                         limit: str) -> None:
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, root / "site")
    monkeypatch.setattr(generator.build, limit, 0)
    folder = (root / "site").stat().st_ino
    _retitle(root, "Premier")
    result = build(root, root / "site")
    assert (root / "site").stat().st_ino != folder  # a new site, not patched in place
    assert 0 < result.rendered < result.files  # only what the edit moved: the rest is linked
    assert tree(root / "site") == _clean_tree(root, tmp_path / "clean")


def test_a_plan_a_killed_build_left_is_removed_by_the_next(tmp_path: Path) -> None:
    root = write_files(tmp_path / "p", MINIMAL)
    build(root, root / "site")
    dead = root / CACHE_FOLDER / f".{PLAN_FILE}-{2**22 + 12345}"  # no process has this id
    dead.write_bytes(b"half a plan")
    write_files(root, {"content/actors/bob.md": "---\nname: Bob\n---\n"})  # a full build
    build(root, root / "site")
    assert not dead.exists()
    assert sorted(p.name for p in (root / CACHE_FOLDER).iterdir()) == sorted(
        [".gitignore", CACHE_FILE, PLAN_FILE, DOCUMENTS_FILE, JOURNAL_FILE])


def test_a_plan_its_writer_could_not_write_is_no_plan_and_the_build_goes_on(tmp_path: Path,
                                                                            monkeypatch):
    """The plan is pickled by a forked child: its failure costs the next build its patch,
    never this build, and leaves no file behind."""
    root = write_files(tmp_path / "p", MINIMAL)
    write_signed = generator.cache._write_signed

    def fail_on_the_plan(value: object, file) -> None:
        if isinstance(value, tuple):  # (token, site): the plan, not the cache
            raise pickle.PicklingError("cannot pickle this plan")
        write_signed(value, file)

    monkeypatch.setattr(generator.cache, "_write_signed", fail_on_the_plan)
    assert build(root, root / "site").files > 0
    assert sorted(p.name for p in (root / CACHE_FOLDER).iterdir()) == sorted(
        [".gitignore", CACHE_FILE, JOURNAL_FILE])
    monkeypatch.undo()
    build(root, root / "site", use_cache=True)  # a full build, which keeps its plan again
    assert (root / CACHE_FOLDER / PLAN_FILE).is_file()


def test_the_plans_slotted_objects_pickle_as_their_constructors_arguments():
    """PickledByFields: each field comes back in its place, defaults and None included."""
    from generator.dates import ChronoDate
    from generator.model import Quote
    from generator.site import MonthGroup, Page
    from generator.timeline import Mark, Tick

    day = ChronoDate(2024, 10, 7)
    objects = [day, ChronoDate(None, 10, 7), Quote("Said.", "ann", "s", None, 12),
               Page("events/x/", "event.html", {"n": 1}, Path("content/events/x.md"), False, 3),
               MonthGroup(day, "m-2024-10", []), Tick(0.5, "2024"),
               Mark(0.1, 0.0, 1, 1.0, "events/x/", day, None, None, 2)]
    for original in objects:
        copy = pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(copy) is type(original) and copy == original
        assert copy.__reduce__()[1] == tuple(getattr(original, f) for f in original.__slots__)
