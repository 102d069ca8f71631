"""The ceasefire tracker and the incident commands, through the CLI and the library."""

from __future__ import annotations

import json

from click.testing import CliRunner

from sitroom.cli import cli
from sitroom.model import TimeRef
from sitroom.resolve.agreements import violation_reason
from sitroom.resolve.incidents import resolve_incidents
from sitroom.resolve.query import select_agreements, select_incidents
from sitroom.store import Store
from tests.resolve.factory import STEPANAKERT, actor, article, event

TEXT = (
    "Armenia and Azerbaijan agreed to a ceasefire brokered by Russia after talks in Moscow, "
    "to take effect at 12:00 local time (08:00 GMT) on Saturday. "
    "Both sides reported that the truce was violated within hours."
)


def _ceasefire_store(tmp_path) -> tuple[str, Store]:
    db = str(tmp_path / "c.db")
    store = Store.open(db)
    first_end = TEXT.index("Both")
    start = TEXT.index("ceasefire")
    russia = TEXT.index("Russia")
    clock = TEXT.index("12:00")
    agree = event(
        start,
        type_="AGREE",
        mode="ceasefire",
        date="2020-10-10",
        place=None,
        source=("ARM", "AZE"),
        target=("AZE", "ARM"),
        sentence=(0, first_end),
    )
    violated = event(
        TEXT.index("violated"),
        mode="ceasefire-violation",
        status="reported-violation",
        date="2020-10-10",
        place=None,
        source=(),
        target=(),
        sentence=(first_end, len(TEXT)),
    )
    broker = actor("RUS", "GOV", "Russia")
    broker.start, broker.end = russia, russia + len("Russia")
    when = TimeRef(
        text="12:00 local time (08:00 GMT)",
        start=clock,
        end=clock + 28,
        type="TIME",
        value="2020-10-10T12:00",
        granularity="time",
        local="2020-10-10T12:00:00",
        utc="2020-10-10T08:00:00",
    )
    a, x = article("ceasefire", [agree, violated], text=TEXT, actors=[broker], times=[when])
    store.save(a, x)
    store.save(*article("later", [event(9, place=STEPANAKERT, date="2020-10-11")]))
    store.save(*article("earlier", [event(9, date="2020-10-09", mode="clash")]))
    resolve_incidents(store)
    return db, store


def test_ceasefire_with_broker_start_time_zone_and_violation(tmp_path):
    _, store = _ceasefire_store(tmp_path)
    (a,) = select_agreements(store)
    assert a.parties == ["ARM", "AZE"]
    assert a.brokers == ["Russia"]
    assert a.agreed == "2020-10-10"
    assert (a.in_force_utc, a.in_force_zone) == ("2020-10-10T08:00:00", "UTC+04:00")
    assert [inc.mode for inc, _ in a.violations] == ["ceasefire-violation"]
    assert a.violations[0][0].mentions[0].doc == "ceasefire"
    assert [m.doc for m in a.sources] == ["ceasefire"]


def test_violation_must_follow_the_start_and_involve_the_parties(tmp_path):
    _, store = _ceasefire_store(tmp_path)
    (a,) = select_agreements(store)
    assert violation_reason(a, "2020-10-09", []) is None
    assert violation_reason(a, "2020-10-12", ["RUS", "UKR"]) is None
    assert "on or after 2020-10-10" in (violation_reason(a, "2020-10-12", ["ARM"]) or "")


def test_cli_lists_shows_splits_and_merges(tmp_path):
    db, store = _ceasefire_store(tmp_path)
    runner = CliRunner()
    out = runner.invoke(cli, ["--db", db, "incidents", "--json", "--type", "ASSAULT"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert {r["mode"] for r in rows} == {"missile", "clash", "ceasefire-violation"}
    shown = runner.invoke(cli, ["--db", db, "incident", rows[0]["id"], "--json"])
    assert shown.exit_code == 0, shown.output
    detail = json.loads(shown.output)
    assert detail["mentions"][0]["sentence"] and "claims" in detail
    table = runner.invoke(cli, ["--db", db, "incident", "show", rows[0]["id"]])
    assert table.exit_code == 0 and "claims" in table.output
    assert runner.invoke(cli, ["--db", db, "incident", "nope"]).exit_code == 1

    missile = next(r for r in rows if r["mode"] == "missile")
    clash = next(r for r in rows if r["mode"] == "clash")
    merged = runner.invoke(cli, ["--db", db, "incident", "merge", missile["id"], clash["id"]])
    assert merged.exit_code == 0, merged.output
    assert len(select_incidents(store)) == len(rows)  # 4 before (3 + AGREE), one fewer now
    (joined,) = [r for r in select_incidents(store) if r.n_mentions == 2]
    ids = [
        m["id"]
        for m in json.loads(
            runner.invoke(cli, ["--db", db, "incident", joined.id, "--json"]).output
        )["mentions"]
    ]
    split = runner.invoke(
        cli, ["--db", db, "incident", "split", joined.id, "--mention", str(ids[1])]
    )
    assert split.exit_code == 0, split.output
    assert all(r.n_mentions == 1 for r in select_incidents(store))

    cf = runner.invoke(cli, ["--db", db, "ceasefires", "--json"])
    assert cf.exit_code == 0, cf.output
    (agreement,) = json.loads(cf.output)
    assert agreement["brokers"] == ["Russia"] and agreement["in_force"]["zone"] == "UTC+04:00"
    assert agreement["violations"][0]["sources"][0]["doc"] == "ceasefire"
    assert runner.invoke(cli, ["--db", db, "ceasefires"]).exit_code == 0


def test_an_ingest_run_leaves_the_tracker_as_a_full_rebuild_would(tmp_path):
    from sitroom.config import Settings
    from sitroom.process import ingest
    from sitroom.resolve.incidents import resolve_agreements

    first = tmp_path / "a.txt"
    first.write_text(
        "Armenia and Azerbaijan agreed to a humanitarian ceasefire brokered by Russia on "
        "October 10, 2020, after talks in Moscow.\n",
        encoding="utf-8",
    )
    second = tmp_path / "b.txt"
    second.write_text(
        "Azerbaijan said Armenian forces violated the ceasefire on October 11, 2020, "
        "shelling the town of Tartar.\n",
        encoding="utf-8",
    )
    store = Store.open(str(tmp_path / "t.db"))
    ingest([str(first), str(second)], store, Settings())
    after_run = [
        (a.id, a.parties, [inc.id for inc, _ in a.violations]) for a in select_agreements(store)
    ]
    assert after_run and after_run[0][2], "the ceasefire and its violation, tracked at the end"
    resolve_agreements(store)
    rebuilt = [
        (a.id, a.parties, [inc.id for inc, _ in a.violations]) for a in select_agreements(store)
    ]
    assert after_run == rebuilt
