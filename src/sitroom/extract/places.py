"""Places: find toponyms in a parsed article and resolve them to gazetteer entries.

Recognition takes the model's GPE, LOC and FAC entities, adds PERSON/ORG
entities that are really places (the small model tags Ganja as PERSON and Tovuz
as ORG) when the gazetteer and the syntax agree, and leaves out demonyms and
the country inside an institution's name ("the Foreign Ministry of Armenia" is
an actor). Resolution is ``sitroom.geo.resolve``; ``event_place`` picks the
place an event trigger governs in the dependency parse.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from sitroom.geo.estimate import CONNECTORS, inner_name, near_any, nearest_named
from sitroom.geo.forms import abbreviation, demonym
from sitroom.geo.gazetteer import Candidate, Gazetteer
from sitroom.geo.parts import direction_name
from sitroom.geo.resolve import (
    AREA_WORDS,
    TOWN_WORDS,
    Context,
    Mention,
    form_candidates,
    resolve_mentions,
)
from sitroom.model import Place
from sitroom.nlp.text import doc_lowers, doc_starts, doc_text, doc_words

VERSION = "places-18"

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MISLABELS = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART"})
SITE_HEADS = frozenset({"station", "airport", "airbase", "port", "bridge", "dam", "market"})
"""Nouns a town's name modifies to name a site in it ("the Kramatorsk railway station")."""
LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "on",
        "near",
        "inside",
        "outside",
        "into",
        "onto",
        "across",
        "over",
        "around",
        "along",
        "toward",
        "towards",
        "within",
        "throughout",
        "upon",
        "against",
        "of",
        "between",
        "off",
        "through",
        "beyond",
        "to",
        "from",
    }
)
"""Prepositions after which a name is read as a location (``from``/``to`` for recognition only)."""
BLOCKING_PREPS = frozenset({"between", "against", "from", "to", "with", "by", "among"})
"""Prepositions whose objects are parties or origins, not where the event happens."""
EVENT_PREPS = LOCATIVE_PREPS - BLOCKING_PREPS - {"of"}
"""Prepositions that state where an event happens (``of`` only after nominal triggers)."""
SKIPPED_DEPS = frozenset({"poss", "relcl", "acl", "advcl", "ccomp", "xcomp"})
"""Parts of a phrase that name an owner or add a clause: "Iran's plan", "a plan that ..."."""
FALLBACK_PREPS = frozenset({"in", "at", "near", "inside", "outside"})
ARRIVAL_VERBS = frozenset({"arrive", "land", "fly"})
"""Verbs of arriving: who "landed in X" and then met someone met them in X."""
TERRITORY_NOUNS = frozenset(
    {"territory", "territories", "soil", "airspace", "waters", "land", "lands", "borderland"}
)
_LAND_NOUNS = TERRITORY_NOUNS | {
    "border",
    "borders",
    "frontier",
    "frontiers",
    "outskirts",
    "suburbs",
    "dam",
    "dams",
    "bridge",
    "bridges",
    "airport",
    "port",
    "crossing",
    "checkpoint",
}
"""Nouns whose owner is where they are: "inside Iran's borders", "Khodafarin's dams"."""
DIRECTION_WORD = re.compile(
    r"^(?:north|south|east|west|central)(?:ern)?(?:[- ]?(?:east|west)(?:ern)?)?$", re.IGNORECASE
)
_INSTITUTION_HEADS = frozenset(
    {
        "ministry",
        "department",
        "government",
        "embassy",
        "consulate",
        "police",
        "university",
        "council",
        "agency",
        "army",
        "forces",
        "office",
        "parliament",
        "court",
        "committee",
        "service",
        "authority",
        "authorities",
        "administration",
        "mission",
        "command",
        "bank",
        "institute",
        "commission",
        "party",
        "guard",
        "navy",
        "military",
        "presidency",
        "cabinet",
        "centre",
        "center",
        "centers",
        "centres",
    }
)
"""Heads of named bodies: "the Foreign Ministry of Armenia", "Armenia's Defense Ministry".

People ("US officials", "the president of Iran") are left out: there the name
still reads as a place, and actor extraction codes the person separately.
"""
NOT_PLACE_AFTER = frozenset(
    {"virus", "ebolavirus", "fever", "disease", "flu", "strain", "syndrome", "variant"}
)
"""A toponym naming a disease ("Marburg virus") is not a location in the text."""
MIN_MISLABEL_POPULATION = 50_000


@dataclass(frozen=True, slots=True)
class _Lexicon:
    demonyms: dict[str, str]
    """Lower-cased adjective/demonym -> ISO-3 (Armenian -> ARM)."""
    institution_heads: frozenset[str]


@functools.cache
def _lexicon() -> _Lexicon:
    """Demonyms from the actor dictionary (when present) and institution head nouns.

    The actor dictionary's group nouns (residents, civilians) are not used as
    institution heads: "residents of Shushi" names a place.
    """
    demonyms: dict[str, str] = {}
    try:
        from sitroom.extract.actors import load_actor_dictionary
    except ImportError:  # the places extractor works without the actor module
        return _Lexicon(demonyms, _INSTITUTION_HEADS)
    dictionary = load_actor_dictionary()
    for key, entry in dictionary.cased.items():
        if entry.kind == "adjective" and entry.country:
            demonyms[" ".join(key).lower()] = entry.country
    return _Lexicon(demonyms, _INSTITUTION_HEADS)


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    hint: str = ""
    geonameid: int = -1
    lookup: str = ""
    """The name to look up when it is not the span's text (a place inside a feature's name)."""


def _trim(span: Span) -> tuple[int, int]:
    """Token bounds of ``span`` without a leading article and a trailing possessive."""
    start, end = span.start, span.end
    while start < end and (
        span.doc[start].lower_ in ("the", "a", "an") or span.doc[start].text[:1].islower()
    ):
        start += 1  # "the", and lower-case lead words the model took in ("east Africa")
    while end > start and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return start, end


def _inside_institution(doc: Doc, start: int, end: int) -> bool:
    """True for the country of "the Foreign Ministry of Armenia" or "Armenia's army"."""
    heads = _lexicon().institution_heads
    root = doc[start:end].root
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        owner = root.head.head
        return owner.lower_ in heads
    return bool(root.dep_ in ("poss", "compound") and root.head.lower_ in heads)


def _locative_context(doc: Doc, start: int, end: int) -> bool:
    """True when the syntax reads the span as a location (in X, the X region, X and Y)."""
    root = doc[start:end].root
    while root.dep_ == "conj" and root.head.i != root.i:  # "in Ganja and Tovuz"
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
        return True
    if _named_settlement(root):
        return True
    if end < len(doc) and doc[end].lower_ in AREA_WORDS | TOWN_WORDS:
        return True
    return root.dep_ in ("compound", "nmod") and root.head.lower_ in (
        AREA_WORDS | TOWN_WORDS | SITE_HEADS
    )


def _named_settlement(root: Token) -> bool:
    """ "the village of Majdal Shams", "the town of Shusha": a settlement named outright."""
    prep = root.head
    return (
        root.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.head.i != prep.i
        and prep.head.lower_ in TOWN_WORDS
    )


_DATELINE_AFTER = re.compile(r"\s*(?:\(|,|\u2014|\u2013|-\s)")


def _dateline(doc: Doc, start: int, end: int) -> bool:
    """True for the town of a dateline: "WASHINGTON (AP) —", "KYIV, April 8 -"."""
    first, last = doc[start], doc[end - 1]
    text = doc_text(doc)
    line_start = first.idx == 0 or text[first.idx - 1] == "\n"
    name = doc[start:end].text
    return (
        line_start
        and name.isupper()
        and len(name) > 2
        and bool(_DATELINE_AFTER.match(text, last.idx + len(last.text)))
    )


def _kind_hint(doc: Doc, start: int, end: int) -> str:
    """``region`` for "the Tovuz region", ``town`` for "the city of Ganja" and a
    dateline's "WASHINGTON (AP)", else empty."""
    if _dateline(doc, start, end):
        return "town"
    if end < len(doc):
        nxt = doc[end].lower_
        if nxt in AREA_WORDS:
            return "region"
        if nxt in TOWN_WORDS:
            return "town"
    if start >= 2 and doc[start - 1].lower_ == "of":
        before = doc[start - 2].lower_
        if before in TOWN_WORDS:
            return "town"
        if before in AREA_WORDS:
            return "region"
    return ""


def _geonameid_hint(span: Span) -> int:
    ident = span.ent_id_
    if ident.startswith("geonames:"):
        try:
            return int(ident.split(":", 1)[1])
        except ValueError:
            return -1
    return -1


def _strong_candidate(cands: Sequence[Candidate]) -> bool:
    """A mislabelled entity becomes a place only for a well-known or curated entry."""
    for cand in cands:
        if not cand.main_name:
            continue
        if cand.kind in ("country", "continent") or cand.feature in ("SUPP", "ADM1"):
            return True
        if cand.population >= MIN_MISLABEL_POPULATION:
            return True
    return False


def find_place_spans(doc: Doc, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Character spans of the toponyms in ``doc`` (see the module docstring)."""
    return [(f.start, f.end) for f in _find(doc, gazetteer)]


def _find(doc: Doc, gazetteer: Gazetteer, actors: bool = False) -> list[_Found]:
    """Toponyms in ``doc``; with ``actors``, also the country of an institution's name."""
    demonyms = _lexicon().demonyms
    found: list[_Found] = []
    taken_until = 0
    for ent, first, start, end in _entity_parts(doc, gazetteer):
        if ent.label_ not in PLACE_LABELS and ent.label_ not in MISLABELS:
            continue
        if first < taken_until:
            continue  # already covered by a span extended over it ("Democratic Republic of ...")
        if start >= end or not doc[start].text[:1].isupper():
            continue
        start, end = _extend(doc, start, end, gazetteer)
        end = _drop_kind_word(doc, start, end, gazetteer)
        text = doc[start:end].text
        if text.lower() in demonyms:
            continue  # "Armenian", "Azeri": actors, not places
        if end < len(doc) and doc[end].lower_ in NOT_PLACE_AFTER:
            continue
        form = abbreviation(text)  # "Tenn.", "EU": the state or union, never a town
        cands = form_candidates(form, gazetteer) if form else gazetteer.lookup(text)
        hint_id = _geonameid_hint(ent)
        if ent.label_ in MISLABELS:
            named = _named_settlement(doc[start:end].root) and any(
                c.kind == "town" and c.main_name for c in cands
            )
            if not named and not (
                _strong_candidate(cands) and (hint_id >= 0 or _locative_context(doc, start, end))
            ):
                continue
        elif ent.label_ == "FAC" and hint_id < 0 and not any(c.feature == "SUPP" for c in cands):
            continue  # buildings and bases: GeoNames towns of the same name mislead
        elif not cands and not _resolvable_variant(text, gazetteer):
            continue  # "Ebola" tagged GPE, streets and buildings GeoNames does not hold
        if _abbreviation(text) and not any(c.kind != "town" for c in cands):
            continue  # "E.U." is not the French town of Eu
        actor = _inside_institution(doc, start, end)
        if actor and not actors:
            continue
        taken_until = end
        found.append(
            _Found(
                doc[start].idx,
                doc[end - 1].idx + len(doc[end - 1].text),
                _kind_hint(doc, start, end),
                hint_id,
            )
        )
    found.extend(_territories(doc, found))
    found.extend(_untagged(doc, gazetteer, found))
    found.sort(key=lambda f: f.start)
    return found


_UNTAGGED_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around"})
WITNESS_VERBS = frozenset({"see", "witness", "experience", "suffer"})
"""Verbs whose subject is where their object happened ("the town saw heavy fighting",
"Kharkiv suffered shelling overnight")."""
_UNTAGGED_PARTS = TOWN_WORDS | AREA_WORDS | {"center", "centre", "outskirts", "suburbs", "heart"}


def _read_as_location(tok: Token) -> bool:
    """Whether the syntax reads ``tok``, or the list it is a name of ("in Ahmedpur East,
    Muridke and Kotli"), as a location: after a place preposition ("in X", "the center of
    X") or the subject of a verb of witnessing ("Muzaffarabad also saw fatalities")."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "nsubj":
        return tok.head.lemma_.lower() in WITNESS_VERBS
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    return prep.lower_ in _UNTAGGED_PREPS or (
        prep.lower_ == "of" and prep.head.lower_ in _UNTAGGED_PARTS
    )


def _untagged(doc: Doc, gazetteer: Gazetteer, found: Sequence[_Found]) -> list[_Found]:
    """Names the model left untagged where the syntax reads a location ("In Kharkiv, ...",
    "the center of Donetsk", "in Punjab's Muridke"), taken only for a well-known place."""
    taken = [(f.start, f.end) for f in found]
    out: list[_Found] = []
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.ent_iob_ != "O" or not _read_as_location(tok):
            continue
        first = tok
        while first.i > 0:
            left = doc[first.i - 1]
            if left.dep_ != "compound" or left.head.i != tok.i or left.pos_ != "PROPN":
                break
            first = left
        words = doc[first.i : tok.i + 1]
        s, e = words.start_char, words.end_char
        if any(t.ent_iob_ != "O" or not t.text[:1].isupper() for t in words):
            continue
        if any(a < e and s < b for a, b in taken):
            continue
        cands = gazetteer.lookup(words.text)
        if not cands or not _strong_candidate(cands):
            continue
        out.append(_Found(s, e, _kind_hint(doc, words.start, words.end)))
        taken.append((s, e))
    return out


def _entity_parts(doc: Doc, gazetteer: Gazetteer) -> Iterator[tuple[Span, int, int, int]]:
    """Each entity with its first token and its token bounds trimmed (``_trim``); an
    entity holding a country or region and a place it owns ("Punjab's Muridke",
    "Azerbaijan's Tartar") as its two names: the model tags the phrase as one name that no
    gazetteer entry holds ("the People's Republic of China" is one: "People" is no place)."""
    for ent in doc.ents:
        start, end = _trim(ent)
        cut = next((k for k in range(start + 1, end - 1) if doc[k].tag_ == "POS"), None)
        if (
            cut is None
            or _geonameid_hint(ent) >= 0
            or not _owner_and_owned(doc, start, cut, end, gazetteer)
        ):
            yield ent, ent.start, start, end
            continue
        yield ent, ent.start, start, cut
        yield ent, cut + 1, cut + 1, end


def _owner_and_owned(doc: Doc, start: int, cut: int, end: int, gazetteer: Gazetteer) -> bool:
    owner, owned = doc[start:cut].text, doc[cut + 1 : end].text
    return (
        owned[:1].isupper()
        and any(c.kind in ("country", "region") and c.main_name for c in gazetteer.lookup(owner))
        and bool(gazetteer.lookup(owned))
    )


def _abbreviation(text: str) -> bool:
    letters = text.replace(".", "").replace(" ", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 4


def _extend(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> tuple[int, int]:
    """Grow a span the model cut short: "South [Sudan]", "[Guinea]-Bissau", "Goz [Beida]"."""
    words, lowers, starts = doc_words(doc), doc_lowers(doc), doc_starts(doc)
    text = doc_text(doc)
    best = (start, end)
    sent_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
    for left in (2, 1, 0):
        s = start - left
        if s < sent_start or any(
            not words[i][:1].isupper() or lowers[i] in ("the", "a", "an") for i in range(s, start)
        ):
            continue
        for right in (4, 3, 2, 1, 0):
            e = end + right
            if e > len(words) or (left == 0 and right == 0):
                continue
            if e > end and not words[e - 1][:1].isupper():
                continue
            if any(not (words[i][:1].isupper() or lowers[i] in CONNECTORS) for i in range(end, e)):
                continue
            # doc[s:e].text, without making the Span
            if (e - s) > (best[1] - best[0]) and gazetteer.lookup(
                text[starts[s] : starts[e - 1] + len(words[e - 1])]
            ):
                best = (s, e)
    return best


def _drop_kind_word(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> int:
    """End of "Nyanza" in "Nyanza province", unless the kind word is part of the name."""
    last = doc[end - 1]
    if end - start < 2 or last.lower_ not in AREA_WORDS | TOWN_WORDS or last.text[0].isupper():
        return end
    short = gazetteer.lookup(doc[start : end - 1].text)
    if not short:
        return end
    # "Laghman province" names the entry "Laghman" names: the word only says its kind
    keys = {c.key for c in short}
    full = gazetteer.lookup(doc[start:end].text)
    if any(c.main_name for c in full) and not any(c.key in keys for c in full):
        return end
    return end - 1


def _resolvable_variant(text: str, gazetteer: Gazetteer) -> bool:
    from sitroom.geo.resolve import name_variants

    return any(gazetteer.lookup(v) for v, _ in name_variants(text)[1:])


def _territories(doc: Doc, found: Sequence[_Found]) -> list[_Found]:
    """ "northwestern Iranian territories": a country named by its adjective."""
    demonyms = _lexicon().demonyms
    taken = [(f.start, f.end) for f in found]
    out = []
    for i, lower in enumerate(doc_lowers(doc)):
        if lower not in TERRITORY_NOUNS:
            continue
        tok = doc[i]
        adjs = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod")]
        nations = [c for c in adjs if c.text.lower() in demonyms]
        if not nations:
            continue
        first = min([*adjs], key=lambda t: t.i)
        start, end = first.idx, tok.idx + len(tok.text)
        if any(s < end and start < e for s, e in taken):
            continue
        hint = "region" if any(DIRECTION_WORD.match(a.text) for a in adjs) else "country"
        out.append(_Found(start, end, hint))
    return out


def _sentence_index(doc: Doc) -> list[int]:
    try:
        return [s.start_char for s in doc.sents]
    except ValueError:  # no parser or sentencizer: one sentence
        return [0]


def _context(doc: Doc, starts: list[int], country_context: Sequence[str]) -> Context:
    """Countries named by demonyms ("the Kenyan town of Kisumu"), per sentence."""
    context = Context(preferred=tuple(country_context))
    demonyms = _lexicon().demonyms
    words, idx = doc_words(doc), doc_starts(doc)
    for i, lower in enumerate(doc_lowers(doc)):
        code = demonyms.get(lower)
        if code and words[i][:1].isupper():
            context.add(code, bisect.bisect_right(starts, idx[i]) - 1, 0.5)
    return context


def resolve_spans(
    doc: Doc,
    spans: Sequence[tuple[int, int]],
    gazetteer: Gazetteer,
    country_context: Sequence[str] = (),
) -> list[Place | None]:
    """Resolve given character spans of ``doc`` (e.g. gold toponyms); None where unknown.

    A span the gazetteer does not know is read through the place named inside it
    ("Copenhagen Airport", "University of Oxford", "County Kerry"), and failing that is
    put at the nearest place the text names around it (a hotel, beach or street of the
    town the article is about). Either is an estimate: its precision is at best the
    place it borrows, never finer.
    """
    found = [_Found(s, e) for s, e in spans]
    return _resolve_all(doc, found, gazetteer, country_context, True)


def _resolve_all(
    doc: Doc,
    found: Sequence[_Found],
    gazetteer: Gazetteer,
    country_context: Sequence[str],
    infer_hints: bool,
) -> list[Place | None]:
    """``_resolve``, then an estimate for each span it leaves unknown (see resolve_spans)."""
    out = _resolve(doc, found, gazetteer, country_context, infer_hints)
    text = doc_text(doc)
    inner = {
        i: name
        for i, (f, place) in enumerate(zip(found, out, strict=True))
        if place is None and (name := inner_name(text[f.start : f.end], gazetteer))
    }
    if inner:
        retry = [
            _Found(f.start, f.end, f.hint, f.geonameid, inner.get(i, ""))
            for i, f in enumerate(found)
        ]
        again = _resolve(doc, retry, gazetteer, country_context, infer_hints)
        named = [p for p in out if p is not None and p.precision == "town"]
        for i in inner:
            place = again[i]
            if place is not None and (not named or near_any(place, named)):
                out[i] = place  # else "Golden Gate Bridge" is no bridge in Florida
    # oceans, continents and cross-border regions are too coarse to stand in for a place
    known = [p for p in out if p is not None and (p.country or p.precision != "region")]
    for i, f in enumerate(found):
        if out[i] is None and known:
            near = nearest_named(known, f.start)
            out[i] = replace(near, text=text[f.start : f.end], start=f.start, end=f.end)
    return out


def _resolve(
    doc: Doc,
    found: Sequence[_Found],
    gazetteer: Gazetteer,
    country_context: Sequence[str],
    infer_hints: bool,
) -> list[Place | None]:
    starts = _sentence_index(doc)
    context = _context(doc, starts, country_context)
    mentions = []
    for f in found:
        hint, gid = f.hint, f.geonameid
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if infer_hints and span is not None:
            hint = hint or _kind_hint(doc, span.start, span.end)
            if gid < 0 and span.ents:
                gid = _geonameid_hint(span.ents[0])
        text = f.lookup or doc_text(doc)[f.start : f.end]
        mentions.append(
            Mention(
                text=text,
                start=f.start,
                end=f.end,
                sentence=bisect.bisect_right(starts, f.start) - 1,
                kind_hint=hint,
                geonameid_hint=gid,
                container=_container_name(doc_text(doc), f.start, f.end, gazetteer),
                form=demonym(text, _lexicon().demonyms),
            )
        )
    territory = {i for i, f in enumerate(found) if f.hint == "country" or _is_territory(doc, f)}
    for i in territory:
        mentions[i] = _territory_mention(mentions[i])
    resolved = resolve_mentions(mentions, gazetteer, context)
    out: list[Place | None] = []
    for i, (mention, cand) in enumerate(zip(mentions, resolved, strict=True)):
        if cand is None:
            out.append(None)
            continue
        precision = cand.precision
        if found[i].hint == "region" and (i in territory or cand.kind == "town"):
            # "northwestern Iranian territories": part of the country; "the area of
            # Khodafarin", "the Tartar region": the land around the town
            precision = "region"
        text = doc_text(doc)[mention.start : mention.end]
        out.append(as_place(cand, text, mention.start, mention.end, precision))
    return out


def as_place(cand: Candidate, text: str, start: int, end: int, precision: str = "") -> Place:
    """A place mention at [start, end) resolved to the gazetteer entry ``cand``."""
    return Place(
        text=text,
        name=cand.name,
        start=start,
        end=end,
        geonameid=cand.geonameid,
        lat=cand.lat,
        lon=cand.lon,
        country=cand.country,
        admin1=cand.admin1,
        precision=precision or cand.precision,
    )


_NAME_WORD = r"[A-Z][\w.'\u2019-]*"
_AFTER_COMMA = re.compile(rf",[ \t]+({_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|of|de|del)){{0,3}})")
_BEFORE_COMMA = re.compile(rf"({_NAME_WORD}),[ \t]+$")
_LIST_GOES_ON = re.compile(r"[ \t]+(?:and|or|&)[ \t]+[A-Z]")


def _known_prefix(words: list[str], gazetteer: Gazetteer) -> str:
    """The longest run of leading ``words`` that the gazetteer knows, or empty."""
    for n in range(len(words), 0, -1):
        name = " ".join(words[:n]).rstrip(".,") if n < len(words) else " ".join(words)
        if gazetteer.lookup(name):
            return name
    return ""


def _container_name(text: str, start: int, end: int, gazetteer: Gazetteer) -> str:
    """The place named after "X, " that contains X ("Blakely, Georgia"), or empty.

    Lists are not containers: in "Georgia, Oklahoma, Pennsylvania and Ohio" no
    item holds the one before it, so a mention preceded by a listed place, or
    followed by a place that a list goes on from, gets none. A chain that ends
    in a country ("Stroud, Ontario, Canada") is a container, not a list.
    """
    after = _AFTER_COMMA.match(text, end)
    if after is None:
        return ""
    before = _BEFORE_COMMA.search(text, max(0, start - 40), start)
    if before is not None and gazetteer.lookup(before.group(1)):
        return ""
    name = _known_prefix(after.group(1).split(), gazetteer)
    if not name:
        return ""
    rest = after.start(1) + len(name)
    if _LIST_GOES_ON.match(text, rest):
        return ""
    further = _AFTER_COMMA.match(text, rest)
    if further is not None:
        third = _known_prefix(further.group(1).split(), gazetteer)
        if third and not any(c.kind == "country" for c in gazetteer.lookup(third)):
            return ""
    return name


def _is_territory(doc: Doc, f: _Found) -> bool:
    last = doc_text(doc)[f.start : f.end].split()[-1].lower()
    return last in TERRITORY_NOUNS and f.hint in ("region", "country")


def _territory_mention(mention: Mention) -> Mention:
    """Rewrite "northwestern Iranian territories" as a lookup of the country."""
    demonyms = _lexicon().demonyms
    for word in mention.text.split():
        code = demonyms.get(word.lower())
        if code:
            return Mention(
                text=_country_name(code),
                start=mention.start,
                end=mention.end,
                sentence=mention.sentence,
                kind_hint="",
            )
    return mention


@functools.cache
def _country_name(iso3: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return getattr(country, "common_name", None) or (country.name if country else iso3)


def extract_places(
    doc: Doc, gazetteer: Gazetteer, country_context: Sequence[str] = ()
) -> list[Place]:
    """Toponyms of ``doc`` that name locations, resolved to gazetteer entries, in text order.

    Toponyms that name an actor are left out ("the Foreign Ministry of Armenia",
    "Russian troops"): an event is never placed at them. ``extract_toponyms`` has them.
    """
    found = _find(doc, gazetteer)
    places = _resolve(doc, found, gazetteer, country_context, False)
    return [p for p in places if p is not None]


def extract_toponyms(
    doc: Doc, gazetteer: Gazetteer, country_context: Sequence[str] = ()
) -> list[Place]:
    """Every toponym of ``doc`` resolved, the country in an institution's name included
    ("the U.S. Centers for Disease Control", "China's Health Ministry"), as geoparsing
    corpora annotate them; what ``sitroom eval geo`` scores end to end."""
    found = _find(doc, gazetteer, actors=True)
    taken = [(f.start, f.end) for f in found]
    for ent in doc.ents:
        # landmarks and buildings the gazetteer does not hold ("Baker Beach", "Copenhagen
        # Airport"): placed through the name inside them or the places named around them
        if ent.label_ not in UNLISTED_LABELS:
            continue
        start, end = _trim(ent)
        if start >= end or not doc[start].text[:1].isupper():
            continue
        if end < len(doc) and doc[end].lower_ in NOT_PLACE_AFTER:
            continue  # "West Nile virus"
        s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        if not any(a < e and s < b for a, b in taken):
            found.append(_Found(s, e, _kind_hint(doc, start, end)))
            taken.append((s, e))
    found.extend(_repeated(doc, found, taken))
    found.sort(key=lambda f: f.start)
    places = _resolve_all(doc, found, gazetteer, country_context, False)
    return [p for p in places if p is not None]


def _in_longer_name(doc: Doc, start: int, end: int) -> bool:
    """True when capitalised words run on either side of tokens [start, end)."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if after is not None and after.text[:1].isupper():
        return True
    if after is not None and after.tag_ == "POS":
        return True  # "Kerala's": an owner, as often a party as a place
    return before is not None and before.text[:1].isupper() and not doc[start].is_sent_start


def _repeated(doc: Doc, found: Sequence[_Found], taken: list[tuple[int, int]]) -> list[_Found]:
    """Other occurrences of a name the article uses as a toponym elsewhere, where the
    model tagged it otherwise or not at all ("Kerala" inside "the Commercial Capital of
    Kerala"): one name, one reading per article."""
    text = doc_text(doc)
    names = {text[f.start : f.end] for f in found}
    out = []
    for name in sorted(names):
        if not name[:1].isupper():
            continue
        for match in re.finditer(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", text):
            s, e = match.start(), match.end()
            if any(a < e and s < b for a, b in taken):
                continue
            span = doc.char_span(s, e)
            if span is None:
                continue
            if span.end < len(doc) and doc[span.end].lower_ in NOT_PLACE_AFTER:
                continue
            if _in_longer_name(doc, span.start, span.end):
                continue  # "Paris" of "Paris Hilton", "Iowa" of "Iowa State University"
            out.append(_Found(s, e, _kind_hint(doc, span.start, span.end)))
            taken.append((s, e))
    return out


UNLISTED_LABELS = frozenset({"LOC", "FAC"})
"""Entity labels that name a location even where the gazetteer has no entry."""


DESTINATION_HEADS = frozenset(
    {
        "send",
        "deploy",
        "dispatch",
        "redeploy",
        "move",
        "transfer",
        "rush",
        "airlift",
        "travel",
        "go",
        "fly",
        "head",
        "march",
        "visit",
        "trip",
        "tour",
        "journey",
        "deployment",
        "reinforcement",
        "reinforcements",
    }
)
"""Verbs and nouns whose "to" phrase says where the event took place."""
BORDER_NOUNS = frozenset({"border", "borders", "frontier", "frontiers", "borderline", "boundary"})
_BORDER_AREAS = frozenset({"area", "areas", "region", "regions", "zone", "zones", "districts"})


def part_places(doc: Doc, places: Sequence[Place], gazetteer: Gazetteer) -> list[Place]:
    """Parts of countries the text names that no gazetteer entry holds, as regions:
    a direction ("northern Syria", "northwestern Iranian territories") and a frontier
    ("the Armenia-Azerbaijan border", "Iran's borders with Azerbaijan", "the border
    between Syria and Turkey"). Their points come from ``sitroom.geo.parts``.

    Each spans its whole phrase, so an event that happens there is placed in the part,
    not in the country the phrase names; ``places`` are the article's toponyms.
    """
    whole = [p for p in places if _whole_country(p, gazetteer)]
    parts = [*_directional(doc, whole, gazetteer), *_borders(doc, whole, gazetteer)]
    return sorted(parts, key=lambda p: p.start)


def _whole_country(place: Place, gazetteer: Gazetteer) -> bool:
    if not place.country:
        return False
    country = gazetteer.country(place.country)
    return country is not None and country.geonameid == place.geonameid


def _region(
    text: str,
    start: int,
    end: int,
    name: str,
    country: str,
    point: tuple[float | None, float | None],
) -> Place:
    return Place(
        text=text[start:end],
        name=name,
        start=start,
        end=end,
        geonameid=0,
        lat=point[0],
        lon=point[1],
        country=country,
        admin1="",
        precision="region",
    )


def _directional(doc: Doc, countries: Sequence[Place], gazetteer: Gazetteer) -> list[Place]:
    text = doc_text(doc)
    out = []
    for place in countries:
        start, direction = place.start, ""
        first = place.text.split()[0]
        if DIRECTION_WORD.match(first):  # "northwestern Iranian territories"
            direction = direction_name(first)
        else:
            span = doc.char_span(place.start, place.end, alignment_mode="expand")
            i = span.start if span is not None else 0
            if (
                i >= 3
                and doc[i - 2].text == "-"
                and DIRECTION_WORD.match(doc[i - 3].text + doc[i - 1].text)
            ):
                start = doc[i - 3].idx  # "north-west Iran"
                direction = direction_name(doc[i - 3].text + doc[i - 1].text)
            elif i >= 1 and DIRECTION_WORD.match(doc[i - 1].text):
                start = doc[i - 1].idx  # "northern Syria"
                direction = direction_name(doc[i - 1].text)
        if not direction:
            continue
        point = gazetteer.part_point(place.country, direction) or (place.lat, place.lon)
        name = f"{direction} {place.name}"
        out.append(_region(text, start, place.end, name, place.country, point))
    return out


def _borders(doc: Doc, countries: Sequence[Place], gazetteer: Gazetteer) -> list[Place]:
    text = doc_text(doc)
    demonyms = _lexicon().demonyms
    out = []

    def country_at(tok: Token) -> str:
        place = _place_at(tok, countries)
        if place is not None:
            return place.country
        if not tok.text[:1].isupper():
            return ""
        if tok.lower_ in demonyms:
            return demonyms[tok.lower_]
        # the model leaves out names inside "the Armenia-Azerbaijan border"
        return next((c.country for c in gazetteer.lookup(tok.text) if c.kind == "country"), "")

    for i, lower in enumerate(doc_lowers(doc)):
        if lower not in BORDER_NOUNS:
            continue
        tok = doc[i]
        sides: list[str] = []
        lo, hi = tok.i, tok.i
        owner = False
        for child in tok.lefts:
            if child.dep_ not in ("poss", "compound", "amod", "nmod"):
                continue
            owner = True
            if child.dep_ == "poss" and child.lower_ in ("its", "their"):
                sides.append(_subject_country(tok, country_at))  # "Iran sent troops to its borders"
                continue
            for t in child.subtree:
                code = country_at(t)
                if code:
                    sides.append(code)
                    lo = min(lo, t.i)
        # "the border with X" ("with" may hang from the verb: "sent troops to its borders
        # with X"), "the border between X and Y"
        preps = [c for c in tok.rights if c.dep_ == "prep" and c.lower_ in ("with", "between")]
        if not preps and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "with":
            preps = [doc[tok.i + 1]]
        # "border clashes between X and Y": the frontier of the parties (the place is the
        # word "border" alone; the parties' phrase names who)
        parties = not preps and tok.dep_ == "compound" and not owner
        if parties:
            preps = [c for c in tok.head.rights if c.dep_ == "prep" and c.lower_ == "between"]
        for prep in preps:
            for t in prep.subtree:
                code = country_at(t)
                if code:
                    sides.append(code)
                    hi = tok.i if parties else max(hi, t.i)
        if not owner and preps and len(set(sides)) == 1:
            sides.insert(
                0, _subject_country(tok, country_at)
            )  # "troops massed near the border with X"
        pair = list(dict.fromkeys(c for c in sides if c))
        if len(pair) != 2:
            continue
        point = gazetteer.border_point(pair[0], pair[1])
        if point is None:
            continue  # no land frontier between them
        if tok.dep_ == "compound" and tok.head.i > hi and tok.head.lower_ in _BORDER_AREAS:
            hi = tok.head.i  # "the Iran-Azerbaijan border areas"
        start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
        name = "-".join(_gazetteer_country_name(c, gazetteer) for c in pair) + " border"
        out.append(_region(text, start, end, name, pair[0], point))
    return out


def _gazetteer_country_name(iso3: str, gazetteer: Gazetteer) -> str:
    country = gazetteer.country(iso3)
    return country.name if country is not None else _country_name(iso3)


def _subject_country(tok: Token, country_at: Callable[[Token], str]) -> str:
    """The country that is the subject of the clause ``tok`` is in ("Iran sent troops to
    its borders"), or empty."""
    head = tok
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return next((c for c in map(country_at, child.subtree) if c), "")
    return ""


def event_place(doc: Doc, start: int, end: int, places: list[Place]) -> Place | None:
    """The place the event trigger at chars [start, end) governs in the parse, or None."""
    trigger = doc.char_span(start, end, alignment_mode="expand")
    if trigger is None or not places:
        return None
    sentence = trigger.sent if doc.has_annotation("SENT_START") else doc[:]
    in_sentence = [p for p in places if sentence.start_char <= p.start < sentence.end_char]
    if not in_sentence:
        return None
    token = trigger.root
    for _ in range(3):  # the trigger, then the verb or noun it hangs from
        place = _governed_place(token, in_sentence)
        if place is not None:
            return place
        if token.i == trigger.root.i and token.pos_ == "NOUN":
            # "launched an offensive it called an operation in the territory of X": a
            # clause telling of the event itself says where it was
            place = _told_of_itself(token, in_sentence)
            if place is not None:
                return place
        if token.dep_ == "relcl":  # "the area of Khodafarin, which was conquered": the antecedent
            place = _place_in(token.head, in_sentence, skip=token)
            if place is None and (before := _before_relative(token)) is not None:
                place = _place_in(before, in_sentence, skip=token)
            if place is not None:
                return place
        if token.dep_ in ("ROOT", "ccomp", "advcl", "relcl", "conj") or token.head.i == token.i:
            break
        if _charge(token):
            break  # "accused Baku of shelling villages": Baku is who, not where
        token = token.head
    # "border clashes between Armenia and Azerbaijan", with no place more precise: the frontier
    for child in trigger.root.children:
        if child.dep_ in ("compound", "amod") and child.lower_ in BORDER_NOUNS:
            place = _place_at(child, in_sentence)
            if place is not None:
                return place
    return _named_conflict(trigger.root, in_sentence)


CONFLICT_NOUNS = frozenset({"conflict", "war", "fighting", "hostilities"})
"""Nouns of a war named by where it is fought ("the Karabakh conflict", "the Donbas war")."""


def _named_conflict(root: Token, places: Sequence[Place]) -> Place | None:
    """The land a war is named by: "the Karabakh conflict", or the war a conflict so named
    became ("The Karabakh conflict escalated into full-scale war"). A country in the name
    is a party ("the Armenia-Azerbaijan war"), not where."""
    nouns = [root]
    verb = root.head.head if root.dep_ == "pobj" else root.head
    if root.lemma_.lower() in CONFLICT_NOUNS and verb.pos_ == "VERB":
        nouns += [c for c in verb.children if c.dep_ == "nsubj"]
    for noun in nouns:
        if noun.lemma_.lower() not in CONFLICT_NOUNS:
            continue
        for child in noun.children:
            place = _place_at(child, places) if child.dep_ == "compound" else None
            if place is not None and place.precision != "country":
                return place
    return None


def _before_relative(clause: Token) -> Token | None:
    """The noun right before a relative clause that opens with its pronoun ("the territory,
    over which they fought"), where the parse hangs the clause elsewhere."""
    first = clause.left_edge
    if first.dep_ == "prep" and first.i + 1 < len(first.doc):
        pronoun = first.doc[first.i + 1]
    else:
        pronoun = first
    if pronoun.lower_ not in ("which", "where") or first.i == 0:
        return None
    before = first.doc[first.i - 1]
    if before.is_punct and before.i > 0:
        before = first.doc[before.i - 1]
    if before.pos_ not in ("NOUN", "PROPN") or before.i == clause.head.i:
        return None
    return before


def _told_of_itself(noun: Token, places: Sequence[Place]) -> Place | None:
    """A place in a locative phrase of a relative clause on the event noun ("an offensive it
    called an anti-terrorist operation in X", "the attack, which took place near X")."""
    for clause in noun.children:
        if clause.dep_ != "relcl":
            continue
        for prep in clause.children:
            if prep.dep_ != "prep" or prep.lower_ not in EVENT_PREPS:
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj" and _place_in(obj, places) is not None:
                    # the first of places nested in one phrase is the finest ("a station
                    # in Kramatorsk town in Donetsk")
                    lo, hi = obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge)
                    return min((p for p in places if lo <= p.start < hi), key=lambda p: p.start)
    return None


def _charge(token: Token) -> bool:
    """True for the deed a verb charges someone with: "accused Baku of shelling",
    "blamed Moscow for the strike". The verb's object is the party charged (a capital
    standing for its government), never where the deed happened."""
    prep = token.head
    if token.dep_ not in ("pcomp", "pobj") or prep.lower_ not in ("of", "for"):
        return False
    verb = prep.head
    return verb.pos_ == "VERB" and any(c.dep_ == "dobj" for c in verb.children)


def _meeting_town(token: Token, places: Sequence[Place]) -> Place | None:
    """A town at the end of the parties' phrase of a nominal event: "negotiations between
    the foreign ministers of Armenia and Azerbaijan in Moscow" (spaCy hangs "in Moscow" on
    "ministers"), "talks with Russian officials in Moscow"."""
    for child in token.children:
        if child.dep_ != "prep" or child.lower_ not in BLOCKING_PREPS:
            continue
        for tok in child.subtree:
            if tok.dep_ != "prep" or tok.lower_ not in ("in", "at"):
                continue
            for obj in tok.children:
                place = _place_at(obj, places) if obj.dep_ == "pobj" else None
                if place is not None and place.precision == "town":
                    return place
    return None


def _under_blocking(tok: Token, top: Token) -> bool:
    """True when ``tok`` sits inside a "between X and Y" or "against X" phrase below ``top``."""
    # spaCy makes a new Token object on each access: compare positions, not identity
    cur = tok
    while cur.i != top.i and cur.head.i != cur.i:
        if cur.dep_ == "prep" and cur.lower_ in BLOCKING_PREPS:
            return True
        cur = cur.head
    return False


def _governed_place(token: Token, places: Sequence[Place], depth: int = 0) -> Place | None:
    """A place in a locative phrase of ``token``, of its object, or of a "when" clause."""
    nominal = token.pos_ in ("NOUN", "PROPN")
    for child in token.children:
        if child.dep_ in ("prep", "dative"):
            prep = child.lower_
            if prep == "to" and token.lemma_.lower() in DESTINATION_HEADS:
                # "sent troops to the border", "a visit to Baku": where it went, unless
                # it went to several places ("will travel to Baku, Moscow and Ankara")
                place = _destination(child, places)
                if place is not None:
                    return place
            elif prep in EVENT_PREPS or (nominal and prep == "of"):
                for obj in child.children:
                    if obj.dep_ in ("pobj", "pcomp"):
                        place = _place_in(obj, places)
                        if place is not None:
                            return place
    if nominal:
        return _meeting_town(token, places)
    if depth >= 2:
        return None
    for child in token.children:
        # "agreed to order a ceasefire at a summit in Uzbekistan": where the act agreed
        # on, or met for, was done ("met for talks at the residence in Putrajaya")
        if child.dep_ == "xcomp" and depth == 0:
            place = _governed_place(child, places, 2)
            if place is not None:
                return place
        if child.dep_ == "prep" and child.lower_ == "for" and depth == 0:
            for obj in child.children:
                place = _located(obj, places) if obj.dep_ == "pobj" else None
                if place is not None:
                    return place
    under_fire = any(c.dep_ == "prep" and c.lower_ == "under" for c in token.children)
    for child in token.children:
        # "met with officials in Tabriz": where the people it was done with were
        if child.dep_ == "prep" and child.lower_ == "with":
            for obj in child.children:
                place = _located(obj, places) if obj.dep_ == "pobj" else None
                if place is not None:
                    return place
    for child in token.children:
        # "shelled Tartar", "attacked the Ganja city of Azerbaijan", "shelled villages in
        # the Tavush province", "Ganja came under a missile attack"
        if child.dep_ in ("dobj", "nsubjpass") or (child.dep_ == "nsubj" and under_fire):
            place = _place_in(child, places)
            if place is not None:
                return place
        elif child.dep_ == "advcl" and not _purpose(child) and not _another_time(child):
            # "were killed when a shell hit a house near Tartar" (but not "met ... to
            # discuss the Azerbaijan-Armenia war": a purpose names a topic, not a place)
            place = _governed_place(child, places, depth + 1)
            if place is not None:
                return place
    for child in token.children:
        # "killed ten and wounded a dozen in the village of X": a place told once for the
        # acts coordinated with it
        if child.dep_ == "conj" and child.pos_ == "VERB" and depth == 0:
            for link in child.children:
                if link.dep_ != "prep" or link.lower_ not in EVENT_PREPS:
                    continue
                for obj in link.children:
                    place = _place_in(obj, places) if obj.dep_ == "pobj" else None
                    if place is not None:
                        return place
    if depth == 0:
        # "Demonstrators in Baghdad blocked a road": where those who did it were; "Biden,
        # who landed in Tel Aviv on Wednesday, met ...": where they had just come
        for child in token.children:
            if child.dep_ == "nsubj":
                place = _located(child, places) or next(
                    (
                        p
                        for c in child.children
                        if c.dep_ == "relcl" and c.lemma_.lower() in ARRIVAL_VERBS
                        for p in [_governed_place(c, places, 2)]
                        if p is not None
                    ),
                    None,
                )
                if place is None and child.pos_ in ("NUM", "PRON", "DET", "ADJ"):
                    # "four of the representatives in Tabriz", "many of those in Gaza"
                    of = [o for c in child.children if c.lower_ == "of" for o in c.children]
                    place = next((p for p in (_located(o, places) for o in of) if p), None)
                if place is not None:
                    return place
    return None


def _destination(prep: Token, places: Sequence[Place]) -> Place | None:
    found = {id(p): p for tok in prep.subtree if (p := _place_at(tok, places)) is not None}
    names = {p.name for p in found.values()}
    if len(names) != 1:
        return None
    return next(iter(found.values()))


def _another_time(clause: Token) -> bool:
    """A clause told as before or after the event ("killed in clashes, after the leaders met
    in X"): another event, at its own place."""
    return any(
        c.dep_ == "mark" and c.lower_ in ("after", "before", "since", "until")
        for c in clause.children
    )


def _purpose(clause: Token) -> bool:
    """An infinitive of purpose: "(in order) to discuss ..."."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _located(token: Token, places: Sequence[Place]) -> Place | None:
    """The place in a locative phrase ("in Tabriz") attached to the noun ``token``."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in FALLBACK_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    place = _place_in(obj, places)
                    if place is not None:
                        return place
    return None


def _place_at(token: Token, places: Sequence[Place]) -> Place | None:
    for place in places:
        if place.start <= token.idx < place.end:
            return place
    return None


def _place_in(token: Token, places: Sequence[Place], skip: Token | None = None) -> Place | None:
    """The place nearest the head of the phrase ``token`` heads ("the Tovuz region").

    Phrases naming parties ("between Armenia and Azerbaijan", "against Iran",
    "Iran's plan") and embedded clauses are not searched: they say who, not where.
    """
    best: tuple[int, Place] | None = None
    stack = [(token, 0)]
    while stack:
        tok, depth = stack.pop()
        place = _place_at(tok, places)
        if place is not None and (best is None or depth < best[0]):
            best = (depth, place)
        for child in tok.children:
            if skip is not None and child.i == skip.i:
                continue
            # An owner says who ("Iran's plan"), except of land: "inside Iran's borders".
            owner_of_land = child.dep_ == "poss" and tok.lower_ in _LAND_NOUNS
            if child.dep_ in SKIPPED_DEPS and not owner_of_land:
                continue
            if child.dep_ == "prep" and child.lower_ not in EVENT_PREPS | {"of"}:
                continue
            stack.append((child, depth + 1))
    return best[1] if best else None
