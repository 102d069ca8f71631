"""One incident across outlets: the joining rules that keep the parties' accounts together.

Every sentence here is invented; the places are the factory's.
"""

from __future__ import annotations

from sitroom.model import Event, Place
from sitroom.query import EventRecord, select_events
from sitroom.resolve.claims import summarize
from sitroom.resolve.clusters import (
    Cluster,
    assign,
    cluster_events,
    compatible,
    consistent,
    link_reason,
    linkable,
)
from sitroom.resolve.core import candidate_keys, joinable_incidents
from sitroom.resolve.incidents import resolve_article, resolve_incidents
from sitroom.resolve.overrides import Constraints, OverrideRow, mention_key
from sitroom.store import Store
from tests.resolve.factory import (
    GANJA,
    STEPANAKERT,
    actor,
    article,
    candidate,
    event,
    rec,
    vague,
)

REGION = Place(
    text="the Karabakh highlands",
    name="Karabakh highlands",
    lat=39.9,
    lon=46.7,
    country="AZE",
    precision="region",
)
ARMENIA = Place(text="Armenia", name="Armenia", country="ARM", precision="country")
YEREVAN = Place(
    text="Yerevan", name="Yerevan", lat=40.18, lon=44.51, country="ARM", precision="town"
)


def test_a_generic_mode_agrees_with_any_mode_of_its_type():
    blast = event(0, mode="explosives")
    assert compatible(event(1, mode="air"), blast)
    assert compatible(
        event(1, type_="AGREE", mode="ceasefire"), event(2, type_="AGREE", mode="agreement")
    )
    # two specific modes of different families still keep two incidents apart
    assert not compatible(event(1, mode="air"), event(2, mode="clash"))


def test_the_parties_accounts_of_one_attack_stay_one_incident():
    # one outlet: the attacker's missile killed 40; another, the same day and town: the
    # other side says its own forces fired; a third, a month later in print, with no
    # place: the attacker's rockets killed 38
    told = rec(
        1, "a", event(0, source=("ARM",), target=("AZE",), killed=40), "Missiles hit the market."
    )
    denied = rec(
        2, "b", event(0, source=("AZE",), target=("AZE",)), "Officials blamed a stray round."
    )
    late = vague(event(0, date="2020-10", place=None, source=("ARM",), target=(), killed=38))
    third = rec(3, "c", late, "Rockets fired across the line left dozens dead.")
    assert not compatible(denied.event, late)  # no country in common
    assert consistent(denied.event, late)  # but nothing contradicts it as a member
    out = cluster_events([told, denied, third])
    assert out[1] == out[2] == out[3]
    # a vague mention that nothing bears out (no toll, no place, other words) stays apart
    other = rec(
        4,
        "d",
        vague(event(0, date="2020-10", place=None, source=("ARM",), target=())),
        "Troops moved.",
    )
    out = cluster_events([told, denied, other])
    assert out[4] != out[1]


def test_a_member_elsewhere_in_town_contradicts_even_when_another_bears_out():
    told = rec(1, "a", event(0, place=None, killed=40), "Missiles hit the market.")
    elsewhere = rec(2, "b", event(0, place=STEPANAKERT), "Shells fell on the square.")
    here = rec(3, "c", event(0, place=GANJA, killed=41), "Forty-one died in the attack.")
    assert not consistent(elsewhere.event, here.event)  # two towns 80 km apart
    out = cluster_events([told, elsewhere, here])
    assert out[1] == out[2] and out[3] != out[1]


def test_a_country_level_place_does_not_contradict_as_a_member():
    in_region = event(0, date="2023-09-19", place=REGION, source=("AZE",), target=())
    as_told = event(1, date="2023-09", place=ARMENIA, source=("AZE",), target=("ARM",))
    assert not compatible(in_region, as_told)
    assert consistent(in_region, as_told)


def test_one_accusation_told_by_several_outlets_is_one_incident():
    def blame(
        src: tuple[str, ...], tgt: tuple[str, ...], verb: str, date: str = "2024-07"
    ) -> Event:
        ev = event(
            0, type_="DISAPPROVE", mode="accusation", date=date, place=None, source=src, target=tgt
        )
        return vague(ev, verb)

    a = rec(1, "a", blame(("ISR",), ("LBN",), "accused"), "The army spokesman accused the group.")
    b = rec(
        2,
        "b",
        blame(("ISR",), ("LBN",), "said", "2024-07-28"),
        "The minister said the group crossed every line.",
    )
    c = rec(3, "c", blame(("LBN",), ("ISR",), "blamed"), "The group in turn blamed the army.")
    mutual = rec(4, "d", blame(("ISR", "LBN"), ("ISR", "LBN"), "traded"), "Each side hit out.")
    yearly = rec(
        5, "e", blame(("ISR",), ("LBN",), "condemned", "2024"), "The minister has condemned it."
    )
    out = cluster_events([a, b, c, mutual, yearly])
    assert out[1] == out[2]
    assert len({out[1], out[3], out[4], out[5]}) == 4


def test_incidents_built_apart_merge_when_a_later_member_bears_them_out():
    # the day-dated account with a toll founds one incident; a month-dated account of the
    # same region founds another (nothing bears it out against the first); a third joins
    # the second by its place, and its toll bears out the first: the two are merged
    day = rec(
        1,
        "a",
        event(0, date="2023-09-19", place=None, source=("AZE",), target=(), killed=25),
        "Twenty-five soldiers died.",
    )
    region = rec(
        2,
        "b",
        vague(event(0, date="2023-09", place=REGION, source=("AZE",), target=())),
        "Fighting resumed in the highlands.",
    )
    toll = rec(
        3,
        "c",
        vague(event(0, date="2023-09", place=REGION, source=("AZE",), target=(), killed=27)),
        "The operation left 27 dead in the highlands.",
    )
    clusters = assign([day, region, toll], [])
    assert len(clusters) == 1
    merged = clusters[0]
    assert {m.id for m in merged.members} == {1, 2, 3}
    assert any("merged" in why for why in merged.reasons.values())
    # a user's split between the two keeps them apart
    split = Constraints.from_rows(
        [
            OverrideRow(1, "split", mention_key(day), "a"),
            OverrideRow(1, "split", mention_key(toll), "b"),
        ]
    )
    out = cluster_events([day, region, toll], split)
    assert out[1] != out[3]


def test_only_incidents_with_a_compatible_member_are_loaded():
    new = [rec(1, "n", event(0, place=None, source=("ARM",), target=()), "Missiles hit.")]
    mentions = [
        # one member blames the other side, one is compatible: loaded
        candidate("accounts", 2, event(0, source=("AZE",), target=("AZE",))),
        candidate("accounts", 3, event(0, source=("ARM",), target=("AZE",))),
        # only the other side's account: it could not be joined
        candidate("theirs", 4, event(0, source=("AZE",), target=("AZE",))),
    ]
    assert joinable_incidents(new, mentions, Constraints()) == ["accounts"]


def test_an_undated_report_joins_only_by_a_party_and_a_strong_sign():
    # a report whose day is unknown: the same town, the same parties; or the same toll
    dated = rec(1, "a", event(0, killed=12), "A missile struck the market in the town.")
    same_town = rec(2, "b", event(0, date=None, mode="rocket"), "Rockets hit the bus depot.")
    same_toll = rec(
        3, "c", event(0, date=None, place=None, killed=13), "Thirteen people died overnight."
    )
    assert not compatible(dated.event, same_town.event)  # no date to compare
    assert linkable(dated.event, same_town.event)
    out = cluster_events([dated, same_town, same_toll])
    assert out[1] == out[2] == out[3]
    # no sign (no place, no toll, other words), or no party in common: apart
    bare = rec(4, "d", event(0, date=None, place=None), "Shelling was heard.")
    theirs = event(0, date=None, source=("RUS",), target=("UKR",))
    other_sides = rec(5, "e", theirs, "A missile struck the market in the town.")
    assert not linkable(dated.event, theirs)
    out = cluster_events([dated, bare, other_sides])
    assert len({out[1], out[4], out[5]}) == 3
    # an undated member contradicts no date, so the incident takes later dated reports
    assert consistent(same_town.event, event(0, date="2020-10"))


def test_two_reports_of_one_war_of_the_same_countries_are_one_incident():
    def war(verb: str, countries: tuple[str, ...], date: str = "2020") -> Event:
        ev = event(0, mode="war", date=date, place=None, source=countries, target=countries)
        return vague(ev, verb)

    a = rec(1, "a", war("escalated", ("ARM", "AZE")), "The conflict escalated into a war.")
    b = rec(2, "b", war("began", ("ARM", "AZE"), "2020-10"), "Fighting began in October.")
    c = rec(3, "c", war("seen", ("ARM", "AZE", "TUR")), "The region has seen two wars.")
    d = rec(4, "d", war("ended", ("ARM", "AZE"), "2016"), "The earlier war ended quickly.")
    # fighting of the two told by the month is the war's; a day's clash is an incident
    weeks = war("killed", ("ARM", "AZE"), "2020-10")
    weeks.mode = "clash"
    e = rec(5, "e", weeks, "Weeks of heavy fighting have killed hundreds.")
    day = war("erupted", ("ARM", "AZE"), "2020-10-12")
    day.mode = "clash"
    f = rec(6, "f", day, "A clash erupted at the border.")
    out = cluster_events([a, b, c, d, e, f])
    assert out[1] == out[2] == out[5]
    assert len({out[1], out[3], out[4], out[6]}) == 4


def test_an_undated_mention_looks_up_its_countries_on_every_date():
    named = rec(1, "n", event(0, date=None), "Missiles hit.")
    nameless = rec(2, "n", event(5, date=None, source=(), target=()), "Missiles hit.")
    keys = candidate_keys([named, nameless], Constraints(), reprocessed=True)
    assert keys == [("ASSAULT", "", ["ARM", "AZE"])]
    mentions = [
        candidate("same-sides", 2, event(0, date="2020-10-17")),
        candidate("other-sides", 3, event(0, source=("RUS",), target=("UKR",))),
    ]
    assert joinable_incidents([named], mentions, Constraints()) == ["same-sides"]


def _joins_as_in_a_full_run(tmp_path, first_killed: int, later) -> None:
    """An article resolved on its own joins the stored report's incident, as a full run does."""
    store = Store.open(str(tmp_path / "t.db"))
    store.save(*article("a", [event(5, killed=first_killed)]))
    resolve_incidents(store)
    new, extraction = article("b", [later])
    store.save(new, extraction)
    assert resolve_article(store, new.id) == 1
    incremental = {(r.doc, r.event.start): r.event.incident for r in select_events(store)}
    resolve_incidents(store)
    full = {(r.doc, r.event.start): r.event.incident for r in select_events(store)}
    assert incremental == full and full[("b", 7)] == full[("a", 5)]


def test_an_undated_article_ingested_later_joins_as_in_a_full_run(tmp_path):
    _joins_as_in_a_full_run(tmp_path, 30, event(7, date=None, killed=31))


def test_a_later_days_toll_of_one_attack_joins_it():
    # the attack on the 17th killed 40; on the 18th an outlet counts 44 dead in the same
    # town; a third report of the 17th follows (the 18th's member does not contradict it),
    # then a report of the 18th with no toll, place or words in common, and a toll told
    # three days after the attack
    first = rec(1, "a", event(0, killed=40), "Missiles hit the market.")
    toll = rec(2, "b", event(0, date="2020-10-18", killed=44), "The toll rose to 44.")
    same_day = rec(3, "c", event(0), "Rescuers searched the rubble of the market.")
    unborne = vague(event(0, date="2020-10-18", place=None), "moved")
    no_toll = rec(4, "d", unborne, "Troops moved.")
    later = rec(5, "e", event(0, date="2020-10-20", killed=41), "Forty-one have died so far.")
    out = cluster_events([first, toll, same_day, no_toll, later])
    assert out[1] == out[2] == out[3]
    assert len({out[1], out[4], out[5]}) == 3
    # days apart without a toll in common are no sign
    apart = cluster_events([first, rec(6, "f", event(0, date="2020-10-18"), "Hit.")])
    assert apart[1] != apart[6]
    assert "2020-10-17 ~ 2020-10-18" in (link_reason(first.event, toll.event) or "")


def test_a_later_days_toll_joins_in_incremental_resolution_as_in_a_full_run(tmp_path):
    _joins_as_in_a_full_run(tmp_path, 40, event(7, date="2020-10-18", killed=44))


def test_one_reports_accounts_of_each_side_are_one_contested_incident():
    # a report of the 24th: the one side's army says the other opened fire on it; the
    # other side's ministry, dated only by the report, says the first attacked its posts;
    # a third sentence tells of the two sides clashing
    first = vague(
        event(0, date="2025-07-24", mode="", place=None, source=("THA",), target=("KHM",))
    )
    first.claimant = actor("KHM", "GOV")
    told = rec(1, "a", first, "The ministry said the army attacked its posts.")
    both = vague(
        event(
            20,
            date="2025-07-24",
            mode="clash",
            place=None,
            source=("KHM", "THA"),
            target=("KHM", "THA"),
        ),
        "clashed",
    )
    both.time_precision = 1
    clash = rec(2, "a", both, "Troops of the two countries clashed at dawn.")
    other = event(
        40,
        date="2025-07-24",
        mode="small-arms",
        place=None,
        source=("KHM",),
        target=("THA",),
        claimant=actor("THA", "MIL"),
    )
    reply = rec(3, "a", vague(other, "opened"), "Its soldiers opened fire first, the army said.")
    (incident,) = assign([told, clash, reply], [])
    assert len(incident.members) == 3
    # each side blames the other: the incident shows the blame as contested
    assert "blame" in summarize(incident.members, {}).contested
    # in two reports, two such accounts are not a sign by themselves
    apart = cluster_events(
        [
            told,
            rec(
                4,
                "b",
                vague(
                    event(0, date="2025-07-24", place=None, source=("KHM",), target=("THA",)),
                    "shot",
                ),
                "Shots were heard.",
            ),
        ]
    )
    assert apart[1] != apart[4]


def test_one_threat_told_by_several_outlets_is_one_incident():
    # one side warning the same other side within the month, each outlet in its own words
    def warn(src: tuple[str, ...], tgt: tuple[str, ...], verb: str, date: str = "2024-07") -> Event:
        ev = event(0, type_="THREATEN", mode="statement", date=date, place=None, source=src)
        ev.target = [actor(c) for c in tgt]
        return vague(ev, verb)

    a = rec(1, "a", warn(("ISR",), ("LBN",), "vowed"), "The premier vowed a harsh answer.")
    b = rec(2, "b", warn(("ISR",), ("LBN",), "warned", "2024-07-27"), "He warned of a price.")
    back = rec(3, "c", warn(("LBN",), ("ISR",), "threatened"), "The group threatened in turn.")
    other = rec(4, "d", warn(("ISR",), ("IRN",), "cautioned"), "He cautioned its patron too.")
    out = cluster_events([a, b, back, other])
    assert out[1] == out[2]
    assert len({out[1], out[3], out[4]}) == 3


def test_reported_violations_of_one_side_in_a_month_are_one_accusation():
    def breach(src: str, tgt: str, verb: str) -> Event:
        ev = event(
            0,
            mode="ceasefire-violation",
            status="reported-violation",
            date="2025-05",
            place=None,
            source=(src,),
            target=(tgt,),
        )
        return vague(ev, verb)

    said = rec(1, "a", breach("PAK", "IND", "reported"), "New Delhi reported breaches.")
    answered = rec(2, "b", breach("PAK", "IND", "rejected"), "Islamabad rejected the charge.")
    counter = rec(3, "c", breach("IND", "PAK", "alleged"), "Islamabad alleged Indian breaches.")
    out = cluster_events([said, answered, counter])
    assert out[1] == out[2] != out[3]
    # two attacks of one side in a month are no accusation: nothing bears them out
    shells = vague(event(0, date="2025-05", place=None), "hit")
    drone = vague(event(0, date="2025-05", place=None), "fell")
    fired = [rec(4, "d", shells, "Shells hit a school."), rec(5, "e", drone, "A drone fell.")]
    apart = cluster_events(fired)
    assert apart[4] != apart[5]


def test_clashes_of_one_month_between_the_same_sides_are_one_round_of_fighting():
    def fighting(sides: tuple[str, ...], verb: str, date: str = "2022-09") -> Event:
        return vague(
            event(0, mode="clash", date=date, place=None, source=sides, target=sides), verb
        )

    toll = rec(1, "a", fighting(("KGZ", "TJK"), "killed"), "Two dozen died in the clashes.")
    call = rec(2, "b", fighting(("KGZ", "TJK"), "urged"), "The envoy urged an end to fighting.")
    others = rec(3, "c", fighting(("ARM", "AZE"), "fought"), "Troops fought on another border.")
    dawn = fighting(("KGZ", "TJK"), "erupted", "2022-09-14")
    dawn.time_precision = 1
    day = rec(4, "d", dawn, "A firefight broke out at dawn.")
    out = cluster_events([toll, call, others, day])
    assert out[1] == out[2]
    # other sides, or a day's clash with nothing else in common, stay apart
    assert len({out[1], out[3], out[4]}) == 3


def _reports(place: Place, n: int, first_id: int) -> list[EventRecord]:
    return [
        rec(first_id + k, f"r{first_id + k}", event(0, place=place), "Missiles hit the market.")
        for k in range(n)
    ]


def test_one_misplaced_member_does_not_keep_later_reports_out():
    # five reports of a strike on the town and one that put it 80 km off (a wrong
    # geocode): a later report from the town still joins them
    members = _reports(GANJA, 5, 1) + _reports(STEPANAKERT, 1, 6)
    (incident,) = assign(members[:5], [])
    incident.members.append(members[5])
    later = rec(10, "z", event(0, killed=12), "Missiles hit the market.")
    clusters = assign([later], [incident])
    assert len(clusters) == 1 and later in clusters[0].members
    # the incremental path loads that incident as a candidate too
    stored = [candidate(incident.id, m.id, m.event) for m in incident.members]
    assert joinable_incidents([later], stored, Constraints()) == [incident.id]
    # where the places of more than a few members disagree, the incident stays closed
    split = _reports(GANJA, 2, 1) + _reports(STEPANAKERT, 1, 3)
    (mixed,) = assign(split[:2], [])
    mixed.members.append(split[2])
    assert len(assign([rec(11, "y", event(0), "Missiles hit the market.")], [mixed])) == 2
    # and a date that contradicts one member is never an outlier
    incident.members.remove(later)
    incident.members.append(rec(13, "w", event(0, date="2020-10-25"), "Missiles hit."))
    assert len(assign([rec(12, "x", event(0), "Missiles hit the market.")], [incident])) == 2


def test_two_days_clashes_of_the_same_two_sides_are_one_round_of_fighting():
    def clash(day: str, sides: tuple[str, ...], sentence: str, n: int) -> EventRecord:
        ev = event(0, mode="clash", date=day, place=None, source=sides, target=sides)
        ev.trigger = sentence.split()[1]
        return rec(n, f"r{n}", ev, sentence)

    friday = clash("2022-09-16", ("KGZ", "TJK"), "Border troops clashed at dawn.", 1)
    sunday = clash("2022-09-18", ("KGZ", "TJK"), "The fighting's toll rose again.", 2)
    other_pair = clash("2022-09-17", ("KGZ", "UZB"), "Guards exchanged shots overnight.", 3)
    later = clash("2022-09-21", ("KGZ", "TJK"), "Skirmishes resumed near the river.", 4)
    out = cluster_events([friday, sunday, other_pair, later])
    assert out[1] == out[2]
    assert len({out[1], out[3], out[4]}) == 3
    # one side attacking the other on two days is no round of fighting by itself
    raid = rec(5, "r5", event(0, date="2020-10-19", place=None), "Drones struck a depot.")
    first = rec(6, "r6", event(0, place=None), "Missiles hit the market.")
    assert cluster_events([raid, first])[5] != cluster_events([raid, first])[6]


def test_statements_blaming_other_sides_are_two_incidents():
    # a group with no country blames one side; that side blames a third: one day, one
    # attack, many words in common, but two statements
    def blame(src: tuple[str, ...], tgt: tuple[str, ...], n: int, sentence: str) -> EventRecord:
        ev = event(0, type_="DISAPPROVE", mode="accusation", place=None, source=src)
        ev.target = [actor(c) for c in tgt]
        return rec(n, f"r{n}", ev, sentence)

    group = blame((), ("UKR",), 1, "The strike on the station was a provocation, the rebels said.")
    side = blame(("UKR",), ("RUS",), 2, "The strike on the station was a Russian provocation.")
    assert not compatible(group.event, side.event)
    again = blame(("UKR",), ("RUS", "BLR"), 3, "Kyiv blamed the strike on the station on Moscow.")
    out = cluster_events([group, side, again])
    assert out[2] == out[3] != out[1]


def test_a_condemnation_naming_no_one_is_that_sides_accusation_of_the_month():
    def said(src: tuple[str, ...], tgt: tuple[str, ...], verb: str, n: int, text: str):
        ev = event(0, type_="DISAPPROVE", mode="accusation", date="2020-10", place=None)
        ev.source = [actor(c) for c in src]
        ev.target = [actor(c) for c in tgt]
        return rec(n, f"r{n}", vague(ev, verb), text)

    condemned = said(("ARM",), (), "condemned", 1, "The ministry condemned it as a war crime.")
    accused = said(("ARM",), ("AZE",), "accused", 2, "Yerevan accused Baku of the raid.")
    theirs = said(("AZE",), (), "denounced", 3, "Baku denounced the claims as lies.")
    another = said(("ARM",), (), "deplored", 4, "Officials deplored the losses.")
    out = cluster_events([condemned, accused, theirs, another])
    assert out[1] == out[2]
    # the other side's words, or a second condemnation naming no one, are no sign by themselves
    assert out[3] != out[1] and out[3] != out[4]
    assert cluster_events([condemned, another])[1] != cluster_events([condemned, another])[4]


def test_both_sides_blaming_each_other_on_one_day_is_one_exchange_of_blame():
    # two reports dated only by their news day, in other words: each tells the two sides
    # blaming each other, which is one exchange of blame on that day
    def mutual(n: int, date: str, verb: str, sentence: str) -> EventRecord:
        ev = event(0, type_="DISAPPROVE", mode="accusation", date=date, place=None)
        ev.source = [actor("ARM"), actor("AZE")]
        ev.target = [actor("AZE"), actor("ARM")]
        return rec(n, f"r{n}", vague(ev, verb), sentence)

    first = mutual(
        1, "2021-11-16", "accused", "Yerevan and Baku accused each other of a truce breach."
    )
    second = mutual(2, "2021-11-16", "traded", "Hours later the neighbours traded blame once more.")
    later = mutual(3, "2021-11-19", "blamed", "Both governments blamed one another for new firing.")
    out = cluster_events([first, second, later])
    assert out[1] == out[2]
    # another day's exchange is another incident, however alike
    assert out[3] != out[1]
    # one side blaming the other is not the exchange's sign by itself
    one_sided = mutual(4, "2021-11-16", "spoke", "Officials in Baku spoke of provocations.")
    one_sided.event.source = [actor("AZE")]
    one_sided.event.target = [actor("ARM")]
    assert cluster_events([first, one_sided])[1] != cluster_events([first, one_sided])[4]


def test_a_toll_told_without_a_day_joins_the_incident_counted_alike():
    # two incidents of one day in two towns that a month-dated toll told with no place could
    # join: the one whose wording it shares more, and the one whose dead are counted alike;
    # the toll decides
    worded = rec(1, "r1", event(0, killed=None), "Shells struck the town centre and the market.")
    counted = rec(
        2, "r2", event(0, killed=40, place=STEPANAKERT), "Forty died in the overnight barrage."
    )
    toll = event(0, mode="", date="2020-10", place=None, killed=38)
    told = rec(3, "r3", toll, "The shells that struck the town centre have killed 38 people.")
    clusters = [Cluster("worded", [worded]), Cluster("counted", [counted])]
    out = {m.id: c.id for c in assign([told], clusters) for m in c.members}
    assert out[3] == "counted" and out[1] == "worded"


def test_an_offensive_and_its_fire_of_one_day_are_one_incident():
    # one outlet tells of the offensive launched in the region on a day, another of the
    # shelling there that day, a third of the gunfight there that day
    launched = rec(
        1,
        "o1",
        event(0, mode="offensive", place=REGION, source=("AZE",), target=("ARM",), killed=25),
        "The army launched an offensive in the highlands on Tuesday.",
    )
    shelled = rec(
        2,
        "o2",
        event(0, mode="artillery", place=REGION, source=("AZE",), target=()),
        "Heavy shelling was heard across the highlands.",
    )
    gunfight = event(0, mode="small-arms", place=REGION, source=("ARM",), target=("AZE",))
    fired = rec(3, "o3", gunfight, "Separatist units opened fire on army posts.")
    assert cluster_events([launched, shelled])[2] == cluster_events([launched, shelled])[1]
    assert cluster_events([launched, fired])[3] == cluster_events([launched, fired])[1]
    # the shelling and the gunfight are still two acts, whatever joined them
    assert not consistent(shelled.event, fired.event)
    # an offensive told by the month and the shelling of a day in it are one too
    by_month = event(0, mode="offensive", date="2020-10", place=REGION, source=("AZE",))
    assert consistent(by_month, shelled.event)
    # on another day, or both with a month or a year only, they stay apart
    later = event(0, mode="artillery", date="2020-10-18", place=REGION, source=("AZE",))
    assert not compatible(launched.event, later)
    assert not consistent(by_month, event(0, mode="artillery", date="2020-10"))
    assert not consistent(launched.event, event(0, mode="artillery", date="2020"))
    # a mortar barrage is fire from afar, like a shelling
    assert compatible(event(0, mode="mortar"), event(1, mode="artillery"))
    assert not compatible(event(0, mode="mortar"), event(1, mode="clash"))


def test_a_towns_strike_is_apart_from_the_wider_attack_it_was_part_of():
    # one outlet: strikes across the highlands killed 31; another: in one town of them, a
    # mosque was hit and 3 died; a third: 3 died in that town's mosque, as the second
    wide = event(0, place=REGION, killed=31)
    across = rec(1, "w1", wide, "Strikes across the highlands killed 31 people overnight.")
    mosque = rec(2, "w2", event(0, killed=3), "In the town, a mosque was hit and 3 died.")
    again = rec(3, "w3", event(0, killed=2), "Two worshippers died when the mosque was hit.")
    out = cluster_events([across, mosque, again])
    assert out[2] == out[3] != out[1]
    assert not consistent(wide, mosque.event)
    # a toll of one order at the town (a later count, the same dead) is no part
    assert compatible(wide, event(0, killed=16))
    # nor is a town of the other country (the strike that answered it, across the border)
    assert compatible(event(0, place=REGION, killed=31), event(0, place=YEREVAN, killed=3))


def test_one_report_telling_an_accusation_again_that_day_is_one_statement():
    # a report's lede and body both tell one side blaming the other that day; another
    # outlet tells it once: one accusation
    def blame(n: int, doc: str, date: str, sentence: str) -> EventRecord:
        ev = event(n, type_="DISAPPROVE", mode="accusation", date=date, place=None)
        return rec(n, doc, vague(ev, "blamed"), sentence)

    lede = blame(1, "r1", "2021-11-16", "Baku blamed Yerevan for the border attack.")
    body = blame(2, "r1", "2021-11-16", "The ministry said Armenian units had opened fire.")
    other = blame(3, "r2", "2021-11-16", "Azerbaijan accused Armenia of a provocation.")
    out = cluster_events([lede, body, other])
    assert out[1] == out[2] == out[3]
    # told with a month only, two accusations of one report stay two statements
    vague_lede = blame(4, "r3", "2021-11", "Baku blamed Yerevan for attacks.")
    vague_body = blame(5, "r3", "2021-11", "It said Armenian units had fired on its posts.")
    apart = cluster_events([vague_lede, vague_body])
    assert apart[4] != apart[5]
    # and other statements of one report (a call, not an accusation) stay apart too
    call = event(6, type_="DEMAND", mode="statement", place=None)
    again = event(7, type_="DEMAND", mode="statement", place=None)
    calls = cluster_events(
        [
            rec(6, "r4", call, "Baku called on Yerevan to withdraw."),
            rec(7, "r4", again, "Baku urged Yerevan to stop firing."),
        ]
    )
    assert calls[6] != calls[7]


def test_a_word_every_report_uses_is_no_sign_of_one_incident():
    # a strike on a day, and another report's attack dated only by its report: told with
    # the same uncommon word they join; with "attack", which any report uses, they do not
    strike = event(0, place=None, source=("ARM",), target=("AZE",))
    strike.trigger = "shelled"
    told = rec(1, "g1", strike, "Artillery shelled the depot on Saturday.")
    shelled = vague(event(0, date="2020-10", place=None, target=()), "shelled")
    again = rec(2, "g2", shelled, "Army units shelled positions near the river.")
    assert cluster_events([told, again])[1] == cluster_events([told, again])[2]
    told.event.trigger = "attack"
    other = vague(event(0, date="2020-10", place=None, target=()), "attack")
    since = rec(3, "g3", other, "It was the worst attack since the war.")
    assert cluster_events([told, since])[1] != cluster_events([told, since])[3]


def test_one_sides_two_mentions_are_not_two_sides_accounts():
    # one report: two mentions naming one country on both sides (a parse that lost the
    # other side) are not the two sides' accounts of one fight
    a = rec(1, "s1", event(0, place=None, source=("ISR",), target=("ISR",)), "It was deadly.")
    b = rec(2, "s1", event(9, place=None, source=("ISR",), target=("ISR",)), "Fire was heard.")
    a.event.date = "2020-10"
    a.event.time_precision = 3
    a.event.trigger, b.event.trigger = "deadly", "heard"
    assert cluster_events([a, b])[1] != cluster_events([a, b])[2]
    # two sides, each blaming the other for the fire, still are (told with no weapon: one
    # side's missiles and the other's strike back are two, see the test below)
    c = rec(
        3, "s2", event(0, mode="", place=None, source=("ARM",), target=("AZE",)), "Fire opened."
    )
    d = rec(
        4, "s2", event(9, mode="", place=None, source=("AZE",), target=("ARM",)), "Posts were hit."
    )
    c.event.date = "2020-10"
    c.event.time_precision = 3
    c.event.trigger, d.event.trigger = "opened", "hit"
    assert cluster_events([c, d])[3] == cluster_events([c, d])[4]


def test_a_strike_and_the_other_sides_strike_back_are_two_incidents():
    # one outlet: X's missiles hit Y's town; another, the same day with no place: Y says it
    # shot down X's jets; a third, the same day: X's air strikes on Y, told with no place
    strike = rec(1, "a", event(0, source=("ARM",), target=("AZE",), killed=9), "Missiles hit.")
    reply = event(0, mode="air", place=None, source=("AZE",), target=("ARM",))
    downed = rec(2, "b", reply, "Baku said it downed two jets of the attackers.")
    again = event(0, mode="air", place=None, source=("ARM",), target=("AZE",))
    raids = rec(3, "c", again, "Yerevan said its aircraft hit positions across the border.")
    assert not compatible(strike.event, reply) and not consistent(strike.event, reply)
    out = cluster_events([strike, downed, raids])
    assert out[1] == out[3] != out[2]
    # two accounts of one strike that differ on who fired at the side hit stay one
    denied = event(0, mode="", place=None, source=("AZE",), target=("AZE",))
    assert compatible(strike.event, denied)
    # both placed: the places decide (here the same town: the two sides' accounts)
    placed = event(0, mode="missile", source=("AZE",), target=("ARM",))
    assert compatible(strike.event, placed)
    # a clash each side says the other began is one fight
    fired = event(0, mode="clash", place=None, source=("AZE",), target=("ARM",))
    assert compatible(event(0, mode="clash", source=("ARM",), target=("AZE",)), fired)


def test_one_days_ceasefire_told_by_reports_dated_by_their_news_is_one_agreement():
    def truce(date: str, parties: tuple[str, ...], verb: str) -> Event:
        ev = event(0, type_="AGREE", mode="ceasefire", date=date, place=None)
        ev.source = [actor(c) for c in parties]
        ev.target = [actor(c) for c in parties]
        return vague(ev, verb)

    first = rec(1, "a", truce("2021-11-16", ("ARM", "RUS"), "led"), "Mediation led to a truce.")
    other = rec(2, "b", truce("2021-11-16", ("AZE", "RUS"), "agreed"), "Baku agreed to a truce.")
    month = rec(3, "c", truce("2021-11", ("ARM", "AZE"), "ceased"), "The sides ceased fire.")
    later = rec(4, "d", truce("2021-11-20", ("ARM", "RUS"), "signed"), "A new truce was signed.")
    apart = rec(5, "e", truce("2021-11-16", ("KGZ", "TJK"), "halted"), "Another border halted.")
    out = cluster_events([first, other, month, later, apart])
    assert out[1] == out[2] == out[3]
    # another day's truce, or one of other parties, is another agreement
    assert len({out[1], out[4], out[5]}) == 3


def test_a_reports_two_attacks_in_one_country_are_not_one_by_their_places():
    country = Place(text="Azerbaijan", name="Azerbaijan", country="AZE", precision="country")

    def told(place: Place, mode: str, verb: str) -> Event:
        return vague(event(0, mode=mode, date="2020-10-17", place=place), verb)

    deep = told(country, "missile", "launched")
    border = told(REGION, "", "killed")
    same = [rec(1, "a", deep, "Missiles rained on cities."), rec(2, "a", border, "Two died.")]
    out = cluster_events(same)
    assert out[1] != out[2]
    # told by two reports, a country and a place in it still agree as one incident's
    other = [rec(3, "b", deep, "Missiles rained on cities."), rec(4, "c", border, "Two died.")]
    joined = cluster_events(other)
    assert joined[3] == joined[4]


def test_a_reports_day_and_wording_do_not_make_its_two_attacks_one():
    def told(place: Place | None, verb: str) -> Event:
        ev = event(0, mode="", date="2020-10-17", place=place)
        ev.time_precision = 1  # dated by the text, not by the report
        ev.trigger = verb
        return ev

    words = "Azerbaijani forces shelled Armenian villages on Saturday"
    first, second = told(None, "shelled"), told(None, "hit")
    out = cluster_events([rec(1, "a", first, words + "."), rec(2, "a", second, words + " again.")])
    assert out[1] != out[2]
    # two reports of that day in those words are one incident
    other = cluster_events([rec(3, "b", first, words + "."), rec(4, "c", second, words + ".")])
    assert other[3] == other[4]


def test_the_verb_every_accusation_is_told_with_is_no_sign_of_one():
    def blame(src: tuple[str, ...], tgt: tuple[str, ...], verb: str) -> Event:
        ev = event(0, type_="DISAPPROVE", mode="accusation", place=None, source=src, target=tgt)
        return vague(ev, verb)

    each = rec(1, "a", blame(("KGZ", "TJK"), ("KGZ", "TJK"), "accused"), "Both traded charges.")
    one = rec(2, "b", blame(("KGZ",), ("TJK",), "accused"), "Bishkek named Dushanbe's guns.")
    out = cluster_events([each, one])
    assert out[1] != out[2]
    # an uncommon word that both reports use is still a sign
    each.event.trigger = one.event.trigger = "denounced"
    joined = cluster_events([each, one])
    assert joined[1] == joined[2]


def test_an_accusation_told_the_next_day_by_a_report_of_that_day_is_one():
    def blame(date: str, target: str, verb: str, *, by_report: bool) -> Event:
        ev = event(0, type_="DISAPPROVE", mode="accusation", date=date, place=None)
        ev.source, ev.target = [actor("UKR")], [actor(target)]
        ev.trigger = verb
        ev.time_precision = 3 if by_report else 1
        return ev

    made = rec(1, "a", blame("2022-04-08", "RUS", "denounced", by_report=False), "Kyiv spoke.")
    told = rec(2, "b", blame("2022-04-09", "RUS", "faulted", by_report=True), "Officials said.")
    out = cluster_events([made, told])
    assert out[1] == out[2]
    # both dated by their text, or blaming another side, they are two accusations
    again = rec(3, "c", blame("2022-04-09", "RUS", "faulted", by_report=False), "A new charge.")
    other = rec(4, "d", blame("2022-04-09", "BLR", "faulted", by_report=True), "Minsk named.")
    apart = cluster_events([made, again, other])
    assert len({apart[1], apart[3], apart[4]}) == 3


def test_one_third_partys_mediation_in_a_month_is_one_incident():
    def mediation(src: str, tgt: tuple[str, ...], verb: str) -> Event:
        ev = event(
            0,
            type_="CONSULT",
            mode="mediation",
            date="2025-05",
            place=None,
            source=(src,),
            target=tgt,
        )
        return vague(ev, verb)

    led = rec(1, "a", mediation("USA", ("IND", "PAK"), "led"), "The truce followed US efforts.")
    thanked = rec(
        2, "b", mediation("USA", ("IND", "PAK"), "facilitating"), "He thanked Washington."
    )
    other = rec(3, "c", mediation("QAT", ("IND", "PAK"), "hosting"), "Doha hosted the envoys.")
    elsewhere = rec(4, "d", mediation("USA", ("ARM", "AZE"), "mediated"), "The envoy mediated.")
    out = cluster_events([led, thanked, other, elsewhere])
    assert out[1] == out[2]
    assert len({out[1], out[3], out[4]}) == 3
