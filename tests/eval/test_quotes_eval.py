"""The attribution scorer on tiny hand-made files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitroom.errors import EvalError
from sitroom.eval.quotes import Tally, content_share, evaluate_attributions, read_gold
from sitroom.model import Quote


def span(text: str, phrase: str) -> list[object]:
    start = text.index(phrase)
    return [start, start + len(phrase), phrase]


def write(tmp_path: Path, records: list[object], name: str = "gold.jsonl") -> Path:
    path = tmp_path / name
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n",
        encoding="utf-8",
    )
    return path


TEXT_A = "“The bridge is closed,” the army said. Trucks waited at the checkpoint."
TEXT_B = (
    "The mayor said the shelters were full. According to the UN, 300 families left the city. "
    "The rain stopped at noon."
)


def gold_records() -> list[object]:
    return [
        {
            "doc": "a",
            "text": TEXT_A,
            "attributions": [
                {
                    "source": span(TEXT_A, "the army"),
                    "cue": span(TEXT_A, "said"),
                    "content": span(TEXT_A, "The bridge is closed"),
                }
            ],
        },
        {
            "doc": "b",
            "text": TEXT_B,
            "attributions": [
                {
                    "source": span(TEXT_B, "The mayor"),
                    "cue": span(TEXT_B, "said"),
                    "content": span(TEXT_B, "the shelters were full"),
                    "fragments": [],
                },
                {
                    "source": span(TEXT_B, "the UN"),
                    "cue": span(TEXT_B, "According to"),
                    "content": span(TEXT_B, "300 families left the city"),
                },
                # an attribution the extractor cannot find: a cue-less statement
                {"source": None, "cue": None, "content": span(TEXT_B, "The rain stopped at noon")},
            ],
        },
    ]


def test_end_to_end_scores_on_a_small_file(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = evaluate_attributions(write(tmp_path, gold_records()), nlp)
    assert set(result) >= {"precision", "recall", "f1", "source_acc", "cue_acc", "n_gold", "n_pred"}
    assert result["n_gold"] == 4 and result["n_pred"] == 3
    assert result["precision"] == 1.0
    assert result["recall"] == 0.75
    assert result["f1"] == pytest.approx(2 * 0.75 / 1.75, abs=1e-3)
    assert result["source_acc"] == 1.0 and result["cue_acc"] == 1.0


def quote(
    start: int, end: int, src: tuple[int, int] = (-1, -1), cue: tuple[int, int] = (-1, -1)
) -> Quote:
    return Quote(
        "x",
        "",
        start,
        end,
        False,
        cue="c" if cue[0] >= 0 else "",
        cue_start=cue[0],
        cue_end=cue[1],
        speaker_start=src[0],
        speaker_end=src[1],
    )


def gold_doc(tmp_path: Path, text: str, attributions: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    path = write(tmp_path, [{"doc": "d", "text": text, "attributions": attributions}])
    return next(read_gold(path))


def test_half_of_gold_tokens_is_enough(tmp_path: Path) -> None:
    text = "one two three four five six"
    doc = gold_doc(tmp_path, text, [{"content": [0, len(text), text]}])
    assert content_share(text, (0, len(text)), (0, 13)) == 0.5  # one two three
    half, less = Tally(), Tally()
    half.add(text, doc.attributions, [quote(0, 13)])
    less.add(text, doc.attributions, [quote(0, 7)])
    assert half.scores()["recall"] == 1.0
    assert less.scores()["recall"] == 0.0 and less.scores()["precision"] == 0.0


def test_matching_is_one_to_one_and_counts_source_and_cue(tmp_path: Path) -> None:
    text = "Ann said rain came. Bob said snow came."
    doc = gold_doc(
        tmp_path,
        text,
        [
            {"source": [0, 3, "Ann"], "cue": [4, 8, "said"], "content": [9, 18, "rain came"]},
            {"source": [20, 23, "Bob"], "cue": None, "content": [29, 38, "snow came"]},
        ],
    )
    tally = Tally()
    # two predictions for Ann's content (one a duplicate), one for Bob's with a wrong source
    tally.add(
        text,
        doc.attributions,
        [quote(9, 18, (0, 3), (4, 8)), quote(9, 18), quote(29, 38, (0, 3), (24, 28))],
    )
    s = tally.scores()
    assert s["n_pred"] == 3 and s["n_gold"] == 2
    assert s["recall"] == 1.0 and s["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert s["source_acc"] == 0.5  # Bob's source is wrong
    assert s["cue_acc"] == 0.5  # gold has no cue for Bob, the prediction has one


def test_empty_file_scores_zero(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    result = evaluate_attributions(path, nlp)
    assert result["n_gold"] == 0 and result["f1"] == 0.0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        (json.dumps({"doc": "d", "attributions": []}), "text"),
        (json.dumps({"doc": "d", "text": "abc"}), "attributions"),
        (json.dumps({"doc": "d", "text": "abc", "attributions": ["x"]}), "attribution 0"),
        (
            json.dumps({"doc": "d", "text": "abc", "attributions": [{"content": [0, 9, "x"]}]}),
            "outside the text",
        ),
        (json.dumps({"doc": "d", "text": "abc", "attributions": [{"content": "abc"}]}), "content"),
        (
            json.dumps({"doc": "d", "text": "abc", "attributions": [{"content": [2, 1, ""]}]}),
            "outside the text",
        ),
    ],
)
def test_malformed_lines_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    good = json.dumps({"doc": "ok", "text": "fine", "attributions": []})
    path = write(tmp_path, [good, line], name="bad.jsonl")
    with pytest.raises(EvalError, match=message) as info:
        list(read_gold(path))
    assert "bad.jsonl:2" in str(info.value)


def test_missing_file_is_an_eval_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="cannot read"):
        list(read_gold(tmp_path / "nope.jsonl"))


def test_null_spans_and_extra_keys_are_accepted(tmp_path: Path) -> None:
    text = "They said it rained."
    doc = gold_doc(
        tmp_path,
        text,
        [
            {"source": None, "cue": None, "content": [10, 19, "it rained"], "fragments": [[1, 2]]},
            {"source": [0, 4, "They"], "cue": [5, 9, "said"], "content": None},
        ],
    )
    assert len(doc.attributions) == 1  # no content: cannot be matched, left out
    assert doc.attributions[0].source is None


# A small hand-written corpus in the attribution format: each entry is a text and its
# attributions as (source, cue, content) phrases (None where the text has none).
CORPUS: list[tuple[str, list[tuple[str | None, str | None, str]]]] = [
    (
        "“We will not give up a single village,” the defence minister said on Sunday.",
        [("the defence minister", "said", "We will not give up a single village")],
    ),
    (
        "The interior ministry said 14 people had been arrested after the riots.",
        [("The interior ministry", "said", "14 people had been arrested after the riots")],
    ),
    (
        "The UN envoy expressed concern over the fate of detainees held in the north.",
        [("The UN envoy", "expressed concern", "the fate of detainees held in the north")],
    ),
    (
        "According to the regional health office, 23 civilians were wounded in the shelling.",
        [
            (
                "the regional health office",
                "According to",
                "23 civilians were wounded in the shelling",
            )
        ],
    ),
    (
        "Prime Minister Elena Novak urged both sides to return to talks. “There is no military "
        "solution,” she told reporters.",
        [
            ("Prime Minister Elena Novak", "urged", "both sides to return to talks"),
            ("she", "told", "There is no military solution"),
        ],
    ),
    (
        "The rebels claimed they had shot down a helicopter, but the army denied that any "
        "aircraft was lost.",
        [
            ("The rebels", "claimed", "they had shot down a helicopter"),
            ("the army", "denied", "any aircraft was lost"),
        ],
    ),
    (
        "Farmers near the dam said the water had risen by a metre overnight. The weather stayed "
        "dry all week.",
        [("Farmers near the dam", "said", "the water had risen by a metre overnight")],
    ),
    (
        "The foreign ministry warned that any incursion would be met with force.\n\n"
        "“Our patience has limits.”",
        [
            ("The foreign ministry", "warned", "any incursion would be met with force"),
            (None, None, "Our patience has limits."),
        ],
    ),
    (
        "Witnesses told the agency that two blasts shook the port before dawn.",
        [("Witnesses", "told", "two blasts shook the port before dawn")],
    ),
    (
        "The truce took effect at midnight. Aid convoys entered the city in the morning.",
        [],
    ),
]


def corpus_records() -> list[object]:
    records: list[object] = []
    for k, (text, items) in enumerate(CORPUS):
        attributions = [
            {
                "source": span(text, src) if src else None,
                "cue": span(text, cue) if cue else None,
                "content": span(text, content),
            }
            for src, cue, content in items
        ]
        records.append({"doc": f"c{k}", "text": text, "attributions": attributions})
    return records


def test_scores_on_the_hand_written_corpus(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = evaluate_attributions(write(tmp_path, corpus_records()), nlp)
    assert result["n_gold"] == 12
    assert result["precision"] >= 0.9 and result["recall"] >= 0.9
    assert result["source_acc"] >= 0.9 and result["cue_acc"] >= 0.9
