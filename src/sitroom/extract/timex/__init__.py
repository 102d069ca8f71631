"""Temporal expressions: recognition, TIMEX3 normalisation, DCT inference, event dates."""

from __future__ import annotations

from sitroom.extract.timex.dct import DctInference, infer_dct
from sitroom.extract.timex.event_date import event_date
from sitroom.extract.timex.extractor import extract_times

__all__ = ["DctInference", "event_date", "extract_times", "infer_dct"]
