"""Coreference metrics: MUC, B-cubed, CEAF-e and their mean (CoNLL F1).

Definitions follow the CoNLL-2012 reference scorer (Pradhan et al., 2014):

- MUC (Vilain et al., 1995): links needed to connect each key chain that the
  response keeps, over links in the key; precision swaps key and response.
- B-cubed (Bagga and Baldwin, 1998): per-mention overlap of its key and
  response chains, averaged over mentions.
- CEAF-e (Luo, 2005): the best one-to-one alignment of key and response
  chains under phi4 = 2|K & R| / (|K| + |R|), over the number of chains.

A clustering is a list of chains; a chain is a collection of hashable mention
ids. Mentions missing from one side count as singletons there (MUC) or as
unmatched (B-cubed, CEAF-e), as in the reference scorer.

``evaluate_coref`` scores sitroom's training-free event clustering on a
directory in the ECB+ JSONL format (``documents.jsonl``, ``mentions.jsonl``)
in the gold-mention setting: gold mentions in, chains out, singletons kept.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Hashable, Sequence
from pathlib import Path
from typing import Any

from sitroom.errors import EvalError
from sitroom.eval.jsonl import numbered_lines

Chain = Collection[Hashable]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _prf(num_p: float, den_p: float, num_r: float, den_r: float) -> tuple[float, float, float]:
    p = num_p / den_p if den_p else 0.0
    r = num_r / den_r if den_r else 0.0
    return p, r, _f1(p, r)


def _where(chains: Sequence[Chain]) -> dict[Hashable, int]:
    return {m: i for i, chain in enumerate(chains) for m in chain}


def _muc_side(key: Sequence[Chain], response: Sequence[Chain]) -> tuple[int, int]:
    """(numerator, denominator) of MUC recall of ``response`` against ``key``."""
    where = _where(response)
    num = den = 0
    for chain in key:
        if len(chain) < 2:
            continue
        parts = {where.get(m, ("missing", m)) for m in chain}
        num += len(chain) - len(parts)
        den += len(chain) - 1
    return num, den


def muc(key: Sequence[Chain], response: Sequence[Chain]) -> tuple[float, float, float]:
    """MUC precision, recall and F1."""
    nr, dr = _muc_side(key, response)
    np_, dp = _muc_side(response, key)
    return _prf(np_, dp, nr, dr)


def _b3_side(key: Sequence[Chain], response: Sequence[Chain]) -> tuple[float, int]:
    where = _where(response)
    total = 0.0
    count = 0
    sets = [set(c) for c in response]
    for chain in key:
        kset = set(chain)
        for m in kset:
            count += 1
            i = where.get(m)
            if i is not None:
                total += len(kset & sets[i]) / len(kset)
    return total, count


def b_cubed(key: Sequence[Chain], response: Sequence[Chain]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (per-mention averages)."""
    nr, dr = _b3_side(key, response)
    np_, dp = _b3_side(response, key)
    return _prf(np_, dp, nr, dr)


def _hungarian_max(weights: list[list[float]]) -> float:
    """Total weight of a maximum-weight one-to-one assignment (Kuhn-Munkres, O(n^3))."""
    rows, cols = len(weights), len(weights[0]) if weights else 0
    if not rows or not cols:
        return 0.0
    n = max(rows, cols)
    top = max(max(r) for r in weights)
    # Minimise cost = top - weight on a square matrix padded with zero-weight cells.
    cost = [
        [top - (weights[i][j] if i < rows and j < cols else 0.0) for j in range(n)]
        for i in range(n)
    ]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    total = 0.0
    for j in range(1, n + 1):
        i = p[j]
        if i and i <= rows and j <= cols:
            total += weights[i - 1][j - 1]
    return total


def _phi4(a: set[Hashable], b: set[Hashable]) -> float:
    return 2 * len(a & b) / (len(a) + len(b))


def ceaf_e(key: Sequence[Chain], response: Sequence[Chain]) -> tuple[float, float, float]:
    """Entity-based CEAF (phi4) precision, recall and F1."""
    ks = [set(c) for c in key if c]
    rs = [set(c) for c in response if c]
    if not ks or not rs:
        return 0.0, 0.0, 0.0
    # Chains that share no mention never align, so solve each connected block apart:
    # this keeps the cubic assignment small on corpora with hundreds of chains.
    where_r = _where(rs)
    parent = list(range(len(ks) + len(rs)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, chain in enumerate(ks):
        for m in chain:
            j = where_r.get(m)
            if j is not None:
                parent[find(i)] = find(len(ks) + j)
    blocks: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(ks)):
        blocks.setdefault(find(i), ([], []))[0].append(i)
    for j in range(len(rs)):
        blocks.setdefault(find(len(ks) + j), ([], []))[1].append(j)
    similarity = 0.0
    for k_idx, r_idx in blocks.values():
        if k_idx and r_idx:
            similarity += _hungarian_max([[_phi4(ks[i], rs[j]) for j in r_idx] for i in k_idx])
    return _prf(similarity, len(rs), similarity, len(ks))


def conll_scores(key: Sequence[Chain], response: Sequence[Chain]) -> dict[str, float]:
    """MUC, B-cubed and CEAF-e precision/recall/F1 and CoNLL F1 (mean of the three F1)."""
    out: dict[str, float] = {}
    for name, fn in (("muc", muc), ("b3", b_cubed), ("ceafe", ceaf_e)):
        p, r, f = fn(key, response)
        out[f"{name}_precision"], out[f"{name}_recall"], out[f"{name}_f1"] = p, r, f
    out["conll_f1"] = (out["muc_f1"] + out["b3_f1"] + out["ceafe_f1"]) / 3
    return out


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    out = []
    for n, line in numbered_lines(path):
        try:
            out.append(json.loads(line))
        except ValueError as exc:
            raise EvalError(f"{path}:{n}: not JSON ({exc})") from exc
    return out


def _group(m: dict[str, Any]) -> str:
    """The document cluster a mention is resolved within: sub-topic, else topic, else doc."""
    return str(m.get("subtopic") or m.get("topic") or m["doc"])


def evaluate_coref(directory: Path, nlp: Any = None) -> dict[str, Any]:
    """Cluster the gold event mentions of an ECB+-format directory and score the chains."""
    from spacy.tokens import Doc

    from sitroom.resolve.mention_coref import MentionToken, cluster_by_head, event_key, mention_head

    docs = {d["doc"]: d for d in _read_jsonl(directory / "documents.jsonl")}
    mentions = _read_jsonl(directory / "mentions.jsonl")
    if not mentions:
        raise EvalError(f"{directory / 'mentions.jsonl'}: no mentions")
    if nlp is None:
        from sitroom.config import Settings
        from sitroom.nlp.pipeline import load_pipeline

        nlp = load_pipeline(Settings())
    keys: list[tuple[str, int]] = []
    for n, m in enumerate(mentions, 1):
        try:
            sentence = docs[m["doc"]]["sentences"][m["sent"]]
            if not m["tokens"] or max(m["tokens"]) >= len(sentence):
                raise IndexError(m["tokens"])
        except (KeyError, IndexError, TypeError) as exc:
            raise EvalError(f"{directory / 'mentions.jsonl'}:{n}: bad mention ({exc})") from exc
        keys.append((m["doc"], m["sent"]))
    wanted = sorted(set(keys))
    parsed: dict[tuple[str, int], list[MentionToken]] = {}
    words = (Doc(nlp.vocab, words=docs[d]["sentences"][s]) for d, s in wanted)
    for key, doc in zip(wanted, nlp.pipe(words, batch_size=64), strict=True):
        parsed[key] = [MentionToken(t.text, t.lemma_, t.head.i) for t in doc]
    heads = [mention_head(parsed[k], m["tokens"]) for k, m in zip(keys, mentions, strict=True)]
    labels = cluster_by_head([_group(m) for m in mentions], [event_key(h.lemma) for h in heads])
    gold: dict[str, list[int]] = defaultdict(list)
    response: dict[int, list[int]] = defaultdict(list)
    for i, (m, label) in enumerate(zip(mentions, labels, strict=True)):
        gold[str(m["chain"])].append(i)
        response[label].append(i)
    out: dict[str, Any] = dict(conll_scores(list(gold.values()), list(response.values())))
    out["n_mentions"] = len(mentions)
    out["n_gold_chains"] = len(gold)
    out["n_response_chains"] = len(response)
    out["setting"] = "gold mentions, clustered within sub-topic by event head lemma"
    return out
