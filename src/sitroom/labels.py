"""Words for codes: the one place that turns stored codes into labels a reader understands.

The web UI and the CLI print events, actors, places, articles and incidents through
these functions, so that a record reads the same everywhere ("Missile strike on Ganja,
17 Oct 2020", "Armenia's armed forces"). The codes stay in the records, the API and
the exports; pages show them on hover (see ``actor_code``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from sitroom.model import Actor, Event

TYPE_WORDS: dict[str, str] = {
    "AGREE": "Agreement",
    "CONSULT": "Consultation",
    "SUPPORT": "Support",
    "CONCEDE": "Concession",
    "COOPERATE": "Cooperation",
    "AID": "Aid",
    "RETREAT": "Retreat",
    "INVESTIGATE": "Investigation",
    "DEMAND": "Demand",
    "DISAPPROVE": "Criticism",
    "REJECT": "Rejection",
    "THREATEN": "Threat",
    "PROTEST": "Protest",
    "CRIME": "Crime",
    "SANCTION": "Sanction",
    "MOBILIZE": "Mobilisation",
    "COERCE": "Coercion",
    "ASSAULT": "Attack",
}
"""PLOVER event types (the stored ``type``) in words."""

MODE_WORDS: dict[str, str] = {
    "abduction": "Abduction",
    "agreement": "Agreement",
    "air": "Air strike",
    "ambush": "Ambush",
    "apology": "Apology",
    "arrest": "Arrest",
    "artillery": "Artillery shelling",
    "assassination": "Assassination",
    "asylum": "Asylum request",
    "ban": "Ban",
    "beat": "Beating",
    "blockade": "Blockade",
    "border": "Border measure",
    "boycott": "Boycott",
    "ceasefire": "Ceasefire",
    "ceasefire-violation": "Ceasefire violation",
    "censor": "Censorship",
    "chemical": "Chemical attack",
    "clash": "Armed clash",
    "confiscate": "Confiscation",
    "corruption": "Corruption",
    "crowd-control": "Crowd control",
    "curfew": "Curfew",
    "cyber": "Cyber attack",
    "demonstration": "Demonstration",
    "deport": "Deportation",
    "destroy": "Destruction of property",
    "diplomatic": "Diplomatic measure",
    "disarm": "Disarmament",
    "drone": "Drone strike",
    "economic": "Economic aid",
    "embargo": "Embargo",
    "emergency": "State of emergency",
    "execution": "Execution",
    "exercise": "Military exercise",
    "expel": "Expulsion",
    "explosives": "Explosion",
    "extradite": "Extradition",
    "grenade": "Grenade attack",
    "host": "Offer to host",
    "humanitarian": "Humanitarian aid",
    "hunger-strike": "Hunger strike",
    "incursion": "Incursion",
    "inquiry": "Inquiry",
    "inspection": "Inspection",
    "intelligence": "Intelligence sharing",
    "invasion": "Invasion",
    "massacre": "Massacre",
    "mediation": "Mediation",
    "meeting": "Meeting",
    "military": "Military aid",
    "military-transport": "Military transport",
    "missile": "Missile strike",
    "mortar": "Mortar fire",
    "obstruct": "Obstruction",
    "offensive": "Offensive",
    "offer": "Offer",
    "peace-plan": "Peace plan",
    "phone": "Phone call",
    "pressure": "Pressure",
    "promise": "Promise",
    "raid": "Raid",
    "recognition": "Recognition",
    "release": "Release",
    "repression": "Repression",
    "resign": "Resignation",
    "restriction": "Restriction",
    "riot": "Riot",
    "robbery": "Robbery",
    "rocket": "Rocket fire",
    "sexual": "Sexual violence",
    "small-arms": "Small-arms fire",
    "smuggling": "Smuggling",
    "strike": "Strike",
    "suicide": "Suicide attack",
    "surrender": "Surrender",
    "suspend": "Suspension",
    "talks": "Talks",
    "territorial-control": "Fight for territory",
    "territory": "Handover of territory",
    "torture": "Torture",
    "trafficking": "Trafficking",
    "troops": "Troop deployment",
    "tweet": "Post",
    "ultimatum": "Ultimatum",
    "video": "Video call",
    "visit": "Visit",
    "war": "War",
    "withdrawal": "Withdrawal",
}
"""Event modes (the stored ``mode``, a subtype of the PLOVER type) in words."""

# A mode that only repeats the type's kind of act ("statement" of a DEMAND) adds nothing.
_PLAIN_MODES = frozenset({"", "statement", "accusation"})
_TYPE_MODE_WORDS: dict[tuple[str, str], str] = {
    ("DISAPPROVE", "accusation"): "Accusation",
    ("DISAPPROVE", "statement"): "Criticism",
    ("SUPPORT", "diplomatic"): "Diplomatic support",
    ("SANCTION", "diplomatic"): "Diplomatic sanction",
    ("SANCTION", "aid"): "Aid cut",
    ("SANCTION", "restriction"): "Restriction",
    ("COERCE", "raid"): "Raid",
    ("RETREAT", "ceasefire"): "Ceasefire withdrawal",
    ("RETREAT", "blockade"): "Blockade lifted",
    ("RETREAT", "border"): "Border reopened",
    ("CONCEDE", "curfew"): "Curfew lifted",
    ("CONCEDE", "restriction"): "Restriction eased",
    ("CONCEDE", "strike"): "Strike ended",
    ("CONSULT", "host"): "Offer to host talks",
    ("SUPPORT", "host"): "Offer to host talks",
    ("COOPERATE", "exercise"): "Joint exercise",
}

RECIPROCAL_MODES = frozenset(
    {"clash", "war", "talks", "ceasefire", "agreement", "meeting", "phone", "territorial-control"}
)
"""Modes of two-sided acts: their parties act on each other (a clash, talks)."""

SECTOR_WORDS: dict[str, str] = {
    "GOV": "government",
    "MIL": "armed forces",
    "CVL": "civilians",
    "REB": "rebels",
    "IGO": "international organisation",
    "MED": "media",
    "UNK": "",
}
"""Actor sectors in words."""

STATUS_WORDS: dict[str, str] = {
    "occurred": "",
    "planned": "planned",
    "denied": "denied",
    "reported-violation": "reported ceasefire violation",
}
"""Event statuses in words; an event that occurred needs no word."""

PRECISION_WORDS: dict[str, str] = {
    "town": "exact town",
    "region": "region only",
    "country": "country only: the exact place is unknown",
}
"""Place precisions in words (ACLED's geo_precision 1, 2, 3)."""

DATE_PRECISION_WORDS: dict[str, str] = {
    "day": "day",
    "week": "week only",
    "month": "month only",
    "year": "year only",
}
"""Date precisions in words."""

CONTESTED_WORDS: dict[str, str] = {
    "date": "the date",
    "place": "the place",
    "killed": "the number killed",
    "injured": "the number injured",
    "blame": "who is to blame",
    "source": "who did it",
    "status": "whether it happened",
    "occurred": "whether it happened",
}
"""Contested incident fields in words."""

_SHORT_COUNTRY: dict[str, str] = {
    "RUS": "Russia",
    "TUR": "Turkey",
    "USA": "the United States",
    "GBR": "the United Kingdom",
    "PSE": "Palestine",
    "PRK": "North Korea",
    "KOR": "South Korea",
    "COD": "DR Congo",
    "COG": "Congo",
    "CZE": "Czechia",
    "NLD": "the Netherlands",
    "PHL": "the Philippines",
    "ARE": "the United Arab Emirates",
}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Lower-case names that stand for a country's forces rather than name anyone.
_FORCE_WORDS = frozenset(
    {
        "forces",
        "armed forces",
        "troops",
        "army",
        "military",
        "positions",
        "units",
        "artillery",
        "soldiers",
        "servicemen",
        "side",
    }
)


@lru_cache(maxsize=512)
def country_label(code: str | None) -> str:
    """A country's short English name for an ISO-3 code ("IRN" -> "Iran"); the code if unknown."""
    if not code:
        return ""
    code = code.upper()
    if code in _SHORT_COUNTRY:
        return _SHORT_COUNTRY[code]
    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


def possessive(name: str) -> str:
    """``name`` with an English possessive: "Armenia's", "the Philippines'"."""
    return name + ("'" if name.endswith("s") and not name.endswith("ss") else "'s")


@lru_cache(maxsize=4096)
def _country_of_name(name: str) -> str:
    """The ISO-3 code a country name or capital stands for, else ""."""
    try:
        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        pass
    for code, short in _SHORT_COUNTRY.items():
        if name.lower() in (short.lower(), short.lower().removeprefix("the ")):
            return code
    return ""


def type_label(type_: str) -> str:
    """A PLOVER type in words ("ASSAULT" -> "Attack")."""
    return TYPE_WORDS.get(type_.upper(), type_.capitalize()) if type_ else "Event"


def event_kind(type_: str, mode: str = "") -> str:
    """What an event is, in words, from its type and mode ("Missile strike", "Talks")."""
    mode = mode or ""
    if (type_, mode) in _TYPE_MODE_WORDS:
        return _TYPE_MODE_WORDS[(type_, mode)]
    if mode in _PLAIN_MODES or mode not in MODE_WORDS:
        return type_label(type_)
    return MODE_WORDS[mode]


def kind_code(type_: str, mode: str = "") -> str:
    """The codes behind ``event_kind`` ("ASSAULT/missile"), for hover text and exports."""
    return f"{type_}/{mode}" if mode else type_


def actor_code(actor: Actor) -> str:
    """An actor's codes ("ARM/MIL"), for hover text."""
    return f"{actor.country or '?'}/{actor.sector or 'UNK'}"


def actor_label(actor: Actor) -> str:
    """An actor in words: "Armenia's armed forces", "Nikol Pashinyan (Armenia)", "Iran".

    A name that is a country (or a country's capital standing for it) reads as that
    country, with the sector when it is not the state itself; a lower-case name
    ("foreign ministry", "forces") belongs to its country; a person or an institution
    keeps its name. "" when the actor has neither a name, a text nor a country.
    """
    code = (actor.country or "").upper()
    sector = (actor.sector or "UNK").upper()
    name = (actor.name or "").strip()
    text = (actor.text or "").strip()
    owner = (actor.group or "").strip() or country_label(code)
    # Without a canonical name the text is a demonym, a pronoun or "both sides": the
    # country and sector say more.
    named = name or ("" if code else text)
    if named and _country_of_name(named) and _country_of_name(named) == code:
        named = ""  # "Armenia", "Tehran"-as-Iran: the country itself
    if named and not named[:1].isupper() or named.lower() in _FORCE_WORDS:
        # "forces", "foreign ministry", "the embassy": a common noun of the owner's.
        noun = re.sub(r"^(the|a|an|its|their)\s+", "", named, flags=re.I)
        if noun.lower() in _FORCE_WORDS and sector == "MIL":
            noun = SECTOR_WORDS["MIL"]
        elif noun.lower() == "side":
            noun = ""  # "the Azerbaijani side": Azerbaijan
        if owner and noun and not re.fullmatch(r"(it|he|she|they|them|him|her|we|us)", noun, re.I):
            return f"{possessive(owner)} {noun.lower()}"
        named = "" if owner else (f"unidentified {noun}" if noun else "")
    if named:
        if owner and _country_of_name(owner) and owner.lower() not in named.lower():
            return f"{named} ({owner})"
        return named
    if not owner:
        return ""
    if sector == "CVL":
        return f"civilians in {country_label(code)}" if code else f"civilians of {owner}"
    if sector in ("GOV", "UNK", "") or not SECTOR_WORDS.get(sector):
        return owner
    return f"{possessive(owner)} {SECTOR_WORDS[sector]}"


def _unique(labels: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for label in labels:
        if label and label not in seen:
            seen[label] = None
    return list(seen)


def join_words(items: Sequence[str], last: str = "and") -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


@dataclass(frozen=True, slots=True)
class Party:
    """One actor as shown: its label, and its codes for hover text."""

    label: str
    code: str


@dataclass(frozen=True, slots=True)
class Parties:
    """Who did what to whom, once each: sources, targets, or the sides of a two-sided act."""

    sources: list[Party]
    targets: list[Party]
    mutual: bool
    """True for a two-sided act: ``sources`` holds every side and ``targets`` is empty."""

    def text(self) -> str:
        """One line: "A → B", "between A and B", "A", or ""."""
        src = [p.label for p in self.sources]
        tgt = [p.label for p in self.targets]
        if self.mutual:
            return f"between {join_words(src)}"
        if src and tgt:
            return f"{join_words(src)} → {join_words(tgt)}"
        if tgt:
            return f"→ {join_words(tgt)}"
        return join_words(src)


def _party_list(actors: Sequence[Actor]) -> list[Party]:
    out: dict[str, Party] = {}
    for a in actors:
        label = actor_label(a)
        if label and label not in out:
            out[label] = Party(label, actor_code(a))
    return list(out.values())


def parties(source: Sequence[Actor], target: Sequence[Actor], mode: str = "") -> Parties:
    """An event's actors as labels, each once: a two-sided act (a clash, talks, or one
    stored with every party on both sides) lists its sides together; a target that is
    also a source ("Iran → Iran") is left out; actors with no label are left out.
    """
    src, tgt = _party_list(source), _party_list(target)
    src_labels, tgt_labels = {p.label for p in src}, {p.label for p in tgt}
    if src and tgt and src_labels == tgt_labels and len(src) > 1:
        return Parties(src, [], True)
    if mode in RECIPROCAL_MODES and src:
        sides = src + [p for p in tgt if p.label not in src_labels]
        if len(sides) > 1:
            return Parties(sides, [], True)
    return Parties(src, [p for p in tgt if p.label not in src_labels], False)


def date_label(date: str | None) -> str:
    """An ISO date at its own precision in words: "17 Oct 2020", "Oct 2020", "2020"."""
    if not date:
        return "undated"
    parts = date.split("-")
    try:
        if len(parts) == 3:
            d = dt.date.fromisoformat(date)
            return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
        if len(parts) == 2 and date[5:].isdigit():
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return date
    return date


def place_label(
    name: str | None, admin1: str | None = None, country: str | None = None, precision: str = ""
) -> str:
    """A place with its admin area and country: "Ganja, Ganja-Gazakh, Azerbaijan".

    A country-level placement says so ("Azerbaijan (country only)"), so that it does not
    read like a town.
    """
    if not name:
        return ""
    parts = [name]
    if admin1 and admin1.lower() not in name.lower():
        parts.append(admin1)
    cname = country_label(country) if country else ""
    if cname and cname.lower() not in (p.lower() for p in parts):
        parts.append(cname)
    label = ", ".join(parts)
    if precision == "country":
        label += " (country only)"
    elif precision == "region":
        label += " (region)"
    return label


_ON = frozenset({"missile", "rocket", "artillery", "drone", "air", "mortar", "grenade", "raid"})
_FILE_NAME = re.compile(r"^[\w.-]+\.(txt|html?|json|jsonl|xml|md)$", re.I)
_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(?:[\"”’)]?\s|$)", re.S)


def incident_name(
    type_: str,
    mode: str,
    place: str | None,
    date: str | None,
    precision: str = "",
    countries: Sequence[str] = (),
) -> str:
    """A readable name for an incident or agreement: "Missile strike on Ganja, 17 Oct 2020";
    with no place, the parties tell it apart ("Ceasefire violation involving Armenia and
    Azerbaijan, Oct 2020")."""
    name = event_kind(type_, mode)
    if place:
        where = place if precision != "country" else f"{place} (country only)"
        name += f" {'on' if mode in _ON else 'in'} {where}"
    elif countries:
        name += f" involving {join_words(_unique(country_label(c) for c in countries))}"
    return f"{name}, {date_label(date)}"


def distinct_names(named: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Names that tell apart the items of one list: each (id, name) whose name another item
    shares gets its place among them ("Ceasefire violation, Oct 2020 (1 of 2)")."""
    counts: dict[str, int] = {}
    for _, name in named:
        counts[name] = counts.get(name, 0) + 1
    seen: dict[str, int] = {}
    out: dict[str, str] = {}
    for id_, name in named:
        if counts[name] == 1:
            out[id_] = name
            continue
        seen[name] = seen.get(name, 0) + 1
        out[id_] = f"{name} ({seen[name]} of {counts[name]})"
    return out


def agreement_name(kind: str, parties_codes: Sequence[str], agreed: str | None) -> str:
    """A readable name for an agreement: "Ceasefire between Armenia and Azerbaijan, 10 Oct 2020"."""
    what = (MODE_WORDS.get(kind) or kind or "Agreement").capitalize()
    sides = _unique(country_label(c) if len(c) == 3 and c.isupper() else c for c in parties_codes)
    between = f" between {join_words(sides)}" if sides else ""
    return f"{what}{between}, {date_label(agreed)}"


def article_title(title: str | None, text: str | None, doc: str = "") -> str:
    """An article's title: its headline, else its first sentence, else its name.

    A headline that is only a file name (what a plain-text file gets) is no headline.
    """
    if title and title.strip() and title.strip() != doc and not _FILE_NAME.match(title.strip()):
        return title.strip()
    body = (text or "").strip()
    if body:
        first = body.split("\n", 1)[0].strip()
        m = _FIRST_SENTENCE.match(first)
        sentence = (m.group(1) if m else first).strip()
        if len(sentence) > 140:
            cut = sentence[:140].rsplit(" ", 1)[0]
            sentence = cut + "…"
        if sentence:
            return sentence
    return doc or "untitled"


def contested_label(fields: Sequence[str]) -> str:
    """What claimants disagree on, in words: "the number killed and who is to blame"."""
    return join_words([CONTESTED_WORDS.get(f, f) for f in fields])


def country_code(value: str) -> str:
    """The ISO-3 code a country code or name stands for ("aze", "Azerbaijan", "Iran",
    "Russia", "AZ"), or "" when it names no country."""
    value = value.strip()
    if not value:
        return ""
    if len(value) == 3 and value.isalpha():
        found = pycountry.countries.get(alpha_3=value.upper())
        if found is not None:
            return str(found.alpha_3)
    if len(value) == 2 and value.isalpha():
        found = pycountry.countries.get(alpha_2=value.upper())
        if found is not None:
            return str(found.alpha_3)
    return _country_of_name(value)


def type_code(value: str) -> str:
    """The PLOVER type a code or its word stands for ("assault", "Attack", "attacks"),
    or "" when it names none."""
    word = value.strip().upper()
    if word in TYPE_WORDS:
        return word
    for code, words in TYPE_WORDS.items():
        if word in (words.upper(), words.upper() + "S"):
            return code
    return ""


def claimant_label(claimant: str, country: str = "", sector: str = "") -> str:
    """Who makes a claim, in words; the outlet's own reporting is "the reporting outlet"."""
    if not claimant or claimant == "unattributed":
        return "the reporting outlet"
    return actor_label(Actor(text=claimant, name=claimant, country=country, sector=sector or "UNK"))


def event_summary(event: Event) -> str:
    """One event mention in words, as the CLI prints it (the web UI shows the same parts):
    "Missile strike · Armenia's armed forces → civilians in Azerbaijan · in Ganja, Gəncə,
    Azerbaijan · 12 killed · according to Azerbaijan's foreign ministry"."""
    parts = [event_kind(event.type, event.mode)]
    status = STATUS_WORDS.get(event.status, event.status)
    if status:
        parts[0] += f" ({status})"
    who = parties(event.source, event.target, event.mode).text()
    if who:
        parts.append(who)
    p = event.place
    if p is not None:
        parts.append("in " + place_label(p.name, p.admin1, p.country, p.precision))
    c = event.casualties
    for n, approx, what in (
        (c.killed, c.killed_approx, "killed"),
        (c.injured, c.injured_approx, "injured"),
    ):
        if n is not None:
            parts.append(f"{'about ' if approx else ''}{n} {what}")
    if event.claimant is not None:
        claimant = actor_label(event.claimant)
        if claimant:
            parts.append(f"according to {claimant}")
    return " · ".join(parts)


POSITION_TYPES: tuple[str, ...] = (
    "DEMAND",
    "DISAPPROVE",
    "SUPPORT",
    "REJECT",
    "THREATEN",
    "AGREE",
    "CONSULT",
    "CONCEDE",
    "SANCTION",
)
"""Event types that state a position: what an actor demanded, condemned, supported,
rejected, threatened, offered or agreed, and towards whom."""

_OFFER_MODES = frozenset({"offer", "mediation", "host", "promise", "peace-plan"})


def position_verb(type_: str, mode: str = "") -> str:
    """What an actor did, as a verb for a summary: "called on", "condemned", "offered
    mediation to"; "" for an event that states no position (a visit, a phone call)."""
    if mode in _OFFER_MODES:
        return "offered mediation to" if mode in ("mediation", "host") else "made an offer to"
    return {
        "DEMAND": "called on",
        "DISAPPROVE": "accused" if mode == "accusation" else "condemned",
        "SUPPORT": "supported",
        "REJECT": "rejected",
        "THREATEN": "threatened",
        "AGREE": "agreed with",
        "CONCEDE": "conceded to",
        "SANCTION": "sanctioned",
    }.get(type_, "")


def times(n: int) -> str:
    """ "once", "twice", "5 times"."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def is_proper_name(name: str) -> bool:
    """Whether ``name`` names someone or something (a person, a ministry, the ICRC), not
    a country ("Iran"), nor a common noun ("forces", "foreign ministry")."""
    name = name.strip()
    return bool(name) and name[:1].isupper() and not _country_of_name(name)
