"""Blame and threats told in a party's words, with no accusing or threatening verb.

A party that, in its own words, pins on another side an aggression, a provocation, a
violation, a massacre or the responsibility for what happened blames that side, even when
no accusing verb tells it ("The ministry said the strike was a provocation by Ukrainian
forces", "the violations being committed by India", "the health ministry said an Israeli
airstrike was responsible"). Each such telling is one accusation (speaker -> the side the
words name), dated when the words were said, unless the article already tells the
speaker's side blaming someone in that sentence.

The same words may promise an answer ("X will pay a heavy price", "we will respond
firmly", "will receive an adequate response", "we will not remain silent"): a threat by
the speaker against the side the words name, or else the side the article shows fighting
the speaker's.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence

from spacy.tokens import Doc, Token

from sitroom.extract.events.roles import NAMING_VERBS, adjective_countries
from sitroom.model import Actor, Event, Quote
from sitroom.nlp.text import doc_text

_WRONG = re.compile(
    r"(?i)^(?:aggressions?|provocations?|violations?|crimes?|massacres?|atrocit(?:y|ies)|"
    r"terrorism|genocide|barbarism|brutality|threats)$"
)
"""Nouns of a wrong done: whoever the words pin one on is blamed."""
_DOING = re.compile(r"(?i)^(?:commit|unleash|perpetrat|carr(?:y|ied)|wag)")
"""Verbs whose subject does the wrong that is their object ("unleashed aggression")."""
BLAME_TYPES = frozenset({"DISAPPROVE", "REJECT"})


def party(actor: Actor) -> str:
    """The side an actor is on: its country, or its group where it has none (the DPR)."""
    return actor.country or actor.group


def said(
    kind: tuple[str, str],
    quote: Quote,
    target: list[Actor],
    span: tuple[int, int],
    sentence: tuple[int, int],
    text: str,
    time_precision: int = 3,
) -> Event:
    """The act (``kind``: type and mode) the speaker of ``quote`` does in its words, against
    ``target``, told at chars ``span`` of ``text`` in ``sentence``, dated when they spoke."""
    assert quote.speaker_actor is not None
    return Event(
        type=kind[0],
        mode=kind[1],
        start=span[0],
        end=span[1],
        trigger=text[span[0] : span[1]],
        source=[quote.speaker_actor],
        target=target,
        date=quote.date,
        date_precision=quote.date_precision,
        time_precision=time_precision,
        sentence_start=sentence[0],
        sentence_end=sentence[1],
    )


def _by_parties(quotes: Sequence[Quote]) -> Iterator[tuple[Quote, str]]:
    """The quotes whose speaker is a party, with the speaker's side."""
    for quote in quotes:
        if quote.speaker_actor is not None and party(quote.speaker_actor):
            yield quote, party(quote.speaker_actor)


def _actor_at(actors: Sequence[Actor], token: Token, adjective: bool = True) -> Actor | None:
    found = next((a for a in actors if a.start <= token.idx < a.end and party(a)), None)
    if found is None and adjective and token.text[:1].isupper():
        # "an Israeli airstrike", "Russian non-humans": a country's adjective the actors
        # leave out when it names no person or body
        country = adjective_countries().get(token.text, "")
        if country:
            end = token.idx + len(token.text)
            found = Actor(token.text, country, "GOV", kind="country", start=token.idx, end=end)
    return found


def _doers(noun: Token) -> list[Token]:
    """The tokens that may name who did the wrong ``noun`` names."""
    # "India's aggression", "an Israeli massacre" (a name, not "military provocations");
    # "India's hatred and aggression": the name on the first of the nouns
    first = noun
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    out = [
        c
        for c in {*noun.children, *first.children}
        if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.text[:1].isupper())
    ]
    # "the continuation of provocations by X": the agent may hang on the noun above
    nouns = [noun]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        nouns.append(noun.head.head)
    # ... or on the active verb the noun is the object of ("condemn the provocations by
    # X"): an active verb has no agent of its own
    verb = nouns[-1].head if nouns[-1].dep_ == "dobj" else None
    if verb is not None and not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        nouns.append(verb)
    for c in (c for n in nouns for c in n.children):
        # "provocations by X", "threats from X"
        if c.dep_ == "prep" and (c.lower_ == "by" or (c.lower_ == "from" and c.head.i == noun.i)):
            out += [p for p in c.children if p.dep_ == "pobj"]
        if c.dep_ in ("acl", "relcl"):  # "violations being committed by India"
            for p in c.children:
                if p.dep_ == "agent":
                    out += [o for o in p.children if o.dep_ == "pobj"]
    head = noun.head
    if noun.dep_ == "dobj" and _DOING.match(head.lemma_):  # "X unleashed aggression"
        out += [c for c in head.children if c.dep_ == "nsubj"]
    return out


_FIENDS = re.compile(
    r"(?i)^(?:terrorists|barbarians|butchers|murderers|monsters|beasts|savages|fascists|"
    r"nazis|neo-nazis|thugs|invaders|occupiers)$"
)
"""What a side calls its foe's fighters: the speaker blames the side so named."""
_WILFUL = re.compile(r"(?i)^(?:deliberate(?:ly)?|intentional(?:ly)?|purposeful(?:ly)?)$")
"""Words that call an attack meant: the speaker blames whoever made it."""


def _fiends(token: Token) -> bool:
    """A name for the foe's fighters, as a noun of its own ("terrorists", "non-humans";
    not "terrorist attack")."""
    doc = token.doc
    if (
        token.lower_ in ("humans", "human")
        and token.i >= 2
        and (doc[token.i - 1].text, doc[token.i - 2].lower_) == ("-", "non")
    ):
        return True
    return token.pos_ == "NOUN" and token.dep_ != "compound" and bool(_FIENDS.match(token.text))


def _attacking(token: Token, attackers: Collection[int]) -> bool:
    """Whether ``token`` names who made an attack told ("terrorists attacked the
    hospital", "it was terrorists that attacked")."""
    verbs = [c for c in token.children if c.dep_ == "relcl"]
    if token.dep_ == "nsubj":
        verbs.append(token.head)
    return any(v.idx in attackers for v in verbs)


def _fiend_names(token: Token) -> list[Token]:
    """The side named on a foe's name ("Russian non-humans", "terrorists from Gaza")."""
    doc = token.doc
    nouns = [token]
    if token.lower_ in ("humans", "human"):  # "non - humans": the name hangs on "non"
        nouns += [doc[token.i - 2], doc[token.i - 1]]
    out = [c for n in nouns for c in _names_on(n)]
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "of"):
            out += [p for p in c.children if p.dep_ == "pobj"]
    return out


_INCIDENTS = frozenset(
    {
        "attack",
        "strike",
        "airstrike",
        "explosion",
        "blast",
        "bombing",
        "shelling",
        "killing",
        "killings",
        "massacre",
        "assassination",
        "incident",
        "provocation",
        "raid",
        "shooting",
    }
)
"""Nouns of what happened: whoever "is behind" one is blamed for it."""
_UNTRUE = re.compile(
    r"(?i)^(?:untrue|false|lies?|baseless|groundless|unfounded|fabricat\w*|fake|absurd|"
    r"nonsense|slander\w*|disinformation|provocations?)$"
)
"""Words that call what another side says a lie: the speaker blames that side."""
_ALLEGING = frozenset({"allegation", "accusation", "claim", "charge"})


def _subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ == "nsubj"]


def _accusers(noun: Token) -> list[Token]:
    """Who makes the allegation ``noun`` names ("allegations by X", "X's claims",
    "Indian allegations")."""
    out = [
        c
        for c in noun.children
        if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.text[:1].isupper())
    ]
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            out += [p for p in c.children if p.dep_ == "pobj"]
    return out


def _names_on(noun: Token) -> list[Token]:
    """The names on a noun ("Israel's strike", "an Israeli airstrike")."""
    return [
        c
        for c in noun.children
        if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.text[:1].isupper())
    ]


def _culprits(verb: Token) -> list[Token]:
    """The subjects of ``verb``; where one is an attack, the side named on it ("an
    Israeli airstrike was responsible")."""
    out: list[Token] = []
    for s in _subjects(verb):
        out += _names_on(s) if s.lemma_.lower() in _INCIDENTS else [s]
    return out


def _responsible(token: Token) -> list[Token]:
    """The subject of "was responsible", "is to blame", "is behind the attack", "crossed
    all red lines"; the maker of an allegation the words call a lie ("allegations by X
    ... are untrue")."""
    if token.lower_ == "responsible" and token.dep_ in ("acomp", "oprd"):
        return _culprits(token.head)
    if token.lower_ == "blame" and token.dep_ == "xcomp" and token.head.lemma_ == "be":
        return _culprits(token.head)
    if token.lemma_.lower() in _INCIDENTS and token.dep_ == "attr" and token.head.lemma_ == "be":
        # "this was a Russian strike", "it was an Israeli airstrike": naming the attacker
        return [
            c
            for c in token.children
            if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.text[:1].isupper())
        ]
    if (
        token.lower_ == "behind"
        and token.dep_ == "prep"
        and token.head.lemma_ == "be"
        and any(c.dep_ == "pobj" and c.lemma_.lower() in _INCIDENTS for c in token.children)
    ):
        return _subjects(token.head)
    if (
        token.lemma_.lower() == "line"
        and token.dep_ == "dobj"
        and token.head.lemma_.lower() == "cross"
        and any(c.lower_ == "red" for c in token.children)
    ):
        return _subjects(token.head)
    if _UNTRUE.match(token.text):
        first = token
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if first.dep_ in ("attr", "acomp") and first.head.lemma_ == "be":
            said_of = [s for s in _subjects(first.head) if s.lemma_.lower() in _ALLEGING]
            return [a for s in said_of for a in _accusers(s)]
    return []


def _told(events: Sequence[Event], types: Collection[str]) -> set[tuple[int, str]]:
    """(sentence start, party) of each side already told making an act of ``types``: its
    words in that sentence make no second one."""
    return {
        (e.sentence_start, side)
        for e in events
        if e.type in types
        for a in e.source
        if (side := party(a))
    }


def blame_in_words(
    events: Sequence[Event], quotes: Sequence[Quote], actors: Sequence[Actor], doc: Doc
) -> list[Event]:
    """``events`` with the accusations the parties' words make without an accusing verb."""
    out = list(events)
    text = doc_text(doc)
    told = _told(events, BLAME_TYPES)
    inside = [a for a in actors if a.start >= 0]
    sents = list(doc.sents)
    sentence = {sent.start_char: i for i, sent in enumerate(sents)}
    # Who blames whom, by sentence. Words that go on blaming the side just accused tell
    # the same accusation: after "X accused Y of shelling", or, in one paragraph, after
    # "X said the strike was a provocation by Y. Its leader called it the latest
    # provocation by Y".
    accused = {
        (sentence.get(e.sentence_start, -9), party(a), party(b))
        for e in events
        if e.type in BLAME_TYPES
        for a in e.source
        for b in e.target
    }
    worded: set[tuple[int, str, str]] = set()
    foes = _foes(events)
    attackers = {e.start: e.source for e in events if e.type == "ASSAULT"}
    for quote, side in _by_parties(quotes):
        span = doc.char_span(quote.content_start, quote.content_end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            doers = (_doers(token) if _WRONG.match(token.text) else []) or _responsible(token)
            blamed = [a for d in doers if (a := _actor_at(inside, d)) is not None]
            if not doers and _fiends(token):
                # "Russian non-humans", "brutal terrorists in Gaza": the side the names
                # name, else the one the article shows fighting the speaker's
                named = [a for d in _fiend_names(token) if (a := _actor_at(inside, d))]
                foe = foes.of(side) if _attacking(token, attackers) else None
                blamed = named or ([foe] if foe else [])
            elif not doers and _WILFUL.match(token.text) and token.dep_ in ("amod", "advmod"):
                # "a deliberate attack": whoever made the attack meant it
                blamed = list(attackers.get(token.head.idx, []))
            blamed = [a for a in blamed if party(a) and party(a) != side]
            sent = token.sent
            s0, s1 = sent.start_char, sent.end_char
            if not blamed or (s0, side) in told:
                continue
            here, other = sentence[s0], party(blamed[0])
            same_paragraph = here > 0 and "\n" not in text[sents[here - 1].end_char : s0]
            if (
                (here, side, other) in accused
                or (same_paragraph and (here - 1, side, other) in accused)
                or (here, side, other) in worded
                or (same_paragraph and (here - 1, side, other) in worded)
            ):
                continue
            worded.add((here, side, other))
            told.add((s0, side))
            if quote.cue_start >= 0:
                start, end = quote.cue_start, quote.cue_end
            else:
                start, end = token.idx, token.idx + len(token.text)
            out.append(
                said(("DISAPPROVE", "accusation"), quote, blamed[:1], (start, end), (s0, s1), text)
            )
    out = _branded(out, quotes, inside, doc, told, foes)
    return _allegations(out, quotes, inside, doc, told)


def _branded_wrong(verb: Token) -> Token | None:
    """The wrong ``verb`` calls its object ("called the strike a massacre", "described it
    as a crime")."""
    for c in verb.children:
        held = [c] if c.dep_ == "oprd" else []
        if c.dep_ == "dobj":
            held = [a for a in c.children if a.dep_ in ("appos", "oprd")]
        if c.dep_ == "prep" and c.lower_ == "as":
            held = [p for p in c.children if p.dep_ == "pobj"]
        for noun in held:
            if _WRONG.match(noun.text):
                return noun
    return None


def _branded(
    events: list[Event],
    quotes: Sequence[Quote],
    actors: Sequence[Actor],
    doc: Doc,
    told: set[tuple[int, str]],
    foes: _Foes,
) -> list[Event]:
    """``events`` with the blame a side puts in calling an act a wrong ("Hamas called the
    strike a horrific massacre"): on the side named on the act or the wrong, else on the
    side the article shows fighting it, when the words were said."""
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in NAMING_VERBS:
            continue
        wrong = _branded_wrong(verb)
        speakers = [a for s in _subjects(verb) if (a := _actor_at(actors, s)) is not None]
        if wrong is None or not speakers:
            continue
        side = party(speakers[0])
        s0, s1 = verb.sent.start_char, verb.sent.end_char
        if (s0, side) in told:
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        names = [*_doers(wrong), *(n for o in objects for n in _names_on(o))]
        named = [a for d in names if (a := _actor_at(actors, d)) is not None]
        foe = foes.of(side)
        blamed = [a for a in named or ([foe] if foe else []) if party(a) != side]
        quote = next(
            (
                q
                for q in quotes
                if q.speaker_actor is not None
                and party(q.speaker_actor) == side
                and s0 <= max(q.cue_start, q.content_start) < s1
                and q.date
            ),
            None,
        )
        dated = next((e for e in events if e.sentence_start == s0 and e.date), None)
        date, precision = _when_said(quote, dated)
        if not blamed or date is None:
            continue
        told.add((s0, side))
        start, end = verb.idx, verb.idx + len(verb.text)
        events.append(
            Event(
                type="DISAPPROVE",
                mode="accusation",
                start=start,
                end=end,
                trigger=verb.text,
                source=[speakers[0]],
                target=blamed[:1],
                date=date,
                date_precision=precision,
                sentence_start=s0,
                sentence_end=s1,
            )
        )
    return events


def _when_said(quote: Quote | None, dated: Event | None) -> tuple[str | None, str | None]:
    """The date (and its precision) of blame told in ``quote``, else as the sentence's
    dated event ``dated`` is dated."""
    if quote is not None:
        return quote.date, quote.date_precision
    if dated is not None:
        return dated.date, dated.date_precision
    return None, None


def _alleged(noun: Token) -> list[Token]:
    """Who the allegation ``noun`` names as the wrongdoer: the subject of its "that"
    clause ("allegations that X shelled"), or the agent of the wrong it is of
    ("allegations of violations by X")."""
    out: list[Token] = []
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in c.children):
            out += _subjects(c)
        if c.dep_ == "prep" and c.lower_ == "of":
            for wrong in c.children:
                out += [p for b in wrong.children if b.lower_ == "by" for p in b.children]
    return out


def _allegations(
    events: list[Event],
    quotes: Sequence[Quote],
    actors: Sequence[Actor],
    doc: Doc,
    told: set[tuple[int, str]],
) -> list[Event]:
    """``events`` with the accusation each allegation names its maker and its target in
    ("allegations by X that Y carried out the attack", "X's claims that Y shelled",
    "Indian allegations of violations by Y"): X blames Y, when the words were said."""
    for token in doc:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in _ALLEGING:
            continue
        makers = [a for d in _accusers(token) if (a := _actor_at(actors, d, False)) is not None]
        if not makers:
            continue
        side = party(makers[0])
        named = [a for d in _alleged(token) if (a := _actor_at(actors, d, False)) is not None]
        named = [a for a in named if party(a) != side]
        s0, s1 = token.sent.start_char, token.sent.end_char
        if not named or (s0, side) in told:
            continue
        # dated when the words telling it were said, else as the sentence's events are
        quote = next(
            (q for q in quotes if q.content_start <= token.idx < q.content_end and q.date),
            None,
        )
        dated = next((e for e in events if e.sentence_start == s0 and e.date), None)
        date, precision = _when_said(quote, dated)
        if date is None:
            continue
        told.add((s0, side))
        # the span of the words telling it, which dates it as those words are dated
        if quote is not None and quote.cue_start >= 0:
            start, end = quote.cue_start, quote.cue_end
        else:
            start, end = token.idx, token.idx + len(token.text)
        events.append(
            Event(
                type="DISAPPROVE",
                mode="accusation",
                start=start,
                end=end,
                trigger=doc_text(doc)[start:end],
                source=[makers[0]],
                target=named[:1],
                date=date,
                date_precision=precision,
                sentence_start=s0,
                sentence_end=s1,
            )
        )
    return events


_ANSWER = re.compile(
    r"(?i)\b(?:pay\s+(?:a\s+|the\s+)?(?:heavy\s+|high\s+|dear\s+|steep\s+)?price|pay\s+dearly"
    r"|respond\s+(?:firmly|decisively|forcefully|harshly|strongly|accordingly|in\s+kind)"
    r"|(?:adequate|decisive|firm|harsh|crushing|severe|appropriate|resolute)\s+(?:response|retaliation)"
    r"|(?:will|shall|would)\s+not\s+(?:remain|stay|keep)\s+silent"
    r"|(?:will|shall|would)\s+not\s+stand\s+idly\s+by)"
)
"""Words that promise an answer to the other side: a threat whoever says them."""


@dataclasses.dataclass(slots=True)
class _Foes:
    """Who the article shows fighting or blaming whom."""

    counts: dict[str, Counter[str]] = dataclasses.field(default_factory=dict)
    """Side -> the sides it fights or blames, or is fought or blamed by, by how often."""
    actor: dict[str, Actor] = dataclasses.field(default_factory=dict)
    """Side -> the first actor named for it."""

    def of(self, side: str) -> Actor | None:
        """The side the article most often shows against ``side``, if one stands out."""
        top = self.counts.get(side, Counter()).most_common(2)
        if not top or (len(top) == 2 and top[0][1] == top[1][1]):
            return None
        return dataclasses.replace(self.actor[top[0][0]], start=-1, end=-1)


def _foes(events: Sequence[Event]) -> _Foes:
    """The sides of the article's attacks and accusations (a clash between two sides
    makes each the other's foe)."""
    foes = _Foes()
    for e in events:
        if e.type not in ("ASSAULT", *BLAME_TYPES):
            continue
        for a in (*e.source, *e.target):
            if party(a):
                foes.actor.setdefault(party(a), a)
        src = {party(a) for a in e.source if party(a)}
        tgt = {party(a) for a in e.target if party(a)}
        if src == tgt and len(src) == 2:  # "clashes between X and Y"
            src, tgt = {min(src)}, {max(src)}
        if src & tgt:
            continue
        for side in src:
            foes.counts.setdefault(side, Counter()).update(tgt)
        for side in tgt:
            foes.counts.setdefault(side, Counter()).update(src)
    return foes


def threats_in_words(
    events: Sequence[Event], quotes: Sequence[Quote], actors: Sequence[Actor], doc: Doc
) -> list[Event]:
    """``events`` with the threats the parties' words make without a threatening verb."""
    out = list(events)
    text = doc_text(doc)
    told = _told(events, {"THREATEN"})
    foes = _foes(events)
    inside = [a for a in actors if a.start >= 0]
    for quote, side in _by_parties(quotes):
        for m in _ANSWER.finditer(text, quote.content_start, quote.content_end):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            sent = span.sent
            if (sent.start_char, side) in told:
                continue
            # the side the words name (in the sentence, else in the quote), else the side
            # the article shows fighting the speaker's
            named = sorted(
                (
                    a
                    for a in inside
                    if quote.content_start <= a.start < quote.content_end
                    and party(a) not in ("", side)
                ),
                key=lambda a: not sent.start_char <= a.start < sent.end_char,
            )
            foe = named[0] if named else foes.of(side)
            if foe is None:
                continue
            told.add((sent.start_char, side))
            out.append(
                said(
                    ("THREATEN", "statement"),
                    quote,
                    [foe],
                    (m.start(), m.end()),
                    (sent.start_char, sent.end_char),
                    text,
                )
            )
    return out
