"""The CLI prints records in words, reads names where codes are stored, refuses unknown
values, and prints text verbatim (in-process, checked against the store)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom import labels, query
from sitroom.cli import cli
from sitroom.resolve.query import select_incidents
from sitroom.store import Store

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli-tables") / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "ingest", str(REPO / "examples")])
    assert result.exit_code == 0, result.output
    return str(path)


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def test_incidents_and_ceasefires_take_format_like_the_other_commands(db: str) -> None:
    store = Store.open(db)
    try:
        expected = select_incidents(store)
    finally:
        store.close()
    rows = json.loads(run("--db", db, "incidents", "--format", "json").output)
    assert [r["id"] for r in rows] == [r.id for r in expected]
    # --json stays for scripts written against it.
    assert json.loads(run("--db", db, "incidents", "--json").output) == rows
    table = list(
        csv.DictReader(io.StringIO(run("--db", db, "incidents", "--format", "csv").output))
    )
    assert [r["id"] for r in table] == [r.id for r in expected]
    # Names beside the codes, and no field ends in blank lines.
    first = expected[0]
    assert table[0]["name"] == labels.incident_name(
        first.type, first.mode, first.place, first.date, countries=first.countries
    )
    assert table[0]["type"] == first.type
    agreements = run("--db", db, "ceasefires", "--format", "csv")
    assert agreements.exit_code == 0 and agreements.output.startswith("id,incident_id,name,")
    assert json.loads(run("--db", db, "ceasefires", "--format", "json").output) == json.loads(
        run("--db", db, "ceasefires", "--json").output
    )


def test_unknown_type_or_country_is_an_error_naming_the_valid_values(db: str) -> None:
    bad_type = run("--db", db, "incidents", "--type", "foo")
    assert bad_type.exit_code == 2 and "ASSAULT" in bad_type.output and "'foo'" in bad_type.output
    bad_country = run("--db", db, "events", "--country", "Azerbajan")
    assert bad_country.exit_code == 2 and "Azerbajan" in bad_country.output
    # Names are read where codes are stored.
    by_name = json.loads(
        run(
            "--db", db, "events", "--country", "Azerbaijan", "--type", "attack", "--format", "json"
        ).output
    )
    by_code = json.loads(
        run(
            "--db", db, "events", "--country", "AZE", "--type", "ASSAULT", "--format", "json"
        ).output
    )
    assert by_name == by_code and by_name


def test_tables_speak_words_and_keep_the_sentence(db: str) -> None:
    out = run("--db", db, "events", "--type", "ASSAULT").output
    store = Store.open(db)
    try:
        events = query.select_events(store, query.Filters(type="ASSAULT"))
    finally:
        store.close()
    assert events
    flat = " ".join(out.split())
    for code in ("(ARM/MIL)", "(AZE/MIL)", "(?/", "ASSAULT"):
        assert code not in out
    # Each row carries its source sentence (folded in the table, so compare words).
    words = events[0].sentence.split()[:4]
    assert " ".join(words) in flat


def test_quotes_print_bracketed_insertions_verbatim(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(
        "TEHRAN, Oct. 3 (Wire) - Iran's foreign ministry spokesman Saeed Khatibzadeh said: "
        '"We always lay emphasis on the [need for] restraint by [both] sides."\n'
    )
    path = str(tmp_path / "q.db")
    assert run("--db", path, "ingest", str(doc)).exit_code == 0
    out = run("--db", path, "quotes").output
    assert "[need for]" in out and "[both]" in out
    data = run("--db", path, "quotes", "--format", "csv").output
    assert "[need for]" in data and not data.endswith("\n\n")


def test_a_narrow_terminal_gets_one_block_per_record(db: str) -> None:
    narrow = CliRunner().invoke(
        cli, ["--db", db, "events", "--type", "ASSAULT"], env={"COLUMNS": "80"}
    )
    assert narrow.exit_code == 0
    lines = narrow.output.splitlines()
    assert "┃" not in narrow.output and "│" not in narrow.output
    assert max(len(line) for line in lines) <= 80
    # The sentence stays whole words on lines of its own, under its record's line.
    store = Store.open(db)
    try:
        first = query.select_events(store, query.Filters(type="ASSAULT"))[0]
    finally:
        store.close()
    assert " ".join(first.sentence.split()[:5]) in " ".join(narrow.output.split())
