"""A time budget for the work done on one article, enforced where Python can enforce it.

Every scan of untrusted text is meant to be linear; the budget is the backstop for what
is not (a rule in a library, a case nobody found): past it, the article is skipped with
a reason and the run goes on, instead of holding the batch and its write lock for hours.

In the main thread a real-time timer (``SIGALRM``) interrupts the work, also inside a
regular expression (the ``re`` engine checks for signals); there ``--workers 0`` parses
each text in turn under it (``sitroom.nlp.pipeline.parse_in_turn``). Elsewhere (a server
ingesting in a worker thread) no signal can reach the code, and the budget is checked
when the step ends. Parsing in worker processes has its own budget: a process over time
is ended and replaced (``sitroom.nlp.pipeline``).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

from sitroom.errors import OverTimeError


def over_time(step: str, seconds: float) -> OverTimeError:
    """The error for an article whose ``step`` ran past ``seconds``."""
    return OverTimeError(f"{step} took over {seconds:g} s (article_timeout_s); skipped")


def budget_interrupts(seconds: float) -> bool:
    """Whether a ``time_budget`` of ``seconds`` opened here interrupts the work it bounds
    (there is a budget, and this is the main thread of a system with real-time timers),
    rather than only telling afterwards that it ran over."""
    return (
        seconds > 0
        and threading.current_thread() is threading.main_thread()
        and hasattr(signal, "setitimer")
    )


@contextlib.contextmanager
def time_budget(seconds: float, step: str) -> Iterator[None]:
    """Raise ``OverTimeError`` when the block runs past ``seconds`` (0: no budget).

    A timer already set (an outer budget, a test runner's) is paused for the block and
    goes on after it.
    """
    if seconds <= 0:
        yield
        return
    if not budget_interrupts(seconds):
        started = time.monotonic()
        yield
        if time.monotonic() - started > seconds:
            raise over_time(step, seconds)
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise over_time(step, seconds)

    # The timer repeats after it first fires: code that catches every exception would
    # swallow one interruption, not each of them.
    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    outer, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds, min(seconds, 0.5))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:  # a timer set outside (a test runner's, an outer budget) goes on
            left = outer - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), outer_interval)
    if time.monotonic() - started > seconds:
        raise over_time(step, seconds)
