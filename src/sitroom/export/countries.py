"""Countries as ACLED names them: name, numeric ISO code and ACLED region, from an ISO-3 code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

# ACLED's spellings where pycountry's name is the formal one.
_NAMES = {
    "BOL": "Bolivia",
    "COD": "Democratic Republic of Congo",
    "COG": "Republic of Congo",
    "CZE": "Czech Republic",
    "FSM": "Micronesia",
    "IRN": "Iran",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MDA": "Moldova",
    "PRK": "North Korea",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SYR": "Syria",
    "TUR": "Turkey",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "VEN": "Venezuela",
    "VNM": "Vietnam",
}

# UN M49 (sub)regions, as countryinfo gives them, to ACLED's regions. ACLED groups the
# South Caucasus with Central Asia and counts Iran in the Middle East (see _REGION_OF).
_REGIONS = {
    "Northern Africa": "Northern Africa",
    "Western Africa": "Western Africa",
    "Middle Africa": "Middle Africa",
    "Eastern Africa": "Eastern Africa",
    "Southern Africa": "Southern Africa",
    "Caribbean": "Caribbean",
    "Central America": "Central America",
    "South America": "South America",
    "Northern America": "North America",
    "Central Asia": "Caucasus and Central Asia",
    "Western Asia": "Middle East",
    "Southern Asia": "South Asia",
    "South-eastern Asia": "Southeast Asia",
    "Eastern Asia": "East Asia",
    "Eastern Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
}
_REGION_OF = {
    "ARM": "Caucasus and Central Asia",
    "AZE": "Caucasus and Central Asia",
    "GEO": "Caucasus and Central Asia",
    "IRN": "Middle East",
}


@dataclass(frozen=True, slots=True)
class Country:
    """A country as ACLED's columns give it."""

    iso3: str
    name: str
    iso: int | None
    """ISO 3166 numeric code (ACLED's ``iso`` column)."""
    region: str


@cache
def _subregions() -> dict[str, str]:
    """ISO-3 -> UN M49 intermediate region or subregion, from countryinfo's data files."""
    out: dict[str, str] = {}
    root = resources.files("countryinfo").joinpath("data")
    for item in root.iterdir():
        if not item.name.endswith(".json"):
            continue
        data = json.loads(item.read_text(encoding="utf-8"))
        iso3 = (data.get("ISO") or {}).get("alpha3")
        sub = data.get("intermediateregion") or data.get("subregion") or ""
        if iso3 and sub:
            out[iso3] = sub
    return out


@cache
def country(iso3: str) -> Country | None:
    """The country of an ISO-3 code, or None for an empty or unknown code."""
    code = (iso3 or "").upper()
    found = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if found is None:
        return None
    name = _NAMES.get(code) or getattr(found, "common_name", None) or found.name
    region = _REGION_OF.get(code) or _REGIONS.get(_subregions().get(code, ""), "")
    return Country(code, name, int(found.numeric), region)


def country_name(iso3: str) -> str:
    """The ACLED name of an ISO-3 code, or the code itself when unknown."""
    c = country(iso3)
    return c.name if c else iso3
