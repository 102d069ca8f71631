"""``sitroom brief``: a situation report for a period, every statement citing its sentences."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape

from sitroom.cli.export import made_time
from sitroom.errors import SitroomError
from sitroom.model import PLOVER_TYPES
from sitroom.query import Filters

if TYPE_CHECKING:
    from sitroom.store import Store

err = Console(stderr=True)


@click.command("brief")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="From this date.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Up to this date.")
@click.option("--country", default=None, metavar="ISO3", help="Involving this country.")
@click.option("--type", "type_", default=None, metavar="PLOVER", help="PLOVER type, e.g. ASSAULT.")
@click.option("--place", default=None, help="Place name (or admin region) contains this.")
@click.option("--contested", is_flag=True, help="Only incidents whose claimants disagree.")
@click.option(
    "--top",
    type=click.IntRange(0, 100),
    default=8,
    show_default=True,
    help="Notable incidents given a section each (claims side by side).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write: .html, .md or .pdf (a Markdown brief's map and chart go beside it "
    "as FILE.map.svg and FILE.chart.svg). Default: HTML on standard output.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md", "pdf"]),
    default=None,
    help="Format, when the file's suffix does not say it (or on standard output).",
)
@click.option(
    "--made",
    default=None,
    metavar="TIME",
    help="The time the brief states its record as of, ISO 8601. Default: when the store "
    "last changed.",
)
@click.pass_context
def brief_command(
    ctx: click.Context,
    /,
    since: dt.datetime | None,
    until: dt.datetime | None,
    country: str | None,
    type_: str | None,
    place: str | None,
    contested: bool,
    top: int,
    output: Path | None,
    fmt: str | None,
    made: str | None,
) -> None:
    """Write a situation report of the incidents in a period, with citations.

    A summary (incidents by type and place, the deadliest, ceasefires agreed and
    violated, who blamed whom, what third parties said), a chart and a map, a
    section per notable incident with each party's figures side by side, an annex
    of incidents, and the numbered sentences and articles every statement cites.
    The filters are those of 'sitroom incidents'.
    """
    from sitroom.brief import build_brief
    from sitroom.brief.render import (
        format_of,
        render_html,
        render_markdown,
        render_pdf,
        write_brief,
    )

    if type_ and type_.upper() not in PLOVER_TYPES:
        raise click.BadParameter(
            f"{type_!r} is not a PLOVER type; one of {', '.join(PLOVER_TYPES)}",
            param_hint="--type",
        )
    f = Filters(
        since=since.date() if since else None,
        until=until.date() if until else None,
        type=type_.upper() if type_ else None,
        country=country.upper() if country else None,
        place=place,
    )
    store = ctx.obj.store()
    try:
        kind = format_of(output, fmt)
        brief = build_brief(store, f, top=top, made=made_time(made), contested=contested)
        if output is not None:
            written = write_brief(brief, output, kind)
            where = ", ".join(str(p) for p in (written.path, *written.figures))
        else:
            out = sys.stdout.buffer
            if kind == "pdf":
                out.write(render_pdf(brief))
            else:
                text = render_html(brief) if kind == "html" else render_markdown(brief)
                out.write(text.encode("utf-8"))
            out.flush()
            where = "standard output"
    except SitroomError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(2)
    finally:
        store.close()
    err.print(
        f"brief ({kind}) of {brief.incidents} incidents, {len(brief.citations)} cited sentences "
        f"from {len(brief.sources)} articles: {escape(where)}",
        soft_wrap=True,
        highlight=False,
    )


def demo_outputs(store: Store, db: str) -> list[tuple[str, Path]]:
    """Write a brief (HTML) and an ACLED CSV of the whole store next to an SQLite ``db``.

    For a database URL they go to the current directory. Returns (what, path) pairs.
    """
    from sitroom.brief import build_brief
    from sitroom.brief.render import write_brief
    from sitroom.export.run import export_to_path

    base = Path("sitroom.db") if "://" in db else Path(db)
    brief_path = base.with_name(f"{base.stem}-brief.html")
    csv_path = base.with_name(f"{base.stem}-incidents.csv")
    write_brief(build_brief(store, Filters()), brief_path, "html")
    export_to_path(store, "acled-csv", Filters(), csv_path)
    return [("Brief", brief_path), ("ACLED CSV", csv_path)]
