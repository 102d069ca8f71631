"""The store on PostgreSQL: migrations, ingest, queries and incidents, compared with SQLite.

A server is used when ``SITROOM_TEST_POSTGRES_URL`` names a database on one (the
tests work in a schema of their own there, dropped afterwards); otherwise the
session starts a private server from the PostgreSQL binaries on this machine,
installing them with apt-get when they are missing. Its cluster lives in a
temporary directory and listens on a Unix socket only, so it never collides with
another server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from sitroom import query
from sitroom.config import Settings
from sitroom.errors import StoreError
from sitroom.process import IngestSummary, ingest, load_resources
from sitroom.query import Filters
from sitroom.resolve import query as rq
from sitroom.resolve.incidents import resolve_agreements, resolve_incidents
from sitroom.store import Store, database_url
from sitroom.store import schema as s
from tests.pgserver import ServerError, pg_bin, private_server

DB_NAME = "sitroom_test"


def _install_postgres() -> Path:
    """Install PostgreSQL with apt-get (the test machine runs as root on Debian)."""
    if shutil.which("apt-get") is None:
        pytest.skip("PostgreSQL is not installed and apt-get is not available to install it")
    if os.geteuid() != 0:
        pytest.skip("PostgreSQL is not installed and installing it with apt-get needs root")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"]
    done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:  # stale package lists: refresh once and retry
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=300)
        done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"apt-get install postgresql failed:\n{done.stdout[-2000:]}{done.stderr}")
    found = pg_bin()
    if found is None:
        pytest.fail("apt-get installed postgresql but initdb was not found")
    return found


def _private_schema(url: str) -> Iterator[str]:
    """``url`` with a schema of its own as search path, dropped afterwards."""
    schema = f"sitroom_test_{os.getpid()}"
    engine = create_engine(database_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        private = engine.url.update_query_dict({"options": f"-csearch_path={schema}"})
        yield private.render_as_string(hide_password=False)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A URL of an empty PostgreSQL database for this session."""
    given = os.environ.get("SITROOM_TEST_POSTGRES_URL")
    if given:
        yield from _private_schema(given)
        return
    bindir = pg_bin() or _install_postgres()
    try:
        with private_server(bindir, DB_NAME) as url:
            yield url
    except ServerError as exc:
        pytest.fail(str(exc))


@dataclass
class Ingested:
    """A store with the seed articles ingested, and the ingest summaries."""

    store: Store
    first: IngestSummary
    again: IngestSummary
    incidents: int


def _ingest_seeds(store: Store, seeds: Path, settings: Settings, resources: object) -> Ingested:
    first = ingest([str(seeds)], store, settings, resources=resources)  # type: ignore[arg-type]
    incidents = resolve_incidents(store)
    resolve_agreements(store)
    again = ingest([str(seeds)], store, settings, resources=resources)  # type: ignore[arg-type]
    return Ingested(store, first, again, incidents)


@pytest.fixture(scope="module")
def resources() -> object:
    return load_resources(Settings())


@pytest.fixture(scope="module")
def on_postgres(pg_url: str, seeds_dir: Path, resources: object) -> Iterator[Ingested]:
    store = Store.open(pg_url)
    try:
        yield _ingest_seeds(store, seeds_dir, Settings(db=pg_url), resources)
    finally:
        store.close()


@pytest.fixture(scope="module")
def on_sqlite(
    tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, resources: object
) -> Iterator[Ingested]:
    path = str(tmp_path_factory.mktemp("sqlite") / "seeds.db")
    store = Store.open(path)
    try:
        yield _ingest_seeds(store, seeds_dir, Settings(db=path), resources)
    finally:
        store.close()


def test_postgresql_urls_use_psycopg_3() -> None:
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgres://u@h:5433/db") == "postgresql+psycopg://u@h:5433/db"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("data/x.db").startswith("sqlite:///")


def test_missing_driver_names_the_url_and_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes ``import psycopg`` raise ImportError.
    monkeypatch.setitem(__import__("sys").modules, "psycopg", None)
    with pytest.raises(StoreError) as err:
        Store.open("postgresql://analyst:secret@db.example/sitroom")
    message = str(err.value)
    assert "db.example/sitroom" in message
    assert "sitroom[postgres]" in message
    assert "secret" not in message


def test_unreachable_server_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot migrate"):
        Store.open("postgresql://postgres@/nonexistent?host=/nonexistent-socket-dir")


def test_migrations_build_the_schema(on_postgres: Ingested) -> None:
    store = on_postgres.store
    assert store.engine.dialect.name == "postgresql"
    inspector = inspect(store.engine)
    assert set(s.metadata.tables) <= set(inspector.get_table_names())
    for name, table in s.metadata.tables.items():
        declared = {ix.name for ix in table.indexes}
        built = {ix["name"] for ix in inspector.get_indexes(name)}
        assert declared <= built, name
    with store.connect() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    script = Path(__file__).parents[2] / "src/sitroom/store/migrations/versions"
    assert head == max(p.name.split("_")[0] for p in script.glob("[0-9]*.py"))
    Store.open(str(store.engine.url.render_as_string(hide_password=False))).close()


def _counts(store: Store) -> dict[str, int]:
    with store.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in s.metadata.tables.items()
        }


def test_ingest_and_reingest(on_postgres: Ingested, on_sqlite: Ingested) -> None:
    pg, lite = on_postgres, on_sqlite
    assert pg.first.new == 5 and not pg.first.failed
    assert pg.again.unchanged == 5 and pg.again.new == 0 and pg.again.reprocessed == 0
    assert (pg.first.new, pg.first.near_duplicate) == (lite.first.new, lite.first.near_duplicate)
    assert pg.incidents == lite.incidents > 0
    counts = _counts(pg.store)
    assert counts["events"] > 0 and counts["quotes"] > 0
    assert counts == _counts(lite.store)


def _event_keys(records: list[query.EventRecord]) -> list[tuple[object, ...]]:
    return [
        (r.article_id, r.event.start, r.event.type, r.event.date, r.sentence, r.event.incident)
        for r in records
    ]


FILTERS = [
    Filters(),
    Filters(type="assault"),
    Filters(country="aze"),
    Filters(country="ARM", type="ASSAULT"),
    Filters(place="ganja"),
    Filters(text="ceasefire"),
    Filters(text="ARMENIA"),
    Filters(since=__import__("datetime").date(2020, 10, 1)),
    Filters(
        since=__import__("datetime").date(2020, 9, 27),
        until=__import__("datetime").date(2020, 11, 10),
        limit=5,
        offset=3,
    ),
    Filters(limit=4),
    Filters(doc="001_"),
    Filters(place="NAGORNO"),
]


@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_event_queries_match_sqlite(on_postgres: Ingested, on_sqlite: Ingested, f: Filters) -> None:
    pg = query.select_events(on_postgres.store, f)
    lite = query.select_events(on_sqlite.store, f)
    assert _event_keys(pg) == _event_keys(lite)
    assert [r.event for r in pg] == [r.event for r in lite]


def test_filters_select_something(on_postgres: Ingested) -> None:
    store = on_postgres.store
    every = query.select_events(store)
    assert every
    assessed = query.select_events(store, Filters(type="assault"))
    assert 0 < len(assessed) < len(every)
    assert all(r.event.type == "ASSAULT" for r in assessed)
    aze = query.select_events(store, Filters(country="AZE"))
    assert 0 < len(aze) < len(every)
    page = query.select_events(store, Filters(limit=4, offset=2))
    assert _event_keys(page) == _event_keys(every[2:6])


@pytest.mark.parametrize(
    "f",
    [
        Filters(),
        Filters(speaker="ZADEH"),
        Filters(country="IRN"),
        Filters(text="the", limit=3),
        Filters(text="ARMENIA"),
    ],
    ids=repr,
)
def test_quote_queries_match_sqlite(on_postgres: Ingested, on_sqlite: Ingested, f: Filters) -> None:
    pg = query.select_quotes(on_postgres.store, f)
    lite = query.select_quotes(on_sqlite.store, f)
    assert [(r.article_id, r.quote, r.sentence) for r in pg] == [
        (r.article_id, r.quote, r.sentence) for r in lite
    ]


@pytest.mark.parametrize(
    "f",
    [Filters(), Filters(country="AZE"), Filters(text="IRAN"), Filters(doc="TXT"), Filters(limit=2)],
    ids=repr,
)
def test_article_queries_match_sqlite(
    on_postgres: Ingested, on_sqlite: Ingested, f: Filters
) -> None:
    pg = query.select_articles(on_postgres.store, f)
    lite = query.select_articles(on_sqlite.store, f)
    assert [(r.article, r.events, r.quotes, r.versions) for r in pg] == [
        (r.article, r.events, r.quotes, r.versions) for r in lite
    ]
    if f == Filters():
        assert len(pg) == 5
        assert query.get_article(on_postgres.store, pg[0].article.id) == pg[0].article


def test_incidents_match_sqlite(on_postgres: Ingested, on_sqlite: Ingested) -> None:
    pg = rq.select_incidents(on_postgres.store)
    lite = rq.select_incidents(on_sqlite.store)
    assert pg and len(pg) == on_postgres.incidents
    assert [(r.id, r.type, r.date, r.killed, r.contested) for r in pg] == [
        (r.id, r.type, r.date, r.killed, r.contested) for r in lite
    ]
    assert [a.id for a in rq.select_agreements(on_postgres.store)] == [
        a.id for a in rq.select_agreements(on_sqlite.store)
    ]
    busiest = max(pg, key=lambda r: r.n_mentions)
    full = rq.get_incident(on_postgres.store, busiest.id)
    assert full is not None and len(full.mentions) == busiest.n_mentions
    assert query.select_events(on_postgres.store, Filters(incident=busiest.id))


def test_web_search_index_reads_a_postgresql_store(on_postgres: Ingested) -> None:
    from sitroom.web.search import SearchIndex

    index = SearchIndex.for_store(on_postgres.store)
    try:
        hits = index.search("ceasefire")
    finally:
        index.close()
    assert hits
    assert {h.article_id for h in hits} <= {
        r.article.id for r in query.select_articles(on_postgres.store)
    }


def test_migrations_downgrade_and_upgrade_again(pg_url: str) -> None:
    """Every migration runs both ways on PostgreSQL (in a schema of its own)."""
    from importlib import resources as pkg_resources

    from alembic import command
    from alembic.config import Config

    schema = f"sitroom_migrations_{os.getpid()}"
    engine = create_engine(database_url(pg_url))
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    cfg = Config()
    cfg.set_main_option(
        "script_location", str(pkg_resources.files("sitroom.store").joinpath("migrations"))
    )

    def tables() -> set[str]:
        return set(inspect(engine).get_table_names(schema=schema))

    def alembic(step: object, revision: str) -> None:
        with engine.begin() as conn:
            conn.execute(text(f"SET search_path TO {schema}"))
            cfg.attributes["connection"] = conn
            step(cfg, revision)  # type: ignore[operator]

    try:
        alembic(command.upgrade, "head")
        assert set(s.metadata.tables) <= tables()
        alembic(command.downgrade, "base")
        assert tables() <= {"alembic_version"}
        alembic(command.upgrade, "head")
        assert set(s.metadata.tables) <= tables()
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.mark.parametrize(
    "path",
    [
        "/api/events?country=AZE&since=2020-09-27",
        "/api/events/daily",
        "/api/incidents",
        "/api/quotes?speaker=zadeh",
        "/api/articles",
        "/api/actors",
        "/api/ceasefires",
        "/api/search?q=ceasefire",
    ],
)
def test_json_api_matches_sqlite(on_postgres: Ingested, on_sqlite: Ingested, path: str) -> None:
    from fastapi.testclient import TestClient

    from sitroom.web import create_app

    answers = []
    for ingested in (on_postgres, on_sqlite):
        url = ingested.store.engine.url.render_as_string(hide_password=False)
        with TestClient(create_app(Settings(db=url))) as client:
            response = client.get(path)
        assert response.status_code == 200, response.text
        answers.append(response.json())
    assert answers[0] == answers[1]
