"""The named actor page lists every spelling of one party; relayed statements name their
relay (hand-made store, texts written for the project)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote as urlquote

import pytest
from fastapi.testclient import TestClient

from sitroom.config import Settings
from sitroom.model import Actor, Article, Event, Extraction, Quote
from sitroom.resolve.incidents import resolve_incidents
from sitroom.resolve.query import select_incidents
from sitroom.store import Store
from sitroom.web import create_app

VERSIONS = {"actors": "t", "places": "t", "time": "t", "events": "t", "quotes": "t"}

REPORTS = [
    ("one.txt", "Armenia's Defence Ministry", "defence ministry", "Shelling hit Martuni.", ""),
    ("two.txt", "Armenian Ministry of Defense", "ministry of defense", "Drones were downed.", ""),
    ("three.txt", "defence ministry of Armenia", "defence ministry", "Shells hit Martuni.", "TASS"),
]


def _save(store: Store, doc: str, speaker: str, name: str, content: str, relay: str) -> None:
    text = f"{speaker} said: {content}"
    digest = hashlib.sha256(text.encode()).hexdigest()
    article = Article(doc=doc, text=text, raw=text, content_hash=digest, id=digest[:16])
    actor = Actor(text=speaker, country="ARM", sector="MIL", name=name, kind="institution", start=0)
    start = text.index(content)
    quote = Quote(
        speaker=speaker,
        content=content,
        content_start=start,
        content_end=start + len(content),
        direct=False,
        cue="said",
        speaker_actor=actor,
        speaker_start=0,
        speaker_end=len(speaker),
        date="2020-10-03",
        date_precision="day",
        relay=relay,
    )
    # the statement tells of an attack: its mention is claimed by the ministry
    event = Event(
        type="ASSAULT",
        start=start,
        end=start + len(content) - 1,
        trigger=content.split()[1],
        source=[Actor(text="Azerbaijani forces", country="AZE", sector="MIL")],
        date="2020-10-03",
        date_precision="day",
        claimant=actor,
        sentence_start=0,
        sentence_end=len(text),
    )
    extraction = Extraction(actors=[actor], events=[event], quotes=[quote], versions=VERSIONS)
    store.save(article, extraction)


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    path = tmp_path / "entities.db"
    store = Store.open(str(path))
    for report in REPORTS:
        _save(store, *report)
    resolve_incidents(store)
    store.close()
    with TestClient(create_app(Settings(db=str(path)))) as c:
        yield c


def test_named_actor_page_lists_every_spelling(client: TestClient) -> None:
    page = client.get("/actors/named/" + urlquote("Armenia's Defence Ministry"))
    assert page.status_code == 200
    for _, _, _, content, _ in REPORTS:
        assert content in page.text
    assert "3 statements" in page.text
    assert "Also named:" in page.text and "Armenian Ministry of Defense" in page.text


def test_actors_list_counts_one_entity_once(client: TestClient) -> None:
    page = client.get("/actors")
    assert page.status_code == 200
    # the three spellings are listed under the entity's one name
    assert "Armenian Ministry of Defense" in page.text
    assert "defence ministry of Armenia" not in page.text


def test_statements_page_and_api_show_the_relay(client: TestClient) -> None:
    page = client.get("/quotes")
    assert "via TASS" in page.text
    rows = client.get("/api/quotes").json()
    rows = rows if isinstance(rows, list) else rows.get("items", rows.get("quotes", rows))
    relays = {r["content"]: r["relay"] for r in rows}
    assert relays == {
        "Shelling hit Martuni.": None,
        "Drones were downed.": None,
        "Shells hit Martuni.": "TASS",
    }
    assert len({r["entity_id"] for r in rows}) == 1


def test_incident_page_names_the_relay_of_a_claim(client: TestClient) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    pages = [client.get(f"/incidents/{r.id}") for r in select_incidents(store)]
    assert pages and all(p.status_code == 200 for p in pages)
    # one of the three claims was relayed, and its mention says so
    assert sum(p.text.count("claim relayed by TASS") for p in pages) == 1
