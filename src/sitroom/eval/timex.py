"""Score temporal expressions on TIMEX3 JSONL benchmarks (MEANTIME format), TempEval-3 rules.

One JSON object per line: ``doc``, ``dct`` (ISO date or null), ``text`` and ``timex``, a list
of ``{"start", "end", "type", "value"}`` with optional ``function``. A prediction matches a
gold expression strictly when the spans are equal and relaxed when they overlap (one to
one: equal spans pair first, then the largest overlaps). Type and value accuracy are
computed on relaxed matches; value F1 = relaxed F1 x value accuracy, as TempEval-3 ranked
systems. ``by_type`` gives, per gold type, the strict and relaxed recall and the value
accuracy on relaxed matches.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import pathlib
from dataclasses import dataclass
from typing import Any

from sitroom.errors import EvalError
from sitroom.eval.jsonl import numbered_lines
from sitroom.eval.matching import prf
from sitroom.extract.time import extract_times

log = logging.getLogger(__name__)

TIMEX_TYPES = frozenset({"DATE", "TIME", "DURATION", "SET"})
# MEANTIME annotates only the leading sentences of each article; when every gold
# expression in a file sits in the first few lines, only those lines are scored.
_LEADING_LINES_LIMIT = 10


@dataclass(slots=True, frozen=True)
class _Span:
    start: int
    end: int
    type: str
    value: str


@dataclass(slots=True)
class _Doc:
    name: str
    dct: dt.date | None
    text: str
    gold: list[_Span]
    dct_spans: list[tuple[int, int]]
    line: int


def _fail(path: pathlib.Path, line: int, reason: str) -> EvalError:
    return EvalError(f"{path}:{line}: {reason}")


def _parse_dct(raw: Any, path: pathlib.Path, line: int) -> dt.date | None:
    if raw in (None, ""):
        return None
    if not isinstance(raw, str):
        raise _fail(path, line, f"'dct' must be an ISO date string, got {raw!r}")
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        pass
    # One MEANTIME record writes its DCT day first ("03-02-2009" for 3 February 2009).
    parts = raw.split("-")
    if len(parts) == 3 and len(parts[2]) == 4 and all(p.isdigit() for p in parts):
        try:
            day = dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            pass
        else:
            log.warning("%s:%d: read dct %r as day-month-year", path, line, raw)
            return day
    raise _fail(path, line, f"'dct' is not an ISO date: {raw!r}")


def _parse_line(raw: str, path: pathlib.Path, line: int, score_dct: bool) -> _Doc:
    try:
        rec = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _fail(path, line, f"not valid JSON ({exc.msg})") from exc
    if not isinstance(rec, dict):
        raise _fail(path, line, "each line must be a JSON object")
    text = rec.get("text")
    timexes = rec.get("timex")
    if not isinstance(text, str):
        raise _fail(path, line, "missing string field 'text'")
    if not isinstance(timexes, list):
        raise _fail(path, line, "missing list field 'timex'")
    gold: list[_Span] = []
    dct_spans: list[tuple[int, int]] = []
    for i, t in enumerate(timexes):
        if not isinstance(t, dict):
            raise _fail(path, line, f"timex {i} is not an object")
        start, end, typ, value = t.get("start"), t.get("end"), t.get("type"), t.get("value")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise _fail(path, line, f"timex {i} has bad offsets start={start!r} end={end!r}")
        if typ not in TIMEX_TYPES:
            raise _fail(path, line, f"timex {i} has unknown type {typ!r}")
        if not isinstance(value, str):
            raise _fail(path, line, f"timex {i} has no string 'value'")
        if t.get("function") == "CREATION_TIME" and not score_dct:
            dct_spans.append((start, end))
            continue
        gold.append(_Span(start, end, typ, value))
    name = rec.get("doc", f"line {line}")
    return _Doc(str(name), _parse_dct(rec.get("dct"), path, line), text, gold, dct_spans, line)


def load_timex_file(path: pathlib.Path, score_dct: bool = False) -> list[_Doc]:
    """Read and validate a TIMEX3 JSONL file; raises EvalError naming file and line."""
    docs = [_parse_line(raw, path, n, score_dct) for n, raw in numbered_lines(path)]
    if not docs:
        raise EvalError(f"{path}: no records")
    return docs


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos)


def _scored_lines(docs: list[_Doc]) -> int | None:
    """Number of leading lines annotated, when the file annotates only leading lines."""
    last = max((_line_of(d.text, g.start) for d in docs for g in d.gold), default=-1)
    longest = max(d.text.count("\n") + 1 for d in docs)
    if last < 0 or last + 1 > _LEADING_LINES_LIMIT or longest <= last + 1:
        return None
    return last + 1


def _region_end(text: str, lines: int | None) -> int:
    if lines is None:
        return len(text)
    pos = -1
    for _ in range(lines):
        pos = text.find("\n", pos + 1)
        if pos < 0:
            return len(text)
    return pos


def _relaxed_pairs(gold: list[_Span], pred: list[_Span]) -> list[tuple[_Span, _Span]]:
    """One-to-one overlap matching: equal spans pair first, then the largest overlaps.

    Where gold spans nest ("from 2009 to 2011" holding "2009"), a prediction equal to one
    of them pairs with that one rather than with whichever gold span comes first.
    """
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                exact = (g.start, g.end) == (p.start, p.end)
                candidates.append((not exact, -overlap, i, j))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((gold[i], pred[j]))
    pairs.sort(key=lambda pair: gold.index(pair[0]))
    return pairs


def evaluate_timex(
    path: pathlib.Path,
    nlp: Any = None,
    *,
    score_dct: bool = False,
    scored_lines: int | str | None = "auto",
) -> dict[str, Any]:
    """Score ``extract_times`` on a TIMEX3 JSONL file; returns TempEval-3 style figures.

    ``score_dct=False`` (default) drops the dateline expression marked ``CREATION_TIME``
    (and any prediction overlapping it), as TempEval-3 kept the DCT out of the scored text.
    ``scored_lines="auto"`` scores only the leading lines when the file annotates only those
    (MEANTIME annotates headline, dateline and first four sentences); an int forces a limit
    and None scores whole texts. ``nlp`` (a spaCy pipeline) lets the extractor use the parse.
    """
    docs = load_timex_file(pathlib.Path(path), score_dct)
    lines = _scored_lines(docs) if scored_lines == "auto" else scored_lines
    if lines is not None and not isinstance(lines, int):
        raise EvalError(f"scored_lines must be an int, None or 'auto', got {scored_lines!r}")
    texts = [d.text for d in docs]
    parsed = list(nlp.pipe(texts)) if nlp is not None else [None] * len(docs)
    n_gold = n_pred = strict_tp = relaxed_tp = type_ok = value_ok = 0
    # Per gold type: [gold, strict matches, relaxed matches, right values].
    per_type = {t: [0, 0, 0, 0] for t in sorted(TIMEX_TYPES)}
    for d, sp_doc in zip(docs, parsed, strict=True):
        limit = _region_end(d.text, lines)
        gold = [g for g in d.gold if g.start < limit]
        preds = [
            _Span(t.start, t.end, t.type, t.value)
            for t in extract_times(d.text, d.dct, sp_doc)
            if t.start < limit and not any(t.start < e and s < t.end for s, e in d.dct_spans)
        ]
        n_gold += len(gold)
        n_pred += len(preds)
        pred_spans = {(p.start, p.end) for p in preds}
        strict_tp += sum(1 for g in gold if (g.start, g.end) in pred_spans)
        pairs = _relaxed_pairs(gold, preds)
        relaxed_tp += len(pairs)
        type_ok += sum(1 for g, p in pairs if g.type == p.type)
        value_ok += sum(1 for g, p in pairs if g.value == p.value)
        for g in gold:
            per_type[g.type][0] += 1
            per_type[g.type][1] += (g.start, g.end) in pred_spans
        for g, p in pairs:
            per_type[g.type][2] += 1
            per_type[g.type][3] += g.value == p.value
    sp, sr, sf = prf(strict_tp, n_pred, n_gold)
    rp, rr, rf = prf(relaxed_tp, n_pred, n_gold)
    type_acc = type_ok / relaxed_tp if relaxed_tp else 0.0
    value_acc = value_ok / relaxed_tp if relaxed_tp else 0.0
    return {
        "strict_precision": sp,
        "strict_recall": sr,
        "strict_f1": sf,
        "relaxed_precision": rp,
        "relaxed_recall": rr,
        "relaxed_f1": rf,
        "type_acc": type_acc,
        "value_acc": value_acc,
        "value_f1": rf * value_acc,
        "n_gold": n_gold,
        "n_pred": n_pred,
        "by_type": {
            typ: {
                "n_gold": n,
                "strict_recall": strict / n if n else 0.0,
                "relaxed_recall": relaxed / n if n else 0.0,
                "value_acc": right / relaxed if relaxed else 0.0,
            }
            for typ, (n, strict, relaxed, right) in per_type.items()
        },
        "n_docs": len(docs),
        "dct_scored": score_dct,
        "scored_lines": lines,
        "parsed": nlp is not None,
    }
