"""The site's words and dates in its `language`.

Interface strings live in the theme, one JSON file per language
(`themes/<theme>/i18n/<lang>.json`), keyed by the English text; a project theme
overrides single strings. A plural string maps CLDR plural categories ('one',
'few', 'other' …) to texts, chosen with Babel's rules for the language. Dates in
English keep the house style of `dates.py` ('7–9 October 2024'); every other
language gets CLDR's formats through Babel, so Chronicle never hand-writes a
date pattern for a language nobody here reads.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_interval, format_skeleton
from babel.numbers import format_decimal

from generator.dates import ChronoDate, display_range
from generator.errors import Collector, excerpt

ENGLISH = "en"
# Babel skeletons by date precision: a skeleton lets each language order and spell the parts.
SKELETONS = {"day": "yMMMMd", "month": "yMMMM", "year": "y"}
YEARLESS_SKELETONS = {"day": "MMMMd", "month": "MMMM"}

Message = str | dict[str, str]
PLACEHOLDER = re.compile(r"{\w+}")
# The messages Python code asks for; templates' own are found in the templates
# (tests/test_i18n.py checks that every shipped language has them all), and actor kinds.
CODE_MESSAGES = ("Publisher not stated", "c. {date}", "{date}, year unknown", "date unknown")


def primary(language: str) -> str:
    """'pt-BR' -> 'pt': the file a language's strings are looked up in first."""
    return language.replace("_", "-").split("-")[0].lower()


def read_strings(theme_dirs: list[Path], language: str,
                 root: Path = Path(".")) -> dict[str, Message]:
    """The theme's strings for `language`: most specific theme and language win."""
    names = [primary(language)]
    full = language.replace("_", "-")
    if full.lower() != names[0]:
        names.append(full)
    strings: dict[str, Message] = {}
    problems = Collector()
    for folder in reversed(theme_dirs):
        for name in names:
            path = folder / "i18n" / f"{name}.json"
            if path.is_file():
                strings.update(_read_file(path, problems))
    problems.raise_if_errors(root)
    return strings


def _read_file(path: Path, problems: Collector) -> dict[str, Message]:
    """One language file: a JSON object of English text to text, or to plural forms."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(path, None, f"cannot be read ({exc}): save it as UTF-8 text",
                       kind="translation")
        return {}
    except json.JSONDecodeError as exc:
        problems.error(path, exc.lineno, f"is not valid JSON ({exc.msg}): write one object, "
                       '{"English text": "translation", …}', kind="translation")
        return {}
    if not isinstance(data, dict):
        problems.error(path, 1, 'must be one JSON object: {"English text": "translation", …}',
                       kind="translation")
        return {}
    for key, value in data.items():
        forms = value.values() if isinstance(value, dict) else [value]
        wanted = set(PLACEHOLDER.findall(key))
        if not all(isinstance(form, str) for form in forms):
            problems.error(path, None, f"{excerpt(key)}: a translation is a text, or an object "
                           'of plural forms such as {"one": "…", "other": "…"}',
                           kind="translation")
        elif any(not set(PLACEHOLDER.findall(form)) <= wanted for form in forms):
            problems.error(path, None, f"{excerpt(key)}: a translation may use only the "
                           "placeholders of its English text "
                           f"({', '.join(sorted(wanted)) or 'none'})", kind="translation")
    return data


@dataclass
class Language:
    code: str
    strings: dict[str, Message]
    locale: Locale | None  # None: English house style, or a language Babel does not know

    @classmethod
    def load(cls, theme_dirs: list[Path], code: str, root: Path = Path(".")) -> Language:
        """The language `code` as the theme spells it; ContentErrors for an unusable file
        (paths shown relative to the project `root`)."""
        locale = None
        if primary(code) != ENGLISH:
            try:
                locale = Locale.parse(code.replace("-", "_"))
            except (ValueError, UnknownLocaleError):
                locale = None
        return cls(code, read_strings(theme_dirs, code, root), locale)

    def text(self, message: str, /, **values: object) -> str:
        """`message` (the English text) in the site's language, with `{name}`s filled in."""
        found = self.strings.get(message, message)
        if isinstance(found, dict):
            found = found.get("other", message)
        return found.format(**values) if values else found

    def plural(self, count: int, one: str, other: str, /, **values: object) -> str:
        """'1 source' / '3 sources', by the language's plural rules; `{n}` is the count."""
        found = self.strings.get(one)
        if isinstance(found, dict):
            category = self.locale.plural_form(count) if self.locale else \
                ("one" if count == 1 else "other")
            text = found.get(category) or found.get("other") or other
        else:
            text = one if count == 1 else other
        return text.format(n=self.number(count), **values)

    def number(self, count: int) -> str:
        return format_decimal(count, locale=self.locale) if self.locale else str(count)

    def date(self, date: ChronoDate | None) -> str:
        if date is None:
            return ""
        if self.locale is None:
            return date.display()
        if date.year is None:
            if date.month is None:
                return self.text("date unknown")
            day = dt.date(2000, date.month, date.day or 1)  # a leap year: 29 February exists
            return self.text("{date}, year unknown", date=format_skeleton(
                YEARLESS_SKELETONS[date.precision], day, locale=self.locale))
        return format_skeleton(SKELETONS[date.precision], date.first_day(), locale=self.locale)

    def date_range(self, start: ChronoDate, end: ChronoDate | None, circa: bool) -> str:
        """An event's date: one date or a range, 'c.' when approximate."""
        if self.locale is None:
            return display_range(start, end, circa)
        if end is None or end == start or not start.year_known:
            text = self.date(start)
        elif start.precision == end.precision:
            text = format_interval(start.first_day(), end.first_day(),
                                   SKELETONS[start.precision], locale=self.locale)
        else:
            text = f"{self.date(start)} – {self.date(end)}"
        return self.text("c. {date}", date=text) if circa else text
