"""The gold scorer on small hand-made gold/prediction pairs."""

from __future__ import annotations

import pytest

from sitroom.eval.matching import (
    DocEvent,
    DocQuote,
    GoldQuote,
    b_cubed,
    dates_match,
    events_match,
    places_match,
    score_events,
    score_quotes,
)
from sitroom.model import Actor, Casualties, Event, Place, Quote

GANJA = Place(
    text="Ganja",
    name="Ganja",
    geonameid=586523,
    lat=40.6828,
    lon=46.3606,
    country="AZE",
    precision="town",
)
BAKU = Place(
    text="Baku",
    name="Baku",
    geonameid=587084,
    lat=40.4093,
    lon=49.8671,
    country="AZE",
    precision="town",
)


def ev(type_="ASSAULT", date="2020-10-17", place=GANJA, src=("ARM",), tgt=("AZE",), **kw):
    kw = {"start": 0, "end": 1, **kw}
    return Event(
        type=type_,
        date=date,
        place=place,
        source=[Actor(text=c, country=c) for c in src],
        target=[Actor(text=c, country=c) for c in tgt],
        **kw,
    )


def test_dates_compare_at_the_coarser_precision():
    assert dates_match("2020-10-17", "2020-10")
    assert dates_match("2020", "2020-10-17")
    assert not dates_match("2020-10-17", "2020-10-18")
    assert not dates_match("2020-10", "2020-11-01")
    assert dates_match(None, None)
    assert not dates_match(None, "2020")
    assert not dates_match("2020", None)


def test_places_by_gold_precision():
    near = Place(text="x", name="Ganja outskirts", lat=40.70, lon=46.40, country="AZE")
    assert places_match(GANJA, near)
    assert not places_match(GANJA, BAKU)  # ~300 km apart
    region = Place(
        text="Tovuz region",
        name="Tovuz region",
        lat=40.99,
        lon=45.63,
        country="AZE",
        precision="region",
    )
    assert places_match(
        region,
        Place(
            text="Tovuz",
            name="Tovuz District",
            country="AZE",
            lat=40.9,
            lon=45.7,
            precision="region",
        ),
    )
    country = Place(
        text="Iran", name="Iran", country="IRN", lat=32.0, lon=53.0, precision="country"
    )
    assert places_match(
        country, Place(text="Tabriz", name="Tabriz", country="IRN", lat=38.08, lon=46.29)
    )
    assert not places_match(country, BAKU)
    assert places_match(None, None)
    assert not places_match(GANJA, None)
    assert not places_match(None, GANJA)


def test_compound_actors_need_one_country_per_side():
    gold = ev(src=("AZE", "ARM"), tgt=("ARM", "AZE"))
    assert events_match(gold, ev(src=("ARM",), tgt=("AZE",)))
    assert not events_match(gold, ev(src=("IRN",), tgt=("AZE",)))
    # Gold without countries on a side puts no constraint on it.
    assert events_match(ev(src=(), tgt=("IRN",)), ev(src=("RUS",), tgt=("IRN",)))
    assert not events_match(ev(), ev(type_="DEMAND"))


def test_event_scores_and_attribute_accuracy():
    gold = [
        DocEvent("a", ev(casualties=Casualties(killed=12, injured=40), incident="g1")),
        DocEvent(
            "a",
            ev(
                type_="DEMAND",
                date="2020-10",
                place=None,
                src=("IRN",),
                tgt=("ARM", "AZE"),
                incident="g2",
            ),
        ),
        DocEvent("b", ev(date="2020-10-17", casualties=Casualties(killed=12), incident="g1")),
    ]
    pred = [
        DocEvent(
            "a", ev(date="2020-10", casualties=Casualties(killed=12, injured=40), incident="p1")
        ),
        DocEvent(
            "a",
            ev(
                type_="DEMAND",
                date="2020-10-05",
                place=None,
                src=("IRN",),
                tgt=("AZE",),
                status="planned",
                incident="p2",
            ),
        ),
        DocEvent("b", ev(casualties=Casualties(killed=9), incident="p1")),
        DocEvent("b", ev(type_="CONSULT", place=None, incident="p3")),  # false positive
    ]
    s = score_events(gold, pred)
    assert s["events.n_matched"] == 3
    assert s["events.precision"] == pytest.approx(3 / 4)
    assert s["events.recall"] == pytest.approx(1.0)
    assert s["events.date_acc"] == pytest.approx(1 / 3)  # exact date string
    assert s["events.killed_acc"] == pytest.approx(2 / 3)
    assert s["events.status_acc"] == pytest.approx(2 / 3)
    assert s["events.by_type"]["CONSULT"]["precision"] == 0.0
    assert s["incidents.b3_f1"] == pytest.approx(1.0)


def test_b_cubed():
    assert b_cubed(["a", "a", "b"], ["x", "x", "y"]) == (1.0, 1.0, 1.0)
    p, r, f = b_cubed(["a", "a"], ["x", "y"])
    assert (p, r) == (1.0, 0.5)
    assert b_cubed([], []) == (0.0, 0.0, 0.0)


def test_quote_scoring_needs_speaker_and_content():
    text = "Officials spoke. The war must end now, the minister said."
    start = text.index("The war")
    gold = [
        GoldQuote(
            "d",
            "Saeed Khatibzadeh",
            Actor(text="x", country="IRN", sector="GOV"),
            True,
            "said",
            "The war must end",
            ((start, start + 16),),
        )
    ]

    def q(speaker, s, e, country="IRN"):
        return DocQuote(
            "d",
            Quote(
                speaker=speaker,
                content="",
                content_start=s,
                content_end=e,
                direct=True,
                speaker_actor=Actor(text=speaker, country=country, sector="GOV"),
            ),
        )

    assert score_quotes(gold, [q("Khatibzadeh", start, start + 30)])["quotes.f1"] == 1.0
    wrong = score_quotes(gold, [q("Bayramov", start, start + 30, "AZE")])
    assert wrong["quotes.f1"] == 0.0 and wrong["quotes.speaker_acc"] == 0.0
    # Same actor (country + sector) counts as the same speaker.
    assert score_quotes(gold, [q("the ministry", start, start + 5)])["quotes.f1"] == 1.0
    assert score_quotes(gold, [q("Khatibzadeh", 0, 10)])["quotes.recall"] == 0.0


def test_among_equal_matchings_each_gold_event_pairs_with_the_mention_at_its_evidence():
    text = "Armenia shelled Ganja at dawn. Later a second strike on Ganja was reported."
    first = text.index("shelled")
    second = text.index("strike")
    # Two gold events a month-level prediction and a day-level one could each match.
    gold = [
        DocEvent("d", ev(date="2020-10", trigger="a second strike on Ganja")),
        DocEvent("d", ev(date="2020-10-17", trigger="Armenia shelled Ganja")),
    ]
    pred = [
        DocEvent(
            "d",
            ev(
                date="2020-10",
                start=second,
                end=second + 6,
                sentence_start=31,
                sentence_end=len(text),
            ),
        ),
        DocEvent(
            "d",
            ev(date="2020-10-17", start=first, end=first + 7, sentence_start=0, sentence_end=30),
        ),
    ]
    plain = score_events(gold, pred)
    aligned = score_events(gold, pred, {"d": text})
    assert plain["events.n_matched"] == aligned["events.n_matched"] == 2
    assert plain["events.date_acc"] == 0.0  # paired crosswise: each matches at month level
    assert aligned["events.date_acc"] == 1.0


def _at(text: str, phrase: str, **kw: object) -> Event:
    """An event whose trigger is ``phrase`` and whose sentence is the one holding it."""
    start = text.index(phrase)
    s_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
    s_end = text.find(".", start) + 1
    return ev(
        start=start, end=start + len(phrase), sentence_start=s_start, sentence_end=s_end, **kw
    )


def test_cross_article_b_cubed_counts_an_incident_split_across_outlets():
    a = "Armenia shelled Ganja. Nothing else."
    b = "Ganja was shelled by Armenia. The toll rose."
    texts = {"a": a, "b": b}
    gold = [
        DocEvent("a", ev(trigger="Armenia shelled Ganja", incident="g1")),
        DocEvent("b", ev(trigger="Ganja was shelled", incident="g1")),
    ]
    one = [
        DocEvent("a", _at(a, "shelled", incident="I1")),
        DocEvent("b", _at(b, "shelled", incident="I1")),
    ]
    split = [
        DocEvent("a", _at(a, "shelled", incident="I1")),
        DocEvent("b", _at(b, "shelled", incident="I2")),
    ]
    assert score_events(gold, one, texts)["incidents.cross_b3_f1"] == 1.0
    scores = score_events(gold, split, texts)
    assert scores["incidents.cross_b3_precision"] == 1.0
    assert scores["incidents.cross_b3_recall"] == 0.5
    # Matched-only B-cubed cannot see the split: each matched mention is its own cluster.
    assert scores["incidents.b3_f1"] < 1.0
    # A gold event whose prediction fails to match (wrong date) still gets its evidence
    # sentence's mention of the same type.
    off = [
        DocEvent("a", _at(a, "shelled", incident="I1")),
        DocEvent("b", _at(b, "shelled", incident="I1", date="2021-01-01")),
    ]
    off_scores = score_events(gold, off, texts)
    assert off_scores["events.n_matched"] == 1
    assert off_scores["incidents.cross_b3_f1"] == 1.0
    # Told in one doc only: not counted.
    assert score_events(gold[:1], one[:1], texts)["incidents.n_cross"] == 0


def test_contested_recall_needs_both_accounts_in_one_contested_incident():
    a = "Armenia shelled Ganja, killing 12. More later."
    b = "Armenia denied shelling Ganja. It was a lie."
    texts = {"a": a, "b": b}
    aze, arm = Actor(text="Baku", country="AZE"), Actor(text="Yerevan", country="ARM")
    gold = [
        DocEvent("a", ev(trigger="Armenia shelled Ganja", incident="g", claimant=aze)),
        DocEvent(
            "b", ev(trigger="denied shelling Ganja", incident="g", claimant=arm, status="denied")
        ),
    ]
    pred = [
        DocEvent("a", _at(a, "shelled", incident="I")),
        DocEvent("b", _at(b, "shelling", incident="I", status="denied")),
    ]
    marked = score_events(gold, pred, texts, {"I"})
    assert marked["incidents.n_contested"] == 1
    assert marked["incidents.contested_recall"] == 1.0
    assert score_events(gold, pred, texts, set())["incidents.contested_recall"] == 0.0
    split = [pred[0], DocEvent("b", _at(b, "shelling", incident="J", status="denied"))]
    assert score_events(gold, split, texts, {"I", "J"})["incidents.contested_recall"] == 0.0
    # Same claimant country on both sides: not contested.
    same = [gold[0], DocEvent("b", ev(trigger="denied shelling Ganja", incident="g", claimant=aze))]
    assert score_events(same, pred, texts, {"I"})["incidents.n_contested"] == 0


def test_repeat_rate_counts_a_second_record_of_one_event_in_one_doc():
    text = "Armenia shelled Ganja. The shelling of Ganja killed 12."
    gold = [DocEvent("d", ev(trigger="Armenia shelled Ganja", incident="g"))]
    once = [DocEvent("d", _at(text, "shelled", incident="I"))]
    twice = once + [DocEvent("d", _at(text, "shelling", incident="I"))]
    assert score_events(gold, once, {"d": text})["events.repeat_rate"] == 0.0
    assert score_events(gold, twice, {"d": text})["events.repeat_rate"] == 0.0  # not at evidence
    gold2 = gold + [DocEvent("d", ev(trigger="The shelling of Ganja killed 12", incident="g"))]
    # Both predictions match; the two gold records share the incident: one repeat of two.
    assert score_events(gold2, twice, {"d": text})["events.repeat_rate"] == 0.5
