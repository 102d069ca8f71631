"""Event arguments: source and target actors of a trigger, two-sided acts, victims."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from sitroom.extract.events.casualties import (
    count_of,
)
from sitroom.extract.events.lexicon import TriggerLexicon
from sitroom.extract.events.roles import (
    NAMING_VERBS,
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
from sitroom.extract.events.triggers import Trigger
from sitroom.model import Actor, Casualties

MILITARY_TYPES = frozenset({"ASSAULT", "MOBILIZE", "COERCE"})

_STRONG_PREPS = TARGET_PREPS - frozenset({"in", "of", "over", "for", "to"})

_WEAK_PREPS = frozenset({"in", "of", "to", "for", "over"})

_SYMMETRIC_MODES = frozenset({"clash", "war", "ceasefire", "agreement"})

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

PROJECTILES = frozenset(
    {"rocket", "missile", "shell", "projectile", "drone", "bomb", "mortar", "uav", "grenade"}
)
"""Weapons that fly from whoever fired them ("a rocket from Gaza")."""


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


def verb_roles(
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
        if agent is None and tok.lemma_.lower() in _STATIVE_PASSIVES:
            source, target = target, []  # "Vietnam is committed to ...": a stance, not a victim
        elif agent is None and tok.lemma_.lower() in _HARM_VERBS:
            # "were killed in Russian shelling", "as a result of the strikes launched by X"
            source = _cause_agents(tok, index, context)
    else:
        subj = subject_of(tok)
        if subj is not None and _projectile(subj):
            source = launcher(subj, index, context)
        elif subj is not None:
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
                if child.dep_ not in OBJECT_DEPS or is_reciprocal(child):
                    continue
                if child.lemma_.lower() in _STANCE_OBJECTS:
                    # "voiced Tehran's readiness to help": whose stance it is, not a target
                    if not any(a.country for a in source):
                        owners = [a for a in actors_of(child, index, context) if a.country]
                        source = owners or source
                    continue
                target.extend(actors_of(child, index, context))
        forcer = _forced_by(tok)
        if forcer is not None and not target:
            # "repelled the invasion, forcing Israel to retreat": it retreats from the forcer
            target = actors_of(forcer, index, context)
        if not target and tok.lemma_.lower() in _ADDRESSING_VERBS:
            target = _content_subject(tok, index, context)
    return source, target


# Nouns of a stance that a verb voices ("expressed X's readiness", "voiced its support"):
# their owner holds the stance.
_STANCE_OBJECTS = frozenset(
    {
        "readiness",
        "willingness",
        "preparedness",
        "desire",
        "intention",
        "determination",
        "commitment",
        "eagerness",
    }
)
# Verbs that make their object do the act of their complement: "forcing X to retreat".
_FORCING_VERBS = frozenset({"force", "compel", "oblige", "push", "drive"})
_YIELDING_ACTS = frozenset({"retreat", "withdraw", "pull", "leave", "flee", "surrender"})


def _forced_by(tok: Token) -> Token | None:
    """The subject that forced ``tok``'s withdrawal ("X repelled Y, forcing Y to retreat")."""
    if tok.lemma_.lower() not in _YIELDING_ACTS or tok.dep_ != "xcomp":
        return None
    if tok.head.lemma_.lower() not in _FORCING_VERBS:
        return None
    return subject_of(tok.head)


# Verbs whose that-clause names who must act: "demanded that the US cancel",
# "reiterated that Libya must hand over": the clause's subject is the party addressed.
_ADDRESSING_VERBS = frozenset(
    {
        "demand",
        "insist",
        "reiterate",
        "declare",
        "say",
        "warn",
        "urge",
        "ask",
        "stress",
        "require",
        "order",
        "tell",
        "announce",
        "state",
        "propose",
        "suggest",
        "accuse",
        "charge",
        "allege",
        "claim",
        "protest",
        "complain",
        "argue",
        "assert",
        "contend",
    }
)


_ADDRESSING_NOUNS = frozenset({"demand", "call", "appeal", "warning", "accusation", "claim"})


def _content_subject(tok: Token, index: ActorIndex, context: list[Actor]) -> list[Actor]:
    """The subject of the that-clause of ``tok`` (the party its demand or claim is about)."""
    for child in tok.children:
        if child.dep_ != "ccomp":
            continue
        for sub in child.children:
            if sub.dep_ in {"nsubj", "nsubjpass"} and sub.lower_ not in _SELF_PRONOUNS:
                return actors_of(sub, index, context)
    return []


_SELF_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i"})


def _moves_its_object(tok: Token) -> bool:
    """Verbs whose object is what is sent or deployed, not the party acted upon."""
    return tok.lemma_.lower() in _CONVEY_VERBS


def _projectile(tok: Token) -> bool:
    return tok.lemma_.lower() in PROJECTILES


def launcher(tok: Token, index: ActorIndex, context: list[Actor]) -> list[Actor]:
    """Who fired a projectile named as the subject: its owner ("a Cambodian artillery
    shell", "Hezbollah's rockets", "Indian missile strikes") or the agent or origin of the
    participle that tells of its firing ("rockets fired from Lebanon by Hezbollah")."""
    out: list[Actor] = []
    for t in [tok, *(c for c in tok.children if c.dep_ == "compound" and _projectile(c))]:
        for child in t.children:
            if child.dep_ in {"amod", "poss", "nmod", "compound"} and not _projectile(child):
                out.extend(actors_of(child, index, context))
            elif child.dep_ == "acl":
                for g in child.children:
                    if g.dep_ == "agent" or (g.dep_ == "prep" and g.lower_ == "by"):
                        for obj in g.children:
                            if obj.dep_ == "pobj":
                                out.extend(actors_of(obj, index, context))
    return out


# Participles that state the subject's own stance ("is committed to", "is determined to").
_STATIVE_PASSIVES = frozenset({"commit", "determine", "prepare", "dedicate", "resolve", "oblige"})
_SETTING_PREPS = frozenset({"during", "in", "at", "after", "on", "through", "over"})
# "X killed 46 civilians in an attack on Y": the attack is X's, its victims the object.
_HARM_VERBS = frozenset({"kill", "wound", "injure", "destroy", "damage", "hit"})


def _cause_agents(tok: Token, index: ActorIndex, context: list[Actor]) -> list[Actor]:
    """Who made the act a harm verb says the harm came from ("killed in Russian shelling",
    "wounded as a result of the measures launched by X")."""
    out: list[Actor] = []
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"in", "during", "as", "by", "from"}:
            continue
        for cause in (c for c in prep.children if c.dep_ == "pobj"):
            if cause.lemma_.lower() in {"result", "consequence"}:
                cause = next(iter(prep_objects(cause, frozenset({"of"}))), cause)
            out.extend(noun_roles(cause, index, context, "ASSAULT")[0])
    return [a for a in out if a.country or a.group]


_MEASURES = frozenset(
    {"worth", "ton", "tonne", "shipment", "consignment", "package", "amount", "load", "supply"}
)


def _measured(tok: Token) -> Token:
    """The amount a noun trigger is counted in ("gave X 5 million dollars of aid", "sent
    200 tons of food"): it, not the trigger, is the verb's object."""
    while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.dep_ == "prep":
        amount = tok.head.head
        counted = any(c.dep_ == "nummod" for c in amount.children)
        if amount.pos_ != "NOUN" or not (counted or amount.lemma_.lower() in _MEASURES):
            break
        tok = amount
    return tok


def noun_roles(
    tok: Token, index: ActorIndex, context: list[Actor], etype: str = ""
) -> tuple[list[Actor], list[Actor]]:
    """Source and target of a noun trigger ("Armenia's attack on X", "talks with Y")."""
    talks_of_violence = etype == "ASSAULT"
    source: list[Actor] = []
    target: list[Actor] = []
    for child in tok.children:
        if child.dep_ in {"poss", "amod", "compound", "nmod"}:
            source.extend(actors_of(child, index, context))
        elif child.dep_ in {"prep", "agent"} and child.lower_ in {"by", "from"}:
            for g in child.children:
                if g.dep_ == "pobj":
                    source.extend(actors_of(g, index, context))
        elif child.dep_ == "acl" and (
            talks_of_violence or etype not in {"AGREE", ""} and child.lemma_.lower() in _HELD
        ):
            # "missile strikes carried out by India", "phone talks conducted by X"
            for g in child.children:
                if g.dep_ == "agent":
                    for o in g.children:
                        if o.dep_ == "pobj":
                            source.extend(actors_of(o, index, context))
    if not target:
        # "a suspension of air links with X", "the resumption of talks with X"
        for what in prep_objects(tok, frozenset({"of"})):
            for obj in prep_objects(what, frozenset({"with", "to", "against", "on"})):
                target.extend(actors_of(obj, index, context))
    amount = _measured(tok)
    if amount.i != tok.i and not target:
        # "gave Laos 3 million dollars of aid" is often parsed with the recipient as the
        # amount's modifier: a name before the number is the indirect object
        number = next((c.i for c in amount.children if c.dep_ == "nummod"), amount.i)
        for child in amount.children:
            if child.dep_ in {"nmod", "compound"} and child.pos_ == "PROPN" and child.i < number:
                target.extend(actors_of(child, index, context))
    tok = amount
    head = tok.head
    if tok.dep_ in {"dobj", "attr", "oprd", "nsubjpass"} and head.pos_ in {"VERB", "AUX"}:
        subj = subject_of(head)
        if talks_of_violence and head.dep_ == "pcomp" and head.head.lower_ == "by":
            # "X violated the border by launching an assault": X attacks (not whoever
            # reports the violation)
            subj = subject_of(head.head.head)
        # "X called it the deadliest attack": who names an act has not done it
        naming = tok.dep_ == "oprd" or head.lemma_.lower() in NAMING_VERBS
        if not source and subj is not None and not _projectile(subj) and not naming:
            source = actors_of(subj, index, context)
        for obj in prep_objects(head, frozenset({"with", "to", "on", "against", "into"})):
            if obj.i != tok.i:
                target.extend(actors_of(obj, index, context))
        for child in head.children:
            if child.dep_ == "dative":
                target.extend(actors_of(child, index, context))
        if not target and tok.lemma_.lower() in _ADDRESSING_NOUNS:
            # "reiterated its demand that Israel ease ...": the that-clause hangs on the verb
            target = _content_subject(head, index, context)
    elif tok.dep_ == "pobj" and head.pos_ == "ADP" and head.lower_ == "under":
        # "Ganja came under a missile attack": the subject is the target
        subj = subject_of(head.head)
        if subj is not None:
            target.extend(actors_of(subj, index, context))
    elif (
        tok.dep_ == "pobj"
        and head.pos_ == "ADP"
        and head.lower_ in _SETTING_PREPS
        and head.head.pos_ in {"VERB", "AUX"}
        and not source
        and (not talks_of_violence or head.head.lemma_.lower() in _HARM_VERBS)
    ):
        # "X made the remarks during a phone call with Y": X took part in the call
        subj = subject_of(head.head)
        if subj is not None and subj.dep_ == "nsubjpass" and talks_of_violence:
            # "two Thai soldiers were killed in an explosion": the harmed are its target
            target = actors_of(subj, index, context)
        elif subj is not None and not _projectile(subj):
            source = actors_of(subj, index, context)
        for child in head.head.children:
            if child.dep_ in {"dobj", "dative"} and not target:
                target = actors_of(child, index, context)  # "told Y in a phone call"
    return source, target


# Participles whose agent holds the talks or visit they describe ("talks hosted by X" is
# not among them: a host may only broker).
_HELD = frozenset(
    {"conduct", "hold", "carry", "make", "initiate", "organise", "organize", "pay", "lead"}
)

# "in protest at X", "in defiance of X": the party an act is aimed at, named outright.
_STANCE_NOUNS = frozenset({"protest", "defiance", "opposition"})


def stance_targets(tok: Token, index: ActorIndex) -> list[Actor]:
    """Parties of an "in protest at/of/against X" or "in defiance of X" phrase on the
    trigger or, for a noun trigger, on its verb ("went on strike in protest at ...")."""
    top = tok if tok.pos_ in {"VERB", "AUX"} else tok.head
    out: list[Actor] = []
    for stance in top.subtree:
        prep = stance.head
        if stance.lemma_.lower() not in _STANCE_NOUNS or prep.lower_ != "in":
            continue
        if stance.dep_ != "pobj" or not _same_clause(prep.head, top):
            continue
        for obj in prep_objects(stance, frozenset({"of", "at", "against", "over", "to"})):
            out.extend(a for a in actors_of(obj, index, []) if a.country or a.group)
    return dedupe(out)


def _same_clause(tok: Token, top: Token) -> bool:
    """``tok`` hangs on ``top`` through nouns and prepositions only (the phrase is said of
    ``top``'s clause: "blocked streets in X in defiance of Y"), not through another verb."""
    for _ in range(6):
        if tok.i == top.i:
            return True
        if tok.pos_ in {"VERB", "AUX"} or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


# Withdrawals: what is pulled out is the object, the party left is "from X".
_WITHDRAWALS = frozenset({"withdraw", "withdrawal", "pull", "pullout", "retreat", "evacuate"})


def withdrawn_from(tok: Token, index: ActorIndex) -> list[Actor]:
    """Parties a withdrawal leaves ("withdraw its troops from Lebanon"), the trigger's own
    or its complement's ("is willing to withdraw ... from X")."""
    out: list[Actor] = []
    for t in [tok, *(c for c in tok.children if c.dep_ in {"xcomp", "ccomp"})]:
        if t.lemma_.lower() not in _WITHDRAWALS:
            continue
        heads = [t, *(c for c in t.children if c.dep_ == "prt")]
        for obj in (o for h in heads for o in prep_objects(h, frozenset({"from"}))):
            out.extend(a for a in actors_of(obj, index, []) if a.country or a.group)
    return dedupe(out)


def targets_from_preps(toks: list[Token], index: ActorIndex, context: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for preps in (_STRONG_PREPS, _WEAK_PREPS):
        for t in toks:
            for obj in prep_objects(t, preps):
                if not is_reciprocal(obj):
                    out.extend(actors_of(obj, index, context))
        if out:
            return out
    return out


def countries(actors: Sequence[Actor]) -> list[str]:
    out: list[str] = []
    for a in actors:
        if a.country and a.country not in out:
            out.append(a.country)
    return out


def dedupe(actors: list[Actor]) -> list[Actor]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for a in actors:
        key = (a.country, a.group, a.sector if a.country or a.group else a.text)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def fill_reciprocal(d: Draft, index: ActorIndex, lex: TriggerLexicon) -> None:
    """Two-sided acts: both parties on both sides; a missing party from the conflict's pair."""
    at = d.trigger.token.idx
    reciprocal = any(is_reciprocal(t) for t in argument_tokens(d.trigger.token))
    two_sided = reciprocal or d.mode in lex.reciprocal_modes
    one_phrase = len({(a.start, a.end) for a in d.source}) == 1 and not any(
        a.text.lower() in _GROUP_PRONOUNS for a in d.source
    )
    if d.type == "ASSAULT" and one_phrase and len(countries(d.source)) >= 2 and not d.target:
        # "both sides reported shelling": the two parties named in one phrase, with no one
        # else attacked, attacked each other
        d.target = list(d.source)
        return
    if not two_sided:
        return
    src, tgt = countries(d.source), countries(d.target)
    sector = "MIL" if d.type in MILITARY_TYPES else "GOV"
    if d.mode in _SYMMETRIC_MODES or reciprocal:
        # "the fighting with Azerbaijani forces": the party the fight is with is one of
        # its sides, whoever else the sentence names
        foes = [
            a
            for obj in prep_objects(d.trigger.token, frozenset({"with"}))
            for a in actors_of(obj, index, [])
            if a.country
        ]
        hurt = _losing_side(d.trigger.token, index, set(countries(foes))) if foes else []
        if hurt and not set(src) - set(countries(foes)):
            # "Armenia confirmed casualties in clashes with Azerbaijan", "four Armenian
            # soldiers were wounded in clashes with Azerbaijani forces": told by the side
            # that lost people, an attack of the side it fought on it
            d.source, d.target = dedupe(foes), dedupe(hurt)
            return
        d.target.extend(foes)
        known = set(src) | set(countries(d.target))
        if len(known) < 2 and (d.mode in _SYMMETRIC_MODES or reciprocal):
            for c in index.dyad(at, exclude=known if known else None):
                if len(known) >= 2:
                    break
                if c not in known:
                    known.add(c)
                    d.source.append(pair_actor(c, sector))
        both = dedupe(d.source + d.target)
        d.source = list(both)
        d.target = list(both)
    elif len(src) >= 2 and not tgt:
        d.target = list(d.source)
    elif src and tgt:
        both = dedupe(d.source + d.target)
        d.source = list(both)
        d.target = list(both)


_GROUP_PRONOUNS = frozenset({"they", "them", "their"})

# Words of a side's losses: the side they are told of took part in the fight they come from.
_LOSS_WORDS = frozenset(
    {"casualty", "loss", "kill", "wound", "injure", "die", "lose", "suffer", "death"}
)


def _losing_side(tok: Token, index: ActorIndex, known: set[str]) -> list[Actor]:
    """The subject of the clause telling of a side's losses in the fight ``tok`` ("Armenia
    has confirmed casualties as a result of clashes with Azerbaijan", "Armenian soldiers
    were wounded in clashes": Armenia), unless it is a side in ``known``; none where no
    loss is told between them or the clause is the report of another."""
    node, lost = tok, False
    for _ in range(8):
        if node.head.i == node.i:
            return []
        node = node.head
        lost = lost or node.lemma_.lower() in _LOSS_WORDS
        if node.pos_ not in {"VERB", "AUX"}:
            continue
        subj = next((c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is not None:
            # "confirmed casualties as a result of clashes": the losses its object
            objects = (c for c in node.children if c.dep_ == "dobj")
            lost = lost or any(c.lemma_.lower() in _LOSS_WORDS for c in objects)
            if not lost:
                return []
            return [a for a in actors_of(subj, index, []) if a.country and a.country not in known]
        if node.dep_ in {"ccomp", "parataxis", "ROOT"}:
            return []
    return []


def known(actors: list[Actor]) -> list[Actor]:
    """Actors that say who: a country, a named group, an international body or a person."""
    return [a for a in actors if a.country or a.group or a.sector == "IGO" or a.kind == "person"]


def pair_actor(country: str, sector: str) -> Actor:
    return Actor(text="", country=country, sector=sector, kind="country")


def argument_tokens(tok: Token) -> list[Token]:
    out = []
    for child in tok.children:
        out.append(child)
        if child.dep_ in {"prep", "prt"}:
            out.extend(child.children)
    return out


def military(actors: list[Actor]) -> list[Actor]:
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


def victims(tok: Token, index: ActorIndex, context: list[Actor]) -> list[Actor]:
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
    return dedupe(out)
