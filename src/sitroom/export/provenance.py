"""What an export was made from: sitroom and extractor versions, filters, and when.

Exports are deterministic: the same store and filters give byte-identical files. So
``made`` is not the clock's time but the time the store last changed (the latest
ingest, processing or incident update), unless the caller gives one. A store that
has not changed since the last export therefore gives the same files, sidecar
included.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from sitroom.query import Filters, store_changed_at, store_versions
from sitroom.store import Store


def sitroom_version() -> str:
    """The installed sitroom version."""
    try:
        return version("sitroom")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


@dataclass(slots=True)
class Provenance:
    """The sidecar (or header) of one export."""

    format: str
    level: str
    filters: dict[str, Any]
    made: str | None
    """When the data was made: the store's last change, or the time the caller gave."""
    sitroom: str = field(default_factory=sitroom_version)
    versions: dict[str, list[str]] = field(default_factory=dict)
    """Extractor (and resolver) name -> the versions the store's records carry."""
    counts: dict[str, int] = field(default_factory=dict)
    """Records written, and records left out with the reason as key."""

    def as_dict(self) -> dict[str, Any]:
        """The provenance as JSON-ready data, keys in a fixed order."""
        return {"generator": "sitroom", **dataclasses.asdict(self)}

    def to_json(self) -> str:
        """The provenance as a JSON document (stable formatting, newline-terminated)."""
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def filters_dict(f: Filters) -> dict[str, Any]:
    """The filters that are set, as JSON (dates as ISO strings)."""
    out: dict[str, Any] = {}
    for name in Filters.__dataclass_fields__:
        value = getattr(f, name)
        if value is None or (name == "offset" and value == 0):
            continue
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def make_provenance(
    store: Store, fmt: str, level: str, f: Filters, made: str | None = None
) -> Provenance:
    """Provenance of an export of ``store`` filtered by ``f``; ``made`` defaults to the store's."""
    return Provenance(
        format=fmt,
        level=level,
        filters=filters_dict(f),
        made=made or store_changed_at(store),
        versions=store_versions(store),
    )


def sidecar_path(out: Path) -> Path:
    """Where the provenance of an export written to ``out`` goes."""
    if out.is_dir():
        return out / "provenance.json"
    return out.with_name(out.name + ".provenance.json")
