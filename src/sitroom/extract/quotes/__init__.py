"""Quotes and reported speech: who said what, with cue, content and speaker.

``extract_quotes(doc, actors)`` finds direct quotations (straight and typographic
marks, over several sentences or paragraphs, attributed before, after, by colon
or dash, or continuing the previous speaker), reported speech from the parse
("X said (that) ...", "X urged Y to ...", "X expressed concern over ...",
"according to X") and resolves each speaker to the most specific name and actor
the article gives. ``quote_claimant`` tells which statement an event lies in.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from sitroom.extract.quotes.attribute import find_attributions
from sitroom.extract.quotes.lexicon import CueLexicon, default_lexicon
from sitroom.extract.quotes.marks import QuoteSpan, find_quote_spans
from sitroom.extract.quotes.speakers import Resolved, SpeakerResolver
from sitroom.ingest.metadata import dateline_length
from sitroom.model import Actor, Quote
from sitroom.nlp.text import doc_text

__all__ = ["VERSION", "QuoteSpan", "extract_quotes", "find_quote_spans", "quote_claimant"]

VERSION = "quotes-16"


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
    for a in find_attributions(doc, spans, lex):
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
        # Reported speech opening the story starts after its dateline ("TEHRAN (IRNA) – ").
        start = a.content_start + dateline_length(text[a.content_start : a.content_end])
        quotes.append(
            Quote(
                speaker=who.name,
                content=text[start : a.content_end],
                content_start=start,
                content_end=a.content_end,
                direct=a.direct,
                cue=a.cue.text if a.cue is not None else "",
                cue_start=a.cue.start_char if a.cue is not None else -1,
                cue_end=a.cue.end_char if a.cue is not None else -1,
                speaker_actor=who.actor,
                speaker_start=a.source.start_char,
                speaker_end=a.source.end_char,
            )
        )
    return _dedupe(quotes)


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
    """The innermost quote whose content contains characters [start, end), or None."""
    best: Quote | None = None
    for q in quotes:
        if (
            q.content_start <= start
            and end <= q.content_end
            and (
                best is None
                or q.content_end - q.content_start < best.content_end - best.content_start
            )
        ):
            best = q
    return best
