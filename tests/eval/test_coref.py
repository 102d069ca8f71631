"""Coreference metrics on hand-made key/response pairs, and the ECB+ scorer end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitroom.errors import EvalError
from sitroom.eval.coref import b_cubed, ceaf_e, conll_scores, evaluate_coref, muc

# Pradhan et al. (2014), "Scoring coreference partitions of predicted mentions",
# worked example: key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i}.
KEY = [["a", "b", "c"], ["d", "e", "f", "g"]]
RESPONSE = [["a", "b"], ["c", "d"], ["f", "g", "h", "i"]]


def test_muc_textbook_example():
    p, r, f = muc(KEY, RESPONSE)
    assert r == pytest.approx(2 / 5)
    assert p == pytest.approx(2 / 5)
    assert f == pytest.approx(0.4)


def test_b_cubed_textbook_example():
    p, r, _ = b_cubed(KEY, RESPONSE)
    assert r == pytest.approx(35 / 84)
    assert p == pytest.approx(0.5)


def test_ceaf_e_textbook_example():
    p, r, _ = ceaf_e(KEY, RESPONSE)
    # Best alignment {a,b,c}~{a,b} (0.8) and {d,e,f,g}~{f,g,h,i} (0.5).
    assert r == pytest.approx(1.3 / 2)
    assert p == pytest.approx(1.3 / 3)


def test_muc_vilain_example_split_chain():
    # Vilain et al. (1995): one key chain of four answered as two pairs.
    p, r, _ = muc([[1, 2, 3, 4]], [[1, 2], [3, 4]])
    assert (p, r) == (pytest.approx(1.0), pytest.approx(2 / 3))


def test_perfect_response_scores_one_everywhere():
    scores = conll_scores(KEY, KEY)
    for name in ("muc_f1", "b3_f1", "ceafe_f1", "conll_f1"):
        assert scores[name] == pytest.approx(1.0)


def test_all_singletons_have_no_muc_links():
    key = [["a", "b"], ["c"]]
    response = [["a"], ["b"], ["c"]]
    assert muc(key, response) == (0.0, 0.0, 0.0)
    p, r, _ = b_cubed(key, response)
    assert p == pytest.approx(1.0)
    assert r == pytest.approx((0.5 + 0.5 + 1) / 3)
    # Singleton {c} aligns perfectly, and one of {a},{b} aligns with {a,b} at 2/3.
    p, r, _ = ceaf_e(key, response)
    assert r == pytest.approx((1 + 2 / 3) / 2)
    assert p == pytest.approx((1 + 2 / 3) / 3)


def test_ceaf_e_finds_the_optimal_not_the_greedy_alignment():
    # Greedy takes the largest phi4 first (K1-R1, 2/3) and leaves K2 with R2 (0);
    # the optimum pairs K1-R2 (0.4) and K2-R1 (4/7).
    key = [["a", "b", "c", "d"], ["e", "f"]]
    response = [["a", "b", "c", "e", "f"], ["d"]]
    p, r, _ = ceaf_e(key, response)
    best = max(2 * 3 / 9 + 0.0, 2 * 1 / 5 + 2 * 2 / 7)
    assert r == pytest.approx(best / 2)
    assert p == pytest.approx(best / 2)


def test_conll_is_the_mean_of_three():
    s = conll_scores(KEY, RESPONSE)
    assert s["conll_f1"] == pytest.approx((s["muc_f1"] + s["b3_f1"] + s["ceafe_f1"]) / 3)


def _write_corpus(tmp: Path) -> Path:
    docs = [
        {
            "doc": "1_1.xml",
            "topic": "1",
            "subtopic": "1a",
            "sentences": [
                ["Rebels", "attacked", "the", "town", "."],
                ["The", "attack", "ended", "."],
            ],
            "annotated_sents": [0, 1],
        },
        {
            "doc": "1_2.xml",
            "topic": "1",
            "subtopic": "1a",
            "sentences": [["Police", "said", "gunmen", "attacked", "a", "town", "."]],
            "annotated_sents": [0],
        },
    ]
    mentions = [
        {"doc": "1_1.xml", "sent": 0, "tokens": [1], "text": "attacked", "chain": "A"},
        {"doc": "1_1.xml", "sent": 1, "tokens": [1], "text": "attack", "chain": "A"},
        {"doc": "1_1.xml", "sent": 1, "tokens": [2], "text": "ended", "chain": "B"},
        {"doc": "1_2.xml", "sent": 0, "tokens": [3], "text": "attacked", "chain": "A"},
        {"doc": "1_2.xml", "sent": 0, "tokens": [1], "text": "said", "chain": "C"},
    ]
    for m in mentions:
        m.update({"topic": "1", "subtopic": "1a", "type": "ACT", "m_id": "0"})
    (tmp / "documents.jsonl").write_text("\n".join(json.dumps(d) for d in docs))
    (tmp / "mentions.jsonl").write_text("\n".join(json.dumps(m) for m in mentions))
    return tmp


def test_evaluate_coref_on_a_small_directory(tmp_path, nlp):
    scores = evaluate_coref(_write_corpus(tmp_path), nlp)
    assert scores["n_mentions"] == 5
    assert scores["n_gold_chains"] == 3
    # "attacked" x2 and "attack" share the lemma "attack": the chains come out exact.
    assert scores["conll_f1"] == pytest.approx(1.0)


def test_evaluate_coref_names_a_bad_mention(tmp_path, nlp):
    d = _write_corpus(tmp_path)
    (d / "mentions.jsonl").write_text(
        json.dumps({"doc": "1_1.xml", "sent": 7, "tokens": [0], "text": "x", "chain": "A"})
    )
    with pytest.raises(EvalError, match="mentions.jsonl:1"):
        evaluate_coref(d, nlp)


@pytest.mark.slow
def test_ecbplus_dev_meets_the_goal(benchmarks_dir, nlp):
    path = benchmarks_dir / "coref" / "ecbplus_dev"
    if not path.is_dir():
        pytest.skip("ECB+ dev not available")
    scores = evaluate_coref(path, nlp)
    assert scores["conll_f1"] >= 0.75
