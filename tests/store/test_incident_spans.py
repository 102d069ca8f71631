"""``incident_spans``: the days an incident's members can all agree with, kept by the
incident writers and read by resolution to rule incidents out before reading their
mentions (migration 0009). Resolution decides what it decided without them."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from sitroom.model import Event, Place
from sitroom.resolve import incidents as ri
from sitroom.resolve.agreements import AGREEMENT_MODES
from sitroom.resolve.incidents import RecentMentions, load_neighbourhood, resolve_article
from sitroom.resolve.mentions import mentions_in_article
from sitroom.resolve.overrides import Constraints
from sitroom.store import Store
from sitroom.store import incidents as si
from sitroom.store import schema as s
from tests.pgserver import schemas, store_lines
from tests.resolve.factory import GANJA, STEPANAKERT, article, event
from tests.store.alembic_helpers import alembic_to
from tests.store.test_postgres import pg_url  # noqa: F401  (the shared server fixture)

SHUSHA = Place(text="Shusha", name="Shusha", lat=39.76, lon=46.75, country="AZE", precision="town")


def test_a_date_spans_the_days_that_agree_with_it() -> None:
    assert si.date_span("2020") == ("2020-01-01", "2020-12-31")
    assert si.date_span("2020-10") == ("2020-10-01", "2020-10-31")
    assert si.date_span("2020-10-17") == ("2020-10-17", "2020-10-17")
    assert si.date_span("2020-10-17T20:00") == ("2020-10-17", "2020-10-17")
    # A form it does not know agrees with any day: nothing is ruled out by it.
    assert si.date_span("autumn") == ("0000-01-01", "9999-12-31")


def test_an_incident_spans_what_all_its_members_agree_with() -> None:
    spans = si.member_spans(
        [
            ("day", "ASSAULT", "2020-10"),
            ("day", "ASSAULT", "2020-10-17"),
            ("day", "ASSAULT", "2020"),
            ("month", "ASSAULT", "2020-10"),
            ("year", "DEMAND", "2020"),
            ("apart", "ASSAULT", "2020-10-17"),
            ("apart", "ASSAULT", "2020-10-19"),
            ("undated", "ASSAULT", "2020-10-17"),
            ("undated", "ASSAULT", None),
            ("none dated", "ASSAULT", None),
            ("mixed", "ASSAULT", "2020-10-17"),
            ("mixed", "DEMAND", "2020-10-17"),
        ]
    )
    assert {x.incident_id: (x.type, x.grain, x.day_lo, x.day_hi) for x in spans} == {
        "day": ("ASSAULT", 0, "2020-10-17", "2020-10-17"),
        "month": ("ASSAULT", 1, "2020-10-01", "2020-10-31"),
        "year": ("DEMAND", 2, "2020-01-01", "2020-12-31"),
        # Members that disagree: only a date reaching both days ("2020-10") can agree.
        "apart": ("ASSAULT", 0, "2020-10-19", "2020-10-17"),
        # An unknown date contradicts none; with no date at all, no mention of it is read.
        "undated": ("ASSAULT", 0, "2020-10-17", "2020-10-17"),
    }


def _spans(store: Store) -> list[tuple[object, ...]]:
    t = s.incident_spans
    with store.connect() as conn:
        return sorted(
            tuple(r)
            for r in conn.execute(
                select(t.c.incident_id, t.c.type, t.c.grain, t.c.day_lo, t.c.day_hi)
            )
        )


def _recomputed(store: Store) -> list[tuple[object, ...]]:
    e = s.events
    with store.connect() as conn:
        rows = [
            (str(r[0]), str(r[1]), r[2])
            for r in conn.execute(
                select(e.c.incident, e.c.type, e.c.date).where(e.c.incident != "")
            )
        ]
    return sorted(
        (x.incident_id, x.type, x.grain, x.day_lo, x.day_hi) for x in si.member_spans(rows)
    )


def test_a_month_mention_in_another_days_incident_is_not_read(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "s.db"))
    recent = RecentMentions()
    for doc, ev in (("a", event(5, date="2020-10-17")), ("b", event(5, date="2020-10"))):
        a, x = article(doc, [ev])
        resolve_article(store, store.save(a, x).article_id, recent)
    # The month-precise account joined the incident of the 17th.
    assert len({i for _, i in _incidents(store)}) == 1
    a, x = article("c", [event(5, date="2020-10-20")])
    new = store.save(a, x).article_id
    records = mentions_in_article(store, new)
    keys = [(r.event.type, r.event.date or "", ["ARM", "AZE"]) for r in records]
    # Read by type and date alone, the month mention makes the 17th's incident a candidate;
    # the 20th cannot agree with its member of the 17th, so its span rules it out.
    assert len(si.candidate_mentions(store, new, keys)) == 1
    nb = load_neighbourhood(store, new, records, Constraints(), None)
    assert nb.candidates == [] and nb.members == {}
    assert resolve_article(store, new, recent) == 1
    assert len({i for _, i in _incidents(store)}) == 2
    assert _spans(store) == _recomputed(store)
    store.close()


def _incidents(store: Store) -> list[tuple[int, str]]:
    with store.connect() as conn:
        return sorted(
            (int(r[0]), str(r[1])) for r in conn.execute(select(s.events.c.id, s.events.c.incident))
        )


def _feed(seed: int, n: int) -> list[tuple[str, list[Event]]]:
    """Articles of a small invented feed: a few days of October, accounts dated to the day,
    the month or the year, in three towns or none, of attacks and demands."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        events = []
        for j in range(rng.randint(1, 3)):
            day = rng.randint(15, 19)
            date = rng.choice(
                [f"2020-10-{day:02d}"] * 4 + ["2020-10", "2020", f"2020-11-0{day % 3 + 1}", None]
            )
            events.append(
                event(
                    5 + 40 * j,
                    type_=rng.choice(["ASSAULT", "ASSAULT", "DEMAND"]),
                    date=date,
                    place=rng.choice([GANJA, STEPANAKERT, SHUSHA, None]),
                    killed=rng.choice([None, None, 3, 4]),
                    source=rng.choice([("ARM",), ("AZE",), ()]),
                    target=rng.choice([("AZE",), ("ARM",)]),
                )
            )
        out.append((f"doc{k:03d}", events))
    return out


def _ingest(store: Store, feed: list[tuple[str, list[Event]]]) -> None:
    recent = RecentMentions()
    for doc, events in feed:
        a, x = article(doc, events)
        resolve_article(store, store.save(a, x).article_id, recent)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Candidate mentions read, per call, from here on."""
    read: list[int] = []
    real = si.candidate_mentions

    def counted(*args: object, **kwargs: object) -> list[si.CandidateMention]:
        out = real(*args, **kwargs)  # type: ignore[arg-type]
        read.append(len(out))
        return out

    monkeypatch.setattr(si, "candidate_mentions", counted)
    return read


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_resolution_decides_the_same_with_and_without_spans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    feed = _feed(seed, 60)
    read = _counting(monkeypatch)
    ruled = Store.open(str(tmp_path / "ruled.db"))
    _ingest(ruled, feed)
    # The spans kept article after article are those of the members as they stand.
    assert _spans(ruled) == _recomputed(ruled)
    ruled_read, read[:] = sum(read), []
    monkeypatch.setattr(ri, "_spanning", lambda *_a, **_k: None)
    plain = Store.open(str(tmp_path / "plain.db"))
    _ingest(plain, feed)
    assert store_lines(ruled) == store_lines(plain)
    # Fewer mentions were read for the same decisions.
    assert ruled_read < sum(read)
    ruled.close()
    plain.close()


def test_an_old_store_is_backfilled_and_a_downgrade_drops_the_table(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = Store.open(str(path))
    _ingest(store, _feed(4, 30))
    kept = _spans(store)
    store.close()
    assert kept
    alembic_to(path, "0008", down=True)
    con = sqlite3.connect(path)
    assert not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'incident_spans'").fetchall()
    con.close()
    store = Store.open(str(path))
    assert _spans(store) == kept
    store.close()


def test_clearing_and_re_resolving_keeps_the_spans_true(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "s.db"))
    _ingest(store, _feed(5, 30))
    incremental = _spans(store)
    ri.resolve_incidents(store)
    assert _spans(store) == _recomputed(store)
    si.clear_incidents(store)
    assert _spans(store) == []
    ri.replay_incidents(store, si.articles_in_ingest_order(store))
    assert _spans(store) == incremental
    store.close()


@pytest.fixture
def new_schema(pg_url: str) -> Iterator[Callable[[], str]]:  # noqa: F811
    """Makes an empty schema on the server; returns a URL that works in it."""
    with schemas(pg_url, "sitroom_spans") as make:
        yield make


def test_postgresql_keeps_the_same_spans_and_decisions(
    tmp_path: Path, new_schema: Callable[[], str]
) -> None:
    feed = _feed(6, 40)
    lite = Store.open(str(tmp_path / "s.db"))
    _ingest(lite, feed)
    pg = Store.open(new_schema())
    _ingest(pg, feed)
    assert _spans(pg) == _recomputed(pg)
    assert store_lines(pg) == store_lines(lite)
    lite.close()
    pg.close()


def test_the_tracker_reads_its_incidents_through_indexes(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = Store.open(str(path))
    stmt = si.tracker_query(store, sorted(AGREEMENT_MODES))
    sql = str(stmt.compile(dialect=store.engine.dialect, compile_kwargs={"literal_binds": True}))
    store.close()
    con = sqlite3.connect(path)
    plan = " ".join(str(r) for r in con.execute(f"EXPLAIN QUERY PLAN {sql}"))
    con.close()
    assert "SCAN incidents" not in plan
    assert "ix_incidents_mode" in plan and "ix_incidents_status" in plan


def test_with_no_agreement_the_tracker_reads_no_violation(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "s.db"))
    _ingest(store, [("v", [event(5, status="reported-violation")])])
    assert si.tracker_rows(store, sorted(AGREEMENT_MODES)) == []
    truce = event(5, type_="AGREE", mode="ceasefire", date="2020-10-10", place=None)
    _ingest(store, [("t", [truce])])
    rows = si.tracker_rows(store, sorted(AGREEMENT_MODES))
    assert sorted(r.type for r in rows) == ["AGREE", "ASSAULT"]
    violation = next(r.id for r in rows if r.type == "ASSAULT")
    (agreement,) = ri.resolve_agreements(store)
    assert [inc for inc, _ in agreement.violations] == [violation]
    store.close()
