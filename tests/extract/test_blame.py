"""Blame a party tells in its own words, with no accusing verb (extract.events.blame)."""

from __future__ import annotations

import datetime as dt

from tests.extract.helpers import article_events
from tests.geo.helpers import gazetteer

__all__ = ["gazetteer"]

DAY = dt.date(2022, 3, 14)


def _acts(nlp, gazetteer, text: str, kind: str = "DISAPPROVE") -> list[tuple[str, str]]:
    """(source side, target side) of the article's events of type ``kind``."""
    return [
        (e.source[0].country or e.source[0].group, e.target[0].country or e.target[0].group)
        for e in article_events(nlp, gazetteer, text, DAY)
        if e.type == kind and e.source and e.target
    ]


def test_a_provocation_pinned_on_another_side_is_an_accusation(nlp, gazetteer):
    text = "The Georgian Foreign Ministry said the explosion was a provocation by Russian forces."
    assert ("GEO", "RUS") in _acts(nlp, gazetteer, text)


def test_a_side_named_responsible_is_blamed(nlp, gazetteer):
    text = "The Lebanese army said Israel was responsible for the blast near the border."
    assert ("LBN", "ISR") in _acts(nlp, gazetteer, text)


def test_the_agent_of_violations_being_committed_is_blamed(nlp, gazetteer):
    text = (
        '"Despite the violations being committed by Azerbaijan, our units are showing '
        'restraint," the Armenian defence ministry said.'
    )
    assert ("ARM", "AZE") in _acts(nlp, gazetteer, text)


def test_a_side_naming_its_own_forces_blames_no_one(nlp, gazetteer):
    text = "The Georgian Foreign Ministry said the operation was carried out by Georgian forces."
    assert _acts(nlp, gazetteer, text) == []


def test_words_going_on_about_the_side_just_accused_are_the_same_accusation(nlp, gazetteer):
    text = (
        "The Georgian Foreign Ministry accused Russia of shelling the village. "
        "The ministry said the shelling was another provocation by Russian forces."
    )
    assert _acts(nlp, gazetteer, text).count(("GEO", "RUS")) == 1


def test_a_group_without_a_country_can_blame(nlp, gazetteer):
    text = "The DPR said the strike on the market was a provocation by Ukrainian forces."
    assert ("DPR", "UKR") in _acts(nlp, gazetteer, text)


def test_words_promising_a_price_are_a_threat_against_the_side_they_name(nlp, gazetteer):
    text = '"Azerbaijan will pay a heavy price for this," the Armenian defence minister said.'
    assert ("ARM", "AZE") in _acts(nlp, gazetteer, text, "THREATEN")


def test_a_promised_answer_naming_no_one_threatens_the_side_fighting_the_speaker(nlp, gazetteer):
    text = (
        "Georgian and Russian forces clashed near the border on Sunday. "
        '"We will respond firmly," the Georgian defence minister said.'
    )
    assert ("GEO", "RUS") in _acts(nlp, gazetteer, text, "THREATEN")


def test_a_promised_answer_with_no_foe_in_sight_is_no_threat(nlp, gazetteer):
    text = '"We will respond firmly," the Georgian defence minister said.'
    assert _acts(nlp, gazetteer, text, "THREATEN") == []
