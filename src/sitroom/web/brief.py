"""The brief on the web: GET /brief (a page with the filters) and /brief.{html,md,pdf}."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select

from sitroom.brief import Brief, build_brief
from sitroom.brief.render import css, render_body, render_html, render_markdown, render_pdf
from sitroom.errors import ExportError
from sitroom.model import PLOVER_TYPES
from sitroom.store import Store
from sitroom.store import schema as s
from sitroom.web.forms import FilterForm, read_filters

router = APIRouter(include_in_schema=False)
Top = Annotated[int, Query(ge=0, le=100, description="Notable incidents given a section.")]
_MEDIA = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
}
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


def _brief(request: Request, top: int) -> tuple[FilterForm, Brief | None]:
    """The page's filters (as every page reads them) and their brief; None when a value
    was not understood (the form names it)."""
    form = read_filters(request.query_params)
    if form.problems:
        return form, None
    store: Store = request.app.state.store
    until = latest_day(store) if not (form.values["since"] or form.values["until"]) else None
    if until is not None:
        # The whole record can be millions of incidents: a page shows its latest month.
        since = until - dt.timedelta(days=DEFAULT_DAYS - 1)
        form.filters = replace(form.filters, since=since, until=until)
        form.values.update(since=since.isoformat(), until=until.isoformat())
    return form, build_brief(store, form.filters, top=top, contested=form.contested)


@router.get("/brief", response_class=HTMLResponse)
def brief_page(request: Request, top: Top = 8) -> HTMLResponse:
    """A situation report for the filters, with downloads as HTML, Markdown and PDF."""
    from sitroom.web.pages import templates

    form, brief = _brief(request, top)
    query = form.query_string(top=top)
    return templates.TemplateResponse(
        request,
        "brief.html",
        {
            "body": render_body(brief) if brief else "",
            "brief": brief,
            "form": form,
            "types": PLOVER_TYPES,
            "contested_filter": True,
            "downloads": [(fmt.upper(), f"/brief.{fmt}?{query}") for fmt in _MEDIA],
        },
        status_code=200 if brief else 422,
    )


@router.get("/brief.css")
def brief_css() -> Response:
    """The brief's style sheet (a file of our own: the pages allow no inline styles)."""
    return Response(css(), media_type="text/css; charset=utf-8")


@router.get("/brief.{fmt}")
def brief_file(request: Request, fmt: str, top: Top = 8) -> Response:
    """The brief as a file to keep: a standalone HTML page, Markdown, or PDF."""
    if fmt not in _MEDIA:
        raise HTTPException(404, f"no brief as {fmt!r}; one of {', '.join(_MEDIA)}")
    form, brief = _brief(request, top)
    if brief is None:
        raise HTTPException(422, " ".join(form.problems))
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
