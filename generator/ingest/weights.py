"""The numbers ingest decides with, read once from weights.json.

They are fitted, not chosen: bench/fit_weights.py learns them from the devset's train
split (cross-validated by outlet) and rewrites the file. Code holds no weight of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class Weights:
    publisher: dict[str, float]  # feature -> weight (publisher.FEATURES)
    publisher_threshold: float  # below this score the publisher is 'unknown'
    title: dict[str, float]  # feature -> weight (extract.TITLE_FEATURES)
    published: dict[str, float]  # feature -> weight (choose.PUBLISHED_FEATURES)
    language_share: float  # stop words of a language make this share of a text in it (choose)
    body: dict[str, float]  # feature -> weight (extract.BODY_FEATURES)
    body_bias: float  # added to every line's value: below 0, a line must earn its place


def load_weights(path: Path = WEIGHTS_FILE) -> Weights:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Weights(publisher=dict(data["publisher"]["features"]),
                   publisher_threshold=float(data["publisher"]["threshold"]),
                   title=dict(data["title"]["features"]),
                   published=dict(data["published"]["features"]),
                   language_share=float(data["published"]["language_share"]),
                   body=dict(data["body"]["features"]), body_bias=float(data["body"]["bias"]))


WEIGHTS = load_weights()
