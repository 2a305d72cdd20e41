"""Helpers shared by the page derivations: tiles, source notes, rankings, missing sentences."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, TypeVar

import pandas as pd

from .. import formatting
from ..catalog import Catalog, Country, Indicator, Section
from ..charts import recipes
from ..charts.recipes import ChartSpec
from ..text import t
from .models import IncomeGroup, SourceNote, Tile

RANKED_UNITS = ("people", "usd")  # units where more is plainly more: world ranks of tiles, ranking charts
COVERED = 0.8  # a well-covered year: at least this share of the best-covered year's countries report
WORLD_MAP = "world_110m"  # the map table of data/maps/ that world and locator maps draw on


def covered_year(data: pd.DataFrame, key: str = "country") -> int:
    """The newest year that most of ``data``'s countries (or regions) report: rankings and maps use it."""
    counts = data.groupby("year")[key].nunique()
    return int(counts[counts >= COVERED * counts.max()].index.max())


def stale(indicator: Indicator, year: int) -> int | None:
    """The indicator's well-covered year when ``year`` is older than it, else None.

    The one rule for a stale figure: a country's latest figure is stale when it is older than the
    newest year that most countries report (``covered_year``), so a tile from 2012 beside others
    from 2024 says so in words."""
    data = indicator.data
    if data.empty or year >= int(data["year"].max()):  # the newest year is never stale (and costs no groupby)
        return None
    covered = covered_year(data, indicator.key)
    return covered if year < covered else None


YEARS = r"\d{4}(?:–\d{4})?"  # "2005" or "2005–2023", as the importers list the cells of a correction


def corrected_years(location: str, key: str) -> set[int]:
    """The years a correction's location gives for ``key`` (ISO3), written "IRN 2005–2023; SYR 2011, 2013"."""
    found = re.search(rf"\b{re.escape(key)} ({YEARS}(?:, {YEARS})*)", location)
    years: set[int] = set()
    for part in found.group(1).split(", ") if found else ():
        first, _, last = part.partition("–")
        years.update(range(int(first), int(last or first) + 1))
    return years


def correction_for(catalog: Catalog, ident: str, key: str, after: int | None = None) -> str:
    """The id of the first declared correction of indicator ``ident`` that left out figures of ``key``
    (after the year ``after`` when given): it explains why a tile has no (later) figure; "" when none does."""
    for c in catalog.corrections:
        years = corrected_years(c.location, key) if ident in c.indicators else set()
        if years and (after is None or max(years) > after):
            return c.id
    return ""
INCOME_GROUP = "income_group"
FISCAL_YEAR_LAG = 2  # the World Bank's FYnn classification rests on GNI data of year nn - 2 (income_group.meta.yml)


def income_group(catalog: Catalog, iso3: str) -> IncomeGroup | None:
    """The newest income group of ``iso3`` and its fiscal year; not current when the World Bank classified
    the country in an earlier year but not in the table's newest one (Venezuela since FY2022)."""
    indicator = catalog.indicators.get(INCOME_GROUP)
    found = latest(indicator, iso3)
    if indicator is None or found is None:
        return None
    year, group = found
    newest = int(indicator.data["year"].max())
    current = year >= newest
    return IncomeGroup(str(group), year, year + FISCAL_YEAR_LAG, current,
                       None if current else year + FISCAL_YEAR_LAG + 1)


STOCK, BILATERAL = "migrant_stock", "bilateral_migrant_stock"
STOCK_REGIONS, EMIGRANT_REGIONS = "migrant_stock_regions", "emigrant_stock_regions"


def unknown_origin(catalog: Catalog, iso3: str, year: int) -> tuple[float, float] | None:
    """(immigrants of other or unknown origin, all immigrants) of ``iso3`` in ``year``: the total stock less the
    origins the bilateral table lists (UN DESA's origin 'OOO', which the table has no row for); None when there
    are none or a table is missing."""
    stock, bilateral = catalog.indicators.get(STOCK), catalog.indicators.get(BILATERAL)
    if stock is None or bilateral is None:
        return None
    series = stock.series(iso3)
    totals = series[series["year"] == year]["value"]
    if totals.empty:
        return None
    total = float(totals.iloc[0])
    listed = bilateral.series(iso3)
    unknown = total - float(listed[listed["year"] == year]["value"].sum())
    return (unknown, total) if unknown > 0 else None


def world_unknown_origin(catalog: Catalog, world: str = "world") -> tuple[int, float, float] | None:
    """(year, migrants of no known origin, all migrants) of the world's newest year: the world's immigrants less
    its emigrants, who are the migrants whose origin is known."""
    stock, emigrants = catalog.aggregates.get(STOCK_REGIONS), catalog.aggregates.get(EMIGRANT_REGIONS)
    if stock is None or emigrants is None:
        return None
    found = latest(emigrants, world)
    if found is None or isinstance(found[1], str):
        return None
    year, known = found[0], float(found[1])
    series = stock.series(world)
    totals = series[series["year"] == year]["value"]
    if totals.empty or float(totals.iloc[0]) <= known:
        return None
    total = float(totals.iloc[0])
    return year, total - known, total


# A share → the count it divides: a country with the count in a year but no share lacks the denominator (GDP,
# population, a total stock of 0), and a ranking of the share names it instead of leaving it out silently.
SHARE_OF = {"remittances_received_gdp": "remittances_received", "migrant_stock_female_share": "migrant_stock",
            "migrant_stock_share_population": "migrant_stock_2020"}


def without_denominator(catalog: Catalog, share: Indicator, year: int | None,
                        members: Iterable[Country] | None = None) -> list[Country]:
    """The countries (of ``members``, or all) with a positive count but no share in ``year``, by name."""
    counts = catalog.indicators.get(SHARE_OF.get(share.id, ""))
    if counts is None or year is None:
        return []
    data = counts.data
    having = set(data[(data["year"] == year) & (data["value"] > 0)]["country"])
    if members is not None:
        having &= {c.iso3 for c in members}
    ranked = set(share.data[share.data["year"] == year]["country"])
    return sorted((catalog.countries[c] for c in having - ranked if c in catalog.countries), key=lambda c: c.name)


def source_line(indicator: Indicator) -> str:
    return t("charts.source", source=indicator.source["attribution"])


C = TypeVar("C", bound=ChartSpec)


def credited(chart: C, *sources: dict[str, Any]) -> C:
    """``chart`` with the release of each of its sources (a sidecar's ``source`` block; the same release once), for
    the source line under it and the source and edition columns of its CSV."""
    credits = tuple(dict.fromkeys(recipes.Credit.of(s) for s in sources))
    return replace(chart, credits=credits)


def source_note(indicator: Indicator) -> SourceNote:
    s = indicator.source
    return SourceNote(indicator.id, indicator.title, indicator.description, indicator.unit, s["citation"], s["url"],
                      s["licence"]["name"], s["licence"]["url"], indicator.processing["notes"])


def fmt(indicator: Indicator, amount: float | str) -> str:
    if isinstance(amount, str):
        return amount
    return formatting.value(amount, indicator.unit, indicator.decimals)


def latest(indicator: Indicator | None, key: str) -> tuple[int, float | str] | None:
    return None if indicator is None else indicator.latest(key)


def tile(catalog: Catalog, ident: str, label: str, key: str, place: str, *, aggregate: bool = False,
         note: str = "") -> Tile | None:
    """The headline tile of ``ident`` for ``key`` (an ISO3 code or a region id); None without the indicator."""
    indicator = (catalog.aggregates if aggregate else catalog.indicators).get(ident)
    if indicator is None:
        return None
    found = latest(indicator, key)
    anchor = ident.replace("_", "-")
    attribution = indicator.source["attribution"]
    if found is None:
        return Tile(anchor, label, None, None, attribution, indicator.id,
                    missing=t("tiles.missing", source=attribution, place=place), note=note,
                    correction="" if aggregate else correction_for(catalog, indicator.id, key))
    year, value = found
    raw = None if isinstance(value, str) else value
    covered = stale(indicator, year)
    correction = "" if aggregate or covered is None else correction_for(catalog, indicator.id, key, after=year)
    if covered is not None and raw == 0:  # "UNHCR reports no refugees hosted since 2012", never "0 (2012)"
        return Tile(anchor, label, None, None, attribution, indicator.id, note=note, correction=correction,
                    missing=t("tiles.none_since", source=attribution, what=_what(indicator), place=place, year=year))
    old = "" if covered is None else t("tiles.stale", source=attribution, place=place, year=year, covered=covered)
    # a rank helps where more is plainly more: counts of people and amounts of money that cannot be negative
    # (not shares: "160th of 233" for the share of women among immigrants tells a reader nothing)
    numbers = pd.api.types.is_numeric_dtype(indicator.data["value"])
    rankable = numbers and indicator.unit in RANKED_UNITS and indicator.data["value"].min() >= 0
    ranked = indicator.rank(key, year) if rankable and not aggregate else None
    rank, count = ranked if ranked else (None, 0)
    return Tile(anchor, label, fmt(indicator, value), year, attribution, indicator.id, note=note, raw=raw,
                rank=rank, ranked=count, stale=old, correction=correction)


def is_empty(series: pd.DataFrame) -> bool:
    return series.empty or bool((series["value"] == 0).all())


def _what(indicator: Indicator) -> str:
    """"refugees hosted": the short title as it reads inside a sentence."""
    return indicator.short_title[0].lower() + indicator.short_title[1:]


def missing_sentence(indicator: Indicator, place: str, series: pd.DataFrame | None = None) -> str:
    """"UNHCR (2025) reports no refugees hosted for Andorra." — said, not hidden."""
    what = _what(indicator)
    source = indicator.source["attribution"]
    if series is not None and not series.empty:
        return t("missing.series_years", source=source, what=what, place=place,
                 start=int(series["year"].min()), end=int(series["year"].max()))
    return t("missing.series", source=source, what=what, place=place)


def series_chart(indicator: Indicator | None, key: str, *, chart_id: str, title: str, subject: str, place: str,
                 preposition: str = "in") -> tuple[ChartSpec | None, str]:
    """The time series of ``key`` (a country or region) in ``indicator``, or the sentence saying it is missing."""
    if indicator is None:
        return None, ""
    series = indicator.series(key)
    if is_empty(series):
        return None, missing_sentence(indicator, subject, series)
    chart = recipes.time_series(chart_id, series, title=title, subject=subject, what=indicator.short_title,
                                place=place, unit=indicator.unit, source=source_line(indicator),
                                preposition=preposition)
    return credited(replace(chart, indicators=(indicator.id,)), indicator.source), ""


def ranking_chart(catalog: Catalog, indicator: Indicator, members: Iterable[Country], chart_id: str, title: str,
                  top: int = 10) -> ChartSpec | None:
    """Largest values among ``members`` in the latest year most of them report."""
    codes = {c.iso3 for c in members}
    data = indicator.data[indicator.data["country"].isin(codes)]
    if data.empty:
        return None
    year = covered_year(data)
    rows = data[(data["year"] == year) & (data["value"] > 0)].copy()
    if rows.empty:
        return None
    rows["name"] = [catalog.countries[c].name for c in rows["country"]]
    return credited(recipes.ranking(chart_id, rows[["name", "value"]], title=f"{title}, {year}",
                                    what=indicator.short_title, unit=indicator.unit, year=year,
                                    source=source_line(indicator), top=top), indicator.source)


class SectionFinder:
    """The paper or section of a source document that contains a given line."""

    def __init__(self, sections: Iterable[Section]):
        self._by_doc: dict[str, list[Section]] = {}
        for section in sorted(sections, key=lambda s: (s.document, s.line)):
            self._by_doc.setdefault(section.document, []).append(section)
        self._lines = {doc: [s.line for s in items] for doc, items in self._by_doc.items()}

    def find(self, document: str, line: int) -> Section | None:
        lines = self._lines.get(document)
        if not lines:
            return None
        i = bisect.bisect_right(lines, line) - 1
        return self._by_doc[document][i] if i >= 0 else None
