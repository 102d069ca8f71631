"""Place extraction: recognition, resolution and the place an event governs."""

from __future__ import annotations

from typing import Any

import spacy

from sitroom.extract.places import VERSION, event_place, extract_places, resolve_spans
from sitroom.geo.distance import haversine_km
from sitroom.geo.gazetteer import Gazetteer
from sitroom.model import Place
from tests.geo.helpers import MODEL, gazetteer, geo_nlp

__all__ = ["gazetteer", "geo_nlp"]


def _places(nlp: Any, gazetteer: Gazetteer, text: str) -> tuple[Any, list[Place]]:
    doc = nlp(text)
    return doc, extract_places(doc, gazetteer)


def _event(doc: Any, trigger: str, places: list[Place]) -> Place | None:
    i = doc.text.index(trigger)
    return event_place(doc, i, i + len(trigger), places)


def test_version() -> None:
    assert VERSION.startswith("places-")


def test_missile_attack_on_ganja(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    doc, places = _places(
        geo_nlp, gazetteer, "A missile attack on Ganja killed four people overnight."
    )
    (ganja,) = places
    assert doc.text[ganja.start : ganja.end] == "Ganja" == ganja.text
    assert (ganja.country, ganja.precision, ganja.geonameid) == ("AZE", "town", 586523)
    assert ganja.lat is not None and ganja.lon is not None
    assert haversine_km(ganja.lat, ganja.lon, 40.68, 46.36) < 5
    assert _event(doc, "attack", places) == ganja


def test_ganja_found_even_when_the_bare_model_mislabels_it(gazetteer: Gazetteer) -> None:
    nlp = spacy.load(MODEL)  # no entity rules: the model alone
    doc, places = _places(
        nlp, gazetteer, "Rockets hit residential areas in Ganja and Tovuz on Sunday."
    )
    assert {p.text for p in places} >= {"Ganja", "Tovuz"}
    assert all(p.country == "AZE" for p in places)


def test_the_tovuz_region_is_a_region(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    doc, places = _places(geo_nlp, gazetteer, "Clashes in the Tovuz region left two soldiers dead.")
    place = _event(doc, "Clashes", places)
    assert place is not None and place.country == "AZE" and place.precision == "region"
    assert "Tovuz" in place.text


def test_the_kalbajar_region_is_the_district(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    _, places = _places(geo_nlp, gazetteer, "Troops moved into the Kalbajar region last week.")
    (kalbajar,) = places
    assert kalbajar.precision == "region" and kalbajar.geonameid == 586047


def test_karvachar_alias(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    _, places = _places(geo_nlp, gazetteer, "Residents left Karvachar before the handover.")
    (place,) = places
    assert place.text == "Karvachar" and place.name == "Kalbajar" and place.country == "AZE"


def test_demonyms_are_not_places(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    _, places = _places(
        geo_nlp, gazetteer, "Armenian and Azeri officials met Iranian diplomats on Monday."
    )
    assert places == []


def test_country_inside_an_institution_is_an_actor(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    _, places = _places(
        geo_nlp,
        gazetteer,
        "The Foreign Ministry of Armenia rejected the claim, and Azerbaijan's Defense "
        "Ministry said its positions near Fuzuli came under fire.",
    )
    texts = [p.text for p in places]
    assert "Armenia" not in texts and "Azerbaijan" not in texts
    assert "Fuzuli" in texts


def test_drone_inside_iranian_territory(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    doc, places = _places(
        geo_nlp,
        gazetteer,
        "Tehran said a drone came down inside northwestern Iranian territories on Friday.",
    )
    place = _event(doc, "came down", places)
    assert place is not None and place.country == "IRN" and place.precision == "region"
    assert place.text == "northwestern Iranian territories"


def test_event_place_is_governed_not_nearest(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    doc, places = _places(
        geo_nlp,
        gazetteer,
        "Officials in Baku said that Armenian forces shelled Tartar overnight.",
    )
    place = _event(doc, "shelled", places)
    assert place is not None and place.text == "Tartar"


def test_no_place_when_the_sentence_states_none(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    doc, places = _places(
        geo_nlp, gazetteer, "Baku hosted the talks. The ceasefire was violated again, they said."
    )
    assert _event(doc, "violated", places) is None


def test_resolve_given_spans(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    text = "Kenyan officials flew from Nairobi to the lakeside town of Kisumu."
    doc = geo_nlp(text)
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Nairobi", "Kisumu")]
    nairobi, kisumu = resolve_spans(doc, spans, gazetteer)
    assert nairobi is not None and kisumu is not None
    assert nairobi.country == kisumu.country == "KEN"
    assert (kisumu.start, kisumu.end) == spans[1]


def test_event_place_through_the_object_and_a_when_clause(
    geo_nlp: Any, gazetteer: Gazetteer
) -> None:
    doc, places = _places(
        geo_nlp, gazetteer, "Azerbaijani troops shelled villages in the Tavush province of Armenia."
    )
    place = _event(doc, "shelled", places)
    assert place is not None and place.country == "ARM" and place.precision == "region"
    doc, places = _places(
        geo_nlp, gazetteer, "Two civilians were killed when a shell hit a house near Tartar."
    )
    place = _event(doc, "killed", places)
    assert place is not None and place.text == "Tartar" and place.country == "AZE"


def test_subject_of_a_statement_is_not_the_event_place(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    doc, places = _places(geo_nlp, gazetteer, "Baku condemned the attack.")
    assert [p.text for p in places] == ["Baku"]
    assert _event(doc, "attack", places) is None


def test_town_comma_state_resolves_inside_the_state(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    text = "The plant in Blakely, Georgia, recalled its peanut butter."
    doc = geo_nlp(text)
    start = text.index("Blakely")
    (place,) = resolve_spans(doc, [(start, start + len("Blakely"))], gazetteer)
    assert place is not None and place.admin1 == "Georgia" and place.country == "USA"


def test_a_list_of_states_is_not_a_chain_of_containers(gazetteer: Gazetteer) -> None:
    from sitroom.extract.places import _container_name

    text = "cases in Georgia, Oklahoma, Pennsylvania and Ohio"
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Georgia", "Oklahoma")]
    assert [_container_name(text, s, e, gazetteer) for s, e in spans] == ["", ""]
    chain = "stopped in Stroud, Ontario, Canada on Friday"
    s = chain.index("Stroud")
    assert _container_name(chain, s, s + len("Stroud"), gazetteer) == "Ontario"
