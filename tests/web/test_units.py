"""Pure helpers of the web UI: highlighting, the daily chart, FTS5 queries."""

from __future__ import annotations

from sitroom.web.chart import daily_chart
from sitroom.web.highlight import in_context, segments
from sitroom.web.queries import DailyCount, Mention
from sitroom.web.search import fts_query


def test_segments_cover_text_and_mark_overlaps() -> None:
    text = "Rockets hit Ganja on Sunday."
    spans = [
        Mention("event", 0, 11, "event ASSAULT"),
        Mention("place", 12, 17, "place Ganja"),
        Mention("quote", 8, 27, "quote"),
        Mention("time", 40, 50, "out of range"),
    ]
    pieces = segments(text, spans)
    assert "".join(p.text for p in pieces) == text
    marked = {p.text: p.kinds for p in pieces}
    assert marked["Rockets "] == ("event",)
    assert marked["hit"] == ("event", "quote")
    assert marked["Ganja"] == ("place", "quote")
    assert all("time" not in p.kinds for p in pieces)


def test_in_context_marks_sentence_and_evidence_inside_a_window() -> None:
    before = "word " * 100
    sentence = "Shells struck the depot."
    text = before + sentence + " after" * 100
    s0 = len(before)
    pieces = in_context(text, (s0, s0 + len(sentence)), (s0 + 7, s0 + 13), window=30)
    joined = "".join(p.text for p in pieces)
    assert joined.startswith("… ") and joined.endswith(" …")
    assert sentence in joined and len(joined) < 120
    assert [p.text for p in pieces if "evidence" in p.kinds] == ["struck"]
    assert any(p.kinds == ("sentence",) for p in pieces)


def test_daily_chart_stacks_types_and_fills_missing_days() -> None:
    counts = [
        DailyCount("2020-10-01", "ASSAULT", 3),
        DailyCount("2020-10-01", "AGREE", 1),
        DailyCount("2020-10-04", "ASSAULT", 2),
    ]
    chart = daily_chart(counts, width=400, height=100)
    assert chart is not None
    assert chart.max_count == 4 and chart.first_day == "2020-10-01"
    assert chart.last_day == "2020-10-04"
    assert len(chart.bars) == 3
    first_day = [b for b in chart.bars if b.x == 0]
    assert abs(sum(b.height for b in first_day) - 100) < 1e-6
    assert {b.x for b in chart.bars} == {0, 300}
    assert daily_chart([]) is None


def test_fts_query_quotes_words() -> None:
    assert fts_query('Ganja "strike" OR NEAR(') == '"Ganja" "strike" "OR" "NEAR"*'
    assert fts_query("  *** ") == ""
