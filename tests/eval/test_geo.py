"""The GeoVirus-format scorer: hand-made files, malformed input, benchmark floors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitroom.errors import EvalError
from sitroom.eval.geo import MISS_KM, evaluate_geo, load_geo_file
from sitroom.geo.gazetteer import Gazetteer
from tests.geo.helpers import gazetteer, geo_nlp

__all__ = ["gazetteer", "geo_nlp"]

# Floors measured on GeoVirus (see the report in the commit) minus a margin for
# model and data-package updates; raise them when the geoparser improves.
GEOVIRUS_FLOORS = {
    "acc161_gold_spans": 0.79,
    "recognition_f1": 0.87,
    "acc161": 0.70,
}


def _span(text: str, name: str, **extra: Any) -> dict[str, Any]:
    start = text.index(name)
    return {"start": start, "end": start + len(name), "name": name, **extra}


def _write(path: Path, docs: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    return path


def test_scores_a_hand_made_file(tmp_path: Path, geo_nlp: Any, gazetteer: Gazetteer) -> None:
    one = "Shelling hit Ganja overnight, and sirens sounded in Baku."
    two = "Talks in Geneva ended. Later, flights from Qwxzvillezzz resumed."
    path = _write(
        tmp_path / "tiny.jsonl",
        [
            {"doc": "a", "text": one, "toponyms": [
                _span(one, "Ganja", lat=40.68, lon=46.36),
                _span(one, "Baku", lat=40.41, lon=49.87),
            ]},
            {"doc": "b", "text": two, "toponyms": [
                _span(two, "Geneva", lat=46.2, lon=6.15),
                _span(two, "Qwxzvillezzz"),  # no coordinates: recognition only
            ]},
        ],
    )  # fmt: skip
    scores = evaluate_geo(path, geo_nlp, gazetteer)
    assert scores["n_gold"] == 4 and scores["n_gold_with_coordinates"] == 3
    assert scores["acc161_gold_spans"] == 1.0
    assert scores["median_km_gold_spans"] < 20
    # the made-up name is not recognised: 3 of 4 gold spans found, no false positive
    assert scores["recognition_recall"] == pytest.approx(0.75)
    assert scores["recognition_precision"] == pytest.approx(1.0)
    assert scores["recognition_f1"] == pytest.approx(2 * 0.75 / 1.75)
    assert scores["acc161"] == 1.0
    assert set(scores) >= {
        "acc161_gold_spans", "median_km_gold_spans", "recognition_precision",
        "recognition_recall", "recognition_f1", "acc161", "median_km", "n_gold",
    }  # fmt: skip


def test_wrong_gold_point_is_an_error(tmp_path: Path, geo_nlp: Any, gazetteer: Gazetteer) -> None:
    text = "Shelling hit Ganja overnight."
    path = _write(
        tmp_path / "far.jsonl",
        [{"doc": "a", "text": text, "toponyms": [_span(text, "Ganja", lat=-33.9, lon=151.2)]}],
    )
    scores = evaluate_geo(path, geo_nlp, gazetteer)
    assert scores["acc161_gold_spans"] == 0.0 and scores["median_km_gold_spans"] > 10_000
    assert scores["median_km"] < MISS_KM


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "invalid JSON"),
        ('{"doc": "x"}', "text"),
        ('{"text": "In Baku.", "toponyms": [{"start": 3, "end": 7, "name": "Bak"}]}', "name"),
        ('{"text": "In Baku.", "toponyms": [{"start": 3, "end": 70}]}', "outside"),
        ('{"text": "In Baku.", "toponyms": [{"start": 3, "end": 7, "lat": 1}]}', "lat/lon"),
        (
            '{"text": "In Baku.", "toponyms": [{"start": 3, "end": 7, "lat": "x", "lon": 2}]}',
            "number",
        ),
    ],
)  # fmt: skip
def test_malformed_lines_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"doc": "ok", "text": "fine", "toponyms": []}\n' + line + "\n", encoding="utf-8"
    )
    with pytest.raises(EvalError, match=rf"bad\.jsonl:2: .*{message}"):
        load_geo_file(path)


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(EvalError, match="no documents"):
        load_geo_file(path)


@pytest.mark.slow
def test_geovirus_stays_above_floors(
    benchmarks_dir: Path, geo_nlp: Any, gazetteer: Gazetteer
) -> None:
    path = benchmarks_dir / "geo" / "geovirus" / "geovirus.jsonl"
    if not path.is_file():
        pytest.skip(f"GeoVirus not found at {path}")
    scores = evaluate_geo(path, geo_nlp, gazetteer)
    assert scores["n_gold"] == 2170
    for key, floor in GEOVIRUS_FLOORS.items():
        assert scores[key] >= floor, (key, scores[key], floor)
