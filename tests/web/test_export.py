"""GET /api/export/{format} streams what ``sitroom export`` writes."""

from __future__ import annotations

import csv
import io
import json

from sitroom.config import Settings
from sitroom.export.run import export_text
from sitroom.query import Filters
from sitroom.store import Store


def test_export_is_the_cli_export_with_provenance(client, store_path) -> None:
    r = client.get("/api/export/geojson", params={"country": "aze", "level": "mention"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/geo+json")
    assert 'filename="sitroom-mentions.geojson"' in r.headers["content-disposition"]
    store = Store.open(Settings(db=str(store_path)).db)
    try:
        _, chunks = export_text(store, "geojson", Filters(country="AZE"), "mention")
        assert r.text == "".join(chunks)
    finally:
        store.close()
    features = r.json()["features"]
    assert len(features) == 2 and {f["properties"]["country"] for f in features} == {"AZE"}
    prov = json.loads(r.headers["x-sitroom-provenance"])
    assert prov["filters"] == {"country": "AZE"} and prov["level"] == "mention"


def test_csv_has_the_codebook_header(client) -> None:
    from sitroom.export.acled import ACLED_COLUMNS, INCIDENT_EXTRA

    r = client.get("/api/export/acled-csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    header = next(csv.reader(io.StringIO(r.text)))
    assert tuple(header) == ACLED_COLUMNS + INCIDENT_EXTRA


def test_geojson_and_plover_stream(client) -> None:
    geo = client.get("/api/export/geojson").json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 1
    lines = client.get("/api/export/plover-json", params={"type": "ASSAULT"}).text.splitlines()
    assert [json.loads(x)["event"] for x in lines] == ["ASSAULT", "ASSAULT"]


def test_bad_requests(client) -> None:
    assert client.get("/api/export/parquet").status_code == 404
    assert client.get("/api/export/xlsx").status_code == 404
    r = client.get("/api/export/plover-json", params={"level": "incident"})
    assert r.status_code == 422 and "level mention" in r.json()["detail"]
    assert client.get("/api/export/geojson", params={"doc": "plain"}).status_code == 422
    assert client.get("/api/export/geojson", params={"type": "BOMB"}).status_code == 422
