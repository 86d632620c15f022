"""The site's words and dates in its language: complete translations, CLDR dates, plurals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.dates import ChronoDate
from generator.i18n import CODE_MESSAGES, Language
from generator.model import ACTOR_KINDS
from generator.render import BUILTIN_THEMES

DEFAULT = BUILTIN_THEMES / "default"
SHIPPED = sorted(p.stem for p in (DEFAULT / "i18n").glob("*.json"))
CALL = re.compile(r"""\btn?\(\s*(?:[^,'"()]+,\s*)?(["'])(.+?)\1""")


def messages_in_templates() -> set[str]:
    found = set()
    for path in (DEFAULT / "templates").iterdir():
        found |= {m.group(2) for m in CALL.finditer(path.read_text(encoding="utf-8"))}
    return found


def test_the_languages_the_issue_names_are_shipped():
    assert {"en", "de", "fr", "es", "ar", "ja"} <= set(SHIPPED)


@pytest.mark.parametrize("code", SHIPPED)
def test_every_shipped_language_has_every_message_and_no_stale_one(code: str):
    strings = json.loads((DEFAULT / "i18n" / f"{code}.json").read_text(encoding="utf-8"))
    wanted = messages_in_templates() | set(CODE_MESSAGES) | set(ACTOR_KINDS)
    assert wanted - strings.keys() == set(), "missing"
    assert strings.keys() - wanted == set(), "no longer used"
    for key, text in strings.items():
        forms = text.values() if isinstance(text, dict) else [text]
        for form in forms:  # a translation keeps the placeholders it can fill
            assert set(re.findall(r"{\w+}", form)) <= set(re.findall(r"{\w+}", key)), key


def test_templates_find_their_messages():
    assert {"Skip to content", "{n} source", "Tag: {name}"} <= messages_in_templates()


@pytest.mark.parametrize(("count", "text"), [
    (0, "لا مصادر"), (1, "مصدر واحد"), (2, "مصدران"), (3, "3 مصادر"), (11, "11 مصدرًا"),
    (100, "100 مصدر"),
])
def test_arabic_plurals_follow_cldr_rules(count: int, text: str):
    arabic = Language.load([DEFAULT], "ar")
    assert arabic.plural(count, "{n} source", "{n} sources") == text


@pytest.mark.parametrize(("code", "one", "many"), [
    ("en", "1 source", "1500 sources"), ("de", "1 Quelle", "1.500 Quellen"),
    ("ja", "出典1件", "出典1,500件"),
])
def test_plurals_and_numbers_in_the_language(code: str, one: str, many: str):
    language = Language.load([DEFAULT], code)
    assert language.plural(1, "{n} source", "{n} sources") == one
    assert language.plural(1500, "{n} source", "{n} sources") == many


@pytest.mark.parametrize(("code", "start", "end", "circa", "text"), [
    ("en", ChronoDate(2024, 10, 7), ChronoDate(2024, 10, 9), False, "7–9 October 2024"),
    ("de", ChronoDate(2024, 10, 7), None, False, "7. Oktober 2024"),
    ("de", ChronoDate(2024, 10, 7), ChronoDate(2024, 10, 9), False, "7.–9. Okt. 2024"),
    ("de", ChronoDate(2018), None, True, "ca. 2018"),
    ("fr", ChronoDate(2018, 8), None, False, "août 2018"),
    ("ja", ChronoDate(2024, 10, 7), None, False, "2024年10月7日"),
    ("ar", ChronoDate(2024, 10), None, False, "أكتوبر 2024"),
    ("de", ChronoDate(None, 10, 7), None, False, "7. Oktober, Jahr unbekannt"),
])
def test_dates_in_the_language(code: str, start: ChronoDate, end: ChronoDate | None,
                               circa: bool, text: str):
    assert Language.load([DEFAULT], code).date_range(start, end, circa) == text


def test_an_unknown_language_reads_as_english():
    language = Language.load([DEFAULT], "xx-Nowhere")
    assert language.text("Sources") == "Sources"
    assert language.date(ChronoDate(2024, 10, 7)) == "7 October 2024"


def test_a_project_theme_overrides_single_strings_of_a_language(tmp_path: Path):
    mine = tmp_path / "themes" / "mine"
    (mine / "i18n").mkdir(parents=True)
    (mine / "i18n" / "de.json").write_text('{"Sources": "Belege"}', encoding="utf-8")
    german = Language.load([mine, DEFAULT], "de-AT")
    assert german.text("Sources") == "Belege"
    assert german.text("Tags") == "Schlagwörter"  # the rest from the default theme


@pytest.mark.parametrize(("text", "where", "says"), [
    ('{\n "Sources": "Belege",\n "Tags" "Schlagwörter"\n}\n', ":3:", "is not valid JSON"),
    ('["Sources"]\n', ":1:", "must be one JSON object"),
    ('{"Sources": 3}\n', ":", "a translation is a text, or an object of plural forms"),
    ('{"Tag: {name}": "Schlagwort: {nmae}"}\n', ":", "only the placeholders of its English"),
])
def test_an_unusable_language_file_is_an_error_with_its_file_and_line(
        make_project, tmp_path: Path, text: str, where: str, says: str):
    from generator.build import build
    from generator.errors import ContentErrors

    root = make_project({"chronicle.yaml": "title: T\nlanguage: de\ntheme: mine\n",
                         "themes/mine/i18n/de.json": text})
    with pytest.raises(ContentErrors) as raised:
        build(root, tmp_path / "site")
    message = str(raised.value)
    assert f"themes/mine/i18n/de.json{where}" in message and says in message
    assert not (tmp_path / "site").exists()
