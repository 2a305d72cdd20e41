"""Number formatting, one named filter per kind of figure (used by templates and charts).

52_400_000 → "52.4 million" · 3.14 (a percentage) → "3.1%" · 66.2e9 US$ → "US$ 66.2 billion".
Formatting is locale-aware (Babel) so French and Spanish pages can follow.

Rounding: a figure is rounded once, half up (away from zero), from the digits the data prints (the
shortest decimal of the float, as the CSV holds it): 50.65 → "50.7", 2.25 → "2.3". Shares the importers
compute from counts are stored cut, not rounded (``ingest.common.share``), so that this one rounding is
the rounding of the exact ratio.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_decimal, format_decimal

from .printed import SCALES, Printed
from .text import t

LOCALE = "en"
# Babel rounds with Decimal.quantize, which fails past the context's precision (28 digits by
# default): enough digits for any float, whole part and decimals. Babel converts a float with str() (its
# shortest decimal) and rounds in the current context: half up, as a reader rounds the printed digits.
_PRECISION = 400
_ROUNDING = ROUND_HALF_UP


def _nan(value: float) -> bool:
    """NaN, pandas' missing number. Callers test ``value is None`` first, which narrows the type."""
    return isinstance(value, float) and math.isnan(value)


def number(value: float | None, decimals: int = 0, locale: str = LOCALE) -> str:
    """Plain number with grouping: 1234567 → "1,234,567"."""
    if value is None or _nan(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    with localcontext(prec=_PRECISION, rounding=_ROUNDING):
        return format_decimal(value, format=pattern, locale=locale)


def table_decimals(value: float) -> int:
    """The decimals a chart's data table (and its CSV) shows a number with: none for a whole number or one of
    1,000 and more (whole people, whole US dollars), two below (a share: 55.49)."""
    return 0 if float(value).is_integer() or abs(value) >= 1000 else 2


def plain(value: float, decimals: int) -> str:
    """A number as a CSV holds it: rounded once, half up, no grouping: 1234567.5 → "1234568", 3.14159 → "3.14"."""
    with localcontext(prec=_PRECISION, rounding=_ROUNDING):
        return str(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals)))


def compact(value: float | None, decimals: int = 1, locale: str = LOCALE) -> str:
    """Large numbers in words: 52_400_000 → "52.4 million"; below 100,000 with grouping."""
    if value is None or _nan(value):
        return "–"
    if abs(value) < 100_000:
        return number(value, 0, locale)
    with localcontext(prec=_PRECISION, rounding=_ROUNDING):
        return format_compact_decimal(value, format_type="long", fraction_digits=decimals, locale=locale)


def people(value: float | None, locale: str = LOCALE) -> str:
    return compact(value, 1, locale)


def usd(value: float | None, locale: str = LOCALE) -> str:
    """US dollars: 66.24e9 → "US$ 66.2 billion"."""
    if value is None or _nan(value):
        return "–"
    sign = "-" if value < 0 else ""
    return f"{sign}US$\u00a0{compact(abs(value), 1, locale)}"


def usd_million(value: float | None, locale: str = LOCALE) -> str:
    return usd(None if value is None or _nan(value) else value * 1e6, locale)


def percent(value: float | None, decimals: int = 1, locale: str = LOCALE) -> str:
    """A value already in per cent: 3.14 → "3.1%"; 0.04 → "less than 0.1%" (a positive share is never shown as 0)."""
    if value is None or _nan(value):
        return "–"
    unit = Decimal(1).scaleb(-decimals)
    with localcontext(prec=_PRECISION, rounding=_ROUNDING):
        rounds_to_zero = Decimal(repr(float(value))).quantize(unit) == 0  # as Babel rounds
    if value > 0 and rounds_to_zero:
        return t("numbers.less_than", value=number(float(unit), decimals, locale) + "%")
    return number(value, decimals, locale) + "%"


def year(value: float | None) -> str:
    return "–" if value is None or _nan(value) else str(int(value))


@lru_cache(maxsize=1 << 17)  # charts label every point; the same figures recur across pages
def value(amount: float | None, unit: str, decimals: int = 1, locale: str = LOCALE) -> str:
    """Format ``amount`` by its unit (the ``unit`` of an indicator or a fact)."""
    if unit == "people":
        return people(amount, locale)
    if unit == "usd":
        return usd(amount, locale)
    if unit == "usd_million":
        return usd_million(amount, locale)
    if unit == "percent":
        return percent(amount, decimals, locale)
    if unit == "year":
        return year(amount)
    if unit == "ratio":
        if amount is None or _nan(amount):
            return "–"
        with localcontext(prec=_PRECISION, rounding=_ROUNDING):
            return format_decimal(amount, format="#,##0.##", locale=locale)
    if amount is not None and not _nan(amount) and float(amount).is_integer():
        return number(amount, 0, locale)
    return number(amount, decimals, locale)


def printed_value(amount: float, unit: str, shown: Printed | None, locale: str = LOCALE) -> str:
    """``amount`` at the decimals and scale its source printed ("3,775 million dollars" → "US$ 3,775
    million", "2.90" → "US$ 2.90", "24 percent" → "24%"); by its unit alone when ``shown`` is None."""
    if shown is None or unit == "year":
        return value(amount, unit, locale=locale)
    text = number(amount / shown.scale, shown.decimals, locale)
    if shown.scale > 1:
        text = t("numbers.scaled", value=text, scale=t(f"numbers.scale.{SCALES[shown.scale]}"))
    if unit == "usd":
        return ("-" if amount < 0 else "") + f"US$\u00a0{text.lstrip('-')}"
    return text + "%" if unit == "percent" else text


def ordinal(rank: int, locale: str = LOCALE) -> str:
    """English ordinals: 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd"."""
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank:,}{suffix}"


def date(iso: str, locale: str = LOCALE) -> str:
    """A date of the data in words, at the precision given: "2026-11-23" → "November 23, 2026",
    "2025-12" → "December 2025", "2018" → "2018"."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    day = dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    return format_date(day, "long", locale=locale) if len(parts) > 2 else format_skeleton("yMMMM", day, locale=locale)


FILTERS = {
    "number": number,
    "compact": compact,
    "people": people,
    "usd": usd,
    "usd_million": usd_million,
    "percent": percent,
    "year": year,
    "value": value,
    "ordinal": ordinal,
    "printed_value": printed_value,
    "date": date,
}
