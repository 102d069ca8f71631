"""Group event mentions, within and across articles, into incidents: the pure rules.

Two mentions may report one incident when their types agree, their modes belong to one
family (or one is generic: "an agreement", "a blast"; or one is an offensive and the other
its shelling or fighting of one day), their dates agree at the coarser
precision, their places lie close together (or share a country when one is
country-level), and the countries involved overlap. A mention joins the incident it
agrees with most and records why: one member must be compatible with it and bear it out
(a shared place, the same day, the same wording, tolls of one order, the same accuser
and accused, both sides blaming each other on one day, the two sides' accounts in one
report; two acts one report kept apart not by its day, its wording or a country,
``_told_apart``), and no member may contradict it
(``consistent``: the date, type, mode and a town or region place hold for every member;
who did it and a country-level place only for the member that bears it out, since the
parties' accounts of one attack differ on exactly those). Two statements of one type in
one report stay apart, unless it tells one accusation again on the same day
(``_same_statement_allowed``). A town or region place may
contradict a few members (``PLACE_OUTLIER_SHARE`` of the pairs): one mention placed in a
wrong town does not keep every later report out of its incident. An attack at a town
and one placed only in the wider region or country with more than twice its death toll
are two incidents: the town's strike is a part of the wider attack (``_part_and_whole``).
One side's missile or air strike and the other side's strike back, one of them told with
no place, are two incidents (``_strike_and_reply``).
A mention with no date (a report whose day is unknown) joins only by a party in common
and a strong sign: the same town, tolls of one order or the same wording
(``_undated_sign``). Two days' reports
of one attack, at most ``NEAR_DAYS`` apart, join when their death tolls are of one order
(a later day's count, ``_toll_update``), as do two days' clashes of the same two sides.
Incidents built apart that a later member bears out are merged the same way
(``assign``). User overrides (merge, split) are constraints that win over the rules.
Nothing here reads or writes the store: ``sitroom.resolve.core`` decides with these
functions over a neighbourhood loaded beforehand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from sitroom.geo.distance import haversine_km
from sitroom.model import GEO_PRECISION, SAYING_TYPES, Actor, Event, Place
from sitroom.query import EventRecord
from sitroom.resolve.claims import IncidentSummary
from sitroom.resolve.overrides import Constraints, mention_key
from sitroom.store.incidents import IncidentRow

VERSION = "incidents-27"

_MODE_FAMILIES = {
    "missile": "strike",
    "rocket": "strike",
    "rocket/mortar": "strike",
    "mortar": "strike",
    "artillery": "strike",
    "shelling": "strike",
    "drone": "strike",
    "airstrike": "strike",
    "air": "strike",
    "clash": "ground",
    "small-arms": "ground",
    "war": "war",
    "ceasefire": "ceasefire",
    "ceasefire-violation": "violation",
    "phone": "contact",
    "visit": "contact",
    "meeting": "contact",
    "talks": "contact",
}

_WORDING_MIN = 0.2
_TOWN_KM = 50.0
_REGION_KM = 250.0
PLACE_LIMIT_KM = max(_TOWN_KM, _REGION_KM)
"""Beyond this, two places with coordinates agree only by their admin area."""


_GENERIC_MODES = frozenset({"agreement", "statement", "accusation", "explosives"})
"""Modes that say what kind of act it was, not how: they agree with any mode of the type
("an agreement" and "a ceasefire"; "the blast" and "an air strike" as two sides tell of
one explosion)."""


def _family(mode: str) -> str:
    return _MODE_FAMILIES.get(mode, mode)


def _modes_agree(a: str, b: str) -> bool:
    if not a or not b or a in _GENERIC_MODES or b in _GENERIC_MODES:
        return True
    if {a, b} == {"war", "clash"}:  # a war is fought as clashes
        return True
    return _family(a) == _family(b)


def _countries(e: Event) -> set[str]:
    return {a.country for a in e.source + e.target if a.country}


NEAR_DAYS = 2
"""How many days apart two day-dated mentions of one attack may lie when one tells a later
day's toll of it ("the toll rose to 471 on Wednesday")."""


def _day(d: str | None) -> dt.date | None:
    if d is None or len(d) < 10:
        return None
    try:
        return dt.date.fromisoformat(d[:10])
    except ValueError:
        return None


def near_days(a: str | None, b: str | None) -> bool:
    """Are both dates days, at most ``NEAR_DAYS`` apart?"""
    da, db = _day(a), _day(b)
    return da is not None and db is not None and abs((da - db).days) <= NEAR_DAYS


def nearby_days(d: str) -> list[str]:
    """The other days ``NEAR_DAYS`` or less from a day-dated ``d`` (none for another date)."""
    day = _day(d)
    if day is None:
        return []
    return [(day + dt.timedelta(days=n)).isoformat() for n in range(-NEAR_DAYS, NEAR_DAYS + 1) if n]


def _dates_agree(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _place_reason(a: Event, b: Event) -> str | None:
    """Why the places agree ("" when one has none), or None when they conflict."""
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return ""
    if pa.precision == "country" or pb.precision == "country":
        if pa.country and pb.country and pa.country != pb.country:
            return None
        return f"same country {pa.country or pb.country}"
    if _outside_region(pa, pb) or _outside_region(pb, pa):
        return None
    if None not in (pa.lat, pa.lon, pb.lat, pb.lon):
        km = haversine_km(pa.lat, pa.lon, pb.lat, pb.lon)  # type: ignore[arg-type]
        # a region ("eastern Ukraine", "Batken Region") holds towns well away from its point
        limit = _TOWN_KM if pa.precision == pb.precision == "town" else _REGION_KM
        if km <= limit:
            return f"places {pa.name} ~ {pb.name} {km:.0f} km"
        if pa.admin1 and pa.admin1 == pb.admin1 and not pa.precision == pb.precision == "town":
            return f"same admin area {pa.admin1}"
        return None
    if pa.country and pb.country and pa.country != pb.country:
        return None
    return f"same country {pa.country}" if pa.country else ""


def _outside_region(town: Place, region: Place) -> bool:
    """A town outside a province of its own country: the region is a first-level division
    (its own admin1) and the town's known admin1 is another one of that country (Muridke, in
    Punjab, is not in Azad Kashmir, however near their points lie). Across a border, each
    side's telling of one fight names its own land, and a region of no one country
    (the Line of Control) is no province."""
    if town.precision != "town" or region.precision != "region" or not town.admin1:
        return False
    if not town.country or town.country != region.country:
        return False
    return region.admin1 == region.name and town.admin1 != region.admin1


def compatible(a: Event, b: Event) -> bool:
    """Could these two mentions report the same real-world incident?"""
    return a.date is not None and b.date is not None and _agree(a, b)


def _agree(a: Event, b: Event, *, near: bool = False) -> bool:
    """``compatible``, with an unknown date agreeing with any (an undated report), and with
    ``near``, days ``NEAR_DAYS`` apart too."""
    if not _when_and_what_agree(a, b, near=near) or _part_and_whole(a, b):
        return False
    if _place_reason(a, b) is None:
        return False
    ca, cb = _countries(a), _countries(b)
    if ca and cb and not ca & cb:
        return False
    return a.type not in SAYING_TYPES or _same_speakers(a, b)


def _same_speakers(a: Event, b: Event) -> bool:
    """Who said or offered it, and to or of whom, identifies a statement: Baku blaming
    Yerevan and Yerevan blaming Baku are two incidents, unlike the two sides of one clash,
    and so are a group blaming Kyiv and Kyiv blaming Moscow for one strike."""
    sa, sb = _source_countries(a), _source_countries(b)
    if sa and sb and not sa & sb:
        return False
    ta, tb = _target_countries(a), _target_countries(b)
    return not (ta and tb and not ta & tb)


def _when_and_what_agree(a: Event, b: Event, *, near: bool = False) -> bool:
    if a.type != b.type:
        return False
    if {a.status, b.status} == {"planned", "reported-violation"}:
        return False
    dates = a.date is None or b.date is None or _dates_agree(a.date, b.date)
    dates = dates or (near and near_days(a.date, b.date))
    if _strike_and_reply(a, b):
        return False
    return dates and (_modes_agree(a.mode, b.mode) or _fought_in_offensive(a, b))


_FIRED_MODES = frozenset({"missile", "air", "airstrike", "drone"})
"""Modes of an act one side fires deep into the other's land or air space, unlike shelling
across a front, which the two sides trade as one exchange of fire."""


def _strike_and_reply(a: Event, b: Event) -> bool:
    """One side's strike on another and that side's strike back: each one-sided (no side
    both attacker and attacked), the attackers of each the attacked of the other, fired
    from afar (a missile, air or drone attack, or one told with no mode beside one), and one
    told with no place ("X's missiles hit Y's cities"; "Y said it shot down X's jets"). Two
    acts, not two accounts of one: the parties' accounts of one strike differ on who fired
    at the place hit, not on which side was hit, and a clash or an exchange of shelling is
    one fight each side says the other began. Where both are placed, the places decide."""
    modes = {a.mode, b.mode}
    if a.type != "ASSAULT" or not modes <= _FIRED_MODES | {""} or modes == {""}:
        return False
    if a.place is not None and b.place is not None:
        return False
    sa, sb = _source_countries(a), _source_countries(b)
    ta, tb = _target_countries(a), _target_countries(b)
    if not (sa and sb and ta and tb) or sa & ta or sb & tb:
        return False
    return sa == tb and ta == sb


def _fought_in_offensive(a: Event, b: Event) -> bool:
    """An offensive and a strike or a fight of one day (the other told on that day or in
    its month): an offensive is fought with shelling, air strikes and clashes, and the
    outlets that tell of one name either ("launched an offensive", "both sides reported
    shelling" in the region that day). One of them dated to the day: two told only by the
    month or year are no sign, a month holds many strikes and clashes that were no
    offensive."""
    modes = {a.mode, b.mode}
    if "offensive" not in modes:
        return False
    if not {_family(m) for m in modes - {"offensive"}} <= {"strike", "ground"}:
        return False
    lengths = sorted((len(a.date or ""), len(b.date or "")))
    return lengths[0] >= 7 and lengths[1] == 10 and _dates_agree(a.date, b.date)


def consistent(a: Event, b: Event, *, near: bool = False) -> bool:
    """Does nothing in ``a`` contradict ``b`` as another member of its incident?

    Weaker than ``compatible`` for acts: the parties' accounts of one attack differ on
    who did it to whom ("a Russian missile" against "a Ukrainian Tochka-U"), and a
    country-level place is often only where the teller stands ("in Armenia" for a
    clash in Karabakh). Those must agree with the member that bears a mention out, not
    with every member; the date, type, mode and a town or region place must agree with
    all. A statement is identified by who made it, so for statements it is ``compatible``.
    An unknown date contradicts no date; with ``near`` (a join that a later day's toll
    bears out, ``_toll_update``), neither does a day ``NEAR_DAYS`` away.
    """
    return consistent_but_place(a, b, near=near) and _places_consistent(a, b)


def consistent_but_place(a: Event, b: Event, *, near: bool = False) -> bool:
    """``consistent``, the places aside (a few members' places may contradict a join,
    ``PLACE_OUTLIER_SHARE``)."""
    if not _when_and_what_agree(a, b, near=near) or _part_and_whole(a, b):
        return False
    if a.type in SAYING_TYPES:
        ca, cb = _countries(a), _countries(b)
        if ca and cb and not ca & cb:
            return False
        return _same_speakers(a, b)
    return True


def _places_consistent(a: Event, b: Event) -> bool:
    if a.type not in SAYING_TYPES:
        pa, pb = a.place, b.place
        if pa is None or pb is None or "country" in (pa.precision, pb.precision):
            return True
    return _place_reason(a, b) is not None


PLACE_OUTLIER_SHARE = 0.2
"""The share of member pairs whose places alone may contradict when incidents join: a
mention geocoded to a wrong town ("Moscow" for talks reported on a border clash) must not
keep out every later report of its incident, but one incident's members lie together."""


def _part_and_whole(a: Event, b: Event) -> bool:
    """An attack at a town and one placed only in the region or country holding it whose
    death toll is more than twice the town's: the town's strike is a part of the wider
    attack ("strikes across the province killed 31"; "in one town, 3 died when a mosque was
    hit"), an incident of its own, not another outlet's telling of the same one."""
    town, wide = (a, b) if _precision(a) == "town" else (b, a)
    if _precision(town) != "town" or _precision(wide) not in ("region", "country"):
        return False
    if town.place.country != wide.place.country:  # type: ignore[union-attr]
        return False
    t, w = town.casualties.killed, wide.casualties.killed
    return t is not None and w is not None and w > 2 * t


def _precision(e: Event) -> str | None:
    return e.place.precision if e.place is not None else None


def _outliers_allowed(contradicting: int, pairs: int) -> bool:
    return contradicting <= PLACE_OUTLIER_SHARE * pairs


def consistent_with(members: Iterable[Event], e: Event, *, near: bool = False) -> bool:
    """Is ``e`` ``consistent`` with every member, but for a few outlying places
    (``PLACE_OUTLIER_SHARE`` of them)?"""
    outliers = pairs = 0
    for m in members:
        pairs += 1
        if not consistent(m, e, near=near):
            if not consistent_but_place(m, e, near=near):
                return False
            outliers += 1
    return _outliers_allowed(outliers, pairs)


def linkable(a: Event, b: Event, *, near: bool = False) -> bool:
    """Could these two mentions be one incident, given a sign: ``compatible``, or one of them
    undated, everything else agreeing and a party (country) named by both; with ``near``,
    also days ``NEAR_DAYS`` apart with everything else agreeing (``_toll_update``)."""
    if compatible(a, b):
        return True
    if near and near_days(a.date, b.date):
        return _agree(a, b, near=True)
    if a.date is not None and b.date is not None:
        return False
    return _agree(a, b) and bool(_countries(a) & _countries(b))


def _borne_out(ra: EventRecord, rb: EventRecord) -> bool:
    """Are these two mentions one incident: ``linkable``, with the sign their dates call for."""
    a, b = ra.event, rb.event
    if a.date is None or b.date is None:
        return linkable(a, b) and _undated_sign(ra, rb)
    return compatible(a, b) and _corroborated(ra, rb)


def _toll_update(ra: EventRecord, rb: EventRecord) -> bool:
    """Two days' reports of one attack: days ``NEAR_DAYS`` apart or less, everything else
    agreeing, and death tolls of one order (the later day's count of the same dead); or two
    days' clashes of the same two sides, each told as both fighting (a round of fighting
    over days: "the fighting erupted on Friday", "the toll of the fighting rose on Sunday");
    or one accusation told on the next day by a report dated only by its news day
    (``_news_day_accusation``)."""
    a, b = ra.event, rb.event
    if _dates_agree(a.date, b.date) or not near_days(a.date, b.date):
        return False
    fighting = a.mode == b.mode == "clash" and _both_sides(a) == _both_sides(b) != set()
    sign = fighting or _tolls_agree(a.casualties.killed, b.casualties.killed)
    return (sign or _news_day_accusation(a, b)) and _agree(a, b, near=True)


def _news_day_accusation(a: Event, b: Event) -> bool:
    """One side's accusation of the same other side (``_same_accusation``) told on two days
    one apart, one of them dated only by its report's day: a report dated by its news day
    tells of an accusation made that day or the day before, and outlets restate one
    accusation far more often than a side makes a second one the next day."""
    if a.type != "DISAPPROVE" or not (_fallback_date(a) or _fallback_date(b)):
        return False
    da, db = _day(a.date), _day(b.date)
    if da is None or db is None or abs((da - db).days) != 1:
        return False
    return _same_accusation(a, b)


def _both_sides(e: Event) -> set[str]:
    """The two sides of a mention told as both fighting each other ("the two armies
    clashed", neither the attacker), else none."""
    sides = _source_countries(e)
    both = len(sides) == 2 and sides == {x.country for x in e.target if x.country}
    return sides if both else set()


def _spans_days(members: list[EventRecord]) -> bool:
    """Does an incident already hold two days (a later day's toll joined it)?"""
    days = {_day(m.event.date) for m in members}
    return len(days - {None}) > 1


def _undated_sign(ra: EventRecord, rb: EventRecord) -> bool:
    """With no date to go by, only a strong sign joins: the same town, death tolls of one
    order, or the same wording (three words or more in common)."""
    a, b = ra.event, rb.event
    pa, pb = a.place, b.place
    if pa and pb and pa.precision == pb.precision == "town" and pa.name == pb.name:
        return True
    if _tolls_agree(a.casualties.killed, b.casualties.killed):
        return True
    wa, wb = _words(ra), _words(rb)
    return len(wa & wb) >= 3 and len(wa & wb) / len(wa | wb) >= _WORDING_MIN


def _same_statement_allowed(ra: EventRecord, rb: EventRecord) -> bool:
    """One article reports two statements of one type as two mentions: keep them apart;
    but not one accusation it tells again on the same day (a side blaming the same other
    side that day, or both sides blaming each other, in the lede and again in the body):
    a report restates an accusation far more often than it reports two of that day."""
    if ra.event.type not in SAYING_TYPES or ra.article_id != rb.article_id:
        return True
    a, b = ra.event, rb.event
    if _same_exchange_of_blame(a, b):
        return True
    return len(a.date or "") == 10 and a.date == b.date and _same_accusation(a, b)


def _corroborated(ra: EventRecord, rb: EventRecord) -> bool:
    """A vaguer or fallback date joins another only with a second sign: place, wording, trigger,
    a named operation.

    Two acts told in one report (``_told_apart``) are two events to the report: its day,
    its wording and a country named by both are no sign that they are one."""
    a, b = ra.event, rb.event
    apart = _told_apart(ra, rb)
    # (one year is no sign: a year holds many calls, offers and clashes)
    same_date = a.date == b.date and len(a.date or "") >= 7
    if same_date and not (apart or _fallback_date(a) or _fallback_date(b)):
        return True
    country = "country" in (_precision(a), _precision(b))
    if a.place is not None and b.place is not None and not (apart and country):
        return True
    if _same_trigger(a, b) or _same_operation(ra, rb):
        return True
    if _tolls_agree(a.casualties.killed, b.casualties.killed):
        return True
    if _same_accusation(a, b) or _same_exchange_of_blame(a, b):
        return True
    if _same_war(a, b) or _same_truce(a, b):
        return True
    # one report telling each side's account of a fight at dates that agree: the accounts
    # of one incident, which the report keeps apart as each party's record
    if ra.article_id == rb.article_id and _crossed_parties(a, b):
        return True
    if apart:
        return False
    wa, wb = _words(ra), _words(rb)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= _WORDING_MIN


def _told_apart(ra: EventRecord, rb: EventRecord) -> bool:
    """Two acts of one report: its assembly already made one event of the mentions it tells
    of one act, so two that it kept apart are two events to it. The report's own day, its
    wording (the names and words it tells everything with) and a country (which holds both
    a day's strikes deep inside it and that day's shelling along its border) are then no
    sign that they are one; a town or region, a rare trigger, tolls of one order or the two
    sides' accounts still are."""
    return ra.article_id == rb.article_id and ra.event.type not in SAYING_TYPES


_GENERIC_TRIGGERS = frozenset(
    {
        "attack",
        "attacks",
        "attacked",
        "killed",
        "said",
        "says",
        "shelling",
        "strike",
        "strikes",
        "accuse",
        "accused",
        "accuses",
        "accusing",
        "blamed",
        "blames",
        "condemned",
        "condemns",
    }
)
"""Words any report of an attack, a bombardment or an accusation is told with: two reports
sharing one are no more likely one incident ("the attack" in a report on a strike and
"since the attack of last year" in another; one side "accused" the other, and both sides
"accused" each other, the same day)."""


def _same_trigger(a: Event, b: Event) -> bool:
    """The same word tells both (an uncommon one: "shelled", "downed", "truce"), a sign."""
    word = a.trigger.lower()
    return bool(word) and word == b.trigger.lower() and word not in _GENERIC_TRIGGERS


_OPERATION = re.compile(r"\bOperation\s+[‘“'\"]?([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)")


def _same_operation(ra: EventRecord, rb: EventRecord) -> bool:
    """One mention is the launch of a named military operation ("launched Operation
    Desert Storm") and the other's sentence names it too: an army names an operation
    once, so outlets that name it tell of the same one."""
    for one, other in ((ra, rb), (rb, ra)):
        names = _operations(one.event.trigger)
        if names and names & _operations(other.sentence):
            return True
    return False


@lru_cache(maxsize=4096)
def _operations(text: str) -> frozenset[str]:
    # Cached like ``_sentence_words``: a mention's sentence is read for every pair compared
    return frozenset(m.group(1) for m in _OPERATION.finditer(text))


def _tolls_agree(a: int | None, b: int | None) -> bool:
    """Death tolls of one order (the same strike as two sides or two days count it:
    500 and 471, 35 and 50), not a handful each, which many incidents share."""
    if a is None or b is None or min(a, b) < 5:
        return False
    return max(a, b) <= 2 * min(a, b)


def _same_accusation(a: Event, b: Event) -> bool:
    """One side blaming (or threatening) the same other side within one month: outlets
    report one accusation (each in its own words and with the speaker it names) far more
    often than a side makes two of them, and the accuser, not the speaker's name, identifies
    it. A condemnation that names no one ("the ministry condemned the shelling") is that
    side's accusation as another outlet tells it ("accused Y of shelling the cathedral"). A
    reported ceasefire violation is an accusation too ("India reported breaches by
    Pakistan", "responding to Indian allegations of violations by Pakistan")."""
    told = a.type in ("DISAPPROVE", "THREATEN") or a.status == b.status == "reported-violation"
    # a third party mediating between the same sides in one month: one mediation
    told = told or a.mode == b.mode == "mediation"
    if not told or len(a.date or "") < 7 or len(b.date or "") < 7:
        return False
    sa, sb = _source_countries(a), _source_countries(b)
    if len(sa) != 1 or sa != sb:
        return False
    ta, tb = _target_countries(a), _target_countries(b)
    if a.type == "DISAPPROVE" and not (ta and tb):
        return bool(ta or tb) and not sa & (ta | tb)
    return bool(ta) and ta == tb and not sa & ta


def _same_exchange_of_blame(a: Event, b: Event) -> bool:
    """Both sides blaming each other on the same day, as two reports tell it ("X and Y
    accused each other of breaking the truce", "the two countries traded blame"): one
    exchange of blame. A day, not a month: two sides at war trade blame often."""
    if a.type != "DISAPPROVE" or len(a.date or "") < 10 or a.date != b.date:
        return False
    sides = _both_sides(a)
    return bool(sides) and sides == _both_sides(b)


def _crossed_parties(a: Event, b: Event) -> bool:
    """One's attackers are among the other's attacked and its attacked among the other's
    attackers: one side's account of a fight and the other side's, or the report's own
    account of both sides fighting ("X says Y attacked first; Y says X opened fire")."""
    sa, sb = _source_countries(a), _source_countries(b)
    ta = {x.country for x in a.target if x.country}
    tb = {x.country for x in b.target if x.country}
    if len(sa | sb | ta | tb) < 2:  # one side only: no two accounts to cross
        return False
    return bool(sa and sb and ta and tb) and ((sa <= tb and ta <= sb) or (sb <= ta and tb <= sa))


def _same_war(a: Event, b: Event) -> bool:
    """A war or fighting of the same countries in the same year or month, told with no day:
    two countries fight one war at a time, so "the 2020 war" and "the war that broke out in
    September" are one, fighting between them told with no day ("weeks of heavy fighting")
    is that war's, and the clashes of one month between the same two sides told with no day
    ("the border clashes", "24 killed in the fighting") are one round of fighting."""
    if not {a.mode, b.mode} <= {"war", "clash"}:
        return False
    if len(a.date or "") >= 10 or len(b.date or "") >= 10:
        return False
    ca = _countries(a)
    return len(ca) >= 2 and ca == _countries(b)


def _same_truce(a: Event, b: Event) -> bool:
    """A ceasefire among the same parties told by two reports on one day, or by one on a
    day and by one dated only by its report's month ("agreed to a ceasefire on Tuesday";
    "a ceasefire starting at 18:30"; "the sides ceased hostilities after phone calls by the
    mediator"): sides agree to one truce at a time, so a day's truce and one reported that
    day or month with a party in common are one, even when the reports' dates are only
    their own news days."""
    if a.mode != "ceasefire" or b.mode != "ceasefire" or a.status != b.status:
        return False
    if not _countries(a) & _countries(b) or not _dates_agree(a.date, b.date):
        return False
    lengths = sorted((len(a.date or ""), len(b.date or "")))
    return lengths == [10, 10] or (lengths == [7, 10] and (_fallback_date(a) or _fallback_date(b)))


def _target_countries(e: Event) -> set[str]:
    return {x.country for x in e.target if x.country}


def _source_countries(e: Event) -> set[str]:
    return {x.country for x in e.source if x.country}


def _fallback_date(e: Event) -> bool:
    """Dated only by the report (its month, or the day of its news: nothing in the text
    dates it): no sign of identity."""
    return e.date_precision in ("month", "day") and e.time_precision == 3


def link_reason(a: Event, b: Event) -> str | None:
    """Why two mentions may report one incident, or None when they cannot."""
    if not linkable(a, b, near=True):
        return None
    place = _place_reason(a, b)
    ca, cb = _countries(a), _countries(b)
    parts = [f"type {a.type}", f"date {a.date} ~ {b.date}"]
    if a.mode and b.mode:
        parts.insert(1, f"mode {a.mode} ~ {b.mode}")
    if place:
        parts.append(place)
    if ca & cb:
        parts.append("actors " + ",".join(sorted(ca & cb)))
    return "; ".join(parts)


_WORD = re.compile(r"[^\W\d_]{4,}")


def _words(rec: EventRecord) -> frozenset[str]:
    return _sentence_words(rec.sentence)


@lru_cache(maxsize=4096)
def _sentence_words(sentence: str) -> frozenset[str]:
    # Cached: every pair compared reads both sentences' words, and a mention is compared
    # with every member of each candidate incident.
    return frozenset(w.lower() for w in _WORD.findall(sentence))


def _affinity(ra: EventRecord, rb: EventRecord) -> float:
    """How strongly two compatible mentions agree (higher joins first).

    Attributes count most (a death toll of one order as much as the same place or day: a
    conflict's toll told with no day belongs with the fighting counted alike, not with a
    strike of that month); the wording of the two sentences (shared words) breaks ties.
    """
    a, b = ra.event, rb.event
    wa, wb = _words(ra), _words(rb)
    score = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    if a.mode and a.mode == b.mode:
        score += 1.0
    if a.date and a.date == b.date:
        score += 1.0 + len(a.date) / 10
    if a.place and b.place and a.place.name == b.place.name:
        score += 1.0
    ca, cb = _countries(a), _countries(b)
    if ca and cb:
        score += len(ca & cb) / len(ca | cb)
    if a.status == b.status:
        score += 0.5
    if _same_trigger(a, b):
        score += 0.5
    if _tolls_agree(a.casualties.killed, b.casualties.killed):
        score += 1.0
    return score


@dataclass(slots=True)
class Cluster:
    """One incident being built: its members and why each joined."""

    id: str
    members: list[EventRecord] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)
    """Event id -> why it joined (empty for the founding mention)."""

    def mention_keys(self) -> set[str]:
        """Stable mention keys of the members."""
        return {mention_key(m) for m in self.members}


def incident_id(rec: EventRecord) -> str:
    """A stable id from the incident's founding mention."""
    e = rec.event
    digest = hashlib.sha1(f"{rec.article_id}:{e.start}:{e.type}".encode()).hexdigest()[:10]
    return f"{e.type.lower()}-{e.date or 'undated'}-{digest}"


def _order(records: Iterable[EventRecord]) -> list[EventRecord]:
    """Most precise dates first, so coarse mentions join incidents that are already dated."""
    return sorted(records, key=lambda r: (-len(r.event.date or ""), r.doc, r.event.start))


class _DateIndex:
    """Clusters by type and date, so a mention is compared only with clusters it can match.

    A cluster is filed under its most precise date; a day-precise mention looks
    at clusters of that day, month-only ones of its month and year-only ones of
    its year; a coarser mention looks at every cluster of its month or year. Clusters
    of undated mentions only are filed apart: every mention of the type looks at them,
    and an undated mention looks at every cluster of its type.
    """

    def __init__(self) -> None:
        self.exact: dict[tuple[str, str], list[Cluster]] = {}
        self.within: dict[tuple[str, str], list[Cluster]] = {}
        # By object, not incident id: a re-processed article's new cluster can be given the
        # id its old incident had while that one is still in the index.
        self.filed: dict[int, tuple[str, str]] = {}
        self.of_type: dict[str, list[Cluster]] = {}

    def add(self, cluster: Cluster) -> None:
        """File a cluster (again, when a more precise member joined)."""
        type_ = cluster.members[0].event.type
        date = max((m.event.date or "" for m in cluster.members), key=len)
        old_type, old = self.filed.get(id(cluster), (type_, None))
        if old == date:
            return
        if old is None:
            self.of_type.setdefault(type_, []).append(cluster)
        else:
            filed = self.exact[(old_type, old)]
            filed[:] = [c for c in filed if c is not cluster]
        self.exact.setdefault((type_, date), []).append(cluster)
        if date:
            for prefix in {date[:4], date[:7]} - ({old[:4], old[:7]} if old else set()):
                self.within.setdefault((type_, prefix), []).append(cluster)
        self.filed[id(cluster)] = (type_, date)

    def candidates(self, e: Event) -> list[Cluster]:
        """Clusters whose dates can agree with the mention's."""
        d = e.date
        if not d:
            return list(self.of_type.get(e.type, []))
        undated = self.exact.get((e.type, ""), [])
        if len(d) >= 10:
            keys = [d, d[:7], d[:4]] if len(d) == 10 else [d, d[:4]]
            keys += nearby_days(d)
            return [c for k in keys for c in self.exact.get((e.type, k), [])] + undated
        if len(d) == 7:
            return self.within.get((e.type, d), []) + self.exact.get((e.type, d[:4]), []) + undated
        return self.within.get((e.type, d[:4]), []) + undated


def _best_cluster(
    rec: EventRecord, key: str, candidates: list[Cluster], rules: Constraints
) -> tuple[Cluster | None, str]:
    best: Cluster | None = None
    best_score, anchor = -1.0, rec
    constrained = key in rules.partners
    for cluster in candidates:
        if constrained and rules.forbids(key, cluster.mention_keys()):
            continue
        found = _bears_out(cluster.members, [rec])
        if found is not None and found[0] > best_score:
            best, (best_score, anchor, _) = cluster, found
    if best is None:
        return None, ""
    # The anchor is named by its stable key (article, offset, type), never by its row id,
    # which reprocessing renews: a stored reason must not point at a row that is gone.
    why = link_reason(anchor.event, rec.event)
    return best, f"with event {mention_key(anchor)} ({anchor.doc}): {why}"


def _bears_out(
    members: list[EventRecord], others: list[EventRecord]
) -> tuple[float, EventRecord, EventRecord] | None:
    """How well ``others`` (a mention, or an incident's members) join ``members``: the best
    (affinity, member, other) of a compatible pair that bears the join out, or None.

    Nothing in one may contradict the other (``consistent``: complete link on the rules),
    and one pair must bear the join out (single link on the signs: a vague date joins the
    incident through the member that shares its place, its wording or its toll). A pair
    of days ``NEAR_DAYS`` apart with tolls of one order (``_toll_update``) bears a join
    out, and then other members' days that far apart do not contradict it either. Places
    alone may contradict in ``PLACE_OUTLIER_SHARE`` of the pairs.
    """
    best: tuple[float, EventRecord, EventRecord] | None = None
    update = (
        _spans_days(members)
        or _spans_days(others)
        or any(_toll_update(m, o) for m in members for o in others)
    )
    outliers = 0
    for m in members:
        for o in others:
            if not _same_statement_allowed(m, o):
                return None
            if not consistent(m.event, o.event, near=update):
                if not consistent_but_place(m.event, o.event, near=update):
                    return None
                outliers += 1
                continue
            if _borne_out(m, o) or (update and _toll_update(m, o)):
                score = _affinity(m, o)
                if best is None or score > best[0]:
                    best = (score, m, o)
    if not _outliers_allowed(outliers, len(members) * len(others)):
        return None
    return best


def _merge(clusters: list[Cluster], fresh: set[int], rules: Constraints) -> list[Cluster]:
    """Merge incidents that one borne-out pair of members joins and nothing contradicts.

    A mention joins one incident at a time, so two incidents can stand apart that a member
    joined later bears out (a month-dated account joins the incident of its own place
    first; the other outlet's, dated to the day, shares its toll). Only incidents holding
    one of the ``fresh`` mentions (event ids) are tried, each with the incident it agrees
    with most, into the older of the two; each member of the other records why.
    """
    index = _DateIndex()
    for c in clusters:
        index.add(c)
    order = {id(c): n for n, c in enumerate(clusters)}
    gone: set[int] = set()
    queue = [c for c in clusters if any(m.id in fresh for m in c.members)]
    while queue:
        x = queue.pop(0)
        if id(x) in gone:
            continue
        best: tuple[float, Cluster, EventRecord, EventRecord] | None = None
        dated = max(x.members, key=lambda m: len(m.event.date or ""))
        for y in index.candidates(dated.event):
            if y is x or id(y) in gone or _forbidden(x, y, rules):
                continue
            found = _bears_out(x.members, y.members)
            if found is not None and (best is None or found[0] > best[0]):
                best = (found[0], y, found[1], found[2])
        if best is None:
            continue
        _, y, mx, my = best
        keep, drop = (x, y) if order[id(x)] < order[id(y)] else (y, x)
        anchor, other = (mx, my) if keep is x else (my, mx)
        why = link_reason(anchor.event, other.event)
        for m in drop.members:
            keep.members.append(m)
            keep.reasons[m.id] = drop.reasons.get(m.id) or (
                f"incident {drop.id} merged, with event {mention_key(anchor)} "
                f"({anchor.doc}) ~ event {mention_key(other)} ({other.doc}): {why}"
            )
        gone.add(id(drop))
        index.add(keep)
        queue.append(keep)
    return [c for c in clusters if id(c) not in gone]


def _forbidden(x: Cluster, y: Cluster, rules: Constraints) -> bool:
    if not rules.partners:
        return False
    theirs = y.mention_keys()
    return any(k in rules.partners and rules.forbids(k, theirs) for k in x.mention_keys())


def assign(
    records: Iterable[EventRecord],
    clusters: list[Cluster],
    constraints: Constraints | None = None,
    *,
    reserved: Iterable[str] = (),
) -> list[Cluster]:
    """Place each record in the best compatible cluster (or a new one), then merge the
    clusters that the records' joins leave borne out (``_merge``); returns every cluster.

    New clusters take no id of ``clusters`` nor of ``reserved`` (incidents left out).
    """
    rules = constraints or Constraints()
    records = list(records)
    by_key: dict[str, Cluster] = {k: c for c in clusters for k in c.mention_keys()}
    taken = {c.id for c in clusters} | set(reserved)
    index = _DateIndex()
    for c in clusters:
        index.add(c)
    for rec in _order(records):
        key = mention_key(rec)
        forced = rules.forced_cluster(key, by_key) if key in rules.partners else None
        if forced is not None:
            forced.members.append(rec)
            forced.reasons[rec.id] = rules.reason(key, forced.mention_keys())
        else:
            best, why = _best_cluster(rec, key, index.candidates(rec.event), rules)
            if best is None:
                forced = Cluster(_unique(incident_id(rec), taken), [rec])
                taken.add(forced.id)
                clusters.append(forced)
            else:
                forced = best
                best.members.append(rec)
                best.reasons[rec.id] = why
        index.add(forced)
        by_key[key] = forced
    return _merge(clusters, {r.id for r in records}, rules)


def _unique(incident: str, taken: set[str]) -> str:
    """``incident``, or it with a number added when an incident already has that id (a
    re-processed article's mention can found an incident while its old one still stands)."""
    n, out = 2, incident
    while out in taken:
        out, n = f"{incident}-{n}", n + 1
    return out


def cluster_events(
    records: list[EventRecord], constraints: Constraints | None = None
) -> dict[int, str]:
    """Assign an incident id to every event mention (event id -> incident id)."""
    out: dict[int, str] = {}
    for cluster in assign(records, [], constraints):
        for m in cluster.members:
            out[m.id] = cluster.id
    return out


def _representative(members: list[EventRecord]) -> EventRecord:
    """The member with the most precise date, then a town-level place, then the earliest."""

    def rank(r: EventRecord) -> tuple[int, int, str, int]:
        place = r.event.place
        precise_place = 2 if place and place.precision == "town" else 1 if place else 0
        return (-len(r.event.date or ""), -precise_place, r.doc, r.event.start)

    return min(members, key=rank)


def incident_row(cluster: Cluster, summary: IncidentSummary) -> IncidentRow:
    """The stored summary of one incident."""
    rep = _representative(cluster.members)
    e = rep.event
    modes = sorted(m.event.mode for m in cluster.members if m.event.mode)
    statuses = {m.event.status for m in cluster.members}
    status = "occurred" if "occurred" in statuses else e.status
    p = next(
        (m.event.place for m in sorted(cluster.members, key=_place_rank) if m.event.place), None
    )
    return IncidentRow(
        id=cluster.id,
        type=e.type,
        # The most frequent mode; ties go to the first in alphabetical order.
        mode=max(dict.fromkeys(modes), key=modes.count) if modes else "",
        status=status,
        date=e.date,
        date_precision=e.date_precision,
        place_name=p.name if p else None,
        place_country=p.country if p else None,
        place_admin1=p.admin1 if p else None,
        place_lat=p.lat if p else None,
        place_lon=p.lon if p else None,
        killed=(summary.killed.low, summary.killed.best, summary.killed.high),
        injured=(summary.injured.low, summary.injured.best, summary.injured.high),
        contested=summary.contested,
        countries=summary.countries,
        n_mentions=len(cluster.members),
        n_articles=summary.n_articles,
        n_sources=summary.n_sources,
    )


def _place_rank(r: EventRecord) -> int:
    p = r.event.place
    return GEO_PRECISION.get(p.precision, 4) if p else 5


def _actor_signature(a: Actor) -> tuple[str, ...]:
    return (a.text, a.country, a.sector, a.name, a.group)


def copy_signature(r: EventRecord) -> tuple[object, ...]:
    """Everything resolution, summaries and the tracker read from a mention, offsets aside."""
    e = r.event
    p, c = e.place, e.casualties
    return (
        r.sentence,
        e.type,
        e.trigger,
        e.mode,
        e.status,
        e.date,
        e.date_precision,
        None
        if p is None
        else (p.name, p.geonameid, p.lat, p.lon, p.country, p.admin1, p.precision),
        (c.killed, c.injured, c.killed_approx, c.injured_approx, c.victim_sector),
        None if e.claimant is None else _actor_signature(e.claimant),
        tuple(map(_actor_signature, e.source)),
        tuple(map(_actor_signature, e.target)),
    )


Signature = tuple[object, ...]
