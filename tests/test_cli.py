"""The CLI in-process (CliRunner), checked through the library; one real kill -9 run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom import query
from sitroom.cli import cli
from sitroom.store import Store

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    return db


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_help_explains_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("ingest", "articles", "events", "quotes", "eval", "demo"):
        assert command in result.output
        sub = run(command, "--help")
        assert sub.exit_code == 0 and "Usage" in sub.output
    assert "--since" in run("events", "--help").output
    assert "--workers" in run("ingest", "--help").output


def test_ingest_stores_examples_with_provenance(demo_db):
    store = Store.open(str(demo_db))
    try:
        arts = query.select_articles(store)
        events = query.select_events(store)
        quotes = query.select_quotes(store)
    finally:
        store.close()
    assert len(arts) == 5
    assert all(a.article.raw and a.versions for a in arts)
    assert events and quotes
    for rec in events:
        art = next(a.article for a in arts if a.article.id == rec.article_id)
        assert 0 <= rec.event.start < rec.event.end <= len(art.text)
        assert rec.sentence and rec.sentence in art.text
    ganja = [r for r in events if r.event.place and r.event.place.name == "Ganja"]
    assert ganja, "the missile strike on Ganja should be placed in Ganja"


def test_reingest_is_a_no_op(demo_db):
    before = sqlite3.connect(demo_db).execute("select count(*) from events").fetchone()
    result = run("--db", str(demo_db), "ingest", str(EXAMPLES))
    assert result.exit_code == 0
    assert "new 0" in result.output and "unchanged 5" in result.output
    after = sqlite3.connect(demo_db).execute("select count(*) from events").fetchone()
    assert before == after


def test_output_formats(demo_db):
    out = run("--db", str(demo_db), "events", "--format", "json", "--type", "assault")
    assert out.exit_code == 0
    rows = json.loads(out.output)
    assert rows and all(r["type"] == "ASSAULT" for r in rows)
    assert {"date", "place", "source", "target", "killed", "claimant", "sentence"} <= set(rows[0])
    csv_out = run("--db", str(demo_db), "quotes", "--format", "csv")
    assert csv_out.exit_code == 0 and csv_out.output.startswith("id,")
    table = run("--db", str(demo_db), "articles")
    assert table.exit_code == 0 and "articles (5)" in table.output
    none = run("--db", str(demo_db), "events", "--since", "2031-01-01", "--format", "json")
    assert json.loads(none.output) == []
    bad = run("--db", str(demo_db), "events", "--since", "yesterday")
    assert bad.exit_code == 2 and "yesterday" in bad.output


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(
        "Azerbaijan said on Monday that Armenian forces shelled the Tovuz district.\n"
    )
    (inputs / "empty.txt").write_text("")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (inputs / "broken.jsonl").write_text('{"text": "Iran urged restraint."}\n{not json\n')
    (inputs / "latin1.txt").write_bytes(
        "Le ministère a déclaré que l'armée a tiré.".encode("latin-1")
    )
    db = tmp_path / "t.db"
    result = run("--db", str(db), "ingest", str(inputs), str(tmp_path / "missing.txt"))
    assert result.exit_code == 0, result.output
    for name in ("empty.txt", "binary.txt", "broken.jsonl:2", "missing.txt"):
        assert name in result.output
    assert "failed" in result.output
    only_bad = run("--db", str(db), "ingest", str(tmp_path / "missing.txt"))
    assert only_bad.exit_code == 1


def test_kill_9_leaves_a_consistent_store_and_rerun_completes(tmp_path):
    inputs = tmp_path / "many"
    inputs.mkdir()
    n = 40
    for k in range(n):
        (inputs / f"a{k:03d}.txt").write_text(
            f"Report {k}. Azerbaijan's Defense Ministry said on Monday that Armenian forces "
            f"fired on its positions in the Tovuz district, wounding {k % 7 + 1} soldiers. "
            "Armenia denied the claim.\n"
        )
    db = tmp_path / "k.db"
    cmd = [
        sys.executable,
        "-m",
        "sitroom",
        "--db",
        str(db),
        "ingest",
        str(inputs),
        "--batch-size",
        "1",
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "stderr.log").open("w"),
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            stored = (
                sqlite3.connect(db)
                .execute("select count(*) from articles where processed_at is not null")
                .fetchone()[0]
            )
        except sqlite3.Error:
            continue
        if stored >= 3:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert stored > 0, (tmp_path / "stderr.log").read_text()[-3000:]
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone() == ("ok",)
    # Every stored article is complete: processed, with its mentions.
    assert con.execute("select count(*) from articles where processed_at is null").fetchone() == (
        0,
    )
    con.close()
    result = run("--db", str(db), "ingest", str(inputs))
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from articles").fetchone() == (n,)
    assert con.execute("select count(distinct content_hash) from articles").fetchone() == (n,)


def test_short_text_of_unknown_language_is_still_analysed(tmp_path):
    (tmp_path / "short.jsonl").write_text('{"text": "Iran urged Armenia to show restraint."}\n')
    db = tmp_path / "s.db"
    result = run("--db", str(db), "ingest", str(tmp_path / "short.jsonl"))
    assert result.exit_code == 0 and "non-English 0" in result.output
    assert sqlite3.connect(db).execute("select count(*) from events").fetchone()[0] >= 1
