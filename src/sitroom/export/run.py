"""``sitroom export``: the formats, their levels, and writing one to a file or a stream.

Text formats are generators of string chunks, so the CLI writes them to a file or
stdout and the web API streams them, from one code path; Parquet writes a directory.
Each export's provenance is filled in as it runs (its counts last): written next to
the output as ``<file>.provenance.json`` (``provenance.json`` in a Parquet
directory), and inside the file where the format has room for it (GeoJSON, Parquet).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sitroom.errors import ExportError
from sitroom.export import acled, geojson, plover
from sitroom.export.provenance import Provenance, make_provenance, sidecar_path
from sitroom.export.select import check_incident_filters, iter_incidents
from sitroom.query import Filters, article_info, iter_event_records
from sitroom.store import Store

BATCH = 500
"""Records turned into one chunk of text."""
ARTICLES_KNOWN = 20_000
"""Articles whose processing time and language a mention-level export keeps at once."""


@dataclass(frozen=True, slots=True)
class Format:
    """An export format: its levels (the first is the default) and what it writes."""

    name: str
    levels: tuple[str, ...]
    media_type: str
    suffix: str
    text: bool = True


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("acled-csv", ("incident", "mention"), "text/csv; charset=utf-8", ".csv"),
        Format("plover-json", ("mention",), "application/x-ndjson", ".jsonl"),
        Format("geojson", ("incident", "mention"), "application/geo+json", ".geojson"),
        Format("parquet", ("all",), "application/vnd.apache.parquet", "", text=False),
    )
}


def resolve_format(name: str, level: str | None, f: Filters) -> tuple[Format, str]:
    """The format called ``name`` and the level to export at, checked against the filters.

    ExportError names the choices, before anything is written.
    """
    fmt = FORMATS.get(name)
    if fmt is None:
        raise ExportError(f"unknown export format {name!r}; one of {', '.join(FORMATS)}")
    level = level or fmt.levels[0]
    if level not in fmt.levels:
        raise ExportError(f"{name} exports at level {' or '.join(fmt.levels)}, not {level!r}")
    if level == "incident":
        check_incident_filters(f)
    return fmt, level


def _unpaged(f: Filters) -> Filters:
    return replace(f, limit=None, offset=0)


class _ArticleInfo:
    """Processing time and language of articles, read once per article as mentions stream.

    At most ``ARTICLES_KNOWN`` are held: past that the cache starts afresh (mentions come
    in date order, so an article's mentions mostly come together), and memory stays flat
    however many articles the store holds.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.known: dict[str, tuple[str | None, str]] = {}

    def of(self, records: Iterable[Any]) -> dict[str, tuple[str | None, str]]:
        """Article id -> (processed_at, language), holding every article of ``records``."""
        wanted = {r.article_id for r in records}
        missing = wanted - self.known.keys()
        if len(self.known) + len(missing) > ARTICLES_KNOWN:
            self.known, missing = {}, wanted
        if missing:
            self.known.update(article_info(self.store, sorted(missing)))
        return self.known


def _batches(items: Iterable[Any], n: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


def _csv(rows: Iterable[dict[str, object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows([["" if v is None else v for v in row.values()] for row in rows])
    return buf.getvalue()


def acled_csv(store: Store, f: Filters, level: str, prov: Provenance) -> Iterator[str]:
    """ACLED-style CSV text: the header, then one row per incident or mention."""
    extra = acled.INCIDENT_EXTRA if level == "incident" else acled.MENTION_EXTRA
    yield ",".join(acled.ACLED_COLUMNS + extra) + "\n"
    counts = {"rows": 0, "outside_acled_scope": 0, "undated": 0}
    if level == "incident":
        rows: Iterable[dict[str, object] | None] = (
            acled.incident_row(x.incident, x.updated_at) for x in iter_incidents(store, _unpaged(f))
        )
    else:
        rows = _mention_rows(store, f)
    for batch in _batches(rows):
        kept = []
        for row in batch:
            if row is None:
                counts["outside_acled_scope"] += 1
            elif not row["event_date"]:
                counts["undated"] += 1  # ACLED codes no event without a date
            else:
                kept.append(row)
        counts["rows"] += len(kept)
        yield _csv(kept)
    prov.counts = counts


def _mention_rows(store: Store, f: Filters) -> Iterator[dict[str, object] | None]:
    info = _ArticleInfo(store)
    for batch in _batches(iter_event_records(store, _unpaged(f))):
        known = info.of(batch)
        for r in batch:
            yield acled.mention_row(r, known.get(r.article_id, (None, ""))[0])


def plover_json(store: Store, f: Filters, level: str, prov: Provenance) -> Iterator[str]:
    """PLOVER records, one JSON object per line."""
    coder = f"sitroom {prov.sitroom}"
    date_coded = (prov.made or "")[:10]
    info = _ArticleInfo(store)
    written = 0
    for batch in _batches(iter_event_records(store, _unpaged(f))):
        known = info.of(batch)
        lines = [
            json.dumps(
                plover.plover_record(r, known.get(r.article_id, (None, ""))[1], coder, date_coded),
                ensure_ascii=False,
            )
            for r in batch
        ]
        written += len(lines)
        yield "".join(line + "\n" for line in lines)
    prov.counts = {"records": written}


def geojson_text(store: Store, f: Filters, level: str, prov: Provenance) -> Iterator[str]:
    """A GeoJSON FeatureCollection, one feature per line, provenance as a foreign member."""
    yield '{"type": "FeatureCollection", "name": "sitroom ' + level + 's", "features": [\n'
    written = unlocated = 0
    features: Iterable[dict[str, Any] | None]
    if level == "incident":
        features = (
            geojson.incident_feature(x.incident) for x in iter_incidents(store, _unpaged(f))
        )
    else:
        features = (geojson.mention_feature(r) for r in iter_event_records(store, _unpaged(f)))
    for batch in _batches(features):
        kept = [x for x in batch if x is not None]
        unlocated += len(batch) - len(kept)
        text = ",\n".join(json.dumps(x, ensure_ascii=False) for x in kept)
        if text:
            yield (",\n" if written else "") + text
        written += len(kept)
    prov.counts = {"features": written, "without_coordinates": unlocated}
    member = json.dumps(prov.as_dict(), ensure_ascii=False)
    yield f'\n],\n"sitroom_provenance": {member}\n}}\n'


_TEXT: dict[str, Callable[[Store, Filters, str, Provenance], Iterator[str]]] = {
    "acled-csv": acled_csv,
    "plover-json": plover_json,
    "geojson": geojson_text,
}


def export_text(
    store: Store, name: str, f: Filters, level: str | None = None, made: str | None = None
) -> tuple[Provenance, Iterator[str]]:
    """A text export as chunks (its provenance's counts are set once they are consumed)."""
    fmt, level = resolve_format(name, level, f)
    if not fmt.text:
        raise ExportError(f"{name} writes a directory of files: give -o DIRECTORY")
    prov = make_provenance(store, name, level, _unpaged(f), made)
    return prov, _TEXT[name](store, f, level, prov)


def export_to_path(
    store: Store,
    name: str,
    f: Filters,
    out: Path,
    level: str | None = None,
    made: str | None = None,
) -> Provenance:
    """Write an export to ``out`` (a directory for Parquet) and its provenance sidecar."""
    fmt, level = resolve_format(name, level, f)
    if fmt.text:
        prov, chunks = export_text(store, name, f, level, made)
        if out.is_dir():
            raise ExportError(f"{out} is a directory; give a file name for {name}")
        with out.open("w", encoding="utf-8", newline="") as fh:
            for chunk in chunks:
                fh.write(chunk)
    else:
        try:
            from sitroom.export.parquet import write_parquet
        except ImportError as exc:
            raise ExportError(
                f"parquet needs pyarrow ({exc}): pip install 'sitroom[export]'"
            ) from exc
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out} is a file; {name} writes a directory of tables")
        prov = make_provenance(store, name, level, _unpaged(f), made)
        write_parquet(store, _unpaged(f), out, prov)
    sidecar_path(out).write_text(prov.to_json(), encoding="utf-8")
    return prov
