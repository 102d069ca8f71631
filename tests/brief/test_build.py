"""Building a brief: what it holds follows the filters; every citation is a stored sentence.

The 2020 periods are the seeds' (read from ../shared/seeds; skipped without them).
"""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.brief import build_brief
from sitroom.brief.build import _in_order
from sitroom.errors import ExportError
from sitroom.query import Filters, get_article
from sitroom.resolve.query import select_incidents

PERIODS = [
    Filters(),
    Filters(since=dt.date(2020, 9, 27), until=dt.date(2020, 11, 10)),
    Filters(since=dt.date(2024, 3, 1), country="AZE"),
]


@pytest.mark.parametrize("f", PERIODS, ids=["all", "2020 war", "2024 AZE"])
def test_every_citation_is_a_stored_sentence_numbered_in_order(
    store, seeds_dir, f: Filters
) -> None:
    brief = build_brief(store, f)
    assert brief.incidents and brief.citations
    assert [c.number for c in brief.citations] == list(range(1, len(brief.citations) + 1))
    texts: dict[str, str] = {}
    for c in brief.citations:
        if c.article_id not in texts:
            article = get_article(store, c.article_id)
            assert article is not None, c
            texts[c.article_id] = article.text
        assert c.text and texts[c.article_id][c.start : c.end] == c.text, c
    # Everything shown cites a numbered sentence, and the numbers first appear in order.
    shown = list(_in_order(brief))
    assert {id(s) for s in shown} == {id(c) for c in brief.citations}
    first = list(dict.fromkeys(s.number for s in shown))
    assert first == sorted(first)
    assert {s.article_id for s in brief.sources} == {c.article_id for c in brief.citations}


def test_the_filters_choose_the_incidents(store, seeds_dir) -> None:
    f = Filters(since=dt.date(2020, 9, 27), until=dt.date(2020, 11, 10), country="AZE")
    brief = build_brief(store, f)
    expected = select_incidents(store, f)
    assert brief.incidents == len(expected) == len(brief.annex)
    assert [x.id for x in brief.annex] == [x.id for x in expected]
    assert sum(n for _, n, _ in brief.by_type) == brief.incidents
    assert brief.killed_best == sum(x.killed.best or 0 for x in expected)
    assert brief.filter_words == ["involving Azerbaijan (AZE)"]
    assert brief.period == "2020-09-27 to 2020-11-10"
    only = build_brief(store, Filters(type="ASSAULT"))
    assert {t for t, _, _ in only.by_type} == {"ASSAULT"}
    empty = Filters(since=dt.date(1900, 1, 1), until=dt.date(1900, 1, 2))
    assert build_brief(store, empty).incidents == 0


def test_deadliest_first_and_sections_put_claims_side_by_side(store, seeds_dir) -> None:
    brief = build_brief(store, Filters(since=dt.date(2020, 9, 27), until=dt.date(2020, 11, 10)))
    killed = [line.killed.best for line in brief.deadliest]
    assert killed and all(k for k in killed) and killed == sorted(killed, reverse=True)
    assert len(brief.sections) == 8
    top = brief.sections[0]
    assert top.line.killed.best == killed[0]
    incident = next(i for i in select_incidents(store) if i.id == top.line.id)
    assert len(top.claims) >= 2 and top.statements
    assert {c.killed for c in top.claims} >= {incident.killed.best}
    assert all(c.cites for c in top.claims)


def test_ceasefires_and_blame_come_from_the_record(store, seeds_dir) -> None:
    brief = build_brief(store, Filters(since=dt.date(2020, 10, 1), until=dt.date(2020, 10, 31)))
    agreed = [c for c in brief.ceasefires if c.new]
    assert agreed and all((c.agreed or "")[:7] == "2020-10" for c in agreed)
    assert all(c.cites for c in brief.ceasefires)
    assert any(v for c in brief.ceasefires for v in c.violations)
    assert brief.blame and all(b.cites and b.incidents for b in brief.blame)
    parties = set(brief.parties)
    assert all(st.country not in parties for st in brief.third_parties)


def test_contested_keeps_the_incidents_whose_claimants_disagree(store) -> None:
    brief = build_brief(store, Filters(), contested=True)
    expected = select_incidents(store, Filters(), contested=True)
    assert [x.id for x in brief.annex] == [x.id for x in expected]
    assert all(line.contested for line in brief.annex)
    assert "contested incidents only" in brief.filter_words


def test_mention_filters_are_refused(store) -> None:
    with pytest.raises(ExportError, match="--doc selects mentions"):
        build_brief(store, Filters(doc="01_border"))


def test_the_brief_says_dates_and_violations_in_words(store, seeds_dir) -> None:
    from sitroom.brief.render import render_html, render_markdown

    brief = build_brief(store, Filters(since=dt.date(2020, 10, 1), until=dt.date(2020, 10, 31)))
    whys = [why for c in brief.ceasefires for _, why in c.violations]
    assert whys and all(w.startswith("dated ") and "involves" in w or "no party" in w for w in whys)
    for text in (render_html(brief), render_markdown(brief)):
        assert "Oct 2020" in text
        # the annex, the deadliest list and the violations print no ISO day of October
        body = text.split("Annex", 1)[-1]
        assert "2020-10-" not in body
