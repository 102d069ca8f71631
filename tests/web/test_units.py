"""Pure helpers of the web UI: highlighting, the daily chart, FTS5 queries, ceasefire words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitroom.ceasefire_words import instant_label, source_links, violation_words
from sitroom.model import Event
from sitroom.query import EventRecord
from sitroom.resolve.claims import Estimate
from sitroom.resolve.query import AgreementRecord, IncidentRecord
from sitroom.web.chart import LEFT, count_chart
from sitroom.web.highlight import in_context, segments
from sitroom.web.join_words import join_reason_words
from sitroom.web.queries import DailyCount, Mention
from sitroom.web.regions import build_index, topology_box
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


def test_chart_stacks_types_and_fills_missing_days() -> None:
    counts = [
        DailyCount("2020-10-01", "ASSAULT", 3),
        DailyCount("2020-10-01", "AGREE", 1),
        DailyCount("2020-10-04", "ASSAULT", 2),
    ]
    chart = count_chart(counts, width=400, height=100)
    assert chart is not None
    assert chart.max_count == 4 and chart.first_day == "1 Oct 2020"
    assert chart.last_day == "4 Oct 2020"
    assert len(chart.bars) == 3 and len(chart.columns) == 4
    step = (400 - LEFT) / 4
    first_day = [b for b in chart.bars if b.x == LEFT]
    # The count axis runs to a round 4: the first day's 4 incidents fill the plot.
    assert [t.label for t in chart.y_ticks] == ["0", "1", "2", "3", "4"]
    assert abs(sum(b.height for b in first_day) - 100) < 1e-6
    assert {b.x for b in chart.bars} == {LEFT, LEFT + 3 * step}
    assert chart.columns[3].since == chart.columns[3].until == "2020-10-04"
    assert count_chart([]) is None


def test_chart_draws_coarse_dates_as_bands_and_counts_undated() -> None:
    counts = [
        DailyCount("2020-10-01", "ASSAULT", 3),
        DailyCount("2020-10-20", "ASSAULT", 1),
        DailyCount("2020-10", "AGREE", 2),
        DailyCount("2020", "ASSAULT", 5),
        DailyCount("", "ASSAULT", 4),
    ]
    chart = count_chart(counts)
    assert chart is not None
    # The year stretches the span: a year does not fit 200 days, so columns are weeks,
    # and a month is wider than a week: both are bands, not bars on a made-up day.
    assert chart.unit == "week"
    assert (chart.in_bars, chart.in_bands, chart.undated) == (4, 7, 4)
    month, year = sorted(chart.bands, key=lambda b: b.width)
    assert (month.count, month.since, month.until) == (2, "2020-10-01", "2020-10-31")
    assert (year.count, year.since, year.until) == (5, "2020-01-01", "2020-12-31")
    assert "dated only to Oct 2020" in month.title and year.y != month.y
    by_month = count_chart(
        [DailyCount("2020-10-05", "AGREE", 1), DailyCount("2024-10", "AGREE", 1)]
    )
    # Months as columns hold a month-precision date as a bar.
    assert by_month is not None and by_month.unit == "month" and by_month.in_bands == 0


def test_fts_query_quotes_words() -> None:
    assert fts_query('Ganja "strike" OR NEAR(') == '"Ganja" "strike" "OR" "NEAR"*'
    assert fts_query("  *** ") == ""


def test_day_charts_tick_each_week_and_keep_labels_inside() -> None:
    chart = count_chart(
        [DailyCount("2020-10-03", "ASSAULT", 1), DailyCount("2020-10-30", "AGREE", 2)]
    )
    assert chart is not None and chart.unit == "day"
    assert [t.label for t in chart.x_ticks] == ["3 Oct 2020", "8 Oct", "15 Oct", "22 Oct", "29 Oct"]
    two = count_chart(
        [DailyCount("2020-10-01", "ASSAULT", 1), DailyCount("2020-10-03", "AGREE", 1)]
    )
    assert two is not None
    # A short span names its last day from the right edge, inside the chart.
    last = two.x_ticks[-1]
    assert last.anchor == "end" and last.at == two.width and last.label == "3 Oct 2020"


def test_positions_read_as_one_line_per_stance_and_parties() -> None:
    from sitroom.web.positions import position_chart, positions, summary
    from sitroom.web.queries import PositionCount

    counts = [
        PositionCount("2020-10", "DEMAND", "statement", "ARM AZE", 3),
        PositionCount("2020-11", "DEMAND", "statement", "ARM AZE", 1),
        PositionCount("2020-10", "AGREE", "offer", "AZE", 2),
        PositionCount("2020-10", "DISAPPROVE", "statement", "", 1),
        PositionCount("2020", "CONSULT", "visit", "ARM", 5),  # a visit takes no position
    ]
    found = positions(counts)
    assert summary("Iran", found) == (
        "Iran: called on Armenia and Azerbaijan 4 times, made an offer to Azerbaijan twice, "
        "condemned once."
    )
    chart = position_chart(found)
    assert chart is not None and [label for _, label in chart.rows][0] == (
        "called on Armenia and Azerbaijan"
    )
    assert len(chart.columns) == 2 and len(chart.dots) == 4 and chart.left_out == 0


def test_the_positions_chart_keeps_the_spacing_of_time() -> None:
    from sitroom.web.positions import position_chart, positions
    from sitroom.web.queries import PositionCount

    def chart_of(*months: str):  # type: ignore[no-untyped-def]
        found = positions([PositionCount(m, "DEMAND", "statement", "ARM", 1) for m in months])
        chart = position_chart(found)
        assert chart is not None
        return [label for _, label in chart.columns]

    # an empty month between two is drawn empty; a long empty stretch is one break
    assert chart_of("2020-10", "2020-12") == ["Oct\u00a02020", "Nov\u00a02020", "Dec\u00a02020"]
    assert chart_of("2019-11", "2020-10") == ["Nov\u00a02019", "//", "Oct\u00a02020"]
    assert chart_of("2020-12", "2021-01") == ["Dec\u00a02020", "Jan\u00a02021"]


def _agreement(**kw: Any) -> AgreementRecord:
    base: dict[str, Any] = dict(
        id="agreement-1",
        incident_id="agree-1",
        kind="ceasefire",
        parties=["ARM", "AZE"],
        brokers=[],
        agreed="2020-10-17",
        in_force_local=None,
        in_force_utc=None,
        in_force_zone=None,
        in_force_text=None,
    )
    base.update(kw)
    return AgreementRecord(**base)


def _violation(date: str | None, countries: list[str]) -> IncidentRecord:
    return IncidentRecord(
        id="assault-1", type="ASSAULT", mode="artillery", status="reported-violation",
        date=date, date_precision="month", place=None, place_country=None, place_admin1=None,
        lat=None, lon=None, killed=Estimate(), injured=Estimate(), contested=[],
        countries=countries, n_mentions=1, n_articles=1, n_sources=1,
    )  # fmt: skip


def test_instant_label_speaks_local_and_utc_times() -> None:
    label = instant_label("2020-10-18T00:00+04:00", "UTC+04:00", "2020-10-17T20:00Z")
    assert label == "18 Oct 2020, 00:00 local time (UTC+04:00); 17 Oct 2020, 20:00 UTC"
    assert instant_label("2024-03-23T12:00", None, None) == "23 Mar 2024, 12:00 local time"
    assert instant_label("2024-03-23", None, None) == "23 Mar 2024"
    # What is not an ISO instant is shown as stored, never dropped.
    assert instant_label("noon Saturday", None, None) == "noon Saturday"


def test_violation_words_name_the_parties_and_the_start() -> None:
    a = _agreement(in_force_utc="2020-10-17T20:00Z")
    words = violation_words(a, _violation("2020-10", ["AZE", "ARM", "TUR"]))
    assert words == (
        "dated Oct 2020, not before the truce took effect on 17 Oct 2020; "
        "involves Azerbaijan and Armenia"
    )
    assert violation_words(a, _violation("2020-10", [])).endswith("; no party named")
    assert "ARM" not in words and "2020-10;" not in words


def test_source_links_one_per_article_and_tell_same_outlet_apart() -> None:
    def mention(article: str, outlet: str | None) -> EventRecord:
        return EventRecord(id=1, article_id=article, doc=f"{article}.txt", event=Event(
            type="AGREE", mode="ceasefire", trigger="agreed", start=0, end=6,
        ), outlet=outlet)  # fmt: skip

    links = source_links(
        [mention("a", "Caucasus Wire"), mention("a", "Caucasus Wire"),
         mention("b", "Caucasus Wire"), mention("c", None), mention("d", "Iran News")],
        {"c": "Truce agreed in Moscow"},
    )  # fmt: skip
    assert [(x.article_id, x.text) for x in links] == [
        ("a", "Caucasus Wire, report 1"),
        ("b", "Caucasus Wire, report 2"),
        ("c", "Truce agreed in Moscow"),
        ("d", "Iran News"),
    ]


def test_topology_box_decodes_quantized_arcs(tmp_path: Path) -> None:
    # Two arcs, delta-encoded: (10, 20) then +5/-4; (0, 0) then +2/+30.
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [40.0, 30.0]},
        "objects": {"xyz": {"type": "GeometryCollection", "geometries": [{}, {}, {}]}},
        "arcs": [[[10, 20], [5, -4]], [[0, 0], [2, 30]]],
    }
    assert topology_box(topology) == (40.0, 30.0, 47.5, 37.5)
    plain = {"arcs": [[[44.5, 39.0], [46.0, 41.5]], [[43.0, 40.0]]]}
    assert topology_box(plain) == (43.0, 39.0, 46.0, 41.5)
    assert topology_box({"arcs": []}) is None
    (tmp_path / "xyz.topo.json").write_text(json.dumps(topology))
    (tmp_path / "nul.topo.json").write_text(json.dumps({"arcs": [], "objects": {}}))
    assert build_index(tmp_path) == [
        {
            "country": "XYZ",
            "file": "xyz.topo.json",
            "object": "xyz",
            "bbox": [40.0, 30.0, 47.5, 37.5],
            "regions": 3,
        }
    ]


def test_a_long_empty_stretch_is_one_narrow_break_on_the_axis() -> None:
    # The first reports of a war, then nothing dated for 24 years, then its return: the
    # years with incidents are not squeezed into a few pixels at the right.
    counts = [
        DailyCount("1993-04", "ASSAULT", 1),
        DailyCount("1994-05-12", "AGREE", 1),
        DailyCount("2019-03-01", "DEMAND", 2),
        DailyCount("2020-10-17", "ASSAULT", 5),
        DailyCount("2024-03-12", "ASSAULT", 4),
    ]
    chart = count_chart(counts)
    assert chart is not None and chart.unit == "year"
    assert [(b.since, b.until) for b in chart.breaks] == [("1995-01-01", "2018-12-31")]
    assert len(chart.columns) == 9  # 1993, 1994, the break, 2019 to 2024
    step = (chart.width - LEFT) / 9
    assert chart.columns[3].since == "2019-01-01" and chart.columns[3].x == LEFT + 3 * step
    assert [t.label for t in chart.x_ticks][:3] == ["1993", "1994", "2019"]
    assert all(b.width == pytest.approx(step * 0.8) for b in chart.bars)
    # Every column, the break included, still brushes to its own dates.
    assert [c.since[:4] for c in chart.columns] == [
        "1993", "1994", "1995", "2019", "2020", "2021", "2022", "2023", "2024",
    ]  # fmt: skip
    # A short gap, or any gap on a day axis, is drawn to scale.
    months = [DailyCount(d, "DEMAND", 1) for d in ("2019-03-01", "2019-08-02", "2020-01-03")]
    assert count_chart(months).breaks == []  # type: ignore[union-attr]
    days = [DailyCount("2020-10-01", "ASSAULT", 1), DailyCount("2020-12-30", "AGREE", 1)]
    assert count_chart(days).breaks == []  # type: ignore[union-attr]


def test_join_reasons_read_as_words_naming_the_mention_joined() -> None:
    names = {"7aa3:6561:ASSAULT": "Mention 1 (Mehr News Agency)"}
    reason = (
        "with event 7aa3:6561:ASSAULT (000_da0c.txt): type ASSAULT; mode missile ~ missile; "
        "date 2020-10-17 ~ 2020-10; places Ganja ~ Ganja 0 km; actors ARM,AZE"
    )
    assert join_reason_words(reason, names) == (
        "with Mention 1 (Mehr News Agency): same type, attack; same kind, missile strike; "
        "dates 17 Oct 2020 and Oct 2020 agree; same place, Ganja; "
        "both name Armenia and Azerbaijan"
    )
    other = (
        "with event 9bb1:10:ASSAULT (b.txt): type ASSAULT; date 2020-10 ~ 2020-10; same country AZE"
    )
    assert join_reason_words(other, names) == (
        "with a mention in b.txt: same type, attack; same date, Oct 2020; same country, Azerbaijan"
    )
    # A form the page does not know is shown as stored, not guessed at.
    assert join_reason_words("analyst override: same strike", names) is None
    odd = "with event 9bb1:10:ASSAULT (b.txt): type ASSAULT; weather ~ rain"
    assert join_reason_words(odd, names) is None
