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
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_interval, format_skeleton
from babel.numbers import format_decimal

from generator.dates import ChronoDate, display_range

ENGLISH = "en"
# Babel skeletons by date precision: a skeleton lets each language order and spell the parts.
SKELETONS = {"day": "yMMMMd", "month": "yMMMM", "year": "y"}
YEARLESS_SKELETONS = {"day": "MMMMd", "month": "MMMM"}

Message = str | dict[str, str]
# The messages Python code asks for; templates' own are found in the templates
# (tests/test_i18n.py checks that every shipped language has them all), and actor kinds.
CODE_MESSAGES = ("Publisher not stated", "c. {date}", "{date}, year unknown", "date unknown")


def primary(language: str) -> str:
    """'pt-BR' -> 'pt': the file a language's strings are looked up in first."""
    return language.replace("_", "-").split("-")[0].lower()


def read_strings(theme_dirs: list[Path], language: str) -> dict[str, Message]:
    """The theme's strings for `language`: most specific theme and language win."""
    names = [primary(language)]
    full = language.replace("_", "-")
    if full.lower() != names[0]:
        names.append(full)
    strings: dict[str, Message] = {}
    for folder in reversed(theme_dirs):
        for name in names:
            path = folder / "i18n" / f"{name}.json"
            if path.is_file():
                strings.update(json.loads(path.read_text(encoding="utf-8")))
    return strings


@dataclass
class Language:
    code: str
    strings: dict[str, Message]
    locale: Locale | None  # None: English house style, or a language Babel does not know

    @classmethod
    def load(cls, theme_dirs: list[Path], code: str) -> Language:
        locale = None
        if primary(code) != ENGLISH:
            try:
                locale = Locale.parse(code.replace("-", "_"))
            except (ValueError, UnknownLocaleError):
                locale = None
        return cls(code, read_strings(theme_dirs, code), locale)

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
