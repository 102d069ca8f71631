"""EntityRuler patterns for the places of the region sitroom follows most closely.

The small English model misses or mislabels many South Caucasus and Iranian
toponyms (Ganja as PERSON, Tovuz as ORG). These patterns name them as places.
They stay regional and few (a few thousand): all world towns would turn common
words and surnames into places.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sitroom.geo.names import normalize_name

# (countries, smallest town population) for towns; admin areas of these
# countries are always included.
REGION_TOWNS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("AZE", "ARM", "GEO"), 2000),
    (("IRN", "TUR"), 100_000),
    (("RUS", "IRQ", "SYR"), 300_000),
)
REGION_AREAS: tuple[str, ...] = ("AZE", "ARM", "GEO", "IRN", "TUR")
MIN_CHARS = 4
"""Shorter names (Of, Van, Bam) collide with English words and names too often."""
MAX_WORDS = 4
_ENGLISH_WORDS = frozenset(
    {
        "about", "after", "again", "also", "army", "back", "bath", "border", "camp", "capital",
        "central", "city", "club", "coast", "east", "field", "front", "gate", "hill", "home",
        "lake", "march", "mass", "mill", "mount", "north", "ocean", "park", "peace", "port",
        "river", "rock", "said", "south", "spring", "state", "station", "street", "summer",
        "town", "union", "victory", "village", "west", "white", "winter", "world", "young",
    }
)  # fmt: skip


def _skip_name(text: str, curated: bool, blocked: set[str]) -> bool:
    words = text.split()
    if not words or len(words) > MAX_WORDS or not text[0].isupper():
        return True
    if not all(ch.isascii() for ch in text if ch.isalpha()) and not curated:
        return True  # keep spellings an English article uses
    if text.casefold() in _ENGLISH_WORDS or normalize_name(text) in blocked:
        return True
    return not curated and (len(text) < MIN_CHARS or text.isupper())


def _blocked_names() -> set[str]:
    """Names the actor dictionary knows as people, bodies or demonyms."""
    try:
        from sitroom.extract.actors import load_actor_dictionary
    except ImportError:
        return set()
    dictionary = load_actor_dictionary()
    return {
        normalize_name(" ".join(key))
        for key, entry in dictionary.cased.items()
        if entry.kind in ("person", "organisation", "adjective")
    }


def regional_patterns(path: Path) -> list[dict[str, Any]]:
    """Patterns (label GPE or LOC, id ``geonames:<id>``) read from the gazetteer file."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = _regional_rows(con)
    finally:
        con.close()
    blocked = _blocked_names()
    by_text: dict[str, set[tuple[str, int, str]]] = {}
    for text, gid, kind, country, source in rows:
        curated = source.startswith("supplement") or "+supplement" in source
        text = text.strip()
        if _skip_name(text, curated, blocked):
            continue
        label = "GPE" if country and kind != "continent" else "LOC"
        ident = f"geonames:{gid}" if gid else f"sitroom:{normalize_name(text)}"
        by_text.setdefault(text, set()).add((label, gid, ident))
    patterns: list[dict[str, Any]] = []
    for text in sorted(by_text):
        options = by_text[text]
        label = "GPE" if any(o[0] == "GPE" for o in options) else "LOC"
        pattern: dict[str, Any] = {"label": label, "pattern": text}
        if len(options) == 1:
            pattern["id"] = next(iter(options))[2]
        patterns.append(pattern)
    return patterns


def _regional_rows(con: sqlite3.Connection) -> list[tuple[str, int, str, str, str]]:
    # Main names, plus the aliases of entries whose main name is not plain ASCII
    # (Kəlbəcər is written Kalbajar in English) and of the curated entries.
    select = (
        "SELECT n.text, p.geonameid, p.kind, p.country, p.source "
        "FROM place p JOIN name n ON n.place = p.id "
        "WHERE (n.main = 1 OR p.name GLOB '*[^ -~]*' OR p.source LIKE '%supplement%') AND "
    )
    rows: list[tuple[str, int, str, str, str]] = []
    rows += con.execute(
        select + "(p.source LIKE 'supplement%' OR p.source LIKE '%+supplement%')"
    ).fetchall()
    marks = ",".join("?" * len(REGION_AREAS))
    rows += con.execute(
        select + f"p.kind = 'region' AND p.feature = 'ADM1' AND p.country IN ({marks})",
        REGION_AREAS,
    ).fetchall()
    for countries, min_pop in REGION_TOWNS:
        marks = ",".join("?" * len(countries))
        rows += con.execute(
            select + f"p.kind = 'town' AND p.population >= ? AND p.country IN ({marks})",
            (min_pop, *countries),
        ).fetchall()
    return rows
