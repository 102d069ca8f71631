"""Rank gazetteer candidates for the place mentions of one article.

Signals, in the order they usually decide: the kind the text asks for ("the
Kalbajar region"), whether the name is the entry's own or an alias, the
countries the article and the sentence talk about, population and feature class
(countries and provinces before villages of the same name), and the distance to
the article's other places (a second pass, once the clear cases are resolved).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sitroom.geo.distance import haversine_km
from sitroom.geo.forms import PlaceForm, abbreviation
from sitroom.geo.gazetteer import Candidate, Gazetteer
from sitroom.geo.names import normalize_name

AREA_WORDS = frozenset(
    {
        "region",
        "regions",
        "district",
        "districts",
        "province",
        "provinces",
        "rayon",
        "raion",
        "oblast",
        "governorate",
        "state",
        "county",
        "marz",
        "prefecture",
        "territory",
        "area",
        "republic",
        "canton",
        "department",
        "municipality",
    }
)
TOWN_WORDS = frozenset({"city", "town", "village", "settlement", "township"})
LANDFORM_WORDS = frozenset({"valley", "island", "isle"})
"""A landform named after its town or district ("the Swat Valley", "Waiheke Island")."""
ABBREVIATIONS = {"st": "Saint", "ste": "Sainte", "ft": "Fort", "mt": "Mount", "pt": "Port"}
"""Abbreviated first words that gazetteers spell out ("St. Marc" is Saint-Marc)."""
DIRECTIONS = re.compile(
    r"^(?:(?:north|south|east|west|central|upper|lower|mid)"
    r"(?:ern)?(?:[- ]?(?:east|west)(?:ern)?)?|greater)\s+",
    re.IGNORECASE,
)

SEAT_KM = 100.0
"""A town this close to the centre of a homonymous area is taken as its seat."""
METROPOLIS = 1_000_000
"""A town this large is the seat of a homonymous area however far from its centre it
lies ("São Paulo", "Buenos Aires": the city, far from the middle of its state)."""
CONTAINER_BONUS = 4.0
"""For an entry inside the place named right after it ("Blakely, Georgia")."""
CONTAINER_KM = 100.0
"""An entry this close to a county's point counts as inside it ("Austin, Scott County")."""
ADMIN1_BONUS = 1.5
"""For an entry in a province or state the article names elsewhere."""
POPULATION_WEIGHT = 1.0
"""Score per tenfold population."""
ARTICLE_SHARE = 3.0
"""Score for an entry in the country the article talks about, times that country's share."""
ARTICLE_NAMED = 1.0
"""Score for an entry in any country the article names."""
SENTENCE_NAMED = 1.5
"""Score for an entry in a country the same sentence names."""
KIND_PRIOR = {"country": 3.0, "continent": 3.5, "region": 0.0, "town": 0.0}
FEATURE_PRIOR = {"ADM1": 1.5, "ADM2": -0.5, "PCLI": 0.0, "SUPP": 4.0, "PPLC": 1.5}


@dataclass(slots=True)
class Mention:
    """A toponym in the text to resolve."""

    text: str
    start: int = -1
    end: int = -1
    sentence: int = 0
    """Index of the sentence it occurs in, for sentence-level country context."""
    kind_hint: str = ""
    """``region`` or ``town`` when the text names the kind ("the X region")."""
    geonameid_hint: int = -1
    """GeoNames id suggested by an entity rule; -1 for none."""
    container: str = ""
    """A place named right after the mention and a comma, which should contain it
    ("Blakely, Georgia", "Stroud, Ontario", "Washington, D.C."); empty for none."""
    form: PlaceForm | None = None
    """The place an adjective names ("Russian" -> Russia), set by the caller; the text
    is then not looked up. Abbreviations ("Tenn.") are found from the text itself."""


@dataclass(slots=True)
class Context:
    """Countries (ISO-3) the article and each sentence talk about."""

    article: Counter[str] = field(default_factory=Counter)
    sentences: dict[int, Counter[str]] = field(default_factory=dict)
    preferred: tuple[str, ...] = ()
    """Countries of the conflict the caller follows, preferred for ambiguous names."""

    def add(self, country: str, sentence: int, weight: float = 1.0) -> None:
        """Record a mention of ``country`` in ``sentence``."""
        if not country:
            return
        self.article[country] += weight  # type: ignore[assignment]
        self.sentences.setdefault(sentence, Counter())[country] += weight  # type: ignore[assignment]


def name_variants(text: str) -> list[tuple[str, str]]:
    """Names to look up for a mention, with the kind each variant implies."""
    text = text.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    if text.endswith(("'s", "\u2019s")):
        text = text[:-2]
    out = [(text, "")]
    words = text.split()
    if len(words) > 1:
        last = words[-1].lower()
        first = words[0].lower()
        if last in AREA_WORDS:
            out.append((" ".join(words[:-1]), "region"))
        elif last in TOWN_WORDS:
            out.append((" ".join(words[:-1]), "town"))
        if first in TOWN_WORDS and len(words) > 2 and words[1].lower() == "of":
            out.append((" ".join(words[2:]), "town"))
        if first in AREA_WORDS and len(words) > 2 and words[1].lower() == "of":
            out.append((" ".join(words[2:]), "region"))
        elif first in AREA_WORDS and words[1][:1].isupper():
            out.append((" ".join(words[1:]), "region"))  # "County Kerry"
        stripped = DIRECTIONS.sub("", text)
        if stripped != text:
            out.append((stripped, "region"))
        full = ABBREVIATIONS.get(first.rstrip("."))
        if full:
            out.append((" ".join([full, *words[1:]]), ""))
        if last in LANDFORM_WORDS:
            out.append((" ".join(words[:-1]), ""))
    return out


def form_candidates(form: PlaceForm, gazetteer: Gazetteer) -> list[Candidate]:
    """The one gazetteer entry a short form or adjective stands for (none when absent)."""
    if form.kind == "country":
        country = gazetteer.country(form.country)
        return [country] if country is not None else []
    found = [
        c for c in gazetteer.lookup(form.name) if c.kind == form.kind and c.country == form.country
    ]
    if not found:
        return []
    # "New York" (the state): its own entry, not a county that has the name as an alias
    best = max(found, key=lambda c: (c.main_name, c.feature == "ADM1", c.population, -c.key))
    return [best]


def _lookup(mention: Mention, gazetteer: Gazetteer) -> tuple[list[Candidate], str]:
    """Candidates for the first variant of the mention's text the gazetteer knows."""
    if not any(ch.isalpha() for ch in mention.text):
        return [], mention.kind_hint  # "55", "10625": house numbers and postcodes
    form = mention.form or abbreviation(mention.text)
    if form is not None:
        found = form_candidates(form, gazetteer)
        if found:
            return found, ""
    for variant, hint in name_variants(mention.text):
        found = gazetteer.lookup(variant)
        if found:
            hint = mention.kind_hint or hint
            if hint == "region":
                return _prefer_metropolis(found)
            return _prefer_seats(found), hint
    return [], mention.kind_hint


def _prefer_seats(cands: list[Candidate]) -> list[Candidate]:
    """Drop an area that shares its name with its own seat town ("Ganja", "Tehran").

    A bare name that is both a town and the district or province around it
    means the town in news text; "the Kalbajar region" keeps the area (the
    caller passes the region hint).
    """
    # Only a town that bears the name itself is a seat: Oklahoma City, whose
    # alternate names include "Oklahoma", does not make "Oklahoma" a town.
    towns = [c for c in cands if c.kind == "town" and c.main_name]
    if not towns:
        return cands
    kept = []
    for cand in cands:
        if (
            cand.kind == "region"
            and cand.feature != "SUPP"
            and any(
                t.country == cand.country
                and (
                    t.population >= METROPOLIS
                    or haversine_km(t.lat, t.lon, cand.lat, cand.lon) < SEAT_KM
                )
                and t.population * 20 >= cand.population
                for t in towns
            )
        ):
            continue
        kept.append(cand)
    return kept


def _prefer_metropolis(cands: list[Candidate]) -> tuple[list[Candidate], str]:
    """ "The Houston region" is the land around Houston, not a Houston County of a
    hundredth its size: the town (at region precision) when it dwarfs every area of
    its name, else the areas."""
    towns = [c for c in cands if c.kind == "town" and c.main_name]
    areas = [c for c in cands if c.kind != "town"]
    if towns and areas:
        town = max(towns, key=lambda c: c.population)
        if town.population >= METROPOLIS and all(
            a.population * 20 < town.population for a in areas
        ):
            return [town], ""
    return cands, "region"


def _inside(cand: Candidate, container: Sequence[Candidate]) -> bool:
    """True when ``cand`` is one of ``container`` or lies inside one of them."""
    for outer in container:
        if outer.key == cand.key:
            return True  # an apposition of the same place: "Washington, D.C."
        if not outer.country or outer.country != cand.country or cand.kind == "country":
            continue
        if outer.kind == "country":
            return True
        if outer.feature == "ADM1" and cand.admin1 == outer.admin1 and cand.feature != "ADM1":
            return True
        if (
            outer.feature in ("ADM2", "SUPP")
            and cand.kind == "town"
            and haversine_km(cand.lat, cand.lon, outer.lat, outer.lon) < CONTAINER_KM
        ):
            return True
    return False


def _base_score(
    cand: Candidate,
    hint: str,
    mention: Mention,
    article: Counter[str],
    sentence: Counter[str],
    preferred: Sequence[str],
    container: Sequence[Candidate] = (),
) -> float:
    score = POPULATION_WEIGHT * math.log10(cand.population + 10)
    score += KIND_PRIOR.get(cand.kind, 0.0) + FEATURE_PRIOR.get(cand.feature, 0.0)
    if cand.main_name:
        score += 2.0
    if hint:
        fits = cand.precision == hint or (hint == "region" and cand.kind != "town")
        score += 4.0 if fits else -4.0
    if mention.geonameid_hint >= 0 and cand.geonameid == mention.geonameid_hint:
        score += 8.0
    if container and _inside(cand, container):
        score += CONTAINER_BONUS
    if cand.country:
        total = sum(article.values())
        if total:
            votes = article.get(cand.country, 0.0)
            score += ARTICLE_SHARE * votes / total + (ARTICLE_NAMED if votes else 0.0)
        if sentence.get(cand.country):
            score += SENTENCE_NAMED
        if cand.country in preferred:
            score += 3.0  # the conflict's region, for names it shares with elsewhere
    elif cand.kind != "town" and article:
        # Oceans, continents and cross-border regions lie in no one country: the
        # article's countries must not count against them and for a namesake town
        # inside one of those countries ("the Pacific", not Pacific, Missouri).
        total = sum(article.values())
        if total:
            score += 3.0 * max(article.values()) / total + 1.0
        if sentence and max(sentence.values()) > 0:
            score += 1.5
    return score


def _proximity(cand: Candidate, anchors: Sequence[Candidate]) -> float:
    best = math.inf
    for other in anchors:
        best = min(best, haversine_km(cand.lat, cand.lon, other.lat, other.lon))
    if best < 50:
        return 2.0
    if best < 250:
        return 1.5
    if best < 1000:
        return 0.5
    return 0.0


@dataclass(slots=True)
class _Vote:
    """What one distinct name says about the article's geography."""

    winner: Candidate
    weight: float
    sentences: set[int]


def resolve_mentions(
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    context: Context | None = None,
) -> list[Candidate | None]:
    """The best gazetteer entry for each mention (None when the name is unknown)."""
    context = context if context is not None else Context()
    looked = [_lookup(m, gazetteer) for m in mentions]
    keys = [normalize_name(m.text) for m in mentions]
    containers = [gazetteer.lookup(m.container) if m.container else [] for m in mentions]
    # One place per name in an article: "La Motte, Quebec" says where every "La Motte" is
    shared: dict[str, list[Candidate]] = {}
    for key, mention, inside in zip(keys, mentions, containers, strict=True):
        if inside and not mention.kind_hint:
            shared.setdefault(key, inside)
    containers = [
        inside or ([] if m.kind_hint else shared.get(key, []))
        for key, m, inside in zip(keys, mentions, containers, strict=True)
    ]
    empty: Counter[str] = Counter()

    # Pass 1: each distinct name on its own (plus the caller's context) votes for
    # a country and, when clear enough, serves as an anchor for proximity. A name
    # never votes for itself, so twenty mentions of an ambiguous "Santa Ana" do not
    # outvote the one "California" that settles it.
    votes: dict[str, _Vote] = {}
    for key, mention, (cands, hint), inside in zip(keys, mentions, looked, containers, strict=True):
        if not cands:
            continue
        if key in votes:
            votes[key].sentences.add(mention.sentence)
            continue
        sent = context.sentences.get(mention.sentence, empty)
        scored = sorted(
            (
                (
                    _base_score(c, hint, mention, context.article, sent, context.preferred, inside),
                    c,
                )
                for c in cands
            ),
            key=lambda sc: (-sc[0], -sc[1].population, sc[1].key),
        )
        top_score, top = scored[0]
        rival = next((sc for sc, c in scored[1:] if c.country != top.country), None)
        weight = 1.0 if rival is None else min(1.0, (top_score - rival) / 4.0)
        votes[key] = _Vote(top, weight, {mention.sentence})

    out: list[Candidate | None] = []
    for key, mention, (cands, hint), inside in zip(keys, mentions, looked, containers, strict=True):
        if len(cands) <= 1:
            out.append(cands[0] if cands else None)
            continue
        article = Counter(context.article)
        sentence = Counter(context.sentences.get(mention.sentence, empty))
        anchors = []
        provinces: set[tuple[str, str]] = set()
        # A name that is itself a province or country ("Wyoming", "New Brunswick")
        # is read as that, not as a namesake town in a province named nearby.
        top_level = any(c.main_name and c.feature in ("ADM1", "PCLI") for c in cands)
        for other, vote in votes.items():
            if other == key or vote.weight <= 0 or not vote.winner.country:
                continue
            article[vote.winner.country] += vote.weight  # type: ignore[assignment]
            if mention.sentence in vote.sentences:
                sentence[vote.winner.country] += vote.weight  # type: ignore[assignment]
            if vote.weight >= 0.75 and vote.winner.kind in ("town", "region"):
                anchors.append(vote.winner)
                if vote.winner.feature == "ADM1" and vote.winner.admin1 and not top_level:
                    provinces.add((vote.winner.country, vote.winner.admin1))
        scores = {
            c.key: _base_score(c, hint, mention, article, sentence, context.preferred, inside)
            + _proximity(c, anchors)
            + _province_bonus(c, provinces)
            for c in cands
        }
        out.append(_best(cands, lambda c, sc=scores: sc[c.key]))
    return out


def _province_bonus(cand: Candidate, provinces: set[tuple[str, str]]) -> float:
    """Bonus for a town or district in a province the article names ("Innisfail", "Queensland")."""
    if cand.feature == "ADM1" or cand.kind not in ("town", "region") or not cand.admin1:
        return 0.0
    return ADMIN1_BONUS if (cand.country, cand.admin1) in provinces else 0.0


def _best(cands: Iterable[Candidate], score: object) -> Candidate | None:
    best: Candidate | None = None
    best_score = -math.inf
    for cand in cands:
        value = score(cand)  # type: ignore[operator]
        # ties go to the larger place, then the lower row id, so results are deterministic
        if value > best_score or (
            value == best_score
            and best is not None
            and (cand.population, -cand.key) > (best.population, -best.key)
        ):
            best, best_score = cand, value
    return best
