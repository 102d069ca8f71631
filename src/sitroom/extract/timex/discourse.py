"""Dates that come from events the report has already told of.

A report of a phone call gives its date once ("during a Wednesday phone call") and then
tells, paragraphs on and undated, what each side said in it ("The top Iranian diplomat
urged ..."); it dates other encounters by it ("The conversation came a day after
Raeisi's call with Pashinyan"); and it places what followed a war by the war ("After the
fighting, Azeri troops regained control ..."). These are dated here, after the events are
found: a date the text gives an event itself always wins; this only replaces the
report's-month fallback.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence

from sitroom.extract.timex.event_date import hours_after
from sitroom.model import Actor, Event, Quote, TimeRef

ENCOUNTER_MODES = frozenset({"phone", "meeting", "talks", "visit"})
# What an encounter's say-so covers: statements, not other encounters or agreements signed.
_SAID_TYPES = frozenset({"AGREE", "DEMAND", "DISAPPROVE", "THREATEN", "SUPPORT", "REJECT"})
_NOT_SAID_MODES = frozenset({"ceasefire", "agreement"})
# "The conversation came a day after ...", "The visit comes two days before ..."
_CAME = re.compile(
    r"(?i)\b(?:call|conversation|meeting|talks|visit|trip|remarks)\s+"
    r"(?:came|comes|come|was\s+held|took\s+place)\s+$"
)
_SIGNAL = re.compile(r"(?i)^\s+(after|before)\b")
# "After the fighting, ...": a definite war named again, without a date of its own.
_AFTER_WAR = re.compile(
    r"(?i)\b(?:after|following|in\s+the\s+wake\s+of)\s+the\s+"
    r"(?:[\w-]+\s+)?(?:fighting|war|clashes|hostilities|conflict|escalation)\b"
)
_WAR_MODES = frozenset({"war", "clash"})
_WAR_NOUNS = r"(?:war|fighting|conflict|clashes|hostilities)"
# "since the early days of the war", "a few days after the war broke out", "shortly after
# Armenia and Azerbaijan began the war": the month the war last told of began.
_WAR_START = re.compile(
    rf"(?i)\b(?:since|from|in|during|at)\s+the\s+(?:very\s+)?(?:early\s+days|first\s+days"
    rf"|beginning|start|outbreak|onset)\s+of\s+the\s+(?:[\w-]+\s+){{0,3}}?{_WAR_NOUNS}\b"
    rf"|\bafter\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}?{_WAR_NOUNS}\s+(?:broke\s+out|began|started"
    rf"|erupted)\b|\bafter\s+(?:[\w-]+\s+){{1,4}}?(?:began|started)\s+the\s+{_WAR_NOUNS}\b"
)
_PERFECT = re.compile(r"(?i)\b(?:has|have)\s+(?:been\s+)?(?:\w+ly\s+)?\w+(?:ed|en|wn)\b")
# "During the phone call, the two sides conferred ...": the encounter last told of.
_DURING_ENCOUNTER = re.compile(
    r"(?i)\b(?:during|in\s+the\s+course\s+of|at)\s+the\s+(?:[\w-]+\s+){0,2}?"
    r"(?:call|conversation|meeting|talks|visit|trip|session)\b"
)
_HOURS_REACH = 1500
"""How far before an event told as hours after the last one that one may be told."""
_SPAN = re.compile(r"^P(\d+)([DW])$")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_LEAD_REACH = 400
"""How far after a country's statement the encounter that it sums up may begin."""

Key = tuple[int, int]


def _is_encounter(e: Event) -> bool:
    return e.type == "CONSULT" and e.mode in ENCOUNTER_MODES


def _day(e: Event) -> dt.date | None:
    if e.date_precision != "day" or e.date is None:
        return None
    return dt.date.fromisoformat(e.date)


def _set_day(e: Event, day: dt.date) -> None:
    e.date, e.date_precision, e.time_precision = day.isoformat(), "day", 1


def _relative_encounters(
    events: list[Event], times: list[TimeRef], text: str, undated: set[Key]
) -> None:
    """ "The conversation came a day after X": X is dated from the encounter before it."""
    for t in times:
        span = _SPAN.match(t.value) if t.type == "DURATION" else None
        signal = _SIGNAL.match(text[t.end : t.end + 12]) if span else None
        if span is None or signal is None or not _CAME.search(text, max(0, t.start - 40), t.start):
            continue
        anchor = next(
            (e for e in reversed(events) if e.end <= t.start and _is_encounter(e) and _day(e)),
            None,
        )
        anchor_day = _day(anchor) if anchor is not None else None
        if anchor_day is None:
            continue
        days = int(span[1]) * (7 if span[2] == "W" else 1)
        day = anchor_day + dt.timedelta(days=-days if signal[1].lower() == "after" else days)
        for e in events:
            # what the same sentence tells after the signal ("... a day after X did Y")
            same_sentence = e.sentence_start <= t.start < e.sentence_end
            if same_sentence and e.start > t.end and (e.start, e.end) in undated:
                _set_day(e, day)
                undated.discard((e.start, e.end))


def _people(e: Event) -> set[str]:
    return {a.name for a in e.source + e.target if a.kind == "person" and a.name}


def _said_at(
    e: Event, encounters: list[Event], later: bool = True, voices: Sequence[Actor] = ()
) -> Event | None:
    """The encounter the speaker took part in: by name, the last one before, else the first
    one after (a lead paragraph sums up the call it then tells of); a country speaking as a
    whole ("Iran offered ...") only in a lead that the encounter follows closely, or through
    one of ``voices``, the people of its country who say it in the sentence ("Araghchi said
    ... Iran is ready")."""
    countries = {a.country for a in e.source if a.kind != "person" and a.country}
    people = [v for v in voices if v.kind == "person" and v.name and v.country in {"", *countries}]
    for speaker in [*e.source, *people]:
        if speaker.kind == "person" and speaker.name:
            before = [x for x in encounters if x.start < e.start]
            after = [x for x in encounters if x.start > e.start] if later else []
            for x in [*reversed(before), *after]:
                if _took_part(speaker, x, countries if speaker not in e.source else None):
                    return x
        elif speaker.kind == "country":
            for x in encounters:
                close = e.start < x.start <= e.start + _LEAD_REACH
                if close and speaker.country in {a.country for a in _speakers(x)}:
                    return x
    return None


def _took_part(person: Actor, x: Event, countries: set[str] | None) -> bool:
    """Whether ``person`` is one of the people of ``x``: by full name, or by surname
    ("Bagheri" for "Ali Bagheri"); with ``countries``, one of those countries' people."""
    for a in x.source + x.target:
        if a.kind != "person" or not a.name:
            continue
        if countries is not None and a.country not in countries:
            continue
        if a.name == person.name or a.name.endswith(" " + person.name):
            return True
    return False


def _speakers(x: Event) -> list[Actor]:
    """Who speaks at an occasion: both sides of an encounter, the source of a statement."""
    return x.source + x.target if _is_encounter(x) else x.source


def _named_again(events: list[Event], text: str, pending: set[Key], report: dt.date | None) -> None:
    """An event told of again by a definite noun dates what its sentence says:
    "During the phone call, the two sides conferred" happened when the call did; "After the
    fighting, troops regained control" in the year of the war last told of (the text says
    only that it came after), or in its month when the report (dated ``report``) is of
    that month too."""
    for e in events:
        if (e.start, e.end) not in pending or e.sentence_start < 0:
            continue
        if cue := _DURING_ENCOUNTER.search(text, e.sentence_start, e.start):
            call = next(
                (x for x in reversed(events) if x.end <= cue.start() and _told(x, pending)),
                None,
            )
            if call is not None and _is_encounter(call) and call.date:
                e.date, e.date_precision, e.time_precision = (
                    call.date,
                    call.date_precision,
                    call.time_precision,
                )
                pending.discard((e.start, e.end))
        elif cue := _WAR_START.search(text, e.sentence_start, max(e.sentence_end, e.end)):
            if cue.start() <= e.start < cue.end():
                continue  # the war whose start is named: a mention of the war told before
            war = _war_before(events, cue.start(), pending)
            if war is not None and war.date is not None and war.date_precision != "year":
                if _PERFECT.search(text, cue.end(), max(e.sentence_end, e.end)):
                    # "Since the beginning of the war, rockets have landed": again and
                    # again since then, so no finer than the war's year
                    e.date, e.date_precision, e.time_precision = war.date[:4], "year", 3
                else:
                    e.date, e.date_precision, e.time_precision = war.date[:7], "month", 2
                pending.discard((e.start, e.end))
        elif cue := _AFTER_WAR.search(text, e.sentence_start, e.start):
            war = _war_before(events, cue.start(), pending)
            if war is not None and war.date is not None:
                if report is not None and war.date[:7] == report.isoformat()[:7]:
                    # between fighting and a report of the same month: that month
                    e.date, e.date_precision, e.time_precision = war.date[:7], "month", 2
                else:
                    e.date, e.date_precision, e.time_precision = war.date[:4], "year", 3
                pending.discard((e.start, e.end))


def _war_before(events: list[Event], at: int, pending: set[Key]) -> Event | None:
    """The war last told of, with a date of its own, before ``at`` (else the clashes)."""
    told = [
        w
        for w in reversed(events)
        if w.end <= at and w.type == "ASSAULT" and w.mode in _WAR_MODES and _told(w, pending)
    ]
    return next((w for w in told if w.mode == "war"), told[0] if told else None)


def _told(e: Event, pending: set[Key]) -> bool:
    """Dated by the text itself."""
    return e.date is not None and (e.start, e.end) not in pending


def _spoken_in_quotes(
    events: list[Event], quotes: Collection[Quote], text: str, pending: set[Key]
) -> None:
    """What a speaker calls for, offers or condemns in a quotation was said when the words
    were: a date the text gives the quoting clause ("Zarif tweeted on Sunday: '...'"), or
    the start of the war it places them at ("..., tweeted Zarif shortly after Armenia and
    Azerbaijan began the war")."""
    for q in quotes:
        if q.cue_start < 0:
            continue
        date, precision = q.date, q.date_precision
        if date is None or (q.cue_start, q.cue_end) in pending:
            date = precision = None
            end = _SENTENCE_END.search(text, q.cue_end)
            cue = _WAR_START.search(text, q.cue_end, end.end() if end else len(text))
            war = _war_before(events, q.cue_start, pending) if cue else None
            if war is not None and war.date is not None and war.date_precision != "year":
                date, precision = war.date[:7], "month"
                q.date, q.date_precision = date, precision
        if date is None or precision is None:
            continue
        for e in events:
            inside = q.content_start <= e.start and e.end <= q.content_end
            if inside and (e.start, e.end) in pending and e.type in _SAID_TYPES:
                e.date, e.date_precision = date, precision
                e.time_precision = 1 if precision == "day" else 2
                pending.discard((e.start, e.end))


def _hours_after(events: list[Event], text: str, pending: set[Key]) -> None:
    """ "The two sides agreed to a ceasefire on Friday. But they traded blame only a few
    hours later": an event told as hours after what the text told just before happened on
    the day of the last event before it that the text dates to a day."""
    for e in events:
        if (e.start, e.end) not in pending or e.sentence_start < 0:
            continue
        if not hours_after(text, e.sentence_start, e.sentence_end, e.start):
            continue
        before = next(
            (
                x
                for x in reversed(events)
                if x.start < e.sentence_start
                and x.time_precision == 1
                and _told(x, pending)
                and _day(x) is not None
            ),
            None,
        )
        day = _day(before) if before is not None else None
        if before is not None and day is not None and e.sentence_start - before.end < _HOURS_REACH:
            _set_day(e, day)
            pending.discard((e.start, e.end))


def date_from_discourse(
    events: list[Event],
    times: Collection[TimeRef],
    text: str,
    undated: Collection[Key],
    quotes: Collection[Quote] = (),
    actors: Sequence[Actor] = (),
    report: dt.date | None = None,
) -> None:
    """Date, in place, the events in ``undated`` (keyed by trigger span) from the events
    told before them and the quotations they are said in (``quotes`` dated by their cue,
    an undated cue's span in ``undated``), the people who say them (``actors``) and the
    report's date (``report``)."""
    pending = set(undated)
    ordered = sorted(events, key=lambda e: e.start)
    _relative_encounters(ordered, sorted(times, key=lambda t: t.start), text, pending)
    _named_again(ordered, text, pending, report)
    _spoken_in_quotes(ordered, quotes, text, pending)
    _hours_after(ordered, text, pending)
    # Occasions a person spoke on: encounters, and their own statements the text dates
    # ("Khatibzadeh said on Thursday ... He stressed ...").
    encounters = [
        e
        for e in ordered
        if (e.start, e.end) not in pending
        and _day(e)
        and (_is_encounter(e) or (e.type in _SAID_TYPES and _people(e)))
    ]
    if not encounters:
        return
    for e in ordered:
        if (e.start, e.end) not in pending or e.type not in _SAID_TYPES:
            continue
        if e.mode in _NOT_SAID_MODES or not e.source:
            continue
        # What a person "has said" at no particular time (dated by the report's year)
        # is not summed up by a call told later; a lead's "Iran has announced" still is.
        voices = [a for a in actors if e.sentence_start <= a.start < e.start]
        # who says the quotation it is told in ("'Iran demands ...,' Kanaani stated")
        voices += [
            q.speaker_actor
            for q in quotes
            if q.speaker_actor is not None and q.content_start <= e.start < q.content_end
        ]
        at = _said_at(e, encounters, later=e.date_precision != "year", voices=voices)
        day = _day(at) if at is not None else None
        if day is not None:
            _set_day(e, day)
