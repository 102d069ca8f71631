"""Other forms that name a place: abbreviations ("Tenn.", "Ont.", "EU") and adjectives.

Both map a form to the place's name as the gazetteer holds it, with its country and
kind, so the resolver looks up the full name and never the short form: "EU" is not the
French town of Eu, "Miss." is not a town at all. The tables are packaged data files
(``data/place_abbreviations.tsv``, ``data/place_demonyms.tsv``); countries' own
adjectives ("Russian", "Iranian") come from countryinfo and the caller's dictionary.
"""

from __future__ import annotations

import csv
import functools
import json
import logging
from dataclasses import dataclass
from importlib import resources

from sitroom.errors import InputError

log = logging.getLogger(__name__)

_COLUMNS = ("name", "country", "kind")


@dataclass(frozen=True, slots=True)
class PlaceForm:
    """The place a short form or an adjective stands for."""

    name: str
    country: str
    """ISO-3; empty for continents and regions in no one country."""
    kind: str
    """``town``, ``region``, ``country`` or ``continent``."""


def _read_table(filename: str, key: str) -> dict[str, PlaceForm]:
    path = resources.files("sitroom.data").joinpath(filename)
    rows = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    out: dict[str, PlaceForm] = {}
    reader = csv.DictReader(rows, delimiter="\t")
    if reader.fieldnames is None or tuple(reader.fieldnames) != (key, *_COLUMNS):
        raise InputError(filename, "header must be: " + " TAB ".join((key, *_COLUMNS)))
    for row in reader:
        out[row[key]] = PlaceForm(row["name"], row["country"], row["kind"])
    return out


@functools.cache
def _abbreviations() -> dict[str, PlaceForm]:
    table = _read_table("place_abbreviations.tsv", "abbreviation")
    # "Calif" and "Calif." alike; two-letter codes and dotted initials keep their form
    for form, place in list(table.items()):
        bare = form.rstrip(".")
        if form.endswith(".") and "." not in bare and len(bare) > 2:
            table.setdefault(bare, place)
    return table


def abbreviation(text: str) -> PlaceForm | None:
    """The place an abbreviation stands for ("Tenn." -> Tennessee), matched as written."""
    text = text.strip()
    if text.endswith(("'s", "\u2019s")):
        text = text[:-2]
    return _abbreviations().get(text)


def _country_adjectives() -> dict[str, str]:
    """Lower-cased demonym -> ISO-3, from countryinfo's ``demonym`` fields.

    Where countries share one ("Chinese": China, Taiwan, Hong Kong, Macao), the most
    populous has it.
    """
    try:
        root = resources.files("countryinfo").joinpath("data")
    except ModuleNotFoundError:
        return {}
    best: dict[str, tuple[int, str]] = {}
    for item in sorted(root.iterdir(), key=lambda i: i.name):
        if not item.name.endswith(".json"):
            continue
        data = json.loads(item.read_text(encoding="utf-8"))
        iso = (data.get("ISO") or {}).get("alpha3")
        demonym = data.get("demonym")
        population = data.get("population")
        size = population if isinstance(population, int) else 0
        if iso and isinstance(demonym, str) and demonym.strip():
            key = demonym.strip().lower()
            if key not in best or size > best[key][0]:
                best[key] = (size, iso)
    return {key: iso for key, (_, iso) in best.items()}


@functools.cache
def _demonyms() -> dict[str, PlaceForm]:
    table = {k.lower(): v for k, v in _read_table("place_demonyms.tsv", "demonym").items()}
    for demonym, iso3 in _country_adjectives().items():
        table.setdefault(demonym, PlaceForm("", iso3, "country"))
    for form, place in list(table.items()):
        table.setdefault(_plural(form), place)
    return table


def _plural(word: str) -> str:
    if word.endswith(("ese", "ish", "ch", "sh", "ss", "i", "s", "x")):
        return word  # "Chinese", "British", "French", "Swiss", "Iraqi" have no plural in -s
    return word + "s"


def demonym(text: str, countries: dict[str, str] | None = None) -> PlaceForm | None:
    """The place an adjective or demonym names ("European" -> Europe, "Texans" -> Texas).

    ``countries`` maps further lower-cased adjectives to ISO-3 codes (the actor
    dictionary's), which come before countryinfo's. A country is returned with an
    empty ``name``: the caller takes the gazetteer's entry for its code.
    """
    key = text.strip().lower()
    if key.endswith(("'s", "\u2019s")):
        key = key[:-2]
    found = _demonyms().get(key)
    if found is not None and found.kind != "country":
        return found
    if countries and key in countries:
        return PlaceForm("", countries[key], "country")
    return found
