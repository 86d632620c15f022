"""Ingest, read top to bottom: capture -> article -> events -> merged, written entries."""

from __future__ import annotations

from typing import Any

from generator.ingest.extract import extract
from generator.ingest.read import Capture


def article_record(capture: Capture) -> dict[str, Any]:
    """What `--dry-run --json` prints for one article (without events)."""
    article = extract(capture.lines)
    return {
        "file": str(capture.path),
        "title": article.title,
        "publisher": article.publisher,
        "published": article.published.isoformat() if article.published else None,
        "author": article.author or None,
        "body": article.body_text,
    }
