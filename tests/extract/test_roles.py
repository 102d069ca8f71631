"""Source and target coding of single sentences written for the project (PLOVER-style roles)."""

from __future__ import annotations

import datetime as dt

from sitroom.extract.actors import extract_actors, load_actor_dictionary
from sitroom.extract.events.snippets import main_event
from sitroom.extract.places import extract_places
from tests.extract.helpers import sentence_events
from tests.geo.helpers import gazetteer

__all__ = ["gazetteer"]


def _roles(nlp, text: str) -> tuple[set[str], set[str]]:
    doc = nlp(text)
    event = main_event(doc, extract_actors(doc, None))
    assert event is not None
    return (
        {a.country for a in event.source if a.country},
        {a.country for a in event.target if a.country},
    )


def test_coordinated_adjectives_give_every_country(nlp) -> None:
    source, _ = _roles(nlp, "Senior Greek and Turkish officials agreed on Monday to resume talks.")
    assert source == {"GRC", "TUR"}


def test_pronoun_subject_of_reported_speech_is_the_speaker(nlp) -> None:
    source, target = _roles(nlp, "Chilean farmers said on Tuesday they would blockade Lima.")
    assert source == {"CHL"}
    assert target == {"PER"}


def test_demand_targets_the_subject_of_its_that_clause(nlp) -> None:
    _, target = _roles(
        nlp, "Kenya demanded on Friday that Somalia stop supplying weapons to rebels in Sudan."
    )
    assert target == {"SOM"}


def test_an_ethnic_group_is_coded_to_the_country_it_lives_in(nlp) -> None:
    source, _ = _roles(nlp, "Ethnic Hungarians in Romania protested against the new language law.")
    assert source == {"ROU"}
    found = extract_actors(nlp("Bosnian Croats and ethnic Serbs of Croatia voted."), None)
    coded = {(a.text, a.country) for a in found if a.kind == "people"}
    assert ("Bosnian Croats", "BIH") in coded
    assert ("ethnic Serbs", "HRV") in coded


def test_a_titled_leader_is_coded_from_the_dictionary(nlp) -> None:
    source, target = _roles(nlp, "President Mandela warned the Zulu leaders against violence.")
    assert source == {"ZAF"}
    found = extract_actors(nlp("The Blair government protested."), None)
    assert any(a.kind == "institution" and a.country == "GBR" for a in found)


def test_an_attack_a_killing_happened_in_belongs_to_the_killers(nlp) -> None:
    source, target = _roles(
        nlp, "Chadian aircraft killed 12 Sudanese villagers in an attack on a market."
    )
    assert source == {"TCD"}
    assert target == {"SDN"}


def test_office_terms_may_be_given_as_years() -> None:
    d = load_actor_dictionary()
    (entry,) = {e for k, e in d.cased.items() if k == ("Nelson", "Mandela")}
    assert entry.title_at(dt.date(1996, 6, 1)) == "president"
    assert entry.title_at(dt.date(1999, 12, 31)) == "president"
    assert entry.offices[0].start == dt.date(1994, 1, 1)


def test_a_finite_verb_misparsed_as_a_clause_keeps_the_noun_before_it(nlp) -> None:
    # "1 am" is read as the verb "am": the attack still has its attacker.
    source, target = _roles(
        nlp, "Around 1 am the armed forces of Armenia attacked the city of Ganja with missiles."
    )
    assert source == {"ARM"}


def test_a_description_with_a_name_is_that_person(nlp) -> None:
    doc = nlp(
        "Iran's foreign minister held a phone call with his Azeri counterpart Jeyhun Bayramov."
    )
    event = main_event(doc, extract_actors(doc, dt.date(2022, 9, 14)))
    assert event is not None
    assert "Jeyhun Bayramov" in {a.name for a in event.source + event.target}


def test_the_victims_side_is_the_target_of_an_attack_naming_no_one_else(nlp) -> None:
    _, target = _roles(nlp, "A roadside bombing near Samarra on Sunday killed two U.S. soldiers.")
    assert target == {"USA"}


def test_a_protest_naming_no_one_is_against_its_own_government(nlp) -> None:
    source, target = _roles(
        nlp, "Algerian landowners began a hunger strike outside Parliament on Monday."
    )
    assert source == {"DZA"} and target == {"DZA"}


def test_a_demonym_on_a_people_noun_is_an_actor(nlp) -> None:
    source, _ = _roles(nlp, "Two Yemeni gunmen attacked a checkpoint near the port on Friday.")
    assert source == {"YEM"}


def test_they_in_a_clause_hanging_from_another_is_its_subject(nlp) -> None:
    source, _ = _roles(
        nlp, "Three Somali militants killed 9 people on Monday when they detonated a truck bomb."
    )
    assert source == {"SOM"}


def test_a_group_acted_on_with_no_country_is_the_source_countrys_own(nlp) -> None:
    _, target = _roles(nlp, "Kenyan police arrested 40 demonstrators in the capital on Monday.")
    assert target == {"KEN"}


def test_forces_led_by_a_country_are_coded_as_that_country(nlp) -> None:
    source, _ = _roles(nlp, "Ethiopian-led forces captured a town in southern Somalia.")
    assert source == {"ETH"}


def test_a_protests_demand_names_its_target_and_unplaced_protesters_are_its_people(nlp) -> None:
    source, target = _roles(
        nlp,
        "Hundreds of teachers began a hunger strike to demand the resignation of Kenyan "
        "President Daniel arap Moi.",
    )
    assert target == {"KEN"}
    assert source == {"KEN"}


def test_opposed_to_is_the_subjects_stance_not_a_passive(nlp) -> None:
    source, target = _roles(nlp, "Turkey is opposed to Greek plans for the island, officials said.")
    assert source == {"TUR"}
    assert target == {"GRC"}


def test_an_appositive_gives_an_unknown_persons_country(nlp) -> None:
    source, _ = _roles(
        nlp, "Ahmed Karimi, Egypt's best-known blogger, staged a hunger strike in prison."
    )
    assert source == {"EGY"}


def test_the_people_of_a_place_in_the_subject_did_it_there(nlp, gazetteer) -> None:
    doc = nlp("Demonstrators in Nairobi blocked a highway on Tuesday.")
    actors = extract_actors(doc, None)
    event = main_event(doc, actors, extract_places(doc, gazetteer, []))
    assert event is not None and event.place is not None
    assert event.place.country == "KEN"
    assert {a.country for a in event.source} == {"KEN"}


def test_forced_to_do_it_means_it_was_done(nlp) -> None:
    doc = nlp("The peace deal saw Serbia forced to cede two border villages to Croatia.")
    event = main_event(doc, extract_actors(doc, None))
    assert event is not None
    assert (event.type, event.status) == ("CONCEDE", "occurred")
    assert {a.country for a in event.target} == {"HRV"}


def _events_of(nlp, text: str, dct: dt.date | None = dt.date(2022, 9, 16)):
    return sentence_events(nlp, text, dct)


def test_a_past_verb_after_a_reported_present_clause_is_the_speakers(nlp) -> None:
    text = (
        "Kenya's foreign minister said that Somalia and Ethiopia are fuelling the tensions and "
        "invited Uganda to mediate."
    )
    events = [e for e in _events_of(nlp, text, None) if e.trigger.startswith("invited")]
    assert events and {a.country for a in events[0].source} == {"KEN"}


def test_he_is_not_the_possessor_in_a_description(nlp) -> None:
    text = (
        "On Monday a newspaper published an interview with Sergei Lavrov, Putin's foreign "
        "minister, in which he criticized Ukraine for the attack."
    )
    events = _events_of(nlp, text, dt.date(2020, 7, 1))
    criticized = next(e for e in events if e.type == "DISAPPROVE")
    assert [a.name for a in criticized.source] == ["Sergey Lavrov"]


def test_the_that_clause_of_a_demand_names_whom_it_is_made_of(nlp) -> None:
    _, target = _roles(
        nlp, "The agency reiterated its demand today that Peru ease restrictions on workers."
    )
    assert target == {"PER"}


def test_a_participle_after_a_reported_clause_is_the_reporters_act(nlp) -> None:
    events = _events_of(
        nlp,
        "Clashes between Armenia and Azerbaijan killed dozens. Vladimir Putin asserted that "
        "the region cannot afford another war, urging the neighbors to respect the truce.",
    )
    urging = next(e for e in events if e.trigger.startswith("urging"))
    assert [a.name for a in urging.source] == ["Vladimir Putin"]
    # "the neighbors", an object: the two parties told of
    assert {a.country for a in urging.target} == {"ARM", "AZE"}


def test_a_war_that_could_not_be_borne_is_not_reported(nlp) -> None:
    events = _events_of(nlp, "Armenia could not take another war with Azerbaijan.")
    assert not [e for e in events if e.type == "ASSAULT" and e.status == "occurred"]
    assert not [e for e in events if e.type == "ASSAULT" and e.status == "denied"]


def test_a_statement_condemning_is_condemnation_by_whoever_issued_it(nlp) -> None:
    for text, who in (
        ("Norway issued a statement condemning Sudan for the raid.", "NOR"),
        ("Kenya's ministry said in a statement condemning Somalia that talks failed.", "KEN"),
    ):
        source, target = _roles(nlp, text)
        assert source == {who}, text


def test_blame_traded_is_both_sides_blaming_each_other(nlp) -> None:
    source, target = _roles(nlp, "Kenya and Somalia traded accusations over the raid.")
    assert source == target == {"KEN", "SOM"}


def test_holding_a_party_responsible_is_blaming_it(nlp) -> None:
    source, target = _roles(nlp, "Kenya holds Somalia responsible for the raid.")
    assert (source, target) == ({"KEN"}, {"SOM"})


def test_officials_of_no_country_blaming_one_side_are_the_others(nlp) -> None:
    source, target = _roles(
        nlp, "Fighting between Kenya and Somalia went on. Military officials condemned Somalia."
    )
    assert (source, target) == ({"KEN"}, {"SOM"})


def _of_type(nlp, text: str, etype: str):
    events = [e for e in _events_of(nlp, text) if e.type == etype]
    assert events, text
    return events[0]


def test_an_attack_that_is_the_means_of_an_accused_escalation_is_the_accused(nlp) -> None:
    text = (
        "Kenya accused Somalia's forces of escalating the fighting by firing rockets "
        "on the Kenyan town of Mandera."
    )
    event = _of_type(nlp, text, "ASSAULT")
    assert {a.country for a in event.source} == {"SOM"}


def test_a_retreat_forced_by_a_side_is_a_retreat_from_it(nlp) -> None:
    event = _of_type(nlp, "Kenya repelled the invasion, forcing Somalia to retreat.", "RETREAT")
    assert {a.country for a in event.source} == {"SOM"}
    assert {a.country for a in event.target} == {"KEN"}


def test_officials_from_both_nations_are_both_parties(nlp) -> None:
    text = (
        "Fighting between Kenya and Somalia went on. "
        "Military officials from both nations will meet on Monday to prevent more clashes."
    )
    event = _of_type(nlp, text, "CONSULT")
    assert {a.country for a in event.source} == {"KEN", "SOM"}


def test_talks_conducted_by_an_official_are_his(nlp) -> None:
    text = (
        "The fighting between Kenya and Somalia stopped after telephone conversations "
        "conducted by Ethiopian Foreign Minister Gedu Andargachew."
    )
    event = _of_type(nlp, text, "CONSULT")
    assert "ETH" in {a.country for a in event.source}


def test_a_voiced_readiness_is_the_owners_stance(nlp) -> None:
    event = _of_type(nlp, "The envoy voiced Ethiopia's readiness to mediate.", "AGREE")
    assert {a.country for a in event.source} == {"ETH"}


def test_a_line_break_ends_the_sentence_before_it(nlp) -> None:
    # a byline or headline over the lede is not part of the lede's first sentence
    events = sentence_events(
        nlp, "AP\nPowered by automated translation\n\nAzerbaijan launched an offensive.", None
    )
    attacks = [e for e in events if e.type == "ASSAULT"]
    assert attacks and {a.country for a in attacks[0].source} == {"AZE"}


def test_a_side_that_lost_people_in_a_fight_with_another_was_attacked_by_it(nlp) -> None:
    # "X confirmed casualties in clashes with Y" is never X attacking X
    for text in (
        "Armenia has confirmed casualties as a result of border clashes with Azerbaijan.",
        "Four Armenian soldiers were wounded in clashes with Azerbaijani armed forces.",
    ):
        (clash,) = [e for e in sentence_events(nlp, text, None) if e.type == "ASSAULT"]
        assert {a.country for a in clash.source} == {"AZE"}, text
        assert {a.country for a in clash.target} == {"ARM"}, text


def test_who_names_an_attack_has_not_made_it(nlp) -> None:
    text = "The Israeli army called it the deadliest attack on Israeli civilians in years."
    (attack,) = [e for e in sentence_events(nlp, text, None) if e.type == "ASSAULT"]
    assert not {a.country for a in attack.source}


def test_both_sides_shelling_with_no_one_else_named_is_at_each_other(nlp) -> None:
    text = "Armenia and Azerbaijan are at odds again. Both sides reported shelling overnight."
    (shelling,) = [e for e in sentence_events(nlp, text, None) if e.type == "ASSAULT"]
    assert {a.country for a in shelling.source} == {"ARM", "AZE"}
    assert {a.country for a in shelling.target} == {"ARM", "AZE"}


def test_a_third_partys_talks_with_no_one_named_are_with_both_sides(nlp) -> None:
    text = (
        "Armenia and Azerbaijan clashed on the border on Monday. The fighting stopped "
        "after telephone conversations conducted by the Russian defence minister."
    )
    (talks,) = [e for e in sentence_events(nlp, text, None) if e.type == "CONSULT"]
    assert {a.country for a in talks.source} == {"RUS"}
    assert {a.country for a in talks.target} == {"ARM", "AZE"}


def test_the_sides_a_blame_is_aimed_at_count_their_demonyms(nlp) -> None:
    # the conflict's pair is the two countries most named, by their demonyms too: a third
    # country whose reporters were hurt is not the side a condemnation is aimed at
    text = (
        "Azerbaijani forces shelled the cathedral, Azerbaijan's critics said. Two Russian "
        "journalists were wounded, Russia said. The Armenian church and the Armenian "
        "quarter were damaged. The Armenian Foreign Ministry condemned the shelling."
    )
    (blame,) = [e for e in sentence_events(nlp, text, None) if e.type == "DISAPPROVE"]
    assert {a.country for a in blame.target} == {"AZE"}
