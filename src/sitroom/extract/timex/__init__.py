"""Temporal expressions: recognition, TIMEX3 normalisation, DCT inference, event dates."""

from __future__ import annotations

from sitroom.extract.timex.extractor import extract_times

__all__ = ["extract_times"]
