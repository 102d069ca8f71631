"""ACLED CSV: the codebook's columns and codes, read back by pandas with dates parsed."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from sitroom.export import acled
from sitroom.export.countries import country
from sitroom.export.run import export_text, export_to_path
from sitroom.model import Actor, Casualties, Event, Place
from sitroom.query import EventRecord, Filters

pd = pytest.importorskip("pandas")

# The columns of ACLED's data export, in the order and spelling of its codebook.
CODEBOOK = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
EVENT_TYPES = {
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
}


def _record(event: Event, outlet: str = "Wire", rid: int = 1) -> EventRecord:
    return EventRecord(rid, "a" * 16, "doc.txt", event, "Shells hit Ganja.", outlet)


def _shelling(**kw: object) -> Event:
    return Event(
        type="ASSAULT",
        start=0,
        end=6,
        mode="artillery",
        source=[Actor("Armenian forces", "ARM", "MIL")],
        target=[Actor("residents", "AZE", "CVL")],
        date=str(kw.get("date", "2020-10-17")),
        date_precision=str(kw.get("date_precision", "day")),
        time_precision=int(kw.get("time_precision", 1)),  # type: ignore[call-overload]
        place=Place("Ganja", "Ganja", lat=40.6828, lon=46.3606, country="AZE", precision="town"),
        casualties=Casualties(killed=12),
        acled_event_type="Explosions/Remote violence",
        acled_sub_event_type="Shelling/artillery/missile attack",
    )


def test_codes_follow_the_codebook() -> None:
    row = acled.mention_row(_record(_shelling()), "2020-10-18T06:00:00+00:00")
    assert row is not None
    assert row["event_date"] == "2020-10-17" and row["year"] == 2020
    assert row["time_precision"] == 1 and row["geo_precision"] == 1
    assert row["disorder_type"] == "Political violence"
    # Armenia's forces acting in Azerbaijan are external forces (8); civilians are 7.
    assert (row["actor1"], row["inter1"]) == ("Military Forces of Armenia", 8)
    assert (row["actor2"], row["inter2"]) == ("Civilians (Azerbaijan)", 7)
    assert row["interaction"] == 78
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["country"], row["region"]) == (
        31,
        "Azerbaijan",
        "Caucasus and Central Asia",
    )
    assert row["fatalities"] == 12
    assert row["timestamp"] == int(dt.datetime(2020, 10, 18, 6, tzinfo=dt.UTC).timestamp())
    assert row["notes"].startswith(
        "On 17 October 2020, shelling/artillery/missile attack in Ganja."
    )
    assert 'Wire (doc.txt): "Shells hit Ganja."' in row["notes"]


def test_periods_take_their_middle_day_and_coarse_precision() -> None:
    month = acled.mention_row(_record(_shelling(date="2020-10", date_precision="month")), None)
    assert month is not None and month["event_date"] == "2020-10-15"
    assert month["time_precision"] == 3 and month["sitroom_date"] == "2020-10"
    week = acled.event_date("2020-W42")
    assert week == dt.date(2020, 10, 15) and acled.time_precision("week") == 2
    # A day sitroom inferred (stored time_precision 3) is not reported as exact.
    assert acled.time_precision("day", 3) == 3 and acled.time_precision("day", 1) == 1
    assert acled.event_date("2020") == dt.date(2020, 7, 1)


def test_sole_actor_and_unidentified_attacker() -> None:
    e = _shelling()
    e.source = []
    e.target = []
    actors = acled.code_actors([_record(e)], "AZE", "Explosions/Remote violence", "Ganja")
    assert (actors.actor1, actors.inter1) == ("Unidentified Armed Group (Ganja)", 3)
    assert (actors.actor2, actors.inter2, actors.interaction) == ("", 0, 30)
    e.source = [Actor("Azerbaijani army", "AZE", "MIL")]
    actors = acled.code_actors([_record(e)], "AZE", "Battles", "Ganja")
    assert (actors.actor1, actors.inter1, actors.interaction) == (
        "Military Forces of Azerbaijan",
        1,
        10,
    )


def test_both_parties_on_both_sides_give_two_actors() -> None:
    e = _shelling()
    both = [Actor("Azerbaijan", "AZE", "MIL"), Actor("Armenia", "ARM", "MIL")]
    e.source, e.target = list(both), list(both)
    actors = acled.code_actors([_record(e)], "AZE", "Battles", "Ganja")
    assert {actors.actor1, actors.actor2} == {
        "Military Forces of Azerbaijan",
        "Military Forces of Armenia",
    }
    assert actors.assoc_actor_1 == "" and actors.assoc_actor_2 == ""
    assert actors.interaction == 18


def test_disorder_types_and_countries() -> None:
    assert acled.disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert acled.disorder_type("Protests", "Excessive force against protesters") == (
        "Political violence; Demonstrations"
    )
    assert acled.disorder_type("Strategic developments", "Agreement") == "Strategic developments"
    iran = country("IRN")
    assert iran is not None and (iran.name, iran.iso, iran.region) == ("Iran", 364, "Middle East")
    ukraine = country("UKR")
    assert ukraine is not None and ukraine.region == "Europe"
    assert country("") is None and country("XYZ") is None


def test_out_of_scope_mentions_have_no_row() -> None:
    e = _shelling()
    e.type, e.acled_event_type, e.acled_sub_event_type = "CONSULT", "", ""
    assert acled.mention_row(_record(e), None) is None


@pytest.mark.parametrize("level", ["incident", "mention"])
def test_csv_header_is_the_codebook_and_pandas_reads_it(store, tmp_path: Path, level: str) -> None:
    out = tmp_path / f"{level}.csv"
    prov = export_to_path(store, "acled-csv", Filters(), out, level)
    with out.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[: len(CODEBOOK)] == CODEBOOK
    extra = acled.INCIDENT_EXTRA if level == "incident" else acled.MENTION_EXTRA
    assert header[len(CODEBOOK) :] == list(extra)

    df = pd.read_csv(out, parse_dates=["event_date"], keep_default_na=False, na_values=[""])
    assert len(df) == prov.counts["rows"] > 0
    assert pd.api.types.is_datetime64_any_dtype(df["event_date"])
    assert df["event_date"].notna().all()
    assert (df["year"] == df["event_date"].dt.year).all()
    for col in ("time_precision", "inter1", "inter2", "interaction", "fatalities", "timestamp"):
        assert pd.api.types.is_integer_dtype(df[col]), col
    assert set(df["time_precision"]) <= {1, 2, 3}
    assert set(df["geo_precision"].dropna()) <= {1, 2, 3}
    assert set(df["inter1"]) <= {1, 2, 3, 4, 5, 6, 7, 8}
    assert set(df["inter2"]) <= {0, 1, 2, 3, 4, 5, 6, 7, 8}
    assert set(df["event_type"]) <= EVENT_TYPES
    for col in ("latitude", "longitude"):
        assert pd.api.types.is_float_dtype(df[col]), col
    assert (df["notes"].str.contains("Sources: [1]", regex=False)).all()
    if level == "incident":
        low, high = df["killed_low"], df["killed_high"]
        assert (low.dropna() <= high.dropna()).all()
        assert (df["fatalities"] == low.fillna(0)).all()


def test_incident_rows_cite_every_party(store) -> None:
    _, chunks = export_text(store, "acled-csv", Filters(type="ASSAULT"))
    rows = list(csv.DictReader(io.StringIO("".join(chunks))))
    contested = [r for r in rows if r["contested"]]
    assert contested, "the examples hold incidents the parties dispute"
    for r in contested:
        assert " | " in r["claims"] or r["denials"], r["claims"]
