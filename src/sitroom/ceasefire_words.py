"""Words for ceasefires, on the web page and in briefs: when a truce took effect, why an
incident breaks it, and which reports tell of it; the stored forms (ISO instants, country
codes, the resolver's reason) stay on hover where there is one."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sitroom import labels
from sitroom.query import EventRecord
from sitroom.resolve.query import AgreementRecord, IncidentRecord


def _instant(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def _clock(moment: dt.datetime) -> str:
    return f"{labels.date_label(moment.date().isoformat())}, {moment:%H:%M}"


def instant_label(local: str | None, zone: str | None, utc: str | None) -> str:
    """When a truce took effect, in words: "18 Oct 2020, 00:00 local time (UTC+04:00);
    17 Oct 2020, 20:00 UTC". A value that is not an ISO instant is shown as stored."""
    parts = []
    if local:
        moment = _instant(local)
        if moment is None:
            parts.append(local)
        elif "T" not in local:
            parts.append(labels.date_label(local))
        else:
            parts.append(f"{_clock(moment)} local time" + (f" ({zone})" if zone else ""))
    if utc:
        moment = _instant(utc)
        if moment is None:
            parts.append(f"{utc} UTC")
        else:
            if moment.tzinfo is not None:
                moment = moment.astimezone(dt.UTC)
            parts.append(f"{_clock(moment)} UTC")
    return "; ".join(parts)


def start_day(a: AgreementRecord) -> str | None:
    """The day a truce took effect (UTC when known), else the day it was agreed."""
    if a.in_force_utc:
        return a.in_force_utc[:10]
    if a.in_force_local:
        return a.in_force_local[:10]
    return a.agreed


def violation_words(a: AgreementRecord, incident: IncidentRecord) -> str:
    """Why an incident counts against a truce, in words: its date against the truce's
    start and the parties it involves ("dated Oct 2020, not before the truce took effect
    on 17 Oct 2020; involves Armenia and Azerbaijan")."""
    start = start_day(a)
    when = f"dated {labels.date_label(incident.date)}"
    if start:
        when += f", not before the truce took effect on {labels.date_label(start)}"
    involved = [labels.country_label(c) for c in incident.countries if c in a.parties]
    who = f"involves {labels.join_words(involved)}" if involved else "no party named"
    return f"{when}; {who}"


@dataclass(frozen=True, slots=True)
class SourceLink:
    """One report an agreement is told in, with a link text that tells it from the others."""

    article_id: str
    text: str
    title: str


def source_links(
    mentions: Sequence[EventRecord], titles: Mapping[str, str] | None = None
) -> list[SourceLink]:
    """One link per article (not per mention); an outlet with several reports gets its
    reports numbered ("Caucasus Wire, report 1"), an article without an outlet its title
    (from ``titles``, by article id, else its name)."""
    seen: dict[str, EventRecord] = {}
    for m in mentions:
        seen.setdefault(m.article_id, m)
    outlets = Counter(m.outlet for m in seen.values() if m.outlet)
    numbered: Counter[str] = Counter()
    out = []
    for article_id, m in seen.items():
        if m.outlet and outlets[m.outlet] > 1:
            numbered[m.outlet] += 1
            text = f"{m.outlet}, report {numbered[m.outlet]}"
        else:
            text = m.outlet or (titles or {}).get(article_id) or m.doc
        out.append(SourceLink(article_id, text, m.doc))
    return out
