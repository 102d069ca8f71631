"""Per-article cost of storing, linking and resolving as the store grows (issue 24).

``ingest`` slowed as the store grew; this measures the work after spaCy that touches the
store (save, near-duplicate linking, incident resolution) for new articles arriving into
a store that already holds N generated articles, for each N given. Parsing 100,000
articles would take most of an hour, so a pool of generated articles (``bench_scale``'s
generator) is parsed and extracted once, and the store is filled with articles whose
texts come from the same generator and whose mentions are the pool's, each event given
a date drawn from the generator's dates (same density of mentions per type and day as
a real ingest of the generator's articles). Fills are kept in ``--dir`` and reused, so a
second run (another commit, through ``PYTHONPATH``) measures on the same stores.

Prints, per N: milliseconds per article of this thread's CPU time (steady when other
processes load the machine) for save, link, resolve and the closing ceasefire tracker,
their total, the wall time, and the SQL statements per article (round trips to the
database), all and those of resolution alone. The fill stores and indexes the articles
in bulk and resolves them at once.

    python bench/bench_resolve_scale.py --stored 10000 50000 100000 --dir /tmp/scale
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event as sa_event

from sitroom.config import Settings
from sitroom.extract.article import extract_article
from sitroom.ingest import content_hash, iter_inputs
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


def _made(pool: list[tuple[Article, Extraction]], seed: int, n: int) -> tuple[Article, Extraction]:
    """Generated article ``n``: the generator's text, a pool article's mentions redated."""
    rng = _rng(seed, n)
    text = _article(rng, n)["text"]
    base, extraction = pool[n % len(pool)]
    x = copy.deepcopy(extraction)
    for e in x.events:
        e.date = _redated(rng, e.date)
    digest = content_hash(text)
    article = copy.copy(base)
    article.text, article.raw, article.doc = text, text, f"gen-{n:06d}"
    article.content_hash, article.id = digest, digest[:16]
    return article, x


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
    numbers: range,
    stages: dict[str, float] | None = None,
    counter: _Counter | None = None,
) -> None:
    """Save, link and resolve articles ``numbers`` as ``ingest`` does (64 per transaction)."""
    duplicates = None
    recent = RecentMentions()
    tracker: set[str] = set()
    clock = time.thread_time
    items = list(numbers)
    for lo in range(0, len(items), 64):
        with store.transaction():
            for n in items[lo : lo + 64]:
                article, extraction = _made(pool, seed, n)
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


def _fill(store: Store, pool: list[tuple[Article, Extraction]], seed: int, numbers: range) -> None:
    """Store articles ``numbers`` and index them for near-duplicates, then resolve every
    mention at once (``resolve_incidents``): the incidents an incremental ingest makes, up to
    the order of joins, in a fraction of its time."""
    index = _duplicate_index(store, "")
    items = list(numbers)
    for lo in range(0, len(items), 1000):
        texts = []
        with store.transaction():
            for n in items[lo : lo + 1000]:
                article, extraction = _made(pool, seed, n)
                texts.append((store.save(article, extraction).article_id, article.text))
        index.add_many(texts)
    resolve_incidents(store)


def main() -> None:
    """Parse arguments, fill (or reuse) the stores, print the cost per article."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--stored", type=int, nargs="+", default=[10000, 50000, 100000])
    ap.add_argument("--measure", type=int, default=300, help="new articles timed per N")
    ap.add_argument("--warmup", type=int, default=64, help="new articles run before timing")
    ap.add_argument("--pool", type=int, default=400, help="articles parsed for their mentions")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dir", type=Path, help="keep the filled stores here and reuse them")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitroom-rscale-") as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        pool = _pool(args.pool, args.seed, Path(tmp))
        print(f"pool of {len(pool)} parsed in {time.perf_counter() - start:.0f} s", flush=True)
        filled, fill = 0, folder / "fill.db"
        for stored in sorted(args.stored):
            snapshot = folder / f"stored-{stored}.db"
            if not snapshot.exists():
                if filled == 0 and fill.exists():
                    fill.unlink()
                store = Store.open(str(fill))
                start = time.perf_counter()
                _fill(store, pool, args.seed, range(filled, stored))
                store.close()
                print(
                    f"filled {filled} -> {stored} in {time.perf_counter() - start:.0f} s",
                    flush=True,
                )
                shutil.copyfile(fill, snapshot)
            else:
                shutil.copyfile(snapshot, fill)
            filled = stored
            trial = Path(tmp) / "trial.db"
            shutil.copyfile(snapshot, trial)
            store = Store.open(str(trial))
            base = 10_000_000  # new articles' numbers, apart from every fill's
            _run(store, pool, args.seed, range(base, base + args.warmup))
            stages = dict.fromkeys(("save", "link", "resolve", "agreements"), 0.0)
            counter = _Counter(store)
            wall = time.perf_counter()
            numbers = range(base + args.warmup, base + args.warmup + args.measure)
            _run(store, pool, args.seed, numbers, stages, counter)
            wall = time.perf_counter() - wall
            store.close()
            trial.unlink()
            per = {k: round(v / args.measure * 1000, 2) for k, v in stages.items()}
            per["total"] = round(sum(stages.values()) / args.measure * 1000, 2)
            per["wall"] = round(wall / args.measure * 1000, 2)
            per["statements"] = round(counter.n / args.measure, 1)
            per["resolve_statements"] = round(counter.resolve / args.measure, 1)
            print(f"stored {stored}: ms/article {json.dumps(per)}", flush=True)


if __name__ == "__main__":
    main()
