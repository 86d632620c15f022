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
        rates = []
        for _ in range(args.runs):
            started = time.perf_counter()
            # one run's people, as `chronicle ingest` keeps them across its captures
            people = People({a.id: [a.name, *a.aliases] for a in content.actors.values()})
            for path in paths:
                capture = read_capture(path)
                propose_event(read_article(capture), content.actors, people, {})
            rates.append(len(paths) / (time.perf_counter() - started))
        peer_rate = None
        if not args.no_peers:
            started = time.perf_counter()
            for path in paths:
                peer_record(read_capture(path).lines)
            peer_rate = len(paths) / (time.perf_counter() - started)
    size = sum(p.stat().st_size for p in originals) / len(originals) / 1024
    print(f"{'reader':<26} {'captures':>9} {'mean size':>10} {'median rate':>14} {'runs':>5}")
    print(f"{'chronicle':<26} {args.count:>9} {size:>8.0f} kB "
          f"{statistics.median(rates):>9.0f} art/s {args.runs:>5}")
    if peer_rate is not None:
        print(f"{'trafilatura + htmldate':<26} {args.count:>9} {size:>8.0f} kB "
              f"{peer_rate:>9.0f} art/s {1:>5}")


if __name__ == "__main__":
    main()
