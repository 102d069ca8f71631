"""Hostile requests get a 4xx answer with a reason, never a 500; every answer has the headers."""

from __future__ import annotations

from fastapi.testclient import TestClient

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
