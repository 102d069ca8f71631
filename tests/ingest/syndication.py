"""A generated syndication set: agency copies with edits, reordering and furniture."""

from __future__ import annotations

import random
from dataclasses import dataclass

ACTORS = [
    "The defence ministry",
    "A military spokesman",
    "The regional governor",
    "Border guards",
    "The foreign ministry",
    "Local officials",
    "The city mayor",
    "A police commander",
    "The interior minister",
    "Rescue workers",
    "A rebel commander",
    "The army command",
    "Hospital staff",
    "A senior diplomat",
    "The presidential office",
    "Village elders",
]
VERBS = [
    "said",
    "reported",
    "claimed",
    "confirmed",
    "announced",
    "told reporters",
    "denied",
    "alleged",
    "stated",
    "warned",
]
EVENTS = [
    "artillery shells hit",
    "a drone struck",
    "rockets landed in",
    "troops advanced towards",
    "gunmen attacked",
    "a convoy was ambushed near",
    "mortar fire damaged",
    "an airstrike hit",
    "protesters gathered in",
    "negotiators met in",
    "aid lorries reached",
    "sappers cleared mines in",
]
PLACES = [
    "the northern village of Ardel",
    "the port of Salvo",
    "the hill town of Kerem",
    "the border crossing at Tamsin",
    "the suburbs of Orlov",
    "the river valley near Dusk",
    "the market square of Penn",
    "the airbase at Velo",
    "the refinery outside Maro",
    "the railway hub of Tiva",
    "the mountain pass at Brisk",
    "the old quarter of Lume",
]
TIMES = [
    "on Monday night",
    "early on Tuesday",
    "late on Wednesday",
    "on Thursday morning",
    "before dawn on Friday",
    "on Saturday afternoon",
    "overnight into Sunday",
    "at midday",
]
OUTCOMES = [
    "killing {n} people",
    "wounding {n} civilians",
    "leaving {n} soldiers dead",
    "damaging {n} homes",
    "forcing {n} families to flee",
    "cutting power to {n} houses",
    "injuring {n} police officers",
    "destroying {n} vehicles",
]
FURNITURE = [
    "Share this article",
    "Related Articles",
    "Leave a Reply",
    "Back to top",
    "Follow us on Telegram for the latest updates from the region.",
    "Subscribe to our daily newsletter to receive the top stories every morning.",
]
SWAPS = {
    "said": "stated",
    "killing": "leaving dead",
    "early": "in the early hours",
    "late": "later",
    "near": "close to",
    "attacked": "raided",
    "hit": "struck",
}


def _sentence(rng: random.Random) -> str:
    outcome = rng.choice(OUTCOMES).format(n=rng.randint(2, 400))
    return (
        f"{rng.choice(ACTORS)} {rng.choice(VERBS)} that {rng.choice(EVENTS)} "
        f"{rng.choice(PLACES)} {rng.choice(TIMES)}, {outcome}."
    )


def make_article(rng: random.Random, paragraphs: int = 6) -> list[str]:
    """An article as a list of paragraphs of three generated sentences each."""
    return [" ".join(_sentence(rng) for _ in range(3)) for _ in range(paragraphs)]


def _edit(paragraphs: list[str], rng: random.Random) -> list[str]:
    # Copy-editing: a few words swapped and one sentence dropped.
    edited = []
    for p in paragraphs:
        words = p.split()
        for i, w in enumerate(words):
            if w in SWAPS and rng.random() < 0.3:
                words[i] = SWAPS[w]
        edited.append(" ".join(words))
    k = rng.randrange(len(edited))
    sentences = edited[k].split(". ")
    if len(sentences) > 1:
        sentences.pop(rng.randrange(len(sentences)))
        edited[k] = ". ".join(sentences)
    return edited


def _reorder(paragraphs: list[str], rng: random.Random) -> list[str]:
    shuffled = paragraphs[:]
    rng.shuffle(shuffled)
    return shuffled


def _furnish(paragraphs: list[str], rng: random.Random) -> list[str]:
    return [rng.choice(FURNITURE), *paragraphs, *rng.sample(FURNITURE, 3)]


@dataclass(slots=True)
class SyndicationSet:
    """Originals, copies of them (with their original's id) and unrelated articles."""

    originals: dict[str, str]
    copies: list[tuple[str, str]]
    """(text, id of the original it copies)."""
    distinct: list[str]
    """Articles that copy no original as a whole (some share one paragraph)."""
    shared: list[tuple[str, str, int, int]]
    """(text, original id, paragraph in text, paragraph in original) for one shared paragraph."""


def make_syndication_set(n: int = 80, seed: int = 7) -> SyndicationSet:
    """Generate ``n`` originals, five kinds of copies of each, and ``2n`` distinct articles."""
    rng = random.Random(seed)
    originals: dict[str, str] = {}
    copies: list[tuple[str, str]] = []
    distinct: list[str] = []
    shared: list[tuple[str, str, int, int]] = []
    for i in range(n):
        key = f"orig-{i:03d}"
        paragraphs = make_article(rng)
        originals[key] = "\n\n".join(paragraphs)
        for variant in (
            _edit(paragraphs, rng),
            _reorder(paragraphs, rng),
            _furnish(paragraphs, rng),
            _furnish(_reorder(_edit(paragraphs, rng), rng), rng),
            # another outlet trims the last paragraph and adds one of its own
            _furnish(_edit(paragraphs[:-1], rng) + make_article(rng, 1), rng),
        ):
            copies.append(("\n\n".join(variant), key))
        # A different story that quotes one paragraph of this one.
        other = make_article(rng)
        k, j = rng.randrange(len(other)), rng.randrange(len(paragraphs))
        other[k] = paragraphs[j]
        text = "\n\n".join(other)
        distinct.append(text)
        shared.append((text, key, k, j))
        distinct.append("\n\n".join(make_article(rng)))
    return SyndicationSet(originals, copies, distinct, shared)


def precision_recall(
    found: set[tuple[int, str]], truth: set[tuple[int, str]]
) -> tuple[float, float]:
    """Precision and recall of predicted (query, original) pairs."""
    hits = len(found & truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    return precision, recall
