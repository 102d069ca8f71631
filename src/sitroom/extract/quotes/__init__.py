"""Quotes and reported speech: who said what, with cue, content and speaker.

``extract_quotes(doc, actors)`` finds direct quotations (straight and typographic
marks, over several sentences or paragraphs, attributed before, after, by colon
or dash, or continuing the previous speaker), reported speech from the parse
("X said (that) ...", "X urged Y to ...", "X expressed concern over ...",
"according to X") and resolves each speaker to the most specific name and actor
the article gives. ``quote_claimant`` tells which statement an event lies in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from sitroom.extract.quotes.attribute import (
    according_relay,
    cited_relay,
    find_relayed_attributions,
)
from sitroom.extract.quotes.cues import Attribution
from sitroom.extract.quotes.lexicon import CueLexicon, default_lexicon
from sitroom.extract.quotes.marks import QuoteSpan, find_quote_spans
from sitroom.extract.quotes.speakers import Resolved, SpeakerResolver, clean_phrase
from sitroom.ingest.dates import find_dates
from sitroom.ingest.metadata import dateline_length
from sitroom.model import Actor, Quote
from sitroom.nlp.text import doc_text

__all__ = ["VERSION", "QuoteSpan", "extract_quotes", "find_quote_spans", "quote_claimant"]

VERSION = "quotes-19"


def extract_quotes(
    doc: Doc, actors: Sequence[Actor] = (), lexicon: CueLexicon | None = None
) -> list[Quote]:
    """Direct and reported statements in ``doc``, each with speaker, cue and content offsets."""
    lex = lexicon or default_lexicon()
    text = doc_text(doc)
    spans = find_quote_spans(text)
    resolver = SpeakerResolver(doc, actors, lex, spans)
    quotes: list[Quote] = []
    by_source: dict[int, Resolved] = {}
    relay_by_source: dict[int, str] = {}
    for a, relayed_by in find_relayed_attributions(doc, spans, lex):
        if a.source is None or a.source_head is None:
            continue
        key = a.source.start_char
        if a.kind == "continuation" and key in by_source:
            who: Resolved | None = by_source[key]
        else:
            who = resolver.resolve(a.source, a.source_head)
        if who is None:
            continue
        if a.news and who.actor is not None and who.actor.sector == "MED":
            continue  # "news outlets reported clashes": the outlet's news, not a party's claim
        by_source.setdefault(key, who)
        relay = relay_by_source.get(key, "") if a.kind == "continuation" else ""
        relay = relay or _relay(a, relayed_by, actors, lex)
        relay_by_source.setdefault(key, relay)
        end = a.content_end if a.direct else _reported_end(text, a.content_start, a.content_end)
        # Reported speech opening the story starts after its dateline ("TEHRAN (IRNA) – ").
        start = a.content_start + dateline_length(text[a.content_start : end])
        quotes.append(
            Quote(
                speaker=who.name,
                content=text[start:end],
                content_start=start,
                content_end=end,
                direct=a.direct,
                cue=a.cue.text if a.cue is not None else "",
                cue_start=a.cue.start_char if a.cue is not None else -1,
                cue_end=a.cue.end_char if a.cue is not None else -1,
                speaker_actor=who.actor,
                speaker_start=a.source.start_char,
                speaker_end=a.source.end_char,
                relay=relay,
            )
        )
    quotes += _posts(doc, text, resolver, quotes)
    return _dedupe(quotes)


_POST = re.compile(
    r"(?m)^(?P<content>[^\n]{20,}?)\s+[—–]\s+(?P<name>[^\n(@]{2,120}?)\s*"
    r"\(@\w{1,30}\)\s+(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4})\s*$"
)
"""A social-media post embedded in a report: its text, then "— Name (@handle) Month D,
YYYY" (the attribution line a tweet embed leaves in the page's text)."""


def _posts(doc: Doc, text: str, resolver: SpeakerResolver, quotes: Sequence[Quote]) -> list[Quote]:
    """The posts the report embeds, each a direct quote of its author on its day."""
    out: list[Quote] = []
    for m in _POST.finditer(text):
        start, end = m.span("content")
        if any(q.content_start < end and start < q.content_end for q in quotes):
            continue  # already quoted
        # "Benjamin Netanyahu - <the name in another script>": the first of the names
        name_end = m.start("name") + len(re.split(r"\s+-\s+", m.group("name"))[0])
        source = doc.char_span(m.start("name"), name_end, alignment_mode="expand")
        who = resolver.resolve(source, source.root) if source is not None else None
        if who is None or source is None:
            continue
        printed = find_dates(m.group("date"))
        day = printed[0].to_date() if printed else None
        if day is None:
            continue
        out.append(
            Quote(
                speaker=who.name,
                content=text[start:end],
                content_start=start,
                content_end=end,
                direct=True,
                speaker_actor=who.actor,
                speaker_start=source.start_char,
                speaker_end=source.end_char,
                date=day.isoformat(),
                date_precision="day",
            )
        )
    return out


MAX_REPORTED_CHARS = 2000
"""The longest reported statement kept (the longest in the dev and seed articles has 319
characters). On a text with no line break the parser may run every sentence after a cue
into the cue's complement: each of thousands of cues then carried the rest of the text,
time and memory growing with the square of its length."""


def _reported_end(text: str, start: int, end: int) -> int:
    """The end of reported content [start, end), at most ``MAX_REPORTED_CHARS`` on: cut
    after the last sentence end within them, or else at the limit."""
    if end - start <= MAX_REPORTED_CHARS:
        return end
    limit = start + MAX_REPORTED_CHARS
    cut = max(text.rfind(stop, start, limit) for stop in (". ", "! ", "? "))
    return cut + 1 if cut > start else limit


def _outlet(span: Span, actors: Sequence[Actor]) -> str | None:
    """The name of the news outlet coded in ``span``: its own name where the dictionary
    knows it ("Russian news agency TASS": TASS), else the phrase ("the Trend news
    agency": Trend news agency); None when no outlet is coded there."""
    found = [x for x in actors if x.sector == "MED" and span.start_char <= x.start < span.end_char]
    named = [x for x in found if any(c.isupper() for c in x.name)]
    if named:
        return named[0].name
    return clean_phrase(span) if found else None


def _relay(
    a: Attribution, relayed_by: Attribution | None, actors: Sequence[Actor], lex: CueLexicon
) -> str:
    """The outlet that relays a statement: the subject of "citing/quoting X" (whoever it
    is), or an outlet tagging the statement ("..., Armenpress reported", "..., according
    to TASS"); "" when none is told."""
    span = cited_relay(a, lex)
    if span is not None:
        # "Russian news agency TASS, citing ...": the outlet may stand in apposition
        head = span.root
        whole = head.doc[head.left_edge.i : head.right_edge.i + 1]
        return _outlet(whole, actors) or clean_phrase(span)
    tag = according_relay(a)
    news = tag is not None
    if tag is None and relayed_by is not None and relayed_by.source is not None:
        tag = relayed_by.source
        cue = relayed_by.cue_token
        news = cue is not None and cue.lemma_.lower() in lex.news_verbs
    if tag is None:
        return ""
    outlet = _outlet(tag, actors)
    if outlet is not None:
        return outlet
    if news and tag.root.pos_ == "PROPN":
        return clean_phrase(tag)  # "..., Hetq reported": a paper not in the dictionary
    return ""


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    """Keep one of a statement repeated verbatim by the same speaker (copied paragraphs)."""
    seen: set[tuple[str, str]] = set()
    out: list[Quote] = []
    for q in quotes:
        key = (q.speaker.lower(), " ".join(q.content.split()).lower())
        if key in seen:
            continue
        seen.add(key)
        out.append(q)
    return out


def quote_claimant(quotes: Sequence[Quote], start: int, end: int) -> Quote | None:
    """The innermost quote whose content contains characters [start, end), or None.

    A quote whose speaker is no party ("its intelligence indicated ...") gives way to the
    innermost enclosing quote whose speaker is one ("the IDF said its intelligence
    indicated ..."): the party vouches for what its sources say.
    """
    around = sorted(
        (q for q in quotes if q.content_start <= start and end <= q.content_end),
        key=lambda q: q.content_end - q.content_start,
    )
    party = next((q for q in around if _is_party(q.speaker_actor)), None)
    return party or (around[0] if around else None)


def _is_party(actor: Actor | None) -> bool:
    return actor is not None and bool(actor.country or actor.group)
