"""Candidate ranking: kind, country context, repeated names, proximity."""

from __future__ import annotations

from sitroom.geo.distance import haversine_km
from sitroom.geo.gazetteer import Candidate, Gazetteer
from sitroom.geo.resolve import Context, Mention, name_variants, resolve_mentions


def _resolve(
    gazetteer: Gazetteer, *names: str, context: Context | None = None
) -> list[Candidate | None]:
    mentions = [Mention(n, sentence=i) for i, n in enumerate(names)]
    return resolve_mentions(mentions, gazetteer, context)


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    assert abs(haversine_km(40.68, 46.36, 40.38, 49.89) - 300) < 10  # Ganja-Baku


def test_name_variants_strip_kind_words() -> None:
    assert ("Kalbajar", "region") in name_variants("the Kalbajar region")
    assert ("Ganja", "town") in name_variants("city of Ganja")
    assert name_variants("Iran's")[0] == ("Iran", "")
    assert ("Iran", "region") in name_variants("northwestern Iran")


def test_ganja_resolves_to_the_city(gazetteer: Gazetteer) -> None:
    (ganja,) = _resolve(gazetteer, "Ganja")
    assert ganja is not None and ganja.country == "AZE" and ganja.kind == "town"
    assert haversine_km(ganja.lat, ganja.lon, 40.68, 46.36) < 5


def test_region_hint_picks_the_district(gazetteer: Gazetteer) -> None:
    town, district = resolve_mentions(
        [Mention("Kalbajar"), Mention("Kalbajar", kind_hint="region")], gazetteer
    )
    assert town is not None and town.kind == "town" and town.geonameid == 586268
    assert district is not None and district.kind == "region" and district.geonameid == 586047
    (region,) = _resolve(gazetteer, "the Tovuz region")
    assert region is not None and region.precision == "region" and region.country == "AZE"


def test_country_context_decides_georgia(gazetteer: Gazetteer) -> None:
    alone = _resolve(gazetteer, "Georgia")[0]
    assert alone is not None and alone.country == "GEO"
    in_us = _resolve(gazetteer, "Atlanta", "Alabama", "Florida", "Georgia")[-1]
    assert in_us is not None and in_us.country == "USA" and in_us.kind == "region"


def test_repeated_ambiguous_name_does_not_outvote_context(gazetteer: Gazetteer) -> None:
    out = _resolve(gazetteer, "California", *["Santa Ana"] * 8)
    assert all(c is not None and c.country == "USA" for c in out)


def test_preferred_countries_break_ties(gazetteer: Gazetteer) -> None:
    plain = _resolve(gazetteer, "Martuni")[0]
    assert plain is not None
    karabakh = _resolve(gazetteer, "Martuni", context=Context(preferred=("AZE",)))[0]
    assert karabakh is not None and karabakh.country == "AZE"


def test_unknown_name_gives_none(gazetteer: Gazetteer) -> None:
    assert _resolve(gazetteer, "Qwxzvillezzz") == [None]


def test_place_after_a_comma_contains_the_mention(gazetteer: Gazetteer) -> None:
    # Blakely, Pennsylvania is the larger town; "Blakely, Georgia" is the other one.
    (plain,) = resolve_mentions([Mention("Blakely")], gazetteer)
    (inside,) = resolve_mentions([Mention("Blakely", container="Georgia")], gazetteer)
    assert plain is not None and plain.admin1 == "Pennsylvania"
    assert inside is not None and inside.admin1 == "Georgia" and inside.country == "USA"


def test_apposition_names_the_same_place(gazetteer: Gazetteer) -> None:
    (dc,) = resolve_mentions([Mention("Washington", container="D.C.")], gazetteer)
    assert dc is not None and dc.kind == "town"
    assert haversine_km(dc.lat, dc.lon, 38.9, -77.04) < 20


def test_province_named_in_the_article_picks_the_namesake(gazetteer: Gazetteer) -> None:
    province, town = _resolve(gazetteer, "Queensland", "Innisfail")
    assert province is not None and province.feature == "ADM1"
    assert town is not None and town.country == "AUS" and town.admin1 == "Queensland"


def test_province_name_is_not_read_as_a_namesake_town(gazetteer: Gazetteer) -> None:
    # Wyoming, Michigan is a town; "Michigan ... Wyoming" still names two states.
    michigan, wyoming = _resolve(gazetteer, "Michigan", "Wyoming")
    assert michigan is not None and wyoming is not None
    assert wyoming.feature == "ADM1" and wyoming.name == "Wyoming"


def test_ocean_beats_a_namesake_town_in_the_articles_country(gazetteer: Gazetteer) -> None:
    context = Context()
    context.add("USA", 0, 3.0)
    (pacific,) = resolve_mentions([Mention("Pacific")], gazetteer, context)
    assert pacific is not None and pacific.country == "" and pacific.kind == "region"
