"""``sitroom serve``: the web UI and JSON API on uvicorn."""

from __future__ import annotations

import os

import click


@click.command()
@click.option("--db", default=None, metavar="PATH|URL", help="Database (overrides global --db).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.pass_obj
def serve(obj: object, db: str | None, host: str, port: int) -> None:
    """Serve the web UI and the JSON API (read-only unless SITROOM_TOKEN is set).

    Pages: /timeline, /map, /incidents, /ceasefires, /actors, /articles,
    /search; API reference at /api/docs. With SITROOM_TOKEN set, POST
    /api/articles ingests articles sent with that token.
    """
    import uvicorn

    from sitroom.errors import SitroomError
    from sitroom.web import create_app
    from sitroom.web.app import allowed_hosts_for

    settings = obj.settings.replace(db=db)  # type: ignore[attr-defined]
    try:
        app = create_app(
            settings,
            token=os.environ.get("SITROOM_TOKEN") or None,
            # Bound to loopback, only loopback names are answered (no DNS rebinding).
            allowed_hosts=allowed_hosts_for(host),
        )
    except SitroomError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"sitroom: open http://{host}:{port}/ (database {settings.db}); Ctrl-C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning")
