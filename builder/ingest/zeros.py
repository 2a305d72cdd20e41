"""Zeros that mean "no estimate" in the World Bank's remittance series (read by ``wdi.py``).

The WDI extract we read (iom/gdidata) holds a 0 where the World Bank has no estimate: its series of
remittances received lists the same 200 economies in every year from 2005 on, and the years an economy
has no estimate hold zeros (Syria from 2011, Iran from 2005, Venezuela from 2017). A figure of exactly zero US$
for a whole economy's year is not a measurement of anything, so each zero is put in one of four
kinds, tried in this order, and each kind is a correction declared in data/corrections/corrections.csv:

``contradicted``
    The World Bank's own bilateral estimates for 2017 (data/indicators/bilateral_remittances_2017.csv,
    imported before this table) show the economy receiving (for remittances received) or sending (for
    remittances paid) at least ``CONTRADICTED_MIN_USD`` in total: the zero contradicts another figure of
    the same publisher. Syria received about US$ 1.6 billion there.
``stopped``
    The series is positive, then zero in every year up to its end: the estimates stopped, not the flows.
``gap``
    A zero before the series' first positive figure or between two positive figures: a year that was
    not (yet) estimated.
``never``
    The series holds zeros only: the economy has no estimate at all.

Every kind is left out of the table (no row, so pages say "no figure"), because none of them can
be told from a missing estimate. A zero could stay only if a source established it as genuine (a
publisher saying the flows were nil); none of the files we import does, so no zero of these
series is kept. The shares of GDP are computed from the cleaned series, so they inherit the rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

# A 2017 bilateral total at least this large (US$) shows that an economy receives or sends remittances.
# The matrix is published in US$ million, so a smaller total is a few rounded model shares, not evidence.
CONTRADICTED_MIN_USD = 1_000_000
KINDS = ("contradicted", "stopped", "gap", "never")  # tried in this order: the first that fits names the zero
BILATERAL = Path("indicators") / "bilateral_remittances_2017.csv"
SIDE = {"remin": "country", "remout": "partner"}  # the column of the bilateral table that receives / sends


@dataclass(frozen=True)
class Zero:
    """One suspicious zero: a country's year in a series, and the kind that explains it."""

    kind: str
    country: str
    year: int


def bilateral_totals(data: Path, var: str) -> dict[str, float]:
    """Each country's 2017 bilateral total as receiver (``remin``) or sender (``remout``); {} without the table."""
    path = data / BILATERAL
    if not path.is_file():
        return {}
    table = pd.read_csv(path, dtype={"country": str, "partner": str})
    return {str(k): float(v) for k, v in table.groupby(SIDE[var])["value"].sum().items()}


def classify(rows: pd.DataFrame, totals: Mapping[str, float]) -> list[Zero]:
    """The suspicious zeros of one series (columns geo, t, v), each with its kind, sorted by country and year."""
    found: list[Zero] = []
    for geo, series in rows.sort_values(["geo", "t"]).groupby("geo", sort=True):
        zeros = series[series["v"] == 0]["t"].astype(int).tolist()
        if not zeros:
            continue
        positive = series[series["v"] > 0]["t"].astype(int)
        last = int(positive.max()) if not positive.empty else None
        for year in zeros:
            found.append(Zero(_kind(str(geo), year, last, totals), str(geo), year))
    return found


def _kind(geo: str, year: int, last_positive: int | None, totals: Mapping[str, float]) -> str:
    if totals.get(geo, 0.0) >= CONTRADICTED_MIN_USD:
        return "contradicted"
    if last_positive is None:
        return "never"
    return "stopped" if year > last_positive else "gap"


def correction_id(var: str, kind: str) -> str:
    """The id of the ledger row that declares the zeros of one kind in one series."""
    return f"wdi-{var}-zero-{kind}"


def location(var: str, zeros: Iterable[Zero]) -> str:
    """"var remin: IRN 2005–2023; SYR 2011–2023" — the countries (ISO3) and years of some zeros of ``var``."""
    years: dict[str, list[int]] = {}
    for z in zeros:
        years.setdefault(z.country, []).append(z.year)
    return f"var {var}: " + "; ".join(f"{geo} {_ranges(sorted(ys))}" for geo, ys in sorted(years.items()))


def _ranges(years: list[int]) -> str:
    """[2005, 2006, 2007, 2013] → "2005–2007, 2013"."""
    parts: list[str] = []
    start = prev = years[0]
    for year in [*years[1:], None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if year is not None:
            start = prev = year
    return ", ".join(parts)
