"""The evaluation gate: every recorded score must stay at or above its floor.

Floors live in a checked-in TOML file (``eval/floors.toml``), one table per
suite. A score may fall below its floor by at most ``noise`` before the gate
fails; floors are raised as work improves and never lowered silently.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.config import Settings
from sitroom.errors import EvalError

Suite = Callable[[Path, Settings], dict[str, Any]]


def _gold(shared: Path, settings: Settings) -> dict[str, Any]:
    from sitroom.eval.gold import evaluate_gold

    return evaluate_gold(shared / "gold" / "seeds.jsonl", shared / "seeds", settings)


def _nlp(settings: Settings) -> Any:
    from sitroom.nlp.pipeline import load_pipeline

    return load_pipeline(settings)


def _timex(shared: Path, settings: Settings) -> dict[str, Any]:
    from sitroom.eval.timex import evaluate_timex

    path = shared / "benchmarks" / "time" / "meantime" / "meantime_en.jsonl"
    return evaluate_timex(path, _nlp(settings))


def _geo(shared: Path, settings: Settings) -> dict[str, Any]:
    from sitroom.eval.geo import evaluate_geo

    return evaluate_geo(
        shared / "benchmarks" / "geo" / "geovirus" / "geovirus.jsonl", _nlp(settings)
    )


def _plover(shared: Path, settings: Settings) -> dict[str, Any]:
    from sitroom.eval.plover import evaluate_plover

    path = shared / "benchmarks" / "events" / "plover_gsr" / "plover_gsr.jsonl"
    return evaluate_plover(path, _nlp(settings))


def _coref(shared: Path, settings: Settings) -> dict[str, Any]:
    from sitroom.eval.coref import evaluate_coref

    return evaluate_coref(shared / "benchmarks" / "coref" / "ecbplus_dev", _nlp(settings))


SUITES: dict[str, Suite] = {
    "gold": _gold,
    "timex": _timex,
    "geo": _geo,
    "plover": _plover,
    "coref": _coref,
}
"""Suite name -> function computing its scores from the shared folder."""


@dataclass(frozen=True, slots=True)
class Check:
    """One metric compared with its floor."""

    suite: str
    metric: str
    floor: float
    value: float | None

    def passed(self, noise: float) -> bool:
        """True when the value is present and no more than ``noise`` below the floor."""
        return self.value is not None and self.value >= self.floor - noise


def load_floors(path: Path) -> tuple[float, dict[str, dict[str, float]]]:
    """Read the floors file: (noise, suite -> metric -> floor)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise EvalError(f"{path}: cannot read floors ({exc})") from exc
    noise = float(data.pop("noise", 0.01))
    floors: dict[str, dict[str, float]] = {}
    for suite, metrics in data.items():
        if suite not in SUITES:
            raise EvalError(f"{path}: unknown suite [{suite}]; known: {', '.join(SUITES)}")
        floors[suite] = {k: float(v) for k, v in metrics.items()}
    return noise, floors


def run_gate(
    floors_path: Path,
    shared: Path,
    settings: Settings,
    on_suite: Callable[[str], None] | None = None,
) -> tuple[float, list[Check]]:
    """Compute every suite named in the floors file and compare each metric."""
    noise, floors = load_floors(floors_path)
    checks: list[Check] = []
    for suite, metrics in floors.items():
        if on_suite:
            on_suite(suite)
        scores = SUITES[suite](shared, settings)
        for metric, floor in metrics.items():
            value = scores.get(metric)
            checks.append(
                Check(
                    suite, metric, floor, float(value) if isinstance(value, int | float) else None
                )
            )
    return noise, checks
