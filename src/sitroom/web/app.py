"""The ASGI app: JSON API under /api, server-rendered pages, security headers."""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitroom.config import Settings
from sitroom.errors import StoreError
from sitroom.store import Store
from sitroom.web.places import PlaceLabels
from sitroom.web.search import SearchIndex

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
# A host (with an optional {s} subdomain wildcard and port) safe to put in a header.
_HOST = re.compile(r"(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?")


def tile_origin(tile_url: str) -> str | None:
    """The origin a tile URL template loads from, or None unless it is a plain http(s) URL."""
    parts = urlsplit(tile_url)
    netloc = parts.netloc.replace("{s}", "*")
    if parts.scheme not in ("http", "https") or not _HOST.fullmatch(netloc):
        return None
    return f"{parts.scheme}://{netloc}"


def content_security_policy(tile_url: str = "") -> str:
    """Our own scripts and styles only; map tiles from the configured host when one is."""
    img = "'self' data:"
    origin = tile_origin(tile_url) if tile_url else None
    if origin:
        img += f" {origin}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    )


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def allowed_hosts_for(bind_host: str) -> frozenset[str] | None:
    """The Host names a server bound to ``bind_host`` answers: loopback names for a
    loopback address, else any (None).

    A page on another site can point its own name at 127.0.0.1 (DNS rebinding) and read
    a local server as if same-origin; its requests still carry that name in Host.
    """
    name = bind_host.strip("[]").lower()
    try:
        loopback = name == "localhost" or ipaddress.ip_address(name).is_loopback
    except ValueError:
        loopback = False
    return LOOPBACK_NAMES | {name} if loopback else None


def host_name(header: str) -> str:
    """The name in a Host header, without its port ("[::1]:8000" -> "::1")."""
    host = header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def create_app(
    settings: Settings, token: str | None = None, allowed_hosts: Collection[str] | None = None
) -> FastAPI:
    """Build the web app over the store named in ``settings``; ``token`` enables POST.

    With ``allowed_hosts``, a request whose Host header names another host is refused.
    """
    store = Store.open(settings.db)
    tile_url = str(settings.extra.get("tile_url", "") or "")

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.search.close()
        store.close()

    app = FastAPI(
        title="sitroom",
        summary="A sourced, queryable record of conflict events, claims and statements.",
        version="1",
        # Swagger UI would load scripts from a CDN; /api/docs renders the schema itself.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.token = token or None
    app.state.tile_url = tile_url if tile_origin(tile_url) else ""
    app.state.search = SearchIndex.for_store(store)
    app.state.place_labels = PlaceLabels()
    csp = content_security_policy(app.state.tile_url)
    hosts = frozenset(h.lower() for h in allowed_hosts) if allowed_hosts is not None else None

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # Pages get a page; the API, its docs' schema and static files get JSON as before.
        path = request.url.path
        if path.startswith(("/api/", "/static/")) or path == "/api":
            return await http_exception_handler(request, exc)
        from sitroom.web.pages import error_page

        return error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(StoreError)
    async def store_unavailable(_request: Request, exc: StoreError) -> Response:
        # Another writer holding the store past the wait, a database gone: not our bug.
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response: Response
        if hosts is not None and host_name(request.headers.get("host", "")) not in hosts:
            response = PlainTextResponse(
                "unexpected Host header: this server answers only to " + ", ".join(sorted(hosts)),
                status_code=400,
            )
        elif request.method == "HEAD":
            # Every page and endpoint that answers GET answers HEAD: the same status and
            # headers, no body.
            request.scope["method"] = "GET"
            got = await call_next(request)
            async for _chunk in got.body_iterator:  # type: ignore[attr-defined]
                pass
            response = Response(status_code=got.status_code, headers=dict(got.headers))
        else:
            try:
                response = await call_next(request)
            except Exception:
                # Answered here, not by the server's own error page, so that a 500 carries
                # the same headers as every other answer (and no stack trace).
                log.exception("error serving %s %s", request.method, request.url.path)
                response = JSONResponse({"detail": "internal server error"}, status_code=500)
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    from sitroom.web.api import router as api_router
    from sitroom.web.export import router as export_router
    from sitroom.web.pages import router as pages_router

    app.include_router(api_router)
    app.include_router(export_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if not (STATIC / "vendor").is_dir():
        log.warning("web assets missing: run `make web-assets` for the map")
    return app
