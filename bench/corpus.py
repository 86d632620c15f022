"""Generate a synthetic chronology of N events for benchmarks (deterministic)."""

from __future__ import annotations

import random
from pathlib import Path

ACTORS = 200
SOURCES_PER_EVENT = 2


def generate(root: Path, events: int, seed: int = 7) -> Path:
    """Write chronicle.yaml and content/ for `events` events under `root`."""
    rng = random.Random(seed)
    (root / "content/actors").mkdir(parents=True, exist_ok=True)
    (root / "content/sources").mkdir(parents=True, exist_ok=True)
    (root / "content/events").mkdir(parents=True, exist_ok=True)
    (root / "chronicle.yaml").write_text("title: Generated\nbase_url: https://example.org/g/\n")
    for a in range(ACTORS):
        (root / f"content/actors/actor-{a}.md").write_text(
            f"---\nname: Actor {a}\naliases: [A{a}]\n---\nPerson number {a}.\n"
        )
    for e in range(events):
        year, month, day = 1950 + rng.randrange(75), rng.randrange(1, 13), rng.randrange(1, 29)
        precision = rng.random()
        date = (
            f"{year}"
            if precision < 0.05
            else (f"{year}-{month:02d}" if precision < 0.15 else f"{year}-{month:02d}-{day:02d}")
        )
        actors = rng.sample(range(ACTORS), rng.randrange(1, 4))
        sources = []
        for s in range(SOURCES_PER_EVENT):
            sid = f"src-{e}-{s}"
            sources.append(sid)
            lines = "\n".join(f"Paragraph {n} of source {sid} about event {e}." for n in range(12))
            front = f"title: Report {sid}\npublisher: Outlet {s}\npublished: {year}"
            (root / f"content/sources/{sid}.md").write_text(f"---\n{front}\n---\n{lines}\n")
        (root / f"content/events/event-{e:05d}.md").write_text(
            f"---\ntitle: Event number {e}\ndate: {date}\n"
            f"actors: [{', '.join(f'actor-{a}' for a in actors)}]\n"
            f"tags: [tag-{e % 40}, topic-{e % 7}]\nsummary: Something happened, number {e}.\n"
            f"sources: [{', '.join(sources)}]\n"
            f'quotes:\n  - text: "Paragraph 3 of source {sources[0]} about event {e}."\n'
            f"    by: actor-{actors[0]}\n    source: {sources[0]}\n    line: 4\n---\n"
            f"Body of event {e}, citing [@{sources[0]}, line 2] and [@{sources[1]}].\n"
        )
    return root


if __name__ == "__main__":
    import sys

    generate(Path(sys.argv[1]), int(sys.argv[2]))
