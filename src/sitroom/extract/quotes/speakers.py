"""Speaker resolution: source phrase -> most specific name and actor, with coreference.

Pronouns ("he told Bayramov") go to the last person who spoke; descriptions ("the
spokesman", "the top Iranian diplomat") to the last person whose title and country
fit; short names ("Khatibzadeh") to the fullest form of that name in the article;
short institution names ("the ministry") to the last fuller one that contains them;
bare group nouns ("the group", "the paper") to the organisation described so or the
institution that spoke just before; statement nouns ("the statement said", "a Kremlin
statement") to the party that issued it. A name that only modifies a role noun ("the
Donetsk governor", "Zarif's spokesman") is not the speaker; a name in apposition is.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from spacy.tokens import Doc, Span, Token

from sitroom.extract.quotes.lexicon import CueLexicon
from sitroom.extract.quotes.marks import QuoteSpan, quote_at
from sitroom.extract.quotes.tree import children
from sitroom.model import Actor

T = TypeVar("T")

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"it", "they", "we", "i", "who", "which", "that"})
DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their"}
)
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
# Coreference looks back this far (characters) for an antecedent.
LOOKBACK = 3000
NEAR = 400


def _stem(word: str) -> str:
    """Crude shared stem so "Iranian" meets "Iran" and "Azeri" meets "Azerbaijan"."""
    return word.lower()[:4]


def _words(text: str) -> list[str]:
    return [w.strip(".,;:'’\"“”()").lower() for w in text.translate(APOSTROPHES).split() if w]


def _longest_by_last_word(people: Sequence[Person]) -> dict[str, str]:
    """For each last word of a name, the longest name ending in it (the first of equals)."""
    longest: dict[str, str] = {}
    for person in people:
        words = _words(person.name)
        if words and len(person.name) > len(longest.get(words[-1], "")):
            longest[words[-1]] = person.name
    return longest


@dataclass(slots=True)
class Person:
    """A named person seen in the article."""

    name: str
    start: int
    country: str = ""
    title: str = ""
    descriptor: set[str] = field(default_factory=set)
    """Words around the name in its noun phrase (titles, demonyms)."""
    actor: Actor | None = None


@dataclass(slots=True)
class Resolved:
    """A speaker: display name, actor, and whether it is a person."""

    name: str
    actor: Actor | None
    person: bool
    start: int
    words: set[str] = field(default_factory=set)


def clean_phrase(span: Span) -> str:
    """A source phrase as a name: no leading determiner, no appositive or relative clause."""
    tokens = list(span)
    while tokens and tokens[0].lower_ in DETERMINERS:
        tokens = tokens[1:]
    root = span.root
    for k, tok in enumerate(tokens):
        if (
            (tok.text in (",", "(", "—", "–") and tok.i > root.i)
            or tok.dep_ in ("relcl", "acl")
            or (tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl")
        ):
            tokens = tokens[:k]
            break
    if not tokens:
        return span.text
    return "".join(t.text_with_ws for t in tokens).strip()


def _np_words(tok: Token) -> set[str]:
    """Descriptor words of a name: its own phrase plus the phrase it is in apposition to."""
    words = {t.lower_ for t in tok.subtree if not t.is_punct}
    if tok.dep_ in ("appos", "compound", "poss") and tok.head != tok:
        words |= {t.lower_ for t in tok.head.subtree if not t.is_punct}
    for child in children(tok):
        if child.dep_ == "appos":
            words |= {t.lower_ for t in child.subtree if not t.is_punct}
    return words


class SpeakerResolver:
    """Resolves sources in text order, remembering who spoke and who was named."""

    def __init__(
        self,
        doc: Doc,
        actors: Sequence[Actor],
        lex: CueLexicon,
        quotes: Sequence[QuoteSpan] = (),
    ) -> None:
        self.doc = doc
        self.lex = lex
        self.quotes = list(quotes)
        self.actors = sorted((a for a in actors if 0 <= a.start < a.end), key=lambda a: a.start)
        # spaCy builds ``doc.ents`` anew, from every token, on each access: once here.
        self.ents = doc.ents
        self.ent_starts = [e.start_char for e in self.ents]
        self.ent_token_starts = [e.start for e in self.ents]
        self.people = self._people()
        self.longest_names = _longest_by_last_word(self.people)
        self.history: list[Resolved] = []

    # --- people -----------------------------------------------------------------------------

    def _people(self) -> list[Person]:
        people: list[Person] = []
        covered: list[tuple[int, int]] = []
        for actor in self.actors:
            if actor.kind != "person" or not actor.name or actor.name[:1].islower():
                continue
            span = self.doc.char_span(actor.start, actor.end, alignment_mode="expand")
            words = _np_words(span.root) if span is not None else set()
            people.append(
                Person(actor.name, actor.start, actor.country, actor.title.lower(), words, actor)
            )
            covered.append((actor.start, actor.end))
        for ent in self.ents:
            if ent.label_ != "PERSON":
                continue
            if any(s < ent.end_char and ent.start_char < e for s, e in covered):
                continue
            name = self.strip_titles(ent.text)
            people.append(Person(name, ent.start_char, descriptor=_np_words(ent.root)))
        people.sort(key=lambda p: p.start)
        return people

    def _ents_in(self, span: Span) -> list[Span]:
        """``span.ents`` (the entities from its start that end within it) by bisection:
        spaCy's own walks every entity of the doc."""
        found = []
        k = bisect.bisect_left(self.ent_token_starts, span.start)
        while k < len(self.ents) and self.ents[k].end <= span.end:
            found.append(self.ents[k])
            k += 1
        return found

    def strip_titles(self, name: str) -> str:
        """A name without leading titles ("Spokeswoman Nadia Petrenko" -> "Nadia Petrenko")."""
        words = name.split()
        while len(words) > 1 and words[0].lower().rstrip(".") in self.lex.titles:
            words = words[1:]
        return " ".join(words)

    def full_name(self, name: str) -> str:
        """The longest form of a person's name in the article ("Khatibzadeh" -> full name)."""
        last = _words(name)[-1:] if name else []
        longest = self.longest_names.get(last[0]) if last else None
        return longest if longest is not None and len(longest) > len(name) else name

    def _named_actor(self, name: str) -> Actor | None:
        """The actor of the first person the article names ``name`` (in full, or as the
        text spelled it before the dictionary's form) who has a side."""
        last = _words(name)[-1:]
        for p in self.people:
            a = p.actor
            if a is None or not (a.country or a.group):
                continue
            if p.name == name or (last and _words(a.text)[-1:] == last):
                return a
        return None

    # --- actors -----------------------------------------------------------------------------

    def _actors_in(self, span: Span) -> list[Actor]:
        return [a for a in self.actors if span.start_char <= a.start and a.end <= span.end_char]

    def _actor_at(self, tok: Token) -> Actor | None:
        for actor in self.actors:
            if actor.start <= tok.idx < actor.end:
                return actor
        return None

    def _is_description(self, tok: Token, span: Span) -> bool:
        """A role noun without a name: "the spokesman", "the top Iranian diplomat"."""
        if tok.pos_ == "PROPN" or any(t.ent_type_ == "PERSON" for t in span):
            return False
        if tok.tag_ in ("NNS", "NNPS") or span[0].lower_ in ("a", "an", "one", "some", "two"):
            return False  # "officials", "a spokesman": not someone already named
        return tok.lemma_.lower() in self.lex.roles or tok.lower_ in self.lex.roles

    # --- resolution -------------------------------------------------------------------------

    def resolve(self, source: Span, head: Token) -> Resolved | None:
        """Resolve one source phrase; remember the result for later coreference."""
        found = self._resolve(source, head)
        if found is not None:
            if found.person:
                found.name = self.full_name(found.name)
                if found.actor is None or not (found.actor.country or found.actor.group):
                    # "Suwari said" after "army spokesman Vintay Suwari": the person named
                    # in full, with the side that mention gave them
                    found.actor = self._named_actor(found.name) or found.actor
            self.history.append(found)
        return found

    def _resolve(self, source: Span, head: Token) -> Resolved | None:
        start = source.start_char
        lower = head.lower_
        lemma = head.lemma_.lower()
        # with no antecedent the statement is kept, its speaker named as the text names it
        unresolved = Resolved(clean_phrase(source), self._actor_at(head), False, start)
        if lower in PERSON_PRONOUNS:
            found = self._last(start, person=True) or self._last_person_named(start)
            # "The army spokesman said ... He added": a description kept as its institution
            return found or self._last(start, person=None, window=NEAR) or unresolved
        if lower in GROUP_PRONOUNS:
            earlier = self._subject_before(head)
            if earlier is not None:
                return self._resolve(noun_phrase_of(earlier), earlier)
            spoke = self._last(start, person=False) or self._last(start, person=None)
            if spoke is not None:
                return spoke
            # "Israel has determined that ... It named X, asserting ...": with nobody heard
            # before, the party that was the subject of the sentence before
            subject = self._named_subject_before(head)
            if subject is not None:
                return self._resolve(noun_phrase_of(subject), subject)
            return unresolved
        if lemma in self.lex.document_nouns:
            issuer = self._issuer(head)
            if issuer is not None:
                return self._resolve(noun_phrase_of(issuer), issuer)
            named_issuer = self._named_issuer(source, head)
            if named_issuer is not None:
                return named_issuer
            # "the statement said": its issuer is the last institution that spoke, or a
            # person who spoke just before
            return (
                self._last(start, person=False)
                or self._last(start, person=None, window=NEAR)
                or unresolved
            )
        inside = self._actors_in(source)
        persons = [a for a in inside if a.kind == "person" and a.name[:1].isupper()]
        best = _speaking_name(head, persons, lambda a: (a.start, a.end))
        if best is not None:
            return Resolved(best.name or best.text, best, True, start, set(_words(best.text)))
        appositive = _appositive_name(head)
        if appositive is not None:
            # "the deputy governor, Met Meas Pheakdey, said": a name the tagger missed
            return Resolved(appositive, self._actor_at(head), True, start)
        if self._is_description(head, source):
            described = self._describe(source, head)
            if described is not None:
                return described
        named = [e for e in self._ents_in(source) if e.label_ == "PERSON"]
        ent = _speaking_name(head, named, lambda e: (e.start_char, e.end_char))
        if ent is not None:
            name = self.strip_titles(ent.text)
            return Resolved(name, self._actor_at(ent.root), True, start)
        actor = self._actor_at(head) or (inside[0] if inside else None)
        # what the phrase states of its head, not what a clause on it tells ("Hamas, whose
        # attack killed Israelis,")
        clauses = [
            (c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
            for c in children(head)
            if c.dep_ in ("relcl", "acl", "advcl")
        ]
        inside = [a for a in inside if not any(lo <= a.start < hi for lo, hi in clauses)]
        stated = {
            a.country for a in inside if a.kind in ("country", "adjective", "people") and a.country
        }
        if (
            actor is not None
            and len(stated) == 1
            and actor.country not in stated
            and not self._names_country(actor)
        ):
            # "the Foreign Ministry in Azerbaijan": the country the phrase states wins
            actor = dataclasses.replace(actor, country=stated.pop())
        within = {a.country for a in inside if a.country}
        if actor is not None and not actor.country and len(within) == 1:
            # "Pakistan's Foreign Office spokesperson": the one country the phrase holds
            actor = dataclasses.replace(actor, country=within.pop())
        text = clean_phrase(source)
        words = set(_words(text))
        explicit = any(t.ent_type_ in ("GPE", "NORP") for t in source) or any(
            a.kind in ("country", "capital", "people", "adjective") for a in inside
        )
        definite = source[0].lower_ == "the" and not explicit
        antecedent = (
            # a country the dictionary inferred for a bare "the ministry" must not veto the
            # fuller name this article just used
            self._institution(words, start, actor if explicit else None)
            if head.pos_ == "NOUN" or definite
            else None
        )
        if antecedent is not None:
            return Resolved(
                antecedent.name, antecedent.actor or actor, False, start, antecedent.words
            )
        if definite and head.pos_ == "NOUN" and _bare(source, head):
            described = self._described_entity(head, start) or self._anaphoric(head, start)
            if described is not None:
                return described
        return Resolved(text, actor, False, start, words)

    def _described_entity(self, head: Token, before: int) -> Resolved | None:
        """The organisation named before with this noun as its description ("Keyhan, a
        newspaper close to ..." ... "the paper reported")."""
        noun = head.lower_
        # Only the entities within LOOKBACK before ``before``, found by bisection.
        first = bisect.bisect_left(self.ent_starts, before - LOOKBACK)
        last = bisect.bisect_left(self.ent_starts, before)
        for ent in reversed(self.ents[first:last]):
            if ent.label_ not in ("ORG", "PERSON", "NORP") and ent.root.pos_ != "PROPN":
                continue
            root = ent.root
            described = [c for c in children(root) if c.dep_ == "appos"]
            if root.dep_ == "appos":
                described.append(root.head)
            for d in described:
                if d.pos_ == "NOUN" and d.lower_ != root.lower_ and _same_noun(d.lower_, noun):
                    actor = self._actor_at(root)
                    person = ent.label_ == "PERSON"
                    name = self.strip_titles(ent.text) if person else ent.text
                    return Resolved(name, actor, person, before, set(_words(ent.text)))
        return None

    def _anaphoric(self, head: Token, before: int) -> Resolved | None:
        """A bare "the group", "the department": the latest institution or group named or
        heard close by ("Israel blamed Hezbollah ... The group denied it": Hezbollah)."""
        if head.lemma_.lower() not in self.lex.anaphoric_nouns:
            return None
        spoke = next(
            (r for r in reversed(self.history) if not r.person and 0 < before - r.start <= NEAR),
            None,
        )
        named = next(
            (
                a
                for a in reversed(self.actors)
                if a.kind in ("institution", "group")
                and a.end <= before
                and before - a.start <= NEAR
                and quote_at(self.quotes, a.start) is None
                and a.text.lower().split()[-1:] != [head.lower_]
            ),
            None,
        )
        if named is not None and (spoke is None or named.start > spoke.start):
            name = " ".join(w for w in named.text.split() if w.lower() not in DETERMINERS)
            return Resolved(name, named, False, before, set(_words(named.text)))
        return self._last(before, person=False, window=NEAR)

    def _names_country(self, actor: Actor) -> bool:
        """Whether an actor's own words name a country ("Iranian embassy", "Iran's army")."""
        span = self.doc.char_span(actor.start, actor.end, alignment_mode="expand")
        return span is not None and any(t.ent_type_ in ("GPE", "NORP") for t in span)

    def _subject_before(self, pronoun: Token) -> Token | None:
        """A named subject earlier in the sentence ("Although Iran is neutral, it ...")."""
        for tok in reversed(self.doc[pronoun.sent.start : pronoun.i]):
            if quote_at(self.quotes, tok.idx) is not None:
                continue  # a name inside the quotation is not who speaks it
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "PROPN":
                return tok
        return None

    def _named_subject_before(self, pronoun: Token) -> Token | None:
        """The party (a country, institution or group) that was the subject of the sentence
        before the pronoun's."""
        sent = pronoun.sent
        if sent.start == 0:
            return None
        previous = self.doc[sent.start - 1].sent
        for tok in reversed(previous):
            if tok.dep_ != "nsubj" or quote_at(self.quotes, tok.idx) is not None:
                continue
            actor = self._actor_at(tok)
            if actor is not None and actor.kind in ("country", "institution", "group"):
                return tok
        return None

    def _issuer(self, head: Token) -> Token | None:
        """Who issued a statement: "the ministry's statement", "a statement by the army"."""
        for child in children(head):
            if child.dep_ == "poss":
                return child
        for child in children(head):
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
                for pobj in children(child):
                    if pobj.dep_ == "pobj":
                        return pobj
            if child.dep_ == "acl":  # "the statement released by the Kremlin"
                for agent in children(child):
                    if agent.dep_ == "agent":
                        found = next((g for g in children(agent) if g.dep_ == "pobj"), None)
                        if found is not None:
                            return found
        return None

    def _named_issuer(self, source: Span, head: Token) -> Resolved | None:
        """A statement named by its issuer's name before it ("a Kremlin statement", "the US
        intelligence document", "media reports"): the phrase without the statement noun."""
        words = [t for t in source if t.i < head.i and t.lower_ not in DETERMINERS]
        if not words or not any(t.pos_ in ("PROPN", "NOUN", "ADJ") for t in words):
            return None
        if any(t.pos_ in ("VERB", "NUM") or t.is_punct for t in words):
            return None
        if all(t.pos_ == "ADJ" and t.ent_type_ not in ("NORP", "GPE", "ORG") for t in words):
            return None  # "a new statement", "the final communique"
        span = self.doc[words[0].i : head.i]
        inside = self._actors_in(span)
        actor = inside[-1] if inside else self._actor_at(span.root)
        persons = [a for a in inside if a.kind == "person" and a.name[:1].isupper()]
        if persons:
            return Resolved(persons[-1].name, persons[-1], True, source.start_char)
        text = span.text.strip()
        words_set = set(_words(text))
        if actor is not None and actor.kind != "person":
            earlier = self._institution(words_set, source.start_char, actor)
            if earlier is not None:
                return Resolved(earlier.name, earlier.actor or actor, False, source.start_char)
        return Resolved(text, actor, False, source.start_char, words_set)

    def _last(self, before: int, person: bool | None, window: int = LOOKBACK) -> Resolved | None:
        """The latest speaker (a person, a non-person, or either when ``None``)."""
        for r in reversed(self.history):
            if r.start >= before or before - r.start > window:
                continue
            if person is None or r.person == person:
                return Resolved(r.name, r.actor, r.person, before, r.words)
        return None

    def _last_person_named(self, before: int) -> Resolved | None:
        """The latest person named before ``before``, preferring one who was a subject."""
        near = [p for p in self.people if p.start < before and before - p.start <= LOOKBACK]
        subjects = [p for p in near if self._is_subject(p.start)]
        chosen = (subjects or near)[-1:]
        return Resolved(chosen[0].name, chosen[0].actor, True, before) if chosen else None

    def _is_subject(self, offset: int) -> bool:
        tok = next((t for t in self.doc if t.idx <= offset < t.idx + len(t.text)), None)
        for _ in range(4):
            if tok is None:
                return False
            if tok.dep_ in ("nsubj", "nsubjpass"):
                return True
            if tok.dep_ not in ("compound", "appos", "flat") or tok.head == tok:
                return False
            tok = tok.head
        return False

    def _describe(self, source: Span, head: Token) -> Resolved | None:
        """The person a description refers to: role and country must fit; latest wins."""
        role = head.lemma_.lower() if head.lemma_.lower() in self.lex.roles else head.lower_
        phrase = " ".join(t.lower_ for t in source if t.lower_ not in DETERMINERS)
        # a role of several words ("the head of state") before its first word alone
        role = next((r for r in self.lex.roles if " " in r and r in phrase), role)
        titles = self.lex.roles.get(role, ())
        desc_words = {t.lower_ for t in source if not t.is_punct and t.lower_ not in DETERMINERS}
        desc_stems = {_stem(w) for w in desc_words}
        desc_actor = self._actor_at(head)
        country = desc_actor.country if desc_actor is not None else ""
        best: tuple[int, int, Person] | None = None
        for person in self.people:
            if person.start >= source.start_char or source.start_char - person.start > LOOKBACK:
                continue
            title = person.title or " ".join(sorted(person.descriptor))
            if titles and "" not in titles and not any(t in title for t in titles):
                continue
            if country and person.country and country != person.country:
                continue
            if not country and not person.country:
                # no dictionary: demonyms in the description must appear around the name
                adjectives = {_stem(t.lower_) for t in source if t.pos_ in ("ADJ", "PROPN")}
                if adjectives and not adjectives & {_stem(w) for w in person.descriptor}:
                    continue
            score = 2 if person.title and person.title in phrase else 1
            score += len(desc_stems & {_stem(w) for w in person.descriptor}) > 1
            key = (score, person.start)
            if best is None or key > best[:2]:
                best = (score, person.start, person)
        if best is None:
            return None
        person = best[2]
        return Resolved(person.name, person.actor or desc_actor, True, source.start_char)

    def _institution(self, words: set[str], before: int, actor: Actor | None) -> Resolved | None:
        """A fuller earlier name for a short institution name ("the ministry")."""
        content = {w for w in words if w not in DETERMINERS}
        if not content:
            return None
        for r in reversed(self.history):
            if r.person or r.start >= before or before - r.start > LOOKBACK:
                continue
            if content < r.words and (
                actor is None
                or not actor.country
                or r.actor is None
                or r.actor.country == actor.country
            ):
                return r
        return None


def _speaking_name(head: Token, names: list[T], where: Callable[[T], tuple[int, int]]) -> T | None:
    """Of the names inside a source phrase, the one that speaks: the head itself or the
    name in apposition to it. A name that only modifies a role noun is not the speaker:
    in "the Donetsk governor" it is a place the tagger took for a name, in "Zarif's
    spokesman" someone else."""
    if not names:
        return None
    heads = [head] + [c for c in children(head) if c.dep_ == "appos"]
    for tok in heads:
        for name in names:
            lo, hi = where(name)
            if lo <= tok.idx < hi:
                return name
    # a name that only modifies the role noun before it is not the speaker
    modifiers = [c for c in head.lefts if c.dep_ in ("compound", "nmod", "poss", "amod")]
    for name in names:
        lo, hi = where(name)
        if not any(lo <= t.idx < hi for m in modifiers for t in m.subtree):
            return name
    return None


_NOT_PEOPLE = frozenset({"GPE", "ORG", "NORP", "LOC", "FAC", "DATE", "TIME", "EVENT"})


def _bare(source: Span, head: Token) -> bool:
    """A determiner and the noun, perhaps with adjectives: "the group", "the militant group"."""
    return all(t == head or t.lower_ in DETERMINERS or t.pos_ == "ADJ" for t in source)


def _same_noun(word: str, noun: str) -> bool:
    """ "newspaper" is described by "paper"; "group" by "group"."""
    return word == noun or (len(noun) >= 4 and word.endswith(noun))


def _appositive_name(head: Token) -> str | None:
    """A proper name in apposition to a role noun ("the spokesman, Ali Rezaei,")."""
    if head.pos_ != "NOUN":
        return None
    for child in children(head):
        if child.dep_ != "appos" or child.pos_ != "PROPN" or child.ent_type_ in _NOT_PEOPLE:
            continue
        words = [t for t in child.subtree if t.i <= child.i]
        if all(t.pos_ == "PROPN" or t.tag_ == "HYPH" for t in words) and len(words) >= 2:
            return "".join(t.text_with_ws for t in words).strip()
    return None


def noun_phrase_of(tok: Token) -> Span:
    """A token's phrase, without a trailing possessive marker."""
    doc = tok.doc
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    return doc[start:end]
