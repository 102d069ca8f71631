"""Where an event happened: locative phrases on the people involved, land owned, purposes."""

from __future__ import annotations

from typing import Any

from sitroom.extract.places import event_place, extract_places
from sitroom.geo.gazetteer import Gazetteer
from sitroom.model import Place
from tests.geo.helpers import gazetteer, geo_nlp

__all__ = ["gazetteer", "geo_nlp"]


def _place_of(nlp: Any, gazetteer: Gazetteer, text: str, trigger: str) -> Place | None:
    doc = nlp(text)
    places = extract_places(doc, gazetteer)
    i = text.index(trigger)
    return event_place(doc, i, i + len(trigger), places)


def test_a_meeting_takes_place_where_the_people_met_are(geo_nlp: Any, gazetteer: Gazetteer):
    text = "The envoy met with local officials in Tabriz on Tuesday."
    place = _place_of(geo_nlp, gazetteer, text, "met")
    assert place is not None and place.text == "Tabriz" and place.country == "IRN"


def test_the_topic_of_a_purpose_clause_is_not_the_place(geo_nlp: Any, gazetteer: Gazetteer):
    text = "The envoy met with the officials to discuss the latest developments of the Armenia war."
    assert _place_of(geo_nlp, gazetteer, text, "met") is None


def test_land_owned_by_a_country_is_a_place(geo_nlp: Any, gazetteer: Gazetteer):
    text = "Several rockets landed inside Iran's borders on Wednesday."
    place = _place_of(geo_nlp, gazetteer, text, "landed")
    assert place is not None and place.country == "IRN"
    # An owner of anything else is a party, not a place.
    text = "The ministry rejected Iran's plan on Wednesday."
    assert _place_of(geo_nlp, gazetteer, text, "rejected") is None


def test_talks_between_parties_take_place_in_the_town_after_them(
    geo_nlp: Any, gazetteer: Gazetteer
):
    text = (
        "The truce followed marathon negotiations between the foreign ministers of Armenia "
        "and Azerbaijan in Moscow."
    )
    place = _place_of(geo_nlp, gazetteer, text, "negotiations")
    assert place is not None and place.text == "Moscow"
    # The parties' own countries are who, not where.
    text = "Talks between the foreign ministers of Armenia and Azerbaijan ended without a deal."
    assert _place_of(geo_nlp, gazetteer, text, "Talks") is None


def test_people_protesting_in_a_town_are_of_its_country_and_protest_its_government(
    geo_nlp: Any, gazetteer: Gazetteer
):
    from sitroom.extract.actors import extract_actors
    from sitroom.extract.events.snippets import main_event

    doc = geo_nlp("Hundreds of students demonstrated in Kirkuk on Sunday.")
    event = main_event(doc, extract_actors(doc, None), extract_places(doc, gazetteer))
    assert event is not None and event.type == "PROTEST"
    assert [a.country for a in event.source] == ["IRQ"]
    assert [(a.country, a.sector) for a in event.target] == [("IRQ", "GOV")]
    # Without places resolved, nobody is guessed.
    event = main_event(doc, extract_actors(doc, None))
    assert event is not None and not event.source
