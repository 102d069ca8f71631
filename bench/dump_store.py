"""Ingest the seed articles, copies of them and generated ones into a fresh store (then
reprocess the seeds) and dump every table.

A behaviour check for performance work: the dump (rows sorted, wall-clock columns left
out) must be byte-identical before and after a change.

    python bench/dump_store.py --seeds ../shared/seeds --generated 300 > before.txt
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa

from sitroom.config import Settings
from sitroom.process import ingest
from sitroom.store import Store

sys.path.insert(0, str(Path(__file__).parent))

_CLOCK_COLUMNS = {"ingested_at", "processed_at", "updated_at", "created_at"}


def dump(db: Path) -> list[str]:
    """Every table's rows as text lines, sorted, without wall-clock columns."""
    engine = sa.create_engine(f"sqlite:///{db}")
    lines: list[str] = []
    with engine.connect() as conn:
        names = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
        for name in names:
            cols = [r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{name}")')]
            keep = [c for c in cols if c not in _CLOCK_COLUMNS]
            sel = ", ".join(f'"{c}"' for c in keep)
            rows = conn.exec_driver_sql(f'SELECT {sel} FROM "{name}"').fetchall()
            lines.append(f"== {name} ({len(rows)} rows) {keep}")
            lines.extend(sorted(repr(tuple(r)) for r in rows))
    engine.dispose()
    return lines


def main() -> None:
    """Parse arguments, ingest into a temporary store, print the dump."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=Path("../shared/seeds"))
    ap.add_argument("--generated", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--copies", type=int, default=2, help="marked copies of each seed (near-duplicates)"
    )
    ap.add_argument(
        "--workers", type=int, default=1, help="parse processes (0: parse in this process)"
    )
    args = ap.parse_args()
    from bench_ingest import _texts
    from bench_scale import _write

    with tempfile.TemporaryDirectory(prefix="sitroom-dump-") as tmp:
        folder = Path(tmp)
        jsonl = folder / "articles.jsonl"
        _write(jsonl, args.generated, args.seed)
        copies = folder / "copies"
        copies.mkdir()
        for name, text in _texts(args.seeds, args.copies):
            (copies / name).write_text(text, encoding="utf-8")
        db = folder / "dump.db"
        store = Store.open(str(db))
        settings = Settings(db=str(db), workers=args.workers)
        runs = [
            ingest([str(args.seeds), str(copies), str(jsonl)], store, settings),
            # Reprocessing replaces stored mentions: the paths that see changed articles.
            ingest([str(args.seeds)], store, settings, reprocess=True),
        ]
        store.close()
        for summary in runs:
            if summary.failed:
                raise SystemExit(f"ingest failed: {summary.failed[:3]}")
        text = "\n".join(dump(db)) + "\n"
        sys.stdout.write(text.replace(str(folder), "<tmp>"))


if __name__ == "__main__":
    main()
