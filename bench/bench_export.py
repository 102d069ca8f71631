"""Export time and peak memory per format on generated stores of 100,000 to 1,000,000 events.

Builds stores with ``bench_web.build`` (synthetic articles, events, actors and
incidents in the real schema), codes its ASSAULT mentions as ACLED shelling so that
the ACLED rows are written rather than counted out of scope, then runs each export
(``sitroom export`` of every format and level, and ``sitroom brief`` of the whole
store) in a fresh process and prints the seconds, the process's peak RSS and what it
wrote. Memory that stays flat from the smaller store to the larger one shows the
exports stream. Figures, not assertions: this is not part of ``make test``.

    python bench/bench_export.py                       # 100,000 and 1,000,000 events
    python bench/bench_export.py --events 20000 --dir /tmp/stores --formats parquet brief
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# (format, level); None takes the format's default level.
EXPORTS: list[tuple[str, str | None]] = [
    ("acled-csv", "incident"),
    ("acled-csv", "mention"),
    ("plover-json", None),
    ("geojson", "incident"),
    ("geojson", "mention"),
    ("parquet", None),
    ("brief", "html"),
]


CACHE_ENV = "BENCH_SQLITE_CACHE_MIB"
"""Set by ``--cache-mib``: the page cache of each SQLite connection in the exporting process."""


def code_acled(path: Path) -> None:
    """Give the generated ASSAULT mentions an ACLED type (the generator leaves it empty)."""
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE events SET acled_event_type = 'Explosions/Remote violence', "
        "acled_sub_event_type = 'Shelling/artillery/missile attack' WHERE type = 'ASSAULT'"
    )
    conn.commit()
    conn.close()


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size if path.exists() else 0


def peak_rss_mib() -> float:
    """This process's peak resident memory (MiB), from Linux's VmHWM.

    Not ``getrusage``'s ``ru_maxrss``: a child started by fork and exec inherits its
    parent's peak there (the parent that built a large store would be counted).
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(db: Path, fmt: str, level: str | None, out: Path) -> dict[str, object]:
    """Export once in this process; its seconds, peak RSS (MiB), counts and bytes written."""
    from sitroom.export.run import export_to_path
    from sitroom.query import Filters
    from sitroom.store import Store, repository

    if os.environ.get(CACHE_ENV):
        repository.SQLITE_CACHE_MIB = int(os.environ[CACHE_ENV])
    store = Store.open(str(db))
    rss_before = peak_rss_mib()
    t0 = time.perf_counter()
    counts: dict[str, int] = {}
    if fmt == "brief":
        from sitroom.brief import build_brief
        from sitroom.brief.render import write_brief

        brief = build_brief(store, Filters())
        write_brief(brief, out, level or "html")
        counts = {"incidents": brief.incidents, "cited_sentences": len(brief.citations)}
    elif fmt != "none":
        counts = export_to_path(store, fmt, Filters(), out, level).counts
    seconds = time.perf_counter() - t0
    store.close()
    return {
        "seconds": seconds,
        "rss_mib": peak_rss_mib(),
        "rss_before_mib": rss_before,
        "counts": counts,
        "bytes": _size(out),
    }


def measure(db: Path, fmt: str, level: str | None, out: Path) -> dict[str, object]:
    """``run_one`` in a fresh interpreter, so each format's peak RSS is its own."""
    cmd = [sys.executable, __file__, "--one", fmt, level or "", str(db), str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{fmt} {level}: exit {done.returncode}\n{done.stderr[-2000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Build the stores and print one line per store and export."""
    if len(sys.argv) == 6 and sys.argv[1] == "--one":
        _, _, fmt, level, db, out = sys.argv
        print(json.dumps(run_one(Path(db), fmt, level or None, Path(out))))
        return
    from bench_web import build  # the generator of bench_web's stores (not needed by --one)

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--dir", type=Path, default=None, help="Keep the stores here.")
    ap.add_argument(
        "--cache-mib",
        type=int,
        default=None,
        help="SQLite page cache per connection in the exports (default: sitroom's, 64 MiB); "
        "the cache fills as a large store is read, and is most of the peak RSS.",
    )
    ap.add_argument(
        "--formats",
        nargs="+",
        choices=sorted({fmt for fmt, _ in EXPORTS}),
        default=None,
        help="Only these (default: every export format, and a brief of the whole store).",
    )
    args = ap.parse_args()
    if args.cache_mib is not None:
        os.environ[CACHE_ENV] = str(args.cache_mib)
    work = args.dir or Path(tempfile.mkdtemp(prefix="sitroom-bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    header = f"{'events':>9} {'format':12} {'level':9} {'seconds':>8} {'peak MiB':>9} "
    header += f"{'MiB out':>8}  written"
    for n in args.events:
        path = work / f"export-{n}.db"
        if not path.exists():
            took = build(path, n)
            code_acled(path)
            print(f"building {n:,} events: {took:.1f} s")
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
        base = measure(path, "none", None, work / "none")
        cache = f"SQLite cache {args.cache_mib} MiB a connection, " if args.cache_mib else ""
        print(f"\n{n:,} events, {cache}load average {load}; ", end="")
        print(f"an interpreter with sitroom imported and the store open: {base['rss_mib']:.0f} MiB")
        print(header)
        for fmt, level in EXPORTS:
            if args.formats and fmt not in args.formats:
                continue
            suffix = {"acled-csv": ".csv", "plover-json": ".jsonl", "geojson": ".geojson"}
            suffix["brief"] = ".html"
            out = work / f"out-{n}-{fmt}-{level or 'default'}{suffix.get(fmt, '')}"
            r = measure(path, fmt, level, out)
            counts = ", ".join(f"{k} {v:,}" for k, v in r["counts"].items())  # type: ignore[attr-defined]
            print(
                f"{n:>9,} {fmt:12} {level or '-':9} {r['seconds']:8.1f} {r['rss_mib']:9.0f} "
                f"{int(r['bytes']) / 2**20:8.1f}  {counts}",  # type: ignore[call-overload]
                flush=True,
            )


if __name__ == "__main__":
    main()
