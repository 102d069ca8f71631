"""GeoJSON: GDAL's ogrinfo reads the file and reports the feature count and fields."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sitroom.export.run import export_to_path
from sitroom.query import Filters

FIELDS = {
    "incident": {
        "type": "String",
        "label": "String",
        "event_date": "Date",
        "killed_best": "Integer",
        "killed_low": "Integer",
        "killed_high": "Integer",
        "precision": "String",
        "geo_precision": "Integer",
        "contested": "Integer(Boolean)",
    },
    "mention": {
        "type": "String",
        "label": "String",
        "event_date": "Date",
        "killed": "Integer",
        "precision": "String",
        "geo_precision": "Integer",
        "denied": "Integer(Boolean)",
        "sentence": "String",
    },
}


def _ogrinfo() -> str:
    found = shutil.which("ogrinfo")
    if found:
        return found
    # The documented setup: Debian's gdal-bin package (tests run as root).
    subprocess.run(
        "apt-get install -y gdal-bin || (apt-get update && apt-get install -y gdal-bin)",
        shell=True,
        check=False,
        capture_output=True,
        timeout=900,
    )
    found = shutil.which("ogrinfo")
    if not found:
        pytest.skip("ogrinfo (gdal-bin) could not be installed with apt-get")
    return found


@pytest.mark.parametrize("level", ["incident", "mention"])
def test_ogrinfo_reads_features_and_fields(store, tmp_path: Path, level: str) -> None:
    out = tmp_path / f"{level}.geojson"
    prov = export_to_path(store, "geojson", Filters(), out, level)
    report = subprocess.run(
        [_ogrinfo(), "-ro", "-so", "-al", str(out)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "Geometry: Point" in report
    count = re.search(r"Feature Count: (\d+)", report)
    assert count and int(count.group(1)) == prov.counts["features"] > 0
    fields = dict(re.findall(r"^(\w+): (\S+) \(", report, flags=re.M))
    for name, kind in FIELDS[level].items():
        assert fields.get(name) == kind, (name, fields.get(name))

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["sitroom_provenance"]["counts"] == prov.counts
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        props = feature["properties"]
        assert props["geo_precision"] == {"town": 1, "region": 2, "country": 3}[props["precision"]]


def test_country_points_can_be_filtered_out(store, tmp_path: Path) -> None:
    out = tmp_path / "mentions.geojson"
    export_to_path(store, "geojson", Filters(), out, "mention")
    report = subprocess.run(
        [_ogrinfo(), "-ro", "-al", "-where", "geo_precision < 3", "-so", str(out)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    kept = int(re.search(r"Feature Count: (\d+)", report).group(1))  # type: ignore[union-attr]
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    precise = [f for f in features if f["properties"]["precision"] != "country"]
    assert kept == len(precise) < len(features)
