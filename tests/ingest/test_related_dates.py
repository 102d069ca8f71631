"""An article that prints no date is dated from a related report read in the same run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitroom.config import Settings
from sitroom.extract.time import infer_dct
from sitroom.ingest.related import RelatedDates, names
from sitroom.process import ingest
from sitroom.query import select_articles
from sitroom.store import Store

DATED = (
    "Published: 2022-04-08\n\n"
    "A missile struck the railway station in Zolotorivka on Friday, killing 30 people, "
    "said Petro Havrylenko, the governor of the Pryvilne region. Volunteers from Sokolyne "
    "took the wounded to the hospital in Verkhnie Dubove."
)
UNDATED = (
    "The governor, Petro Havrylenko, said on Friday that the toll from the strike on the "
    "station in Zolotorivka had risen. Trains to Sokolyne and Verkhnie Dubove were stopped."
)
OTHER = (
    "Published: 2021-03-01\n\nFarmers in Lisova Hreblia protested against a new tax, "
    "and the mayor of Ozerne promised a meeting on Tuesday."
)


def test_names_are_the_distinctive_capitalised_words() -> None:
    got = names("On Friday the Governor of Zolotorivka, Petro Havrylenko, spoke to Reuters.")
    assert {"zolotorivka", "petro", "havrylenko"} <= got
    assert not {"friday", "reuters", "on"} & got


def test_the_most_related_dated_report_is_chosen_and_an_unrelated_one_is_not() -> None:
    related = RelatedDates()
    related.add("a", dt.date(2022, 4, 8), DATED)
    related.add("b", dt.date(2021, 3, 1), OTHER)
    assert related.nearest([UNDATED]) == [(dt.date(2022, 4, 8), "a")]
    assert related.nearest(["Fighting went on in the east, the army said."]) == [None]


def test_a_related_date_places_the_days_a_text_gives_without_a_year() -> None:
    got = infer_dct("Talks began on September 17 and ended on Friday.", near=dt.date(2022, 9, 16))
    assert got.best == dt.date(2022, 9, 17) and got.inferred
    assert infer_dct("The toll rose on Friday.").best is None
    got = infer_dct("The toll rose on Friday.", near=dt.date(2022, 4, 8))
    assert got.best == dt.date(2022, 4, 8)  # a Friday: the toll rose that day


def test_ingest_dates_an_undated_article_from_a_related_one(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    # The undated article comes first: it waits for the run's dated reports.
    (folder / "a-undated.txt").write_text(UNDATED, encoding="utf-8")
    (folder / "b-dated.txt").write_text(DATED, encoding="utf-8")
    (folder / "c-other.txt").write_text(OTHER, encoding="utf-8")
    store = Store.open(str(tmp_path / "s.db"))
    summary = ingest([str(folder)], store, Settings(workers=0))
    assert summary.new == 3 and not summary.failed
    got = {r.article.doc: r.article for r in select_articles(store)}
    undated = got["a-undated.txt"]
    assert undated.published == dt.date(2022, 4, 8)
    assert undated.published_inferred
    assert not got["b-dated.txt"].published_inferred


def test_an_article_dated_from_a_related_one_dates_others_in_turn(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-dated.txt").write_text(DATED, encoding="utf-8")
    # Names the strike's town and governor with the dated report, and a relief worker
    # and two villages with the last one, which shares no name with the dated report.
    (folder / "b-middle.txt").write_text(
        "Petro Havrylenko said on Friday that the toll from the strike in Zolotorivka had "
        "risen. Olena Marchuk of the Stepove Red Cross sent doctors from Hlybokyi Yar.",
        encoding="utf-8",
    )
    (folder / "c-last.txt").write_text(
        "Olena Marchuk said on Saturday that doctors from Stepove and Hlybokyi Yar had "
        "treated the wounded.",
        encoding="utf-8",
    )
    store = Store.open(str(tmp_path / "s.db"))
    ingest([str(folder)], store, Settings(workers=0))
    got = {r.article.doc: r.article for r in select_articles(store)}
    assert got["b-middle.txt"].published == dt.date(2022, 4, 8)
    assert got["c-last.txt"].published == dt.date(2022, 4, 9)
    assert got["c-last.txt"].published_inferred


def test_a_report_of_a_week_the_text_does_not_fit_is_passed_over() -> None:
    # The closest report is of a September 19: "October 2" would then lie two weeks after it.
    undated = (
        "Shelling of Zolotorivka resumed on September 27 and again on October 2, "
        "said Petro Havrylenko. Sokolyne and Pryvilne were hit."
    )
    related = RelatedDates()
    related.add(
        "x",
        dt.date(2023, 9, 19),
        "Petro Havrylenko said Zolotorivka, Sokolyne and Pryvilne were shelled, and Ozerne too.",
    )
    related.add(
        "y",
        dt.date(2020, 10, 9),
        "Havrylenko said the shelling of Zolotorivka and Sokolyne went on. Lisova Hreblia "
        "and Ozerne and Kalynivka and Berezivka were quiet.",
    )
    for i, text in enumerate(["Farmers in Lisova Hreblia protested.", "Kalynivka mayor spoke."]):
        related.add(f"o{i}", dt.date(2019, 1, 1 + i), text)
    assert related.nearest([undated]) == [(dt.date(2020, 10, 9), "y")]


def test_several_reports_of_one_week_together_date_a_text() -> None:
    # Each shares a few names only, too little alone; together they tell the same events.
    undated = (
        "Trains to Sokolyne were stopped after the strike on the station in Zolotorivka, "
        "the mayor Havrylenko said."
    )
    related = RelatedDates()
    related.add(
        "a",
        dt.date(2022, 4, 8),
        "A strike hit Zolotorivka. Kovalenko and Melnyk and Bondar and Tkachenko and Shevchuk "
        "spoke. Havrylenko too. Sokolyne is near.",
    )
    related.add(
        "b",
        dt.date(2022, 4, 8),
        "In Zolotorivka, Havrylenko said Sokolyne trains stopped. Lysenko, Marchenko, Rudenko, "
        "Savchenko, Petrenko, Boyko and Kravchenko were there.",
    )
    related.add("c", dt.date(2021, 3, 1), "Farmers in Lisova Hreblia protested, and Ozerne too.")
    assert related.nearest([undated]) == [(dt.date(2022, 4, 8), "a")]
