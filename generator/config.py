"""`chronicle.yaml`: site settings, validated with messages that say the fix.

Like MkDocs' config schema: each setting has a type and a default, unknown
keys get a "did you mean" hint, and every mistake is reported in one go.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.errors import Collector, excerpt
from generator.frontmatter import FrontMatterError, load_yaml, read_document_text
from generator.paths import inside, is_theme_name

CONFIG_FILE = "chronicle.yaml"
SEARCH_SCOPES = ("all", "events", "off")
# Languages written right to left (ISO 639-1): their pages get dir="rtl".
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ku", "ckb"})


@dataclass(frozen=True)
class Config:
    title: str = "Chronicle"
    description: str = ""
    base_url: str = ""  # e.g. https://user.github.io/repo/ ; "" means "not published yet"
    language: str = "en"
    theme: str = ""  # a folder under themes/ whose files override themes/default/
    newest_first: bool = False  # order of the chronology on the index page
    # Events per chronology, actor, tag or year page: big chronologies are split (by whole
    # years on the chronology), which keeps every page near 200 KB.
    per_page: int = 250
    # What the Pagefind search index holds: 'all' (events and the archived sources' text),
    # 'events' (a third of the work on a large chronology), or 'off'.
    search: str = "all"
    related_events: int = 6  # how many related events an event page lists
    feed_size: int = 50  # events in feed.xml, newest first
    # Reference events for ingest: "the 80th anniversary of liberation" -> 1945 + 80.
    anniversaries: dict[str, str] = field(default_factory=dict)
    # Tags ingest gives an article that uses them, before any word of its own.
    keywords: tuple[str, ...] = ()

    @property
    def searchable(self) -> bool:
        return self.search != "off"

    @property
    def direction(self) -> str:
        """'rtl' for Arabic, Hebrew, Persian …, else 'ltr' (from the language's primary tag)."""
        return "rtl" if self.language.split("-")[0].lower() in RIGHT_TO_LEFT else "ltr"

    @property
    def base_path(self) -> str:
        """The URL path the site lives under: '/' or '/repo/'."""
        path = urlsplit(self.base_url).path if self.base_url else "/"
        return path if path.endswith("/") else path + "/"

    def absolute(self, path: str) -> str:
        """Absolute URL of a site path such as 'events/x/' (for feeds, sitemap)."""
        if self.base_url:
            return self.base_url + path
        return self.base_path + path


_TYPES: dict[str, type] = {f.name: f.type for f in fields(Config)}  # type: ignore[misc]
_PY_TYPES = {"str": str, "bool": bool, "int": int, "dict[str, str]": dict,
             "tuple[str, ...]": list}


def normalise_base_url(value: str) -> str:
    """Accept 'https://x.github.io/repo' and return it with one trailing slash."""
    value = value.strip()
    if not value:
        return ""
    if not value.endswith("/"):
        value += "/"
    return value


def check_base_url(value: str) -> str | None:
    """Why a base URL is unusable, or None when it is fine."""
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return (
            f"base_url '{value}' must be a full address such as "
            "https://user.github.io/repo/ (scheme and host included)"
        )
    if parts.query or parts.fragment:
        return f"base_url '{value}' must not contain '?' or '#'"
    return None


def check_theme(root: Path, theme: str) -> str | None:
    """Why a theme setting is unusable, or None: a theme is a folder of the project's themes/."""
    if not theme:
        return None
    if not is_theme_name(theme):
        return (f"theme {excerpt(theme)} must be the name of one folder under themes/, "
                "such as 'mytheme' (no '/' or '..')")
    folder = root / "themes" / theme
    if not folder.is_dir():
        return f"theme '{theme}' not found: create themes/{theme}/ or remove the setting"
    if not inside(folder, root):
        return f"themes/{theme} links to a folder outside the project: copy the theme in instead"
    return None


def load_config(root: Path, overrides: dict[str, Any] | None = None) -> Config:
    """Read chronicle.yaml (optional) and apply command-line overrides."""
    problems = Collector()
    path = root / CONFIG_FILE
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    if path.exists():
        try:
            data, lines = load_yaml(read_document_text(path), first_line=1)
        except FrontMatterError as exc:
            problems.error(path, exc.line, exc.message.replace("front matter", CONFIG_FILE),
                           kind=exc.kind)
            problems.raise_if_errors(root)
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = lines.get(str(key))
        if key not in _TYPES:
            close = difflib.get_close_matches(str(key), _TYPES, n=1)
            hint = (f"; did you mean '{close[0]}'?" if close
                    else f"; known settings: {', '.join(_TYPES)}")
            problems.error(path, line, f"unknown setting '{key}'{hint}", kind="config")
            continue
        expected = _PY_TYPES[str(_TYPES[key])]
        if key == "search" and isinstance(value, bool):  # `search: false` reads naturally
            value = "all" if value else "off"
        if value is None and expected is str:
            value = ""
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            problems.error(
                path, line,
                f"'{key}' must be {expected.__name__}, got {excerpt(value)}", kind="config",
            )
            continue
        if expected is list:
            if not all(isinstance(item, str) for item in value):
                problems.error(path, line, f"'{key}' must be a list of words, such as "
                               "[treaty, summit]", kind="config")
                continue
            value = tuple(value)
        values[key] = value
    config = replace(Config(), **values)
    config = replace(config, **{k: v for k, v in (overrides or {}).items() if v is not None})
    config = replace(config, base_url=normalise_base_url(config.base_url))
    reason = check_base_url(config.base_url)
    if reason and (overrides or {}).get("base_url") is not None:
        problems.error(Path("--base-url"), None, reason, kind="option")
    elif reason:
        problems.error(path, lines.get("base_url"), reason, kind="config")
    for name, date in config.anniversaries.items():
        if not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", str(date)):
            problems.error(path, lines.get("anniversaries"), f"anniversaries: '{name}' needs a "
                           f"date such as 1945-08-15, got {excerpt(date)}", kind="config")
    reason = check_theme(root, config.theme)
    if reason:
        problems.error(path, lines.get("theme"), reason, kind="config")
    if config.search not in SEARCH_SCOPES:
        problems.error(path, lines.get("search"), f"'search' must be one of "
                       f"{', '.join(SEARCH_SCOPES)}, got {excerpt(config.search)}", kind="config")
    for key, least in (("per_page", 1), ("feed_size", 1), ("related_events", 0)):
        if getattr(config, key) < least:
            problems.error(path, lines.get(key), f"'{key}' must be {least} or more",
                           kind="config")
    problems.raise_if_errors(root)
    return config
