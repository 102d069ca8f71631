"""Attributions from the parse: cue verbs, their sources and contents, and direct quotes.

Finds, in order: quotations attached to a reporting verb next to them
(``"...," the ministry said`` / ``X said: "..."``), reported speech from the
dependency parse (``X said (that) ...``, ``X urged Y to ...``, ``X expressed
concern over ...``), ``according to X``, colon- and dash-attributed quotes, and
quotations that continue the previous speaker's statement.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitroom.extract.quotes.constructions import figure_range, naming_range
from sitroom.extract.quotes.lexicon import CueLexicon
from sitroom.extract.quotes.marks import QuoteSpan, quote_at
from sitroom.extract.quotes.tree import children
from sitroom.nlp.text import doc_text

SUBJECT_DEPS = ("nsubj", "csubj")
PRONOUN_SPEAKERS = frozenset({"he", "she", "they", "it", "we", "i", "who", "which", "that"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
DASHES = frozenset({"—", "–", "-", "--"})
QUOTE_CHARS = frozenset("\"“”„«»‘’‹›'")
# The window, in tokens, searched for a cue next to a quotation.
ADJACENT_WINDOW = 12


@dataclass(slots=True)
class Attribution:
    """One attribution found in the text, before its speaker is resolved."""

    content_start: int
    content_end: int
    """Character offsets of the content."""
    direct: bool
    kind: str
    """``verb``, ``according``, ``colon``, ``dash`` or ``continuation``."""
    cue: Span | None = None
    source: Span | None = None
    source_head: Token | None = None
    cue_token: Token | None = None
    news: bool = False
    """A news verb with a noun object ("reported clashes"): a statement unless an outlet
    tells it in its own voice."""


def is_cue(tok: Token, lex: CueLexicon) -> bool:
    """Whether ``tok`` is a reporting verb (with its particle when it needs one)."""
    if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.tag_ == "VBG"):
        return False
    lemma = tok.lemma_.lower()
    if lemma not in lex.verbs:
        return False
    if lemma in lex.naming_verbs and naming_range(tok) is not None:
        return True  # "called the strike a massacre"
    if lemma in lex.figure_verbs:
        return figure_range(tok, lex) is not None  # "put the death toll at 50"
    needed = lex.phrasal.get(lemma)
    if needed:
        return any(
            c.dep_ in ("prt", "prep") and c.lower_ in needed and _particle_of(tok, c)
            for c in children(tok)
        )
    return True


def _particle_of(verb: Token, particle: Token) -> bool:
    """Whether a particle belongs to its verb ("called on X", "called repeatedly for X"), not
    to an adjunct ("called the envoy on Tuesday")."""
    between = verb.doc[verb.i + 1 : particle.i]
    if particle.i < verb.i or any(t.pos_ not in ("ADV", "PART") for t in between):
        return False
    return not any(g.ent_type_ in ("DATE", "TIME") for g in children(particle))


def subject_of(tok: Token, lex: CueLexicon, depth: int = 0) -> Token | None:
    """The speaker token of a cue verb, following conjunctions, participles and relatives."""
    if depth > 6:
        return None
    subjects = [c for c in children(tok) if c.dep_ in SUBJECT_DEPS]
    if subjects:
        # of two subjects ("date 2023-10-17 The ministry said") the one next to the verb
        before = [c for c in subjects if c.i < tok.i]
        child = before[-1] if before else subjects[0]
        if child.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl" and tok.head != tok:
            return tok.head  # "authorities who say ...": the noun the clause describes
        return child
    for child in children(tok):
        if child.dep_ == "agent":  # "was announced by the ministry"
            for pobj in children(child):
                if pobj.dep_ == "pobj":
                    return pobj
    head = tok.head
    if head == tok:
        return None
    if tok.dep_ == "pcomp" and head.lower_ == "as" and head.head != head:
        quoted = head.head  # "X was quoted by Y as saying", "Y quoted X as saying"
        if quoted.lemma_.lower() in lex.relay_verbs:
            passive = any(c.dep_ == "auxpass" for c in children(quoted))
            dep = "nsubjpass" if passive else "dobj"
            found = next((c for c in children(quoted) if c.dep_ == dep), None)
            if found is not None:
                return found
    if (
        tok.dep_ == "advcl"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(tok))
        and _has_clause(tok)
    ):
        return subject_of(head, lex, depth + 1)  # "took to X to say that ...": who took to X
    if tok.dep_ == "xcomp":
        controller = next((c for c in children(head) if c.dep_ == "dobj" and c.i < tok.i), None)
        if controller is not None:
            return controller  # "prompting Islamabad to claim ...": the object speaks
    if tok.dep_ in ("conj", "xcomp") or (tok.dep_ in ("advcl", "pcomp") and tok.tag_ == "VBG"):
        return subject_of(head, lex, depth + 1)
    if tok.dep_ == "relcl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return head
    if tok.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        # "issued a statement saying ...": the issuer speaks; "a statement saying": the statement
        if head.lemma_.lower() in lex.document_nouns and head.head != head:
            issuer = subject_of(head.head, lex, depth + 1) if head.head.pos_ == "VERB" else None
            return issuer or head
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in children(tok)) and head.head != head:
            # "offered an initiative to put an end ...": the offerer acts
            return subject_of(head.head, lex, depth + 1) if head.head.pos_ == "VERB" else None
        return head
    return None


_WHEN = frozenset({"DATE", "TIME"})


def inverted_subject(tok: Token) -> Token | None:
    """'"Why now?" asked the senator': the parser takes the inverted subject for an object,
    or, when a clause follows the name (', tweeted Foreign Minister Zarif shortly after the
    war began'), for that clause's subject: then the name right after the cue is taken."""
    found = next((c for c in children(tok) if c.dep_ in ("dobj", "attr") and c.i > tok.i), None)
    if found is not None:
        return found
    doc = tok.doc
    i = tok.i + 1
    # the capitalised words of the name (the tagger may take one of them for a verb)
    while i < len(doc) and (doc[i].is_title or doc[i].pos_ == "PROPN") and doc[i].is_alpha:
        i += 1
    name = doc[tok.i + 1 : i]
    if not any(t.pos_ == "PROPN" for t in name) or any(t.ent_type_ in _WHEN for t in name):
        return None
    return name[-1]


def parenthetical(tok: Token) -> tuple[int, int, None] | None:
    """'The plan, the minister said, would cost ...': the clause around the cue is the content."""
    if tok.dep_ != "parataxis" or tok.head == tok or tok.head.pos_ not in ("VERB", "AUX"):
        return None
    head = tok.head
    return head.left_edge.i, head.right_edge.i + 1, None


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without leading/trailing punctuation and quotation marks."""
    while start < end and (doc[start].is_punct or doc[start].text in QUOTE_CHARS):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].text in QUOTE_CHARS):
        end -= 1
    return start, end


def noun_phrase(tok: Token) -> Span:
    """The noun phrase a speaker token heads (its subtree, trimmed of punctuation).

    What the parser hung before a determiner of the phrase's own head is not part of it:
    a dateline or a date line ("TEHRAN - The ministry", "date 2023-10-17 The ministry").
    """
    doc = tok.doc
    start, end = _trimmed(doc, tok.left_edge.i, tok.right_edge.i + 1)
    if end <= start:
        return doc[tok.i : tok.i + 1]
    for k in range(tok.i - 1, start - 1, -1):
        if "\n" in doc[k].text or (
            doc[k].text in (":", "—", "–", "-", "--") and k > 0 and doc[k - 1].whitespace_
        ):
            start = k + 1  # a caption line or a dateline ("Srinagar:", "DUBAI -") before it
            break
        if doc[k].dep_ == "det" and doc[k].head == tok and doc[k].lower_ in ("the", "a", "an"):
            start = k
            break
    start, end = _trimmed(doc, start, end)
    if end <= start:
        return doc[tok.i : tok.i + 1]
    return doc[start:end]


def plausible_speaker(tok: Token, lex: CueLexicon, strong: bool = False) -> bool:
    """Whether a subject can be a speaker: a name, a pronoun or a speaker-like noun.

    With ``strong`` evidence (a quotation or a clause as content) any nominal will do.
    """
    if strong and tok.pos_ in ("NOUN", "PROPN", "PRON") and tok.lower_ not in ("there", "what"):
        return True
    if tok.lower_ in PRONOUN_SPEAKERS:
        return True
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    lemma = tok.lemma_.lower()
    return (
        lemma in lex.speaker_nouns or lemma in lex.document_nouns or tok.lower_ in lex.speaker_nouns
    )


def _content_range(tok: Token, lex: CueLexicon) -> tuple[int, int, Token | None] | None:
    """Token range [start, end) of a cue verb's content and the expressed noun, if any."""
    lemma = tok.lemma_.lower()
    if lemma in lex.figure_verbs:
        counted = figure_range(tok, lex)
        return (counted[0], counted[1], None) if counted is not None else None
    if lemma in lex.naming_verbs:
        named = naming_range(tok)
        if named is not None:
            return named[0], named[1], None
    cls = lex.verbs.get(lemma, "say")
    needed = lex.phrasal.get(lemma, frozenset())
    pieces: list[tuple[int, int]] = []
    noun: Token | None = None
    first_object = True
    for child in children(tok):
        dep = child.dep_
        if dep in ("ccomp", "xcomp") or (dep == "parataxis" and child.i > tok.i):
            lo = child.left_edge.i
            if lo < tok.i < child.i:
                lo = tok.i + 1  # "which the command said had destroyed": from the cue on
            pieces.append((lo, child.right_edge.i + 1))
        elif dep in ("dobj", "obj"):
            if lemma in lex.express_verbs and child.lemma_.lower() in lex.express_nouns:
                noun = child
                pieces.append(_expressed_content(child))
            elif cls == "object" or cls == "tell" and not first_object:
                pieces.append((child.left_edge.i, child.right_edge.i + 1))
            first_object = False
        elif dep == "prep" and (child.lower_ in lex.content_preps or child.lower_ in needed):
            if child.i < tok.i or (cls == "say" and child.lower_ not in needed):
                continue
            objs = [g for g in children(child) if g.dep_ in ("pobj", "pcomp")]
            if objs:
                pieces.append((objs[0].left_edge.i, max(o.right_edge.i for o in objs) + 1))
    if not any(p[0] > tok.i for p in pieces):
        clause = _that_clause(tok)
        if clause is not None:
            pieces.append((clause.left_edge.i, clause.right_edge.i + 1))
    pieces = [p for p in pieces if p[0] > tok.i or p[1] <= tok.i]
    if not pieces:
        return None
    if cls == "say" and noun is None and lemma not in lex.infinitive_cues and _infinitive_only(tok):
        return None  # "photos said to show ...", "agreed to cease fire": no statement
    return min(p[0] for p in pieces), max(p[1] for p in pieces), noun


def _that_clause(tok: Token) -> Token | None:
    """A "that" clause the parser hung on a prepositional phrase of the cue.

    ("said in a statement that ...", "told X in a phone call that ...").
    """
    for child in children(tok):
        if child.dep_ not in ("prep", "dobj", "dative", "npadvmod") or child.i < tok.i:
            continue
        if child.dep_ == "dobj" and lex_class(tok) != "tell":
            continue
        for desc in child.subtree:
            if desc.dep_ in ("acl", "relcl", "ccomp", "advcl") and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in children(desc)
            ):
                return desc
            if (
                child.dep_ == "dobj"
                and desc.dep_ == "relcl"
                and desc.head == child
                and desc.left_edge.lower_ == "that"
                and any(c.dep_ in SUBJECT_DEPS and c.lower_ != "that" for c in children(desc))
            ):
                return desc  # "told a briefing that ...", misread as a relative clause
    return None


def lex_class(tok: Token) -> str:
    """Rough class of a cue by lemma, for parse repairs that do not need the lexicon."""
    return "tell" if tok.lemma_.lower() in ("tell", "inform", "assure", "remind", "brief") else ""


def reciprocal(tok: Token) -> bool:
    """Whether the cue's object is "each other" / "one another", or "the other" after "both
    sides" (no single speaker)."""
    for child in children(tok):
        if child.dep_ in ("dobj", "obj", "pobj") or child.dep_ == "prep":
            # The phrase's first 20 tokens hold its first 20 characters: a subtree may run
            # on to the end of the text, and joining all of it cue after cue was quadratic.
            words = " ".join(t.lower_ for t in itertools.islice(child.subtree, 20))
            if "each other" in words[:20] or "one another" in words[:20]:
                return True
            if words.startswith("the other") and _both_speak(tok):
                return True
    return False


def _both_speak(tok: Token) -> bool:
    """Whether the cue's subject says "both" or "each" ("both sides accused the other")."""
    return any(
        c.dep_ in SUBJECT_DEPS and any(t.lower_ in ("both", "each") for t in c.subtree)
        for c in children(tok)
    )


def _expressed_content(noun: Token) -> tuple[int, int]:
    """Content of "expressed concern over X" (X), "voiced readiness to Y" (to Y), else the noun."""
    for child in children(noun):
        if child.dep_ == "prep" and child.i > noun.i:
            objs = [g for g in children(child) if g.dep_ in ("pobj", "pcomp")]
            if objs:
                return objs[0].left_edge.i, max(o.right_edge.i for o in objs) + 1
        if child.dep_ in ("acl", "xcomp", "relcl", "ccomp") and child.i > noun.i:
            return child.left_edge.i, child.right_edge.i + 1
    return noun.left_edge.i, noun.right_edge.i + 1


def _merged_followers(tok: Token, lex: CueLexicon) -> list[Token]:
    """Same-subject cue verbs joined to ``tok`` whose content continues this statement."""
    out: list[Token] = []
    for child in children(tok):
        if child.i <= tok.i or child.pos_ not in ("VERB", "AUX"):
            continue
        own_subject = any(c.dep_ in SUBJECT_DEPS for c in children(child))
        if child.dep_ == "conj" and not own_subject:
            if is_cue(child, lex) and _content_range(child, lex) is not None:
                continue  # "described X as ... and said ...": a statement of its own
            out.append(child)
            out.extend(_merged_followers(child, lex))
        elif (
            child.dep_ == "advcl"
            and child.tag_ == "VBG"
            and is_cue(child, lex)
            and not _has_clause(child)
            and child.lemma_.lower() not in lex.relay_verbs
        ):
            # "accused X of Y, saying Z": a participle reporting a clause of its own is a
            # second statement of the same speaker, found on its own; one with a noun or an
            # infinitive ("..., calling for calm", "urging both sides to") continues this one
            out.append(child)
    return out


def _infinitive_only(tok: Token) -> bool:
    """Whether a to-infinitive follows the cue ("said to have been", "agreed to cease")."""
    doc = tok.doc
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to" or doc[tok.i + 1].dep_ != "aux":
        return False
    return doc[tok.i + 1].head.dep_ == "xcomp" and doc[tok.i + 1].head.head == tok


def _has_clause(tok: Token) -> bool:
    """Whether a cue verb reports a clause ("saying (that) ...", "claiming it ...")."""
    return any(c.dep_ == "ccomp" and c.i > tok.i for c in children(tok))


def _cue_span(doc: Doc, tok: Token, noun: Token | None, lex: CueLexicon) -> Span:
    """The cue's tokens: the verb, its particle ("pointed out", "called on"), or verb + noun."""
    end = tok.i + 1
    needed = lex.phrasal.get(tok.lemma_.lower())
    if tok.lemma_.lower() in lex.naming_verbs and naming_range(tok) is not None:
        needed = None  # "called the strike 'a massacre' on Sunday": the verb alone
    if needed:
        for child in children(tok):
            if child.dep_ in ("prt", "prep") and child.lower_ in needed:
                end = max(end, child.i + 1)
    if noun is not None and noun.i - tok.i <= 4:
        end = max(end, noun.i + 1)
    return doc[tok.i : end]


def _quote_tokens(doc: Doc, q: QuoteSpan) -> tuple[int, int]:
    """Token range covering a quotation's marks."""
    span = doc.char_span(q.open, q.close, alignment_mode="expand")
    if span is None:
        return 0, 0
    return span.start, span.end


def _within(tok: Token, root: Token) -> bool:
    """Whether ``tok`` lies inside ``root``'s phrase."""
    return root.left_edge.i <= tok.i <= root.right_edge.i


def cue_after(
    doc: Doc, text: str, q: QuoteSpan, lex: CueLexicon, inside: list[QuoteSpan]
) -> Token | None:
    """Speaker-after form: ``"...," the ministry said`` or ``"...," said Araghchi``."""
    _, qend = _quote_tokens(doc, q)
    i = qend
    inner = text[q.start : q.end].rstrip()
    if inner.endswith(".") and i < len(doc) and doc[i].text[:1].isupper():
        return None  # the quoted sentence is finished; what follows is a new sentence
    while i < len(doc) and doc[i].text in (",", ":", "—", "–", "-", "--"):
        i += 1
    window = doc[i : min(len(doc), i + ADJACENT_WINDOW)]
    for tok in window:
        if tok.text in QUOTE_CHARS and _in_short_quote(text, inside, tok.idx):
            continue  # 'the self-styled "Republic of Artsakh" said': a name in marks
        if tok.text in QUOTE_CHARS or tok.text in (".", "!", "?", ";"):
            return None
        if _in_short_quote(text, inside, tok.idx):
            continue
        if not is_cue(tok, lex):
            continue
        subj = next((c for c in children(tok) if c.dep_ in SUBJECT_DEPS), None)
        # '"...," has denounced the EU's top diplomat': auxiliaries before an inverted cue
        auxiliaries = all(
            doc[j].dep_ in ("aux", "auxpass") and doc[j].head == tok for j in range(i, tok.i)
        )
        if subj is None and auxiliaries:
            subj = inverted_subject(tok)
        if subj is None:
            return None
        between = range(i, tok.i)
        if all(doc[j].is_punct or _within(doc[j], subj) or auxiliaries for j in between):
            own = [
                c
                for c in children(tok)
                if c.i > tok.i
                and c != subj
                and not _within(subj, c)  # the clause the name was misparsed into
                and _in_content(tok, c, lex)
                and quote_at(inside, c.idx) is None
                # after an inverted subject a phrase is the speaker's ("the envoy for X")
                and not (subj.i > tok.i and c.dep_ == "prep")
            ]
            if own or _that_clause(tok) is not None:
                return None  # "X said that ...": the cue has content of its own
            return tok
        return None
    return None


SHORT_QUOTE_WORDS = 5


def _in_short_quote(text: str, spans: list[QuoteSpan], offset: int) -> bool:
    """Whether ``offset`` lies on or inside a short balanced quotation (a name in marks)."""
    for q in spans:
        if q.open <= offset < q.close:
            words = text[q.start : q.end].split()
            return q.balanced and 0 < len(words) <= SHORT_QUOTE_WORDS
    return False


def cue_before(doc: Doc, q: QuoteSpan, lex: CueLexicon) -> Token | None:
    """Speaker-before form: ``X said, "..."``, ``X said: "..."``, ``X said that "..."``."""
    qstart, _ = _quote_tokens(doc, q)
    j = qstart - 1
    while j >= 0 and (
        doc[j].is_punct and doc[j].text not in QUOTE_CHARS or doc[j].lower_ == "that"
    ):
        if doc[j].text in (".", "!", "?", ";"):
            return None
        j -= 1
    lo = max(0, j - ADJACENT_WINDOW)
    for k in range(j, lo - 1, -1):
        tok = doc[k]
        if tok.text in QUOTE_CHARS or tok.text in (".", "!", "?", ";"):
            return None
        if not is_cue(tok, lex):
            continue
        between = doc[k + 1 : qstart]
        for b in between:
            if b.is_punct or b.lower_ == "that":
                continue
            if not tok.is_ancestor(b) or _in_content(tok, b, lex):
                # "urged Armenia "to stop ..."", "said Iran pursued "correct policies"":
                # the quotation is a fragment of the reported content
                return None
        return tok
    return None


def _in_content(cue: Token, tok: Token, lex: CueLexicon) -> bool:
    """Whether ``tok`` belongs to the content of ``cue`` (not its adjuncts or addressee)."""
    child = tok
    while child.head != cue and child.head != child:
        child = child.head
    if child.head != cue:
        return False
    cls = lex.verbs.get(cue.lemma_.lower(), "say")
    if child.dep_ in ("ccomp", "xcomp", "parataxis", "csubj"):
        return True
    if child.dep_ in ("dobj", "obj"):
        return cls == "object" or child.lemma_.lower() in lex.express_nouns
    return child.dep_ == "prep" and child.lower_ in lex.content_preps and cls != "say"


def _sentence_start(text: str, q: QuoteSpan) -> bool:
    """Whether a quotation opens its sentence (start of text, after a newline or full stop)."""
    k = q.open - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in "\n.!?:"


def colon_source(doc: Doc, q: QuoteSpan) -> Span | None:
    """``Lavrov: "..."`` — a bare noun phrase and a colon right before the quotation."""
    qstart, _ = _quote_tokens(doc, q)
    j = qstart - 1
    if j < 1 or doc[j].text != ":":
        return None
    sent = doc[j].sent
    before = doc[sent.start : j]
    if not before or len(before) > 12 or any(t.pos_ in ("VERB", "AUX") for t in before):
        return None
    if not any(t.pos_ in ("PROPN", "NOUN") for t in before):
        return None
    return before


_LABEL_LINE = re.compile(
    r"[ \t]*(?:(?:Source|Sources|Quote)[ \t]*:[ \t]*(?P<named>[^\n]{3,100}?)"
    r"|(?P<titled>[A-Z][^\n:]{2,80}):)[ \t]*$"
)


def label_source(doc: Doc, q: QuoteSpan) -> Span | None:
    """``Source: Mayor Ivan Petrov`` (or ``Ivan Petrov:``) on the line above a quotation
    that opens its paragraph: the label names who speaks."""
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, q.open)
    if line_start < 0 or text[line_start + 1 : q.open].strip():
        return None
    prev_end = line_start
    while prev_end > 0 and text[prev_end - 1] == "\n":
        prev_end -= 1
    prev_start = text.rfind("\n", 0, prev_end) + 1
    m = _LABEL_LINE.match(text, prev_start, prev_end)
    if m is None:
        return None
    group = "named" if m.group("named") else "titled"
    span = doc.char_span(m.start(group), m.end(group), alignment_mode="expand")
    if span is None or not any(t.pos_ == "PROPN" for t in span):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    return span


def dash_source(doc: Doc, q: QuoteSpan) -> Span | None:
    """``"..." — Foreign Minister Lavrov`` — a dash and a noun phrase after the quotation.

    Only a quotation that opens its sentence and says something (not a name in quotation
    marks glossed after a dash: ``India's "Operation Sindoor" - an overnight strike``).
    """
    text = doc_text(doc)
    if not _sentence_start(text, q) or len(text[q.start : q.end].split()) < 3:
        return None
    _, qend = _quote_tokens(doc, q)
    i = qend
    while i < len(doc) and doc[i].text in (",", "."):
        i += 1
    if i >= len(doc) or doc[i].text not in DASHES:
        return None
    k = i + 1
    while k < len(doc) and doc[k].text not in (".", "!", "?", "\n") and "\n" not in doc[k].text:
        if doc[k].text in QUOTE_CHARS or doc[k].pos_ in ("VERB", "AUX"):
            break
        k += 1
    start, end = _trimmed(doc, i + 1, k)
    if (
        end <= start
        or end - start > 12
        or not any(t.pos_ in ("PROPN", "NOUN") for t in doc[start:end])
    ):
        return None
    return doc[start:end]
