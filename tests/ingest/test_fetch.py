"""URLs and feeds through a local HTTP server on 127.0.0.1 (no outside network)."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from sitroom.config import Settings
from sitroom.ingest import IngestFailure, iter_inputs
from sitroom.ingest.fetch import Fetcher, url_documents
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
        elif self.path == "/stalled-feed.xml":
            self._send(200, "application/atom+xml", stalled_feed(base, 5).encode())
        elif self.path.startswith("/stall/"):
            time.sleep(3)
            self._send(200, "text/html", (FIXTURES / "page.html").read_bytes())
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


def stalled_feed(base: str, entries: int) -> str:
    items = "".join(
        f"""<entry><title>Story {n}</title><id>urn:stall:{n}</id>
<link href="{base}/stall/{n}"/><updated>2022-06-07T09:00:00Z</updated>
<summary>Teaser {n}: shelling hit the river port overnight, officials said.</summary></entry>"""
        for n in range(entries)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Stalled</title><id>urn:stall</id>
<updated>2022-06-07T09:00:00Z</updated>{items}</feed>"""


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
    # The test server is on 127.0.0.1: allowed here, refused by default (see below).
    return Settings(
        allow_private_urls=True, extra={"fetch_timeout_s": 0.5, "fetch_max_bytes": 1_000_000}
    )


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


def test_a_feed_ends_by_its_deadline_whatever_its_links_do(server: tuple[str, object]) -> None:
    base, _ = server
    settings = Settings(allow_private_urls=True, extra={"fetch_timeout_s": 5, "feed_deadline_s": 2})
    started = time.monotonic()
    articles, failures = run([f"{base}/stalled-feed.xml"], settings)
    # five linked pages stalling 3 s each: 15 s without a deadline for the feed
    assert time.monotonic() - started < 6
    assert failures == []
    assert [a.title for a in articles] == [f"Story {n}" for n in range(5)]
    assert all(a.text.startswith("Teaser") for a in articles)  # the feed's text kept


class PublicNames:
    """``socket.getaddrinfo`` for the test: names resolve to the addresses given here."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def __call__(self, host: str, port: object, *args: object, **kwargs: object) -> list[object]:
        address = self.names.get(host, host)
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]


def _mock_web(seen: list[httpx.Request]) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        path = request.url.path
        if path == "/moved":  # a public page redirecting into the private network
            return httpx.Response(302, headers={"Location": "http://10.0.0.7/admin"})
        if path == "/to-name":
            return httpx.Response(302, headers={"Location": "http://intranet.example/x"})
        if path == "/feed.xml":
            body = stalled_feed("http://127.0.0.1:8080", 1).replace("/stall/0", "/admin")
            return httpx.Response(200, headers={"Content-Type": "application/atom+xml"}, text=body)
        page = (FIXTURES / "page.html").read_text("utf-8")
        return httpx.Response(200, headers={"Content-Type": "text/html"}, text=page)

    return httpx.MockTransport(answer)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8080/admin", "refused: a loopback address 127.0.0.1"),
        ("http://[::1]/x", "refused: a loopback address ::1"),
        (
            "http://169.254.169.254/latest/meta-data/",
            "refused: a link-local address 169.254.169.254",
        ),
        ("http://192.168.1.1/", "refused: a private address 192.168.1.1"),
        ("http://[::ffff:10.0.0.1]/", "refused: a private address 10.0.0.1"),
        ("http://intranet.example/", "refused: intranet.example, a private address 10.1.2.3"),
        (
            "http://news.example/moved",
            "refused: a private address 10.0.0.7 (allow_private_urls to fetch it) "
            "(redirected to http://10.0.0.7/admin)",
        ),
        (
            "http://news.example/to-name",
            "refused: intranet.example, a private address 10.1.2.3 (allow_private_urls to "
            "fetch it) (redirected to http://intranet.example/x)",
        ),
    ],
)
def test_private_targets_are_refused_also_through_a_redirect(
    monkeypatch: pytest.MonkeyPatch, url: str, reason: str
) -> None:
    names = {"news.example": "93.184.216.34", "intranet.example": "10.1.2.3"}
    monkeypatch.setattr(socket, "getaddrinfo", PublicNames(names))
    seen: list[httpx.Request] = []
    with Fetcher(Settings(), transport=_mock_web(seen)) as fetcher:
        [failure] = list(url_documents(url, fetcher))
    assert isinstance(failure, IngestFailure)
    assert failure.reason.startswith(reason)
    assert all(r.url.host == "93.184.216.34" for r in seen)  # nothing private was asked


def test_a_public_request_goes_to_the_address_checked_with_its_name_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", PublicNames({"news.example": "93.184.216.34"}))
    seen: list[httpx.Request] = []
    with Fetcher(Settings(), transport=_mock_web(seen)) as fetcher:
        [page] = list(url_documents("http://news.example/story.html", fetcher))
    assert not isinstance(page, IngestFailure)
    assert [(r.url.host, r.headers["Host"]) for r in seen] == [("93.184.216.34", "news.example")]


def test_a_feed_entry_linking_into_the_private_network_keeps_its_feed_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", PublicNames({"feeds.example": "93.184.216.34"}))
    seen: list[httpx.Request] = []
    with Fetcher(Settings(), transport=_mock_web(seen)) as fetcher:
        [entry] = list(url_documents("http://feeds.example/feed.xml", fetcher))
    assert not isinstance(entry, IngestFailure)
    assert entry.body.startswith("Teaser 0")
    assert [r.url.path for r in seen] == ["/feed.xml"]  # the admin page was never asked for


def test_the_user_may_allow_private_targets(server: tuple[str, object]) -> None:
    base, _ = server
    refused, [failure] = run([f"{base}/article.html"], Settings())
    assert refused == [] and failure.reason.startswith("refused: a loopback address 127.0.0.1")
    [article], failures = run([f"{base}/article.html"], Settings(allow_private_urls=True))
    assert failures == [] and article.doc == f"{base}/article.html"
