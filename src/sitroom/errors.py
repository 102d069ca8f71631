"""One exception hierarchy for sitroom; messages name the input and the fix."""

from __future__ import annotations


class SitroomError(Exception):
    """Base class for every error sitroom raises on purpose."""


class ConfigError(SitroomError):
    """A setting is missing or invalid."""


class InputError(SitroomError):
    """An input could not be read or parsed; names the input and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class OverTimeError(SitroomError):
    """One article took longer than its time budget (``article_timeout_s``) and is skipped."""


class StoreError(SitroomError):
    """The database could not be opened, migrated or written."""


class ModelError(SitroomError):
    """The spaCy model or another packaged resource could not be loaded."""


class EvalError(SitroomError):
    """A gold or benchmark file is malformed."""


class ExportError(SitroomError):
    """An export cannot be written as asked (format, level, filters or output path)."""
