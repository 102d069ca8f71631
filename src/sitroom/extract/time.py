"""Temporal expressions for sitroom (public face of ``sitroom.extract.timex``).

``extract_times`` finds and normalises expressions, ``infer_dct`` finds or infers the
publication date, ``event_date`` dates an event from the expressions governing it.
"""

from __future__ import annotations

from sitroom.extract.timex import DctInference, event_date, extract_times, infer_dct

VERSION = "time-21"

__all__ = ["VERSION", "DctInference", "event_date", "extract_times", "infer_dct"]
