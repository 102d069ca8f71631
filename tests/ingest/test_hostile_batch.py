"""One hostile input in a batch is stored safely or reported by name; the rest is stored."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom import process
from sitroom.cli import cli
from sitroom.config import Settings
from sitroom.extract.article import Resources
from sitroom.ingest.decode import printable_name, scrub_surrogates
from sitroom.ingest.records import IngestFailure, RawDocument
from sitroom.nlp.pipeline import load_pipeline
from sitroom.process import ingest, load_resources
from sitroom.store import Store

_GOOD = {
    "a.txt": "Azerbaijani forces shelled Goris on October 3, 2020, killing 4 civilians, "
    "the Armenian defence ministry said.",
    "d.txt": "Iran offered to mediate between Armenia and Azerbaijan, officials said on "
    "October 6, 2020.",
}
_TARTAR = (
    "Armenian forces shelled Tartar on October 4, 2020, killing 2 civilians and "
    "wounding 9, the Azerbaijani defence ministry said."
)


@pytest.fixture(scope="module")
def resources() -> Resources:
    return load_resources(Settings())


def _good_folder(folder: Path) -> Path:
    folder.mkdir()
    for name, text in _GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _docs(db: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(db) as con:
        return sorted(con.execute("SELECT doc, title FROM articles").fetchall())


def test_names_and_fields_that_utf8_cannot_hold_are_made_safe() -> None:
    assert printable_name("b-\udcff\udcfe.txt") == "b-\\xff\\xfe.txt"
    assert printable_name("odd \ud800 name") == "odd \ufffd name"
    assert printable_name("plain.txt") == "plain.txt"
    assert scrub_surrogates("a \ud800\udfff b") == "a \ufffd\ufffd b"  # offsets kept
    found = RawDocument("x\udcff", "in/x\udcff", "r\ud800", "b\ud800", title="t\udbff")
    assert (found.doc, found.source, found.raw, found.body, found.title) == (
        "x\\xff",
        "in/x\\xff",
        "r\ufffd",
        "b\ufffd",
        "t\ufffd",
    )
    assert IngestFailure("in/\udcff", "bad").source == "in/\\xff"


def test_a_lone_surrogate_or_a_non_utf8_file_name_does_not_sink_the_batch(
    tmp_path: Path, resources: Resources
) -> None:
    folder = _good_folder(tmp_path / "in")
    # A file name holding bytes that are not UTF-8, and a JSON title with a lone surrogate.
    with open(os.path.join(os.fsencode(folder), b"b-\xff\xfe.txt"), "wb") as fh:
        fh.write(_TARTAR.encode())
    (folder / "c.json").write_text(
        '{"title": "bad \\ud800 title", "text": "Hundreds of people rallied in Yerevan '
        'on October 5, 2020 to demand an end to the fighting."}',
        encoding="utf-8",
    )
    db = tmp_path / "t.db"
    store = Store.open(str(db))
    try:
        summary = ingest([str(folder)], store, Settings(db=str(db), workers=0), resources=resources)
    finally:
        store.close()
    assert summary.failed == []
    assert summary.new == 4
    assert _docs(db) == [
        ("a.txt", None),
        ("b-\\xff\\xfe.txt", None),
        ("c.json:1", "bad \ufffd title"),
        ("d.txt", None),
    ]


def test_an_article_over_spacys_max_length_but_under_max_chars_is_parsed(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    # spaCy refuses texts over nlp.max_length (E088); sitroom's limit is max_chars. A low
    # max_length stands in for spaCy's 1,000,000 so that the test parses a short text.
    monkeypatch.setattr(load_pipeline(Settings()), "max_length", 50)
    folder = _good_folder(tmp_path / "in")
    db = tmp_path / "t.db"
    store = Store.open(str(db))
    try:
        settings = Settings(db=str(db), workers=0, max_chars=10_000)
        summary = ingest([str(folder)], store, settings, resources=resources)
    finally:
        store.close()
    assert summary.failed == []
    assert [d for d, _ in _docs(db)] == ["a.txt", "d.txt"]


def test_an_error_in_extraction_fails_its_article_only(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = process.extract_article

    def tripping(doc, article, res):  # type: ignore[no-untyped-def]
        if "Iran" in article.text:
            raise IndexError("a rule tripped")
        return real(doc, article, res)

    monkeypatch.setattr(process, "extract_article", tripping)
    folder = _good_folder(tmp_path / "in")
    db = tmp_path / "t.db"
    store = Store.open(str(db))
    try:
        summary = ingest([str(folder)], store, Settings(db=str(db), workers=0), resources=resources)
    finally:
        store.close()
    assert [(Path(f.source).name, f.reason) for f in summary.failed] == [
        ("d.txt", "cannot extract (IndexError: a rule tripped)")
    ]
    assert [d for d, _ in _docs(db)] == ["a.txt"]


def test_console_markup_in_a_path_is_printed_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    bad = folder / "x[/red]y[bold]"
    bad.mkdir(parents=True)
    (bad / "d.txt").write_bytes(b"\x00\x01\x02 binary")
    db = tmp_path / "t.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(folder), "--workers", "0"])
    assert result.exit_code == 1, result.output  # nothing stored: the one input failed
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "x[/red]y[bold]/d.txt: binary file, not text" in result.output


def test_markup_in_stored_data_is_shown_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.json").write_text(
        json.dumps({"id": "[/red][bold]", "title": "[/]", "text": _GOOD["a.txt"]}),
        encoding="utf-8",
    )
    db = tmp_path / "t.db"
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["--db", str(db), "ingest", str(folder), "--workers", "0"]).exit_code
        == 0
    )
    listed = runner.invoke(cli, ["--db", str(db), "articles"])
    assert listed.exit_code == 0, listed.output
    assert "story.json:[/red][bold]" in listed.output
