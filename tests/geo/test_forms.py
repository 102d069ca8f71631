"""Abbreviations and adjectives that name places, and spans the gazetteer does not hold."""

from __future__ import annotations

from typing import Any

import pytest

from sitroom.extract.places import event_place, extract_places, extract_toponyms, resolve_spans
from sitroom.geo.distance import haversine_km
from sitroom.geo.forms import abbreviation, demonym
from sitroom.geo.gazetteer import Gazetteer
from sitroom.geo.resolve import Mention, name_variants, resolve_mentions
from tests.geo.helpers import gazetteer, geo_nlp

__all__ = ["gazetteer", "geo_nlp"]


def test_abbreviations_match_as_written() -> None:
    louisiana, los_angeles = abbreviation("La."), abbreviation("L.A.")
    assert louisiana is not None and louisiana.name == "Louisiana"
    assert los_angeles is not None and los_angeles.name == "Los Angeles"
    tennessee = abbreviation("Tenn")  # the dot may be left out
    assert tennessee is not None and tennessee.name == "Tennessee"
    assert abbreviation("IN") is None  # a postal code that is an English word
    assert abbreviation("Paris") is None


@pytest.mark.parametrize(
    ("form", "country", "admin1"),
    [
        ("Tenn.", "USA", "Tennessee"),
        ("Ore.", "USA", "Oregon"),
        ("Miss.", "USA", "Mississippi"),
        ("Calif.", "USA", "California"),
        ("N.Y.", "USA", "New York"),
        ("Ont.", "CAN", "Ontario"),
        ("B.C.", "CAN", "British Columbia"),
        ("TX", "USA", "Texas"),
    ],
)
def test_state_and_province_abbreviations_are_never_towns(
    gazetteer: Gazetteer, form: str, country: str, admin1: str
) -> None:
    (found,) = resolve_mentions([Mention(form)], gazetteer)
    assert found is not None and found.kind == "region" and found.feature == "ADM1"
    assert (found.country, found.admin1) == (country, admin1)


def test_eu_uk_us_are_not_towns(gazetteer: Gazetteer) -> None:
    eu, e_u, uk, us = resolve_mentions(
        [Mention("EU"), Mention("E.U."), Mention("UK"), Mention("U.S.")], gazetteer
    )
    assert eu is not None and e_u is not None and eu.name == e_u.name == "European Union"
    assert eu.kind == "region" and eu.country == ""
    assert uk is not None and (uk.kind, uk.country) == ("country", "GBR")
    assert us is not None and (us.kind, us.country) == ("country", "USA")


def test_a_town_after_a_state_abbreviation(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    doc = geo_nlp("The storm flattened homes in Fallbrook, Calif. on Tuesday.")
    i = doc.text.index("Calif.")
    fallbrook, calif = resolve_spans(doc, [(29, 38), (i, i + 6)], gazetteer)
    assert calif is not None and calif.name == "California" and calif.precision == "region"
    assert fallbrook is not None and fallbrook.country == "USA"
    assert fallbrook.admin1 == "California"


def test_demonyms_name_countries_and_regions() -> None:
    russian = demonym("Russian")
    assert russian is not None and (russian.kind, russian.country) == ("country", "RUS")
    chinese = demonym("Chinese")  # shared with Taiwan and Macao: the most populous
    assert chinese is not None and chinese.country == "CHN"
    europeans = demonym("Europeans")
    assert europeans is not None and (europeans.name, europeans.kind) == ("Europe", "continent")
    texan = demonym("Texan")
    assert texan is not None and (texan.name, texan.country) == ("Texas", "USA")
    # the caller's dictionary comes first for countries
    azeri = demonym("Azeri", {"azeri": "AZE"})
    assert azeri is not None and azeri.country == "AZE"
    assert demonym("Baku") is None


def test_adjective_spans_resolve_to_their_country(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    text = "Russian troops and British diplomats met European officials."
    doc = geo_nlp(text)
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Russian", "British", "European")]
    russia, britain, europe = resolve_spans(doc, spans, gazetteer)
    assert russia is not None and (russia.country, russia.precision) == ("RUS", "country")
    assert russia.geonameid == 2017370
    assert britain is not None and britain.country == "GBR"
    assert europe is not None and europe.name == "Europe"


def test_an_actors_nationality_is_not_where_the_event_happened(
    geo_nlp: Any, gazetteer: Gazetteer
) -> None:
    doc = geo_nlp("Russian troops shelled the village of Kreminna on Monday.")
    places = extract_places(doc, gazetteer)
    assert [p.text for p in places] == ["Kreminna"]
    i = doc.text.index("shelled")
    place = event_place(doc, i, i + len("shelled"), places)
    assert place is not None and place.text == "Kreminna"


def test_a_metropolis_beats_its_province(gazetteer: Gazetteer) -> None:
    sao_paulo, buenos_aires = resolve_mentions(
        [Mention("São Paulo"), Mention("Buenos Aires")], gazetteer
    )
    assert sao_paulo is not None and sao_paulo.kind == "town"
    assert haversine_km(sao_paulo.lat, sao_paulo.lon, -23.55, -46.63) < 30
    assert buenos_aires is not None and buenos_aires.kind == "town"
    # the province when the text says so
    (province,) = resolve_mentions([Mention("São Paulo", kind_hint="region")], gazetteer)
    assert province is not None and province.kind == "region"


def test_province_exonyms_are_main_names(gazetteer: Gazetteer) -> None:
    (sardinia,) = resolve_mentions([Mention("Sardinia")], gazetteer)
    assert sardinia is not None and (sardinia.country, sardinia.kind) == ("ITA", "region")


def test_a_feature_named_after_a_place(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    text = "Flights left Copenhagen Airport late. She studied at the University of Oxford."
    doc = geo_nlp(text)
    spans = [
        (text.index(w), text.index(w) + len(w))
        for w in ("Copenhagen Airport", "University of Oxford")
    ]
    airport, university = resolve_spans(doc, spans, gazetteer)
    assert airport is not None and airport.country == "DNK"
    assert airport.text == "Copenhagen Airport" and airport.name == "Copenhagen"
    assert university is not None and university.country == "GBR"
    assert haversine_km(university.lat or 0, university.lon or 0, 51.75, -1.26) < 10


def test_an_unknown_span_takes_the_nearest_place_named(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    text = "In Kisumu, the Qwertzuiop Gardens reopened. Later, Nairobi followed."
    doc = geo_nlp(text)
    spans = [
        (text.index(w), text.index(w) + len(w)) for w in ("Kisumu", "Qwertzuiop Gardens", "Nairobi")
    ]
    kisumu, gardens, _ = resolve_spans(doc, spans, gazetteer)
    assert kisumu is not None and gardens is not None
    assert gardens.text == "Qwertzuiop Gardens" and gardens.geonameid == kisumu.geonameid
    # nothing to lean on: unknown
    lone = geo_nlp("The Qwertzuiop Gardens reopened.")
    assert resolve_spans(lone, [(4, 22)], gazetteer) == [None]


def test_numbers_are_not_looked_up(gazetteer: Gazetteer) -> None:
    # GeoNames holds digit strings among alternate names; a house number is none of them
    assert resolve_mentions([Mention("11"), Mention("10625")], gazetteer) == [None, None]


def test_a_house_number_lies_in_the_town_of_its_address(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    text = "The bar is at Riemergasse 11, 1010 Vienna, near the cathedral."
    doc = geo_nlp(text)
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("11", "1010", "Vienna")]
    number, postcode, vienna = resolve_spans(doc, spans, gazetteer)
    assert vienna is not None and vienna.country == "AUT"
    assert number is not None and postcode is not None
    assert number.geonameid == postcode.geonameid == vienna.geonameid


def test_county_before_its_name() -> None:
    assert ("Kerry", "region") in name_variants("County Kerry")
    assert ("Kerry", "region") not in name_variants("county kerry")


def test_a_container_holds_every_mention_of_the_name(gazetteer: Gazetteer) -> None:
    # Blakely, Pennsylvania is the larger town: one "Blakely, Georgia" settles the others
    mentions = [Mention("Blakely"), Mention("Blakely", container="Georgia"), Mention("Blakely")]
    found = resolve_mentions(mentions, gazetteer)
    assert all(c is not None and c.admin1 == "Georgia" for c in found)


def test_a_datelines_town(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    text = "WASHINGTON (AP) \u2014 Lawmakers met on Tuesday."
    doc = geo_nlp(text)
    (washington,) = resolve_spans(doc, [(0, 10)], gazetteer)
    assert washington is not None and washington.precision == "town"
    assert haversine_km(washington.lat or 0, washington.lon or 0, 38.9, -77.04) < 20


def test_toponyms_include_the_country_an_institution_names(
    geo_nlp: Any, gazetteer: Gazetteer
) -> None:
    text = "The U.S. Centers for Disease Control sent experts to Nairobi."
    doc = geo_nlp(text)
    assert [p.text for p in extract_places(doc, gazetteer)] == ["Nairobi"]
    toponyms = extract_toponyms(doc, gazetteer)
    assert [p.text for p in toponyms] == ["U.S.", "Nairobi"]
    assert toponyms[0].country == "USA" and toponyms[0].precision == "country"


def test_toponyms_include_landmarks_the_gazetteer_lacks(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    text = "In San Francisco, crowds gathered on Baker Beach near the Golden Gate Bridge."
    doc = geo_nlp(text)
    toponyms = {p.text: p for p in extract_toponyms(doc, gazetteer)}
    bridge = toponyms["Golden Gate Bridge"]
    assert bridge.lat is not None and bridge.lon is not None
    assert haversine_km(bridge.lat, bridge.lon, 37.77, -122.42) < 30
    assert [p.text for p in extract_places(doc, gazetteer)] == ["San Francisco"]


def test_the_region_of_a_metropolis_is_the_land_around_it(gazetteer: Gazetteer) -> None:
    # "the Houston region": the city's surroundings, not a Houston County far away
    (houston,) = resolve_mentions([Mention("Houston", kind_hint="region")], gazetteer)
    assert houston is not None and houston.kind == "town"
    assert haversine_km(houston.lat, houston.lon, 29.76, -95.36) < 30
    # a district named like its seat keeps the district ("the Kalbajar region")
    (kalbajar,) = resolve_mentions([Mention("Kalbajar", kind_hint="region")], gazetteer)
    assert kalbajar is not None and kalbajar.kind == "region"


def test_a_toponym_keeps_its_reading_through_the_article(
    geo_nlp: Any, gazetteer: Gazetteer
) -> None:
    text = (
        "Heavy rain fell in Kerala on Monday. The Commercial Capital of Kerala was "
        "flooded, and Kerala Tourism closed its offices."
    )
    doc = geo_nlp(text)
    found = [(p.text, p.start) for p in extract_toponyms(doc, gazetteer)]
    second = text.index("Kerala was")
    assert ("Kerala", second) in found  # the model tagged it inside a body's name
    assert ("Kerala", text.index("Kerala Tourism")) not in found  # part of a longer name
    assert [p.text for p in extract_places(doc, gazetteer)] == ["Kerala"]


def test_a_lower_case_kind_word_is_not_part_of_the_name(geo_nlp: Any, gazetteer: Gazetteer) -> None:
    # the gazetteer knows "Laghman Province" as another name of Laghman: still "Laghman"
    doc = geo_nlp("Gunmen attacked a checkpoint in Laghman province on Sunday.")
    (laghman,) = extract_places(doc, gazetteer)
    assert laghman.text == "Laghman" and laghman.country == "AFG"
    assert laghman.precision == "region"
