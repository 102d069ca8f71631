"""``sitroom eval plover``: event type and source/target countries on PLOVER GSR records.

Scored as ``shared/benchmarks/README.md`` says: the GSR's FIGHT is ASSAULT; country accuracy
is exact-set accuracy over records whose gold role names a country (old codes JAP, ITL, VTN
normalised; IGO, NGO, IMG, ISM are not countries). One record is scored by its main event.
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
from sitroom.geo.gazetteer import Gazetteer
from sitroom.model import Event

TYPE_MAP = {"FIGHT": "ASSAULT"}
# PLOVER codes an announced future act as the intent: to cooperate (AGREE) or to harm
# (THREATEN). sitroom keeps the act's own type with status "planned"; map it here.
COOPERATIVE = frozenset({"CONCEDE", "RETREAT", "AID", "CONSULT", "COOPERATE", "SUPPORT"})
HOSTILE = frozenset({"SANCTION", "COERCE", "ASSAULT", "MOBILIZE"})
CODE_MAP = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
NOT_COUNTRIES = frozenset({"IGO", "NGO", "IMG", "ISM"})


@dataclass(frozen=True, slots=True)
class PloverRecord:
    """One gold record: the sentence, its event type and the gold country sets."""

    line: int
    text: str
    type: str
    source: frozenset[str]
    target: frozenset[str]


def _countries(actors: Any) -> frozenset[str]:
    if not isinstance(actors, list):
        return frozenset()  # the GSR writes a missing role as "" or a stray word
    out = set()
    for actor in actors:
        code = str((actor or {}).get("code") or "").upper()
        code = CODE_MAP.get(code, code)
        if len(code) == 3 and code.isalpha() and code not in NOT_COUNTRIES:
            out.add(code)
    return frozenset(out)


def read_plover(path: Path) -> Iterator[PloverRecord]:
    """Records of a PLOVER GSR JSONL file; a malformed line raises EvalError naming it."""
    for n, line in numbered_lines(path):
        try:
            r = json.loads(line)
            text, event = r["text"], r["event"]
            if not isinstance(text, str) or not isinstance(event, str):
                raise TypeError("text and event must be strings")
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalError(f"{path}:{n}: malformed PLOVER record ({exc})") from exc
        yield PloverRecord(
            n,
            text,
            TYPE_MAP.get(event.upper(), event.upper()),
            _countries(r.get("source")),
            _countries(r.get("target")),
        )


def plover_type(event: Event | None) -> str | None:
    """The PLOVER category of an event mention, planned acts read as intents."""
    if event is None:
        return None
    if event.status == "planned" and event.type in COOPERATIVE:
        return "AGREE"
    if event.status == "planned" and event.type in HOSTILE:
        return "THREATEN"
    return event.type


def macro_f1(gold: list[str], pred: list[str | None]) -> float:
    """Mean F1 over the gold labels."""
    labels = sorted(set(gold))
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        n_pred = sum(1 for p in pred if p == label)
        n_gold = sum(1 for g in gold if g == label)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        scores.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def evaluate_plover(
    path: Path, nlp: Language, gazetteer: Gazetteer | None = None
) -> dict[str, Any]:
    """Type accuracy, source/target country exact-set accuracy and macro F1 on ``path``
    (events are placed with ``gazetteer``, the packaged one unless given, as in ingestion)."""
    from sitroom.extract.actors import extract_actors
    from sitroom.extract.events.snippets import main_event
    from sitroom.extract.places import extract_places

    gazetteer = gazetteer if gazetteer is not None else Gazetteer.open()
    records = list(read_plover(path))
    gold_types: list[str] = []
    pred_types: list[str | None] = []
    src_ok = src_n = tgt_ok = tgt_n = 0
    docs = nlp.pipe(r.text for r in records)
    for record, doc in zip(records, docs, strict=True):
        actors = extract_actors(doc, None)
        context = sorted({a.country for a in actors if a.country})
        places = extract_places(doc, gazetteer, context)
        event = main_event(doc, actors, places)
        gold_types.append(record.type)
        pred_types.append(plover_type(event))
        src = frozenset(a.country for a in event.source if a.country) if event else frozenset()
        tgt = frozenset(a.country for a in event.target if a.country) if event else frozenset()
        if record.source:
            src_n += 1
            src_ok += src == record.source
        if record.target:
            tgt_n += 1
            tgt_ok += tgt == record.target
    n = len(records)
    return {
        "type_acc": sum(g == p for g, p in zip(gold_types, pred_types, strict=True)) / n
        if n
        else 0.0,
        "source_acc": src_ok / src_n if src_n else 0.0,
        "target_acc": tgt_ok / tgt_n if tgt_n else 0.0,
        "macro_f1": macro_f1(gold_types, pred_types),
        "n": n,
        "n_source": src_n,
        "n_target": tgt_n,
    }
