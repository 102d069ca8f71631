"""Fetch URLs the user names: timeouts, a size limit and content-type checks.

The fetcher is the one place ingestion touches the network, and only for URLs
and feeds the user passes. Tests give it a local server (or an httpx
transport) instead of the outside world.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
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
DEFAULT_FEED_DEADLINE_S = 60.0
"""Seconds one feed may take in all, the pages its entries link to included."""
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


def refused_address(address: str) -> str | None:
    """Why a connection to the IP ``address`` is refused (not a public address), or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone ("%eth0") aside
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    kinds = (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
        ("not public", not ip.is_global),
    )
    kind = next((name for name, hit in kinds if hit), None)
    return None if kind is None else f"{kind} address {ip}"


class PublicOnlyTransport(httpx.BaseTransport):
    """Sends a request only to a public address, and to the very address it checked.

    Each request (each redirect too, and each page a feed links to) has its host
    resolved here; a loopback, link-local, private or otherwise non-public address is
    refused (server-side request forgery: a feed written by others naming
    ``http://127.0.0.1:8080/admin`` or a cloud metadata address). The request then goes
    to the address checked, with the name kept for the Host header and TLS, so a DNS
    answer that changes between the check and the connection cannot send it elsewhere.
    """

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Check and pin the request's address, then send it with the inner transport."""
        host = request.url.host
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpx.ConnectError(f"cannot resolve {host} ({exc})", request=request) from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in addresses:
            refused = refused_address(address)
            if refused is not None:
                named = "" if host.strip("[]") == address else f"{host}, "
                raise RefusedAddress(
                    str(request.url),
                    f"refused: {named}a {refused} (allow_private_urls to fetch it)",
                )
        if not addresses:
            raise httpx.ConnectError(f"cannot resolve {host}", request=request)
        ip = ipaddress.ip_address(addresses[0].split("%", 1)[0])
        pinned = f"[{ip}]" if ip.version == 6 else str(ip)
        if request.url.scheme == "https":
            request.extensions = {**request.extensions, "sni_hostname": host}
        request.url = request.url.copy_with(host=pinned)  # Host header keeps the name
        return self.inner.handle_request(request)

    def close(self) -> None:
        """Close the inner transport."""
        self.inner.close()


class RefusedAddress(Exception):
    """A URL whose host is not a public address (raised inside the transport)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(reason)
        self.url = url
        self.reason = reason


class Fetcher:
    """Downloads pages with a per-request timeout, a total deadline and a size limit.

    Only public addresses are fetched, also through redirects, unless the settings allow
    private ones (``allow_private_urls``: a feed on the user's own network).
    """

    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None) -> None:
        extra = settings.extra
        self.timeout_s = float(extra.get("fetch_timeout_s", DEFAULT_TIMEOUT_S))
        self.max_bytes = int(extra.get("fetch_max_bytes", DEFAULT_MAX_BYTES))
        self.feed_deadline_s = float(extra.get("feed_deadline_s", DEFAULT_FEED_DEADLINE_S))
        self.allow_private = settings.allow_private_urls
        inner = transport or httpx.HTTPTransport()
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout_s),
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": USER_AGENT},
            transport=inner if self.allow_private else PublicOnlyTransport(inner),
        )

    def close(self) -> None:
        """Release the connection pool."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, deadline: float | None = None) -> Fetched:
        """Download ``url``; raise InputError naming the URL and the reason.

        The download ends by ``deadline`` (a ``time.monotonic()`` value) when one is given,
        and in any case within three times the per-request timeout.
        """
        own = time.monotonic() + 3 * self.timeout_s
        deadline = own if deadline is None else min(deadline, own)
        left = deadline - time.monotonic()
        if left <= 0:
            raise InputError(url, "no time left in the feed's deadline; not fetched")
        timeout = httpx.Timeout(min(self.timeout_s, left))
        try:
            with self._client.stream("GET", url, timeout=timeout) as response:
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
                        raise InputError(url, "timed out: download not finished in time")
                charset = response.charset_encoding
                final = str(response.url)
        except RefusedAddress as exc:
            moved = httpx.URL(exc.url) != httpx.URL(url)
            where = f" (redirected to {exc.url})" if moved else ""
            raise InputError(url, exc.reason + where) from exc
        except httpx.TimeoutException as exc:
            raise InputError(url, f"timed out after {timeout.read:g} s") from exc
        except httpx.InvalidURL as exc:
            raise InputError(url, f"invalid URL ({exc})") from exc
        except httpx.HTTPError as exc:
            raise InputError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from exc
        return Fetched(url=final, media_type=media_type, charset=charset, data=bytes(buffer))


def _looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def url_documents(url: str, fetcher: Fetcher, deadline: float | None = None) -> Iterator[Found]:
    """The article at ``url``, or every entry of the feed at ``url``, by ``deadline``."""
    try:
        fetched = fetcher.get(url, deadline)
    except InputError as exc:
        yield IngestFailure(exc.source, exc.reason)
        return
    if not fetched.data.strip():
        yield IngestFailure(url, "empty response")
        return
    media = fetched.media_type
    if media in _FEED_TYPES or (media in _HTML_TYPES and _looks_like_feed(fetched.data)):
        started = time.monotonic()
        yield from _feed_with_pages(fetched, fetcher, started + fetcher.feed_deadline_s)
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


def _feed_with_pages(fetched: Fetched, fetcher: Fetcher, deadline: float) -> Iterator[Found]:
    # A feed entry that is only a teaser is replaced by the page it links to,
    # keeping the feed's title, date and outlet when the page lacks them. Pages are
    # fetched until the feed's deadline; after it, entries keep the feed's text.
    for entry in feed_documents(fetched.data, fetched.url, fetched.url):
        if (
            isinstance(entry, IngestFailure)
            or entry.url is None
            or len(entry.body) >= _SHORT_ENTRY
            or not is_url(entry.url)
        ):
            yield entry
            continue
        if time.monotonic() >= deadline:
            log.info(
                "feed %s: past its deadline, keeping the feed text of %s", fetched.url, entry.url
            )
            yield entry
            continue
        page = next(iter(url_documents(entry.url, fetcher, deadline)), None)
        if not isinstance(page, RawDocument):
            log.info("feed entry %s: page not usable, keeping the feed text", entry.url)
            yield entry
            continue
        page.title = page.title or entry.title
        page.published = page.published or entry.published
        page.outlet = page.outlet or entry.outlet
        page.author = page.author or entry.author
        yield page
