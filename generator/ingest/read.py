"""Read a capture file into lines of text, whatever its encoding, or say why not.

Plain-text captures keep their line numbers (line n of the file is lines[n-1]),
so every extracted fact can point back at the capture. Saved web pages go
through trafilatura for their main text and metadata.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_BYTES = 10 * 1024 * 1024  # far above any article; a bigger file is something else
MAX_LINE = 20_000  # characters; longer lines are cut (a minified blob, not prose)
# UTF-8 with a few bad bytes (a capture cut mid-character, a stray Latin-1 byte) is still
# UTF-8: read it so, replacing only the bad bytes, when its well-formed non-ASCII characters
# outnumber the bad bytes this many times. A file in another encoding has almost none.
UTF8_GOOD_PER_BAD = 4


class CaptureError(ValueError):
    """A capture that cannot be read; the message says what to do."""


@dataclass
class Capture:
    path: Path
    lines: list[str]
    sha256: str
    kind: str  # "text", "markdown" or "html"
    metadata: dict[str, str] = field(default_factory=dict)  # from HTML: title, date, sitename…
    notes: list[str] = field(default_factory=list)  # what a reviewer should know


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read as: UTF-8 (with or without BOM) or detected."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"),
                          (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:  # cut mid-character: keep what can be read
                text = data.decode(encoding, errors="replace")
                return text, f"{encoding}, invalid byte sequences replaced"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for c in text if ord(c) > 127) - bad - data.count("\ufffd".encode())
    if good >= UTF8_GOOD_PER_BAD * bad:
        return text, f"utf-8, {bad} invalid byte sequence{'s' if bad != 1 else ''} replaced"
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise CaptureError("not text in any encoding Chronicle recognises (a binary file?)")
    return str(best), best.encoding


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bool(sample) and control / len(sample) > 0.05


def split_lines(text: str, notes: list[str] | None = None) -> list[str]:
    """The text's lines, spaces collapsed; a line too long to be prose is cut (and noted)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE:
            lines[number - 1] = line[:MAX_LINE]
            if notes is not None:
                notes.append(f"line {number} has {len(line):,} characters, cut to "
                             f"{MAX_LINE:,}: not prose (a page saved without line breaks?)")
    return lines


def read_capture(path: Path) -> Capture:
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise CaptureError(f"'{suffix or path.name}' is not a capture Chronicle reads: "
                           "save the page as .txt, .html or .md")
    size = path.stat().st_size
    if size == 0:
        raise CaptureError("the file is empty")
    if size > MAX_BYTES:
        raise CaptureError(f"{size // 1024 // 1024} MB is far more than an article; "
                           "save only the article's page")
    data = path.read_bytes()
    if looks_binary(data):
        raise CaptureError("this is a binary file, not a text or HTML capture")
    text, encoding = decode(data)
    sha256 = hashlib.sha256(data).hexdigest()
    notes = [] if encoding in ("utf-8", "utf-8-sig", "utf-16") else [f"read as {encoding}"]
    if suffix in HTML_SUFFIXES:
        return _html_capture(path, text, sha256, notes)
    kind = "markdown" if suffix in (".md", ".markdown") else "text"
    return Capture(path, split_lines(text, notes), sha256, kind, notes=notes)


def _html_capture(path: Path, html: str, sha256: str, notes: list[str]) -> Capture:
    """Main text and metadata of a saved page, by trafilatura (with htmldate for dates)."""
    import trafilatura  # imported here: slow to import, and only HTML needs it

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                           include_tables=False, favor_recall=True)
    if document is None:
        raise CaptureError("no article text found in this HTML page")
    data = document if isinstance(document, dict) else document.as_dict()
    text = data.get("text") or ""
    if not text.strip():
        raise CaptureError("no article text found in this HTML page")
    metadata = {key: str(data[key]) for key in ("title", "date", "sitename", "author", "url")
                if data.get(key)}
    lines = split_lines(text, notes)
    if metadata.get("title") and metadata["title"] not in lines[:3]:
        lines = [metadata["title"], "", *lines]
    return Capture(path, lines, sha256, "html", metadata, notes)
