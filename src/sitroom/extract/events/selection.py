"""Which triggers report events: anchoring, suppression under other acts, denials."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from sitroom.extract.events.casualties import (
    casualty_kind,
)
from sitroom.extract.events.lexicon import Cue, Modality, TriggerLexicon
from sitroom.extract.events.roles import (
    ActorIndex,
    actors_of,
    subject_of,
)
from sitroom.extract.events.triggers import Trigger, candidate_indices, find_triggers

_PARTICIPANT_PREPS = frozenset({"between", "on", "against", "by", "with", "at", "from"})


YIELDING = frozenset({"AGREE", "SUPPORT", "COOPERATE", "CONCEDE"})

# Noun events that a news sentence reports even without a verb of occurrence.
SELF_ANCHORED = frozenset({"PROTEST", "INVESTIGATE", "SANCTION", "AID", "COERCE", "MOBILIZE"})


def negated(tok: Token) -> bool:
    verb = tok if tok.pos_ in {"VERB", "AUX", "ADJ"} else tok.head
    return any(c.dep_ == "neg" for c in verb.children)


def is_casualty_trigger(trig: Trigger) -> bool:
    return (
        trig.type == "ASSAULT"
        and trig.cue.pos != "phrase"
        and casualty_kind(trig.token) is not None
    )


def _responsible_word(tok: Token) -> Token | None:
    """The "responsible" of "<tok> was responsible (for ...)" or "... was responsible for
    <tok>"."""
    if tok.dep_ == "nsubj":
        return next(
            (c for c in tok.head.children if c.lower_ == "responsible" and c.dep_ == "acomp"),
            None,
        )
    prep = tok.head
    if tok.dep_ == "pobj" and prep.lower_ == "for" and prep.head.lower_ == "responsible":
        return prep.head if prep.head.dep_ in {"acomp", "oprd"} else None
    return None


def is_attack_noun(tok: Token, lex: TriggerLexicon) -> bool:
    """A noun the lexicon reads as an attack ("strike", "bombing", "shelling")."""
    cues = lex.nouns.get(tok.lemma_.lower()) or lex.nouns.get(tok.lower_) or []
    return any(c.type == "ASSAULT" for c in cues)


def culprit_of(tok: Token, lex: TriggerLexicon) -> Token | None:
    """Who an attack noun is pinned on: the subject of "X was responsible for the strike"
    (a party, not another attack: "an Israeli airstrike was responsible for the
    bombing" tells the airstrike, and the bombing is that strike named again)."""
    if tok.dep_ != "pobj" or _responsible_word(tok) is None:
        return None
    # the verb's own subject only: one inherited from another clause is not who is meant
    verb = tok.head.head.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or is_attack_noun(subject, lex):
        return None
    return subject


def pinned(tok: Token, lex: TriggerLexicon) -> bool:
    """An attack told as what a side, or another attack, was responsible for: "an Israeli
    airstrike was responsible for the blast", "the group was responsible for the strike".
    Whoever says so tells of the attack, whoever they pin it on."""
    if _responsible_word(tok) is None:
        return False
    return tok.dep_ == "nsubj" or culprit_of(tok, lex) is not None


_SCENE_NOUNS = frozenset({"site", "scene", "theatre", "theater"})


def _scene_of(tok: Token) -> bool:
    """ "the area became the scene of heavy fighting", "the site of clashes last year": a
    place told as where the fight took place."""
    prep = tok.head
    return (
        tok.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.head.i != prep.i
        and prep.head.lemma_.lower() in _SCENE_NOUNS
    )


def anchored(tok: Token, lex: TriggerLexicon, index: ActorIndex) -> bool:
    """A noun trigger that reports an event rather than merely naming one."""
    mod = lex.modality
    assert mod is not None
    if pinned(tok, lex) or _scene_of(tok):
        return True
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
        if child.dep_ == "acl" and any(
            g.dep_ == "agent" and any(index.actor_at(o) is not None for o in g.children)
            for g in child.children
        ):
            return True  # "missile strikes carried out by India": a party named as its author
    head = tok.head
    if head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head
    if tok.dep_ == "conj":
        return anchored(tok.head, lex, index) if tok.head.pos_ in {"NOUN", "PROPN"} else False
    return head.pos_ in {"VERB", "AUX"} and head.lemma_.lower() in lex.anchor_verbs


def concluded_agreement(trig: Trigger, mod: Modality) -> bool:
    """A brokered truce or deal named inside another act ("supported the Russia-brokered
    ceasefire"): the statement presupposes the agreement, which is an event of its own."""
    if trig.type != "AGREE" or trig.mode not in {"ceasefire", "agreement"}:
        return False
    return any(
        c.dep_ in {"amod", "acl", "relcl", "compound"} and c.lemma_.lower() in mod.brokered_words
        for c in trig.token.children
    )


def rejects_violence(trig: Trigger, by_token: dict[int, Trigger]) -> bool:
    """ "rejects the missile attack": a condemnation, not a rejected proposal."""
    for child in trig.token.children:
        hit = by_token.get(child.i)
        if child.dep_ == "dobj" and hit is not None and hit.type == "ASSAULT":
            return True
    return False


def only_trigger(trig: Trigger, by_token: dict[int, Trigger], sent: Span) -> bool:
    return not any(sent.start <= i < sent.end and i != trig.token.i for i in by_token)


_TOPIC_PREPS = frozenset({"toward", "towards", "over", "about", "regarding", "concerning", "on"})
"""Prepositions after which a noun is what something is about (never "from": "the death
toll from the strike" reports the strike)."""


def excluded_noun(tok: Token) -> bool:
    """Noun uses that name no event: "war crime", the modifier in "ceasefire violations",
    and a topic: "Iran's strategy toward the war", "concerns over the clashes"."""
    if tok.dep_ == "compound" and tok.head.pos_ in {"NOUN", "PROPN"}:
        return True
    prep = tok.head
    if tok.dep_ == "pobj" and prep.lower_ in _TOPIC_PREPS and prep.head.i != prep.i:
        owner = prep.head
        if owner.pos_ in {"NOUN", "PROPN"} or (owner.dep_ == "acl" and owner.head.pos_ == "NOUN"):
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
            and sentence_mentions(tok.sent, mod.ceasefire_nouns)
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


def violation_words(lex: TriggerLexicon) -> frozenset[str]:
    mod = lex.modality
    assert mod is not None
    return mod.violation_verbs | mod.violation_nouns


def sentence_mentions(sent: Span, words: frozenset[str]) -> bool:
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

OBLIGATION = frozenset({"must", "should"})


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


WEAPON_MODES = frozenset(
    {"missile", "rocket", "mortar", "artillery", "drone", "explosives", "grenade", "chemical"}
)
"""Modes that name a weapon fired or set off (not "air" or "small-arms": "evacuated by
helicopter", "guarded by gunmen")."""


def _weapon_agents(doc: Doc, lex: TriggerLexicon, known: dict[int, Trigger]) -> list[Trigger]:
    """ "was twice hit by rockets", "had its dome pierced by a shell": whatever a weapon is
    said to have done to something is an attack with that weapon, whatever the verb."""
    words = frozenset(w for w, m in lex.mode_words.items() if m in WEAPON_MODES)
    out = []
    for i in candidate_indices(doc, words):
        tok = doc[i]
        prep = tok.head
        if tok.dep_ != "pobj" or prep.dep_ != "agent" or prep.head.i == prep.i:
            continue
        verb = prep.head
        if verb.pos_ != "VERB" or verb.i in known:
            continue
        mode = lex.mode_words.get(tok.lemma_.lower()) or lex.mode_words[tok.lower_]
        out.append(Trigger(verb, Cue("ASSAULT", mode, "verb"), (verb.i,), mode))
    return out


def all_triggers(
    doc: Doc, lex: TriggerLexicon, violation: list[int], modal: list[int]
) -> list[Trigger]:
    triggers = {t.token.i: t for t in find_triggers(doc, lex)}
    for t in _modal_demands(doc, modal, triggers):
        triggers[t.token.i] = t
    for t in _weapon_agents(doc, lex, triggers):
        triggers[t.token.i] = t
    for i in violation:
        tok = doc[i]
        cue = _violation_cue(tok, lex)
        if cue is not None:
            triggers[tok.i] = Trigger(tok, cue, (tok.i,), cue.mode)
    return [triggers[i] for i in sorted(triggers)]


def dependent_mode(trig: Trigger, by_token: dict[int, Trigger]) -> str:
    """The mode of a same-type trigger just below this one ("agreed to a ceasefire")."""
    for child in trig.token.children:
        for cand in (
            [child, *child.children] if child.dep_ in {"prep", "dobj", "xcomp"} else [child]
        ):
            hit = by_token.get(cand.i)
            if hit is not None and hit.type == trig.type and hit.mode:
                return hit.mode
    return ""


def is_denial(gov: Trigger, path: list[Token], lex: TriggerLexicon) -> bool:
    """A denial of claims ("rejected claims that ..."), not a rejection of a proposal."""
    mod = lex.modality
    assert mod is not None
    if gov.token.lemma_.lower() not in mod.denial_verbs:
        return False
    # the claim is the denial's own clause ("denied that it shelled"), not a clause said
    # beside it ("rejected the plan and said the force stays until demands are met")
    return any(t.lemma_.lower() in mod.claim_nouns for t in path) or any(
        t.dep_ == "ccomp" and t.head.i == gov.token.i for t in path
    )


def denies_claims(trig: Trigger, by_token: dict[int, Trigger], lex: TriggerLexicon) -> bool:
    """A REJECT trigger whose object is a claim with an event inside it."""
    mod = lex.modality
    assert mod is not None
    if trig.token.lemma_.lower() not in mod.denial_verbs:
        return False
    for other in by_token.values():
        if other.token.i == trig.token.i:
            continue
        gov, path = governing_trigger(other, by_token)
        if gov is not None and gov.token.i == trig.token.i and is_denial(trig, path, lex):
            return True
    return False


def _across_paragraphs(a: Token, b: Token) -> bool:
    """A paragraph break lies between the two tokens: a parse that ran over the break."""
    lo, hi = sorted((a.i, b.i))
    return any("\n" in t.text for t in a.doc[lo:hi] if t.is_space)


def governing_trigger(
    trig: Trigger, by_token: dict[int, Trigger]
) -> tuple[Trigger | None, list[Token]]:
    """The nearest trigger above this one in its sentence, and the path to it."""
    path: list[Token] = []
    cur = trig.token
    while cur.head.i != cur.i and not _across_paragraphs(cur, cur.head):
        path.append(cur)
        cur = cur.head
        hit = by_token.get(cur.i)
        if hit is not None and cur.i not in trig.tokens and not is_casualty_trigger(hit):
            return hit, path
    return None, path


def choose_protest(trig: Trigger, index: ActorIndex, lex: TriggerLexicon) -> Trigger:
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


def is_siding(trig: Trigger) -> bool:
    """Taking a side in a conflict ("sided with X", "took sides")."""
    return trig.type == "SUPPORT" and any(
        trig.token.doc[i].lemma_.lower() == "side" for i in trig.tokens
    )


def declines_sides(trig: Trigger, by_token: dict[int, Trigger]) -> bool:
    """Staying neutral ("is not siding with either", "refused to side with X"): no act of
    support or rejection aimed at anyone, so no event."""
    if is_siding(trig):
        return negated(trig.token)
    if trig.type != "REJECT":
        return False
    return any(
        is_siding(other)
        and governing_trigger(other, by_token)[0] is trig
        and other.token.dep_ in {"xcomp", "ccomp", "pcomp", "dobj"}
        for other in by_token.values()
    )
