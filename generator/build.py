"""`chronicle build`: the pipeline, read top to bottom as a list of steps.

config -> content (read + validate everything) -> page plan (URLs, collisions)
-> render -> atomic write. Nothing is written until everything has been read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.config import load_config
from generator.errors import Collector, Problem
from generator.model import load_content
from generator.render import Renderer
from generator.site import plan_site
from generator.write import check_output_dir, staged_output


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
        for name, data in renderer.files(problems):
            stage.write(name, data)
        for name, path in renderer.static_files().items():
            stage.copy(name, path)
        problems.raise_if_errors(root)
    return BuildResult(out, stage.count, len(site.events), content.warnings)


def check(root: Path, overrides: dict[str, Any] | None = None) -> list[Problem]:
    """Everything a build validates, without writing; returns the warnings."""
    config = load_config(root, overrides)
    content = load_content(root, config)
    plan_site(content, drafts=True)
    return content.warnings
