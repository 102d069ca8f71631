"""Document-level assembly of attack sides, on sentences written for the project."""

from __future__ import annotations

import datetime as dt

from sitroom.extract.events.assembly import (
    aim_condemnations,
    fill_attack_sides,
    fold_denials,
    split_joint_statements,
)
from sitroom.model import Actor, Event, Place
from tests.extract.helpers import attack, sentence_events

DCT = dt.date(2025, 5, 8)


def _countries(actors: list[Actor]) -> set[str]:
    return {a.country for a in actors if a.country}


def test_an_attack_naming_no_attacker_takes_the_one_the_article_shows() -> None:
    told = attack(("IND",), ("PAK",))
    agentless = attack((), ("PAK",))
    placed = attack((), (), place=Place(text="Kotli", name="Kotli", country="PAK"))
    no_victim = attack(("IND",), ())
    events = [told, agentless, placed, no_victim]
    fill_attack_sides(events)
    assert _countries(agentless.source) == {"IND"}
    assert agentless.source[0].start == -1  # stands for the side; no span of its own
    assert _countries(placed.source) == {"IND"} and _countries(placed.target) == {"PAK"}
    assert _countries(no_victim.target) == {"PAK"}


def test_nothing_is_filled_when_the_article_names_two_attackers_alike() -> None:
    events = [attack(("IND",), ("PAK",)), attack(("AFG",), ("PAK",)), attack((), ("PAK",))]
    fill_attack_sides(events)
    assert events[2].source == []
    # Mutual clashes name no one-sided attacker: nothing to learn from them.
    clash = [attack(("THA", "KHM"), ("THA", "KHM")), attack((), ("THA",))]
    fill_attack_sides(clash)
    assert clash[1].source == []


def test_the_owner_of_a_projectile_fired_it(nlp) -> None:  # type: ignore[no-untyped-def]
    for text, who in (
        ("The ministry said a Cambodian artillery shell hit a house, killing one civilian.", "KHM"),
        ("A Russian missile hit the railway station in the city.", "RUS"),
    ):
        events = _events(nlp, text)
        attacks = [e for e in events if e.type == "ASSAULT"]
        assert attacks and who in _countries(attacks[0].source), [
            (e.trigger, e.source) for e in events
        ]


def test_a_denial_marks_the_attacks_it_denies_and_is_no_event_of_its_own() -> None:
    blamed = attack(("LBN",), ("ISR",))
    other = attack(("ISR",), ("LBN",))
    denial = Event(
        type="REJECT", start=5, end=6, mode="denial", source=[Actor(text="x", country="LBN")]
    )
    refusal = Event(type="REJECT", start=7, end=8, source=[Actor(text="y", country="LBN")])
    kept = fold_denials([blamed, other, denial, refusal])
    assert kept == [blamed, other, refusal]  # a refused proposal is still an event
    assert (blamed.status, other.status) == ("denied", "occurred")


def test_deny_is_a_denial_in_the_lexicon(nlp) -> None:  # type: ignore[no-untyped-def]
    events = _events(nlp, "Hezbollah denied responsibility for the rocket strike on the town.")
    assert [e.mode for e in events if e.type == "REJECT"] == ["denial"]


def _events(nlp, text: str) -> list[Event]:  # type: ignore[no-untyped-def]
    return sentence_events(nlp, text, DCT)


def test_members_named_after_including_are_the_parties(nlp) -> None:  # type: ignore[no-untyped-def]
    got = _events(nlp, "Western powers, including France and Germany, condemned the attack.")
    blame = [e for e in got if e.type == "DISAPPROVE"]
    assert blame and _countries(blame[0].source) == {"FRA", "DEU"}


def test_an_international_body_is_a_party_to_what_it_says(nlp) -> None:  # type: ignore[no-untyped-def]
    got = _events(nlp, "The European Union condemned the shelling of the town.")
    assert any(e.type == "DISAPPROVE" and e.source[0].sector == "IGO" for e in got)
    # a body named by no one in particular is not
    assert not [e for e in _events(nlp, "Somebody condemned the shelling.") if e.type != "ASSAULT"]


def test_one_another_makes_an_accusation_mutual(nlp) -> None:  # type: ignore[no-untyped-def]
    got = _events(nlp, "Kyrgyzstan and Tajikistan have accused one another of shelling homes.")
    blame = [e for e in got if e.type == "DISAPPROVE"]
    assert blame and _countries(blame[0].target) == {"KGZ", "TJK"}


def _statement(kind: str, source: tuple[str, ...], target: tuple[str, ...]) -> Event:
    return Event(
        type=kind,
        start=0,
        end=1,
        source=[Actor(text=c, country=c, sector="GOV") for c in source],
        target=[Actor(text=c, country=c, sector="GOV") for c in target],
    )


def test_what_several_countries_say_alike_is_one_statement_each() -> None:
    joint = _statement("DISAPPROVE", ("FRA", "DEU"), ("RUS",))
    split = split_joint_statements([joint])
    assert [_countries(e.source) for e in split] == [{"FRA"}, {"DEU"}]
    assert all(_countries(e.target) == {"RUS"} for e in split)
    assert split[0].casualties is not split[1].casualties  # figures are filled per record


def test_mutual_blame_and_other_acts_stay_one_record() -> None:
    mutual = _statement("DISAPPROVE", ("ARM", "AZE"), ("ARM", "AZE"))
    talks = _statement("CONSULT", ("ARM", "AZE"), ("RUS",))
    one = _statement("DEMAND", ("USA",), ("ISR",))
    assert split_joint_statements([mutual, talks, one]) == [mutual, talks, one]


def test_a_condemnation_naming_no_one_is_aimed_at_the_one_attacker() -> None:
    condemned = _statement("DISAPPROVE", ("USA",), ())
    by_attacker = _statement("DISAPPROVE", ("RUS",), ())
    aimed = _statement("DISAPPROVE", ("DEU",), ("BLR",))
    aim_condemnations([attack(("RUS",), ("UKR",)), condemned, by_attacker, aimed])
    assert _countries(condemned.target) == {"RUS"}
    assert by_attacker.target == []
    assert _countries(aimed.target) == {"BLR"}


def test_no_condemnation_is_aimed_in_a_fight() -> None:
    condemned = _statement("DISAPPROVE", ("USA",), ())
    events = [attack(("KGZ",), ("TJK",)), attack(("TJK",), ("KGZ",)), condemned]
    aim_condemnations(events)
    assert condemned.target == []
