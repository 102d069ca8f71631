"""Hostile requests get a 4xx answer with a reason, never a 500; every answer has the headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from sitroom import query
from sitroom.cli import cli
from sitroom.errors import StoreError
from sitroom.web.app import allowed_hosts_for, host_name
from tests.web.conftest import TOKEN

_JSON = {"X-Sitroom-Token": TOKEN, "content-type": "application/json"}
_TEXT = (
    "Rebel fighters shelled the town of Tovuz on 12 July 2020, killing three "
    "soldiers, the defence ministry said on Monday."
)


def test_a_lone_surrogate_in_posted_json_is_stored_safely(writer: TestClient) -> None:
    body = ('{"title": "bad \\ud800 title", "id": "x\\udcff", "text": "' + _TEXT + '"}').encode()
    r = writer.post("/api/articles", content=body, headers=_JSON)
    assert r.status_code == 201, r.text
    article = writer.get(f"/api/articles/{r.json()['ids'][0]}").json()
    assert article["title"] == "bad \ufffd title"


def test_malformed_post_bodies_get_a_400_with_the_reason(writer: TestClient) -> None:
    bodies = {
        b"[" * 100_000 + b"]" * 100_000: "nested too deeply",
        b'{"text": "x", "n": ' + b"7" * 5_000 + b"}": "4300 digits",
        b'{"text": "\xff\xfe"}': "malformed JSON",
        b'{"text": "x",}': "malformed JSON",
    }
    for body, reason in bodies.items():
        r = writer.post("/api/articles", content=body, headers=_JSON)
        assert r.status_code == 400, (body[:40], r.text)
        assert reason in r.json()["detail"]
    # Parsed, but not articles: each refused with its reason.
    for body in (b"null", b'"text"', b"[" * 500 + b"]" * 500, b'{"text": {"a": 1}}'):
        r = writer.post("/api/articles", content=body, headers=_JSON)
        assert r.status_code == 422, (body[:40], r.text)


_PAGED = (
    "/api/articles",
    "/api/events",
    "/api/incidents",
    "/api/map",
    "/api/quotes",
    "/api/actors",
    "/api/actors/AZE",
    "/api/search?q=Tovuz",
    "/timeline",
    "/articles",
    "/search?q=Tovuz",
)


def test_a_huge_offset_is_a_bad_request_not_a_server_error(client: TestClient) -> None:
    for path in _PAGED:
        joiner = "&" if "?" in path else "?"
        assert client.get(f"{path}{joiner}offset=1000000").status_code == 200, path
        for offset in (2**63, 10**30):
            r = client.get(f"{path}{joiner}offset={offset}")
            assert r.status_code == 422, (path, offset, r.status_code)
            assert "offset" in r.text
            assert r.headers["x-content-type-options"] == "nosniff"


def test_a_server_error_carries_the_security_headers_and_no_trace(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(query, "select_events", broken)
    r = client.get("/api/events")
    assert r.status_code == 500
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert "secret internals" not in r.text and "Traceback" not in r.text


def test_a_store_kept_busy_answers_503_with_the_reason(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*_args: object, **_kw: object) -> None:
        raise StoreError("t.db: the database is locked by another writer")

    monkeypatch.setattr(query, "select_events", locked)
    r = client.get("/api/events")
    assert r.status_code == 503 and "locked by another writer" in r.json()["detail"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_host_names_a_loopback_server_answers() -> None:
    assert allowed_hosts_for("127.0.0.1") == {"127.0.0.1", "localhost", "::1"}
    assert allowed_hosts_for("::1") == {"127.0.0.1", "localhost", "::1"}
    assert allowed_hosts_for("127.0.0.2") == {"127.0.0.1", "127.0.0.2", "localhost", "::1"}
    assert allowed_hosts_for("0.0.0.0") is None  # bound to every interface: the user's call
    assert allowed_hosts_for("news.example.org") is None
    assert host_name("[::1]:8000") == "::1"
    assert host_name("LocalHost:8000") == "localhost"
    assert host_name("127.0.0.1") == "127.0.0.1"


def test_served_on_loopback_a_foreign_host_header_is_refused(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_kw: served.append(app))
    result = CliRunner().invoke(cli, ["serve", "--db", str(store_path)])
    assert result.exit_code == 0, result.output
    with TestClient(served[0], base_url="http://127.0.0.1:8000") as local:
        assert local.get("/api/events").status_code == 200
        for host in ("localhost:8000", "[::1]:8000", "127.0.0.1"):
            assert local.get("/api/events", headers={"host": host}).status_code == 200, host
        # A page on attacker.example that rebinds its name to 127.0.0.1.
        r = local.get("/api/events", headers={"host": "attacker.example:8000"})
        assert r.status_code == 400 and "unexpected Host header" in r.text
        assert r.headers["x-content-type-options"] == "nosniff"
