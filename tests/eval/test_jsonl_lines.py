"""Benchmark and gold JSONL readers split lines on "\\n" only: U+2028 in a string is text."""

from __future__ import annotations

import json
from pathlib import Path

from sitroom.eval.geo import load_geo_file
from sitroom.eval.gold import load_gold
from sitroom.eval.jsonl import numbered_lines

# Characters str.splitlines() breaks at, all valid unescaped inside a JSON string.
_ODD = "Baku\u2028Ganja\u2029Tartar\u0085Goris\x1cTovuz"


def test_numbered_lines_keep_line_separators_inside_strings(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps({"text": _ODD}, ensure_ascii=False) + "\n\n{}\n", "utf-8")
    assert [(n, json.loads(line)) for n, line in numbered_lines(path)] == [
        (1, {"text": _ODD}),
        (3, {}),
    ]


def test_a_geo_benchmark_line_with_a_line_separator_in_its_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "geo.jsonl"
    start = _ODD.index("Goris")
    record = {"id": "d1", "text": _ODD, "toponyms": [{"start": start, "end": start + 5}]}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    [doc] = load_geo_file(path)
    assert doc.text == _ODD and doc.toponyms[0].name == "Goris"


def test_a_gold_line_with_a_line_separator_in_a_field_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    record = {"kind": "article", "doc": "a.txt", "outlet": _ODD}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    assert load_gold(path).articles["a.txt"].outlet == _ODD
