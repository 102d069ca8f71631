"""Parse and extract on a Ray cluster: a pool of actors, each with the pipeline loaded once.

``sitroom ingest --engine ray`` hands ``sitroom.process.ingest`` a ``RayPool`` as its
extractor. The driver reads and decides which inputs to analyse as the one-machine path
does; the texts go to the actors in shards, and the extractions come back in input order,
so the driver stores, links copies and resolves incidents exactly as the one-machine path
does, through the same functions, and the store ends the same.

The actors only compute: nothing they do touches the store. A worker killed mid-run loses
nothing, because Ray restarts its actor (which loads the pipeline again) and resubmits the
shards it held; and it duplicates nothing, because the driver writes each article once,
when its shard comes back: new articles a few at a time together (``Store.save_many``,
one COPY per table on PostgreSQL) inside the store's batch transactions, so a driver
killed mid-batch leaves the batches committed before it and nothing of its own, and a
re-run stores the rest (an article is keyed by its content hash: saved again, it
replaces, never adds). The actors start with the first shard: a run over inputs all
stored already starts none. A shard that fails even so (an
article that kills its worker each time) is retried an article at a time, and the
articles that still fail are reported as failed, with the reason, as a parse process that
crashes on one is on the one-machine path.

Incident resolution runs per block (``sitroom.resolve.blocks``): the driver stores and
links a commit batch, splits it into blocks of articles that cannot see each other's
incidents, loads each round's neighbourhoods and hands them to Ray actors that run the
pure core (``decide_article``); the driver writes the diffs. Only reading and writing the store
stay in the driver.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sitroom.config import Settings
from sitroom.errors import ConfigError
from sitroom.model import Article, Extraction
from sitroom.nlp.pipeline import Unparsed
from sitroom.process import Extracted
from sitroom.resolve.blocks import resolve_batch
from sitroom.resolve.core import Decision, Neighbourhood, decide_article
from sitroom.resolve.incidents import RecentMentions
from sitroom.store import Store

log = logging.getLogger(__name__)

SHARD_ARTICLES = 16
"""Articles sent to an actor in one call (one ``nlp.pipe`` batch there)."""
SHARDS_AHEAD = 2
"""Shards in flight per actor: one parsing while the next waits, so an actor never idles."""
TASK_RETRIES = 3
"""Times Ray resubmits a shard whose actor died, before it is retried article by article."""


def import_ray() -> Any:
    """The ``ray`` module, or an error that says how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise ConfigError(
            "--engine ray needs Ray: pip install 'sitroom[ray]' "
            "(on every machine of the cluster, with the same Python and sitroom)"
        ) from exc
    return ray


@contextlib.contextmanager
def ray_runtime(address: str | None = None, cpus: int | None = None) -> Iterator[Any]:
    """Connect to the Ray cluster at ``address``, or start a local runtime on this machine.

    The local runtime has ``cpus`` (default: the machine's cores), no dashboard and no usage
    statistics, and needs no network; it is shut down when the block ends. A runtime this
    process had already joined is used as it is, and left running.
    """
    ray = import_ray()
    if ray.is_initialized():
        yield ray
        return
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    options: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.WARNING,
        "configure_logging": False,
    }
    try:
        if address:
            ray.init(address=address, **options)
        else:
            # "local": a runtime of its own, never another one found on this machine.
            ray.init(address="local", num_cpus=cpus or os.cpu_count() or 1, **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = address or "a local runtime"
        raise ConfigError(f"cannot start Ray on {where}: {exc}") from exc
    try:
        yield ray
    finally:
        ray.shutdown()


class _Extractor:
    """A Ray actor: the spaCy pipeline and the gazetteer, loaded once, applied to shards."""

    def __init__(self, settings: Settings) -> None:
        from sitroom.nlp.pipeline import load_pipeline
        from sitroom.process import load_resources

        self.settings = settings
        self.nlp = load_pipeline(settings)
        self.resources = load_resources(settings)

    def pid(self) -> int:
        """This actor's process id (tests kill it)."""
        return os.getpid()

    def node(self) -> str:
        """The id of the Ray node this actor runs on."""
        import ray

        return str(ray.get_runtime_context().get_node_id())

    def extract(self, articles: list[Article]) -> list[Extraction | Unparsed]:
        """Parse the articles as one batch and extract each, in order."""
        from sitroom.nlp.pipeline import parse_texts
        from sitroom.process import extract_parsed

        docs = parse_texts(self.nlp, [a.text for a in articles], len(articles))
        return [
            extract_parsed(doc, article, self.resources, self.settings.article_timeout_s)
            for doc, article in zip(docs, articles, strict=True)
        ]


class _Decider:
    """A Ray actor that runs the pure resolution core (``decide_article``) on neighbourhoods.

    An actor, not a task: with every CPU held by the extraction actors, Ray would start
    (and soon end) a worker process for each task, which cost seconds a round.
    """

    def decide(self, neighbourhoods: list[Neighbourhood]) -> list[Decision]:
        """``decide_article`` on each neighbourhood, in order."""
        return [decide_article(nb) for nb in neighbourhoods]


@dataclass(slots=True)
class _Shard:
    articles: list[Article]
    actor: Any
    ref: Any


class RayPool:
    """``workers`` extraction actors on the Ray cluster this process has joined.

    Calling the pool with (text, article) pairs yields (extraction or failure, article)
    pairs in the same order, with at most ``SHARDS_AHEAD`` shards in flight per actor, so
    memory stays flat in the number of inputs.
    """

    def __init__(
        self,
        ray: Any,
        settings: Settings,
        workers: int | None = None,
        shard: int = SHARD_ARTICLES,
    ) -> None:
        self.ray = ray
        self.settings = settings
        self.shard = shard
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.size = max(1, workers or cpus)
        self.actors: list[Any] = []
        self.deciders: list[Any] = []

    def start(self) -> None:
        """Start the actors, unless they are up (done on the first shard: a run that finds
        every input stored already starts none, and loads no pipeline)."""
        if self.actors:
            return
        ray = self.ray
        remote = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=TASK_RETRIES)(_Extractor)
        self.actors = [remote.remote(self.settings) for _ in range(self.size)]
        # No CPU reserved: the extraction actors hold every one, and deciding is short (the
        # driver waits for it). Started now, so that they are up when the first batch is.
        decider = ray.remote(num_cpus=0, max_restarts=-1, max_task_retries=TASK_RETRIES)(_Decider)
        self.deciders = [decider.remote() for _ in range(self.size)]

    def pids(self) -> list[int]:
        """The process ids of the actors (started, and each with its pipeline loaded)."""
        self.start()
        return [int(p) for p in self.ray.get([a.pid.remote() for a in self.actors])]

    def decide(self, neighbourhoods: Sequence[Neighbourhood]) -> list[Decision]:
        """``decide_article`` on each neighbourhood, split among ``size`` decider actors."""
        if not neighbourhoods:
            return []
        self.start()
        n = min(self.size, len(neighbourhoods))
        step = -(-len(neighbourhoods) // n)
        chunks = [list(neighbourhoods[i : i + step]) for i in range(0, len(neighbourhoods), step)]
        calls = [d.decide.remote(c) for d, c in zip(self.deciders, chunks, strict=False)]
        return [d for chunk in self.ray.get(calls) for d in chunk]

    def resolve(
        self,
        store: Store,
        batch: Sequence[tuple[str, bool]],
        recent: RecentMentions | None,
        pending: set[str],
    ) -> None:
        """Resolve a stored batch block by block, the blocks' decisions in the decider actors
        (``sitroom.process.BatchResolver``)."""
        resolve_batch(store, batch, recent, pending, decide=self.decide)

    def close(self) -> None:
        """End the actors."""
        for actor in self.actors + self.deciders:
            self.ray.kill(actor, no_restart=True)
        self.actors = []
        self.deciders = []

    def __call__(self, texts: Iterator[tuple[str, Article]]) -> Iterator[Extracted]:
        pending: collections.deque[_Shard] = collections.deque()
        load: dict[int, int] = {}
        shards = _shards(texts, self.shard)
        limit = self.size * SHARDS_AHEAD
        more = True
        while more or pending:
            while more and len(pending) < limit:
                articles = next(shards, None)
                if articles is None:
                    more = False
                    break
                if not load:
                    self.start()
                    load = {id(a): 0 for a in self.actors}
                actor = min(self.actors, key=lambda a: load[id(a)])
                load[id(actor)] += 1
                pending.append(_Shard(articles, actor, actor.extract.remote(_light(articles))))
            if not pending:
                break
            shard = pending.popleft()
            load[id(shard.actor)] -= 1
            yield from zip(self._results(shard), shard.articles, strict=True)

    def _results(self, shard: _Shard) -> list[Extraction | Unparsed]:
        try:
            return list(self.ray.get(shard.ref))
        except self.ray.exceptions.RayError as exc:
            n = len(shard.articles)
            log.warning("a shard of %d articles failed (%s); retrying each", n, exc)
        results: list[Extraction | Unparsed] = []
        for article in shard.articles:
            try:
                results.extend(self.ray.get(shard.actor.extract.remote(_light([article]))))
            except self.ray.exceptions.RayError as exc:
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
                results.append(Unparsed(f"a Ray worker failed on it ({reason})"))
        return results


def _light(articles: list[Article]) -> list[Article]:
    """The articles without their raw input, which extraction does not read."""
    return [replace(a, raw="") for a in articles]


def _shards(items: Iterator[tuple[str, Article]], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for _text, article in items:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextlib.contextmanager
def ray_extractor(
    settings: Settings,
    *,
    address: str | None = None,
    workers: int | None = None,
    shard: int = SHARD_ARTICLES,
) -> Iterator[RayPool]:
    """A ``RayPool`` on the cluster at ``address`` (or a local runtime), ended afterwards."""
    with ray_runtime(address) as ray:
        pool = RayPool(ray, settings, workers, shard)
        try:
            yield pool
        finally:
            pool.close()
