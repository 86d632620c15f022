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
from functools import lru_cache
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
    return _shared(loader.construct_scalar(node))


def _shared(text: str) -> str:
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

    def __init__(self, entries: dict[Path, CacheEntry] | None = None,
                 stats: dict[str, tuple[int, int]] | None = None) -> None:
        self.entries: dict[Path, CacheEntry] = entries or {}
        # each file's (mtime_ns, size) as a one-shot build listed them (build.content_files),
        # not taken again: a file changed since is read again at the next build
        self.stats = stats or {}

    def read(self, path: Path) -> Document:
        key = self.stats.get(str(path)) if self.stats else None  # serve's reads: none
        if key is None:
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
    return _simple_yaml(text, first_line) or _parsed_yaml(text, first_line)


def _parsed_yaml(text: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    """Front matter read by the YAML parser, with the line of each error."""
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


# --- the common shape of front matter, read without the YAML parser -----------------------
# 'key: value' lines, '[a, b]' lists, and block lists of values or of one-level mappings
# are nearly all front matter. libyaml makes a node object with marks for each value: 60 µs
# a file, 1.8 s of CPU for the 30,000 files of 10,000 events. What this reader is not sure
# of (any other YAML, or a value YAML would read other than as text or a plain number) goes
# to the parser; tests/test_properties.py checks the two agree wherever this one answers.

_SIMPLE_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")  # a line, its end spaces cut
_SIMPLE_ITEM = re.compile(r"( *)- +(.*)")
# tabs, and what YAML reads as a line break or refuses: the parser says what it makes of them
_NOT_SIMPLE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                         "\U00010000-\U0010ffff]")
_PLAIN_START = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s]")  # what else starts other YAML
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_UNSURE = object()  # a value left to the YAML parser


Rows = list[tuple[int, str]]  # the lines with something on them: (file line, text)


def _simple_yaml(text: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]] | None:
    """What load_yaml gives for front matter of the common shape; None for any other."""
    if _NOT_SIMPLE.search(text):
        return None
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    rows = [(first_line + n, row) for n, line in enumerate(text.split("\n"))
            if (row := line.rstrip(" ")) and not row.lstrip(" ").startswith("#")]
    at = 0
    while at < len(rows):
        line, row = rows[at]
        found = _SIMPLE_KEY.fullmatch(row)
        key = found and _simple_key(found[1], data)
        if not key:
            return None
        key_lines[key] = line
        if found[2] is None:  # 'key:' alone: a block list below it, or nothing
            value, at = _simple_items(rows, at + 1, key, key_lines)
        else:
            value, at = _simple_value(found[2]), at + 1
            for index in range(len(value) if isinstance(value, list) else 0):
                key_lines[sys.intern(f"{key}[{index}]")] = line
        if value is _UNSURE:
            return None
        data[key] = value
    return data, key_lines


def _simple_key(key: str, mapping: dict[str, Any]) -> str | None:
    """The key, unless YAML reads it as other than text or it is written twice."""
    shared = _plain(key)
    return shared if shared == key and key not in mapping else None


def _simple_items(rows: Rows, at: int, key: str, key_lines: dict[str, int]) -> tuple[Any, int]:
    """The block list starting at row `at` (None when there is none), and the row after it."""
    items: list[Any] = []
    indent = None
    while at < len(rows):
        line, row = rows[at]
        item = _SIMPLE_ITEM.fullmatch(row)
        if item is None:
            return (_UNSURE if row[0] == " " else items or None), at
        if indent is None:
            indent = len(item[1])
        if len(item[1]) != indent:
            return _UNSURE, at
        key_lines[sys.intern(f"{key}[{len(items)}]")] = line
        if _SIMPLE_KEY.fullmatch(item[2]) is None:
            value, at = _simple_value(item[2]), at + 1
        else:  # a mapping: this line's key and those of the lines below at its indent
            value, at = _simple_mapping(rows, at, len(row) - len(item[2]))
        if value is _UNSURE:
            return _UNSURE, at
        items.append(value)
    return items or None, at


def _simple_mapping(rows: Rows, at: int, column: int) -> tuple[Any, int]:
    mapping: dict[str, Any] = {}
    while at < len(rows):
        row = rows[at][1]
        found = _SIMPLE_KEY.fullmatch(row, column)
        if not found or (mapping and not row[:column].isspace()):  # the next item, or after
            break
        key = _simple_key(found[1], mapping)
        if not key or found[2] is None:  # a nested block: the parser's
            return _UNSURE, at
        mapping[key] = _simple_value(found[2])
        if mapping[key] is _UNSURE:
            return _UNSURE, at
        at += 1
    return mapping, at


def _simple_value(text: str) -> Any:
    """A value written on its line: plain, quoted without escapes, or '[a, b]'."""
    if text[0] in "\"'":
        end = text.find(text[0], 1)
        inside = text[1:end]
        return _shared(inside) if end > 0 and not text[end + 1:].strip() \
            and "\\" not in inside else _UNSURE
    if text[0] == "[":
        inside = text[1:-1]
        if text[-1] != "]" or any(c in inside for c in "[]{}#'\""):
            return _UNSURE
        if not inside.strip():
            return []
        items = [_plain(item.strip(" ")) for item in inside.split(",")]
        return _UNSURE if any(item is _UNSURE for item in items) else items
    return _plain(text)


def _kinds(resolvers: list[tuple[str, re.Pattern[str]]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((tag.rsplit(":", 1)[1], pattern) for tag, pattern in resolvers)


# YAML's own rules for what a plain value other than text looks like, by its first character
# (those under None apply to any)
_ANY_FIRST = _Loader.yaml_implicit_resolvers.get(None) or []
_RESOLVE_ANY = _kinds(_ANY_FIRST)
_RESOLVERS = {first: _kinds([*resolvers, *_ANY_FIRST])
              for first, resolvers in _Loader.yaml_implicit_resolvers.items() if first}


def _plain(text: str) -> Any:
    """A plain value as YAML reads it: text, a decimal number, true/false or null."""
    return _short_plain(text) if len(text) <= SHARED_TEXT else _read_plain(text)


def _read_plain(text: str) -> Any:
    if not _PLAIN_START.match(text) or ": " in text or " #" in text or text.endswith(":"):
        return _UNSURE
    for kind, pattern in _RESOLVERS.get(text[0], _RESOLVE_ANY):
        if pattern.match(text):
            if kind == "bool":
                return _Loader.bool_values[text.lower()]
            if kind == "null":
                return None
            return int(text) if kind == "int" and _DECIMAL.fullmatch(text) else _UNSURE
    return _shared(text)


_short_plain = lru_cache(maxsize=4096)(_read_plain)  # keys, ids and names recur across files


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
