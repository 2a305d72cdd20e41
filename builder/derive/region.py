"""World and region pages: aggregates over time and rankings of their countries."""

from __future__ import annotations

import pandas as pd

from .. import formatting, routes
from ..catalog import Catalog, Country, Region
from ..charts import recipes
from ..text import t
from .common import (
    EMIGRANT_REGIONS,
    covered_year,
    credited,
    is_empty,
    ranking_chart,
    series_chart,
    source_note,
    tile,
    without_denominator,
    world_unknown_origin,
)
from .models import PageSection, RegionPage

# The indicators ranked on every region page (titles: region_page.rankings.<id> in the string catalogue).
RANKINGS = ("migrant_stock", "migrant_stock_share_population", "remittances_received", "refugees_hosted")


def members(catalog: Catalog, region: Region) -> tuple[Country, ...]:
    if region.level == "world":
        found = list(catalog.countries.values())
    else:
        found = [c for c in catalog.countries.values() if region.id in (c.region, c.subregion)]
    return tuple(sorted(found, key=lambda c: c.name))


def _aggregate_chart(catalog: Catalog, region: Region, ident: str, title: str):
    place = t("region_page.the_world") if region.level == "world" else region.name
    return series_chart(catalog.aggregates.get(ident), region.id, chart_id=f"region-{region.id}-{ident.replace('_', '-')}",
                        title=title, subject=region.name, place=place)


def _refugee_chart(catalog: Catalog, region: Region):
    frames, sources, releases = [], [], []
    for ident in ("refugees_hosted_regions", "asylum_seekers_hosted_regions"):
        label = t(f"region_page.series.{ident}")
        aggregate = catalog.aggregates.get(ident)
        if aggregate is None:
            continue
        series = aggregate.series(region.id)
        if not is_empty(series):
            frames.append(series.assign(series=label)[["year", "series", "value"]])
            releases.append(aggregate.source)
            if aggregate.source["attribution"] not in sources:
                sources.append(aggregate.source["attribution"])
    if not frames:
        return None
    return credited(recipes.multi_series(f"region-{region.id}-refugees", pd.concat(frames, ignore_index=True),
                                         title=t("region_page.charts.refugees"), subject=region.name,
                                         place=region.name, unit="people",
                                         source=t("charts.source", source="; ".join(sources))), *releases)


def _remittances(catalog: Catalog, region: Region, countries: tuple[Country, ...]) -> PageSection | None:
    """Remittances: the release has country figures only, so the section says how many countries report
    and ranks them by share of GDP (the ranking in US$ is under Rankings); it never adds them up."""
    indicator = catalog.indicators.get("remittances_received")
    if indicator is None:
        return None
    codes = {c.iso3 for c in countries}
    data = indicator.data[indicator.data["country"].isin(codes) & indicator.data["value"].notna()]
    if data.empty:
        note = t("region_page.no_ranking", source=indicator.source["attribution"],
                 what=indicator.short_title.lower(), name=region.name)
    else:
        year = int(data["year"].max())
        place = t("region_page.the_world") if region.level == "world" else region.name
        note = t("region_page.remittances_coverage", source=indicator.source["attribution"], name=place,
                 count=int(data[data["year"] == year]["country"].nunique()), total=len(countries), year=year)
    charts, notes = [], [note]
    share = catalog.indicators.get("remittances_received_gdp")
    if share is not None:
        chart = ranking_chart(catalog, share, countries, f"region-{region.id}-top-remittances-received-gdp",
                              f"{t('region_page.rankings.remittances_received_gdp')}, {region.name}")
        charts = [chart] if chart else []
        mine = share.data[share.data["country"].isin(codes)]
        ranked_year = covered_year(mine) if chart and not mine.empty else None
        left_out = without_denominator(catalog, share, ranked_year, countries)
        if left_out:
            notes.append(t("region_page.no_denominator", year=ranked_year, names=", ".join(c.name for c in left_out)))
    return PageSection("remittances", t("region_page.sections.remittances"), charts=tuple(charts), notes=tuple(notes))


def _unknown_note(catalog: Catalog, region: Region) -> str:
    """The world's emigrant total counts the migrants of known origin only: say how many it leaves out."""
    found = world_unknown_origin(catalog, region.id) if region.level == "world" else None
    if found is None:
        return ""
    year, unknown, total = found
    return t("region_page.unknown_origin", count=formatting.people(unknown), year=year,
             share=formatting.percent(unknown / total * 100))


def region_page(catalog: Catalog, region: Region) -> RegionPage:
    countries = members(catalog, region)
    tiles = tuple(found for ident in (
        "migrant_stock_regions", "migrant_stock_share_population_regions", "emigrant_stock_regions",
        "refugees_hosted_regions", "asylum_seekers_hosted_regions", "stateless_hosted_regions")
        if (found := tile(catalog, ident, t(f"region_page.tiles.{ident}"), region.id, region.name, aggregate=True,
                          note=_unknown_note(catalog, region) if ident == EMIGRANT_REGIONS else "")))
    stock, note = _aggregate_chart(catalog, region, "migrant_stock_regions",
                                   t("region_page.charts.migrant_stock_regions"))
    share, share_note = _aggregate_chart(catalog, region, "migrant_stock_share_population_regions",
                                         t("region_page.charts.migrant_stock_share_population_regions"))
    rankings, missing = [], []
    for ident in RANKINGS:
        indicator = catalog.indicators.get(ident)
        if indicator is None:
            continue
        title = t(f"region_page.rankings.{ident}")
        chart = ranking_chart(catalog, indicator, countries, f"region-{region.id}-top-{ident.replace('_', '-')}",
                              f"{title}, {region.name}")
        if chart is None:
            missing.append(t("region_page.no_ranking", source=indicator.source["attribution"],
                             what=indicator.short_title.lower(), name=region.name))
        else:
            rankings.append(chart)
    sections = tuple(s for s in (
        PageSection("immigration", t("region_page.sections.immigration"), charts=tuple(c for c in (stock, share) if c),
                    notes=tuple(n for n in (note, share_note) if n)),
        PageSection("refugees", t("region_page.sections.refugees"),
                    charts=tuple(c for c in (_refugee_chart(catalog, region),) if c),
                    notes=() if catalog.aggregates.get("refugees_hosted_regions") is not None else
                    (t("region_page.no_refugee_totals"),)),
        _remittances(catalog, region, countries),
        PageSection("rankings", t("region_page.sections.rankings"), charts=tuple(rankings), notes=tuple(missing)),
    ) if s and (s.tiles or s.charts or s.notes))
    parent = catalog.regions.get(region.parent or "")
    children = tuple(sorted((r for r in catalog.regions.values() if r.parent == region.id), key=lambda r: r.name))
    used = [catalog.aggregates[i] for i in sorted(catalog.aggregates)]
    used += [catalog.indicators[i] for i in (*RANKINGS, "remittances_received_gdp") if i in catalog.indicators]
    return RegionPage(routes.region(region.slug), region, parent, children, countries, tiles, sections,
                      tuple(source_note(i) for i in used))
