"""Pure scoring of predictions against gold, exactly as ``shared/gold/SCHEMA.md`` defines.

- event: same doc and type; date equal at the coarser of the two precisions
  (or both null); place within 50 km (town), same admin region (region) or
  same country (country), or both null; at least one source and one target
  country equal where gold has them.
- quote: same doc; speaker matches (same person or same actor country+sector);
  content overlaps ``content_start``.
- article: predicted publication date inside the gold range; outlet equal
  ignoring case.
- incident: B-cubed F1 of predicted incident ids over matched event mentions.
- incident across articles: B-cubed over the gold events of incidents told in two or
  more docs, each with its system mention (matched, else the prediction of its type at
  its evidence's sentence); contested recall; within-article repeat rate.

Pairs are matched one-to-one by maximum bipartite matching within each doc.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sitroom.geo.distance import haversine_km
from sitroom.model import Actor, Event, Place, Quote

TOWN_KM = 50.0
REGION_KM = 100.0
"""A predicted point this close to a gold region's reference point is in that region."""


@dataclass(frozen=True, slots=True)
class DocEvent:
    """An event mention with the doc it comes from."""

    doc: str
    event: Event


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """A gold quote: speaker, speaker actor and where its content starts."""

    doc: str
    speaker: str
    speaker_actor: Actor | None
    direct: bool
    cue: str
    content_start: str
    spans: tuple[tuple[int, int], ...]
    """Every place ``content_start`` occurs in the article text."""


@dataclass(frozen=True, slots=True)
class DocQuote:
    """A predicted quote with the doc it comes from."""

    doc: str
    quote: Quote


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 when undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def dates_match(gold: str | None, pred: str | None) -> bool:
    """Equal at the coarser of the two precisions, or both null."""
    if gold is None or pred is None:
        return gold is None and pred is None
    n = min(len(gold), len(pred))
    return gold[:n] == pred[:n]


_REGION_WORDS = re.compile(
    r"\b(region|district|province|rayon|raion|oblast|governorate|marz|county|area|areas|"
    r"border|city|the)\b",
    re.IGNORECASE,
)


def _norm_place(name: str) -> str:
    return " ".join(_REGION_WORDS.sub(" ", name).lower().replace("-", " ").split())


def places_match(gold: Place | None, pred: Place | None) -> bool:
    """Within 50 km (town), same admin region (region), same country (country), or both null."""
    if gold is None or pred is None:
        return gold is None and pred is None
    both_coords = None not in (gold.lat, gold.lon, pred.lat, pred.lon)
    dist = (
        haversine_km(gold.lat, gold.lon, pred.lat, pred.lon)  # type: ignore[arg-type]
        if both_coords
        else math.inf
    )
    if gold.precision == "town":
        return dist <= TOWN_KM
    if gold.precision == "region":
        if gold.geonameid and gold.geonameid == pred.geonameid:
            return True
        g = _norm_place(gold.name)
        if g and g in {_norm_place(pred.name), _norm_place(pred.admin1)}:
            return True
        return pred.precision != "country" and dist <= REGION_KM
    return bool(gold.country) and gold.country == pred.country


def _countries(actors: Sequence[Actor]) -> set[str]:
    return {a.country for a in actors if a.country}


def actors_match(gold: Event, pred: Event) -> bool:
    """At least one source and one target country equal where gold has them."""
    for g_side, p_side in ((gold.source, pred.source), (gold.target, pred.target)):
        g = _countries(g_side)
        if g and not g & _countries(p_side):
            return False
    return True


def events_match(gold: Event, pred: Event) -> bool:
    """The SCHEMA.md event matching rule."""
    return (
        gold.type == pred.type
        and dates_match(gold.date, pred.date)
        and places_match(gold.place, pred.place)
        and actors_match(gold, pred)
    )


def max_matching(
    n_gold: int, n_pred: int, compatible: Callable[[int, int], bool]
) -> list[tuple[int, int]]:
    """Maximum one-to-one matching (Kuhn's augmenting paths): (gold index, pred index)."""
    edges = [[j for j in range(n_pred) if compatible(i, j)] for i in range(n_gold)]
    owner: list[int] = [-1] * n_pred

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if owner[j] == -1 or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(n_gold):
        augment(i, set())
    return sorted((i, j) for j, i in enumerate(owner) if i != -1)


def match_by_doc(
    gold: Sequence[Any],
    pred: Sequence[Any],
    same: Callable[[Any, Any], bool],
    affinity: Callable[[Any, Any], int] | None = None,
) -> list[tuple[int, int]]:
    """Maximum one-to-one matching of items with a ``doc``, doc by doc: (gold, pred) indices.

    With ``affinity`` (a small non-negative score of how surely a compatible pair is the
    same mention), the maximum matching chosen is the one of greatest total affinity; the
    number of pairs, and so P/R/F1, is the same either way.
    """
    p_docs: dict[str, list[int]] = defaultdict(list)
    for j, item in enumerate(pred):
        p_docs[item.doc].append(j)
    g_docs: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(gold):
        g_docs[item.doc].append(i)
    pairs: list[tuple[int, int]] = []
    for doc, gi in g_docs.items():
        pi = p_docs.get(doc, [])
        if affinity is None:
            local = max_matching(
                len(gi), len(pi), lambda a, b, gi=gi, pi=pi: same(gold[gi[a]], pred[pi[b]])
            )
        else:
            local = _best_matching([gold[i] for i in gi], [pred[j] for j in pi], same, affinity)
        pairs.extend((gi[a], pi[b]) for a, b in local)
    return sorted(pairs)


_MAX_AFFINITY = 2


def _best_matching(
    gold: Sequence[Any],
    pred: Sequence[Any],
    same: Callable[[Any, Any], bool],
    affinity: Callable[[Any, Any], int],
) -> list[tuple[int, int]]:
    """Maximum matching of greatest total affinity (Hungarian algorithm on weights that put
    any extra pair above any affinity)."""
    if not gold or not pred:
        return []
    from scipy.optimize import linear_sum_assignment

    big = _MAX_AFFINITY * min(len(gold), len(pred)) + 1
    weight = np.zeros((len(gold), len(pred)))
    for a, g in enumerate(gold):
        for b, p in enumerate(pred):
            if same(g, p):
                weight[a, b] = big + min(_MAX_AFFINITY, max(0, affinity(g, p)))
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return sorted((int(a), int(b)) for a, b in zip(rows, cols, strict=True) if weight[a, b] > 0)


def match_events(
    gold: Sequence[DocEvent], pred: Sequence[DocEvent], texts: Mapping[str, str] | None = None
) -> list[tuple[int, int]]:
    """Matched (gold index, pred index) event pairs.

    With the articles' ``texts``, among the maximum matchings the one is taken that pairs
    most gold events with the prediction at their evidence (its trigger inside the evidence,
    else in the evidence's sentence), so that the attribute accuracies compare the same
    mention; the pairs counted for P/R/F1 are as many either way.
    """
    if texts is None:
        return match_by_doc(gold, pred, lambda g, p: events_match(g.event, p.event))

    def affinity(g: DocEvent, p: DocEvent) -> int:
        text = texts.get(g.doc, "")
        evidence = g.event.trigger
        at = text.find(evidence) if evidence else -1
        if at < 0:
            return 0
        if p.event.start < at + len(evidence) and at < p.event.end:
            return 2
        return 1 if p.event.sentence_start <= at < p.event.sentence_end else 0

    return match_by_doc(gold, pred, lambda g, p: events_match(g.event, p.event), affinity)


def _claimant_country(actor: Actor | None) -> str | None:
    return None if actor is None else actor.country


def score_events(
    gold: Sequence[DocEvent],
    pred: Sequence[DocEvent],
    texts: Mapping[str, str] | None = None,
    contested_incidents: Collection[str] = (),
) -> dict[str, object]:
    """Event P/R/F1 overall and per type, attribute accuracies and incident measures
    (``texts``: the articles' analysed texts, to pair each gold event with the prediction
    at its evidence among equally large matchings and to find evidence sentences;
    ``contested_incidents``: the predicted incident ids the system marks contested)."""
    pairs = match_events(gold, pred, texts)
    p, r, f = prf(len(pairs), len(pred), len(gold))
    out: dict[str, object] = {
        "events.precision": p,
        "events.recall": r,
        "events.f1": f,
        "events.n_gold": len(gold),
        "events.n_pred": len(pred),
        "events.n_matched": len(pairs),
    }
    by_type: dict[str, dict[str, float]] = {}
    types = sorted({x.event.type for x in gold} | {x.event.type for x in pred})
    for t in types:
        tp = sum(1 for i, _ in pairs if gold[i].event.type == t)
        ng = sum(1 for x in gold if x.event.type == t)
        npred = sum(1 for x in pred if x.event.type == t)
        tp_, tr_, tf_ = prf(tp, npred, ng)
        by_type[t] = {"precision": tp_, "recall": tr_, "f1": tf_, "gold": ng, "pred": npred}
    out["events.by_type"] = by_type

    def acc(same: Callable[[Event, Event], bool]) -> float:
        if not pairs:
            return 0.0
        return sum(1 for i, j in pairs if same(gold[i].event, pred[j].event)) / len(pairs)

    out["events.date_acc"] = acc(lambda g, q: g.date == q.date)
    out["events.place_acc"] = acc(
        lambda g, q: (
            places_match(g.place, q.place)
            and (g.place is None or g.place.precision == q.place.precision)
        )  # type: ignore[union-attr]
    )
    out["events.killed_acc"] = acc(lambda g, q: g.casualties.killed == q.casualties.killed)
    out["events.injured_acc"] = acc(lambda g, q: g.casualties.injured == q.casualties.injured)
    out["events.claimant_acc"] = acc(
        lambda g, q: _claimant_country(g.claimant) == _claimant_country(q.claimant)
    )
    out["events.status_acc"] = acc(lambda g, q: g.status == q.status)
    out["incidents.b3_precision"], out["incidents.b3_recall"], out["incidents.b3_f1"] = b_cubed(
        [gold[i].event.incident for i, _ in pairs],
        [pred[j].event.incident or f"_singleton{j}" for _, j in pairs],
    )
    out.update(score_incidents(gold, pred, pairs, texts or {}, contested_incidents))
    return out


def _evidence_at(text: str, evidence: str) -> tuple[int, int] | None:
    at = text.find(evidence) if evidence else -1
    return None if at < 0 else (at, at + len(evidence))


def _in_sentence(span: tuple[int, int] | None, p: Event) -> bool:
    return span is not None and p.sentence_start <= span[0] and span[1] <= p.sentence_end


def system_mentions(
    gold: Sequence[DocEvent],
    pred: Sequence[DocEvent],
    pairs: Sequence[tuple[int, int]],
    texts: Mapping[str, str],
) -> list[int | None]:
    """For every gold event, the index of its system mention: its matched prediction, else
    the first prediction of the same type whose sentence contains the gold evidence."""
    matched = dict(pairs)
    order = sorted(range(len(pred)), key=lambda j: (pred[j].doc, pred[j].event.start, j))
    out: list[int | None] = []
    for i, g in enumerate(gold):
        if i in matched:
            out.append(matched[i])
            continue
        span = _evidence_at(texts.get(g.doc, ""), g.event.trigger)
        out.append(
            next(
                (
                    j
                    for j in order
                    if pred[j].doc == g.doc
                    and pred[j].event.type == g.event.type
                    and _in_sentence(span, pred[j].event)
                ),
                None,
            )
        )
    return out


def _disagree(a: Event, b: Event) -> bool:
    """Two accounts differ on killed, injured, status (one denies) or who is blamed."""
    for x, y in (
        (a.casualties.killed, b.casualties.killed),
        (a.casualties.injured, b.casualties.injured),
    ):
        if x is not None and y is not None and x != y:
            return True
    if (a.status == "denied") != (b.status == "denied"):
        return True
    sa, sb = _countries(a.source), _countries(b.source)
    return bool(sa and sb and not sa & sb)


def _pred_label(pred: Sequence[DocEvent], j: int | None, k: int) -> str:
    if j is None:
        return f"_unmentioned{k}"
    return pred[j].event.incident or f"_singleton{j}"


def score_incidents(
    gold: Sequence[DocEvent],
    pred: Sequence[DocEvent],
    pairs: Sequence[tuple[int, int]],
    texts: Mapping[str, str],
    contested_incidents: Collection[str] = (),
) -> dict[str, object]:
    """``incidents.cross_b3_*``, ``incidents.contested_recall`` and ``events.repeat_rate``
    as SCHEMA.md defines them."""
    mention = system_mentions(gold, pred, pairs, texts)
    by_incident: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        if g.event.incident:
            by_incident[g.event.incident].append(i)

    cross = [
        i
        for members in by_incident.values()
        if len({gold[k].doc for k in members}) >= 2
        for i in members
    ]
    out: dict[str, object] = {}
    (
        out["incidents.cross_b3_precision"],
        out["incidents.cross_b3_recall"],
        out["incidents.cross_b3_f1"],
    ) = b_cubed(
        [gold[i].event.incident for i in cross], [_pred_label(pred, mention[i], i) for i in cross]
    )
    out["incidents.n_cross"] = len(cross)

    n_contested = recovered = 0
    for members in by_incident.values():
        disagreeing = [
            (a, b)
            for x, a in enumerate(members)
            for b in members[x + 1 :]
            if _claimant_country(gold[a].event.claimant)
            != _claimant_country(gold[b].event.claimant)
            and _disagree(gold[a].event, gold[b].event)
        ]
        if not disagreeing:
            continue
        n_contested += 1
        labels = [pred[j].event.incident for k in members if (j := mention[k]) is not None]
        labels = [x for x in labels if x]
        if not labels:
            continue
        top = max(sorted(set(labels)), key=labels.count)
        if top not in contested_incidents:
            continue

        def held(k: int, top: str = top) -> bool:
            j = mention[k]
            return j is not None and pred[j].event.incident == top

        if any(held(a) and held(b) for a, b in disagreeing):
            recovered += 1
    out["incidents.n_contested"] = n_contested
    out["incidents.contested_recall"] = recovered / n_contested if n_contested else 0.0

    out["events.repeat_rate"] = repeat_rate(gold, pred, pairs, texts)
    return out


def repeat_rate(
    gold: Sequence[DocEvent],
    pred: Sequence[DocEvent],
    pairs: Sequence[tuple[int, int]],
    texts: Mapping[str, str],
) -> float:
    """Share of predictions that repeat an earlier prediction of their doc: same type and
    the same gold incident (of their matched gold record, else of the gold record of the
    same type whose evidence lies in their sentence)."""
    if not pred:
        return 0.0
    matched = {j: i for i, j in pairs}
    spans = [_evidence_at(texts.get(g.doc, ""), g.event.trigger) for g in gold]
    seen: set[tuple[str, str, str]] = set()
    repeats = 0
    for j in sorted(range(len(pred)), key=lambda j: (pred[j].doc, pred[j].event.start, j)):
        p = pred[j]
        i = matched.get(j)
        if i is None:
            i = next(
                (
                    k
                    for k, g in enumerate(gold)
                    if g.doc == p.doc
                    and g.event.type == p.event.type
                    and _in_sentence(spans[k], p.event)
                ),
                None,
            )
        if i is None or not gold[i].event.incident:
            continue
        key = (p.doc, p.event.type, gold[i].event.incident)
        if key in seen:
            repeats += 1
        seen.add(key)
    return repeats / len(pred)


def b_cubed(gold_labels: Sequence[str], pred_labels: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (labels per item)."""
    n = len(gold_labels)
    if n == 0:
        return 0.0, 0.0, 0.0
    g_members: dict[str, set[int]] = defaultdict(set)
    p_members: dict[str, set[int]] = defaultdict(set)
    for k, (g, p) in enumerate(zip(gold_labels, pred_labels, strict=True)):
        g_members[g].add(k)
        p_members[p].add(k)
    prec = rec = 0.0
    for k in range(n):
        g, p = g_members[gold_labels[k]], p_members[pred_labels[k]]
        common = len(g & p)
        prec += common / len(p)
        rec += common / len(g)
    prec, rec = prec / n, rec / n
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


_HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "seyed",
    "seyyed",
    "sayyid",
    "ayatollah",
    "president",
    "minister",
    "foreign",
    "the",
}


def _name_tokens(name: str) -> list[str]:
    words = re.findall(r"[\w-]+", name.lower())
    return [w for w in words if w not in _HONORIFICS]


def same_speaker(gold: GoldQuote, pred: Quote) -> bool:
    """Same person (by name) or same actor (country and sector)."""
    g, p = _name_tokens(gold.speaker), _name_tokens(pred.speaker)
    if (
        g
        and p
        and (g == p or g[-1] == p[-1] or " ".join(p) in " ".join(g) or " ".join(g) in " ".join(p))
    ):
        return True
    ga, pa = gold.speaker_actor, pred.speaker_actor
    return bool(
        ga is not None
        and pa is not None
        and ga.country
        and ga.country == pa.country
        and ga.sector == pa.sector
    )


def content_overlaps(gold: GoldQuote, pred: Quote) -> bool:
    """The predicted content span meets one occurrence of the gold ``content_start``."""
    return any(s < pred.content_end and pred.content_start < e for s, e in gold.spans)


def score_quotes(gold: Sequence[GoldQuote], pred: Sequence[DocQuote]) -> dict[str, object]:
    """Quote P/R/F1 (speaker and content must match) and speaker accuracy on content matches."""
    full = len(
        match_by_doc(
            gold, pred, lambda g, p: content_overlaps(g, p.quote) and same_speaker(g, p.quote)
        )
    )
    pairs = match_by_doc(gold, pred, lambda g, p: content_overlaps(g, p.quote))
    content_only = len(pairs)
    speaker_ok = sum(1 for i, j in pairs if same_speaker(gold[i], pred[j].quote))
    p, r, f = prf(full, len(pred), len(gold))
    return {
        "quotes.precision": p,
        "quotes.recall": r,
        "quotes.f1": f,
        "quotes.speaker_acc": speaker_ok / content_only if content_only else 0.0,
        "quotes.n_gold": len(gold),
        "quotes.n_pred": len(pred),
        "quotes.n_content_matched": content_only,
    }
