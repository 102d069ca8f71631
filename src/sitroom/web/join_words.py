"""Why a mention joined its incident, in words, from the resolver's stored reason.

The resolver stores a reason such as ``with event 7aa3…:6561:ASSAULT (000_da0c….txt):
type ASSAULT; mode missile ~ missile; date 2020-10-17 ~ 2020-10; places Ganja ~ Ganja
0 km; actors ARM,AZE`` (``sitroom.resolve.clusters.link_reason``). The incident page
says the same in words, naming the mention it joined by its number on the page:
"with Mention 1 (Mehr News Agency): same type, attack; same kind, missile strike;
dates 17 Oct 2020 and Oct 2020 agree; same place, Ganja; both name Armenia and
Azerbaijan". A reason in any
other form is shown as stored (never guessed at); the stored form stays on hover.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sitroom import labels

_REASON = re.compile(r"with event (?P<key>\S+) \((?P<doc>[^()]*)\): (?P<why>.+)", re.S)
_PLACES = re.compile(r"places (?P<a>.+) ~ (?P<b>.+) (?P<km>\d+) km")


def _part(part: str, type_: str) -> str | None:
    """One clause of a reason in words, None when its form is not known."""
    head, _, rest = part.partition(" ")
    if head == "type":
        return f"same type, {labels.type_label(rest).lower()}"
    if head in ("mode", "date") and " ~ " in rest:
        a, b = rest.split(" ~ ", 1)
        if head == "mode":
            word_a = labels.event_kind(type_, a).lower()
            word_b = labels.event_kind(type_, b).lower()
            return (
                f"same kind, {word_a}" if word_a == word_b else f"kinds {word_a} and {word_b} alike"
            )
        if a == b:
            return f"same date, {labels.date_label(a)}"
        return f"dates {labels.date_label(a)} and {labels.date_label(b)} agree"
    m = _PLACES.fullmatch(part)
    if m:
        if m["a"] == m["b"]:
            return f"same place, {m['a']}"
        return f"places {m['a']} and {m['b']} {m['km']} km apart"
    if part.startswith("same admin area "):
        return f"same region, {part.removeprefix('same admin area ')}"
    if part.startswith("same country "):
        return f"same country, {labels.country_label(part.removeprefix('same country '))}"
    if head == "actors" and rest:
        names = [labels.country_label(c) for c in rest.split(",")]
        return f"both name {labels.join_words(names)}"
    return None


def join_reason_words(reason: str, names_by_key: Mapping[str, str]) -> str | None:
    """A stored join reason in words, or None when its form is not the resolver's.

    ``names_by_key``: the page's name of each mention ("Mention 1 (Mehr News Agency)")
    by its stable key (article id, start offset and type).
    """
    m = _REASON.fullmatch(reason.strip())
    if m is None:
        return None
    type_ = m["key"].rsplit(":", 1)[-1]
    parts = [_part(p.strip(), type_) for p in m["why"].split(";") if p.strip()]
    if not parts or None in parts:
        return None
    who = names_by_key.get(m["key"], f"a mention in {m['doc']}")
    return f"with {who}: " + "; ".join(p for p in parts if p)
