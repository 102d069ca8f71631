"""Build the gazetteer SQLite file from the installed packages and the supplement."""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from sitroom.geo.names import normalize_name
from sitroom.geo.sources import (
    PlaceRecord,
    _iso3_by_iso2,
    mark_capitals,
    place_former_divisions,
    read_admin_areas,
    read_continents,
    read_countries,
    read_supplement,
    read_towns,
)

log = logging.getLogger(__name__)

GAZETTEER_VERSION = "13"
"""Bumped whenever the schema or the way entries are derived changes."""

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE place (
    id INTEGER PRIMARY KEY,
    geonameid INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    feature TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    admin1_code TEXT NOT NULL,
    population INTEGER NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE name (
    norm TEXT NOT NULL,
    place INTEGER NOT NULL REFERENCES place(id),
    main INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (norm, place)
) WITHOUT ROWID;
CREATE INDEX place_geonameid ON place(geonameid);
CREATE INDEX place_country ON place(country, kind);
CREATE INDEX name_place ON name(place);
"""


def collect_records() -> list[PlaceRecord]:
    """All places from the packages and the curated supplement, aliases merged in."""
    iso3 = _iso3_by_iso2()
    towns = read_towns(iso3)
    mark_capitals(towns)
    areas = read_admin_areas(towns, iso3)
    countries = read_countries(towns)
    supplement, aliases = read_supplement()
    place_former_divisions(supplement, areas)
    records = [*countries, *read_continents(), *areas, *towns, *supplement]
    by_gid: dict[int, list[PlaceRecord]] = {}
    for rec in records:
        if rec.geonameid:
            by_gid.setdefault(rec.geonameid, []).append(rec)
    for alias in aliases:
        targets = by_gid.get(alias.geonameid)
        if not targets:
            log.warning(
                "supplement alias %r: no entry with geonameid %d", alias.name, alias.geonameid
            )
            continue
        for target in targets:
            target.names.append((alias.name, True))  # curated names count as main
            if alias.point is not None:
                target.lat, target.lon = alias.point
                target.source += "+supplement-point"
    return records


def write_gazetteer(path: Path, records: list[PlaceRecord]) -> None:
    """Write ``records`` to a new SQLite file at ``path`` (which must not exist)."""
    con = sqlite3.connect(path)
    try:
        con.executescript(SCHEMA)
        con.execute("INSERT INTO meta VALUES ('version', ?)", (GAZETTEER_VERSION,))
        con.execute("INSERT INTO meta VALUES ('built', ?)", (time.strftime("%Y-%m-%dT%H:%M:%SZ"),))
        place_rows: list[tuple[object, ...]] = []
        name_rows: list[tuple[str, int, int, str]] = []
        for pid, rec in enumerate(records, 1):
            place_rows.append(
                (
                    pid,
                    rec.geonameid,
                    rec.name,
                    rec.kind,
                    rec.feature,
                    round(rec.lat, 5),
                    round(rec.lon, 5),
                    rec.country,
                    rec.admin1,
                    rec.admin1_code,
                    rec.population,
                    rec.source,
                )
            )
            seen: dict[str, tuple[bool, str]] = {}
            for raw, main in rec.names:
                norm = normalize_name(raw)
                if norm:
                    old_main, text = seen.get(norm, (False, raw.strip()))
                    seen[norm] = (old_main or main, text)
            name_rows.extend((norm, pid, int(main), text) for norm, (main, text) in seen.items())
        con.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany("INSERT INTO name VALUES (?,?,?,?)", name_rows)
        con.commit()
    finally:
        con.close()


def build_gazetteer(path: str | Path) -> Path:
    """Build the gazetteer at ``path`` atomically: write a temp file, then rename it."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    records = collect_records()
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # sqlite3 creates it afresh; mkstemp only reserved a unique name
    try:
        write_gazetteer(tmp, records)
        os.replace(tmp, target)  # atomic on POSIX and Windows: readers see old or new, never half
    finally:
        if tmp.exists():
            tmp.unlink()
    log.info(
        "built gazetteer %s: %d places in %.1f s",
        target,
        len(records),
        time.perf_counter() - started,
    )
    return target
