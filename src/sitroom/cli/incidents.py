"""CLI commands for incidents, ceasefires and ``sitroom eval coref``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sitroom import labels
from sitroom.cli.eval import eval_group, json_option
from sitroom.cli.tables import (
    AGREEMENT_COLUMNS,
    INCIDENT_COLUMNS,
    agreement_csv_row,
    agreement_row,
    country_option,
    emit,
    format_option,
    incident_csv_row,
    incident_row,
    json_flag,
    type_option,
)
from sitroom.errors import SitroomError
from sitroom.export.records import event_dict
from sitroom.query import Filters
from sitroom.resolve.claims import Claim, Estimate
from sitroom.resolve.query import AgreementRecord, IncidentRecord

err = Console(stderr=True)


def _out() -> Console:
    return Console(width=None if sys.stdout.isatty() else 200)


def _fail(exc: SitroomError) -> None:
    err.print(f"[red]error:[/red] {escape(str(exc))}")
    sys.exit(2)


def _add_row(table: Table, *cells: str) -> None:
    """Add a row of data: cells are shown as they are, never read as console markup."""
    table.add_row(*(escape(c) for c in cells))


def _estimate(e: Estimate) -> str:
    if e.best is None:
        return ""
    if e.low == e.high:
        return str(e.best)
    return f"{e.best} ({e.low}-{e.high})"


def incident_dict(r: IncidentRecord) -> dict[str, Any]:
    """An incident as JSON: figures, contested fields, and mentions and claims when loaded."""
    out: dict[str, Any] = {
        k: getattr(r, k)
        for k in (
            "id",
            "type",
            "mode",
            "status",
            "date",
            "date_precision",
            "place",
            "place_country",
            "place_admin1",
            "lat",
            "lon",
            "contested",
            "countries",
            "n_mentions",
            "n_articles",
            "n_sources",
        )
    }
    out["killed"] = dataclasses.asdict(r.killed)
    out["injured"] = dataclasses.asdict(r.injured)
    if r.mentions:
        out["mentions"] = [{**event_dict(m), "reason": r.reasons.get(m.id, "")} for m in r.mentions]
        out["claims"] = [dataclasses.asdict(c) for c in r.claims]
    return out


def agreement_dict(a: AgreementRecord) -> dict[str, Any]:
    """An agreement as JSON, with its sources and each violation's sources."""
    return {
        "id": a.id,
        "incident_id": a.incident_id,
        "kind": a.kind,
        "parties": a.parties,
        "brokers": a.brokers,
        "agreed": a.agreed,
        "in_force": {
            "local": a.in_force_local,
            "utc": a.in_force_utc,
            "zone": a.in_force_zone,
            "text": a.in_force_text,
        },
        "sources": [event_dict(m) for m in a.sources],
        "violations": [
            {**incident_dict(inc), "reason": why, "sources": [event_dict(m) for m in inc.mentions]}
            for inc, why in a.violations
        ],
    }


def _store(ctx: click.Context) -> Any:
    return ctx.obj.store()


@click.command("incidents")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="From this date.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Up to this date.")
@click.option(
    "--country",
    default=None,
    metavar="COUNTRY",
    callback=country_option,
    help="Involving this country: an ISO-3 code or a name (AZE, Azerbaijan).",
)
@type_option
@click.option("--place", default=None, help="Place name (or admin region) contains this.")
@click.option("--contested", is_flag=True, help="Only incidents whose claimants disagree.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many rows.")
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many rows.")
@format_option
@json_flag
@click.pass_context
def incidents_command(
    ctx: click.Context,
    /,
    since: dt.datetime | None,
    until: dt.datetime | None,
    type_: str | None,
    contested: bool,
    fmt: str,
    as_json: bool,
    **kw: Any,
) -> None:
    """List incidents: one row per real-world event however many articles report it."""
    from sitroom.resolve.query import select_incidents

    f = Filters(
        since=since.date() if since else None,
        until=until.date() if until else None,
        type=type_,
        **kw,
    )
    store = _store(ctx)
    try:
        rows = select_incidents(store, f, contested=contested)
    finally:
        store.close()
    fmt = "json" if as_json else fmt
    emit(
        [incident_dict(r) for r in rows] if fmt == "json" else [],
        [(incident_csv_row if fmt == "csv" else incident_row)(r) for r in rows],
        fmt,
        INCIDENT_COLUMNS,
        "incidents",
    )


class _IncidentGroup(click.Group):
    """``sitroom incident ID`` shows an incident; ``merge`` and ``split`` correct them."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group("incident", cls=_IncidentGroup)
def incident_group() -> None:
    """Show one incident (sitroom incident ID), or merge and split incidents."""


def _claims_table(claims: list[Claim]) -> Table:
    table = Table(title="claims")
    for col in ("claimant", "killed", "injured", "victims", "blames", "denies", "articles"):
        table.add_column(col, overflow="fold")
    for c in claims:
        _add_row(
            table,
            labels.claimant_label(c.claimant, c.country, c.sector),
            "" if c.killed is None else str(c.killed),
            "" if c.injured is None else str(c.injured),
            ", ".join(labels.SECTOR_WORDS.get(v) or v for v in c.victim_sectors),
            ", ".join(labels.country_label(b) for b in c.blames),
            "yes" if c.denies else "",
            str(len(c.articles)),
        )
    return table


@incident_group.command("show")
@click.argument("incident_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def incident_show(ctx: click.Context, incident_id: str, as_json: bool) -> None:
    """Every mention of INCIDENT_ID with its sentence and source, and the claims side by side."""
    from sitroom.resolve.query import get_incident

    store = _store(ctx)
    try:
        rec = get_incident(store, incident_id)
    finally:
        store.close()
    if rec is None:
        err.print(
            f"[red]error:[/red] no incident {escape(repr(incident_id))}; "
            "list them with 'sitroom incidents'"
        )
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(incident_dict(rec), ensure_ascii=False, indent=2))
        return
    out = _out()
    name = labels.incident_name(rec.type, rec.mode, rec.place, rec.date, countries=rec.countries)
    where = labels.place_label(rec.place, rec.place_admin1, rec.place_country) or "place unknown"
    out.print(
        f"[bold]{escape(name)}[/bold]  ({escape(rec.id)}, {labels.kind_code(rec.type, rec.mode)})\n"
        f"{escape(where)}  killed {_estimate(rec.killed) or '-'}  "
        f"injured {_estimate(rec.injured) or '-'}  "
        f"independent sources {rec.n_sources} of {rec.n_articles} articles  "
        f"contested: {escape(labels.contested_label(rec.contested)) or 'nothing'}",
        highlight=False,
        markup=True,
    )
    table = Table(title="mentions")
    for col in ("event", "article", "date", "what", "sentence", "why joined"):
        table.add_column(col, overflow="fold")
    for m in rec.mentions:
        _add_row(
            table,
            str(m.id),
            m.outlet or m.doc,
            labels.date_label(m.event.date),
            labels.event_summary(m.event),
            m.sentence.strip(),
            rec.reasons.get(m.id, "") or "first mention",
        )
    out.print(table)
    out.print(_claims_table(rec.claims))


def _member_keys(store: Any, incident_id: str) -> dict[int, str]:
    from sitroom.query import select_events
    from sitroom.resolve.overrides import mention_key

    return {r.id: mention_key(r) for r in select_events(store, Filters(incident=incident_id))}


@incident_group.command("merge")
@click.argument("first")
@click.argument("others", nargs=-1, required=True)
@click.option("--note", default="", help="Why (kept with the override).")
@click.pass_context
def incident_merge(ctx: click.Context, first: str, others: tuple[str, ...], note: str) -> None:
    """Merge incidents OTHERS into FIRST; stored as an override that survives reprocessing."""
    from sitroom.resolve.incidents import resolve_incidents
    from sitroom.store.incidents import add_override

    store = _store(ctx)
    try:
        keys: list[str] = []
        for inc in (first, *others):
            found = _member_keys(store, inc)
            if not found:
                err.print(f"[red]error:[/red] no incident {escape(repr(inc))}")
                sys.exit(1)
            keys.extend(found.values())
        number = add_override(store, "merge", {"": keys}, note)
        total = resolve_incidents(store)
    except SitroomError as exc:
        _fail(exc)
    finally:
        store.close()
    click.echo(f"override #{number}: merged {len(others) + 1} incidents; {total} incidents now")


@incident_group.command("split")
@click.argument("incident_id")
@click.option(
    "--mention",
    "mentions",
    type=int,
    multiple=True,
    required=True,
    help="Event id to move into a new incident (repeat for several).",
)
@click.option("--note", default="", help="Why (kept with the override).")
@click.pass_context
def incident_split(
    ctx: click.Context, incident_id: str, mentions: tuple[int, ...], note: str
) -> None:
    """Move the given mentions out of INCIDENT_ID into an incident of their own."""
    from sitroom.resolve.incidents import resolve_incidents
    from sitroom.store.incidents import add_override

    store = _store(ctx)
    try:
        members = _member_keys(store, incident_id)
        unknown = sorted(set(mentions) - set(members))
        if not members or unknown:
            err.print(
                f"[red]error:[/red] {escape(repr(incident_id))} has no mention(s) "
                f"{escape(str(unknown or list(mentions)))}; "
                f"see 'sitroom incident {escape(incident_id)}'"
            )
            sys.exit(1)
        moved = [members[m] for m in mentions]
        stays = [k for e, k in members.items() if e not in mentions]
        if not stays:
            err.print("[red]error:[/red] a split must leave at least one mention behind")
            sys.exit(1)
        number = add_override(store, "split", {"a": stays, "b": moved}, note)
        total = resolve_incidents(store)
    except SitroomError as exc:
        _fail(exc)
    finally:
        store.close()
    click.echo(f"override #{number}: moved {len(moved)} mention(s); {total} incidents now")


@click.command("ceasefires")
@format_option
@json_flag
@click.pass_context
def ceasefires_command(ctx: click.Context, fmt: str, as_json: bool) -> None:
    """Ceasefires and truces, newest first: parties, broker, when agreed and in force,
    violations after."""
    from sitroom.resolve.query import select_agreements

    store = _store(ctx)
    try:
        rows = select_agreements(store)
    finally:
        store.close()
    rows.sort(key=lambda a: (a.agreed is not None, a.agreed or ""), reverse=True)
    fmt = "json" if as_json else fmt
    emit(
        [agreement_dict(a) for a in rows] if fmt == "json" else [],
        [(agreement_csv_row if fmt == "csv" else agreement_row)(a) for a in rows],
        fmt,
        AGREEMENT_COLUMNS,
        "ceasefires",
    )


@eval_group.command("coref")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@json_option
@click.pass_context
def eval_coref(ctx: click.Context, directory: Path, as_json: bool) -> None:
    """Cluster the gold event mentions of an ECB+-format DIRECTORY (documents.jsonl,
    mentions.jsonl) and score MUC, B-cubed, CEAF-e and CoNLL F1 (gold-mention setting)."""
    from sitroom.cli.eval import _nlp, _run
    from sitroom.eval.coref import evaluate_coref

    _run("coref", as_json, lambda: evaluate_coref(directory, _nlp(ctx)))
