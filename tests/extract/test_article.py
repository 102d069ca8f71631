"""The article-level pass: what needs every extractor's output at once."""

from __future__ import annotations

import datetime as dt

from sitroom.extract.actors import load_actor_dictionary
from sitroom.extract.article import Resources, extract_article
from sitroom.model import Article
from tests.geo.helpers import gazetteer

__all__ = ["gazetteer"]


def _events(nlp, gazetteer, text: str):
    article = Article(doc="t", text=text, raw=text, published=dt.date(2020, 10, 19))
    res = Resources(gazetteer=gazetteer, actor_dictionary=load_actor_dictionary())
    return extract_article(nlp(text), article, res).events


def test_an_embassy_speaks_from_the_capital_it_sits_in(nlp, gazetteer):
    text = "Iran's embassy in Azerbaijan condemned the missile attack on civilians."
    blame = next(e for e in _events(nlp, gazetteer, text) if e.type == "DISAPPROVE")
    assert blame.place is not None
    assert (blame.place.name, blame.place.country, blame.place.precision) == ("Baku", "AZE", "town")


def test_a_statement_without_an_embassy_gets_no_place_from_one(nlp, gazetteer):
    text = "Iran's foreign ministry in Tehran condemned the attack. Its embassy in Baku was closed."
    blame = next(e for e in _events(nlp, gazetteer, text) if e.type == "DISAPPROVE")
    assert blame.place is None or blame.place.name != "Baku"
