"""PLOVER JSON lines: every line validates against the packaged JSON Schema."""

from __future__ import annotations

import json

import pytest

from sitroom.export.plover import plover_schema
from sitroom.export.run import export_text
from sitroom.query import Filters, select_events

jsonschema = pytest.importorskip("jsonschema")


def test_every_line_validates_and_names_its_source(store) -> None:
    prov, chunks = export_text(store, "plover-json", Filters())
    lines = "".join(chunks).splitlines()
    validator = jsonschema.Draft202012Validator(
        plover_schema(), format_checker=jsonschema.FormatChecker()
    )
    jsonschema.Draft202012Validator.check_schema(plover_schema())
    events = {r.id: r for r in select_events(store)}
    assert len(lines) == prov.counts["records"] == len(events) > 0
    for line in lines:
        record = json.loads(line)
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, f"{record['id']}: {errors[0].message}"
        stored = events[record["sitroom"]["event_id"]]
        assert record["event"] == stored.event.type
        assert record["text"] == stored.sentence
        assert record["coder"] == f"sitroom {prov.sitroom}"
        assert record["dateCoded"] == prov.made[:10]
    assert len({json.loads(x)["id"] for x in lines}) == len(lines)


def test_schema_rejects_what_plover_does_not_allow() -> None:
    validator = jsonschema.Draft202012Validator(plover_schema())
    good = {
        "id": "x",
        "event": "ASSAULT",
        "text": "Shells hit Ganja.",
        "source": [{"actorText": "Armenian forces", "code": "ARM", "sector": "MIL"}],
        "sitroom": {
            "event_id": 1,
            "article_id": "a",
            "doc": "d",
            "span": [0, 6],
            "status": "occurred",
        },
    }
    assert validator.is_valid(good)
    for bad in (
        {**good, "event": "FIGHTING"},
        {**good, "source": [{"actorText": "x", "code": "Armenia"}]},
        {**good, "dead": -1},
        {**good, "extra": 1},
    ):
        assert not validator.is_valid(bad)


def test_a_small_article_cache_gives_the_same_lines(store, monkeypatch) -> None:
    from sitroom.export import run

    whole = "".join(export_text(store, "plover-json", Filters())[1])
    # A cache smaller than a batch's articles starts afresh at every batch.
    monkeypatch.setattr(run, "ARTICLES_KNOWN", 1)
    assert "".join(export_text(store, "plover-json", Filters())[1]) == whole
