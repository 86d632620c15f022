"""Property tests: on any input, the parsers raise nothing but Chronicle's own errors."""

from __future__ import annotations

import datetime as dt
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from generator.dates import ChronoDate, DateFormatError, parse_date
from generator.frontmatter import FrontMatterError, _parsed_yaml, _simple_yaml, parse_document
from generator.ingest.article import extract
from generator.ingest.extract import (
    ASCII_WORD,
    MENU_LINE_WORDS,
    PUBLISHED_WORDS,
    UPDATED_WORDS,
    WORD,
    has_date_label,
    is_boilerplate,
)
from generator.ingest.lines import JoinedLines, literal_led, phrase_tree
from generator.ingest.people import _titles
from generator.ingest.publisher import COMPANY_LINE, _company_lines, _written_alone
from generator.ingest.read import CaptureError, decode, split_lines
from generator.ingest.store import unique_id
from generator.ingest.vocabulary import VOCABULARY
from generator.markup import find_citations, find_refused_links, make_markdown
from generator.model import Source
from generator.paths import is_id, is_safe_output_name
from generator.urls import (
    body_link_allowed,
    for_page,
    from_any_page,
    id_slug,
    relative,
    slugify,
    tag_path,
    up_to_root,
)

FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
YAMLISH = st.text(alphabet=st.sampled_from(list("-:&*!|>[]{}'\"#\n\t abcXYZ019.,@%`")),
                  max_size=200)


@FAST
@given(st.one_of(st.text(max_size=300), YAMLISH.map(lambda t: f"---\n{t}\n---\nbody")))
def test_front_matter_reader_raises_only_its_own_error(text: str):
    try:
        document = parse_document(Path("x.md"), text)
    except FrontMatterError as exc:
        assert exc.line is None or exc.line >= 1
    else:
        assert isinstance(document.meta, dict)


# What YAML reads other than as plain text, and what starts other YAML: the fast reader of
# front matter must read these as the parser does or leave them to it.
TRICKY_VALUES = ["yes", "No", "ON", "off", "~", "null", "Null", "0", "007", "0x1F", "0o17",
                 "1_000", "1:20", "-2", "+3", ".5", "1e3", "1.0", ".inf", "2024-10-07", "12:30",
                 "a: b", "a #b", "C#", "x:", "-x", "- x", "?x", ":x", "[a]", "[a, b]", "[]",
                 "[a, , b]", "[a,]", "[yes, 1]", "{a: b}", "&a x", "*a", "!t x", "|", ">",
                 "'q'", '"d"', "'it''s'", '"a\\b"', '"a" b', "Kim's", '"x: y"', "<<", "=",
                 "%x", "@x", "`x", "a,b", "a  b", "é", "a\u2028b", "a\x85b", "a\tb", "a\u00a0b",
                 "a\ufeffb", "1950-08-21", "Event number 42", "a]b", "a{b", "a, b"]
KEYS = st.sampled_from(["title", "date", "tags", "by", "line", "x-y", "a_b", "y", "Title", "on",
                        "null", "1a"])  # the last three are not text to YAML
YAML_VALUE = st.sampled_from(TRICKY_VALUES) | st.text(
    alphabet=st.sampled_from(list("ab 19-:#,'\"[]é")), max_size=10)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Front matter of the common shape and near it: keys with values, block lists of
    values or of mappings, comments and blank lines, indented two ways."""
    lines = []
    for key in draw(st.lists(KEYS, max_size=5)):
        form = draw(st.sampled_from(["value", "empty", "items", "mappings", "comment"]))
        indents = st.sampled_from([0, 2, 3]).map(lambda n: " " * n)
        indent = draw(indents)
        if form == "value":
            lines.append(f"{key}: {draw(YAML_VALUE)}")
        elif form == "comment":
            lines.append(draw(st.sampled_from(["# note", "", "  # indented note"])))
        else:
            lines.append(f"{key}:")
        if form == "items":
            lines += [f"{draw(indents) if n else indent}- {value}"  # now and then out of line
                      for n, value in enumerate(draw(st.lists(YAML_VALUE, max_size=3)))]
        if form == "mappings":
            for pairs in draw(st.lists(st.lists(st.tuples(KEYS, YAML_VALUE), min_size=1,
                                                max_size=3), max_size=2)):
                lines += [f"{indent}{'- ' if n == 0 else '  '}{k}: {v}"
                          for n, (k, v) in enumerate(pairs)]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", " \n"]))


def assert_read_as_the_parser_reads(text: str) -> None:
    simple = _simple_yaml(text, 2)
    if simple is None:
        return  # left to the parser
    try:
        parsed = _parsed_yaml(text, 2)
    except FrontMatterError as exc:
        raise AssertionError(f"read {simple!r}, where the parser says {exc.message}") from exc
    assert repr(simple) == repr(parsed)  # repr: True is not 1, nor '1' 1


@pytest.mark.parametrize("value", TRICKY_VALUES)
@pytest.mark.parametrize("shape", ["key: V", "key: [a, V]", "key:\n- V", "key:\n  - V\n  - b",
                                   "key:\n  - by: V\n    line: V", "key:\n  - by: a\n    line: V"])
def test_each_tricky_value_is_read_as_the_parser_reads_it_or_left_to_it(shape: str, value: str):
    assert_read_as_the_parser_reads(shape.replace("V", value))


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter())
def test_front_matter_read_without_the_parser_is_what_the_parser_reads(text: str):
    assert_read_as_the_parser_reads(text)


def test_the_common_front_matter_is_read_without_the_parser():
    text = ("title: Kim Jong Un's letter, in full\ndate: 2024-10-07\nactors: [kim-jong-un, putin]"
            "\ntags: []\nsummary: \"A 'full bloom': quoted\"\nstatus: proposed\nquotes:\n"
            "  - text: 'Pyongyang will always stand by Moscow'\n    by: kim-jong-un\n"
            "    source: kcna-2024\n    line: 12\n# reviewed\nsources:\n- kcna-2024\n")
    simple = _simple_yaml(text, 2)
    assert simple is not None and repr(simple) == repr(_parsed_yaml(text, 2))
    assert simple[0]["quotes"][0]["line"] == 12 and simple[1]["sources[0]"] == 15


@FAST
@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.booleans(), st.none(),
                 st.lists(st.integers(), max_size=3), st.from_regex(r"(\d{4}|XXXX)(-\d\d){0,2}")))
def test_date_parser_raises_only_its_own_error(value: object):
    try:
        date = parse_date(value)
    except DateFormatError:
        return
    assert isinstance(date, ChronoDate)


@st.composite
def chrono_dates(draw: st.DrawFn) -> ChronoDate:
    day = draw(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    year = None if draw(st.booleans()) and precision != "year" else day.year
    if precision == "year":
        return ChronoDate(year)
    if precision == "month":
        return ChronoDate(year, day.month)
    return ChronoDate(year, day.month, day.day)


@FAST
@given(chrono_dates())
def test_dates_round_trip_through_their_written_form(date: ChronoDate):
    assert parse_date(date.iso()) == date
    assert date.display()


@FAST
@given(st.text(max_size=120))
def test_ids_and_slugs_are_always_safe_path_segments(text: str):
    made = id_slug(text)
    assert made == "" or is_id(made)
    slug = slugify(text)
    assert slug and "/" not in slug and slug not in (".", "..")
    assert is_safe_output_name(tag_path(slug) + "index.html")


@FAST
@given(st.lists(st.sampled_from(["a", "a-2", "b", "a-3"]), max_size=20))
def test_unique_ids_are_unique(bases: list[str]):
    taken: set[str] = set()
    made = [unique_id(base, taken) for base in bases]
    assert len(set(made)) == len(made)


CITATIONISH = st.text(alphabet=st.sampled_from(list("[]@;,. line0123456789abc-_\n")),
                      max_size=120)


@FAST
@given(st.one_of(CITATIONISH, st.text(max_size=120)))
def test_citation_parser_never_fails_and_finds_only_ids(body: str):
    citations, malformed = find_citations(body)
    for citation in citations:
        assert citation.key
        assert citation.line is None or citation.line >= 0
    assert all(isinstance(text, str) for _, text in malformed)


LINKISH = st.text(alphabet=st.sampled_from(list("[]()<>:/jJavscript&#;0123456789 \t\n!data")),
                  max_size=80)


@FAST
@given(st.one_of(LINKISH, st.text(max_size=80)))
def test_no_rendered_link_runs_script(body: str):
    find_refused_links(body)
    html = make_markdown().render(body, {"cite": lambda key, line: ""})
    for href in html.split('href="')[1:]:
        assert body_link_allowed(href.split('"', 1)[0])


@FAST
@given(st.binary(max_size=400))
def test_capture_decoding_raises_only_its_own_error(data: bytes):
    try:
        text, _ = decode(data)
    except CaptureError:
        return
    assert isinstance(split_lines(text), list)


def test_a_utf16_capture_cut_mid_character_keeps_what_can_be_read():
    """Found by the property above: a byte-order mark, then an odd number of bytes."""
    assert decode(b"\xfe\xff\x00A\x00") == ("A\ufffd", "utf-16, invalid byte sequences replaced")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(max_size=80), st.sampled_from(
    ["By Jane Doe", "© 2024 Example Media", "Published: 08/10/2024", "Follow Example News",
     "", "Home", "Share", "October 7, 2024", "example.com"])), max_size=25))
def test_the_ingest_text_cleaner_never_fails(lines: list[str]):
    result = extract([" ".join(line.split()) for line in lines])
    assert all(0 <= n < len(lines) for n in result.body)


NAMEISH = st.lists(st.sampled_from(["President", "said", "von", "al-Assad", "Kim", "Jong-un",
                                     "the", "Ann", "Lee", ",", ".", "\n", "'", "Comrade"]),
                   max_size=25).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(NAMEISH, st.text(max_size=80)), min_size=1, max_size=12))
def test_proposing_events_and_people_never_fails(lines: list[str]):
    from generator.ingest.events import mentioned_events, propose_event
    from generator.ingest.people import People, find_people

    lines = [" ".join(line.split()) for line in lines]
    for mention in find_people("\n".join(lines)):
        assert len(mention.name.split()) >= 2 and "\n" not in mention.name
    people = People({})
    article = extract(lines)
    event = propose_event(article, {}, people, {})
    mentioned_events(article, {}, people, event)
    assert people.final_ids(set()) is not None


@FAST
@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\n")), max_size=6))
def test_a_source_keeps_its_lines_as_they_were(lines: list[str]):
    """A source keeps its lines as one string (model.Source.lines), through the build
    cache's pickle too; a single empty line stays a line."""
    source = Source("s", "T", "P", None, "", None, "", "", "", "", "\n".join(lines),
                    len(lines), Path("s.md"), 1)
    assert source.lines == lines and pickle.loads(pickle.dumps(source)).lines == lines


PATHS = st.text(alphabet=st.sampled_from(list("ab/-#%é <>&\"'\x00")), max_size=20)


@FAST
@given(PATHS, PATHS, st.text(max_size=30))
def test_a_link_made_for_any_page_is_the_pages_own_relative_link(page: str, target: str,
                                                                 text: str):
    """An entry rendered once for every page (urls.from_any_page) links as `relative`
    does once its page fills the way up in, whatever escaped text stands around it."""
    html = f"{escape(text)}<a href=\"{from_any_page(target)}\">{escape(text)}</a>"
    expected = f"{escape(text)}<a href=\"{relative(page, target)}\">{escape(text)}</a>"
    assert for_page(html, up_to_root(page)) == expected


SCANNED = st.lists(st.sampled_from([*"ab c.@-_\n|:", "all rights", "sp. z o.o", "gmbh", "inc."]),
                   max_size=30).map("".join)


@FAST
@given(SCANNED, st.integers(0, 60))
def test_a_literal_led_pattern_finds_what_its_pattern_finds(text: str, start: int):
    """The literal is looked for first (lines.LiteralLed); what is found is the same."""
    for led in literal_led(["all rights reserved", "all right", "a b", "ab.c"], word_start=True):
        assert [m.span() for m in led.finditer(text)] == \
            [m.span() for m in led.pattern.finditer(text)]
        found, expected = led.search(text, start), led.pattern.search(text, start)
        assert (found and found.span()) == (expected and expected.span())


@FAST
@given(SCANNED, st.sampled_from(["ab", "a", "b.c", "c"]))
@example("x_ab", "ab").via("an underscore joins words")
@example("ab-c a.b c@ab ab", "ab").via("the last one stands alone")
def test_a_label_is_written_alone_where_no_address_or_word_goes_on(text: str, label: str):
    alone = re.search(rf"(?<![\w.@-]){re.escape(label)}(?![\w.@-])", text)
    assert _written_alone(label, text) == bool(alone)


@FAST
@given(st.lists(SCANNED.map(lambda t: t.replace("\n", " ")), max_size=8))
@example(["example media gmbh", "acme,inc.", "a", "", "foo sp. z o.o.", "bag", "ab ab"])
def test_a_company_line_is_found_whatever_its_ending_looks_like(lines: list[str]):
    """The two-character pre-test of _company_lines never hides a line COMPANY_LINE reads."""
    joined = JoinedLines(lines)
    found = [joined.line_of(m.start()) for m in _company_lines(joined.text, joined.starts)]
    assert found == [n for n, line in enumerate(lines)
                     if len(line) <= 60 and COMPANY_LINE.match(line)]


@FAST
@given(st.lists(st.sampled_from(["President", "Prime Minister", "minister", "Dr.", "Kim", "(",
                                 "“", "\n", " ", "x", "Minister"]), max_size=12).map("".join))
@example("Prime Minister Minister President(Dr. Kim")
def test_titles_are_found_as_a_look_behind_would_find_them(text: str):
    """people._titles reads ahead from the character before a title; the plain pattern it
    replaces looked behind."""
    titles = phrase_tree("|".join(VOCABULARY.person_titles))
    behind = re.compile(rf"(?:^|(?<=[\s(\"“])){titles}\s+")
    assert list(_titles(text)) == [m.span() for m in behind.finditer(text)]


@FAST
@given(st.lists(st.sampled_from(["published", "first", "date", "mise", "à", "jour", "_", "x",
                                 "公開", "2024", " ", "-", "publié", "updated", "é"]),
                max_size=10).map("".join))
@example("first published_2024 mise à jour")
def test_a_date_label_is_found_as_the_patterns_find_it(line: str):
    """extract.has_date_label looks up the first words before it tries the patterns."""
    lowered = line.lower()
    words = (ASCII_WORD if lowered.isascii() else WORD).findall(lowered)
    expected = bool(PUBLISHED_WORDS.search(lowered) or UPDATED_WORDS.search(lowered))
    assert has_date_label(words, lowered) == expected


@FAST
@given(st.lists(st.sampled_from(["read", "more", "read more", "comments", "subscribe", "the",
                                 "you", "may", "also", "like", "x", "trending"]), max_size=14),
       st.booleans())
@example(["you", "may", "also", "like", "x"], False)
@example(["x", "comments"], True)
@example(["x", "comments"], False)
def test_a_furniture_line_is_found_as_the_plain_tests_find_it(words: list[str], sentence: bool):
    """extract.is_boilerplate rules most lines out with one lookup; a furniture phrase among
    the words, or a menu word on a short line that is no sentence, still marks the line."""
    words = " ".join(words).split()
    padded = f" {' '.join(words)} "
    phrase = any(f" {' '.join(WORD.findall(term))} " in padded
                 for term in VOCABULARY.furniture_phrases)
    menu = not sentence and len(words) <= MENU_LINE_WORDS \
        and not VOCABULARY.menu_words.isdisjoint(words)
    assert is_boilerplate(words, sentence) == (phrase or menu)
