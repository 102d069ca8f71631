"""Memory and speed of ``sitroom ingest`` over many small generated articles, next to raw spaCy.

Writes N short articles (two to four sentences of conflict reporting, made from templates
with random parties, places, dates and figures) to one JSONL file, ingests it into a fresh
SQLite store in a subprocess, and prints articles/s and that process's peak RSS, for each
N given: memory should stay flat as N grows. Then, in another subprocess, plain spaCy
``nlp.pipe`` of the same model with sitroom's batch size parses the same texts, and the
ratio of the two rates is printed (as ``bench_ingest.py`` does for the seed articles).
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
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
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


def run_ingest(path: Path) -> dict[str, float]:
    """Ingest ``path`` into a fresh store (as bench_ingest does); seconds, articles, peak RSS."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_ingest import run_sitroom

    from sitroom.config import Settings

    out = run_sitroom(path, 1, Settings().spacy_model)
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_raw(path: Path) -> dict[str, float]:
    """Plain spaCy ``nlp.pipe`` over the file's texts (as bench_ingest's raw side does)."""
    import spacy

    from sitroom.config import Settings

    settings = Settings()
    nlp = spacy.load(settings.spacy_model)

    def texts() -> Iterator[str]:
        with path.open(encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)["text"]

    start = time.perf_counter()
    n = sum(1 for _doc in nlp.pipe(texts(), batch_size=settings.batch_size))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "articles": n, "peak_rss_mib": peak}


def _measure(mode: str, path: Path, count: int) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--mode", mode, "--file", str(path)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"{mode} run over {count} articles failed:\n{res.stderr[-2000:]}")
    return dict(json.loads(res.stdout.strip().splitlines()[-1]))


def _rate(out: dict[str, float]) -> float:
    return out["articles"] / out["seconds"] if out["seconds"] else 0.0


def main() -> None:
    """Parse arguments and print one line per article count."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--mode", choices=["raw", "sitroom"], help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.file:
        run = run_raw if args.mode == "raw" else run_ingest
        print(json.dumps(run(Path(args.file))))
        return
    print(
        f"{'articles':>8} {'stored':>7} {'art/s':>7} {'peak MiB':>9} "
        f"{'spaCy art/s':>12} {'ratio':>6}"
    )
    for count in args.articles:
        with tempfile.TemporaryDirectory(prefix="sitroom-scale-") as tmp:
            path = Path(tmp) / "articles.jsonl"
            _write(path, count, args.seed)
            ours = _measure("sitroom", path, count)
            raw = _measure("raw", path, count)
        rate, raw_rate = _rate(ours), _rate(raw)
        ratio = rate / raw_rate if raw_rate else 0.0
        print(
            f"{count:>8} {int(ours['articles']):>7} {rate:>7.1f} {ours['peak_rss_mib']:>9.0f} "
            f"{raw_rate:>12.1f} {ratio:>6.2f}"
        )


if __name__ == "__main__":
    main()
