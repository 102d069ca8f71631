"""Score quote extraction against gold attributions (PARC-style source/cue/content spans).

Input: JSON Lines, one document per line::

    {"doc": "d1", "text": "...", "attributions": [
        {"source": [0, 11, "The ministry"], "cue": [12, 16, "said"],
         "content": [17, 40, "..."], "fragments": [...]}]}

``source``, ``cue`` and ``content`` are ``[start, end, text]`` character spans
into ``text`` (any may be null; ``fragments`` and other keys are ignored). A
predicted attribution matches a gold one when its content span covers at least
half of the gold content's tokens (one-to-one, best overlap first). On matched
pairs, the source (cue) is right when the predicted span overlaps the gold one,
or both are missing. Gold attributions without content cannot be matched and are
left out of the counts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from sitroom.errors import EvalError
from sitroom.extract.quotes import extract_quotes
from sitroom.model import Quote

TOKEN = re.compile(r"\w+|[^\w\s]")
MATCH_SHARE = 0.5

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution's spans (``None`` where the gold has none)."""

    source: Span | None
    cue: Span | None
    content: Span


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One line of the gold file."""

    doc: str
    text: str
    attributions: tuple[GoldAttribution, ...]


def _span(value: Any, text: str, where: str, key: str) -> Span | None:
    if value is None:
        return None
    if (
        not isinstance(value, list | tuple)
        or len(value) < 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value[:2])
    ):
        raise EvalError(f"{where}: {key!r} must be [start, end, text] or null, got {value!r}")
    start, end = value[0], value[1]
    if not 0 <= start <= end <= len(text):
        raise EvalError(f"{where}: {key!r} span [{start}, {end}] is outside the text")
    return start, end


def read_gold(path: Path) -> Iterator[GoldDoc]:
    """Parse the attribution file, raising EvalError with file and line for bad records."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise EvalError(f"{path}: cannot read gold file ({exc})") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalError(f"{where}: not valid JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise EvalError(f"{where}: expected a JSON object")
            text, attributions = record.get("text"), record.get("attributions")
            if not isinstance(text, str):
                raise EvalError(f"{where}: missing or non-string 'text'")
            if not isinstance(attributions, list):
                raise EvalError(f"{where}: missing or non-list 'attributions'")
            gold: list[GoldAttribution] = []
            for k, item in enumerate(attributions):
                if not isinstance(item, dict):
                    raise EvalError(f"{where}: attribution {k} is not an object")
                content = _span(item.get("content"), text, where, "content")
                source = _span(item.get("source"), text, where, "source")
                cue = _span(item.get("cue"), text, where, "cue")
                if content is not None:
                    gold.append(GoldAttribution(source, cue, content))
            yield GoldDoc(str(record.get("doc", number)), text, tuple(gold))


def _tokens(text: str, span: Span) -> list[Span]:
    start, end = span
    return [(m.start() + start, m.end() + start) for m in TOKEN.finditer(text[start:end])]


def content_share(text: str, gold: Span, predicted: Span) -> float:
    """Share of the gold content's tokens that the predicted content overlaps."""
    tokens = _tokens(text, gold) or [gold]
    covered = sum(1 for s, e in tokens if s < predicted[1] and predicted[0] < e)
    return covered / len(tokens)


def _overlaps(gold: Span | None, predicted: Span | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    if gold[0] == gold[1] or predicted[0] == predicted[1]:
        return gold == predicted
    return gold[0] < predicted[1] and predicted[0] < gold[1]


def quote_spans(quote: Quote) -> tuple[Span | None, Span | None, Span]:
    """A Quote as (source, cue, content) character spans."""
    source = (quote.speaker_start, quote.speaker_end) if quote.speaker_start >= 0 else None
    cue = (quote.cue_start, quote.cue_end) if quote.cue_start >= 0 else None
    return source, cue, (quote.content_start, quote.content_end)


@dataclass(slots=True)
class Tally:
    """Running counts over documents."""

    n_gold: int = 0
    n_pred: int = 0
    matched: int = 0
    source_ok: int = 0
    cue_ok: int = 0

    def add(self, text: str, gold: tuple[GoldAttribution, ...], predicted: list[Quote]) -> None:
        """Match one document's predictions to its gold, one to one, best overlap first."""
        pred = [quote_spans(q) for q in predicted]
        self.n_gold += len(gold)
        self.n_pred += len(pred)
        pairs = sorted(
            (
                (content_share(text, g.content, p[2]), gi, pi)
                for gi, g in enumerate(gold)
                for pi, p in enumerate(pred)
            ),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        for share, gi, pi in pairs:
            if share < MATCH_SHARE:
                break
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            self.matched += 1
            self.source_ok += _overlaps(gold[gi].source, pred[pi][0])
            self.cue_ok += _overlaps(gold[gi].cue, pred[pi][1])

    def scores(self) -> dict[str, float | int]:
        """Precision, recall, F1 and source/cue accuracy on matches."""
        p = self.matched / self.n_pred if self.n_pred else 0.0
        r = self.matched / self.n_gold if self.n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "source_acc": round(self.source_ok / self.matched, 4) if self.matched else 0.0,
            "cue_acc": round(self.cue_ok / self.matched, 4) if self.matched else 0.0,
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
        }


def evaluate_attributions(
    path: Path, nlp: Language, batch_size: int = 16
) -> dict[str, float | int]:
    """Run the pipeline and quote extractor on each text of ``path`` and score the result."""
    docs = list(read_gold(Path(path)))
    tally = Tally()
    for gold, doc in zip(
        docs, nlp.pipe((d.text for d in docs), batch_size=batch_size), strict=True
    ):
        tally.add(gold.text, gold.attributions, extract_quotes(doc))
    return tally.scores()
