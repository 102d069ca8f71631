"""Ceasefires and truces: parties, broker, when agreed, when in force, violations after.

An agreement is an incident of type AGREE whose mode is ``ceasefire`` (or a
truce). Its parties are the countries its mentions name as source or target;
its brokers are other actors named in a mention's sentence next to a
brokering cue ("brokered by", "mediated", "under the auspices of", "hosted");
its start is a clock time stated in a mention's sentence (with the zone when
the text gives one). Violations are incidents reported as ceasefire
violations, dated on or after the agreement and involving its parties (or
naming nobody).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from sitroom.model import Actor, TimeRef
from sitroom.query import EventRecord

AGREEMENT_MODES = frozenset({"ceasefire", "truce", "humanitarian-truce"})
_BROKER_CUE = re.compile(
    r"\b(brokered|mediat\w*|auspices|hosted|facilitated|sponsored|negotiated by|talks in)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Agreement:
    """One ceasefire or truce found in the store."""

    id: str
    incident_id: str
    kind: str
    parties: list[str]
    brokers: list[str]
    agreed: str | None
    in_force_local: str | None = None
    in_force_utc: str | None = None
    in_force_zone: str | None = None
    in_force_text: str | None = None
    violations: list[tuple[str, str]] = field(default_factory=list)
    """(incident id, why it counts as a violation)."""


@dataclass(frozen=True, slots=True)
class MentionContext:
    """What the store knows around one agreement mention: actors and times in its sentence."""

    actors: Sequence[Actor]
    times: Sequence[TimeRef]


def is_agreement(type_: str, mode: str) -> bool:
    """Is an incident of this type and mode a ceasefire or truce?"""
    return type_ == "AGREE" and mode in AGREEMENT_MODES


def is_violation(type_: str, mode: str, status: str) -> bool:
    """Is an incident a reported breach of a ceasefire?"""
    return mode == "ceasefire-violation" or status == "reported-violation"


def _zone(t: TimeRef) -> str | None:
    """The UTC offset implied by the local and UTC instants, e.g. ``UTC+04:00``."""
    if not t.local or not t.utc:
        return None
    try:
        local = dt.datetime.fromisoformat(t.local)
        utc = dt.datetime.fromisoformat(t.utc)
    except ValueError:
        return None
    if local.tzinfo is not None:
        local = local.replace(tzinfo=None)
    if utc.tzinfo is not None:
        utc = utc.astimezone(dt.UTC).replace(tzinfo=None)
    minutes = round((local - utc).total_seconds() / 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def _party_label(a: Actor) -> str:
    return a.country or a.group or a.name or a.text


def build_agreement(
    incident_id: str, members: Sequence[EventRecord], contexts: Sequence[MentionContext]
) -> Agreement:
    """An agreement from one ceasefire incident's mentions and their sentence contexts."""
    parties: list[str] = []
    for m in members:
        for a in m.event.source + m.event.target:
            label = _party_label(a)
            if label and label not in parties:
                parties.append(label)
    brokers: list[str] = []
    start: TimeRef | None = None
    for m, ctx in zip(members, contexts, strict=True):
        if _BROKER_CUE.search(m.sentence):
            for a in ctx.actors:
                label = a.name or a.group or a.country
                # Brokers are states, organisations or their officials, never an unnamed
                # "military" or "people"; parties cannot broker their own truce.
                if not (a.country or a.group) or a.sector in {"MIL", "CVL", "REB"}:
                    continue
                if a.country in parties or a.group in parties or not label:
                    continue
                if label not in brokers:
                    brokers.append(label)
        for t in ctx.times:
            if (t.utc or t.local) and (start is None or (t.utc and not start.utc)):
                start = t
    dates = sorted((m.event.date for m in members if m.event.date), key=lambda d: (-len(d), d))
    kind = next((m.event.mode for m in members if m.event.mode in AGREEMENT_MODES), "ceasefire")
    digest = hashlib.sha1(incident_id.encode()).hexdigest()[:10]
    return Agreement(
        id=f"agreement-{digest}",
        incident_id=incident_id,
        kind=kind,
        parties=sorted(parties),
        brokers=brokers,
        agreed=dates[0] if dates else None,
        in_force_local=start.local if start else None,
        in_force_utc=start.utc if start else None,
        in_force_zone=_zone(start) if start else None,
        in_force_text=start.text if start else None,
    )


def _start_day(a: Agreement) -> str | None:
    if a.in_force_utc:
        return a.in_force_utc[:10]
    if a.in_force_local:
        return a.in_force_local[:10]
    return a.agreed


def violation_reason(a: Agreement, date: str | None, countries: Sequence[str]) -> str | None:
    """Why an incident reported as a violation breaks agreement ``a``, or None if it cannot."""
    start = _start_day(a)
    if start is None or date is None:
        return None
    n = min(len(start), len(date))
    if date[:n] < start[:n]:
        return None
    involved = set(countries)
    if involved and not involved & set(a.parties):
        return None
    who = ", ".join(sorted(involved & set(a.parties))) or "no party named"
    return f"reported violation dated {date}, on or after {start}; parties: {who}"


def link_violations(
    agreements: list[Agreement], violations: Sequence[tuple[str, str | None, Sequence[str]]]
) -> None:
    """Attach each violation (incident id, date, countries) to the latest agreement it breaks."""
    lanes: dict[str, list[Agreement]] = {"": sorted(agreements, key=lambda a: _start_day(a) or "")}
    for a in lanes[""]:
        for party in a.parties:
            lanes.setdefault(party, []).append(a)
    starts = {k: [_start_day(a) or "" for a in v] for k, v in lanes.items()}
    for inc, date, countries in violations:
        if date is None:
            continue
        best: tuple[str, Agreement, str] | None = None
        for lane in sorted(set(countries)) or [""]:
            # Agreements starting after the violation's period cannot be broken by it;
            # walk back from the latest that can, so the first fit is the latest.
            found = lanes.get(lane, [])
            for k in range(bisect_right(starts.get(lane, []), date + "~") - 1, -1, -1):
                why = violation_reason(found[k], date, countries)
                if why is not None:
                    start = _start_day(found[k]) or ""
                    if best is None or start > best[0]:
                        best = (start, found[k], why)
                    break
        if best is not None:
            best[1].violations.append((inc, best[2]))
