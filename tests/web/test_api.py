"""The JSON API in-process: filters, pagination, ids, OpenAPI, read-only by default."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import HOSTILE, TOKEN


def test_events_filter_by_type_country_place_and_dates(client: TestClient) -> None:
    items = client.get("/api/events", params={"type": "assault", "country": "ARM"}).json()["items"]
    assert [e["doc"] for e in items] == ["hostile.txt", "plain.txt"]
    assert client.get("/api/events", params={"type": "AGREE"}).json()["items"] == []
    assert len(client.get("/api/events", params={"place": "tovuz"}).json()["items"]) == 2
    assert client.get("/api/events", params={"since": "2020-07-13"}).json()["items"] == []
    assert len(client.get("/api/events", params={"until": "2020-07-12"}).json()["items"]) == 2
    died = client.get("/api/events", params={"text": "people died"}).json()["items"]
    assert [e["killed"] for e in died] == [2]


def test_bad_filters_are_rejected(client: TestClient) -> None:
    assert client.get("/api/events", params={"type": "BOMBING"}).status_code == 422
    assert client.get("/api/events", params={"country": "<b>"}).status_code == 422
    assert client.get("/api/events", params={"since": "yesterday"}).status_code == 422
    assert client.get("/api/events", params={"limit": 0}).status_code == 422


def test_pagination_and_stable_ids(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 1}).json()
    assert first["next_offset"] == 1 and len(first["items"]) == 1
    second = client.get("/api/events", params={"limit": 1, "offset": 1}).json()
    assert second["items"][0]["id"] != first["items"][0]["id"]
    again = client.get("/api/events", params={"limit": 1}).json()
    assert again["items"][0]["id"] == first["items"][0]["id"]
    last = client.get("/api/events", params={"limit": 5}).json()
    assert last["next_offset"] is None


def test_incident_groups_both_reports_with_contested_toll(client: TestClient) -> None:
    incidents = client.get("/api/incidents").json()["items"]
    assert len(incidents) == 1
    inc = incidents[0]
    assert inc["place"] == "Tovuz" and inc["n_mentions"] == 2 and "killed" in inc["contested"]
    one = client.get(f"/api/incidents/{inc['id']}").json()
    assert {c["killed"] for c in one["claims"]} == {4, 2}
    assert client.get("/api/incidents/nope").status_code == 404
    assert client.get("/api/incidents", params={"contested": True}).json()["items"]


def test_map_is_geojson_with_links(client: TestClient) -> None:
    data = client.get("/api/map").json()
    assert data["type"] == "FeatureCollection"
    feature = data["features"][0]
    assert feature["geometry"]["coordinates"] == [45.63, 40.99]
    assert feature["properties"]["url"].startswith("/incidents/")


def test_articles_quotes_actors_search_daily(client: TestClient) -> None:
    articles = client.get("/api/articles").json()["items"]
    assert {a["doc"] for a in articles} == {"hostile.txt", "plain.txt"}
    full = client.get(f"/api/articles/{articles[0]['id']}").json()
    assert {m["kind"] for m in full["mentions"]} >= {"event"} and full["text"]
    assert client.get("/api/articles/missing").status_code == 404
    quotes = client.get("/api/quotes", params={"speaker": "defence"}).json()["items"]
    assert quotes[0]["content"] == "Fighting resumed."
    actors = client.get("/api/actors").json()["items"]
    assert {a["country"] for a in actors} == {"AZE", "ARM"}
    aze = client.get("/api/actors/aze").json()
    assert len(aze["events"]) == 2 and len(aze["quotes"]) == 1
    hits = client.get("/api/search", params={"q": "artillery"}).json()["items"]
    assert [h["doc"] for h in hits] == ["plain.txt"] and hits[0]["matches"] == ["Artillery"]
    assert client.get("/api/search", params={"q": '" OR *'}).json()["items"] == []
    daily = client.get("/api/events/daily").json()
    assert daily["items"] == [{"day": "2020-07-12", "type": "ASSAULT", "count": 2}]
    assert client.get("/api/events/daily", params={"offset": 1}).json()["items"] == []
    assert client.get("/api/ceasefires").json()["items"] == []


def test_api_refuses_what_it_cannot_answer(client: TestClient) -> None:
    # A code that is no country is not an actor with nothing recorded.
    assert client.get("/api/actors/XXX").status_code == 404
    assert client.get("/api/actors/Azerbaijan").json()["country"] == "AZE"
    inverted = client.get("/api/events", params={"since": "2020-10-02", "until": "2020-10-01"})
    assert inverted.status_code == 422 and "after" in inverted.text
    assert (
        client.get("/api/incidents", params={"since": "2021", "until": "2020"}).status_code == 422
    )
    # Names where codes are stored, the same answer as the codes; a name of nothing is 422.
    by_name = client.get("/api/events", params={"country": "Azerbaijan", "type": "attack"}).json()
    by_code = client.get("/api/events", params={"country": "AZE", "type": "ASSAULT"}).json()
    assert by_name == by_code and by_name["items"]
    bad = client.get("/api/events", params={"country": "Azerbaijn"})
    assert bad.status_code == 422 and "Azerbaijn" in bad.text


def test_api_returns_untrusted_text_as_data(client: TestClient) -> None:
    articles = client.get("/api/articles", params={"doc": "hostile"}).json()["items"]
    assert articles[0]["title"].endswith(HOSTILE)
    assert client.get("/api/articles").headers["content-type"].startswith("application/json")


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    for path in (
        "/api/articles",
        "/api/events",
        "/api/incidents",
        "/api/quotes",
        "/api/actors",
        "/api/ceasefires",
        "/api/search",
    ):
        assert path in paths
    assert "post" in schema["paths"]["/api/articles"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "GET /api/events" in docs.text


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/timeline").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"


def test_post_is_refused_without_a_configured_token(client: TestClient) -> None:
    r = client.post("/api/articles", json={"text": "Troops shelled a town."})
    assert r.status_code == 403
    assert client.put("/api/articles", json={}).status_code == 405
    assert client.delete("/api/events").status_code == 405


def test_post_checks_token_type_and_size(writer: TestClient) -> None:
    body = {"text": "Troops shelled a town."}
    assert writer.post("/api/articles", json=body).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert writer.post("/api/articles", json=body, headers=wrong).status_code == 401
    ok = {"Authorization": f"Bearer {TOKEN}"}
    form = writer.post("/api/articles", data={"text": "x"}, headers=ok)
    assert form.status_code == 415
    big = writer.post(
        "/api/articles",
        content=b'{"text": "' + b"a" * 5_000_001 + b'"}',
        headers={**ok, "content-type": "application/json"},
    )
    assert big.status_code == 413
    bad = writer.post(
        "/api/articles", content=b"{not json", headers={**ok, "content-type": "application/json"}
    )
    assert bad.status_code == 400
    assert writer.post("/api/articles", json=[], headers=ok).status_code == 422
    no_text = writer.post("/api/articles", json={"title": "no body"}, headers=ok)
    assert no_text.status_code == 422 and "no article text" in no_text.json()["failed"][0]["reason"]


def test_post_ingests_an_article_with_the_token(writer: TestClient) -> None:
    ok = {"X-Sitroom-Token": TOKEN}
    body = {
        "text": "Rebel fighters shelled the town of Tovuz on 12 July 2020, killing three "
        "soldiers, the defence ministry said on Monday. Officials urged calm.",
        "title": "Shelling reported",
        "url": "https://news.example.org/b",
        "published": "2020-07-13",
    }
    r = writer.post("/api/articles", json=body, headers=ok)
    assert r.status_code == 201, r.text
    result = r.json()
    assert result["new"] == 1 and len(result["ids"]) == 1
    article = writer.get(f"/api/articles/{result['ids'][0]}").json()
    assert article["title"] == "Shelling reported" and article["events"] >= 1
    again = writer.post("/api/articles", json=body, headers=ok).json()
    assert again["unchanged"] == 1 and again["new"] == 0
    assert writer.get("/api/search", params={"q": "shelled"}).json()["items"]


def test_every_answer_is_typed_in_the_openapi_schema(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    untyped = []
    for path, ops in schema["paths"].items():
        get = ops.get("get")
        if not get or path.startswith("/api/export"):
            continue  # exports stream files, not JSON
        body = get["responses"]["200"]["content"]["application/json"]["schema"]
        if "$ref" not in body:
            untyped.append(path)
    assert not untyped, untyped
    events = schema["components"]["schemas"]["EventOut"]["properties"]
    assert {"type", "sentence", "source", "place", "claimant"} <= set(events)
    # A record keeps the fields its model does not list (the incident's words).
    incident = client.get("/api/incidents").json()["items"][0]["id"]
    one = client.get(f"/api/incidents/{incident}").json()
    assert one["name"] and one["mentions"][0]["reason"] is not None


def test_lists_count_every_match_when_asked(client: TestClient) -> None:
    one = client.get("/api/events", params={"limit": 1, "total": "true"}).json()
    assert len(one["items"]) == 1 and one["total"] == 2
    assert client.get("/api/events").json()["total"] is None
    assert client.get("/api/incidents", params={"total": "true"}).json()["total"] >= 1
    quotes = client.get("/api/quotes", params={"total": "true", "speaker": "defence"}).json()
    assert quotes["total"] == len(quotes["items"]) == 1
