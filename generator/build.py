"""`chronicle build`: the pipeline, read top to bottom as a list of steps.

config -> content (read + validate everything) -> page plan (URLs, collisions)
-> render -> atomic write. Nothing is written until everything has been read.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from generator import __version__
from generator.check import review
from generator.config import load_config
from generator.errors import Collector, Problem
from generator.frontmatter import DocumentCache
from generator.model import load_content
from generator.render import Renderer, build_time, make_environment, theme_dirs, theme_inputs
from generator.site import plan_site
from generator.write import check_output_dir, staged_output, write_in_place


@dataclass
class BuildResult:
    out: Path
    files: int
    events: int
    warnings: list[Problem]


def build(root: Path, out: Path, overrides: dict[str, Any] | None = None,
          drafts: bool = False) -> BuildResult:
    """Build the site of project `root` into `out`; raise ContentErrors on any error."""
    check_output_dir(out, root)
    config = load_config(root, overrides)
    content = load_content(root, config)
    site = plan_site(content, drafts=drafts)
    renderer = Renderer(site)
    problems = Collector()
    with staged_output(out) as stage:
        for output in renderer.outputs():
            data = output.render(problems)
            if data is not None:
                stage.write(output.name, data)
        problems.raise_if_errors(root)
    return BuildResult(out, stage.count, len(site.events), content.warnings)


def check(root: Path, overrides: dict[str, Any] | None = None,
          today: dt.date | None = None) -> list[Problem]:
    """Everything a build validates plus an editor's review; writes nothing.

    Returns all findings; content a build would reject raises ContentErrors.
    """
    config = load_config(root, overrides)
    content = load_content(root, config)
    plan_site(content, drafts=True)
    return content.warnings + review(content, today or dt.date.today())


@dataclass
class RebuildResult:
    written: list[str]  # output files rendered again
    removed: list[str]  # output files no longer produced
    events: int
    seconds: float
    warnings: list[Problem] = field(default_factory=list)


class IncrementalBuilder:
    """Keeps `out` up to date in place, re-rendering only what an edit changed.

    For `chronicle serve`. It remembers parsed files and a fingerprint of each
    output's inputs (see site.page_inputs); a config or theme change changes
    every fingerprint. The files it leaves are byte-identical to a clean build.
    A failed rebuild raises ContentErrors and writes nothing.
    """

    def __init__(self, root: Path, out: Path, overrides: dict[str, Any] | None = None,
                 drafts: bool = False) -> None:
        check_output_dir(out, root)
        self.root, self.out, self.overrides, self.drafts = root, out, overrides, drafts
        self.documents = DocumentCache()
        self.fingerprints: dict[str, str] = {}
        self.environments: dict[tuple[Path, ...], jinja2.Environment] = {}
        shutil.rmtree(out, ignore_errors=True)

    def rebuild(self) -> RebuildResult:
        # Most objects of a rebuild live until the next one: the cyclic GC's
        # repeated scans of them cost a third of a 10k-event rebuild.
        gc.disable()
        try:
            return self._rebuild()
        finally:
            gc.enable()

    def _rebuild(self) -> RebuildResult:
        started = time.perf_counter()
        config = load_config(self.root, self.overrides)
        content = load_content(self.root, config, self.documents)
        site = plan_site(content, drafts=self.drafts)
        renderer = Renderer(site, self._environment(config.theme, site.content.root))
        scope = [__version__, repr(config), str(self.drafts), str(build_time()),
                 *theme_inputs(renderer.dirs)]
        problems = Collector()
        fingerprints: dict[str, str] = {}
        rendered: dict[str, bytes] = {}
        for output in renderer.outputs():
            text = "\0".join(scope + output.inputs())
            fingerprint = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
            fingerprints[output.name] = fingerprint
            if self.fingerprints.get(output.name) != fingerprint:
                data = output.render(problems)
                if data is not None:
                    rendered[output.name] = data
        problems.raise_if_errors(self.root)
        removed = sorted(self.fingerprints.keys() - fingerprints.keys())
        write_in_place(self.out, rendered, removed)
        self.fingerprints = fingerprints
        return RebuildResult(sorted(rendered), removed, len(site.events),
                             time.perf_counter() - started, content.warnings)

    def _environment(self, theme: str, root: Path) -> jinja2.Environment:
        dirs = tuple(theme_dirs(root, theme))
        if dirs not in self.environments:
            self.environments[dirs] = make_environment(list(dirs))
        return self.environments[dirs]
