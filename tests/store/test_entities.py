"""Canonical entities in the store: three articles (written for the project) name one
ministry in three spellings and a spokeswoman by full name, then surname."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import cli
from sitroom.config import Settings
from sitroom.process import ingest
from sitroom.query import Filters, select_quotes
from sitroom.store import Store
from tests.store.alembic_helpers import alembic_to

ARTICLES = {
    "shelling.txt": (
        "Shelling reported near Stepanakert\n\n"
        "YEREVAN, Oct. 3, 2020 - Armenia's Defence Ministry said on Saturday that Azerbaijani "
        "forces shelled Stepanakert overnight.\n\n"
        "Lilit Hovakimyan, a spokeswoman for the Armenian government, said civilians were "
        "sheltering in basements. Hovakimyan added that schools would stay closed.\n"
    ),
    "drones.txt": (
        "Drones strike positions near Martuni\n\n"
        "YEREVAN, Oct. 4, 2020 - The Armenian Ministry of Defense said Azerbaijani drones "
        "struck positions near Martuni on Sunday.\n"
    ),
    "front.txt": (
        "Front line tense, ministry says\n\n"
        "YEREVAN, Oct. 5, 2020 - The defence ministry of Armenia said the situation on the "
        "front line remained tense on Monday.\n"
    ),
}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("entities")
    docs = root / "docs"
    docs.mkdir()
    for name, text in ARTICLES.items():
        (docs / name).write_text(text, encoding="utf-8")
    path = root / "store.db"
    store = Store.open(str(path))
    summary = ingest([str(docs)], store, Settings())
    store.close()
    assert not summary.failed
    return path


def test_one_ministry_in_three_spellings_is_one_entity(store_path: Path) -> None:
    store = Store.open(str(store_path))
    quotes = [r for r in select_quotes(store) if "inistry" in r.quote.speaker]
    store.close()
    # the printed (and scored) speaker keeps the article's words ...
    assert {r.quote.speaker for r in quotes} == {
        "Armenia's Defence Ministry",
        "Armenian Ministry of Defense",
        "defence ministry of Armenia",
    }
    # ... and all three point at one canonical entity, with one name
    assert len({r.quote.speaker_entity for r in quotes}) == 1
    assert quotes[0].quote.speaker_entity
    assert {r.entity for r in quotes} == {"Armenian Ministry of Defense"}
    con = sqlite3.connect(store_path)
    row = con.execute(
        "SELECT name, country, sector, kind FROM entities WHERE id = ?",
        (quotes[0].quote.speaker_entity,),
    ).fetchone()
    con.close()
    assert row == ("Armenian Ministry of Defense", "ARM", "MIL", "institution")


def test_full_name_then_surname_is_one_person(store_path: Path) -> None:
    store = Store.open(str(store_path))
    said = select_quotes(store, Filters(speaker="Hovakimyan"))
    store.close()
    assert len(said) == 2
    assert len({r.quote.speaker_entity for r in said}) == 1
    assert {r.entity for r in said} == {"Lilit Hovakimyan"}


def test_quotes_speaker_lists_everything_one_entity_said(store_path: Path) -> None:
    # one spelling finds the statements made under the other two
    result = CliRunner().invoke(
        cli,
        ["--db", str(store_path), "quotes", "--speaker", "Ministry of Defense", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    rows = rows if isinstance(rows, list) else rows["quotes"]
    assert len(rows) == 3
    assert len({r["entity_id"] for r in rows}) == 1
    assert {r["entity"] for r in rows} == {"Armenian Ministry of Defense"}


def test_migration_0006_adds_entities_and_relay(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    alembic_to(path, "0005")
    Store.open(str(path)).close()
    con = sqlite3.connect(path)
    quote_columns = {r[1] for r in con.execute("PRAGMA table_info(quotes)")}
    actor_columns = {r[1] for r in con.execute("PRAGMA table_info(event_actors)")}
    entity_columns = {r[1] for r in con.execute("PRAGMA table_info(entities)")}
    con.close()
    assert {"entity_id", "relay"} <= quote_columns
    assert "entity_id" in actor_columns
    assert entity_columns == {"id", "key", "name", "country", "sector", "kind"}
    alembic_to(path, "0005", down=True)
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    quote_columns = {r[1] for r in con.execute("PRAGMA table_info(quotes)")}
    con.close()
    assert "entities" not in tables
    assert "relay" not in quote_columns


def test_quotes_table_names_the_relay(tmp_path: Path) -> None:
    doc = tmp_path / "relay.txt"
    doc.write_text(
        "Soldiers wounded\n\nRussian news agency TASS, citing the Armenian Defence Ministry, "
        "said three soldiers were wounded near the border on Monday.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "relay.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db, "ingest", str(doc)]).exit_code == 0
    table = runner.invoke(cli, ["--db", db, "quotes"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "via TASS" in " ".join(table.output.split())
    rows = json.loads(runner.invoke(cli, ["--db", db, "quotes", "--format", "json"]).output)
    rows = rows if isinstance(rows, list) else rows["quotes"]
    assert [(r["speaker"], r["relay"]) for r in rows] == [("Armenian Defence Ministry", "TASS")]
