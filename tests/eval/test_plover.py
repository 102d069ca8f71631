"""``evaluate_plover``: scoring rules on hand-made records, and the GSR benchmark when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitroom.errors import EvalError
from sitroom.eval.plover import evaluate_plover, macro_f1, read_plover


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


RECORDS = [
    {
        "text": "Syrian troops shelled Turkish positions near the border on Monday.",
        "event": "FIGHT",
        "source": [{"actorText": "Syrian", "code": "SYR"}],
        "target": [{"actorText": "Turkish", "code": "TUR"}],
    },
    {
        "text": "Japan urged North Korea to return to the talks.",
        "event": "DEMAND",
        "source": [{"actorText": "Japan", "code": "JAP"}],
        "target": [{"actorText": "North Korea", "code": "PRK"}],
    },
    {
        "text": "The UN sent investigators to the region.",
        "event": "INVESTIGATE",
        "source": [{"actorText": "UN", "code": "IGO"}],
        "target": "",
    },
]


def test_records_are_normalised(tmp_path: Path) -> None:
    recs = list(read_plover(_write(tmp_path / "g.jsonl", RECORDS)))
    assert recs[0].type == "ASSAULT"  # FIGHT folds into ASSAULT
    assert recs[1].source == {"JPN"}  # JAP is the old code for Japan
    assert recs[2].source == frozenset()  # IGO is not a country
    assert recs[2].target == frozenset()  # a string target is no role


def test_evaluate_plover_on_written_records(tmp_path: Path, nlp) -> None:
    result = evaluate_plover(_write(tmp_path / "g.jsonl", RECORDS), nlp)
    assert result["n"] == 3
    assert result["n_source"] == 2 and result["n_target"] == 2
    assert result["type_acc"] >= 2 / 3
    assert result["source_acc"] == 1.0
    assert result["target_acc"] == 1.0


def test_macro_f1() -> None:
    assert macro_f1(["A", "B"], ["A", "B"]) == 1.0
    assert macro_f1(["A", "A"], ["A", None]) == pytest.approx(2 / 3)


def test_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(RECORDS[0]) + '\n{"text": 3}\n', encoding="utf-8")
    with pytest.raises(EvalError, match=r"bad\.jsonl:2"):
        list(read_plover(path))


def test_gsr_benchmark_floor(benchmarks_dir: Path, nlp) -> None:
    path = benchmarks_dir / "events" / "plover_gsr" / "plover_gsr.jsonl"
    if not path.is_file():
        pytest.skip("PLOVER GSR not available")
    result = evaluate_plover(path, nlp)
    assert result["n"] == 322
    assert result["type_acc"] >= 0.5
    assert result["source_acc"] >= 0.35


def test_planned_acts_read_as_intents() -> None:
    from sitroom.eval.plover import plover_type
    from sitroom.model import Event

    assert plover_type(Event(type="CONSULT", start=0, end=1, status="planned")) == "AGREE"
    assert plover_type(Event(type="SANCTION", start=0, end=1, status="planned")) == "THREATEN"
    assert plover_type(Event(type="SANCTION", start=0, end=1)) == "SANCTION"
    assert plover_type(None) is None
