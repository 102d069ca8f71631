"""The sitroom command line: parse arguments, call the library, format output."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sitroom import query
from sitroom.cli.brief import brief_command, demo_outputs
from sitroom.cli.eval import eval_group
from sitroom.cli.export import export_command
from sitroom.cli.incidents import ceasefires_command, incident_group, incidents_command
from sitroom.cli.serve import serve
from sitroom.cli.tables import (
    EVENT_COLUMNS,
    QUOTE_COLUMNS,
    country_option,
    event_row,
    format_option,
    print_table,
    quote_row,
    type_option,
)
from sitroom.config import Settings, load_settings
from sitroom.errors import SitroomError
from sitroom.export.records import article_dict, event_dict, flatten, quote_dict

err = Console(stderr=True)


class Context:
    """What every command needs: the settings (and a store opened on demand)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def store(self) -> Any:
        from sitroom.store import Store

        return Store.open(self.settings.db)


def _fail(exc: SitroomError) -> None:
    # Messages name inputs: data, never read as console markup (a path may hold "[/red]").
    err.print(f"[red]error:[/red] {escape(str(exc))}")
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="SITROOM_DB",
    default=None,
    metavar="PATH|URL",
    help="Database: an SQLite file path or a postgresql:// URL. "
    "Default: sitroom.db, or the SITROOM_DB environment variable.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Settings file (default: ./sitroom.toml when present).",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(package_name="sitroom")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_file: str | None, verbose: int) -> None:
    """sitroom: a sourced, queryable record of conflict events, claims and statements.

    Ingest news articles, then query events, quotes and articles, each fact
    linked to the sentence and article it came from.
    """
    logging.basicConfig(
        level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)],
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        ctx.obj = Context(load_settings(config_file, db=db))
    except SitroomError as exc:
        _fail(exc)


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}", markup=False),  # an input's name: data
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def run_ingest(
    obj: Context,
    paths: Sequence[str],
    reprocess: bool = False,
    show_progress: bool = True,
    resources: Any = None,
    engine: str = "local",
    address: str | None = None,
    ray_workers: int | None = None,
) -> Any:
    """Ingest with a progress bar and print the closing summary; returns the summary.

    ``engine="ray"`` parses and extracts on a Ray cluster (``address``, or a local
    runtime) in ``ray_workers`` actors (default: one per CPU of the cluster).
    """
    from sitroom.ingest import count_inputs
    from sitroom.process import ingest

    settings = obj.settings
    store = obj.store()
    try:
        total = count_inputs(paths, settings)
        with contextlib.ExitStack() as stack:
            extract_with = None
            if engine == "ray":
                from sitroom.engine import ray_extractor

                extract_with = stack.enter_context(
                    ray_extractor(settings, address=address, workers=ray_workers)
                )
            bar = stack.enter_context(_progress())
            task = bar.add_task("ingesting", total=total, current="")

            def tick(name: str) -> None:
                bar.update(task, advance=1, current=name[-40:])

            summary = ingest(
                paths,
                store,
                settings,
                reprocess=reprocess,
                on_progress=tick if show_progress else None,
                resources=resources,
                extract_with=extract_with,
                resolve_with=extract_with.resolve if extract_with is not None else None,
            )
        from sitroom.store.incidents import count_incidents

        incidents = count_incidents(store)
    finally:
        store.close()
    line = (
        f"read {summary.read}, new {summary.new}, unchanged {summary.unchanged}, "
        f"reprocessed {summary.reprocessed}, near-duplicate {summary.near_duplicate}, "
        f"non-English {summary.non_english}, failed {len(summary.failed)}; "
        f"{incidents} incidents in the store"
    )
    err.print(line, soft_wrap=True)
    for failure in summary.failed:
        err.print(
            f"  [yellow]failed[/yellow] {escape(failure.source)}: {escape(failure.reason)}",
            soft_wrap=True,
            markup=True,
            highlight=False,
        )
    return summary


@cli.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--reprocess", is_flag=True, help="Re-extract articles already stored (one transaction each)."
)
@click.option(
    "--watch",
    "watch_dir",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    metavar="DIR",
    help="After PATHS, keep watching DIR: its files first, then each file that arrives "
    "(once it stops changing), until Ctrl-C.",
)
@click.option(
    "--poll",
    type=click.FloatRange(0.1, 3600),
    default=2.0,
    show_default=True,
    help="Seconds between looks at the --watch directory.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where articles are parsed and extracted: on this machine, or in a pool of Ray "
    "actors (needs sitroom[ray]); storing and resolving stay in this process either way, "
    "and the store ends the same.",
)
@click.option(
    "--address",
    default=None,
    metavar="ADDR",
    help="With --engine ray: the Ray cluster to join (HOST:PORT of its head, or 'auto'). "
    "Default: a local Ray runtime on this machine's cores, ended with the run.",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    default=None,
    help="Processes that parse with spaCy while this one extracts and stores; "
    "0 parses in this process. Default: 1. With --engine ray: Ray actors that parse "
    "and extract (default or 0: one per CPU of the cluster).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000),
    default=None,
    help="Articles per nlp.pipe batch (small batches let extraction overlap parsing). Default: 4.",
)
@click.option(
    "--allow-private-urls",
    is_flag=True,
    default=None,
    help="Fetch URLs, redirects and feed links on loopback, link-local and private "
    "addresses (refused by default: a feed written by others must not reach your network).",
)
@click.option(
    "--article-timeout",
    type=click.IntRange(0),
    default=None,
    metavar="SECONDS",
    help="Seconds one article may take to clean, parse or extract before it is skipped "
    "with a reason; 0: no limit. Default: 30.",
)
@click.pass_obj
def ingest(
    obj: Context,
    paths: tuple[str, ...],
    reprocess: bool,
    watch_dir: str | None,
    poll: float,
    engine: str,
    address: str | None,
    workers: int | None,
    batch_size: int | None,
    allow_private_urls: bool | None,
    article_timeout: int | None,
) -> None:
    """Read articles from PATHS (files, directories, URLs) into the database.

    Formats: .txt, .html/.htm, .json and .jsonl (fields: text, and optional
    title, url, published, outlet; news-please layouts too), .warc/.warc.gz web
    archives, and http(s) URLs of pages or RSS/Atom feeds. Identical content
    already stored is skipped. A bad input is reported with its reason and the
    rest goes on; the exit status is non-zero only when nothing could be ingested.
    """
    if not paths and not watch_dir:
        raise click.UsageError("give PATHS to ingest, or --watch DIR")
    if engine == "ray" and watch_dir:
        raise click.UsageError("--engine ray ingests PATHS; --watch runs on this machine only")
    if address and engine != "ray":
        raise click.UsageError("--address is the Ray cluster of --engine ray")
    ray = {"engine": engine, "address": address, "ray_workers": workers or None}
    obj.settings = obj.settings.replace(
        workers=None if engine == "ray" else workers,
        batch_size=batch_size,
        allow_private_urls=allow_private_urls or None,  # unset: the config decides
        article_timeout_s=article_timeout,
    )
    try:
        if paths:
            summary = run_ingest(obj, paths, reprocess, **ray)
            if summary.failed and summary.stored == 0 and not watch_dir:
                sys.exit(1)
        if watch_dir:
            _watch(obj, watch_dir, poll)
    except SitroomError as exc:
        _fail(exc)


def _watch(obj: Context, directory: str, poll: float) -> None:
    """Ingest the files of ``directory``, then each round of files that arrive, until Ctrl-C."""
    from sitroom.ingest import watch_files
    from sitroom.process import load_resources

    resources = load_resources(obj.settings)  # once, not per round
    err.print(
        f"watching {escape(directory)} (every {poll:g} s; Ctrl-C to stop)",
        soft_wrap=True,
        highlight=False,
    )
    try:
        for files in watch_files(directory, poll_seconds=poll):
            run_ingest(obj, [str(f) for f in files], resources=resources)
    except KeyboardInterrupt:
        err.print(f"stopped watching {escape(directory)}", soft_wrap=True, highlight=False)


def _filter_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--since",
            type=click.DateTime(["%Y-%m-%d"]),
            default=None,
            help="Only from this date on (YYYY-MM-DD); month- or year-precision "
            "dates count when their period reaches it.",
        ),
        click.option(
            "--until",
            type=click.DateTime(["%Y-%m-%d"]),
            default=None,
            help="Only up to this date (YYYY-MM-DD).",
        ),
        click.option(
            "--country",
            default=None,
            metavar="COUNTRY",
            callback=country_option,
            help="Involving this country: an ISO-3 code or a name (AZE, Azerbaijan).",
        ),
        click.option("--doc", default=None, help="Only from articles whose name contains this."),
        click.option(
            "--limit", type=click.IntRange(1), default=None, help="At most this many rows."
        ),
        click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many rows."),
        format_option,
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _filters(**kw: Any) -> query.Filters:
    for key in ("since", "until"):
        if isinstance(kw.get(key), dt.datetime):
            kw[key] = kw[key].date()
    return query.Filters(**{k: v for k, v in kw.items() if k in query.Filters.__dataclass_fields__})


def _query(
    obj: Context,
    select: Callable[[Any, query.Filters], list[Any]],
    to_dict: Callable[[Any], dict[str, Any]],
    f: query.Filters,
) -> list[dict[str, Any]]:
    """Run one query-layer selection on the store and serialise its records."""
    store = obj.store()
    try:
        return [to_dict(r) for r in select(store, f)]
    finally:
        store.close()


def _emit(rows: list[dict[str, Any]], fmt: str, columns: list[str], title: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    flat = [flatten(r, compact=fmt == "table") for r in rows]
    if fmt == "csv":
        # Text as stored, less the blank lines a sentence's span can end in.
        flat = [{k: v.rstrip() if isinstance(v, str) else v for k, v in r.items()} for r in flat]
        keys: list[str] = []
        for r in flat:
            keys.extend(k for k in r if k not in keys)
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=keys, restval="")
        writer.writeheader()
        writer.writerows(flat)
        click.echo(buf.getvalue(), nl=False)
        return
    print_table(flat, columns, title)


@cli.command()
@_filter_options
@click.option("--text", default=None, help="Only articles whose text contains this.")
@click.pass_obj
def articles(obj: Context, fmt: str, **kw: Any) -> None:
    """List stored articles with outlet, publication date and what was extracted."""
    _emit(
        _query(obj, query.select_articles, article_dict, _filters(**kw)),
        fmt,
        ["id", "doc", "outlet", "published", "published_inferred", "language", "events", "quotes"],
        "articles",
    )


@cli.command()
@_filter_options
@type_option
@click.option("--place", default=None, help="Place name (or admin region) contains this.")
@click.option("--incident", default=None, help="Only mentions of this incident id.")
@click.pass_obj
def events(obj: Context, fmt: str, type_: str | None, **kw: Any) -> None:
    """List event mentions: date, what happened in words, the source sentence and article."""
    f = _filters(type=type_, **kw)
    if fmt != "table":
        _emit(_query(obj, query.select_events, event_dict, f), fmt, [], "events")
        return
    rows = _query(obj, query.select_events, event_row, f)
    _emit(rows, fmt, list(EVENT_COLUMNS), "events")


@cli.command()
@_filter_options
@click.option(
    "--speaker",
    default=None,
    help=(
        "Speaker name contains this; every other spelling of the same party (its canonical"
        " entity) is listed too."
    ),
)
@click.pass_obj
def quotes(obj: Context, fmt: str, **kw: Any) -> None:
    """List quotes and reported statements with their speakers, verbatim."""
    f = _filters(**kw)
    if fmt != "table":
        _emit(_query(obj, query.select_quotes, quote_dict, f), fmt, [], "quotes")
        return
    _emit(_query(obj, query.select_quotes, quote_row, f), fmt, list(QUOTE_COLUMNS), "quotes")


@cli.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False), default="examples")
@click.pass_context
def demo(ctx: click.Context, directory: str) -> None:
    """Ingest the example articles in DIRECTORY and show what sitroom found."""
    obj: Context = ctx.obj
    try:
        run_ingest(obj, [directory])
    except SitroomError as exc:
        _fail(exc)
    ctx.invoke(
        events,
        fmt="table",
        type_=None,
        since=None,
        until=None,
        country=None,
        doc=None,
        limit=None,
        offset=0,
        place=None,
        incident=None,
    )
    ctx.invoke(
        quotes,
        fmt="table",
        since=None,
        until=None,
        country=None,
        doc=None,
        limit=None,
        offset=0,
        speaker=None,
    )
    db = obj.settings.db
    store = obj.store()
    try:
        written = demo_outputs(store, db)
    except SitroomError as exc:
        _fail(exc)
    finally:
        store.close()
    click.echo("")
    for what, path in written:
        click.echo(f"{what}: {path}")
    click.echo(
        "\nNext, try:\n"
        f"  .venv/bin/sitroom --db {db} events --type ASSAULT\n"
        f"  .venv/bin/sitroom --db {db} events --country AZE --since 2020-10-01 --format json\n"
        f"  .venv/bin/sitroom --db {db} quotes --speaker Khatibzadeh\n"
        f"  .venv/bin/sitroom --db {db} articles --format csv\n"
        f"  .venv/bin/sitroom --db {db} brief --since 2024-03-01 -o brief.pdf\n"
        f"  .venv/bin/sitroom --db {db} ingest ../shared/seeds\n"
        "  .venv/bin/sitroom eval gold ../shared/gold/seeds.jsonl --docs ../shared/seeds\n"
    )


cli.add_command(eval_group)
cli.add_command(incidents_command)
cli.add_command(incident_group)
cli.add_command(ceasefires_command)
cli.add_command(export_command)
cli.add_command(brief_command)
cli.add_command(serve)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="sitroom")


if __name__ == "__main__":
    main()
