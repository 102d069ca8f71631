"""Per-article cost of storing, linking and resolving as the store grows (issue 24).

``ingest`` slowed as the store grew; this measures the work after spaCy that touches the
store (save, near-duplicate linking, incident resolution) for new articles arriving into
a store that already holds N generated articles, for each N given. Parsing 100,000
articles would take most of an hour, so a pool of generated articles (``bench_scale``'s
generator) is parsed and extracted once, and the store is filled with articles whose
texts come from the same generator and whose mentions are the pool's, redated.

How they are redated is ``--span``:

- ``feed`` (the default): an archive grown by ingesting a feed. Article n is published on
  day ``n // --per-day`` (200 a day by default: a busy multi-outlet feed), and each of its
  events falls on that day or one of the three before it; a share of them
  (``--copies``, 0.2) are another outlet's copy of one of the last 100 articles (its
  text with the outlet's closing line, linked to it as ingest links a near-duplicate).
  The new articles timed come after the N stored ones, so every N sees the same number
  of articles per day around the new ones: a store that grows in time, not in density.
- ``fixed``: every date drawn from the generator's fixed eight years, whatever N (as
  before). Each day's neighbourhood then grows with the store (about 3.7 articles a day
  at 10,000 stored, 37 at 100,000): how cost grows when one period is very dense.

Fills are kept in ``--dir`` (one file per span and N; a missing one is filled on from the
largest kept below it) and reused, as is the parsed pool (``pool-SIZE-SEED.pickle``;
delete it when extraction changes), so a second run (another commit, through
``PYTHONPATH``) measures on the same stores and mentions.

With ``--undated SHARE``, that share of the timed feed articles' mentions tell no date
(each feed article is published on its feed day): what an undated report's lookup costs
(``sitroom.resolve.incidents.undated_window``).

Prints, per N: milliseconds per article of this thread's CPU time (steady when other
processes load the machine) for save, link, resolve and the closing ceasefire tracker,
their total, the wall time, and the SQL statements per article (round trips to the
database), all and those of resolution alone; the one-minute load average at the start and
the end of the run (the machine's other work) and the seconds the run took (copying the
fill, the warm-up and the timed articles). The fill stores and indexes the articles
in bulk and resolves them at once.

In a feed, the timed articles' feed dates are printed too: a month-precise mention can
join any incident of its type and parties in its month, so an article costs more the
later in the month it comes (at 200 a day, about twice as much on the 30th as on the
7th), whatever N. Compare sizes whose timed articles fall on the same day of the month
(10,000 and 101,000 both fall on the 20th).

    python bench/bench_resolve_scale.py --stored 10000 50000 100000 --dir /tmp/scale
    python bench/bench_resolve_scale.py --span fixed --dir /tmp/scale
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import datetime as dt
import json
import os
import pickle
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event as sa_event

from sitroom.config import Settings
from sitroom.extract.article import extract_article
from sitroom.ingest import content_hash, iter_inputs
from sitroom.ingest.dedup import jaccard, shingle_set
from sitroom.model import Article, Extraction
from sitroom.nlp.pipeline import load_pipeline
from sitroom.nlp.text import remember_text
from sitroom.process import _duplicate_index, _link_copies, load_resources
from sitroom.resolve.incidents import (
    RecentMentions,
    resolve_agreements,
    resolve_article,
    resolve_incidents,
)
from sitroom.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from bench_scale import _MONTHS, _article  # noqa: E402

_MONTH_NUMBER = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        1,
    )
}


def _rng(seed: int, n: int) -> random.Random:
    return random.Random(seed * 1_000_003 + n)


def _pool(size: int, seed: int, folder: Path) -> list[tuple[Article, Extraction]]:
    """``size`` generated articles, parsed and extracted once."""
    path = folder / "pool.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for n in range(size):
            f.write(json.dumps(_article(_rng(seed + 1, n), n)) + "\n")
    settings = Settings()
    nlp = load_pipeline(settings)
    res = load_resources(settings)
    articles = [a for a in iter_inputs([str(path)], settings) if isinstance(a, Article)]
    out = []
    for doc, a in zip(nlp.pipe([a.text for a in articles]), articles, strict=True):
        remember_text(doc, a.text)
        out.append((a, extract_article(doc, a, res)))
    return out


def _redated(rng: random.Random, date: str | None) -> str | None:
    """A date of the same precision drawn from the generator's dates."""
    if date is None:
        return None
    year = rng.randint(2016, 2023)
    month = _MONTH_NUMBER[rng.choice(_MONTHS)]
    day = rng.randint(1, 28)
    full = f"{year:04d}-{month:02d}-{day:02d}"
    return full[: len(date)] if len(date) <= 10 else full + date[10:]


_FEED_START = dt.date(2016, 1, 1)


def _fed(rng: random.Random, date: str | None, day: int) -> str | None:
    """A date of the same precision on feed day ``day`` or one of the three before it."""
    if date is None:
        return None
    full = (_FEED_START + dt.timedelta(days=day - rng.randint(0, 3))).isoformat()
    return full[: len(date)] if len(date) <= 10 else full + date[10:]


@dataclass(frozen=True, slots=True)
class Span:
    """How generated articles are dated: ``feed`` at ``per_day`` articles a day, or ``fixed``."""

    kind: str
    per_day: int
    copies: float = 0.0
    """Share of a feed's articles that are an outlet's copy of one of the last ``_LAG``."""
    undated: float = 0.0
    """Share of the new (timed) feed articles' mentions that tell no date."""

    def name(self, stored: int) -> str:
        """The fill file of a store holding ``stored`` articles dated this way."""
        if self.kind == "fixed":
            return f"stored-{stored}.db"  # as before the feed existed: old fills still serve
        return f"feed{self.per_day}-{self.copies:g}-{stored}.db"


def _made(
    pool: list[tuple[Article, Extraction]], seed: int, n: int, span: Span, position: int
) -> tuple[Article, Extraction]:
    """Generated article ``n``: the generator's text, a pool article's mentions redated
    (in a feed, as the ``position``-th article of the archive)."""
    rng = _rng(seed, n)
    text = _article(rng, n)["text"]
    base, extraction = pool[n % len(pool)]
    x = copy.deepcopy(extraction)
    # Drawn apart, so that the other draws, and the fills, stay as they were.
    blank = random.Random(seed * 31 + n)
    for e in x.events:
        if span.kind == "fixed":
            e.date = _redated(rng, e.date)
        else:
            e.date = _fed(rng, e.date, position // span.per_day)
            if n >= _NEW and blank.random() < span.undated:
                e.date = None
    digest = content_hash(text)
    article = copy.copy(base)
    article.text, article.raw, article.doc = text, text, f"gen-{n:06d}"
    article.content_hash, article.id = digest, digest[:16]
    if span.kind == "feed":
        # Published on its feed day: an undated mention looks up the weeks around it.
        article.published = _FEED_START + dt.timedelta(days=position // span.per_day)
    return article, x


_NEW = 10_000_000
"""The generator number of the first new article timed: apart from every fill's."""
_LAG = 100
"""A copy repeats one of the feed's last this many articles."""


def _number(position: int, stored: int) -> int:
    """The generator number of the archive's ``position``-th article in a run on ``stored``
    articles: the fill's own below it, the new articles' from it."""
    return position if position < stored else _NEW + position - stored


def _item(
    pool: list[tuple[Article, Extraction]], seed: int, span: Span, stored: int, position: int
) -> tuple[Article, Extraction, Article | None]:
    """The archive's ``position``-th article, its mentions and, for an outlet's copy of an
    earlier one (a feed's syndication), that original: the same text and mentions, with the
    outlet's own closing line."""
    n = _number(position, stored)
    if span.kind == "feed" and position >= _LAG:
        r = random.Random(seed * 7_919 + position)
        if r.random() < span.copies:
            original, x, _ = _item(pool, seed, span, stored, position - r.randint(1, _LAG))
            text = f"{original.text} Carried by outlet {n % 97}."
            digest = content_hash(text)
            article = copy.copy(original)
            article.text, article.raw, article.doc = text, text, f"gen-{n:06d}"
            article.content_hash, article.id = digest, digest[:16]
            return article, copy.deepcopy(x), original
    article, x = _made(pool, seed, n, span, position)
    return article, x, None


class _Counter:
    """SQL statements sent to the database (round trips)."""

    def __init__(self, store: Store) -> None:
        self.n = 0
        self.resolve = 0
        """Of them, those sent by ``resolve_article``."""
        sa_event.listen(store.engine, "before_cursor_execute", self._count)

    def _count(self, *_args: object) -> None:
        self.n += 1


def _run(
    store: Store,
    pool: list[tuple[Article, Extraction]],
    seed: int,
    span: Span,
    stored: int,
    positions: range,
    stages: dict[str, float] | None = None,
    counter: _Counter | None = None,
) -> None:
    """Save, link and resolve the archive's articles at ``positions`` (after ``stored``)
    as ``ingest`` does (64 per transaction)."""
    duplicates = None
    recent = RecentMentions()
    tracker: set[str] = set()
    clock = time.thread_time
    items = list(positions)
    for lo in range(0, len(items), 64):
        with store.transaction():
            for position in items[lo : lo + 64]:
                article, extraction, _ = _item(pool, seed, span, stored, position)
                changed: set[str] = set()
                t0 = clock()
                with store.savepoint():
                    result = store.save(article, extraction)
                    t1 = clock()
                    if duplicates is None:
                        duplicates = _duplicate_index(store, result.article_id)
                    _link_copies(store, duplicates, result.article_id, article.text)
                    t2 = clock()
                    before = counter.n if counter is not None else 0
                    resolve_article(store, result.article_id, recent, pending=changed)
                    t3 = clock()
                    if counter is not None:
                        counter.resolve += counter.n - before
                tracker |= changed
                if stages is not None:
                    stages["save"] += t1 - t0
                    stages["link"] += t2 - t1
                    stages["resolve"] += t3 - t2
    t4 = clock()
    if tracker:
        resolve_agreements(store, sorted(tracker))
    if stages is not None:
        stages["agreements"] += clock() - t4


def _fill(
    store: Store, pool: list[tuple[Article, Extraction]], seed: int, span: Span, positions: range
) -> None:
    """Store the archive's articles at ``positions``, link copies to their originals and
    index them for near-duplicates, then resolve every mention at once
    (``resolve_incidents``): the incidents an incremental ingest makes, up to the order of
    joins, in a fraction of its time."""
    index = _duplicate_index(store, "")
    items = list(positions)
    for lo in range(0, len(items), 1000):
        texts = []
        with store.transaction():
            for position in items[lo : lo + 1000]:
                article, extraction, original = _item(pool, seed, span, items[-1] + 1, position)
                article_id = store.save(article, extraction).article_id
                if original is not None:
                    similarity = jaccard(shingle_set(article.text), shingle_set(original.text))
                    store.link_many(article_id, [(original.id, "near-duplicate", similarity)])
                texts.append((article_id, article.text))
        index.add_many(texts)
    resolve_incidents(store)


def _copy_store(source: Path | None, target: Path) -> None:
    """Replace the SQLite store ``target`` by a copy of ``source`` (by nothing if None),
    its write-ahead log included: a log left by a run cut short would be replayed into
    the copy and corrupt it."""
    for path in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        path.unlink(missing_ok=True)
    if source is not None:
        shutil.copyfile(source, target)


def _kept(folder: Path, span: Span) -> list[int]:
    """The numbers of articles of the fills kept in ``folder`` for ``span``."""
    prefix = span.name(0)[: -len("0.db")]
    return [
        int(p.name[len(prefix) : -len(".db")])
        for p in folder.glob(f"{prefix}*.db")
        if p.name[len(prefix) : -len(".db")].isdigit()
    ]


def _cached_pool(
    size: int, seed: int, folder: Path | None, tmp: Path
) -> list[tuple[Article, Extraction]]:
    """``_pool``, kept in ``folder`` when given (delete it there when extraction changes:
    the runs it serves must compare resolution on the same mentions)."""
    if folder is None:
        return _pool(size, seed, tmp)
    path = folder / f"pool-{size}-{seed}.pickle"
    if path.exists():
        with path.open("rb") as f:
            kept: list[tuple[Article, Extraction]] = pickle.load(f)
        return kept
    pool = _pool(size, seed, tmp)
    with path.open("wb") as f:
        pickle.dump(pool, f)
    return pool


def main() -> None:
    """Parse arguments, fill (or reuse) the stores, print the cost per article."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--stored", type=int, nargs="+", default=[10000, 50000, 100000])
    ap.add_argument("--measure", type=int, default=300, help="new articles timed per N")
    ap.add_argument("--warmup", type=int, default=64, help="new articles run before timing")
    ap.add_argument("--pool", type=int, default=400, help="articles parsed for their mentions")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dir", type=Path, help="keep the filled stores here and reuse them")
    ap.add_argument(
        "--span",
        choices=("feed", "fixed"),
        default="feed",
        help="date the articles as a feed at --per-day a day, or over a fixed 8 years",
    )
    ap.add_argument("--per-day", type=int, default=200, help="feed articles a day")
    ap.add_argument(
        "--copies", type=float, default=0.2, help="share of feed articles that copy a recent one"
    )
    ap.add_argument(
        "--undated",
        type=float,
        default=0.0,
        help="share of the timed feed articles' mentions made undated (the stored ones stay "
        "dated: the candidate query reads no undated stored mention)",
    )
    ap.add_argument(
        "--profile",
        type=Path,
        help="write cProfile stats of each timed run to PREFIX-N (they inflate its figures)",
    )
    args = ap.parse_args()
    feed = args.span == "feed"
    span = Span(
        args.span, args.per_day, args.copies if feed else 0.0, args.undated if feed else 0.0
    )
    with tempfile.TemporaryDirectory(prefix="sitroom-rscale-") as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        pool = _cached_pool(args.pool, args.seed, folder if args.dir else None, Path(tmp))
        print(f"pool of {len(pool)} ready in {time.perf_counter() - start:.0f} s", flush=True)
        # The working copy is this process's own: two runs on one folder must not fill
        # one file.
        filled, fill = 0, folder / f"fill-{os.getpid()}-{span.name(0)}"
        for stored in sorted(args.stored):
            snapshot = folder / span.name(stored)
            if not snapshot.exists():
                # Go on from the largest fill kept below this one.
                kept = max([filled, *(k for k in _kept(folder, span) if k < stored)])
                if kept > filled:
                    _copy_store(folder / span.name(kept), fill)
                    filled = kept
                if filled == 0:
                    _copy_store(None, fill)
                store = Store.open(str(fill))
                start = time.perf_counter()
                _fill(store, pool, args.seed, span, range(filled, stored))
                store.close()
                print(
                    f"filled {filled} -> {stored} in {time.perf_counter() - start:.0f} s",
                    flush=True,
                )
                shutil.copyfile(fill, snapshot)
            else:
                _copy_store(snapshot, fill)
            filled = stored
            began, load = time.perf_counter(), os.getloadavg()[0]
            trial = Path(tmp) / "trial.db"
            _copy_store(snapshot, trial)
            store = Store.open(str(trial))
            _run(store, pool, args.seed, span, stored, range(stored, stored + args.warmup))
            stages = dict.fromkeys(("save", "link", "resolve", "agreements"), 0.0)
            counter = _Counter(store)
            profile = cProfile.Profile() if args.profile else None
            wall = time.perf_counter()
            first = stored + args.warmup
            if profile is not None:
                profile.enable()
            positions = range(first, first + args.measure)
            _run(store, pool, args.seed, span, stored, positions, stages, counter)
            if profile is not None:
                profile.disable()
                profile.dump_stats(f"{args.profile}-{stored}")
            wall = time.perf_counter() - wall
            store.close()
            trial.unlink()
            per = {k: round(v / args.measure * 1000, 2) for k, v in stages.items()}
            per["total"] = round(sum(stages.values()) / args.measure * 1000, 2)
            per["wall"] = round(wall / args.measure * 1000, 2)
            per["statements"] = round(counter.n / args.measure, 1)
            per["resolve_statements"] = round(counter.resolve / args.measure, 1)
            per["load"] = f"{load:.1f}-{os.getloadavg()[0]:.1f}"
            per["run_s"] = round(time.perf_counter() - began)
            if span.kind == "feed":
                days = [_FEED_START + dt.timedelta(days=p // span.per_day) for p in positions]
                per["feed_dates"] = f"{days[0].isoformat()}..{days[-1].isoformat()}"
            print(f"stored {stored}: ms/article {json.dumps(per)}", flush=True)
        _copy_store(None, fill)


if __name__ == "__main__":
    main()
