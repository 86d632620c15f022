"""Markdown with Pandoc-style citations, rendered safely.

`[@source-id]` and `[@source-id, line 35]` (several joined with ';') become
numbered marks pointing at the event's source list; with a line they also link
to that line of the archived source text. Raw HTML is escaped: article text is
untrusted and must never reach a page as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.footnote import footnote_plugin

from generator.urls import body_link_allowed

_CITATION = re.compile(r"\[(@[^\[\]\n]+)\]")
_ITEM = re.compile(r"^@([\w][\w.:-]*)\s*(?:,\s*(?:line|l\.)\s*(\d+))?$")


@dataclass(frozen=True)
class Citation:
    key: str
    line: int | None
    text_line: int  # line of the Markdown body (0-based) the citation stands on


def _parse_items(inner: str) -> list[tuple[str, int | None]] | None:
    items = []
    for part in inner.split(";"):
        match = _ITEM.match(part.strip())
        if not match:
            return None
        items.append((match.group(1), int(match.group(2)) if match.group(2) else None))
    return items


def find_citations(body: str) -> tuple[list[Citation], list[tuple[int, str]]]:
    """All citations in a body, and the malformed ones as (line, text)."""
    found: list[Citation] = []
    bad: list[tuple[int, str]] = []
    for number, line in enumerate(body.split("\n")):
        for match in _CITATION.finditer(line):
            items = _parse_items(match.group(1))
            if items is None:
                bad.append((number, match.group(0)))
                continue
            found.extend(Citation(key, cited_line, number) for key, cited_line in items)
    return found, bad


# Renders one citation mark: (key, line) -> HTML. Given per call through env.
CiteRenderer = Callable[[str, "int | None"], str]


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    match = _CITATION.match(state.src, state.pos)
    if not match:
        return False
    items = _parse_items(match.group(1))
    if items is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"items": items}
    state.pos = match.end()
    return True


def _render_citation(self, tokens, idx, options, env) -> str:  # type: ignore[no-untyped-def]
    render: CiteRenderer = env["cite"]
    marks = "".join(render(key, line) for key, line in tokens[idx].meta["items"])
    return f'<sup class="cite">{marks}</sup>'


def make_markdown(validate_link: Callable[[str], bool] = body_link_allowed) -> MarkdownIt:
    """CommonMark + tables + footnotes + citations, raw HTML escaped.

    Only http(s), mailto and links within the site become links: a `javascript:` or
    `data:` target stays plain text even if a check was skipped.
    """
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table")
    md.use(footnote_plugin)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.add_render_rule("citation", _render_citation)
    md.validateLink = validate_link  # type: ignore[method-assign]
    return md


_LINK_SYNTAX = re.compile(r"\]\(|\]:|<[A-Za-z][A-Za-z0-9+.-]*:")
_FINDER: list[MarkdownIt] = []  # parses every link target, allowed or not, to report it


def find_refused_links(body: str) -> list[tuple[int, str]]:
    """Link and image targets a page would refuse, as (body line, 0-based; target)."""
    if not _LINK_SYNTAX.search(body):
        return []
    if not _FINDER:
        _FINDER.append(make_markdown(lambda href: True))
    refused = []
    for block in _FINDER[0].parse(body):
        if block.type != "inline" or block.map is None or not block.children:
            continue
        line = block.map[0]
        for token in block.children:
            if token.type in ("softbreak", "hardbreak"):
                line += 1
            target = token.attrGet("href") if token.type == "link_open" else \
                token.attrGet("src") if token.type == "image" else None
            if target is not None and not body_link_allowed(str(target)):
                refused.append((line, str(target)))
    return refused
