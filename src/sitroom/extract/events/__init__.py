"""Events: who did what to whom, coded in PLOVER and ACLED, with casualties, status and claimant.

Rule-based over the dependency parse, driven by ``data/event_triggers.yaml``.
"""

from __future__ import annotations

from sitroom.extract.events.acled import acled_label
from sitroom.extract.events.extract import extract_events
from sitroom.extract.events.snippets import classify_snippet

VERSION = "events-83"

__all__ = ["VERSION", "acled_label", "classify_snippet", "extract_events"]
