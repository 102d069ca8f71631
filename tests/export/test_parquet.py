"""Parquet: pyarrow reads each table with its declared types, and the tables join on ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitroom.export.run import export_to_path
from sitroom.query import Filters

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def test_tables_have_declared_types_and_join(store, tmp_path: Path) -> None:
    from sitroom.export.parquet import TABLES

    out = tmp_path / "record"
    prov = export_to_path(store, "parquet", Filters(), out)
    tables = {}
    for name, schema in TABLES.items():
        table = pq.read_table(out / f"{name}.parquet")
        assert table.schema.remove_metadata().equals(schema), name
        assert table.num_rows == prov.counts[name]
        header = json.loads(table.schema.metadata[b"sitroom"])
        assert header["format"] == "parquet" and header["made"] == prov.made
        tables[name] = table.to_pylist()
    assert json.loads((out / "provenance.json").read_text())["counts"] == prov.counts
    events, incidents = tables["events"], tables["incidents"]
    assert events and incidents and tables["quotes"] and tables["claims"]
    assert pa.types.is_date32(TABLES["events"].field("event_date").type)
    incident_ids = {r["id"] for r in incidents}
    article_ids = {r["id"] for r in tables["articles"]}
    assert {e["incident"] for e in events if e["incident"]} == incident_ids
    assert {c["incident_id"] for c in tables["claims"]} <= incident_ids
    assert {e["article_id"] for e in events} | {q["article_id"] for q in tables["quotes"]} == (
        article_ids
    )
    event_ids = {e["id"] for e in events}
    for c in tables["claims"]:
        assert set(c["event_ids"]) <= event_ids


def test_filters_choose_events_and_what_they_refer_to(store, tmp_path: Path) -> None:
    out = tmp_path / "assaults"
    prov = export_to_path(store, "parquet", Filters(type="ASSAULT", country="AZE"), out)
    events = pq.read_table(out / "events.parquet").to_pylist()
    assert events and all(e["type"] == "ASSAULT" for e in events)
    incidents = pq.read_table(out / "incidents.parquet", columns=["id", "type"]).to_pylist()
    assert {i["type"] for i in incidents} == {"ASSAULT"}
    assert prov.filters == {"type": "ASSAULT", "country": "AZE"}
