"""Assemble attributions: direct quotations first, then reported speech, then leftovers."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from sitroom.extract.quotes.constructions import (
    bare_pronoun,
    cited_source,
    hearsay,
    paragraph_subject,
)
from sitroom.extract.quotes.cues import (
    Attribution,
    _content_range,
    _cue_span,
    _has_clause,
    _merged_followers,
    _sentence_start,
    colon_source,
    cue_after,
    cue_before,
    dash_source,
    inverted_subject,
    is_cue,
    label_source,
    noun_phrase,
    parenthetical,
    plausible_speaker,
    reciprocal,
    subject_of,
)
from sitroom.extract.quotes.lexicon import CueLexicon
from sitroom.extract.quotes.marks import QuoteSpan, chars_quoted, quote_at
from sitroom.extract.quotes.tree import children
from sitroom.nlp.text import doc_lemmas, doc_lowers, doc_text

# A quotation with no cue of its own continues the previous statement only when
# it follows closely; further away it is more likely a headline or a scare quote.
CONTINUATION_GAP = 400
MIN_BLOCK_WORDS = 4


def _trim_chars(text: str, start: int, end: int) -> tuple[int, int]:
    """Character range without surrounding spaces, punctuation and quotation marks."""
    strip = " \t\r\n,;:.\"“”„«»‘’'—–-"
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    # keep a final full stop, question or exclamation mark that ends the content
    if end < len(text) and text[end] in ".!?" and end > start:
        end += 1
    return start, end


def _tokens_to_chars(doc: Doc, text: str, start: int, end: int) -> tuple[int, int]:
    span = doc[start:end]
    return _trim_chars(text, span.start_char, span.end_char)


def _quoted_share(spans: list[QuoteSpan], start: int, end: int) -> float:
    """Share of [start, end) that lies inside quotation marks."""
    if end <= start:
        return 0.0
    return chars_quoted(spans, start, end) / (end - start)


def _inside_quote(spans: list[QuoteSpan], offset: int) -> bool:
    return quote_at(spans, offset) is not None


def _words(text: str) -> int:
    return len(text.split())


def _direct_attributions(
    doc: Doc, text: str, spans: list[QuoteSpan], lex: CueLexicon
) -> tuple[list[Attribution], list[QuoteSpan], set[int]]:
    """Quotations with a cue or colon/dash next to them; the rest are returned as pending."""
    found: list[Attribution] = []
    pending: list[QuoteSpan] = []
    used: set[int] = set()
    for q in spans:
        start, end = _trim_chars(text, q.start, q.end)
        if end <= start:
            continue
        after = cue_after(doc, text, q, lex, spans)
        cue = after or cue_before(doc, q, lex)
        if cue is not None and not _inside_quote(spans, cue.idx):
            subj = cited_source(cue, lex) or subject_of(cue, lex) or paragraph_subject(cue)
            if after is not None and (subj is None or q.start <= subj.idx < q.end):
                # '"..., the kind it has not paid," said Netanyahu': a subject the parser
                # found inside the quotation is not who speaks it
                subj = inverted_subject(after)
            if subj is not None and plausible_speaker(subj, lex, strong=subj.head == cue):
                last = found[-1] if found else None
                if last is not None and last.cue_token is not None and last.cue_token.i == cue.i:
                    # '"...," he said, "..."': one statement split around its cue
                    last.content_end = end
                    continue
                used.add(cue.i)
                found.append(
                    Attribution(
                        start,
                        end,
                        True,
                        "verb",
                        cue=_cue_span(doc, cue, None, lex),
                        source=noun_phrase(subj),
                        source_head=subj,
                        cue_token=cue,
                    )
                )
                continue
        source = colon_source(doc, q) or label_source(doc, q)
        kind = "colon"
        if source is None:
            source, kind = dash_source(doc, q), "dash"
        if source is not None:
            # a label or gloss ends with the name it gives ("Mayor of Kramatorsk Ivan Petrov")
            head = source[-1] if source[-1].pos_ == "PROPN" else source.root
            found.append(Attribution(start, end, True, kind, source=source, source_head=head))
            continue
        pending.append(q)
    return found, pending, used


def _reported(
    doc: Doc,
    text: str,
    spans: list[QuoteSpan],
    lex: CueLexicon,
    used: set[int],
    direct: list[Attribution],
) -> list[Attribution]:
    """Reported speech from the parse: a cue verb, its subject and its complement."""
    found: list[Attribution] = []
    taken = _Ranges((a.content_start, a.content_end) for a in direct)
    # Only a token whose lemma is a cue verb can be a cue: skip the rest without a Token.
    lemmas = doc_lemmas(doc)
    cues_of = _cues_by_speaker(doc, lemmas, lex)
    for i, lemma in enumerate(lemmas):
        if i in used or lemma.lower() not in lex.verbs:
            continue
        tok = doc[i]
        if not is_cue(tok, lex) or _inside_quote(spans, tok.idx):
            continue
        if reciprocal(tok) or _headline(text, tok.idx):
            continue
        rng = _content_range(tok, lex) or _as_clause(tok) or parenthetical(tok)
        if rng is None:
            continue
        if hearsay(tok):
            continue
        subj = cited_source(tok, lex) or subject_of(tok, lex) or paragraph_subject(tok)
        if subj is None or not plausible_speaker(subj, lex):
            # "X said children were killed and accused Y of ...", "X reported that its sites
            # were hit, denying ...": the parser hung the second cue inside the reported
            # clause; its speaker is the first cue's
            subj = _outer_speaker(tok, lex) or subj
        strong = (
            subj is not None
            and subj.head == tok
            and lex.verbs[tok.lemma_.lower()] != "object"
            and any(c.dep_ == "ccomp" for c in children(tok))
        )
        if (
            subj is None
            or _inside_quote(spans, subj.idx)
            or not plausible_speaker(subj, lex, strong)
        ):
            continue
        start_tok, end_tok, noun = rng
        if bare_pronoun(doc, start_tok, end_tok):
            continue
        for follower in _merged_followers(tok, lex):
            if follower.i in used:
                continue
            used.add(follower.i)
            end_tok = max(end_tok, follower.right_edge.i + 1)
        # "continues to urge ...": a cue of the same speaker inside this content
        same = cues_of.get(subj.i, [])
        for k in range(bisect.bisect_left(same, start_tok), bisect.bisect_left(same, end_tok)):
            if same[k] != i:
                used.add(same[k])
        first = doc[start_tok]
        if first.lower_ == "that" and (first.dep_ == "mark" or first.head.dep_ == "relcl"):
            start_tok += 1  # the complementizer introduces the content, it is not part of it
        start, end = _tokens_to_chars(doc, text, start_tok, end_tok)
        start, end = _clip_paragraph(text, start, end, spans, tok.idx)
        if end <= start:
            continue
        if taken.cover(start, end):
            continue  # the complement is a quotation already attributed
        used.add(tok.i)
        found.append(
            Attribution(
                start,
                end,
                _quoted_share(spans, start, end) >= 0.5,
                "verb",
                cue=_cue_span(doc, tok, noun, lex),
                source=noun_phrase(subj),
                source_head=subj,
                cue_token=tok,
                news=tok.lemma_.lower() in lex.news_verbs and _object_only(tok),
            )
        )
    return found


def _cues_by_speaker(doc: Doc, lemmas: Sequence[str], lex: CueLexicon) -> dict[int, list[int]]:
    """The cue tokens of ``doc`` by the token of their speaker (``subject_of``), in text
    order: a cue's content may run to the end of the text, and looking through it for the
    same speaker's other cues, cue after cue, grew with the square of the text."""
    by_speaker: dict[int, list[int]] = {}
    for j, lemma in enumerate(lemmas):
        if lemma.lower() not in lex.verbs or not is_cue(doc[j], lex):
            continue
        speaker = subject_of(doc[j], lex)
        if speaker is not None:
            by_speaker.setdefault(speaker.i, []).append(j)
    return by_speaker


class _Ranges:
    """Character ranges, asked whether one of them covers a given range (by bisection)."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self.starts = [s for s, _ in ordered]
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))
        """The furthest end of the ranges up to each one."""

    def cover(self, start: int, end: int) -> bool:
        """Whether a range ``[s, e)`` has ``s <= start`` and ``end <= e``."""
        k = bisect.bisect_right(self.starts, start)
        return k > 0 and self.reach[k - 1] >= end


def _outer_speaker(tok: Token, lex: CueLexicon) -> Token | None:
    """The subject of the cue whose reported clause a joined or participle cue hangs in."""
    if tok.dep_ == "advcl" and not _has_clause(tok):
        return None  # "..., urging both sides to ...": continues the statement it is in
    node = tok
    while node.dep_ == "conj" or (node.dep_ == "advcl" and node.tag_ == "VBG"):
        if node.head == node:
            return None
        node = node.head
        if node.dep_ == "ccomp" and is_cue(node.head, lex):
            return subject_of(node.head, lex)
    return None


def _object_only(tok: Token) -> bool:
    """Whether a cue's content is its noun object alone, no clause on either side."""
    clause = ("ccomp", "xcomp", "parataxis", "csubj")
    return not any(c.dep_ in clause for c in children(tok)) and tok.dep_ != "parataxis"


_TITLE_CHARS = 600
"""No title is longer: a line is looked at only this far around a cue (linear time)."""
_NON_SPACE = re.compile(r"\S")


def _headline(text: str, offset: int) -> bool:
    """Whether ``offset`` lies on a short line without final punctuation (a title)."""
    lo = max(0, offset - _TITLE_CHARS)
    line_start = text.rfind("\n", lo, offset) + 1
    if line_start == 0 and lo > 0:
        return False
    line_end = text.find("\n", offset, offset + _TITLE_CHARS)
    if line_end < 0 and offset + _TITLE_CHARS < len(text):
        return False
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    if not line or len(line.split()) > 25:
        return False
    if line_end < 0 or _NON_SPACE.search(text, line_end) is None:
        return False  # the last line of a text cut short is no title: a title heads something
    return line[-1] not in '.!?"”’»:)]*'


def _clip_paragraph(
    text: str, start: int, end: int, spans: list[QuoteSpan], cue: int = -1
) -> tuple[int, int]:
    """Reported content stays in its cue's paragraph unless it runs on inside a quotation.

    Content before its cue ("..., officials said") starts with the cue's paragraph (the
    parser may join a caption line above to the sentence); content after it ends with it.
    """
    if start < cue:
        nl = text.rfind("\n", start, min(cue, end))
        while nl >= 0 and _inside_quote(spans, nl):
            nl = text.rfind("\n", start, nl)
        if nl >= 0:
            start, end = _trim_chars(text, nl + 1, end)
    nl = text.find("\n", start, end)
    while nl >= 0 and _inside_quote(spans, nl):
        nl = text.find("\n", nl + 1, end)
    if nl < 0:
        return start, end
    return _trim_chars(text, start, nl)


def _as_clause(tok: Token) -> tuple[int, int, None] | None:
    """The clause an as-clause modifies is the content ("As X wrote, CONTENT")."""
    if tok.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in children(tok)):
        return None
    head = tok.head
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    a_lo, a_hi = tok.left_edge.i, tok.right_edge.i + 1
    if a_lo <= lo and hi - a_hi > 2:
        return a_hi, hi, None
    if a_hi >= hi and a_lo - lo > 2:
        return lo, a_lo, None
    return None


def _according(
    doc: Doc, text: str, spans: list[QuoteSpan], lex: CueLexicon, used: set[int]
) -> list[Attribution]:
    """``According to X, ...``, ``..., according to X`` and ``as per X``."""
    found: list[Attribution] = []
    lowers = doc_lowers(doc)
    for i, lower in enumerate(lowers):
        if lower == "according":
            second = "to"
        elif lower == "as" and i + 1 < len(lowers) and lowers[i + 1] == "per":
            second = "per"  # "as per the BBC"
        else:
            continue
        tok = doc[i]
        if _inside_quote(spans, tok.idx):
            continue
        to = next((c for c in children(tok) if c.lower_ == second), None)
        if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == second:
            to = doc[tok.i + 1]
        pobj = next((c for c in children(to) if c.dep_ == "pobj"), None) if to is not None else None
        if to is None or pobj is None:
            continue
        head = tok.head
        if head.i in used or (head != tok and is_cue(head, lex) and subject_of(head, lex)):
            continue  # "X said ..., according to Y": X's statement already carries it
        clause: Span = tok.sent if head == tok else doc[head.left_edge.i : head.right_edge.i + 1]
        a_start, a_end = tok.left_edge.i, max(tok.right_edge.i, pobj.right_edge.i) + 1
        before = (clause.start, a_start)
        after = (a_end, clause.end)
        lo, hi = after if after[1] - after[0] >= before[1] - before[0] else before
        if hi <= lo:
            continue
        start, end = _tokens_to_chars(doc, text, lo, hi)
        if end <= start:
            continue
        found.append(
            Attribution(
                start,
                end,
                _quoted_share(spans, start, end) >= 0.5,
                "according",
                cue=doc[tok.i : to.i + 1],
                source=noun_phrase(pobj),
                source_head=pobj,
                cue_token=tok,
            )
        )
    return found


def _continuations(
    text: str, pending: list[QuoteSpan], found: list[Attribution]
) -> list[Attribution]:
    """Cue-less quotations that open a sentence right after another statement."""
    out: list[Attribution] = []
    ordered = sorted(found, key=lambda a: a.content_start)
    for q in pending:
        start, end = _trim_chars(text, q.start, q.end)
        if end <= start or _words(text[start:end]) < MIN_BLOCK_WORDS:
            continue
        if any(a.content_start <= q.start and q.end <= a.content_end for a in found):
            continue  # a fragment inside reported speech
        if not _sentence_start(text, q):
            continue
        previous = [a for a in ordered + out if a.content_end <= q.open]
        if not previous:
            continue
        last = max(previous, key=lambda a: a.content_end)
        if q.open - last.content_end > CONTINUATION_GAP:
            continue
        out.append(
            Attribution(
                start,
                end,
                True,
                "continuation",
                source=last.source,
                source_head=last.source_head,
            )
        )
    return out


def _drop_trailing_tags(
    found: list[Attribution], relays: dict[int, Attribution]
) -> list[Attribution]:
    """Drop "..., AP reported" wrappers around a statement that has its own speaker (the
    wrapper is kept in ``relays`` under the statement's id: AP relayed it)."""
    keep: list[Attribution] = []
    for a in found:
        wrapped = False
        if not a.direct and a.cue is not None and a.cue.start_char >= a.content_end:
            for b in found:
                if b is a or b.cue is None or b.source is None:
                    continue
                if (
                    a.content_start <= b.cue.start_char < a.content_end
                    and a.content_start <= b.source.start_char < a.content_end
                ):
                    wrapped = True
                    relays.setdefault(id(b), a)
                    break
        if not wrapped:
            keep.append(a)
    return keep


def _drop_inner_according(
    found: list[Attribution], relays: dict[int, Attribution]
) -> list[Attribution]:
    """Keep X's statement, not Y's relay of it ("X said ..., according to Y"); Y is kept in
    ``relays`` under X's statement's id."""
    verbs = [a for a in found if a.kind == "verb" and a.cue is not None]
    keep: list[Attribution] = []
    for a in found:
        outer = None
        if a.kind == "according" and a.cue is not None:
            outer = next(
                (v for v in verbs if v.content_start <= a.cue.start_char < v.content_end), None
            )
        if outer is None:
            keep.append(a)
        else:
            relays.setdefault(id(outer), a)
    return keep


def cited_relay(a: Attribution, lex: CueLexicon) -> Span | None:
    """The outlet that relays the party an attribution's speaker was cited by: "Armenpress,
    citing the ministry, said" and "the ministry was quoted by TASS as saying" (Armenpress,
    TASS), or None."""
    cue = a.cue_token
    if cue is None or a.source_head is None or a.kind != "verb":
        return None
    if cited_source(cue, lex) == a.source_head:
        relay = next((c for c in children(cue) if c.dep_ in ("nsubj", "nsubjpass")), None)
        return noun_phrase(relay) if relay is not None else None
    head = cue.head
    if cue.dep_ == "pcomp" and head.lower_ == "as" and head.head != head:
        quoted = head.head  # "X was quoted by Y as saying", "Y quoted X as saying"
        if quoted.lemma_.lower() in lex.relay_verbs:
            for child in children(quoted):
                if child.dep_ == "nsubj":
                    return noun_phrase(child)
                if child.dep_ == "agent":
                    pobj = next((c for c in children(child) if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return noun_phrase(pobj)
    return None


def according_relay(a: Attribution) -> Span | None:
    """Who a verb attribution is told "according to" ("X said ..., according to Interfax"),
    or None."""
    cue = a.cue_token
    if cue is None or a.kind != "verb":
        return None
    for child in children(cue):
        if child.lower_ == "according":
            to = next((c for c in children(child) if c.lower_ == "to"), None)
            pobj = next((c for c in children(to) if c.dep_ == "pobj"), None) if to else None
            if pobj is not None:
                return noun_phrase(pobj)
    return None


def find_relayed_attributions(
    doc: Doc, spans: list[QuoteSpan], lex: CueLexicon
) -> list[tuple[Attribution, Attribution | None]]:
    """Every attribution in ``doc``, in text order, without duplicates, each with the
    attribution that relays it ("..., Armenpress reported", "..., according to TASS"),
    if one was found around it."""
    text = doc_text(doc)  # Doc.text joins every token: build it once
    direct, pending, used = _direct_attributions(doc, text, spans, lex)
    reported = _reported(doc, text, spans, lex, used, direct)
    according = _according(doc, text, spans, lex, used)
    found = direct + reported + according
    found += _continuations(text, pending, found)
    relays: dict[int, Attribution] = {}
    found = _drop_trailing_tags(found, relays)
    found = _drop_inner_according(found, relays)
    seen: set[tuple[int, int]] = set()
    unique: list[tuple[Attribution, Attribution | None]] = []
    for a in sorted(found, key=lambda a: (a.content_start, a.content_end)):
        if (a.content_start, a.content_end) in seen:
            continue
        seen.add((a.content_start, a.content_end))
        unique.append((a, relays.get(id(a))))
    return unique


def find_attributions(doc: Doc, spans: list[QuoteSpan], lex: CueLexicon) -> list[Attribution]:
    """Every attribution in ``doc``, in text order, without duplicates."""
    return [a for a, _ in find_relayed_attributions(doc, spans, lex)]
