"""Article metadata from the page itself: outlet, dateline, byline, printed date.

Every rule reads signals a page prints about itself (site name, licence or
copyright line, an agency dateline, the site's own share and feed links), never
outlets that the article merely cites ("..., AP reported").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import parse_qsl, unquote, urlsplit

import yaml

from sitroom.ingest.clean import BYLINE, split_paragraphs
from sitroom.ingest.dates import (
    PrintedDate,
    find_dates,
    find_path_dates,
    is_meta_line,
    labelled_date,
)

_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//[^\s()<>\"'\]]+", re.IGNORECASE)
_DATELINE = re.compile(
    r"^\W{0,3}(?P<place>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3})"
    r"(?:,\s*[^–—()\n]{2,40}?)?\s*(?:\((?P<agency>[^()\n]{2,50})\))?\s*(?:[–—]|--?)\s+\S"
)
_AGENCY_DATELINE = re.compile(
    r"^\W{0,3}(?P<place>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3})"
    r"(?:,\s*[^–—()\n]{2,40}?)?\s*\((?P<agency>[^()\n]{2,50})\)\s*(?:[–—]|--?)\s+\S"
)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_SHARE_TEXT_KEYS = ("text", "title", "t", "description")
_SHARE_URL_KEYS = ("url", "u", "link", "href")
_HEAD_LINES = 12


@dataclass(frozen=True, slots=True)
class Outlets:
    """Known outlets: names by lower-cased alias and by web domain."""

    by_alias: dict[str, str]
    by_domain: dict[str, str]
    licence: tuple[re.Pattern[str], ...]
    social_hosts: frozenset[str]

    def canonical(self, name: str) -> str:
        """The known spelling of an outlet name, or the name as given."""
        name = " ".join(name.split()).strip(" .,;:")
        return self.by_alias.get(name.casefold(), name)

    def for_host(self, host: str) -> str | None:
        """The known outlet publishing on ``host`` (subdomains included), if any."""
        host = host.lower().removeprefix("www.")
        while host:
            if host in self.by_domain:
                return self.by_domain[host]
            if "." not in host:
                return None
            host = host.split(".", 1)[1]
        return None

    def is_social(self, host: str) -> bool:
        """True for social networks and share services, which never publish the article."""
        host = host.lower().removeprefix("www.").removeprefix("m.")
        return any(host == s or host.endswith("." + s) for s in self.social_hosts)


@lru_cache(maxsize=1)
def load_outlets() -> Outlets:
    """Load the packaged list of known outlets."""
    text = resources.files("sitroom.data").joinpath("outlets.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    by_alias: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    for entry in data["outlets"]:
        name = entry["name"]
        for alias in [name, *entry.get("aliases", [])]:
            by_alias[alias.casefold()] = name
        for domain in entry.get("domains", []):
            by_domain[domain.lower()] = name
    return Outlets(
        by_alias=by_alias,
        by_domain=by_domain,
        licence=tuple(re.compile(p) for p in data["licence_patterns"]),
        social_hosts=frozenset(data["social_hosts"]),
    )


def dateline_length(paragraph: str) -> int:
    """Length of the dateline that opens ``paragraph`` ("TEHRAN (Iran News) – "), else 0."""
    m = _DATELINE.match(paragraph) or _AGENCY_DATELINE.match(paragraph)
    return m.end() - 1 if m else 0  # the patterns end on the first character after it


def find_dateline(body: str) -> tuple[str | None, str | None]:
    """The dateline place and agency ("TEHRAN (Iran News) –" -> TEHRAN, Iran News)."""
    for paragraph in split_paragraphs(body[:5000])[:6]:
        m = _DATELINE.match(paragraph) or _AGENCY_DATELINE.match(paragraph)
        if m:
            agency = m["agency"].strip() if m["agency"] else None
            return m["place"].strip(), agency
    return None, None


def find_byline(body: str) -> str | None:
    """The author named on a "By ..." line near the top, if any."""
    for paragraph in split_paragraphs(body[:3000])[:_HEAD_LINES]:
        if len(paragraph) <= 100:
            m = BYLINE.fullmatch(paragraph)
            if m:
                return m["name"].strip()
    return None


def find_licence_outlet(raw: str, outlets: Outlets) -> str | None:
    """The outlet named by a licence or copyright line ("All Content by X is licensed")."""
    for pattern in outlets.licence:
        for m in pattern.finditer(raw):
            name = m["outlet"].strip()
            if name and not name[0].isdigit():
                return outlets.canonical(name)
    return None


def _label(host: str) -> str:
    # "www.example-news.co.uk" -> "examplenews": the part a site name spells out.
    parts = host.lower().removeprefix("www.").split(".")
    core = max(parts[:-1] or parts, key=len)
    return re.sub(r"[^a-z0-9]", "", core)


def _compact(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def _self_host(raw: str, outlets: Outlets) -> tuple[str | None, list[str]]:
    """The site's own host (from its share and feed links) and the share texts seen."""
    strong: Counter[str] = Counter()
    weak: Counter[str] = Counter()
    share_texts: list[str] = []
    for m in _URL.finditer(raw):
        url = m.group().rstrip(".,;")
        parts = urlsplit(url if "://" in url else "http:" + url)
        host = (parts.hostname or "").removeprefix("www.")
        if not host or "." not in host:
            continue
        if outlets.is_social(host):
            for key, value in parse_qsl(parts.query):
                value = unquote(value)
                if key in _SHARE_URL_KEYS and value.startswith(("http://", "https://")):
                    target = (urlsplit(value).hostname or "").removeprefix("www.")
                    if target and not outlets.is_social(target):
                        strong[target] += 1
                elif key in _SHARE_TEXT_KEYS:
                    share_texts.append(value)
            continue
        if re.search(r"(?:^|/)(?:rss|feed|atom)(?:\.xml|/|$)|\.rss$", parts.path, re.IGNORECASE):
            strong[host] += 1
        else:
            weak[host] += 1
    if strong:
        return strong.most_common(1)[0][0], share_texts
    if weak:
        host, count = weak.most_common(1)[0]
        if count >= 3:
            return host, share_texts
    return None, share_texts


def _name_from_share_texts(share_texts: list[str], title: str | None, host: str) -> str | None:
    # Share buttons often post "Headline | Site Name": the part that is not the
    # headline and spells the site's host is the site name.
    label = _label(host)
    for text in share_texts:
        pieces = [p.strip() for p in _TITLE_SEPARATORS.split(text) if p.strip()]
        for piece in pieces[1:]:
            piece = _URL.sub("", piece).strip()
            if not piece or (title and _compact(piece) == _compact(title)):
                continue
            if len(piece.split()) <= 6 and _compact(piece) == label:
                return piece
    return None


def _name_from_profiles(raw: str, host: str, outlets: Outlets) -> str | None:
    # A social profile slug that spells the host ("pages/Example-News/123" for
    # examplenews.com) gives the site's name with its word breaks.
    label = _label(host)
    for m in _URL.finditer(raw):
        parts = urlsplit(m.group() if "://" in m.group() else "http:" + m.group())
        if not outlets.is_social(parts.hostname or ""):
            continue
        for segment in parts.path.split("/"):
            words = [w for w in re.split(r"[-_+]|%20", unquote(segment)) if w]
            if len(words) >= 2 and _compact("".join(words)) == label:
                return " ".join(w if not w.islower() else w.capitalize() for w in words)
    return None


def _name_from_lines(raw: str, host: str) -> str | None:
    label = _label(host)
    for line in raw.splitlines():
        line = line.strip()
        if 0 < len(line) <= 60 and _compact(line) == label and len(line.split()) <= 6:
            return line
    return None


def outlet_from_site_links(raw: str, title: str | None, outlets: Outlets) -> str | None:
    """The outlet named by the site's own links (share targets, feed links, profiles)."""
    if "//" not in raw:
        return None
    host, share_texts = _self_host(raw, outlets)
    if host is None:
        return None
    return (
        outlets.for_host(host)
        or _name_from_share_texts(share_texts, title, host)
        or _name_from_profiles(raw, host, outlets)
        or _name_from_lines(raw, host)
    )


@dataclass(slots=True)
class PageMetadata:
    """What the page says about itself."""

    outlet: str | None
    dateline: str | None
    byline: str | None
    printed: dt.date | None
    """A complete printed date, if one was found."""
    yearless: PrintedDate | None
    """A printed day and month without a year ("18 Oct in 8:00")."""


def find_outlet(
    raw: str,
    body: str,
    title: str | None,
    site_name: str | None,
    url: str | None,
    outlets: Outlets | None = None,
) -> str | None:
    """The publishing outlet, from the strongest signal the page gives."""
    outlets = outlets or load_outlets()
    if site_name and site_name.strip():
        name = site_name.strip()
        if re.fullmatch(r"(?:[\w-]+\.)+[a-z]{2,}", name, re.IGNORECASE):
            # a bare host name (news-please's source_domain): name it when known
            return outlets.for_host(name) or name.lower().removeprefix("www.")
        return outlets.canonical(name)
    licence = find_licence_outlet(raw, outlets)
    if licence:
        return licence
    _, agency = find_dateline(body)
    if agency:
        return outlets.canonical(agency)
    if url:
        host = urlsplit(url).hostname or ""
        known = outlets.for_host(host)
        if known:
            return known
    return outlet_from_site_links(raw, title, outlets)


def find_printed_date(
    text: str, url: str | None, use_paths: bool
) -> tuple[dt.date | None, PrintedDate | None]:
    """A printed publication date from date lines near the top, the URL or page paths."""
    yearless: PrintedDate | None = None
    for line in text.splitlines()[:40][: _HEAD_LINES * 3]:
        line = line.strip()
        stamp = labelled_date(line)
        if stamp is not None:
            return stamp.to_date(), None
        if not is_meta_line(line):
            continue
        for found in find_dates(line):
            if found.year is not None:
                return found.to_date(), None
            yearless = yearless or found
        if yearless:
            break
    paths: list[dt.date] = find_path_dates(url) if url else []
    if use_paths and not paths:
        paths = find_path_dates(text[: max(len(text) // 2, 2000)])
    if paths:
        best = paths[0]
        if yearless is None or (yearless.month, yearless.day) == (best.month, best.day):
            return best, None
        return yearless.to_date(best.year), None
    return None, yearless


def read_page_metadata(
    raw: str,
    body: str,
    title: str | None,
    site_name: str | None,
    url: str | None,
    from_markup: bool,
) -> PageMetadata:
    """Outlet, dateline, byline and printed date of one page."""
    dateline, _ = find_dateline(body)
    printed, yearless = find_printed_date(body if from_markup else raw, url, not from_markup)
    return PageMetadata(
        outlet=find_outlet(raw, body, title, site_name, url),
        dateline=dateline,
        byline=find_byline(body),
        printed=printed,
        yearless=yearless,
    )
