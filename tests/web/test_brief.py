"""The brief on the web: a page with the filters, and the same brief as files to keep."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from lxml import html

from tests.web.conftest import HOSTILE


def test_brief_page_cites_sentences_and_escapes_stored_text(client: TestClient) -> None:
    r = client.get("/brief", params={"since": "2020-07-01", "until": "2020-07-31"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert HOSTILE not in r.text and "onerror=alert" not in r.text.replace("&lt;", "")
    doc = html.fromstring(r.text)
    assert doc.xpath("//h1")[0].text_content() == "Situation report: 2020-07-01 to 2020-07-31"
    cited = {a.get("href")[1:] for a in doc.xpath('//sup[@class="cite"]/a')}
    listed = {li.get("id") for li in doc.xpath('//ol[@class="citations"]/li')}
    assert cited and cited == listed
    # Styles come from a file of ours: the security policy allows no inline styles.
    assert not doc.xpath("//style") and doc.xpath('//link[@href="/brief.css"]')
    assert client.get("/brief.css").headers["content-type"].startswith("text/css")
    downloads = [a.get("href") for a in doc.xpath('//p[@class="downloads"]/a')]
    assert downloads == [
        f"/brief.{fmt}?since=2020-07-01&until=2020-07-31&top=8" for fmt in ("html", "md", "pdf")
    ]


def test_with_no_period_the_page_covers_the_records_last_30_days(client: TestClient) -> None:
    latest = max(i["date"] for i in client.get("/api/incidents").json()["items"] if i["date"])
    until = dt.date.fromisoformat(latest)
    r = client.get("/brief")
    title = html.fromstring(r.text).xpath("//h1")[0].text_content()
    assert title == f"Situation report: {until - dt.timedelta(days=29)} to {until}"


def test_filters_read_names_and_name_what_is_not_understood(client: TestClient) -> None:
    r = client.get("/brief", params={"since": "2020-07", "country": "Azerbaijan"})
    assert r.status_code == 200
    meta = html.fromstring(r.text).xpath('//p[@class="meta"]')[0].text_content()
    assert meta.startswith("Involving Azerbaijan (AZE).")
    r = client.get("/brief", params={"since": "July", "type": "BOMBING"})
    assert r.status_code == 422
    doc = html.fromstring(r.text)
    problems = [li.text_content() for li in doc.xpath('//div[@class="problems"]//li')]
    assert len(problems) == 2 and "'July' is not a date" in problems[0]
    assert not doc.xpath('//article[@class="brief"]')
    assert client.get("/brief.md", params={"type": "BOMBING"}).status_code == 422


@pytest.mark.parametrize(
    ("fmt", "media", "start"),
    [
        ("html", "text/html", b"<!doctype html>"),
        ("md", "text/markdown", b"# Situation report"),
        ("pdf", "application/pdf", b"%PDF-"),
    ],
)
def test_brief_files(client: TestClient, fmt: str, media: str, start: bytes) -> None:
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    r = client.get(f"/brief.{fmt}", params={"country": "AZE"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert r.content.startswith(start)
    assert f'.{fmt}"' in r.headers["content-disposition"]
    assert client.get("/brief.docx").status_code == 404
