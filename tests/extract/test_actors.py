"""Actor mentions: dictionary matching, country + sector coding, coreference."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.extract.actors import extract_actors, institution_key, load_actor_dictionary


def actors(nlp, text, when=dt.date(2022, 9, 14)):
    return [(a.text, a.country, a.sector, a.kind, a.name) for a in extract_actors(nlp(text), when)]


def test_institutions_take_their_country_from_adjective_possessive_or_of(nlp):
    found = actors(
        nlp,
        "Armenia's Defense Ministry and the Iranian Foreign Ministry spoke, "
        "and so did the Ministry of Foreign Affairs of Azerbaijan.",
    )
    coded = {(t, c, s) for t, c, s, _k, _n in found}
    assert ("Armenia's Defense Ministry", "ARM", "MIL") in coded
    assert ("the Iranian Foreign Ministry", "IRN", "GOV") in coded
    assert any(
        c == "AZE" and s == "GOV" and "Ministry of Foreign Affairs" in t for t, c, s in coded
    )


def test_officials_are_coded_with_their_office_at_the_time(nlp):
    [zarif] = [
        a
        for a in extract_actors(nlp("Zarif met reporters."), dt.date(2020, 10, 1))
        if a.kind == "person"
    ]
    assert (zarif.country, zarif.sector, zarif.title) == ("IRN", "GOV", "foreign minister")
    [araghchi] = [
        a
        for a in extract_actors(nlp("Araghchi met reporters."), dt.date(2020, 10, 1))
        if a.kind == "person"
    ]
    assert araghchi.title == "deputy foreign minister"
    [later] = [
        a
        for a in extract_actors(nlp("Araghchi met reporters."), dt.date(2025, 1, 1))
        if a.kind == "person"
    ]
    assert later.title == "foreign minister"


def test_descriptions_refer_back_to_the_named_person(nlp):
    found = actors(
        nlp,
        "Iran's Foreign Minister Hossein Amir-Abdollahian called his Azeri "
        "counterpart Jeyhun Bayramov. The top Iranian diplomat urged restraint. "
        "The spokesman did not comment.",
    )
    diplomat = next(a for a in found if a[0] == "The top Iranian diplomat")
    assert diplomat[4] == "Hossein Amir-Abdollahian"


def test_bare_ministry_refers_to_the_last_one_named(nlp):
    found = actors(
        nlp,
        "The Azerbaijani Ministry of Defence said its posts were shelled. "
        "The Defense Ministry added that two soldiers were wounded.",
    )
    assert [c for t, c, *_ in found if t == "The Defense Ministry"] == ["AZE"]


def test_adjectives_and_lowercase_words_are_not_countries(nlp):
    found = actors(nlp, "Let us see what Armenian positions the troops held.")
    assert not any(n == "United States" for *_x, n in found)
    assert not any(t == "Armenian" for t, *_ in found)
    people = actors(nlp, "Armenians and Azeris live in the village.")
    assert {(c, s) for _t, c, s, k, _n in people if k == "people"} == {
        ("ARM", "CVL"),
        ("AZE", "CVL"),
    }


def test_capitals_stand_for_governments_unless_they_are_places(nlp):
    found = actors(nlp, "Baku and Yerevan blamed each other. The envoy arrived in Tehran.")
    assert [(t, c) for t, c, *_ in found if t in {"Baku", "Yerevan", "Tehran"}] == [
        ("Baku", "AZE"),
        ("Yerevan", "ARM"),
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ministry of Defence", "defense ministry"),
        ("ministry of foreign affairs", "Foreign Ministry"),
    ],
)
def test_institution_synonyms_share_a_key(a, b):
    assert institution_key(a) == institution_key(b)


def test_dictionary_loads_from_a_user_file(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("countries:\n  XKX:\n    names: [Kosovo]\n    adjectives: [Kosovar]\n")
    d = load_actor_dictionary(path)
    assert d.country_names == {"XKX": "Kosovo"}


def test_unknown_officials_are_coded_from_their_title(nlp):
    found = extract_actors(
        nlp("Serbian President Aleksandar Vucic met Iraqi Prime Minister Mustafa al-Kadhimi."),
        dt.date(2020, 9, 1),
    )
    coded = {(a.country, a.sector) for a in found if a.kind == "person"}
    assert ("SRB", "GOV") in coded and ("IRQ", "GOV") in coded


def test_parts_and_old_names_of_countries_are_coded_to_the_country(nlp):
    text = "Police in Northern Ireland arrested two men, and Kampuchean troops withdrew."
    found = actors(nlp, text)
    coded = {(t, c) for t, c, _s, _k, _n in found}
    assert ("Northern Ireland", "GBR") in coded
    assert not any(c == "IRL" for _t, c in coded)
    assert any(c == "KHM" for _t, c in coded)


def test_bodies_of_other_conflicts_are_known(nlp):  # type: ignore[no-untyped-def]
    cases = {
        "The Gaza Health Ministry said the toll had risen.": ("PSE", "GOV"),
        "The ISPR said five jets were shot down.": ("PAK", "MIL"),
        "The GKNB accused the border troops of shelling.": ("KGZ", "GOV"),
        "The Royal Thai Army said it had returned fire.": ("THA", "MIL"),
    }
    for text, coded in cases.items():
        actors = extract_actors(nlp(text), dt.date(2025, 5, 8))
        assert [(a.country, a.sector) for a in actors][:1] == [coded], text
