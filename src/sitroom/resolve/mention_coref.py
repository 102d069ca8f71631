"""Cluster gold event mentions (ECB+ style) without training: same group, same event head.

A mention's head is the token of its span whose syntactic head lies outside the
span; its lemma, mapped through a small table of nominalisations and near
synonyms ("death" ~ "die", "killing" ~ "kill"), is the event's key. Mentions
join one chain when they share a group (document cluster, e.g. ECB+ sub-topic)
and that key. This is the lemma baseline that published ECB+ work compares
against, and it needs nothing but a lemmatiser and a parser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Lemma -> event key: nominalisations and verbs that name the same happening.
_EVENT_KEYS: dict[str, str] = {
    "death": "die",
    "dead": "die",
    "killing": "kill",
    "murder": "kill",
    "shooting": "shoot",
    "arrested": "arrest",
    "firing": "fire",
    "earthquake": "quake",
    "strike": "strike",
    "airstrike": "strike",
    "bombing": "bomb",
    "shelling": "shell",
    "injury": "injure",
    "wounded": "wound",
    "talk": "talk",
    "negotiation": "negotiate",
    "agreement": "agree",
    "truce": "ceasefire",
    "cease-fire": "ceasefire",
}


@dataclass(frozen=True, slots=True)
class MentionToken:
    """One token of a parsed sentence: lemma and the index of its syntactic head."""

    text: str
    lemma: str
    head: int


def mention_head(tokens: Sequence[MentionToken], span: Sequence[int]) -> MentionToken:
    """The span token whose syntactic head lies outside the span (else the last token)."""
    inside = set(span)
    for i in span:
        h = tokens[i].head
        if h == i or h not in inside:
            return tokens[i]
    return tokens[span[-1]]


def event_key(lemma: str) -> str:
    """The normalised key of an event head lemma."""
    low = lemma.lower()
    return _EVENT_KEYS.get(low, low)


def cluster_by_head(groups: Sequence[str], keys: Sequence[str]) -> list[int]:
    """Chain number for every mention: same group and same event key share a chain."""
    ids: dict[tuple[str, str], int] = {}
    return [ids.setdefault((g, k), len(ids)) for g, k in zip(groups, keys, strict=True)]
