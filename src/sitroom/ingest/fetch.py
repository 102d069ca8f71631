"""Fetch URLs the user names: timeouts, a size limit and content-type checks.

The fetcher is the one place ingestion touches the network, and only for URLs
and feeds the user passes. Tests give it a local server (or an httpx
transport) instead of the outside world.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

from sitroom.config import Settings
from sitroom.errors import InputError
from sitroom.ingest.decode import decode_bytes
from sitroom.ingest.readers import Found, feed_documents, html_document, looks_like_html
from sitroom.ingest.records import IngestFailure, RawDocument

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 20.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
USER_AGENT = "sitroom/0.1 (news ingestion for conflict analysis)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
_TEXT_TYPES = ("text/plain",)
_SHORT_ENTRY = 400  # feed entries shorter than this are teasers: fetch the page instead


def is_url(value: str) -> bool:
    """True for http and https URLs."""
    return re.match(r"https?://", value, re.IGNORECASE) is not None


@dataclass(slots=True)
class Fetched:
    """A downloaded response body with its final URL and media type."""

    url: str
    media_type: str
    charset: str | None
    data: bytes


class Fetcher:
    """Downloads pages with a per-request timeout, a total deadline and a size limit."""

    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None) -> None:
        extra = settings.extra
        self.timeout_s = float(extra.get("fetch_timeout_s", DEFAULT_TIMEOUT_S))
        self.max_bytes = int(extra.get("fetch_max_bytes", DEFAULT_MAX_BYTES))
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout_s),
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": USER_AGENT},
            transport=transport,
        )

    def close(self) -> None:
        """Release the connection pool."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str) -> Fetched:
        """Download ``url``; raise InputError naming the URL and the reason."""
        deadline = time.monotonic() + 3 * self.timeout_s
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code >= 400:
                    phrase = response.reason_phrase or "error"
                    raise InputError(url, f"HTTP {response.status_code} {phrase}")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise InputError(
                        url,
                        f"response too large: {int(declared):,} bytes (limit {self.max_bytes:,})",
                    )
                content_type = response.headers.get("content-type", "")
                media_type = content_type.split(";")[0].strip().lower()
                buffer = bytearray()
                for chunk in response.iter_bytes():
                    buffer += chunk
                    if len(buffer) > self.max_bytes:
                        raise InputError(
                            url,
                            f"response too large: over {self.max_bytes:,} bytes, download stopped",
                        )
                    if time.monotonic() > deadline:
                        raise InputError(url, f"timed out after {3 * self.timeout_s:g} s in all")
                charset = response.charset_encoding
                final = str(response.url)
        except httpx.TimeoutException as exc:
            raise InputError(url, f"timed out after {self.timeout_s:g} s") from exc
        except httpx.InvalidURL as exc:
            raise InputError(url, f"invalid URL ({exc})") from exc
        except httpx.HTTPError as exc:
            raise InputError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from exc
        return Fetched(url=final, media_type=media_type, charset=charset, data=bytes(buffer))


def _looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def url_documents(url: str, fetcher: Fetcher) -> Iterator[Found]:
    """The article at ``url``, or every entry of the feed at ``url``."""
    try:
        fetched = fetcher.get(url)
    except InputError as exc:
        yield IngestFailure(exc.source, exc.reason)
        return
    if not fetched.data.strip():
        yield IngestFailure(url, "empty response")
        return
    media = fetched.media_type
    if media in _FEED_TYPES or (media in _HTML_TYPES and _looks_like_feed(fetched.data)):
        yield from _feed_with_pages(fetched, fetcher)
        return
    if media not in _HTML_TYPES + _TEXT_TYPES:
        yield IngestFailure(url, f"not an HTML page or feed (content type {media or 'missing'})")
        return
    try:
        text, encoding = decode_bytes(fetched.data, url, fetched.charset)
    except InputError as exc:
        yield IngestFailure(url, exc.reason)
        return
    if media in _TEXT_TYPES:
        yield RawDocument(url, url, text, text, url=fetched.url, encoding=encoding)
    elif not looks_like_html(text):
        yield IngestFailure(url, "not an HTML page (served as HTML, but the body is not)")
    else:
        yield html_document(text, url, url, fetched.url, encoding)


def _feed_with_pages(fetched: Fetched, fetcher: Fetcher) -> Iterator[Found]:
    # A feed entry that is only a teaser is replaced by the page it links to,
    # keeping the feed's title, date and outlet when the page lacks them.
    for entry in feed_documents(fetched.data, fetched.url, fetched.url):
        if (
            isinstance(entry, IngestFailure)
            or entry.url is None
            or len(entry.body) >= _SHORT_ENTRY
            or not is_url(entry.url)
        ):
            yield entry
            continue
        page = next(iter(url_documents(entry.url, fetcher)), None)
        if not isinstance(page, RawDocument):
            log.info("feed entry %s: page not usable, keeping the feed text", entry.url)
            yield entry
            continue
        page.title = page.title or entry.title
        page.published = page.published or entry.published
        page.outlet = page.outlet or entry.outlet
        page.author = page.author or entry.author
        yield page
