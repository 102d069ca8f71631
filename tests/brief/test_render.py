"""Rendering a brief, read back by clients nobody here wrote: lxml for the HTML, poppler's
pdftoppm and pdftotext for the PDF."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html

from sitroom.brief import build_brief
from sitroom.brief.build import Brief, IncidentLine, Sentence
from sitroom.brief.render import render_html, render_markdown, write_brief
from sitroom.cli import cli
from sitroom.query import Filters, get_article
from sitroom.resolve.claims import Estimate

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "brief"
WAR = Filters(since=dt.date(2020, 9, 27), until=dt.date(2020, 11, 10))
EXAMPLES = Filters(since=dt.date(2024, 3, 1))


def _words(text: str) -> str:
    return " ".join(text.split())


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    # The documented setup: Debian's poppler-utils package (tests run as root).
    subprocess.run(
        "apt-get install -y poppler-utils || (apt-get update && apt-get install -y poppler-utils)",
        shell=True,
        check=False,
        capture_output=True,
        timeout=900,
    )
    found = shutil.which(tool)
    if not found:
        pytest.skip(f"{tool} (poppler-utils) could not be installed with apt-get")
    return found


def test_html_citations_link_to_stored_sentences(store, tmp_path: Path) -> None:
    brief = build_brief(store, EXAMPLES)
    out = tmp_path / "brief.html"
    write_brief(brief, out, "html")
    doc = html.fromstring(out.read_bytes())
    items = {li.get("id"): li for li in doc.xpath('//ol[@class="citations"]/li')}
    assert len(items) == len(brief.citations) > 0
    links = doc.xpath('//sup[@class="cite"]/a')
    assert links and {a.get("href")[1:] for a in links} == set(items)
    for li in items.values():
        article = get_article(store, li.get("data-article"))
        assert article is not None
        start, end = int(li.get("data-start")), int(li.get("data-end"))
        shown = li.xpath('.//span[@class="sentence"]')[0].text_content()
        assert _words(shown) == _words(article.text[start:end])
    # The figures are inline SVG that an XML parser reads.
    for cls in ("brief-chart", "brief-map"):
        (svg,) = doc.xpath(f'//svg[@class="{cls}"]')
        etree.fromstring(html.tostring(svg))
    # The style sheet is ours, as written (not entity-escaped), and nothing runs.
    (style,) = doc.xpath("//style")
    assert '"DejaVu Sans"' in style.text and "counter(pages)" in style.text
    assert not doc.xpath("//script")


def test_markdown_cites_the_sources_list_and_writes_its_figures(store, tmp_path: Path) -> None:
    brief = build_brief(store, EXAMPLES)
    out = tmp_path / "brief.md"
    written = write_brief(brief, out, "md")
    text = out.read_text(encoding="utf-8")
    assert {p.name for p in written.figures} == {"brief.chart.svg", "brief.map.svg"}
    for figure in written.figures:
        assert f"]({figure.name})" in text
        etree.parse(str(figure))
    cited = {int(n) for n in re.findall(r"\]\(#c(\d+)\)", text)}
    listed = {int(n) for n in re.findall(r'<a id="c(\d+)"></a>', text)}
    assert cited == listed == set(range(1, len(brief.citations) + 1))


def test_stored_text_cannot_add_markup() -> None:
    hostile = "<script>alert(1)</script> *bold* [x](javascript:alert(1)) | cell"
    cite = Sentence("a1", "doc<b>.txt", "Wire <i>", 0, len(hostile), hostile, number=1)
    line = IncidentLine(
        "i1",
        "Assault (drone)",
        "2024-03-12",
        "<img src=x>",
        "AZE",
        Estimate(1, 1, 1),
        Estimate(),
        [],
        1,
        [cite],
    )
    brief = Brief(Filters(), None, "test", None, None, incidents=1, annex=[line])
    brief.citations = [cite]
    page = render_html(brief)
    assert "<script>" not in page and "<img src=x>" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page
    md = render_markdown(brief)
    assert "<script>" not in md and "\\*bold\\*" in md and "\\[x\\]" in md and "\\| cell" in md


def test_pdf_renders_pages_holding_the_cited_text(store, seeds_dir, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    from PIL import Image

    brief = build_brief(store, WAR)
    out = tmp_path / "brief.pdf"
    write_brief(brief, out, "pdf")
    assert out.read_bytes().startswith(b"%PDF-")
    # The pages are kept in test-artifacts/brief/ to be looked at, as the browser's screenshots.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("page-*.png"):
        old.unlink()
    subprocess.run(
        [_poppler("pdftoppm"), "-r", "60", "-png", str(out), str(ARTIFACTS / "page")], check=True
    )
    pages = sorted(ARTIFACTS.glob("page-*.png"))
    assert len(pages) >= 2
    with Image.open(pages[0]) as first:
        grey = first.convert("L")
        inked = sum(1 for v in grey.getdata() if v < 128)
        assert grey.width > 300 and inked > 2000  # text, tables and the chart, not a blank page
    text = subprocess.run(
        [_poppler("pdftotext"), "-layout", str(out), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = _words(text)
    assert f"Situation report: {brief.period}" in flat
    # Each cited sentence is in the PDF (its first words; lines wrap and hyphenate after).
    for c in brief.citations[:10]:
        words = " ".join(_words(c.text).split()[:4])
        assert words in flat, c.number


def test_cli_writes_each_format_and_names_a_bad_suffix(export_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(export_db), "brief"]
    for name in ("b.html", "b.md"):
        result = runner.invoke(cli, [*db, "--since", "2024-03-01", "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert "cited sentences" in result.output
        assert (tmp_path / name).read_text(encoding="utf-8").count("Situation report") >= 1
    # The same store and filters give the same file (its time is the store's last change).
    again = tmp_path / "again.html"
    runner.invoke(cli, [*db, "--since", "2024-03-01", "-o", str(again)])
    assert again.read_bytes() == (tmp_path / "b.html").read_bytes()
    result = runner.invoke(cli, [*db, "-o", str(tmp_path / "b.txt")])
    assert result.exit_code == 2 and "b.txt" in result.output and "suffix" in result.output
    result = runner.invoke(cli, [*db, "--type", "BOMBING"])
    assert result.exit_code == 2 and "'BOMBING' is not a PLOVER type" in result.output
    result = runner.invoke(cli, [*db, "--country", "AZE", "--format", "md"])
    assert result.exit_code == 0 and result.output.startswith("# Situation report: all dates")


def test_demo_ends_with_a_brief_and_an_acled_csv_next_to_the_store(
    export_db: Path, tmp_path: Path
) -> None:
    from tests.conftest import REPO

    db = tmp_path / "demo.db"
    shutil.copy(export_db, db)  # holds the examples already: the demo's ingest stores nothing
    result = CliRunner().invoke(cli, ["--db", str(db), "demo", str(REPO / "examples")])
    assert result.exit_code == 0, result.output
    brief, table = tmp_path / "demo-brief.html", tmp_path / "demo-incidents.csv"
    assert f"Brief: {brief}" in result.output and f"ACLED CSV: {table}" in result.output
    assert html.fromstring(brief.read_bytes()).xpath('//ol[@class="citations"]/li')
    assert table.read_text().startswith("event_id_cnty,event_date,year,")
