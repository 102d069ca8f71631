"""The store: migrations, idempotent saves, transactional reprocessing, queries."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

import pytest

from sitroom import query
from sitroom.errors import StoreError
from sitroom.model import Actor, Article, Casualties, Event, Extraction, Place, Quote, TimeRef
from sitroom.store import Store

VERSIONS = {"actors": "a1", "places": "p1", "time": "t1", "events": "e1", "quotes": "q1"}


def article(text: str, doc: str = "a.txt", published: dt.date | None = dt.date(2020, 10, 18)):
    h = hashlib.sha256(text.encode()).hexdigest()
    return Article(
        doc=doc,
        text=text,
        raw=text + "\n<raw>",
        content_hash=h,
        id=h[:16],
        published=published,
        outlet="Test Wire",
    )


def extraction(text: str, n_events: int = 1) -> Extraction:
    ganja = Place(
        text="Ganja",
        name="Ganja",
        start=0,
        end=5,
        geonameid=586523,
        lat=40.68,
        lon=46.36,
        country="AZE",
        precision="town",
    )
    events = [
        Event(
            type="ASSAULT",
            start=0,
            end=5,
            trigger="attack",
            mode="missile",
            source=[Actor(text="Armenia", country="ARM", sector="MIL")],
            target=[Actor(text="civilians", country="AZE", sector="CVL")],
            date="2020-10-17",
            date_precision="day",
            time_precision=1,
            place=ganja,
            casualties=Casualties(killed=12, injured=40),
            claimant=Actor(text="Azerbaijan's Foreign Ministry", country="AZE", sector="GOV"),
            sentence_start=0,
            sentence_end=len(text),
        )
        for _ in range(n_events)
    ]
    return Extraction(
        actors=[Actor(text="Armenia", country="ARM", sector="GOV", start=0, end=7)],
        places=[ganja],
        times=[
            TimeRef(
                text="Saturday", start=0, end=8, type="DATE", value="2020-10-17", granularity="day"
            )
        ],
        events=events,
        quotes=[
            Quote(
                speaker="Saeed Khatibzadeh",
                content="stop",
                content_start=0,
                content_end=4,
                direct=True,
                cue="said",
                speaker_actor=Actor(text="the spokesman", country="IRN", sector="GOV"),
                date="2020-10",
                date_precision="month",
            )
        ],
        versions=VERSIONS,
    )


@pytest.fixture
def store(tmp_path):
    s = Store.open(str(tmp_path / "t.db"))
    yield s
    s.close()


def head_revision() -> str:
    from importlib import resources

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("sitroom.store").joinpath("migrations"))
    )
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def test_open_creates_and_migrates(tmp_path):
    path = tmp_path / "new.db"
    Store.open(str(path)).close()
    Store.open(str(path)).close()  # idempotent
    con = sqlite3.connect(path)
    assert con.execute("select version_num from alembic_version").fetchall() == [(head_revision(),)]
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert {"articles", "events", "event_actors", "quotes", "actors", "places", "times"} <= tables


def test_sqlite_connections_get_the_larger_page_cache(store):
    from sitroom.store.repository import SQLITE_CACHE_MIB

    with store.connect() as conn:
        # Negative: a size in KiB, not in pages.
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -SQLITE_CACHE_MIB * 1024


def test_open_reports_a_missing_directory(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(str(tmp_path / "nope" / "x.db"))


def test_save_is_idempotent_and_keeps_raw(store):
    text = "Ganja was hit by a missile on Saturday."
    a = article(text)
    assert store.save(a, extraction(text)).status == "new"
    assert store.save(article(text), None).status == "unchanged"
    [rec] = query.select_articles(store)
    assert rec.article.raw == text + "\n<raw>"
    assert rec.events == 1 and rec.quotes == 1
    assert store.processed_versions(a.id) == VERSIONS


def test_reprocess_replaces_mentions_in_one_transaction(store):
    text = "Ganja was hit by a missile on Saturday."
    store.save(article(text), extraction(text, n_events=2))
    assert len(query.select_events(store)) == 2
    assert store.save(article(text), extraction(text, n_events=1)).status == "reprocessed"
    assert len(query.select_events(store)) == 1
    # A failing save leaves the previous mentions in place.
    broken = extraction(text, n_events=3)
    broken.versions = {}  # missing versions -> KeyError inside the transaction
    with pytest.raises(KeyError):
        store.save(article(text), broken)
    assert len(query.select_events(store)) == 1


def test_event_query_filters(store):
    t1, t2 = "First report about Ganja.", "Second report about Ganja."
    store.save(article(t1, "one.txt"), extraction(t1))
    x = extraction(t2)
    x.events[0].date = "2020-11"
    x.events[0].type = "DEMAND"
    x.events[0].place = None
    store.save(article(t2, "two.txt"), x)
    f = query.Filters
    assert len(query.select_events(store, f(type="assault"))) == 1
    assert len(query.select_events(store, f(since=dt.date(2020, 11, 5)))) == 1
    assert len(query.select_events(store, f(until=dt.date(2020, 10, 31)))) == 1
    # A month-precision date counts for any day of that month.
    assert (
        len(query.select_events(store, f(since=dt.date(2020, 11, 30), until=dt.date(2020, 11, 30))))
        == 1
    )
    assert len(query.select_events(store, f(country="arm"))) == 2
    assert len(query.select_events(store, f(country="IRN"))) == 0
    assert len(query.select_events(store, f(place="ganj"))) == 1
    assert len(query.select_events(store, f(doc="two"))) == 1
    assert len(query.select_events(store, f(limit=1, offset=1))) == 1
    [rec] = query.select_events(store, f(doc="one"))
    assert rec.sentence == t1
    assert rec.event.claimant is not None and rec.event.claimant.country == "AZE"
    assert [a.country for a in rec.event.source] == ["ARM"]
    assert rec.event.casualties.killed == 12


def test_quote_and_article_filters(store):
    text = "A statement about the war."
    store.save(article(text), extraction(text))
    [rec] = query.select_quotes(store, query.Filters(speaker="khatib"))
    assert rec.sentence == text  # the statement shown in its sentence
    assert len(query.select_quotes(store, query.Filters(country="AZE"))) == 0
    assert len(query.select_articles(store, query.Filters(text="statement"))) == 1
    assert len(query.select_articles(store, query.Filters(text="100%"))) == 0
    assert query.get_article(store, "a.txt") is not None


def test_statement_context_trims_to_sentences():
    window = 'Earlier news. The minister said: "We will respond." Later news follows.'
    start = window.index("We will")
    quote = Quote(
        speaker="x",
        content="We will respond.",
        content_start=start + 100,
        content_end=start + 100 + 16,
        direct=True,
        cue_start=window.index("said") + 100,
        cue_end=window.index("said") + 104,
        speaker_start=window.index("The minister") + 100,
        speaker_end=window.index(" said") + 100,
    )
    assert query.statement_context(window, 100, quote) == ('The minister said: "We will respond."')


def test_link_many_writes_links_and_a_repeated_link_replaces_the_first(store):
    a, b, c = (article(f"Story number {k}.", doc=f"{k}.txt") for k in range(3))
    for x in (a, b, c):
        store.save(x, None)
    store.link_articles(a.id, b.id, "shared-paragraph", 0.7)
    store.link_many(
        a.id,
        [
            (b.id, "shared-paragraph", 0.75),
            (c.id, "near-duplicate", 0.9),
            (b.id, "near-duplicate", 0.8),
        ],
    )
    store.link_many(a.id, [])
    with sqlite3.connect(store.engine.url.database) as con:
        rows = sorted(con.execute("SELECT other_id, kind, similarity FROM article_links"))
    assert rows == sorted([(b.id, "near-duplicate", 0.8), (c.id, "near-duplicate", 0.9)])


def test_a_transaction_commits_its_calls_together_or_none_of_them(store):
    a, b = article("Story number 1.", doc="1.txt"), article("Story number 2.", doc="2.txt")
    with store.transaction():
        store.save(a, extraction(a.text))
        # Calls inside see the transaction's writes before it commits ...
        assert store.article_id_for_hash(a.content_hash) == a.id
        with store.transaction():  # a nested block is part of the outer transaction
            store.save(b, None)
        # ... and other connections do not.
        with sqlite3.connect(store.engine.url.database) as con:
            assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    assert store.article_id_for_hash(b.content_hash) == b.id

    c = article("Story number 3.", doc="3.txt")
    with pytest.raises(RuntimeError), store.transaction():
        store.save(c, extraction(c.text))
        store.link_articles(c.id, a.id, "near-duplicate", 0.9)
        raise RuntimeError("fails after the article was stored")
    assert store.article_id_for_hash(c.content_hash) is None
    with sqlite3.connect(store.engine.url.database) as con:
        assert con.execute("SELECT count(*) FROM article_links").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM events").fetchone() == (1,)


def test_a_savepoint_that_raises_is_undone_alone_and_the_transaction_goes_on(store):
    a, b, c = (article(f"Story number {k}.", doc=f"{k}.txt") for k in range(3))

    def count() -> int:
        with sqlite3.connect(store.engine.url.database) as con:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])

    with store.transaction():
        with store.savepoint():
            store.save(a, extraction(a.text))
        with pytest.raises(StoreError), store.savepoint():
            store.save(b, extraction(b.text))
            store.save(b, None)
            raise StoreError("fails after the article was stored")
        with store.savepoint():
            store.save(c, None)
        assert store.article_id_for_hash(b.content_hash) is None
        assert count() == 0  # released savepoints are not committed before the transaction
    assert count() == 2
    assert store.article_id_for_hash(a.content_hash) == a.id
    assert store.article_id_for_hash(c.content_hash) == c.id


def test_execute_rows_runs_a_prebuilt_statement_once_per_row(store):
    from sqlalchemy import bindparam, select, update
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    from sitroom.store import schema as s
    from sitroom.store.repository import execute_rows

    a = article("One report.")
    store.save(a, extraction("One report."))
    e = s.events
    rename = update(e).where(e.c.id == bindparam("b_id")).values(incident=bindparam("b_inc"))
    new = sqlite_insert(s.incident_members)
    upsert = new.on_conflict_do_update(
        index_elements=["event_id"],
        set_={"incident_id": new.excluded.incident_id, "reason": new.excluded.reason},
    )
    with store.begin() as conn:
        (event_id,) = conn.execute(select(e.c.id)).scalars()
        execute_rows(conn, rename, [{"b_id": event_id, "b_inc": "x1"}])
        execute_rows(conn, upsert, [{"event_id": event_id, "incident_id": "x1", "reason": "a"}])
        # The same statement again: compiled once, and the keys' order does not matter.
        execute_rows(conn, rename, [{"b_inc": "x2", "b_id": event_id}, {"b_inc": "x3", "b_id": -1}])
        execute_rows(conn, upsert, [{"reason": "b", "incident_id": "x2", "event_id": event_id}])
        execute_rows(conn, rename, [])
    with store.connect() as conn:
        assert conn.execute(select(e.c.id, e.c.incident)).all() == [(event_id, "x2")]
        members = conn.execute(select(s.incident_members)).all()
    assert [tuple(r) for r in members] == [(event_id, "x2", "b")]
