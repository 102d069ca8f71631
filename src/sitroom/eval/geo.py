"""Score toponym recognition and resolution on GeoVirus-format JSONL files.

One JSON object per line: ``doc``, ``text`` and ``toponyms``, a list of
``{"start", "end", "name", "lat", "lon"}`` (0-based, end-exclusive offsets;
``lat``/``lon`` may be missing or null, and such toponyms count for recognition
only). Scored as ``shared/benchmarks/README.md`` describes: the error of a
toponym is the great-circle distance between predicted and gold points;
acc@161 is the share within 161 km. With gold spans the resolver gets the gold
offsets (``resolve_spans``); end to end, the toponyms are those
``extract_toponyms`` finds (roles included: the country of "the U.S. Centers for
Disease Control" is a toponym there though no event is placed at it), recognition
is scored by exact span match, and a gold toponym without a matching predicted span
counts as 20,039 km.
"""

from __future__ import annotations

import json
import logging
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.errors import EvalError
from sitroom.eval.jsonl import numbered_lines
from sitroom.eval.matching import prf
from sitroom.extract.places import extract_toponyms, resolve_spans
from sitroom.geo.distance import haversine_km
from sitroom.geo.gazetteer import Gazetteer
from sitroom.model import Place

log = logging.getLogger(__name__)

MISS_KM = 20_039.0
"""Error charged for an unresolved or unrecognised toponym: half the Earth's circumference."""
ACC_KM = 161.0
"""100 miles, the usual acc@161 threshold."""


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated toponym."""

    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    continent: bool = False


@dataclass(frozen=True, slots=True)
class GeoDoc:
    """One annotated document."""

    doc: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    line: int


def _fail(path: Path, line: int, reason: str) -> EvalError:
    return EvalError(f"{path}:{line}: {reason}")


def _number(value: Any, key: str, path: Path, line: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(path, line, f"toponym {key!r} must be a number or null, got {value!r}")
    return float(value)


def _toponym(raw: Any, text: str, path: Path, line: int) -> GoldToponym:
    if not isinstance(raw, dict):
        raise _fail(path, line, f"each toponym must be an object, got {type(raw).__name__}")
    start, end = raw.get("start"), raw.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        raise _fail(path, line, f"toponym needs integer 'start' and 'end', got {start!r}, {end!r}")
    if not 0 <= start < end <= len(text):
        raise _fail(path, line, f"toponym span {start}-{end} is outside the text")
    name = raw.get("name", text[start:end])
    if name != text[start:end]:
        raise _fail(path, line, f"toponym name {name!r} != text[{start}:{end}] {text[start:end]!r}")
    lat = _number(raw.get("lat"), "lat", path, line)
    lon = _number(raw.get("lon"), "lon", path, line)
    if (lat is None) != (lon is None):
        raise _fail(path, line, f"toponym {name!r} has only one of lat/lon")
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _fail(path, line, f"toponym {name!r} has coordinates out of range")
    return GoldToponym(start, end, name, lat, lon, bool(raw.get("continent", False)))


def load_geo_file(path: Path) -> list[GeoDoc]:
    """Read and validate a GeoVirus-format JSONL file; EvalError names file and line."""
    docs = []
    for lineno, raw_line in numbered_lines(path):
        try:
            data = json.loads(raw_line)
        except json.JSONDecodeError as exc:
            raise _fail(path, lineno, f"invalid JSON ({exc.msg})") from exc
        if not isinstance(data, dict):
            raise _fail(path, lineno, "each line must be a JSON object")
        text = data.get("text")
        if not isinstance(text, str):
            raise _fail(path, lineno, "missing string field 'text'")
        toponyms = data.get("toponyms", [])
        if not isinstance(toponyms, list):
            raise _fail(path, lineno, "'toponyms' must be a list")
        gold = tuple(_toponym(t, text, path, lineno) for t in toponyms)
        docs.append(GeoDoc(str(data.get("doc", f"line-{lineno}")), text, gold, lineno))
    if not docs:
        raise EvalError(f"{path}: no documents")
    return docs


def _default_nlp() -> Any:
    from sitroom.config import Settings
    from sitroom.nlp.pipeline import load_pipeline

    return load_pipeline(Settings())


def _error_km(place: Place | None, gold: GoldToponym) -> float:
    if place is None or place.lat is None or place.lon is None:
        return MISS_KM
    assert gold.lat is not None and gold.lon is not None
    return haversine_km(place.lat, place.lon, gold.lat, gold.lon)


def _acc(errors: list[float]) -> float:
    return sum(1 for e in errors if e <= ACC_KM) / len(errors) if errors else 0.0


def _median(errors: list[float]) -> float:
    return statistics.median(errors) if errors else 0.0


def evaluate_geo(path: Path, nlp: Any = None, gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    """Score recognition and resolution on a GeoVirus-format file (keys: see module doc)."""
    docs = load_geo_file(Path(path))
    nlp = nlp if nlp is not None else _default_nlp()
    gazetteer = gazetteer if gazetteer is not None else Gazetteer.open()
    gold_errors: list[float] = []
    gold_errors_land: list[float] = []
    e2e_errors: list[float] = []
    n_gold = n_pred = tp = 0
    parsed: Iterable[Any] = nlp.pipe(d.text for d in docs)
    for d, doc in zip(docs, parsed, strict=True):
        spans = [(t.start, t.end) for t in d.toponyms]
        resolved = resolve_spans(doc, spans, gazetteer)
        predicted = {(p.start, p.end): p for p in extract_toponyms(doc, gazetteer)}
        n_gold += len(d.toponyms)
        n_pred += len(predicted)
        for gold, place in zip(d.toponyms, resolved, strict=True):
            found = predicted.get((gold.start, gold.end))
            tp += found is not None
            if gold.lat is None:
                continue
            error = _error_km(place, gold)
            gold_errors.append(error)
            if not gold.continent:
                gold_errors_land.append(error)
            e2e_errors.append(_error_km(found, gold))
    precision, recall, f1 = prf(tp, n_pred, n_gold)
    return {
        "acc161_gold_spans": _acc(gold_errors),
        "median_km_gold_spans": _median(gold_errors),
        "recognition_precision": precision,
        "recognition_recall": recall,
        "recognition_f1": f1,
        "acc161": _acc(e2e_errors),
        "median_km": _median(e2e_errors),
        "n_gold": n_gold,
        "n_gold_with_coordinates": len(gold_errors),
        "n_pred": n_pred,
        "n_docs": len(docs),
        "acc161_gold_spans_no_continents": _acc(gold_errors_land),
    }
