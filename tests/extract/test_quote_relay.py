"""The relay of a statement: the outlet that passes on what a party said (sentences
written for the project). The speaker stays the party cited."""

from __future__ import annotations

import pytest

from sitroom.extract.actors import extract_actors, load_actor_dictionary
from sitroom.extract.quotes import extract_quotes
from sitroom.model import Quote


def quotes_of(nlp, text: str) -> list[Quote]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return extract_quotes(doc, extract_actors(doc, None, load_actor_dictionary()))


@pytest.mark.parametrize(
    ("text", "speaker", "relay"),
    [
        (
            "Russian news agency TASS, citing the Armenian Defence Ministry, said three "
            "soldiers were wounded.",
            "Armenian Defence Ministry",
            "TASS",
        ),
        (
            "The ministry said the bridge near the border was destroyed, according to Interfax.",
            "ministry",
            "Interfax",
        ),
    ],
)
def test_an_outlet_relays_the_party_it_cites(nlp, text: str, speaker: str, relay: str) -> None:  # type: ignore[no-untyped-def]
    (q,) = quotes_of(nlp, text)
    assert q.speaker == speaker
    assert q.relay == relay


def test_a_party_speaking_for_itself_has_no_relay(nlp) -> None:  # type: ignore[no-untyped-def]
    (q,) = quotes_of(nlp, "The Armenian Defence Ministry said three soldiers were wounded.")
    assert q.relay == ""
