"""Fit ingest's publisher weights on the devset's train split; report train, CV and dev.

Each capture yields candidate names with evidence features (generator.ingest.publisher).
The weights are a pairwise ranking model: a logistic regression, without intercept, on
the feature differences between a right and a wrong candidate of the same page (each page
weighs the same however many pairs it has). The threshold below which the publisher is
'unknown' is the highest score that loses no right answer on the training pages: a
publisher only a weak guess would name is left unknown rather than invented.

Cross-validation is 5-fold by outlet (an outlet's pages are all in one fold), as the
split itself is. `dev` is only measured, never fitted. Re-fitting is deterministic.

    pip install scikit-learn
    python bench/fit_weights.py [--devset ../shared/devset] [--write]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ingest.article import extract  # noqa: E402
from generator.ingest.publisher import (  # noqa: E402
    FEATURES,
    Ballot,
    candidates,
    collect_votes,
    decide,
)
from generator.ingest.read import read_capture  # noqa: E402
from generator.ingest.weights import WEIGHTS_FILE, Weights  # noqa: E402

FOLDS = 5
REGULARISATION = 1.0  # scikit-learn's C; the default, not tuned


@dataclass
class Page:
    case: str
    split: str
    language: str
    outlet: str
    golds: set[str]
    ballot: Ballot
    text: str
    rows: list[tuple[list[float], bool]]  # each candidate's features and whether it is right


def outlet(url: str) -> str:
    """The registered domain, near enough: the last two labels (three after a 'co.')."""
    labels = urlsplit(url).netloc.lower().removeprefix("www.").split(".")
    keep = 3 if len(labels) > 2 and labels[-2] in ("co", "com", "org", "net", "ac") else 2
    return ".".join(labels[-keep:])


def load_pages(devset: Path, scorer) -> list[Page]:  # type: ignore[no-untyped-def]
    pages = []
    for path in sorted(devset.glob("cases/*.txt")):
        gold = json.loads(path.with_suffix(".json").read_text())
        if not gold.get("publisher"):
            continue
        lines = read_capture(path).lines
        result = extract(lines)
        ballot = collect_votes(lines, result)
        text = "\n".join(lines)
        golds = {scorer.norm_publisher(g) for g in
                 [gold["publisher"], *(gold.get("publisher_aliases") or [])]}
        found = candidates(ballot, text.casefold()) if ballot.votes else {}
        rows = [([float(features.get(f, 0)) for f in FEATURES],
                 scorer.norm_publisher(ballot.spelling(key)) in golds)
                for key, features in found.items()]
        pages.append(Page(path.stem, gold.get("split", "train"), gold.get("language", ""),
                          outlet(gold.get("url", "")), golds, ballot, text, rows))
    return pages


def fit(pages: list[Page]) -> Weights:
    """Pairwise logistic regression, then the threshold."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x, y, weight = [], [], []
    for page in pages:
        right = [f for f, ok in page.rows if ok]
        wrong = [f for f, ok in page.rows if not ok]
        pairs = [(r, w) for r in right for w in wrong]
        for r, w in pairs:
            difference = np.subtract(r, w)
            x += [difference, -difference]
            y += [1, 0]
            weight += [1 / len(pairs)] * 2
    model = LogisticRegression(fit_intercept=False, C=REGULARISATION, max_iter=10000)
    model.fit(np.array(x), np.array(y), sample_weight=np.array(weight))
    features = {f: round(float(c), 4) for f, c in zip(FEATURES, model.coef_[0], strict=True)}
    best_right = [max(sum(features[f] * v for f, v in zip(FEATURES, row, strict=True))
                      for row, ok in page.rows if ok)
                  for page in pages if any(ok for _, ok in page.rows)]
    threshold = round(min(best_right) - 0.001, 4) if best_right else 0.0
    return Weights(publisher=features, publisher_threshold=threshold)


def accuracy(pages: list[Page], weights: Weights, scorer) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    """Publisher accuracy through decide(), the code ingest runs, by language group."""
    scores: dict[str, list[float]] = defaultdict(list)
    for page in pages:
        name = decide(page.ballot, page.text, weights)[0] if page.ballot.votes else "unknown"
        ok = float(scorer.norm_publisher(name) in page.golds)
        scores["all"].append(ok)
        scores["en" if page.language == "en" else "other"].append(ok)
    return scores


def cross_validated(pages: list[Page], scorer) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    """Each outlet's pages scored by weights fitted without that outlet."""
    outlets = sorted({p.outlet for p in pages})
    fold_of = {name: i % FOLDS for i, name in enumerate(outlets)}
    scores: dict[str, list[float]] = defaultdict(list)
    for fold in range(FOLDS):
        held = [p for p in pages if fold_of[p.outlet] == fold]
        weights = fit([p for p in pages if fold_of[p.outlet] != fold])
        for group, values in accuracy(held, weights, scorer).items():
            scores[group] += values
    return scores


def row(label: str, scores: dict[str, list[float]]) -> str:
    cells = [f"{sum(v) / len(v):.3f} (n={len(v)})" if (v := scores.get(g)) else "-"
             for g in ("all", "en", "other")]
    return f"{label:<22}" + "".join(f"{c:>16}" for c in cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared/devset")
    parser.add_argument("--write", action="store_true", help=f"rewrite {WEIGHTS_FILE.name}")
    args = parser.parse_args()
    if not (args.devset / "cases").is_dir():
        print(f"no devset at {args.devset}: skipped")
        return
    spec = importlib.util.spec_from_file_location("devset_score", args.devset / "score.py")
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    pages = load_pages(args.devset, scorer)
    train = [p for p in pages if p.split == "train"]
    dev = [p for p in pages if p.split == "dev"]
    reachable = Counter(any(ok for _, ok in p.rows) for p in train)
    print(f"train pages whose publisher is among the candidates: {reachable[True]} of "
          f"{len(train)}")
    weights = fit(train)
    print(f"\npublisher{'':<13}{'all':>16}{'en':>16}{'other':>16}")
    print(row("train (fitted on it)", accuracy(train, weights, scorer)))
    print(row(f"train, {FOLDS}-fold CV", cross_validated(train, scorer)))
    print(row("dev", accuracy(dev, weights, scorer)))
    print("\nweights:", json.dumps(weights.publisher), "threshold:", weights.publisher_threshold)
    if args.write:
        data = json.loads(WEIGHTS_FILE.read_text())
        data["publisher"] = {"features": weights.publisher,
                             "threshold": weights.publisher_threshold}
        WEIGHTS_FILE.write_text(json.dumps(data, indent=2) + "\n")
        print(f"wrote {WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
