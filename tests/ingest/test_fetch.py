"""URLs and feeds through a local HTTP server on 127.0.0.1 (no outside network)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitroom.config import Settings
from sitroom.ingest import IngestFailure, iter_inputs
from sitroom.model import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
HUGE = 50 * 1024 * 1024
CHUNK = b"<p>" + b"x" * 65530 + b"</p>"


class Handler(BaseHTTPRequestHandler):
    """Serves fixture pages and misbehaving responses."""

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/article.html":
            self._send(200, "text/html; charset=utf-8", (FIXTURES / "page.html").read_bytes())
        elif self.path == "/feed.xml":
            feed = (FIXTURES / "feed.rss").read_text("utf-8")
            feed = feed.replace("https://harbour.example/news/port-reopens", f"{base}/article.html")
            self._send(200, "application/rss+xml", feed.encode())
        elif self.path == "/teasers.xml":
            self._send(200, "application/atom+xml", teaser_feed(base).encode())
        elif self.path == "/plain.txt":
            body = "Shelling resumed near the dam on Friday, the army said. Two were hurt."
            self._send(200, "text/plain; charset=utf-8", body.encode())
        elif self.path == "/image.png":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100))
        elif self.path == "/not-html.html":
            self._send(200, "text/html", b"just some words, no markup at all in this body")
        elif self.path == "/no-article.html":
            self._send(200, "text/html", (FIXTURES / "no_article.html").read_bytes())
        elif self.path in ("/slow.html", "/slow-feed.xml"):
            time.sleep(1.5)
            self._send(200, "application/rss+xml", (FIXTURES / "feed.rss").read_bytes())
        elif self.path == "/huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no length: the client must count and stop
            self._stream(HUGE)
        elif self.path == "/huge-declared.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(HUGE))
            self.end_headers()
            self._stream(HUGE)
        else:
            self._send(404, "text/html", b"<html><body>Not found</body></html>")

    def _stream(self, total: int) -> None:
        sent = 0
        try:
            self.wfile.write(b"<html><body>")
            while sent < total:
                self.wfile.write(CHUNK)
                sent += len(CHUNK)
        except (BrokenPipeError, ConnectionResetError):
            self.server.aborted_at = sent  # type: ignore[attr-defined]


def teaser_feed(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Steppe Observer feed</title>
<id>urn:steppe</id><updated>2022-06-07T09:00:00Z</updated>
<entry><title>Drone strike damages fuel depot</title><id>urn:steppe:1</id>
<link href="{base}/article.html"/><updated>2022-06-07T09:00:00Z</updated>
<summary>A drone hit a fuel depot.</summary></entry></feed>"""


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, ThreadingHTTPServer]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def fetch_settings() -> Settings:
    return Settings(extra={"fetch_timeout_s": 0.5, "fetch_max_bytes": 1_000_000})


def run(urls: list[str], settings: Settings) -> tuple[list[Article], list[IngestFailure]]:
    articles: list[Article] = []
    failures: list[IngestFailure] = []
    for item in iter_inputs(urls, settings):
        (failures if isinstance(item, IngestFailure) else articles).append(item)
    return articles, failures


def test_article_url(server: tuple[str, object], fetch_settings: Settings) -> None:
    base, _ = server
    [article], failures = run([f"{base}/article.html"], fetch_settings)
    assert failures == []
    assert article.doc == f"{base}/article.html"
    assert article.url == f"{base}/article.html"
    assert article.outlet == "Steppe Observer"
    assert article.published == dt.date(2022, 6, 7)
    assert article.text.startswith("A drone struck a fuel depot")
    articles, failures = run([f"{base}/plain.txt"], fetch_settings)
    assert failures == [] and articles[0].text.startswith("Shelling resumed")


def test_feed_url(server: tuple[str, object], fetch_settings: Settings) -> None:
    base, _ = server
    articles, failures = run([f"{base}/feed.xml"], fetch_settings)
    assert failures == []
    patrol, teaser = articles
    assert patrol.doc == "https://harbour.example/news/patrol-fired-upon"
    assert patrol.outlet == "Harbour Herald"
    # the second entry is a short teaser: the page it links to is read instead
    assert teaser.doc == f"{base}/article.html"
    assert teaser.outlet == "Steppe Observer"


def test_feed_teaser_replaced_by_linked_page(
    server: tuple[str, object], fetch_settings: Settings
) -> None:
    base, _ = server
    [article], failures = run([f"{base}/teasers.xml"], fetch_settings)
    assert failures == []
    assert article.doc == f"{base}/article.html"
    assert "residents of two nearby streets were evacuated" in article.text


def test_bad_urls_each_reported_and_batch_goes_on(
    server: tuple[str, ThreadingHTTPServer], fetch_settings: Settings
) -> None:
    base, httpd = server
    urls = [
        f"{base}/missing.html",
        f"{base}/image.png",
        f"{base}/not-html.html",
        f"{base}/no-article.html",
        f"{base}/slow.html",
        f"{base}/slow-feed.xml",
        f"{base}/huge-declared.html",
        f"{base}/article.html",
    ]
    articles, failures = run(urls, fetch_settings)
    assert [a.doc for a in articles] == [f"{base}/article.html"]
    reasons = {f.source.rsplit("/", 1)[1]: f.reason for f in failures}
    assert reasons["missing.html"] == "HTTP 404 Not Found"
    assert reasons["image.png"].startswith("not an HTML page or feed (content type image/png")
    assert reasons["not-html.html"].startswith("not an HTML page")
    assert reasons["no-article.html"] == "no article text found"
    assert reasons["slow.html"].startswith("timed out")
    assert reasons["slow-feed.xml"].startswith("timed out")
    assert reasons["huge-declared.html"].startswith("response too large")


def test_oversize_stream_aborted_early(
    server: tuple[str, ThreadingHTTPServer], fetch_settings: Settings
) -> None:
    base, httpd = server
    started = time.monotonic()
    _, [failure] = run([f"{base}/huge.html"], fetch_settings)
    elapsed = time.monotonic() - started
    assert failure.reason.startswith("response too large: over 1,000,000 bytes")
    assert elapsed < 5
    time.sleep(0.2)
    assert getattr(httpd, "aborted_at", HUGE) < HUGE  # the server was cut off mid-way


def test_unreachable_host(fetch_settings: Settings) -> None:
    _, [failure] = run(["http://127.0.0.1:9/nothing"], fetch_settings)
    assert failure.reason.startswith("cannot fetch") or failure.reason.startswith("timed out")
