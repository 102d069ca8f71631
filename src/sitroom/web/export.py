"""The record as files: GET /api/export/{format} streams the CLI's text exports with the
events filters, and the brief's routes (web/brief.py) ride on this router."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import StreamingResponse

from sitroom import query
from sitroom.errors import ExportError
from sitroom.export.run import FORMATS, export_text
from sitroom.web.api import StoreDep, selection_filters
from sitroom.web.brief import router as brief_router

router = APIRouter(tags=["export"])
router.include_router(brief_router)
TEXT_FORMATS = [name for name, f in FORMATS.items() if f.text]


@router.get("/api/export/{fmt}", summary="The record as ACLED CSV, PLOVER JSON lines or GeoJSON")
def export(
    store: StoreDep,
    # The events filters without a page: an export holds the whole selection.
    f: Annotated[query.Filters, Depends(selection_filters)],
    fmt: Annotated[str, Path(description=f"One of {', '.join(TEXT_FORMATS)}.")],
    level: Annotated[str | None, Query(description="incident or mention.")] = None,
) -> StreamingResponse:
    """Stream an export as ``sitroom export`` writes it; its provenance is in a header.

    Parquet writes a directory of tables and is left to the CLI.
    """
    if fmt not in TEXT_FORMATS:
        raise HTTPException(
            404, f"no export {fmt!r} here; one of {', '.join(TEXT_FORMATS)} (parquet: the CLI)"
        )
    try:
        prov, chunks = export_text(store, fmt, f, level)
    except ExportError as exc:
        raise HTTPException(422, str(exc)) from exc
    header = {k: v for k, v in prov.as_dict().items() if k != "counts"}
    name = f"sitroom-{prov.level}s{FORMATS[fmt].suffix}"
    return StreamingResponse(
        (chunk.encode("utf-8") for chunk in chunks),
        media_type=FORMATS[fmt].media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            # ASCII only: header values are Latin-1.
            "X-Sitroom-Provenance": json.dumps(header, ensure_ascii=True, sort_keys=True),
        },
    )
