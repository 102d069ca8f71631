"""Turn what a reader found into an Article: clean text, metadata, dates, ids."""

from __future__ import annotations

import datetime as dt
import hashlib

from sitroom.config import Settings
from sitroom.ingest.clean import clean_text
from sitroom.ingest.language import detect_language
from sitroom.ingest.metadata import read_page_metadata
from sitroom.ingest.records import IngestFailure, RawDocument
from sitroom.model import Article

_MIN_PAGE_WORDS = 8


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the analysed text: the key for exact duplicates."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _closest_year(month: int, day: int, around: dt.date) -> dt.date | None:
    # A page printing "18 Oct" means the 18 October nearest the date the text
    # itself points to.
    best: dt.date | None = None
    for year in (around.year - 1, around.year, around.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs(candidate - around) < abs(best - around):
            best = candidate
    return best


def _set_dates(article: Article, printed: dt.date | None, yearless: tuple[int, int] | None) -> None:
    if printed is not None:
        article.published = article.published_earliest = article.published_latest = printed
        article.published_inferred = False
        return
    # Imported here, not at module level: the time extractor pulls in its
    # lexicons, which reading and cleaning do not need.
    from sitroom.extract.time import infer_dct

    inferred = infer_dct(article.text)
    if yearless is not None and inferred.best is not None:
        date = _closest_year(yearless[0], yearless[1], inferred.best)
        if date is not None:
            article.published = article.published_earliest = article.published_latest = date
            article.published_inferred = False
            return
    article.published = inferred.best
    article.published_earliest = inferred.earliest
    article.published_latest = inferred.latest
    article.published_inferred = bool(inferred.inferred) and inferred.best is not None


def date_from_related(article: Article, near: dt.date) -> bool:
    """Date an article that prints no date from ``near``, the date of a related report of
    the same events (see ``sitroom.ingest.related``); True if it is dated now."""
    from sitroom.extract.time import infer_dct

    inferred = infer_dct(article.text, near=near)
    if inferred.best is None:
        return False
    article.published = inferred.best
    article.published_earliest = inferred.earliest
    article.published_latest = inferred.latest
    article.published_inferred = True
    return True


def build_article(found: RawDocument, settings: Settings) -> Article | IngestFailure:
    """Clean ``found`` and fill in every metadata field of its Article."""
    if len(found.raw) > settings.max_chars:
        return IngestFailure(
            found.source,
            f"too large: {len(found.raw):,} characters (limit {settings.max_chars:,})",
        )
    cleaned = clean_text(found.body, found.title)
    if found.from_markup and len(cleaned.text.split()) < _MIN_PAGE_WORDS:
        # What is left of a page without an article is a menu or a site title.
        return IngestFailure(found.source, "no article text found")
    if not cleaned.text.strip():
        return IngestFailure(found.source, "no text left after cleaning")
    title = found.title or cleaned.title
    meta = read_page_metadata(
        found.raw, found.body, title, found.outlet, found.url, found.from_markup
    )
    digest = content_hash(cleaned.text)
    article = Article(
        doc=found.doc,
        text=cleaned.text,
        raw=found.raw,
        source=found.source,
        title=title,
        outlet=meta.outlet,
        url=found.url,
        byline=found.author or meta.byline,
        dateline=meta.dateline,
        language=detect_language(cleaned.text),
        encoding=found.encoding,
        content_hash=digest,
        id=digest[:16],
    )
    yearless = (meta.yearless.month, meta.yearless.day) if meta.yearless else None
    _set_dates(article, found.published or meta.printed, yearless)
    return article
