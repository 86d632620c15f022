"""Rendering on every core: the page plan is made once, then forked worker processes each
render and write an interleaved share of the outputs.

Fork (not spawn) hands each worker the plan, the templates and the parsed content without
pickling anything; every output is rendered by exactly one process from the same inputs,
so the files are byte-identical to a serial build's. Small sites render serially: starting
workers costs more than it saves below PARALLEL_MIN_OUTPUTS.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence

from generator.errors import Collector, Problem
from generator.render import Output
from generator.write import Stage

PARALLEL_MIN_OUTPUTS = 2000  # below this, a serial render is faster than starting workers

_work: tuple[Sequence[Output], Stage] | None = None  # what forked workers inherit


def default_jobs() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        os.cpu_count() or 1


def render_into(outputs: Sequence[Output], stage: Stage, jobs: int, problems: Collector) -> None:
    """Render every output into `stage`, with `jobs` processes when there are enough."""
    if jobs <= 1 or len(outputs) < PARALLEL_MIN_OUTPUTS or \
            "fork" not in multiprocessing.get_all_start_methods():
        _, found = _render_share(outputs, stage, 0, 1)  # stage.write counts in this process
    else:
        global _work
        _work = (outputs, stage)
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                results = pool.starmap(_worker, [(share, jobs) for share in range(jobs)])
        finally:
            _work = None
        stage.count += sum(count for count, _ in results)
        found = [problem for _, share in results for problem in share]
    for problem in found:
        problems.add(problem)


def _worker(share: int, shares: int) -> tuple[int, list[Problem]]:
    assert _work is not None, "a worker runs only inside render_into"
    outputs, stage = _work
    return _render_share(outputs, stage, share, shares)


def _render_share(outputs: Sequence[Output], stage: Stage, share: int,
                  shares: int) -> tuple[int, list[Problem]]:
    """Render outputs share, share + shares, …: every worker gets a mix of page kinds."""
    problems = Collector()
    written = 0
    for output in outputs[share::shares]:
        data = output.render(problems)
        if data is not None:
            stage.write(output.name, data)
            written += 1
    return written, problems.problems
