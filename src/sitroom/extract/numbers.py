"""English number words, shared by the casualty and time extractors."""

from __future__ import annotations

_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

CARDINALS: dict[str, int] = {word: value for value, word in enumerate(_ONES)} | {
    word: 10 * k for k, word in enumerate(_TENS, 2)
}
"""Cardinal number words from zero to ninety (compounds like "forty-two" are summed)."""
