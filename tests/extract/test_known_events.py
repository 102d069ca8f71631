"""Known events: landmarks that date undated reports and the mentions that name them."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.errors import ConfigError
from sitroom.extract.article import Resources, extract_article
from sitroom.extract.time import infer_dct
from sitroom.extract.timex.dct import office_window as infer_window
from sitroom.extract.timex.known import find_known_events, known_events, parse_known_events
from sitroom.model import Article
from tests.geo.helpers import gazetteer

__all__ = ["gazetteer"]


def test_the_packaged_table_loads_with_dated_entries():
    table = known_events()
    assert len(table) >= 5
    assert all(e.cues and e.known_from.year >= 1990 for e in table)


def test_a_landmark_needs_every_cue_in_one_sentence_and_its_conflict_in_the_text():
    text = (
        "Armenia and Azerbaijan traded blame. The humanitarian truce brokered by the United "
        "States collapsed within hours."
    )
    (m,) = find_known_events(text)
    assert m.event.date == "2020-10-26" and text[m.start : m.end] == "truce"
    # The same words about another conflict are not that landmark.
    assert find_known_events("The truce brokered by the United States held in Gaza.") == []
    # Cues split over two sentences do not match.
    assert find_known_events("Azerbaijan agreed to a truce. The United States welcomed it.") == []


def test_an_undated_report_is_no_older_than_the_landmarks_and_officials_it_names():
    text = (
        "Armenia and Azerbaijan announced on Monday that the humanitarian ceasefire brokered "
        "by the United States had failed. Talks on October 12 went nowhere."
    )
    got = infer_dct(text)
    assert got.inferred and got.earliest == dt.date(2020, 10, 26)  # Monday on or after 25 Oct
    named = "Foreign Minister Hossein Amir-Abdollahian spoke with his Armenian counterpart."
    window = infer_dct(named + " The war ended in November 2020.")
    # The officials bound the report from below; the start of a term dates nothing.
    assert window.earliest is not None and window.earliest >= dt.date(2021, 8, 1)
    assert window.best is None


def test_bad_tables_are_reported_with_the_entry():
    with pytest.raises(ConfigError, match="entry 1"):
        parse_known_events("events:\n  - id: x\n    date: 2020-13\n    cues: [a]\n", "t.yaml")
    with pytest.raises(ConfigError, match="bad cue"):
        parse_known_events(
            "events:\n  - id: x\n    date: '2020'\n    known_from: '2020-01-01'\n    cues: ['(']\n",
            "t.yaml",
        )


def _events(nlp, gazetteer, text: str):
    from sitroom.extract.actors import load_actor_dictionary

    article = Article(doc="t", text=text, raw=text, published=dt.date(2021, 7, 29))
    res = Resources(gazetteer=gazetteer, actor_dictionary=load_actor_dictionary())
    return extract_article(nlp(text), article, res).events


def test_what_happened_during_a_known_war_takes_its_date(nlp, gazetteer):
    text = (
        "Armenia and Azerbaijan clashed on Wednesday. During the 44-day war, Iran offered "
        "a peace initiative to end the fighting."
    )
    offer = next(e for e in _events(nlp, gazetteer, text) if e.type == "AGREE")
    assert offer.date == "2020" and offer.date_precision == "year"


def test_habitual_events_take_no_date_from_around_them(nlp, gazetteer):
    text = (
        "The war ended in November 2020. Since then Armenia and Azerbaijan have repeatedly "
        "accused each other of violating the truce."
    )
    blame = next(e for e in _events(nlp, gazetteer, text) if e.type == "DISAPPROVE")
    assert blame.date is None


def test_an_episode_named_in_generic_words_needs_its_toll_and_officials_in_office():
    officials = "Foreign Minister Hossein Amir-Abdollahian called his Armenian counterpart. "
    flare = (
        "A fresh flare-up on the border of Armenia and Azerbaijan left nearly 100 soldiers dead."
    )
    (m,) = find_known_events(officials + flare, window=infer_window(officials))
    assert m.event.id == "border-clashes-2022-09" and m.event.date == "2022-09"
    # The same words without officials that place it, or with another toll, name nothing.
    assert find_known_events(flare) == []
    small = flare.replace("nearly 100", "three")
    assert find_known_events(officials + small, window=infer_window(officials)) == []
    # A sentence with its own year is dated by it, not by an episode.
    dated = "In 2021 a flare-up between Armenia and Azerbaijan left 100 soldiers dead."
    assert find_known_events(officials + dated, window=infer_window(officials)) == []
    # It dates an undated report: the Wednesday after the fighting began.
    got = infer_dct(officials + flare + " The two ministers spoke on Wednesday.")
    assert got.inferred and got.earliest == dt.date(2022, 9, 14)


def test_two_episodes_fitting_the_same_words_name_neither():
    window = (dt.date(2015, 1, 1), dt.date(2025, 1, 1))  # both fit the officials' terms
    text = "Fighting between Armenia and Azerbaijan killed 18 soldiers."
    assert find_known_events(text, window=window) == []


def test_episode_tolls_are_checked():
    with pytest.raises(ConfigError, match="toll"):
        parse_known_events(
            "events:\n  - id: x\n    date: '2020'\n    known_from: '2020-01-01'\n"
            "    cues: [a]\n    toll: [5]\n",
            "t.yaml",
        )
