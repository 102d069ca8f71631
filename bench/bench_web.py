"""Page render time and API latency of the web UI on generated data.

Builds SQLite stores of synthetic event mentions (articles, events, actors,
incidents) with the real schema, then times requests in-process through the
ASGI app (no network): every page on a store of ``--page-events`` events, and
p50/p95 of filtered API queries on a store of ``--api-events`` events.
Goals from issue 9: pages under 300 ms, API p95 under 100 ms. Each figure is wall time;
CPU time of the process is given beside it, which a machine busy with other work skews
less (the page's CPU figure is a mean over its runs). ``--coarse-dates``
dates a share of events to a month or a year only, as real reports often are (the
date filters then take their slower, exact path).

    python bench/bench_web.py --page-events 100000 --api-events 1000000
    python bench/bench_web.py --coarse-dates 0.1
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from fastapi.testclient import TestClient

from sitroom.config import Settings
from sitroom.store import Store
from sitroom.web import create_app

TYPES = ["ASSAULT"] * 6 + ["AGREE", "CONSULT", "DEMAND", "DISAPPROVE", "THREATEN", "COERCE"]
MODES = {"ASSAULT": ["artillery", "drone", "missile", "clash"], "AGREE": ["ceasefire"]}
COUNTRIES = ["AZE", "ARM", "RUS", "TUR", "IRN", "UKR", "SYR", "ISR", "SDN", "ETH", "YEM", "MMR"]
PLACES = [
    ("Ganja", "AZE", 40.68, 46.36),
    ("Stepanakert", "AZE", 39.82, 46.75),
    ("Tovuz", "AZE", 40.99, 45.63),
    ("Yerevan", "ARM", 40.18, 44.51),
    ("Kharkiv", "UKR", 49.99, 36.23),
    ("Aleppo", "SYR", 36.20, 37.16),
    ("Khartoum", "SDN", 15.50, 32.56),
    ("Mekelle", "ETH", 13.50, 39.47),
    ("Hodeidah", "YEM", 14.80, 42.95),
    ("Sittwe", "MMR", 20.15, 92.90),
]
PER_ARTICLE = 20
PER_INCIDENT = 4


def _day(rng: random.Random) -> str:
    year = rng.choice([2020, 2021, 2022])
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _date(rng: random.Random, coarse: float) -> tuple[str, str]:
    """A date and its precision; a ``coarse`` share at month or (a fifth of them) year."""
    day = _day(rng)
    if coarse and rng.random() < coarse:
        return (day[:4], "year") if rng.random() < 0.2 else (day[:7], "month")
    return day, "day"


def _rows(
    n_events: int, rng: random.Random, coarse: float = 0.0
) -> Iterator[tuple[str, list[tuple], list[tuple]]]:
    """Per article: its id, its event rows and its event-actor rows."""
    event_id = 0
    for a in range(0, n_events, PER_ARTICLE):
        article = f"{a:016x}"
        events, actors = [], []
        for k in range(min(PER_ARTICLE, n_events - a)):
            event_id += 1
            type_ = rng.choice(TYPES)
            place = rng.choice(PLACES)
            src, tgt = rng.sample(COUNTRIES, 2)
            killed = rng.choice([None, None, 0, 1, 2, 5, 12]) if type_ == "ASSAULT" else None
            incident = f"{type_.lower()}-{(event_id - 1) // PER_INCIDENT:08d}"
            start = 40 * k
            date, precision = _date(rng, coarse)
            events.append(
                (
                    event_id,
                    article,
                    start,
                    start + 8,
                    "bench",
                    "1",
                    type_,
                    rng.choice(MODES.get(type_, [""])),
                    "occurred",
                    "struck",
                    date,
                    precision,
                    1,
                    place[0],
                    place[0],
                    0,
                    place[2],
                    place[3],
                    place[1],
                    "",
                    "town",
                    killed,
                    None,
                    False,
                    False,
                    "",
                    None,
                    None,
                    None,
                    None,
                    start,
                    start + 39,
                    "",
                    "",
                    incident,
                )
            )
            actors.append((event_id, "source", f"{src} forces", src, "MIL", "", "", -1, -1))
            actors.append((event_id, "target", f"{tgt} forces", tgt, "MIL", "", "", -1, -1))
        yield article, events, actors


def build(path: Path, n_events: int, seed: int = 7, coarse: float = 0.0) -> float:
    """Fill a fresh store at ``path`` with ``n_events`` mentions; returns seconds taken."""
    t0 = time.perf_counter()
    Store.open(str(path)).close()
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    ev_cols = (
        'id, article_id, start, "end", extractor, version, type, mode, status, trigger, date, '
        "date_precision, time_precision, place_text, place_name, place_geonameid, place_lat, "
        "place_lon, place_country, place_admin1, place_precision, killed, injured, "
        "killed_approx, injured_approx, victim_sector, claimant_text, claimant_name, "
        "claimant_country, claimant_sector, sentence_start, sentence_end, acled_event_type, "
        "acled_sub_event_type, incident"
    )
    incidents: dict[str, tuple] = {}
    for article, events, actors in _rows(n_events, rng, coarse):
        text = " ".join(
            f"Report {article} line {k}: forces struck {e[13]} ." for k, e in enumerate(events)
        )
        digest = hashlib.sha256(text.encode()).hexdigest()
        # Published on the first event's day (coarse dates have none: a fixed day then).
        published = next((e[10] for e in events if len(e[10]) == 10), "2021-01-01")
        conn.execute(
            "INSERT INTO articles (id, doc, source, content_hash, raw, text, title, outlet, "
            "published, published_inferred, language, encoding, ingested_at, processed_at, "
            "versions) VALUES (?, ?, '', ?, ?, ?, ?, 'Bench Wire', ?, 0, 'en', 'utf-8', "
            "'2024-01-01T00:00:00', '2024-01-01T00:00:00', '{}')",
            (article, f"bench-{article}", digest, text, text, f"Report {article}", published),
        )
        conn.executemany(f"INSERT INTO events ({ev_cols}) VALUES ({', '.join('?' * 35)})", events)
        conn.executemany(
            "INSERT INTO event_actors (event_id, role, text, country, sector, name, grp, start, "
            '"end") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
            actors,
        )
        for e in events:
            incidents.setdefault(
                e[34],
                (
                    e[34],
                    e[6],
                    e[7],
                    "occurred",
                    e[10],
                    "day",
                    e[13],
                    e[18],
                    "",
                    e[16],
                    e[17],
                    e[21],
                    e[21],
                    e[21],
                    None,
                    None,
                    None,
                    "[]",
                    json.dumps(sorted({e[18]})),
                    PER_INCIDENT,
                    1,
                    1,
                    "bench",
                    "2024-01-01",
                ),
            )
        conn.executemany(
            "INSERT INTO incident_members (event_id, incident_id, reason) VALUES (?, ?, '')",
            [(e[0], e[34]) for e in events],
        )
    conn.executemany(
        "INSERT INTO incidents (id, type, mode, status, date, date_precision, place_name, "
        "place_country, place_admin1, place_lat, place_lon, killed_low, killed_best, "
        "killed_high, injured_low, injured_best, injured_high, contested, countries, "
        "n_mentions, n_articles, n_sources, version, updated_at) "
        f"VALUES ({', '.join('?' * 24)})",
        list(incidents.values()),
    )
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - t0


def _time(client: TestClient, url: str, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = client.get(url)
        out.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}")
    return out


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def bench_pages(path: Path, repeat: int) -> None:
    """Render time of every page on the store at ``path``."""
    with TestClient(create_app(Settings(db=str(path)))) as client:
        incident = client.get("/api/incidents", params={"limit": 1}).json()["items"][0]["id"]
        article = client.get("/api/articles", params={"limit": 1}).json()["items"][0]["id"]
        pages = [
            "/timeline",
            "/timeline?type=ASSAULT&country=AZE&since=2021-03-01&until=2021-05-31",
            "/map?since=2021-01-01&until=2021-01-31",
            "/incidents?since=2021-01-01&until=2021-01-31",
            f"/incidents/{incident}",
            f"/articles/{article}",
            "/actors",
            "/actors/AZE",
            "/ceasefires",
            "/search?q=Ganja",
        ]
        print(f"{'page':70} {'median ms':>10} {'max ms':>8} {'CPU median':>10}")
        for url in pages:
            c0 = time.process_time()
            times = _time(client, url, repeat)
            cpu = (time.process_time() - c0) * 1000 / repeat
            print(f"{url:70} {statistics.median(times):10.1f} {max(times):8.1f} {cpu:10.1f}")


def bench_api(path: Path, repeat: int, seed: int = 11) -> None:
    """p50 and p95 of filtered API queries on the store at ``path``."""
    rng = random.Random(seed)

    def window() -> dict[str, str]:
        day = _day(rng)
        end = day[:8] + f"{min(28, int(day[8:]) + 7):02d}"
        return {"since": day, "until": end}

    queries = {
        "events type+week": lambda: {"type": rng.choice(TYPES), **window()},
        "events country+type+week": lambda: {
            "country": rng.choice(COUNTRIES),
            "type": "ASSAULT",
            **window(),
        },
        "events place+week": lambda: {"place": rng.choice(PLACES)[0], **window()},
        "events incident": lambda: {"incident": f"assault-{rng.randint(0, 1000):08d}"},
        "events country (page 1)": lambda: {"country": rng.choice(COUNTRIES), "limit": 50},
        "events/daily type+month": lambda: {
            "type": "ASSAULT",
            "since": "2021-03-01",
            "until": "2021-03-31",
        },
    }
    with TestClient(create_app(Settings(db=str(path)))) as client:
        print(f"{'API query':40} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8} {'CPU p95':>8}")
        for name, make in queries.items():
            endpoint = "/api/events/daily" if name.startswith("events/daily") else "/api/events"
            times, cpu = [], []
            for _ in range(repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                r = client.get(endpoint, params=make())
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                if r.status_code != 200:
                    raise SystemExit(f"{endpoint}: HTTP {r.status_code} {r.text[:200]}")
            print(
                f"{name:40} {_pct(times, 50):8.1f} {_pct(times, 95):8.1f} "
                f"{_pct(cpu, 50):8.1f} {_pct(cpu, 95):8.1f}"
            )


def main() -> None:
    """Build the stores and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page-events", type=int, default=100_000)
    ap.add_argument("--api-events", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--dir", type=Path, default=None, help="Keep the stores here.")
    ap.add_argument(
        "--coarse-dates",
        type=float,
        default=0.0,
        help="Share of events dated only to a month or year, as real reports often are.",
    )
    args = ap.parse_args()
    suffix = f"-coarse{args.coarse_dates:g}" if args.coarse_dates else ""
    work = args.dir or Path(tempfile.mkdtemp(prefix="sitroom-bench-web-"))
    work.mkdir(parents=True, exist_ok=True)
    for kind, n, run in (
        ("pages", args.page_events, bench_pages),
        ("api", args.api_events, bench_api),
    ):
        if not n:
            continue
        path = work / f"{kind}-{n}{suffix}.db"
        if not path.exists():
            took = build(path, n, coarse=args.coarse_dates)
            print(f"building {n:,} events: {took:.1f} s")
        # Other work on the machine skews the figures: say how busy it was.
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"\n{kind}: {n:,} events, {args.repeat} runs each, load average {load}")
        run(path, args.repeat)


if __name__ == "__main__":
    main()
