"""Fit ingest's weights on the devset's train split; report train, CV and dev, by language.

Ingest decides the headline, the publication date and the publisher the same way:
candidates (lines, date mentions, names), each with evidence features, scored by weights.
The date's features depend on where the headline was found, so after a change run it twice
(the second run fits the dates to the newly fitted headlines).

The weights are a pairwise ranking model: a logistic regression, without intercept, on the
feature differences between a right and a wrong candidate of the same page (each page
weighs the same however many pairs it has).
The article's text is a block of lines (Kadane's densest block), so its numbers are not
a ranking: each kind of line's value (BODY_FEATURES) is fitted by coordinate ascent on the
mean body token F1 of the train pages, with the prose length as the unit (the block is
the same for any positive multiple of the values). The ascent starts from the committed
values, so a re-fit is a fixed point: started from zero it finds another optimum of the
same cross-validated F1 (0.901) that moves where the body starts, and the headline, whose
candidates lie around that start, loses 1.5 points.
The share of a text's words its language's stop words must make before that language
reads the text's ambiguous numeric dates is fitted on the train pages' publication days
(the highest share with the most of them right).
For the publisher, the score below which it is 'unknown' is the highest score that loses
no right answer on the training pages: a name only a weak guess would give is left unknown
rather than invented.

Cross-validation is 5-fold by outlet (an outlet's pages are all in one fold), as the
split itself is. `dev` is only measured, never fitted. Re-fitting is deterministic.

`--repeats N` also reports the ranking fields' CV pooled over N assignments of the outlets to
folds: a change that moves one assignment's CV by a page or two may be noise, which the
pooled figure shows.

    pip install -e ".[tune]"
    python bench/fit_weights.py [--devset ../shared/devset] [--write] [--repeats N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ingest.article import extract  # noqa: E402
from generator.ingest.choose import (  # noqa: E402
    PUBLISHED_FEATURES,
    _resolve,
    date_candidates,
    date_features,
    language_evidence,
    page_dates,
)
from generator.ingest.datefind import find_dates  # noqa: E402
from generator.ingest.extract import (  # noqa: E402
    BODY_FEATURES,
    TITLE_FEATURES,
    Line,
    describe,
    find_body,
    title_candidates,
)
from generator.ingest.publisher import (  # noqa: E402
    FEATURES as PUBLISHER_FEATURES,
)
from generator.ingest.publisher import (  # noqa: E402
    Ballot,
    candidates,
    collect_votes,
    decide,
)
from generator.ingest.read import read_capture  # noqa: E402
from generator.ingest.weights import WEIGHTS, WEIGHTS_FILE  # noqa: E402

FOLDS = 5
REGULARISATION = 1.0  # scikit-learn's C; the default, not tuned

Rows = list[tuple[list[float], bool]]  # each candidate's features and whether it is right
BODY_UNIT = "prose_length"  # the body value held fixed: the others are in its units
BODY_STEPS = (0.5, 0.25, 0.125, 0.0625, 0.025, 0.0125)  # coordinate steps, times the unit


@dataclass
class BodyCase:
    """What the body's F1 needs, computed once: the lines as ingest describes them, the
    lines with dates, the headline's line (never in the body), each line's tokens."""

    described: list[Line]
    dated: set[int]
    title_line: int | None
    line_tokens: list[Counter[str]]
    gold: Counter[str]


@dataclass
class Page:
    case: str
    split: str
    language: str
    outlet: str
    rows: dict[str, Rows] = field(default_factory=dict)  # by field
    ballot: Ballot | None = None  # the publisher's, for decide()
    text: str = ""
    publishers: set[str] = field(default_factory=set)
    body: BodyCase | None = None
    evidence: tuple[str | None, float] = (None, 0.0)  # language_evidence() of its article
    # the publication date's rows with the page's language used, and without it
    published_by_language: dict[bool, Rows] = field(default_factory=dict)


def outlet(url: str) -> str:
    """The registered domain, near enough: the last two labels (three after a 'co.')."""
    labels = urlsplit(url).netloc.lower().removeprefix("www.").split(".")
    keep = 3 if len(labels) > 2 and labels[-2] in ("co", "com", "org", "net", "ac") else 2
    return ".".join(labels[-keep:])


def load_pages(devset: Path, scorer: ModuleType) -> list[Page]:
    pages = []
    for path in sorted(devset.glob("cases/*.txt")):
        gold = json.loads(path.with_suffix(".json").read_text())
        lines = read_capture(path).lines
        page = Page(path.stem, gold.get("split", "train"), gold.get("language", ""),
                    outlet(gold.get("url", "")), text="\n".join(lines))
        if gold.get("title"):
            titles = {scorer.norm_title(t) for t in [gold["title"],
                                                      *(gold.get("title_aliases") or [])]}
            described = describe(lines)
            dates = find_dates(lines)
            body = find_body(described, {m.line for m in dates if m.has_year})
            page.rows["title"] = [(list(c.features), scorer.norm_title(c.value[1]) in titles)
                                  for c in title_candidates(described, body, dates)]
        result = extract(lines)  # the headline and body as ingest finds them now
        page.evidence = language_evidence(result)
        if gold.get("body"):
            page.body = BodyCase(describe(lines), {m.line for m in result.dates if m.has_year},
                                 result.title_line,
                                 [Counter(scorer.tokens(line)) for line in lines],
                                 Counter(scorer.tokens(gold["body"])))
        if gold.get("published"):
            described = describe(lines)
            found_dates = date_candidates(result, described)
            page_of = page_dates(found_dates, result)
            features = [date_features(m, result, described, found_dates, page_of)
                        for m in found_dates]
            page.published_by_language = {use: [
                (f, _resolve(m, result.dates, page.evidence[0] if use else None)[0].isoformat()
                 == gold["published"][:10]) for f, m in zip(features, found_dates, strict=True)]
                for use in (True, False)}
            page.rows["published"] = page.published_by_language[
                page.evidence[1] >= WEIGHTS.language_share]
        if gold.get("publisher"):
            page.publishers = {scorer.norm_publisher(g) for g in
                               [gold["publisher"], *(gold.get("publisher_aliases") or [])]}
            page.ballot = collect_votes(lines, result)
            found = candidates(page.ballot, page.text.casefold()) if page.ballot.votes else {}
            page.rows["publisher"] = [
                ([float(features.get(f, 0)) for f in PUBLISHER_FEATURES],
                 scorer.norm_publisher(page.ballot.spelling(key)) in page.publishers)
                for key, features in found.items()]
        pages.append(page)
    return pages


def fit_ranking(groups: list[Rows], names: tuple[str, ...]) -> dict[str, float]:
    """Pairwise logistic regression: right minus wrong candidate of a page, and reverse."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x, y, weight = [], [], []
    for rows in groups:
        right_ones = [features for features, ok in rows if ok]
        wrong_ones = [features for features, ok in rows if not ok]
        pairs = [(r, w) for r in right_ones for w in wrong_ones]
        for right, wrong in pairs:
            difference = np.subtract(right, wrong)
            x += [difference, -difference]
            y += [1, 0]
            weight += [1 / len(pairs)] * 2
    model = LogisticRegression(fit_intercept=False, C=REGULARISATION, max_iter=10000)
    model.fit(np.array(x), np.array(y), sample_weight=np.array(weight))
    return {name: round(float(c), 4) for name, c in zip(names, model.coef_[0], strict=True)}


def score(weights: dict[str, float], names: tuple[str, ...], features: list[float]) -> float:
    return sum(weights[n] * v for n, v in zip(names, features, strict=True))


@dataclass
class Field:
    """How one field is fitted and scored."""

    name: str
    features: tuple[str, ...]
    correct: Callable[[Page, dict[str, float], float], bool]  # page, weights, threshold

    def fit(self, pages: list[Page]) -> tuple[dict[str, float], float]:
        groups = [p.rows[self.name] for p in pages if self.name in p.rows]
        weights = fit_ranking(groups, self.features)
        best_right = [max(score(weights, self.features, f) for f, ok in rows if ok)
                      for rows in groups if any(ok for _, ok in rows)]
        threshold = round(min(best_right) - 0.001, 4) if best_right else 0.0
        return weights, threshold

    def accuracy(self, pages: list[Page], weights: dict[str, float],
                 threshold: float) -> dict[str, list[float]]:
        scores: dict[str, list[float]] = defaultdict(list)
        for page in pages:
            if self.name not in page.rows:
                continue
            ok = float(self.correct(page, weights, threshold))
            scores["all"].append(ok)
            scores["en" if page.language == "en" else "other"].append(ok)
        return scores

    def cross_validated(self, pages: list[Page], repeats: int = 1) -> dict[str, list[float]]:
        """Each outlet's pages scored by weights fitted without that outlet, once per
        assignment of the outlets to folds (pooled)."""
        scores: dict[str, list[float]] = defaultdict(list)
        for repeat in range(repeats):
            fold_of = fold_assignment({p.outlet for p in pages}, repeat)
            for fold in range(FOLDS):
                held = [p for p in pages if fold_of[p.outlet] == fold]
                weights, threshold = self.fit([p for p in pages if fold_of[p.outlet] != fold])
                for group, values in self.accuracy(held, weights, threshold).items():
                    scores[group] += values
        return scores


def fold_assignment(outlets: set[str], repeat: int) -> dict[str, int]:
    """Each outlet's fold: in name order the first time (the CV the commits report), then
    shuffled by the repetition's number as a fixed seed. One assignment moves by a page or
    two with any change; several, averaged, tell a real difference from that."""
    order = sorted(outlets)
    if repeat:
        random.Random(repeat).shuffle(order)
    return {name: i % FOLDS for i, name in enumerate(order)}


def first_best(names: tuple[str, ...], field_name: str
               ) -> Callable[[Page, dict[str, float], float], bool]:
    """Correct when the best-scored candidate (the first of equals, as ingest picks) is right."""
    def correct(page: Page, weights: dict[str, float], threshold: float) -> bool:
        rows = page.rows[field_name]
        if not rows:
            return False
        best = max(range(len(rows)), key=lambda i: score(weights, names, rows[i][0]))
        return rows[best][1]
    return correct


def publisher_correct(scorer: ModuleType) -> Callable[[Page, dict[str, float], float], bool]:
    def correct(page: Page, weights: dict[str, float], threshold: float) -> bool:
        """Through decide(), the code ingest runs."""
        if page.ballot is None or not page.ballot.votes:
            return False
        chosen = replace(WEIGHTS, publisher=weights, publisher_threshold=threshold)
        name = decide(page.ballot, page.text, chosen)[0]
        return scorer.norm_publisher(name) in page.publishers
    return correct


def use_language_share(pages: list[Page], share: float) -> None:
    """Each page's publication-date rows as ingest reads them with this share: the page's
    language decides an ambiguous date only where its stop words reach the share."""
    for page in pages:
        if page.published_by_language:
            page.rows["published"] = page.published_by_language[page.evidence[1] >= share]


def fit_language_share(train: list[Page], weights: dict[str, float]) -> float:
    """The share of a text's words its language's stop words must make for the language to
    read its ambiguous dates: of the shares the train pages have, the highest one with the
    most publication days right (the language is trusted on as few pages as that allows)."""
    correct = first_best(PUBLISHED_FEATURES, "published")
    dated = [p for p in train if p.published_by_language]
    scores = {}
    for share in sorted({0.0, *(p.evidence[1] for p in dated)}):
        use_language_share(dated, share)
        scores[share] = sum(correct(p, weights, 0.0) for p in dated)
    best = max(scores.values())
    # rounded down as the weights are rounded: the page with that share stays included
    return math.floor(max(share for share, right in scores.items() if right == best) * 1e4) / 1e4


def body_f1(case: BodyCase, values: dict[str, float]) -> float:
    """The body token F1 of one page, as the scorer computes it, with these line values."""
    weights = replace(WEIGHTS, body=values, body_bias=values["bias"])
    found: Counter[str] = Counter()
    for line in find_body(case.described, case.dated, weights):
        if line != case.title_line:
            found.update(case.line_tokens[line])
    common = sum((found & case.gold).values())
    if not common:
        return 0.0
    precision, recall = common / sum(found.values()), common / sum(case.gold.values())
    return 2 * precision * recall / (precision + recall)


def mean_body_f1(pages: list[Page], values: dict[str, float]) -> float:
    cases = [p.body for p in pages if p.body]
    return sum(body_f1(c, values) for c in cases) / len(cases)


def fit_body(pages: list[Page], start: dict[str, float]) -> dict[str, float]:
    """Coordinate ascent on the mean F1: each value in turn moves by a step while that
    helps, the steps shrinking; deterministic (given start, fixed order)."""
    free = [name for name in BODY_FEATURES if name != BODY_UNIT]
    unit = start[BODY_UNIT]
    # no bias: it adds to every kind, which their own values already do
    values = dict(start) | {"bias": 0.0}
    best = mean_body_f1(pages, values)
    for step in BODY_STEPS:
        improved = True
        while improved:
            improved = False
            for name in free:
                for move in (-step * unit, step * unit):
                    trial = values | {name: round(values[name] + move, 4)}
                    if (f1 := mean_body_f1(pages, trial)) > best + 1e-9:
                        best, values, improved = f1, trial, True
    return values


def body_scores(pages: list[Page], values: dict[str, float]) -> dict[str, list[float]]:
    scores: dict[str, list[float]] = defaultdict(list)
    for page in pages:
        if page.body:
            f1 = body_f1(page.body, values)
            scores["all"].append(f1)
            scores["en" if page.language == "en" else "other"].append(f1)
    return scores


def report_body(train: list[Page], dev: list[Page], start: dict[str, float]) -> dict[str, float]:
    values = fit_body(train, start)
    fold_of = fold_assignment({p.outlet for p in train if p.body}, 0)
    held_out: dict[str, list[float]] = defaultdict(list)
    for fold in range(FOLDS):
        fitted = fit_body([p for p in train if p.body and fold_of[p.outlet] != fold], start)
        for group, scores in body_scores([p for p in train if p.body and fold_of[p.outlet] == fold],
                                         fitted).items():
            held_out[group] += scores
    print(f"\nbody: token F1 of the densest block, on {sum(bool(p.body) for p in train)} "
          "train pages")
    print(f"{'':<24}{'all':>16}{'en':>16}{'other':>16}")
    print(row("train (fitted on it)", body_scores(train, values)))
    print(row(f"train, {FOLDS}-fold CV", held_out))
    print(row("dev", body_scores(dev, values)))
    print("values:", json.dumps(values))
    return values


def row(label: str, scores: dict[str, list[float]]) -> str:
    cells = [f"{sum(v) / len(v):.3f} (n={len(v)})" if (v := scores.get(g)) else "-"
             for g in ("all", "en", "other")]
    return f"{label:<24}" + "".join(f"{c:>16}" for c in cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared/devset")
    parser.add_argument("--write", action="store_true", help=f"rewrite {WEIGHTS_FILE.name}")
    parser.add_argument("--repeats", type=int, default=1, metavar="N",
                        help="also report the headline's, date's and publisher's CV pooled over "
                             "N assignments of outlets to folds (the first is the usual one)")
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
    fields = [Field("title", TITLE_FEATURES, first_best(TITLE_FEATURES, "title")),
              Field("published", PUBLISHED_FEATURES, first_best(PUBLISHED_FEATURES, "published")),
              Field("publisher", PUBLISHER_FEATURES, publisher_correct(scorer))]
    data = json.loads(WEIGHTS_FILE.read_text())
    share = fit_language_share(train, data["published"]["features"])
    use_language_share(pages, share)
    print(f"language share (choose.page_language): {share:.4f}")
    for label, group in (("train", train), ("dev", dev)):
        named = [p for p in group if p.evidence[0] and p.evidence[1] >= share]
        right = sum(p.evidence[0] == p.language for p in named)
        print(f"  the language guessed on {len(named)} of {len(group)} {label} pages, "
              f"right on {right}")
    for spec_field in fields:
        reachable = sum(any(ok for _, ok in p.rows.get(spec_field.name, [])) for p in train)
        total = sum(spec_field.name in p.rows for p in train)
        weights, threshold = spec_field.fit(train)
        print(f"\n{spec_field.name}: the right answer is among the candidates on {reachable} of "
              f"{total} train pages")
        print(f"{'':<24}{'all':>16}{'en':>16}{'other':>16}")
        print(row("train (fitted on it)", spec_field.accuracy(train, weights, threshold)))
        print(row(f"train, {FOLDS}-fold CV", spec_field.cross_validated(train)))
        if args.repeats > 1:
            print(row(f"train, {FOLDS}-fold CV x{args.repeats}",
                      spec_field.cross_validated(train, args.repeats)))
        print(row("dev", spec_field.accuracy(dev, weights, threshold)))
        print("weights:", json.dumps(weights), "threshold:", threshold)
        data[spec_field.name] = {"features": weights, **(
            {"threshold": threshold} if spec_field.name == "publisher" else {}), **(
            {"language_share": share} if spec_field.name == "published" else {})}
    values = report_body(train, dev, data["body"]["features"])
    data["body"] = {"features": {name: values[name] for name in BODY_FEATURES},
                    "bias": values["bias"]}
    if args.write:
        WEIGHTS_FILE.write_text(json.dumps(data, indent=2) + "\n")
        print(f"\nwrote {WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
