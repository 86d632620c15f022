"""One capture's article: the line-shape decisions (extract) plus dates and publisher (choose).

For a saved HTML page, the page's own metadata (read by trafilatura and
htmldate) is better evidence than the text's shape, and wins where present.
"""

from __future__ import annotations

import datetime as dt

from generator.ingest.choose import choose_published
from generator.ingest.datefind import find_dates
from generator.ingest.extract import Extracted, describe, find_author, find_body, find_title
from generator.ingest.publisher import find_publisher
from generator.ingest.read import Capture


def extract(lines: list[str]) -> Extracted:
    """Everything ingest reads from a capture's lines."""
    described = describe(lines)
    dates = find_dates(lines)
    body = find_body(described, {m.line for m in dates if m.has_year})
    title = find_title(described, body, dates)
    title_line = title.value[0] if title else None
    if title_line is not None and title_line in body:
        body.remove(title_line)
    result = Extracted(lines, dates=dates, body=body)
    if title:
        (result.title_line, result.title), result.title_basis = title.value, title.basis
    result.author = find_author(described, title_line, body, {m.line for m in dates})
    result.publisher, result.publisher_basis = find_publisher(lines, result)
    choose_published(result, described)
    return result


def read_article(capture: Capture) -> Extracted:
    article = extract(capture.lines)
    meta = capture.metadata
    if meta.get("title"):
        article.title = meta["title"]
        if meta["title"] in capture.lines:
            article.title_line = capture.lines.index(meta["title"])
            if article.title_line in article.body:
                article.body.remove(article.title_line)
    if meta.get("sitename"):
        article.publisher, article.publisher_basis = meta["sitename"], "the page's metadata"
    if meta.get("author"):
        article.author = meta["author"]
    if meta.get("date"):
        try:
            article.published = dt.date.fromisoformat(meta["date"][:10])
            article.published_basis = f"the page's metadata ({meta['date']}), read by htmldate"
        except ValueError:
            pass
    return article
