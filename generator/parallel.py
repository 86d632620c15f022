"""Rendering on every core: the page plan is made once, then forked worker processes each
render and write batches of the outputs. Parsing a large project's content files is shared
out the same way (parse_documents), and so are the list entries every list page shows
(render_entries).

Fork (not spawn) hands each worker the plan, the templates and the parsed content without
pickling anything; every output is rendered by exactly one process from the same inputs,
so the files are byte-identical to a serial build's. Small sites render serially: starting
workers costs more than it saves below PARALLEL_MIN_OUTPUTS.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from markupsafe import Markup

from generator.errors import Collector, Problem
from generator.frontmatter import CacheEntry, DocumentCache, FrontMatterError
from generator.model import Event
from generator.processes import die_with_parent
from generator.reads import Read
from generator.render import Output, Renderer, render_output
from generator.write import Stage

# below this many outputs to render (or content files to parse), one process is faster
# than starting workers
PARALLEL_MIN_OUTPUTS = 2000
BATCH = 100  # outputs a worker takes at a time: small enough to balance, big enough to be cheap
PARSE_BATCH = 250  # content files a worker parses at a time

_work: tuple[Sequence[Output], Stage] | None = None  # what forked workers inherit
_entries_work: tuple[Renderer, list[list[Event]]] | None = None


def default_jobs() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        os.cpu_count() or 1


def worker_pool(jobs: int) -> multiprocessing.pool.Pool | None:
    """`jobs` forked workers, or None where one process must do: one job asked for, no fork
    (Windows, macOS' default), or no shared memory for the pool's locks (some containers)."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    try:
        return multiprocessing.get_context("fork").Pool(jobs, die_with_parent, (os.getpid(),))
    except OSError:
        return None


Reads = dict[str, tuple[Read, ...]]  # output name -> what its project templates read


def parse_documents(paths: list[str], jobs: int) -> dict[Path, CacheEntry]:
    """The content files parsed by `jobs` forked workers, as DocumentCache entries; empty
    where one process must do or the files are few. Parsing YAML is most of loading content
    (3.4 s of a 10,000-event build on one core); a document comes back pickled in a tenth
    of the time. Each worker reads with a DocumentCache of its own, so an entry holds the
    stat it was read under, as the build's own reads would: a file changed since is read
    again by the build."""
    pool = worker_pool(jobs) if len(paths) >= PARALLEL_MIN_OUTPUTS else None
    if pool is None:
        return {}
    batches = [paths[start:start + PARSE_BATCH] for start in range(0, len(paths), PARSE_BATCH)]
    with pool:
        parsed = pool.map(_parse_batch, batches)
    return {path: entry for batch in parsed for path, entry in batch}


def _parse_batch(paths: list[str]) -> list[tuple[Path, CacheEntry]]:
    documents = DocumentCache()
    for path in paths:
        with suppress(FrontMatterError):  # kept in the entry: the build reports it
            documents.read(Path(path))
    return list(documents.entries.items())


def render_into(outputs: Sequence[Output], stage: Stage, jobs: int, problems: Collector,
                in_parent: frozenset[str] = frozenset(),
                before_mine: Callable[[], None] = lambda: None) -> Reads:
    """Render every output into `stage`, with `jobs` processes when there are enough;
    return what project templates read (generator/reads.py).

    Outputs named in `in_parent` are rendered by this process while the workers run: what
    they keep for the next build (Renderer.parts) stays here. `before_mine` runs before
    this process renders, once the workers have forked: what only its outputs need is
    loaded then, and no worker starts the larger for it.
    """
    global _work
    mine = [o for o in outputs if o.name in in_parent]
    theirs = [o for o in outputs if o.name not in in_parent]
    _work = (theirs, stage)  # before the fork: the workers inherit it
    try:
        pool = worker_pool(jobs) if len(outputs) >= PARALLEL_MIN_OUTPUTS else None
        before_mine()
        if pool is None:
            _, found, reads = _render_share(outputs, stage, 0, len(outputs))  # write() counts
        else:
            # Workers take batches one at a time as they finish one (map_async's default
            # hands out an eighth of them at once: a worker could sit idle for seconds while
            # the other ends its share). The last batches hold the list pages and a few slow
            # single files (sitemap, sources.json), so they are handed out first.
            batches = [(start, min(start + BATCH, len(theirs)))
                       for start in range(0, len(theirs), BATCH)][::-1]
            with pool:
                pending = pool.map_async(_worker, batches, chunksize=1)
                _, found, reads = _render_share(mine, stage, 0, len(mine))  # write() counts
                results = pending.get()
            stage.count += sum(count for count, _, _ in results)
            found += [problem for _, share, _ in results for problem in share]
            for _, _, share_reads in results:
                reads.update(share_reads)
    finally:
        _work = None
    for problem in found:
        problems.add(problem)
    return reads


def render_entries(renderer: Renderer, jobs: int) -> None:
    """Every event's list entry rendered by `jobs` forked workers, kept in `renderer` before
    the render workers fork. Index, year, tag and actor pages and related events list
    nearly every event, so each render worker rendered nearly every entry itself: on two
    cores, 20,000 renderings of 10,000 entries, 4 of a 10,000-event build's 26 CPU-s.
    Only for a render of the whole site, and where entries may be shared at all."""
    global _entries_work
    events = renderer.site.events
    if len(events) < PARALLEL_MIN_OUTPUTS or not renderer.entries_shareable:
        return
    _entries_work = (renderer, [events[i::jobs] for i in range(jobs)])  # before the fork
    try:
        pool = worker_pool(jobs)
        if pool is None:
            return
        with pool:
            for entries in pool.map(_entries_worker, range(jobs)):
                renderer.keep_entries(entries)
    finally:
        _entries_work = None


def _entries_worker(share: int) -> dict[tuple[str, str], Markup]:
    assert _entries_work is not None, "a worker runs only inside render_entries"
    renderer, shares = _entries_work
    return renderer.rendered_entries(shares[share])


def _worker(batch: tuple[int, int]) -> tuple[int, list[Problem], Reads]:
    assert _work is not None, "a worker runs only inside render_into"
    outputs, stage = _work
    return _render_share(outputs, stage, *batch)


def _render_share(outputs: Sequence[Output], stage: Stage, start: int,
                  stop: int) -> tuple[int, list[Problem], Reads]:
    """Render and write outputs[start:stop]."""
    problems = Collector()
    written = 0
    reads = {}
    for output in outputs[start:stop]:
        data, read = render_output(output, problems)
        if read:
            reads[output.name] = read
        if data is not None:
            stage.write(output.name, data)
            written += 1
    return written, problems.problems, reads
