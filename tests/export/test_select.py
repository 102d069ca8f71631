"""The export streams choose what ``sitroom incidents`` and ``sitroom events`` list."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.errors import ExportError
from sitroom.export.select import iter_incidents
from sitroom.query import (
    Filters,
    iter_event_records,
    iter_quote_records,
    select_events,
    select_quotes,
)
from sitroom.resolve.query import get_incident, select_incidents

CASES = [
    Filters(),
    Filters(type="ASSAULT"),
    Filters(country="ARM"),
    Filters(place="tovuz"),
    Filters(since=dt.date(2020, 10, 1), until=dt.date(2020, 10, 31)),
    Filters(type="AGREE", limit=2, offset=1),
]


@pytest.mark.parametrize("f", CASES, ids=str)
def test_incidents_are_those_sitroom_incidents_lists(store, f: Filters) -> None:
    streamed = list(iter_incidents(store, f, batch=7))
    assert [x.incident.id for x in streamed] == [r.id for r in select_incidents(store, f)]
    for x in streamed[:5]:
        full = get_incident(store, x.incident.id)
        assert full is not None
        assert sorted(m.id for m in x.incident.mentions) == sorted(m.id for m in full.mentions)
        assert x.incident.claims == full.claims


def test_contested_keeps_only_disputed_incidents(store) -> None:
    ids = [x.incident.id for x in iter_incidents(store, Filters(), contested=True)]
    assert ids == [r.id for r in select_incidents(store, Filters(), contested=True)]
    assert ids


@pytest.mark.parametrize("f", CASES[:5], ids=str)
def test_mentions_are_those_sitroom_events_lists(store, f: Filters) -> None:
    streamed = [r.id for r in iter_event_records(store, f, batch=7)]
    assert sorted(streamed) == sorted(r.id for r in select_events(store, f))
    quotes = [r.id for r in iter_quote_records(store, f, batch=7)]
    assert sorted(quotes) == sorted(r.id for r in select_quotes(store, f))


def test_mention_filters_are_refused_at_incident_level(store) -> None:
    with pytest.raises(ExportError, match="--level mention"):
        list(iter_incidents(store, Filters(doc="01_")))
