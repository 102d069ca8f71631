"""Every reader, and every kind of bad input, through the public iter_inputs."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest

from sitroom.config import Settings
from sitroom.ingest import IngestFailure, count_inputs, iter_inputs, readers
from sitroom.model import Article

UKRAINE_RU = (
    "Министерство обороны сообщило в среду, что в результате обстрела пограничного "
    "села погибли два человека, а ещё пятеро получили ранения. По словам губернатора, "
    "снаряды повредили школу и линию электропередачи."
)
FRENCH = (
    "Le ministère a déclaré mercredi que deux personnes avaient été tuées dans le "
    "bombardement du village frontalier, et que cinq autres avaient été blessées "
    "selon le gouverneur de la région, qui a demandé une enquête."
)


def run(paths: list[Path | str], settings: Settings) -> tuple[list[Article], list[IngestFailure]]:
    articles: list[Article] = []
    failures: list[IngestFailure] = []
    for item in iter_inputs([str(p) for p in paths], settings):
        (failures if isinstance(item, IngestFailure) else articles).append(item)
    return articles, failures


def test_text_file_keeps_raw_and_cleans_text(fixtures: Path, settings: Settings) -> None:
    [article], failures = run([fixtures / "article.txt"], settings)
    assert failures == []
    assert article.doc == "article.txt"
    assert article.raw == (fixtures / "article.txt").read_text("utf-8")
    assert article.title == "Shelling hits border village as both sides trade blame"
    assert article.outlet == "Caspian Wire"
    assert article.dateline == "KHARKIV"
    assert article.byline == "Lena Marsh"
    assert article.published == dt.date(2023, 3, 14)
    assert article.published_earliest == article.published_latest == article.published
    assert not article.published_inferred
    assert article.language == "en"
    for furniture in ("views", "Tags:", "Share", "Related Articles", "Back to top", "Politics"):
        assert furniture not in article.text
    assert "quiet night" not in article.text  # a related-article link, not this article
    assert article.text.count("Repair crews were expected") == 1
    assert len(article.id) == 16 and article.content_hash.startswith(article.id)


def test_html_page_main_text_and_metadata(fixtures: Path, settings: Settings) -> None:
    [article], failures = run([fixtures / "page.html"], settings)
    assert failures == []
    assert article.doc == "page.html"
    assert article.raw.startswith("<!DOCTYPE html>")
    assert article.title == "Drone strike damages fuel depot"
    assert article.outlet == "Steppe Observer"
    assert article.byline == "Omar Reyes"
    assert article.published == dt.date(2022, 6, 7)
    assert article.text.startswith("A drone struck a fuel depot")
    assert "Most read" not in article.text and "Back to top" not in article.text


def test_html_without_article(fixtures: Path, settings: Settings) -> None:
    articles, [failure] = run([fixtures / "no_article.html"], settings)
    assert articles == []
    assert failure.reason == "no article text found"
    assert failure.source.endswith("no_article.html")


def test_jsonl_records_and_malformed_line(fixtures: Path, settings: Settings) -> None:
    articles, failures = run([fixtures / "records.jsonl"], settings)
    assert [a.doc for a in articles] == ["records.jsonl:wire-101", "records.jsonl:2"]
    first, second = articles
    assert first.outlet == "Example Wire"
    assert first.url == "https://wire.example/2021/05/20/talks"
    assert first.published == dt.date(2021, 5, 20)
    assert first.title == "Talks on prisoner exchange resume"
    # news-please layout: maintext, date_publish, source_domain
    assert second.outlet == "Reuters"
    assert second.published == dt.date(2021, 5, 21)
    assert second.text.startswith("Border guards said on Friday")
    assert [f.source.rsplit(":", 1)[1] for f in failures] == ["3", "4"]
    assert "malformed JSON line" in failures[0].reason
    assert "no article text" in failures[1].reason
    assert count_inputs([str(fixtures / "records.jsonl")], settings) == 4


def test_json_list_with_configured_fields(fixtures: Path, settings: Settings) -> None:
    articles, failures = run([fixtures / "records.json"], settings)
    assert failures == []
    assert [a.doc for a in articles] == ["records.json:a1", "records.json:a2"]
    assert articles[1].published == dt.date(2022, 9, 18)
    only_content = settings.replace(json_text_fields=("content",))
    articles, failures = run([fixtures / "records.json"], only_content)
    assert [a.doc for a in articles] == ["records.json:a1"]
    assert "tried the fields content" in failures[0].reason


def test_rss_and_atom_feeds(fixtures: Path, settings: Settings) -> None:
    articles, failures = run([fixtures / "feed.rss", fixtures / "feed.atom"], settings)
    assert failures == []
    docs = [a.doc for a in articles]
    assert docs == [
        "https://harbour.example/news/patrol-fired-upon",
        "https://harbour.example/news/port-reopens",
        "https://valley.example/aid-convoy",
    ]
    patrol = articles[0]
    assert patrol.outlet == "Harbour Herald"
    assert patrol.published == dt.date(2023, 8, 2)
    assert patrol.title == "Naval patrol fired upon near the strait"
    assert "<p>" not in patrol.text and "none of the crew was hurt" in patrol.text
    assert articles[2].outlet == "Valley Monitor"


def test_warc_archive(tmp_path: Path, settings: Settings, fixtures: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (fixtures / "page.html").read_bytes()
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, ctype, body in (
            ("https://steppe.example/2022/06/07/depot", "text/html; charset=utf-8", page),
            ("https://steppe.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)
    [article], failures = run([path], settings)
    assert failures == []
    assert article.doc == "crawl.warc.gz:https://steppe.example/2022/06/07/depot"
    assert article.url == "https://steppe.example/2022/06/07/depot"
    assert article.outlet == "Steppe Observer"
    assert article.text.startswith("A drone struck")

    truncated = tmp_path / "broken.warc.gz"
    truncated.write_bytes(path.read_bytes()[: len(page) // 3])
    _, [failure] = run([truncated], settings)
    assert "truncated or corrupt" in failure.reason


def test_truncated_gzip(tmp_path: Path, settings: Settings) -> None:
    line = json.dumps({"text": "Troops withdrew from the hill on Monday, the army said."})
    data = gzip.compress((line + "\n").encode() * 200)
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    _, failures = run([path], settings)
    assert failures and "truncated or corrupt gzip" in failures[-1].reason
    text = tmp_path / "note.txt.gz"
    text.write_bytes(gzip.compress(b"Some text about a ceasefire. " * 50)[:40])
    _, [failure] = run([text], settings)
    assert "truncated or corrupt gzip" in failure.reason


def test_binary_empty_and_missing(tmp_path: Path, settings: Settings) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n ")
    missing = tmp_path / "nowhere.txt"
    articles, failures = run([binary, empty, blank, missing], settings)
    assert articles == []
    reasons = {Path(f.source).name: f.reason for f in failures}
    assert reasons == {
        "photo.txt": "binary file, not text",
        "empty.txt": "empty file",
        "blank.txt": "empty file",
        "nowhere.txt": "no such file or directory",
    }


def test_non_utf8_text_is_decoded(tmp_path: Path, settings: Settings) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes(FRENCH.encode("latin-1"))
    cyrillic = tmp_path / "cyrillic.txt"
    cyrillic.write_bytes(UKRAINE_RU.encode("cp1251"))
    articles, failures = run([latin, cyrillic], settings)
    assert failures == []
    by_doc = {a.doc: a for a in articles}
    assert by_doc["latin.txt"].raw == FRENCH
    assert by_doc["latin.txt"].language == "fr"
    assert by_doc["latin.txt"].encoding != "utf-8"
    assert by_doc["cyrillic.txt"].raw == UKRAINE_RU
    assert by_doc["cyrillic.txt"].encoding == "cp1251"
    assert by_doc["cyrillic.txt"].language == "ru"


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Shelling continued overnight. " * 100)
    _, [failure] = run([path], Settings(max_chars=500))
    assert failure.reason.startswith("too large:")
    assert "3,000" in failure.reason or "bytes" in failure.reason


def test_mixed_directory(tmp_path: Path, fixtures: Path, settings: Settings) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "story.txt").write_text(
        "Two soldiers were wounded in an exchange of fire on the border, the ministry said."
    )
    (tmp_path / "a.html").write_text((fixtures / "page.html").read_text())
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n")
    (tmp_path / ".hidden.txt").write_text("never read")
    (tmp_path / "empty.json").write_text("")
    paths = [str(tmp_path)]
    assert count_inputs(paths, settings) == 5
    articles, failures = run([tmp_path], settings)
    assert [a.doc for a in articles] == ["a.html", "story.txt"]
    reasons = {Path(f.source).name: f.reason for f in failures}
    assert reasons["image.png"] == "binary file, not text"
    assert reasons["empty.json"] == "empty file"
    assert reasons["notes.csv"].startswith("unsupported file type .csv")


def test_streams_without_reading_ahead(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w") as fh:
        for i in range(50):
            fh.write(json.dumps({"id": i, "text": f"Report {i}: the army said shelling went on."}))
            fh.write("\n")
    items = iter_inputs([str(path)], settings)
    first = next(items)
    assert isinstance(first, Article) and first.doc == "big.jsonl:0"
    with path.open("a") as fh:  # a generator that had read everything would miss this
        fh.write(json.dumps({"id": "late", "text": "A late report of shelling near the dam."}))
        fh.write("\n")
    rest = list(items)
    assert rest[-1].doc == "big.jsonl:late"


def test_html_declared_charset(tmp_path: Path, settings: Settings) -> None:
    page = (
        '<html><head><meta charset="windows-1251"><title>Обстрел</title></head><body>'
        f"<article><p>{UKRAINE_RU}</p><p>{UKRAINE_RU[::-1]}</p></article></body></html>"
    )
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    [article], failures = run([path], settings)
    assert failures == []
    assert article.encoding == "cp1251"
    assert article.language == "ru"
    assert UKRAINE_RU[:40] in article.text


_LINE = json.dumps({"text": "Two soldiers were wounded in an exchange of fire on the border."})


def test_a_jsonl_line_over_the_record_limit_is_skipped_unread_and_the_rest_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "long.jsonl"
    # max_chars 1,000 allows 4,000 bytes a line; the long line is far beyond
    path.write_text(f'{_LINE}\n{{"text": "{"a" * 50_000}"}}\n{_LINE.replace("Two", "Three")}\n')
    articles, failures = run([path], Settings(max_chars=1_000))
    assert [a.doc for a in articles] == ["long.jsonl:1", "long.jsonl:3"]
    assert [str(f) for f in failures] == [
        f"{path}:2: line too long: over 4,000 bytes (max_chars); skipped"
    ]


def test_a_compression_bomb_stops_where_it_unpacks_past_its_ratio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "UNPACK_FLOOR", 100_000)
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(f"{_LINE}\n".encode())
        for _ in range(100):  # 100 MB of spaces: a thousand times its packed size and more
            fh.write(b" " * 1_000_000)
        fh.write(f"\n{_LINE}\n".encode())
    packed = path.stat().st_size
    articles, failures = run([path], Settings())
    assert [a.doc for a in articles] == ["bomb.jsonl.gz:1"]
    assert [f.reason for f in failures] == [
        f"unpacks to over {100 * packed:,} bytes (100 times its size or more): "
        "a compression bomb? The rest of the file is skipped"
    ]


def test_a_packed_file_within_its_ratio_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for n in range(200):
            fh.write(json.dumps({"id": n, "text": f"Story {n}: {_LINE}"}) + "\n")
    articles, failures = run([path], Settings())
    assert failures == []
    assert len(articles) == 200
