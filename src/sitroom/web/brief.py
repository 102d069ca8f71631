"""The brief on the web: GET /brief (a page with the filters) and /brief.{html,md,pdf}."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select

from sitroom import query
from sitroom.brief import Brief, build_brief
from sitroom.brief.render import css, render_body, render_html, render_markdown, render_pdf
from sitroom.errors import ExportError
from sitroom.model import PLOVER_TYPES
from sitroom.store import Store
from sitroom.store import schema as s

router = APIRouter(include_in_schema=False)
Top = Annotated[int, Query(ge=0, le=100, description="Notable incidents given a section.")]
_MEDIA = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
}


def brief_form(request: Request) -> tuple[query.Filters, dict[str, str], list[str]]:
    """The filters a brief page was asked for, the values to show back, and what was not read."""
    p = request.query_params
    values = {k: (p.get(k) or "").strip()[:200] for k in ("since", "until", "type", "country")}
    values["place"] = (p.get("place") or "").strip()[:200]
    problems: list[str] = []
    dates: dict[str, dt.date | None] = {}
    for key in ("since", "until"):
        try:
            dates[key] = dt.date.fromisoformat(values[key]) if values[key] else None
        except ValueError:
            dates[key] = None
            problems.append(f"{key}: {values[key]!r} is not a date (YYYY-MM-DD); left out")
    type_, country = values["type"].upper(), values["country"].upper()
    if type_ and type_ not in PLOVER_TYPES:
        problems.append(f"type: {values['type']!r} is not a PLOVER type; left out")
        type_ = ""
    if country and not (len(country) == 3 and country.isalpha()):
        problems.append(f"country: {values['country']!r} is not an ISO-3 code; left out")
        country = ""
    f = query.Filters(
        since=dates["since"],
        until=dates["until"],
        type=type_ or None,
        country=country or None,
        place=values["place"] or None,
    )
    return f, values, problems


DEFAULT_DAYS = 30
"""A brief asked for with no period covers the record's last this many days."""


def latest_day(store: Store) -> dt.date | None:
    """The last day an incident is dated to (a month or year counts as its first day)."""
    with store.connect() as conn:
        latest = conn.execute(select(func.max(s.incidents.c.date))).scalar()
    if not latest:
        return None
    try:
        return dt.date.fromisoformat((latest + "-01-01")[:10] if len(latest) < 10 else latest)
    except ValueError:
        return None


def _brief(request: Request, top: int) -> tuple[Brief, dict[str, str], list[str]]:
    f, values, problems = brief_form(request)
    store: Store = request.app.state.store
    until = latest_day(store) if not (values["since"] or values["until"]) else None
    if until is not None:
        # The whole record can be millions of incidents: a page shows its latest month.
        since = until - dt.timedelta(days=DEFAULT_DAYS - 1)
        f = replace(f, since=since, until=until)
        values.update(since=since.isoformat(), until=until.isoformat())
    return build_brief(store, f, top=top), values, problems


@router.get("/brief", response_class=HTMLResponse)
def brief_page(request: Request, top: Top = 8) -> HTMLResponse:
    """A situation report for the filters, with downloads as HTML, Markdown and PDF."""
    from sitroom.web.pages import templates

    brief, values, problems = _brief(request, top)
    kept = urlencode({**{k: v for k, v in values.items() if v}, "top": top})
    return templates.TemplateResponse(
        request,
        "brief.html",
        {
            "body": render_body(brief),
            "brief": brief,
            "values": values,
            "problems": problems,
            "types": PLOVER_TYPES,
            "top": top,
            "downloads": [(fmt.upper(), f"/brief.{fmt}?{kept}") for fmt in ("html", "md", "pdf")],
        },
    )


@router.get("/brief.css")
def brief_css() -> Response:
    """The brief's style sheet (a file of our own: the pages allow no inline styles)."""
    return Response(css(), media_type="text/css; charset=utf-8")


@router.get("/brief.{fmt}")
def brief_file(request: Request, fmt: str, top: Top = 8) -> Response:
    """The brief as a file to keep: a standalone HTML page, Markdown, or PDF."""
    if fmt not in _MEDIA:
        raise HTTPException(404, f"no brief as {fmt!r}; one of html, md, pdf")
    brief, _, _ = _brief(request, top)
    try:
        if fmt == "pdf":
            content: bytes | str = render_pdf(brief)
        else:
            content = render_html(brief) if fmt == "html" else render_markdown(brief)
    except ExportError as exc:  # WeasyPrint not installed
        return Response(str(exc), 503, media_type="text/plain; charset=utf-8")
    name = f"sitroom-brief-{brief.period.replace(' ', '-')}.{fmt}"
    return Response(
        content,
        media_type=_MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
