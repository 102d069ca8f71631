"""The gazetteer: build from the packages, lookups, curated supplement, patterns."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sitroom.errors import InputError
from sitroom.geo.build import GAZETTEER_VERSION, write_gazetteer
from sitroom.geo.distance import haversine_km
from sitroom.geo.gazetteer import Gazetteer, default_path, place_patterns
from sitroom.geo.names import normalize_name
from sitroom.geo.sources import PlaceRecord, read_supplement


def test_build_writes_a_versioned_file(gazetteer: Gazetteer) -> None:
    con = sqlite3.connect(gazetteer.path)
    version = con.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0]
    kinds = dict(con.execute("SELECT kind, count(*) FROM place GROUP BY kind").fetchall())
    con.close()
    assert version == GAZETTEER_VERSION
    assert kinds["town"] > 200_000  # GeoNames cities500
    assert kinds["region"] > 3_000  # admin-1 and admin-2 areas
    assert 200 < kinds["country"] < 260
    assert kinds["continent"] >= 7
    assert not list(gazetteer.path.parent.glob("*.tmp"))  # the temp file was renamed


def test_ganja_is_the_azerbaijani_city(gazetteer: Gazetteer) -> None:
    (ganja,) = [c for c in gazetteer.lookup("Ganja") if c.main_name]
    assert (ganja.country, ganja.kind, ganja.geonameid) == ("AZE", "town", 586523)
    assert haversine_km(ganja.lat, ganja.lon, 40.68, 46.36) < 5
    assert ganja.population > 100_000
    assert ganja.admin1


def test_lookup_folds_case_accents_and_punctuation(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("GANJA") == gazetteer.lookup("ganja")
    assert {c.key for c in gazetteer.lookup("Şuşa")} & {c.key for c in gazetteer.lookup("Shusha")}
    assert any(c.country == "USA" and c.kind == "country" for c in gazetteer.lookup("U.S."))
    assert gazetteer.lookup("Qwxzvillezzz") == []
    assert gazetteer.lookup("  ") == []


def test_non_latin_names_are_found_in_the_file(gazetteer: Gazetteer) -> None:
    assert any(c.geonameid == 146970 for c in gazetteer.lookup("Степанакерт"))


@pytest.mark.parametrize(
    ("alias", "geonameid"),
    [
        ("Karvachar", 586268),  # Kalbajar town
        ("Khankendi", 146970),
        ("Stepanakert", 146970),
        ("Shushi", 147105),
    ],
)
def test_historical_and_alternate_names(gazetteer: Gazetteer, alias: str, geonameid: int) -> None:
    assert geonameid in {c.geonameid for c in gazetteer.lookup(alias)}


def test_curated_places_the_packages_lack(gazetteer: Gazetteer) -> None:
    (artsakh,) = gazetteer.lookup("Artsakh")
    assert artsakh.name == "Nagorno-Karabakh" and artsakh.kind == "region"
    assert artsakh.geonameid == 0 and artsakh.country == "AZE"
    for name, country in [("Khodafarin", "AZE"), ("Hadrut", "AZE"), ("Aghdara", "AZE")]:
        found = gazetteer.lookup(name)
        assert found and found[0].country == country and found[0].kind == "town", name
    assert any(c.name == "Martakert" for c in gazetteer.lookup("Ağdərə"))


def test_admin_areas_have_codes_and_points(gazetteer: Gazetteer) -> None:
    kalbajar = [c for c in gazetteer.lookup("Kalbajar") if c.kind == "region"]
    assert kalbajar and kalbajar[0].geonameid == 586047 and kalbajar[0].feature == "ADM1"
    (gegharkunik,) = [c for c in gazetteer.lookup("Gegharkunik") if c.kind == "region"]
    assert gegharkunik.country == "ARM"
    assert haversine_km(gegharkunik.lat, gegharkunik.lon, 40.3, 45.2) < 60  # Lake Sevan area
    tovuz = [c for c in gazetteer.lookup("Tovuz") if c.kind == "region"]
    assert tovuz and tovuz[0].population > 10_000  # towns summed


def test_countries_carry_iso3_and_points(gazetteer: Gazetteer) -> None:
    azerbaijan = gazetteer.country("AZE")
    assert azerbaijan is not None and azerbaijan.kind == "country"
    assert haversine_km(azerbaijan.lat, azerbaijan.lon, 40.4, 47.6) < 250
    assert azerbaijan.precision == "country"


def test_every_supplement_alias_points_at_an_entry(gazetteer: Gazetteer) -> None:
    places, aliases = read_supplement()
    assert places and aliases
    for alias in aliases:
        assert gazetteer.by_geonameid(alias.geonameid), alias
    for place in places:
        assert place.source.removeprefix("supplement:").strip(), place.name


def test_supplement_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "s.tsv"
    header = "name\taliases\tkind\tcountry\tadmin1\tlat\tlon\tgeonameid\tpopulation\tsource\n"
    bad.write_text(header + "Nowhere\t\ttown\tAZE\t\tnorth\t46\t0\t0\tmade up\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"s\.tsv:2"):
        read_supplement(bad)
    bad.write_text("wrong\theader\n", encoding="utf-8")
    with pytest.raises(InputError, match="header"):
        read_supplement(bad)


def test_a_small_hand_made_file_opens_and_looks_up(tmp_path: Path) -> None:
    path = tmp_path / "tiny.sqlite"
    write_gazetteer(
        path,
        [
            PlaceRecord(1, "Alpha Town", "town", "PPL", 1.0, 2.0, "AZE", population=900,
                        names=[("Alpha Town", True), ("Alfa", False)]),
            PlaceRecord(2, "Alpha Region", "region", "ADM1", 1.5, 2.5, "AZE",
                        names=[("Alpha Region", True), ("Alfa", False)]),
        ],
    )  # fmt: skip
    gaz = Gazetteer(path)
    assert len(gaz) == 2
    assert {c.geonameid for c in gaz.lookup("alfa")} == {1, 2}
    assert [c.main_name for c in gaz.lookup("Alpha Town")] == [True]
    assert gaz.lookup("Alpha Region")[0].precision == "region"


def test_default_path_is_versioned_in_the_user_cache() -> None:
    path = default_path()
    assert path.name == f"gazetteer-{GAZETTEER_VERSION}.sqlite"
    assert path.parent.name == "sitroom"


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("U.S.", "us"),
        ("Nagorno-Karabakh", "nagorno karabakh"),
        ("the Gambia", "gambia"),
        ("Kəlbəcər", "kalbacar"),
        ("Geġark'unik'", "gegarkunik"),
        ("  São   Paulo ", "sao paulo"),
    ],
)
def test_normalize_name(raw: str, norm: str) -> None:
    assert normalize_name(raw) == norm


def test_place_patterns_are_regional_and_few(gazetteer: Gazetteer) -> None:
    patterns = place_patterns(gazetteer.path)
    assert 200 < len(patterns) < 5000
    by_text = {p["pattern"]: p for p in patterns}
    assert by_text["Ganja"]["label"] == "GPE" and by_text["Ganja"]["id"] == "geonames:586523"
    for name in ("Tovuz", "Khodafarin", "Nagorno-Karabakh", "Stepanakert", "Tabriz"):
        assert name in by_text, name
    assert "Paris" not in by_text and "Springfield" not in by_text  # not world towns
    assert {p["label"] for p in patterns} <= {"GPE", "LOC"}
    # short names only as acronyms (UK, DC, LoC): "Of", "Van" would be English words
    assert all(len(p["pattern"]) >= 4 or sum(map(str.isupper, p["pattern"])) >= 2 for p in patterns)


def test_former_division_is_placed_from_the_areas_that_replaced_it(gazetteer: Gazetteer) -> None:
    # Kenya's Nyanza Province (until 2013) is six counties today, Kisumu among them.
    (nyanza,) = [c for c in gazetteer.lookup("Nyanza Province") if c.feature == "SUPP"]
    (kisumu,) = [c for c in gazetteer.lookup("Kisumu") if c.feature == "ADM1"]
    assert nyanza.country == "KEN" and nyanza.kind == "region"
    assert haversine_km(nyanza.lat, nyanza.lon, kisumu.lat, kisumu.lon) < 100
