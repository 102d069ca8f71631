"""Metadata rules: outlet, dateline, byline, printed date and language."""

from __future__ import annotations

import datetime as dt

from sitroom.ingest.clean import clean_text
from sitroom.ingest.dates import find_dates, find_path_dates, is_meta_line, parse_date_string
from sitroom.ingest.language import detect_language
from sitroom.ingest.metadata import (
    Outlets,
    find_byline,
    find_dateline,
    find_outlet,
    find_printed_date,
    load_outlets,
    outlet_from_site_links,
)

BODY = "The ministry said two soldiers were wounded in an exchange of fire near the border."
EMPTY = Outlets(by_alias={}, by_domain={}, licence=(), social_hosts=frozenset({"social.example"}))


def test_dateline_with_agency() -> None:
    assert find_dateline(f"MOSCOW (Northern Wire) – {BODY}") == ("MOSCOW", "Northern Wire")
    assert find_dateline(f"NEW YORK, May 3 (Reuters) - {BODY}") == ("NEW YORK", "Reuters")
    assert find_dateline(f"BAKU – {BODY}") == ("BAKU", None)
    assert find_dateline(BODY) == (None, None)


def test_outlet_priorities() -> None:
    licence = f"{BODY} All Content by Harbour Herald is licensed under a Creative Commons License."
    assert find_outlet(licence, licence, None, None, None) == "Harbour Herald"
    dated = f"KYIV (AP) – {BODY}"
    assert find_outlet(dated, dated, None, None, None) == "Associated Press"
    assert find_outlet(BODY, BODY, None, "Steppe Observer", None) == "Steppe Observer"
    assert find_outlet(BODY, BODY, None, None, "https://www.tass.com/politics/1") == "TASS"
    copyright_line = f"{BODY}\n\n© 2021 Valley Monitor. All rights reserved."
    assert find_outlet(copyright_line, BODY, None, None, None) == "Valley Monitor"


def test_cited_outlets_are_not_the_outlet() -> None:
    text = f"{BODY} The attack was first reported by Reuters, AP reported."
    assert find_outlet(text, text, None, None, None) is None


def test_outlet_from_share_links_of_an_unknown_site() -> None:
    title = "Troops pull back from the ridge"
    share = "https://social.example/share?url=https%3A%2F%2Fdeltawire.example%2Fnews%2F1"
    share += "&text=Troops%20pull%20back%20from%20the%20ridge%20%7C%20Delta%20Wire"
    raw = f"{BODY}\n\n({share})\n\n(https://deltawire.example/rss.xml)"
    assert outlet_from_site_links(raw, title, EMPTY) == "Delta Wire"


def test_outlet_from_social_profile_slug() -> None:
    raw = (
        f"{BODY}\n\n[f](https://social.example/pages/Delta-Wire/12345)"
        "\n\n[r](http://deltawire.example/rss.xml)"
    )
    assert outlet_from_site_links(raw, None, EMPTY) == "Delta Wire"


def test_known_outlets_load() -> None:
    outlets = load_outlets()
    assert outlets.for_host("en.mehrnews.com") == "Mehr News Agency"
    assert outlets.canonical("mehr news") == "Mehr News Agency"
    assert outlets.is_social("www.facebook.com")


def test_byline() -> None:
    assert find_byline(f"By Maria Lopez\n\n{BODY}") == "Maria Lopez"
    assert find_byline(f"By the end of the day troops had left\n\n{BODY}") is None


def test_dates() -> None:
    [d] = find_dates("Published: 14 March 2023, 09:40")
    assert d.to_date() == dt.date(2023, 3, 14)
    [d] = find_dates("Oct. 5, 2021")
    assert d.to_date() == dt.date(2021, 10, 5)
    [d] = find_dates("🕒 18 Oct in 8:00")
    assert d.year is None and (d.month, d.day) == (10, 18)
    assert find_path_dates("(upload/2021-04-02/x.jpg) https://a.example/2020/1/31/story") == [
        dt.date(2021, 4, 2),
        dt.date(2020, 1, 31),
    ]
    assert is_meta_line("Updated: 09:40 GMT, 3 May 2021")
    assert not is_meta_line("Ceasefire to begin on 10 October")
    assert not is_meta_line("The truce began on 10 October 2020.")
    assert parse_date_string("2021-05-21 10:00:00") == dt.date(2021, 5, 21)
    assert parse_date_string("Wed, 02 Aug 2023 07:30:00 +0000") == dt.date(2023, 8, 2)
    assert parse_date_string("not a date") is None


def test_printed_date_from_yearless_line_and_path() -> None:
    text = "Title\n\n⏰ 2 Apr in 10:15\n\n(media/2021-04-02/photo.jpg)\n\nBody."
    assert find_printed_date(text, None, use_paths=True) == (dt.date(2021, 4, 2), None)
    date, yearless = find_printed_date("Title\n\n⏰ 2 Apr in 10:15\n\nBody.", None, True)
    assert date is None and yearless is not None and yearless.month == 4


RU = "Министерство обороны сообщило, что в результате обстрела погибли два человека"
DE = "Die Armee teilte mit, dass zwei Soldaten bei einem Schusswechsel verletzt wurden"


def test_language() -> None:
    assert detect_language(BODY + " " + BODY) == "en"
    assert detect_language(RU + " и это было так") == "ru"
    assert detect_language(DE + " und das ist nicht gut") == "de"
    assert detect_language("Հայաստանի պաշտպանության նախարարությունը հայտնել է") == "hy"
    assert detect_language("12 34 56") == "und"


def test_a_page_stamp_glued_to_the_text_dates_it_and_keeps_the_text() -> None:
    text = "date 2023-10-18 KYIV, Oct 18. The shelling went on overnight, officials said."
    assert find_printed_date(text, None, use_paths=False) == (dt.date(2023, 10, 18), None)
    # A label word opening a sentence is no stamp.
    assert find_printed_date("Updated figures came on Monday.", None, False) == (None, None)
    cleaned = clean_text(text, None).text
    assert "The shelling went on overnight" in cleaned
