"""Killed and injured figures as stated: "killed 12 people", "nearly 100 soldiers dead"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from sitroom.extract.numbers import CARDINALS
from sitroom.model import Casualties

KILLED_WORDS = frozenset(
    {
        "kill",
        "killed",
        "die",
        "dead",
        "death",
        "deaths",
        "fatality",
        "fatalities",
        "slay",
        "slain",
        "massacre",
        "massacred",
        "perish",
        "martyr",
        "martyred",
        "martyrdom",
    }
)
INJURED_WORDS = frozenset({"injure", "injured", "wound", "wounded", "injury", "injuries", "hurt"})
LIFE_VERBS = frozenset({"lose", "claim", "cost", "take"})
_BOTH_WORDS = frozenset({"casualty", "casualties"})
"""Words of the dead and the injured together: "no casualties" is none of either."""
CASUALTY_WORDS = KILLED_WORDS | INJURED_WORDS | _BOTH_WORDS | frozenset({"life", "lives"})
_UNITS: dict[str, int] = {**CARDINALS, "a": 1, "an": 1, "single": 1}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "dozen": 12}
# Counts that name no number: "dozens" is null, not 24.
VAGUE = frozenset(
    {
        "dozens",
        "scores",
        "hundreds",
        "thousands",
        "millions",
        "tens",
        "several",
        "many",
        "numerous",
        "some",
        "lives",
        "casualties",
        "few",
        "multiple",
    }
)
APPROX_WORDS = frozenset(
    {
        "nearly",
        "about",
        "around",
        "approximately",
        "almost",
        "roughly",
        "some",
        "over",
        "up",
        "least",
        "more",
        "than",
        "close",
        "estimated",
        "circa",
        "approx",
    }
)
LOWER_BOUND = frozenset({"least", "more", "over", "than"})
CIVILIAN_NOUNS = frozenset(
    {
        "civilian",
        "people",
        "person",
        "resident",
        "child",
        "children",
        "woman",
        "women",
        "minor",
        "villager",
        "citizen",
        "national",
        "passenger",
        "worker",
        "student",
        "man",
        "men",
        "family",
        "pedestrian",
        "farmer",
        "journalist",
        "refugee",
        "boy",
        "girl",
        "baby",
        "infant",
        "mother",
        "father",
        "daughter",
        "son",
        "teenager",
        "worshipper",
        "patient",
        "doctor",
        "nurse",
        "teacher",
        "shepherd",
    }
)
MILITARY_NOUNS = frozenset(
    {
        "soldier",
        "troop",
        "troops",
        "serviceman",
        "servicemen",
        "personnel",
        "officer",
        "guard",
        "fighter",
        "militant",
        "rebel",
        "policeman",
        "police",
        "marine",
        "commander",
        "conscript",
        "recruit",
        "gunman",
        "insurgent",
        "combatant",
        "militiaman",
    }
)
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$|^\d+\.\d+$")


@dataclass(slots=True)
class Figure:
    """One stated figure: killed or injured, the number (None when vague) and where."""

    kind: str
    value: int | None
    approx: bool
    sector: str
    token: int
    total: bool = False
    """A toll brought up to date ("taking the death toll to 59"): it replaces the others."""


def number_value(tok: Token) -> int | None:
    """The integer a number token states ("12", "5,000", "three", "a dozen")."""
    text = tok.lower_
    if _DIGITS.match(text):
        try:
            return int(float(text.replace(",", "")))
        except ValueError:
            return None
    if text in _UNITS and text not in {"a", "an", "single"}:
        value = _UNITS[text]
    elif text in _SCALES:
        value = _SCALES[text]
    else:
        parts = text.split("-")
        if len(parts) == 2 and parts[0] in _UNITS and parts[1] in _UNITS:
            return _UNITS[parts[0]] + _UNITS[parts[1]]
        return None
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in _SCALES and nxt.lower_ != "dozen":
        value *= _SCALES[nxt.lower_]
    prev = tok.nbor(-1) if tok.i > 0 else None
    if text in _SCALES and prev is not None and prev.lower_ in {"a", "one"}:
        value = _SCALES[text]
    return value


def _is_number(tok: Token) -> bool:
    return tok.like_num or tok.lower_ in _UNITS or tok.lower_ in _SCALES


def _approx(tok: Token) -> bool:
    words = {
        c.lower_ for c in tok.children if c.dep_ in {"quantmod", "advmod", "amod"} and c.i < tok.i
    }
    for k in (1, 2):
        if tok.i - k >= 0:
            words.add(tok.doc[tok.i - k].lower_)
    return bool(words & APPROX_WORDS)


def _sector(noun: Token | None) -> str:
    if noun is None:
        return ""
    lemma, lower = noun.lemma_.lower(), noun.lower_
    if lemma in MILITARY_NOUNS or lower in MILITARY_NOUNS:
        return "MIL"
    if lemma in CIVILIAN_NOUNS or lower in CIVILIAN_NOUNS:
        return "CVL"
    return ""


def count_of(noun: Token) -> tuple[int | None, bool, Token | None, bool]:
    """(number, approx, victim noun, found) for a phrase naming victims."""
    if noun.lower_ in VAGUE and not any(c.dep_ == "nummod" for c in noun.children):
        # "claimed lives" says no number; "claimed three lives" does
        return None, False, noun, True
    if _is_number(noun) and number_value(noun) is not None and noun.lower_ not in {"a", "an"}:
        victim = None
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                victim = next((g for g in child.children if g.dep_ == "pobj"), None)
        return number_value(noun), _approx(noun), victim, True
    for child in noun.children:
        if child.dep_ == "nummod" or (child.dep_ in {"amod", "quantmod"} and _is_number(child)):
            if child.lower_ in VAGUE:
                return None, False, noun, True
            value = number_value(child)
            if value is not None:
                # a range ("100 to 300 people") counts its lower bound, as "at least" does
                low = [number_value(g) for g in child.children if g.dep_ == "quantmod"]
                value = min([value, *(v for v in low if v is not None)])
                return value, _approx(child), noun, True
    singular = noun.tag_ in {"NN", "NNP"} and _sector(noun)
    # "a soldier", and one particular person: "the deputy commander", "its spokesman"
    one = {"a", "an", "one", "the", "its", "their", "his", "her"}
    if singular and any(
        c.lower_ in one and c.dep_ in {"det", "poss", "nummod"} for c in noun.children
    ):
        # "a boy and a girl", "a mother and daughter": one for each person named
        others = [c for c in noun.children if c.dep_ == "conj" and c.tag_ in {"NN", "NNP"}]
        return 1 + sum(1 for c in others if _sector(c)), False, noun, True
    if noun.tag_ in {"NNS", "NNPS"}:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return count_of(pobj)
    return None, False, noun, False


def _victim_phrase(word: Token) -> Token | None:
    """The phrase naming the victims of a casualty word."""
    lemma = word.lemma_.lower()
    deps = {c.dep_: c for c in word.children}
    if lemma in {"death", "injury", "fatality", "casualty", "martyrdom"}:
        for child in word.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        if word.head.lemma_.lower() in {"suffer", "receive", "sustain"}:
            return next((c for c in word.head.children if c.dep_ == "nsubj"), None)
        return word
    if lemma == "life" or word.lower_ == "lives":
        head = word.head
        if head.lemma_.lower() == "lose":
            return next((c for c in head.children if c.dep_ == "nsubj"), None)
        return word
    if word.dep_ == "amod" and word.head.pos_ in {"NOUN", "PROPN", "NUM"}:
        return word.head
    if (
        word.dep_ in {"acl", "relcl"}
        and word.head.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}
        and "dobj" not in deps
    ):
        # "ten people killed"; but "the strike, which killed 30 people": its own object
        return word.head
    if "nsubjpass" in deps:
        return deps["nsubjpass"]
    if "dobj" in deps:
        return deps["dobj"]
    if lemma in {"die", "perish"} and "nsubj" in deps:
        return deps["nsubj"]
    own = deps.get("nsubj")
    absolute = word.dep_ == "pcomp" and word.head.lower_ == "with"
    if (
        (word.dep_ in {"conj", "advcl"} or absolute)
        and own is not None
        and own.i < word.i
        and count_of(own)[3]
    ):
        # "seven soldiers were killed and ten wounded", "..., with 71 people wounded",
        # "clashes erupted, with two officials killed": the count is the word's own
        return own
    if word.dep_ in {"oprd", "xcomp", "acomp", "ccomp", "advcl", "conj"}:
        head = word.head
        for child in head.children:
            if child.dep_ in {"dobj", "nsubjpass"} and child.i < word.i:
                return child
        if word.dep_ in {"oprd", "xcomp", "acomp"}:
            return next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if "nsubj" in deps and word.pos_ == "ADJ":
        return deps["nsubj"]
    return None


def _window_number(word: Token, sent: Span) -> tuple[int | None, bool, Token | None, bool]:
    """The nearest number just before the casualty word, when the parse gave none."""
    for k in range(word.i - 1, max(sent.start, word.i - 6) - 1, -1):
        tok = word.doc[k]
        if tok.lower_ in {"including", "among", "of"} or tok.pos_ == "VERB":
            break
        if tok.lower_ in VAGUE:
            return None, False, None, True
        if _is_number(tok) and tok.lower_ not in {"a", "an"}:
            value = number_value(tok)
            if value is not None:
                noun = tok.head if tok.dep_ == "nummod" else None
                return value, _approx(tok), noun, True
    return None, False, None, False


def _in_inclusion(tok: Token) -> bool:
    """Inside "including 2 minors": a subset, not the total."""
    for anc in tok.ancestors:
        if anc.lower_ in {"including", "among"}:
            return True
        if anc.dep_ in {"ROOT", "ccomp"}:
            break
    return tok.i > 0 and tok.doc[tok.i - 1].lower_ in {"including", "among"}


def casualty_kind(tok: Token) -> str | None:
    """``killed``, ``injured`` or None for a token."""
    lemma, lower = tok.lemma_.lower(), tok.lower_
    if lemma in {"life"} or lower == "lives":
        return "killed" if tok.head.lemma_.lower() in LIFE_VERBS else None
    if lemma in KILLED_WORDS or lower in KILLED_WORDS:
        if lower == "dead" and tok.head.lower_ in {"declared", "pronounced"}:
            return "killed"
        return "killed"
    if lemma in INJURED_WORDS or lower in INJURED_WORDS:
        return "injured"
    return None


def _none_of(word: Token) -> bool:
    """A casualty noun counted as none: "no casualties", "no deaths were reported"."""
    return word.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in word.children)


def _nobody(victim: Token) -> bool:
    """ "no one", "nobody", "none": victims counted as none."""
    if victim.lower_ in {"nobody", "none"}:
        return True
    return victim.lower_ == "one" and any(c.lower_ == "no" for c in victim.children)


def sentence_figures(sent: Span, indices: list[int] | None = None) -> list[Figure]:
    """Every killed or injured figure stated in a sentence, in order.

    ``indices`` (token indices of casualty words, when already known) saves a scan.
    """
    out: list[Figure] = []
    words = [sent.doc[i] for i in indices] if indices is not None else list(sent)
    for word in words:
        if _none_of(word):
            # "no casualties were reported", "no fatalities": a count of zero
            one = casualty_kind(word)
            kinds = ["killed", "injured"] if word.lower_ in _BOTH_WORDS else [one] if one else []
            out.extend(Figure(k, 0, False, "", word.i) for k in kinds)
            continue
        kind = casualty_kind(word)
        if kind is None or _in_inclusion(word):
            continue
        if word.pos_ not in {"VERB", "ADJ", "NOUN", "AUX"}:
            continue
        if (
            word.lower_ in {"killing", "death"}
            and word.dep_ in {"dobj", "pobj"}
            and not any(c.dep_ == "prep" for c in word.children)
        ):
            continue
        victim = _victim_phrase(word)
        value: int | None = None
        approx = False
        noun = victim
        found = False
        if victim is not None and victim.i != word.i and _nobody(victim):
            value, noun, found = 0, victim, True  # "no one was hurt"
        elif victim is not None and victim.i != word.i:
            value, approx, noun, found = count_of(victim)
        elif victim is not None and victim.i == word.i:
            value, approx, noun, found = count_of(word)
        if not found:
            value, approx, noun, found = _window_number(word, sent)
        if not found:
            continue
        out.append(Figure(kind, value, approx, _sector(noun or victim), word.i))
    total = _toll_total(sent)
    if total is not None:
        out.append(total)
    return out


_TOLL_PREPS = frozenset({"to", "at"})


def _toll_total(sent: Span) -> Figure | None:
    """ "the death toll rose to 33", "taking the total toll to 59", "the toll stood at 20":
    the number a toll is brought to (of the dead unless the toll is of the injured)."""
    for tok in sent:
        if tok.lemma_.lower() != "toll" or tok.dep_ not in {"nsubj", "dobj"}:
            continue
        for prep in tok.head.children:
            if prep.dep_ != "prep" or prep.lower_ not in _TOLL_PREPS:
                continue
            for num in prep.children:
                value = number_value(num) if num.dep_ == "pobj" and _is_number(num) else None
                if value is not None:
                    hurt = any(casualty_kind(c) == "injured" for c in tok.children)
                    kind = "injured" if hurt else "killed"
                    return Figure(kind, value, _approx(num), "", num.i, total=True)
    return None


def figures_to_casualties(figures: list[Figure]) -> Casualties:
    """Combine a sentence's figures: the first stated number of each kind."""
    result = Casualties()
    for fig in figures:
        if fig.total and fig.kind == "killed":
            result.killed, result.killed_approx = fig.value, fig.approx
            continue
        if fig.total:
            result.injured, result.injured_approx = fig.value, fig.approx
            continue
        if fig.kind == "killed" and result.killed is None:
            result.killed, result.killed_approx = fig.value, fig.approx
            result.victim_sector = result.victim_sector or fig.sector
        elif fig.kind == "injured" and result.injured is None:
            result.injured, result.injured_approx = fig.value, fig.approx
            result.victim_sector = result.victim_sector or fig.sector
    return result
