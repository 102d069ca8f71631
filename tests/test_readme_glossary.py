"""The README's glossary names every stored code with the words the desk prints for it."""

from __future__ import annotations

from pathlib import Path

from sitroom import labels
from sitroom.model import PLOVER_TYPES, SECTORS

README = Path(__file__).resolve().parents[1] / "README.md"


def _glossary() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("## Glossary", 1)[1].split("\n## ", 1)[0]


def test_glossary_gives_every_code_its_words() -> None:
    glossary = _glossary()
    for t in PLOVER_TYPES:
        assert f"`{t}` {labels.TYPE_WORDS[t].lower()}" in glossary, t
    for sector in SECTORS:
        assert f"`{sector}` {labels.SECTOR_WORDS[sector] or 'unknown'}" in glossary, sector
    for status, words in labels.STATUS_WORDS.items():
        assert f"`{status}`" in glossary and (not words or words in glossary), status
    for precision, words in labels.PRECISION_WORDS.items():
        assert f"`{precision}` {words}" in glossary, precision
    for field, words in labels.CONTESTED_WORDS.items():
        assert f"`{field}` {words}" in glossary, field


def test_tour_screenshots_exist() -> None:
    text = README.read_text(encoding="utf-8")
    for name in ("timeline", "incidents", "incident", "map", "actor", "statements"):
        assert f"(docs/screenshots/{name}.png)" in text
        assert (README.parent / "docs" / "screenshots" / f"{name}.png").stat().st_size > 10_000
