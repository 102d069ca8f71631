"""Words for codes: actors, parties, places, dates, incidents and articles."""

from __future__ import annotations

import pytest

from sitroom import labels
from sitroom.model import Actor


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (
            Actor(text="Armenian forces", country="ARM", sector="MIL", name="forces"),
            "Armenia's armed forces",
        ),
        (Actor(text="", country="ARM", sector="MIL"), "Armenia's armed forces"),
        (Actor(text="Baku", country="AZE", sector="GOV", name="Azerbaijan"), "Azerbaijan"),
        (Actor(text="the two sides", country="AZE", sector="GOV"), "Azerbaijan"),
        (Actor(text="Azerbaijani", country="AZE", sector="CVL"), "civilians in Azerbaijan"),
        (
            Actor(text="it", country="AZE", sector="MIL", name="defense ministry"),
            "Azerbaijan's defense ministry",
        ),
        (
            Actor(text="Zarif", country="IRN", sector="GOV", name="Mohammad Javad Zarif"),
            "Mohammad Javad Zarif (Iran)",
        ),
        (Actor(text="Russian", country="RUS", sector="UNK"), "Russia"),
        (Actor(text="Turkey", country="TUR", sector="GOV", name="Turkey"), "Turkey"),
        (
            Actor(text="the Azerbaijani side", country="AZE", sector="GOV", name="side"),
            "Azerbaijan",
        ),
        (
            Actor(text="the OSCE Minsk Group", sector="IGO", name="OSCE Minsk Group"),
            "OSCE Minsk Group",
        ),
        (Actor(text="forces"), "unidentified forces"),
        (Actor(text=""), ""),
    ],
)
def test_actor_label(actor: Actor, expected: str) -> None:
    assert labels.actor_label(actor) == expected


def test_two_sided_acts_list_each_side_once() -> None:
    arm = Actor(text="Armenia", country="ARM", sector="MIL", name="Armenia")
    aze = Actor(text="Azerbaijan", country="AZE", sector="MIL", name="Azerbaijan")
    # Stored with every party on both sides: one "between".
    both = labels.parties([arm, aze], [aze, arm], "clash")
    assert (
        both.mutual
        and both.text() == "between Armenia's armed forces and Azerbaijan's armed forces"
    )
    # A reciprocal mode with one side named as source and the other as target.
    talks = labels.parties([arm], [aze], "talks")
    assert talks.mutual and [p.label for p in talks.sources] == [
        "Armenia's armed forces",
        "Azerbaijan's armed forces",
    ]
    # One-sided: an arrow, and codes kept for hover.
    one = labels.parties([arm], [aze], "missile")
    assert one.text() == "Armenia's armed forces → Azerbaijan's armed forces"
    assert one.sources[0].code == "ARM/MIL"


def test_no_actor_is_its_own_target_and_empty_ones_are_left_out() -> None:
    iran = Actor(text="Iran", country="IRN", sector="GOV", name="Iran")
    tehran = Actor(text="Tehran", country="IRN", sector="GOV", name="Iran")
    ps = labels.parties([iran, Actor(text="")], [tehran], "statement")
    assert ps.text() == "Iran" and not ps.targets


def test_kinds_dates_places_and_incident_names() -> None:
    assert labels.event_kind("ASSAULT", "missile") == "Missile strike"
    assert labels.event_kind("ASSAULT", "") == "Attack"
    assert labels.event_kind("DISAPPROVE", "accusation") == "Accusation"
    assert labels.event_kind("DEMAND", "statement") == "Demand"
    assert labels.kind_code("ASSAULT", "small-arms") == "ASSAULT/small-arms"
    assert labels.date_label("2020-10-17") == "17 Oct 2020"
    assert labels.date_label("2020-10") == "Oct 2020"
    assert labels.date_label("2020") == "2020"
    assert labels.date_label(None) == "undated"
    assert labels.place_label("Ganja", "Ganja City", "AZE") == "Ganja, Ganja City, Azerbaijan"
    assert labels.place_label("Azerbaijan", "", "AZE", "country") == "Azerbaijan (country only)"
    assert (
        labels.incident_name("ASSAULT", "missile", "Ganja", "2020-10-17")
        == "Missile strike on Ganja, 17 Oct 2020"
    )
    assert labels.incident_name("CONSULT", "talks", "Moscow", None) == "Talks in Moscow, undated"
    # with no place, the parties tell two incidents of a month apart
    assert (
        labels.incident_name("ASSAULT", "ceasefire-violation", None, "2020-10", countries=["ARM"])
        == "Ceasefire violation involving Armenia, Oct 2020"
    )
    assert labels.incident_name("ASSAULT", "ceasefire-violation", None, "2020-10") == (
        "Ceasefire violation, Oct 2020"
    )
    assert (
        labels.agreement_name("ceasefire", ["ARM", "AZE", "RUS"], "2020-10-10")
        == "Ceasefire between Armenia, Azerbaijan and Russia, 10 Oct 2020"
    )


def test_every_stored_code_has_words() -> None:
    from sitroom.model import PLOVER_TYPES, SECTORS

    assert set(labels.TYPE_WORDS) == set(PLOVER_TYPES)
    assert set(labels.SECTOR_WORDS) == set(SECTORS)


def test_article_title_is_the_headline_else_the_first_sentence() -> None:
    text = "Rockets hit Ganja overnight, officials said. More followed."
    assert labels.article_title("Ganja hit", text, "a.txt") == "Ganja hit"
    assert (
        labels.article_title("a.txt", text, "a.txt")
        == "Rockets hit Ganja overnight, officials said."
    )
    assert labels.article_title(None, "", "a.txt") == "a.txt"


def test_names_are_read_where_codes_are_stored() -> None:
    assert labels.country_code("Azerbaijan") == labels.country_code("aze") == "AZE"
    assert labels.country_code("Russia") == "RUS"
    assert labels.country_code("Azerbaijn") == ""
    assert labels.type_code("attacks") == labels.type_code("assault") == "ASSAULT"
    assert labels.type_code("foo") == ""


def test_names_that_two_items_of_a_list_share_are_told_apart() -> None:
    named = [("a", "Ceasefire violation, Oct 2020"), ("b", "Missile strike on Ganja, 17 Oct 2020")]
    named.append(("c", "Ceasefire violation, Oct 2020"))
    assert labels.distinct_names(named) == {
        "a": "Ceasefire violation, Oct 2020 (1 of 2)",
        "b": "Missile strike on Ganja, 17 Oct 2020",
        "c": "Ceasefire violation, Oct 2020 (2 of 2)",
    }
