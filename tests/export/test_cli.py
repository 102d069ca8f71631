"""``sitroom export`` in-process: files, provenance sidecars, byte-identical reruns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import cli

FORMATS = [
    ("acled-csv", None, "x.csv"),
    ("acled-csv", "mention", "x.csv"),
    ("plover-json", None, "x.jsonl"),
    ("geojson", None, "x.geojson"),
    ("geojson", "mention", "x.geojson"),
    ("parquet", None, "tables"),
]


def _export(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), "export", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _files(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    sidecar = path.with_name(path.name + ".provenance.json")
    return {path.name: path.read_bytes(), sidecar.name: sidecar.read_bytes()}


@pytest.mark.parametrize(("fmt", "level", "name"), FORMATS, ids=lambda x: str(x))
def test_same_store_and_filters_give_identical_bytes(
    export_db: Path, tmp_path: Path, fmt: str, level: str | None, name: str
) -> None:
    args = [fmt, "--since", "2020-09-27", "--country", "AZE"]
    args += ["--level", level] if level else []
    first, second = tmp_path / "1" / name, tmp_path / "2" / name
    first.parent.mkdir(), second.parent.mkdir()
    _export(export_db, *args, "-o", str(first))
    _export(export_db, *args, "-o", str(second))
    assert _files(first) == _files(second)
    sidecar = first / "provenance.json" if first.is_dir() else Path(f"{first}.provenance.json")
    prov = json.loads(sidecar.read_text())
    assert prov["format"] == fmt and prov["filters"] == {"since": "2020-09-27", "country": "AZE"}
    assert prov["sitroom"] and prov["made"] and "events" in prov["versions"]
    assert sum(prov["counts"].values()) > 0


def test_made_can_be_given_and_stdout_is_the_file(export_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    _export(export_db, "plover-json", "--made", "2024-03-12T09:00:00", "-o", str(out))
    prov = json.loads(Path(f"{out}.provenance.json").read_text())
    assert prov["made"] == "2024-03-12T09:00:00+00:00"
    first = json.loads(out.read_text().splitlines()[0])
    assert first["dateCoded"] == "2024-03-12"
    printed = CliRunner().invoke(
        cli, ["--db", str(export_db), "export", "plover-json", "--made", "2024-03-12T09:00:00"]
    )
    assert printed.exit_code == 0
    assert printed.stdout_bytes.decode() == out.read_text()


def test_bad_requests_name_the_fix(export_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["--db", str(export_db), "export"]
    result = runner.invoke(cli, [*base, "acled-csv", "--doc", "01_"])
    assert result.exit_code == 2 and "--level mention" in result.output
    assert result.stdout_bytes == b""
    result = runner.invoke(cli, [*base, "plover-json", "--level", "incident"])
    assert result.exit_code == 2 and "level mention" in result.output
    result = runner.invoke(cli, [*base, "parquet"])
    assert result.exit_code == 2 and "-o DIRECTORY" in result.output
    result = runner.invoke(cli, [*base, "geojson", "--made", "yesterday"])
    assert result.exit_code == 2 and "ISO 8601" in result.output
