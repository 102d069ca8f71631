"""Serve the web app on 127.0.0.1 and time concurrent requests (tests and the bench)."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import uvicorn

from sitroom.config import Settings
from sitroom.web import create_app
from sitroom.web.app import allowed_hosts_for

PATHS = [
    "/api/incidents?limit=20",
    "/api/events?limit=20",
    "/api/articles?limit=20",
    "/api/quotes?limit=20",
    "/api/ceasefires",
    "/api/map",
    "/incidents",
    "/timeline",
    "/articles",
    "/api/search?q=shelled",
]


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The app over ``settings.db`` served by uvicorn on 127.0.0.1 (a free port): its URL."""
    app = create_app(settings, allowed_hosts=allowed_hosts_for("127.0.0.1"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, name="sitroom-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass(slots=True)
class Load:
    """Outcome of a burst of requests: each status and latency (seconds)."""

    statuses: list[int]
    latencies: list[float]

    @property
    def server_errors(self) -> int:
        """Responses with a 5xx status, and requests that got no response (status 0)."""
        return sum(1 for s in self.statuses if s >= 500 or s == 0)

    def percentile(self, p: float) -> float:
        """The ``p``-th percentile latency, in milliseconds."""
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    @property
    def p50(self) -> float:
        """Median latency in milliseconds."""
        return 1000 * statistics.median(self.latencies)


def burst(base: str, requests: int, concurrency: int) -> Load:
    """``requests`` GETs over ``PATHS`` from ``concurrency`` threads at once."""
    statuses: list[int] = []
    latencies: list[float] = []
    lock = threading.Lock()

    def one(n: int, client: httpx.Client) -> None:
        started = time.perf_counter()
        try:
            status = client.get(base + PATHS[n % len(PATHS)]).status_code
        except httpx.HTTPError:
            status = 0
        with lock:
            statuses.append(status)
            latencies.append(time.perf_counter() - started)

    with (
        httpx.Client(timeout=60) as client,
        ThreadPoolExecutor(max_workers=concurrency) as pool,
    ):
        list(pool.map(lambda n: one(n, client), range(requests)))
    return Load(statuses, latencies)
