"""The pure resolution core, on neighbourhoods built by hand: no database anywhere."""

from __future__ import annotations

import math
from types import SimpleNamespace

from sitroom.model import Actor, Event, Place, TimeRef
from sitroom.query import EventRecord
from sitroom.resolve.agreements import MentionContext
from sitroom.resolve.clusters import copy_signature, incident_id
from sitroom.resolve.core import (
    CopyNeighbourhood,
    Neighbourhood,
    Original,
    StoredMention,
    TrackerState,
    candidate_keys,
    copyable,
    decide_agreements,
    decide_article,
    decide_copy,
    joinable_incidents,
    place_box,
    same_copy,
)
from sitroom.resolve.overrides import Constraints, OverrideRow, mention_key
from tests.resolve.factory import STEPANAKERT, actor, candidate, event

SENTENCE = "Armenian forces struck Ganja with missiles on Saturday, officials said."


def rec(
    id_: int, article: str, ev: Event, incident: str = "", sentence: str = SENTENCE
) -> EventRecord:
    """A mention as the loader hands it over."""
    ev.incident = incident
    return EventRecord(
        id=id_, article_id=article, doc=f"{article}.txt", event=ev, sentence=sentence
    )


def stored(incident: str, *members: EventRecord) -> list[EventRecord]:
    for m in members:
        m.event.incident = incident
    return list(members)


def neighbourhood(
    article: str,
    records: list[EventRecord],
    incidents: dict[str, list[EventRecord]],
    *,
    constraints: Constraints | None = None,
    links: list[tuple[str, str]] | None = None,
    sizes: dict[str, int] | None = None,
    reasons: dict[str, dict[int, str]] | None = None,
) -> Neighbourhood:
    return Neighbourhood(
        article_id=article,
        records=records,
        constraints=constraints or Constraints(),
        candidates=sorted(incidents),
        members=incidents,
        sizes=sizes if sizes is not None else {k: len(v) for k, v in incidents.items()},
        reasons=reasons if reasons is not None else {k: {} for k in incidents},
        links=links or [],
    )


def test_a_compatible_mention_joins_the_stored_incident_with_its_reason():
    old = rec(1, "a", event(5))
    new = rec(2, "b", event(7, date="2020-10"))
    nb = neighbourhood("b", [new], {"inc-a": stored("inc-a", old)}, reasons={"inc-a": {1: ""}})
    decision = decide_article(nb)
    assert decision.incidents == 1
    (row,) = decision.diff.rows
    assert row.id == "inc-a" and row.n_mentions == 2 and row.n_articles == 2
    assert row.date == "2020-10-17"  # the most precise member dates the incident
    inc, why = decision.diff.members[2]
    assert inc == "inc-a"
    assert why.startswith("with event a:5:ASSAULT (a.txt): type ASSAULT")
    assert "date 2020-10-17 ~ 2020-10" in why and "actors ARM,AZE" in why
    assert decision.diff.members[1] == ("inc-a", "")  # the founder keeps its empty reason
    assert list(decision.diff.stale) == ["inc-a"]
    assert decision.tracker is None  # no agreement or violation among the new mentions


def test_an_incompatible_mention_founds_its_own_incident():
    old = rec(1, "a", event(5))
    new = rec(2, "b", event(7, place=STEPANAKERT))  # 70 km away: another town's strike
    decision = decide_article(neighbourhood("b", [new], {"inc-a": stored("inc-a", old)}))
    (row,) = decision.diff.rows
    assert row.id == incident_id(new) and row.n_mentions == 1
    assert decision.diff.members == {2: (row.id, "")}
    assert list(decision.diff.stale) == ["inc-a"]  # checked, left as it was


def test_a_split_override_keeps_a_mention_out_of_the_incident_it_would_join():
    old = rec(1, "a", event(5))
    new = rec(2, "b", event(7))
    rules = Constraints.from_rows(
        [
            OverrideRow(1, "split", mention_key(old), "a"),
            OverrideRow(1, "split", mention_key(new), "b"),
        ]
    )
    joined = decide_article(
        neighbourhood("b", [new], {"inc-a": stored("inc-a", rec(1, "a", event(5)))})
    )
    assert joined.diff.members[2][0] == "inc-a"
    split = decide_article(
        neighbourhood("b", [new], {"inc-a": stored("inc-a", old)}, constraints=rules)
    )
    assert split.diff.members[2][0] != "inc-a"


def test_a_merge_override_forces_a_join_and_says_so():
    old = rec(1, "a", event(5))
    new = rec(2, "b", event(7, place=STEPANAKERT))
    rules = Constraints.from_rows(
        [OverrideRow(3, "merge", mention_key(old)), OverrideRow(3, "merge", mention_key(new))]
    )
    decision = decide_article(
        neighbourhood("b", [new], {"inc-a": stored("inc-a", old)}, constraints=rules)
    )
    inc, why = decision.diff.members[2]
    assert inc == "inc-a" and "override" in why and "3" in why


def test_contested_figures_are_kept_side_by_side_and_copies_count_once():
    aze = Actor(text="Azerbaijan", country="AZE", sector="GOV")
    arm = Actor(text="Armenia", country="ARM", sector="GOV")
    old = rec(1, "a", event(5, killed=10, claimant=aze))
    copy = rec(2, "c", event(5, killed=10, claimant=aze))
    new = rec(3, "b", event(7, killed=2, claimant=arm))
    nb = neighbourhood(
        "b",
        [new],
        {"inc-a": stored("inc-a", old, copy)},
        links=[("c", "a")],
        reasons={"inc-a": {1: "", 2: "near-duplicate copy of a.txt"}},
    )
    decision = decide_article(nb)
    (row,) = decision.diff.rows
    assert "killed" in row.contested
    assert row.killed[0] == 2 and row.killed[2] == 10
    assert row.n_articles == 3 and row.n_sources == 2  # the copy is not a second source
    assert decision.diff.members[2] == ("inc-a", "near-duplicate copy of a.txt")


def test_same_copy_reads_only_links_that_touch_the_articles_asked_about():
    links = [("b", "a"), ("c", "b"), ("x", "y")]
    assert same_copy(links, ["a", "c"]) == {"a": "a", "c": "a"}
    # Linked only through a link touching neither: apart, as the store's read has it.
    assert same_copy([("a", "m"), ("m", "n"), ("n", "z")], ["a", "z"]) == {"a": "a", "z": "n"}


def test_a_mention_on_the_edge_of_a_block():
    # A town 49 km away joins (within the town limit of 50 km); 51 km does not.
    base = rec(1, "a", event(5, place=Place(text="A", name="A", lat=40.0, lon=46.0, country="AZE")))
    near = Place(text="B", name="B", lat=40.0 + 49 / 111.2, lon=46.0, country="AZE")
    far = Place(text="C", name="C", lat=40.0 + 51 / 111.2, lon=46.0, country="AZE")
    for place, joins in ((near, True), (far, False)):
        new = rec(2, "b", event(7, place=place))
        inc = {"inc-a": stored("inc-a", rec(1, "a", event(5, place=base.event.place)))}
        decision = decide_article(neighbourhood("b", [new], inc))
        assert (decision.diff.members[2][0] == "inc-a") is joins, place.name
    # On the date edge: a month-precise mention joins a dated incident of its month, and a
    # mention of the day after does not.
    inc = {"inc-a": stored("inc-a", rec(1, "a", event(5)))}
    month = decide_article(neighbourhood("b", [rec(2, "b", event(7, date="2020-10"))], inc))
    assert month.diff.members[2][0] == "inc-a"
    inc = {"inc-a": stored("inc-a", rec(1, "a", event(5)))}
    next_day = decide_article(neighbourhood("b", [rec(2, "b", event(7, date="2020-10-18"))], inc))
    assert next_day.diff.members[2][0] != "inc-a"


def test_a_reprocessed_article_redoes_the_incidents_it_left():
    # Its old mention (id 9) was in inc-a; its new one goes elsewhere, so inc-a shrank.
    other = rec(1, "a", event(5))
    new = rec(2, "b", event(7, place=STEPANAKERT), incident="inc-a")
    nb = neighbourhood(
        "b", [new], {"inc-a": stored("inc-a", other)}, sizes={"inc-a": 2}, reasons={"inc-a": {}}
    )
    decision = decide_article(nb)
    ids = {row.id: row for row in decision.diff.rows}
    assert ids["inc-a"].n_mentions == 1  # redone without the article's old mention
    assert decision.diff.members[2][0] != "inc-a"
    assert "inc-a" in decision.diff.stale


def test_a_ceasefire_mention_asks_for_the_tracker():
    new = rec(2, "b", event(7, type_="AGREE", mode="ceasefire", place=None))
    decision = decide_article(neighbourhood("b", [new], {}))
    assert decision.tracker == [decision.diff.members[2][0]]


def test_a_copy_joins_its_originals_incidents_and_recounts_them():
    originals = [rec(1, "a", event(5), incident="inc-a"), rec(2, "a", event(60, mode="drone"))]
    originals[1].event.incident = "inc-d"
    copies = [rec(11, "c", event(5)), rec(12, "c", event(60, mode="drone"))]
    twins = [(copy_signature(r), r.event.incident, r.doc) for r in originals]
    nb = CopyNeighbourhood(
        "c",
        copies,
        [Original("a", twins)],
        members={
            "inc-a": [StoredMention(1, "a", "missile")],
            "inc-d": [StoredMention(2, "a", "drone"), StoredMention(3, "x", "missile")],
        },
        modes={"inc-a": "missile", "inc-d": "drone"},
    )
    assert copyable(copies, Constraints())
    decision = decide_copy(nb)
    assert decision is not None and decision.incidents == 2
    assert decision.diff.members == {
        11: ("inc-a", "near-duplicate copy of a.txt"),
        12: ("inc-d", "near-duplicate copy of a.txt"),
    }
    counts = {c.id: c for c in decision.diff.counts}
    assert (counts["inc-a"].n_mentions, counts["inc-a"].n_articles) == (2, 2)
    assert (counts["inc-d"].n_mentions, counts["inc-d"].n_articles, counts["inc-d"].mode) == (
        3,
        3,
        "drone",
    )
    assert decision.tracker is None  # no majority mode changed
    # A copy that changes a figure is no copy: the full comparison decides.
    changed = [rec(11, "c", event(5, killed=3)), rec(12, "c", event(60, mode="drone"))]
    assert decide_copy(CopyNeighbourhood("c", changed, [Original("a", twins)])) is None


def test_the_tracker_links_a_reported_violation_to_the_ceasefire_before_it():
    truce = rec(
        1, "a", event(5, type_="AGREE", mode="ceasefire", place=None, source=("ARM", "AZE"))
    )
    rows = [
        SimpleNamespace(
            id="agree-1",
            type="AGREE",
            mode="ceasefire",
            status="occurred",
            date="2020-10-17",
            countries='["ARM", "AZE"]',
        ),
        SimpleNamespace(
            id="viol-1",
            type="ASSAULT",
            mode="ceasefire-violation",
            status="occurred",
            date="2020-10-19",
            countries='["ARM", "AZE"]',
        ),
    ]
    start = TimeRef(
        text="midnight", start=0, end=8, type="TIME", value="2020-10-18", local="2020-10-18T00:00"
    )
    state = TrackerState(
        rows,
        {},
        members={"agree-1": [truce]},
        contexts={1: MentionContext([actor("RUS", "GOV", "Lavrov")], [start])},
    )
    (agreement,) = decide_agreements(state, None)
    assert agreement.incident_id == "agree-1" and agreement.in_force_local == "2020-10-18T00:00"
    assert [inc for inc, _ in agreement.violations] == ["viol-1"]
    # Kept, not rebuilt, when it did not change: the stored agreement stands.
    kept = TrackerState(rows, {"agree-1": agreement})
    (again,) = decide_agreements(kept, ["viol-1"])
    assert again is agreement


def test_only_incidents_a_new_mention_could_join_are_loaded():
    new = [rec(2, "b", event(7))]  # Ganja, ARM -> AZE, 2020-10-17
    mentions = [
        candidate("same-town", 1, event(5)),
        candidate("other-town", 3, event(5, place=STEPANAKERT)),
        # One member of another town rules the whole incident out (complete link).
        candidate("mixed", 4, event(5)),
        candidate("mixed", 5, event(5, place=STEPANAKERT)),
        candidate("other-parties", 6, event(5, source=("RUS",), target=("UKR",))),
        candidate("undated-fit", 7, event(5, date="2020-10", place=None)),
    ]
    rules = Constraints()
    assert joinable_incidents(new, mentions, rules) == ["same-town", "undated-fit"]
    # A reprocessed article's incidents are all redone; an override may force any join.
    everything = sorted({m.incident for m in mentions})
    assert joinable_incidents(new, mentions, rules, reprocessed=True) == everything
    merge = Constraints.from_rows(
        [OverrideRow(1, "merge", mention_key(new[0])), OverrideRow(1, "merge", "x:1:ASSAULT")]
    )
    assert joinable_incidents(new, mentions, merge) == everything


def test_an_incident_left_out_keeps_its_id_from_new_incidents():
    new = rec(2, "b", event(7, place=STEPANAKERT))
    taken = incident_id(new)
    nb = neighbourhood("b", [new], {})
    nb.candidates = [taken]  # a candidate not loaded: no new mention can join it
    decision = decide_article(nb)
    assert decision.diff.members[2][0] == f"{taken}-2"


def test_a_vague_mention_joins_through_the_member_that_bears_it_out():
    from sitroom.resolve.clusters import cluster_events

    placed = rec(1, "a1", event(0), sentence="Missiles struck Ganja on Saturday.")
    unplaced = rec(2, "a2", event(0, place=None), sentence="The attack drew condemnation abroad.")
    vague = event(0, date="2020-10")
    vague.time_precision = 3  # dated only by its report's month: no sign of identity itself
    vague.trigger = "shelled"
    later = rec(3, "a3", vague, sentence="Rescue teams searched the rubble for survivors.")
    out = cluster_events([placed, unplaced, later])
    # the shared place with the first member bears the vague mention out; the second
    # member, placeless and worded otherwise, does not contradict it
    assert out[1] == out[2] == out[3]
    elsewhere = event(0, date="2020-10", place=STEPANAKERT)
    elsewhere.time_precision = 3
    out = cluster_events([placed, unplaced, rec(4, "a4", elsewhere, sentence="Shells fell.")])
    assert out[4] != out[1]


def test_a_region_holds_towns_away_from_its_point():
    from sitroom.model import Place
    from sitroom.resolve.clusters import compatible

    east = Place(
        text="eastern Ukraine",
        name="eastern Ukraine",
        lat=48.53,
        lon=38.35,
        country="UKR",
        precision="region",
    )
    town = Place(
        text="Kramatorsk", name="Kramatorsk", lat=48.72, lon=37.56, country="UKR", precision="town"
    )
    far = Place(text="Lviv", name="Lviv", lat=49.84, lon=24.03, country="UKR", precision="town")
    assert compatible(event(0, place=east, target=("UKR",)), event(1, place=town, target=("UKR",)))
    assert not compatible(
        event(0, place=east, target=("UKR",)), event(1, place=far, target=("UKR",))
    )


def test_tolls_of_one_order_bear_out_a_vague_mention():
    from sitroom.resolve.clusters import cluster_events

    first = event(0, place=None, killed=500)
    first.trigger = "the blast"
    second = event(0, date="2020-10", place=None, killed=471)
    second.trigger, second.time_precision = "the strike", 3
    third = event(0, date="2020-10", place=None, killed=4)
    third.trigger, third.time_precision = "shelling", 3
    out = cluster_events(
        [
            rec(1, "a1", first, sentence="The blast killed 500 people, the ministry said."),
            rec(2, "a2", second, sentence="Officials put the toll at 471."),
            rec(3, "a3", third, sentence="Four died elsewhere."),
        ]
    )
    assert out[1] == out[2] != out[3]


def test_a_place_box_holds_every_place_that_can_agree():
    town = event(5).place
    assert town is not None
    box = place_box(event(5))
    assert box is not None
    south, north, west, east, admin1 = box
    # Every point 250 km away (the widest limit) in any direction lies inside.
    for bearing in range(0, 360, 15):
        rad = math.radians(bearing)
        lat = town.lat + 250 / 111.19 * math.cos(rad)
        lon = town.lon + 250 / (111.19 * math.cos(math.radians(lat))) * math.sin(rad)
        assert south <= lat <= north and west <= lon <= east, bearing
    assert place_box(event(5, place=None)) is None
    country = Place(text="Armenia", name="Armenia", lat=40.0, lon=45.0, precision="country")
    assert place_box(event(5, place=country)) is None
    arctic = Place(text="X", name="X", lat=79.0, lon=20.0, country="NOR")
    assert place_box(event(5, place=arctic)) is None


def test_candidate_keys_box_only_new_articles_without_overrides():
    records = [rec(2, "b", event(7)), rec(3, "b", event(9, date=None, source=(), target=()))]
    key, *nearby = candidate_keys(records, Constraints())
    assert key[:3] == ("ASSAULT", "2020-10-17", ["ARM", "AZE"]) and len(key) == 4
    # the days around it, for a later day's toll of the same attack
    assert [k[1] for k in nearby] == ["2020-10-15", "2020-10-16", "2020-10-18", "2020-10-19"]
    unboxed = [k[:3] for k in (key, *nearby)]
    assert candidate_keys(records, Constraints(), reprocessed=True) == unboxed
    merge = Constraints.from_rows(
        [OverrideRow(1, "merge", mention_key(records[0])), OverrideRow(1, "merge", "x:1:A")]
    )
    assert candidate_keys(records, merge) == unboxed


def test_a_town_in_another_province_is_not_in_that_province():
    from sitroom.model import Place
    from sitroom.resolve.clusters import compatible

    def place(name: str, lat: float, lon: float, country: str, admin1: str, precision: str):
        return Place(
            name, name, lat=lat, lon=lon, country=country, admin1=admin1, precision=precision
        )

    kashmir = place("Azad Kashmir", 33.94, 73.83, "PAK", "Azad Kashmir", "region")
    inside = place("Kotli", 33.52, 73.90, "PAK", "Azad Kashmir", "town")
    outside = place("Muridke", 31.80, 74.26, "PAK", "Punjab", "town")  # 240 km from its point
    across = place("Poonch", 33.77, 74.09, "IND", "Kashmir", "town")  # the other side's land
    assert compatible(
        event(0, place=kashmir, target=("PAK",)), event(1, place=inside, target=("PAK",))
    )
    assert not compatible(
        event(0, place=kashmir, target=("PAK",)), event(1, place=outside, target=("PAK",))
    )
    assert compatible(
        event(0, place=kashmir, target=("PAK",)), event(1, place=across, target=("PAK",))
    )
    # two towns of one province, far apart, are no longer one place
    far = place("Bahawalpur", 29.40, 71.68, "PAK", "Punjab", "town")
    assert not compatible(
        event(0, place=far, target=("PAK",)), event(1, place=outside, target=("PAK",))
    )
