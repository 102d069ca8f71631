"""Clean an article's text: drop page furniture and repeats, recover paragraphs.

Cleaning removes whole paragraphs (menus, share links, counters, tag lists,
footers), markup residue inside paragraphs (link targets, image paths, emphasis
markers) and repeated paragraphs or sentences (the first copy is kept). It never
rewrites the words of a sentence: every fact later extracted points into the
cleaned text, and the raw input is kept separately, untouched.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from sitroom.ingest.dates import is_meta_line

_SYMBOLS = r"[\W_]*"  # emoji, arrows and bullets that decorate furniture lines
# A link's text opens at an unescaped "[": a match may not start inside a run of "\[",
# where every start would rescan the rest of the run (quadratic on "\[\[\[...").
_MD_LINK = re.compile(r"(?<!\\)\[((?:[^\[\]\\]|\\.)*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")
_ANY_LINK = re.compile(
    r"(?<!\\)\[(?:[^\[\]\\]|\\.)*\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)"
    r"|\(<?(?:[a-z]+://|www\.|/|#)[^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*>?\)?"
    r"|<?(?:https?|viber|tg|mailto)://[^\s<>]+>?"
)
_BARE_LINK_LINE = re.compile(r"\(<?(?:[a-z]+://|www\.|/)[^\s<>]*>?\)?")
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,3}(?=[^\s*])|(?<=[^\s*])\*{1,3}(?![\w*])")
_ESCAPED = re.compile(r"\\([()\[\]*_])")
# A sentence end (with its closing quote or bracket kept on the left) before a
# capital: only used to find repeated sentences, so a rough split is enough.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")
# A run of two or more spaces after a sentence end: where flattened text lost
# its paragraph breaks. Replacing the run keeps every later offset unchanged.
_LOST_BREAK = re.compile(
    r"(?<=[.!?][\"”’)])[ \xa0]{2,}(?=[\"“A-Z])|(?<=[.!?])[ \xa0]{2,}(?=[\"“A-Z])"
)
_DATELINE_PREFIX = re.compile(
    r"^[A-Z][A-Z .'’-]{1,40}(?:,\s*[^–—(\n]{2,40}?)?\s*(?:\([^)]{2,60}\))?\s*[–—-]{1,2}\s+"
)
_WORD = re.compile(r"\w+")
# Over 100 characters without a letter, a digit or a space: markup debris or a separator
# line, never words. Each such character is a token to the parser (a 100 KB run of "[" took
# 30 s to parse), so the run goes with the rest of the markup.
_DEBRIS = re.compile(r"[^\w\s]{101,}")
BYLINE = re.compile(
    r"(?i:by|written by|author|reporting by)\s*:?\s+"
    r"(?P<name>[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|de|van|von|al-?\w*)){0,5})"
    r"(?:\s*[,|–—-]\s*.{0,60})?"
)
_MIN_DEDUP_WORDS = 8
DEDUP_WINDOW = 200
"""Earlier paragraphs a paragraph is looked for in (as a repeat or a part of one): against
all of them, a text of many short distinct lines would cost the square of their number."""


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """Compiled page-furniture patterns (from ``sitroom/data/boilerplate.yaml``)."""

    lines: tuple[re.Pattern[str], ...]
    footer_markers: tuple[re.Pattern[str], ...]
    footer_max_chars: int
    inline: tuple[re.Pattern[str], ...]
    trailers: tuple[re.Pattern[str], ...]

    def is_furniture(self, paragraph: str) -> bool:
        """True when the whole paragraph is page furniture."""
        line = _furniture_candidate(paragraph)
        return line is not None and any(p.fullmatch(line) for p in self.lines)

    def is_footer_marker(self, paragraph: str) -> bool:
        """True when the paragraph starts the page footer."""
        line = _furniture_candidate(paragraph)
        return line is not None and any(p.fullmatch(line) for p in self.footer_markers)


FURNITURE_MAX_CHARS = 1000
"""Paragraphs longer than this are never page furniture (menus, share bars, tag lists are
short), so the line patterns are matched against bounded text only."""
TRAILER_SPAN = 600
"""Characters at the end of the text that trailer patterns look at (a licence or an
editor's initials: each pattern bounds what it matches well below this)."""


def _furniture_candidate(paragraph: str) -> str | None:
    """``paragraph`` with its whitespace runs made single spaces, or None when too long to be
    furniture. A pattern such as ``views?\\s*:?\\s*\\d`` backtracks over every split of a
    long run of spaces; with single spaces and bounded length each match is cheap."""
    if len(paragraph) > FURNITURE_MAX_CHARS:
        return None
    return " ".join(paragraph.split())


def _anchored_whitespace(pattern: str) -> str:
    """A pattern that opens with ``\\s*`` or ``\\s+`` may start only where a run of
    whitespace starts.

    Searched for in a long run of spaces, such a pattern would otherwise start at every
    space of the run and rescan the rest of it each time (quadratic). From the run's
    first space it already finds every match the later starts could, so nothing changes
    but the time.
    """
    if pattern.startswith((r"\s*", r"\s+")):
        return r"(?<!\s)" + pattern
    return pattern


@lru_cache(maxsize=1)
def load_boilerplate() -> Boilerplate:
    """Load and compile the packaged page-furniture patterns."""
    text = resources.files("sitroom.data").joinpath("boilerplate.yaml").read_text("utf-8")
    data = yaml.safe_load(text)

    def line(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
        return tuple(
            re.compile(rf"{_SYMBOLS}(?:{p}){_SYMBOLS}", re.IGNORECASE | re.DOTALL) for p in patterns
        )

    return Boilerplate(
        lines=line(data["line_patterns"]),
        footer_markers=line(data["footer_markers"]),
        footer_max_chars=int(data.get("footer_max_chars", 200)),
        inline=tuple(
            re.compile(_anchored_whitespace(p), re.IGNORECASE) for p in data["inline_patterns"]
        ),
        trailers=tuple(
            re.compile(_anchored_whitespace(p), re.DOTALL) for p in data["trailer_patterns"]
        ),
    )


@dataclass(slots=True)
class Cleaned:
    """The analysed text and what cleaning learned on the way."""

    text: str
    title: str | None
    dropped: int
    """Paragraphs removed as furniture or repeats."""


def split_lost_paragraphs(text: str) -> str:
    """Turn space runs after a sentence end into paragraph breaks, keeping every offset."""
    return _LOST_BREAK.sub(lambda m: "\n" * len(m.group()), text)


def split_paragraphs(text: str) -> list[str]:
    """Split text into paragraphs: blank-line blocks, or lines unless hard-wrapped."""
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t\f\v]*\n", text):
        lines = [ln.strip() for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if not lines:
            continue
        if _hard_wrapped(lines):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return paragraphs


def _hard_wrapped(lines: list[str]) -> bool:
    # Text wrapped at a fixed width: every line but the last is of similar length
    # and the wrapped lines do not end a sentence each.
    if len(lines) < 4:
        return False
    body = lines[:-1]
    lengths = [len(ln) for ln in body]
    if max(lengths) > 100 or min(lengths) < 40 or max(lengths) - min(lengths) > max(lengths) // 3:
        return False
    endings = sum(1 for ln in body if ln.endswith((".", "!", "?", "”", '"')))
    return endings <= len(body) // 2


def _links_only(paragraph: str) -> bool:
    if "://" not in paragraph and "](" not in paragraph and "(/" not in paragraph:
        # no link at all: cheap answer for the ordinary prose paragraph
        return len(paragraph) <= 3 and not any(ch.isalnum() for ch in paragraph)
    rest = _ANY_LINK.sub(" ", paragraph)
    letters = sum(ch.isalnum() for ch in rest)
    return letters == 0 or (len(rest.split()) <= 1 and letters <= 3)


def _strip_markup(paragraph: str, rules: Boilerplate) -> str:
    text = _DEBRIS.sub("", paragraph)
    if "(" in text or "[" in text or "<" in text:  # every inline pattern needs a bracket
        text = _MD_LINK.sub(lambda m: _ESCAPED.sub(r"\1", m.group(1)), text)
        for pattern in rules.inline:
            text = pattern.sub("", text)
    if "*" in text:
        text = _EMPHASIS.sub("", text)
    return text.strip()


def _normalise(text: str) -> str:
    text = _DATELINE_PREFIX.sub("", text)
    return " ".join(_WORD.findall(text.casefold()))


def _looks_like_title(paragraph: str) -> bool:
    words = paragraph.split()
    return (
        0 < len(words) <= 25
        and len(paragraph) <= 200
        and not paragraph.rstrip("\"”’'").endswith((".", ":", ";", ","))
        and _DATELINE_PREFIX.match(paragraph + " ") is None
    )


def _drop_footer(paragraphs: list[str], rules: Boilerplate) -> list[str]:
    # A footer marker in the first third is more likely a misplaced widget than
    # the end of the page; only later markers end the article.
    start = len(paragraphs) // 3
    for i in range(start, len(paragraphs)):
        if rules.is_footer_marker(_strip_markup(paragraphs[i], rules)):
            tail = [p for p in paragraphs[i + 1 :] if len(p) > rules.footer_max_chars]
            return paragraphs[:i] + tail
    return paragraphs


def _drop_anchor_lines(lines: list[str]) -> list[str]:
    # "Headline of another story" directly followed by "(/news/story.html)" is a
    # link to another page: both lines are furniture.
    keep = [True] * len(lines)
    for i, line in enumerate(lines):
        if _BARE_LINK_LINE.fullmatch(line):
            keep[i] = False
            if i > 0 and len(lines[i - 1]) <= 200:
                keep[i - 1] = False
    return [line for line, k in zip(lines, keep, strict=True) if k]


def _strip_trailers(paragraphs: list[str], rules: Boilerplate) -> list[str]:
    while paragraphs:
        # Only the end of the last paragraph can hold a trailer (each is anchored at the
        # end and bounded), so a long paragraph is not scanned from its start.
        cut = max(0, len(paragraphs[-1]) - TRAILER_SPAN)
        head, last = paragraphs[-1][:cut], paragraphs[-1][cut:]
        for pattern in rules.trailers:
            last = pattern.sub("", last)
        last = (head + last).strip()
        if last == paragraphs[-1]:
            break
        if last:
            paragraphs[-1] = last
        else:
            paragraphs.pop()
    return paragraphs


def _dedupe(paragraphs: list[str]) -> list[str]:
    """Drop paragraphs and long sentences already seen earlier (keep the first copy)."""
    seen_paragraphs: deque[str] = deque(maxlen=DEDUP_WINDOW)
    seen_sentences: set[str] = set()
    kept: list[str] = []
    for paragraph in paragraphs:
        norm = _normalise(paragraph)
        if not norm or any(norm in earlier for earlier in seen_paragraphs):
            continue
        sentences = _SENTENCE_END.split(paragraph)
        fresh: list[str] = []
        for sentence in sentences:
            key = _normalise(sentence) if len(sentence.split()) >= _MIN_DEDUP_WORDS else ""
            if len(key.split()) >= _MIN_DEDUP_WORDS:
                if key in seen_sentences:
                    continue
                seen_sentences.add(key)
            fresh.append(sentence)
        if not fresh:
            continue
        if len(fresh) < len(sentences):
            paragraph = " ".join(s.strip() for s in fresh)
        seen_paragraphs.append(norm)
        kept.append(paragraph)
    return kept


def clean_text(body: str, title: str | None = None, rules: Boilerplate | None = None) -> Cleaned:
    """Return the analysed text of ``body``: furniture and repeats removed."""
    rules = rules or load_boilerplate()
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" not in body.strip():
        body = split_lost_paragraphs(body)
    raw_paragraphs = split_paragraphs(body)
    paragraphs: list[str] = []
    for paragraph in _drop_footer(_drop_anchor_lines(raw_paragraphs), rules):
        if _links_only(paragraph):
            continue
        stripped = _strip_markup(paragraph, rules)
        if (
            stripped
            and not rules.is_furniture(stripped)
            and not is_meta_line(stripped)
            and not (len(stripped) <= 100 and BYLINE.fullmatch(stripped))
        ):
            paragraphs.append(stripped)
    paragraphs = _strip_trailers(paragraphs, rules)

    detected = title.strip() if title else None
    if detected is None and paragraphs and _looks_like_title(paragraphs[0]):
        key = _normalise(paragraphs[0])
        following = [p for p in paragraphs[1:] if _normalise(p) != key]
        if following and len(following[0]) > len(paragraphs[0]):
            detected = paragraphs[0]
    if detected:
        key = _normalise(detected)
        while paragraphs and _normalise(paragraphs[0]) == key:
            paragraphs.pop(0)
    kept = _dedupe(paragraphs)
    return Cleaned(text="\n\n".join(kept), title=detected, dropped=len(raw_paragraphs) - len(kept))
