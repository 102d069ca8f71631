"""Readers: one per input format, each yielding documents or failures, streaming.

A reader never raises for bad input: it yields an IngestFailure naming the input
(``file`` or ``file:line``) and goes on with the rest.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import feedparser
import trafilatura
import trafilatura.settings
from lxml import html as lxml_html

from sitroom.config import Settings
from sitroom.errors import InputError
from sitroom.ingest.dates import parse_date_string
from sitroom.ingest.decode import decode_bytes, looks_binary
from sitroom.ingest.records import IngestFailure, RawDocument

log = logging.getLogger(__name__)

Found = RawDocument | IngestFailure

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
SUPPORTED: tuple[str, ...] = (
    *TEXT_SUFFIXES,
    *HTML_SUFFIXES,
    *JSON_SUFFIXES,
    *JSONL_SUFFIXES,
    *WARC_SUFFIXES,
    *FEED_SUFFIXES,
)

_TITLE_FIELDS = ("title", "headline", "name")
_URL_FIELDS = ("url", "link", "source_url", "canonical_url")
_DATE_FIELDS = ("published", "date_publish", "published_at", "pubDate", "date", "datetime")
_OUTLET_FIELDS = ("outlet", "source_name", "site_name", "sitename", "publisher", "source_domain")
_AUTHOR_FIELDS = ("author", "authors", "byline")
_ID_FIELDS = ("id", "_id", "uuid", "guid")
_HTML_HINT = re.compile(r"<\s*(?:html|body|p|div|br|article|head)\b", re.IGNORECASE)
_BYTES_PER_CHAR = 4  # worst case of UTF-8: a file this many times max_chars cannot fit


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def not_regular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read (a pipe would block a run), or None."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    kind = next((name for test, name in _KINDS if test(mode)), "an unknown kind of file")
    return f"not a regular file but {kind}; skipped"


def suffix_of(path: Path) -> str:
    """The format suffix of ``path``, with ``.gz`` kept as part of it ("x.warc.gz")."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz":
        return suffixes[-2] + ".gz"
    return suffixes[-1] if suffixes else ""


def _read_bytes(path: Path, settings: Settings) -> bytes:
    limit = settings.max_chars * _BYTES_PER_CHAR
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "empty file")
    if size > limit and not path.name.lower().endswith(".gz"):
        raise InputError(str(path), f"too large: {size:,} bytes (limit {limit:,})")
    if path.name.lower().endswith(".gz"):
        try:
            with gzip.open(path, "rb") as fh:
                data = fh.read(limit + 1)
        except (EOFError, OSError, zlib.error) as exc:
            raise InputError(str(path), f"truncated or corrupt gzip file ({exc})") from exc
        if len(data) > limit:
            raise InputError(str(path), f"too large: over {limit:,} bytes once unpacked")
        if not data:
            raise InputError(str(path), "empty file")
        return data
    return path.read_bytes()


def _decode_file(path: Path, settings: Settings) -> tuple[str, str]:
    data = _read_bytes(path, settings)
    text, encoding = decode_bytes(data, str(path))
    if not text.strip():
        raise InputError(str(path), "empty file")
    return text, encoding


def read_text_file(path: Path, settings: Settings) -> Iterator[Found]:
    """A plain-text article: the whole file is the raw input."""
    text, encoding = _decode_file(path, settings)
    yield RawDocument(doc=path.name, source=str(path), raw=text, body=text, encoding=encoding)


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like an HTML document or fragment."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and _HTML_HINT.search(text[:20000]) is not None


def html_document(
    html: str, doc: str, source: str, url: str | None = None, encoding: str = "utf-8"
) -> Found:
    """Main text and metadata of an HTML page (trafilatura)."""
    if not looks_like_html(html):
        return IngestFailure(source, "not an HTML page")
    try:
        found = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError) as exc:  # malformed markup that lxml gives up on
        return IngestFailure(source, f"cannot parse HTML ({exc})")
    if not isinstance(found, trafilatura.settings.Document) or not (found.text or "").strip():
        return IngestFailure(source, "no article text found")
    text: str = found.text or ""
    return RawDocument(
        doc=doc,
        source=source,
        raw=html,
        body=text,
        title=found.title or None,
        author=found.author or None,
        published=parse_date_string(found.date),
        outlet=found.sitename or None,
        url=url or found.url or None,
        encoding=encoding,
        from_markup=True,
    )


_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w.-]+)", re.IGNORECASE)


def read_html_file(path: Path, settings: Settings) -> Iterator[Found]:
    """A saved web page, decoded with the charset its <meta> tag declares, if any."""
    data = _read_bytes(path, settings)
    declared = _META_CHARSET.search(data[:4096])
    html, encoding = decode_bytes(data, str(path), declared.group(1).decode() if declared else None)
    if not html.strip():
        raise InputError(str(path), "empty file")
    yield html_document(html, path.name, str(path), encoding=encoding)


def _first(record: dict[str, Any], fields: tuple[str, ...]) -> Any:
    for name in fields:
        value = record.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v) or None
    if isinstance(value, dict):
        return _as_text(value.get("name") or value.get("title"))
    return str(value).strip() or None


def json_record(
    record: Any, file_name: str, position: int, source: str, raw: str, settings: Settings
) -> Found:
    """One JSON article record (flat fields or news-please layout)."""
    where = f"{source}:{position}"
    if not isinstance(record, dict):
        return IngestFailure(where, f"not a JSON object but {type(record).__name__}")
    text_fields = tuple(settings.json_text_fields)
    text = _first(record, text_fields)
    if not isinstance(text, str) or not text.strip():
        tried = ", ".join(text_fields)
        return IngestFailure(where, f"no article text (tried the fields {tried})")
    ident = _first(record, _ID_FIELDS)
    doc = f"{file_name}:{ident if ident is not None else position}"
    url = _as_text(_first(record, _URL_FIELDS))
    if _HTML_HINT.search(text[:2000]) and looks_like_html(text):
        page = html_document(text, doc, where, url)
        if isinstance(page, IngestFailure):
            return page
        body, title, author = page.body, page.title, page.author
    else:
        body, title, author = text, None, None
    return RawDocument(
        doc=doc,
        source=where,
        raw=raw,
        body=body,
        title=_as_text(_first(record, _TITLE_FIELDS)) or title,
        author=_as_text(_first(record, _AUTHOR_FIELDS)) or author,
        published=parse_date_string(_first(record, _DATE_FIELDS)),
        outlet=_as_text(_first(record, _OUTLET_FIELDS)),
        url=url,
        from_markup=body is not text,
    )


def read_json_file(path: Path, settings: Settings) -> Iterator[Found]:
    """A JSON file holding one article object or a list of them."""
    text, _ = _decode_file(path, settings)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield IngestFailure(str(path), f"malformed JSON ({exc.msg} at line {exc.lineno})")
        return
    except (ValueError, RecursionError) as exc:
        yield IngestFailure(str(path), f"malformed JSON ({_json_trouble(exc)})")
        return
    if isinstance(data, dict):
        # Scrapers often wrap the list: {"articles": [...]}.
        for key in ("articles", "items", "data", "results", "records"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    records = data if isinstance(data, list) else [data]
    for i, record in enumerate(records, start=1):
        try:
            raw = json.dumps(record, ensure_ascii=False)
            found = json_record(record, path.name, i, str(path), raw, settings)
        except RecursionError as exc:
            found = IngestFailure(f"{path}:{i}", _json_trouble(exc))
        yield found


def _json_trouble(exc: ValueError | RecursionError) -> str:
    """What is wrong with JSON that the parser reads but Python refuses to hold."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).split(";")[0]  # "Exceeds the limit (4300 digits) for integer string ..."


def read_jsonl_file(path: Path, settings: Settings) -> Iterator[Found]:
    """A JSON Lines file, read line by line: one article object per line.

    Memory stays bounded whatever the file holds: a line over ``max_chars`` (in UTF-8
    bytes at worst) is skipped unread with a reason, and a compressed file stops once it
    has unpacked to ``UNPACK_RATIO`` times its size (a compression bomb), the lines read
    until then kept.
    """
    size = path.stat().st_size
    if size == 0:
        yield IngestFailure(str(path), "empty file")
        return
    packed = path.name.lower().endswith(".gz")
    opener = gzip.open if packed else open
    cap = max(UNPACK_FLOOR, UNPACK_RATIO * size) if packed else None
    line_limit = settings.max_chars * _BYTES_PER_CHAR
    seen = 0
    try:
        with opener(path, "rb") as fh:
            for lineno, line_bytes in bounded_lines(fh, line_limit, cap, str(path)):
                where = f"{path}:{lineno}"
                if line_bytes is None:
                    seen += 1
                    yield IngestFailure(
                        where, f"line too long: over {line_limit:,} bytes (max_chars); skipped"
                    )
                    continue
                if not line_bytes.strip():
                    continue
                seen += 1
                # A bad line is reported by file and line number; the lines after it go on.
                try:
                    line, _ = decode_bytes(line_bytes, where)
                    record = json.loads(line)
                    found = json_record(
                        record, path.name, lineno, str(path), line.rstrip("\r\n"), settings
                    )
                except InputError as exc:
                    found = IngestFailure(where, exc.reason)
                except json.JSONDecodeError as exc:
                    found = IngestFailure(where, f"malformed JSON line ({exc.msg})")
                except (ValueError, RecursionError) as exc:
                    found = IngestFailure(where, f"malformed JSON line ({_json_trouble(exc)})")
                yield found
    except InputError as exc:
        yield IngestFailure(exc.source, exc.reason)
        return
    except (EOFError, OSError, zlib.error) as exc:
        yield IngestFailure(str(path), f"truncated or corrupt gzip file ({exc})")
        return
    if seen == 0:
        yield IngestFailure(str(path), "empty file")


UNPACK_RATIO = 100
"""A compressed input may unpack to this many times its size (text packs 3 to 10 times;
a compression bomb a thousand times and more)."""
UNPACK_FLOOR = 64 * 1024 * 1024
"""Bytes a small compressed input may always unpack to, whatever its ratio."""
_SKIP_CHUNK = 1 << 20


class _Lines(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...
    def tell(self) -> int: ...


def bounded_lines(
    fh: _Lines, limit: int, cap: int | None, source: str
) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` of a binary file split on ``\\n`` only, never holding more
    than ``limit`` bytes of one line: a longer line is read past in chunks and given as
    None. ``InputError`` once more than ``cap`` bytes were read (None: no cap)."""
    lineno = 0

    def check() -> None:
        if cap is not None and fh.tell() > cap:
            raise InputError(
                source,
                f"unpacks to over {cap:,} bytes ({UNPACK_RATIO} times its size or more): "
                "a compression bomb? The rest of the file is skipped",
            )

    while line := fh.readline(limit + 1):
        lineno += 1
        check()
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := fh.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                check()
            check()
            yield lineno, None
        else:
            yield lineno, line


def read_warc_file(path: Path, settings: Settings) -> Iterator[Found]:
    """A web archive: every archived HTML page (and plain-text resource) is one article."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if path.stat().st_size == 0:
        yield IngestFailure(str(path), "empty file")
        return
    pages = 0
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type not in ("response", "resource"):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                where = f"{path}:{uri}"
                if record.http_headers is not None:
                    status = record.http_headers.get_statuscode()
                    if status and not status.startswith("2"):
                        continue
                    ctype = record.http_headers.get_header("Content-Type") or ""
                else:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                if not any(t in ctype.lower() for t in ("html", "text/plain")):
                    continue  # images, scripts and styles are not articles
                cap = settings.max_chars * _BYTES_PER_CHAR
                data = record.content_stream().read(cap + 1)
                pages += 1
                if len(data) <= cap and getattr(record.raw_stream, "limit", 0) > 0:
                    # The record ended before its declared length: the archive is cut.
                    yield IngestFailure(
                        where, "truncated or corrupt web archive (record cut short)"
                    )
                    return
                try:
                    text, encoding = decode_bytes(data, where, _charset(ctype))
                except InputError as exc:
                    yield IngestFailure(where, exc.reason)
                    continue
                doc = f"{path.name}:{uri}"
                if "html" in ctype.lower():
                    yield html_document(text, doc, where, uri or None, encoding)
                else:
                    yield RawDocument(doc, where, text, text, url=uri or None, encoding=encoding)
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as exc:
        yield IngestFailure(str(path), f"truncated or corrupt web archive ({exc})")
        return
    if pages == 0:
        yield IngestFailure(str(path), "no HTML or text pages in the web archive")


def _charset(content_type: str) -> str | None:
    m = re.search(r"charset=([\w.-]+)", content_type, re.IGNORECASE)
    return m.group(1) if m else None


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed entry), one paragraph per block."""
    if not _HTML_HINT.search(markup) and "<" not in markup:
        return markup.strip()
    extracted = trafilatura.extract(f"<html><body><article>{markup}</article></body></html>")
    if extracted:
        return str(extracted)
    try:
        return str(lxml_html.fromstring(markup).text_content()).strip()
    except (ValueError, TypeError):
        return ""


def feed_documents(data: bytes, source: str, feed_name: str) -> Iterator[Found]:
    """Entries of an RSS or Atom feed, each an article (content, else summary)."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        yield IngestFailure(source, "not an RSS or Atom feed (no entries found)")
        return
    outlet = parsed.feed.get("title") or None
    for i, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link") or None
        ident = entry.get("id") or link or str(i)
        where = f"{source}:{ident}"
        markup = ""
        if entry.get("content"):
            markup = entry["content"][0].get("value", "")
        markup = markup or entry.get("summary", "")
        body = fragment_text(markup)
        if not body.strip():
            yield IngestFailure(where, "feed entry has no text")
            continue
        date = entry.get("published_parsed") or entry.get("updated_parsed")
        yield RawDocument(
            doc=link or f"{feed_name}:{ident}",
            source=where,
            raw=markup,
            body=body,
            title=entry.get("title") or None,
            author=entry.get("author") or None,
            published=parse_date_string(f"{date.tm_year:04d}-{date.tm_mon:02d}-{date.tm_mday:02d}")
            if date
            else None,
            outlet=outlet,
            url=link,
            from_markup=True,
        )


def read_feed_file(path: Path, settings: Settings) -> Iterator[Found]:
    """A saved RSS or Atom feed."""
    data = _read_bytes(path, settings)
    yield from feed_documents(data, str(path), path.name)


def read_unknown_file(path: Path, settings: Settings) -> Iterator[Found]:
    """A file without a known suffix: text if it decodes as text, else refused."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    if not head:
        yield IngestFailure(str(path), "empty file")
    elif looks_binary(head):
        yield IngestFailure(str(path), "binary file, not text")
    elif suffix_of(path) == "":
        yield from read_text_file(path, settings)
    else:
        known = ", ".join(sorted(set(SUPPORTED)))
        yield IngestFailure(
            str(path), f"unsupported file type {suffix_of(path)} (sitroom reads {known})"
        )


_READERS = {
    **dict.fromkeys(TEXT_SUFFIXES + tuple(s + ".gz" for s in TEXT_SUFFIXES), read_text_file),
    **dict.fromkeys(HTML_SUFFIXES + tuple(s + ".gz" for s in HTML_SUFFIXES), read_html_file),
    **dict.fromkeys(JSON_SUFFIXES + tuple(s + ".gz" for s in JSON_SUFFIXES), read_json_file),
    **dict.fromkeys(JSONL_SUFFIXES + tuple(s + ".gz" for s in JSONL_SUFFIXES), read_jsonl_file),
    **dict.fromkeys(WARC_SUFFIXES, read_warc_file),
    **dict.fromkeys(FEED_SUFFIXES, read_feed_file),
}


def read_file(path: Path, settings: Settings) -> Iterator[Found]:
    """Read one file with the reader its suffix names; failures are yielded, not raised."""
    reader = _READERS.get(suffix_of(path), read_unknown_file)
    try:
        refused = not_regular(path.stat().st_mode)
        if refused is not None:
            yield IngestFailure(str(path), refused)
            return
        yield from reader(path, settings)
    except InputError as exc:
        yield IngestFailure(exc.source, exc.reason)
    except FileNotFoundError:
        yield IngestFailure(str(path), "no such file or directory")
    except PermissionError:
        yield IngestFailure(str(path), "permission denied")
    except IsADirectoryError:
        yield IngestFailure(str(path), "is a directory")
    except ImportError:
        raise  # a broken installation is not a bad input
    except Exception as exc:
        # A parser library choking on hostile input must not end the batch.
        log.exception("unexpected error reading %s", path)
        yield IngestFailure(str(path), f"cannot read ({type(exc).__name__}: {exc})")
