"""The pages' filter form: names accepted where codes are stored, and every value that
is not understood reported, never silently dropped."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from sitroom import labels, query
from sitroom.model import PLOVER_TYPES
from sitroom.web.chart import period

FIELDS = ("since", "until", "type", "country", "place", "contested")
"""The query parameters a filtered page reads (and keeps in its links)."""


@dataclass(slots=True)
class FilterForm:
    """What a page was asked for: the filters understood, the raw values to show back,
    and a message for each value that could not be read."""

    filters: query.Filters
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    contested: bool = False

    def query_string(self, **extra: object) -> str:
        """The filters as a query string (non-empty values only), with ``extra`` added."""
        kept: dict[str, object] = {k: v for k, v in self.values.items() if v}
        kept.update({k: v for k, v in extra.items() if v is not None})
        return urlencode(kept)

    def page_links(self, offset: int, shown: int, page: int) -> tuple[str | None, str | None]:
        """The links to the next and the previous page of a list of ``page`` rows that
        showed ``shown`` from ``offset`` (None where there is none)."""
        more = "?" + self.query_string(offset=offset + page) if shown == page else None
        earlier = (
            "?" + self.query_string(offset=max(offset - page, 0) or None) if offset > 0 else None
        )
        return more, earlier

    def api_query(self, **extra: object) -> str:
        """The filters as the API and the exports read them (codes, ISO dates), with ``extra``."""
        f = self.filters
        kept: dict[str, object] = {
            "since": f.since.isoformat() if f.since else None,
            "until": f.until.isoformat() if f.until else None,
            "type": f.type,
            "country": f.country,
            "place": f.place,
            **extra,
        }
        return urlencode({k: v for k, v in kept.items() if v is not None and v != ""})

    @property
    def any(self) -> bool:
        """Whether any filter is set."""
        return any(self.values.values())


def _date(value: str, problems: list[str], end: bool) -> dt.date | None:
    """A day, or the first (``end``: last) day of a month or year: "2020-10" is October."""
    if not value:
        return None
    bounds = period(value.strip())
    if bounds is None:
        problems.append(
            f"{'To' if end else 'From'} date {value!r} is not a date: write YYYY-MM-DD, "
            "YYYY-MM or YYYY; this page shows nothing until it is corrected."
        )
        return None
    return bounds[1] if end else bounds[0]


QUOTE_FIELDS = ("speaker", "speech", "text")
"""The statements page's own parameters, beside the dates and country."""
SPEECH = {"direct": True, "reported": False}


def read_quote_filters(
    params: Mapping[str, str], limit: int | None = None, offset: int = 0
) -> tuple[FilterForm, bool | None]:
    """The statements page's filters, and whether to keep direct (True) or reported
    (False) speech only (None: both)."""
    form = read_filters(params, limit, offset)
    for k in QUOTE_FIELDS:
        form.values[k] = (params.get(k) or "").strip()[:200]
    speech = form.values["speech"].lower()
    if speech and speech not in SPEECH:
        form.problems.append(f"Speech {form.values['speech']!r} is not direct or reported.")
    form.filters = dataclasses.replace(
        form.filters, speaker=form.values["speaker"] or None, text=form.values["text"] or None
    )
    return form, SPEECH.get(speech)


def read_filters(
    params: Mapping[str, str], limit: int | None = None, offset: int = 0
) -> FilterForm:
    """Read the filter parameters of a page; each value not understood adds a problem."""
    values = {k: (params.get(k) or "").strip()[:200] for k in FIELDS}
    problems: list[str] = []
    since = _date(values["since"], problems, end=False)
    until = _date(values["until"], problems, end=True)
    if since and until and since > until:
        problems.append(
            f"The From date ({since.isoformat()}) is after the To date ({until.isoformat()}): "
            "no record can fall between them."
        )
    type_ = labels.type_code(values["type"]) if values["type"] else ""
    if values["type"] and not type_:
        words = ", ".join(f"{labels.type_label(t)} ({t})" for t in PLOVER_TYPES)
        problems.append(f"Type {values['type']!r} is not an event type; one of {words}.")
    country = labels.country_code(values["country"]) if values["country"] else ""
    if values["country"] and not country:
        problems.append(
            f"Country {values['country']!r} is not a country name or ISO code "
            "(e.g. Azerbaijan or AZE)."
        )
    contested = values["contested"].lower() in ("1", "on", "true", "yes")
    if values["contested"] and not contested and values["contested"].lower() not in ("0", "off"):
        problems.append(f"Contested {values['contested']!r} is not on or off.")
    if not contested:
        values["contested"] = ""
    f = query.Filters(
        since=since,
        until=until,
        type=type_ or None,
        country=country or None,
        place=values["place"] or None,
        limit=limit,
        offset=offset,
    )
    return FilterForm(f, values, problems, contested)
