"""The trigger lexicon: PLOVER type and mode per verb, noun, adjective and phrase.

Loaded from ``data/event_triggers.yaml`` so users can extend it without code changes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitroom.errors import ConfigError
from sitroom.model import PLOVER_TYPES

PLACE_SLOT = "@PLACE"
OPERATION_SLOT = "@OPERATION"
"""A named military operation ("Operation Desert Storm") in a phrase."""
SLOTS = frozenset({PLACE_SLOT, OPERATION_SLOT})
# Function words never anchor a phrase; indexing phrases by them would test every "on" and "to".
_NON_ANCHORS = frozenset(
    {
        "on",
        "upon",
        "at",
        "with",
        "to",
        "in",
        "of",
        "for",
        "by",
        "over",
        "out",
        "up",
        "down",
        "back",
        "off",
        "into",
        "under",
        "the",
        "a",
        "an",
        PLACE_SLOT,
        OPERATION_SLOT,
    }
)


@dataclass(frozen=True, slots=True)
class Cue:
    """What a trigger word or phrase means: a PLOVER type and a default mode."""

    type: str
    mode: str
    pos: str
    """``verb``, ``noun``, ``adj`` or ``phrase``."""
    words: tuple[str, ...] = ()
    """For phrases: every word of the phrase, in plain order."""


@dataclass(frozen=True, slots=True)
class Modality:
    """Words that set an event's status (planned, denied, hypothetical, violation)."""

    planned_aux: frozenset[str]
    planned_heads: frozenset[str]
    hypothetical_marks: frozenset[str]
    hypothetical_aux: frozenset[str]
    denial_verbs: frozenset[str]
    claim_nouns: frozenset[str]
    violation_verbs: frozenset[str]
    violation_nouns: frozenset[str]
    ceasefire_nouns: frozenset[str]
    brokered_words: frozenset[str]


@dataclass(frozen=True, slots=True)
class TriggerLexicon:
    """Lookup tables built once from the YAML lexicon."""

    verbs: dict[str, list[Cue]] = field(default_factory=dict)
    nouns: dict[str, list[Cue]] = field(default_factory=dict)
    adjectives: dict[str, list[Cue]] = field(default_factory=dict)
    phrases: dict[str, list[Cue]] = field(default_factory=dict)
    """Every content word of a phrase -> the phrases it belongs to."""
    reciprocal_modes: frozenset[str] = frozenset()
    all_words: frozenset[str] = frozenset()
    """Every word that can start a trigger lookup (a fast first filter)."""
    light_verbs: frozenset[str] = frozenset()
    anchor_verbs: frozenset[str] = frozenset()
    mode_words: dict[str, str] = field(default_factory=dict)
    modality: Modality | None = None
    snippet_cues: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()
    """CASE-2021 code -> phrases (lower-cased words), in order of precedence."""
    protest_cues: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    """``protest``, ``force``, ``violent``, ``intervention`` -> phrases."""


def load_trigger_lexicon(path: str | Path | None = None) -> TriggerLexicon:
    """Load the trigger lexicon from ``path`` or the packaged ``data/event_triggers.yaml``."""
    if path is None:
        return _packaged_lexicon()
    return parse_trigger_lexicon(Path(path).read_text(encoding="utf-8"), str(path))


@functools.cache
def _packaged_lexicon() -> TriggerLexicon:
    text = (
        resources.files("sitroom.data").joinpath("event_triggers.yaml").read_text(encoding="utf-8")
    )
    return parse_trigger_lexicon(text, "sitroom/data/event_triggers.yaml")


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key) or [])


def parse_trigger_lexicon(text: str, origin: str) -> TriggerLexicon:
    """Build a :class:`TriggerLexicon` from YAML ``text``; ``origin`` names it in errors."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{origin}: invalid YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("types"), dict):
        raise ConfigError(f"{origin}: expected a mapping with a 'types' section")
    verbs: dict[str, list[Cue]] = {}
    nouns: dict[str, list[Cue]] = {}
    adjectives: dict[str, list[Cue]] = {}
    phrases: dict[str, list[Cue]] = {}
    for etype, spec in data["types"].items():
        if etype not in PLOVER_TYPES:
            raise ConfigError(f"{origin}: unknown PLOVER type {etype!r}")
        spec = spec or {}
        for key, table, pos in (
            ("verbs", verbs, "verb"),
            ("nouns", nouns, "noun"),
            ("adjectives", adjectives, "adj"),
        ):
            for word, mode in (spec.get(key) or {}).items():
                table.setdefault(str(word).lower(), []).append(Cue(etype, str(mode or ""), pos))
        for phrase, mode in (spec.get("phrases") or {}).items():
            words = tuple(w if w in SLOTS else w.lower() for w in str(phrase).split())
            if len(words) < 2:
                raise ConfigError(f"{origin}: phrase {phrase!r} needs at least two words")
            cue = Cue(etype, str(mode or ""), "phrase", words)
            for w in set(words) - _NON_ANCHORS:
                phrases.setdefault(w, []).append(cue)
    for cues in phrases.values():
        cues.sort(key=lambda c: -len(c.words))  # longest phrase first
    mod = data.get("modality") or {}
    modality = Modality(
        planned_aux=_words(mod, "planned_aux"),
        planned_heads=_words(mod, "planned_heads"),
        hypothetical_marks=_words(mod, "hypothetical_marks"),
        hypothetical_aux=_words(mod, "hypothetical_aux"),
        denial_verbs=_words(mod, "denial_verbs"),
        claim_nouns=_words(mod, "claim_nouns"),
        violation_verbs=_words(mod, "violation_verbs"),
        violation_nouns=_words(mod, "violation_nouns"),
        ceasefire_nouns=_words(mod, "ceasefire_nouns"),
        brokered_words=_words(mod, "brokered_words"),
    )
    hyphen_tails = {w.rsplit("-", 1)[-1] for w in nouns if "-" in w}
    all_words = frozenset(set(verbs) | set(nouns) | set(adjectives) | set(phrases) | hyphen_tails)
    return TriggerLexicon(
        all_words=all_words,
        verbs=verbs,
        nouns=nouns,
        adjectives=adjectives,
        phrases=phrases,
        reciprocal_modes=_words(data, "reciprocal_modes"),
        light_verbs=_words(data, "light_verbs"),
        anchor_verbs=_words(data, "anchor_verbs"),
        mode_words={str(k).lower(): str(v) for k, v in (data.get("mode_words") or {}).items()},
        modality=modality,
        snippet_cues=tuple(
            (str(code), tuple(tuple(str(p).lower().split()) for p in phrases or []))
            for code, phrases in (data.get("snippet_cues") or {}).items()
        ),
        protest_cues={
            str(name): tuple(tuple(str(p).lower().split()) for p in phrases or [])
            for name, phrases in (data.get("protest_cues") or {}).items()
        },
    )
