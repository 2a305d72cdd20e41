"""Indicator pages: one per indicator table of data/, across every country.

Each page model holds raw values and ids (formatting happens in the template): the reference
year, the ranking of every country with a figure for it, the countries whose newest figure is
older, the countries with none, the world and regional totals where the source (or a sum that
covers every country) gives them, related indicators, corrections and downloads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pandas as pd

from .. import routes
from ..catalog import Catalog, Country, Indicator, Theme
from ..charts import maps
from ..charts.maps import MapSpec
from ..text import t
from . import flags
from .common import (
    FISCAL_YEAR_LAG,
    INCOME_GROUP,
    SHARE_OF,
    WORLD_MAP,
    covered_year,
    credited,
    income_group,
    series_chart,
    source_line,
    source_note,
    without_denominator,
)
from .models import Corridor, IndicatorPage, RankRow, RegionValue

CORRIDORS = 50  # the largest corridors shown on the page of a bilateral table


def reference_year(indicator: Indicator) -> int | None:
    """The newest year that most countries report (the year of the ranking and the map)."""
    data = indicator.data
    if data.empty:
        return None
    return covered_year(data, indicator.key)


def _rows(catalog: Catalog, indicator: Indicator, year: int) -> tuple[tuple[RankRow, ...], tuple[RankRow, ...],
                                                                      tuple[Country, ...]]:
    """(ranked in ``year``, newest figure from another year, no figure at all) for every country."""
    data = indicator.data
    in_year = data[data["year"] == year].set_index("country")["value"]
    numeric = indicator.unit != "text"
    if numeric:
        in_year = in_year.sort_values(ascending=False, kind="stable")
    ranked: list[RankRow] = []
    previous, rank = None, 0
    for position, (iso3, value) in enumerate(in_year.items(), start=1):
        if numeric and value != previous:  # ties share a rank (1, 2, 2, 4)
            rank, previous = position, value
        ranked.append(RankRow(catalog.countries[str(iso3)], value, year, rank if numeric else None))
    if not numeric:
        ranked.sort(key=lambda r: (str(r.value), r.country.name))
    shown = set(in_year.index)
    older, none = [], []
    for country in sorted(catalog.countries.values(), key=lambda c: c.name):
        if country.iso3 in shown:
            continue
        latest = indicator.latest(country.iso3)
        if latest is None:
            none.append(country)
        else:
            older.append(RankRow(country, latest[1], latest[0], None))
    older.sort(key=lambda r: (-(r.year or 0), r.country.name))
    return tuple(ranked), tuple(older), tuple(none)


def _corridors(catalog: Catalog, indicator: Indicator, year: int) -> tuple[Corridor, ...]:
    rows = indicator.data[indicator.data["year"] == year].sort_values(["value", "country", "partner"],
                                                                     ascending=[False, True, True])
    top = rows.head(CORRIDORS)
    return tuple(Corridor(catalog.countries[str(c)], catalog.countries[str(p)], float(v), year, i)
                 for i, (c, p, v) in enumerate(zip(top["country"], top["partner"], top["value"], strict=True), start=1))


def _regions(catalog: Catalog, aggregate: Indicator | None) -> tuple[RegionValue, ...]:
    if aggregate is None:
        return ()
    out = []
    for region in sorted(catalog.regions.values(), key=lambda r: ({"world": 0, "region": 1}.get(r.level, 2),
                                                                    r.parent or "", r.name)):
        latest = aggregate.latest(region.id)
        if latest is not None:
            out.append(RegionValue(region, latest[1], latest[0]))
    return tuple(out)


def _coverage(indicator: Indicator) -> dict[str, int]:
    data = indicator.data
    if data.empty:
        return {"countries": 0, "first": 0, "last": 0}
    return {"countries": int(data["country"].nunique()), "first": int(data["year"].min()),
            "last": int(data["year"].max())}


def _related(catalog: Catalog, indicator: Indicator) -> tuple[Indicator, ...]:
    mine = set(indicator.themes)
    others = [i for i in catalog.indicators.values() if i.id != indicator.id and mine & set(i.themes)]
    return tuple(sorted(others, key=lambda i: (-len(mine & set(i.themes)), i.title)))


def _map(catalog: Catalog, indicator: Indicator, year: int | None, bilateral: bool) -> tuple[MapSpec | None, str]:
    """The world map of the reference year, or the sentence saying why there is none."""
    world = catalog.maps.get(WORLD_MAP)
    if world is None or year is None or bilateral:
        return None, ""
    if indicator.unit == "text" and not indicator.categories:
        return None, t("indicator_page.no_map_text")
    names = {iso3: c.name for iso3, c in catalog.countries.items()}
    spec = maps.choropleth(f"indicator-{indicator.id.replace('_', '-')}-map", indicator.data, world, names,
                           year=year, title=t("indicator_page.map_title", what=indicator.short_title, year=year),
                           what=indicator.short_title, unit=indicator.unit, source=source_line(indicator),
                           categories=indicator.categories)
    return credited(spec, indicator.source), ""


def _income_notes(catalog: Catalog, indicator: Indicator, year: int | None,
                  older: tuple[RankRow, ...]) -> list[str]:
    """The income group's fiscal year, and every country the World Bank no longer classifies."""
    if indicator.id != INCOME_GROUP or year is None:
        return []
    notes = [t("income_group.indicator_intro", year=year, fiscal_year=year + FISCAL_YEAR_LAG)]
    for row in older:
        found = income_group(catalog, row.country.iso3)
        if found is not None and not found.current:
            notes.append(t("income_group.indicator_former", name=row.country.name, group=found.group,
                           fiscal_year=found.fiscal_year, since=found.since))
    return notes


def _without_denominator(catalog: Catalog, indicator: Indicator, year: int | None) -> list[str]:
    """The sentence naming the countries a share ranking leaves out because its denominator is missing."""
    counts = catalog.indicators.get(SHARE_OF.get(indicator.id, ""))
    left_out = without_denominator(catalog, indicator, year)
    if counts is None or year is None or not left_out:
        return []
    return [t("indicator_page.no_denominator", count=len(left_out), year=year, what=counts.short_title.lower(),
              names=", ".join(c.name for c in left_out))]


def indicator_page(catalog: Catalog, indicator: Indicator) -> IndicatorPage:
    aggregate = catalog.aggregates.get(indicator.id + routes.AGGREGATE_SUFFIX)
    year = reference_year(indicator)
    bilateral = "partner" in indicator.data
    ranked: tuple[RankRow, ...] = ()
    older: tuple[RankRow, ...] = ()
    none: tuple[Country, ...] = ()
    corridors: tuple[Corridor, ...] = ()
    if year is not None and bilateral:
        corridors = _corridors(catalog, indicator, year)
    elif year is not None:
        ranked, older, none = _rows(catalog, indicator, year)
    trend, trend_missing = (None, "")
    world = catalog.regions.get("world")
    if aggregate is not None and world is not None:
        trend, trend_missing = series_chart(
            aggregate, world.id, chart_id=f"indicator-{indicator.id.replace('_', '-')}-world",
            title=t("indicator_page.world_trend", what=indicator.short_title), subject=world.name, place=world.name)
    world_map, map_missing = _map(catalog, indicator, year, bilateral)
    groups = Counter(str(r.value) for r in ranked) if indicator.unit == "text" else Counter()
    return IndicatorPage(
        path=routes.indicator(indicator.id), indicator=indicator, aggregate=aggregate, year=year, ranked=ranked,
        older=older, no_data=none, corridors=corridors, coverage=_coverage(indicator),
        regions=_regions(catalog, aggregate), trend=trend, trend_missing=trend_missing,
        related=_related(catalog, indicator),
        corrections=tuple(c for c in catalog.corrections if indicator.id in c.indicators),
        groups=tuple(sorted(groups.items())), source=source_note(indicator), map=world_map, map_missing=map_missing,
        terms=tuple(g for g in catalog.glossary if indicator.id in g.indicators),
        notes=tuple(_income_notes(catalog, indicator, year, older) + _without_denominator(catalog, indicator, year)
                    + flags.flagged(catalog, indicator.id)))


def theme_map(theme: Theme, pages: Iterable[IndicatorPage]) -> MapSpec | None:
    """The world map that fits a theme: of the indicators filed first under it (else under it at all), the
    one that covers the most countries, a figure before a classification; None when no indicator of the theme
    has a map."""
    candidates = [p for p in pages if p.map is not None and theme.id in p.indicator.themes]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: (p.indicator.themes[0] != theme.id, p.indicator.unit == "text",
                                          -p.coverage["countries"], p.indicator.id))
    return best.map


def indicator_pages(catalog: Catalog) -> tuple[IndicatorPage, ...]:
    return tuple(indicator_page(catalog, i) for i in sorted(catalog.indicators.values(), key=lambda i: i.title))


def by_theme(pages: Iterable[IndicatorPage]) -> dict[str, list[IndicatorPage]]:
    """Theme id → its indicator pages (for the index and the theme pages)."""
    out: dict[str, list[IndicatorPage]] = {}
    for page in pages:
        for theme in page.indicator.themes:
            out.setdefault(theme, []).append(page)
    return out


def frame_of(page: IndicatorPage) -> pd.DataFrame:
    """The ranking as a table (country iso3, value, year, rank), for tests and downloads."""
    return pd.DataFrame([(r.country.iso3, r.value, r.year, r.rank) for r in (*page.ranked, *page.older)],
                        columns=["country", "value", "year", "rank"])
