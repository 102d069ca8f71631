"""User corrections to incident resolution, as constraints that survive reprocessing.

An override names mentions by a stable key (article id, start offset, type)
rather than by row id, because reprocessing an article replaces its rows.
A merge says every named mention belongs together; a split names two sides
that must stay apart while each side stays together. When two overrides
disagree about a pair of mentions the later one wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from sitroom.query import EventRecord


def mention_key(rec: EventRecord) -> str:
    """A mention's stable key: article id, start offset and type."""
    return f"{rec.article_id}:{rec.event.start}:{rec.event.type}"


@dataclass(frozen=True, slots=True)
class OverrideRow:
    """One stored override line: which override, its kind, a mention and its side."""

    override: int
    kind: str
    """``merge`` or ``split``."""
    mention: str
    side: str = ""
    """For a split: ``a`` (stays) or ``b`` (moves out)."""


class _HasKeys(Protocol):
    def mention_keys(self) -> set[str]: ...


T = TypeVar("T", bound=_HasKeys)


@dataclass(slots=True)
class Constraints:
    """Must-link and cannot-link verdicts between mention keys, latest override winning."""

    verdicts: dict[tuple[str, str], tuple[bool, int]] = field(default_factory=dict)
    """(key, key) sorted -> (same incident?, override number)."""
    partners: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[OverrideRow]) -> Constraints:
        """Build the verdicts from stored override rows (in override order)."""
        groups: dict[int, list[OverrideRow]] = {}
        for r in rows:
            groups.setdefault(r.override, []).append(r)
        out = cls()
        for number in sorted(groups):
            members = groups[number]
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    if a.mention == b.mention:
                        continue
                    same = a.kind == "merge" or a.side == b.side
                    out._set(a.mention, b.mention, same, number)
        return out

    def _set(self, a: str, b: str, same: bool, number: int) -> None:
        pair = (a, b) if a < b else (b, a)
        self.verdicts[pair] = (same, number)
        self.partners.setdefault(a, set()).add(b)
        self.partners.setdefault(b, set()).add(a)

    def _verdict(self, a: str, b: str) -> tuple[bool, int] | None:
        return self.verdicts.get((a, b) if a < b else (b, a))

    def forbids(self, key: str, members: set[str]) -> bool:
        """True when an override keeps ``key`` apart from one of ``members``."""
        for other in self.partners.get(key, ()):
            if other in members:
                v = self._verdict(key, other)
                if v is not None and not v[0]:
                    return True
        return False

    def forced_cluster(self, key: str, placed: Mapping[str, T]) -> T | None:
        """The cluster an override puts ``key`` in (its latest must-link partner's), if placed."""
        best: tuple[int, T] | None = None
        for other in self.partners.get(key, ()):
            v = self._verdict(key, other)
            if v is None or not v[0] or other not in placed:
                continue
            if best is None or v[1] > best[0]:
                best = (v[1], placed[other])
        if best is None:
            return None
        cluster = best[1]
        members = cluster.mention_keys()
        if self.forbids(key, members):
            # A later split outranks the merge that would pull this mention in.
            later = max(
                (self._verdict(key, o) or (True, 0))[1]
                for o in members & self.partners.get(key, set())
            )
            if later > best[0]:
                return None
        return cluster

    def reason(self, key: str, members: set[str]) -> str:
        """Which override put ``key`` with ``members``."""
        numbers = sorted(
            {v[1] for o in members if (v := self._verdict(key, o)) is not None and v[0]}
        )
        return "user override " + ", ".join(f"#{n}" for n in numbers)
