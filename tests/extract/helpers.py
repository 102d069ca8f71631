"""Shared builders for the document-level extraction tests."""

from __future__ import annotations

import datetime as dt

from sitroom.extract.actors import extract_actors, load_actor_dictionary
from sitroom.extract.article import Resources, extract_article
from sitroom.extract.events import extract_events
from sitroom.model import Actor, Article, Event


def article_events(
    nlp, gazetteer, text: str, published: dt.date, *, inferred: bool = False
) -> list[Event]:
    """The events of ``text`` read as a whole article published on ``published``
    (``inferred``: a date the system worked out, not one the report prints)."""
    article = Article(
        doc="t", text=text, raw=text, published=published, published_inferred=inferred
    )
    res = Resources(gazetteer=gazetteer, actor_dictionary=load_actor_dictionary())
    return extract_article(nlp(text), article, res).events


def sentence_events(nlp, text: str, dct: dt.date | None) -> list[Event]:
    """The events of ``text`` sentence by sentence, with nothing the article adds: no
    date, place or claimant from around them (the report dated ``dct``)."""
    doc = nlp(text)
    return extract_events(
        doc,
        extract_actors(doc, dct, load_actor_dictionary()),
        date_of=lambda s, e: (None, None, 3),
        place_of=lambda s, e: None,
        claimant_of=lambda s, e: None,
    )


def attack(source: tuple[str, ...], target: tuple[str, ...], **kw: object) -> Event:
    """An ASSAULT mention with these source and target countries (armed forces against
    civilians), the rest as ``kw`` gives."""
    return Event(
        type="ASSAULT",
        start=0,
        end=1,
        source=[Actor(text=c, country=c, sector="MIL") for c in source],
        target=[Actor(text=c, country=c, sector="CVL") for c in target],
        **kw,  # type: ignore[arg-type]
    )
