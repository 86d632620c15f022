"""`chronicle build`: the pipeline, read top to bottom as a list of steps.

config -> content (read + validate everything) -> page plan (URLs, collisions)
-> render -> atomic write. Nothing is written until everything has been read.
"""

from __future__ import annotations

import datetime as dt
import gc
import secrets
import shutil
import time
from collections.abc import Collection, Mapping
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field, replace
from functools import partial
from hashlib import blake2b
from pathlib import Path
from typing import Any

import jinja2

from generator import __version__
from generator.cache import (
    DOCUMENTS_FILE,
    PLAN_FILE,
    BuildCache,
    ChildWrite,
    file_identity,
    load_cache,
    load_documents,
    load_entries,
    load_journal,
    load_parts,
    load_plan,
    save_cache,
    save_entries,
    save_journal,
    staged_file,
)
from generator.check import review
from generator.config import Config, load_config
from generator.errors import Collector, ContentErrors, Problem
from generator.frontmatter import CacheEntry, DocumentCache, FrontMatterError
from generator.model import (
    CONTENT_READERS,
    Actor,
    Event,
    Source,
    link_event,
    load_content,
    markdown_entries,
)
from generator.parallel import (
    Reads,
    default_jobs,
    parse_documents,
    render_entries,
    render_into,
)
from generator.reads import ANY_FILE, Read, ReadInputs, dependency_keys
from generator.render import (
    PARTED_EXPORTS,
    Output,
    Renderer,
    build_time,
    make_environment,
    new_parts,
    project_templates,
    render_output,
    theme_dirs,
    theme_inputs,
)
from generator.search import index_site
from generator.site import Input, Site, input_key, input_text, plan_site, structure
from generator.write import MARKER, check_output_dir, staged_output, write_in_place


@dataclass
class BuildResult:
    out: Path
    files: int
    events: int
    warnings: list[Problem]
    rendered: int = 0  # files rendered afresh; the others are the last build's
    # The planned site, for a caller that outlives the build: `chronicle` keeps it until the
    # process ends rather than free its objects one by one (generator/cli.py).
    plan: Site | None = field(default=None, repr=False)


def build(root: Path, out: Path, overrides: dict[str, Any] | None = None,
          drafts: bool = False, force: bool = False, strict: bool = False,
          jobs: int | None = None, use_cache: bool = True) -> BuildResult:
    """Build the site of project `root` into `out`; raise ContentErrors on any error.

    `force` lets the build replace a folder that holds files of another origin; `strict`
    makes every finding `chronicle check` would report fail the build, as MkDocs'
    --strict does with warnings. `jobs` processes render a large site (default: every core).
    The build cache (generator/cache.py) lets a build after a small edit render only what
    the edit shows up on; `use_cache=False` builds from scratch.
    """
    check_output_dir(out, root, force)
    config = load_config(root, overrides)
    cache = load_cache(root, out) if use_cache else BuildCache()
    if use_cache and not strict:
        patched = _patched_build(root, out, config, drafts, cache)
        if patched is not None:
            return patched
    cache = _for_full_build(cache)
    token = secrets.token_hex(8)  # this build's, for its plan, documents and journal
    with ExitStack() as stack:
        # What loading and planning make lives until the build ends: the cyclic GC's repeated
        # scans of it find nothing to free. (Rendering makes cyclic garbage: the GC runs there.)
        gc.disable()
        try:
            listing = content_files(root)
            documents = DocumentCache(parsed_in_workers(
                listing, jobs or default_jobs(), load_documents(root, cache.token) if use_cache
                else {}), stats=listing)
            del listing  # 7.6 MB at 10,000 events: freed once every file is read
            content = load_content(root, config, documents)
            documents.stats = {}
            # each file's stat as read, for the plan; the parsed documents are kept for the
            # next full build (by a child) and go (the memory they free is what rendering
            # then takes)
            files = {str(path): entry[0] for path, entry in documents.entries.items()}
            parsed = stack.enter_context(staged_file(
                root, DOCUMENTS_FILE, token, documents.entries)) if use_cache else None
            del documents
            findings = content.warnings + review(content, dt.date.today()) if strict else []
            if findings:
                raise ContentErrors(findings, root)
            site = plan_site(content, drafts=drafts)
        finally:
            gc.enable()
        gc.freeze()  # nor need the forked workers touch it to scan it
        try:
            return _render_build(_Planned(root, config, cache, files, site, token, parsed), out,
                                 drafts, jobs, use_cache)
        finally:
            gc.unfreeze()


def _for_full_build(cache: BuildCache) -> BuildCache:
    """What a full build uses of the last build's cache (load_cache read only what the
    output folder allows): what only a patch uses (each file's stat, which outputs show
    each file) goes before loading starts, its memory free for the build's own."""
    return replace(cache, files={}, dependents={})


@dataclass
class _Planned:
    """A one-shot build between planning and rendering."""

    root: Path
    config: Config
    cache: BuildCache
    files: dict[str, tuple[int, int]]  # each content file read -> (mtime_ns, size)
    site: Site
    token: str  # this build's
    documents: ChildWrite | None  # the parsed content files, being kept by a child


def _render_build(planned: _Planned, out: Path, drafts: bool, jobs: int | None,
                  use_cache: bool) -> BuildResult:
    """Render the planned site into a staging folder, reusing what the cache says is
    unchanged, swap it in, and keep the cache and the plan for the next build."""
    root, cache, site, token = planned.root, planned.cache, planned.site, planned.token
    with staged_file(root, PLAN_FILE, token, site) if use_cache else nullcontext() as plan:
        renderer = Renderer(site)
        outputs = renderer.outputs()
        scope = build_scope(renderer.config, renderer.dirs, drafts)
        if use_cache and cache.scope == scope.hexdigest():
            renderer.stored_entries = load_entries(root, cache.token)
        # what each output shows, for the next build: not worth taking without a cache to keep
        reads_of = ReadInputs(site)
        reads = {o.name: cache.reads[o.name] for o in outputs if o.name in cache.reads}
        fingerprints, dependents = fingerprint_outputs(scope, outputs, reads, reads_of) \
            if use_cache else ({}, {})
        count, rendered, new_reads = _render_stage(planned, out, renderer, outputs, fingerprints,
                                                   jobs, token if use_cache else "")
        if use_cache:
            update_reads(scope, rendered, new_reads, reads, fingerprints, dependents, reads_of)
            save_cache(root, BuildCache(
                out=str(out.resolve()), marker=file_identity(out / MARKER),
                fingerprints=fingerprints, parts=renderer.parts, token=token,
                scope=scope.hexdigest(), count=count, reads=reads,
                dependents={key: tuple(dict.fromkeys(names)) for key, names in dependents.items()},
                files={str(item.path): planned.files[str(item.path)]
                       for item in site.content.items()}),
                plan, planned.documents)
    return BuildResult(out, count, len(site.events), site.content.warnings, len(rendered), site)


def _render_stage(planned: _Planned, out: Path, renderer: Renderer, outputs: list[Output],
                  fingerprints: dict[str, str], jobs: int | None, token: str) -> tuple[
                      int, list[Output], Reads]:
    """Render what changed into a staging folder, link the rest from `out`, swap it in;
    return the number of files, the outputs rendered and what their project templates read.
    With `token`, the list entries are kept for the builds after this one."""
    root, cache = planned.root, planned.cache
    journal = load_journal(root, cache.token) if cache.describes(out, out / MARKER) else None
    previous = cache.fingerprints if journal is not None else {}
    unchanged = {name for name, value in fingerprints.items()
                 if previous.get(name) == value} - set(journal or ())
    problems = Collector()
    writing: list[ChildWrite] = []  # the list entries, kept by a child
    try:
        with staged_output(out) as stage:
            taken = stage.link_from(out, sorted(unchanged - {MARKER})) if unchanged else set()
            todo = [o for o in outputs if o.name not in taken]
            if not taken:  # the whole site: every list, every entry
                render_entries(renderer, jobs or default_jobs())
            reads = render_into(todo, stage, jobs or default_jobs(), problems,
                                in_parent=frozenset(renderer.parted),
                                before_mine=partial(_ready_for_exports, renderer, root, cache,
                                                    token, writing))
            problems.raise_if_errors(root)
            if planned.config.searchable:
                index_site(stage.folder, planned.config.search, problems)
                problems.raise_if_errors(root)
    finally:
        for child in writing:
            child.wait()
    return stage.count, todo, reads


def _ready_for_exports(renderer: Renderer, root: Path, cache: BuildCache, token: str,
                       writing: list[ChildWrite]) -> None:
    """This process once the render workers have forked, when it renders only the exports:
    the list entries are kept for this build's patches (with `token`) and go (only the
    workers list events: 150 MB at 100,000 events), and the exports' parts the last build
    made come, for this build's exports to reuse. Read from the cache (unless already read
    for a patch) only now: at 100,000 events they are 300 MB that each worker would
    otherwise start with."""
    if token and (entries := save_entries(root, token, renderer.shared_entries)):
        writing.append(entries)  # by a child, which the build waits for
    renderer.drop_entries()
    for export, parts in (cache.parts or load_parts(root, cache.token)).items():
        if export in renderer.parts:
            renderer.parts[export].update(parts)


# A one-shot build patches the last full build's plan for at most this many edited files
# shown on at most this many outputs (rendered one by one: about a second at 10,000 events);
# past that, a full build (on every core, and keeping a fresh plan) is the faster way.
PATCH_FILES = 50
PATCH_OUTPUTS = 400


def _patched_build(root: Path, out: Path, config: Config, drafts: bool,
                   cache: BuildCache) -> BuildResult | None:
    """The last full build's plan with the files edited since patched in, its outputs that
    show them replaced in `out`; None when a full build is needed (generator/cache.py)."""
    if not cache.token or not cache.describes(out, out / MARKER) or cache.scope != \
            build_scope(config, theme_dirs(root, config.theme), drafts).hexdigest():
        return None
    files = content_files(root)
    journal = load_journal(root, cache.token)
    if files is None or files.keys() != cache.files.keys() or journal is None:
        return None
    changed = {Path(name) for name, identity in files.items() if cache.files[name] != identity}
    if len(changed) > PATCH_FILES:
        return None
    cache.files = {}  # not needed here: the plan may take its memory (the fingerprints are
    # kept: a patch that turns out too large falls back to a full build, which needs them)
    gc.disable()  # as in build(): the plan lives until the end
    try:
        site = load_plan(root, cache.token)
        names = patch_plan(root, site, cache.dependents, DocumentCache(), changed) \
            if site is not None and site.content.root == root else None
        if names is None or len(names) > PATCH_OUTPUTS:
            return None
        renderer = Renderer(site)
        renderer.parts = cache.parts
        renderer.stored_entries = load_entries(root, cache.token)
        problems = Collector()
        # The files edited since the full build only grow until the next one: so do `names`,
        # and what these outputs' project templates read now they read at the next patch too.
        rendered = {}
        for output in renderer.outputs(pages=names):
            if output.name in names and (data := output.render(problems)) is not None:
                rendered[output.name] = data
        problems.raise_if_errors(root)
        try:
            save_journal(root, cache.token, [*journal, *names])  # before the site changes
        except OSError:
            return None
        write_in_place(out, rendered, [])
        if config.searchable and rendered:
            index_site(out, config.search, problems)
            problems.raise_if_errors(root)
        return BuildResult(out, cache.count, len(site.events), site.content.warnings,
                           len(rendered), site)
    finally:
        _enable_gc_as_old()


def _enable_gc_as_old() -> None:
    """Turn the cyclic GC on again with what was made while it was off counted as old (it
    lives on: a plan, its pages): the first collection after a plain gc.enable() scans all of
    it, 0.1 s after loading a 10,000-event plan. (freeze and unfreeze move the objects, they
    do not visit them.)"""
    gc.freeze()
    gc.unfreeze()
    gc.enable()


def parsed_in_workers(listing: dict[str, tuple[int, int]] | None, jobs: int,
                      kept: dict[Path, CacheEntry] | None = None) -> dict[Path, CacheEntry]:
    """The project's content files (content_files' `listing`) parsed by forked workers
    (parallel.parse_documents), but for those `kept` (the last full build's) parsed under
    the stat they have now; none where a link is among them: those are read one by one."""
    if not listing:
        return {}
    kept = {path: entry for path, entry in (kept or {}).items()
            if listing.get(str(path)) == entry[0]}
    reused = {str(path) for path in kept}
    return kept | parse_documents(sorted(p for p in listing if p not in reused), jobs)


def content_files(root: Path) -> dict[str, tuple[int, int]] | None:
    """Each .md file load_content reads, by path, with its (mtime_ns, size); None when a
    link is among them, where only a full read can tell what is read."""
    found = {}
    for name in CONTENT_READERS:
        for _, entry in markdown_entries(str(root / "content" / name)):
            if entry.is_symlink():
                return None
            if not entry.is_dir():  # a folder named like a file holds files of its own
                stat = entry.stat()
                found[entry.path] = (stat.st_mtime_ns, stat.st_size)
    return found


def build_scope(config: Config, dirs: list[Path], drafts: bool) -> blake2b:
    """What every output depends on: Chronicle's version, the settings, the theme's files;
    hashed once, and each output's fingerprint goes on from a copy of it."""
    text = "\0".join([__version__, repr(config), str(drafts), str(build_time()),
                      *map(input_text, theme_inputs(dirs)), ""])
    return blake2b(text.encode("utf-8"), digest_size=16)


# Each content file (and collection) -> the outputs that show it. Lists, not sets (a set
# costs a kilobyte at 30,000 keys and more): an output may appear twice after its reads
# change, which is harmless; saved without repeats.
Dependents = dict[Read, list[str]]


def fingerprint_outputs(scope: blake2b, outputs: list[Output], reads: Reads,
                        reads_of: ReadInputs) -> tuple[dict[str, str], Dependents]:
    """Each output's fingerprint, and for each content file the outputs that show it (what
    the default theme shows, site.page_inputs, and what project templates read)."""
    fingerprints: dict[str, str] = {}
    dependents: Dependents = {}
    # The outputs that show each content object, found by the object (one per file) and
    # keyed once per object at the end: making a key for each of 660,000 inputs at 10,000
    # events took half of this function.
    shown_by: dict[int, tuple[Event | Source | Actor, list[str]]] = {}
    for output in outputs:
        name = output.name
        inputs = output.inputs()
        read = reads.get(name, ())
        for item in {id(i): i for i in inputs if not isinstance(i, str)}.values():
            found = shown_by.get(id(item))
            if found is None:
                found = shown_by[id(item)] = (item, [])
            found[1].append(name)
        for key in set(dependency_keys(read)):
            dependents.setdefault(key, []).append(name)
        fingerprints[name] = fingerprint_of(scope, [*inputs, *reads_of(read)])
    for item, names in shown_by.values():
        dependents.setdefault(input_key(item), []).extend(names)
    return fingerprints, dependents


def update_reads(scope: blake2b, rendered: list[Output], new: Reads, reads: Reads,
                 fingerprints: dict[str, str] | None, dependents: Dependents,
                 reads_of: ReadInputs) -> None:
    """Take what the rendered outputs' project templates read now into `reads`, the
    dependents and (when kept) the fingerprints."""
    for output in rendered:
        now = new.get(output.name, ())
        if now == reads.get(output.name, ()):
            continue
        if now:
            reads[output.name] = now
        else:
            reads.pop(output.name, None)
        for key in dependency_keys(now):
            dependents.setdefault(key, []).append(output.name)
        if fingerprints is not None:
            fingerprints[output.name] = fingerprint_of(scope, [*output.inputs(), *reads_of(now)])


def fingerprint_of(scope: blake2b, inputs: list[Input]) -> str:
    """Equal for two builds exactly when the output shows the same things."""
    hasher = scope.copy()
    hasher.update("\0".join(map(input_text, inputs)).encode("utf-8"))
    return hasher.hexdigest()


def check(root: Path, overrides: dict[str, Any] | None = None,
          today: dt.date | None = None) -> list[Problem]:
    """Everything a build validates plus an editor's review; writes nothing.

    Returns all findings, errors included: a file that does not load hides nothing about
    the others. Only an unusable chronicle.yaml raises ContentErrors.
    """
    config = load_config(root, overrides)
    content = load_content(root, config, keep_going=True)
    try:
        plan_site(content, drafts=True)
        planned: list[Problem] = []
    except ContentErrors as exc:
        planned = exc.problems
    return content.errors + planned + content.warnings + review(content, today or dt.date.today())


@dataclass
class RebuildResult:
    written: list[str]  # output files rendered again
    removed: list[str]  # output files no longer produced
    events: int
    seconds: float
    warnings: list[Problem] = field(default_factory=list)


class IncrementalBuilder:
    """Keeps `out` up to date in place, re-rendering only what an edit changed.

    For `chronicle serve`. Each output declares what it shows (site.page_inputs);
    its fingerprint is the digests of those inputs. A full rebuild re-reads
    changed files, re-plans and re-renders outputs whose fingerprint moved; a
    config or theme change moves every fingerprint. When the edited files are
    known and the edit keeps every event where it was listed (site.structure),
    the previous plan is kept, the edited objects are updated in place and only
    the outputs that show them are looked at: that is what keeps a one-event
    edit fast at 10,000 events. The files are byte-identical to a clean build.
    A failed rebuild raises ContentErrors and writes nothing.
    """

    def __init__(self, root: Path, out: Path, overrides: dict[str, Any] | None = None,
                 drafts: bool = False) -> None:
        check_output_dir(out, root)
        self.root, self.out, self.overrides, self.drafts = root.resolve(), out, overrides, drafts
        self.documents = DocumentCache()
        self.fingerprints: dict[str, str] = {}
        self.parts = new_parts()  # Renderer.parts, kept across plans
        self.reads: Reads = {}  # what project templates read, by output (generator/reads.py)
        self.environments: dict[tuple[Path | bool, ...], jinja2.Environment] = {}
        self.last: _Built | None = None  # the last good build's plan, for patching
        self.deferred: set[str] = set()  # exports an edit left for finish()
        shutil.rmtree(out, ignore_errors=True)

    def rebuild(self, changed: set[Path] | None = None,
                defer_exports: bool = False) -> RebuildResult:
        """Bring `out` up to date; `changed` (when known) lists the files edited since.

        With `defer_exports` (serve), an edit's data exports, each a file of every event, are
        left for `finish()`: the page a writer is looking at is updated first.
        """
        # Most objects of a rebuild live until the next one: the cyclic GC's
        # repeated scans of them cost a third of a 10k-event rebuild.
        gc.disable()
        try:
            started = time.perf_counter()
            names = patch_plan(self.root, self.last.site, self.last.dependents, self.documents,
                               changed) if changed and self.last else None
            if names is None or self.last is None:
                self.last = None  # a failure below must not leave a half-updated plan behind
                built, outputs = self._plan(), None
            else:
                built, outputs = self.last, names
                if defer_exports:
                    self.deferred |= outputs & set(PARTED_EXPORTS)
                    outputs -= self.deferred
            try:
                written, removed = self._render(built, outputs)
            except BaseException:
                # The plan may hold edits whose pages failed: only a full rebuild can tell.
                self.last = None
                raise
            self.last = built
            return RebuildResult(written, removed, len(built.site.events),
                                 time.perf_counter() - started, built.site.content.warnings)
        finally:
            gc.enable()

    def finish(self) -> list[str]:
        """Write the exports a deferred rebuild left; return their names."""
        names, self.deferred = self.deferred, set()
        if not names or self.last is None:
            return []
        written, _ = self._render(self.last, names)
        return written

    def _plan(self) -> _Built:
        config = load_config(self.root, self.overrides)
        if not self.documents.entries:  # the first build: every file is to be parsed
            self.documents.entries.update(parsed_in_workers(content_files(self.root),
                                                            default_jobs()))
        content = load_content(self.root, config, self.documents)
        site = plan_site(content, drafts=self.drafts)
        renderer = Renderer(site, self._environment(config.theme, site.content.root))
        renderer.parts = self.parts  # keyed by what each part shows: safe across plans
        return _Built(site, renderer, build_scope(renderer.config, renderer.dirs, self.drafts),
                      renderer.outputs())

    def _render(self, built: _Built, names: set[str] | None) -> tuple[list[str], list[str]]:
        """Render outputs whose fingerprint moved, or (patching) the outputs in `names`."""
        built.renderer.event_keys.clear()  # made from the plan as it was: a patch moves them
        problems = Collector()
        rendered: dict[str, bytes] = {}
        reads_of = ReadInputs(built.site)
        new_reads: Reads = {}
        if names is not None:
            todo = [built.outputs[name] for name in names]
            for output in todo:
                data, new_reads[output.name] = render_output(output, problems)
                if data is not None:
                    rendered[output.name] = data
                # Not worth fingerprinting now: the next full rebuild renders it once more.
                self.fingerprints[output.name] = ""
            problems.raise_if_errors(self.root)
            update_reads(built.scope, todo, new_reads, self.reads, None, built.dependents,
                         reads_of)
            write_in_place(self.out, rendered, [])
            return sorted(rendered), []
        self.reads = {o.name: self.reads[o.name] for o in built.output_list
                      if o.name in self.reads}
        fingerprints, built.dependents = fingerprint_outputs(built.scope, built.output_list,
                                                             self.reads, reads_of)
        todo = [o for o in built.outputs.values()
                if self.fingerprints.get(o.name) != fingerprints[o.name]]
        if not self.fingerprints:  # the first build: everything, on every core
            render_entries(built.renderer, default_jobs())
            with staged_output(self.out) as stage:
                new_reads = render_into(todo, stage, default_jobs(), problems,
                                        in_parent=frozenset(built.renderer.parted))
                problems.raise_if_errors(self.root)
            update_reads(built.scope, todo, new_reads, self.reads, fingerprints,
                         built.dependents, reads_of)
            self.fingerprints = fingerprints
            return sorted(o.name for o in todo), []
        for output in todo:
            data, new_reads[output.name] = render_output(output, problems)
            if data is not None:
                rendered[output.name] = data
        problems.raise_if_errors(self.root)
        update_reads(built.scope, todo, new_reads, self.reads, fingerprints, built.dependents,
                     reads_of)
        removed = sorted(self.fingerprints.keys() - fingerprints.keys())
        write_in_place(self.out, rendered, removed)
        self.fingerprints = fingerprints
        return sorted(rendered), removed

    def _environment(self, theme: str, root: Path) -> jinja2.Environment:
        dirs = theme_dirs(root, theme)
        key = (*dirs, project_templates(dirs))  # a first template of its own: it records
        if key not in self.environments:
            self.environments[key] = make_environment(dirs, watch=True)
        return self.environments[key]


def patch_plan(root: Path, site: Site, dependents: Mapping[Read, Collection[str]],
               documents: DocumentCache, changed: set[Path]) -> set[str] | None:
    """Apply edits to a plan in place and return the outputs that show the edited files, or
    None (the plan untouched) when a full rebuild is needed.

    Anything unusual (a new, deleted or moved file, config or theme, an error,
    an event that would move in the plan) takes the full path, which also
    reports errors with all their context.
    """
    content = site.content
    folders = {"events": {e.id: e for e in content.events}, "sources": content.sources,
               "actors": content.actors}
    updates = []
    for path in changed:
        parts = path.relative_to(root).parts
        if len(parts) < 3 or parts[0] != "content" or parts[1] not in folders \
                or path.suffix != ".md":
            return None
        kind, old = parts[1], folders[parts[1]].get(path.stem)
        if old is None or old.path.resolve() != path.resolve() or not path.is_file():
            return None
        problems = Collector()
        try:
            new = CONTENT_READERS[kind](documents.read(path), problems)
        except (FrontMatterError, OSError):
            return None
        new.path = old.path
        if kind == "events":
            link_event(new, content.sources, content.actors, problems)
            if structure(new) != structure(old):
                return None
        if kind == "sources" and (new.title, new.author) != (old.title, old.author):
            return None  # the bibliography is ordered by them
        if kind == "sources" and any(
                q.line > new.line_count for e in site.citing.get(new.id, [])
                for q in e.quotes if q.source == new.id and q.line):
            return None
        if problems.problems:
            return None
        updates.append((kind, old, new))
    names: set[str] = set(dependents.get(ANY_FILE, ())) if updates else set()
    for kind, old, new in updates:
        old.__dict__.update(new.__dict__)  # every page of the plan holds `old`
        names.update(dependents.get((kind, old.id), ()))
    return names


@dataclass
class _Built:
    """A build's plan, kept by IncrementalBuilder for the next edit."""

    site: Site
    renderer: Renderer
    scope: blake2b  # what every output depends on: version, config, theme files
    output_list: list[Output]
    dependents: Dependents = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.outputs = {o.name: o for o in self.output_list}
