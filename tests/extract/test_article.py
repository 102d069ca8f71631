"""The article-level pass: what needs every extractor's output at once."""

from __future__ import annotations

import datetime as dt

from tests.extract.helpers import article_events
from tests.geo.helpers import gazetteer

__all__ = ["gazetteer"]


def _events(nlp, gazetteer, text: str):
    return article_events(nlp, gazetteer, text, dt.date(2020, 10, 19))


def test_an_embassy_speaks_from_the_capital_it_sits_in(nlp, gazetteer):
    text = "Iran's embassy in Azerbaijan condemned the missile attack on civilians."
    blame = next(e for e in _events(nlp, gazetteer, text) if e.type == "DISAPPROVE")
    assert blame.place is not None
    assert (blame.place.name, blame.place.country, blame.place.precision) == ("Baku", "AZE", "town")


def test_a_statement_without_an_embassy_gets_no_place_from_one(nlp, gazetteer):
    text = "Iran's foreign ministry in Tehran condemned the attack. Its embassy in Baku was closed."
    blame = next(e for e in _events(nlp, gazetteer, text) if e.type == "DISAPPROVE")
    assert blame.place is None or blame.place.name != "Baku"


def test_a_mention_that_repeats_an_earlier_one_is_merged_into_it():
    from sitroom.extract.events.extract import merge_repeats
    from sitroom.model import Actor, Casualties, Event

    def ev(start: int, type_: str = "ASSAULT", trigger: str = "war", killed=None) -> Event:
        return Event(
            type=type_,
            start=start,
            end=start + 3,
            trigger=trigger,
            mode="war" if type_ == "ASSAULT" else "statement",
            source=[Actor(text="Azerbaijan", country="AZE")],
            target=[Actor(text="Armenia", country="ARM")],
            date="2020-10",
            date_precision="month",
            time_precision=2,  # a month the text states, not the report's fallback
            casualties=Casualties(killed=killed),
        )

    kept = merge_repeats(
        [
            ev(0),
            ev(50, trigger="fighting"),
            ev(90, killed=3),
            ev(100, killed=5),
            ev(120, "DEMAND", "urged"),
            ev(160, "DEMAND", "called on"),
            ev(200, "DEMAND", "urged"),
        ]
    )
    # The same war told again, its figure filling the gap; a different figure stays apart;
    # statements are one only in the same words.
    assert [e.start for e in kept] == [0, 100, 120, 160]
    assert kept[0].casualties.killed == 3


def test_statements_of_one_day_by_one_party_to_the_same_parties_are_one():
    from sitroom.extract.events.extract import merge_repeats
    from sitroom.model import Actor, Event

    def say(start: int, trigger: str, date: str, target: str = "ARM") -> Event:
        return Event(
            type="DEMAND",
            start=start,
            end=start + len(trigger),
            trigger=trigger,
            mode="statement",
            source=[Actor(text="Georgia", country="GEO")],
            target=[Actor(text=target, country=target)],
            date=date,
            date_precision="day" if len(date) == 10 else "month",
            time_precision=1 if len(date) == 10 else 2,
        )

    kept = merge_repeats(
        [
            say(0, "urged", "2021-03-02"),
            say(40, "called on", "2021-03-02"),  # the same day's statement, told again
            say(80, "called on", "2021-03-03"),  # another day: another statement
            say(120, "demanded", "2021-03-02", "AZE"),  # addressed to someone else
            say(160, "urged", "2021-03"),  # dated no finer than the month: kept apart
            say(200, "called on", "2021-03"),
        ]
    )
    assert [e.start for e in kept] == [0, 80, 120, 160, 200]


def test_an_attack_told_again_is_one_record():
    from sitroom.extract.events.extract import merge_attack_mentions
    from sitroom.model import Actor, Casualties, Event, Place

    def attack(start: int, date: str, town: str = "Gori", killed=None, by: str = "") -> Event:
        return Event(
            type="ASSAULT",
            start=start,
            end=start + 6,
            trigger="attack",
            mode="missile",
            source=[Actor(text=by, country=by)] if by else [],
            target=[Actor(text="Georgia", country="GEO")],
            date=date,
            date_precision="day" if len(date) == 10 else "month",
            place=Place(text=town, name=town, country="GEO", precision="town"),
            casualties=Casualties(killed=killed),
        )

    kept = merge_attack_mentions(
        [
            attack(0, "2021-03-04", by="RUS"),
            attack(50, "2021-03", killed=7),  # the same attack, its toll told later
            attack(90, "2021-03", town="Poti"),  # another town
            attack(120, "2021-04"),  # another month
            attack(150, "2021-03", by="TUR"),  # by another side
        ]
    )
    assert [e.start for e in kept] == [0, 90, 120, 150]
    assert kept[0].casualties.killed == 7
    # two attacks dated in the month: which one is meant is not known
    kept = merge_attack_mentions(
        [attack(0, "2021-03-04"), attack(40, "2021-03-09"), attack(80, "2021-03")]
    )
    assert len(kept) == 3
    # told first by its month, then by its day: one attack, on that day
    kept = merge_attack_mentions([attack(0, "2021-03", killed=7), attack(60, "2021-03-04")])
    assert [(e.date, e.casualties.killed) for e in kept] == [("2021-03-04", 7)]
    # a mention with a toll of its own that differs is another account, kept apart
    told = [attack(0, "2021-03-04", killed=7), attack(60, "2021-03", killed=9)]
    kept = merge_attack_mentions(told)
    assert len(kept) == 2
