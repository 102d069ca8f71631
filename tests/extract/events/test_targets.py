"""Target countries of single sentences written for the project (PLOVER-style coding)."""

from __future__ import annotations

from sitroom.extract.actors import extract_actors
from sitroom.extract.events.snippets import main_event
from sitroom.extract.places import extract_places
from tests.geo.helpers import gazetteer

__all__ = ["gazetteer"]


def _target(nlp, gazetteer, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    actors = extract_actors(doc, None)
    places = extract_places(doc, gazetteer, sorted({a.country for a in actors if a.country}))
    event = main_event(doc, actors, places)
    assert event is not None
    return {a.country for a in event.target if a.country}


def test_an_object_that_names_no_one_leaves_the_recipient_as_target(nlp, gazetteer) -> None:
    text = (
        "Kenya has again offered its troops to Somalia's interim President Abdi Farah Omar"
        " to help him retake the port from the militia."
    )
    assert _target(nlp, gazetteer, text) == {"SOM"}


def test_in_protest_of_names_the_target_of_a_noun_trigger(nlp, gazetteer) -> None:
    text = (
        "A group of Tamil refugees continued a hunger strike in protest of the Indian"
        " government's refusal to grant them asylum."
    )
    assert _target(nlp, gazetteer, text) == {"IND"}


def test_in_defiance_of_outranks_the_place_of_the_protest(nlp, gazetteer) -> None:
    text = (
        "Hundreds of thousands of people blocked avenues in Minsk in defiance of Russian"
        " authorities to demand new elections."
    )
    assert _target(nlp, gazetteer, text) == {"RUS"}


def test_an_act_noun_stands_for_its_doer(nlp, gazetteer) -> None:
    text = (
        "Young men threw stones during protests against the alleged abuses by the Ugandan"
        " army, officials said on Friday."
    )
    assert _target(nlp, gazetteer, text) == {"UGA"}


def test_a_withdrawal_targets_the_party_left_not_the_troops(nlp, gazetteer) -> None:
    text = (
        "Ethiopia says it is willing to withdraw its soldiers from neighbouring Somalia after"
        " two years of occupation."
    )
    assert _target(nlp, gazetteer, text) == {"SOM"}
    text = (
        "Rwanda announced on Monday that it will withdraw their battalion from Burundi unless"
        " the talks resume."
    )
    assert _target(nlp, gazetteer, text) == {"BDI"}


def test_an_aid_noun_counted_in_an_amount_takes_the_verbs_recipient(nlp, gazetteer) -> None:
    text = "Japan on Tuesday gave the Philippines 8 million dollars of aid for typhoon relief."
    assert _target(nlp, gazetteer, text) == {"PHL"}
    text = "Norway on Friday gave Mozambique 2.5 million dollars of aid for flood victims."
    assert _target(nlp, gazetteer, text) == {"MOZ"}


def test_a_noun_trigger_targets_the_party_of_what_it_suspends(nlp, gazetteer) -> None:
    text = "Greece announced a suspension of rail links with Albania on Friday after the incident."
    assert _target(nlp, gazetteer, text) == {"ALB"}


def test_people_dispersed_by_a_noun_triggers_purpose_are_the_forces_own(nlp, gazetteer) -> None:
    text = (
        "Kenyan riot police used tear gas to disperse students protesting fee increases in Nairobi."
    )
    assert _target(nlp, gazetteer, text) == {"KEN"}


def test_a_protest_purpose_targets_the_party_nearest_its_verb(nlp, gazetteer) -> None:
    text = (
        "Hundreds of Kurdish refugees began a hunger strike on Monday to protest against"
        " Germany's decision to deport them to Turkey."
    )
    assert _target(nlp, gazetteer, text) == {"DEU"}


def test_a_preposition_left_without_object_takes_the_phrase_after_it(nlp, gazetteer) -> None:
    text = (
        "Ecuador has granted diplomatic asylum to five Colombian army officers holed up in a"
        " diplomatic residence since last month's coup."
    )
    assert _target(nlp, gazetteer, text) == {"COL"}
    text = (
        "Mexico has granted diplomatic asylum to six Guatemalan army officers holed up in a"
        " diplomatic residence since the coup."
    )
    assert _target(nlp, gazetteer, text) == {"GTM"}
