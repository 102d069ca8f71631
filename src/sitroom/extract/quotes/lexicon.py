"""The cue lexicon (``data/speech_verbs.yaml``): reporting verbs, statement nouns, roles."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitroom.errors import ConfigError

VERB_CLASSES = ("say", "object", "tell")


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Read-only tables the quote extractor consults."""

    verbs: dict[str, str]
    """Lemma -> class (``say``, ``object`` or ``tell``)."""
    phrasal: dict[str, frozenset[str]] = field(default_factory=dict)
    """Lemma -> particles or prepositions it needs to be a cue ("point out", "call on")."""
    express_verbs: frozenset[str] = frozenset()
    express_nouns: frozenset[str] = frozenset()
    content_preps: frozenset[str] = frozenset()
    document_nouns: frozenset[str] = frozenset()
    speaker_nouns: frozenset[str] = frozenset()
    anaphoric_nouns: frozenset[str] = frozenset()
    """Nouns that, definite and bare ("the group"), refer to the institution that spoke last."""
    news_verbs: frozenset[str] = frozenset()
    """Verbs whose noun object is a statement of a party but an outlet's own news."""
    naming_verbs: frozenset[str] = frozenset()
    """Verbs that name what their object is ("called it a war crime"): the name is content."""
    relay_verbs: frozenset[str] = frozenset()
    """Verbs by which an outlet relays another party ("citing X", "quoted X as saying")."""
    infinitive_cues: frozenset[str] = frozenset()
    """``say`` verbs whose to-infinitive is a statement ("claimed to have shot down")."""
    figure_verbs: frozenset[str] = frozenset()
    """Verbs that put a count at a figure ("put the death toll at 50")."""
    figure_nouns: frozenset[str] = frozenset()
    """Nouns of a count such a verb puts ("toll", "figure", "tally")."""
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Role word of a description -> title words it can stand for ("" matches any)."""
    titles: frozenset[str] = frozenset()
    """Words stripped from the front of a person's name."""


def _words(data: dict[str, Any], key: str, origin: str) -> frozenset[str]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"{origin}: {key!r} must be a list of words")
    return frozenset(str(v).lower() for v in value)


def parse_lexicon(text: str, origin: str = "speech_verbs.yaml") -> CueLexicon:
    """Build a CueLexicon from YAML text; raise ConfigError naming ``origin`` if malformed."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{origin}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("verbs"), dict):
        raise ConfigError(f"{origin}: expected a mapping with a 'verbs' mapping")
    verbs: dict[str, str] = {}
    for lemma, cls in data["verbs"].items():
        if cls not in VERB_CLASSES:
            raise ConfigError(
                f"{origin}: verb {lemma!r} has class {cls!r}, not one of {VERB_CLASSES}"
            )
        verbs[str(lemma).lower()] = str(cls)
    phrasal = {
        str(k).lower(): frozenset(str(p).lower() for p in v)
        for k, v in (data.get("phrasal") or {}).items()
    }
    roles = {
        str(k).lower(): tuple(str(t).lower() for t in v)
        for k, v in (data.get("roles") or {}).items()
    }
    return CueLexicon(
        verbs=verbs,
        phrasal=phrasal,
        express_verbs=_words(data, "express_verbs", origin),
        express_nouns=_words(data, "express_nouns", origin),
        content_preps=_words(data, "content_preps", origin),
        document_nouns=_words(data, "document_nouns", origin),
        speaker_nouns=_words(data, "speaker_nouns", origin),
        anaphoric_nouns=_words(data, "anaphoric_nouns", origin),
        news_verbs=_words(data, "news_verbs", origin),
        naming_verbs=_words(data, "naming_verbs", origin),
        relay_verbs=_words(data, "relay_verbs", origin),
        infinitive_cues=_words(data, "infinitive_cues", origin),
        figure_verbs=_words(data, "figure_verbs", origin),
        figure_nouns=_words(data, "figure_nouns", origin),
        roles=roles,
        titles=_words(data, "titles", origin),
    )


@functools.cache
def default_lexicon() -> CueLexicon:
    """The packaged cue lexicon, read once per process."""
    ref = resources.files("sitroom.data").joinpath("speech_verbs.yaml")
    return parse_lexicon(ref.read_text(encoding="utf-8"), "sitroom/data/speech_verbs.yaml")


def load_lexicon(path: str | Path) -> CueLexicon:
    """Load a user's cue lexicon from ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read cue lexicon ({exc})") from exc
    return parse_lexicon(text, str(path))
