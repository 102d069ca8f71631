"""The index-friendly filters and paging return exactly what the plain definitions do."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

import pytest

from sitroom import query
from sitroom.model import Actor, Article, Event, Extraction, Place
from sitroom.store import Store
from sitroom.web import queries
from sitroom.web.chart import count_chart

VERSIONS = {"actors": "t", "places": "t", "time": "t", "events": "t", "quotes": "t"}
COUNTRIES = ["AZE", "ARM", "TUR", "IRN"]
# Day, month and year precision, undated, and dates on the edges of the windows below.
DATES = (
    [None, "2019-06", "2019-06-20", "2020", "2021", "2020-09", "2020-10", "2020-11"]
    + [
        "2021-03",
    ]
    + [f"2020-{m:02d}-{d:02d}" for m in (9, 10, 11) for d in (1, 2, 14, 15, 30)]
)


def _store(path: Path) -> Store:
    rng = random.Random(3)
    store = Store.open(str(path))
    for k in range(12):
        events = []
        text = " ".join(f"Sentence {i} says forces struck." for i in range(25))
        for i in range(25):
            start = text.index(f"Sentence {i} ")
            src, tgt = rng.sample(COUNTRIES, 2)
            place = rng.choice([None, "AZE", "ARM"])
            events.append(
                Event(
                    type=rng.choice(["ASSAULT", "ASSAULT", "AGREE", "THREATEN"]),
                    start=start + 11,
                    end=start + 15,
                    trigger="says",
                    source=[Actor(text=f"{src} forces", country=src, sector="MIL")],
                    target=[Actor(text=f"{tgt} forces", country=tgt, sector="MIL")],
                    date=rng.choice(DATES),
                    # Several mentions share a position so ties in the sort order occur.
                    place=Place(text="X", name="X", country=place) if place else None,
                    sentence_start=start,
                    sentence_end=start + 30,
                )
            )
        digest = hashlib.sha256(f"{k}{text}".encode()).hexdigest()
        # Names out of insertion order, so the article-name part of the order matters.
        doc = f"report-{(k * 7) % 12:02d}.txt"
        article = Article(doc=doc, text=text, raw=text, content_hash=digest, id=digest[:16])
        store.save(article, Extraction(events=events, versions=VERSIONS))
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """300 event mentions at mixed date precisions over 12 articles."""
    return _store(tmp_path_factory.mktemp("paging") / "paging.db")


def _meets(date: str | None, f: query.Filters) -> bool:
    """The period rule, stated plainly: a date's whole period must meet [since, until]."""
    if date is None:
        return not (f.since or f.until)
    if f.since and date < f.since.isoformat()[: len(date)]:
        return False
    return not (f.until and date > f.until.isoformat()[: len(date)])


WINDOWS = [
    (None, None),
    (dt.date(2020, 10, 15), None),
    (None, dt.date(2020, 10, 15)),
    (dt.date(2020, 10, 2), dt.date(2020, 10, 14)),
    (dt.date(2020, 9, 30), dt.date(2020, 11, 1)),
    (dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
    # A stored month whose year is not stored, and a window inside one stored day.
    (dt.date(2019, 6, 10), None),
    (dt.date(2019, 6, 20), dt.date(2019, 6, 20)),
]


@pytest.mark.parametrize(("since", "until"), WINDOWS)
def test_date_window_keeps_every_period_that_meets_it(
    store: Store, since: dt.date | None, until: dt.date | None
) -> None:
    f = query.Filters(since=since, until=until)
    everything = query.select_events(store)
    expected = sorted(r.id for r in everything if _meets(r.event.date, f))
    assert sorted(r.id for r in query.select_events(store, f)) == expected
    assert queries.count_events(store, f) == len(expected)


FILTERS = [
    query.Filters(),
    query.Filters(type="ASSAULT"),
    query.Filters(country="AZE"),
    query.Filters(country="TUR", type="ASSAULT"),
    query.Filters(country="ARM", since=dt.date(2020, 10, 1), until=dt.date(2020, 11, 30)),
    # Windows whose year and month are stored as coarse dates, and that span new years.
    query.Filters(since=dt.date(2020, 10, 15)),
    query.Filters(type="ASSAULT", since=dt.date(2020, 9, 14), until=dt.date(2021, 6, 30)),
    query.Filters(since=dt.date(2019, 6, 10), until=dt.date(2020, 10, 2)),
    query.Filters(text="Sentence 1"),
    query.Filters(doc="report-0"),
]


@pytest.mark.parametrize("newest", [False, True])
@pytest.mark.parametrize("f", FILTERS)
def test_every_page_is_a_slice_of_the_full_listing(
    store: Store, f: query.Filters, newest: bool
) -> None:
    records = query.select_events(store, f, newest_first=newest)
    full = [r.id for r in records]
    assert full, "the filter should match something"
    if newest:
        # Latest first, undated last; within a date by article name and position.
        dates = [r.event.date for r in records]
        dated = [d for d in dates if d is not None]
        assert dates[: len(dated)] == dated == sorted(dated, reverse=True)
        assert sorted(full) == sorted(r.id for r in query.select_events(store, f))
    for limit in (1, 7, 50, 1000):
        for offset in (0, 1, 6, 13, 40, len(full) - 1, len(full) + 5):
            page = query.select_events(
                store,
                query.Filters(**{**_fields(f), "limit": limit}, offset=offset),
                newest_first=newest,
            )
            assert [r.id for r in page] == full[offset : offset + limit], (limit, offset, newest)


def _fields(f: query.Filters) -> dict[str, object]:
    keys = ("since", "until", "type", "country", "place", "doc", "text", "incident")
    return {k: getattr(f, k) for k in keys}


def test_country_filter_matches_actor_or_place_country(store: Store) -> None:
    everything = query.select_events(store)
    for code in COUNTRIES:
        expected = {
            r.id
            for r in everything
            if code in {a.country for a in r.event.source + r.event.target}
            or (r.event.place is not None and r.event.place.country == code)
        }
        assert {r.id for r in query.select_events(store, query.Filters(country=code))} == expected
        for since in (None, dt.date(2020, 10, 1)):
            f = query.Filters(country=code, since=since)
            want = sum(1 for r in everything if r.id in expected and _meets(r.event.date, f))
            assert queries.count_events(store, f) == want


def test_date_counts_cover_every_event_and_daily_counts_the_days(store: Store) -> None:
    everything = query.select_events(store, query.Filters(country="AZE"))
    counts = queries.date_counts(store, query.Filters(country="AZE"))
    assert sum(c.count for c in counts) == len(everything)
    days = queries.daily_counts(store, query.Filters(country="AZE"))
    assert days == [c for c in counts if len(c.day) == 10]


def test_actor_page_charts_every_incident_not_only_the_listed_events(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from sitroom.config import Settings
    from sitroom.resolve.incidents import resolve_incidents
    from sitroom.web import create_app

    path = tmp_path / "actor.db"
    store = _store(path)
    # An undated statement of a kind no other report tells stays an incident of its own.
    lone = "A statement on the border came without any date."
    digest = hashlib.sha256(lone.encode()).hexdigest()
    undated = Event(
        type="DEMAND",
        start=2,
        end=11,
        trigger="statement",
        source=[Actor(text="AZE officials", country="AZE", sector="GOV")],
        sentence_start=0,
        sentence_end=len(lone),
    )
    article = Article(doc="lone.txt", text=lone, raw=lone, content_hash=digest, id=digest[:16])
    store.save(article, Extraction(events=[undated], versions=VERSIONS))
    resolve_incidents(store)
    f = query.Filters(country="AZE")
    n_incidents = queries.count_incidents(store, f)
    chart = count_chart(queries.incident_date_counts(store, f))
    store.close()
    assert chart is not None
    # Day-precision incidents as bars, month and year ones as bands, undated ones counted.
    assert chart.in_bars + chart.in_bands + chart.undated == n_incidents
    assert chart.in_bands > 0 and chart.undated > 0
    with TestClient(create_app(Settings(db=str(path)))) as client:
        html = client.get("/actors/AZE").text
    caption = html.split("<figcaption>")[1].split("</figcaption>")[0]
    assert f"{chart.in_bars} drawn as bars" in caption
    assert f"{chart.undated} undated" in caption
    assert f"{n_incidents} incidents involve Azerbaijan" in html


def test_long_spans_are_charted_by_week_month_or_year() -> None:
    def counts(first: dt.date, days: int) -> list[queries.DailyCount]:
        return [
            queries.DailyCount((first + dt.timedelta(days=i)).isoformat(), "ASSAULT", 1)
            for i in range(days)
        ]

    short = count_chart(counts(dt.date(2020, 9, 27), 30))
    assert short is not None and short.unit == "day" and len(short.bars) == 30
    weeks = count_chart(counts(dt.date(2020, 9, 27), 3 * 365))
    assert weeks is not None and weeks.unit == "week"
    # 2020-09-27 is a Sunday: its week starts on Monday 21 September, with one incident.
    assert weeks.first_day == "week of 21 Sep 2020"
    assert weeks.bars[0].title == "week of 21 Sep 2020: 1 attack incident"
    assert weeks.max_count == 7 and len(weeks.bars) <= 200
    months = count_chart(counts(dt.date(2000, 1, 1), 10 * 365))
    assert months is not None and months.unit == "month" and months.last_day == "Dec 2009"
    assert sum(int(b.title.split(": ")[1].split()[0]) for b in months.bars) == 10 * 365
    assert [t.label for t in months.x_ticks][:2] == ["2000", "2001"]
    years = count_chart(counts(dt.date(1700, 1, 1), 1) + counts(dt.date(2020, 1, 1), 1))
    assert years is not None and years.unit == "year" and len(years.bars) == 2
