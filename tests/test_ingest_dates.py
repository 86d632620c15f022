"""The tricky parts of ingest: reading dates, dating events, deciding merges."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from generator.dates import ChronoDate
from generator.ingest.article import extract
from generator.ingest.choose import (
    PUBLISHED_FEATURES,
    date_candidates,
    date_features,
    page_language,
    writes_day_first,
)
from generator.ingest.datefind import find_dates
from generator.ingest.events import event_date
from generator.ingest.extract import describe
from generator.ingest.merge import Report, same_event
from generator.ingest.vocabulary import VocabularyError, load_vocabulary
from generator.ingest.weights import WEIGHTS

D = dt.date


@pytest.mark.parametrize(("text", "written", "readings"), [
    ("By Evan Symon, August 14, 2020 2:30 pm", "August 14, 2020", [D(2020, 8, 14)]),
    ("15 Aug. 2025, 11:15", "15 Aug. 2025", [D(2025, 8, 15)]),
    ("Created: 25-12-2025 03:59 IST", "25-12-2025", [D(2025, 12, 25)]),
    ("Date: 08/10/2024 | Source", "08/10/2024", [D(2024, 10, 8), D(2024, 8, 10)]),
    ("January 28, 2026", "January 28, 2026", [D(2026, 1, 28)]),
    ("Thursday, November 9th 2023", "November 9th 2023", [D(2023, 11, 9)]),
    ("November 9, 20235:01 AM ET", "November 9, 2023", [D(2023, 11, 9)]),
    ("Veröffentlicht: 13. März 2017", "13. März 2017", [D(2017, 3, 13)]),
    ("13. 1. 2020", "13. 1. 2020", [D(2020, 1, 13)]),
    ("Publié le 2 novembre 2023", "2 novembre 2023", [D(2023, 11, 2)]),
    ("2 de noviembre de 2023", "2 de noviembre de 2023", [D(2023, 11, 2)]),
    ("28 luglio 2020", "28 luglio 2020", [D(2020, 7, 28)]),
    ("19 sierpnia 2020", "19 sierpnia 2020", [D(2020, 8, 19)]),
    ("1 Декабря 2020", "1 Декабря 2020", [D(2020, 12, 1)]),
    ("2019年3月2日 10時", "2019年3月2日", [D(2019, 3, 2)]),
    ("2023/11/02", "2023/11/02", [D(2023, 11, 2)]),
    ("12/16/16", "12/16/16", [D(2016, 12, 16)]),
    ("Jun 18th 2018", "Jun 18th 2018", [D(2018, 6, 18)]),
])
def test_dates_in_many_formats_and_languages(text: str, written: str, readings: list[D]):
    (mention,) = [m for m in find_dates([text]) if m.has_year]
    assert mention.text == written
    assert list(mention.readings) == readings


def test_year_less_dates_and_words_that_are_not_months():
    mentions = find_dates(["The message was sent on October 7.", "we may 5 times", "May 5"])
    assert [(m.line, m.has_year, m.date.month, m.date.day) for m in mentions] == [
        (0, False, 10, 7), (2, False, 5, 5)]


PUBLISHED = D(2024, 10, 8)


@pytest.mark.parametrize(("lead", "published", "expected", "circa", "basis"), [
    ("Kim sent a message on October 7.", PUBLISHED, ChronoDate(2024, 10, 7), False,
     "latest such day not after publication"),
    ("He recalled last June 19 with emotion.", PUBLISHED, ChronoDate(2024, 6, 19), False,
     "latest such day"),
    ("The letter was published on December 30.", D(2025, 1, 2), ChronoDate(2024, 12, 30),
     False, "latest such day"),
    ("State media reported the letter on Friday.", D(2025, 8, 15), ChronoDate(2025, 8, 15),
     False, "Friday"),
    ("The minister resigned yesterday.", PUBLISHED, ChronoDate(2024, 10, 7), False,
     "'yesterday'"),
    ("On Sunday he spoke of the resignation he had announced on Friday.", PUBLISHED,
     ChronoDate(2024, 10, 6), False, "'Sunday'"),  # the first the text names
    ("Kim marked the 73rd anniversary of liberation.", None, ChronoDate(2018, 8, 15), False,
     "liberation: 1945-08-15"),
    ("Kim sent greetings.", PUBLISHED, ChronoDate(2024, 10, 8), True,
     "no date of the event in the text"),
    ("The drills will be held this summer.", D(2024, 3, 1), ChronoDate(2024), False,
     "'this summer' in the text: summer 2024"),
    ("The talks broke down last summer.", D(2024, 8, 10), ChronoDate(2023), False,
     "summer 2023"),  # this summer is not over yet
    ("The talks broke down last summer.", D(2024, 11, 5), ChronoDate(2024), False,
     "summer 2024"),
    ("The port froze last winter.", D(2025, 1, 15), ChronoDate(2023), True, "winter 2023–24"),
    ("Trade fell from last year.", D(2025, 1, 15), ChronoDate(2025, 1, 15), True,
     "no date of the event in the text"),  # background, not the event's date
])
def test_event_dates_are_resolved_against_publication(lead, published, expected, circa, basis):
    date, is_circa, how = event_date(["Headline", lead], published, {"liberation": "1945-08-15"})
    assert (date, is_circa) == (expected, circa)
    assert basis in how


@pytest.mark.parametrize(("lead", "language", "expected", "basis"), [
    ("Der Minister ist gestern zurückgetreten.", "de", ChronoDate(2024, 10, 7), "'gestern'"),
    ("Le ministre a démissionné hier soir.", "fr", ChronoDate(2024, 10, 7), "'hier'"),
    ("El ministro dimitió ayer.", "es", ChronoDate(2024, 10, 7), "'ayer'"),
    ("Il ministro si è dimesso oggi.", "it", ChronoDate(2024, 10, 8), "'oggi'"),
    ("Ministern avgick i går.", "sv", ChronoDate(2024, 10, 7), "'i går'"),
    ("Der Minister ist hier zurückgetreten.", "de", None, "no date of the event"),  # 'here'
    ("Le ministre a démissionné hier.", None, None, "no date of the event"),  # not known: English
    ("El ministro dimitió el domingo.", "es", ChronoDate(2024, 10, 6), "'Domingo'"),
    ("Plácido Domingo sang in Seoul.", "en", None, "no date of the event"),  # a name here
    ("Ministern avgick i söndags.", "sv", ChronoDate(2024, 10, 6), "'Söndags'"),
    ("Министр ушёл в отставку в воскресенье.", "ru", ChronoDate(2024, 10, 6), "'Воскресенье'"),
    ("Minister podał się do dymisji w niedzielę.", "pl", ChronoDate(2024, 10, 6), "'Niedzielę'"),
])
def test_weekdays_yesterday_and_today_are_read_in_the_page_s_language(lead, language, expected,
                                                                      basis):
    date, circa, how = event_date(["Headline", lead], PUBLISHED, {}, lambda: language)
    assert basis in how
    assert (date, circa) == ((expected, False) if expected else (ChronoDate(2024, 10, 8), True))


@pytest.mark.parametrize(("lead", "expected", "circa", "basis"), [
    ("Die Gespräche scheiterten im vergangenen Sommer.", ChronoDate(2024), False, "summer 2024"),
    ("Les négociations ont échoué l'été dernier.", ChronoDate(2024), False, "summer 2024"),
    ("Las maniobras serán el próximo invierno.", ChronoDate(2024), True, "winter 2024–25"),
    ("De haven bevroor afgelopen winter.", ChronoDate(2023), True, "winter 2023–24"),
])
def test_seasons_are_read_in_each_language(lead, expected, circa, basis):
    date, is_circa, how = event_date(["Headline", lead], D(2024, 11, 5), {})
    assert (date, is_circa) == (expected, circa)
    assert basis in how


@pytest.mark.parametrize("lead", [
    "Kim würdigte den 73. Jahrestag der Befreiung.",
    "Kim a célébré le 73e anniversaire de la libération.",
    "Kim celebró el 73º aniversario de la liberación.",
])
def test_anniversaries_are_read_in_each_language(lead):
    table = {"Befreiung": "1945-08-15", "libération": "1945-08-15", "liberación": "1945-08-15"}
    date, circa, how = event_date(["Headline", lead], None, table)
    assert (date, circa) == (ChronoDate(2018, 8, 15), False)
    assert "1945-08-15" in how


def test_an_unknown_year_is_said_not_invented():
    date, circa, how = event_date(["Headline", "On October 7 he wrote to Putin."], None, {})
    assert date == ChronoDate(None, 10, 7) and date.iso() == "XXXX-10-07" and not circa
    assert "the year is unknown" in how
    date, _, how = event_date(["Headline", "He wrote to Putin."], None, {})
    assert date == ChronoDate(None) and date.iso() == "XXXX" and "unknown" in how


def report(title: str, date: ChronoDate, actors: list[str]) -> Report:
    return Report(title, "", date, actors, frozenset({"kim", "jong", "putin", "xi"}))


def test_merge_needs_shared_actors_compatible_dates_and_wording():
    kcna = report("Kim Jong Un sends birthday congratulations to Putin", ChronoDate(2024, 10, 7),
                  ["kim", "putin"])
    yearless = report("Kim congratulates Putin on birthday", ChronoDate(None, 10, 7),
                      ["kim", "putin"])
    reason = same_event(kcna, yearless)
    assert reason and "'October 7' without a year fits 2024-10-07" in reason
    other_day = report("Kim congratulates Putin on birthday", ChronoDate(2023, 10, 7),
                       ["kim", "putin"])
    assert same_event(kcna, other_day) is None
    other_people = report("Kim sends birthday congratulations to Xi", ChronoDate(2024, 10, 7),
                          ["kim", "xi"])
    assert same_event(kcna, other_people) is None
    unrelated = report("Putin and Kim inspect a tank factory", ChronoDate(2024, 10, 7),
                       ["kim", "putin"])
    assert same_event(kcna, unrelated) is None


def test_reports_naming_no_known_actor_merge_on_the_same_day_and_wording():
    day = ChronoDate(2024, 3, 3)
    seawall = report("City council approves new seawall after two years of debate", day, [])
    again = report("Council approves new seawall after years of debate", day, [])
    reason = same_event(seawall, again)
    assert reason and reason.startswith("no known actors in either, the same date (2024-03-03)")
    assert same_event(seawall, report("City council approves new library budget", day, [])) \
        is None
    assert same_event(seawall, report(seawall.title, ChronoDate(2024, 3, 4), [])) is None
    assert same_event(seawall, report(seawall.title, day, ["kim"])) is None


def test_reports_without_a_year_merge_on_the_same_day_and_undated_ones_only_as_copies():
    unknown = ChronoDate(None)
    seawall = "City council approves new seawall after two years of debate"
    october = report(seawall, ChronoDate(None, 10, 7), [])
    reason = same_event(october, report(seawall, ChronoDate(None, 10, 7), []))
    assert reason and "the same day without a year ('October 7' in both)" in reason
    assert same_event(october, report(seawall, ChronoDate(None, 10, 8), [])) is None
    undated = report(seawall, unknown, [])
    assert "no date in either" in (same_event(undated, report(seawall, unknown, [])) or "")
    assert same_event(undated, report("City council approves new seawall", unknown, [])) is None


def test_actors_are_found_by_any_name_as_whole_words_in_order_of_mention():
    from pathlib import Path

    from generator.ingest.events import find_actors
    from generator.model import Actor

    def actor(actor_id: str, name: str, *aliases: str) -> Actor:
        return Actor(actor_id, name, list(aliases), "person", "", "", Path(f"{actor_id}.md"))

    actors = {"putin": actor("putin", "Vladimir Putin", "Putin"),
              "kim": actor("kim", "Kim Jong Un", "Kim")}
    text = "Putinism aside, Kimberly said Kim Jong Un wrote to Putin, and Putin replied."
    assert find_actors(text, actors) == ["kim", "putin"]
    assert find_actors("Nobody here.", actors) == []
    assert find_actors("Putin", {}) == []


GERMAN = ("Die Stadt hat am Montag die neue Brücke eröffnet, und der Bürgermeister sprach von "
          "einem großen Tag für die Region, die seit Jahren auf die Verbindung gewartet hat.")
ENGLISH = ("The city opened the new bridge on Monday, and the mayor spoke of a great day for "
           "the region, which had waited for the link for years.")


@pytest.mark.parametrize("stamp, prose, expected, how", [
    ("03.02.2022", GERMAN, "2022-02-03", "read day-first, as the page's language (de)"),
    # English is written both ways (US, Britain): the text's own evidence decides.
    ("11.03.17", ENGLISH, "2017-03-11", "read day-first (the common convention"),
    # Too few stop words of any list (a language without one): the usual evidence decides.
    ("03.02.2022", "Kaupunki avasi uuden sillan maanantaina pitkän odotuksen jälkeen.",
     "2022-02-03", "read day-first (the common convention"),
])
def test_an_ambiguous_numeric_date_is_read_as_the_page_language_writes_dates(
        stamp, prose, expected, how):
    article = extract(["A bridge opens", "", stamp, "", prose, "", prose])
    assert str(article.published) == expected
    assert how in article.published_basis


def test_page_language_and_its_date_order():
    assert writes_day_first("de") is True and writes_day_first("en") is None  # US, Britain
    assert writes_day_first("ja") is None  # year first: says nothing about day and month
    # Spanish is written month-first only in the US and Puerto Rico, day-first in Spain itself
    # and 26 other locales: the language's own locale and most of the others agree.
    assert writes_day_first("es") is True
    for prose, language in ((GERMAN, "de"), (ENGLISH, "en")):
        article = extract(["A bridge opens", "", "Monday", "", prose, "", prose])
        assert page_language(article) == language
        # below the fitted share of stop words, no language is trusted
        assert page_language(article, replace(WEIGHTS, language_share=1.0)) is None


def test_a_date_on_a_furniture_line_can_be_the_publication_date_but_a_photo_s_cannot():
    prose = ENGLISH + " " + ENGLISH
    byline = extract(["A bridge opens", "", "12/04/2020 by Kay 24 Comments", "", prose, "", prose])
    assert str(byline.published) == "2020-04-12"
    photo = extract(["A bridge opens", "", "Photo: the bridge, released on August 13, 2018.",
                     "", prose, "", prose])
    assert photo.published is None


def test_year_first_dates_with_spaces_after_the_dots_are_read():
    (mention,) = find_dates(["Olvasói szavazás 2020. 06. 04. 11:27"])
    assert mention.date == dt.date(2020, 6, 4) and mention.text == "2020. 06. 04"
    assert find_dates(["in 2020. 6 people came"]) == []


def test_a_date_that_reads_the_same_both_ways_says_nothing_of_the_page_s_convention():
    prose = ENGLISH + " " + ENGLISH
    article = extract(["A bridge opens", "", "03.04.2022", "", prose, "",
                       "Earlier report: 02.02.2022, and the bridge again, " + prose])
    assert str(article.published) == "2022-04-03"
    assert "read day-first (the common convention" in article.published_basis


def test_a_stamp_glued_to_the_word_before_it_is_read_but_not_the_end_of_a_number():
    (mention,) = find_dates(["Yahoo News Australia28 October 2020"])
    assert mention.date == D(2020, 10, 28) and mention.text == "28 October 2020"
    assert [m.date for m in find_dates(["item 128 October 2020"])] == []
    assert [m.date for m in find_dates(["code_28 October 2020"])] == []


def test_two_stamps_glued_together_are_both_read():
    """A published and an updated date copied from adjacent elements, with no space."""
    assert [m.date for m in find_dates(["Published on 19. Juni 201619. Juni 2016 von Kay"])] \
        == [D(2016, 6, 19), D(2016, 6, 19)]
    assert [m.date for m in find_dates(["December 10, 2021April 9, 2019 by Luke"])] \
        == [D(2021, 12, 10), D(2019, 4, 9)]
    assert [m.date for m in find_dates(["26.10.202326.10.2023 um 12:00"])] \
        == [D(2023, 10, 26), D(2023, 10, 26)]
    # a number before a day is still no year: '2016' only where a year can stand
    assert [m.date for m in find_dates(["in 201619 people", "Tel 3119. Juni",
                                        "Tel 0211.12.2023"])] == []


def test_the_first_date_under_the_headline_is_marked_as_such_whatever_its_distance():
    prose = ENGLISH + " " + ENGLISH
    lines = ["Menu", "12 May 2024", "", "A bridge opens over the river at last", "",
             "By Ann Lee", "", "3 May 2024", "", prose, "", "Read next: 1 May 2024"]
    article = extract(lines)
    assert article.title_line == 3
    candidates = date_candidates(article, describe(lines))
    nearest = PUBLISHED_FEATURES.index("nearest_after_title")
    marked = [m.text for m in candidates
              if date_features(m, article, describe(lines), candidates)[nearest]]
    assert marked == ["3 May 2024"]


@pytest.mark.parametrize("line, label", [
    ("Veröffentlichung: 2. Februar 2022", "published"),
    ("Mis en ligne le 3 mars 2024 à 10h", "published"),
    ("Fecha de publicación: 3 de marzo de 2024", "published"),
    ("Yayın tarihi: 03.03.2024", "published"),
    ("Julkaistu 3.3.2024", "published"),
    ("Mise à jour le 4 mars 2024", "updated"),
    ("Atualizado em 04/03/2024", "updated"),
    ("Güncellenme: 04.03.2024", "updated"),
])
def test_each_language_labels_a_publication_and_an_update(line, label):
    """A labelled date line is a stamp about the article (never its prose nor its headline),
    and its label says which date it gives."""
    from generator.ingest.extract import PUBLISHED_WORDS, UPDATED_WORDS

    (described,) = describe([line])
    assert described.stamp
    words = {"published": PUBLISHED_WORDS, "updated": UPDATED_WORDS}[label]
    assert words.search(line.lower())


@pytest.mark.parametrize(("table", "says"), [
    ({"weekdays": ["mon", "tue"]}, "'weekdays' needs seven names"),
    ({"relative_seasons": {"letzten sommer": "last summertime"}}, "'last summertime'"),
    ({"relative_days": {"gestern": "-1"}}, "a whole number"),
    ({"owner_phrases": "ein teil der"}, "'owner_phrases' must be a list"),
    ({"caption_positions": ["links", 2]}, "'caption_positions' must be a list"),
])
def test_a_language_file_with_a_table_of_the_wrong_shape_is_named(tmp_path, table, says):
    """A contributor's new language file says which file and what to write, not a KeyError
    at the first article that uses it."""
    (tmp_path / "xx.json").write_text(json.dumps(table), encoding="utf-8")
    with pytest.raises(VocabularyError, match=says) as raised:
        load_vocabulary(tmp_path)
    assert "xx.json" in str(raised.value)
