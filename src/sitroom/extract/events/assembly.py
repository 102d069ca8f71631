"""Document-level assembly: what one sentence leaves out, the article as a whole tells.

A report names the sides of a fight once or twice ("Indian missiles struck ...", "Cambodian
forces opened fire") and then tells the rest without them ("a madrasa in Bahawalpur was
hit", "two soldiers were killed on the Kyrgyz side"). Rules on one sentence cannot see the
attacker; the article can: an attack on a side that names no attacker was made by the side
the article shows attacking it, and an attack by a side that names no target was made on
the side the article shows it attacking.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Collection, Sequence

from sitroom.extract.events.blame import BLAME_TYPES, party, said
from sitroom.extract.quotes import quote_claimant
from sitroom.model import Actor, Event, Quote, country_set


def _is_attack(e: Event) -> bool:
    return e.type == "ASSAULT" and e.mode != "ceasefire-violation"


def _one_sided(e: Event) -> bool:
    """An attack whose named attackers and named targets are different sides."""
    src, tgt = country_set(e.source), country_set(e.target)
    return bool(src and tgt and not src & tgt)


@dataclasses.dataclass(slots=True)
class _Sides:
    """Who the article shows attacking whom, with the actor it names for each attacker."""

    attackers: dict[str, Counter[str]]
    """Target country -> attacker countries, by how many mentions tell it."""
    victims: dict[str, Counter[str]]
    """Attacker country -> target countries, by how many mentions tell it."""
    actor: dict[tuple[str, str], Actor]
    """(country, role) -> the first actor of that country named in that role."""


def _sides(events: Sequence[Event]) -> _Sides:
    sides = _Sides({}, {}, {})
    for e in events:
        if not (_is_attack(e) and _one_sided(e)):
            continue
        for a in e.source:
            if a.country:
                sides.actor.setdefault((a.country, "source"), a)
        for a in e.target:
            if a.country:
                sides.actor.setdefault((a.country, "target"), a)
        for t in country_set(e.target):
            for s in country_set(e.source):
                sides.attackers.setdefault(t, Counter())[s] += 1
                sides.victims.setdefault(s, Counter())[t] += 1
    return sides


def _top(counts: Counter[str] | None) -> str | None:
    """The one side told most often, unless two are told equally often."""
    if not counts:
        return None
    (first, n), *rest = counts.most_common(2)
    return None if rest and rest[0][1] == n else first


def _as_party(actor: Actor, role: str) -> Actor:
    """A copy of ``actor`` standing for its side in another mention (no span of its own)."""
    sector = actor.sector if actor.sector not in ("CVL", "UNK") or role == "target" else "MIL"
    return dataclasses.replace(actor, start=-1, end=-1, sector=sector)


def fill_attack_sides(events: Sequence[Event]) -> None:
    """Give attacks that name one side only the other side the article shows.

    An attack naming its target (or placed in a country) but no attacker takes the one
    attacker the article's other attacks on that side name; one naming its attacker but no
    target takes the one side that attacker is shown attacking. Nothing is filled where the
    article names two attackers of a side equally often, or none.
    """
    sides = _sides(events)
    lone: dict[str, Actor] = {}
    # side -> the sides the article shows it fighting (both on both sides of a fight)
    foes: dict[str, set[str]] = {}
    for e in events:
        both = country_set(e.source)
        if _is_attack(e) and len(both) > 1 and both == country_set(e.target):
            for c in both:
                foes.setdefault(c, set()).update(both - {c})
    for e in events:
        src, tgt = country_set(e.source), country_set(e.target)
        if _is_attack(e) and len(src) == 1 and not tgt:
            for a in e.source:
                if a.country:
                    lone.setdefault(a.country, a)
    for e in events:
        if not _is_attack(e):
            continue
        src, tgt = country_set(e.source), country_set(e.target)
        if not src:
            hit = tgt or ({e.place.country} if e.place is not None and e.place.country else set())
            if len(hit) == 1:
                (victim,) = hit
                by = _top(sides.attackers.get(victim))
                if by is None and not sides.attackers.get(victim) and len(lone) == 1 and tgt:
                    (only,) = lone
                    if only != victim and victim in foes.get(only, {victim}):
                        e.source = [*e.source, _as_party(lone[only], "source")]
                        continue
                if by is not None and by != victim:
                    e.source = [*e.source, _as_party(sides.actor[(by, "source")], "source")]
                    if not tgt and (victim, "target") in sides.actor:
                        e.target = [_as_party(sides.actor[(victim, "target")], "target")]
        elif not tgt and len(src) == 1:
            (by,) = src
            victim_ = _top(sides.victims.get(by))
            if victim_ is not None and (victim_, "target") in sides.actor:
                e.target = [_as_party(sides.actor[(victim_, "target")], "target")]


def _parties(actors: Sequence[Actor]) -> set[str]:
    return {party(a) for a in actors if party(a)}


def fold_denials(events: Sequence[Event]) -> list[Event]:
    """Fold each denial into the attacks it denies.

    "Hezbollah denied responsibility", "Moscow denied targeting civilians": a denial is not
    an event of its own but the denier's answer to an account that names it as the
    attacker. The article's attacks by the denier are marked ``denied`` (they are the
    accuser's account, disputed), and the denial itself is dropped; the denier's words
    stay in the article's quotes.
    """
    out: list[Event] = []
    for e in events:
        if e.type != "REJECT" or e.mode != "denial":
            out.append(e)
            continue
        denier = _parties(e.source)
        for x in events:
            if (
                _is_attack(x)
                and x.status == "occurred"
                and x.mode not in {"war", "invasion"}  # a whole war is not what is denied
                and denier & _parties(x.source)
            ):
                x.status = "denied"
    return out


_ACCUSING_CUES = re.compile(r"(?i)^(?:charg|claim|alleg|accus|blam|insist)")
_RESPONSIBILITY = re.compile(
    r"(?i)\b(?:responsib\w*|provocation\w*|deliberate(?:ly)?|to\s+blame|culprits?)\b"
)


def _named_in(quote: Quote, actors: Sequence[Actor]) -> list[Actor]:
    return [a for a in actors if quote.content_start <= a.start < quote.content_end]


def _disputed(e: Event, speaker: str, accounts: Sequence[tuple[Event, str]]) -> bool:
    """Whether the article has the attack ``e`` (told by ``speaker``) denied, or told by
    another party as the work of another side: the same target or place, other attackers.
    """
    if e.status == "denied":
        return True
    attackers = _parties(e.source)
    targets = _parties(e.target)
    place = e.place.name if e.place is not None else ""
    for x, teller in accounts:
        if teller == speaker or not attackers.isdisjoint(_parties(x.source)):
            continue
        if attackers & _parties(x.target) and targets & _parties(x.source):
            continue  # each side telling of the other's attacks on it: a fight, not a dispute
        x_place = x.place.name if x.place is not None else ""
        if targets & _parties(x.target) or (place and place == x_place):
            return True
    return False


def blame_from_accounts(
    events: Sequence[Event],
    quotes: Sequence[Quote],
    text: str,
    negated: Collection[tuple[int, int]] = (),
) -> list[Event]:
    """The blame that an account of an attack lays on the attacker.

    "The ministry said the missile was fired by Ukrainian forces", "Netanyahu said that
    terrorists in Gaza attacked the hospital": a party that tells, in its own words, that
    another side made an attack, blames that side when the telling is an accusation (the
    cue is one: "charged", "claimed", "alleged"; the words speak of responsibility or
    provocation) or when the attack is disputed in the article (denied, or told by
    another party as another side's). One accusation (speaker -> the side named in the
    words) per statement, dated when the words were said, unless the article already
    tells the speaker blaming someone in that sentence. An attack the words themselves
    deny (``negated``: "Israel probably did not bomb the hospital") blames no one.
    """
    out = list(events)
    told: set[tuple[int, int, str]] = set()
    for e in events:
        if e.type in BLAME_TYPES:
            told |= {(e.sentence_start, e.sentence_end, c) for c in _parties(e.source)}
    accounts: list[tuple[Event, Quote, Actor]] = []
    for e in events:
        quote = quote_claimant(quotes, e.start, e.end) if _is_attack(e) else None
        speaker = quote.speaker_actor if quote is not None else None
        if quote is None or speaker is None or (e.start, e.end) in negated:
            continue
        if party(speaker):
            accounts.append((e, quote, speaker))
    tellers = [(e, party(speaker)) for e, _, speaker in accounts]
    for e, quote, speaker in accounts:
        side = party(speaker)
        blamed = [a for a in _named_in(quote, e.source) if party(a) and party(a) != side]
        if not blamed or (e.sentence_start, e.sentence_end, side) in told:
            continue
        content = text[quote.content_start : quote.content_end]
        accusing = bool(_ACCUSING_CUES.match(quote.cue.strip())) or bool(
            _RESPONSIBILITY.search(content)
        )
        if not accusing and not _disputed(e, side, tellers):
            continue
        told.add((e.sentence_start, e.sentence_end, side))
        span = (quote.cue_start, quote.cue_end) if quote.cue_start >= 0 else (e.start, e.end)
        sentence = (e.sentence_start, e.sentence_end)
        out.append(
            said(
                ("DISAPPROVE", "accusation"), quote, blamed, span, sentence, text, e.time_precision
            )
        )
    return out


# What several countries each say: a condemnation, a call or a rejection.
_JOINT_STATEMENTS = frozenset({"DISAPPROVE", "DEMAND", "REJECT"})


def split_joint_statements(events: Sequence[Event]) -> list[Event]:
    """One statement per country for what several countries say alike.

    "France and Germany condemned the attack", "Saudi Arabia, Egypt and Jordan issued
    statements condemning X": each government spoke for itself, so each is its own record
    with its own source. Statements between the sides themselves ("the two countries
    blamed each other", where the speakers are also the targets) stay one record.
    """
    out: list[Event] = []
    for e in events:
        by_country: dict[str, list[Actor]] = {}
        for a in e.source:
            if a.country:
                by_country.setdefault(a.country, []).append(a)
        joint = e.type in _JOINT_STATEMENTS and len(by_country) > 1
        if not joint or by_country.keys() & country_set(e.target):
            out.append(e)
            continue
        out.extend(
            dataclasses.replace(e, source=actors, casualties=dataclasses.replace(e.casualties))
            for actors in by_country.values()
        )
    return out


def aim_condemnations(events: Sequence[Event]) -> None:
    """Aim a condemnation that names no one at the one attacker the article shows.

    "The White House condemned the attack", "Germany condemned the strike": in a report
    whose attacks are all by one side, whoever condemns an attack without naming anyone
    condemns that side. Nothing is aimed where the article shows two sides attacking (a
    fight), or none, or where the one condemning is the attacker itself.
    """
    sides = _sides(events)
    if len(sides.victims) != 1:
        return
    ((by, _),) = sides.victims.items()
    attacker = _as_party(sides.actor[(by, "source")], "target")
    for e in events:
        if e.type != "DISAPPROVE" or country_set(e.target):
            continue
        src = country_set(e.source)
        if src and by not in src:
            e.target = [*e.target, attacker]


# Acts aimed at another side: one aimed at its own side alone is the parse taking the
# wrong words for a target ("India urges a strong response", "Israel ordered the army
# to ..."). A warning or a side's moves of its own forces may be aimed at no one ("X
# warned that the toll would rise", "Thailand deployed jets").
_AIMED = frozenset({"DEMAND", "DISAPPROVE", "SUPPORT", "REJECT", "AGREE"})
_UNAIMED = frozenset({"THREATEN", "MOBILIZE", "RETREAT"})


def drop_self_aimed(events: Sequence[Event]) -> list[Event]:
    """``events`` without the statements one side aims at itself alone; a warning, a
    mobilisation or a withdrawal aimed at its own side alone keeps no target."""
    out: list[Event] = []
    for e in events:
        src = {party(a) for a in e.source if party(a)}
        tgt = {party(a) for a in e.target if party(a)}
        if len(src) != 1 or tgt != src:
            out.append(e)
        elif e.type in _UNAIMED:
            e.target = []
            out.append(e)
        elif e.type not in _AIMED:
            out.append(e)
    return out
