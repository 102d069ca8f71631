"""Situation reports (briefs) built from the record, every statement citing its sentences."""

from sitroom.brief.build import Brief, build_brief

__all__ = ["Brief", "build_brief"]
