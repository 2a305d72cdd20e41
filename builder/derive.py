"""Stage 3 — derive: from the catalog, the model of every page (pure; no I/O).

Each page model lists exactly what its page shows — headline figures, chart specs (from the
pure recipes), facts, statements — so a page's inputs are explicit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from . import formatting
from .catalog import Agency, Catalog, Country, Document, Fact, Indicator, Statement, Theme
from .charts import recipes
from .charts.recipes import ChartSpec

# Headline figures of a country page, in order: (indicator id, label).
HEADLINES = (
    ("migrant_stock", "Immigrants"),
    ("migrant_stock_female_share", "Women among immigrants"),
    ("emigrant_stock", "Emigrants living abroad"),
    ("refugees_hosted", "Refugees hosted"),
    ("refugees_by_origin", "Refugees from the country"),
    ("remittances_received", "Remittances received"),
    ("remittances_received_gdp", "Remittances received (% of GDP)"),
    ("population", "Population"),
)
# Charts of a country page: (indicator id, chart title).
COUNTRY_CHARTS = (
    ("migrant_stock", "Immigrants"),
    ("emigrant_stock", "Emigrants living abroad"),
    ("refugees_hosted", "Refugees hosted"),
    ("remittances_received", "Remittances received"),
)
# Columns of the countries index: (indicator id, label).
INDEX_COLUMNS = (
    ("migrant_stock", "Immigrants"),
    ("emigrant_stock", "Emigrants"),
    ("refugees_hosted", "Refugees hosted"),
    ("remittances_received", "Remittances received"),
)
# Ranking charts on theme pages: theme id → indicator ids.
THEME_RANKINGS = {
    "remittances": ("remittances_received",),
    "refugees": ("refugees_hosted", "refugees_by_origin"),
    "diasporas": ("emigrant_stock",),
    "migration-data": ("migrant_stock",),
}


@dataclass(frozen=True)
class Headline:
    indicator: str
    label: str
    value: str | None  # formatted, None when the source has no figure
    year: int | None
    source: str  # attribution, e.g. "UN DESA (2024)"
    missing: str  # the sentence shown instead when value is None


@dataclass(frozen=True)
class SourceNote:
    indicator: str
    title: str
    citation: str
    url: str
    licence: str
    licence_url: str
    processing: str


@dataclass(frozen=True)
class CountryPage:
    path: str  # output path inside the docs dir, e.g. countries/mexico.md
    country: Country
    region: str
    subregion: str
    headlines: tuple[Headline, ...]
    charts: tuple[ChartSpec, ...]
    missing_charts: tuple[str, ...]
    facts: tuple[Fact, ...]
    sources: tuple[SourceNote, ...]


@dataclass(frozen=True)
class AgencyPage:
    path: str
    agency: Agency
    parent: Agency | None
    children: tuple[Agency, ...]
    statements: dict[str, tuple[Statement, ...]]  # by kind
    facts: tuple[Fact, ...]
    themes: tuple[Theme, ...]


@dataclass(frozen=True)
class ThemePage:
    path: str
    theme: Theme
    statements: tuple[Statement, ...]
    facts: tuple[Fact, ...]
    agencies: tuple[Agency, ...]
    charts: tuple[ChartSpec, ...]
    sources: tuple[SourceNote, ...]


@dataclass(frozen=True)
class DocumentPage:
    path: str
    document: Document
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class IndexPage:
    path: str
    kind: str  # countries | agencies | themes | sources
    rows: tuple[Any, ...]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Site:
    countries: tuple[CountryPage, ...]
    agencies: tuple[AgencyPage, ...]
    themes: tuple[ThemePage, ...]
    documents: tuple[DocumentPage, ...]
    indexes: tuple[IndexPage, ...]
    catalog: Catalog

    def fact_homes(self) -> dict[str, str]:
        """Fact id → the page (under sources/) that lists it with all its document's facts."""
        return {f.id: p.path for p in self.documents for f in p.facts}

    def charts(self) -> list[ChartSpec]:
        out = [c for p in self.countries for c in p.charts] + [c for p in self.themes for c in p.charts]
        return sorted(out, key=lambda c: c.id)


def source_line(indicator: Indicator) -> str:
    return f"Source: {indicator.source['attribution']}"


def source_note(indicator: Indicator) -> SourceNote:
    s = indicator.source
    return SourceNote(indicator.id, indicator.title, s["citation"], s["url"], s["licence"]["name"],
                      s["licence"]["url"], indicator.processing["notes"])


def _headline(indicator: Indicator | None, ident: str, label: str, country: Country) -> Headline | None:
    if indicator is None:
        return None
    latest = indicator.latest(country.iso3)
    if latest is None:
        attribution = indicator.source["attribution"]
        return Headline(ident, label, None, None, attribution,
                        f"{attribution} reports no figure for {country.name}.")
    year, amount = latest
    return Headline(ident, label, formatting.value(amount, indicator.unit, indicator.decimals), year,
                    indicator.source["attribution"], "")


def country_page(catalog: Catalog, country: Country, facts: tuple[Fact, ...]) -> CountryPage:
    indicators = catalog.indicators
    headlines = tuple(h for ident, label in HEADLINES
                      if (h := _headline(indicators.get(ident), ident, label, country)) is not None)
    charts, missing = [], []
    for ident, title in COUNTRY_CHARTS:
        indicator = indicators.get(ident)
        if indicator is None:
            continue
        series = indicator.series(country.iso3)
        if series.empty or (series["value"] == 0).all():
            missing.append(f"{indicator.source['attribution']} reports no figure on "
                           f"{indicator.short_title.lower()} for {country.name}.")
            continue
        charts.append(recipes.time_series(
            f"country-{country.iso3.lower()}-{ident.replace('_', '-')}", series, title=f"{title}, {country.name}",
            what=indicator.short_title, place=country.name, unit=indicator.unit, source=source_line(indicator)))
    used = {h.indicator for h in headlines} | {ident for ident, _ in COUNTRY_CHARTS}
    sources = tuple(source_note(indicators[i]) for i in sorted(used) if i in indicators)
    region = catalog.regions.get(country.region or "")
    subregion = catalog.regions.get(country.subregion or "")
    return CountryPage(f"countries/{country.slug}.md", country, region.name if region else "",
                       subregion.name if subregion else "", headlines, tuple(charts), tuple(missing), facts, sources)


def _ranking(catalog: Catalog, indicator: Indicator, theme: Theme) -> ChartSpec | None:
    data = indicator.data
    if data.empty:
        return None
    year = int(data.groupby("year")["country"].nunique().loc[lambda s: s >= 0.8 * s.max()].index.max())
    rows = data[data["year"] == year].copy()
    rows["name"] = [catalog.countries[c].name for c in rows["country"]]
    return recipes.ranking(f"theme-{theme.id}-{indicator.id.replace('_', '-')}", rows[["name", "value"]],
                           title=f"{indicator.title}: largest, {year}", what=indicator.short_title,
                           unit=indicator.unit, year=year, source=source_line(indicator))


def _by(items: list[Any], key: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for item in items:
        for k in key(item):
            out.setdefault(k, []).append(item)
    return out


def derive(catalog: Catalog) -> Site:
    facts = list(catalog.facts)
    facts_by_country = _by(facts, lambda f: [c for c in (f.country, f.partner) if c])
    facts_by_agency = _by(facts, lambda f: [f.agency] if f.agency else [])
    facts_by_theme = _by(facts, lambda f: list(f.themes))
    statements_by_subject = _by(list(catalog.statements), lambda s: [s.subject])

    countries = tuple(country_page(catalog, c, tuple(facts_by_country.get(c.iso3, ())))
                      for c in sorted(catalog.countries.values(), key=lambda c: c.slug))
    agencies = []
    for agency in sorted(catalog.agencies.values(), key=lambda a: a.id):
        statements = statements_by_subject.get(f"agency:{agency.id}", [])
        grouped = {kind: tuple(s for s in statements if s.kind == kind)
                   for kind in ("mandate", "activity", "data", "publication", "contribution", "finding")}
        agencies.append(AgencyPage(
            f"agencies/{agency.slug}.md", agency, catalog.agencies.get(agency.parent or ""),
            tuple(a for a in sorted(catalog.agencies.values(), key=lambda a: a.name) if a.parent == agency.id),
            {k: v for k, v in grouped.items() if v}, tuple(facts_by_agency.get(agency.id, ())),
            tuple(catalog.themes[t] for t in agency.themes if t in catalog.themes)))
    themes = []
    for theme in sorted(catalog.themes.values(), key=lambda t: t.id):
        charts = tuple(c for i in THEME_RANKINGS.get(theme.id, ()) if i in catalog.indicators
                       and (c := _ranking(catalog, catalog.indicators[i], theme)) is not None)
        notes = tuple(source_note(catalog.indicators[i]) for i in THEME_RANKINGS.get(theme.id, ())
                      if i in catalog.indicators)
        themes.append(ThemePage(
            f"themes/{theme.slug}.md", theme, tuple(statements_by_subject.get(f"theme:{theme.id}", ())),
            tuple(facts_by_theme.get(theme.id, ())),
            tuple(a for a in sorted(catalog.agencies.values(), key=lambda a: a.name) if theme.id in a.themes),
            charts, notes))
    documents = tuple(
        DocumentPage(f"sources/{d.id}.md", d, tuple(f for f in facts if f.document == d.id))
        for d in sorted(catalog.documents.values(), key=lambda d: d.id) if d.kind == "document")
    indexes = (
        IndexPage("countries/index.md", "countries", countries,
                  {"columns": tuple((i, label) for i, label in INDEX_COLUMNS if i in catalog.indicators)}),
        IndexPage("agencies/index.md", "agencies", tuple(agencies)),
        IndexPage("themes/index.md", "themes", tuple(themes)),
        IndexPage("sources/index.md", "sources", tuple(sorted(catalog.documents.values(), key=lambda d: d.id)),
                  {"indicators": tuple(sorted(catalog.indicators.values(), key=lambda i: i.id))}),
    )
    return Site(countries, tuple(agencies), tuple(themes), documents, indexes, catalog)


def frame_to_csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")
