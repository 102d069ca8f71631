"""Web fixtures: a small hand-made store (with hostile text) and an in-process client."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitroom.config import Settings
from sitroom.model import Actor, Article, Casualties, Event, Extraction, Place, Quote
from sitroom.resolve.incidents import resolve_incidents
from sitroom.store import Store
from sitroom.web import create_app

TOKEN = "test-token-7f3a"
HOSTILE = "<script>alert('x')</script>"
VERSIONS = {"actors": "t", "places": "t", "time": "t", "events": "t", "quotes": "t"}
TOWN = Place(text="Tovuz", name="Tovuz", lat=40.99, lon=45.63, country="AZE", precision="town")


def _sentence_event(text: str, sentence: str, trigger: str, **kw: object) -> Event:
    s0 = text.index(sentence)
    t0 = text.index(trigger, s0)
    return Event(
        type=str(kw.get("type_", "ASSAULT")),
        start=t0,
        end=t0 + len(trigger),
        trigger=trigger,
        mode=str(kw.get("mode", "artillery")),
        source=[Actor(text="Armenian forces", country="ARM", sector="MIL")],
        target=[Actor(text="Tovuz residents", country="AZE", sector="CVL")],
        date=str(kw.get("date", "2020-07-12")),
        date_precision="day",
        time_precision=1,
        place=TOWN,
        casualties=Casualties(killed=kw.get("killed")),  # type: ignore[arg-type]
        claimant=kw.get("claimant"),  # type: ignore[arg-type]
        sentence_start=s0,
        sentence_end=s0 + len(sentence),
    )


def _article(doc: str, text: str, title: str, url: str, outlet: str) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(
        doc=doc,
        text=text,
        raw=text,
        title=title,
        url=url,
        outlet=outlet,
        published=dt.date(2020, 7, 13),
        content_hash=digest,
        id=digest[:16],
    )


def build_store(path: Path) -> Store:
    """Two reports of one shelling, one with hostile title, URL and text."""
    store = Store.open(str(path))
    s1 = "Shells hit the village near Tovuz on Sunday, killing 4 people, the ministry said."
    text1 = f"{HOSTILE} Fighting resumed. {s1} <img src=x onerror=alert(1)> <b>unclosed"
    ministry = Actor(text="the ministry", country="AZE", sector="GOV", name="Defence Ministry")
    e1 = _sentence_event(text1, s1, "Shells hit", killed=4, claimant=ministry)
    q0 = text1.index("Fighting")
    quote = Quote(
        speaker="Defence Ministry",
        content="Fighting resumed.",
        content_start=q0,
        content_end=q0 + len("Fighting resumed."),
        direct=False,
        speaker_actor=ministry,
        date="2020-07-12",
        date_precision="day",
    )
    a1 = _article("hostile.txt", text1, f"Tovuz {HOSTILE}", "javascript:alert(1)", "Wire <i>x</i>")
    store.save(a1, Extraction(events=[e1], quotes=[quote], versions=VERSIONS))

    s2 = "Artillery fire struck Tovuz on Sunday and 2 people died, an Armenian official claimed."
    text2 = f"Border report. {s2} Talks were urged."
    official = Actor(text="an Armenian official", country="ARM", sector="GOV")
    e2 = _sentence_event(text2, s2, "Artillery fire", killed=2, claimant=official)
    a2 = _article("plain.txt", text2, "Border report", "https://news.example.org/a", "Daily")
    store.save(a2, Extraction(events=[e2], versions=VERSIONS))
    resolve_incidents(store)
    return store


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    """An SQLite file with the two hand-made reports."""
    path = tmp_path / "web.db"
    build_store(path).close()
    return path


@pytest.fixture()
def client(store_path: Path) -> Iterator[TestClient]:
    """A read-only in-process client."""
    with TestClient(create_app(Settings(db=str(store_path)))) as c:
        yield c


@pytest.fixture()
def writer(store_path: Path) -> Iterator[TestClient]:
    """A client of an app started with a token."""
    with TestClient(create_app(Settings(db=str(store_path)), token=TOKEN)) as c:
        yield c
