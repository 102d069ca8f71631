"""Normalise place names so that spelling variants share one lookup key."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose but English spellings render plainly
# (Azerbaijani ə and ı, Polish ł, Nordic ø): "Kəlbəcər" and "Kelbecer" should meet.
_FOLD = str.maketrans(
    {"ə": "a", "ı": "i", "ł": "l", "ø": "o", "æ": "ae", "đ": "d", "ħ": "h", "þ": "th"}
)
_DROP = re.compile(r"[.\u2019\u2018'`ʼʻ\u02bf\u02be\"]")
_SPACE = re.compile(r"[\s\-\u2010-\u2015_/,]+")
_LEADING_THE = "the "


def normalize_name(name: str) -> str:
    """Lookup key for a place name: case, accents, dots, apostrophes and hyphens folded."""
    text = name.casefold()
    if not text.isascii():  # most names are plain ASCII: skip the Unicode work for them
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.translate(_FOLD)
    text = _DROP.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    if text.startswith(_LEADING_THE):
        text = text[len(_LEADING_THE) :]
    return text


def has_latin_letter(text: str) -> bool:
    """True when ``text`` contains an ASCII letter (after folding accents)."""
    return any("a" <= ch <= "z" for ch in text)
