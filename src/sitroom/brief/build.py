"""A situation report for a period, built from the record: every statement cites sentences.

``build_brief`` reads the incidents the filters choose (as ``sitroom incidents`` does),
a batch at a time, and keeps only what the brief shows: counts by type and place,
the deadliest incidents, the notable ones with each party's claims side by side,
ceasefires agreed and violations reported in the period, who blamed whom, and what
parties to no fighting in the period said. Each line holds the stored sentences it
rests on (``Sentence``); ``number_citations`` numbers them in the order the brief
shows them, so every ``[n]`` leads to one stored sentence of one article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select

from sitroom import labels
from sitroom.ceasefire_words import instant_label, violation_words
from sitroom.export.countries import country_name
from sitroom.export.provenance import sitroom_version
from sitroom.export.select import IncidentExport, check_incident_filters, iter_incidents
from sitroom.query import (
    EventRecord,
    Filters,
    QuoteRecord,
    iter_quote_records,
    store_changed_at,
)
from sitroom.resolve.claims import UNATTRIBUTED, Claim, Estimate
from sitroom.resolve.query import AgreementRecord, IncidentRecord, select_agreements
from sitroom.store import Store
from sitroom.store import schema as s

CONFLICT_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN"})
"""Incident types whose countries are parties to the fighting (and whose claims blame)."""
TOP = 8
"""Notable incidents given a section of their own."""
DEADLIEST = 5
"""Incidents in the deadliest list."""
ANNEX_MAX = 300
"""Incidents listed in the annex; the rest are counted."""
CITES_PER_LINE = 3
"""Sentences cited for one line (an incident, a claim, a blame)."""
THIRD_PARTY_MAX = 10
"""Statements by third parties shown."""


@dataclass(slots=True, eq=False)
class Sentence:
    """A stored sentence a statement of the brief rests on; ``number`` is its citation."""

    article_id: str
    doc: str
    outlet: str
    start: int
    end: int
    text: str
    number: int = 0


@dataclass(slots=True)
class Source:
    """A cited article, as the source list gives it."""

    article_id: str
    doc: str
    title: str
    outlet: str
    published: str | None
    url: str | None


@dataclass(slots=True)
class IncidentLine:
    """One incident in a list: what, when, where, figures, and the sentences it rests on."""

    id: str
    label: str
    date: str | None
    place: str
    country: str
    killed: Estimate
    injured: Estimate
    contested: list[str]
    n_sources: int
    cites: list[Sentence]


@dataclass(slots=True)
class ClaimLine:
    """One party's account of an incident."""

    claimant: str
    killed: int | None
    injured: int | None
    blames: list[str]
    denies: bool
    cites: list[Sentence]


@dataclass(slots=True)
class IncidentSection:
    """A notable incident: its line, each party's claims side by side, its sentences."""

    line: IncidentLine
    claims: list[ClaimLine]
    statements: list[Sentence]


@dataclass(slots=True)
class CeasefireLine:
    """A ceasefire agreed in the period, or one whose reported violation falls in it."""

    id: str
    kind: str
    agreed: str | None
    parties: list[str]
    brokers: list[str]
    in_force: str
    new: bool
    cites: list[Sentence]
    violations: list[tuple[IncidentLine, str]]


@dataclass(slots=True)
class BlameLine:
    """A party blaming another (a claim naming who did it, or an accusation)."""

    who: str
    blamed: str
    incidents: int
    cites: list[Sentence]


@dataclass(slots=True)
class StatementLine:
    """What a third party said."""

    speaker: str
    country: str
    date: str | None
    content: str
    cite: Sentence


@dataclass(slots=True)
class DayCount:
    """Incidents and their killed (best estimates) on one day."""

    day: str
    incidents: int = 0
    killed: int = 0


@dataclass(slots=True)
class MapPoint:
    """A located place with the incidents there."""

    place: str
    lat: float
    lon: float
    precision: str
    incidents: int = 0
    killed: int = 0


@dataclass(slots=True)
class Brief:
    """Everything a situation report shows, before it is rendered."""

    filters: Filters
    made: str | None
    sitroom: str
    first_day: str | None
    """The first day of an incident dated to the day (None when none is)."""
    last_day: str | None
    incidents: int = 0
    killed_low: int = 0
    killed_best: int = 0
    by_type: list[tuple[str, int, int]] = field(default_factory=list)
    """(type, incidents, killed best)."""
    by_place: list[tuple[str, int]] = field(default_factory=list)
    unlocated: int = 0
    deadliest: list[IncidentLine] = field(default_factory=list)
    ceasefires: list[CeasefireLine] = field(default_factory=list)
    blame: list[BlameLine] = field(default_factory=list)
    third_parties: list[StatementLine] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    sections: list[IncidentSection] = field(default_factory=list)
    annex: list[IncidentLine] = field(default_factory=list)
    days: list[DayCount] = field(default_factory=list)
    points: list[MapPoint] = field(default_factory=list)
    citations: list[Sentence] = field(default_factory=list)
    """Every cited sentence, by number."""
    sources: list[Source] = field(default_factory=list)
    contested_only: bool = False

    @property
    def period(self) -> str:
        """The period in words: '2020-09-27 to 2020-10-10', 'from 2020-09-27', 'all dates'."""
        since, until = self.filters.since, self.filters.until
        if since and until:
            return f"{since.isoformat()} to {until.isoformat()}"
        if since:
            return f"from {since.isoformat()}"
        if until:
            return f"up to {until.isoformat()}"
        return "all dates"

    @property
    def filter_words(self) -> list[str]:
        """The filters other than the period, in words."""
        f = self.filters
        out = []
        if f.country:
            out.append(f"involving {country_name(f.country)} ({f.country})")
        if f.type:
            out.append(f"{f.type} incidents")
        if f.place:
            out.append(f"at places matching '{f.place}'")
        if self.contested_only:
            out.append("contested incidents only")
        return out

    @property
    def filter_note(self) -> str:
        """The filters other than the period as a sentence ('' when there are none)."""
        text = ", ".join(self.filter_words)
        return f"{text[:1].upper()}{text[1:]}." if text else ""


class _Sentences:
    """One Sentence object per stored sentence, so that a sentence cited twice has one number."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, int, int], Sentence] = {}

    def of_event(self, r: EventRecord) -> Sentence:
        e = r.event
        key = (r.article_id, e.sentence_start, e.sentence_end)
        if key not in self.known:
            self.known[key] = Sentence(
                r.article_id,
                r.doc,
                r.outlet or "",
                e.sentence_start,
                e.sentence_end,
                r.sentence,
            )
        return self.known[key]

    def of_events(self, records: Iterable[EventRecord], n: int = CITES_PER_LINE) -> list[Sentence]:
        """The sentences of ``records``, one per article first (independent sources), at most n."""
        first: list[EventRecord] = []
        rest: list[EventRecord] = []
        seen: set[str] = set()
        for r in records:
            if r.sentence:
                (rest if r.article_id in seen else first).append(r)
                seen.add(r.article_id)
        out: list[Sentence] = []
        for r in first + rest:
            if len(out) == n:
                break
            sentence = self.of_event(r)
            if sentence not in out:
                out.append(sentence)
        return out


def _within(date: str | None, f: Filters) -> bool:
    """Whether a stored date (day, month or year precision) meets the filters' period."""
    if date is None:
        return f.since is None and f.until is None
    if f.since and date < f.since.isoformat()[: len(date)]:
        return False
    return not (f.until and date > f.until.isoformat()[: len(date)])


def _line(inc: IncidentRecord, sentences: _Sentences) -> IncidentLine:
    return IncidentLine(
        id=inc.id,
        label=labels.event_kind(inc.type, inc.mode),
        date=inc.date,
        place=inc.place or "",
        country=inc.place_country or "",
        killed=inc.killed,
        injured=inc.injured,
        contested=list(inc.contested),
        n_sources=inc.n_sources,
        cites=sentences.of_events(inc.mentions),
    )


def _claimant(c: Claim) -> str:
    if c.claimant == UNATTRIBUTED:
        return "Reports not attributed to a party"
    return f"{c.claimant} ({c.country})" if c.country else c.claimant


def _section(inc: IncidentRecord, sentences: _Sentences) -> IncidentSection:
    by_id = {m.id: m for m in inc.mentions}
    claims = [
        ClaimLine(
            claimant=_claimant(c),
            killed=c.killed,
            injured=c.injured,
            # For fighting, the sides a party names as having done it.
            blames=[country_name(x) for x in c.blames] if inc.type in CONFLICT_TYPES else [],
            denies=c.denies,
            cites=sentences.of_events(by_id[i] for i in c.event_ids if i in by_id),
        )
        for c in inc.claims
    ]
    statements = sentences.of_events(inc.mentions, n=8)
    return IncidentSection(_line(inc, sentences), claims, statements)


def _notability(inc: IncidentRecord) -> tuple[int, int, int, int]:
    """Deadlier, then more injured, contested, more independent sources: more notable."""
    return (
        inc.killed.high or 0,
        inc.injured.high or 0,
        len(inc.contested),
        inc.n_sources,
    )


class _Top:
    """The ``n`` incidents with the highest key (earliest first on a tie), in bounded memory."""

    def __init__(self, n: int, key: Callable[[IncidentRecord], tuple[int, ...]]) -> None:
        self.n, self.key = n, key
        self.items: list[tuple[int, IncidentExport]] = []

    def add(self, seq: int, x: IncidentExport) -> None:
        """Consider the ``seq``-th incident of the stream."""
        if self.n <= 0:
            return
        self.items.append((seq, x))
        if len(self.items) >= 4 * self.n:
            self.items = self.best()

    def best(self) -> list[tuple[int, IncidentExport]]:
        """The ``n`` kept, highest key first."""

        def rank(p: tuple[int, IncidentExport]) -> tuple[tuple[int, ...], int]:
            return tuple(-v for v in self.key(p[1].incident)), p[0]

        return sorted(self.items, key=rank)[: self.n]


def _blames(inc: IncidentRecord) -> Iterator[tuple[str, str, list[EventRecord]]]:
    """(who, blamed country, mentions) of an incident: claims naming who did it, accusations."""
    if inc.type in CONFLICT_TYPES:
        by_id = {m.id: m for m in inc.mentions}
        for c in inc.claims:
            if c.claimant == UNATTRIBUTED or c.denies:
                continue
            for blamed in c.blames:
                if blamed != c.country:
                    yield _claimant(c), blamed, [by_id[i] for i in c.event_ids if i in by_id]
    elif inc.type == "DISAPPROVE":
        for m in inc.mentions:
            for a in m.event.source:
                for t in m.event.target:
                    if a.country and t.country and a.country != t.country:
                        yield country_name(a.country), t.country, [m]


def _ceasefires(
    store: Store, f: Filters, sentences: _Sentences, lines: dict[str, IncidentLine]
) -> list[CeasefireLine]:
    """Ceasefires agreed in the period, and older ones with violations reported in it."""
    period = Filters(since=f.since, until=f.until)
    out = []
    for a in select_agreements(store):
        if f.country and f.country not in a.parties:
            continue
        violations = [(inc, why) for inc, why in a.violations if _within(inc.date, period)]
        new = _within(a.agreed, period)
        if not new and not violations:
            continue
        out.append(_ceasefire(a, new, violations, sentences, lines))
    return out


def _ceasefire(
    a: AgreementRecord,
    new: bool,
    violations: Sequence[tuple[IncidentRecord, str]],
    sentences: _Sentences,
    lines: dict[str, IncidentLine],
) -> CeasefireLine:
    in_force = instant_label(a.in_force_local, a.in_force_zone, a.in_force_utc)
    if in_force and a.in_force_text:
        in_force += f' ("{a.in_force_text}")'
    return CeasefireLine(
        id=a.id,
        kind=a.kind,
        agreed=a.agreed,
        parties=[country_name(p) for p in a.parties],
        brokers=list(a.brokers),
        in_force=in_force,
        new=new,
        cites=sentences.of_events(a.sources),
        violations=[
            (lines.get(inc.id) or _line(inc, sentences), violation_words(a, inc))
            for inc, _ in violations
        ],
    )


def _third_parties(
    store: Store, f: Filters, parties: set[str], sentences: _Sentences, texts: dict[str, str]
) -> list[StatementLine]:
    """Statements in the period by speakers of countries that are no party to its fighting."""
    out: list[StatementLine] = []
    per_speaker: Counter[str] = Counter()
    for r in iter_quote_records(store, Filters(since=f.since, until=f.until)):
        actor = r.quote.speaker_actor
        country = actor.country if actor else ""
        if not country or country in parties or per_speaker[r.quote.speaker] >= 2:
            continue
        cite = _quote_sentence(store, r, sentences, texts)
        if cite is None:
            continue
        per_speaker[r.quote.speaker] += 1
        out.append(StatementLine(r.quote.speaker, country, r.quote.date, r.quote.content, cite))
        if len(out) >= THIRD_PARTY_MAX:
            break
    return out


def _quote_sentence(
    store: Store, r: QuoteRecord, sentences: _Sentences, texts: dict[str, str]
) -> Sentence | None:
    """The stored sentence(s) holding a quote: located in its article's text."""
    if r.article_id not in texts:
        with store.connect() as conn:
            a = s.articles
            texts[r.article_id] = (
                conn.execute(select(a.c.text).where(a.c.id == r.article_id)).scalar() or ""
            )
    text = texts[r.article_id]
    q = r.quote
    starts = [x for x in (q.speaker_start, q.cue_start, q.content_start) if x >= 0]
    start = text.find(r.sentence, max(0, min(starts) - len(r.sentence))) if r.sentence else -1
    if start < 0:
        if q.content_start < 0 or text[q.content_start : q.content_end] != q.content:
            return None
        start, sentence = q.content_start, q.content
    else:
        sentence = r.sentence
    key = (r.article_id, start, start + len(sentence))
    if key not in sentences.known:
        sentences.known[key] = Sentence(r.article_id, r.doc, "", *key[1:], sentence)
    return sentences.known[key]


def build_brief(
    store: Store, f: Filters, top: int = TOP, made: str | None = None, contested: bool = False
) -> Brief:
    """The situation report of the incidents ``f`` chooses (its page ignored), with
    ``contested`` only those whose claimants disagree.

    ExportError when ``f`` selects mentions rather than incidents (``doc``, ``text``).
    """
    f = replace(f, limit=None, offset=0)
    check_incident_filters(f)
    sentences = _Sentences()
    brief = Brief(
        f, made or store_changed_at(store), sitroom_version(), None, None, contested_only=contested
    )
    by_type: Counter[str] = Counter()
    killed_by_type: Counter[str] = Counter()
    by_place: Counter[str] = Counter()
    days: dict[str, DayCount] = {}
    points: dict[tuple[str, float, float], MapPoint] = {}
    parties: set[str] = set()
    blame: dict[tuple[str, str], BlameLine] = {}
    notable = _Top(top, _notability)
    deadly = _Top(DEADLIEST, lambda inc: (inc.killed.best or 0, inc.killed.high or 0))
    lines: dict[str, IncidentLine] = {}
    for seq, x in enumerate(iter_incidents(store, f, contested)):
        inc = x.incident
        brief.incidents += 1
        by_type[inc.type] += 1
        killed_by_type[inc.type] += inc.killed.best or 0
        brief.killed_low += inc.killed.low or 0
        brief.killed_best += inc.killed.best or 0
        if inc.place:
            by_place[inc.place] += 1
        else:
            brief.unlocated += 1
        if inc.date and len(inc.date) == 10:
            # Incidents come in date order: the first dated to a day opens the span.
            brief.first_day = brief.first_day or inc.date
            brief.last_day = inc.date
            day = days.setdefault(inc.date, DayCount(inc.date))
            day.incidents += 1
            day.killed += inc.killed.best or 0
        if inc.lat is not None and inc.lon is not None:
            precision = next(
                (
                    m.event.place.precision
                    for m in inc.mentions
                    if m.event.place is not None and m.event.place.name == inc.place
                ),
                "",
            )
            point = points.setdefault(
                (inc.place or "", inc.lat, inc.lon),
                MapPoint(inc.place or "", inc.lat, inc.lon, precision),
            )
            point.incidents += 1
            point.killed += inc.killed.best or 0
        if inc.type in CONFLICT_TYPES:
            parties.update(inc.countries)
        for who, blamed, mentions in _blames(inc):
            b = blame.setdefault((who, blamed), BlameLine(who, country_name(blamed), 0, []))
            b.incidents += 1
            if len(b.cites) < CITES_PER_LINE:
                b.cites = list(dict.fromkeys(b.cites + sentences.of_events(mentions)))[
                    :CITES_PER_LINE
                ]
        if len(brief.annex) < ANNEX_MAX:
            lines[inc.id] = _line(inc, sentences)
            brief.annex.append(lines[inc.id])
        notable.add(seq, x)
        if inc.killed.best:
            deadly.add(seq, x)
    brief.by_type = [(t, n, killed_by_type[t]) for t, n in by_type.most_common()]
    brief.by_place = by_place.most_common(10)
    brief.deadliest = [
        lines.get(x.incident.id) or _line(x.incident, sentences) for _, x in deadly.best()
    ]
    brief.ceasefires = _ceasefires(store, f, sentences, lines)
    brief.blame = sorted(blame.values(), key=lambda b: (-b.incidents, b.who, b.blamed))[:15]
    brief.parties = sorted(parties)
    texts: dict[str, str] = {}
    if parties:
        brief.third_parties = _third_parties(store, f, parties, sentences, texts)
    brief.sections = [_section(x.incident, sentences) for _, x in notable.best()]
    brief.days = [days[d] for d in sorted(days)]
    brief.points = sorted(points.values(), key=lambda p: (-p.incidents, p.place, p.lat, p.lon))
    number_citations(brief)
    brief.sources = _sources(store, brief.citations)
    return brief


def _in_order(brief: Brief) -> Iterator[Sentence]:
    """Every cited sentence in the order the brief shows them."""
    for line in brief.deadliest:
        yield from line.cites
    for c in brief.ceasefires:
        yield from c.cites
        for v, _ in c.violations:
            yield from v.cites
    for b in brief.blame:
        yield from b.cites
    for st in brief.third_parties:
        yield st.cite
    for sec in brief.sections:
        yield from sec.line.cites
        for claim in sec.claims:
            yield from claim.cites
        yield from sec.statements
    for line in brief.annex:
        yield from line.cites


def number_citations(brief: Brief) -> None:
    """Number the cited sentences 1, 2, ... in the order the brief first shows them."""
    brief.citations = []
    for sentence in _in_order(brief):
        if sentence.number == 0:
            brief.citations.append(sentence)
            sentence.number = len(brief.citations)


def _sources(store: Store, citations: Sequence[Sentence]) -> list[Source]:
    """The cited articles in the order of their first citation, with outlet, title and date."""
    ids = list(dict.fromkeys(c.article_id for c in citations))
    a = s.articles
    rows: dict[str, Source] = {}
    cols = (a.c.id, a.c.doc, a.c.title, a.c.text, a.c.outlet, a.c.published, a.c.url)
    with store.connect() as conn:
        for chunk in s.in_chunks(ids):
            for r in conn.execute(select(*cols).where(a.c.id.in_(chunk))):
                # a file name is no title: the headline, else the first sentence
                title = labels.article_title(r.title, r.text, r.doc)
                rows[r.id] = Source(r.id, r.doc, title, r.outlet or "", r.published, r.url)
    for c in citations:
        source = rows.get(c.article_id)
        if source is not None and not c.outlet:
            c.outlet = source.outlet
    return [rows[i] for i in ids if i in rows]
