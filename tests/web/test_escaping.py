"""Hostile article text, titles and links stay data on every page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sitroom.web.app import content_security_policy, tile_origin
from sitroom.web.pages import safe_url


def _pages(client: TestClient) -> list[str]:
    article = client.get("/api/articles", params={"doc": "hostile"}).json()["items"][0]["id"]
    incident = client.get("/api/incidents").json()["items"][0]["id"]
    return [
        "/timeline",
        "/map",
        "/incidents",
        f"/incidents/{incident}",
        "/articles",
        f"/articles/{article}",
        "/actors",
        "/actors/AZE",
        "/ceasefires",
        "/search?q=tovuz",
        "/search?q=%3Cscript%3E",
        "/timeline?place=%3Cscript%3E&country=%22%3E",
        "/incidents?country=%3Cscript%3Ealert(1)%3C/script%3E",
    ]


def test_no_page_lets_markup_from_articles_through(client: TestClient) -> None:
    for url in _pages(client):
        r = client.get(url)
        # A country that is no country is refused, with the value shown back as text.
        assert r.status_code == (422 if "country=" in url else 200), url
        html = r.text
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert "<b>unclosed" not in html, url
        assert 'href="javascript:' not in html.replace(" ", ""), url
        assert "<i>x</i>" not in html, url
        if "country=%22" in url:
            assert 'value="&#34;&gt;"' in html, url
        assert "default-src 'self'" in r.headers["content-security-policy"]


def test_hostile_text_is_shown_escaped(client: TestClient) -> None:
    article = client.get("/api/articles", params={"doc": "hostile"}).json()["items"][0]["id"]
    html = client.get(f"/articles/{article}").text
    assert "&lt;script&gt;alert(" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert '<span class="unsafe-url">javascript:alert(1)</span>' in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.org/a?b=1", "https://news.example.org/a?b=1"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_tile_url_must_be_a_plain_host() -> None:
    assert tile_origin("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == (
        "https://*.tiles.example.org"
    )
    assert tile_origin("https://tiles.example.org:8443/{z}/{x}/{y}.png") == (
        "https://tiles.example.org:8443"
    )
    assert tile_origin("javascript:alert(1)") is None
    assert tile_origin("https://a.example; script-src *") is None
    assert "https://t.example" in content_security_policy("https://t.example/{z}/{x}/{y}.png")
    assert "img-src 'self' data:;" in content_security_policy("")
