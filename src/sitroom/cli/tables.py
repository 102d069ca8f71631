"""What the CLI's tables print: records in words (from sitroom.labels, as the web UI shows
them), and the options that read names where codes are stored."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from sitroom import labels
from sitroom.model import PLOVER_TYPES
from sitroom.query import EventRecord, QuoteRecord
from sitroom.resolve.query import AgreementRecord, IncidentRecord

EVENT_COLUMNS = ("id", "date", "event", "sentence", "article")
QUOTE_COLUMNS = ("id", "date", "speaker", "said", "article")
INCIDENT_COLUMNS = ("date", "incident", "killed", "injured", "sources", "contested", "id")
AGREEMENT_COLUMNS = ("agreed", "agreement", "brokers", "in force", "violations", "id")


def country_option(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--country``: an ISO-3 code or a country name, as its ISO-3 code; else a usage error."""
    if value is None:
        return None
    code = labels.country_code(value)
    if not code:
        raise click.BadParameter(
            f"{value!r} is not a country: give an ISO-3 code or a name (e.g. AZE or Azerbaijan)",
            param=param,
        )
    return code


def type_callback(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--type``: a PLOVER type or its word, as the type; else a usage error naming them."""
    if value is None:
        return None
    code = labels.type_code(value)
    if not code:
        choices = ", ".join(f"{t} ({labels.type_label(t).lower()})" for t in PLOVER_TYPES)
        raise click.BadParameter(f"{value!r} is not an event type; one of {choices}", param=param)
    return code


type_option = click.option(
    "--type",
    "type_",
    default=None,
    metavar="TYPE",
    callback=type_callback,
    help="Event type: a PLOVER type or its word (ASSAULT or attack, AGREE, DEMAND).",
)


def event_row(r: EventRecord) -> dict[str, Any]:
    """An event mention as a table row: its date, what happened in words, its sentence."""
    return {
        "id": r.id,
        "date": labels.date_label(r.event.date),
        "event": labels.event_summary(r.event),
        "sentence": r.sentence.strip(),
        "article": r.doc,
    }


def quote_row(r: QuoteRecord) -> dict[str, Any]:
    """A statement as a table row: direct speech in quotation marks, reported speech as
    the article words it, the text verbatim."""
    q = r.quote
    speaker = (labels.actor_label(q.speaker_actor) if q.speaker_actor else "") or q.speaker
    said = f"“{q.content}”" if q.direct else q.content
    if q.relay:
        speaker = f"{speaker} (via {q.relay})"  # the outlet that relayed the statement
    return {
        "id": r.id,
        "date": labels.date_label(q.date),
        "speaker": speaker,
        "said": f"{q.cue}: {said}" if q.direct and q.cue else f"{q.cue} {said}".strip(),
        "article": r.doc,
    }


def _estimate(best: int | None, low: int | None, high: int | None) -> str:
    if best is None:
        return ""
    return str(best) if low == high else f"{best} ({low}-{high})"


def incident_row(r: IncidentRecord) -> dict[str, Any]:
    """An incident as a table row: its name, figures, sources and what is contested."""
    return {
        "date": labels.date_label(r.date),
        "incident": labels.incident_name(r.type, r.mode, r.place, r.date, countries=r.countries),
        "killed": _estimate(r.killed.best, r.killed.low, r.killed.high),
        "injured": _estimate(r.injured.best, r.injured.low, r.injured.high),
        "sources": f"{r.n_sources} of {r.n_articles}",
        "contested": labels.contested_label(r.contested),
        "id": r.id,
    }


def agreement_row(a: AgreementRecord) -> dict[str, Any]:
    """An agreement as a table row: its name, brokers, start and violations by name."""
    utc = a.in_force_utc or ""
    start = (utc if utc.endswith("Z") else f"{utc} UTC") if utc else a.in_force_local or ""
    if a.in_force_zone:
        start += f" (local {a.in_force_local}, {a.in_force_zone})"
    return {
        "agreed": labels.date_label(a.agreed),
        "agreement": labels.agreement_name(a.kind, a.parties, a.agreed),
        "brokers": ", ".join(a.brokers),
        "in force": start,
        "violations": "; ".join(
            labels.incident_name(inc.type, inc.mode, inc.place, inc.date, countries=inc.countries)
            for inc, _ in a.violations
        ),
        "id": a.incident_id,
    }


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format.",
)
json_flag = click.option(
    "--json", "as_json", is_flag=True, hidden=True, help="Same as --format json (kept for scripts)."
)


def incident_csv_row(r: IncidentRecord) -> dict[str, Any]:
    """An incident as a CSV row: its name beside every code and figure."""
    return {
        "id": r.id,
        "name": labels.incident_name(r.type, r.mode, r.place, r.date, countries=r.countries),
        "date": r.date,
        "date_precision": r.date_precision,
        "type": r.type,
        "mode": r.mode,
        "status": r.status,
        "place": r.place,
        "place_admin1": r.place_admin1,
        "place_country": r.place_country,
        "lat": r.lat,
        "lon": r.lon,
        **{f"killed_{k}": getattr(r.killed, k) for k in ("low", "best", "high")},
        **{f"injured_{k}": getattr(r.injured, k) for k in ("low", "best", "high")},
        "contested": "-".join(r.contested),
        "countries": "-".join(r.countries),
        "n_mentions": r.n_mentions,
        "n_articles": r.n_articles,
        "n_sources": r.n_sources,
    }


def agreement_csv_row(a: AgreementRecord) -> dict[str, Any]:
    """An agreement as a CSV row: its name beside its codes, times and violations' ids."""
    return {
        "id": a.id,
        "incident_id": a.incident_id,
        "name": labels.agreement_name(a.kind, a.parties, a.agreed),
        "kind": a.kind,
        "parties": "-".join(a.parties),
        "brokers": "; ".join(a.brokers),
        "agreed": a.agreed,
        "in_force_local": a.in_force_local,
        "in_force_utc": a.in_force_utc,
        "in_force_zone": a.in_force_zone,
        "in_force_text": a.in_force_text,
        "violations": " ".join(inc.id for inc, _ in a.violations),
    }


def emit(
    records: list[dict[str, Any]],
    flat: list[dict[str, Any]],
    fmt: str,
    columns: Sequence[str],
    title: str,
) -> None:
    """Print ``records`` (JSON dicts) as JSON, or ``flat`` rows as CSV (every key) or as a
    table (``columns``). Text is printed verbatim: never read as console markup.
    """
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        keys: list[str] = []
        for r in flat:
            keys.extend(k for k in r if k not in keys)
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=keys, restval="")
        writer.writeheader()
        # Text as stored, less the blank lines a span can end in.
        writer.writerows(
            {k: v.rstrip() if isinstance(v, str) else v for k, v in r.items()} for r in flat
        )
        click.echo(buf.getvalue(), nl=False)
        return
    print_table(flat, columns, title)


LONG = frozenset({"event", "sentence", "said", "incident", "agreement", "violations"})
"""Columns of running text: on a narrow terminal they get lines of their own."""
NARROW = 120
"""Terminals narrower than this get one block per record instead of a table."""


def print_table(rows: list[dict[str, Any]], columns: Sequence[str], title: str) -> None:
    """A table of ``columns``; on a terminal narrower than ``NARROW``, one block per
    record (its short fields on a line, each running text on lines of its own), so that
    nothing is folded into fragments. Text is never read as console markup."""
    # A terminal's own width (or COLUMNS); piped output is laid out 200 wide.
    console = Console(width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 200)

    def cell(r: dict[str, Any], c: str) -> str:
        return "" if r.get(c) is None else escape(str(r.get(c)))

    if console.width < NARROW:
        console.print(f"{escape(title)} ({len(rows)})", highlight=False)
        for r in rows:
            head = "  ".join(cell(r, c) for c in columns if c not in LONG and cell(r, c))
            console.print(f"\n[bold]{head}[/bold]", highlight=False)
            for c in columns:
                if c in LONG and cell(r, c):
                    console.print(Padding(cell(r, c), (0, 0, 0, 2), expand=False), highlight=False)
        return
    table = Table(title=f"{title} ({len(rows)})")
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*(cell(r, c) for c in columns))
    console.print(table)
