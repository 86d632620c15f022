"""Full-text search: a Pagefind index over the built pages, made at build time.

Pagefind (from PyPI, which ships its binary: nothing is downloaded) reads the
finished HTML and writes `pagefind/`: a split index the reader's browser fetches
piece by piece, so search stays light at 100,000 events and needs no server.
Only the parts of pages marked `data-pagefind-body` (events and sources) are
indexed; the search page's script (static/search.js) asks the index and lists
the results as links to permalinks.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pagefind_bin import get_executable

from generator.errors import Collector
from generator.processes import die_with_parent

INDEX_FOLDER = "pagefind"


def _child(parent: int, background: bool) -> None:
    die_with_parent(parent)
    if background:
        os.nice(19)


# The pages each `search` setting indexes (events/x/index.html, sources/y/index.html).
SCOPES = {"all": "{events,sources}/*/index.html", "events": "events/*/index.html"}


def index_site(folder: Path, scope: str, problems: Collector, background: bool = False,
               started: Callable[[subprocess.Popen[str]], None] | None = None) -> None:
    """Write the search index of the site in `folder` into `folder/pagefind/`.

    `background` (serve) runs Pagefind at the lowest priority: it must never slow the
    rebuild that follows the next save. `started` receives the running Pagefind, so serve
    can end it before it removes the folder Pagefind writes to.
    """
    command = [str(get_executable()), "--site", str(folder), "--output-subdir", INDEX_FOLDER,
               "--glob", SCOPES[scope], "--silent"]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, preexec_fn=partial(_child, os.getpid(), background))
    except OSError as exc:
        problems.error(Path(command[0]), None, f"could not run Pagefind: {exc}; reinstall "
                       "Chronicle, or set 'search: false' in chronicle.yaml", kind="search-index")
        return
    if started is not None:
        started(process)
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        message = (stderr or stdout).strip().splitlines()[-1:] or ["no message"]
        problems.error(folder, None, f"Pagefind could not index the site: {message[0]}",
                       kind="search-index")
