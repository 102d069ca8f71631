"""Ingest inputs into a store: read, parse with spaCy in batches, extract, save.

Streams from input to database: memory stays flat in the number of articles.
Articles are committed a batch at a time, so an interrupted run leaves a consistent
database (less the batch it was in) and a re-run completes the rest, adding nothing
twice (articles are keyed by content hash). Within it, new articles are saved a few at a
time together (``Store.save_many``: one COPY per table on PostgreSQL), then linked and
resolved one after the other; should that fail, they are written again one at a time,
each in its own savepoint, so a bad article leaves nothing behind and the batch goes on.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from sitroom.config import Settings
from sitroom.errors import SitroomError, StoreError
from sitroom.extract.actors import load_actor_dictionary
from sitroom.extract.article import Resources, extract_article, versions
from sitroom.geo.gazetteer import Gazetteer
from sitroom.ingest import IngestFailure, NearDuplicateIndex, iter_inputs
from sitroom.ingest.budget import budget_interrupts, time_budget
from sitroom.ingest.build import date_from_related
from sitroom.ingest.related import RelatedDates
from sitroom.model import Article, Extraction
from sitroom.nlp.pipeline import (
    Unparsed,
    load_pipeline,
    parse_ahead,
    parse_in_processes,
    parse_in_turn,
    parse_texts,
)
from sitroom.nlp.text import remember_text
from sitroom.resolve.incidents import (
    RecentMentions,
    replay_incidents,
    resolve_agreements,
    resolve_article,
)
from sitroom.store import SaveResult, Store
from sitroom.store import incidents as si
from sitroom.store.bands import StoreBands

log = logging.getLogger(__name__)

MAX_UNDATED_WAITING = 2_000
"""Undated articles held back in a run until its dated reports are read."""

COMMIT_ARTICLES = 64
"""Articles stored per transaction at most."""
WRITE_ARTICLES = 16
"""New articles saved together (``Store.save_many``) before they are linked and resolved."""
COMMIT_SECONDS = 2.0
"""Seconds after which a batch is committed at its next article, however few it holds."""
GC_YOUNG = 20_000
"""Allocations between the collector's young-generation passes while ingesting."""


@dataclass(slots=True)
class IngestSummary:
    """Counts of one ingest run, and each failure with its reason."""

    read: int = 0
    new: int = 0
    unchanged: int = 0
    reprocessed: int = 0
    near_duplicate: int = 0
    non_english: int = 0
    failed: list[IngestFailure] = field(default_factory=list)

    @property
    def stored(self) -> int:
        """Articles now in the store from this run (new, unchanged or reprocessed)."""
        return self.new + self.unchanged + self.reprocessed


def load_resources(settings: Settings) -> Resources:
    """Load the gazetteer and dictionaries once."""
    return Resources(
        gazetteer=Gazetteer.open(settings.gazetteer_path or None),
        actor_dictionary=load_actor_dictionary(),
    )


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run Python's cyclic garbage collector less often for the duration, in the main thread.

    Ingesting makes and drops many small objects per article next to large long-lived
    ones (the model, the gazetteer, the resolver's caches). At the default of a pass
    every 700 allocations, collecting cost 0.6 ms an article 10,000 articles into a run;
    every ``GC_YOUNG``, 0.1 ms. The setting is the process's, so it is changed only when
    ingest runs in the main thread (a server ingesting in a worker thread keeps its
    own), and restored afterwards.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], GC_YOUNG), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


@_fewer_collections()
def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    reprocess: bool = False,
    on_progress: Callable[[str], None] | None = None,
    resources: Resources | None = None,
    inputs: Iterator[Article | IngestFailure] | None = None,
    extract_with: Extractor | None = None,
    resolve_with: BatchResolver | None = None,
) -> IngestSummary:
    """Ingest files, directories or URLs into ``store``; bad inputs are reported, not fatal.

    ``extract_with`` parses and extracts the articles to analyse elsewhere (a pool of
    Ray actors: ``sitroom.engine``); by default it is done here and in ``settings.workers``
    parse processes. Storing, linking copies and resolving incidents stay in this process,
    in input order, so the store is the same whichever does the extracting.
    With ``resolve_with`` (``sitroom.resolve.blocks.resolve_batch``, or its Ray form), a
    commit batch's articles are stored and linked first, then resolved together by it,
    before the batch commits; the store ends the same. A resolution error there stops the
    run (the batch is rolled back) rather than failing one article.
    """
    summary = IngestSummary()
    current = versions()
    tick = on_progress or (lambda _name: None)
    source = inputs if inputs is not None else iter_inputs(paths, settings)

    seen: set[str] = set()
    # Outcomes decided while reading (failures, unchanged and non-English articles). Reading
    # and parsing may run in another thread, so they are queued and settled in this one,
    # which alone updates the summary, the progress and the store.
    decided: queue.SimpleQueue[tuple[str, Article | IngestFailure]] = queue.SimpleQueue()

    def to_parse() -> Iterator[tuple[str, Article]]:
        # Articles that print no date wait for the run's dated reports: a related one
        # dates them (sitroom.ingest.related). A bounded number wait; the rest go on.
        related = RelatedDates()
        undated: list[Article] = []
        for item in source:
            if isinstance(item, IngestFailure):
                decided.put(("failed", item))
                continue
            if item.content_hash in seen:  # a second identical copy within this run
                decided.put(("unchanged", item))
                continue
            seen.add(item.content_hash)
            existing = store.article_id_for_hash(item.content_hash)
            if (
                existing is not None
                and not reprocess
                and store.processed_versions(existing) == current
            ):
                decided.put(("unchanged", item))
                continue
            # Only a language positively told apart is skipped; short text the detector
            # cannot place ("und") is analysed.
            if item.language not in ("en", "und"):
                decided.put(("non-english", item))
                continue
            if item.published is None and len(undated) < MAX_UNDATED_WAITING:
                undated.append(item)
                continue
            if item.published is not None:
                related.add(item.doc, item.published, item.text)
            decided.put(("read", item))
            yield item.text, item
        # A report dated from a related one dates others in turn ("this Friday" beside the
        # names of a report that was itself dated so), until no more can be.
        pending = undated
        while pending:
            left = []
            for item, near in zip(pending, related.nearest(a.text for a in pending), strict=True):
                if near is not None and date_from_related(item, near[0]) and item.published:
                    related.add(item.doc, item.published, item.text)
                else:
                    left.append(item)
            pending = left if len(left) < len(pending) else []
        for item in undated:
            decided.put(("read", item))
            yield item.text, item

    def settle() -> None:
        while not decided.empty():
            outcome, item = decided.get()
            if isinstance(item, IngestFailure):
                summary.failed.append(item)
                tick(item.source)
                continue
            summary.read += 1
            if outcome == "unchanged":
                summary.unchanged += 1
                tick(item.doc)
            elif outcome == "non-english":
                store.save(item, Extraction(versions=current))
                summary.non_english += 1
                summary.new += 1
                tick(item.doc)

    if extract_with is None:
        extract_with = _local_extractor(settings, load_pipeline(settings), resources)
    extracted = extract_with(to_parse())
    writer = _Writer(store, summary, tick, resolve_with)

    try:
        more = True
        while more:
            # Articles are committed a batch at a time (committing costs more than
            # storing a short article: SQLite writes out every page that changed, and
            # a batch changes many pages once, not each many times). A batch holds the
            # write lock for a bounded time, and is written in smaller batches
            # (``WRITE_ARTICLES``), each stored at once, then linked and resolved in order.
            with store.transaction():
                deadline = time.monotonic() + COMMIT_SECONDS
                written = 0
                while more and written < COMMIT_ARTICLES and time.monotonic() <= deadline:
                    want = min(WRITE_ARTICLES, COMMIT_ARTICLES - written)
                    batch, more = _take(extracted, want, deadline)
                    settle()
                    writer.write(batch)
                    written += len(batch)
                writer.resolve_deferred()
    finally:
        if writer.tracker:
            resolve_agreements(store, sorted(writer.tracker))
    settle()
    if summary.reprocessed:
        # Reprocessed articles were resolved against later ones too: replay the order of
        # the first ingest, so that the store is the one a clean ingest makes.
        with store.transaction():
            replay_incidents(store, si.articles_in_ingest_order(store))
    return summary


Extracted = tuple[Extraction | Unparsed, Article]
"""An article's extraction, or why it has none (its parse or its extraction failed)."""
Extractor = Callable[[Iterator[tuple[str, Article]]], Iterator[Extracted]]
"""Parses and extracts (text, article) pairs, yielding them back in the order given."""
BatchResolver = Callable[[Store, Sequence[tuple[str, bool]], RecentMentions | None, set[str]], None]
"""Resolves stored articles ((id, reprocessed), in input order) as if each had been resolved
right after it was stored, adding the incidents the ceasefire tracker must redo to the set."""


def _take(items: Iterator[Extracted], n: int, deadline: float) -> tuple[list[Extracted], bool]:
    """Up to ``n`` items, fewer once ``deadline`` (``time.monotonic``) has passed; and
    whether ``items`` may hold more."""
    batch: list[Extracted] = []
    for item in items:
        batch.append(item)
        if len(batch) >= n or time.monotonic() > deadline:
            return batch, True
    return batch, False


@dataclass(slots=True)
class _Outcome:
    """What became of one article of a batch written together, until the batch is kept."""

    doc: str
    failure: str | None = None
    copy: bool = False


class _Writer:
    """Stores, links and resolves extracted articles, a batch at a time, in input order.

    A run of articles not stored yet is saved with one ``Store.save_many`` (on PostgreSQL,
    one COPY per table), then each is linked to its copies and resolved in turn, as if it
    had been saved just before: resolution reads only mentions already in incidents, and
    a later article's links and bands are written in its own turn, so nothing saved ahead
    is seen early. The run is one savepoint: should linking or resolving fail, it is
    undone and the run is written again one article at a time, each in its own savepoint
    (the article at fault reported, nothing of it left). An article already stored
    (reprocessed: its old mentions may be others' candidates until then) is written alone,
    in its turn.
    """

    def __init__(
        self,
        store: Store,
        summary: IngestSummary,
        tick: Callable[[str], None],
        resolve_with: BatchResolver | None,
    ) -> None:
        self.store = store
        self.summary = summary
        self.tick = tick
        self.resolve_with = resolve_with
        self.duplicates: NearDuplicateIndex | None = None
        self.recent = RecentMentions()
        self.tracker: set[str] = set()
        """Agreement and violation incidents changed in this run: the ceasefire tracker is
        redone for them once, when the run ends (or stops)."""
        self.deferred: list[tuple[str, bool]] = []
        """(id, reprocessed) of the stored articles ``resolve_with`` resolves at commit."""

    def write(self, batch: Sequence[Extracted]) -> None:
        """Store, link and resolve a batch (resolution deferred with ``resolve_with``)."""
        present = [a.content_hash for x, a in batch if not isinstance(x, Unparsed)]
        stored = self.store.stored_hashes(present) if present else set()
        run: list[Extracted] = []
        for extraction, article in batch:
            if not isinstance(extraction, Unparsed) and article.content_hash in stored:
                self._write_run(run)
                run = []
                self._write_alone(article, extraction)
            else:
                run.append((extraction, article))
        self._write_run(run)

    def resolve_deferred(self) -> None:
        """Resolve the articles stored since the last call with ``resolve_with``."""
        if self.deferred and self.resolve_with is not None:
            self.resolve_with(self.store, self.deferred, self.recent, self.tracker)
        self.deferred = []

    def _write_run(self, run: Sequence[Extracted]) -> None:
        if not run:
            return
        store = self.store
        todo = [(a, x) for x, a in run if not isinstance(x, Unparsed)]
        outcomes: list[_Outcome] = []
        changed: set[str] = set()
        deferred: list[tuple[str, bool]] = []
        try:
            with store.savepoint():
                results = store.save_many(todo) if todo else []
                k = 0  # the position in ``todo`` (and ``results``) of the next article
                for extraction, article in run:
                    if isinstance(extraction, Unparsed):  # not parsed, or not extracted
                        outcomes.append(_Outcome(article.doc, extraction.reason))
                        continue
                    result = results[k]
                    k += 1
                    if isinstance(result, StoreError):
                        outcomes.append(_Outcome(article.doc, str(result)))
                        continue
                    # Not in the index: the articles of this run saved ahead of their turn.
                    ahead = {a.id for a, _ in todo[k - 1 :]}
                    copy = self._link_and_resolve(article, result, ahead, changed, deferred)
                    outcomes.append(_Outcome(article.doc, copy=copy))
        except SitroomError as exc:
            log.info("a batch of %d articles failed as one (%s); writing each", len(todo), exc)
            # What the index and the cache read or wrote went with the savepoint.
            self.duplicates = None
            self.recent = RecentMentions()
            for extraction, article in run:
                if isinstance(extraction, Unparsed):
                    self._fail(article.doc, extraction.reason)
                else:
                    self._write_alone(article, extraction)
            return
        self.tracker |= changed
        self.deferred += deferred
        for outcome in outcomes:
            if outcome.failure is not None:
                self._fail(outcome.doc, outcome.failure)
                continue
            self.summary.new += 1
            self.summary.near_duplicate += outcome.copy
            self.tick(outcome.doc)

    def _write_alone(self, article: Article, extraction: Extraction) -> None:
        """Store, link and resolve one article in a savepoint: a failure leaves none of it."""
        store = self.store
        changed: set[str] = set()
        deferred: list[tuple[str, bool]] = []
        try:
            with store.savepoint():
                result = store.save(article, extraction)
                copy = self._link_and_resolve(
                    article, result, {result.article_id}, changed, deferred
                )
        except SitroomError as exc:
            self._fail(article.doc, str(exc))
            # What the index wrote while it was made went with the rolled-back
            # savepoint: make it again on the next new article.
            self.duplicates = None
            return
        self.tracker |= changed
        self.deferred += deferred
        if result.status == "reprocessed":
            self.summary.reprocessed += 1
        else:
            self.summary.new += 1
            self.summary.near_duplicate += copy
        self.tick(article.doc)

    def _link_and_resolve(
        self,
        article: Article,
        result: SaveResult,
        ahead: set[str],
        changed: set[str],
        deferred: list[tuple[str, bool]],
    ) -> bool:
        """Link a saved article to the originals it copies (a reprocessed one is not linked
        again), then resolve it, or leave it in ``deferred`` for ``resolve_with``; say
        whether it is a near-duplicate copy. ``ahead``: saved articles the near-duplicate
        index, when it is made now, must leave out."""
        store = self.store
        reprocessed = result.status == "reprocessed"
        copy = False
        if not reprocessed:
            if self.duplicates is None:
                self.duplicates = _duplicate_index(store, ahead)
            copy = _link_copies(store, self.duplicates, result.article_id, article.text)
        # After linking copies, so that a copy counts as one source.
        if self.resolve_with is None:
            resolve_article(
                store, result.article_id, self.recent, reprocessed=reprocessed, pending=changed
            )
        else:
            deferred.append((result.article_id, reprocessed))
        return copy

    def _fail(self, doc: str, reason: str) -> None:
        self.summary.failed.append(IngestFailure(doc, reason))
        self.tick(doc)


def _local_extractor(settings: Settings, nlp: Language, resources: Resources | None) -> Extractor:
    """Parse in this process or in ``settings.workers`` parse processes, extract here."""
    res = resources or load_resources(settings)

    def extract(texts: Iterator[tuple[str, Article]]) -> Iterator[Extracted]:
        docs: Iterator[tuple[Doc | Unparsed, Article]]
        if settings.workers:
            # Worker processes parse ahead while this one extracts, stores and resolves.
            docs = parse_in_processes(settings, texts, settings.workers)
        elif budget_interrupts(settings.article_timeout_s):
            # In this thread, where the article budget can interrupt a parse: a text whose
            # parse runs over is skipped with the reason, as a parse process would be.
            docs = parse_in_turn(nlp, texts, settings.article_timeout_s)
        else:
            # In this process, parse in a background thread: spaCy's models spend part of
            # their time in native code that releases the GIL, where extracting and storing
            # one article here overlaps parsing the next ones. The first article is parsed
            # on its own: a batch yields its docs only once all of them are parsed, and
            # until the first doc comes there is nothing to overlap.
            first = _with_contexts(nlp, itertools.islice(texts, 1), 1)
            rest = _with_contexts(nlp, texts, settings.batch_size)
            docs = parse_ahead(itertools.chain(first, rest), ahead=max(2, settings.batch_size))
        for doc, article in docs:
            if isinstance(doc, Unparsed):  # a parse process crashed or ran out of time
                yield doc, article
                continue
            yield extract_parsed(doc, article, res, settings.article_timeout_s), article

    return extract


def extract_parsed(
    doc: Doc, article: Article, res: Resources, timeout_s: float
) -> Extraction | Unparsed:
    """One parsed article's extraction within its time budget, or why it failed."""
    remember_text(doc, article.text)  # the text parsed, not rebuilt
    try:
        with time_budget(timeout_s, "extraction"):
            return _extract(doc, article, res)
    except SitroomError as exc:
        return Unparsed(str(exc))


def _with_contexts(
    nlp: Language, items: Iterator[tuple[str, Article]], batch_size: int
) -> Iterator[tuple[Doc, Article]]:
    """``nlp.pipe(items, as_tuples=True)`` through ``parse_texts`` (memory bounded)."""
    for batch in iter(lambda: list(itertools.islice(items, batch_size)), []):
        docs = parse_texts(nlp, [text for text, _ in batch], batch_size)
        yield from zip(docs, [article for _, article in batch], strict=True)


def _extract(doc: Doc, article: Article, res: Resources) -> Extraction:
    """``extract_article``, with an unforeseen error in a rule raised as this article's failure.

    Extraction is pure: an error there belongs to the one text that tripped it, and the
    run goes on with the next article.
    """
    try:
        return extract_article(doc, article, res)
    except SitroomError:
        raise
    except (ImportError, MemoryError):
        raise  # a broken installation or an exhausted machine is not a bad input
    except Exception as exc:
        log.exception("unexpected error extracting from %s", article.source)
        raise SitroomError(f"cannot extract ({type(exc).__name__}: {exc})") from exc


def _duplicate_index(store: Store, exclude: Collection[str]) -> NearDuplicateIndex:
    """The near-duplicate index over the store's bands (made on a run's first new article).

    Articles stored without bands (before the store kept them) are indexed first, a
    page at a time, so an old store upgrades on its first ingest; ``exclude``, the new
    article and those of its batch saved ahead of their turn, are queried and added by
    ``_link_copies``, each in its turn.
    """
    bands = StoreBands(store)
    index = NearDuplicateIndex(bands=bands)
    added = index.add_many(item for item in bands.unindexed() if item[0] not in exclude)
    if added:
        log.info("indexed %d stored articles for near-duplicate search", added)
    return index


def _link_copies(store: Store, index: NearDuplicateIndex, article_id: str, text: str) -> bool:
    """Link a new article to its near-duplicates and shared paragraphs; True if a copy."""
    copies = [(other, sim) for other, sim in index.query(text) if other != article_id]
    links = [(other, "near-duplicate", sim) for other, sim in copies]
    if not copies:
        links = [
            (shared.article_id, "shared-paragraph", shared.similarity)
            for shared in index.query_paragraphs(text)
        ]
    store.link_many(article_id, links)
    index.add(article_id, text)
    return bool(copies)
