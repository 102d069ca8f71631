"""Per-stage cost of the work ``ingest`` does after spaCy: extract, save, link, resolve.

Parses the articles once (keeping the Docs), then runs the post-parse loop of
``sitroom.process.ingest`` over them into a fresh SQLite store, timing each stage, and
optionally under cProfile; times are this thread's CPU time. Parsing is timed apart, not
in the total: the total is what competes with the parse thread for the GIL.

    python bench/profile_post_parse.py --generated 1000
    python bench/profile_post_parse.py --seeds ../shared/seeds --copies 16 --profile out.prof
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

from sitroom.config import Settings
from sitroom.extract.article import extract_article
from sitroom.ingest import iter_inputs
from sitroom.model import Article
from sitroom.nlp.pipeline import load_pipeline
from sitroom.nlp.text import remember_text
from sitroom.process import _duplicate_index, _link_copies, load_resources
from sitroom.resolve.incidents import RecentMentions, resolve_agreements, resolve_article
from sitroom.store import Store

sys.path.insert(0, str(Path(__file__).parent))


def _inputs(args: argparse.Namespace, folder: Path) -> list[str]:
    paths = []
    if args.generated:
        from bench_scale import _write

        path = folder / "articles.jsonl"
        _write(path, args.generated, args.seed)
        paths.append(str(path))
    if args.seeds:
        from bench_ingest import _texts

        sub = folder / "seeds"
        sub.mkdir()
        for name, text in _texts(args.seeds, args.copies):
            (sub / name).write_text(text, encoding="utf-8")
        paths.append(str(sub))
    return paths


def main() -> None:
    """Parse arguments, parse the articles, time the post-parse loop."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--generated", type=int, default=0, help="bench_scale articles")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--seeds", type=Path, help="folder of seed articles (as bench_ingest)")
    ap.add_argument("--copies", type=int, default=16)
    ap.add_argument("--profile", help="write cProfile stats here and print the top functions")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()

    settings = Settings()
    nlp = load_pipeline(settings)
    res = load_resources(settings)
    with tempfile.TemporaryDirectory(prefix="sitroom-prof-") as tmp:
        folder = Path(tmp)
        found = iter_inputs(_inputs(args, folder), settings)
        articles = [a for a in found if isinstance(a, Article)]
        start = time.thread_time()
        docs = list(nlp.pipe([a.text for a in articles], batch_size=settings.batch_size))
        parse_s = time.thread_time() - start
        store = Store.open(str(folder / "prof.db"))
        stages = {"extract": 0.0, "save": 0.0, "link": 0.0, "resolve": 0.0, "agreements": 0.0}
        prof = cProfile.Profile() if args.profile else None
        if prof:
            prof.enable()
        duplicates = None
        recent = RecentMentions()
        tracker: set[str] = set()
        # CPU time of this thread: what competes for the GIL, and steady when other
        # processes load the machine.
        clock = time.thread_time
        total0 = clock()
        for lo in range(0, len(docs), 64):
            with store.transaction():
                for doc, article in zip(docs[lo : lo + 64], articles[lo : lo + 64], strict=True):
                    remember_text(doc, article.text)
                    changed: set[str] = set()
                    t0 = clock()
                    extraction = extract_article(doc, article, res)
                    t1 = clock()
                    with store.savepoint():
                        result = store.save(article, extraction)
                        t2 = clock()
                        if duplicates is None:
                            duplicates = _duplicate_index(store, result.article_id)
                        _link_copies(store, duplicates, result.article_id, article.text)
                        t3 = clock()
                        resolve_article(store, result.article_id, recent, pending=changed)
                        t4 = clock()
                    tracker |= changed
                    stages["extract"] += t1 - t0
                    stages["save"] += t2 - t1
                    stages["link"] += t3 - t2
                    stages["resolve"] += t4 - t3
        t5 = clock()
        if tracker:
            resolve_agreements(store, sorted(tracker))
        stages["agreements"] = clock() - t5
        total = clock() - total0
        if prof:
            prof.disable()
        store.close()
    n = len(docs)
    out = {k: round(v / n * 1000, 2) for k, v in stages.items()}
    out["total"] = round(total / n * 1000, 2)
    out["parse (not in total)"] = round(parse_s / n * 1000, 2)
    print(f"{n} articles, ms/article:", json.dumps(out))
    if prof and args.profile:
        prof.dump_stats(args.profile)
        stats = pstats.Stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
