"""Publisher: which name on a page is the outlet's, on small captures written for each rule."""

from __future__ import annotations

import json

import pytest

from generator.ingest.article import extract
from generator.ingest.publisher import _clean_name, collect_votes
from generator.ingest.vocabulary import load_vocabulary

STORY = [
    "Harbour lights to be replaced next spring",
    "By Jane Smith",
    "March 3, 2024",
    "The harbour authority said on Friday that the lights along the northern pier will be "
    "replaced next spring after years of complaints from fishermen about dark stretches.",
    "The work will cost about two million and take six weeks, the authority said in a "
    "statement, adding that the pier would stay open to walkers during the day.",
]


def publisher(*lines: str) -> str:
    return extract(list(lines)).publisher


def evidence(*lines: str) -> dict[str, dict[str, float]]:
    """Each candidate's features (by its squashed name): what the fitted weights weigh."""
    ballot = collect_votes(list(lines), extract(list(lines)))
    return {key: dict(features) for key, features in ballot.votes.items()}


def test_the_owner_named_in_the_footer_is_credited_elsewhere():
    found = evidence(*STORY, "More from Harbour Weekly", "Harbour Weekly is part of Coastline "
                     "Media Group.", "© 2024 Coastline Media LLC. All rights reserved.")
    assert found["coastline"]["credited_elsewhere"] == 1
    assert found["coastline"]["copyright"] == 1
    assert found["harbourweekly"] == {"self": 2}


def test_the_brand_its_sections_start_with():
    menu = [f"Follow Meridian {section}" for section in ("Markets", "Politics", "Technology")]
    found = evidence(*menu, *STORY, "Follow the Evening Brief")
    assert found["meridian"]["family"] == 2  # three sections: two beyond one
    assert "family" not in found["eveningbrief"]


def test_an_address_made_of_the_brand_and_news_names_the_brand():
    assert publisher(*STORY, "Do you have a Northwindnews.com account?",
                     "Sign in with your Northwindnews.com account", "© 2020 Northwind") \
        == "Northwind"


def test_an_address_never_spelled_as_a_name_is_the_address():
    assert publisher(*STORY, "Contact the reporter: jsmith@kb.com",
                     "Send tips to news@kb.com") == "kb.com"


def test_live_in_an_address_is_part_of_the_name_news_is_not():
    assert evidence(*STORY, "Harbour weather", "Read more at harbourlive.com")[
        "harbourlivecom"]["address"] == 1  # never 'Harbour', a place
    assert "harbour" in evidence(*STORY, "Harbour weather", "Read more at harbournews.com")


def test_a_short_name_is_counted_as_a_word_not_inside_other_words():
    # 'SN' occurs in 'snow' and 'snack' but the page never uses it as a name.
    story = [line.replace("lights", "snow lights") for line in STORY]
    assert publisher(*story, "Subscribe to SN", "snacks snow snowfall snap " * 20,
                     "More from Skyline News", "© 2024 Skyline News") == "Skyline News"


def test_a_name_in_capitals_or_an_address_without_its_accents_is_the_same_name():
    # Capitals and web addresses drop accents; the page's accented spelling is the name.
    assert publisher("La Región", "Menu", *STORY, "Follow LA REGION", "LA REGION homepage",
                     "Subscribe to LA REGION") == "La Región"
    found = evidence(*STORY, "La Región", "Menu", "Read more at laregion.es")
    assert found["laregion"]["address"] == 1 and "address_unspelled" not in found["laregion"]
    found = evidence(*STORY, "Notícia Exata", "Menu", "Read more at noticiaexata.com")
    assert found["noticiaexata"]["address"] == 1 \
        and "address_unspelled" not in found["noticiaexata"]


def test_a_broadcaster_goes_by_its_newsroom_when_the_page_does():
    assert publisher(*STORY, "Follow KXB News", "KXB News homepage", "© 2024 KXB") == "KXB News"
    assert publisher(*STORY, "Follow KXB News", *["Watch KXB"] * 6, "© 2024 KXB") == "KXB"
    # 'news' glued to a place's name is one brand word, however often the place is named
    places = [f"Riverland street {n}" for n in range(12)]
    assert publisher(*STORY, "Follow Riverlandnews", "© 2024 Riverlandnews", "About Riverland",
                     "Riverlandnews homepage", *places) == "Riverlandnews"


def test_a_syndicated_story_names_its_first_outlet_which_is_not_this_page():
    found = evidence(*STORY, "This article originally appeared on Dailyreport.com.",
                     "Follow HARBOUR MAIL", "Harbour Mail homepage")
    assert found["dailyreportcom"]["credited_elsewhere"] == 1
    assert found["harbourmail"]["self"] == 2


def test_a_name_written_as_its_address_is_the_name_the_page_uses():
    assert publisher(*STORY, "Subscribe to Northline.ca newsletters",
                     "Subscribe to Northline.ca newsletters", "More from Northline") == "Northline"


def test_title_case_phrases_and_numbers_in_names():
    assert publisher(*STORY, *[f"Follow Us On {site}" for site in ("Facebook", "X", "Threads")],
                     "About Channel 4 News", "Channel 4 News homepage") == "Channel 4 News"


def test_a_one_word_masthead_counts_when_shaped_like_a_brand():
    assert evidence("TVN24", "Menu", *STORY, "Watch TVN24 live", "Contact")["tvn24"]["masthead"]
    assert "masthead" not in evidence("Tech", "Menu", *STORY, "More Tech", "Contact")["tech"]
    assert publisher("山風新聞", "ホーム", *STORY, "山風新聞の記事", "山風新聞") == "山風新聞"


def test_a_regional_edition_counts_for_its_brand():
    assert publisher(*STORY, "The Harbour Courier is funded by its readers.",
                     "Copyright © 2010–2024, The Harbour Courier Africa, Inc.") \
        == "The Harbour Courier"
    # ... but a name that merely ends like an edition is kept whole
    assert publisher(*STORY, "More from Radio Free Asia", "© 2024 Radio Free Asia") \
        == "Radio Free Asia"


def test_a_credit_opens_a_story_a_menu_line_with_a_dash_does_not():
    menu = ["Morning Show – Northside", "Evening Show – Northside", "Night Show – Northside"]
    assert publisher(STORY[0], *menu * 3, *STORY, "Mais do Harbour Post",
                     "Fale com o Harbour Post") == "Harbour Post"
    credited = [*STORY[:3], "Coast Wire - " + STORY[3], *STORY[4:], "© 2024 Coast Wire"]
    assert publisher(*credited) == "Coast Wire"


def test_a_publishing_house_is_not_the_page_naming_itself():
    footer = ["Costa Editorial privacy policy", "Costa Editorial careers", "Costa Editorial"]
    assert publisher(*STORY, *footer, "More from Harbour Post", "Harbour Post homepage") \
        == "Harbour Post"


def test_initials_are_not_spelled_out_by_a_name_in_capitals():
    assert publisher(*STORY, "Follow SN", "Subscribe to SN", "SN NOW", "SN NOW") == "SN"


def test_a_skip_link_to_the_sites_own_navigation_names_it():
    skips = ["Skip to main content", "Skip to Channel 9 navigation", "Skip to search"]
    assert publisher(*skips, *STORY, "About Channel 9 News") == "Channel 9 News"
    elsewhere = [*skips[::2], "Skip to Article", "Skip to Section Links", "Skip to Related Content"]
    lines = [*elsewhere, *STORY]
    assert not collect_votes(lines, extract(lines)).votes  # not even a weak candidate


def test_a_latin_name_in_japanese_text_is_counted_before_its_particle():
    story = ["港の灯りを来春に交換へ", "2024年3月3日",
             "港湾局は金曜日、北側の桟橋に沿った灯りを来春に交換すると発表した。漁業者からの苦情が続いていた。"]
    mentions = [f"Harbor Timesの記事{n}" for n in range(5)]
    assert publisher("Continue to Harbor Times", *story, *mentions, "© 2024 Kaiyo Media") \
        == "Harbor Times"


def test_initials_are_spelled_out_where_the_page_writes_the_name():
    spelled = ["Read The Harbour Post every morning", "Contact The Harbour Post newsroom",
               "One-Act Plays at the Harbour"]
    assert publisher(*STORY, "Follow HP", "Subscribe to HP", *spelled) == "The Harbour Post"
    assert publisher(*STORY, "Follow HAP", "Subscribe to HAP", *spelled) == "HAP"


def test_a_partners_promotion_is_outvoted_by_the_stations_own_links():
    station = ["KXYZ", "KXYZ Mobile App", "KXYZ Video", "More from KXYZ", "Advertise with KXYZ",
               "Jobs at KXYZ"]
    partner = ["About DealFinder", "DealFinder.com - Top picks to make everyone happy this year",
               "View All DealFinder Picks", "DealFinder"]
    assert publisher(*station, *STORY, *partner) == "KXYZ"


def test_the_reporters_address_is_its_own_evidence():
    story = [STORY[0], "Jane Smith | jsmith@hb.com", *STORY[2:]]
    assert evidence(*story, "© 2024 Coastline Media Group")["hbcom"]["address_reporter"] == 1
    other = evidence(*story[:1], *story[2:], "Send tips to news@hb.com")["hbcom"]
    assert other["address"] == 1 and "address_reporter" not in other


def test_the_page_naming_itself_in_other_languages():
    story = ["Les feux du port remplacés au printemps", "Par Jeanne Martin", "3 mars 2024",
             "L'autorité portuaire a annoncé vendredi que les feux de la jetée nord seront "
             "remplacés au printemps prochain après des années de plaintes des pêcheurs."]
    assert publisher(*story, "Suivez Port Matin sur X", "Abonnez-vous à Port Matin") \
        == "Port Matin"
    assert publisher(*story, "Siga o Diário do Cais", "Assine o Diário do Cais") \
        == "Diário do Cais"


@pytest.mark.parametrize("line", ["Search Harbour Weekly", "Explore Harbour Weekly",
                                  "Werben auf Harbour Weekly", "Harbour Weekly abonnieren",
                                  "Become a Harbour Weekly member",
                                  "Harbour Weekly Careers",
                                  "Sign in with your Harbour Weekly account"])
def test_a_search_box_an_advertising_link_or_an_account_names_the_site(line: str):
    assert evidence(*STORY, line)["harbourweekly"]["self"] == 1


def test_search_explore_and_become_in_the_article_are_prose():
    story = [*STORY, "Search Teams found the boat on Sunday, and Explore Harbour, a charity, "
             "paid for the fuel of the two boats that looked for it, to become a Harbour Ally."]
    assert not {"searchteams", "teams", "exploreharbour", "harbour", "harbourally"} \
        & evidence(*story).keys()


def test_a_german_about_link_names_the_site_across_its_article():
    # 'Über den X' is 'About the X', the article lower-case; in a sentence it is prose.
    found = evidence(*STORY, "Über den Handwerksbund", "Menu",
                     "Ein Bericht über die Handwerkskammer Nord erschien am Montag.")
    assert found == {"handwerksbund": {"self": 1.0}}


def test_prose_in_the_article_is_not_the_page_naming_itself():
    story = [*STORY, "Neumann leased the building back to Orbitwork, according to Orbitwork "
             "filings, and bought land inside Orbitwork Park about Orbitwork's size."]
    assert publisher(*story, "Orbitwork said Orbitwork and Orbitwork would.") == "unknown"
    headlines = ["Everything You Need to Know About Cloth Diapers", "Life Inside Cloth Diapers",
                 "Cloth Diapers", "Harbour Weekly", "☆ About Harbour Weekly"]
    assert publisher(*STORY, *headlines, *headlines) == "Harbour Weekly"
    told = [*STORY, "A spokesman told Harbour Weekly that the work would start in April, "
            "weather permitting, and last about six weeks in all."]
    assert publisher(*told, "Harbour Weekly", "Harbour Weekly") == "Harbour Weekly"


def test_a_blog_named_only_in_its_footer_disclaimer():
    menu = ["Home", "About Me", "Contact Me", "About Me", "Regan and I went hiking"]
    footer = "We earn fees by linking to Amazon.com and affiliated sites; see Amazon.com, " \
        "Amazon.com. ©The Harbour Diary 2011-2019"
    assert publisher(*menu, *STORY, footer) == "The Harbour Diary"
    caption = STORY[3] + " Photo of the pier at dusk, seen from the lighthouse © Jane Doe"
    assert publisher(*STORY[:3], caption, *STORY[4:], "More from Harbour Weekly",
                     "© Harbour Weekly") == "Harbour Weekly"


def test_an_address_alone_in_a_menu_links_to_another_site():
    menu = ["Events Calendar", "Harbourtickets.com", "Contests", "Jobs"]
    own = ["Continue to Harbour Weekly", "Harbour Weekly"]
    assert publisher(*own, *STORY, *menu) == "Harbour Weekly"
    assert publisher("HarbourWeekly.com", "Home", *STORY, "Harbourweekly.com") \
        == "HarbourWeekly.com"  # the same line at the top of the page is the logo


def test_a_word_of_a_name_written_as_an_address_is_no_address():
    trademark = "'Harbour', 'Harbour News.com' and 'Harbour Extra' are trademarks of Harbour Inc."
    assert publisher(*STORY, "Continue to Harbour Weekly", "Harbour Weekly", trademark,
                     "Apple News+", "Harbour News.com") == "Harbour Weekly"


def test_a_footer_captured_twice_counts_once():
    footer = "Copyright (c) 2024 KAIYO INTERACTIVE, Inc. All rights reserved."
    assert publisher("Continue to Harbour Times", "Harbour Times", *STORY,
                     "Harbour Times newsletter", footer,
                     "Privacy", footer) == "Harbour Times"


def test_the_company_named_in_the_legal_notice_is_the_owner():
    notice = ["Company Name: Kaiyo Internet Limited", "© 2024 Kaiyo Internet Limited"]
    assert evidence(*STORY, *notice)["kaiyointernet"]["credited_elsewhere"] == 1


def test_the_byline_names_the_outlet_after_the_reporter():
    def credited(byline: str) -> list[str]:
        found = evidence(STORY[0], byline, *STORY[2:], "© 2024 Coastline Media Group, Inc.")
        return [key for key, features in found.items() if "byline" in features]
    assert credited("By Jane Smith | Special to the Harbour Weekly") == ["harbourweekly"]
    assert credited("By Jane Smith, Harbour Weekly") == ["harbourweekly"]
    assert credited("By Jane Smith, MS, RD") == []  # her degrees
    assert credited("By Jane Smith, Harbour Auto Writer") == []  # her beat


def test_a_footer_naming_the_site_before_its_years():
    assert publisher(*STORY, "Privacy", "Harbour Diary · 2013-2019 Powered by Blogger") \
        == "Harbour Diary"
    assert publisher(*STORY, "The Harbour Diary © 2024") == "The Harbour Diary"
    assert "footer" not in evidence("Harbour Diary · 2019", *STORY, *["Home"] * 40)[
        "harbourdiary"]  # at the top: not a footer


def test_the_name_is_written_as_its_masthead_not_as_a_sentence_mentions_it():
    assert publisher(*STORY, "Download the Harbour Post app", "Advertise with the Harbour Post",
                     "Subscribe to the Harbour Post") == "Harbour Post"


def test_the_weights_file_weighs_exactly_the_features_the_code_computes():
    from generator.ingest.choose import PUBLISHED_FEATURES
    from generator.ingest.extract import BODY_FEATURES, TITLE_FEATURES
    from generator.ingest.publisher import FEATURES
    from generator.ingest.weights import WEIGHTS

    assert set(WEIGHTS.publisher) == set(FEATURES)
    assert set(WEIGHTS.title) == set(TITLE_FEATURES)
    assert set(WEIGHTS.published) == set(PUBLISHED_FEATURES)
    assert set(WEIGHTS.body) == set(BODY_FEATURES)


@pytest.mark.parametrize("written, name", [
    ("Beispiel Verlag GmbH - Alle Rechte vorbehalten", "Beispiel Verlag"),
    ("Ejemplo S.A. Todos los derechos reservados", "Ejemplo"),
    ("Esempio S.r.l. - Tutti i diritti riservati", "Esempio"),
    ("Example Media Holdings Ltd. All Rights Resered.", "Example"),  # a typo still ends it
    ("엔터미디어 무단전재 및 재배포 금지", "엔터미디어"),
    ("Örnek Medya A.Ş.", "Örnek Medya"),
    ("Příklad Zprávy a.s.", "Příklad Zprávy"),
    ("Przykład Sp. z o.o.", "Przykład"),
    ("Példa Lapkiadó Kft.", "Példa Lapkiadó"),
    ("Primjer d.o.o.", "Primjer"),
    ("Beispiel Verlag SE", "Beispiel Verlag"),
    ("Example Times Pvt. Ltd.", "Example Times"),
    ("Példa Hírek. Minden jog fenntartva.", "Példa Hírek"),
    ("Пример Новини. Всички права запазени.", "Пример Новини"),
    ("مثال نيوز جميع الحقوق محفوظة", "مثال نيوز"),
    ("Harbour Weekly. Proudly powered by WordPress", "Harbour Weekly"),  # the site's makers
    ("Harbour Weekly Powered by Example CMS VIP", "Harbour Weekly"),
    ("Exemple Presse, propulsé par WordPress", "Exemple Presse"),
    ("Beispiel Zeitung realisiert von Agentur X", "Beispiel Zeitung"),
])
def test_rights_notices_legal_forms_and_makers_credits_are_not_the_name(written, name):
    assert _clean_name(written) == name


def test_a_language_file_adds_its_rights_notices_and_legal_forms(tmp_path):
    (tmp_path / "xx.json").write_text(json.dumps(
        {"rights_notices": ["kaikki oikeudet"], "legal_forms": ["oyj"]}), encoding="utf-8")
    vocabulary = load_vocabulary(tmp_path)
    assert vocabulary.rights_notices == {"kaikki oikeudet"}
    assert vocabulary.legal_forms == {"oyj"}


@pytest.mark.parametrize("footer", ["© Copyright 2016 - 2020 Harbour Weekly",
                                    "© 2000 2023 Harbour Weekly", "(c) Copyright 2011/2019 "
                                    "Harbour Weekly", "Copyright © 2024 Harbour Weekly",
                                    "Copyright © 2024 · Harbour Weekly", "© 2024 - Harbour Weekly"])
def test_the_years_of_a_copyright_are_never_part_of_the_name(footer):
    assert "harbourweekly" in evidence(*STORY, footer)


@pytest.mark.parametrize("footer", [
    "© Copyright 20 Harbour - Audience certified by the Example Bureau of Circulations",
    "Consent choices © 2024 20 Harbour – Terms of use – Privacy policy",
    "© 20 Harbour — a member of the Example Press Council since 1998",
])
def test_a_copyright_holder_ends_at_a_spaced_dash(footer):
    """What follows a dash between spaces is the footer's next item, not the name."""
    assert _clean_name("20 Harbour - Audience certified by the bureau") == "20 Harbour"
    assert "20harbour" in evidence(*STORY, footer)


@pytest.mark.parametrize("footer", [
    "© 2024 Harbour Weekly a member of Coastline Media",
    "© 2024 Harbour Weekly, a Coastline Media company. All rights reserved.",
    "© 2024 Harbour Weekly ist ein Teil der Coastline Medien GmbH & Co. KG",
    "© 2024 Harbour Weekly,a subsidiary of Coastline Media.",
    "© 2024 Harbour Weekly fait partie du groupe Coastline",
    "© 2024 Harbour Weekly is owned by Coastline Media",
])
def test_a_copyright_holder_ends_where_its_owner_is_named(footer):
    """'X a member of Y', 'X ist Teil der Y': the brand is the name before the owner."""
    assert evidence(*STORY, footer)["harbourweekly"]["copyright"] == 1


def test_a_language_file_adds_its_owner_phrases(tmp_path):
    (tmp_path / "xx.json").write_text(json.dumps({"owner_phrases": ["osa konsernia"]}),
                                      encoding="utf-8")
    assert load_vocabulary(tmp_path).owner_phrases == {"osa konsernia"}


def test_the_page_s_first_line_is_a_candidate_unless_it_is_furniture():
    """A copied page often opens with the logo's text: the site's name, or a skip link."""
    assert evidence("Harbour Weekly", *STORY)["harbourweekly"]["first_line"] == 1
    assert not any("first_line" in found for found in evidence("Skip to content", *STORY).values())
    assert "first_line" not in evidence(*STORY, "Follow Harbour Weekly")["harbourweekly"]


def test_a_copyright_naming_a_company_by_its_legal_form_marks_an_owner():
    found = evidence(*STORY, "Harbour Weekly homepage",
                     "© 2024 Coastline Media Group, Inc. All rights reserved.")
    assert found["coastline"]["legal_entity"] == 1
    assert "legal_entity" not in evidence(*STORY, "© 2024 Harbour Weekly")["harbourweekly"]


def test_live_is_part_of_a_name_where_homepage_is_not():
    assert publisher(*STORY, "Follow Harbour Live", "© 2024 Harbour Live") == "Harbour Live"
    assert publisher(*STORY, "Harbour Weekly homepage", "© 2024 Harbour Weekly Homepage") \
        == "Harbour Weekly"


@pytest.mark.parametrize("notice, holder", [
    ("Harbour Weekly. All rights reserved.", "harbourweekly"),
    ("2019 Harbour Weekly, Inc. All Rights Reserved", "harbourweekly"),
    ("2001-2024 Harbour Weekly - Alle Rechte vorbehalten", "harbourweekly"),
    ("サンプル新聞 無断転載禁止", "サンプル新聞"),  # not '…新聞 無断' before '転載', a notice too
])
def test_the_holder_of_a_rights_notice_without_a_copyright_sign(notice, holder):
    holders = [key for key, found in evidence(*STORY, notice).items() if "rights" in found]
    assert holders == [holder]
    # with a sign, the copyright line names it (once)
    signed = evidence(*STORY, "© " + notice)[holder]
    assert signed["copyright"] == 1 and "rights" not in signed
    assert not any("rights" in found for found in evidence(*STORY, "All rights reserved.").values())
