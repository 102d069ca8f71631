"""Event mentions from a parsed article: triggers, roles, status, casualties, claimant."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence

from spacy.tokens import Doc, Span, Token

from sitroom.extract.actors import PEOPLE_NOUNS
from sitroom.extract.events.acled import acled_label
from sitroom.extract.events.arguments import (
    MILITARY_TYPES,
    PROJECTILES,
    Draft,
    argument_tokens,
    countries,
    dedupe,
    fill_reciprocal,
    known,
    military,
    noun_roles,
    pair_actor,
    stance_targets,
    targets_from_preps,
    verb_roles,
    victims,
    withdrawn_from,
)
from sitroom.extract.events.casualties import (
    CASUALTY_WORDS,
    Figure,
    figures_to_casualties,
    sentence_figures,
)
from sitroom.extract.events.lexicon import Cue, TriggerLexicon, load_trigger_lexicon
from sitroom.extract.events.roles import (
    ActorIndex,
    actors_of,
    adjective_countries,
    between_objects,
    is_reciprocal,
    subject_of,
)
from sitroom.extract.events.selection import (
    OBLIGATION,
    SELF_ANCHORED,
    WEAPON_MODES,
    YIELDING,
    all_triggers,
    anchored,
    choose_protest,
    concluded_agreement,
    culprit_of,
    declines_sides,
    denies_claims,
    dependent_mode,
    excluded_noun,
    governing_trigger,
    is_casualty_trigger,
    is_denial,
    negated,
    only_trigger,
    pinned,
    rejects_violence,
    sentence_mentions,
    violation_words,
)
from sitroom.extract.events.status import (
    HYPOTHETICAL,
    VERBAL_TYPES,
    governing_verb,
    purpose_clause,
    status_of,
)
from sitroom.extract.events.triggers import Trigger, candidate_indices
from sitroom.model import GEO_PRECISION, SAYING_TYPES, Actor, Casualties, Event, Place, dates_agree


def _placed_by_trigger(tok: Token, place: Place) -> bool:
    """The place hangs on the trigger or its verb through "in", "at" or "from"."""
    for head in (tok, governing_verb(tok)):
        for child in head.children:
            if child.dep_ != "prep" or child.lower_ not in {"in", "at", "from"}:
                continue
            for pobj in child.children:
                last = pobj.right_edge
                if pobj.dep_ == "pobj" and pobj.left_edge.idx <= place.start < last.idx + len(last):
                    return True
    return False


# Hostile statements whose target, when unnamed, is the other side of the conflict.
_HOSTILE_WORDS = frozenset({"THREATEN", "DISAPPROVE"})

# Meetings and talks: two-sided when both parties are the subject ("X and Y met"), but
# "X met Y" names who sought the meeting (the source) and whom (the target).
_DIRECTED_MODES = frozenset({"talks", "meeting"})

# Calls, offers and talks whose target, when unnamed, is both sides of the conflict (a
# third party's "telephone conversations" after a clash were with the two sides).
_MEDIATION = frozenset({"DEMAND", "AGREE", "CONSULT"})

DateOf = Callable[[int, int], tuple[str | None, str | None, int]]
PlaceOf = Callable[[int, int], Place | None]
ClaimantOf = Callable[[int, int], Actor | None]


class _Builder:
    """Holds one document's state while its events are built."""

    def __init__(
        self,
        doc: Doc,
        actors: Sequence[Actor],
        date_of: DateOf,
        place_of: PlaceOf,
        claimant_of: ClaimantOf,
        lex: TriggerLexicon,
    ) -> None:
        self.doc = doc
        self.index = ActorIndex(doc, list(actors))
        self.date_of = date_of
        self.place_of = place_of
        self.claimant_of = claimant_of
        self.lex = lex

    def drafts(self) -> list[Draft]:
        lex = self.lex
        mod = lex.modality
        assert mod is not None
        violation = candidate_indices(self.doc, violation_words(lex))
        modal = candidate_indices(self.doc, OBLIGATION)
        casualty = candidate_indices(self.doc, CASUALTY_WORDS)
        triggers = [
            choose_protest(t, self.index, lex)
            for t in all_triggers(self.doc, lex, violation, modal)
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
                if is_casualty_trigger(trig) and not self._party_kills(trig.token):
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
                    for n, told in enumerate(self._accounts(figures)):
                        # another speaker's figures are that speaker's own account, not
                        # the toll of the attack just told ("the ministry said 500 were
                        # killed, while a rescue chief said more than 300")
                        created = self._casualty_event(
                            sent, casualty_trigs, told, by_token, [] if n else recent
                        )
                        if created is not None:
                            kept.append(created)
            out.extend(kept)
            recent = ([d for d in kept if d.type == "ASSAULT"] or recent)[-3:]
        return out

    def _accounts(self, figures: list[Figure]) -> list[list[Figure]]:
        """A sentence's figures by who states them, where two speakers each give a figure
        of one kind; else all of them, as one account."""
        by: dict[tuple[str, str], list[Figure]] = {}
        for fig in figures:
            word = self.doc[fig.token]
            said = self.claimant_of(word.idx, word.idx + len(word))
            key = (said.country, said.name or said.text) if said is not None else ("", "")
            by.setdefault(key, []).append(fig)
        groups = list(by.values())
        kinds = [{f.kind for f in g} for g in groups]
        if len(groups) < 2 or not any(a & b for i, a in enumerate(kinds) for b in kinds[i + 1 :]):
            return [figures]
        return groups

    def _attach(self, figures: list[Figure], assaults: list[Draft]) -> None:
        for fig in figures:
            best = min(assaults, key=lambda d: abs(d.trigger.token.i - fig.token))
            cas = best.casualties
            if fig.kind == "killed" and (cas.killed is None or fig.total):
                cas.killed, cas.killed_approx = fig.value, fig.approx
            elif fig.kind == "injured" and (cas.injured is None or fig.total):
                cas.injured, cas.injured_approx = fig.value, fig.approx
            else:
                continue
            cas.victim_sector = cas.victim_sector or fig.sector
            if not countries(best.target):
                # "a roadside bombing killed one U.S. soldier": the victims' side is the target
                hit = [a for a in victims(self.doc[fig.token], self.index, []) if a.country]
                if hit and not set(countries(hit)) & set(countries(best.source)):
                    best.target = hit

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
            source, _ = verb_roles(trig.token, self.index, [])
        if not source and recent and self._fills(recent[-1], casualties, word):
            return None
        if trig is None and word.lower_ in {"life", "lives"} and word.head.lemma_ == "lose":
            # "where 13 people lost their lives": deaths told with no attack word are the
            # toll of an attack of their own
            lost = word.head
            trig = Trigger(lost, Cue("ASSAULT", "", "verb"), (lost.i,), "")
        if trig is None and _toll_adjective(word, self.index):
            # "Baku has reported two wounded soldiers": a side's toll told with no attack
            # word, of the fighting the article tells, where the victims' side is named
            trig = Trigger(word, Cue("ASSAULT", "", "verb"), (word.i,), "")
        if trig is None:
            return None
        if self._suppressed(trig, by_token, sent) is not None:
            return None
        status = status_of(trig.token, "ASSAULT", self.lex.modality)  # type: ignore[arg-type]
        if status == HYPOTHETICAL:
            return None
        draft = Draft(trig, sent, status, type="ASSAULT", mode=trig.mode)
        draft.source = source
        draft.target = victims(word, self.index, [])
        if not draft.source and draft.target:
            known = set(countries(draft.target))
            pair = self.index.dyad(word.idx)
            if known and set(pair) & known:
                draft.source = [pair_actor(c, "MIL") for c in pair if c not in known]
        draft.casualties = casualties
        return draft

    def _party_kills(self, word: Token) -> bool:
        """ "Indian forces killed five civilians": a party named as the killer tells an
        attack of its own, not the toll of another attack told beside it."""
        if word.pos_ != "VERB" or not any(c.dep_ == "dobj" for c in word.children):
            return False
        killer = next((c for c in word.children if c.dep_ == "nsubj"), None)
        return killer is not None and self.index.actor_at(killer) is not None

    def _fills(self, last: Draft, casualties: Casualties, word: Token) -> bool:
        """Give figures stated on their own to the attack just reported when it lacks
        every kind stated ("killing 13 people ... Another 37 suffered injuries") and they
        are told by the same party; say whether it took them."""
        have = last.casualties
        if self._party_kills(word):
            return False  # "Indian forces killed five civilians": an attack of its own
        verb = word.head if word.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj"} else word
        told_of = (
            verb.head
            if verb.dep_ in {"relcl", "acl"}
            else next((c for c in verb.children if c.dep_ == "nsubj"), None)
        )
        if told_of is not None and told_of.lemma_.lower() in _WAR_NOUNS:
            return False  # "the conflict, which claimed 65,000 lives": a war's toll
        if casualties.killed is not None and have.killed is not None:
            return False
        if casualties.injured is not None and have.injured is not None:
            return False
        told = self.claimant_of(word.idx, word.idx + len(word))
        if have.killed is not None or have.injured is not None:
            trig = last.trigger.token
            first = self.claimant_of(trig.idx, trig.idx + len(trig))
            if first is not None and (told and told.country) != first.country:
                return False  # another party's account; the narrator's lacks the figure
        if casualties.killed is not None:
            have.killed, have.killed_approx = casualties.killed, casualties.killed_approx
        if casualties.injured is not None:
            have.injured, have.injured_approx = casualties.injured, casualties.injured_approx
        have.victim_sector = have.victim_sector or casualties.victim_sector
        return True

    def _suppressed(
        self, trig: Trigger, by_token: dict[int, Trigger], sent: Span
    ) -> Trigger | None:
        """The governing trigger that swallows this one (a demand's content, a same-type head)."""
        gov, path = governing_trigger(trig, by_token)
        if gov is None:
            return None
        separate = any(t.dep_ in {"advcl", "conj", "parataxis", "relcl"} for t in path)
        if _background_war(trig, path):
            return None  # "has denied targeting civilians since invading X": the war
        if gov.type == trig.type == "ASSAULT" and _answered(path):
            return None  # "launched an operation in retaliation for the attack": two attacks
        if gov.type == trig.type:
            # "Hamas accused Israel, while the Israeli army blamed a Palestinian group":
            # a clause of its own with another side speaking is another act
            return None if separate and self._other_speaker(trig, gov) else gov
        infinitive = any(c.tag_ == "TO" for t in path for c in t.children if c.dep_ == "aux")
        if separate and (not infinitive or _concurrent(path) or _circumstance(path)):
            return None  # "offered a plan while warning X": two acts, not one's content
        if trig.type == "CONSULT" and any(
            t.dep_ == "prep"
            and (t.lower_ in ("after", "following") or t.lower_ == "for" and _done_for(path, k))
            for k, t in enumerate(path)
        ):
            # "agreed to a truce after talks", "thanked X for facilitating the deal": the
            # talks are an act of their own
            return None
        if gov.type == "DISAPPROVE" and trig.cue.pos == "noun" and _told_as_fact(trig.token):
            return None  # "condemned the attack on the station, which left 30 dead": it happened
        if gov.type in VERBAL_TYPES:
            if is_denial(gov, path, self.lex):
                return None  # "rejected claims that it shelled": the shelling, denied
            return gov
        return None

    def _sided_war(self, trig: Trigger) -> bool:
        """A war or invasion named with its sides reports it, whatever verb it hangs on:
        "its invasion of X", "the X-ian invasion", "X's war against Y". A party's own
        possessive, a country's adjective, or a party after "of", "against" or "between"."""
        if trig.mode not in _WHOLE_WAR_MODES:
            return False
        adjectives = adjective_countries()
        for child in trig.token.children:
            if child.dep_ == "poss":
                return True
            if child.dep_ in {"amod", "compound"} and (
                child.text in adjectives or self.index.actor_at(child) is not None
            ):
                return True
            if (
                child.dep_ == "prep"
                and child.lower_ in {"of", "against", "between"}
                and any(self.index.actor_at(g) is not None for g in child.children)
            ):
                return True
        return False

    def _other_speaker(self, trig: Trigger, gov: Trigger) -> bool:
        """Whether the subjects of two acts are named sides, and different ones."""
        sides = []
        for t in (trig, gov):
            subject = next((c for c in t.token.children if c.dep_ == "nsubj"), None)
            actor = self.index.actor_at(subject) if subject is not None else None
            sides.append(actor.country or actor.group if actor is not None else "")
        return bool(sides[0] and sides[1] and sides[0] != sides[1])

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
            if excluded_noun(tok):
                return None
            alone = trig.type in SELF_ANCHORED and only_trigger(trig, by_token, sent)
            is_anchored = alone or anchored(tok, lex, self.index) or self._sided_war(trig)
            if not is_anchored and not (trig.type == "ASSAULT" and figures):
                return None
        if is_noun:
            verb = governing_verb(tok)
            if verb.i != tok.i and purpose_clause(verb, mod) == HYPOTHETICAL:
                return None
        if trig.type == "ASSAULT" and _included_in(tok, by_token):
            return None
        if trig.type == "REJECT" and denies_claims(trig, by_token, lex):
            return None
        if declines_sides(trig, by_token):
            return None
        if trig.type == "REJECT" and rejects_violence(trig, by_token):
            trig = Trigger(tok, Cue("DISAPPROVE", "statement", "verb"), trig.tokens, "statement")
        accuser: list[Actor] | None = None
        gov = self._suppressed(trig, by_token, sent)
        if gov is not None and not concluded_agreement(trig, mod):
            concrete = trig.type == "ASSAULT" and (
                tok.pos_ == "VERB" or _blamed_weapon(tok, gov.token) is not None
            )
            if gov.type == "DISAPPROVE" and concrete:
                accuser, _ = verb_roles(gov.token, self.index, [])
            else:
                return None
        status = status_of(tok, trig.type, mod)
        if status == HYPOTHETICAL:
            return None
        above, path = governing_trigger(trig, by_token)
        if status == "denied" and _background_war(trig, path):
            status = "occurred"  # "denied targeting civilians since invading X": not the war
        etype = trig.type
        if status == "denied" and etype in YIELDING and negated(tok):
            etype, status = "REJECT", "occurred"  # "will not accept", "refused to agree"
        if (
            trig.mode == "ceasefire-violation"
            or accuser is not None
            and sentence_mentions(sent, mod.ceasefire_nouns)
        ):
            status = "reported-violation"
        mode = trig.mode or dependent_mode(trig, by_token)
        draft = Draft(trig, sent, status, type=etype, mode=mode, accuser=accuser)
        self._roles(draft, is_noun)
        if etype == "ASSAULT" and is_noun and above is not None and above.type == "DISAPPROVE":
            # who condemned the attack is not who made it
            said = {(a.start, a.end) for a in verb_roles(above.token, self.index, [])[0]}
            draft.source = [a for a in draft.source if (a.start, a.end) not in said]
        if accuser is not None and gov is not None and not draft.source:
            # "blamed a misfired rocket from another group": the group fired it
            owner = _blamed_weapon(tok, gov.token)
            if owner is not None:
                named = actors_of(owner, self.index, []) or [
                    a
                    for c in owner.children
                    if c.dep_ in {"appos", "amod", "compound"}
                    for a in actors_of(c, self.index, [])
                ]
                draft.source = dedupe(known(named))
        return draft

    def _roles(self, d: Draft, is_noun: bool) -> None:
        tok = d.trigger.token
        toks = [self.doc[i] for i in d.trigger.tokens]
        if d.mode == "ceasefire-violation":
            # only who broke it, where the words say ("violations by X", "X's breaches",
            # "X violated the truce"); the side it was broken against is the other one
            source: list[Actor] = []
            if is_noun:
                source = self._breakers(tok)
            elif any(c.dep_ == "dobj" for c in tok.children):
                # "X violated the truce" (not "the truces both failed")
                subj = subject_of(tok)
                source = actors_of(subj, self.index, []) if subj is not None else []
            d.source = [a for a in dedupe(known(source)) if a.country]
            breakers = countries(d.source)
            pair = self.index.dyad(tok.idx)
            if len(breakers) == 1 and breakers[0] in pair:
                d.target = [pair_actor(c, "MIL") for c in pair if c != breakers[0]]
            return
        if is_noun:
            source, target = noun_roles(tok, self.index, [], d.type)
            culprit = culprit_of(tok, self.lex) if d.type == "ASSAULT" else None
            if culprit is not None and not source:
                # "the group was responsible for the strike": the group struck
                source = actors_of(culprit, self.index, [])
            between = between_objects(tok)
            if between:
                parties: list[Actor] = []
                for obj in between:
                    parties.extend(actors_of(obj, self.index, []))
                source, target = source + parties, target + parties
        elif (under := _undergone(tok, d.trigger.tokens)) is not None:
            # "Ganja came under attack (by X)": the subject is the attack's target
            source, target = noun_roles(under, self.index, [], d.type)
        else:
            source, target = verb_roles(tok, self.index, [])
            means = tok.dep_ == "pcomp" and tok.head.lower_ == "by" and tok.head.dep_ == "prep"
            if not source and means and d.type == "ASSAULT":
                # "accused X of breaking the truce by shelling Y": X shells
                subj = subject_of(tok.head.head)
                source = actors_of(subj, self.index, []) if subj is not None else []
            if tok.pos_ == "ADJ":
                subj = subject_of(tok.head) if tok.dep_ == "acomp" else subject_of(tok)
                if subj is not None:
                    source = actors_of(subj, self.index, [])
        stance = stance_targets(tok, self.index)
        if stance:
            target = stance
        left = withdrawn_from(tok, self.index)
        if left:
            # a noun's "from X" was read as its source; the party left is not the one
            # leaving, unless no one else is named
            keys = {(a.start, a.end) for a in left}
            source = [a for a in source if (a.start, a.end) not in keys] or source
            target = left
        # an object that says no one ("offered its troops to X") leaves the search open;
        # people of no country named ("allow refugees to return") stay the target
        if _open(target):
            target = targets_from_preps(toks, self.index, source) or target
        if _open(target):
            target = self._complement_targets(tok) or target
        if _open(target) and not is_noun:
            target = self._subtree_targets(tok, origin=d.type == "ASSAULT") or target
        if d.type == "ASSAULT" and not self._two_sided(d):
            # the trigger's own words do not name its target when they name the attacker's
            # side: "Armenia's units launched a military operation"
            attacker = set(countries(known(source)))
            lo, hi = self.doc[d.trigger.start].idx, self.doc[d.trigger.end - 1].idx
            target = [a for a in target if a.country not in attacker or not lo <= a.start <= hi]
        d.source, d.target = dedupe(known(source)), dedupe(known(target))
        if d.trigger.cue.type == "AGREE" and d.mode in {"ceasefire", "agreement"} and is_noun:
            # the broker ("brokered by Russia") is not a party
            d.source = [a for a in d.source if a.country in countries(d.target)] or d.source
        src, tgt = set(countries(d.source)), set(countries(d.target))
        if d.mode not in _DIRECTED_MODES or not src or not tgt or src & tgt:
            # "X held talks with Y": X sought the talks, Y is their target; only
            # "X and Y held talks" leaves both on both sides
            fill_reciprocal(d, self.index, self.lex)
        if any(is_reciprocal(t) for t in argument_tokens(tok)) and d.source:
            d.target = list(d.source)
        if d.mode == "invasion" and is_noun:
            self._invader_and_invaded(d)

    def _invader_and_invaded(self, d: Draft) -> None:
        """An invasion named by its noun goes one way, from one side of the conflict into
        the other: "its invasion of X" is the other side's invasion of X, "the X-ian
        invasion" is X's invasion of the other side."""
        pair = self.index.dyad(d.trigger.token.idx)
        invaded = set(countries(d.target))
        if invaded and (not d.source or invaded & set(countries(d.source))):
            d.source = [pair_actor(c, "MIL") for c in pair if c not in invaded] or d.source
        invaders = set(countries(d.source))
        if invaders and not invaded:
            d.target = [pair_actor(c, "MIL") for c in pair if c not in invaders]

    def _breakers(self, tok: Token) -> list[Actor]:
        """Who a violation noun says broke the truce: "X's violations", "Pakistani
        breaches", "violations by X" (the "by" often hung on the verb that reports them)."""
        out: list[Actor] = []
        for child in tok.children:
            if child.dep_ in {"poss", "amod", "compound", "nmod"}:
                out.extend(actors_of(child, self.index, []))
        for head in (tok, tok.head if tok.dep_ == "dobj" else tok):
            for child in head.children:
                if child.dep_ in {"prep", "agent"} and child.lower_ == "by":
                    for g in child.children:
                        if g.dep_ == "pobj":
                            out.extend(actors_of(g, self.index, []))
        return out

    def _two_sided(self, d: Draft) -> bool:
        """A fight told as both sides' ("clashes", "exchanged fire", "attacked each other")."""
        tok = d.trigger.token
        return d.mode in self.lex.reciprocal_modes or any(
            is_reciprocal(t) for t in argument_tokens(tok)
        )

    def _subtree_targets(self, tok: Token, origin: bool = False) -> list[Actor]:
        """Parties named anywhere in the trigger's complements ("agreed to send aid to X").
        With ``origin``, not where the act came from ("fired the rocket from Lebanon")."""
        skip: set[int] = set()
        for child in tok.children:
            if child.dep_ in {"nsubj", "nsubjpass", "csubj", "agent", "advcl", "punct", "cc"}:
                skip.update(t.i for t in child.subtree)
            if origin and child.dep_ == "prep" and child.lower_ == "from" and not _distance(child):
                # the place it came from, not what was beyond it ("from the town of X,
                # which Y controls")
                for whence in (c for c in child.children if c.dep_ == "pobj"):
                    skip.update(t.i for t in whence.subtree if t.i <= whence.i)
            if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}:
                skip.update(t.i for t in child.subtree)
        for t in tok.subtree:
            if t.dep_ in {"relcl", "acl"} and t.lemma_.lower() in _LOCATING_VERBS:
                # "at points in X province, which borders Y": where the place lies
                skip.update(u.i for u in t.subtree)
        # only the parties nearest the trigger: a country inside another's phrase
        # ("aid to the US-led war against Iraq", "ties with X over its ties with Y")
        # describes that party's act, it is not a second target
        by_depth: dict[int, list[Actor]] = {}
        for t in tok.subtree:
            if t.i in skip or t.i == tok.i or t.dep_ == "conj":
                continue
            found = [a for a in actors_of(t, self.index, []) if a.country]
            if found:
                by_depth.setdefault(_depth_below(t, tok), []).extend(found)
        out: list[Actor] = []
        seen: set[str] = set()
        for actor in by_depth[min(by_depth)] if by_depth else []:
            if actor.country not in seen:
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
                out.extend(targets_from_preps([comp], self.index, []))
        return out

    def event(self, d: Draft) -> Event:
        """Finish a draft: date, place, claimant, sectors and the ACLED label."""
        trig = d.trigger
        start = self.doc[trig.start].idx
        last = self.doc[trig.end - 1]
        end = last.idx + len(last)
        date, precision, time_precision = self.date_of(start, end)
        place = self.place_of(start, end)
        source, target = d.source, d.target
        parties = set(countries(source)) | set(countries(target))
        named_party = (
            place is not None and place.precision == "country" and place.country in parties
        )
        if named_party and d.type != "ASSAULT" and d.mode != "visit":
            # "accused Armenia", "warned Azerbaijan": a party, not where it happened
            # (but the country a visit goes to is where it happens: "visited Iran").
            place = None
        statement = d.type in VERBAL_TYPES and d.mode not in {"ceasefire", "agreement"}
        if place is not None and statement and not _placed_by_trigger(trig.token, place):
            place = None  # a statement's place is stated on it ("said in Baku"), not its topic
        by_place = (
            d.type == "ASSAULT" and not countries(target) and place is not None and place.country
        )
        # a place the article says another country holds ("the Israeli-occupied Golan
        # Heights") is that country's side
        side = place.country if place is not None else ""
        if place is not None:
            held = self.index.holder(place, (d.sent.start_char, d.sent.end_char))
            side = held if held and held not in countries(source) else side
        if by_place and place is not None and side not in countries(source):
            sector = "CVL" if place.precision == "town" else "UNK"
            target = [
                Actor(
                    text=place.text,
                    country=side,
                    sector=sector,
                    kind="place",
                    start=place.start,
                    end=place.end,
                )
            ]
        local = _local_officials(trig.token) if not countries(target) else None
        if local is not None and place is not None and place.country:
            # "met the local officials in Tabriz": officials of the place they are met in
            span = local.doc[local.left_edge.i : local.i + 1]
            armed = any(c.lower_ == "military" for c in local.children)
            target = [
                Actor(
                    text=span.text,
                    country=place.country,
                    sector="MIL" if armed else "GOV",
                    kind="institution",
                    start=span.start_char,
                    end=span.end_char,
                )
            ]
        # "We call for ...": the speaker's own act, known before the unnamed target is
        # sought among the parties
        first_person = (
            self.claimant_of(start, end)
            if not source and _first_person_subject(trig.token)
            else None
        )
        if (
            first_person is None
            and d.type in _HOSTILE_WORDS
            and trig.cue.pos == "phrase"
            and not source
        ):
            # "the responsibility lies entirely with X", quoted: the speaker's own blame
            first_person = self.claimant_of(start, end)
        if first_person is not None:
            source = [first_person]
        if d.type in _HOSTILE_WORDS and not countries(source) and countries(target):
            # "Security officials condemned the Indian actions": officials of no country
            # named, blaming one side of the conflict, are the other side's
            source = self._other_side(trig.token, target, start) or source
        if d.type in _HOSTILE_WORDS and not countries(target):
            target = self._adversary(source, start)
        if d.type in _MEDIATION and not countries(target):
            target = self._belligerents(source, start)
        if not countries(target) and len(countries(source)) == 1:
            # "Sudan's government accused rebels", "police dispersed demonstrators": people
            # of no other country named are the source's own; but those a side attacks in
            # a war between two countries ("Indian forces killed five civilians") are the
            # other side's
            sector = _domestic_object(trig.token)
            if sector:
                (own,) = countries(source)
                pair = self.index.dyad(start) if d.type == "ASSAULT" else []
                other = [c for c in pair if c != own] if own in pair else []
                target = [pair_actor(other[0] if other else own, sector)]
        if d.type == "PROTEST" and not countries(source) and place is not None and place.country:
            # "demonstrators in Baghdad": people of the place where they protest
            source = [pair_actor(place.country, "CVL")]
        if d.type == "PROTEST" and not countries(target):
            # "continued their hunger strike to demand the resignation of Algerian President
            # X": whom the protest's demand is made of
            target = _purpose_actors(trig.token, self.index)
        if d.type == "PROTEST" and not countries(source) and len(countries(target)) == 1:
            # protesters no one places, against a government: that country's people
            target_country = countries(target)[0]
            if all(a.sector in {"GOV", "MIL", "UNK", ""} for a in target):
                source = [pair_actor(target_country, "CVL")]
        if d.type == "PROTEST" and not countries(target):
            # a protest with no one named is against the government where it happens
            # ("Algerian landowners staged a hunger strike outside Parliament")
            home = place.country if place is not None and place.country else None
            home = home or next(iter(countries(source)), None)
            if home:
                target = [pair_actor(home, "GOV")]
        if d.type in MILITARY_TYPES:
            source, target = military(source), military(target)
        claimant = self._claimant(d, start, end, source)
        if first_person is not None:
            source, claimant = [first_person], None
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

    def _adversary(self, source: list[Actor], at: int) -> list[Actor]:
        """The other party of the conflict's pair, for a warning or blame aimed at nobody named."""
        own = set(countries(source))
        pair = self.index.dyad(at)
        if not own or not own & set(pair):
            return []
        return [pair_actor(c, "GOV") for c in pair if c not in own]

    def _other_side(self, tok: Token, target: list[Actor], at: int) -> list[Actor]:
        """The other party of the conflict's pair for officials of no country blaming one."""
        subj = subject_of(tok)
        official = self.index.actor_at(subj) if subj is not None else None
        if official is None or official.kind != "institution" or official.country:
            return []
        if official.sector not in {"GOV", "MIL"}:
            return []
        blamed = set(countries(target))
        pair = set(self.index.dyad(at))
        if len(blamed) != 1 or not blamed < pair:
            return []
        (other,) = pair - blamed
        return [dataclasses.replace(official, country=other)]

    def _belligerents(self, source: list[Actor], at: int) -> list[Actor]:
        """A third party's unaddressed call, offer or talks: aimed at the conflict's two sides."""
        own = set(countries(source))
        pair = self.index.dyad(at)
        body = any(a.sector == "IGO" for a in source)  # "The EU called for a halt"
        if not (own or body) or own & set(pair):
            return []
        return [pair_actor(c, "GOV") for c in pair]

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
        if d.type in VERBAL_TYPES and claimant.country and claimant.country in countries(source):
            return None
        return claimant


_LOCATING_VERBS = frozenset(
    {"border", "neighbor", "neighbour", "adjoin", "straddle", "overlook", "lie"}
)
"""Verbs of a clause telling where a place lies ("which borders Y"), naming no party."""


def _toll_adjective(word: Token, index: ActorIndex) -> bool:
    """ "two wounded Azerbaijani soldiers": a casualty participle on victims of a side."""
    if word.dep_ != "amod" or word.tag_ != "VBN" or word.pos_ != "VERB":
        return False
    return any(a.country for a in victims(word, index, []))


def _included_in(tok: Token, by_token: dict[int, Trigger]) -> bool:
    """An attack listed as part of one named before it ("reported ceasefire breaches by
    X, including shelling and drone activity", "the attacks, including shelling"): an
    instance of that act, not another event."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    prep = tok.head
    if tok.dep_ not in {"pobj", "pcomp"} or prep.lower_ != "including" or prep.head.i == prep.i:
        return False
    owner = prep.head
    named = [owner, *(c for c in owner.children if c.dep_ == "dobj")]
    return any(
        (hit := by_token.get(t.i)) is not None and hit.type == "ASSAULT" and t.i < tok.i
        for t in named
    )


def _blamed_weapon(tok: Token, blamer: Token) -> Token | None:
    """Whose weapon the object of a blaming verb is ("blamed a misfired rocket from
    another group"): the one it came from, where the words name one."""
    if tok.dep_ == "amod":
        tok = tok.head  # "misfired" of "a misfired rocket"
    if tok.lemma_.lower() not in PROJECTILES or tok.dep_ != "dobj" or tok.head.i != blamer.i:
        return None
    for word in (tok, blamer):
        for prep in word.children:
            if prep.dep_ == "prep" and prep.lower_ == "from":
                owner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if owner is not None:
                    return owner
    return None


def _done_for(path: list[Token], k: int) -> bool:
    """The act a "for" on the path is the reason of ("thanked X for hosting the talks")."""
    return k > 0 and path[k - 1].dep_ == "pcomp" and path[k - 1].tag_ == "VBG"


def _concurrent(path: list[Token]) -> bool:
    """ "offered a plan to end the war while warning X": a gerund introduced by "while"
    is an act done alongside the main one, wherever the parse hangs it."""
    return any(
        t.dep_ == "advcl"
        and t.tag_ == "VBG"
        and any(c.dep_ == "mark" and c.lower_ == "while" for c in t.children)
        for t in path
    )


# Conjunctions that tell a clause as a fact the main act follows from or comes after.
_FACT_MARKS = frozenset({"after", "since", "because"})
_WAR_NOUNS = frozenset({"war", "conflict", "fighting", "hostilities", "violence", "insurgency"})
"""Nouns of a whole war: the toll a clause tells of one is not the last attack's."""


_WHOLE_WAR_MODES = frozenset({"war", "invasion"})
_BACKGROUND_PREPS = frozenset({"since", "amid"})


def _background_war(trig: Trigger, path: list[Token]) -> bool:
    """ "since invading X", "amid the war": a war told as the time of another act is
    an event of its own, neither that act's content nor denied with it."""
    return trig.mode in _WHOLE_WAR_MODES and any(
        t.dep_ == "prep" and t.lower_ in _BACKGROUND_PREPS for t in path[1:]
    )


_REPRISAL_NOUNS = frozenset({"retaliation", "response", "revenge", "reprisal", "reply"})


def _answered(path: list[Token]) -> bool:
    """ "in retaliation for the attack", "in response to airstrikes": the act one answers
    is another act, done before by the other side, not part of the answer."""
    return any(
        t.dep_ == "prep"
        and t.lower_ in {"for", "to"}
        and k + 1 < len(path)
        and path[k + 1].lemma_.lower() in _REPRISAL_NOUNS
        for k, t in enumerate(path)
    )


def _circumstance(path: list[Token]) -> bool:
    """ "vowed to hit the enemy after rocket fire killed 12": the trigger's own clause,
    told as what happened before the act (or why), is a fact of its own, not the act's
    content."""
    clause = next((t for t in path if t.pos_ in {"VERB", "AUX"}), None)
    return (
        clause is not None
        and clause.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in _FACT_MARKS for c in clause.children)
    )


def _undergone(tok: Token, covered: Sequence[int]) -> Token | None:
    """In a trigger phrase like "came under attack", the noun undergone: the verb's subject
    is its target, not its source."""
    if tok.pos_ not in {"VERB", "AUX"}:
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "under":
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.i in covered:
                    return noun
    return None


_LOCAL_MODS = frozenset({"local", "provincial", "regional", "municipal", "city"})
_OFFICIAL_NOUNS = frozenset(
    {"official", "authority", "leader", "commander", "governor", "administration", "council"}
)


def _local_officials(tok: Token) -> Token | None:
    """The object of ``tok`` if it names officials of a place left unnamed ("met with the
    local military and political officials in Tabriz")."""
    objects = [c for c in tok.children if c.dep_ in {"dobj", "dative"}]
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in {"with", "to"}:
            objects.extend(c for c in prep.children if c.dep_ == "pobj")
    for obj in objects:
        local = any(c.dep_ == "amod" and c.lower_ in _LOCAL_MODS for c in obj.children)
        if local and obj.lemma_.lower() in _OFFICIAL_NOUNS:
            return obj
    return None


def _distance(prep: Token) -> bool:
    """A "from" that tells how far, not whence: "opened fire 200m from the Thai base"."""
    before = prep.doc[prep.i - 1] if prep.i > 0 else prep
    return before.dep_ == "npadvmod" or any(c.dep_ == "nummod" for c in before.children)


def _open(target: list[Actor]) -> bool:
    """No target yet: nothing found, or only things and bodies that say no one (not
    people of no country named, who are the acting country's own)."""
    return not known(target) and not any(a.sector in {"CVL", "REB"} for a in target)


def _depth_below(tok: Token, top: Token) -> int:
    """How many arcs lie between ``tok`` and its ancestor ``top``."""
    depth = 0
    while tok.i != top.i and tok.head.i != tok.i:
        tok, depth = tok.head, depth + 1
    return depth


# People and groups that, named with no country, belong to the country acting on them.
_DOMESTIC = {
    **PEOPLE_NOUNS,
    **dict.fromkeys(
        [
            "dissident",
            "newspaper",
            "opposition",
            "prisoner",
            "detainee",
            "crowd",
            "rally",
            "demonstration",
            "protest",
        ],
        "CVL",
    ),
    **dict.fromkeys(["militia", "faction", "extremist", "fundamentalist", "member"], "REB"),
}


def _purpose_actors(tok: Token, index: ActorIndex) -> list[Actor]:
    """Parties named in the purpose of a protest: "(staged a strike) to demand the
    resignation of Algerian President X", "to protest against the government's plan"."""
    verb = tok if tok.pos_ in {"VERB", "AUX"} else tok.head
    for clause in (c for c in verb.children if c.dep_ in {"advcl", "xcomp"}):
        if not any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children):
            continue
        # the parties nearest the purpose's verb: "to protest against X's decision to send
        # them back to Y" is aimed at X, not at Y
        by_depth: dict[int, list[Actor]] = {}
        for t in clause.subtree:
            named = [a for a in actors_of(t, index, []) if a.country] if t.i != clause.i else []
            if named:
                by_depth.setdefault(_depth_below(t, clause), []).extend(named)
        if by_depth:
            return dedupe(by_depth[min(by_depth)])
    return []


def _domestic_object(tok: Token) -> str:
    """The sector of a domestic group the trigger acts on ("jailed 52 members of ...",
    "opened fire to disperse demonstrators"), or ""."""
    objects = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass", "dative"}]
    heads = [tok]
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
        heads.append(tok.head)  # "used tear gas to disperse X": the purpose is the verb's
    for c in (c for h in heads for c in h.children):
        if c.dep_ == "prep" and c.lower_ in {"against", "on", "at", "with"}:
            objects.extend(o for o in c.children if o.dep_ == "pobj")
        if c.dep_ in {"xcomp", "advcl"} and c.tag_ == "VB":  # "opened fire to disperse X"
            objects.extend(o for o in c.children if o.dep_ == "dobj")
    for obj in objects:
        sector = _DOMESTIC.get(obj.lemma_.lower())
        if sector and obj.pos_ == "NOUN":
            return sector
    return ""


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


def _told_as_fact(tok: Token) -> bool:
    """An attack noun that the sentence tells with its own toll ("the attack ..., which has
    left at least 30 dead"), not only named as what a statement is about."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    for child in tok.sent[tok.i - tok.sent.start + 1 :]:
        # the clause may hang on the place the attack was on ("a station in X, which left")
        if (
            child.dep_ == "relcl"
            and child.head.i >= tok.i
            and any(
                t.like_num
                and t.head.lemma_.lower() in CASUALTY_WORDS | {"dead", "people"}
                or t.lemma_.lower() in CASUALTY_WORDS
                and any(c.like_num for c in t.children)
                for t in child.subtree
            )
        ):
            return True
    return False


def _says_who(e: Event) -> bool:
    """Keep events with a known party; a reported violation or a toll stands on its own."""
    parties = any(a.country or a.group for a in e.source)
    if e.type != "ASSAULT":
        # an international body is a party to what it says and does ("the EU condemned")
        body = any(a.sector == "IGO" and a.name for a in e.source)
        return parties or body or (e.type == "AGREE" and e.mode == "ceasefire")
    if e.mode == "ceasefire-violation" or e.casualties.killed or e.casualties.injured:
        return True
    if e.mode in WEAPON_MODES and e.place is not None and e.place.precision == "town":
        return True  # "the cathedral in Shusha was hit by rockets": a strike on a named town
    return parties or any(a.country or a.group for a in e.target)


def _key(e: Event) -> tuple[object, ...]:
    # A statement dated to its day repeats another of that day by the same party to the
    # same parties ("urged both sides ... called on the two countries"); dated less
    # finely, only in the same words: two demands in one month are usually two
    # statements. Any other act is the same event told again.
    return (
        e.type,
        e.trigger.lower() if e.type in SAYING_TYPES and e.time_precision != 1 else "",
        e.mode,
        frozenset(countries(e.source)),
        frozenset(countries(e.target)),
        e.date,
        e.place.name if e.place else None,
        e.claimant.country if e.claimant else None,
        e.status,
        # a report's month given for want of a date says nothing of sameness: two
        # statements dated so are two unless the text dates them alike
        e.start if e.type in SAYING_TYPES and e.time_precision == 3 else -1,
    )


def merge_repeats(events: list[Event], apart: Collection[int] = ()) -> list[Event]:
    """One record per event as the article reports it.

    A later mention with the same type, mode, status, date, place, sides and claimant as
    an earlier one ("the war ... the war", "paid a visit ... the tour") is the same event
    told again (for a statement not dated to its day, only in the same words): its figures
    fill the earlier mention's gaps. A mention whose figures differ from the earlier one's
    is kept apart, and so is one whose start is in ``apart`` (told as another of its kind:
    "the first ceasefire"). A mention naming no target, in the same sentence as one of the
    same kind by the same side that names it ("undertook shuttle diplomacy and visited
    Armenia"), is that one.
    """
    kept: dict[tuple[object, ...], list[Event]] = {}
    out = []
    for e in _drop_targetless_twins(events):
        if e.start in apart:
            out.append(e)
            continue
        same = kept.setdefault(_key(e), [])
        first = next((f for f in same if _figures_agree(f, e)), None)
        if first is None:
            same.append(e)
            out.append(e)
            continue
        _fill_figures(first, e)
    return out


def _drop_targetless_twins(events: list[Event]) -> list[Event]:
    out = []
    for e in events:
        twin = None
        if not countries(e.target) and countries(e.source) and e.sentence_start >= 0:
            twin = next(
                (
                    f
                    for f in events
                    if f is not e
                    and f.sentence_start == e.sentence_start
                    and f.type == e.type
                    and f.status == e.status
                    and f.date == e.date
                    and countries(f.source) == countries(e.source)
                    and countries(f.target)
                    and _figures_agree(f, e)
                ),
                None,
            )
        if twin is None:
            out.append(e)
        else:
            _fill_figures(twin, e)
    return out


def merge_attack_mentions(events: list[Event]) -> list[Event]:
    """One record per attack as the article tells it: a later mention that names nothing
    the earlier one does not (no other side, claimant, status or mode; a date that agrees;
    a place that holds or lies in the earlier one's, none, or where the earlier one names
    none, a region or country, or a town told with no toll after the earlier one's toll)
    is the attack told
    again ("the strike on the station ... at least 87 people were injured in the attack",
    "Armenian units attacked Azerbaijan ... attacked positions in Kalbajar"); its figures
    fill the earlier mention's gaps, and a finer place and date replace the earlier one's
    ("the missile attack on Ganja ... on 17 October"). Attacks on two towns, or with
    figures that differ, stay apart, and a mention that may restate either of two attacks
    is kept apart."""
    attacks: list[Event] = []
    out = []
    for e in events:
        if e.type == "ASSAULT" and e.mode != "ceasefire-violation":
            told = [f for f in attacks if _restates(f, e)]
            into = told[0] if len(told) == 1 else None
            if into is not None:
                _fill_figures(into, e)
                if e.place is not None and not _contains(e.place, into.place):
                    into.place = e.place  # "a strike in Ukraine ... the strike on Kramatorsk"
                if into.date and e.date and len(e.date) > len(into.date):
                    into.date, into.date_precision = e.date, e.date_precision
                    into.time_precision = e.time_precision
                continue
            attacks.append(e)
        out.append(e)
    return out


def _restates(first: Event, e: Event) -> bool:
    """``e`` tells nothing of an attack that ``first`` does not."""
    claimant = e.claimant.country if e.claimant else None
    first_claimant = first.claimant.country if first.claimant else None
    return (
        e.status == first.status
        and (e.mode in ("", first.mode) or _blast(e))
        and set(countries(e.source)) <= set(countries(first.source))
        and set(countries(e.target)) <= set(countries(first.target))
        and (
            e.place is None
            # a town named where the first telling named none may be another site
            # ("shelled villages ... in Ganja, a mosque was hit"); a country or region
            # only says where the told attack was
            or (first.place is None and (e.place.precision != "town" or _told_toll(first, e)))
            or _contains(first.place, e.place)
            or _contains(e.place, first.place)
        )
        and dates_agree(first.date, e.date)
        and claimant in (None, first_claimant)
        and _figures_agree(first, e)
    )


_BLAST_WORDS = frozenset({"blast", "blasts", "explosion", "explosions"})


def _blast(e: Event) -> bool:
    """An attack named by its blast ("killed in the blast", "the explosion"): what was seen
    or heard of an attack, whatever its weapon; after a strike, the strike's blast."""
    return e.trigger.lower() in _BLAST_WORDS


def _told_toll(first: Event, e: Event) -> bool:
    """``first`` gives a toll and ``e`` none: where it happened, told after its toll."""
    had = first.casualties.killed is not None or first.casualties.injured is not None
    return had and e.casualties.killed is None and e.casualties.injured is None


def _contains(outer: Place | None, inner: Place | None) -> bool:
    """``outer`` is ``inner`` or holds it: the same place, a country and a region or town
    in it, a region and a town in it. Two towns are two places."""
    if outer is None or inner is None:
        return False
    if outer.name == inner.name:
        return True
    if not outer.country or outer.country != inner.country:
        return False
    if GEO_PRECISION.get(outer.precision, 1) <= GEO_PRECISION.get(inner.precision, 1):
        return False
    return outer.precision == "country" or bool(outer.admin1 and outer.admin1 == inner.admin1)


def merge_war_mentions(events: list[Event], undated: Collection[tuple[int, int]]) -> list[Event]:
    """One record per war: a war named again ("as the war rages on", "end the war", "the
    ceasefire that ended the 2020 war") is the war the article tells of elsewhere, between
    a side in common; clashes named again with no date ("concern over the clashes") are
    the clashes the article dates.

    ``undated`` holds the trigger spans of the mentions the text gives no date. Such a
    mention is the first mention of a war the text dates (else the first undated one); a
    dated mention is an earlier one dated within its date ("the 2020 war" after "the war
    began on 27 September 2020"). It gives its place and figures to that mention and is
    dropped; wars dated apart are kept apart ("the war in the 1990s", "last year's war"),
    and so are other parties' accounts: a mention with figures that differ, or told by
    another claimant, is that party's own record of the fighting.
    """
    wars = [
        e
        for e in events
        if e.type == "ASSAULT" and e.mode in ("war", "clash") and e.status == "occurred"
    ]
    dated = [e for e in wars if (e.start, e.end) not in undated]
    dropped: set[int] = set()
    for w in wars:
        sides = set(countries(w.source)) | set(countries(w.target))
        if (w.start, w.end) in undated:
            candidates = [*dated, *wars]
        elif w.mode == "clash":
            continue
        else:
            candidates = [d for d in dated if d.start < w.start and _within(w.date, d.date)]
        into = next(
            (
                d
                for d in candidates
                if d is not w
                and d.mode == w.mode
                and id(d) not in dropped
                and sides & (set(countries(d.source)) | set(countries(d.target)))
                and _same_account(d, w)
            ),
            None,
        )
        if into is None:
            continue
        if into.place is None:
            into.place = w.place
        _fill_figures(into, w)
        dropped.add(id(w))
    return [e for e in events if id(e) not in dropped]


def _same_account(first: Event, e: Event) -> bool:
    """``e`` can be ``first`` told again: its figures agree, and a toll in it is told by no
    one or by ``first``'s claimant. Each party's toll of one fight is its own account
    ("Baku said seven of its soldiers were killed in the clashes" beside "Yerevan said six
    were killed in the clashes"); a war only named in someone's words ("we hope the two
    sides end the war") is no account of it."""
    if not _figures_agree(first, e):
        return False
    toll = e.casualties.killed is not None or e.casualties.injured is not None
    claimant = e.claimant.country if e.claimant else None
    first_claimant = first.claimant.country if first.claimant else None
    return not toll or not claimant or claimant == first_claimant


def _within(coarse: str | None, fine: str | None) -> bool:
    """``fine`` falls in ``coarse`` ("2020-09-27" in "2020"), or is the same date."""
    return bool(coarse and fine and fine.startswith(coarse))


def _fill_figures(first: Event, e: Event) -> None:
    cas = first.casualties
    if cas.killed is None and e.casualties.killed is not None:
        cas.killed, cas.killed_approx = e.casualties.killed, e.casualties.killed_approx
    if cas.injured is None and e.casualties.injured is not None:
        cas.injured, cas.injured_approx = e.casualties.injured, e.casualties.injured_approx


def _figures_agree(a: Event, b: Event) -> bool:
    return all(
        x is None or y is None or x == y
        for x, y in (
            (a.casualties.killed, b.casualties.killed),
            (a.casualties.injured, b.casualties.injured),
        )
    )


def extract_events(
    doc: Doc,
    actors: Sequence[Actor],
    *,
    date_of: DateOf,
    place_of: PlaceOf,
    claimant_of: ClaimantOf,
    lexicon: TriggerLexicon | None = None,
    require_party: bool = True,
) -> list[Event]:
    """Event mentions in ``doc`` in PLOVER, with roles, status, casualties and claimant."""
    lex = lexicon or load_trigger_lexicon()
    builder = _Builder(doc, actors, date_of, place_of, claimant_of, lex)
    drafts = builder.drafts()
    events = [builder.event(d) for d in drafts]
    apart = {
        e.start for d, e in zip(drafts, events, strict=True) if _one_of_series(d.trigger.token)
    }
    _date_pinned(
        events,
        {
            e.start
            for d, e in zip(drafts, events, strict=True)
            if d.type == "ASSAULT"
            and (pinned(d.trigger.token, lex) or (d.accuser and d.trigger.token.pos_ == "NOUN"))
        },
    )
    if require_party:
        # in running news an act by nobody in particular is rarely an event worth a record
        events = [e for e in events if _says_who(e)]
    return merge_repeats(events, apart)


def _date_pinned(events: list[Event], pinned_at: Collection[int]) -> None:
    """An attack told as what a side was responsible for ("the ministry said an Israeli
    airstrike was responsible for the bombing"), undated by the text, is the attack the
    article told before it, pinned on someone: it happened when and where that one did,
    not on the day of the report, nor only in its month."""
    told: Event | None = None
    for e in sorted(events, key=lambda e: e.start):
        if e.start in pinned_at and told is not None and _less_sure(e, told):
            e.date, e.date_precision = told.date, told.date_precision
            e.time_precision = told.time_precision
            if e.place is None:
                e.place = told.place
        if e.type == "ASSAULT" and e.date is not None and e.time_precision < 3:
            told = e


def _less_sure(e: Event, told: Event) -> bool:
    """``e`` is dated only by the report, or less finely than ``told`` and within its date."""
    if e.time_precision == 3:
        return True
    return e.time_precision > told.time_precision and dates_agree(e.date, told.date)


_SERIES_WORDS = frozenset(
    {"first", "second", "third", "fourth", "fifth", "another", "latest", "fresh", "new"}
)


def _one_of_series(tok: Token) -> bool:
    """A noun told as one of several of its kind ("the first ceasefire", "another truce")."""
    return tok.pos_ == "NOUN" and any(
        c.dep_ in {"amod", "det"} and c.lower_ in _SERIES_WORDS for c in tok.children
    )
