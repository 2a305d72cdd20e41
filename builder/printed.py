"""A fact's figure at the precision its source prints (``as_written``), never more, never less.

The value columns of a fact are normalised numbers (``1.25 million`` → 1250000, ``.440`` → 0.44);
``as_written`` keeps how the source printed them. This module reads the printed precision back:
how many decimals, at what scale ("million", "billion"), or whether the source gave the amount in
words only ("a few hundred dollars", "one-third", "the 1990s"), which the page then repeats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# A printed number: "1,475", "2.90", ".013", "008" (a decimal point lost in print), "1990".
_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?|\.\d+)")
_DECADE = re.compile(r"\b\d{3}0s\b")
# Words that name an order of magnitude, not an amount: the page says them as printed, with no
# qualifier in front ("thousands", not "at least thousands").
VAGUE = re.compile(r"\b(few|several|dozens?|tens|hundreds|thousands|millions|billions|mid|early|late)\b", re.IGNORECASE)
SCALES = {1: "", 10**3: "thousand", 10**6: "million", 10**9: "billion", 10**12: "trillion"}

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}


@dataclass(frozen=True)
class Printed:
    """How one number of a fact is printed: its decimals and scale (3.775e9 as "3,775 million": 0, 10**6)."""

    decimals: int
    scale: int


def _tokens(as_written: str) -> list[str]:
    return _NUMBER.findall(as_written)


def _decimals(token: str) -> int:
    if "." in token:
        return len(token.split(".")[1])
    if len(token) > 1 and token.startswith("0"):  # "008": the point was lost in print, the digits are decimals
        return len(token)
    return 0


def _mantissa(token: str) -> Decimal:
    if len(token) > 1 and token.startswith("0") and "." not in token:
        return Decimal("0." + token)
    return Decimal(token.replace(",", ""))


def printed(amount: float, as_written: str) -> Printed | None:
    """The printed form of ``amount`` in ``as_written``: the number printed for it and the scale
    that turns that number into the amount; None when no printed number gives it."""
    target = abs(Decimal(repr(float(amount))))
    if not _tokens(as_written) and cardinal(as_written) == amount:  # "two", "a hundred percent", "two million"
        words = as_written.lower()
        scale = max((s for s, w in SCALES.items() if w and w in words and amount % s == 0), default=1)
        return Printed(0, scale)
    for token in _tokens(as_written):
        mantissa = _mantissa(token)
        for scale in SCALES:
            if mantissa * scale == target:
                return Printed(_decimals(token), scale)
    return None


def cardinal(words: str) -> int | None:
    """A whole number written in words at the start of ``words`` ("Fifty-two" → 52, "two million
    years" → 2000000, "a year" → 1); None when it does not start with one."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", words.strip().lower()):
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in ("a", "an") and not seen:
            current = 1
        elif word == "hundred" and seen:
            current = max(current, 1) * 100
        elif word in ("thousand", "million", "billion") and seen:
            total += max(current, 1) * {"thousand": 10**3, "million": 10**6, "billion": 10**9}[word]
            current = 0
        else:
            break
        seen = True
    return total + current if seen else None


def in_words(as_written: str, amounts: tuple[float, ...]) -> bool:
    """True when the source gives the figure in words that no number can stand for at the same
    precision: "a few hundred dollars", "one-third" (not 33.3), "the 1990s" (not 1990)."""
    if _DECADE.search(as_written):
        return True
    if _tokens(as_written):
        return False
    if VAGUE.search(as_written):
        return True
    return not (len(amounts) == 1 and cardinal(as_written) == amounts[0])


def vague(as_written: str) -> bool:
    """Words that already bound the amount ("thousands", "mid-1990s"): no qualifier goes in front."""
    return bool(VAGUE.search(as_written)) and not (_tokens(as_written) and not _DECADE.search(as_written))


def as_words(as_written: str) -> str:
    """``as_written`` as a figure: its first letter in lower case ("Thousands" → "thousands")."""
    text = as_written.strip()
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text
