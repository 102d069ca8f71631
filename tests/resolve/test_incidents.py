"""Incident resolution on a real SQLite store filled with hand-made mentions."""

from __future__ import annotations

from sitroom.query import Filters, select_events
from sitroom.resolve.incidents import (
    RecentMentions,
    compatible,
    link_reason,
    resolve_article,
    resolve_incidents,
)
from sitroom.resolve.mentions import MentionCache, mentions_of
from sitroom.resolve.query import get_incident, select_incidents
from sitroom.store import Store
from sitroom.store.incidents import add_override
from tests.resolve.factory import STEPANAKERT, actor, article, event


def _store(tmp_path) -> Store:
    return Store.open(str(tmp_path / "t.db"))


def _incident_of(store: Store, doc: str, start: int) -> str:
    for r in select_events(store, Filters(doc=doc)):
        if r.event.start == start:
            return r.event.incident
    raise AssertionError(f"no mention at {start} in {doc}")


def test_link_reason_names_what_agrees():
    why = link_reason(event(1), event(2, date="2020-10"))
    assert why is not None
    assert "Ganja" in why and "2020-10-17 ~ 2020-10" in why and "ARM" in why


def test_incompatible_mentions():
    base = event(1)
    assert not compatible(base, event(2, date="2020-10-18"))
    assert not compatible(base, event(2, place=STEPANAKERT))
    assert not compatible(base, event(2, type_="AGREE"))
    assert not compatible(base, event(2, mode="clash"))
    assert not compatible(base, event(2, source=("RUS",), target=("UKR",)))
    assert not compatible(base, event(2, date=None))
    assert compatible(base, event(2, date="2020", place=None))


def test_reports_of_one_strike_in_several_articles_form_one_incident(tmp_path):
    store = _store(tmp_path)
    store.save(*article("a", [event(5), event(60, place=STEPANAKERT)]))
    store.save(*article("b", [event(7, date="2020-10")]))
    store.save(*article("c", [event(9, date="2020-10-16", place=STEPANAKERT)]))
    assert resolve_incidents(store) == 3
    ganja = _incident_of(store, "a", 5)
    assert _incident_of(store, "b", 7) == ganja
    assert _incident_of(store, "a", 60) != ganja
    assert _incident_of(store, "c", 9) not in (ganja, _incident_of(store, "a", 60))
    rec = get_incident(store, ganja)
    assert rec is not None and rec.n_mentions == 2 and rec.n_articles == 2
    reasons = [rec.reasons[m.id] for m in rec.mentions]
    assert "" in reasons and any("with event" in r and "Ganja" in r for r in reasons)


def test_incremental_resolution_matches_a_full_run(tmp_path):
    store = _store(tmp_path)
    store.save(*article("a", [event(5), event(60, place=STEPANAKERT)]))
    resolve_incidents(store)
    new, extraction = article("b", [event(7, date="2020-10"), event(20, type_="DEMAND", mode="")])
    store.save(new, extraction)
    assert resolve_article(store, new.id) == 2
    incremental = {(r.doc, r.event.start): r.event.incident for r in select_events(store)}
    resolve_incidents(store)
    full = {(r.doc, r.event.start): r.event.incident for r in select_events(store)}
    assert incremental == full
    assert full[("b", 7)] == full[("a", 5)]
    assert len(select_incidents(store)) == 3


def test_split_and_merge_overrides_survive_reprocessing(tmp_path):
    store = _store(tmp_path)
    a, xa = article("a", [event(5)])
    b, xb = article("b", [event(7)])
    store.save(a, xa)
    store.save(b, xb)
    resolve_incidents(store)
    ganja = _incident_of(store, "a", 5)
    assert _incident_of(store, "b", 7) == ganja
    add_override(store, "split", {"a": [f"{a.id}:5:ASSAULT"], "b": [f"{b.id}:7:ASSAULT"]})
    resolve_incidents(store)
    assert _incident_of(store, "a", 5) != _incident_of(store, "b", 7)
    # Reprocessing replaces the rows (new event ids); the override still holds.
    store.save(b, article("b", [event(7)])[1])
    resolve_article(store, b.id)
    assert _incident_of(store, "a", 5) != _incident_of(store, "b", 7)
    # A later merge wins over the earlier split, even across incompatible places.
    c, xc = article("c", [event(9, place=STEPANAKERT)])
    store.save(c, xc)
    resolve_incidents(store)
    add_override(store, "merge", {"": [f"{a.id}:5:ASSAULT", f"{c.id}:9:ASSAULT"]})
    resolve_incidents(store)
    assert _incident_of(store, "a", 5) == _incident_of(store, "c", 9)
    rec = get_incident(store, _incident_of(store, "c", 9))
    assert rec is not None
    assert any("user override #2" in why for why in rec.reasons.values())
    add_override(store, "merge", {"": [f"{a.id}:5:ASSAULT", f"{b.id}:7:ASSAULT"]})
    resolve_incidents(store)
    assert _incident_of(store, "b", 7) == _incident_of(store, "a", 5)


def test_near_duplicate_copies_count_as_one_source(tmp_path):
    store = _store(tmp_path)
    a, xa = article("a", [event(5)])
    b, xb = article("b", [event(5)])
    c, xc = article("c", [event(5)])
    for art, x in ((a, xa), (b, xb), (c, xc)):
        store.save(art, x)
    store.link_articles(b.id, a.id, "near-duplicate", 0.95)
    resolve_incidents(store)
    (rec,) = select_incidents(store)
    assert rec.n_articles == 3
    assert rec.n_sources == 2


def test_incidents_filters(tmp_path):
    store = _store(tmp_path)
    store.save(
        *article("a", [event(5), event(40, type_="DEMAND", mode="", date="2020-11-02", place=None)])
    )
    resolve_incidents(store)
    assert [r.type for r in select_incidents(store, Filters(type="demand"))] == ["DEMAND"]
    assert len(select_incidents(store, Filters(country="ARM"))) == 2
    assert select_incidents(store, Filters(country="FRA")) == []
    assert [r.type for r in select_incidents(store, Filters(place="ganja"))] == ["ASSAULT"]
    import datetime as dt

    late = select_incidents(store, Filters(since=dt.date(2020, 11, 1)))
    assert [r.type for r in late] == ["DEMAND"]


def test_claimants_side_by_side(tmp_path):
    store = _store(tmp_path)
    aze = actor("AZE", "GOV", "Azerbaijani defence ministry")
    arm = actor("ARM", "GOV", "Armenian defence ministry")
    store.save(*article("a", [event(5, killed=10, injured=30, claimant=aze)]))
    store.save(*article("b", [event(5, killed=4, claimant=arm, status="denied")]))
    resolve_incidents(store)
    (rec,) = select_incidents(store, contested=True)
    assert set(rec.contested) == {"killed", "occurred"}
    full = get_incident(store, rec.id)
    assert full is not None
    by_name = {c.claimant: c for c in full.claims}
    assert by_name["Armenian defence ministry"].denies
    assert by_name["Azerbaijani defence ministry"].blames == ["ARM"]
    assert (rec.killed.low, rec.killed.high) == (4, 10)
    assert rec.injured.best == 30


def test_statements_are_told_apart_by_who_makes_them(tmp_path):
    store = _store(tmp_path)
    blame = {"type_": "DISAPPROVE", "mode": "accusation", "place": None}
    store.save(*article("a", [event(5, source=("AZE",), target=("ARM",), **blame)]))
    store.save(*article("b", [event(5, source=("ARM",), target=("AZE",), **blame)]))
    store.save(*article("c", [event(5, source=("AZE",), target=("ARM",), **blame)]))
    resolve_incidents(store)
    assert _incident_of(store, "a", 5) == _incident_of(store, "c", 5)
    assert _incident_of(store, "a", 5) != _incident_of(store, "b", 5)


def test_one_year_in_common_is_no_sign_of_one_incident(tmp_path):
    store = _store(tmp_path)
    offer = {
        "type_": "AGREE",
        "mode": "peace-plan",
        "place": None,
        "date": "2020",
        "source": ("IRN",),
        "target": ("ARM", "AZE"),
    }
    texts = {"a": "Tehran offered mediation again ", "b": "Officials proposed another plan "}
    for doc, trigger in (("a", "offered"), ("b", "proposed")):
        a, x = article(doc, [event(5, **offer)], text=texts[doc] * 9)
        x.events[0].trigger, x.events[0].date_precision = trigger, "year"
        store.save(a, x)
    resolve_incidents(store)
    assert _incident_of(store, "a", 5) != _incident_of(store, "b", 5)


def test_two_statements_in_one_article_stay_two_incidents(tmp_path):
    store = _store(tmp_path)
    call = {"type_": "DEMAND", "mode": "statement", "place": None, "source": ("IRN",)}
    store.save(*article("a", [event(5, **call), event(50, **call)]))
    resolve_incidents(store)
    assert _incident_of(store, "a", 5) != _incident_of(store, "a", 50)


def test_a_vaguer_date_needs_a_second_sign(tmp_path):
    store = _store(tmp_path)
    store.save(*article("a", [event(5, place=None)]))
    vague, x = article("b", [event(5, place=None, date="2020-10")], text="b: other words " * 9)
    x.events[0].trigger = "fired"
    store.save(vague, x)
    resolve_incidents(store)
    assert _incident_of(store, "a", 5) != _incident_of(store, "b", 5)


def _copies(tmp_path, second_text: str, second_events):
    """Original 'a' (two mentions) resolved, then 'b' linked to it as a near-duplicate."""
    store = _store(tmp_path)
    body = "report " * 40
    a, xa = article("a", [event(5), event(60, type_="DEMAND", mode="", place=None)], text=body)
    store.save(a, xa)
    resolve_article(store, a.id)
    b, xb = article("b", second_events, text=second_text)
    store.save(b, xb)
    store.link_articles(b.id, a.id, "near-duplicate", 0.97)
    resolve_article(store, b.id)
    return store


def test_a_copy_joins_its_originals_incidents_without_changing_their_claims(tmp_path):
    same = [event(5), event(60, type_="DEMAND", mode="", place=None)]
    store = _copies(tmp_path, "report " * 40 + "Syndicated.", same)
    for start in (5, 60):
        assert _incident_of(store, "b", start) == _incident_of(store, "a", start)
    rec = get_incident(store, _incident_of(store, "b", 5))
    assert rec is not None
    assert (rec.n_mentions, rec.n_articles, rec.n_sources) == (2, 2, 1)
    assert any(why == "near-duplicate copy of a" for why in rec.reasons.values())
    # The shortcut gives what a full re-resolution gives.
    incremental = {
        r.id: (r.n_mentions, r.n_articles, r.n_sources, r.mode) for r in select_incidents(store)
    }
    resolve_incidents(store)
    full = {
        r.id: (r.n_mentions, r.n_articles, r.n_sources, r.mode) for r in select_incidents(store)
    }
    assert incremental == full


def test_a_copy_that_changes_a_mention_is_compared_in_full(tmp_path):
    changed = [event(5, killed=3), event(60, type_="DEMAND", mode="", place=None)]
    store = _copies(tmp_path, "report " * 40 + "Syndicated.", changed)
    rec = get_incident(store, _incident_of(store, "b", 5))
    assert rec is not None
    assert _incident_of(store, "b", 5) == _incident_of(store, "a", 5)
    assert not any(why.startswith("near-duplicate copy") for why in rec.reasons.values())
    assert rec.killed.best == 3


def test_recent_mentions_match_a_copy_as_the_store_does(tmp_path):
    # The original's mentions come from the run's memory: same incidents, same reasons.
    store = _store(tmp_path)
    recent = RecentMentions()
    same = [event(5), event(60, type_="DEMAND", mode="", place=None)]
    a, xa = article("a", same, text="report " * 40)
    store.save(a, xa)
    resolve_article(store, a.id, recent)
    b, xb = article("b", same, text="report " * 40 + "Syndicated.")
    store.save(b, xb)
    store.link_articles(b.id, a.id, "near-duplicate", 0.97)
    assert recent.twins(store, a.id) is not None
    resolve_article(store, b.id, recent)
    for start in (5, 60):
        assert _incident_of(store, "b", start) == _incident_of(store, "a", start)
    rec = get_incident(store, _incident_of(store, "b", 5))
    assert rec is not None and (rec.n_mentions, rec.n_articles, rec.n_sources) == (2, 2, 1)
    assert any(why == "near-duplicate copy of a" for why in rec.reasons.values())


def test_recent_mentions_forget_an_article_whose_mentions_were_replaced(tmp_path):
    store = _store(tmp_path)
    recent = RecentMentions()
    a, xa = article("a", [event(5)], text="report " * 40)
    store.save(a, xa)
    resolve_article(store, a.id, recent)
    assert recent.twins(store, a.id) is not None
    # Reprocessed with a different figure (the event ids may well be reused).
    _, changed = article("a", [event(5, killed=3)], text="report " * 40)
    store.save(a, changed)
    assert recent.twins(store, a.id) is None
    b, xb = article("b", [event(5)], text="report " * 40 + "Syndicated.")
    store.save(b, xb)
    store.link_articles(b.id, a.id, "near-duplicate", 0.97)
    resolve_article(store, a.id, recent)
    resolve_article(store, b.id, recent)
    rec = get_incident(store, _incident_of(store, "b", 5))
    assert rec is not None
    assert not any(why.startswith("near-duplicate copy") for why in rec.reasons.values())


def test_a_reprocessed_mention_leaving_its_incident_founds_a_new_one(tmp_path):
    store = _store(tmp_path)
    a, xa = article("a", [event(5)])
    b, xb = article("b", [event(7)])
    store.save(a, xa)
    resolve_article(store, a.id)
    store.save(b, xb)
    resolve_article(store, b.id)
    shared = _incident_of(store, "a", 5)
    assert _incident_of(store, "b", 7) == shared
    # Re-extracted elsewhere, a's mention no longer fits the incident it founded; the
    # incident it founds now cannot take that incident's id, which b's mention keeps.
    store.save(a, article("a", [event(5, place=STEPANAKERT)])[1])
    resolve_article(store, a.id, reprocessed=True)
    assert _incident_of(store, "b", 7) == shared
    assert _incident_of(store, "a", 5) != shared
    assert len(select_incidents(store)) == 2


def test_the_mention_cache_gives_what_a_fresh_read_gives(tmp_path):
    store = _store(tmp_path)
    a, xa = article("a", [event(5), event(60, place=STEPANAKERT)])
    b, xb = article("b", [event(7, date="2020-10", killed=3), event(30, killed=2)])
    store.save(a, xa)
    store.save(b, xb)
    resolve_incidents(store)
    cache = MentionCache(size=3)
    ids = sorted({r.event.incident for r in select_events(store)})
    assert len(ids) == 2
    for _ in range(2):  # read, then served from the cache (where its 3 records fit)
        assert cache.members_of(store, ids) == mentions_of(store, ids)
    # An incident's members change: the cache follows.
    add_override(store, "split", {"a": [f"{a.id}:5:ASSAULT"], "b": [f"{b.id}:7:ASSAULT"]})
    resolve_incidents(store)
    ids = sorted({r.event.incident for r in select_events(store)})
    assert len(ids) == 3
    assert cache.members_of(store, ids) == mentions_of(store, ids)
    # Reprocessing changes a mention's content (its row may get the same id): read again.
    store.save(b, article("b", [event(7, date="2020-10", killed=9), event(30, killed=2)])[1])
    resolve_article(store, b.id)
    ids = sorted({r.event.incident for r in select_events(store)})
    fresh = mentions_of(store, ids)
    assert cache.members_of(store, ids) == fresh
    assert 9 in {r.event.casualties.killed for rs in fresh.values() for r in rs}
    # Callers may change what they are given; the cache keeps what was read.
    for records in cache.members_of(store, ids).values():
        for r in records:
            r.event.incident = "changed"
    assert cache.members_of(store, ids) == fresh
