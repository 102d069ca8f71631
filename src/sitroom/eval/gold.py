"""``sitroom eval gold``: run sitroom on the gold docs and score it (rules in ``matching``)."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.config import Settings
from sitroom.errors import EvalError
from sitroom.eval.matching import DocEvent, DocQuote, GoldQuote, score_events, score_quotes
from sitroom.model import Actor, Casualties, Event, Place

# Imported lazily inside evaluate_gold so that the pure scorer loads without spaCy.


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """Gold metadata of one article."""

    doc: str
    outlet: str | None
    earliest: dt.date | None
    latest: dt.date | None


@dataclass(slots=True)
class GoldSet:
    """Every record of a gold file, by kind."""

    articles: dict[str, GoldArticle] = field(default_factory=dict)
    events: list[DocEvent] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def docs(self) -> list[str]:
        """Every doc the gold file names."""
        names = set(self.articles) | {e.doc for e in self.events} | {q["doc"] for q in self.quotes}
        return sorted(names)


def _actor(d: dict[str, Any] | None) -> Actor | None:
    if d is None:
        return None
    return Actor(
        text=d.get("text", ""),
        country=d.get("country") or "",
        sector=d.get("sector") or "UNK",
        group=d.get("group", ""),
    )


def _place(d: dict[str, Any] | None) -> Place | None:
    if d is None:
        return None
    return Place(
        text=d.get("name", ""),
        name=d.get("name", ""),
        geonameid=int(d.get("geonameid") or 0),
        lat=d.get("lat"),
        lon=d.get("lon"),
        country=d.get("country") or "",
        precision=d.get("precision") or "town",
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def gold_event(r: dict[str, Any]) -> Event:
    """A gold event record as an ``Event``."""
    return Event(
        type=r["type"],
        start=-1,
        end=-1,
        trigger=r.get("evidence", ""),
        mode=r.get("mode", ""),
        status=r.get("status", "occurred"),
        source=[a for a in map(_actor, r.get("source") or []) if a],
        target=[a for a in map(_actor, r.get("target") or []) if a],
        date=r.get("date"),
        date_precision=r.get("date_precision"),
        place=_place(r.get("place")),
        casualties=Casualties(
            killed=r.get("killed"),
            injured=r.get("injured"),
            killed_approx=bool(r.get("approx", False)),
        ),
        claimant=_actor(r.get("claimant")),
        incident=r.get("incident", ""),
    )


def load_gold(path: Path) -> GoldSet:
    """Read a gold JSONL file; a malformed line raises EvalError naming it."""
    gold = GoldSet()
    try:
        lines = path.read_text(encoding="utf-8").split("\n")  # not splitlines: U+2028 is text
    except OSError as exc:
        raise EvalError(f"{path}: cannot read gold file ({exc})") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            kind, doc = r["kind"], r["doc"]
            if kind == "article":
                gold.articles[doc] = GoldArticle(
                    doc,
                    r.get("outlet"),
                    _date(r.get("published_earliest")),
                    _date(r.get("published_latest")),
                )
            elif kind == "event":
                gold.events.append(DocEvent(doc, gold_event(r)))
            elif kind == "quote":
                gold.quotes.append(r)
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalError(f"{path}:{n}: malformed gold record ({exc})") from exc
    return gold


def gold_quotes(records: list[dict[str, Any]], texts: dict[str, str]) -> list[GoldQuote]:
    """Gold quotes with the spans where their ``content_start`` occurs in the article."""
    out = []
    for r in records:
        text = texts.get(r["doc"], "")
        needle = r.get("content_start") or ""
        spans, k = [], text.find(needle) if needle else -1
        while k != -1:
            spans.append((k, k + len(needle)))
            k = text.find(needle, k + 1)
        out.append(
            GoldQuote(
                doc=r["doc"],
                speaker=r.get("speaker") or "",
                speaker_actor=_actor(r.get("speaker_actor")),
                direct=bool(r.get("direct")),
                cue=r.get("cue") or "",
                content_start=needle,
                spans=tuple(spans),
            )
        )
    return out


def score_articles(gold: dict[str, GoldArticle], pred: dict[str, Any]) -> dict[str, object]:
    """Publication date inside the gold range; outlet equal ignoring case."""
    docs = sorted(gold)
    date_ok = outlet_ok = 0
    for doc in docs:
        g, a = gold[doc], pred.get(doc)
        if a is None:
            continue
        published = a.published
        if published and g.earliest and g.latest and g.earliest <= published <= g.latest:
            date_ok += 1
        if (g.outlet or "").strip().lower() == (a.outlet or "").strip().lower():
            outlet_ok += 1
    n = len(docs)
    return {
        "articles.date_acc": date_ok / n if n else 0.0,
        "articles.outlet_acc": outlet_ok / n if n else 0.0,
        "articles.n": n,
    }


def evaluate_gold(
    gold_path: Path,
    docs_dir: Path,
    settings: Settings,
    on_progress: Callable[[str], None] | None = None,
) -> dict[str, object]:
    """Ingest the gold's docs into a temporary store, resolve incidents and score everything."""
    from sitroom.process import ingest
    from sitroom.query import select_articles, select_events, select_quotes
    from sitroom.resolve.incidents import resolve_incidents
    from sitroom.resolve.query import select_incidents
    from sitroom.store import Store

    gold = load_gold(gold_path)
    paths = []
    for doc in gold.docs:
        p = docs_dir / doc
        if not p.is_file():
            raise EvalError(f"{p}: gold names doc {doc!r} but the file is missing")
        paths.append(str(p))
    with tempfile.TemporaryDirectory(prefix="sitroom-eval-") as tmp:
        store = Store.open(str(Path(tmp) / "eval.db"))
        try:
            summary = ingest(paths, store, settings, on_progress=on_progress)
            if summary.failed:
                reasons = "; ".join(f"{f.source}: {f.reason}" for f in summary.failed)
                raise EvalError(f"could not ingest every gold doc: {reasons}")
            resolve_incidents(store)
            articles = {r.article.doc: r.article for r in select_articles(store)}
            events = [DocEvent(r.doc, r.event) for r in select_events(store)]
            quotes = [DocQuote(r.doc, r.quote) for r in select_quotes(store)]
            contested = {r.id for r in select_incidents(store, contested=True)}
        finally:
            store.close()
    texts = {doc: a.text for doc, a in articles.items()}
    result: dict[str, object] = {}
    result.update(score_events(gold.events, events, texts, contested))
    result.update(score_quotes(gold_quotes(gold.quotes, texts), quotes))
    result.update(score_articles(gold.articles, articles))
    return result
