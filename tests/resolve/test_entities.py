"""Canonical entities: one key for every spelling of one party (written for the project)."""

from __future__ import annotations

from sitroom.model import Actor, Event, Extraction, Quote
from sitroom.resolve.entities import entity_id, entity_key, link_entities


def ministry(text: str, name: str, country: str = "ARM", sector: str = "MIL") -> Actor:
    return Actor(text=text, country=country, sector=sector, name=name, kind="institution")


def person(name: str, country: str = "IRN") -> Actor:
    return Actor(text=name, country=country, sector="GOV", name=name, kind="person")


def said(speaker: str, actor: Actor | None) -> Quote:
    return Quote(speaker, "x", 0, 1, False, speaker_actor=actor)


def test_spellings_of_one_ministry_share_a_key() -> None:
    keys = {
        entity_key(ministry("Armenia's Defence Ministry", "defence ministry")),
        entity_key(ministry("the Armenian Ministry of Defense", "ministry of defense")),
        entity_key(ministry("the defence ministry of Armenia", "Defence Ministry of Armenia")),
    }
    assert keys == {"inst:ARM:defense ministry"}


def test_other_ministries_and_countries_differ() -> None:
    arm = entity_key(ministry("Armenia's Defence Ministry", "defence ministry"))
    aze = entity_key(ministry("Azerbaijan's Defence Ministry", "defence ministry", "AZE"))
    foreign = entity_key(ministry("Armenia's Foreign Ministry", "foreign ministry", sector="GOV"))
    assert len({arm, aze, foreign}) == 3


def test_people_and_countries() -> None:
    assert entity_key(person("Saeed Khatibzadeh")) == "person:saeed khatibzadeh"
    assert entity_key(person("Dr. Saeed Khatibzadeh")) == "person:saeed khatibzadeh"
    country = Actor(text="Iran", country="IRN", sector="GOV", kind="country")
    assert entity_key(country) == "country:IRN"


def test_nobody_in_particular_is_no_entity() -> None:
    assert entity_key(None, "officials") == ""
    assert entity_key(ministry("the ministry", "ministry", country="")) == ""
    assert entity_key(None, "Lilit Hovakimyan") == "name:lilit hovakimyan"
    # two countries named together are nobody in particular
    assert entity_key(ministry("Thailand and Cambodia", "", "THA"), "Thailand and Cambodia") == ""


def test_the_text_name_keys_an_institution() -> None:
    # the speaker string (the fullest name the article gives) is the name keyed
    def key(speaker: str, country: str) -> str:
        return entity_key(ministry(speaker, "", country), speaker)

    assert key("Ministry of Defense of the Republic of Azerbaijan", "AZE") == key(
        "Baku defence ministry", "AZE"
    )
    assert key("RIA Novosti news agency", "RUS") != key("Russian Interfax news agency", "RUS")
    # a country named alone is the country, not the body the phrase was coded as
    assert key("Azerbaijan", "AZE") == "country:AZE"
    # another country in the name stays in the key: an embassy's host
    assert key("Iran's embassy in Azerbaijan", "IRN") == key("Iranian embassy in Baku", "IRN")
    assert key("Iranian embassy in Baku", "IRN") != key("Iranian embassy in Yerevan", "IRN")
    # the actor dictionary's aliases of a named body fold to its canonical name
    assert key("EU", "") == key("European Union", "") == "org:european union"


def test_ids_are_stable_hex() -> None:
    key = "inst:ARM:defense ministry"
    assert entity_id(key) == entity_id(key)
    assert len(entity_id(key)) == 16 and int(entity_id(key), 16) >= 0
    assert entity_id(key) != entity_id("inst:AZE:defense ministry")


def test_a_surname_links_to_the_full_name_in_its_article() -> None:
    full = said("Saeed Khatibzadeh", person("Saeed Khatibzadeh"))
    short = said("Khatibzadeh", person("Khatibzadeh"))
    uncoded = said("Khatibzadeh", None)
    target = person("Khatibzadeh")
    x = Extraction(quotes=[short, full, uncoded], events=[Event("DEMAND", 0, 1, target=[target])])
    entities = link_entities(x)
    assert len(entities) == 1
    assert entities[0].name == "Saeed Khatibzadeh"
    assert entities[0].kind == "person"
    assert short.speaker_entity == full.speaker_entity == uncoded.speaker_entity
    assert target.entity == full.speaker_entity
    # the speaker string that is printed and scored is left as the text gives it
    assert short.speaker == "Khatibzadeh"


def test_a_surname_two_people_share_stays_apart() -> None:
    a = said("Ilham Aliyev", person("Ilham Aliyev", "AZE"))
    b = said("Heydar Aliyev", person("Heydar Aliyev", "AZE"))
    c = said("Aliyev", person("Aliyev", "AZE"))
    link_entities(Extraction(quotes=[a, b, c]))
    assert len({a.speaker_entity, b.speaker_entity, c.speaker_entity}) == 3


def test_a_body_coded_by_its_country_is_not_the_country() -> None:
    india = Actor(text="India", country="IND", sector="GOV", kind="country")
    assert entity_key(india, "India") == "country:IND"
    assert entity_key(india, "India's Foreign Secretary") == "inst:IND:foreign secretary"
    assert entity_key(india, "Both sides") == ""


def test_a_country_is_shown_by_its_name() -> None:
    russia = Actor(text="Moscow", country="RUS", sector="GOV", kind="country")
    quotes = [said("Moscow", russia), said("Kremlin", russia)]
    (entity,) = link_entities(Extraction(quotes=quotes))
    assert entity.key == "country:RUS"
    assert entity.name == "Russia"
