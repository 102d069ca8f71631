"""Find event triggers in a parsed document: verbs, nouns, adjectives and phrases."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Token

from sitroom.extract.events.lexicon import OPERATION_SLOT, PLACE_SLOT, Cue, TriggerLexicon

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PARTICLES = frozenset(
    {
        "on",
        "upon",
        "with",
        "for",
        "out",
        "up",
        "down",
        "off",
        "over",
        "back",
        "at",
        "into",
        "to",
        "under",
        "in",
    }
)
_NEAR_DEPS = frozenset({"prep", "agent", "prt", "dobj", "pobj", "compound", "amod", "dative"})


@dataclass(slots=True)
class Trigger:
    """One trigger found in the text: its anchor token, the cue and the tokens it covers."""

    token: Token
    cue: Cue
    tokens: tuple[int, ...]
    mode: str

    @property
    def type(self) -> str:
        """The PLOVER type of the trigger's cue."""
        return self.cue.type

    @property
    def start(self) -> int:
        """First token index covered."""
        return min(self.tokens)

    @property
    def end(self) -> int:
        """One past the last token index covered."""
        return max(self.tokens) + 1


@functools.lru_cache(maxsize=16)
def _hashes(words: frozenset[str]) -> frozenset[int]:
    return frozenset(hash_string(w) for w in words)


_KEYS = "sitroom.lemma_lower_keys"


def _keys(doc: Doc) -> tuple[list[int], np.ndarray]:
    """The distinct hashes of the tokens' lemmas and lower-cased forms, and for each
    token (row) which of them its lemma and lower-cased form (columns) are.

    Read from the Doc once and kept in ``user_data`` (as ``sitroom.nlp.text`` keeps its
    columns): several word lists are looked up in each document, and each look-up then
    tests the distinct words, not every token twice.
    """
    keys = doc.user_data.get(_KEYS)
    if not isinstance(keys, tuple):
        arr = doc.to_array([LEMMA, LOWER])
        distinct, which = np.unique(arr, return_inverse=True)
        keys = (distinct.tolist(), which.reshape(arr.shape))
        doc.user_data[_KEYS] = keys
    return keys


def candidate_indices(doc: Doc, words: frozenset[str]) -> list[int]:
    """Indices of tokens whose lemma or lower-cased form is in ``words``, in order."""
    if not len(doc):
        return []
    distinct, which = _keys(doc)
    hashes = _hashes(words)
    hits = [k for k, h in enumerate(distinct) if h in hashes]
    if not hits:
        return []
    wanted = np.zeros(len(distinct), dtype=bool)
    wanted[hits] = True
    indices: list[int] = np.flatnonzero(wanted[which].any(axis=1)).tolist()
    return indices


def word_keys(tok: Token) -> tuple[str, str]:
    """The lemma and the lower-cased form, the two keys a lexicon word can match."""
    return tok.lemma_.lower(), tok.lower_


_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_QUANTITY_NOUNS = frozenset({"barrage", "barrages", "salvo", "salvos", "volley", "volleys", "hail"})


def _near(anchor: Token) -> list[Token]:
    """Tokens a phrase may use besides its anchor: children, grandchildren, a preposition head."""
    out: list[Token] = []
    for child in anchor.children:
        out.append(child)
        if child.dep_ in _NEAR_DEPS or child.pos_ == "ADP":
            out.extend(g for g in child.children if g.dep_ in _NEAR_DEPS or g.pos_ == "ADP")
        if child.lower_ in _QUANTITY_NOUNS:
            # "a barrage of rockets", "a salvo of missiles": what the quantity is of
            out.extend(p for g in child.children if g.lower_ == "of" for p in g.children)
    if anchor.head.i != anchor.i and anchor.head.pos_ == "ADP":
        out.append(anchor.head)
    return out


def _match_phrase(anchor: Token, cue: Cue) -> tuple[int, ...] | None:
    """Token indices of ``cue``'s phrase anchored at ``anchor``, or None."""
    keys = word_keys(anchor)
    words = list(cue.words)
    # In a phrase led by its verb ("take sides") the other words are the verb's objects,
    # never its subject ("the Armenian side did not take any action").
    # A passive subject is the verb's object ("the missile was fired by X").
    skip = _SUBJECTS - {"nsubjpass"} if words[0] in keys else frozenset()
    if words[0] in keys and len(words) == 2 and words[1] in _PARTICLES and anchor.pos_ != "VERB":
        return None  # "side with" is a verb phrase; "with the two sides" is not
    for k in keys:
        if k in words:
            words.remove(k)
            break
    else:
        return None
    near = _near(anchor)
    used = [anchor.i]
    for word in words:
        found = None
        for tok in near:
            if tok.i in used or tok.dep_ in skip:
                continue
            if word == PLACE_SLOT:
                if tok.ent_type_ in PLACE_LABELS:
                    found = tok
                    break
            elif word == OPERATION_SLOT:
                if named_operation(tok):
                    found = tok
                    break
            elif word in word_keys(tok):
                found = tok
                break
        if found is None:
            return None
        used.append(found.i)
    return tuple(sorted(used))


def named_operation(tok: Token) -> bool:
    """``tok`` heads a named operation: "Operation Sindoor", "Operation Desert Storm".

    Armies name their offensives; the capitalised word "Operation" before a name says
    so whatever the name is, where "an operation" alone may be a rescue or a surgery.
    """
    if tok.pos_ != "PROPN":
        return False
    if tok.text == "Operation":
        return any(c.pos_ == "PROPN" for c in tok.children)
    return any(c.dep_ == "compound" and c.text == "Operation" for c in tok.children)


def _hyphen_key(tok: Token) -> str | None:
    """``cease-fire`` as one key when the tokenizer split it around the hyphen."""
    doc = tok.doc
    i = tok.i
    if (
        i >= 2
        and doc[i - 1].text == "-"
        and not doc[i - 2].whitespace_
        and not doc[i - 1].whitespace_
    ):
        return f"{doc[i - 2].lower_}-{tok.lower_}"
    return None


_MEANS_OF_SAYING = frozenset({"phone", "tweet", "video"})
"""Modes a statement can take from its words ("a phone call"); the rest are weapons."""


def refine_mode(tokens: list[Token], default: str, lex: TriggerLexicon, attack: bool) -> str:
    """A more specific mode from compounds or instruments ("missile attack", "with drones").
    A weapon refines only an attack: "accused an Israeli air strike" stays an accusation."""
    for tok in tokens:
        for child in tok.children:
            cands = [child]
            if child.dep_ in {"prep", "agent"} and child.lower_ in {"with", "by", "using"}:
                cands = [g for g in child.children if g.dep_ == "pobj"]
                cands += [c for g in cands for c in g.children if c.dep_ in {"compound", "amod"}]
            elif child.dep_ == "dobj":
                cands += [c for c in child.children if c.dep_ in {"compound", "amod"}]
            elif child.dep_ not in {"compound", "amod", "nmod"}:
                continue
            for cand in cands:
                mode = lex.mode_words.get(cand.lemma_.lower()) or lex.mode_words.get(cand.lower_)
                if mode and mode != default and (attack or mode in _MEANS_OF_SAYING):
                    if mode == "clash" and default:
                        continue  # "border" says little when the word already names a mode
                    return mode
    return default


def find_triggers(doc: Doc, lex: TriggerLexicon, indices: list[int] | None = None) -> list[Trigger]:
    """Every trigger in ``doc``, at most one per anchor token, phrases before single words."""
    found: dict[int, Trigger] = {}
    consumed: set[int] = set()
    if indices is None:
        indices = candidate_indices(doc, lex.all_words)
    candidates = [doc[i] for i in indices]
    for tok in candidates:
        lemma, lower = word_keys(tok)
        cues = lex.phrases.get(lemma) or lex.phrases.get(lower)
        if not cues:
            continue
        for cue in cues:
            span = _match_phrase(tok, cue)
            if span is None or any(i in consumed or i in found for i in span):
                continue
            toks = [doc[i] for i in span]
            attack = cue.type == "ASSAULT"
            found[tok.i] = Trigger(tok, cue, span, refine_mode(toks, cue.mode, lex, attack))
            consumed.update(i for i in span if i != tok.i)
            break
    for tok in candidates:
        if tok.i in found or tok.i in consumed:
            continue
        word_cue = single_word_cue(tok, lex)
        if word_cue is None:
            continue
        start = tok.i - 2 if _hyphen_key(tok) and word_cue.pos == "noun" else tok.i
        span = tuple(range(start, tok.i + 1))
        mode = refine_mode([tok], word_cue.mode, lex, word_cue.type == "ASSAULT")
        found[tok.i] = Trigger(tok, word_cue, span, mode)
    return [found[i] for i in sorted(found)]


_PASSIVE_ONLY = frozenset({"hit", "damage", "destroy"})
"""Verbs that tell an attack only in the passive ("the mosque was hit", "a dispensary was
damaged"): what was struck, with no attacker named. Active, they more often tell of
something else ("hit a record", "destroyed a brigade" in a unit's own claim)."""


def _passive(tok: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)


def _striving(tok: Token) -> bool:
    """ "fighting to save", "fight for survival": striving for something, not combat."""
    for c in tok.children:
        if c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children):
            return True
    return False


_RECORDED = frozenset(
    {"moment", "footage", "image", "video", "picture", "photo", "scene", "attention", "imagination"}
)
"""What a camera or an audience "captures": no place taken."""


def _records(tok: Token) -> bool:
    """ "captured the moment the rocket was misfired", "seized the attention of"."""
    return tok.lemma_.lower() in {"capture", "seize"} and any(
        c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in _RECORDED for c in tok.children
    )


def single_word_cue(tok: Token, lex: TriggerLexicon) -> Cue | None:
    """The cue of a single trigger word, chosen by its part of speech."""
    lemma, lower = word_keys(tok)
    pos = tok.pos_
    if pos in {"VERB", "AUX"} or (pos == "ADJ" and tok.tag_ == "VBN"):
        if tok.dep_ == "amod" and tok.tag_ == "VBN":
            return None  # "the recognized norms", "internationally recognized borders"
        if lemma in _PASSIVE_ONLY and not _passive(tok):
            return None
        if lemma == "fight" and _striving(tok):
            return None  # "doctors are fighting to save his life": a struggle, not a battle
        if _records(tok):
            return None  # "the footage captured the moment": a recording, not a conquest
        cues = lex.verbs.get(lemma) or lex.verbs.get(lower)
        if pos == "AUX" and lemma not in {"have"}:
            cues = None
    elif pos in {"NOUN", "PROPN"}:
        hyphen = _hyphen_key(tok)
        cues = (lex.nouns.get(hyphen) if hyphen else None) or lex.nouns.get(lemma)
        cues = cues or lex.nouns.get(lower)
        if cues is None and tok.tag_ == "VBG":
            cues = None
    elif pos == "ADJ":
        cues = lex.adjectives.get(lemma) or lex.adjectives.get(lower)
    else:
        cues = None
    if not cues:
        return None
    return cues[0]
