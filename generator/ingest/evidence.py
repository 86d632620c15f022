"""One way to decide a field: candidates with evidence features, weighed, the best one kept.

Headline, publication date and publisher are each decided so: a chooser lists the
candidates (lines, date mentions, names) with their features, the fitted weights
(weights.json) score them, and the decision keeps the best with its score and a basis
naming where it stands and the evidence that counted most for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import mul
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Candidate(Generic[T]):
    value: T
    features: Sequence[float]  # in the order of the field's feature names
    where: str  # for the basis: "line 12", "'8 October 2024' (line 5)"


@dataclass(frozen=True)
class Decision(Generic[T]):
    value: T
    score: float
    basis: str


def strongest(names: Sequence[str], features: Sequence[float],
              weights: dict[str, float]) -> str:
    """The feature that added most to a candidate's score."""
    return max(zip(names, features, strict=True),
               key=lambda pair: weights.get(pair[0], 0.0) * pair[1])[0]


def decide(candidates: Sequence[Candidate[T]], names: Sequence[str],
           weights: dict[str, float]) -> Decision[T] | None:
    """The best-scored candidate (the first of equals), or None when there is none."""
    if not candidates:
        return None
    vector = [weights.get(name, 0.0) for name in names]  # once, not per candidate
    scores = [sum(map(mul, vector, c.features)) for c in candidates]
    best = max(range(len(candidates)), key=scores.__getitem__)
    chosen = candidates[best]
    evidence = strongest(names, chosen.features, weights).replace("_", " ")
    return Decision(chosen.value, scores[best], f"{chosen.where}; strongest evidence: {evidence}")
