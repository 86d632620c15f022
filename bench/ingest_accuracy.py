"""Ingest accuracy on ../shared/devset: headline, publication day, publisher, body.

Runs Chronicle's extraction in process on every case (the same code as
`chronicle ingest --dry-run --json`) and scores it with the devset's own
scorer. Prints per-field accuracy, split by language, and the misses.

Beside it, the peers the ingest issue names, trafilatura (text, title, site name)
and htmldate (date), read the same capture, each line given to them as an HTML
paragraph: what a well-kept extractor makes of the same plain text. They take the
title and site name from HTML tags and metadata, which a plain capture has none
of, so they score 0 there; on the original HTML they do better (the devset has
no HTML).

    python bench/ingest_accuracy.py [--devset ../shared/devset] [--misses title,published]
                                    [--no-peers]
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ingest.pipeline import article_record  # noqa: E402
from generator.ingest.read import read_capture  # noqa: E402

GOALS = {"title_exact": 0.85, "published": 0.95, "publisher": 0.90, "body_f1": 0.93}


def load_scorer(devset: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("devset_score", devset / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def peer_record(lines: list[str]) -> dict[str, str | None]:
    """trafilatura's and htmldate's reading of a capture given as HTML paragraphs."""
    import htmldate
    import trafilatura

    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines if line) \
        + "</body></html>"
    found = trafilatura.bare_extraction(page, with_metadata=True, favor_recall=True)
    data = (found if isinstance(found, dict) else found.as_dict()) if found else {}
    return {"title": data.get("title"), "publisher": data.get("sitename"),
            "body": data.get("text"), "published": htmldate.find_date(page, original_date=True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared/devset")
    parser.add_argument("--misses", default="", help="fields whose misses to list")
    parser.add_argument("--no-peers", action="store_true", help="skip trafilatura/htmldate")
    parser.add_argument("--split", choices=["train", "dev"], default=None,
                        help="only the cases of one split (fit on train, measure on dev)")
    args = parser.parse_args()
    if not (args.devset / "cases").is_dir():
        print(f"no devset at {args.devset}: skipped")
        return
    scorer = load_scorer(args.devset)
    by_group: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    misses = set(filter(None, args.misses.split(",")))
    started = time.perf_counter()
    cases = sorted(args.devset.glob("cases/*.txt"))
    peers: dict[str, list[float]] = defaultdict(list)
    peer_seconds = 0.0
    for path in cases:
        gold = json.loads(path.with_suffix(".json").read_text())
        if args.split and gold.get("split") != args.split:
            continue
        capture = read_capture(path)
        record = article_record(capture)
        scores = scorer.score_case(gold, record)
        if not args.no_peers:
            peer_started = time.perf_counter()
            for metric, value in scorer.score_case(gold, peer_record(capture.lines)).items():
                peers[metric].append(value)
            peer_seconds += time.perf_counter() - peer_started
        group = "en" if gold["language"] == "en" else "other"
        for metric, value in scores.items():
            by_group["all"][metric].append(value)
            by_group[group][metric].append(value)
            field = metric.replace("_exact", "").replace("_f1", "")
            threshold = 0.9 if metric == "body_f1" else 1
            if metric != "title_f1" and field in misses and value < threshold:
                want = gold.get(field)
                got = record.get(field)
                if field == "body":
                    want, got = f"{value:.2f}", f"{len(str(got))} chars"
                print(f"miss {path.stem} {field}: got {str(got)[:90]!r} want {str(want)[:90]!r}")
    elapsed = time.perf_counter() - started - peer_seconds
    print(f"\n{'field':<14}{'all':>14}{'en':>14}{'other':>14}{'peers, all':>14}{'goal':>8}")
    for metric, goal in GOALS.items():
        cells = [_mean(by_group[group][metric]) for group in ("all", "en", "other")]
        peer = _mean(peers[metric]) if peers else "-"
        print(f"{metric:<14}{cells[0]:>14}{cells[1]:>14}{cells[2]:>14}{peer:>14}{goal:>8.2f}")
    print(f"\n{len(cases)} cases in {elapsed:.2f} s ({len(cases) / elapsed:.0f} articles/s)"
          + (f"; peers {len(cases) / peer_seconds:.0f} articles/s" if peers else ""))


def _mean(values: list[float]) -> str:
    return f"{sum(values) / len(values):.3f} (n={len(values)})" if values else "-"


if __name__ == "__main__":
    main()
