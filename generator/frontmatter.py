"""Split a Markdown file into YAML front matter and body, keeping line numbers.

Errors must name the line in the *file*, not in the YAML block (Pelican's
"<unicode string>, line 21" is the complaint to avoid), so every key and list
item keeps the file line it was written on.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import excerpt

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: faster


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe YAML without implicit timestamps: dates stay text for generator.dates.

    PyYAML's own timestamp parsing turns '2020-13-01' into a bare ValueError with
    no line and '2024' into an int; reading dates ourselves gives one message.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
SHARED_TEXT = 64  # characters: values this short recur (keys, ids, names); longer are prose


def _shared_str(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> str:
    """One str object for each short value however many files write it: a large project's
    keys, ids and publishers were each a copy per file (310,000 copies of 204,000 texts in
    the plan of 10,000 events), and memory, like the plan pickle's memo, counts objects."""
    text = loader.construct_scalar(node)
    return sys.intern(text) if len(text) <= SHARED_TEXT else text


_Loader.add_constructor("tag:yaml.org,2002:str", _shared_str)


MAX_DEPTH = 100  # levels of nesting: content needs two or three; a parser recursing deeper crashes
MAX_FRONT_MATTER = 1024 * 1024  # characters: far above any entry (an event of 300 reports: 0.1 MB)


class FrontMatterError(ValueError):
    def __init__(self, line: int | None, message: str, kind: str = "yaml") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.kind = kind

    def __reduce__(self):  # type: ignore[no-untyped-def]
        """Pickled whole (the build cache, worker processes), not as its message alone."""
        return (FrontMatterError, (self.line, self.message, self.kind))


@dataclass
class Document:
    """A parsed content file: metadata, where each key stands, and the body."""

    path: Path
    meta: dict[str, Any]
    body: str
    body_line: int  # file line (1-based) of the body's first line
    key_lines: dict[str, int] = field(default_factory=dict)
    digest: str = ""  # of the file's text: what incremental rebuilds compare

    def line_of(self, key: str, index: int | None = None) -> int:
        return line_of(self.key_lines, key, index)


def line_of(key_lines: dict[str, int], key: str, index: int | None = None) -> int:
    """File line of a key, or of item `index` of a list under it (1 when absent)."""
    if index is not None and f"{key}[{index}]" in key_lines:
        return key_lines[f"{key}[{index}]"]
    return key_lines.get(key, 1)


def read_document(path: Path) -> Document:
    """Read and parse one content file; raise FrontMatterError with its line."""
    return parse_document(path, read_document_text(path))


def read_document_text(path: Path) -> str:
    """A content or settings file's text, or a FrontMatterError saying why it has none."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:  # a folder, a link to nowhere, a file taken away mid-build
        raise FrontMatterError(None, f"cannot be read ({exc.strerror or exc}): check the file "
                               "is there and readable", "unreadable") from exc
    except UnicodeDecodeError as exc:
        raise FrontMatterError(None, f"not UTF-8 text ({exc.reason}); save it as UTF-8",
                               "not-utf8") from exc


CacheEntry = tuple[tuple[int, int], "Document | FrontMatterError"]  # (mtime, size), parsed


class DocumentCache:
    """Parsed documents kept between builds, re-parsed only when a file's text changed.

    Parsing YAML is most of the cost of loading content. `chronicle serve` keeps one of
    these; a one-shot build takes the stat of each file it read from it. A file
    whose stat is unchanged is not read; one whose stat moved (a git checkout) is read and
    re-parsed only if its text differs from the parsed one's.
    """

    def __init__(self, entries: dict[Path, CacheEntry] | None = None) -> None:
        self.entries: dict[Path, CacheEntry] = entries or {}

    def read(self, path: Path) -> Document:
        try:
            stat = os.stat(path)
        except OSError:
            return read_document(path)  # says why it cannot be read
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self.entries.get(path)
        if cached is None or cached[0] != key:
            cached = self.entries[path] = (key, self._parse(path, cached))
        if isinstance(cached[1], FrontMatterError):
            raise cached[1]
        return cached[1]

    @staticmethod
    def _parse(path: Path, cached: CacheEntry | None) -> Document | FrontMatterError:
        try:
            text = read_document_text(path)
            if cached and isinstance(cached[1], Document) and \
                    cached[1].digest == text_digest(text):
                return cached[1]
            return parse_document(path, text)
        except FrontMatterError as exc:
            return exc


def text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def parse_document(path: Path, text: str) -> Document:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(
            1, "missing front matter: start the file with a line '---', the YAML fields, "
            "and another line '---'", "missing-front-matter"
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise FrontMatterError(
            1, "front matter is not closed: add a line '---' after the YAML fields",
            "missing-front-matter"
        ) from None
    yaml_text = "\n".join(lines[1:end])
    meta, key_lines = load_yaml(yaml_text, first_line=2)
    body = "\n".join(lines[end + 1 :])
    return Document(path, meta, body, end + 2, key_lines, text_digest(text))


def _refuse_anchors(text: str, first_line: int) -> None:
    """Anchors and aliases (&a, *a) are refused: front matter has no need of them, and a few
    hundred bytes of nested aliases expand to gigabytes (a 'billion laughs')."""
    if "&" not in text and "*" not in text:
        return
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                raise FrontMatterError(
                    first_line + token.start_mark.line,
                    f"YAML anchors and aliases ('&{token.value}', '*{token.value}') are not "
                    "allowed here: write the value out, or put text starting with '&' or '*' "
                    "in quotes", "yaml-alias")
    except yaml.MarkedYAMLError:
        return  # the parser below reports it with its line


_DEEP_INDENT = re.compile(rf"^[ -]{{{2 * MAX_DEPTH},}}", re.MULTILINE)  # indents and '- - -'


def _too_deep_at(text: str) -> int:
    """Where flow brackets first nest deeper than MAX_DEPTH, or -1."""
    depth = 0
    for index, char in enumerate(text):
        depth += (char in "[{") - (char in "]}")
        if depth > MAX_DEPTH:
            return index
    return -1


def _refuse_deep_nesting(text: str, first_line: int) -> None:
    """Lists or mappings nested a hundred deep are refused before parsing: a few hundred
    thousand '[' take the YAML parser's stack down with them. (Counted only where the text
    has that many brackets at all: the common case costs two str.count calls.)"""
    deep = _DEEP_INDENT.search(text)
    at = deep.start() if deep else -1
    if at < 0 and text.count("[") + text.count("{") > MAX_DEPTH:
        at = _too_deep_at(text)
    if at >= 0:
        raise FrontMatterError(first_line + text.count("\n", 0, at), f"nested more than "
                               f"{MAX_DEPTH} levels deep: front matter needs a few levels at "
                               "most", "too-large")


def _refuse_duplicate_keys(node: yaml.Node | None, first_line: int) -> None:
    """A key written twice is a mistake YAML would hide (the last value wins)."""
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in current.value:
                key, line = str(key_node.value), first_line + key_node.start_mark.line
                if key in seen:
                    raise FrontMatterError(line, f"{excerpt(key)} is written twice, on lines "
                                           f"{seen[key]} and {line}: keep one", "duplicate-key")
                seen[key] = line
                pending.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)


def load_yaml(text: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    if len(text) > MAX_FRONT_MATTER:
        raise FrontMatterError(first_line, f"front matter of {len(text):,} characters is more "
                               f"than the {MAX_FRONT_MATTER:,} allowed: put long text in the "
                               "body, below the closing '---'", "too-large")
    _refuse_anchors(text, first_line)
    _refuse_deep_nesting(text, first_line)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        _refuse_duplicate_keys(node, first_line)
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise FrontMatterError(
            line, f"front matter is not valid YAML: {problem}. Check indentation, and put "
            "values with ':' or '#' in quotes"
        ) from exc
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(first_line, "front matter must be a set of 'key: value' lines")
    return data, _key_lines(node, first_line)


def _key_lines(node: yaml.Node | None, first_line: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        key = sys.intern(str(key_node.value))  # see _shared_str
        lines[key] = first_line + key_node.start_mark.line
        if isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                lines[sys.intern(f"{key}[{i}]")] = first_line + item.start_mark.line
    return lines
