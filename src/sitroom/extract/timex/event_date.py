"""Date an event from the temporal expressions that govern its trigger in the parse."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

from spacy.tokens import Doc, Span, Token

from sitroom.extract.timex.dct import labelled
from sitroom.extract.timex.extractor import extract_times
from sitroom.model import TimeRef
from sitroom.nlp.text import doc_lowers, doc_text, span_root

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})(?:$|-(?:Q[1-4]|H[12]|SP|SU|FA|WI)$)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_DAY_NUMBER = re.compile(r"\d")
"""A date that names its day by number ("May 7", "7/5"), not by a weekday or "today"."""
_CARRY_SENTENCES = 1
_TIME_PRECISION = {"day": 1, "month": 2, "year": 3}
# Dependency labels through which a temporal expression attaches to what it modifies.
_ATTACH = frozenset({"prep", "pobj", "pcomp", "agent"})

# Clause links: a date inside a relative or complement clause dates that clause's event.
# (An adverbial clause is not one: "When he visited Iran in 1994, Khamenei claimed ...")
_CLAUSE_DEPS = frozenset({"relcl", "acl", "ccomp", "xcomp", "csubj", "conj", "parataxis"})
_NOUN_CLAUSE_DEPS = frozenset({"relcl", "acl"})

# A date attached this way names a property of a noun, not when an event happened.
_DESCRIPTOR_DEPS = frozenset({"nummod", "compound", "amod", "poss"})

# "Shortly after, ...", "A few hours after daybreak, ...", "... only a few hours later":
# told as hours after what the text told just before, so on its day.
_HOURS_AFTER = re.compile(
    r"(?i)\W*(?:(?:but|and|then)\s+)?(?:shortly|soon|moments|minutes"
    r"|(?:only\s+)?(?:a\s+few|several|a\s+couple\s+of|\w+)\s+hours)\s+after(?:wards)?\b"
)
_HOURS_LATER = re.compile(
    r"(?i)\b(?:shortly|soon|moments|minutes|hours)\s+later\b|\blater\s+(?:that|the\s+same)\s+day\b"
)

NEWS_WINDOW = dt.timedelta(days=7)
"""How far before its date a report's news may lie (a weekly's, a follow-up's)."""
_NEWS_SPREAD = dt.timedelta(days=2)
"""How far apart the recent days a report names may lie for it to tell one day's news."""

DatedValue = tuple[str, str]


def date_of(value: str) -> DatedValue | None:
    """(ISO date at precision, precision) for a TIMEX3 value naming a calendar date."""
    if m := _DAY.match(value):
        return f"{m[1]}-{m[2]}-{m[3]}", "day"
    if m := _WEEK.match(value):
        try:
            thursday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 4)
        except ValueError:
            return None
        return f"{thursday.year:04d}-{thursday.month:02d}", "month"
    if m := _MONTH.match(value):
        return f"{m[1]}-{m[2]}", "month"
    if m := _YEAR.match(value):
        return m[1], "year"
    return None


def news_day(
    text: str,
    times: list[TimeRef],
    quoted: list[tuple[int, int]],
    dct: dt.date,
    *,
    sole: bool = False,
    landmarks: Collection[dt.date] = (),
    headline: str = "",
) -> dt.date | None:
    """The day the report's news happened: the latest day its own words name, from a week
    before ``dct`` (the report's date) up to it. A report published the morning after a
    strike names the strike's night ("late on Tuesday") and not the day it is printed;
    one of the same day names it ("on Wednesday", "today"). Days inside quotations
    (``quoted`` spans: "the attack today", said the day before) and the report's own date
    stamp are not the report's words. None when the text names no such day.

    With ``sole`` (a report whose own date is only inferred from the days it names), only
    a day that is the one such day the text names, and names by its date ("on Wednesday
    (May 7)") or as the day a landmark it names broke as news (``landmarks``: "on Tuesday"
    in a report of the offensive launched that day): a report that tells of Saturday's
    attack and Sunday's reactions leaves its undated events at either, and one that names
    its day only by a weekday is not sure of it (the weekday may be any in the week after
    the facts it dates).

    A report naming days further apart tells a round-up, whose undated events may be of
    any of them: its news day is then only the one recent day its ``headline`` names.
    """
    days: list[dt.date] = []
    by_date: set[dt.date] = set(landmarks)
    for t in times:
        v = date_of(t.value) if t.type in ("DATE", "TIME") else None
        if v is None or v[1] != "day":
            continue
        day = dt.date.fromisoformat(v[0])
        if not dct - NEWS_WINDOW <= day <= dct:
            continue
        if any(s <= t.start < e for s, e in quoted):
            continue
        if labelled(text, t.start):
            continue
        days.append(day)
        if t.type == "DATE" and _DAY_NUMBER.search(t.text):
            by_date.add(day)
    if sole and (len(set(days)) != 1 or days[0] not in by_date):
        return None
    if days and max(days) - min(days) > _NEWS_SPREAD:
        # A round-up of the week's events: what it leaves undated is of any day, unless
        # its headline names the one day it is about ("... six dead at border fighting on
        # Nov 16" over a report that goes on to Nov 13 and Nov 18).
        told = {
            d
            for t in extract_times(headline, dct)
            if (v := date_of(t.value)) is not None
            and v[1] == "day"
            and dct - NEWS_WINDOW <= (d := dt.date.fromisoformat(v[0])) <= dct
        }
        return next(iter(told)) if len(told) == 1 else None
    return max(days, default=None)


def hours_after(text: str, sent_start: int, sent_end: int, at: int) -> bool:
    """Whether the sentence at [sent_start, sent_end) tells the event at ``at`` as hours
    after what the text told just before it: it opens so ("Shortly after, ...", "A few
    hours after daybreak, ...") before the event, or says so ("... only hours later")."""
    return (
        _HOURS_AFTER.match(text, sent_start, at) is not None
        or _HOURS_LATER.search(text, sent_start, sent_end) is not None
    )


def _governor(span: Span) -> Token | None:
    """The word a temporal expression modifies: its head, through prepositions."""
    # spaCy creates a new Token object on each access: compare positions, never identity.
    tok = span.root.head
    if tok.i == span.root.i:
        return None
    while tok.dep_ in _ATTACH and tok.head.i != tok.i and not span.start <= tok.i < span.end:
        if _gerund_charged(tok):
            break  # "accused them of firing on July 23": the firing's date
        tok = tok.head
    return tok


def _crosses_clause(tok: Token, top: Token, deps: frozenset[str] = _CLAUSE_DEPS) -> bool:
    """Whether the path from ``tok`` up to ``top`` enters another clause (relative etc.)."""
    while tok.i != top.i and tok.head.i != tok.i:
        if tok.dep_ in deps:
            return True
        tok = tok.head
    return False


_REACTIONS = frozenset(
    {
        "support",
        "welcome",
        "back",
        "endorse",
        "praise",
        "hail",
        "reject",
        "violate",
        "breach",
    }
)
"""Verbs of reacting to an event named as their object: their date is not the event's.
(Not condemning: what is condemned on a day is the day's news, "condemned on Friday the
attack".)"""


_ANSWERS = frozenset({"respond", "react", "reply"})
"""Verbs of answering what they are said to answer ("responded to the accusation")."""


def _reacted_to(trigger: Token) -> bool:
    """A noun trigger that is the object of a reaction ("supported the ceasefire") or what
    an answer answers ("responded to India's accusation")."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    if trigger.dep_ == "dobj":
        return trigger.head.lemma_.lower() in _REACTIONS
    prep = trigger.head
    return trigger.dep_ == "pobj" and prep.lower_ == "to" and prep.head.lemma_.lower() in _ANSWERS


def _orders_other(span: Span, top: Token) -> bool:
    """A date in a phrase that places what it hangs on after or before something else
    ("urged ... in the wake of the clashes on Wednesday", "after talks on Monday"): the
    other thing's date, not the event's (``top``) nor that of anything else in the
    sentence."""
    if not any(a.i == top.i for a in span.root.ancestors):
        top = span.root.sent.root  # a date elsewhere in the sentence: any such phrase
    return _ordering_phrase(span.root, top) is not None


def _dates_charged_act(span: Span, top: Token) -> bool:
    gov = _governor(span)
    return gov is not None and _charged_act(gov, top)


def _charged_act(tok: Token, top: Token) -> bool:
    """Whether the path from ``tok`` up to ``top`` enters an act that ``top`` is about:
    "accused Armenia of firing ... on July 23", "blamed them for shelling ... on Sunday"
    (the date is the firing's, not the accusation's)."""
    while tok.i != top.i and tok.head.i != tok.i:
        if _gerund_charged(tok):
            return True
        tok = tok.head
    return False


def _gerund_charged(tok: Token) -> bool:
    return tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.lower_ in ("of", "for")


_ORDERING = frozenset({"after", "before", "since", "until", "till", "following", "prior"})
_BOUNDS = frozenset({"since", "until", "till"})
_AFTERMATH = frozenset({"wake", "aftermath"})
"""Nouns of "in the wake of X", "in the aftermath of X": what follows is after X."""


def _ordering_phrase(tok: Token, top: Token, words: frozenset[str] = _ORDERING) -> Token | None:
    """The phrase between ``tok`` and ``top`` that places ``tok`` before or after ``top``'s
    clause ("said in early October, a few days after the war broke out"): what it tells
    happened at another time than the date of that clause. None if there is none."""
    while tok.i != top.i and tok.head.i != tok.i:
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in words for c in tok.children
        ):
            return tok
        if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ in words:
            return tok
        if words is _ORDERING and tok.dep_ == "pobj" and tok.head.lower_ == "of":
            noun = tok.head.head  # "in the wake of the clashes on Wednesday"
            if noun.lower_ in _AFTERMATH and noun.dep_ == "pobj":
                return noun
        tok = tok.head
    return None


def placed_apart(
    doc: Doc,
    start: int,
    end: int,
    times: list[TimeRef] | None = None,
    news: dt.date | None = None,
) -> bool:
    """Whether the event at [start, end) is told in a phrase that places it apart from what
    its sentence tells, at a time that need not be the sentence's news: since it began
    ("since the shelling began"), before it ("before the truce took effect") or days
    after it ("a day after the army launched an offensive"). An event told as what the news
    just followed ("15 civilians died after the army shelled the villages", "following
    missile strikes", "hours after") is not: a report tells what led to its news, of the
    same day or the night before it, as the news itself. Unless what it led to is dated
    (in ``times``) to a day that is not the report's ``news`` day ("the operation began
    on Tuesday after troops were killed"): then it came before that day, not on the news
    day."""
    root = span_root(doc, start, end)
    phrase = _ordering_phrase(root, root.sent.root) if root is not None else None
    if phrase is None:
        return False
    word = _ordering_word(phrase)
    if word.lower_ not in _LED_TO:
        return True
    if word.i > 0 and doc[word.i - 1].lemma_.lower() in _DAYS_APART:
        return True
    followed = phrase.head if word.dep_ == "mark" else word.head
    if word.i == phrase.i:  # "in the wake of ...": the noun's preposition's head
        followed = word.head.head
    day, precision, _ = event_date(
        doc, followed.idx, followed.idx + len(followed), times or [], None, carry=False
    )
    return precision == "day" and (news is None or day != news.isoformat())


_LED_TO = frozenset({"after", "following"} | _AFTERMATH)
"""Words of a phrase telling what came just before what its sentence tells."""
_DAYS_APART = frozenset({"day", "week", "month", "year"})
"""Spans before "after" that put days between two events ("two days after")."""


def _led_to_same_day(phrase: Token) -> bool:
    """Whether a phrase ``_ordering_phrase`` found tells what just led to its clause's
    event, on its day ("agreed on July 28 following talks in Putrajaya"), not days before
    it ("two days after the talks") nor since or before it."""
    word = _ordering_word(phrase)
    if word.lower_ not in _LED_TO or phrase.dep_ == "advcl":
        return False
    return not (word.i > 0 and phrase.doc[word.i - 1].lemma_.lower() in _DAYS_APART)


def _ordering_word(phrase: Token) -> Token:
    """The word that orders a phrase ``_ordering_phrase`` found: its marker ("after the
    army shelled"), its preposition ("following the strikes") or its noun ("in the wake
    of the clashes")."""
    if phrase.dep_ == "advcl":
        return next((c for c in phrase.children if c.dep_ == "mark"), phrase)
    if phrase.dep_ in ("pobj", "pcomp") and phrase.head.lower_ in _ORDERING:
        return phrase.head
    return phrase


def _bounds_only(span: Span, top: Token) -> bool:
    """A date in a "since ..." or "until ..." phrase of the event bounds a stretch of time
    ("have repeatedly accused each other since it came into force on November 10"): it is
    not when the event happened."""
    return _ordering_phrase(span.root, top, _BOUNDS) is not None


def _date_topic(trigger: Span, dated: list[tuple[TimeRef, DatedValue, Span]]) -> DatedValue | None:
    """ "September 27 was not a usual day. It marked the beginning of ...": a sentence whose
    subject is "it" goes on about the date the sentence before was about."""
    sent = trigger.root.sent
    subject = next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ not in ("it", "that", "this") or sent.start == 0:
        return None
    before = sent.doc[sent.start - 1].sent
    for _, value, span in dated:
        root = span.root
        if (
            before.start <= span.start < before.end
            and root.dep_ == "nsubj"
            and root.head.i == before.root.i
        ):
            return value
    return None


def _since_month(
    trigger: Span, dated: list[tuple[TimeRef, DatedValue, Span]], dct: dt.date | None
) -> str | None:
    """The month of "Since October 10, two ceasefires were brokered but both have failed"
    when the report is of that month too: what happened between then and the report
    happened in it."""
    sent = trigger.root.sent
    if dct is None:
        return None
    for _, (value, _precision), span in dated:
        month = value[:7] if len(value) >= 7 else ""
        in_sentence = sent.start <= span.start < sent.end
        if in_sentence and _after_since(span) and month == dct.isoformat()[:7]:
            return month
    return None


_TIME_NOUNS = frozenset({"day", "night", "morning", "evening", "afternoon", "week", "hour"})


def _describes_trigger(gov: Token, trigger: Collection[int]) -> bool:
    """Whether the one clause between ``gov`` and the trigger is a participle that modifies
    the trigger's noun ("a ceasefire starting at 18:30 on Tuesday", "the strikes carried out
    on May 7"): its date is the trigger's own (when it began, when it was carried out)."""
    tok = gov
    while tok.i not in trigger and tok.head.i != tok.i:
        if tok.dep_ in _CLAUSE_DEPS:
            return tok.dep_ == "acl" and tok.tag_ in ("VBG", "VBN") and tok.head.i in trigger
        tok = tok.head
    return False


def _time_noun_clause(gov: Token) -> Token | None:
    """In "the day the clashes started (September 27)", a date in the clause that defines
    a time noun dates that noun, and so what the noun modifies: the word it modifies."""
    if gov.dep_ != "relcl" or gov.head.lower_ not in _TIME_NOUNS:
        return None
    noun = gov.head
    if noun.dep_ in ("npadvmod", "tmod"):
        return noun.head
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":  # "on the day the war began"
        return noun.head.head
    return None


def _pick(
    doc: Doc, trigger: Span, dated: list[tuple[TimeRef, DatedValue, Span]]
) -> tuple[TimeRef, DatedValue] | None:
    sent = trigger.root.sent
    text = doc_text(doc)
    in_sent = [
        (t, v, s)
        for t, v, s in dated
        if sent.start <= s.start < sent.end
        and not _bounds_only(s, trigger.root)
        and not _paragraphs_apart(text, t.start, trigger.start_char)
    ]
    if not in_sent:
        return None
    trig_tokens = set(range(trigger.start, trigger.end))
    ancestors = {a.i: depth for depth, a in enumerate(trigger.root.ancestors, start=1)}
    subtree = {t.i for t in trigger.root.subtree}
    best: tuple[int, int, TimeRef, DatedValue] | None = None
    governing: list[tuple[int, TimeRef, DatedValue]] = []
    for t, v, s in in_sent:
        gov = _governor(s)
        if gov is None or _orders_other(s, trigger.root):
            continue
        when = _time_noun_clause(gov)
        if when is not None and when.i in ancestors and gov.i not in ancestors:
            gov = when  # "The day the clashes started (September 27), Zarif tweeted ..."
        if gov.i in trig_tokens:
            rank = 0  # modifies the trigger itself
        elif s.root.dep_ in _DESCRIPTOR_DEPS and gov.pos_ in ("NOUN", "PROPN"):
            continue  # "rejects Sunday's attack": the attack's date, not the rejection's
        elif (
            gov.i in subtree
            and (not _crosses_clause(gov, trigger.root) or _describes_trigger(gov, trig_tokens))
            and not _charged_act(gov, trigger.root)
        ):
            rank = 1  # modifies a dependent of the trigger ("an attack on Ganja on Sunday")
        elif gov.i in ancestors:
            phrase = _ordering_phrase(trigger.root, gov)
            if phrase is not None and not _led_to_same_day(phrase):
                continue
            rank = 1 + ancestors[gov.i]  # modifies the clause the trigger sits in
        else:
            continue
        dist = abs(s.start - trigger.start)
        governing.append((rank, t, v))
        if best is None or (rank, dist) < best[:2]:
            best = (rank, dist, t, v)
    if best is not None:
        # "last year in September": a finer date at the same level refines the coarser one.
        finer = [
            (t, v)
            for rank, t, v in governing
            if rank == best[0] and len(v[0]) > len(best[3][0]) and v[0].startswith(best[3][0])
        ]
        if finer:
            return max(finer, key=lambda x: len(x[1][0]))
        value, precision = best[3]
        if best[0] >= 2 and precision == "day" and _reacted_to(trigger.root):
            # "On October 10, X welcomed the ceasefire": the welcome's day, not the truce's
            return best[2], (value[:7], "month")
        return best[2], best[3]
    free = [
        (t, v, s)
        for t, v, s in in_sent
        if not _describes_other(s, trigger)
        and not _dates_charged_act(s, trigger.root)
        and not _orders_other(s, trigger.root)
    ]
    apart = _ordering_phrase(trigger.root, sent.root)
    if apart is not None:  # only a date inside the phrase that places it
        free = [(t, v, s) for t, v, s in free if apart.left_edge.i <= s.start <= apart.right_edge.i]
    if not free:
        return None
    t, v, _ = min(free, key=lambda x: abs(x[2].start - trigger.start))
    return t, v


_SPAN_VALUE = re.compile(r"^PT?(\d+)([HDW])$")


def _offset_from_clause(
    doc: Doc,
    trigger: Span,
    dated: list[tuple[TimeRef, DatedValue, Span]],
    times: list[TimeRef],
) -> DatedValue | None:
    """ "The rebels agreed to a truce on Wednesday, almost 24 hours after the army launched
    an offensive": an event in a phrase that places it a stated span before or after a
    clause the text dates to a day is dated by that day less or plus the span (a week or
    more: its month)."""
    phrase = _ordering_phrase(trigger.root, trigger.root.sent.root)
    if phrase is None:
        return None
    if phrase.dep_ == "advcl":
        word = next(c for c in phrase.children if c.dep_ == "mark")
        clause = phrase.head
    else:
        word, clause = phrase.head, phrase.head.head
    if word.lower_ not in ("after", "before"):
        return None
    text = doc_text(doc)
    span = next(
        (t for t in times if t.type == "DURATION" and not text[t.end : word.idx].strip()),
        None,
    )
    m = _SPAN_VALUE.match(span.value) if span is not None else None
    if m is None:
        return None
    chosen = _pick(doc, doc[clause.i : clause.i + 1], dated)
    if chosen is None or chosen[1][1] != "day":
        return None
    n, unit = int(m[1]), m[2]
    days = round(n / 24) if unit == "H" else n * (7 if unit == "W" else 1)
    delta = dt.timedelta(days=-days if word.lower_ == "after" else days)
    day = dt.date.fromisoformat(chosen[1][0]) + delta
    if unit == "W":
        return day.isoformat()[:7], "month"
    return day.isoformat(), "day"


def _series_start(
    trigger: Span, dated: list[tuple[TimeRef, DatedValue, Span]]
) -> DatedValue | None:
    """ "Since October 7, Israel has conducted regular attacks", "has been exchanging fire
    since October 8": what has gone on since a day the text names is dated by the day it
    began. Only a day right after "since" that the trigger's clause, in the perfect, hangs
    from ("Since October 10, two ceasefires were brokered" tells of two events, not one
    that goes on)."""
    root = trigger.root
    clause = {root.i, *(a.i for a in root.ancestors)}
    for _, value, span in dated:
        pobj = span.root
        if value[1] != "day" or pobj.dep_ != "pobj" or pobj.head.lower_ != "since":
            continue
        verb = pobj.head.head
        if verb.i not in clause or _crosses_clause(root, verb):
            continue
        if any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children):
            return value
    return None


def _paragraphs_apart(text: str, a: int, b: int) -> bool:
    """Whether a paragraph break lies between offsets ``a`` and ``b``: a date on a line of
    its own (a stamp, a caption's date) and the paragraph after it, which a parser can
    take for one sentence, are not one."""
    lo, hi = min(a, b), max(a, b)
    return _PARAGRAPH_BREAK.search(text, lo, hi) is not None


def _first_since(trigger: Token, span: Span) -> bool:
    """ "Since October 10, two ceasefires were brokered ... The first ceasefire was ...": the
    first of a series counted from a day fell on that day."""
    first = any(c.lower_ == "first" and c.dep_ in ("amod", "nummod") for c in trigger.children)
    lemma = trigger.lemma_.lower()
    counted = any(t.lemma_.lower() == lemma and t.tag_ == "NNS" for t in span.sent)
    return first and _after_since(span) and counted


def _after_since(span: Span) -> bool:
    """A date right after "since" ("Since October 10, ...")."""
    return span.start > 0 and doc_lowers(span.doc)[span.start - 1] == "since"


def _describes_other(span: Span, trigger: Span) -> bool:
    """A date naming another thing ("the 2020 war") or inside another event's clause."""
    gov = _governor(span)
    if gov is None:
        return False
    if span.root.dep_ in _DESCRIPTOR_DEPS:
        return True
    inside = gov.left_edge.i <= trigger.root.i <= gov.right_edge.i
    return _crosses_clause(gov, gov.sent.root, _NOUN_CLAUSE_DEPS) and not inside


def event_date(
    doc: Doc,
    start: int,
    end: int,
    times: list[TimeRef],
    dct: dt.date | None,
    *,
    carry: bool = True,
) -> tuple[str | None, str | None, int]:
    """(ISO date at precision, precision, ACLED time_precision) for the event at [start, end).

    The expression governing the trigger in the parse wins, then the nearest one in the
    sentence (unless it names something else, "the 2020 war"), then the last date in the
    previous sentence of the same paragraph (at month precision: the text only places the
    event near it; not with ``carry=False``). None when nothing dates it; the caller then falls back
    to the DCT with time_precision 3. ``dct`` is accepted for callers that resolve
    expressions lazily; values in ``times`` are already resolved against it.
    """
    trigger = doc.char_span(start, end, alignment_mode="expand")
    dated: list[tuple[TimeRef, DatedValue, Span]] = []
    for t in times:
        v = date_of(t.value) if t.type in ("DATE", "TIME") else None
        span = doc.char_span(t.start, t.end, alignment_mode="expand") if v else None
        if v and span is not None and len(span):
            dated.append((t, v, span))
    if trigger is None or not len(trigger) or not dated:
        return None, None, 3
    chosen = _pick(doc, trigger, dated)
    if chosen is not None:
        value, precision = chosen[1]
        return value, precision, _TIME_PRECISION[precision]
    offset = _offset_from_clause(doc, trigger, dated, times)
    if offset is not None:
        return offset[0], offset[1], _TIME_PRECISION[offset[1]]
    series = _series_start(trigger, dated)
    if series is not None:
        return series[0], series[1], _TIME_PRECISION[series[1]]
    since = _since_month(trigger, dated, dct)
    if since is not None:
        return since, "month", _TIME_PRECISION["month"]
    if not carry:
        return None, None, 3
    topic = _date_topic(trigger, dated)
    if topic is not None:
        return topic[0], topic[1], _TIME_PRECISION[topic[1]]
    text = doc_text(doc)
    para_start = 0
    for m in _PARAGRAPH_BREAK.finditer(text, 0, start):
        para_start = m.end()
    # Context carries only from the sentences just before: further back the text has
    # usually moved on to other events. (At its day only to what the sentence tells as
    # hours after them: "A few hours after daybreak, ...")
    own = sent = trigger.root.sent
    for _ in range(_CARRY_SENTENCES):
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
    para_start = max(para_start, sent.start_char)
    earlier = [
        (t, v, s)
        for t, v, s in dated
        # (the trigger's own sentence was weighed above)
        if para_start <= t.start < trigger.root.sent.start_char and not _describes_other(s, trigger)
    ]
    if not earlier:
        return None, None, 3
    _, (value, precision), span = max(earlier, key=lambda x: x[0].start)
    if (
        precision == "day"
        and not _first_since(trigger.root, span)
        and not hours_after(text, own.start_char, own.end_char, start)
    ):
        value, precision = value[:7], "month"
    return value, precision, _TIME_PRECISION[precision]
