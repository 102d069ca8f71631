"""Where an event happened: locative phrases on the people involved, land owned, purposes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from spacy.tokens import Span

from sitroom.extract.places import event_place, extract_places, part_places
from sitroom.geo.gazetteer import Gazetteer
from sitroom.model import Event, Place
from tests.extract.helpers import article_events
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


def _part_of(nlp: Any, gazetteer: Gazetteer, text: str, trigger: str) -> Place | None:
    """The event place as article extraction finds it: parts of countries first."""
    doc = nlp(text)
    places = extract_places(doc, gazetteer)
    i = text.index(trigger)
    return event_place(doc, i, i + len(trigger), [*part_places(doc, places, gazetteer), *places])


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        (
            "Rebel gunners shelled villages in northern Syria on Monday.",
            "shelled",
            "northern Syria",
        ),
        (
            "A drone crashed inside northwestern Iranian territories.",
            "crashed",
            "northwestern Iran",
        ),
        ("Heavy fighting was reported in north-west Ukraine.", "fighting", "northwestern Ukraine"),
    ],
)
def test_a_direction_within_a_country_is_a_region(
    geo_nlp: Any, gazetteer: Gazetteer, text: str, trigger: str, name: str
):
    place = _part_of(geo_nlp, gazetteer, text, trigger)
    assert place is not None and place.name == name and place.precision == "region"
    country = gazetteer.country(place.country)
    assert country is not None and (place.lat, place.lon) != (country.lat, country.lon)


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        (
            "Fighting erupted along the Armenia-Azerbaijan border on Tuesday.",
            "Fighting",
            "Armenia-Azerbaijan border",
        ),
        (
            "Two soldiers were killed in clashes on the Armenian-Azerbaijani border.",
            "clashes",
            "Armenia-Azerbaijan border",
        ),
        ("Turkey deployed tanks to its border with Syria.", "deployed", "Turkey-Syria border"),
        (
            "Shells fell near the border between Israel and Lebanon.",
            "fell",
            "Israel-Lebanon border",
        ),
        ("Russian troops massed near the border with Ukraine.", "massed", "Russia-Ukraine border"),
    ],
)
def test_a_frontier_between_two_countries_is_a_region(
    geo_nlp: Any, gazetteer: Gazetteer, text: str, trigger: str, name: str
):
    place = _part_of(geo_nlp, gazetteer, text, trigger)
    assert place is not None and place.name == name and place.precision == "region"


def test_a_border_of_one_country_only_or_of_no_neighbours_is_no_frontier(
    geo_nlp: Any, gazetteer: Gazetteer
):
    text = "Rockets landed inside Iran's borders on Wednesday."
    place = _part_of(geo_nlp, gazetteer, text, "landed")
    assert place is not None and place.name == "Iran" and place.precision == "country"
    doc = geo_nlp("France and Iran discussed the border between Iran and France.")
    assert part_places(doc, extract_places(doc, gazetteer), gazetteer) == []


def test_parts_leave_the_toponyms_as_they_are(geo_nlp: Any, gazetteer: Gazetteer):
    doc = geo_nlp("Rebel gunners shelled villages in northern Syria near the border with Turkey.")
    assert [p.text for p in extract_places(doc, gazetteer)] == ["Syria", "Turkey"]


def test_a_journey_takes_place_where_it_went(geo_nlp: Any, gazetteer: Gazetteer):
    place = _part_of(geo_nlp, gazetteer, "Iran sent reinforcements to Tabriz.", "sent")
    assert place is not None and place.name == "Tabriz"
    text = "The envoy will travel to Baku, Moscow and Ankara next week."
    assert _part_of(geo_nlp, gazetteer, text, "travel") is None  # several places: none of them


def test_the_owner_of_a_dam_or_a_bridge_is_where_it_is(geo_nlp: Any, gazetteer: Gazetteer):
    text = "Rebels seized Aleppo's airport, which was bombed on Friday."
    place = _place_of(geo_nlp, gazetteer, text, "bombed")
    assert place is not None and place.name == "Aleppo"
    place = _place_of(geo_nlp, gazetteer, "Artillery hit Baghdad's bridges on Friday.", "hit")
    assert place is not None and place.name == "Baghdad"


def test_the_area_of_a_town_is_a_region(geo_nlp: Any, gazetteer: Gazetteer):
    text = "Troops shelled the area of Tartar on Friday."
    place = _place_of(geo_nlp, gazetteer, text, "shelled")
    assert place is not None and place.text == "Tartar" and place.precision == "region"
    place = _place_of(geo_nlp, gazetteer, "Troops shelled Tartar on Friday.", "shelled")
    assert place is not None and place.precision == "town"


def test_some_of_the_people_in_a_place_act_there(geo_nlp: Any, gazetteer: Gazetteer):
    text = "Four of the clerics in Iranian Azerbaijan issued a statement on Friday."
    place = _place_of(geo_nlp, gazetteer, text, "issued")
    assert place is not None and place.name == "Iranian Azerbaijan" and place.country == "IRN"


def test_border_clashes_between_two_countries_are_on_their_frontier(
    geo_nlp: Any, gazetteer: Gazetteer
):
    text = "The UN voiced alarm over border clashes between Tajikistan and Kyrgyzstan."
    place = _part_of(geo_nlp, gazetteer, text, "clashes")
    assert place is not None and place.name == "Tajikistan-Kyrgyzstan border"
    # a place the text gives wins over the frontier
    text = "Border clashes between Tajikistan and Kyrgyzstan broke out in the Batken region."
    place = _part_of(geo_nlp, gazetteer, text, "clashes")
    assert place is not None and place.text == "Batken"


def test_the_party_charged_is_not_where_the_deed_happened(geo_nlp: Any, gazetteer: Gazetteer):
    # a capital standing for its government: the accused, not the place (issue 20)
    text = "Armenia accused Baku of shelling villages."
    assert _place_of(geo_nlp, gazetteer, text, "shelling") is None
    text = "Armenia accused Baku of shelling villages in Tavush."
    place = _place_of(geo_nlp, gazetteer, text, "shelling")
    assert place is not None and place.text == "Tavush"
    text = "Azerbaijan blamed Yerevan for the attack."
    assert _place_of(geo_nlp, gazetteer, text, "attack") is None


def test_towns_the_model_mislabels_are_read_in_plain_locative_words(
    geo_nlp: Any, gazetteer: Gazetteer
):
    # the parser tags these a product and a person; the words around them say where
    place = _place_of(
        geo_nlp, gazetteer, "Rockets hit the Kramatorsk railway station on Friday.", "hit"
    )
    assert place is not None and place.name == "Kramatorsk"
    text = (
        "A rocket strike on Saturday killed at least 10 people and wounded a dozen more "
        "in the village of Majdal Shams."
    )
    place = _place_of(geo_nlp, gazetteer, text, "strike")
    assert place is not None and place.name == "Majdal Shams"  # told once for both acts


def test_what_was_agreed_at_a_summit_was_agreed_where_it_met(geo_nlp: Any, gazetteer: Gazetteer):
    text = "The two presidents agreed to order a pullback at a regional summit in Kazakhstan."
    place = _place_of(geo_nlp, gazetteer, text, "agreed")
    assert place is not None and place.country == "KAZ"


def test_people_who_met_for_talks_somewhere_met_there(geo_nlp: Any, gazetteer: Gazetteer):
    text = "The two foreign ministers met for talks at a hotel in Tbilisi on Monday."
    place = _place_of(geo_nlp, gazetteer, text, "met")
    assert place is not None and place.text == "Tbilisi"


def test_a_visitor_who_just_landed_somewhere_met_there(geo_nlp: Any, gazetteer: Gazetteer):
    text = "The envoy, who landed in Yerevan on Tuesday, met the Armenian prime minister."
    place = _place_of(geo_nlp, gazetteer, text, "met")
    assert place is not None and place.text == "Yerevan"
    text = "The envoy, who was born in Yerevan, met the Armenian prime minister in Baku."
    place = _place_of(geo_nlp, gazetteer, text, "met")
    assert place is not None and place.text == "Baku"


def _article_events(nlp: Any, gazetteer: Gazetteer, text: str) -> list[Event]:
    return article_events(nlp, gazetteer, text, dt.date(2024, 3, 6))


def _attacks(nlp: Any, gazetteer: Gazetteer, text: str) -> list[Event]:
    return [e for e in _article_events(nlp, gazetteer, text) if e.type == "ASSAULT"]


def test_the_region_is_the_region_named_before(geo_nlp: Any, gazetteer: Gazetteer):
    text = (
        "Fighting broke out in the Tigray region of Ethiopia on Monday. Eritrean troops "
        "shelled several villages in the region on Tuesday, local officials said."
    )
    shelled = next(e for e in _attacks(geo_nlp, gazetteer, text) if e.trigger == "shelled")
    assert shelled.place is not None and shelled.place.precision == "region"
    assert shelled.place.country == "ETH" and shelled.place.name.startswith("Tigra")
    # with no region named before, "the region" places nothing
    text = "Troops shelled several villages in the region on Tuesday, local officials said."
    assert all(e.place is None for e in _attacks(geo_nlp, gazetteer, text))


def test_there_is_the_place_named_just_before(geo_nlp: Any, gazetteer: Gazetteer):
    text = (
        "A local official in the Afar region said 12 people had been killed there on "
        "Tuesday as a result of a Somali drone strike."
    )
    (strike,) = _attacks(geo_nlp, gazetteer, text)
    assert strike.place is not None and strike.place.name == "Afar"


def test_a_clause_on_the_event_noun_says_where_it_was(geo_nlp: Any, gazetteer: Gazetteer):
    text = (
        'The army began an offensive it named "Operation Dawn" in the Idlib province of '
        "Syria on Monday, in what Turkey described as a massacre."
    )
    (offensive,) = _attacks(geo_nlp, gazetteer, text)
    assert offensive.place is not None and offensive.place.name == "Idlib"


def test_a_relative_clause_hangs_on_the_noun_before_its_pronoun(geo_nlp: Any, gazetteer: Gazetteer):
    text = (
        "Shelling was reported as tension rose in the Kashmir region, over which India and "
        "Pakistan fought a war in 1999."
    )
    war = next(e for e in _attacks(geo_nlp, gazetteer, text) if e.date == "1999")
    assert war.place is not None and war.place.name == "Kashmir"


def test_an_attack_named_again_by_its_noun_is_the_attack_placed_before(
    geo_nlp: Any, gazetteer: Gazetteer
):
    text = (
        "The army launched an offensive in the Abyei region on Monday. Aid groups said "
        "Sudan had begun its offensive against South Sudanese troops before dawn."
    )
    (offensive,) = _attacks(geo_nlp, gazetteer, text)
    assert offensive.place is not None and offensive.place.name == "Abyei"
    assert [a.country for a in offensive.source] == ["SDN"]  # its side, from the retelling
    # "the attack" is the last attack told, not an older one of the same noun
    text = (
        "A rebel attack on a convoy in the Afar region killed two drivers on Monday. On "
        "Tuesday, a man threw a grenade at Ethiopian soldiers near the border with Eritrea. "
        "Three soldiers were wounded in the attack."
    )
    first = next(e for e in _attacks(geo_nlp, gazetteer, text) if e.casualties.killed == 2)
    assert first.casualties.injured is None


def test_an_agreement_is_made_where_the_talks_it_followed_were_held(
    geo_nlp: Any, gazetteer: Gazetteer
):
    text = (
        "The truce was agreed on March 4, following direct talks between Sudanese and South "
        "Sudanese leaders in Kenya."
    )
    (truce,) = [e for e in _article_events(geo_nlp, gazetteer, text) if e.type == "AGREE"]
    assert truce.place is not None and truce.place.country == "KEN"


def test_an_agreement_of_the_day_of_talks_between_its_parties_is_made_there(
    geo_nlp: Any, gazetteer: Gazetteer
):
    met = "The Sudanese president met his South Sudanese counterpart in Nairobi on Monday."
    text = f"{met} Sudan and South Sudan agreed to an immediate ceasefire on Monday, he said."
    (truce,) = [e for e in _article_events(geo_nlp, gazetteer, text) if e.type == "AGREE"]
    assert truce.place is not None and truce.place.name == "Nairobi"
    # agreed on another day: not at those talks
    text = f"{met} Sudan and South Sudan agreed to an immediate ceasefire on Thursday, he said."
    (truce,) = [e for e in _article_events(geo_nlp, gazetteer, text) if e.type == "AGREE"]
    assert truce.place is None


def test_curated_places_of_real_reporting_are_known(geo_nlp: Any, gazetteer: Gazetteer):
    text = "Indian and Pakistani troops exchanged heavy fire along the Line of Control on Tuesday."
    (fire,) = _attacks(geo_nlp, gazetteer, text)
    assert fire.place is not None and fire.place.name == "Line of Control"
    assert fire.place.precision == "region"
    (province,) = gazetteer.lookup("Oddar Meanchey province")
    assert (province.country, province.kind) == ("KHM", "region")


def test_a_name_tagged_with_the_region_that_owns_it_is_the_place_it_names(
    geo_nlp: Any, gazetteer: Gazetteer
):
    doc = geo_nlp("In Punjab's Muridke, a blast at a market killed three men on Monday.")
    # the model may tag the owner and the town as one name, which no gazetteer entry holds
    doc.ents = [Span(doc, 1, 4, label="WORK_OF_ART")]
    assert [p.text for p in extract_places(doc, gazetteer)] == ["Muridke"]
    # a name with a possessive that holds no owning place stays one name
    doc = geo_nlp("The People's Liberation Army held drills on Monday.")
    doc.ents = [Span(doc, 1, 5, label="ORG")]
    assert extract_places(doc, gazetteer) == []


def test_a_well_known_place_the_model_left_untagged_is_read_where_a_place_goes(
    geo_nlp: Any, gazetteer: Gazetteer
):
    text = "A missile hit the center of Donetsk on Monday, killing 17 people."
    doc = geo_nlp(text)
    doc.ents = []  # as the model leaves it on some reports
    (place,) = extract_places(doc, gazetteer)
    assert (place.text, place.country, place.precision) == ("Donetsk", "UKR", "town")
    # not where the syntax reads no location ("Donetsk said"), nor an unknown name
    doc = geo_nlp("Officials in Donetsk said the Zorbaville plant was hit on Monday.")
    doc.ents = []
    assert [p.text for p in extract_places(doc, gazetteer)] == ["Donetsk"]


def test_a_sentence_opening_with_a_place_sets_the_scene_of_its_attacks(
    geo_nlp: Any, gazetteer: Gazetteer
):
    (killing,) = _attacks(
        geo_nlp, gazetteer, "In Kharkiv, the governor said three people were killed overnight."
    )
    assert killing.place is not None and killing.place.name == "Kharkiv"
    text = "In the town of Izium, officials said two people were wounded by shelling on Monday."
    (shelling,) = _attacks(geo_nlp, gazetteer, text)
    assert shelling.place is not None and shelling.place.text == "Izium"
    # a statement made somewhere is not a scene: the toll was not counted in Kyiv
    text = "In a speech in Kyiv, the president said three people were killed overnight."
    (killing,) = _attacks(geo_nlp, gazetteer, text)
    assert killing.place is None or killing.place.name != "Kyiv"


def test_a_clause_told_as_before_or_after_the_event_gives_it_no_place(
    geo_nlp: Any, gazetteer: Gazetteer
):
    text = (
        "At least 24 people have been killed in the latest border clashes, officials said, "
        "after the two presidents met in Astana."
    )
    (clashes,) = _attacks(geo_nlp, gazetteer, text)
    assert clashes.place is None or clashes.place.name != "Astana"
    # a clause telling when it happened still says where
    text = "Two civilians were killed when a shell hit a house near Kharkiv on Monday."
    (killing,) = _attacks(geo_nlp, gazetteer, text)
    assert killing.place is not None and killing.place.name == "Kharkiv"


def test_a_war_named_by_its_land_is_fought_there(geo_nlp: Any, gazetteer: Gazetteer):
    text = "The Darfur conflict escalated into a full-scale war in 2003."
    (war,) = _attacks(geo_nlp, gazetteer, text)
    assert war.place is not None and war.place.name == "Darfur"
    # a country in the name is a party to it, not where it is fought
    text = "The Ethiopia-Eritrea conflict escalated into a full-scale war in 1998."
    (war,) = _attacks(geo_nlp, gazetteer, text)
    assert war.place is None


def test_an_aircraft_downed_is_not_an_attack_on_its_countrys_land(
    geo_nlp: Any, gazetteer: Gazetteer
):
    (downing,) = _attacks(geo_nlp, gazetteer, "Turkish forces shot down two Syrian jets on Monday.")
    assert downing.place is None
    # an attack on the other side's forces that names no place is still in its country
    (shelling,) = _attacks(
        geo_nlp, gazetteer, "Turkish forces shelled Syrian army positions on Monday."
    )
    assert shelling.place is not None and shelling.place.country == "SYR"


def test_an_attack_told_at_listed_towns_is_an_attack_at_each(geo_nlp: Any, gazetteer: Gazetteer):
    text = (
        "Rockets struck a school in Multan on Monday, killing four children. Further strikes "
        "were reported in Multan, Sialkot, and Okara, while minor damage was noted in Muridke."
    )
    towns = sorted(
        e.place.name
        for e in _attacks(geo_nlp, gazetteer, text)
        if e.place is not None and e.trigger == "strikes"
    )
    # Multan's strike is told in the first sentence: the list tells it again
    assert towns == ["Muridke", "Okara", "Sialkot"]
    # a toll told for the whole list is no one town's: the attack stays one
    text = "Strikes on Muridke, Okara and Sialkot killed nine people on Monday."
    attacks = [e for e in _attacks(geo_nlp, gazetteer, text) if e.place is not None]
    assert len(attacks) == 1


def test_no_harm_in_listed_towns_tells_the_attack_there(geo_nlp: Any, gazetteer: Gazetteer):
    text = (
        "No casualties were reported in Okara and Sialkot on Monday, though a clinic in "
        "Sialkot was damaged by a drone."
    )
    towns = sorted(e.place.name for e in _attacks(geo_nlp, gazetteer, text) if e.place)
    assert towns == ["Okara", "Sialkot"]


def test_a_town_that_saw_the_deaths_is_where_they_came(geo_nlp: Any, gazetteer: Gazetteer):
    text = "Kharkiv also saw fatalities when a school was hit, killing three people."
    (hit,) = _attacks(geo_nlp, gazetteer, text)
    assert hit.place is not None and hit.place.name == "Kharkiv"
    # a town that says something is a speaker, not where its subject happened
    text = "Kyiv said a school was hit in Kharkiv, killing three people."
    (hit,) = _attacks(geo_nlp, gazetteer, text)
    assert hit.place is not None and hit.place.name == "Kharkiv"
