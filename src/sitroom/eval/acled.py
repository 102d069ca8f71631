"""``sitroom eval acled``: CASE-2021 snippet classification (ACLED sub-event types + out-of-scope).

Input is JSONL with ``doc``, ``text`` and ``label`` (a CASE-2021 code); each snippet is
classified by its main event and scored by accuracy and macro F1 over the gold labels.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from sitroom.errors import EvalError
from sitroom.eval.jsonl import numbered_lines
from sitroom.eval.plover import macro_f1
from sitroom.extract.events.snippets import CASE_CODES


@dataclass(frozen=True, slots=True)
class Snippet:
    """One labelled snippet."""

    line: int
    doc: str
    text: str
    label: str


def read_snippets(path: Path) -> Iterator[Snippet]:
    """Snippets of a JSONL file; a malformed line or unknown label raises EvalError naming it."""
    for n, line in numbered_lines(path):
        try:
            r = json.loads(line)
            doc, text, label = str(r["doc"]), r["text"], r["label"]
            if not isinstance(text, str) or not isinstance(label, str):
                raise TypeError("text and label must be strings")
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalError(f"{path}:{n}: malformed snippet record ({exc})") from exc
        if label not in CASE_CODES:
            raise EvalError(f"{path}:{n}: unknown label {label!r} (expected a CASE-2021 code)")
        yield Snippet(n, doc, text, label)


def evaluate_acled(path: Path, nlp: Language) -> dict[str, Any]:
    """Accuracy and macro F1 of :func:`classify_snippet` on the snippets in ``path``."""
    from sitroom.extract.actors import extract_actors
    from sitroom.extract.events import classify_snippet

    snippets = list(read_snippets(path))
    gold = [s.label for s in snippets]
    pred: list[str | None] = []
    for doc in nlp.pipe(s.text for s in snippets):
        pred.append(classify_snippet(doc, extract_actors(doc, None)))
    n = len(snippets)
    confusion: dict[str, dict[str, int]] = {}
    for g, p in zip(gold, pred, strict=True):
        row = confusion.setdefault(g, {})
        row[str(p)] = row.get(str(p), 0) + 1
    return {
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / n if n else 0.0,
        "macro_f1": macro_f1(gold, pred),
        "n": n,
        "confusion": confusion,
    }
