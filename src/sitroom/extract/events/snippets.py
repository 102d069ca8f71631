"""Classify a short snippet by its main event into a CASE-2021 code (ACLED sub-event types)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from sitroom.extract.events.acled import acled_label
from sitroom.extract.events.extract import extract_events
from sitroom.extract.events.lexicon import TriggerLexicon, load_trigger_lexicon
from sitroom.extract.places import event_place
from sitroom.model import Actor, Event, Place

CASE_CODES: tuple[str, ...] = (
    "ARMED_CLASH",
    "GOV_REGAINS_TERIT",
    "NON_STATE_ACTOR_OVERTAKES_TER",
    "CHEM_WEAP",
    "AIR_STRIKE",
    "SUIC_BOMB",
    "ART_MISS_ATTACK",
    "GRENADE",
    "REM_EXPLOS",
    "SEX_VIOL",
    "ATTACK",
    "ABDUCT_DISSAP",
    "PEACE_PROTEST",
    "PROTEST_WITH_INTER",
    "FORCE_AGAINST_PROTEST",
    "VIOL_DEMONSTR",
    "MOB_VIOL",
    "AGREEMENT",
    "ARREST",
    "CHANGE_TO_GROUP_ACT",
    "DISR_WEAP",
    "HQ_ESTABLISHED",
    "NON_VIOL_TERRIT_TRANSFER",
    "PROPERTY_DISTRUCT",
    "OTHER",
    "DIPLO",
    "ATTRIB",
    "ORG_CRIME",
    "NATURAL_DISASTER",
    "MAN_MADE_DISASTER",
)
# ACLED sub-event type -> CASE-2021 code.
SUB_EVENT_CODES = {
    "Armed clash": "ARMED_CLASH",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Chemical weapon": "CHEM_WEAP",
    "Air/drone strike": "AIR_STRIKE",
    "Suicide bomb": "SUIC_BOMB",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Grenade": "GRENADE",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Sexual violence": "SEX_VIOL",
    "Attack": "ATTACK",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Peaceful protest": "PEACE_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Mob violence": "MOB_VIOL",
    "Agreement": "AGREEMENT",
    "Arrests": "ARREST",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Disrupted weapons use": "DISR_WEAP",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Other": "OTHER",
}
# Cues checked before protests are graded, and the rest after.
_BEFORE_PROTEST = (
    "ATTRIB",
    "NATURAL_DISASTER",
    "MAN_MADE_DISASTER",
    "CHEM_WEAP",
    "SUIC_BOMB",
    "GRENADE",
    "SEX_VIOL",
    "ABDUCT_DISSAP",
    "ORG_CRIME",
    "AIR_STRIKE",
)
_CLASH_WORDS = frozenset(
    {
        "clash",
        "clashes",
        "clashed",
        "fighting",
        "fought",
        "battle",
        "battled",
        "firefight",
        "gunbattle",
        "exchange",
        "exchanged",
        "ambush",
        "ambushed",
        "skirmish",
        "skirmishes",
    }
)
_CIVILIAN_WORDS = frozenset(
    {
        "civilian",
        "civilians",
        "villager",
        "villagers",
        "resident",
        "residents",
        "worshippers",
        "passengers",
        "farmers",
        "students",
        "women",
        "children",
        "journalist",
        "journalists",
        "teacher",
        "traders",
        "shopkeeper",
        "family",
        "man",
        "woman",
        "herders",
        "people",
    }
)
_ARMED_WORDS = frozenset(
    {
        "soldiers",
        "troops",
        "army",
        "militants",
        "rebels",
        "insurgents",
        "police",
        "forces",
        "fighters",
        "militia",
        "militiamen",
        "jihadists",
        "army's",
        "military",
        "policemen",
    }
)
_TARGETED_ARMED = frozenset(
    {
        "soldiers",
        "troops",
        "police",
        "policemen",
        "checkpoint",
        "base",
        "convoy",
        "patrol",
        "positions",
        "army",
        "military",
        "officers",
    }
)


def _lower_tokens(doc: Doc) -> list[str]:
    return [t.lower_ for t in doc]


def _has(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if words[i] == phrase[0] and tuple(words[i : i + n]) == phrase:
                return True
    return False


def _main_event(events: list[Event], doc: Doc) -> Event | None:
    """The most salient event: its trigger nearest the root of its sentence, then the first."""
    if not events:
        return None

    def depth(e: Event) -> int:
        span = doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is None:
            return 99
        tok = span.root
        return sum(1 for _ in tok.ancestors)

    return min(events, key=lambda e: (depth(e), e.start))


def main_event(
    doc: Doc, actors: Sequence[Actor], places: Sequence[Place] | None = None
) -> Event | None:
    """The main event of a short text (no dates or claimants resolved; its place from
    ``places``, the text's resolved toponyms, when given)."""
    found = list(places or ())
    events = extract_events(
        doc,
        actors,
        date_of=lambda s, e: (None, None, 3),
        place_of=lambda s, e: event_place(doc, s, e, found) if found else None,
        claimant_of=lambda s, e: None,
        require_party=False,
    )
    return _main_event(events, doc)


def _grade_protest(words: list[str], lex: TriggerLexicon) -> str:
    cues = lex.protest_cues
    if _has(words, cues.get("force", ())):
        return "FORCE_AGAINST_PROTEST"
    if _has(words, cues.get("violent", ())):
        return "VIOL_DEMONSTR"
    if _has(words, cues.get("intervention", ())):
        return "PROTEST_WITH_INTER"
    return "PEACE_PROTEST"


def _violence_code(words: list[str], event: Event | None) -> str:
    """ATTACK (one-sided, on civilians) or ARMED_CLASH (two armed sides)."""
    ws = set(words)
    if ws & _CLASH_WORDS:
        return "ARMED_CLASH"
    if ws & _TARGETED_ARMED and ws & {"attacked", "attack", "ambushed", "raided", "stormed"}:
        return "ARMED_CLASH"
    if ws & _CIVILIAN_WORDS:
        return "ATTACK"
    if event is not None:
        code = SUB_EVENT_CODES.get(acled_label(event)[1], "")
        if code:
            return code
    return "ATTACK" if ws & {"gunmen", "assailants", "attackers"} else "ARMED_CLASH"


_WEAPON_CODES = ("DISR_WEAP", "REM_EXPLOS", "ART_MISS_ATTACK", "PROPERTY_DISTRUCT")
_NONSTATE_WORDS = frozenset(
    {
        "rebel",
        "rebels",
        "militants",
        "militant",
        "insurgents",
        "jihadists",
        "jihadist",
        "fighters",
        "militia",
        "militias",
        "militiamen",
        "group",
        "guerrillas",
        "separatists",
        "gunmen",
    }
)
_STATE_WORDS = frozenset(
    {"army", "government", "troops", "soldiers", "military", "forces", "police", "regime"}
)


def _territory_code(event: Event, doc: Doc) -> str:
    """Who took the ground: the subject's words decide between state and non-state forces."""
    if any(a.sector == "REB" or a.group for a in event.source):
        return "NON_STATE_ACTOR_OVERTAKES_TER"
    span = doc.char_span(event.start, event.end, alignment_mode="expand")
    words: set[str] = set()
    if span is not None:
        for tok in span.root.children:
            if tok.dep_ in {"nsubj", "nsubjpass", "agent"}:
                words |= {t.lower_ for t in tok.subtree}
    if words & _NONSTATE_WORDS and not words & {"government", "army"}:
        return "NON_STATE_ACTOR_OVERTAKES_TER"
    return "GOV_REGAINS_TERIT"


def classify_snippet(doc: Doc, actors: Sequence[Actor]) -> str:
    """CASE-2021 code for a snippet's main event (ACLED sub-event type or out-of-scope code)."""
    lex = load_trigger_lexicon()
    words = _lower_tokens(doc)
    cues = dict(lex.snippet_cues)
    for code in _BEFORE_PROTEST:
        if _has(words, cues.get(code, ())):
            return code
    if _has(words, lex.protest_cues.get("protest", ())):
        return _grade_protest(words, lex)
    event = main_event(doc, actors)
    if event is not None and event.type == "ASSAULT":
        if event.mode == "territorial-control":
            return _territory_code(event, doc)
        sub = acled_label(event)[1]
        if event.mode in {"abduction", "sexual", "chemical", "suicide", "grenade"}:
            return SUB_EVENT_CODES[sub]
        for code in _WEAPON_CODES:
            if _has(words, cues.get(code, ())):
                return code
        if sub in {
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Looting/property destruction",
        }:
            return SUB_EVENT_CODES[sub]
        return _violence_code(words, event)
    done = set(_BEFORE_PROTEST) | {"DIPLO"}
    for code, phrases in lex.snippet_cues:
        if code not in done and _has(words, phrases):
            return code
    if event is not None:
        if event.type == "PROTEST":
            return _grade_protest(words, lex)
        sub = acled_label(event)[1]
        return SUB_EVENT_CODES.get(sub, "DIPLO")
    if _has(words, cues.get("DIPLO", ())):
        return "DIPLO"
    if set(words) & {"killed", "attacked", "shot", "wounded", "injured", "gunmen"}:
        return _violence_code(words, None)
    return "OTHER"
