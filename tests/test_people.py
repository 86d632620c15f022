"""People named in articles, recognised without actor entries: whole names, one per person."""

from __future__ import annotations

import pytest

from generator.ingest.people import People, find_people, same_person


def names(text: str) -> list[str]:
    return [m.name for m in find_people(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Respected Comrade Kim Jong Un sent a message.", ["Kim Jong Un"]),
    ("North Korean leader Kim Jong-un wrote to Putin.", ["Kim Jong-un"]),
    ("He wrote to Comrade Vladimir Vladimirovich Putin, President of the Russian Federation.",
     ["Vladimir Vladimirovich Putin"]),
    ("Kremlin spokesman Dmitry Peskov said on Friday.", ["Dmitry Peskov"]),
    ("Commission President Ursula von der Leyen said so.", ["Ursula von der Leyen"]),
    ("Syrian President Bashar al-Assad met them.", ["Bashar al-Assad"]),
    ("Kim Song, Permanent Representative of the DPRK to the UN, spoke.", ["Kim Song"]),
    ("Laura Ortiz said the thefts had stopped.", ["Laura Ortiz"]),
    ("The army's spokesman Rear Admiral Ann Lee said that President Joe Biden had called.",
     ["Ann Lee", "Joe Biden"]),
])
def test_names_are_whole_with_hyphens_and_particles(text: str, expected: list[str]):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "North Korea said on Monday that the Russian Federation agreed.",
    "The White House said nothing.",
    "He inspected the Ungok Area General Stock Farm in North Korea.",
    "Major League Baseball was not consulted.",
    "Putin said. Kim added.",  # one word is no name to propose
])
def test_places_bodies_and_single_words_are_no_people(text: str):
    assert names(text) == []


def test_spellings_of_one_person_are_one():
    assert same_person("Kim Jong Un", "Kim Jong-un")
    assert same_person("Vladimir Putin", "Vladimir Vladimirovich Putin")
    assert not same_person("Vladimir Putin", "Vladimir Zelensky")
    assert not same_person("Kim Jong Un", "Kim Yo Jong")


def test_a_run_gives_each_person_one_id_from_the_name_used_most():
    people = People({"putin": ["Vladimir Putin", "Putin"]})
    keys = [people.identify(name) for name in
            ["Kim Jong-un", "Kim Jong Un", "Kim Jong Un", "Vladimir Vladimirovich Putin"]]
    assert keys[0] == keys[1] == keys[2] and keys[3] == "putin"  # the chronology's actor
    ids = people.final_ids({"putin"})
    assert ids == {keys[0]: "kim-jong-un"}
    assert people.found[keys[0]].name == "Kim Jong Un"


def test_tags_are_common_words_never_names_or_proper_adjectives():
    from generator.ingest.events import find_tags

    lines = ["Kim Jong-un Congratulates Putin on Birthday",
             "Kim Jong-un sent a birthday telegram to Russian President Vladimir Putin.",
             "The birthday message praised Russian achievements; the good wishes were warm.",
             "Comrade Kim wrote that the good birthday wishes came from Comrade Kim."]
    names = ["Kim Jong-un", "Vladimir Putin"]
    assert find_tags(lines[0], lines, (), names) == ["birthday"]
    assert find_tags("Putin and Kim meet", lines, (), names) == []  # none rather than noise
    assert find_tags(lines[0], lines, ["telegram", "summit"], names) == ["telegram"]


def test_a_mentioned_event_is_titled_by_its_clause_with_the_people_named():
    from generator.ingest.events import PAST_ACT, clause_title

    sentence = ("I am now recollecting with deep emotion the day when we together declared to "
                "the whole world the partnership between the two countries in Pyongyang on last "
                "June 19, elevating the relations into an alliance.")
    title = clause_title(sentence, PAST_ACT.search(sentence), ["Kim Jong Un", "Vladimir Putin"])
    assert title == ("Kim Jong Un and Vladimir Putin declared to the whole world the partnership "
                     "between the two countries in Pyongyang on last June 19")
    short = "The treaty, which both leaders signed in Moscow on June 19, took effect."
    assert clause_title(short, PAST_ACT.search(short), []) == \
        "Both leaders signed in Moscow on June 19"


@pytest.mark.parametrize(("text", "expected"), [
    ("President Joe Biden’s plan was announced.", ["Joe Biden"]),  # not 'Joe Biden’s'
    ("Police Commissioner Christine Elow said so.", ["Christine Elow"]),
    ("Conservative MP Grant Shapps said it.", ["Grant Shapps"]),
    ("President Gerald E. Ford spoke.", []),  # an initial's dot cuts the name: none at all
])
def test_possessives_party_words_and_initials(text: str, expected: list[str]):
    assert names(text) == expected
