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
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Token

from sitroom.model import Actor, Event, Quote
from sitroom.nlp.text import doc_text

_WRONG = re.compile(
    r"(?i)^(?:aggressions?|provocations?|violations?|crimes?|massacres?|atrocit(?:y|ies)|"
    r"terrorism|genocide|barbarism|brutality)$"
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


def _actor_at(actors: Sequence[Actor], token: Token) -> Actor | None:
    return next((a for a in actors if a.start <= token.idx < a.end and party(a)), None)


def _doers(noun: Token) -> list[Token]:
    """The tokens that may name who did the wrong ``noun`` names."""
    # "India's aggression", "an Israeli massacre" (a name, not "military provocations")
    out = [
        c
        for c in noun.children
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
        if c.dep_ == "prep" and c.lower_ == "by":
            out += [p for p in c.children if p.dep_ == "pobj"]
        if c.dep_ in ("acl", "relcl"):  # "violations being committed by India"
            for p in c.children:
                if p.dep_ == "agent":
                    out += [o for o in p.children if o.dep_ == "pobj"]
    head = noun.head
    if noun.dep_ == "dobj" and _DOING.match(head.lemma_):  # "X unleashed aggression"
        out += [c for c in head.children if c.dep_ == "nsubj"]
    return out


def _responsible(token: Token) -> list[Token]:
    """The subject of "was responsible", "is to blame"."""
    if token.lower_ == "responsible" and token.dep_ in ("acomp", "oprd"):
        return [c for c in token.head.children if c.dep_ == "nsubj"]
    if token.lower_ == "blame" and token.dep_ == "xcomp" and token.head.lemma_ == "be":
        return [c for c in token.head.children if c.dep_ == "nsubj"]
    return []


def blame_in_words(
    events: Sequence[Event], quotes: Sequence[Quote], actors: Sequence[Actor], doc: Doc
) -> list[Event]:
    """``events`` with the accusations the parties' words make without an accusing verb."""
    out = list(events)
    text = doc_text(doc)
    told = {
        (e.sentence_start, e.sentence_end, party(a))
        for e in events
        if e.type in BLAME_TYPES
        for a in e.source
        if party(a)
    }
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
    for quote, side in _by_parties(quotes):
        span = doc.char_span(quote.content_start, quote.content_end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            doers = _doers(token) if _WRONG.match(token.text) else _responsible(token)
            blamed = [a for d in doers if (a := _actor_at(inside, d)) is not None]
            blamed = [a for a in blamed if party(a) != side]
            sent = token.sent
            s0, s1 = sent.start_char, sent.end_char
            if not blamed or (s0, s1, side) in told:
                continue
            here, other = sentence[s0], party(blamed[0])
            same_paragraph = here > 0 and "\n" not in text[sents[here - 1].end_char : s0]
            if (
                {(here, side, other), (here - 1, side, other)} & accused
                or (here, side, other) in worded
                or (same_paragraph and (here - 1, side, other) in worded)
            ):
                continue
            worded.add((here, side, other))
            told.add((s0, s1, side))
            if quote.cue_start >= 0:
                start, end = quote.cue_start, quote.cue_end
            else:
                start, end = token.idx, token.idx + len(token.text)
            out.append(
                said(("DISAPPROVE", "accusation"), quote, blamed[:1], (start, end), (s0, s1), text)
            )
    return out


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
    told = {
        (e.sentence_start, party(a))
        for e in events
        if e.type == "THREATEN"
        for a in e.source
        if party(a)
    }
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
