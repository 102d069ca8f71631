"""Status of an event mention from negation, modality and denial around its trigger."""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.extract.events.lexicon import Modality

# Speech acts and stances: stating the intent is itself the event ("Iran will help" is an offer).
VERBAL_TYPES = frozenset({"AGREE", "DEMAND", "DISAPPROVE", "THREATEN", "SUPPORT", "REJECT"})
# Verbs after which an infinitive reports what happened ("began to shell", "continued to fire").
IMPLICATIVE = frozenset(
    {
        "begin",
        "start",
        "continue",
        "manage",
        "resume",
        "keep",
        "go",
        "proceed",
        "fail",
        "appear",
        "seem",
        "report",
        "say",
        "claim",
        "use",
        "dare",
        "attempt",
        "try",
        "force",
        "compel",
        "oblige",
        "prompt",
    }
)
HYPOTHETICAL = "hypothetical"
# Heads whose complement did not happen ("avoid targeting", "refrain from attacking").
AVERTED = frozenset({"avoid", "refrain", "prevent", "stop", "cease", "halt", "oppose", "forbid"})


def governing_verb(tok: Token) -> Token:
    """The verb whose clause a trigger sits in (itself when it is a verb)."""
    cur = tok
    for _ in range(4):
        if cur.pos_ in {"VERB", "AUX"} or cur.head.i == cur.i:
            return cur
        if cur.dep_ in {
            "nsubj",
            "nsubjpass",
            "dobj",
            "attr",
            "oprd",
            "pobj",
            "prep",
            "dative",
            "compound",
            "amod",
            "appos",
            "conj",
            "acomp",
            "npadvmod",
        }:
            cur = cur.head
            continue
        return cur
    return cur


def is_infinitive(verb: Token) -> bool:
    """A ``to`` infinitive ("to stop the war")."""
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def purpose_clause(verb: Token, mod: Modality) -> str | None:
    """``planned`` or ``hypothetical`` for an infinitive clause, None when it reports a fact."""
    if not is_infinitive(verb) or verb.dep_ not in {"xcomp", "advcl", "acl", "relcl", "ccomp"}:
        return None
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return None  # "confirmed to have been killed", "said to have fired": a past fact
    head = verb.head.lemma_.lower()
    if head in IMPLICATIVE:
        return None
    if head == "have" and verb.head.tag_ == "VBD":
        return None  # "X had to launch an operation": what one had to do, one did
    if head in mod.planned_heads or (head == "be" and verb.dep_ == "xcomp"):
        return "planned"
    return HYPOTHETICAL


def _clause_chain(verb: Token) -> list[Token]:
    """The verb and the verbs it is a complement of, up to its sentence's root (at most 4)."""
    out = [verb]
    cur = verb
    while cur.head.i != cur.i and len(out) < 5:
        cur = cur.head
        out.append(cur)
    return out


def status_of(trigger: Token, etype: str, mod: Modality) -> str:
    """``occurred``, ``planned``, ``denied`` or ``hypothetical`` (not to be reported as fact)."""
    verb = governing_verb(trigger)
    verbal = etype in VERBAL_TYPES
    for tok in {trigger, verb}:
        if any(c.dep_ == "neg" for c in tok.children):
            modal = {c.lower_ for c in tok.children if c.dep_ == "aux"}
            if not verbal and modal & (mod.hypothetical_aux | {"can", "ca", "cannot"}):
                return HYPOTHETICAL  # "the region could not take another war": no war told
            return "denied"
    chain = _clause_chain(verb)
    for k, anc in enumerate(chain):
        marked = any(c.dep_ == "mark" and c.lower_ in mod.hypothetical_marks for c in anc.children)
        if marked and (k == 0 or chain[k - 1].dep_ in {"advcl", "xcomp", "conj"}):
            return HYPOTHETICAL
        if k == 0:
            continue
        lemma = anc.lemma_.lower()
        if lemma in mod.denial_verbs and anc.pos_ == "VERB":
            via_claim = any(t.lemma_.lower() in mod.claim_nouns for t in chain[:k])
            if lemma != "reject" or via_claim:
                return "denied"
        if anc.dep_ == "ROOT":
            break
    if verb.dep_ in {"xcomp", "pcomp", "dobj"} and verb.head.lemma_.lower() in AVERTED:
        return HYPOTHETICAL  # "avoid targeting civilians", "refrain from violence"
    if verb.tag_ == "VBG" and verb.dep_ in {"csubj", "nsubj"}:
        return HYPOTHETICAL  # "attacking cities goes against ...": a generic statement
    manner = verb
    while manner.dep_ == "pcomp" and manner.head.dep_ == "prep" and manner.head.head.i != manner.i:
        # "hopes to move forward through making consultations": the means share the
        # status of what they serve
        manner = manner.head.head
    purpose = purpose_clause(manner, mod) or purpose_clause(verb, mod)
    if purpose == HYPOTHETICAL and not verbal:
        return HYPOTHETICAL
    aux = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if purpose == "planned" or aux & mod.planned_aux or _going_to(verb):
        return "occurred" if verbal else "planned"
    if aux & mod.hypothetical_aux and not verbal:
        return HYPOTHETICAL
    return "occurred"


def _going_to(verb: Token) -> bool:
    head = verb.head
    return verb.dep_ == "xcomp" and head.lower_ == "going" and is_infinitive(verb)
