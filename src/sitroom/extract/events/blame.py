"""Blame told in a party's words: "a provocation by X", "X's aggression", "X was responsible".

A party that, in its own words, pins on another side an aggression, a provocation, a
violation, a massacre or the responsibility for what happened blames that side, even when
no accusing verb tells it ("The ministry said the strike was a provocation by Ukrainian
forces", "the violations being committed by India", "the health ministry said an Israeli
airstrike was responsible"). Each such telling is one accusation (speaker -> the side the
words name), dated when the words were said, unless the article already tells the
speaker's side blaming someone in that sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
_BLAME_TYPES = frozenset({"DISAPPROVE", "REJECT"})


def _party(actor: Actor) -> str:
    return actor.country or actor.group


def _actor_at(actors: Sequence[Actor], token: Token) -> Actor | None:
    return next((a for a in actors if a.start <= token.idx < a.end and _party(a)), None)


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
    told = {
        (e.sentence_start, e.sentence_end, _party(a))
        for e in events
        if e.type in _BLAME_TYPES
        for a in e.source
        if _party(a)
    }
    inside = [a for a in actors if a.start >= 0]
    sents = list(doc.sents)
    sentence = {sent.start_char: i for i, sent in enumerate(sents)}
    # Who blames whom, by sentence. Words that go on blaming the side just accused tell
    # the same accusation: after "X accused Y of shelling", or, in one paragraph, after
    # "X said the strike was a provocation by Y. Its leader called it the latest
    # provocation by Y".
    accused = {
        (sentence.get(e.sentence_start, -9), _party(a), _party(b))
        for e in events
        if e.type in _BLAME_TYPES
        for a in e.source
        for b in e.target
    }
    worded: set[tuple[int, str, str]] = set()
    for quote in quotes:
        speaker = quote.speaker_actor
        if speaker is None or not _party(speaker):
            continue
        side = _party(speaker)
        span = doc.char_span(quote.content_start, quote.content_end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            doers = _doers(token) if _WRONG.match(token.text) else _responsible(token)
            blamed = [a for d in doers if (a := _actor_at(inside, d)) is not None]
            blamed = [a for a in blamed if _party(a) != side]
            sent = token.sent
            s0, s1 = sent.start_char, sent.end_char
            if not blamed or (s0, s1, side) in told:
                continue
            here, other = sentence[s0], _party(blamed[0])
            same_paragraph = here > 0 and "\n" not in doc_text(doc)[sents[here - 1].end_char : s0]
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
                Event(
                    type="DISAPPROVE",
                    mode="accusation",
                    start=start,
                    end=end,
                    trigger=doc_text(doc)[start:end],
                    source=[speaker],
                    target=blamed[:1],
                    date=quote.date,
                    date_precision=quote.date_precision,
                    sentence_start=s0,
                    sentence_end=s1,
                )
            )
    return out
