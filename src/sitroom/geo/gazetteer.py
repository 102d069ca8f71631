"""The gazetteer: a local SQLite file of places, with an in-memory name index.

Built on first use from installed packages (see ``sitroom.geo.build``); lookups
after ``Gazetteer.open`` run from memory. Non-Latin spellings (Cyrillic,
Arabic, Armenian...) stay in the SQLite file and are looked up there, which
keeps the resident index to the names English text can contain.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.errors import ModelError
from sitroom.geo.build import GAZETTEER_VERSION, build_gazetteer
from sitroom.geo.names import has_latin_letter, normalize_name
from sitroom.geo.parts import border_point, directional_point

log = logging.getLogger(__name__)

KINDS: tuple[str, ...] = ("town", "region", "country", "continent")
CANDIDATE_CACHE = 100_000
"""Candidates kept built for repeated lookups (a few tens of MB at most)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry that a name can refer to."""

    geonameid: int
    """GeoNames id; 0 for curated places GeoNames lacks."""
    name: str
    lat: float
    lon: float
    country: str
    """ISO-3 code; empty for continents and cross-border regions."""
    admin1: str
    kind: str
    """``town``, ``region``, ``country`` or ``continent``."""
    population: int
    feature: str = ""
    """Finer type: ``PPL``, ``ADM1``, ``ADM2``, ``PCLI``, ``CONT`` or ``SUPP``."""
    main_name: bool = True
    """True when the looked-up name is one of the entry's main names, not an alias."""
    key: int = 0
    """Row id in the gazetteer file: unique even where ``geonameid`` is 0."""

    @property
    def precision(self) -> str:
        """ACLED-style precision: ``town``, ``region`` or ``country``."""
        if self.kind == "town":
            return "town"
        if self.kind == "country":
            return "country"
        return "region"


def default_path() -> Path:
    """``~/.cache/sitroom/gazetteer-<version>.sqlite`` (honours ``XDG_CACHE_HOME``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitroom" / f"gazetteer-{GAZETTEER_VERSION}.sqlite"


def _file_version(path: Path) -> str | None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def ensure_gazetteer(path: str | Path | None = None) -> Path:
    """Path of a current gazetteer file at ``path`` (default location), built if missing."""
    target = Path(path).expanduser() if path else default_path()
    if _file_version(target) == GAZETTEER_VERSION:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _build_lock(target):
            # another process may have built it while this one waited for the lock
            if _file_version(target) != GAZETTEER_VERSION:
                log.info("building the gazetteer at %s (about 30 s, once)", target)
                build_gazetteer(target)
        if path is None:
            _remove_stale_versions(target)
    except OSError as exc:
        raise ModelError(f"{target}: cannot build the gazetteer ({exc})") from exc
    return target


def _remove_stale_versions(current: Path) -> None:
    """Delete gazetteers of other versions from the cache directory (100 MB each)."""
    for old in current.parent.glob("gazetteer-*.sqlite*"):
        if old.name.startswith(current.name):
            continue
        with contextlib.suppress(OSError):
            old.unlink()
            log.info("removed outdated gazetteer %s", old)


@contextlib.contextmanager
def _build_lock(target: Path) -> Iterator[None]:
    """Hold an exclusive lock beside ``target`` so that one process builds at a time.

    The build itself is atomic (temp file, then rename); the lock only saves the
    second process the half minute of building the same file again.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no lock, the atomic rename still keeps the file whole
        yield
        return
    with open(target.with_name(target.name + ".lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Gazetteer:
    """Places by name, loaded from the gazetteer file into memory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._load()

    @classmethod
    def open(cls, path: str | Path | None = None) -> Gazetteer:
        """Open the gazetteer at ``path`` (default: the user cache), building it if missing."""
        return cls(ensure_gazetteer(path))

    def _load(self) -> None:
        con = self._con
        # Iterate the cursor rather than fetchall(): a list of 270,000 row tuples
        # would double the peak memory of opening.
        size = int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM place").fetchone()[0])
        self._gid = array("q", bytes(8 * size))
        self._lat = array("d", bytes(8 * size))
        self._lon = array("d", bytes(8 * size))
        self._pop = array("q", bytes(8 * size))
        self._name: list[str] = [""] * size
        self._meta: list[tuple[str, str, str, str]] = [("", "", "", "")] * size
        interned: dict[tuple[str, str, str, str], tuple[str, str, str, str]] = {}
        rows = con.execute(
            "SELECT id, geonameid, name, kind, feature, lat, lon, country, admin1, population "
            "FROM place"
        )
        for pid, gid, name, kind, feature, lat, lon, country, admin1, pop in rows:
            self._gid[pid] = gid
            self._lat[pid] = lat
            self._lon[pid] = lon
            self._pop[pid] = pop
            self._name[pid] = name
            meta = (kind, feature, country, admin1)
            self._meta[pid] = interned.setdefault(meta, meta)
        # norm -> place ids, each id doubled plus one when it is a main name of the place
        index: dict[str, int | tuple[int, ...]] = {}
        # Names with no ASCII letter (has_latin_letter) are never looked up; SQLite drops
        # them in C, which is far quicker than a Python test on a million names.
        latin = "SELECT norm, place, main FROM name WHERE norm GLOB '*[a-z]*'"
        for norm, pid, main in con.execute(latin):
            code = pid * 2 + main
            old = index.get(norm)
            if old is None:
                index[norm] = code
            elif isinstance(old, int):
                index[norm] = (old, code)
            else:
                index[norm] = (*old, code)
        self._index = index
        self._cache: dict[int, Candidate] = {}
        self._parts: dict[tuple[str, str], tuple[float, float] | None] = {}
        self._countries: dict[str, Candidate | None] = {}
        log.debug("gazetteer %s: %d places, %d names in memory", self.path, size - 1, len(index))

    def __len__(self) -> int:
        return len(self._name) - 1

    def _candidate(self, code: int) -> Candidate:
        cand = self._cache.get(code)
        if cand is None:
            if len(self._cache) >= CANDIDATE_CACHE:
                self._cache.clear()  # bounded: a long-running process sees many names
            pid = code >> 1
            kind, feature, country, admin1 = self._meta[pid]
            cand = Candidate(
                geonameid=self._gid[pid],
                name=self._name[pid],
                lat=self._lat[pid],
                lon=self._lon[pid],
                country=country,
                admin1=admin1,
                kind=kind,
                population=self._pop[pid],
                feature=feature,
                main_name=bool(code & 1),
                key=pid,
            )
            self._cache[code] = cand
        return cand

    def lookup(self, name: str) -> list[Candidate]:
        """Every entry called ``name`` (case, accents and punctuation folded)."""
        norm = normalize_name(name)
        if not norm:
            return []
        if not has_latin_letter(norm):
            return self._lookup_sql(norm)
        codes = self._index.get(norm)
        if codes is None:
            return []
        if isinstance(codes, int):
            return [self._candidate(codes)]
        return [self._candidate(c) for c in codes]

    def __contains__(self, name: str) -> bool:
        return bool(self.lookup(name))

    def _lookup_sql(self, norm: str) -> list[Candidate]:
        rows = self._con.execute("SELECT place, main FROM name WHERE norm = ?", (norm,))
        return [self._candidate(pid * 2 + main) for pid, main in rows]

    def by_geonameid(self, geonameid: int) -> list[Candidate]:
        """Entries with this GeoNames id (an admin area and a town can share none)."""
        rows = self._con.execute("SELECT id FROM place WHERE geonameid = ?", (geonameid,))
        return [self._candidate(pid * 2 + 1) for (pid,) in rows]

    def country(self, iso3: str) -> Candidate | None:
        """The country entry for an ISO-3 code (looked up once per code: place extraction
        asks for every country named in every article)."""
        if iso3 not in self._countries:
            row = self._con.execute(
                "SELECT id FROM place WHERE country = ? AND kind = 'country' LIMIT 1", (iso3,)
            ).fetchone()
            self._countries[iso3] = self._candidate(row[0] * 2 + 1) if row else None
        return self._countries[iso3]

    def capital(self, iso3: str) -> Candidate | None:
        """The capital of a country (ISO-3), or None when the gazetteer marks none."""
        row = self._con.execute(
            "SELECT id FROM place WHERE country = ? AND feature = 'PPLC' "
            "ORDER BY population DESC LIMIT 1",
            (iso3,),
        ).fetchone()
        return self._candidate(row[0] * 2 + 1) if row else None

    def entries(self, countries: Sequence[str], kinds: Sequence[str]) -> Iterator[Candidate]:
        """Every entry of the given kinds in the given countries (ISO-3)."""
        qc = ",".join("?" * len(countries))
        qk = ",".join("?" * len(kinds))
        sql = f"SELECT id FROM place WHERE country IN ({qc}) AND kind IN ({qk}) ORDER BY id"
        for (pid,) in self._con.execute(sql, (*countries, *kinds)):
            yield self._candidate(pid * 2 + 1)

    def division_points(self, iso3: str) -> list[tuple[float, float]]:
        """(lat, lon) of every first-level division of a country (ISO-3)."""
        sql = (
            "SELECT lat, lon FROM place WHERE country = ? AND kind = 'region' AND feature = 'ADM1'"
        )
        return [(lat, lon) for lat, lon in self._con.execute(sql, (iso3,))]

    def town_points(self, iso3: str) -> list[tuple[float, float]]:
        """(lat, lon) of every town of a country (ISO-3)."""
        sql = "SELECT lat, lon FROM place WHERE country = ? AND kind = 'town'"
        return [(lat, lon) for lat, lon in self._con.execute(sql, (iso3,))]

    def part_point(self, iso3: str, direction: str) -> tuple[float, float] | None:
        """(lat, lon) of the part of a country that lies ``direction`` ("northwestern",
        "central"; see ``sitroom.geo.parts``), or None when it has too few divisions."""
        key = (iso3, direction)
        if key not in self._parts:
            self._parts[key] = directional_point(self.division_points(iso3), direction)
        return self._parts[key]

    def border_point(self, a: str, b: str) -> tuple[float, float] | None:
        """(lat, lon) of the middle of the frontier between two countries (ISO-3), or None
        when their towns never come near each other."""
        key = (min(a, b), max(a, b))
        if key not in self._parts:
            # In the key's order, so that the point (to the last bit) does not depend on
            # which of the two pairs a process happened to ask for first.
            self._parts[key] = border_point(self.town_points(key[0]), self.town_points(key[1]))
        return self._parts[key]

    def names_of(self, key: int) -> list[tuple[str, bool]]:
        """Normalised names of the entry with row id ``key`` (main names flagged)."""
        rows = self._con.execute("SELECT norm, main FROM name WHERE place = ?", (key,))
        return [(norm, bool(main)) for norm, main in rows]

    def raw_names(self) -> Iterator[tuple[int, str, str, str, int, str]]:
        """(row id, name, kind, country, population, source) of every entry."""
        yield from self._con.execute(
            "SELECT id, name, kind, country, population, source FROM place ORDER BY id"
        )


def place_patterns(path: str | Path | None = None) -> list[dict[str, Any]]:
    """EntityRuler patterns for regional places the small English model misses."""
    from sitroom.geo.patterns import regional_patterns

    return regional_patterns(ensure_gazetteer(path))
