"""Event dates at the precision the reporting gives: the report's news day for what the
text leaves undated (invented sentences)."""

from __future__ import annotations

import datetime as dt

from sitroom.extract.time import extract_times
from sitroom.extract.timex.event_date import news_day, placed_apart
from tests.extract.helpers import article_events
from tests.geo.helpers import gazetteer

__all__ = ["gazetteer"]

WED = dt.date(2031, 3, 12)  # a Wednesday


def _news(text: str, quoted: list[tuple[int, int]] | None = None) -> dt.date | None:
    return news_day(text, extract_times(text, WED), quoted or [], WED)


def test_the_news_day_is_the_latest_day_the_report_names():
    text = "Fighting broke out on Monday. On Wednesday the army said it shelled the town."
    assert _news(text) == WED


def test_a_round_up_of_days_across_the_week_tells_no_one_news_day():
    text = "Fighting broke out on March 6. On Tuesday the army said it shelled the town."
    assert _news(text) is None


def test_a_report_of_the_morning_after_names_the_night_before():
    text = "Missiles struck the city late on Tuesday, killing four people."
    assert _news(text) == dt.date(2031, 3, 11)


def test_a_day_inside_a_quotation_is_the_speakers_not_the_reports():
    text = 'On Tuesday the minister said: "The attack today crossed every line."'
    start = text.index('"')
    assert _news(text, [(start, len(text))]) == dt.date(2031, 3, 11)


def test_the_reports_own_date_stamp_is_not_its_news():
    text = "date 2031-03-12 Troops clashed on the border on Monday, the ministry said."
    assert _news(text) == dt.date(2031, 3, 10)


def test_days_after_the_report_or_long_before_it_are_not_its_news():
    assert _news("The talks will resume tomorrow. The war began on January 3.") is None


def _events(nlp, gazetteer, text: str, *, inferred: bool = False):
    return article_events(nlp, gazetteer, text, WED, inferred=inferred)


def _when(nlp, gazetteer, text: str, type_: str) -> tuple[str | None, str | None]:
    """The date and its precision of the first ``type_`` event of ``text``."""
    event = next(e for e in _events(nlp, gazetteer, text) if e.type == type_)
    return event.date, event.date_precision


def test_an_undated_statement_in_a_dated_report_is_of_the_news_day(nlp, gazetteer):
    text = (
        "Azerbaijani troops shelled the village of Tegh on Tuesday.\n\n"
        "Armenia blamed Azerbaijan for the attack."
    )
    blame = next(e for e in _events(nlp, gazetteer, text) if e.type == "DISAPPROVE")
    assert (blame.date, blame.date_precision, blame.time_precision) == ("2031-03-11", "day", 3)


def test_a_report_whose_date_is_only_inferred_keeps_the_month(nlp, gazetteer):
    text = (
        "Azerbaijani troops shelled the village of Tegh on Tuesday.\n\n"
        "Armenia blamed Azerbaijan for the attack."
    )
    events = _events(nlp, gazetteer, text, inferred=True)
    blame = next(e for e in events if e.type == "DISAPPROVE")
    assert (blame.date, blame.date_precision) == ("2031-03", "month")


def test_an_inferred_report_that_names_its_one_day_by_date_dates_its_news(nlp, gazetteer):
    text = (
        "Azerbaijani troops shelled the village of Tegh on Tuesday (March 11).\n\n"
        "Armenia blamed Azerbaijan for the attack."
    )
    events = _events(nlp, gazetteer, text, inferred=True)
    blame = next(e for e in events if e.type == "DISAPPROVE")
    assert (blame.date, blame.date_precision, blame.time_precision) == ("2031-03-11", "day", 3)


def test_an_inferred_report_of_two_days_keeps_the_month(nlp, gazetteer):
    text = (
        "Azerbaijani troops shelled the village of Tegh on March 10.\n\n"
        "On March 11, Armenia said it had recalled its envoy.\n\n"
        "Armenia blamed Azerbaijan for the attack."
    )
    events = _events(nlp, gazetteer, text, inferred=True)
    blame = next(e for e in events if e.type == "DISAPPROVE")
    assert (blame.date, blame.date_precision) == ("2031-03", "month")


def test_the_sole_news_day_must_be_the_one_day_named_and_named_by_date():
    def sole(text: str) -> dt.date | None:
        return news_day(text, extract_times(text, WED), [], WED, sole=True)

    assert sole("Troops shelled the town on Tuesday (March 11).") == dt.date(2031, 3, 11)
    assert sole("Troops shelled the town on Tuesday.") is None
    assert sole("Troops shelled the town on March 10 and again on March 11.") is None


def test_a_weekday_on_which_a_named_landmark_broke_as_news_is_sure():
    text = "The offensive began on Tuesday."
    times = extract_times(text, WED)
    tuesday = dt.date(2031, 3, 11)
    assert news_day(text, times, [], WED, sole=True, landmarks=[tuesday]) == tuesday
    monday = dt.date(2031, 3, 10)
    assert news_day(text, times, [], WED, sole=True, landmarks=[monday]) is None


def test_a_report_that_names_no_day_keeps_the_month(nlp, gazetteer):
    text = "Armenia blamed Azerbaijan for the attack on the village of Tegh."
    assert _when(nlp, gazetteer, text, "DISAPPROVE") == ("2031-03", "month")


def test_an_attack_in_a_dated_report_is_of_the_news_day(nlp, gazetteer):
    text = "Armenia said on Tuesday that it was ready for talks.\n\nAzerbaijani drones struck Tegh."
    assert _when(nlp, gazetteer, text, "ASSAULT") == ("2031-03-11", "day")


def test_what_a_phrase_places_before_the_news_keeps_the_month(nlp, gazetteer):
    text = (
        "Armenia said on Tuesday that it was ready for talks.\n\n"
        "The talks were offered a day after Azerbaijani drones struck Tegh."
    )
    assert _when(nlp, gazetteer, text, "ASSAULT") == ("2031-03", "month")


def test_placed_apart_finds_the_phrase_that_orders_an_event(nlp):
    text = "The ceasefire held for two days after the army launched an offensive."
    doc = nlp(text)
    at = text.index("offensive")
    assert placed_apart(doc, at, at + len("offensive"))
    at = text.index("ceasefire")
    assert not placed_apart(doc, at, at + len("ceasefire"))


def test_what_the_news_just_followed_is_not_placed_apart(nlp):
    for text in (
        "Twelve villagers died after the army shelled the town.",
        "The ceasefire held for hours after the army launched an offensive.",
    ):
        doc = nlp(text)
        word = "shelled" if "shelled" in text else "offensive"
        at = text.index(word)
        assert not placed_apart(doc, at, at + len(word)), text
    text = "The army withdrew since the rebels shelled the town."
    at = text.index("shelled")
    assert placed_apart(nlp(text), at, at + len("shelled"))


def test_a_day_only_the_report_gives_is_no_sign_two_mentions_are_one():
    from sitroom.query import EventRecord
    from sitroom.resolve.clusters import cluster_events
    from tests.resolve.factory import event

    def rec(id_: int, time_precision: int, verb: str, sentence: str) -> EventRecord:
        ev = event(0, date="2031-03-11", place=None, source=("ARM",), target=())
        ev.time_precision, ev.trigger = time_precision, verb
        return EventRecord(
            id=id_, article_id=str(id_), doc=f"{id_}.txt", event=ev, sentence=sentence
        )

    told = [rec(1, 1, "struck", "Missiles struck the market."), rec(2, 1, "fired", "Troops moved.")]
    out = cluster_events(told)
    assert out[1] == out[2]  # one day the texts give: one incident
    guessed = [
        rec(1, 3, "struck", "Missiles struck the market."),
        rec(2, 3, "fired", "Troops moved."),
    ]
    out = cluster_events(guessed)
    assert out[1] != out[2]  # a day only the reports' dates give bears out nothing


def _date(nlp, text: str, word: str) -> tuple[str | None, str | None, int]:
    from sitroom.extract.time import event_date
    from sitroom.nlp.text import remember_text

    doc = nlp(text)
    remember_text(doc, text)
    at = text.index(word)
    return event_date(doc, at, at + len(word), extract_times(text, WED, doc=doc), WED)


def test_what_has_gone_on_since_a_day_is_dated_by_that_day(nlp):
    text = "Since January 4, the militia has conducted regular raids on the valley."
    assert _date(nlp, text, "raids") == ("2031-01-04", "day", 1)
    text = "The two armies have been exchanging fire since February 20."
    assert _date(nlp, text, "exchanging") == ("2031-02-20", "day", 1)


def test_events_counted_since_a_day_are_not_dated_by_it(nlp):
    # two truces, each on a day of its own, and not one that has gone on since then
    text = "Since January 4, two truces were brokered by the envoy."
    assert _date(nlp, text, "truces")[0] != "2031-01-04"


def test_a_date_on_a_line_of_its_own_does_not_date_the_next_paragraph(nlp):
    text = "March 1, 2031\n\nThe ministry also condemned the attack on the hospital."
    assert _date(nlp, text, "condemned")[0] is None


def test_a_span_after_a_dated_clause_dates_what_came_before_it(nlp):
    text = "The rebels signed the truce on Wednesday, two days after the army shelled the town."
    assert _date(nlp, text, "shelled") == ("2031-03-10", "day", 1)
    text = "The rebels signed the truce on Wednesday, almost 24 hours after the army attacked."
    assert _date(nlp, text, "attacked") == ("2031-03-11", "day", 1)


def test_a_span_after_an_undated_clause_dates_nothing(nlp):
    text = "Nearly a week after the war began, the envoy offered an initiative."
    assert _date(nlp, text, "war")[0] is None


def test_what_is_told_as_hours_later_is_on_the_day_of_what_came_before(nlp, gazetteer):
    text = (
        "Armenia and Azerbaijan agreed to a ceasefire on Monday.\n\n"
        "But the two countries traded blame for violations only a few hours later.\n\n"
        "On Wednesday, Russia urged restraint."
    )
    assert _when(nlp, gazetteer, text, "DISAPPROVE") == ("2031-03-10", "day")


def test_a_sentence_opening_hours_after_the_last_keeps_its_day(nlp, gazetteer):
    text = (
        "Talks between the two sides ended early on March 10, just after midnight. "
        "A few hours after daybreak, Armenia accused Azerbaijan of shelling the village of Tegh."
    )
    events = _events(nlp, gazetteer, text, inferred=True)
    blame = next(e for e in events if e.type == "DISAPPROVE")
    assert (blame.date, blame.date_precision) == ("2031-03-10", "day")


def test_hours_after_is_told_by_the_opening_or_by_hours_later():
    from sitroom.extract.timex.event_date import hours_after

    for text in ("Shortly after, the army fired.", "Two hours after dawn, the army fired."):
        assert hours_after(text, 0, len(text), text.index("army"))
    text = "The army fired only hours later."
    assert hours_after(text, 0, len(text), text.index("army"))
    text = "The army fired on the village, days after the talks."
    assert not hours_after(text, 0, len(text), text.index("army"))


def test_an_accusation_in_the_perfect_answers_the_incident_told(nlp, gazetteer):
    text = (
        "Azerbaijani troops shelled the village of Tegh on Tuesday.\n\n"
        "Armenia has accused Azerbaijan of targeting civilians."
    )
    assert _when(nlp, gazetteer, text, "DISAPPROVE") == ("2031-03-11", "day")


def test_blame_told_in_the_perfect_through_an_account_answers_the_incident(nlp, gazetteer):
    """The account's own dates do not keep the blame it makes at the report's year."""
    text = (
        "Officials in Gaza have blamed an Israeli air strike for the blast at the hospital on "
        "Tuesday. Israel has said the blast was caused by a failed rocket launch by Islamic "
        "Jihad, which denied blame."
    )
    blame = next(e for e in _events(nlp, gazetteer, text) if e.trigger == "said")
    assert blame.type == "DISAPPROVE" and blame.date is not None and len(blame.date) >= 7


def test_an_attack_named_again_takes_the_day_the_report_dates_it_to(nlp, gazetteer):
    """A report whose date is only inferred still dates the strike it told of: the
    missile 'that hit the hospital' is that strike, not one of some day of the month."""
    text = (
        "A missile struck a hospital in Aghdam on Tuesday, killing 12 people.\n\n"
        "The army said the intelligence it had indicated that an Armenian unit was "
        "responsible for launching the missile that hit the hospital."
    )
    attacks = [e for e in _events(nlp, gazetteer, text, inferred=True) if e.type == "ASSAULT"]
    assert attacks and all(e.date == "2031-03-11" for e in attacks)


def test_attacks_told_without_an_article_are_not_the_dated_one(nlp, gazetteer):
    text = (
        "A missile struck a hospital in Aghdam on Tuesday, killing 12 people.\n\n"
        "The army said Armenian troops carried out attacks in several villages."
    )
    events = _events(nlp, gazetteer, text, inferred=True)
    other = [e for e in events if e.type == "ASSAULT" and e.sentence_start > 0]
    assert other and all(e.date == "2031-03" for e in other)


def test_fighting_is_not_the_one_strike_a_report_dates(nlp, gazetteer):
    text = (
        "A missile struck a hospital in Aghdam on Tuesday, killing 12 people.\n\n"
        "The ministry says at least 24 soldiers have been killed during the fighting."
    )
    events = _events(nlp, gazetteer, text, inferred=True)
    fighting = [e for e in events if e.type == "ASSAULT" and e.sentence_start > 0]
    assert fighting and all(e.date != "2031-03-11" for e in fighting)


def test_fighting_a_toll_is_owed_to_keeps_the_month(nlp, gazetteer):
    """The day a toll is told is not the day of the fighting it counts."""
    text = (
        "Troops of the two countries clashed near the village of Tegh.\n\n"
        "On Tuesday, Armenia said that 13 more soldiers have died due to the fighting."
    )
    events = _events(nlp, gazetteer, text)
    fighting = [e for e in events if e.type == "ASSAULT" and e.trigger == "fighting"]
    assert fighting and all(e.date == "2031-03" for e in fighting)


def test_an_attack_the_news_followed_takes_the_news_day(nlp, gazetteer):
    text = (
        "On Wednesday the ministry said twelve villagers were killed after "
        "Azerbaijani forces shelled the village of Tegh."
    )
    assert _when(nlp, gazetteer, text, "ASSAULT") == ("2031-03-12", "day")


def test_an_accusation_answered_on_a_day_was_made_before_it(nlp, gazetteer):
    text = (
        "Armenia on Tuesday responded to Azerbaijan's accusation of violating the "
        "ceasefire, saying it remains committed to the truce."
    )
    assert _when(nlp, gazetteer, text, "DISAPPROVE") == ("2031-03", "month")


def test_what_led_to_an_event_of_another_day_came_before_that_day(nlp, gazetteer):
    text = (
        "On Wednesday, Azerbaijan said its operation began on Tuesday after Armenian "
        "forces shelled the village of Tegh."
    )
    at = text.index("shelled")
    shelling = next(e for e in _events(nlp, gazetteer, text) if e.start <= at < e.end)
    assert (shelling.date, shelling.date_precision) == ("2031-03", "month")
