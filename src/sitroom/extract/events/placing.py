"""Places an event mention takes from the rest of the article.

A report names a place once and then points back to it: "the breakaway region of
Nagorno-Karabakh" becomes "the region", "the disputed territory" or "there". A mention
whose own words point back like that happened at the place pointed to. The pointing words
are read as places in their own right (each a copy of the place it points back to), so the
one parse rule of ``places.event_place`` decides which of them, if any, an event's trigger
governs. An attack named again by its noun ("its offensive", "the operation") is the attack
of that noun the article placed before.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from dataclasses import replace

from spacy.tokens import Doc, Token

from sitroom.extract import places as places_mod
from sitroom.geo.distance import haversine_km
from sitroom.geo.resolve import AREA_WORDS, TOWN_WORDS
from sitroom.model import GEO_PRECISION, Event, Place, country_set, dates_agree
from sitroom.nlp.text import doc_text, span_root

REGION_NOUNS = frozenset(
    {"region", "territory", "enclave", "province", "district", "oblast", "area"}
)
"""Nouns that, with no name of their own, stand for the region named before them."""
_POINTING = frozenset({"the", "this", "that", "these", "those"})
_POSSESSIVES = frozenset({"its", "their", "his", "her"})
_LOCATIVE = frozenset({"in", "at", "inside", "near", "on"})
MEETING_NOUNS = frozenset(
    {"talks", "negotiations", "meeting", "summit", "consultations", "conference", "meetings"}
)
"""Nouns of the meetings an agreement is reached at."""
_MAX_SENTENCES_BACK = 2
"""How far back "there" looks for the place it stands for."""
_SCENE_PREPS = frozenset({"In", "At"})
_SCENE_WORDS = 15
"""The longest opening phrase, in tokens, read as setting a sentence's scene."""


def place_anaphors(doc: Doc, places: Sequence[Place]) -> dict[int, Place]:
    """Token index -> the place the token points back to, for every "the region", "the
    territory" or "there" in ``doc`` whose place the article named before it."""
    ordered = sorted(places, key=lambda p: p.start)
    found: dict[int, Place] = {}
    for tok in doc:
        if _inside_place(tok, ordered):
            continue
        lower = tok.lower_
        if lower == "there" and tok.dep_ == "advmod":
            place = _there(doc, tok, ordered)
        elif tok.pos_ == "NOUN" and _pointing(tok):
            lemma = tok.lemma_.lower()
            named = lemma not in REGION_NOUNS or _named(tok, ordered)
            place = None if named else _named_region_before(tok, ordered)
        else:
            place = None
        if place is not None:
            found[tok.i] = place
    return found


def event_place(
    doc: Doc, start: int, end: int, places: list[Place], anaphors: dict[int, Place]
) -> Place | None:
    """``places.event_place``, with the words that point back to a place read as that
    place: its own named place first, else the place its pointing words stand for."""
    place = places_mod.event_place(doc, start, end, places)
    if place is not None or not anaphors:
        return place
    stand_ins = {
        i: replace(p, start=doc[i].idx, end=doc[i].idx + len(doc[i])) for i, p in anaphors.items()
    }
    by_span = {(p.start, p.end): anaphors[i] for i, p in stand_ins.items()}
    found = places_mod.event_place(doc, start, end, list(stand_ins.values()))
    if found is None:
        found = _there_of_trigger(doc, start, end, stand_ins)
    return by_span[(found.start, found.end)] if found is not None else None


def _there_of_trigger(doc: Doc, start: int, end: int, stand_ins: dict[int, Place]) -> Place | None:
    """ "25 people had been killed there", "the war there": a "there" on the trigger or on
    the verb it hangs from."""
    tok = span_root(doc, start, end)
    if tok is None:
        return None
    for _ in range(5):  # the trigger, then the words it hangs from, up to its clause's verb
        for child in tok.children:
            if child.i in stand_ins and child.lower_ == "there":
                return stand_ins[child.i]
        if tok.dep_ in ("ROOT", "ccomp", "advcl", "relcl", "conj") or tok.head.i == tok.i:
            break
        tok = tok.head
    return None


def _inside_place(tok: Token, ordered: Sequence[Place]) -> bool:
    return any(p.start <= tok.idx < p.end for p in ordered)


def _pointing(tok: Token) -> bool:
    """A definite noun: "the station", "the disputed territory"."""
    return any(c.dep_ == "det" and c.lower_ in _POINTING for c in tok.children)


def _named(tok: Token, ordered: Sequence[Place]) -> bool:
    """Whether the noun's own phrase names a place ("the region of Nagorno-Karabakh",
    "Kramatorsk station", "the Donetsk region"), or a name the gazetteer lacks ("the area
    of Mount X")."""
    if places_mod._place_in(tok, ordered) is not None:
        return True
    names = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            names += [o for o in prep.children if o.dep_ == "pobj" and o.pos_ == "PROPN"]
    return bool(names)


def _named_region_before(tok: Token, ordered: Sequence[Place]) -> Place | None:
    """The last region the article names before ``tok``."""
    before = [p for p in ordered if p.end <= tok.idx and p.precision == "region"]
    return before[-1] if before else None


def _there(doc: Doc, tok: Token, ordered: Sequence[Place]) -> Place | None:
    """The place "there" stands for: the last one named before it in its sentence or the
    sentence before, a country only where it was named as a location ("In Thailand, ...
    the toll there")."""
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    here = next((k for k, s in enumerate(sents) if s.start <= tok.i < s.end), 0)
    lo = sents[max(0, here - _MAX_SENTENCES_BACK + 1)].start_char
    for p in reversed([p for p in ordered if lo <= p.start and p.end <= tok.idx]):
        if p.precision != "country" or _named_as_location(doc, p):
            return p
    return None


def _named_as_location(doc: Doc, place: Place) -> bool:
    root = span_root(doc, place.start, place.end)
    return root is not None and root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE


def fold_pointing_mentions(events: list[Event], doc: Doc) -> list[Event]:
    """An attack named again by its noun, pointing back ("its offensive", "the operation"),
    with no place of its own, is the attack of that noun the article placed before (one
    place for all of them, a date that agrees): it is folded into the last of them, to which
    it gives its side where that one names none, a finer date, and its figures where that
    one has none."""
    out: list[Event] = []
    for e in events:
        into = _pointed_at(e, out, doc) if e.type == "ASSAULT" and e.place is None else None
        if into is None:
            out.append(e)
            continue
        if not country_set(into.source) and country_set(e.source):
            # a side the place stood in for ("an offensive in X" on X's country) gives way
            into.target = [a for a in into.target if a.kind != "place"]
            into.source = list(e.source)
        if into.date and e.date and len(e.date) > len(into.date):
            # "the clashes erupted on Wednesday": the day the attack told before lacked
            into.date, into.date_precision = e.date, e.date_precision
            into.time_precision = e.time_precision
        if any(_same_toll(e, x) for x in events if x is not e):
            continue  # the toll is another event's of its sentence ("killed in a blast hours
            # before X announced its offensive")
        cas = into.casualties
        if cas.killed is None:
            cas.killed, cas.killed_approx = e.casualties.killed, e.casualties.killed_approx
        if cas.injured is None:
            cas.injured, cas.injured_approx = e.casualties.injured, e.casualties.injured_approx
    return out


def _same_toll(e: Event, x: Event) -> bool:
    return (
        x.sentence_start == e.sentence_start
        and (e.casualties.killed, e.casualties.injured) != (None, None)
        and (x.casualties.killed, x.casualties.injured)
        == (e.casualties.killed, e.casualties.injured)
    )


def _pointed_at(e: Event, earlier: Sequence[Event], doc: Doc) -> Event | None:
    noun = _pointing_noun(doc, e)
    if noun is None:
        return None
    told = [x for x in earlier if x.type == "ASSAULT" and x.sentence_start < e.sentence_start]
    same = [x for x in told if x.place is not None and _noun_lemma(doc, x) == noun]
    if not same or len({x.place.name for x in same if x.place is not None}) != 1:
        return None
    x = same[-1]
    if x is not told[-1]:
        return None  # "the attack" is the last one told, whatever its noun
    claimant = e.claimant.country if e.claimant else None
    agree = (
        x.status == e.status
        and e.mode in ("", x.mode)
        and claimant in (None, "", x.claimant.country if x.claimant else None)
        and dates_agree(x.date, e.date)
        and (not country_set(x.source) or country_set(e.source) <= country_set(x.source))
        and all(
            a is None or b is None or a == b
            for a, b in (
                (x.casualties.killed, e.casualties.killed),
                (x.casualties.injured, e.casualties.injured),
            )
        )
    )
    return x if agree else None


def _pointing_noun(doc: Doc, e: Event) -> str | None:
    """The lemma of the event noun ``e``'s trigger is, where the words point back to one told
    before ("its offensive", "the operation")."""
    root = span_root(doc, e.start, e.end)
    if root is None or root.pos_ != "NOUN":
        return None
    pointing = any(
        (c.dep_ == "det" and c.lower_ in _POINTING)
        or (c.dep_ == "poss" and c.lower_ in _POSSESSIVES)
        for c in root.children
    )
    return root.lemma_.lower() if pointing else None


def _noun_lemma(doc: Doc, e: Event) -> str | None:
    root = span_root(doc, e.start, e.end)
    return root.lemma_.lower() if root is not None and root.pos_ == "NOUN" else None


def place_agreements(events: Sequence[Event], doc: Doc, places: Sequence[Place]) -> None:
    """An agreement with no place of its own was made where the talks it came out of were
    held: talks told in its sentence held in a town ("the ceasefire was reached after
    negotiations ... in Moscow"), talks its words say it followed ("was agreed following
    talks between the two leaders in Malaysia"), or talks between its parties the article
    places in one town on the same day ("Thailand and Cambodia have agreed to a ceasefire"
    after "the two leaders met for talks at a residence in Putrajaya" that day)."""
    talks = [e for e in events if e.type == "CONSULT" and e.place is not None]
    for e in events:
        if e.type != "AGREE" or e.mode not in ("ceasefire", "agreement") or e.place is not None:
            continue
        held = next((t for t in talks if t.sentence_start == e.sentence_start), None)
        if held is not None and held.place is not None and held.place.precision == "town":
            e.place = held.place
            continue
        e.place = _followed_talks(doc, e, places) or _talks_of_the_day(e, talks)


def _followed_talks(doc: Doc, e: Event, places: Sequence[Place]) -> Place | None:
    """The place of the talks "after" or "following" which the agreement's verb says it was
    made."""
    verb = span_root(doc, e.start, e.end)
    if verb is None:
        return None
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("after", "following"):
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj" or noun.lemma_.lower() not in MEETING_NOUNS | {"talk"}:
                continue
            for tok in noun.subtree:
                if tok.dep_ != "prep" or tok.lower_ not in ("in", "at"):
                    continue
                for obj in tok.children:
                    place = places_mod._place_in(obj, places) if obj.dep_ == "pobj" else None
                    if place is not None:
                        return place
    return None


def _talks_of_the_day(e: Event, talks: Sequence[Event]) -> Place | None:
    """The one town where the article holds talks between the agreement's parties on the
    agreement's day."""
    if e.date_precision != "day":
        return None
    parties = country_set(e.source) | country_set(e.target)
    towns = {
        t.place.name: t.place
        for t in talks
        if t.place is not None
        and t.place.precision == "town"
        and t.date == e.date
        and len(parties & (country_set(t.source) | country_set(t.target))) >= 2
    }
    return next(iter(towns.values())) if len(towns) == 1 else None


def place_by_scene(events: Sequence[Event], doc: Doc, places: Sequence[Place]) -> None:
    """An attack placed nowhere, or only in its country, told in a sentence that opens by
    setting its scene ("In Kotli, a strike on a mosque killed two", "In the town of X,
    located in Y, a rocket killed ...", "In Thailand, the army said five soldiers were
    killed"), happened there."""
    scenes = _scenes(doc, places)
    for e in events:
        if e.type != "ASSAULT":
            continue
        scene = next((p for lo, hi, p in scenes if lo <= e.start < hi), None)
        if scene is None:
            continue
        if e.place is None or (
            e.place.precision == "country"
            and scene.precision != "country"
            and e.place.country == scene.country
        ):
            e.place = scene


def _scenes(doc: Doc, places: Sequence[Place]) -> list[tuple[int, int, Place]]:
    """(from, to, place): the rest of each sentence after an opening locative phrase that
    names a place ("In Punjab's Muridke, ...", "In the Druze town of X, ..."), and the
    finest place of that phrase."""
    text = doc_text(doc)
    out: list[tuple[int, int, Place]] = []
    for tok in doc:
        if tok.text not in _SCENE_PREPS:
            continue
        before = text[: tok.idx].rstrip(" \t")
        if before and before[-1] not in '.!?\n"\u201d':
            continue  # a sentence's opening words, also where the parse ran two together
        comma = next((t for t in doc[tok.i + 1 : tok.i + _SCENE_WORDS] if t.text == ","), None)
        obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if comma is None or obj is None:
            continue
        named = [p for p in places if tok.idx < p.start and p.end <= comma.idx]
        if not named:
            continue
        # the phrase is the place ("In Kotli") or a settlement or area named by it ("In the
        # town of X"), not a statement or an event made there ("In a speech in Baku")
        own = places_mod._place_at(obj, named)
        if own is None and obj.lower_ not in TOWN_WORDS | AREA_WORDS:
            continue
        finest = min(named, key=lambda p: (GEO_PRECISION.get(p.precision, 4), p.start))
        sentence = tok.sent if doc.has_annotation("SENT_START") else doc[:]
        out.append((comma.idx, sentence.end_char, finest))
    return out + _witnessing_places(doc, places)


def _witnessing_places(doc: Doc, places: Sequence[Place]) -> list[tuple[int, int, Place]]:
    """(from, to, place): a sentence whose subject is a town or region that saw, witnessed
    or suffered what it tells ("Muzaffarabad also saw fatalities when a mosque was hit"):
    the whole sentence happened there."""
    out: list[tuple[int, int, Place]] = []
    for place in places:
        if place.precision == "country":
            continue
        head = span_root(doc, place.start, place.end)
        if head is None or head.dep_ != "nsubj" or head.head.dep_ != "ROOT":
            continue
        if head.head.lemma_.lower() not in places_mod.WITNESS_VERBS:
            continue
        sentence = head.sent if doc.has_annotation("SENT_START") else doc[:]
        out.append((sentence.start_char, sentence.end_char, place))
    return out


def split_listed_towns(events: Sequence[Event], doc: Doc, places: Sequence[Place]) -> list[Event]:
    """An attack told at several towns in one sentence is an attack at each: the towns
    listed in its place's phrase ("further strikes were reported in A, B and C") and in a
    clause beside it that tells of harm there ("while damage was noted in D and E", "no
    casualties were reported in D and E, though a clinic in D was damaged"). One mention per
    town, in the sentence's order; a town whose attack the article tells in another
    sentence is left to that telling (the first listed town, when it is one, gives its
    mention to the next). Not an attack told with a toll: a toll of the list is no town's."""
    out: list[Event] = []
    for e in events:
        out.append(e)
        if e.type != "ASSAULT" or e.place is None or e.place.precision != "town":
            continue
        if any(n for n in (e.casualties.killed, e.casualties.injured)):
            continue
        towns = _towns_told(doc, e, places)
        if len(towns) < 2:
            continue
        told = [
            x.place
            for x in events
            if x.type == "ASSAULT"
            and x.place is not None
            and x.place.precision == "town"
            and x.sentence_start != e.sentence_start
        ]
        fresh = [t for t in towns if not any(_same_town(t, x) for x in told)]
        if not fresh:
            continue
        if any(_same_town(e.place, x) for x in told):
            e.place = fresh[0]
        for town in fresh:
            if town.name != e.place.name:
                copy = deepcopy(e)
                copy.place = town
                out.append(copy)
    return out


_HARM_NOUNS = frozenset({"damage", "casualty", "destruction"})
"""What a clause reports at the places an attack hit ("damage was noted in X")."""

_SAME_TOWN_KM = 50.0


def _same_town(a: Place, b: Place) -> bool:
    if a.name == b.name:
        return True
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= _SAME_TOWN_KM  # type: ignore[arg-type]


def _towns_told(doc: Doc, e: Event, places: Sequence[Place]) -> list[Place]:
    """The towns of ``e``'s place's list and of the harm clauses beside its clause, in text
    order, or none when its place is in no such list."""
    assert e.place is not None
    head = span_root(doc, e.place.start, e.place.end)
    trigger = span_root(doc, e.start, e.end)
    if head is None or trigger is None:
        return []
    found = {t.name: t for t in _listed_towns(head, places)}
    for clause in _clauses_beside(trigger):
        if not any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in _HARM_NOUNS
            for c in clause.children
        ):
            continue
        for prep in clause.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "at"):
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    for town in _listed_towns(obj, places):
                        found.setdefault(town.name, town)
    if e.place.name not in found:
        return []
    return sorted(found.values(), key=lambda p: p.start)


def _clauses_beside(trigger: Token) -> list[Token]:
    """The verb of the trigger's clause (the trigger itself, or the verb it is the subject
    or object of) and the clauses joined to it as adverbial or coordinate clauses."""
    verb = trigger
    if verb.pos_ not in ("VERB", "AUX") and verb.dep_ in ("nsubj", "nsubjpass", "dobj"):
        verb = verb.head
    out = [verb]
    out.extend(
        c for c in verb.children if c.dep_ in ("advcl", "conj") and c.pos_ in ("VERB", "AUX")
    )
    if verb.dep_ in ("advcl", "conj") and verb.head.i != verb.i:
        out.append(verb.head)
    return out


def _listed_towns(head: Token, places: Sequence[Place]) -> list[Place]:
    """The towns of the list ``head`` is in ("in A, B and C": conjuncts of one another)."""
    first = head
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    members: list[Token] = []
    stack = [first]
    while stack:
        tok = stack.pop()
        members.append(tok)
        stack.extend(c for c in tok.children if c.dep_ == "conj")
    found: dict[str, Place] = {}
    for tok in sorted(members, key=lambda t: t.i):
        place = places_mod._place_at(tok, places)
        if place is not None and place.precision == "town":
            found.setdefault(place.name, place)
    return list(found.values())
