"""``sitroom export FORMAT``: the record as ACLED CSV, PLOVER JSON, GeoJSON or Parquet."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from sitroom.errors import SitroomError
from sitroom.export.run import FORMATS
from sitroom.query import Filters

err = Console(stderr=True)
_LEVELS = sorted({level for f in FORMATS.values() for level in f.levels} - {"all"})


def made_time(value: str | None) -> str | None:
    """An ISO 8601 time given on the command line, normalised (UTC when it has no zone)."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 time (e.g. 2024-03-12T09:00:00+00:00)"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat(timespec="seconds")


@click.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(list(FORMATS)))
@click.option(
    "--level",
    type=click.Choice(_LEVELS),
    default=None,
    help="One row per incident (the default for acled-csv and geojson) or per mention "
    "(plover-json is always per mention).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (a directory for parquet); its provenance goes next to it as "
    "FILE.provenance.json. Default: standard output.",
)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="From this date.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Up to this date.")
@click.option("--country", default=None, metavar="ISO3", help="Involving this country.")
@click.option("--type", "type_", default=None, metavar="PLOVER", help="PLOVER type, e.g. ASSAULT.")
@click.option("--place", default=None, help="Place name (or admin region) contains this.")
@click.option("--incident", default=None, help="Only this incident id.")
@click.option("--doc", default=None, help="Only mentions from articles whose name contains this.")
@click.option("--text", default=None, help="Only mentions whose sentence contains this.")
@click.option(
    "--made",
    default=None,
    metavar="TIME",
    help="When the export was made, as ISO 8601, for the provenance. Default: when the "
    "store last changed, so that the same store gives byte-identical files.",
)
@click.pass_context
def export_command(
    ctx: click.Context,
    /,
    fmt: str,
    level: str | None,
    output: Path | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    type_: str | None,
    made: str | None,
    **kw: str | None,
) -> None:
    """Export incidents or mentions as acled-csv, plover-json, geojson or parquet.

    The filters are those of 'sitroom events' and 'sitroom incidents'. acled-csv has
    ACLED's columns first, then sitroom's (claims, denials, low/best/high figures);
    plover-json is one PLOVER record per line; geojson is a FeatureCollection of
    points; parquet writes events, incidents, claims, quotes and articles tables to
    the directory given with -o.
    """
    from sitroom.export.run import export_text, export_to_path

    f = Filters(
        since=since.date() if since else None,
        until=until.date() if until else None,
        type=type_.upper() if type_ else None,
        country=kw["country"].upper() if kw["country"] else None,
        place=kw["place"],
        incident=kw["incident"],
        doc=kw["doc"],
        text=kw["text"],
    )
    stamp = made_time(made)
    store = ctx.obj.store()
    try:
        if output is not None:
            prov = export_to_path(store, fmt, f, output, level, stamp)
            where = f"to {output}"
        else:
            prov, chunks = export_text(store, fmt, f, level, stamp)
            out = sys.stdout.buffer
            for chunk in chunks:
                out.write(chunk.encode("utf-8"))
            out.flush()
            where = "to standard output"
    except SitroomError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(2)
    finally:
        store.close()
    counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in prov.counts.items())
    err.print(f"{fmt} ({prov.level}) {escape(where)}: {counts}", soft_wrap=True, highlight=False)
