"""Run every extractor over one parsed article: the pure core of sitroom."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from sitroom.extract import actors as actors_mod
from sitroom.extract import events as events_mod
from sitroom.extract import places as places_mod
from sitroom.extract import quotes as quotes_mod
from sitroom.extract import time as time_mod
from sitroom.extract.events import placing
from sitroom.extract.events.assembly import (
    aim_condemnations,
    blame_from_accounts,
    drop_self_aimed,
    fill_attack_sides,
    fold_denials,
    split_joint_statements,
)
from sitroom.extract.events.blame import blame_in_words, threats_in_words
from sitroom.extract.events.extract import (
    merge_attack_mentions,
    merge_repeats,
    merge_war_mentions,
)
from sitroom.extract.events.lexicon import TriggerLexicon, load_trigger_lexicon
from sitroom.extract.events.status import VERBAL_TYPES
from sitroom.extract.timex.dct import office_window
from sitroom.extract.timex.discourse import date_from_discourse
from sitroom.extract.timex.event_date import NEWS_WINDOW, news_day, placed_apart
from sitroom.extract.timex.known import find_known_events
from sitroom.geo.gazetteer import Gazetteer
from sitroom.model import Actor, Article, Event, Extraction, Place, TimeRef
from sitroom.nlp.text import doc_text, span_root

_TIME_PRECISION = {"day": 1, "month": 2, "year": 3}
_DURING = re.compile(
    r"(?i)\b(?:during|amid|throughout|in\s+the\s+course\s+of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$"
)
"""ACLED time_precision of a date at each precision."""


@dataclass(frozen=True, slots=True)
class Resources:
    """Large read-only assets the extractors share, loaded once per process."""

    gazetteer: Gazetteer
    actor_dictionary: actors_mod.ActorDictionary
    lexicon: TriggerLexicon = field(default_factory=load_trigger_lexicon)
    """Event trigger lexicon (the packaged one unless given)."""


def versions() -> dict[str, str]:
    """Name -> version of every extractor, stored with each mention."""
    return {
        "actors": actors_mod.VERSION,
        "places": places_mod.VERSION,
        "time": time_mod.VERSION,
        "events": events_mod.VERSION,
        "quotes": quotes_mod.VERSION,
    }


_HABITUAL = re.compile(
    r"(?i)\b(?:repeatedly|regularly|frequently|often|occasionally|sporadically|constantly"
    r"|routinely|periodically|intermittently|time\s+and\s+again|from\s+time\s+to\s+time"
    r"|on\s+(?:several|many|numerous)\s+occasions)\b"
)


def _clause_verb(doc: Doc, start: int, end: int) -> Token | None:
    """The verb of the clause of the trigger at [start, end) ("clashes" -> "clashed")."""
    head = span_root(doc, start, end)
    if head is None:
        return None
    # Up to the verb of the trigger's own clause, not beyond it.
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def _perfect(
    doc: Doc, start: int, end: int, verb: Token | None, light_verbs: frozenset[str]
) -> bool:
    """An event told in the present perfect ("rockets have hit", "Zarif has held phone
    conversations"): at some time before now. Only the verb's own event: the ceasefire in
    "has welcomed the ceasefire" is not told in the perfect."""
    if verb is None:
        return False
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj"):
        # "Zarif has held phone conversations ..., urging them to ...": the participle
        # shares the time of the clause it hangs from
        return _perfect_aux(verb.head)
    if not _perfect_aux(verb):
        # "has rejected claims that it is transporting arms": a present claim inside a
        # perfect is told at no particular time either
        ruling = next((a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")), None)
        present = verb.tag_ in ("VBG", "VBZ", "VBP") and verb.dep_ in ("ccomp", "acl")
        return present and ruling is not None and _perfect_aux(ruling)
    if verb.dep_ == "ccomp" and verb.head.tag_ == "VBD":
        # "the ministry said it has accepted the proposal": before the saying, not at
        # some time before now
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    tok = span.root if span is not None and len(span) else verb
    return tok.i == verb.i or tok.head.i == verb.i and verb.lemma_.lower() in light_verbs


def _lede_end(doc: Doc) -> int:
    """Where the lede ends: the first sentence of the report that is one (ten words or
    more), headlines, bylines and datelines above it aside."""
    for sent in doc.sents:
        if sum(t.is_alpha for t in sent) >= 10:
            return sent.end_char
    return 0


def _perfect_aux(verb: Token) -> bool:
    """``has``/``have`` + past participle."""
    return verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children
    )


def _habitual(doc: Doc, head: Token | None) -> bool:
    """Whether the clause of ``head``, a trigger's verb, says it happened again and again."""
    if head is None:
        return False
    # Frequency adverbials sit next to their verb: "have repeatedly accused", "clashed
    # from time to time".
    sent = head.sent
    lo = max(sent.start_char, head.idx - 30)
    hi = min(sent.end_char, head.idx + len(head) + 30)
    return _HABITUAL.search(doc_text(doc), lo, hi) is not None


_EMBASSY_AT = re.compile(r"(?i)\b(?:embassy|embassies|ambassador)\s+(?:in|to)\s+(?:the\s+)?$")


def _place_embassy_statements(
    events: list[Event], places: list[Place], text: str, gazetteer: Gazetteer
) -> None:
    """An embassy speaks from where it is: "Iran's embassy in Azerbaijan said" -> Baku.

    The mission's location is the place named right after it ("embassy in Baku"), a
    country standing for its capital; an unlocated "the embassy" takes the one location
    the article gives an embassy, if it gives exactly one.
    """
    located: list[Place] = []
    for p in places:
        if _EMBASSY_AT.search(text, max(0, p.start - 40), p.start):
            if p.precision == "country":
                capital = gazetteer.capital(p.country)
                if capital is None:
                    continue
                p = places_mod.as_place(capital, p.text, p.start, p.end, "town")
            located.append(p)
    if not located:
        return
    for e in events:
        if e.place is not None or e.type not in VERBAL_TYPES:
            continue
        embassy = next((a for a in e.source if "embass" in a.text.lower()), None)
        if embassy is None:
            continue
        own = [p for p in located if embassy.end <= p.start <= embassy.end + 20]
        if own:
            e.place = own[0]
        elif len({(p.name, p.country) for p in located}) == 1:
            e.place = located[0]


def _undate_plans(events: list[Event], dct: dt.date | None) -> None:
    """A plan happens after the report: a date on or before it is when the plan was told
    ("announced on Monday that he will tour"), not when it happens, so it is dropped."""
    if dct is None:
        return
    for e in events:
        if e.status == "planned" and e.date and e.date <= dct.isoformat()[: len(e.date)]:
            e.date, e.date_precision, e.time_precision = None, None, 3


def _date_perfect_blame(
    events: list[Event], fallback: set[tuple[int, int]], dct: dt.date | None
) -> None:
    """An accusation told in the perfect ("Israel has blamed Hezbollah for the attack",
    "the two sides have accused each other of breaching the truce") answers an incident the
    report tells of, not some time before now: undated, it takes the report's month (and so
    its news day, where it has one), not its year. (A condemnation or other stance told in
    the perfect keeps the year: "it has condemned the killing of civilians".)"""
    if dct is None:
        return
    year = dct.isoformat()[:4]
    for e in events:
        undated = (e.start, e.end) in fallback
        if undated and e.type == "DISAPPROVE" and e.mode == "accusation" and e.date == year:
            e.date, e.date_precision = dct.isoformat()[:7], "month"


def _date_news(
    events: list[Event],
    fallback: set[tuple[int, int]],
    apart: set[tuple[int, int]],
    dct: dt.date | None,
    news: dt.date,
) -> None:
    """What the text leaves undated (dated by the report's month for want of a date)
    happened on the report's news day: the report tells its day's news. Done last, once
    the mentions of one event are joined: a month joins what a guessed day would not."""
    month = dct.isoformat()[:7] if dct is not None else None
    for e in events:
        if (e.start, e.end) in apart:
            continue  # "hours after the army launched an offensive": before the news
        if (e.start, e.end) in fallback and e.date == month and e.time_precision == 3:
            e.date, e.date_precision = news.isoformat(), "day"


def _definite(doc: Doc, start: int, end: int) -> bool:
    """Whether the trigger at [start, end) names its attack as one already known: a noun
    with a definite article or demonstrative ("the strike", "this attack"), or a verb
    whose object has one ("launching the missile")."""
    root = span_root(doc, start, end)
    if root is None:
        return False
    nouns = [root] if root.pos_ in ("NOUN", "PROPN") else []
    nouns += [c for c in root.children if c.dep_ in ("dobj", "obj") and c.pos_ == "NOUN"]
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE for n in nouns for c in n.children)


_DEFINITE = frozenset({"the", "this", "that"})
# Fighting lasts and a breach of a truce is one of many: "killed during the fighting",
# "violating the ceasefire" are not the one strike the report dates.
_LASTING = frozenset({"clash", "war", "ceasefire-violation"})


def _date_told_attack(
    events: list[Event], fallback: set[tuple[int, int]], dct: dt.date, doc: Doc
) -> None:
    """An attack the text leaves undated and names as one already known ("the missile
    that hit the hospital", "killed in the strike"), in a report whose words date every
    attack they date to one recent day ("the strike occurred on Tuesday"), is that attack
    told again: it took place that day, not at some day of the report's month. A report
    that dates attacks to two days leaves its undated ones at either; an attack told
    without an article ("attacks in several regions", "extensive shelling"), fighting
    ("killed during the fighting") and breaches of a truce may be another."""
    days = {
        e.date
        for e in events
        if e.type == "ASSAULT"
        and e.date_precision == "day"
        and e.time_precision < 3
        and e.date is not None
        and (dct - NEWS_WINDOW).isoformat() <= e.date <= dct.isoformat()
    }
    if len(days) != 1:
        return
    (day,) = days
    for e in events:
        if (
            e.type == "ASSAULT"
            and (e.start, e.end) in fallback
            and e.date == day[:7]
            and e.mode not in _LASTING
            and e.status != "reported-violation"
            and _definite(doc, e.start, e.end)
        ):
            e.date, e.date_precision = day, "day"


def _lasting_cause(doc: Doc, start: int, end: int) -> bool:
    """Whether the trigger at [start, end) names the fighting as what a toll is owed to
    ("killed during the fighting", "died due to the fighting", "casualties as a result of
    border clashes"): the fighting of all the days the toll counts, not one of them."""
    root = span_root(doc, start, end)
    if root is None or root.dep_ != "pobj":
        return False
    prep = root.head
    word, above = prep.lower_, prep.head.lower_
    return (
        word in ("during", "amid", "amidst")
        or (word == "to" and above == "due")
        or (word == "of" and above in ("result", "because"))
    )


def _undate_lasting_fighting(events: list[Event], doc: Doc, dct: dt.date) -> None:
    """Fighting a toll is owed to ("On Sunday, X said 13 more people have died due to the
    fighting") happened over the days the toll counts: the day the toll was told is not
    its day, so it keeps the report's month."""
    month = dct.isoformat()[:7]
    for e in events:
        if (
            e.type == "ASSAULT"
            and e.mode == "clash"
            and e.date_precision == "day"
            and e.date is not None
            and e.date[:7] == month
            and _lasting_cause(doc, e.start, e.end)
        ):
            e.date, e.date_precision, e.time_precision = month, "month", 3


def _placed_by_same_day(events: list[Event]) -> None:
    """An attack with no place of its own, on a day the article tells of an attack between
    the same sides in one place ("clashes on the Kalbajar section of the border ... two of
    its troops were wounded on Wednesday"), happened there."""
    violent = [e for e in events if e.type == "ASSAULT" and e.date_precision == "day"]
    for e in violent:
        if e.place is not None:
            continue
        sides = {a.country for a in e.source + e.target if a.country}
        places = {
            x.place.name: x.place
            for x in violent
            if x.place is not None
            and x.date == e.date
            and sides & {a.country for a in x.source + x.target if a.country}
        }
        if len(places) == 1:
            e.place = next(iter(places.values()))


_DOWNING = re.compile(r"(?i)\b(?:shot|shoot|shoots|shooting)\s+down\b|\bdown(?:ed|ing)\b")


def _placed_in_target_country(events: list[Event], gazetteer: Gazetteer) -> None:
    """A one-sided attack the text places nowhere, on one country's people or forces by
    another's ("Tajik forces shelled Kyrgyz border posts"), happened in the country attacked."""
    for e in events:
        if e.type != "ASSAULT" or e.place is not None or e.status == "reported-violation":
            continue  # (a breach of a truce is told of the front, not of one side's land)
        if _DOWNING.search(e.trigger):
            continue  # an aircraft downed falls where it flew, most often over the side
            # that downed it, not on its own country's land
        sources = {a.country for a in e.source if a.country}
        targets = [a for a in e.target if a.country]
        if not sources or len({a.country for a in targets}) != 1 or targets[0].country in sources:
            continue
        cand = gazetteer.country(targets[0].country)
        if cand is not None:
            hit = targets[0]
            e.place = places_mod.as_place(cand, hit.text, hit.start, hit.end, "country")


def _dct(article: Article) -> dt.date | None:
    return article.published or article.published_latest


def extract_article(doc: Doc, article: Article, res: Resources) -> Extraction:
    """Actors, places, times, quotes and events of one article (``doc`` parses ``article.text``)."""
    dct = _dct(article)
    actors = actors_mod.extract_actors(doc, dct, res.actor_dictionary)
    context = sorted({a.country for a in actors if a.country})
    places = places_mod.extract_places(doc, res.gazetteer, context)
    # "northern Syria", "the Iran-Azerbaijan border": before the toponyms they are made of,
    # so that an event there is placed in the part, not in the country
    parts = places_mod.part_places(doc, places, res.gazetteer)
    country = _main_place_country(places)
    times = time_mod.extract_times(doc_text(doc), dct, doc=doc, country=country)
    quotes = quotes_mod.extract_quotes(doc, actors)

    known = find_known_events(doc_text(doc), window=office_window(doc_text(doc)))
    # "During the 44-day war, Iran offered ...": a known event dates what happened in it.
    # (Anchors for event dates only; they are not temporal expressions to store.)
    anchors = times + [
        TimeRef(
            text=k.event.label,
            start=k.start,
            end=k.end,
            type="DATE",
            value=k.event.date,
            granularity=k.event.precision,
            anchor="known-event",
        )
        for k in known
        if _DURING.search(doc_text(doc), max(0, k.start - 60), k.start)
    ]

    fallback: set[tuple[int, int]] = set()
    apart: set[tuple[int, int]] = set()  # undated, told before or after another event
    # The day of the report's news: what nothing else dates happened then (a report's
    # news is of its day, or of the night before it that the text names). Where the
    # report's date is only inferred, only a day that is the one recent day it names.
    news = (
        news_day(
            doc_text(doc),
            times,
            [(q.content_start, q.content_end) for q in quotes if q.direct],
            dct,
            sole=article.published_inferred,
            # the days the landmarks it names broke as news
            landmarks=[k.event.known_from for k in known if k.event.precision == "day"],
            headline=article.title or "",
        )
        if dct is not None and article.published is not None
        else None
    )
    lede_end = _lede_end(doc)
    light_verbs = res.lexicon.light_verbs

    def date_of(start: int, end: int) -> tuple[str | None, str | None, int]:
        # What happened again and again ("have repeatedly accused") takes no date from
        # the sentences around it, and none from the report either.
        verb = _clause_verb(doc, start, end)
        habitual = _habitual(doc, verb)
        # What "has happened" is told at no particular time: a date from the sentence
        # before does not carry to it ("On September 28, X said ... Y has likewise urged").
        # Not in the lede, where the perfect tells the news ("Both sides have accused
        # each other of breaching the truce").
        perfect = _perfect(doc, start, end, verb, light_verbs) and start >= lede_end
        date, precision, time_precision = time_mod.event_date(
            doc, start, end, anchors, dct, carry=not habitual and not perfect
        )
        landmark = next((k.event for k in known if k.start < end and start < k.end), None)
        if date is None and landmark is not None:
            # "the US-brokered ceasefire", "the 44-day war": a known event's own date, no
            # finer than its month (the text names the event, not its day)
            if landmark.precision == "day":
                return landmark.date[:7], "month", 2
            return landmark.date, landmark.precision, _TIME_PRECISION[landmark.precision]
        if date is None and habitual:
            return None, None, 3
        if date is None and dct is not None:
            # Nothing in the text dates it: the report's month, flagged as a fallback
            # (ACLED time_precision 3), rather than a day the text never states; what "has
            # happened" at some time before the report, its year.
            fallback.add((start, end))
            if placed_apart(doc, start, end, anchors, news):
                apart.add((start, end))
            if perfect:
                return dct.isoformat()[:4], "year", 3
            return dct.isoformat()[:7], "month", 3
        return date, precision, time_precision

    every_place = [*parts, *places]
    anaphors = placing.place_anaphors(doc, every_place)  # "the station", "there"

    def place_of(start: int, end: int) -> Place | None:
        return placing.event_place(doc, start, end, every_place, anaphors)

    def claimant_of(start: int, end: int) -> Actor | None:
        quote = quotes_mod.quote_claimant(quotes, start, end)
        if quote is None:
            return None
        return quote.speaker_actor or Actor(text=quote.speaker, name=quote.speaker)

    events = events_mod.extract_events(
        doc,
        actors,
        date_of=date_of,
        place_of=place_of,
        claimant_of=claimant_of,
        lexicon=res.lexicon,
    )
    _place_embassy_statements(events, places, doc_text(doc), res.gazetteer)
    placing.place_agreements(events, doc, every_place)
    placing.place_by_scene(events, doc, every_place)
    events = placing.split_listed_towns(events, doc, every_place)
    events = placing.fold_pointing_mentions(events, doc)
    fill_attack_sides(events)
    aim_condemnations(events)
    events = drop_self_aimed(events)
    events = split_joint_statements(events)
    negated = {(e.start, e.end) for e in events if e.status == "denied"}
    events = fold_denials(events)
    for quote in quotes:
        if quote.date is None:
            start = quote.cue_start if quote.cue_start >= 0 else quote.content_start
            end = quote.cue_end if quote.cue_start >= 0 else quote.content_end
            quote.date, quote.date_precision, _ = date_of(start, end)
    events = blame_from_accounts(events, quotes, doc_text(doc), negated)
    events = blame_in_words(events, quotes, actors, doc)
    events = threats_in_words(events, quotes, actors, doc)
    # What was said in a call or a quotation, undated, happened when the call did or the
    # words were said; what followed a war named again ("after the fighting") is dated by it.
    date_from_discourse(events, times, doc_text(doc), fallback, quotes, actors, dct)
    _undate_plans(events, dct)
    _date_perfect_blame(events, fallback, dct)
    events = merge_war_mentions(events, fallback)
    events = merge_repeats(events)  # again: embassy places can make two mentions one
    _placed_by_same_day(events)
    events = merge_attack_mentions(events)
    _placed_in_target_country(events, res.gazetteer)
    if dct is not None:
        _date_told_attack(events, fallback, dct, doc)
    if news is not None:
        _date_news(events, fallback, apart, dct, news)
    if dct is not None:
        _undate_lasting_fighting(events, doc, dct)
    for quote in quotes:
        if quote.date is None and dct is not None:
            # Unless the text dates it, a statement is as recent as the report.
            exact = article.published is not None and not article.published_inferred
            quote.date = dct.isoformat() if exact else dct.isoformat()[:7]
            quote.date_precision = "day" if exact else "month"
    return Extraction(
        actors=actors,
        places=sorted([*places, *parts], key=lambda p: p.start),
        times=times,
        events=events,
        quotes=quotes,
        versions=versions(),
    )


def _main_place_country(places: list[Place]) -> str:
    counts: dict[str, int] = {}
    for p in places:
        if p.country:
            counts[p.country] = counts.get(p.country, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else ""
