"""Actors and sides on reporting of real conflicts, with sentences written for the project."""

from __future__ import annotations

import datetime as dt

from sitroom.extract.actors import extract_actors, load_actor_dictionary
from sitroom.extract.events.assembly import fill_attack_sides
from sitroom.extract.events.roles import ActorIndex
from sitroom.model import Place
from tests.extract.helpers import attack, sentence_events


def _index(nlp, text: str) -> ActorIndex:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return ActorIndex(doc, extract_actors(doc, None, load_actor_dictionary()))


def _place(text: str, name: str, country: str) -> Place:
    return Place(text=name, name=name, start=text.index(name), country=country)


def test_a_place_another_country_holds_is_that_countrys_side(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Two rockets fell on Kafr Ayn in the Kenyan-occupied Gedo Hills on Saturday."
    index = _index(nlp, text)
    # the village named in the sentence that tells who holds the hills
    assert index.holder(_place(text, "Kafr Ayn", "SOM"), (0, len(text))) == "KEN"
    text = "Kafr Ayn has been under Kenyan control since 1990. Rockets hit Kafr Ayn."
    index = _index(nlp, text)
    at = text.rindex("Kafr Ayn")
    place = Place(text="Kafr Ayn", name="Kafr Ayn", start=at, country="SOM")
    assert index.holder(place, (text.index("Rockets"), len(text))) == "KEN"
    text = "Rockets hit the Gedo Hills, which Kenya captured from Somalia in 1990."
    index = _index(nlp, text)
    assert index.holder(_place(text, "Gedo Hills", "SOM"), (0, len(text))) == "KEN"
    # a place no one is said to hold keeps its own country
    text = "Rockets hit Kafr Ayn in the Gedo Hills on Saturday."
    assert _index(nlp, text).holder(_place(text, "Kafr Ayn", "SOM"), (0, len(text))) == ""


def test_an_attack_on_a_side_takes_the_one_attacker_the_article_names() -> None:
    # "X had fired the rocket" (no target told) and "a rocket attack killed 12 Israelis"
    told = attack(("LBN",), ())
    agentless = attack((), ("ISR",))
    fill_attack_sides([told, agentless])
    assert {a.country for a in agentless.source} == {"LBN"}
    # two attackers named alike, or the victim's own side: nothing is filled
    events = [attack(("LBN",), ()), attack(("SYR",), ()), attack((), ("ISR",))]
    fill_attack_sides(events)
    assert events[2].source == []
    own = [attack(("ISR",), ()), attack((), ("ISR",))]
    fill_attack_sides(own)
    assert own[1].source == []
    # an attacker the article shows fighting another side: a third country hit is not
    # thereby its victim (stray shells landing across a border)
    fight = attack(("AZE", "ARM"), ("AZE", "ARM"))
    third = [fight, attack(("AZE",), ()), attack((), ("IRN",))]
    fill_attack_sides(third)
    assert third[2].source == []
    fought = [fight, attack(("AZE",), ()), attack((), ("ARM",))]
    fill_attack_sides(fought)
    assert {a.country for a in fought[2].source} == {"AZE"}


def test_harm_from_an_act_launched_by_a_side_is_that_sides(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "As a result of the operation launched by Kenya on Tuesday, two civilians were "
        "killed in Gedo."
    )
    events = [e for e in sentence_events(nlp, text, dt.date(2023, 9, 20)) if e.type == "ASSAULT"]
    assert events and {a.country for a in events[0].source} == {"KEN"}


def test_a_town_the_tagger_took_for_a_name_is_not_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "A rocket fell in Majdal Shams on Saturday. Majdal Shams is a Druze town."
    found = extract_actors(nlp(text), None, load_actor_dictionary())
    assert not [a for a in found if a.text == "Majdal Shams" and a.kind == "person"]


def test_a_call_by_an_international_body_is_aimed_at_both_sides(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Fighting between Kenya and Somalia went on for a third day. "
        "The EU called for an immediate halt to the fighting."
    )
    events = [e for e in sentence_events(nlp, text, None) if e.type == "DEMAND"]
    assert events and {a.country for a in events[0].target} == {"KEN", "SOM"}


def test_every_country_of_a_list_the_parser_split_is_a_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Kenya, Uganda, the UAE, and Ethiopia issued official statements condemning Somalia."
    events = [e for e in sentence_events(nlp, text, None) if e.type == "DISAPPROVE"]
    assert events
    assert {"KEN", "UGA", "ETH"} <= {a.country for a in events[0].source}
