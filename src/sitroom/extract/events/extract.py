"""Event mentions from a parsed article: triggers, roles, status, casualties, claimant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from sitroom.extract.events.acled import acled_label
from sitroom.extract.events.casualties import (
    CASUALTY_WORDS,
    Figure,
    casualty_kind,
    count_of,
    figures_to_casualties,
    sentence_figures,
)
from sitroom.extract.events.lexicon import Cue, TriggerLexicon, load_trigger_lexicon
from sitroom.extract.events.roles import (
    OBJECT_DEPS,
    TARGET_PREPS,
    ActorIndex,
    actors_of,
    agent_of,
    between_objects,
    is_passive,
    is_reciprocal,
    prep_objects,
    subject_of,
)
from sitroom.extract.events.status import (
    HYPOTHETICAL,
    VERBAL_TYPES,
    governing_verb,
    purpose_clause,
    status_of,
)
from sitroom.extract.events.triggers import Trigger, candidate_indices, find_triggers
from sitroom.model import Actor, Casualties, Event, Place

DateOf = Callable[[int, int], tuple[str | None, str | None, int]]
PlaceOf = Callable[[int, int], Place | None]
ClaimantOf = Callable[[int, int], Actor | None]

MILITARY_TYPES = frozenset({"ASSAULT", "MOBILIZE", "COERCE"})
_STRONG_PREPS = TARGET_PREPS - frozenset({"in", "of", "over", "for", "to"})
_WEAK_PREPS = frozenset({"in", "of", "to", "for", "over"})
_SYMMETRIC_MODES = frozenset({"clash", "war", "ceasefire", "agreement"})
_PARTICIPANT_PREPS = frozenset({"between", "on", "against", "by", "with", "at"})
_CONVEY_VERBS = frozenset(
    {
        "deploy",
        "send",
        "dispatch",
        "mobilize",
        "mobilise",
        "mass",
        "station",
        "transport",
        "deliver",
        "supply",
        "ship",
        "donate",
        "provide",
        "move",
    }
)
_PROJECTILES = frozenset(
    {"rocket", "missile", "shell", "projectile", "drone", "bomb", "mortar", "uav", "grenade"}
)


@dataclass(slots=True)
class Draft:
    """An event being built from one trigger."""

    trigger: Trigger
    sent: Span
    status: str
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    casualties: Casualties = field(default_factory=Casualties)
    claimant: Actor | None = None
    accuser: list[Actor] | None = None
    type: str = ""
    mode: str = ""


_YIELDING = frozenset({"AGREE", "SUPPORT", "COOPERATE", "CONCEDE"})
# Noun events that a news sentence reports even without a verb of occurrence.
_SELF_ANCHORED = frozenset({"PROTEST", "INVESTIGATE", "SANCTION", "AID", "COERCE", "MOBILIZE"})


def _negated(tok: Token) -> bool:
    verb = tok if tok.pos_ in {"VERB", "AUX", "ADJ"} else tok.head
    return any(c.dep_ == "neg" for c in verb.children)


def _is_casualty_trigger(trig: Trigger) -> bool:
    return (
        trig.type == "ASSAULT"
        and trig.cue.pos != "phrase"
        and casualty_kind(trig.token) is not None
    )


def _anchored(tok: Token, lex: TriggerLexicon, index: ActorIndex) -> bool:
    """A noun trigger that reports an event rather than merely naming one."""
    mod = lex.modality
    assert mod is not None
    for child in tok.children:
        if child.dep_ in {"poss", "amod", "compound", "nmod"} and (
            index.actor_at(child) is not None or child.lemma_.lower() in mod.brokered_words
        ):
            return True
        if child.dep_ in {"acl", "relcl", "amod"} and child.lemma_.lower() in mod.brokered_words:
            return True
        has_object = any(g.dep_ == "pobj" for g in child.children)
        if child.dep_ == "prep" and child.lower_ in _PARTICIPANT_PREPS and has_object:
            return True
        if child.dep_ == "nummod":
            return True
    head = tok.head
    if head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head
    if tok.dep_ == "conj":
        return _anchored(tok.head, lex, index) if tok.head.pos_ in {"NOUN", "PROPN"} else False
    return head.pos_ in {"VERB", "AUX"} and head.lemma_.lower() in lex.anchor_verbs


def _rejects_violence(trig: Trigger, by_token: dict[int, Trigger]) -> bool:
    """ "rejects the missile attack": a condemnation, not a rejected proposal."""
    for child in trig.token.children:
        hit = by_token.get(child.i)
        if child.dep_ == "dobj" and hit is not None and hit.type == "ASSAULT":
            return True
    return False


def _only_trigger(trig: Trigger, by_token: dict[int, Trigger], sent: Span) -> bool:
    return not any(sent.start <= i < sent.end and i != trig.token.i for i in by_token)


def _excluded_noun(tok: Token) -> bool:
    """Noun uses that name no event: "war crime", the modifier in "ceasefire violations"."""
    if tok.dep_ == "compound" and tok.head.pos_ in {"NOUN", "PROPN"}:
        return True
    return tok.dep_ == "poss"


def _violation_cue(tok: Token, lex: TriggerLexicon) -> Cue | None:
    """A ceasefire said to be broken ("the truce was violated", "ceasefire violations")."""
    mod = lex.modality
    assert mod is not None
    lemma = tok.lemma_.lower()
    if tok.pos_ in {"VERB", "AUX"} and lemma in mod.violation_verbs:
        related = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass", "nsubj"}]
        if any(
            r.lemma_.lower() in mod.ceasefire_nouns or r.lower_ in mod.ceasefire_nouns
            for r in related
        ):
            return Cue("ASSAULT", "ceasefire-violation", "verb")
        if (
            lemma in {"violate", "breach", "fail", "collapse"}
            and any(r.lower_ in {"this", "it", "both", "they", "which", "all"} for r in related)
            and _sentence_mentions(tok.sent, mod.ceasefire_nouns)
        ):
            return Cue("ASSAULT", "ceasefire-violation", "verb")
    if tok.pos_ in {"NOUN", "PROPN"} and lemma in mod.violation_nouns:
        for child in tok.children:
            if child.dep_ in {"compound", "amod"} and child.lemma_.lower() in mod.ceasefire_nouns:
                return Cue("ASSAULT", "ceasefire-violation", "noun")
            if child.dep_ == "prep" and child.lower_ == "of":
                for g in child.children:
                    if g.lemma_.lower() in mod.ceasefire_nouns:
                        return Cue("ASSAULT", "ceasefire-violation", "noun")
        if tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ == "cease":
            return Cue("ASSAULT", "ceasefire-violation", "noun")
    return None


def _violation_words(lex: TriggerLexicon) -> frozenset[str]:
    mod = lex.modality
    assert mod is not None
    return mod.violation_verbs | mod.violation_nouns


def _sentence_mentions(sent: Span, words: frozenset[str]) -> bool:
    return any(t.lemma_.lower() in words or t.lower_ in words for t in sent)


_REPORTING = frozenset(
    {
        "say",
        "declare",
        "conclude",
        "insist",
        "stress",
        "emphasize",
        "emphasise",
        "reiterate",
        "underline",
        "underscore",
        "state",
        "add",
        "note",
        "tell",
        "assert",
        "maintain",
        "argue",
    }
)
_OBLIGATION = frozenset({"must", "should"})


def _modal_demands(doc: Doc, modal: list[int], known: dict[int, Trigger]) -> list[Trigger]:
    """ "X declared that Y must stop": a demand by X on Y, cued by the modal of obligation."""
    out = []
    for i in modal:
        aux = doc[i]
        verb = aux.head
        if aux.dep_ != "aux" or verb.dep_ != "ccomp":
            continue
        head = verb.head
        if head.lemma_.lower() not in _REPORTING or head.i in known:
            continue
        if not any(c.dep_ == "nsubj" for c in verb.children):
            continue
        cue = Cue("DEMAND", "statement", "verb")
        out.append(Trigger(head, cue, (head.i,), "statement"))
    return out


def _all_triggers(
    doc: Doc, lex: TriggerLexicon, violation: list[int], modal: list[int]
) -> list[Trigger]:
    triggers = {t.token.i: t for t in find_triggers(doc, lex)}
    for t in _modal_demands(doc, modal, triggers):
        triggers[t.token.i] = t
    for i in violation:
        tok = doc[i]
        cue = _violation_cue(tok, lex)
        if cue is not None:
            triggers[tok.i] = Trigger(tok, cue, (tok.i,), cue.mode)
    return [triggers[i] for i in sorted(triggers)]


def _dependent_mode(trig: Trigger, by_token: dict[int, Trigger]) -> str:
    """The mode of a same-type trigger just below this one ("agreed to a ceasefire")."""
    for child in trig.token.children:
        for cand in (
            [child, *child.children] if child.dep_ in {"prep", "dobj", "xcomp"} else [child]
        ):
            hit = by_token.get(cand.i)
            if hit is not None and hit.type == trig.type and hit.mode:
                return hit.mode
    return ""


def _is_denial(gov: Trigger, path: list[Token], lex: TriggerLexicon) -> bool:
    """A denial of claims ("rejected claims that ..."), not a rejection of a proposal."""
    mod = lex.modality
    assert mod is not None
    if gov.token.lemma_.lower() not in mod.denial_verbs:
        return False
    return any(t.lemma_.lower() in mod.claim_nouns for t in path) or any(
        t.dep_ == "ccomp" for t in path
    )


def _denies_claims(trig: Trigger, by_token: dict[int, Trigger], lex: TriggerLexicon) -> bool:
    """A REJECT trigger whose object is a claim with an event inside it."""
    mod = lex.modality
    assert mod is not None
    if trig.token.lemma_.lower() not in mod.denial_verbs:
        return False
    for other in by_token.values():
        if other.token.i == trig.token.i:
            continue
        gov, path = _governing_trigger(other, by_token)
        if gov is not None and gov.token.i == trig.token.i and _is_denial(trig, path, lex):
            return True
    return False


def _governing_trigger(
    trig: Trigger, by_token: dict[int, Trigger]
) -> tuple[Trigger | None, list[Token]]:
    """The nearest trigger above this one in its sentence, and the path to it."""
    path: list[Token] = []
    cur = trig.token
    while cur.head.i != cur.i:
        path.append(cur)
        cur = cur.head
        hit = by_token.get(cur.i)
        if hit is not None and cur.i not in trig.tokens and not _is_casualty_trigger(hit):
            return hit, path
    return None, path


def _choose_protest(trig: Trigger, index: ActorIndex, lex: TriggerLexicon) -> Trigger:
    """ "protest" by a government is disapproval; by a crowd it is a protest."""
    if trig.token.lemma_.lower() != "protest" or trig.token.pos_ != "VERB":
        return trig
    subj = subject_of(trig.token)
    actors = actors_of(subj, index) if subj is not None else []
    if actors and all(a.sector in {"GOV", "IGO"} for a in actors):
        return Trigger(trig.token, Cue("DISAPPROVE", "statement", "verb"), trig.tokens, "statement")
    return Trigger(
        trig.token, Cue("PROTEST", "demonstration", "verb"), trig.tokens, "demonstration"
    )


def _verb_roles(
    tok: Token, index: ActorIndex, context: list[Actor]
) -> tuple[list[Actor], list[Actor]]:
    source: list[Actor] = []
    target: list[Actor] = []
    if is_passive(tok):
        agent = agent_of(tok)
        if agent is not None:
            source = actors_of(agent, index, context)
        for child in tok.children:
            if child.dep_ == "nsubjpass":
                target = actors_of(child, index, context) if not _projectile(child) else []
    else:
        subj = subject_of(tok)
        if subj is not None and not _projectile(subj):
            source = actors_of(subj, index, context)
            for other in subj.head.children if not source else []:
                if other.dep_ in {"nsubj", "nsubjpass"} and other.i != subj.i:
                    source = actors_of(other, index, context)
                    if source:
                        break
            if not source and subj.pos_ in {"NOUN", "PROPN"}:
                # "the conflict between Armenia and Azerbaijan flared up"
                for obj in between_objects(subj):
                    source.extend(actors_of(obj, index, context))
        if not _moves_its_object(tok):
            for child in tok.children:
                if child.dep_ in OBJECT_DEPS and not is_reciprocal(child):
                    target.extend(actors_of(child, index, context))
    return source, target


def _moves_its_object(tok: Token) -> bool:
    """Verbs whose object is what is sent or deployed, not the party acted upon."""
    return tok.lemma_.lower() in _CONVEY_VERBS


def _projectile(tok: Token) -> bool:
    return tok.lemma_.lower() in _PROJECTILES


def _noun_roles(
    tok: Token, index: ActorIndex, context: list[Actor]
) -> tuple[list[Actor], list[Actor]]:
    source: list[Actor] = []
    target: list[Actor] = []
    for child in tok.children:
        if child.dep_ in {"poss", "amod", "compound", "nmod"}:
            source.extend(actors_of(child, index, context))
        elif child.dep_ in {"prep", "agent"} and child.lower_ in {"by", "from"}:
            for g in child.children:
                if g.dep_ == "pobj":
                    source.extend(actors_of(g, index, context))
    head = tok.head
    if tok.dep_ in {"dobj", "attr", "oprd", "nsubjpass"} and head.pos_ in {"VERB", "AUX"}:
        subj = subject_of(head)
        if not source and subj is not None and not _projectile(subj):
            source = actors_of(subj, index, context)
        for obj in prep_objects(head, frozenset({"with", "to", "on", "against"})):
            if obj.i != tok.i:
                target.extend(actors_of(obj, index, context))
        for child in head.children:
            if child.dep_ == "dative":
                target.extend(actors_of(child, index, context))
    elif tok.dep_ == "pobj" and head.pos_ == "ADP" and head.lower_ == "under":
        # "Ganja came under a missile attack": the subject is the target
        subj = subject_of(head.head)
        if subj is not None:
            target.extend(actors_of(subj, index, context))
    elif (
        tok.dep_ == "pobj"
        and head.pos_ == "ADP"
        and head.lower_ == "in"
        and tok.head.head.pos_ in {"NOUN"}
    ):
        pass
    return source, target


def _targets_from_preps(toks: list[Token], index: ActorIndex, context: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for preps in (_STRONG_PREPS, _WEAK_PREPS):
        for t in toks:
            for obj in prep_objects(t, preps):
                if not is_reciprocal(obj):
                    out.extend(actors_of(obj, index, context))
        if out:
            return out
    return out


def _countries(actors: Sequence[Actor]) -> list[str]:
    out: list[str] = []
    for a in actors:
        if a.country and a.country not in out:
            out.append(a.country)
    return out


def _dedupe(actors: list[Actor]) -> list[Actor]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for a in actors:
        key = (a.country, a.group, a.sector if a.country or a.group else a.text)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _fill_reciprocal(d: Draft, index: ActorIndex, lex: TriggerLexicon) -> None:
    """Two-sided acts: both parties on both sides; a missing party from the conflict's pair."""
    at = d.trigger.token.idx
    reciprocal = any(is_reciprocal(t) for t in _argument_tokens(d.trigger.token))
    two_sided = reciprocal or d.mode in lex.reciprocal_modes
    if not two_sided:
        return
    src, tgt = _countries(d.source), _countries(d.target)
    sector = "MIL" if d.type in MILITARY_TYPES else "GOV"
    if d.mode in _SYMMETRIC_MODES or reciprocal:
        known = set(src) | set(tgt)
        if len(known) < 2 and (d.mode in _SYMMETRIC_MODES or reciprocal):
            for c in index.dyad(at, exclude=known if known else None):
                if len(known) >= 2:
                    break
                if c not in known:
                    known.add(c)
                    d.source.append(_pair_actor(c, sector))
        both = _dedupe(d.source + d.target)
        d.source = list(both)
        d.target = list(both)
    elif len(src) >= 2 and not tgt:
        d.target = list(d.source)
    elif src and tgt:
        both = _dedupe(d.source + d.target)
        d.source = list(both)
        d.target = list(both)


def _known(actors: list[Actor]) -> list[Actor]:
    """Actors that say who: a country, a named group or a person."""
    return [a for a in actors if a.country or a.group or a.kind == "person"]


def _pair_actor(country: str, sector: str) -> Actor:
    return Actor(text="", country=country, sector=sector, kind="country")


def _argument_tokens(tok: Token) -> list[Token]:
    out = []
    for child in tok.children:
        out.append(child)
        if child.dep_ in {"prep", "prt"}:
            out.extend(child.children)
    return out


def _military(actors: list[Actor]) -> list[Actor]:
    out = []
    for a in actors:
        if a.kind in {"country", "capital"} and a.sector == "GOV":
            b = Actor(
                text=a.text,
                country=a.country,
                sector="MIL",
                name=a.name,
                title=a.title,
                group=a.group,
                kind=a.kind,
                start=a.start,
                end=a.end,
            )
            out.append(b)
        else:
            out.append(a)
    return out


def _victims(tok: Token, index: ActorIndex, context: list[Actor]) -> list[Actor]:
    """Actors among the victims of a casualty word ("three of its troops", "Armenian soldiers")."""
    from sitroom.extract.events.casualties import _victim_phrase

    phrase = _victim_phrase(tok)
    if phrase is None or phrase.i == tok.i:
        return []
    _, _, noun, _ = count_of(phrase)
    out: list[Actor] = []
    for cand in (phrase, noun):
        if cand is not None:
            out.extend(actors_of(cand, index, context))
            for child in cand.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for g in child.children:
                        out.extend(actors_of(g, index, context))
    return _dedupe(out)


class _Builder:
    """Holds one document's state while its events are built."""

    def __init__(
        self,
        doc: Doc,
        actors: Sequence[Actor],
        dct: dt.date | None,
        date_of: DateOf,
        place_of: PlaceOf,
        claimant_of: ClaimantOf,
        lex: TriggerLexicon,
    ) -> None:
        self.doc = doc
        self.index = ActorIndex(doc, list(actors))
        self.dct = dct
        self.date_of = date_of
        self.place_of = place_of
        self.claimant_of = claimant_of
        self.lex = lex

    def drafts(self) -> list[Draft]:
        lex = self.lex
        mod = lex.modality
        assert mod is not None
        violation = candidate_indices(self.doc, _violation_words(lex))
        modal = candidate_indices(self.doc, _OBLIGATION)
        casualty = candidate_indices(self.doc, CASUALTY_WORDS)
        triggers = [
            _choose_protest(t, self.index, lex)
            for t in _all_triggers(self.doc, lex, violation, modal)
        ]
        by_token = {t.token.i: t for t in triggers}
        out: list[Draft] = []
        recent: list[Draft] = []
        for sent in self.doc.sents:
            lo, hi = sent.start, sent.end
            sent_trigs = [t for t in triggers if lo <= t.token.i < hi]
            words = [i for i in casualty if lo <= i < hi]
            if not sent_trigs and not words:
                continue
            figures = sentence_figures(sent, words)
            kept: list[Draft] = []
            casualty_trigs: list[Trigger] = []
            for trig in sent_trigs:
                if _is_casualty_trigger(trig):
                    casualty_trigs.append(trig)
                    continue
                draft = self._draft(trig, sent, by_token, figures)
                if draft is not None:
                    kept.append(draft)
            # later triggers see who acted earlier in the sentence ("urging them to ...")
            assaults = [d for d in kept if d.type == "ASSAULT"]
            if figures:
                if assaults:
                    self._attach(figures, assaults)
                else:
                    created = self._casualty_event(sent, casualty_trigs, figures, by_token, recent)
                    if created is not None:
                        kept.append(created)
            out.extend(kept)
            recent = ([d for d in kept if d.type == "ASSAULT"] or recent)[-3:]
        return out

    def _attach(self, figures: list[Figure], assaults: list[Draft]) -> None:
        for fig in figures:
            best = min(assaults, key=lambda d: abs(d.trigger.token.i - fig.token))
            cas = best.casualties
            if fig.kind == "killed" and cas.killed is None:
                cas.killed, cas.killed_approx = fig.value, fig.approx
            elif fig.kind == "injured" and cas.injured is None:
                cas.injured, cas.injured_approx = fig.value, fig.approx
            else:
                continue
            cas.victim_sector = cas.victim_sector or fig.sector

    def _casualty_event(
        self,
        sent: Span,
        casualty_trigs: list[Trigger],
        figures: list[Figure],
        by_token: dict[int, Trigger],
        recent: list[Draft],
    ) -> Draft | None:
        """Casualties stated on their own: added to the event just reported, or a new one."""
        casualties = figures_to_casualties(figures)
        word = self.doc[figures[0].token]
        trig = next((t for t in casualty_trigs if t.token.i == word.i), None)
        if trig is None:
            trig = casualty_trigs[0] if casualty_trigs else None
        source: list[Actor] = []
        if trig is not None:
            source, _ = _verb_roles(trig.token, self.index, [])
        if not source and recent:
            last = recent[-1]
            if last.casualties.killed is None and last.casualties.injured is None:
                last.casualties = casualties
                return None
        if trig is None:
            return None
        if self._suppressed(trig, by_token, sent) is not None:
            return None
        status = status_of(trig.token, "ASSAULT", self.lex.modality)  # type: ignore[arg-type]
        if status == HYPOTHETICAL:
            return None
        draft = Draft(trig, sent, status, type="ASSAULT", mode=trig.mode)
        draft.source = source
        draft.target = _victims(word, self.index, [])
        if not draft.source and draft.target:
            known = set(_countries(draft.target))
            pair = self.index.dyad(word.idx)
            if known and set(pair) & known:
                draft.source = [_pair_actor(c, "MIL") for c in pair if c not in known]
        draft.casualties = casualties
        return draft

    def _suppressed(
        self, trig: Trigger, by_token: dict[int, Trigger], sent: Span
    ) -> Trigger | None:
        """The governing trigger that swallows this one (a demand's content, a same-type head)."""
        gov, path = _governing_trigger(trig, by_token)
        if gov is None:
            return None
        if gov.type == trig.type:
            return gov
        if gov.type in VERBAL_TYPES:
            if _is_denial(gov, path, self.lex):
                return None  # "rejected claims that it shelled": the shelling, denied
            return gov
        return None

    def _draft(
        self, trig: Trigger, sent: Span, by_token: dict[int, Trigger], figures: list[Figure]
    ) -> Draft | None:
        lex = self.lex
        mod = lex.modality
        assert mod is not None
        tok = trig.token
        is_noun = trig.cue.pos == "noun" or (
            trig.cue.pos == "phrase" and tok.pos_ in {"NOUN", "PROPN"}
        )
        if trig.cue.pos == "noun":
            if _excluded_noun(tok):
                return None
            alone = trig.type in _SELF_ANCHORED and _only_trigger(trig, by_token, sent)
            anchored = alone or _anchored(tok, lex, self.index)
            if not anchored and not (trig.type == "ASSAULT" and figures):
                return None
        if is_noun:
            verb = governing_verb(tok)
            if verb.i != tok.i and purpose_clause(verb, mod) == HYPOTHETICAL:
                return None
        if trig.type == "REJECT" and _denies_claims(trig, by_token, lex):
            return None
        if trig.type == "REJECT" and _rejects_violence(trig, by_token):
            trig = Trigger(tok, Cue("DISAPPROVE", "statement", "verb"), trig.tokens, "statement")
        accuser: list[Actor] | None = None
        gov = self._suppressed(trig, by_token, sent)
        if gov is not None:
            concrete = trig.type == "ASSAULT" and tok.pos_ == "VERB"
            if gov.type == "DISAPPROVE" and concrete:
                accuser, _ = _verb_roles(gov.token, self.index, [])
            else:
                return None
        status = status_of(tok, trig.type, mod)
        if status == HYPOTHETICAL:
            return None
        etype = trig.type
        if status == "denied" and etype in _YIELDING and _negated(tok):
            etype, status = "REJECT", "occurred"  # "will not accept", "refused to agree"
        if (
            trig.mode == "ceasefire-violation"
            or accuser is not None
            and _sentence_mentions(sent, mod.ceasefire_nouns)
        ):
            status = "reported-violation"
        mode = trig.mode or _dependent_mode(trig, by_token)
        draft = Draft(trig, sent, status, type=etype, mode=mode, accuser=accuser)
        self._roles(draft, is_noun)
        return draft

    def _roles(self, d: Draft, is_noun: bool) -> None:
        tok = d.trigger.token
        toks = [self.doc[i] for i in d.trigger.tokens]
        if d.mode == "ceasefire-violation":
            return
        if is_noun:
            source, target = _noun_roles(tok, self.index, [])
            between = between_objects(tok)
            if between:
                parties: list[Actor] = []
                for obj in between:
                    parties.extend(actors_of(obj, self.index, []))
                source, target = source + parties, target + parties
        else:
            source, target = _verb_roles(tok, self.index, [])
            if tok.pos_ == "ADJ":
                subj = subject_of(tok.head) if tok.dep_ == "acomp" else subject_of(tok)
                if subj is not None:
                    source = actors_of(subj, self.index, [])
        if not target:
            target = _targets_from_preps(toks, self.index, source)
        if not target:
            target = self._complement_targets(tok)
        if not target and not is_noun:
            target = self._subtree_targets(tok)
        d.source, d.target = _dedupe(_known(source)), _dedupe(_known(target))
        if d.trigger.cue.type == "AGREE" and d.mode in {"ceasefire", "agreement"} and is_noun:
            # the broker ("brokered by Russia") is not a party
            d.source = [a for a in d.source if a.country in _countries(d.target)] or d.source
        _fill_reciprocal(d, self.index, self.lex)
        if any(is_reciprocal(t) for t in _argument_tokens(tok)) and d.source:
            d.target = list(d.source)

    def _subtree_targets(self, tok: Token) -> list[Actor]:
        """Parties named anywhere in the trigger's complements ("agreed to send aid to X")."""
        skip: set[int] = set()
        for child in tok.children:
            if child.dep_ in {"nsubj", "nsubjpass", "csubj", "agent", "advcl", "punct", "cc"}:
                skip.update(t.i for t in child.subtree)
            if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}:
                skip.update(t.i for t in child.subtree)
        out: list[Actor] = []
        seen: set[str] = set()
        for t in tok.subtree:
            if t.i in skip or t.i == tok.i:
                continue
            for actor in actors_of(t, self.index, []) if t.dep_ != "conj" else []:
                if actor.country and actor.country not in seen:
                    seen.add(actor.country)
                    out.append(actor)
        return out

    def _complement_targets(self, tok: Token) -> list[Actor]:
        """Parties named in the complement: "ready to mediate between X and Y"."""
        out: list[Actor] = []
        for comp in tok.children:
            if comp.dep_ not in {"xcomp", "acl"}:
                continue
            heads = [comp, *(c for c in comp.children if c.dep_ == "dobj")]
            for h in heads:
                for obj in between_objects(h):
                    out.extend(actors_of(obj, self.index, []))
            if not out:
                for c in comp.children:
                    if c.dep_ in {"dobj", "dative"}:
                        out.extend(actors_of(c, self.index, []))
                out.extend(_targets_from_preps([comp], self.index, []))
        return out

    def event(self, d: Draft) -> Event:
        """Finish a draft: date, place, claimant, sectors and the ACLED label."""
        trig = d.trigger
        start = self.doc[trig.start].idx
        last = self.doc[trig.end - 1]
        end = last.idx + len(last)
        date, precision, time_precision = self.date_of(start, end)
        if date is None:
            if self.dct is not None:
                date, precision, time_precision = str(self.dct.year), "year", 3
            else:
                precision, time_precision = None, 3
        place = self.place_of(start, end)
        source, target = d.source, d.target
        by_place = d.type == "ASSAULT" and not target and place is not None and place.country
        if by_place and place is not None and place.country not in _countries(source):
            sector = "CVL" if place.precision == "town" else "UNK"
            target = [
                Actor(
                    text=place.text,
                    country=place.country,
                    sector=sector,
                    kind="place",
                    start=place.start,
                    end=place.end,
                )
            ]
        if d.type in MILITARY_TYPES:
            source, target = _military(source), _military(target)
        claimant = self._claimant(d, start, end, source)
        if not source and _first_person_subject(trig.token):
            speaker = self.claimant_of(start, end)
            if speaker is not None:
                source, claimant = [speaker], None
        event = Event(
            type=d.type,
            start=start,
            end=end,
            trigger=self.doc[trig.start : trig.end].text,
            mode=d.mode,
            status=d.status,
            source=source,
            target=target,
            date=date,
            date_precision=precision,
            time_precision=time_precision,
            place=place,
            casualties=d.casualties,
            claimant=claimant,
            sentence_start=d.sent.start_char,
            sentence_end=d.sent.end_char,
        )
        event.acled_event_type, event.acled_sub_event_type = acled_label(event)
        return event

    def _claimant(self, d: Draft, start: int, end: int, source: list[Actor]) -> Actor | None:
        claimant = self.claimant_of(start, end)
        if claimant is None and d.accuser:
            claimant = d.accuser[0]
        if claimant is None:
            return None
        for a in source:
            if (
                a.start >= 0
                and claimant.start >= 0
                and a.start < claimant.end
                and claimant.start < a.end
            ):
                return None
        if d.type in VERBAL_TYPES and claimant.country and claimant.country in _countries(source):
            return None
        return claimant


_FIRST_PERSON = frozenset({"we", "i", "us", "our"})


def _first_person_subject(tok: Token) -> bool:
    """The act is the speaker's own: "we call for", "we are ready to"."""
    verb = tok if tok.pos_ in {"VERB", "AUX", "ADJ"} else tok.head
    subj = subject_of(verb)
    if subj is None and verb.head.i != verb.i:
        subj = subject_of(verb.head)
    if subj is None:
        for child in tok.children:
            if child.dep_ == "poss":
                subj = child
    return subj is not None and subj.lower_ in _FIRST_PERSON


def _says_who(e: Event) -> bool:
    """Keep events with a known party; a reported violation or a toll stands on its own."""
    parties = any(a.country or a.group for a in e.source)
    if e.type != "ASSAULT":
        return parties or (e.type == "AGREE" and e.mode == "ceasefire")
    if e.mode == "ceasefire-violation" or e.casualties.killed or e.casualties.injured:
        return True
    return parties or any(a.country or a.group for a in e.target)


def _key(e: Event) -> tuple[object, ...]:
    return (
        e.type,
        e.trigger.lower(),
        e.mode,
        frozenset(_countries(e.source)),
        frozenset(_countries(e.target)),
        e.date,
        e.place.name if e.place else None,
        e.claimant.country if e.claimant else None,
        e.status,
    )


def _merge_duplicates(events: list[Event]) -> list[Event]:
    """One event per repeated mention in an article (same trigger word, sides, date, place)."""
    kept: dict[tuple[object, ...], Event] = {}
    out = []
    for e in events:
        k = _key(e)
        first = kept.get(k)
        if first is None:
            kept[k] = e
            out.append(e)
            continue
        cas = first.casualties
        if cas.killed is None and e.casualties.killed is not None:
            cas.killed, cas.killed_approx = e.casualties.killed, e.casualties.killed_approx
        if cas.injured is None and e.casualties.injured is not None:
            cas.injured, cas.injured_approx = e.casualties.injured, e.casualties.injured_approx
    return out


def extract_events(
    doc: Doc,
    actors: Sequence[Actor],
    *,
    dct: dt.date | None,
    date_of: DateOf,
    place_of: PlaceOf,
    claimant_of: ClaimantOf,
    lexicon: TriggerLexicon | None = None,
    require_party: bool = True,
) -> list[Event]:
    """Event mentions in ``doc`` in PLOVER, with roles, status, casualties and claimant."""
    lex = lexicon or load_trigger_lexicon()
    builder = _Builder(doc, actors, dct, date_of, place_of, claimant_of, lex)
    events = [builder.event(d) for d in builder.drafts()]
    if require_party:
        # in running news an act by nobody in particular is rarely an event worth a record
        events = [e for e in events if _says_who(e)]
    return _merge_duplicates(events)
