"""A light offline language guess: writing system first, then stopword ratios.

Good enough to keep non-English articles away from the English extractors; it
answers ``und`` (undetermined) rather than guess on short or mixed text.
"""

from __future__ import annotations

import re
import unicodedata
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
# Scripts that settle the language (or the candidates) on their own.
_SCRIPT_LANGS: dict[str, tuple[str, ...]] = {
    "ARMENIAN": ("hy",),
    "GEORGIAN": ("ka",),
    "HEBREW": ("he",),
    "GREEK": ("el",),
    "HANGUL": ("ko",),
    "HIRAGANA": ("ja",),
    "KATAKANA": ("ja",),
    "CJK": ("zh",),
    "THAI": ("th",),
    "DEVANAGARI": ("hi",),
    "CYRILLIC": ("ru", "uk"),
    "ARABIC": ("ar", "fa"),
    "LATIN": ("en", "fr", "de", "es", "it", "pt", "nl", "tr", "az"),
}
_TOKEN = re.compile(r"\w+", re.UNICODE)
_SAMPLE = 5000
_MIN_WORDS = 8


def _script(ch: str) -> str:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return ""
    first = name.split(" ", 1)[0]
    return "CJK" if first.startswith("CJK") else first


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or ``und`` when it cannot tell."""
    sample = text[:_SAMPLE]
    scripts = Counter(_script(ch) for ch in sample if ch.isalpha())
    if not scripts:
        return "und"
    script, count = scripts.most_common(1)[0]
    if count < 0.6 * sum(scripts.values()):
        return "und"
    candidates = _SCRIPT_LANGS.get(script)
    if not candidates:
        return "und"
    if len(candidates) == 1:
        return candidates[0]
    if script == "ARABIC" and any(ch in sample for ch in "پچژگ"):
        return "fa"
    words = [w.casefold() for w in _TOKEN.findall(sample)]
    if len(words) < _MIN_WORDS:
        return "und"
    ratios = {
        lang: sum(1 for w in words if w in _STOPWORDS[lang]) / len(words) for lang in candidates
    }
    best = max(ratios, key=lambda lang: ratios[lang])
    return best if ratios[best] >= 0.05 else "und"
