"""Hostile inputs, kill -9 and load: the figures of issue 25.

1. Every input of the hostile generator (tests/robustness/hostile.py) at ``--size``, each
   ingested alone (``--workers 1``, the default budget) in a process forked from this one
   (the pipeline loaded once): inputs tried, crashes (the run raised), hangs (past
   ``--hang-s``), and per input kind the time and the peak RSS of the ingesting process
   and of its parse process, beside a good article's.
2. ``--kill-rounds`` rounds of kill -9 at a random point of an ingest (odd rounds) or a
   reprocess (even ones) of a corpus, into SQLite and then into PostgreSQL (a private
   server started here, or ``--postgres-url``), each followed by the checks of a killed
   store (PRAGMA integrity_check on SQLite, no orphan row, no article twice, no article
   without all its mentions), a look for orphaned parse processes, a re-run, and a
   comparison with a clean run (counts, content hashes with mention counts, incidents).
3. ``--requests`` requests from ``--concurrency`` threads to the server on 127.0.0.1, once
   idle and once while another process ingests ``--load-articles`` articles: errors,
   p50 and p95.
4. The quote extractor's time on single-line texts of ``--quote-sizes`` characters (news
   with quotations, unbalanced quotation marks, thousands of "said", "said" before an
   open quotation mark), the parse not counted.

    python bench/bench_robustness.py --size 100000 --kill-rounds 10 --requests 2000
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pgserver import pg_bin, private_server  # noqa: E402
from tests.robustness.crash import (  # noqa: E402
    Schemas,
    article_texts,
    assert_whole,
    kill_during,
    store_digest,
)
from tests.robustness.hostile import GOOD, write_corpus  # noqa: E402
from tests.robustness.load import burst, serving  # noqa: E402

from sitroom.config import Settings  # noqa: E402
from sitroom.extract.article import Resources  # noqa: E402
from sitroom.nlp.pipeline import load_pipeline  # noqa: E402
from sitroom.process import ingest, load_resources  # noqa: E402
from sitroom.store import Store  # noqa: E402

_RESOURCES: list[Resources] = []
"""The gazetteer and dictionaries, loaded once here and shared by every forked run."""


def _ingest_one(path: Path, db: Path, report: Path, settings: Settings) -> None:
    import resource

    started = time.monotonic()
    store = Store.open(str(db))
    try:
        summary = ingest([str(path)], store, settings.replace(db=str(db)), resources=_RESOURCES[0])
    finally:
        store.close()
    report.write_text(
        json.dumps(
            {
                "seconds": time.monotonic() - started,
                "main_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "parse_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                "stored": summary.stored,
                "failed": [f.reason for f in summary.failed],
            }
        )
    )
    os._exit(0)


def hostile_inputs(tmp: Path, size: int, hang_s: float, settings: Settings) -> None:
    """Part 1: each hostile input ingested alone."""
    folder = tmp / "hostile"
    kinds = write_corpus(folder, size)
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
        kinds[name] = "good article"
    # A link to a folder is a case of reading a folder (not followed there): it is met in
    # the last run, the whole folder in one batch.
    del kinds["linked-dir"]
    kinds["."] = "the whole folder in one batch"
    ctx = multiprocessing.get_context("fork")
    rows = []
    crashes = hangs = 0
    for n, (name, kind) in enumerate(sorted(kinds.items(), key=lambda kv: kv[1])):
        path = folder / name
        db, report = tmp / f"h{n}.db", tmp / f"h{n}.json"
        child = ctx.Process(target=_ingest_one, args=(path, db, report, settings))
        started = time.monotonic()
        child.start()
        # The whole folder holds every input: its limit is every input's budget together.
        child.join(hang_s if name != "." else hang_s * len(kinds))
        if child.is_alive():
            child.kill()
            child.join()
            hangs += 1
            rows.append((kind, time.monotonic() - started, 0.0, 0.0, "HANG"))
            continue
        if child.exitcode != 0 or not report.exists():
            crashes += 1
            rows.append((kind, time.monotonic() - started, 0.0, 0.0, f"CRASH {child.exitcode}"))
            continue
        got = json.loads(report.read_text())
        outcome = f"stored {got['stored']}" + (
            f", failed: {got['failed'][0][:70]}" if got["failed"] else ""
        )
        rows.append((kind, got["seconds"], got["main_mib"], got["parse_mib"], outcome))
        db.unlink(missing_ok=True)
    print(
        f"\n== hostile inputs at {size:,} bytes: {len(rows)} tried, {crashes} crashes, "
        f"{hangs} hangs (limit {hang_s:g} s)"
    )
    print(f"{'kind':44} {'s':>6} {'main MiB':>9} {'parse MiB':>9}  outcome")
    worst: dict[str, tuple[float, float, float, str]] = {}
    for kind, secs, main, parse, outcome in rows:
        old = worst.get(kind)
        if old is None or secs > old[0]:
            worst[kind] = (
                secs,
                max(main, old[1] if old else 0),
                max(parse, old[2] if old else 0),
                outcome,
            )
    for kind, (secs, main, parse, outcome) in sorted(worst.items(), key=lambda kv: -kv[1][0]):
        print(f"{kind[:44]:44} {secs:6.1f} {main:9.0f} {parse:9.0f}  {outcome[:90]}")
    good = [r for r in rows if r[0] == "good article"]
    single = [r for r in rows if r[0] != "the whole folder in one batch"]
    print(
        f"one input: worst time {max(r[1] for r in single):.1f} s; peak RSS main "
        f"{max(r[2] for r in single):.0f} MiB, parse {max(r[3] for r in single):.0f} MiB; "
        "a good article: "
        f"{max(r[1] for r in good):.1f} s, main {max(r[2] for r in good):.0f} MiB, "
        f"parse {max(r[3] for r in good):.0f} MiB"
    )


def _run(db: Path | str, paths: list[str], reprocess: bool) -> None:
    store = Store.open(str(db))
    settings = Settings(db=str(db), workers=1)
    try:
        ingest(paths, store, settings, reprocess=reprocess, resources=_RESOURCES[0])
    finally:
        store.close()


@contextlib.contextmanager
def private_postgres(given: str | None) -> Iterator[str]:
    """``given``, or the URL of a PostgreSQL server started here on a Unix socket in a
    temporary directory (as the store tests do), stopped afterwards."""
    if given:
        yield given
        return
    bindir = pg_bin()
    if bindir is None:
        raise SystemExit("PostgreSQL is not installed: give --postgres-url or install it")
    with private_server(bindir, "sitroom_bench") as url:
        yield url


def kill_rounds(
    tmp: Path, rounds: int, articles: int, seed: int, postgres: Schemas | None = None
) -> None:
    """Part 2: kill -9 at random points, then integrity, orphans, partial articles,
    duplicates, re-run and comparison; into SQLite files, or PostgreSQL schemas."""
    folder = tmp / ("corpus-pg" if postgres else "corpus")
    folder.mkdir()
    for name, text in article_texts(articles).items():
        (folder / name).write_text(text, encoding="utf-8")
    paths = [str(ROOT / "examples"), str(folder)]

    def fresh(name: str) -> Path | str:
        if postgres is not None:
            return postgres.fresh(name)
        return tmp / f"{name}.db"

    clean = fresh("clean")
    started = time.monotonic()
    _run(clean, paths, False)
    took = time.monotonic() - started
    expected = store_digest(clean)
    rng = random.Random(seed)
    survived = killed_n = orphaned = 0
    for r in range(rounds):
        reprocess = r % 2 == 1
        db = fresh(f"crash{r}")
        if reprocess:
            if isinstance(db, Path):
                shutil.copy(clean, db)  # type: ignore[arg-type]
            else:
                _run(db, paths, False)  # a finished store, reprocessed and killed
        # The first run paid for warming up: later ones take about half as long.
        delay = rng.uniform(0.02, 0.5) * took
        killed, orphans = kill_during(lambda db=db, rp=reprocess: _run(db, paths, rp), delay)
        killed_n += killed
        orphaned += len(orphans)
        whole = "ok"
        if not isinstance(db, Path) or db.exists():
            try:
                assert_whole(store_digest(db), expected, r + 1)
            except AssertionError as exc:
                whole = str(exc)
        _run(db, paths, reprocess)
        same = store_digest(db) == expected
        survived += whole == "ok" and same and not orphans
        print(
            f"  round {r + 1}: {'reprocess' if reprocess else 'ingest'} killed at "
            f"{delay:.1f} s ({'killed' if killed else 'had ended'}), after the kill {whole}, "
            f"orphans {len(orphans)}, resumed == clean: {same}"
        )
    counts = expected["counts"]
    where = "PostgreSQL" if postgres else "SQLite"
    print(
        f"\n== kill -9 on {where}: {survived}/{rounds} rounds survived with nothing lost, "
        f"nothing partial and no orphan ({killed_n} killed mid-run, {orphaned} orphan "
        f"processes); clean run {took:.1f} s, {counts}"
    )


def quote_growth(sizes: list[int]) -> None:
    """Part 4: the quote extractor on single-line texts of each size (tests/robustness/
    hostile.py quote_texts), parsed first; the extractor's time alone."""
    import gc

    from tests.robustness.hostile import quote_texts

    from sitroom.extract.quotes import extract_quotes

    nlp = load_pipeline(Settings())
    extract_quotes(nlp("Officials said the town was shelled."))  # the lexicon, loaded once
    print("\n== quote extractor on one line (seconds; the parse not counted)")
    print(f"{'kind':22}" + "".join(f"{size // 1000:>8} KB" for size in sizes))
    for name in quote_texts(16):
        row = []
        for size in sizes:
            doc = nlp(quote_texts(size)[name])
            gc.collect()
            started = time.perf_counter()
            extract_quotes(doc)
            row.append(time.perf_counter() - started)
        print(f"{name:22}" + "".join(f"{t:11.2f}" for t in row))


def _ingest_child(db: Path, folder: Path, go: object) -> None:
    go.wait(120)  # type: ignore[attr-defined]
    _run(db, [str(folder)], False)
    os._exit(0)


def load(tmp: Path, requests: int, concurrency: int, articles: int) -> None:
    """Part 3: requests while idle and while another process ingests."""
    db = tmp / "load.db"
    _run(db, [str(ROOT / "examples")], False)
    folder = tmp / "load-in"
    folder.mkdir()
    texts = article_texts(articles)
    for name, text in texts.items():
        (folder / f"load-{name}").write_text(text + " (load)", encoding="utf-8")
    ctx = multiprocessing.get_context("fork")
    go = ctx.Event()
    writer = ctx.Process(target=_ingest_child, args=(db, folder, go))
    writer.start()
    with serving(Settings(db=str(db))) as base:
        idle = burst(base, requests, concurrency)
        go.set()
        started = time.monotonic()
        busy = burst(base, requests, concurrency)
        served_s = time.monotonic() - started
    writer.join()
    store = Store.open(str(db))
    store.close()
    import sqlite3

    with sqlite3.connect(db) as con:
        stored = con.execute("SELECT count(*) FROM articles WHERE doc LIKE 'load-%'").fetchone()[0]
    print(
        f"\n== load on 127.0.0.1: {requests} requests x {concurrency} threads; idle: "
        f"{idle.server_errors} errors, p50 {idle.p50:.0f} ms, p95 {idle.percentile(95):.0f} ms; "
        f"under ingest ({served_s:.1f} s): {busy.server_errors} errors, p50 {busy.p50:.0f} ms, "
        f"p95 {busy.percentile(95):.0f} ms; the ingest stored {stored}/{len(texts)} "
        f"(exit {writer.exitcode})"
    )


def main() -> None:
    """Parse arguments and print the three parts' figures."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size", type=int, default=100_000, help="bytes of each crafted input")
    ap.add_argument("--hang-s", type=float, default=180.0)
    ap.add_argument("--kill-rounds", type=int, default=10)
    ap.add_argument("--kill-articles", type=int, default=40)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--load-articles", type=int, default=60)
    ap.add_argument("--seed", type=int, default=25)
    ap.add_argument(
        "--postgres-url",
        default=None,
        help="a PostgreSQL database for the kill rounds there (default: a private server "
        "started from the PostgreSQL binaries on this machine)",
    )
    ap.add_argument(
        "--quote-sizes", type=int, nargs="*", default=[25_000, 50_000, 100_000, 200_000]
    )
    ap.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["hostile", "kill", "kill-postgres", "load", "quotes"],
    )
    args = ap.parse_args()
    settings = Settings()
    load_pipeline(settings)  # loaded once here, shared by every forked run
    _RESOURCES.append(load_resources(settings))
    with tempfile.TemporaryDirectory(prefix="sitroom-robust-") as name:
        tmp = Path(name)
        if "hostile" not in args.skip:
            hostile_inputs(tmp, args.size, args.hang_s, settings)
        if "kill" not in args.skip:
            kill_rounds(tmp, args.kill_rounds, args.kill_articles, args.seed)
        if "kill-postgres" not in args.skip:
            with private_postgres(args.postgres_url) as url:
                schemas = Schemas(url)
                try:
                    kill_rounds(tmp, args.kill_rounds, args.kill_articles, args.seed, schemas)
                finally:
                    schemas.drop_all()
        if "load" not in args.skip:
            load(tmp, args.requests, args.concurrency, args.load_articles)
        if "quotes" not in args.skip:
            quote_growth(args.quote_sizes)


if __name__ == "__main__":
    main()
