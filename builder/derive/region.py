"""World and region pages: aggregates over time and rankings of their countries."""

from __future__ import annotations

import pandas as pd

from ..catalog import Catalog, Country, Region
from ..charts import recipes
from .common import is_empty, ranking_chart, series_chart, source_note, tile
from .models import PageSection, RegionPage

RANKINGS = (
    ("migrant_stock", "Largest immigrant populations"),
    ("migrant_stock_share_population", "Highest share of immigrants in the population"),
    ("remittances_received", "Largest remittance receivers"),
    ("refugees_hosted", "Largest refugee hosts"),
)


def members(catalog: Catalog, region: Region) -> tuple[Country, ...]:
    if region.level == "world":
        found = list(catalog.countries.values())
    else:
        found = [c for c in catalog.countries.values() if region.id in (c.region, c.subregion)]
    return tuple(sorted(found, key=lambda c: c.name))


def _aggregate_chart(catalog: Catalog, region: Region, ident: str, title: str):
    place = "the world" if region.level == "world" else region.name
    return series_chart(catalog.aggregates.get(ident), region.id, chart_id=f"region-{region.id}-{ident.replace('_', '-')}",
                        title=title, subject=region.name, place=place)


def _refugee_chart(catalog: Catalog, region: Region):
    parts = [("refugees_hosted_regions", "Refugees hosted"), ("asylum_seekers_hosted_regions", "Asylum-seekers hosted")]
    frames, sources = [], []
    for ident, label in parts:
        aggregate = catalog.aggregates.get(ident)
        if aggregate is None:
            continue
        series = aggregate.series(region.id)
        if not is_empty(series):
            frames.append(series.assign(series=label)[["year", "series", "value"]])
            if aggregate.source["attribution"] not in sources:
                sources.append(aggregate.source["attribution"])
    if not frames:
        return None
    return recipes.multi_series(f"region-{region.id}-refugees", pd.concat(frames, ignore_index=True),
                                title="Refugees and asylum-seekers hosted", subject=region.name, place=region.name,
                                unit="people", source="Source: " + "; ".join(sources))


def region_page(catalog: Catalog, region: Region) -> RegionPage:
    countries = members(catalog, region)
    tiles = tuple(t for ident, label in (
        ("migrant_stock_regions", "Immigrants"), ("migrant_stock_share_population_regions",
                                                    "Immigrants, share of population"),
        ("emigrant_stock_regions", "Emigrants from the region"),
        ("refugees_hosted_regions", "Refugees hosted"), ("asylum_seekers_hosted_regions", "Asylum-seekers hosted"),
        ("stateless_hosted_regions", "Stateless people"))
        if (t := tile(catalog, ident, label, region.id, region.name, aggregate=True)))
    stock, note = _aggregate_chart(catalog, region, "migrant_stock_regions", "Immigrants")
    share, share_note = _aggregate_chart(catalog, region, "migrant_stock_share_population_regions",
                                         "Immigrants, share of the population")
    rankings, missing = [], []
    for ident, title in RANKINGS:
        indicator = catalog.indicators.get(ident)
        if indicator is None:
            continue
        chart = ranking_chart(catalog, indicator, countries, f"region-{region.id}-top-{ident.replace('_', '-')}",
                              f"{title}, {region.name}")
        if chart is None:
            missing.append(f"{indicator.source['attribution']} reports no {indicator.short_title.lower()} for the "
                           f"countries of {region.name}.")
        else:
            rankings.append(chart)
    sections = tuple(s for s in (
        PageSection("immigration", "Immigration", charts=tuple(c for c in (stock, share) if c),
                    notes=tuple(n for n in (note, share_note) if n)),
        PageSection("refugees", "Refugees and asylum-seekers",
                    charts=tuple(c for c in (_refugee_chart(catalog, region),) if c),
                    notes=() if catalog.aggregates.get("refugees_hosted_regions") is not None else
                    ("No regional refugee totals are available.",)),
        PageSection("rankings", "Rankings", charts=tuple(rankings), notes=tuple(missing)),
    ) if s.tiles or s.charts or s.notes)
    parent = catalog.regions.get(region.parent or "")
    children = tuple(sorted((r for r in catalog.regions.values() if r.parent == region.id), key=lambda r: r.name))
    used = [catalog.aggregates[i] for i in sorted(catalog.aggregates)]
    used += [catalog.indicators[i] for i, _ in RANKINGS if i in catalog.indicators]
    return RegionPage(f"regions/{region.slug}.md", region, parent, children, countries, tiles, sections,
                      tuple(source_note(i) for i in used))
