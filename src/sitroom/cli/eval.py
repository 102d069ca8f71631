"""``sitroom eval``: score sitroom against gold files and public benchmarks."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sitroom.config import Settings
from sitroom.errors import SitroomError

err = Console(stderr=True)


def _print_scores(title: str, scores: dict[str, Any], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(scores, indent=2, sort_keys=True, default=str))
        return
    table = Table(title=title)
    table.add_column("metric")
    table.add_column("value", justify="right")
    nested: dict[str, dict[str, Any]] = {}
    for key, value in scores.items():
        if isinstance(value, dict):
            nested[key] = value
            continue
        table.add_row(
            escape(key), escape(f"{value:.3f}" if isinstance(value, float) else str(value))
        )
    Console().print(table)
    for key, sub in nested.items():
        t = Table(title=escape(key))
        cols = sorted({c for v in sub.values() if isinstance(v, dict) for c in v})
        t.add_column("")
        for c in cols:
            t.add_column(escape(c), justify="right")
        for name, v in sorted(sub.items()):
            t.add_row(
                escape(name),
                *(
                    escape(
                        f"{v.get(c, 0):.3f}" if isinstance(v.get(c), float) else str(v.get(c, ""))
                    )
                    for c in cols
                ),
            )
        Console().print(t)


def _run(title: str, as_json: bool, fn: Callable[[], dict[str, Any]]) -> None:
    try:
        scores = fn()
    except SitroomError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(2)
    _print_scores(title, scores, as_json)


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj.settings if ctx.obj is not None else Settings()


def _nlp(ctx: click.Context) -> Any:
    from sitroom.nlp.pipeline import load_pipeline

    return load_pipeline(_settings(ctx))


json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
file_argument = click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))


@click.group("eval")
def eval_group() -> None:
    """Score sitroom against gold annotations and public benchmarks."""


@eval_group.command("gold")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--docs",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="Directory holding the articles the gold file names.",
)
@json_option
@click.pass_context
def eval_gold(ctx: click.Context, gold: Path, docs: Path, as_json: bool) -> None:
    """Ingest DOCS into a temporary store and score events, quotes, articles and incidents
    against GOLD with the matching rules of the gold SCHEMA.md."""
    from sitroom.eval.gold import evaluate_gold

    _run("gold", as_json, lambda: evaluate_gold(gold, docs, _settings(ctx)))


@eval_group.command("timex")
@file_argument
@json_option
@click.pass_context
def eval_timex(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Score time expressions on a TIMEX3 JSONL FILE (doc, dct, text, timex) with
    TempEval-3 rules: strict/relaxed span P/R/F1, type and value accuracy, value F1."""
    from sitroom.eval.timex import evaluate_timex

    _run("timex", as_json, lambda: evaluate_timex(file, _nlp(ctx)))


@eval_group.command("geo")
@file_argument
@json_option
@click.pass_context
def eval_geo(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Score toponym recognition and resolution on a GeoVirus-format JSONL FILE:
    acc@161 and median error on gold spans and end to end, recognition P/R/F1."""
    from sitroom.eval.geo import evaluate_geo

    _run("geo", as_json, lambda: evaluate_geo(file, _nlp(ctx)))


@eval_group.command("quotes")
@file_argument
@json_option
@click.pass_context
def eval_quotes(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Score quote attribution on a JSONL FILE of texts with source/cue/content spans:
    P/R/F1 on content overlap, source and cue accuracy on matches."""
    from sitroom.eval.quotes import evaluate_attributions

    _run("quotes", as_json, lambda: evaluate_attributions(file, _nlp(ctx)))


@eval_group.command("plover")
@file_argument
@json_option
@click.pass_context
def eval_plover(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Score event coding on a PLOVER GSR JSONL FILE: event-type accuracy, source and
    target country accuracy, macro F1 (FIGHT counted as ASSAULT)."""
    from sitroom.eval.plover import evaluate_plover

    _run("plover", as_json, lambda: evaluate_plover(file, _nlp(ctx)))


@eval_group.command("acled")
@file_argument
@json_option
@click.pass_context
def eval_acled(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Classify each snippet of a JSONL FILE (doc, text, label) into CASE-2021 ACLED
    sub-event codes; report accuracy and macro F1."""
    from sitroom.eval.acled import evaluate_acled

    _run("acled", as_json, lambda: evaluate_acled(file, _nlp(ctx)))


@eval_group.command("gate")
@click.option(
    "--floors",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("eval/floors.toml"),
    show_default=True,
    help="Floors file.",
)
@click.option(
    "--shared",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("../shared"),
    show_default=True,
    help="Folder with gold/, seeds/ and benchmarks/.",
)
@click.pass_context
def eval_gate(ctx: click.Context, floors: Path, shared: Path) -> None:
    """Fail (exit 1) when any score falls below its floor by more than the noise."""
    from sitroom.eval.gate import run_gate

    try:
        noise, checks = run_gate(
            floors, shared, _settings(ctx), on_suite=lambda s: err.print(f"scoring {s} ...")
        )
    except SitroomError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(2)
    table = Table(title=f"evaluation gate (noise {noise})")
    for col in ("suite", "metric", "floor", "value", "result"):
        table.add_column(col)
    failed = 0
    for c in checks:
        ok = c.passed(noise)
        failed += not ok
        value = "missing" if c.value is None else f"{c.value:.3f}"
        table.add_row(
            c.suite,
            c.metric,
            f"{c.floor:.3f}",
            value,
            "[green]ok[/green]" if ok else "[red]BELOW FLOOR[/red]",
        )
    Console().print(table)
    if failed:
        err.print(f"[red]{failed} score(s) below floor[/red]")
        sys.exit(1)
