"""Reading the benchmark files: JSON Lines, one record per non-blank line."""

from __future__ import annotations

from pathlib import Path

from sitroom.errors import EvalError


def numbered_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, line) of every non-blank line; EvalError names a file that cannot be read."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")  # not splitlines: U+2028 is text
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot read ({exc})") from exc
    return [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
