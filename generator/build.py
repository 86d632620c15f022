"""`chronicle build`: the pipeline, read top to bottom as a list of steps.

config -> content (read + validate everything) -> page plan (URLs, collisions)
-> render -> atomic write. Nothing is written until everything has been read.
"""

from __future__ import annotations

import datetime as dt
import gc
import shutil
import time
from dataclasses import dataclass, field
from hashlib import blake2b
from pathlib import Path
from typing import Any

import jinja2

from generator import __version__
from generator.cache import BuildCache, file_identity, load_cache, save_cache
from generator.check import review
from generator.config import Config, load_config
from generator.errors import Collector, ContentErrors, Problem
from generator.frontmatter import DocumentCache, FrontMatterError
from generator.model import link_event, load_content, read_actor, read_event, read_source
from generator.parallel import default_jobs, render_into
from generator.render import (
    PARTED_EXPORTS,
    Output,
    Renderer,
    build_time,
    make_environment,
    new_parts,
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
    # What loading and planning make lives until the build ends: the cyclic GC's repeated
    # scans of it find nothing to free. (Rendering makes cyclic garbage: the GC runs there.)
    gc.disable()
    try:
        cache = load_cache(root) if use_cache else BuildCache()
        documents = DocumentCache(cache.documents)
        content = load_content(root, config, documents)
        findings = content.warnings + review(content, dt.date.today()) if strict else []
        if findings:
            raise ContentErrors(findings, root)
        site = plan_site(content, drafts=drafts)
    finally:
        gc.enable()
    gc.freeze()  # nor need the forked workers touch it to scan it
    try:
        return _render_build(_Planned(root, config, cache, documents, site), out, drafts, jobs,
                             use_cache)
    finally:
        gc.unfreeze()


@dataclass
class _Planned:
    """A one-shot build between planning and rendering."""

    root: Path
    config: Config
    cache: BuildCache
    documents: DocumentCache
    site: Site


def _render_build(planned: _Planned, out: Path, drafts: bool, jobs: int | None,
                  use_cache: bool) -> BuildResult:
    """Render the planned site into a staging folder, reusing what the cache says is
    unchanged, swap it in, and keep the cache for the next build."""
    root, config, cache, site = planned.root, planned.config, planned.cache, planned.site
    renderer = Renderer(site)
    renderer.parts.update({k: v for k, v in cache.parts.items() if k in renderer.parts})
    outputs = renderer.outputs()
    scope = build_scope(renderer, drafts)
    # what each output shows, for the next build: not worth taking without a cache to keep
    fingerprints = {o.name: fingerprint_of(scope, o.inputs()) for o in outputs} \
        if use_cache else {}
    previous = cache.fingerprints if cache.describes(out, out / MARKER) else {}
    unchanged = {name for name, value in fingerprints.items() if previous.get(name) == value}
    problems = Collector()
    with staged_output(out) as stage:
        taken = stage.link_from(out, sorted(unchanged - {MARKER})) if unchanged else set()
        render_into([o for o in outputs if o.name not in taken], stage, jobs or default_jobs(),
                    problems, in_parent=frozenset(renderer.parted))
        problems.raise_if_errors(root)
        if config.searchable:
            index_site(stage.folder, config.search, problems)
            problems.raise_if_errors(root)
    if use_cache:
        save_cache(root, BuildCache(documents=planned.documents.entries, out=str(out.resolve()),
                                    marker=file_identity(out / MARKER),
                                    fingerprints=fingerprints, parts=renderer.parts))
    return BuildResult(out, stage.count, len(site.events), site.content.warnings)


def build_scope(renderer: Renderer, drafts: bool) -> blake2b:
    """What every output depends on: Chronicle's version, the settings, the theme's files;
    hashed once, and each output's fingerprint goes on from a copy of it."""
    text = "\0".join([__version__, repr(renderer.config), str(drafts), str(build_time()),
                      *map(input_text, theme_inputs(renderer.dirs)), ""])
    return blake2b(text.encode("utf-8"), digest_size=16)


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
        self.environments: dict[tuple[Path, ...], jinja2.Environment] = {}
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
            patched = self._patch(changed) if changed and self.last else None
            if patched is None:
                self.last = None  # a failure below must not leave a half-updated plan behind
                built, outputs = self._plan(), None
            else:
                built, outputs = patched
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
        content = load_content(self.root, config, self.documents)
        site = plan_site(content, drafts=self.drafts)
        renderer = Renderer(site, self._environment(config.theme, site.content.root))
        renderer.parts = self.parts  # keyed by what each part shows: safe across plans
        return _Built(site, renderer, build_scope(renderer, self.drafts), renderer.outputs())

    def _render(self, built: _Built, names: set[str] | None) -> tuple[list[str], list[str]]:
        """Render outputs whose fingerprint moved, or (patching) the outputs in `names`."""
        problems = Collector()
        rendered: dict[str, bytes] = {}
        if names is not None:
            for name in names:
                data = built.outputs[name].render(problems)
                if data is not None:
                    rendered[name] = data
                # Not worth fingerprinting now: the next full rebuild renders it once more.
                self.fingerprints[name] = ""
            problems.raise_if_errors(self.root)
            write_in_place(self.out, rendered, [])
            return sorted(rendered), []
        fingerprints: dict[str, str] = {}
        for output in built.outputs.values():
            inputs = output.inputs()
            for item in inputs:
                if not isinstance(item, str):
                    built.dependents.setdefault(input_key(item), set()).add(output.name)
            fingerprints[output.name] = fingerprint_of(built.scope, inputs)
        todo = [o for o in built.outputs.values()
                if self.fingerprints.get(o.name) != fingerprints[o.name]]
        if not self.fingerprints:  # the first build: everything, on every core
            with staged_output(self.out) as stage:
                render_into(todo, stage, default_jobs(), problems,
                            in_parent=frozenset(built.renderer.parted))
                problems.raise_if_errors(self.root)
            self.fingerprints = fingerprints
            return sorted(o.name for o in todo), []
        for output in todo:
            data = output.render(problems)
            if data is not None:
                rendered[output.name] = data
        problems.raise_if_errors(self.root)
        removed = sorted(self.fingerprints.keys() - fingerprints.keys())
        write_in_place(self.out, rendered, removed)
        self.fingerprints = fingerprints
        return sorted(rendered), removed

    def _patch(self, changed: set[Path]) -> tuple[_Built, set[str]] | None:
        """Apply edits to the last plan in place, or None when a full rebuild is needed.

        Anything unusual (a new, deleted or moved file, config or theme, an error,
        an event that would move in the plan) takes the full path, which also
        reports errors with all their context.
        """
        assert self.last is not None
        content = self.last.site.content
        folders = {"events": self.last.events_by_id, "sources": content.sources,
                   "actors": content.actors}
        readers = {"events": read_event, "sources": read_source, "actors": read_actor}
        updates = []
        for path in changed:
            parts = path.relative_to(self.root).parts
            if len(parts) < 3 or parts[0] != "content" or parts[1] not in folders \
                    or path.suffix != ".md":
                return None
            kind, old = parts[1], folders[parts[1]].get(path.stem)
            if old is None or old.path.resolve() != path.resolve() or not path.is_file():
                return None
            problems = Collector()
            try:
                new = readers[kind](self.documents.read(path), problems)
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
                    q.line > len(new.lines) for e in self.last.site.citing.get(new.id, [])
                    for q in e.quotes if q.source == new.id and q.line):
                return None
            if problems.problems:
                return None
            updates.append((kind, old, new))
        names: set[str] = set()
        for kind, old, new in updates:
            old.__dict__.update(new.__dict__)  # every page of the plan holds `old`
            names |= self.last.dependents.get((kind, old.id), set())
        return self.last, names

    def _environment(self, theme: str, root: Path) -> jinja2.Environment:
        dirs = tuple(theme_dirs(root, theme))
        if dirs not in self.environments:
            self.environments[dirs] = make_environment(list(dirs), watch=True)
        return self.environments[dirs]


@dataclass
class _Built:
    """A build's plan, kept by IncrementalBuilder for the next edit."""

    site: Site
    renderer: Renderer
    scope: blake2b  # what every output depends on: version, config, theme files
    output_list: list[Output]
    dependents: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.outputs = {o.name: o for o in self.output_list}
        self.events_by_id = {e.id: e for e in self.site.content.events}
