"""Who did it to whom: source and target actors of a trigger from the dependency parse."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from sitroom.extract.actors import load_actor_dictionary
from sitroom.extract.quotes.lexicon import default_lexicon
from sitroom.model import Actor, Place
from sitroom.nlp.text import doc_words

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd"})
# Prepositions that introduce the party acted upon ("attack on", "talks with", "visit to").
TARGET_PREPS = frozenset(
    {
        "on",
        "upon",
        "against",
        "at",
        "into",
        "toward",
        "towards",
        "with",
        "to",
        "inside",
        "in",
        "of",
        "over",
        "for",
    }
)
# Prepositions that never introduce a target even when the trigger has no other one.
_WEAK_TARGET_PREPS = frozenset({"in", "of", "over", "for", "to"})
_RELATIVE = frozenset({"which", "that", "who", "whom"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_THING_PRONOUNS = frozenset({"it", "its"})
_GROUP_PRONOUNS = frozenset({"they", "them", "their"})
_RECIPROCAL_WORDS = frozenset({"each", "other", "another"})
# Verbs that report speech: a pronoun subject of their clause is the speaker.
_REPORTING_VERBS = frozenset(
    {
        "say",
        "announce",
        "state",
        "declare",
        "tell",
        "add",
        "confirm",
        "insist",
        "claim",
        "reply",
        "vow",
        "pledge",
        "promise",
        "stress",
        "reiterate",
        "indicate",
        "signal",
        "warn",
        "threaten",
        "deny",
        "admit",
        "acknowledge",
        "report",
        "write",
        "assert",
        "maintain",
        "hint",
    }
)
# "both sides", "the two countries", "the warring parties": the conflict's two parties.
COLLECTIVE_HEADS = frozenset(
    {
        "side",
        "sides",
        "party",
        "parties",
        "country",
        "countries",
        "neighbor",
        "neighbors",
        "neighbour",
        "neighbours",
        "nation",
        "nations",
        "capital",
        "capitals",
        "state",
        "states",
        "belligerent",
        "belligerents",
        "rival",
        "rivals",
        "foe",
        "foes",
        "adversary",
        "adversaries",
        "enemy",
        "enemies",
        "republic",
        "republics",
        "government",
        "governments",
    }
)
COLLECTIVE_MODS = frozenset(
    {
        "both",
        "two",
        "warring",
        "conflicting",
        "rival",
        "opposing",
        "belligerent",
        "each",
        "all",
        "feuding",
        "fighting",
        "estranged",
    }
)
# "the Israeli-occupied Golan Heights", "which Israel captured": who holds a place.
_HOLDING_PARTICIPLES = frozenset({"occupied", "annexed", "controlled", "held", "administered"})
_HOLDING_VERBS = frozenset({"capture", "annex", "occupy", "seize"})
_PAIR_GAP = re.compile(r"^\s*(?:-|–|—|/|,|and|&|or|and the|vs\.?|versus)?\s*(?:the\s+)?$")
# Words of a sentence that tells of fighting between the two countries it names.
_FIGHTING = re.compile(
    r"(?i)\b(?:wars?|warring|fight(?:ing|s)?|fought|clash(?:es|ed)?|hostilit(?:y|ies)|battles?"
    r"|ceasefires?|cease-fires?|truces?|attack(?:s|ed)?|shell(?:ing|ed)|offensive|skirmish(?:es)?"
    r"|aggression|occup(?:y|ied|ation)|conflict|front\s*line|violence|tensions?|border)\b"
)


NAMING_VERBS = frozenset({"call", "describe", "label", "term", "brand", "dub", "deem"})
"""Verbs that name what something was ("called it an attack", "described it as a crime")."""


@functools.cache
def adjective_countries() -> dict[str, str]:
    """Single-word adjectives and demonyms of the actor dictionary -> ISO-3."""
    d = load_actor_dictionary()
    return {
        key[0]: entry.country
        for key, entry in d.cased.items()
        if len(key) == 1 and entry.kind in {"adjective", "country", "capital"} and entry.country
    }


@functools.cache
def _names() -> dict[tuple[str, ...], tuple[str, str]]:
    """Country and capital names of the actor dictionary -> (ISO-3, kind)."""
    d = load_actor_dictionary()
    return {
        key: (entry.country, entry.kind)
        for key, entry in d.cased.items()
        if entry.kind in {"country", "capital"} and entry.country
    }


class ActorIndex:
    """Actors of one document, indexed by token, with the conflict's main pair."""

    def __init__(self, doc: Doc, actors: list[Actor]) -> None:
        self.doc = doc
        self.actors = sorted(actors, key=lambda a: a.start)
        self.by_token: dict[int, Actor] = {}
        for actor in self.actors:
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                self.by_token.setdefault(tok.i, actor)
        self.pairs = self._pairs()
        self.counts = Counter(a.country for a in self.actors if a.country)
        # demonyms the actor rules leave to the events ("his Armenian companion") name a
        # side as often as its actors do; they rank the countries the actors name, they
        # add none ("a member of the Chadian team", "pro-Iranian")
        adjectives, named = adjective_countries(), set(self.counts)
        self.counts.update(
            adjectives[t.text]
            for t in doc
            if t.i not in self.by_token
            and adjectives.get(t.text) in named
            and t.pos_ in {"ADJ", "PROPN"}
        )
        self.held = self._held()

    def _held(self) -> list[tuple[int, int, str, str, bool]]:
        """Places the article says a country holds, as (start, end, country, text):
        "the Israeli-occupied Golan Heights", "X has been under Israeli control", "the
        Golan Heights, which Israel captured from Syria"), and whether the holder is named
        in the place's own words ("Israeli-occupied")."""
        out = []
        for tok in self.doc:
            word = tok.lower_
            region: Token | None = None
            holder: Token | None = None
            if word in _HOLDING_PARTICIPLES and tok.dep_ in {"amod", "compound"} and tok.i >= 2:
                # "Israeli-occupied": the country, a hyphen, the participle
                if self.doc[tok.i - 1].text in {"-", "–"}:
                    holder, region = self.doc[tok.i - 2], tok.head
            elif word == "control" and tok.dep_ == "pobj" and tok.head.lower_ == "under":
                holder = next((c for c in tok.children if c.dep_ in {"amod", "compound"}), None)
                verb = tok.head.head
                region = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
            elif tok.lemma_.lower() in _HOLDING_VERBS and tok.dep_ == "relcl":
                holder = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                region = tok.head
            elif tok.lemma_.lower() in _HOLDING_VERBS and tok.dep_ == "acl":
                # "territory captured by Israel from Syria"
                by = next((c for c in tok.children if c.dep_ == "agent"), None)
                holder = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
                region = tok.head
            if holder is None or region is None or region.pos_ not in {"PROPN", "NOUN"}:
                continue
            country = _country_in(self.doc[holder.i : holder.i + 1], self)
            if not country:
                continue
            first = min([region, *(c for c in region.children if c.dep_ == "compound")])
            span = self.doc[first.i : region.i + 1]
            attributive = word in _HOLDING_PARTICIPLES
            out.append((span.start_char, span.end_char, country, span.text, attributive))
        return out

    def holder_at(self, tok: Token) -> str:
        """The country holding the place ``tok`` heads ("the Israeli-occupied Golan
        Heights"), or ""."""
        for start, end, country, _text, attributive in self.held:
            if attributive and start <= tok.idx < end and tok.dep_ != "compound":
                return country
        return ""

    def holder(self, place: Place, sentence: tuple[int, int]) -> str:
        """The country the article says holds ``place`` (the place itself, one of the
        same name, or one held place named in the sentence the place is in), or ""."""
        lo, hi = sentence
        for start, end, country, text, _attributive in self.held:
            if start <= place.start < end or place.text in text or text in place.text:
                return country
        inside = {c for s, _e, c, _t, _a in self.held if lo <= s < hi}
        if len(inside) == 1 and lo <= place.start < hi:
            return next(iter(inside))
        return ""

    def _pairs(self) -> list[tuple[int, str, str, bool]]:
        """Positions of two countries named together ("Azerbaijan and Armenia", "X-Y war"),
        and whether the sentence naming them tells of fighting."""
        doc = self.doc
        out = []
        for a, b in zip(self.actors, self.actors[1:], strict=False):
            if a.country and b.country and a.country != b.country and a.end <= b.start:
                if "MED" in (a.sector, b.sector):
                    continue  # an outlet or think tank is not a party ("..., a paper by X, Iran")
                gap = doc.char_span(a.end, b.start, alignment_mode="expand")
                words = gap.text if gap is not None and len(gap) <= 4 else "?"
                if words.strip() == "," and not _listed(doc, b):
                    continue  # "During the clashes with Armenia, Iran offered": a new clause
                if a.end == b.start or _PAIR_GAP.match(words):
                    sent = doc.char_span(a.start, a.end, alignment_mode="expand")
                    fighting = sent is not None and bool(_FIGHTING.search(sent.sent.text))
                    out.append((a.start, a.country, b.country, fighting))
        return out

    def dyad(self, at: int, exclude: set[str] | None = None) -> list[str]:
        """The two parties of the conflict as known at char ``at``: the latest pair named
        together in a sentence that tells of fighting ("clashes between Azerbaijan and
        Armenia"), else the latest pair named together ("Turkey and Russia could help")."""
        exclude = exclude or set()
        ok = [(s, c1, c2, f) for s, c1, c2, f in self.pairs if not {c1, c2} & exclude]
        for fighting in (True, False):
            chosen = [p for p in ok if p[3] or not fighting]
            before = [p for p in chosen if p[0] < at]
            if before or chosen:
                _s, c1, c2, _f = before[-1] if before else chosen[0]
                return [c1, c2]
        common = [c for c, _ in self.counts.most_common() if c not in exclude]
        return common[:2] if len(common) >= 2 else []

    def _possessor(self, actor: Actor) -> bool:
        """Whether a person mention is the owner in a possessive ("Khamenei's adviser")."""
        span = self.doc.char_span(actor.start, actor.end, alignment_mode="expand")
        return span is not None and len(span) > 0 and span.root.dep_ == "poss"

    def actor_at(self, tok: Token) -> Actor | None:
        """The actor mention covering ``tok``."""
        return self.by_token.get(tok.i)

    def last_before(self, tok: Token, person: bool, skip: tuple[int, int] = (0, 0)) -> Actor | None:
        """The nearest actor before ``tok`` (a person, or a non-person) for a pronoun."""
        at = tok.idx
        best = None
        for actor in self.actors:
            if actor.start >= at:
                break
            if skip[0] <= actor.start < skip[1]:
                continue
            if (actor.kind == "person") == person and (actor.country or actor.group):
                if person and self._possessor(actor):
                    continue  # "Velayati, Khamenei's adviser, ... he": not the possessor
                best = actor
        return best


def _listed(doc: Doc, actor: Actor) -> bool:
    """Whether ``actor`` is the next item of a list ("Armenia, Azerbaijan, Turkey")."""
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span.root.dep_ in {"conj", "appos"}


def _own_subject(tok: Token) -> tuple[int, int]:
    """Char span of the subject of the clause a possessive sits in ("X fired at its positions")."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in {"VERB", "AUX"} or cur.head.i == cur.i:
            break
        cur = cur.head
    if tok.dep_ != "poss":
        return (0, 0)
    subj = subject_of(cur)
    if subj is not None and subj.i < tok.i:
        sub = tok.doc[subj.left_edge.i : subj.right_edge.i + 1]
        return (sub.start_char, sub.end_char)
    return (0, 0)


def _copy(actor: Actor, tok: Token, **changes: object) -> Actor:
    base = replace(actor)
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def _country_actor(country: str, text: str, start: int, end: int, sector: str) -> Actor:
    return Actor(text=text, country=country, sector=sector, kind="country", start=start, end=end)


def is_collective(tok: Token) -> bool:
    """A phrase naming both parties at once ("both sides", "the two warring countries")."""
    if tok.lower_ not in COLLECTIVE_HEADS and tok.lemma_.lower() not in COLLECTIVE_HEADS:
        return tok.lower_ == "both" and tok.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"pobj"}
    if any(c.lower_ in COLLECTIVE_MODS for c in tok.children):
        return True
    # an object "the neighbors", "the Caucasus' neighbors": the definite plural names the
    # pair told of (as a subject it is too often a wider group)
    plural = tok.tag_ in {"NNS", "NNPS"} and tok.lower_ in COLLECTIVE_HEADS
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) or any(
        c.dep_ == "nmod" and c.pos_ == "PROPN" for c in tok.children
    )
    return plural and definite and tok.dep_ in {"dobj", "dative"}


def is_reciprocal(tok: Token) -> bool:
    """``each other`` / ``one another``."""
    if tok.lower_ in {"other", "another"}:
        return any(c.lower_ in {"each", "one"} for c in tok.children) or (
            tok.i > 0 and tok.doc[tok.i - 1].lower_ in {"each", "one"}
        )
    # the parser may head the pair with its first word ("accused [one] another")
    follows = {"each": "other", "one": "another"}.get(tok.lower_)
    return follows is not None and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == follows


def _modifier_actors(tok: Token, index: ActorIndex, sector: str) -> list[Actor]:
    """Countries named by adjectives, compounds, possessives or of/in/from phrases of ``tok``."""
    out: list[Actor] = []
    adj = adjective_countries()
    for child in tok.children:
        if child.dep_ in {"amod", "compound", "poss", "nmod", "npadvmod"}:
            group = [child, *child.conjuncts]
            if child.lower_ in _LED and child.dep_ == "amod":
                # "Vietnamese-led forces", "Saudi-backed militias": coded as the leader
                group = [c for c in child.children if c.dep_ in {"npadvmod", "compound"}]
            for c in group:
                hit = index.actor_at(c)
                if hit is not None and hit.country and c.i not in range(tok.i, tok.i + 1):
                    out.append(_copy(hit, c, sector=sector or hit.sector))
                elif c.text in adj:
                    sec = sector or ("CVL" if tok.lemma_.lower() in _PLACE_HEADS else "UNK")
                    out.append(_country_actor(adj[c.text], c.text, c.idx, c.idx + len(c), sec))
        elif child.dep_ == "prep" and child.lower_ in {"of", "in", "from", "by"}:
            # "violations by the Israeli military": whose act the noun names
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                if child.lower_ in {"from", "by"} and is_collective(pobj):
                    # "officials from both nations", "shelling by both sides"
                    out.extend(_collective(pobj, index, sector))
                    continue
                for p in [pobj, *pobj.conjuncts]:
                    hit = index.actor_at(p)
                    if hit is not None and hit.country:
                        out.append(_copy(hit, p, sector=sector or hit.sector))
    return out


_LED = frozenset({"led", "backed", "sponsored", "supported", "controlled", "run"})


def _coordinated_adjectives(tok: Token, hit: Actor) -> list[Actor]:
    """ "Hungarian and Romanian officials", "U.S. and Russian negotiators": every country."""
    adj = adjective_countries()
    out = []
    for child in tok.children:
        if child.dep_ not in {"amod", "nmod", "compound"} or not child.conjuncts:
            continue
        for c in [child, *child.conjuncts]:
            country = adj.get(c.text)
            if country and country != hit.country:
                out.append(_country_actor(country, c.text, c.idx, c.idx + len(c), hit.sector))
    return out


def _name_head(tok: Token) -> Token:
    """The last word of the name ``tok`` is part of ("Ali Akbar Velayati" -> Velayati)."""
    while tok.dep_ in {"compound", "flat"} and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _country_in(words: Span, index: ActorIndex) -> str:
    """The first country named in ``words`` (not by a person), by name or adjective."""
    adj = adjective_countries()
    for t in words:
        other = index.actor_at(t)
        if other is not None and other.country and other.kind != "person":
            return other.country
        if t.text in adj:
            return adj[t.text]
    return ""


def _title_country(tok: Token, index: ActorIndex) -> str:
    """Country in the words before a name ("Serbian President X", "Morocco's King X")."""
    head = _name_head(tok)
    return _country_in(tok.doc[head.left_edge.i : head.i], index)


def _appositive_country(tok: Token, index: ActorIndex) -> str:
    """Country in an appositive description of a name ("X, Algeria's leading activist")."""
    head = _name_head(tok)
    for appos in (c for c in head.children if c.dep_ == "appos"):
        country = _country_in(tok.doc[appos.left_edge.i : appos.i], index)
        if country:
            return country
    return ""


def _dictionary_name(tok: Token) -> tuple[str, str, int, int] | None:
    """A country or capital named at ``tok`` that the actor extractor left as a place."""
    names = _names()
    doc = tok.doc
    words = doc_words(doc)
    for n in (3, 2, 1):
        for start in range(max(0, tok.i - n + 1), tok.i + 1):
            if start + n > len(words):
                continue
            hit = names.get(words[start : start + n])
            if hit:
                span = doc[start : start + n]
                return hit[0], span.text, span.start_char, span.end_char
    return None


def actors_of(tok: Token, index: ActorIndex, context: list[Actor] | None = None) -> list[Actor]:
    """The actors an argument token stands for, its conjuncts included."""
    out: list[Actor] = []
    for t in [tok, *tok.conjuncts, *_listed_countries(tok, index)]:
        out.extend(_actors_of_one(t, index, context))
    if not out:
        # "Western powers, including France and Germany": the members named
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in {"including", "notably", "especially"}:
                for member in prep.children:
                    if member.dep_ == "pobj":
                        out.extend(actors_of(member, index, context))
    seen: set[tuple[str, str, int]] = set()
    unique = []
    for a in out:
        key = (a.country, a.sector, a.start)
        if key not in seen:
            seen.add(key)
            unique.append(a)
    return unique


def _listed_countries(tok: Token, index: ActorIndex) -> list[Token]:
    """Countries of a list the parser split ("Saudi Arabia, Egypt, the UAE, and Jordan
    issued statements": Egypt an appositive, the UAE its conjunct, Jordan a second
    subject): other countries hanging on a country as appositives, or on its verb as
    subjects."""
    hit = index.actor_at(tok)
    if hit is None or hit.kind != "country":
        return []
    out: list[Token] = []
    siblings = list(tok.head.children) if tok.dep_ in SUBJECT_DEPS else []
    for other in [*(c for c in tok.children if c.dep_ == "appos"), *siblings]:
        if other.i == tok.i or (other in siblings and other.dep_ != tok.dep_):
            continue
        member = index.actor_at(other)
        if member is not None and member.kind == "country" and member.country:
            out.extend([other, *other.conjuncts])
    return out


def _clause_owner(tok: Token) -> Token | None:
    """The subject of the clause a possessive "their" stands in ("X held their meeting")."""
    if tok.lower_ != "their" or tok.dep_ != "poss" or tok.head.dep_ not in {"dobj", "nsubj"}:
        return None
    verb = tok.head.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    subj = subject_of(verb)
    if subj is None or subj.i >= tok.i or subj.lower_ in _GROUP_PRONOUNS:
        return None
    if subj.i == tok.head.i:
        return None
    return subj


def _main_clause_subject(tok: Token) -> Token | None:
    """ "Two bombers killed 23 people when they blew themselves up": "they", subject of a
    clause that hangs from another, is that clause's subject."""
    if tok.dep_ not in SUBJECT_DEPS or tok.head.dep_ not in {"advcl", "conj"}:
        return None
    subj = subject_of(tok.head.head)
    if subj is None or subj.i >= tok.i or subj.pos_ == "PRON":
        return None
    return subj


def _speaker(tok: Token) -> Token | None:
    """The subject of the verb that reports the clause ``tok`` is the subject of.

    "Palestinian leaders said they would boycott ...", "Syria says it is willing to ...":
    a pronoun subject of reported speech is, in news, the speaker itself.
    """
    if tok.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    clause = tok.head
    for _ in range(4):
        if clause.dep_ == "ccomp" and clause.head.i != clause.i:
            reporter = clause.head
            if reporter.lemma_.lower() not in _REPORTING_VERBS:
                return None
            subj = next((c for c in reporter.children if c.dep_ in SUBJECT_DEPS), None)
            if subj is None and reporter.tag_ == "VBG" and reporter.dep_ == "advcl":
                # "X responded, stating that it remains committed": the participle's
                # subject is its clause's
                subj = subject_of(reporter)
            return subj if subj is not None and subj.i < tok.i else None
        if clause.dep_ not in {"xcomp", "conj", "acomp"} or clause.head.i == clause.i:
            return None
        clause = clause.head
    return None


def _speaker_actors(
    tok: Token, index: ActorIndex, context: list[Actor] | None, person: bool | None
) -> list[Actor]:
    """The speaker's actors for a pronoun subject of reported speech (see ``_speaker``)."""
    subj = _speaker(tok)
    if subj is None:
        return []
    found = actors_of(subj, index, context)
    if person is not None:
        found = [a for a in found if (a.kind == "person") == person]
    return [
        _copy(a, tok, text=tok.text, start=tok.idx, end=tok.idx + len(tok))
        for a in found
        if a.country or a.group
    ]


def _actors_of_one(tok: Token, index: ActorIndex, context: list[Actor] | None) -> list[Actor]:
    lower = tok.lower_
    if lower in _PERSON_PRONOUNS | _THING_PRONOUNS | _GROUP_PRONOUNS:
        person = True if lower in _PERSON_PRONOUNS else False if lower in _THING_PRONOUNS else None
        spoken = _speaker_actors(tok, index, context, person)
        if spoken:
            return spoken
    if lower in _PERSON_PRONOUNS:
        hit = index.last_before(tok, person=True)
        return (
            [_copy(hit, tok, text=tok.text, start=tok.idx, end=tok.idx + len(tok))] if hit else []
        )
    if lower in _THING_PRONOUNS:
        hit = index.last_before(tok, person=False, skip=_own_subject(tok))
        return (
            [_copy(hit, tok, text=tok.text, start=tok.idx, end=tok.idx + len(tok))] if hit else []
        )
    if lower in _GROUP_PRONOUNS:
        if context:
            return list(context)
        owner = _clause_owner(tok) or _main_clause_subject(tok)
        if owner is not None:
            found = [a for a in actors_of(owner, index, context) if a.country or a.group]
            if found:
                return found
        return _collective(tok, index, "")
    if lower in _RELATIVE and tok.head.dep_ == "relcl":
        return actors_of(tok.head.head, index, context)
    if is_collective(tok):
        base = index.actor_at(tok)
        return _collective(tok, index, base.sector if base else "")
    hit = index.actor_at(tok)
    if hit is not None and hit.kind != "person":
        # "his Azeri counterpart Jeyhun Bayramov": the person the description names
        for c in tok.children:
            appos = index.actor_at(c) if c.dep_ == "appos" else None
            if appos is not None and appos.kind == "person":
                return [appos if appos.country else _copy(appos, c, country=hit.country)]
    if hit is not None:
        if hit.kind == "person" and not hit.country and not hit.group:
            country = _title_country(tok, index)
            if country:
                return [_copy(hit, tok, country=country, sector="GOV")]
            country = _appositive_country(tok, index)
            if country:  # "X, Algeria's leading human rights activist,"
                return [_copy(hit, tok, country=country, sector="UNK")]
        if hit.country or hit.group or hit.kind == "person":
            return [hit, *_coordinated_adjectives(tok, hit)]
        found = _modifier_actors(tok, index, hit.sector)
        if found:
            return found
        poss = [c for c in tok.children if c.dep_ == "poss"]
        for p in poss:
            owners = _actors_of_one(p, index, context)
            if owners:
                return [
                    _copy(o, tok, text=hit.text, sector=hit.sector, start=hit.start, end=hit.end)
                    for o in owners
                ]
        return [hit]
    if tok.pos_ == "NUM" or tok.lower_ in _PARTITIVES:
        # "four of the president's envoys", "some of its soldiers": the ones counted
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                return actors_of(pobj, index, context)
    adj = adjective_countries().get(tok.text)
    if adj and tok.pos_ in {"ADJ", "PROPN", "NOUN"}:
        return [_country_actor(adj, tok.text, tok.idx, tok.idx + len(tok), _head_sector(tok))]
    held = index.holder_at(tok) if tok.pos_ == "PROPN" else ""
    if held:
        # "in Syria's Israeli-occupied Golan Heights": the side that holds it
        return [_country_actor(held, tok.text, tok.idx, tok.idx + len(tok), "CVL")]
    found = _modifier_actors(tok, index, "")
    if found:
        return found
    named = _dictionary_name(tok)
    if named is not None and tok.ent_type_ in {"GPE", "LOC", "FAC", "NORP", ""}:
        country, text, start, end = named
        return [_country_actor(country, text, start, end, "GOV")]
    return []


_PARTITIVES = frozenset({"some", "many", "several", "most", "all", "none", "dozens", "hundreds"})
_PLACE_HEADS = frozenset(
    {
        "town",
        "city",
        "village",
        "district",
        "region",
        "province",
        "capital",
        "market",
        "school",
        "hospital",
        "neighbourhood",
        "neighborhood",
    }
)


def _head_sector(tok: Token) -> str:
    """Sector implied by what an adjective modifies ("Azerbaijani town" -> civilians)."""
    head = tok.head
    if tok.dep_ in {"amod", "compound", "nmod"} and head.lemma_.lower() in _PLACE_HEADS:
        return "CVL"
    return "UNK" if tok.dep_ in {"amod", "compound", "nmod"} else "GOV"


def _collective(tok: Token, index: ActorIndex, sector: str) -> list[Actor]:
    span = tok.doc[tok.left_edge.i : tok.i + 1]
    return [
        _country_actor(c, span.text, span.start_char, span.end_char, sector or "GOV")
        for c in index.dyad(tok.idx)
    ]


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The subject of ``verb``, inherited through control, coordination and relative clauses."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    if depth > 3 or verb.head.i == verb.i:
        return None
    if verb.tag_ == "VBD" and verb.dep_ in {"advcl", "ccomp"} and verb.i > verb.sent.start:
        # A finite verb has its own subject: "around 1 am the armed forces of Armenia
        # attacked", misparsed with "am" as the verb, still has "forces" right before it.
        left = verb.doc[verb.i - 1]
        while left.dep_ == "pobj" and left.head.dep_ == "prep" and left.head.head.i < left.i:
            left = left.head.head
        if left.pos_ in {"NOUN", "PROPN"} and left.dep_ in {"attr", "dobj", "npadvmod", "appos"}:
            return left
    head = verb.head
    if (
        verb.dep_ == "conj"
        and verb.tag_ == "VBD"
        and head.tag_ in {"VBG", "VBZ", "VBP"}
        and head.dep_ == "ccomp"
        and head.head.tag_ == "VBD"
    ):
        # "He claimed that X are contributing to the tensions and invited Turkey ...": a
        # past verb is not the present clause's second verb but the reporting one's
        return subject_of(head.head, depth + 1)
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.i > 0
        and verb.doc[verb.i - 1].text == ","
        and head.dep_ == "ccomp"
        and head.head.i < head.i
        and head.head.lemma_.lower() in _REPORTING_VERBS
    ):
        # "X asserted that the region cannot deal with another war, urging the neighbours
        # to ...": the participle after the reported clause is the reporter's own act
        return subject_of(head.head, depth + 1)
    if verb.dep_ == "xcomp":
        # object control: "urged Armenia to stop" -> Armenia stops
        obj = next((c for c in verb.head.children if c.dep_ in {"dobj", "dative"}), None)
        return obj if obj is not None else subject_of(verb.head, depth + 1)
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ in {"of", "for"}:
        # "accused Armenia of shelling" -> Armenia shells
        owner = verb.head.head
        if owner.pos_ in {"NOUN", "PROPN"} and owner.dep_ == "dobj" and verb.head.lower_ == "of":
            # "accused X's forces of escalating": the parse may hang "of" on the accused
            return owner
        thanked = next(
            (
                g
                for c in owner.children
                if c.dep_ == "prep" and c.lower_ == "to"
                for g in c.children
                if g.dep_ == "pobj"
            ),
            None,
        )
        if thanked is not None and verb.head.lower_ == "for":
            # "expressed gratitude to X for facilitating the deal" -> X facilitated it
            return thanked
        obj = next((c for c in owner.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj
        return subject_of(owner, depth + 1)
    if verb.dep_ in {"conj", "advcl", "pcomp", "acomp"}:
        return subject_of(verb.head, depth + 1)
    if (
        verb.dep_ == "acl"
        and verb.tag_ == "VB"
        and verb.head.dep_ == "dobj"
        and verb.head.head.pos_ == "VERB"
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
    ):
        # "offered an initiative to end the war": whoever offers it means to end it
        return subject_of(verb.head.head, depth + 1)
    if (
        verb.dep_ == "acl"
        and verb.tag_ == "VBG"
        and verb.head.lemma_.lower() in default_lexicon().document_nouns
    ):
        # "issued a statement condemning X", "in a statement condemning X", "the
        # ministry's statement condemning X": whoever issued the statement condemns
        owner = verb.head
        poss = next((c for c in owner.children if c.dep_ == "poss"), None)
        if poss is not None:
            return poss
        if owner.dep_ == "dobj":
            return subject_of(owner.head, depth + 1)
        if owner.dep_ == "pobj" and owner.head.dep_ == "prep":
            return subject_of(owner.head.head, depth + 1)
        return None
    if verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
        # "the attack, which killed 12": the modified noun is the subject
        return verb.head if verb.dep_ == "relcl" else None
    if verb.dep_ == "prep" and verb.lower_ == "by" and verb.head.tag_ == "VBG":
        # "escalating the fighting by firing rockets": whoever escalates fires
        return subject_of(verb.head, depth + 1)
    if verb.dep_ == "prep" or verb.head.pos_ == "ADP":
        return subject_of(verb.head.head, depth + 1) if verb.head.head.i != verb.head.i else None
    return None


def agent_of(verb: Token) -> Token | None:
    """The ``by`` phrase of a passive verb."""
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


# Participles that, after "be", describe the subject's own stance: "Israel is opposed to
# French mediation" is Israel opposing, not being opposed.
_STANCE_PARTICIPLES = frozenset({"opposed", "committed", "determined", "prepared", "resolved"})


def is_passive(verb: Token) -> bool:
    """Passive voice: a passive subject or auxiliary, or a bare past participle with ``by``."""
    if verb.lower_ in _STANCE_PARTICIPLES and not any(c.dep_ == "agent" for c in verb.children):
        return False
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)


def prep_objects(tok: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of the given prepositions under ``tok`` ("on Ganja", "with his counterpart")."""
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in {"prep", "dative"} and child.lower_ in preps:
            objs = [g for g in child.children if g.dep_ == "pobj"]
            out.extend(objs or _stranded_object(child))
        elif child.dep_ == "prt" and child.lower_ in preps:
            out.extend(g for g in tok.children if g.dep_ == "dobj")
    return out


def _stranded_object(prep: Token) -> list[Token]:
    """The object of a preposition the parser left without one because a participle
    follows it: "granted asylum to five officers holed up in ..." parses "officers" as
    the subject of "holed"; the phrase right after the preposition is its object."""
    doc = prep.doc
    if prep.i + 1 >= len(doc):
        return []
    for clause in prep.head.children:
        if clause.dep_ not in {"advcl", "ccomp", "conj"} or clause.i < prep.i:
            continue
        for subj in clause.children:
            if subj.dep_ in SUBJECT_DEPS and subj.left_edge.i == prep.i + 1:
                return [subj]
    return []


def between_objects(tok: Token) -> list[Token]:
    """``between X and Y``: the parties of a two-sided event."""
    return prep_objects(tok, frozenset({"between", "among"}))
