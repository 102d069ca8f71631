"""A light offline language guess: writing system first, then stopword ratios.

Good enough to keep non-English articles away from the English extractors; it
answers ``und`` (undetermined) rather than guess on short or mixed text.
"""

from __future__ import annotations

import re
from collections import Counter

_STOPWORD_TEXT: dict[str, str] = {
    "en": (
        "the of and to in a is that for on was with said as by at it from his has have "
        "are were be this an which not but its their after they had been who will"
    ),
    "fr": (
        "le la les des et un une du de en est que qui dans pour sur par au aux pas "
        "il elle ont été avec ce cette sont ses son"
    ),
    "de": (
        "der die das und ist nicht ein eine den dem des mit von zu auf für sich im "
        "auch es wurde sind bei nach aus wie"
    ),
    "es": (
        "el la los las y de del en que un una por con para es se su al lo como más "
        "pero sus fue ha han"
    ),
    "it": (
        "il la le gli di che e un una per con non sono del della dei nel alla è da "
        "ha anche come più"
    ),
    "pt": (
        "o a os as e de do da dos das em um uma para com não que por se na no foi "
        "mais como ao pelo pela"
    ),
    "nl": ("de het een en van in is dat op te zijn met voor niet die aan er ook als bij door werd"),
    "tr": ("ve bir bu da de ile için olarak olan daha çok ama gibi en ise şu sonra kadar değil"),
    "az": ("və bir bu da də ilə üçün olaraq olan daha çox amma kimi ən isə sonra qədər deyil"),
    "ru": (
        "и в не на что с по как он это из за от к для о но его она было же так "
        "уже или также который"
    ),
    "uk": ("і в не на що з по як він це із за від до для про але його вона було та також який є"),
    "ar": ("في من على أن إلى عن التي الذي مع هذا هذه كان قد لا ما"),
    "fa": ("و در به از که این را با است برای آن یک می شد ها تا"),
}
_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split()) for lang, words in _STOPWORD_TEXT.items()
}
# Writing systems by Unicode block, and the languages each one leaves open.
_SCRIPTS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(f"[{ranges}]"), langs)
    for ranges, langs in (
        ("A-Za-z\u00c0-\u024f", ("en", "fr", "de", "es", "it", "pt", "nl", "tr", "az")),
        ("\u0400-\u04ff", ("ru", "uk")),
        ("\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff", ("ar", "fa")),
        ("\u0530-\u058f", ("hy",)),
        ("\u10a0-\u10ff", ("ka",)),
        ("\u0590-\u05ff", ("he",)),
        ("\u0370-\u03ff", ("el",)),
        ("\u3040-\u30ff", ("ja",)),
        ("\uac00-\ud7af", ("ko",)),
        ("\u4e00-\u9fff", ("zh",)),
        ("\u0e00-\u0e7f", ("th",)),
        ("\u0900-\u097f", ("hi",)),
    )
)
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_TOKEN = re.compile(r"\w+", re.UNICODE)
_SAMPLE = 3000
_MIN_WORDS = 8


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or ``und`` when it cannot tell."""
    sample = text[:_SAMPLE]
    # Fast path for the common case, Latin script: count ASCII letters with
    # bytes.translate; everything not ASCII bounds the letters of other scripts.
    ascii_part = sample.encode("ascii", "ignore")
    ascii_letters = len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS))
    other = len(sample) - len(ascii_part)
    if ascii_letters and ascii_letters >= 0.6 * (ascii_letters + other):
        candidates: tuple[str, ...] = _SCRIPTS[0][1]
    else:
        total = sum(map(str.isalpha, sample))
        if total == 0:
            return "und"
        count, candidates = max(
            ((pattern.subn("", sample)[1], langs) for pattern, langs in _SCRIPTS),
            key=lambda c: c[0],
        )
        if count < 0.6 * total:
            return "und"
    script_is_arabic = candidates == ("ar", "fa")
    if len(candidates) == 1:
        return candidates[0]
    if script_is_arabic and any(ch in sample for ch in "پچژگ"):
        return "fa"
    words = Counter(_TOKEN.findall(sample.casefold()))
    n_words = sum(words.values())
    if n_words < _MIN_WORDS:
        return "und"
    ratios = {
        lang: sum(words[w] for w in _STOPWORDS[lang] if w in words) / n_words for lang in candidates
    }
    best = max(ratios, key=lambda lang: ratios[lang])
    return best if ratios[best] >= 0.05 else "und"
