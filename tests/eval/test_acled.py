"""``evaluate_acled`` on snippets written for the project (tests/fixtures/acled_sample.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitroom.errors import EvalError
from sitroom.eval.acled import evaluate_acled, read_snippets
from sitroom.extract.events.snippets import CASE_CODES

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "acled_sample.jsonl"


def test_sample_covers_many_labels() -> None:
    labels = {s.label for s in read_snippets(SAMPLE)}
    assert len(labels) >= 25
    assert labels <= set(CASE_CODES)


def test_evaluate_acled_on_the_sample(nlp) -> None:
    result = evaluate_acled(SAMPLE, nlp)
    assert result["n"] == sum(1 for _ in read_snippets(SAMPLE))
    assert set(result) >= {"accuracy", "macro_f1", "n"}
    # floor well below the measured figure (1.0 when written) to allow model noise
    assert result["accuracy"] >= 0.8
    assert result["macro_f1"] >= 0.75


def test_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    good = json.dumps({"doc": "a", "text": "Police arrested him.", "label": "ARREST"})
    bad.write_text(good + "\n{not json\n", encoding="utf-8")
    with pytest.raises(EvalError, match=r"bad\.jsonl:2"):
        list(read_snippets(bad))


def test_unknown_label_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "labels.jsonl"
    bad.write_text(json.dumps({"doc": "a", "text": "x", "label": "BATTLE"}) + "\n", "utf-8")
    with pytest.raises(EvalError, match=r"labels\.jsonl:1: unknown label"):
        list(read_snippets(bad))


def test_missing_field_is_malformed(tmp_path: Path) -> None:
    bad = tmp_path / "missing.jsonl"
    bad.write_text(json.dumps({"doc": "a", "label": "ARREST"}) + "\n", "utf-8")
    with pytest.raises(EvalError, match=r"missing\.jsonl:1"):
        list(read_snippets(bad))
