"""Attacks and casualty accounts kept as the reporting tells them (invented sentences)."""

from __future__ import annotations

import datetime as dt

from sitroom.extract.events.casualties import figures_to_casualties, sentence_figures
from sitroom.extract.events.extract import merge_attack_mentions, merge_war_mentions
from sitroom.model import Actor, Casualties, Event, Place
from tests.extract.helpers import article_events, sentence_events
from tests.geo.helpers import gazetteer

__all__ = ["gazetteer"]


def _casualties(nlp, text: str) -> Casualties:
    sent = next(iter(nlp(text).sents))
    return figures_to_casualties(sentence_figures(sent))


def test_the_second_count_of_killed_and_wounded_is_the_wounded(nlp):
    cas = _casualties(nlp, "The ministry said eight soldiers were killed and eleven wounded.")
    assert (cas.killed, cas.injured) == (8, 11)


def test_wounded_told_in_a_with_phrase_have_their_own_count(nlp):
    text = "The army said 14 people were confirmed killed in the fighting, with 62 people wounded."
    cas = _casualties(nlp, text)
    assert (cas.killed, cas.injured) == (14, 62)


def test_an_active_killer_keeps_its_object_count(nlp):
    cas = _casualties(nlp, "The militia killed four guards and wounded nine.")
    assert (cas.killed, cas.injured) == (4, 9)


def _side(country: str) -> Actor:
    return Actor(text=country, country=country, sector="MIL")


def _clash(start: int, killed: int | None, claimant: str | None, date: str = "2031-03") -> Event:
    return Event(
        type="ASSAULT",
        start=start,
        end=start + 7,
        trigger="clashes",
        mode="clash",
        source=[_side("AAA"), _side("BBB")],
        target=[_side("AAA"), _side("BBB")],
        date=date,
        casualties=Casualties(killed=killed),
        claimant=_side(claimant) if claimant else None,
    )


def test_each_partys_toll_of_the_clashes_is_its_own_account():
    first = _clash(0, 6, "AAA", "2031-03-10")
    other = _clash(100, 7, "BBB")
    kept = merge_war_mentions([first, other], {(100, 107)})
    assert kept == [first, other]
    assert first.casualties.killed == 6


def test_the_clashes_named_again_without_a_toll_are_one_record():
    first = _clash(0, 6, "AAA", "2031-03-10")
    again = _clash(100, None, "BBB")
    assert merge_war_mentions([first, again], {(100, 107)}) == [first]


def test_the_same_partys_toll_told_again_is_one_record():
    first = _clash(0, 6, "AAA", "2031-03-10")
    again = _clash(100, 6, None)
    assert merge_war_mentions([first, again], {(100, 107)}) == [first]


def _assaults(nlp, text: str) -> list[Event]:
    return [e for e in sentence_events(nlp, text, dt.date(2031, 3, 12)) if e.type == "ASSAULT"]


def test_the_fall_of_a_rocket_with_a_toll_is_an_attack(nlp):
    (attack,) = _assaults(nlp, "The death toll from the fall of a rocket in Metula has risen to 7.")
    assert attack.mode == "rocket"
    assert attack.casualties.killed == 7


def test_subjecting_villages_to_bombardment_is_an_attack_on_them(nlp):
    text = "Azerbaijani forces subjected Armenian villages to intensive mortar bombardment."
    (attack,) = _assaults(nlp, text)
    assert [a.country for a in attack.source] == ["AZE"]
    assert [a.country for a in attack.target] == ["ARM"]


def test_launching_a_military_operation_is_an_offensive(nlp):
    (attack,) = _assaults(nlp, "Armenian units launched a surprise military operation at dawn.")
    assert attack.mode == "offensive"
    assert [a.country for a in attack.source] == ["ARM"]


def test_peppering_a_village_with_mortar_fire_is_an_attack(nlp):
    text = "Azerbaijani troops peppered the Armenian village with mortar fire."
    (attack,) = _assaults(nlp, text)
    assert [a.country for a in attack.target] == ["ARM"]


def test_a_rescue_operation_is_no_attack(nlp):
    assert _assaults(nlp, "Armenian units launched a rescue operation after the earthquake.") == []


def _article_events(nlp, gazetteer, text: str) -> list[Event]:
    return article_events(nlp, gazetteer, text, dt.date(2031, 3, 12))


def test_a_one_sided_attack_placed_nowhere_happened_in_the_country_attacked(nlp, gazetteer):
    text = "Armenian forces shelled Azerbaijani army positions on Tuesday, the ministry said."
    (attack,) = [e for e in _article_events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    assert attack.place is not None
    assert (attack.place.country, attack.place.precision) == ("AZE", "country")


def test_clashes_between_two_sides_are_not_placed_in_either(nlp, gazetteer):
    text = "Armenian and Azerbaijani troops clashed on Tuesday, the ministry said."
    (clash,) = [e for e in _article_events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    assert clash.place is None


def test_a_relative_clause_with_its_own_object_counts_that_object(nlp):
    cas = _casualties(nlp, "The strike, which killed 30 people, hit the station.")
    assert cas.killed == 30


def test_a_reduced_relative_counts_the_noun_it_describes(nlp):
    cas = _casualties(nlp, "Ten people killed in the raid were buried on Sunday.")
    assert cas.killed == 10


def _sides(attack: Event) -> tuple[list[str], list[str]]:
    return [a.country for a in attack.source if a.country], [
        a.country for a in attack.target if a.country
    ]


def test_an_attack_launched_as_the_means_of_a_violation_is_the_violators(nlp):
    text = (
        '"The Georgian army violated the sovereignty of Armenia by launching an armed '
        'assault on Armenian troops," a ministry spokesman said.'
    )
    (attack,) = _assaults(nlp, text)
    assert _sides(attack) == (["GEO"], ["ARM"])


def test_the_attackers_own_side_named_in_the_trigger_is_not_its_target(nlp):
    text = "Georgia's military units launched a surprise military operation on Tuesday."
    (attack,) = _assaults(nlp, text)
    assert _sides(attack) == (["GEO"], [])


def test_where_a_rocket_was_fired_from_is_not_its_target(nlp):
    (attack,) = _assaults(nlp, "Officials said Hamas had fired the rocket from Egypt.")
    assert "EGY" not in _sides(attack)[1]


def test_a_distance_from_a_base_still_tells_where_the_fire_went(nlp):
    text = "Georgian forces opened fire toward the hill, about 300m from the Armenian base."
    (attack,) = _assaults(nlp, text)
    assert _sides(attack) == (["GEO"], ["ARM"])


def test_civilians_killed_by_one_side_of_a_war_are_the_other_sides(nlp):
    text = (
        "Fighting between Georgia and Armenia went on. Along the border, Georgian forces "
        "killed four civilians in cross-border firing."
    )
    (attack,) = [a for a in _assaults(nlp, text) if a.trigger == "killed"]
    assert _sides(attack) == (["GEO"], ["ARM"])
    assert attack.casualties.killed == 4


def test_an_attack_told_as_what_a_vow_came_after_is_an_attack(nlp):
    text = (
        "The Georgian defence minister vowed to hit the enemy hard after rocket fire from "
        "Armenia killed nine soldiers."
    )
    (attack,) = _assaults(nlp, text)
    assert _sides(attack)[0] == ["ARM"]
    assert attack.casualties.killed == 9


def test_strikes_carried_out_by_a_party_are_its_attacks(nlp):
    text = "Georgia reported casualties following missile strikes carried out by Armenia."
    (attack,) = _assaults(nlp, text)
    assert _sides(attack)[0] == ["ARM"]


def test_an_attack_told_as_the_means_of_another_act_is_the_accuseds(nlp):
    text = (
        "Georgia's security service accused Armenian troops of violating the border by "
        "shelling a village."
    )
    (attack,) = _assaults(nlp, text)
    assert _sides(attack)[0] == ["ARM"]


def test_a_site_of_no_country_hit_in_a_named_town_is_an_attack_there(nlp, gazetteer):
    text = (
        "Armenian forces shelled Azerbaijani villages on Monday.\n\n"
        "In Ganja, Juma Mosque was targeted."
    )
    events = article_events(nlp, gazetteer, text, dt.date(2031, 3, 12))
    (hit,) = [e for e in events if e.trigger == "targeted"]
    assert hit.place is not None and hit.place.name == "Ganja"
    assert _sides(hit) == (["ARM"], ["AZE"])


def test_soldiers_killed_in_an_explosion_are_its_target_not_its_source(nlp):
    (attack,) = _assaults(nlp, "Two Georgian soldiers were killed in a landmine explosion.")
    assert _sides(attack) == ([], ["GEO"])
    assert attack.casualties.killed == 2


def test_truce_breaches_by_a_side_are_that_sides_against_the_other(nlp):
    text = "Georgia reported ceasefire breaches by Armenia along the border with Armenia."
    (breach,) = _assaults(nlp, text)
    assert breach.mode == "ceasefire-violation"
    assert _sides(breach) == (["ARM"], ["GEO"])


def test_a_truce_that_failed_names_no_breaker(nlp):
    text = "Georgia and Armenia agreed two truces in March, but both have failed."
    breaches = [e for e in _assaults(nlp, text) if e.mode == "ceasefire-violation"]
    assert all(not e.source for e in breaches)


def test_a_demonym_tagged_as_a_name_is_not_a_person_of_the_other_side(nlp):
    text = "Baku has also reported extensive Armenian shelling of Azerbaijani towns and villages."
    (attack,) = _assaults(nlp, text)
    assert _sides(attack) == (["ARM"], ["AZE"])


def test_a_toll_told_as_an_absolute_clause_is_of_its_own_victims(nlp):
    text = (
        "Clashes erupted late on Monday, with two Tajik officials killed and four soldiers injured."
    )
    (clash,) = _assaults(nlp, text)
    assert (clash.casualties.killed, clash.casualties.injured) == (2, 4)
    assert "TJK" in {a.country for a in clash.target}


def test_a_site_struck_with_no_attacker_named_is_an_attack_on_it(nlp):
    (attack,) = _assaults(nlp, "Two Armenian villages were hit overnight.")
    assert {a.country for a in attack.target} == {"ARM"}
    (attack,) = _assaults(nlp, "Several Azerbaijani border posts were reportedly destroyed.")
    assert {a.country for a in attack.target} == {"AZE"}


def test_hitting_or_destroying_in_the_active_is_no_attack_of_itself(nlp):
    assert _assaults(nlp, "Armenian exports hit a record high in March.") == []
    assert _assaults(nlp, "The Azerbaijani minister said the decision destroyed trust.") == []


def test_downing_aircraft_is_an_attack_on_their_side(nlp):
    (attack,) = _assaults(nlp, "Azerbaijan said it had downed two Armenian drones.")
    assert {a.country for a in attack.source} == {"AZE"}
    assert {a.country for a in attack.target} == {"ARM"}


def test_no_casualties_is_a_count_of_none(nlp):
    assert _casualties(nlp, "No casualties were reported in the village.") == Casualties(
        killed=0, injured=0
    )
    cas = _casualties(nlp, "The army said no one was hurt in the shelling.")
    assert cas.injured == 0
    cas = _casualties(nlp, "Twelve soldiers were killed and no injuries were reported.")
    assert (cas.killed, cas.injured) == (12, 0)


def test_a_party_killing_people_beside_another_attack_keeps_its_own_toll(nlp):
    text = (
        "Though an Armenian clinic was damaged, Azerbaijani forces killed two Armenian "
        "civilians near the border."
    )
    tolls = sorted((e.trigger, e.casualties.killed) for e in _assaults(nlp, text))
    assert tolls == [("damaged", None), ("killed", 2)]


def test_fighting_to_save_someone_is_no_battle(nlp):
    text = "Armenian doctors are fighting to save the wounded soldier, the ministry said."
    assert _assaults(nlp, text) == []


def test_a_figure_the_report_lacked_fills_it_whoever_gives_it(nlp, gazetteer):
    text = (
        "Azerbaijani shells hit a school in Goris on Monday, killing four people.\n\n"
        "About 20 people were injured, the Armenian health ministry said."
    )
    attacks = [e for e in _article_events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    assert [(e.casualties.killed, e.casualties.injured) for e in attacks] == [(4, 20)]


def test_lives_lost_with_no_attack_word_are_an_attacks_toll(nlp):
    text = "The worst-hit town was Goris, where nine Armenian civilians lost their lives."
    (attack,) = _assaults(nlp, text)
    assert attack.casualties.killed == 9


def _shelling(start: int, place: Place | None, killed: int | None = None) -> Event:
    return Event(
        type="ASSAULT",
        start=start,
        end=start + 8,
        trigger="shelling",
        mode="artillery",
        source=[_side("AAA")],
        target=[_side("BBB")],
        date="2031-03-10",
        place=place,
        casualties=Casualties(killed=killed),
    )


def _at(name: str, precision: str = "town", admin1: str = "North") -> Place:
    return Place(text=name, name=name, country="BBB", admin1=admin1, precision=precision)


def test_an_attack_told_again_with_a_coarser_or_finer_place_is_one_record():
    # "AAA shelled BBB ... the shelling of Eastville ... shells fell in the North province"
    country = _at("Bland", "country", "")
    kept = merge_attack_mentions(
        [
            _shelling(0, country, killed=3),
            _shelling(60, _at("Eastville")),
            _shelling(120, _at("North", "region")),
        ]
    )
    assert len(kept) == 1
    assert kept[0].place is not None and kept[0].place.name == "Eastville"
    assert kept[0].casualties.killed == 3
    # told first with no place, then in which province: one attack, placed there
    kept = merge_attack_mentions([_shelling(0, None), _shelling(60, _at("North", "region"))])
    assert [e.place.name if e.place else None for e in kept] == ["North"]
    # but a town named where the first telling named none may be another site
    kept = merge_attack_mentions([_shelling(0, None), _shelling(60, _at("Eastville"))])
    assert len(kept) == 2
    # unless the first gave the toll and the town comes with none: where it happened
    kept = merge_attack_mentions([_shelling(0, None, killed=3), _shelling(60, _at("Eastville"))])
    assert [(e.place.name if e.place else None, e.casualties.killed) for e in kept] == [
        ("Eastville", 3)
    ]


def test_attacks_on_two_towns_or_in_another_region_stay_apart():
    towns = [_shelling(0, _at("Eastville")), _shelling(60, _at("Westville"))]
    assert len(merge_attack_mentions(towns)) == 2
    # a region holds only towns of its own province
    apart = [_shelling(0, _at("South", "region", "South")), _shelling(60, _at("Eastville"))]
    assert len(merge_attack_mentions(apart)) == 2
    # another country's place is another attack
    other = Place(text="Farland", name="Farland", country="CCC", precision="country")
    assert len(merge_attack_mentions([_shelling(0, other), _shelling(60, _at("Eastville"))])) == 2


def test_a_toll_told_as_confirmed_to_have_been_killed_in_clashes_is_the_clashes(nlp):
    # a perfect infinitive tells a past fact, not a purpose ("to have been killed")
    text = (
        "Georgia says that two Georgian soldiers have been confirmed to have been killed "
        "during the clashes with Russian troops."
    )
    clashes = [e for e in sentence_events(nlp, text, None) if e.type == "ASSAULT"]
    assert [(e.trigger, e.mode, e.casualties.killed) for e in clashes] == [("clashes", "clash", 2)]


def test_a_site_hit_by_a_weapon_is_an_attack_with_that_weapon(nlp, gazetteer):
    # "pierced" is no attack word: the weapon that did it makes it one
    text = "The old church in Gori had its roof pierced by a shell on Monday, officials said."
    events = article_events(nlp, gazetteer, text, dt.date(2031, 3, 5))
    hits = [e for e in events if e.type == "ASSAULT"]
    assert [(e.trigger, e.mode) for e in hits] == [("pierced", "artillery")]
    assert hits[0].place is not None and hits[0].place.name == "Gori"
    # a thing carried by a helicopter was not attacked
    text = "The wounded were evacuated to Gori by helicopter on Monday."
    assert not [
        e for e in article_events(nlp, gazetteer, text, dt.date(2031, 3, 5)) if e.type == "ASSAULT"
    ]


def test_an_operation_a_side_had_to_launch_is_an_attack_it_launched(nlp):
    # "had to" in the past tells what was done; "will have to" only what may be
    text = "The president said that Turkey had to launch anti-terror measures in the region."
    done = [e for e in sentence_events(nlp, text, None) if e.type == "ASSAULT"]
    assert [(e.mode, [a.country for a in e.source]) for e in done] == [("offensive", ["TUR"])]
    text = "The president said that Turkey will have to launch anti-terror measures in the region."
    assert not [e for e in sentence_events(nlp, text, None) if e.type == "ASSAULT"]


def test_a_misfired_rocket_is_an_attack_and_a_captured_moment_no_conquest(nlp):
    text = "The army said its cameras captured the moment the rocket was misfired by Hamas."
    events = [e for e in sentence_events(nlp, text, None) if e.type == "ASSAULT"]
    assert [(e.trigger, e.mode) for e in events] == [("rocket was misfired", "rocket")]
    text = "Georgian troops captured the village of Avnevi on Monday."
    taken = [e for e in sentence_events(nlp, text, None) if e.type == "ASSAULT"]
    assert [e.mode for e in taken] == ["territorial-control"]


def test_an_attack_condemned_with_its_toll_is_told_as_fact(nlp):
    text = (
        "The European Union has condemned the attack against a hospital in Gori, "
        "in the Shida Kartli region, which has left at least 12 dead."
    )
    events = sentence_events(nlp, text, None)
    attacks = [e for e in events if e.type == "ASSAULT"]
    assert [(e.trigger, e.casualties.killed) for e in attacks] == [("attack", 12)]
    assert not [a for a in attacks[0].source if a.sector == "IGO"]  # not who condemned it
    assert [e.type for e in events if e.type == "DISAPPROVE"] == ["DISAPPROVE"]
    # named only as what the statement is about, the attack is the statement's
    text = "The European Union has condemned the attack against a hospital in Gori."
    assert [e.type for e in sentence_events(nlp, text, None)] == ["DISAPPROVE"]


def test_losses_inflicted_and_armed_incidents_are_attacks(nlp):
    text = "Georgia said its troops had inflicted heavy losses on Russian forces."
    hits = [e for e in sentence_events(nlp, text, None) if e.type == "ASSAULT"]
    assert [([a.country for a in e.source], [a.country for a in e.target]) for e in hits] == [
        (["GEO"], ["RUS"])
    ]
    text = "Georgia and Russia reported frequent armed incidents along the border."
    hits = [e for e in sentence_events(nlp, text, None) if e.type == "ASSAULT"]
    assert [(e.trigger, e.mode) for e in hits] == [("armed incidents", "clash")]


def _sides(e: Event) -> tuple[list[str], list[str]]:
    return sorted(a.country for a in e.source), sorted(a.country for a in e.target)


def test_a_war_named_with_its_sides_is_an_event_of_its_own(nlp):
    # a war told as the time of another act ("since ...") is not that act's content
    text = "Moscow has denied shelling civilians since invading Georgia in August."
    wars = [e for e in sentence_events(nlp, text, None) if e.mode == "invasion"]
    assert [(e.trigger, e.status, _sides(e)[1]) for e in wars] == [
        ("invading", "occurred", ["GEO"])
    ]
    # an invasion goes one way: "its invasion of X" is the other side's
    text = "Russia still faces difficulties in its invasion of Georgia."
    wars = [e for e in sentence_events(nlp, text, None) if e.mode == "invasion"]
    assert [_sides(e) for e in wars] == [(["RUS"], ["GEO"])]
    text = "The summit focused on the European response to the Russian invasion of Georgia."
    wars = [e for e in sentence_events(nlp, text, None) if e.mode == "invasion"]
    assert [_sides(e) for e in wars] == [(["RUS"], ["GEO"])]
    # with no side, a war named in passing stays no record
    text = "The summit focused on the European response to the invasion."
    assert not [e for e in sentence_events(nlp, text, None) if e.type == "ASSAULT"]


def test_a_denial_does_not_deny_the_war_the_denier_fights(nlp, gazetteer):
    text = (
        "A rocket strike killed four people in Gori on Monday, Georgian officials said. "
        "Russia denied responsibility for the strike, amid Russia's war against Georgia."
    )
    events = article_events(nlp, gazetteer, text, dt.date(2008, 8, 12))
    status = {e.mode: e.status for e in events if e.type == "ASSAULT"}
    assert status.get("war") == "occurred"


def test_an_attack_pinned_on_a_side_is_that_sides_attack(nlp):
    # the accuser tells of the attack it pins on the other side
    text = "The Georgian health ministry said a Russian airstrike was responsible for the blast."
    (attack,) = _assaults(nlp, text)
    assert (attack.trigger, attack.mode) == ("airstrike", "air")
    assert {a.country for a in attack.source} == {"RUS"}


def test_the_side_said_responsible_for_a_strike_made_it(nlp):
    text = "Officials in Tbilisi said Russia was responsible for the strike."
    (attack,) = _assaults(nlp, text)
    assert attack.trigger == "strike"
    assert {a.country for a in attack.source} == {"RUS"}


def test_a_side_responsible_for_no_attack_attacks_no_one(nlp):
    text = "Officials said Russia was responsible for the talks."
    assert _assaults(nlp, text) == []


def test_an_attack_pinned_on_a_side_happened_when_the_attack_told_before_it_did(nlp, gazetteer):
    text = (
        "An explosion hit a hospital in Gori on Monday, killing 40 people. "
        "The Georgian health ministry said a Russian airstrike was responsible for the blast."
    )
    attacks = [e for e in _article_events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    blast, pinned = sorted(attacks, key=lambda e: e.start)
    assert pinned.trigger == "airstrike"
    assert (pinned.date, pinned.date_precision) == (blast.date, "day") == ("2031-03-10", "day")


def _strike(start: int, trigger: str, mode: str, killed: int | None) -> Event:
    return Event(
        type="ASSAULT",
        start=start,
        end=start + len(trigger),
        trigger=trigger,
        mode=mode,
        source=[_side("AAA")] if start == 0 else [],
        target=[_side("BBB")] if start == 0 else [],
        date="2031-03-10",
        casualties=Casualties(killed=killed),
    )


def test_the_blast_of_a_strike_told_after_it_is_the_strike():
    strike = _strike(0, "air strike", "air", None)
    blast = _strike(100, "blast", "explosives", 40)
    assert merge_attack_mentions([strike, blast]) == [strike]
    assert strike.casualties.killed == 40


def test_a_bomb_told_after_a_strike_is_not_its_blast():
    strike = _strike(0, "air strike", "air", None)
    bomb = _strike(100, "car bomb", "explosives", 40)
    assert merge_attack_mentions([strike, bomb]) == [strike, bomb]


def test_a_weapon_blamed_as_coming_from_a_side_is_that_sides_attack(nlp):
    # the blamer tells of the attack it pins on the weapon's owner
    text = "The Georgian army has blamed a misfired rocket from a Russian militia."
    (attack,) = _assaults(nlp, text)
    assert attack.mode == "rocket"
    assert {a.country for a in attack.source} == {"RUS"}
    assert attack.claimant is not None and attack.claimant.country == "GEO"


def test_a_weapon_blamed_with_no_owner_is_no_attack(nlp):
    assert _assaults(nlp, "The Georgian army has blamed a misfired rocket.") == []


def test_an_attack_listed_as_part_of_reported_breaches_is_those_breaches(nlp):
    text = (
        "Georgia had earlier reported ceasefire breaches by Russia, including shelling "
        "and drone activity near the border."
    )
    attacks = _assaults(nlp, text)
    assert [(e.mode, e.status) for e in attacks] == [("ceasefire-violation", "reported-violation")]


def test_an_attack_listed_after_a_statement_is_still_an_attack(nlp):
    text = "Georgia reported several incidents, including shelling of Gori by Russian forces."
    assert [e.mode for e in _assaults(nlp, text)] == ["artillery"]


def test_a_sides_wounded_reported_with_no_attack_word_are_a_toll_of_the_fighting(nlp):
    text = "Tbilisi has so far reported about three wounded Georgian soldiers."
    (toll,) = _assaults(nlp, text)
    assert toll.casualties.injured == 3
    assert {a.country for a in toll.target} == {"GEO"}


def test_wounded_people_of_no_side_reported_are_no_toll(nlp):
    assert _assaults(nlp, "Doctors have so far treated about three wounded hikers.") == []


def test_two_speakers_figures_in_one_sentence_are_two_accounts(nlp, gazetteer):
    text = (
        "A Russian missile hit a hospital in Gori on Monday. "
        "The health ministry said at least 50 people had been killed, while a rescue "
        "service chief said that more than 30 people were killed."
    )
    attacks = [e for e in _article_events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    assert sorted(e.casualties.killed for e in attacks) == [30, 50]


def test_one_speakers_figures_in_one_sentence_are_one_account(nlp, gazetteer):
    text = (
        "A Russian missile hit a hospital in Gori on Monday. "
        "The health ministry said at least 50 people had been killed and 30 injured."
    )
    attacks = [e for e in _article_events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    assert [(e.casualties.killed, e.casualties.injured) for e in attacks] == [(50, 30)]


def test_fighting_told_as_what_a_place_was_the_scene_of_is_reported(nlp, gazetteer):
    text = (
        "Georgia and Russia clashed on Monday. "
        "The same valley became the site of similar hostilities in 2008."
    )
    attacks = [e for e in _article_events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    (past,) = [e for e in attacks if e.trigger == "hostilities"]
    assert past.date == "2008"
    assert {a.country for a in past.source} == {"GEO", "RUS"}


def test_hostilities_only_named_are_not_reported(nlp, gazetteer):
    text = "Georgia and Russia clashed on Monday. The same valley knew similar hostilities in 2008."
    attacks = [e for e in _article_events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    assert [e.trigger for e in attacks] == ["clashed"]


def test_a_named_operation_launched_by_a_side_is_its_attack(nlp):
    (op,) = _assaults(nlp, "Georgia launched Operation Clear Valley against the rebels.")
    assert "Operation Clear Valley" in op.trigger
    assert [a.country for a in op.source] == ["GEO"]
    # carried out, or told as a noun: the same act
    (told,) = _assaults(nlp, "Georgian troops carried out Operation Clear Valley at dawn.")
    assert "Operation" in told.trigger
    (noun,) = _assaults(nlp, "Tensions grew after Georgia's launch of Operation Clear Valley.")
    assert [a.country for a in noun.source] == ["GEO"]


def test_an_operation_alone_is_no_attack(nlp):
    # an operation of no name may be a rescue; a name written in lower case is none
    assert _assaults(nlp, "Georgia launched an operation to evacuate its citizens.") == []


def test_the_attack_an_operation_answers_is_an_attack_of_its_own(nlp, gazetteer):
    text = (
        "Tensions grew after Georgia's launch of Operation Clear Valley, which was carried "
        "out in retaliation for the deadly attack on Georgian villagers on March 2 that left 12 "
        "people dead."
    )
    attacks = [e for e in _article_events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    by_trigger = {e.trigger: e for e in attacks}
    assert len(attacks) == 2
    answered = by_trigger["attack"]
    assert (answered.date, answered.casualties.killed) == ("2031-03-02", 12)
    (op,) = [e for t, e in by_trigger.items() if "Operation" in t]
    # the operation keeps its own date and no toll of the attack it answers
    assert op.date != "2031-03-02"
    assert op.casualties.killed is None
    assert [a.country for a in op.source] == ["GEO"]


def test_an_attack_in_response_to_airstrikes_leaves_the_airstrikes_reported(nlp):
    text = "Georgia launched Operation Iron Gate in response to Russian airstrikes on its bases."
    triggers = sorted(e.trigger for e in _assaults(nlp, text))
    assert len(triggers) == 2
    assert "airstrikes" in triggers


def test_a_country_a_place_borders_is_not_the_target(nlp):
    # a clause telling where a place lies names no party to the attack
    (shelling,) = _assaults(
        nlp, "Russian troops shelled villages in the Zugdidi district, which borders Turkey."
    )
    assert shelling.target == []
    (attack,) = _assaults(
        nlp, "Russian forces attacked posts in Kakheti, a region that borders Azerbaijan."
    )
    assert attack.target == []
    assert [a.country for a in attack.source] == ["RUS"]
