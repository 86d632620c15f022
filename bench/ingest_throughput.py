"""Ingest throughput: articles per second, single process, on 1,000 captures.

The captures are the project's own test captures and seeds, plus the devset's
pages when ../shared/devset is present, cycled to 1,000 files with a line
added to each so that no two are identical. Measures reading + extraction +
event proposal (what `chronicle ingest --dry-run` does per article).

Beside it, once over the same files: the peers the ingest issue names,
trafilatura and htmldate, reading each capture given as HTML paragraphs
(the same reading as in ingest_accuracy.py).

    python bench/ingest_throughput.py [--count 1000] [--runs 3] [--no-peers]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest_accuracy import peer_record  # noqa: E402

from generator.config import load_config  # noqa: E402
from generator.ingest.article import read_article  # noqa: E402
from generator.ingest.events import propose_event  # noqa: E402
from generator.ingest.people import People  # noqa: E402
from generator.ingest.read import read_capture  # noqa: E402
from generator.model import load_content  # noqa: E402


def sources() -> list[Path]:
    found = sorted((ROOT / "tests/captures").glob("*.txt")) + sorted((ROOT / "seeds").glob("*"))
    devset = ROOT.parent / "shared/devset/cases"
    return found + (sorted(devset.glob("*.txt")) if devset.is_dir() else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-peers", action="store_true", help="skip trafilatura/htmldate")
    args = parser.parse_args()
    content = load_content(ROOT, load_config(ROOT))
    originals = sources()
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for n in range(args.count):
            original = originals[n % len(originals)]
            path = Path(folder) / f"{n:04d}{original.suffix or '.txt'}"
            path.write_bytes(original.read_bytes() + f"\ncopy {n}\n".encode())
            paths.append(path)
        def chronicle_run() -> None:
            # one run's people, as `chronicle ingest` keeps them across its captures
            people = People({a.id: [a.name, *a.aliases] for a in content.actors.values()})
            for path in paths:
                propose_event(read_article(read_capture(path)), content.actors, people, {})

        runs = [rates(chronicle_run, len(paths)) for _ in range(args.runs)]
        peer = None if args.no_peers else rates(
            lambda: [peer_record(read_capture(path).lines) for path in paths], len(paths))
    size = sum(p.stat().st_size for p in originals) / len(originals) / 1024
    print(f"{'reader':<26} {'captures':>9} {'mean size':>10} {'median rate':>14} "
          f"{'per CPU second':>15} {'runs':>5}")
    for name, measured in (("chronicle", runs), ("trafilatura + htmldate", [peer] if peer else [])):
        if measured:
            wall, cpu = (statistics.median(rate[i] for rate in measured) for i in (0, 1))
            print(f"{name:<26} {args.count:>9} {size:>8.0f} kB {wall:>9.0f} art/s "
                  f"{cpu:>10.0f} art/s {len(measured):>5}")


def rates(run: Callable[[], object], count: int) -> tuple[float, float]:
    """Articles per second of wall time and of this process's CPU time: on a shared VM the
    wall time moves with the neighbours, the CPU time less."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return count / (time.perf_counter() - wall), count / (time.process_time() - cpu)


if __name__ == "__main__":
    main()
