"""Actors: countries, institutions, organisations and officials, coded country + sector.

Dictionary-driven (``data/actors.yaml``, editable without code changes) with
within-article coreference for titles and descriptions ("the spokesman",
"the top Iranian diplomat", "his Azeri counterpart").
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from sitroom.errors import ConfigError
from sitroom.model import Actor
from sitroom.nlp.text import doc_words

VERSION = "actors-6"

MAX_PHRASE = 7


@dataclass(frozen=True, slots=True)
class Office:
    title: str
    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary entry a phrase can match."""

    kind: str
    """``country``, ``adjective``, ``capital``, ``institution``, ``organisation`` or ``person``."""
    canonical: str
    country: str = ""
    sector: str = "UNK"
    group: str = ""
    offices: tuple[Office, ...] = ()
    key: str = ""
    """Institutions: a name shared by synonyms, used to resolve "the ministry" back."""

    def title_at(self, when: dt.date | None) -> str:
        """The office this person held on ``when`` (or the latest one)."""
        if not self.offices:
            return ""
        if when is not None:
            for office in self.offices:
                if (office.start is None or office.start <= when) and (
                    office.end is None or when <= office.end
                ):
                    return office.title
        return self.offices[-1].title


@dataclass(slots=True)
class ActorDictionary:
    """Phrase tables built from the YAML dictionary."""

    cased: dict[tuple[str, ...], Entry] = field(default_factory=dict)
    """Proper names, matched on exact token text."""
    lower: dict[tuple[str, ...], Entry] = field(default_factory=dict)
    """Institution phrases, matched case-insensitively."""
    country_names: dict[str, str] = field(default_factory=dict)
    """ISO-3 -> preferred country name."""
    first_cased: dict[str, int] = field(default_factory=dict)
    first_lower: dict[str, int] = field(default_factory=dict)
    """First token -> length of the longest phrase starting with it (a fast pre-filter)."""

    def index(self) -> None:
        """Build the first-token pre-filter after the tables are filled."""
        for table, first in ((self.cased, self.first_cased), (self.lower, self.first_lower)):
            for key in table:
                first[key[0]] = max(first.get(key[0], 0), len(key))


def _date(value: Any, end: bool = False) -> dt.date | None:
    """An ISO date, or a bare year (its first day, or its last when ``end``)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) or str(value).isdigit():
        return dt.date(int(value), 12, 31) if end else dt.date(int(value), 1, 1)
    return dt.date.fromisoformat(str(value))


def _key(phrase: str) -> tuple[str, ...]:
    from sitroom.extract._tokens import simple_tokens

    return tuple(simple_tokens(phrase))


def load_actor_dictionary(path: str | Path | None = None) -> ActorDictionary:
    """Load the actor dictionary from ``path`` or the packaged ``data/actors.yaml``."""
    if path is None:
        return _packaged_dictionary()
    return _parse_dictionary(Path(path).read_text(encoding="utf-8"), str(path))


@functools.cache
def _packaged_dictionary() -> ActorDictionary:
    text = resources.files("sitroom.data").joinpath("actors.yaml").read_text(encoding="utf-8")
    return _parse_dictionary(text, "sitroom/data/actors.yaml")


def _parse_dictionary(text: str, origin: str) -> ActorDictionary:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{origin}: invalid YAML ({exc})") from exc
    out = ActorDictionary()
    for code, spec in (data.get("countries") or {}).items():
        names = spec.get("names") or []
        if names:
            out.country_names[code] = names[0]
        for name in names:
            out.cased[_key(name)] = Entry("country", names[0], code, "GOV")
        for adj in spec.get("adjectives") or []:
            out.cased[_key(adj)] = Entry("adjective", adj, code, "UNK")
        for cap in spec.get("capitals") or []:
            out.cased[_key(cap)] = Entry("capital", cap, code, "GOV")
    for sector, phrases in (data.get("institutions") or {}).items():
        for phrase in phrases:
            out.lower[_key(phrase.lower())] = Entry(
                "institution", phrase, "", sector, key=institution_key(phrase)
            )
    for org in data.get("organisations") or []:
        names = org["names"]
        entry = Entry(
            "organisation", names[0], org.get("country", ""), org["sector"], org.get("group", "")
        )
        for name in names:
            out.cased[_key(name)] = entry
    for person in data.get("officials") or []:
        offices = tuple(
            Office(o["title"], _date(o.get("from")), _date(o.get("to"), end=True))
            for o in person.get("offices") or []
        )
        names = person["names"]
        entry = Entry(
            "person",
            names[0],
            person.get("country", ""),
            person.get("sector", "GOV"),
            person.get("group", ""),
            offices,
        )
        for name in names:
            out.cased[_key(name)] = entry
    out.index()
    return out


_INSTITUTION_NOISE = {"of", "the", "affairs", "for"}
_SPELLING = {"defence": "defense"}


def institution_key(phrase: str) -> str:
    """One name for synonymous heads: "Ministry of Defence" and "defense ministry" agree."""
    words = [_SPELLING.get(w, w) for w in phrase.lower().split()]
    return " ".join(sorted(w for w in words if w not in _INSTITUTION_NOISE))


def actor_patterns(dictionary: ActorDictionary | None = None) -> list[dict[str, Any]]:
    """EntityRuler patterns so the NER labels known officials, countries and bodies."""
    d = dictionary or load_actor_dictionary()
    label = {"person": "PERSON", "organisation": "ORG", "country": "GPE", "capital": "GPE"}
    patterns = []
    for key, entry in d.cased.items():
        if entry.kind in label:
            patterns.append({"label": label[entry.kind], "pattern": [{"ORTH": t} for t in key]})
    return patterns


# Titles that may precede a person's name and belong to the actor mention.
_TITLE_WORDS = {
    "president",
    "minister",
    "foreign",
    "deputy",
    "prime",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "envoy",
    "leader",
    "supreme",
    "general",
    "commander",
    "secretary",
    "fm",
    "pm",
    "mr",
    "mrs",
    "ms",
    "dr",
    "ayatollah",
    "chief",
    "defense",
    "defence",
    "affairs",
    "political",
    "for",
    "of",
    "the",
    "speaker",
    "army",
    "state",
}
_COREF_HEADS = {
    "spokesman": "spokesman",
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "minister": "minister",
    "diplomat": "minister",
    "counterpart": "minister",
    "president": "president",
    "leader": "leader",
    "official": "official",
    "envoy": "envoy",
}


def _match_at(
    words: list[str], lowers: list[str], i: int, d: ActorDictionary
) -> tuple[int, Entry] | None:
    """Longest dictionary phrase starting at token ``i``: (end token, entry)."""
    longest = max(d.first_cased.get(words[i], 0), d.first_lower.get(lowers[i], 0))
    for n in range(min(longest, len(words) - i), 0, -1):
        entry = d.cased.get(tuple(words[i : i + n]))
        if entry is not None:
            # Single lowercase words never count as proper names ("us" is not the US).
            if entry.kind != "adjective" and not words[i][:1].isupper():
                continue
            return i + n, entry
        entry = d.lower.get(tuple(lowers[i : i + n]))
        if entry is not None:
            return i + n, entry
    return None


def _country_before(doc: Doc, start: int, matches: dict[int, tuple[int, Entry]]) -> str:
    """Country named by an adjective or possessive just before token ``start``."""
    j = start - 1
    steps = 0
    while j >= 0 and steps < 5:
        tok = doc[j]
        if tok.text in {"'s", "’s", "'", "’"}:
            j -= 1
            continue
        hit = _starting_before(j, matches)
        if hit is not None:
            entry = hit[1]
            if entry.kind in {"adjective", "country", "capital"}:
                return entry.country
            if entry.kind in {"organisation", "person"} and entry.country:
                return entry.country  # "the Bush administration", "Aliyev's spokesman"
            if entry.kind == "institution" and _is_title(doc, hit[0], j + 1):
                j = hit[0] - 1  # "Serbian [Prime Minister]": look past the title
                steps += 1
                continue
            return ""
        if tok.pos_ in {"ADJ", "DET", "PROPN", "NOUN", "ADV"} or tok.lower_ in _TITLE_WORDS:
            if tok.pos_ == "PROPN" and tok.ent_type_ in {"PERSON"}:
                return ""
            j -= 1
            steps += 1
            continue
        return ""
    return ""


def _is_title(doc: Doc, start: int, end: int) -> bool:
    """Every token of doc[start:end] is a title word ("Prime Minister", "Deputy FM")."""
    return all(t.lower_ in _TITLE_WORDS for t in doc[start:end])


def _starting_before(j: int, matches: dict[int, tuple[int, Entry]]) -> tuple[int, Entry] | None:
    """The match covering token ``j`` (phrases are at most MAX_PHRASE tokens long)."""
    for start in range(j, max(-1, j - MAX_PHRASE), -1):
        hit = matches.get(start)
        if hit is not None:
            return (start, hit[1]) if j < hit[0] else None
    return None


# Heads whose "in X" names the host country, not the actor's own ("the embassy in Baku").
_POSTED_ABROAD = {"embassy", "ambassador", "envoy", "mission", "consulate", "delegation"}


def _country_after(doc: Doc, end: int, matches: dict[int, tuple[int, Entry]]) -> str:
    """Country named after the head: "Foreign Ministry of Azerbaijan", "the ministry in Baku"."""
    if end >= len(doc):
        return ""
    prep = doc[end].lower_
    if prep == "of" or (prep == "in" and doc[end - 1].lower_ not in _POSTED_ABROAD):
        k = end + 1
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        hit = matches.get(k)
        kinds = {"country", "adjective"} if prep == "of" else {"country", "capital"}
        if hit and hit[1].kind in kinds:
            return hit[1].country
    return ""


def _noun_phrase_start(doc: Doc, start: int) -> int:
    """Extend a head phrase left over its modifiers (determiners, adjectives, possessives)."""
    head = doc[start]
    left = start
    for tok in head.head.lefts if head.dep_ == "compound" else head.lefts:
        if tok.i < left and tok.dep_ in {"det", "amod", "compound", "poss", "nmod", "case"}:
            left = min(left, tok.left_edge.i)
    return left


def extract_actors(
    doc: Doc, dct: dt.date | None = None, dictionary: ActorDictionary | None = None
) -> list[Actor]:
    """All actor mentions in ``doc``, with coreference of titles to named people."""
    d = dictionary or load_actor_dictionary()
    matches: dict[int, tuple[int, Entry]] = {}
    words = list(doc_words(doc))
    lowers = [w.lower() for w in words]
    first_cased, first_lower = d.first_cased, d.first_lower
    i = 0
    while i < len(words):
        if words[i] not in first_cased and lowers[i] not in first_lower:
            i += 1  # no phrase starts here (the test _match_at begins with)
            continue
        hit = _match_at(words, lowers, i, d)
        if hit is None:
            i += 1
            continue
        matches[i] = hit
        i = hit[0]

    _absorb_titles(doc, matches)
    actors: list[Actor] = []
    last_institution: dict[str, Actor] = {}
    people: list[Actor] = []
    consumed: set[int] = set()
    for start in sorted(matches):
        end, entry = matches[start]
        if start in consumed:
            continue
        if entry.kind == "person":
            left = start
            while left > 0 and (
                doc[left - 1].lower_ in _TITLE_WORDS - {"the", "of", "for"}
                or (
                    doc[left - 1].text[:1].isupper()
                    and doc[left - 1].ent_type_ != "PERSON"
                    and doc[left - 1].lower_ in _TITLE_WORDS
                )
            ):
                left -= 1
            actor = Actor(
                text=doc[start:end].text,
                country=entry.country,
                sector=entry.sector,
                name=entry.canonical,
                title=entry.title_at(dct),
                group=entry.group,
                kind="person",
                start=doc[start].idx,
                end=doc[end - 1].idx + len(doc[end - 1]),
            )
            for k in range(left, start):
                consumed.add(k)
            actors.append(actor)
            people.append(actor)
            continue
        if entry.kind == "organisation":
            actors.append(
                Actor(
                    text=doc[start:end].text,
                    country=entry.country,
                    sector=entry.sector,
                    name=entry.canonical,
                    group=entry.group,
                    kind="group" if entry.group else "institution",
                    start=doc[start].idx,
                    end=doc[end - 1].idx + len(doc[end - 1]),
                )
            )
            continue
        if entry.kind == "institution":
            if end < len(doc) and doc[end].ent_type_ == "PERSON" and _is_title(doc, start, end):
                continue  # the title belongs to the person named next
            country = _country_before(doc, start, matches) or _country_after(doc, end, matches)
            left = _noun_phrase_start(doc, start)
            head_word = doc[end - 1].lower_
            role = _COREF_HEADS.get(head_word, "")
            text_span = doc[left:end]
            referent = None
            if role and _is_description(doc, left, start):
                referent = _resolve_description(role, country, people)
            if referent is not None:
                actors.append(
                    Actor(
                        text=text_span.text,
                        country=referent.country,
                        sector=referent.sector,
                        name=referent.name,
                        title=referent.title,
                        group=referent.group,
                        kind="person",
                        start=text_span.start_char,
                        end=text_span.end_char,
                    )
                )
                continue
            if not country and _is_description(doc, left, start) or left == start:
                # "the Foreign Ministry" refers back to the last one named with its country.
                prior = last_institution.get(entry.key)
                if prior is not None and not country:
                    country = prior.country
            actor = Actor(
                text=text_span.text,
                country=country,
                sector=entry.sector,
                name=entry.canonical,
                kind="institution",
                start=text_span.start_char,
                end=text_span.end_char,
            )
            if country:
                last_institution[entry.key] = actor
            actors.append(actor)
            continue
        # Country names, capitals, adjectives standing alone.
        nxt = matches.get(end)
        if entry.kind == "adjective":
            if nxt is not None and nxt[1].kind == "institution":
                continue  # the institution mention carries the country
            group = _people_group(doc, start, end, entry, matches, consumed)
            if group is not None:
                actors.append(group)
            continue
        if nxt is not None and nxt[1].kind == "institution" and _possessive_between(doc, end, nxt):
            continue
        if (
            entry.kind == "capital"
            and start > 0
            and doc[start - 1].lower_ in {"in", "to", "at", "from", "of", "near"}
        ):
            continue
        actors.append(
            Actor(
                text=doc[start:end].text,
                country=entry.country,
                sector="GOV",
                name=d.country_names.get(entry.country, entry.canonical),
                kind=entry.kind,
                start=doc[start].idx,
                end=doc[end - 1].idx + len(doc[end - 1]),
            )
        )
    actors.extend(_unknown_people(doc, actors, matches))
    actors.sort(key=lambda a: a.start)
    return actors


def _plural_noun(tok: Token) -> bool:
    return tok.text.endswith("s") and tok.pos_ in {"NOUN", "PROPN"}


def _people_group(
    doc: Doc,
    start: int,
    end: int,
    entry: Entry,
    matches: dict[int, tuple[int, Entry]],
    consumed: set[int],
) -> Actor | None:
    """A people named by a demonym: "Palestinians", "Bosnian Serbs", "ethnic Albanians".

    As in CAMEO, a people is coded to the country it lives in when the text says so:
    the first demonym of "Bosnian Serbs" or "Iraqi Kurds" names it, and "ethnic
    Albanians" (a minority, not the kin state) belong to the country named with them
    ("in south Serbia", "of Macedonia") or, failing that, elsewhere in the sentence.
    A demonym with a place of its own ("Albanians of southern Serbia") takes that place.
    """
    last = end
    nxt = matches.get(end)
    if nxt is not None and nxt[1].kind == "adjective" and _plural_noun(doc[nxt[0] - 1]):
        last = nxt[0]  # "Bosnian Serbs": one people, coded by the first demonym
        consumed.add(end)
    elif (
        end < len(doc)
        and end not in matches
        and _plural_noun(doc[end])
        and doc[end].text[:1].isupper()
        and doc[end].ent_type_ in {"NORP", ""}
    ):
        last = end + 1  # "Iraqi Kurds", "Turkish Cypriots"
    sector = "CVL"
    if last == end:
        # "Palestinian youths", "two Saudi businessmen", "Palestinian suicide bombers": a
        # demonym on a noun for people of no institution
        j = end
        while j + 1 < len(doc) and j not in matches and doc[j].dep_ == "compound":
            j += 1
        kind = PEOPLE_NOUNS.get(doc[j].lemma_.lower()) if j < len(doc) else None
        if kind is not None and j not in matches and doc[j].pos_ == "NOUN":
            last, sector = j + 1, kind
    ethnic = start > 0 and doc[start - 1].lower_ == "ethnic"
    if ethnic and last == end and end < len(doc) and _plural_noun(doc[end]) and end not in matches:
        last = end + 1  # "ethnic Albanian guerrillas"
    if not _plural_noun(doc[last - 1]) and last == end:
        return None
    country = entry.country
    here = _residence(doc, last, matches, within_sentence=ethnic)
    if here and (ethnic or doc[last].lower_ == "of"):
        country = here
    elif ethnic:
        country = ""
    left = start - 1 if ethnic else start
    return Actor(
        text=doc[left:last].text,
        country=country,
        sector=sector,
        name=doc[left:last].text,
        kind="people",
        start=doc[left].idx,
        end=doc[last - 1].idx + len(doc[last - 1]),
    )


# Nouns for people who act as themselves, not for an institution, with their sector.
PEOPLE_NOUNS = {
    **dict.fromkeys(
        [
            "youth",
            "student",
            "worker",
            "villager",
            "resident",
            "refugee",
            "activist",
            "protester",
            "protestor",
            "demonstrator",
            "businessman",
            "businesswoman",
            "farmer",
            "settler",
            "pilgrim",
            "tourist",
            "civilian",
            "journalist",
            "lawyer",
            "doctor",
            "teenager",
            "man",
            "woman",
            "national",
            "citizen",
        ],
        "CVL",
    ),
    **dict.fromkeys(
        [
            "militant",
            "bomber",
            "gunman",
            "insurgent",
            "guerrilla",
            "guerilla",
            "separatist",
            "rebel",
            "fighter",
            "militiaman",
            "jihadist",
            "hijacker",
            "kidnapper",
        ],
        "REB",
    ),
}
_COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}


def _residence(
    doc: Doc, end: int, matches: dict[int, tuple[int, Entry]], within_sentence: bool
) -> str:
    """The country a people lives in: "in south Serbia", "of Macedonia", or in the sentence."""
    if end < len(doc) and doc[end].lower_ in {"in", "of"}:
        k = end + 1
        while k < len(doc) and (doc[k].lower_ == "the" or doc[k].lower_ in _COMPASS):
            k += 1
        hit = matches.get(k)
        if hit is not None and hit[1].kind in {"country", "capital"}:
            return hit[1].country
    if not within_sentence or end >= len(doc):
        return ""
    sent = doc[end - 1].sent
    own = matches.get(end - 1)
    for k in range(sent.start, sent.end):
        hit = matches.get(k)
        if hit is None or hit[1].kind != "country":
            continue
        if own is None or hit[1].country != own[1].country:
            return hit[1].country
    return ""


def _possessive_between(doc: Doc, end: int, nxt: tuple[int, Entry]) -> bool:
    return end < len(doc) and doc[end].text in {"'s", "’s", "'", "’"}


def _absorb_titles(doc: Doc, matches: dict[int, tuple[int, Entry]]) -> None:
    """Fold capitalised titles and their country into the following person's name.

    "Foreign Ministry spokesman Saeed Khatibzadeh" and "Iran's Foreign Minister
    Hossein Amir-Abdollahian" are one actor, the person.
    """
    for start in sorted(matches):
        end, entry = matches.get(start, (0, None))
        if entry is None or entry.kind != "person":
            continue
        j = start
        while True:
            prev = [s for s, (e, en) in matches.items() if e == j and en.kind == "institution"]
            if prev and (doc[prev[0]].text[:1].isupper() or doc[prev[0]].lower_ in _TITLE_WORDS):
                del matches[prev[0]]
                j = prev[0]
                continue
            break


def _role(title: str) -> str:
    words = title.lower().split()
    for word in reversed(words):
        if word in _COREF_HEADS:
            return _COREF_HEADS[word]
    return ""


def _is_description(doc: Doc, left: int, start: int) -> bool:
    """A definite or possessive description ("the spokesman", "his counterpart")."""
    first: Token = doc[left]
    return first.lower_ in {"the", "his", "her", "their", "its"}


def _resolve_description(role: str, country: str, people: list[Actor]) -> Actor | None:
    """The most recent named person a description ("the top Iranian diplomat") fits."""
    for person in reversed(people):
        if country and person.country != country:
            continue
        if _role(person.title) == role:
            return person
    if country and role in {"minister", "official", "leader"}:
        for person in reversed(people):
            if person.country == country and person.sector == "GOV":
                return person
    return None


# Prepositions and nouns after which a bare name is where something is, not who.
_PLACE_PREPS = frozenset({"in", "near", "into", "toward", "towards", "outside", "around"})
_SETTLEMENT_NOUNS = frozenset(
    {"village", "town", "city", "community", "district", "province", "region", "area"}
)


def _placed_names(doc: Doc) -> set[str]:
    """Texts of PERSON entities the article uses as places somewhere: the object of "in",
    "near", "into" ("killed in Majdal Shams"), or named by a settlement noun ("the town
    of Lachin")."""
    out: set[str] = set()
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        root = ent.root
        prep = root.head
        if root.dep_ != "pobj" or prep.i == root.i:
            continue
        settlement = prep.lower_ == "of" and prep.head.lemma_.lower() in _SETTLEMENT_NOUNS
        if prep.lower_ in _PLACE_PREPS or settlement:
            out.add(ent.text)
    return out


def _unknown_people(
    doc: Doc, known: list[Actor], matches: dict[int, tuple[int, Entry]]
) -> list[Actor]:
    """PERSON entities not in the dictionary, coded from the title before them.

    "Serbian President Aleksandar Vucic" is a Serbian government official even
    when the dictionary does not know him; a bare unknown name stays uncoded.
    """
    covered = [(a.start, a.end) for a in known]
    places = _placed_names(doc)
    out = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        if ent.text in places:
            continue  # a town the tagger took for a name ("the village of Majdal Shams")
        if any(s < ent.end_char and ent.start_char < e for s, e in covered):
            continue
        if ent.start in matches and matches[ent.start][0] >= ent.end:
            continue  # a country, capital or demonym the tagger took for a name ("Azerbaijani")
        titled = ent.start > 0 and doc[ent.start - 1].lower_ in _TITLE_WORDS
        country = _country_before(doc, ent.start, matches) if titled else ""
        out.append(
            Actor(
                text=ent.text,
                country=country,
                sector="GOV" if titled else "UNK",
                name=ent.text,
                title=doc[ent.start - 1].lower_ if titled else "",
                kind="person",
                start=ent.start_char,
                end=ent.end_char,
            )
        )
    return out
