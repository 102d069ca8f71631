"""Canonical entities: one id for every spelling of one speaker or actor, across articles.

"Armenia's Defence Ministry", "the Armenian Ministry of Defense" and "the defence
ministry of Armenia" are one institution; "Saeed Khatibzadeh", "Khatibzadeh" and "the
spokesman" (once he is named) one person. The key is built from the actor coding the
extractors already did (``sitroom.extract.actors``) and the name the text gives the
speaker: a person's full name (the actor dictionary maps an official's aliases to it;
within an article a bare surname is linked to the one full name it ends), a body the
dictionary knows by its canonical name ("AP", "EU"), any other institution by its
country plus its name without that country's words, synonyms folded
(``institution_key``), a country by its ISO-3 code. The id is a prefix of the key's
SHA-256, so it is the same in every store and every run.

Linking is pure: it reads an ``Extraction`` and sets ``Quote.speaker_entity`` and
``Actor.entity`` on event actors; the store writes the entities it returns. The speaker
string that is printed and scored is left as it is.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sitroom.extract._tokens import simple_tokens
from sitroom.extract.actors import institution_key, load_actor_dictionary
from sitroom.model import Actor, Extraction, Quote

__all__ = ["Entity", "entity_id", "entity_key", "link_entities"]


@dataclass(frozen=True, slots=True)
class Entity:
    """One canonical party: stable id, key, display name, country, sector and kind."""

    id: str
    key: str
    name: str
    country: str = ""
    sector: str = "UNK"
    kind: str = ""


_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "gen", "general", "col", "lt"})
_PUNCT = re.compile(r"[^\w\s-]")
# A statement with no party behind it ("officials", "the ministry", "sources") is no entity.
_GENERIC = frozenset(
    {
        "ministry",
        "officials",
        "official",
        "sources",
        "source",
        "government",
        "authorities",
        "statement",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "agency",
        "office",
        "army",
        "military",
        "police",
        "media",
        "reports",
        "residents",
        "witnesses",
    }
)


def _plain(text: str) -> str:
    """Lower case, no accents, no punctuation but hyphens, single spaces."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"'s\b", "", text)
    return " ".join(_PUNCT.sub(" ", text).split())


@functools.cache
def _country_phrases() -> tuple[re.Pattern[str], dict[str, str]]:
    """Names, demonyms and capitals of countries in the packaged dictionary, longest first
    ("republic of azerbaijan", "armenian", "baku"), as one pattern over plain text, and
    the country each names."""
    d = load_actor_dictionary()
    codes = {
        _plain(" ".join(key)): entry.country
        for key, entry in d.cased.items()
        if entry.kind in ("country", "adjective", "capital") and entry.country
    }
    ordered = sorted((p for p in codes if p), key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b")
    return pattern, codes


# Several parties at once: no one entity speaks.
_NOBODY = frozenset(
    {"both sides", "sides", "both", "all sides", "two sides", "parties", "both parties"}
)
_FILLER = frozenset({"the", "of", "and", "in", "for", "s"})


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(simple_tokens(phrase))


def _known(phrase: str) -> tuple[str, str, str] | None:
    """(kind, canonical name, country) of a phrase the actor dictionary names outright
    ("AP" -> the Associated Press, "Baku" -> Azerbaijan), or None."""
    d = load_actor_dictionary()
    words = phrase.replace("’", "'").split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    entry = d.cased.get(_key(" ".join(words))) if words else None
    if entry is None:
        return None
    return entry.kind, entry.canonical, entry.country


def _person_name(name: str) -> str:
    words = [w for w in _plain(name).split() if w not in _HONORIFICS]
    return " ".join(words)


def _institution_key(phrase: str, country: str) -> str:
    """An institution's key from the name the text gives it: the dictionary's canonical
    name for a body it knows ("AP"), else the country plus the name without its country
    words, synonyms folded ("Armenia's Defence Ministry", "the Ministry of Defense of the
    Republic of Armenia": ``inst:ARM:defense ministry``); a country named alone is the
    country, two named together nobody in particular."""
    known = _known(phrase)
    if known is not None:
        kind, canonical, where = known
        if kind in ("country", "adjective", "capital"):
            return f"country:{where}" if where else ""
        if kind == "person":
            return f"person:{_person_name(canonical)}"
        return f"org:{_plain(canonical)}"
    pattern, codes = _country_phrases()
    plain = _plain(phrase)
    named = [codes[m] for m in pattern.findall(plain)]
    owner = country or next(iter(named), "")
    # the owner's own name goes ("Armenia's", "of the Republic of Armenia"); another
    # country stays a part of the name ("Iran's embassy in Baku": in Azerbaijan)
    others = sorted({c.lower() for c in named if c != owner})
    rest = [w for w in pattern.sub(" ", plain).split() if w not in _FILLER]
    if not rest:
        return f"country:{owner}" if len(set(named)) == 1 and owner else ""
    head = institution_key(" ".join(rest + others))
    if head in _NOBODY or (head in _GENERIC and not owner):
        return ""
    return f"inst:{owner}:{head}"


def entity_key(actor: Actor | None, speaker: str = "") -> str:
    """The canonical key of a party: ``person:NAME``, ``inst:ISO3:HEAD``, ``org:NAME``,
    ``country:ISO3``, ``group:ISO3:NAME``; ``""`` when the text names nobody in particular.

    An institution is keyed by the name the text gives it (``speaker``): the speaker
    resolver already made it the fullest one, and it is the name shown.
    """
    if actor is None:
        known = _known(speaker)
        if known is not None:
            return _institution_key(speaker, known[2])
        name = _person_name(speaker)
        # a capitalised name with no actor coding ("Hikmet Hajiyev" missing from the
        # dictionary) is still someone; a lower-case description is not
        if not name or not any(c.isupper() for c in speaker) or name in _GENERIC:
            return ""
        return f"name:{name}"
    kind = actor.kind or "institution"
    if kind == "person":
        name = _person_name(actor.name or speaker or actor.text)
        return f"person:{name}" if name else ""
    if kind == "country":
        # "India's Foreign Secretary" coded by the country it names is not the country
        return _institution_key(speaker or actor.text, actor.country) if actor.country else ""
    if kind in ("people", "group"):
        name = _plain(actor.group or actor.name or speaker or actor.text)
        return f"group:{actor.country}:{name}" if name or actor.country else ""
    return _institution_key(speaker or actor.name or actor.text, actor.country)


def entity_id(key: str) -> str:
    """The stable id of a key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _surnames(keys: Iterable[str]) -> dict[str, str]:
    """Within one article: a bare surname's key -> the one full name ending with it."""
    full: dict[str, set[str]] = {}
    for key in keys:
        if not key.startswith(("person:", "name:")):
            continue
        words = key.split(":", 1)[1].split()
        if len(words) > 1:
            full.setdefault(words[-1], set()).add(f"person:{' '.join(words)}")
    out: dict[str, str] = {}
    for surname, names in full.items():
        if len(names) == 1:  # two people of that surname: "Aliyev" could be either
            (name,) = names
            out[f"person:{surname}"] = name
            out[f"name:{surname}"] = name
    return out


def name_rank(name: str) -> tuple[bool, int]:
    """How good a display name is: a capitalised one first, then the longer (the fullest
    form: "Saeed Khatibzadeh" over "Khatibzadeh"); ties go to the alphabetically first."""
    return (name[:1] != name[:1].lower(), len(name))


def _best_name(names: list[str]) -> str:
    return min(names, key=lambda n: (tuple(-r for r in name_rank(n)), n))


def _entity(key: str, actor: Actor | None, names: list[str]) -> Entity:
    kind = key.split(":", 1)[0]
    name = _best_name(names)
    if kind == "country":
        # a country is shown by its name, however the text put it ("Baku", "the Kremlin")
        name = load_actor_dictionary().country_names.get(key.split(":", 1)[1], name)
    parts = key.split(":")
    # the country the key names (the phrase's, where the actor coding had none)
    country = parts[1] if kind in ("inst", "country", "group") else ""
    return Entity(
        id=entity_id(key),
        key=key,
        name=name,
        country=country or (actor.country if actor else ""),
        sector=actor.sector if actor else "UNK",
        kind={"inst": "institution", "org": "institution", "name": ""}.get(kind, kind),
    )


def link_entities(x: Extraction) -> list[Entity]:
    """Set the canonical entity of each quote's speaker and each event actor in one article;
    return the entities named, one each, in order of first mention."""
    named: list[tuple[str, Actor | None, str, Quote | Actor]] = []
    for q in x.quotes:
        named.append((entity_key(q.speaker_actor, q.speaker), q.speaker_actor, q.speaker, q))
    for e in x.events:
        for a in (*e.source, *e.target):
            named.append((entity_key(a, a.name), a, a.name or a.text, a))
    full = _surnames(key for key, *_ in named)
    keys = {key for key, *_ in named}
    actors: dict[str, Actor | None] = {}
    names: dict[str, list[str]] = {}
    for i, (key, actor, speaker, record) in enumerate(named):
        if not key:
            continue
        key = full.get(key, key)
        if key.startswith("name:") and "person:" + key[5:] in keys:
            key = "person:" + key[5:]  # an uncoded name and a coded person of that name agree
        named[i] = (key, actor, speaker, record)
        if actors.get(key) is None:
            actors[key] = actor
        names.setdefault(key, []).append(speaker)
    found = {key: _entity(key, actors[key], names[key]) for key in names}
    for key, _, _, record in named:
        if not key:
            continue
        if isinstance(record, Quote):
            record.speaker_entity = found[key].id
        else:
            record.entity = found[key].id
    return list(found.values())
