"""Stage 3 — derive: from the catalog, the model of every page (pure; no I/O).

Each page model lists exactly what its page shows, so a page's inputs are explicit.
"""

from __future__ import annotations

from dataclasses import replace

from .. import routes
from ..catalog import Catalog
from ..text import t
from .common import FISCAL_YEAR_LAG, INCOME_GROUP, SectionFinder
from .country import country_page
from .evidence import agency_pages, disagreements, document_pages, theme_pages
from .home import home_page
from .indicator import indicator_pages, theme_map
from .models import (
    AgencyPage,
    CitedFact,
    CitedStatement,
    CountryPage,
    Disagreement,
    DocumentPage,
    IndexPage,
    Link,
    PageSection,
    RegionPage,
    Site,
    SourceNote,
    ThemePage,
    Tile,
)
from .reference import reference_pages
from .region import region_page

__all__ = ["derive", "AgencyPage", "CitedFact", "CitedStatement", "CountryPage", "Disagreement", "DocumentPage",
           "IndexPage", "Link", "PageSection", "RegionPage", "Site", "SourceNote", "ThemePage", "Tile"]

# The columns of the countries table (labels: countries_index.columns.<id> in the string catalogue).
INDEX_COLUMNS = ("migrant_stock", "migrant_stock_share_population", "emigrant_stock", "refugees_hosted",
                 "remittances_received", "income_group")
REGION_ORDER = {"world": 0, "region": 1, "subregion": 2}


def _index_column(catalog: Catalog, ident: str) -> tuple[str, str, str, str]:
    """(indicator, header, sort kind, the note most rows share) of a column of the countries table. The income
    group's header names the fiscal year of the current classification; a row classified otherwise (no longer
    classified) shows its own note."""
    indicator = catalog.indicators[ident]
    if ident == INCOME_GROUP and not indicator.data.empty:
        fiscal_year = int(indicator.data["year"].max()) + FISCAL_YEAR_LAG
        return (ident, t("countries_index.columns.income_group_fy", fiscal_year=fiscal_year), "text",
                t("income_group.tile_current", fiscal_year=fiscal_year))
    return ident, t(f"countries_index.columns.{ident}"), "text" if indicator.unit == "text" else "number", ""


def derive(catalog: Catalog) -> Site:
    finder = SectionFinder(catalog.sections)
    by_country: dict[str, list] = {}
    for fact in catalog.facts:
        for code in {c for c in (fact.country, fact.partner) if c}:
            by_country.setdefault(code, []).append(fact)
    countries = tuple(country_page(catalog, c, tuple(by_country.get(c.iso3, ())), finder)
                      for c in sorted(catalog.countries.values(), key=lambda c: c.slug))
    regions = tuple(region_page(catalog, r) for r in sorted(catalog.regions.values(),
                                                            key=lambda r: (REGION_ORDER[r.level], r.name)))
    agencies = agency_pages(catalog, finder)
    themes = theme_pages(catalog, finder)
    documents = document_pages(catalog, finder)
    indicators = indicator_pages(catalog)
    disagreeing = disagreements(catalog, finder)
    themes = tuple(replace(page, map=theme_map(page.theme, indicators)) for page in themes)
    columns = tuple(_index_column(catalog, i) for i in INDEX_COLUMNS if i in catalog.indicators)
    indexes = (
        IndexPage(routes.index("countries"), "countries", countries, {"columns": columns}),
        IndexPage(routes.index("regions"), "regions", regions),
        IndexPage(routes.index("agencies"), "agencies", agencies),
        IndexPage(routes.index("themes"), "themes", themes),
        IndexPage(routes.index("indicators"), "indicators", indicators, {"themes": catalog.themes}),
        IndexPage(routes.index("sources"), "sources", tuple(sorted(catalog.documents.values(), key=lambda d: d.id)),
                  {"indicators": tuple(sorted([*catalog.indicators.values(), *catalog.aggregates.values()],
                                              key=lambda i: i.id)),
                   "corrections": catalog.corrections, "disagreements": disagreeing}),
    )
    return Site(countries, regions, agencies, themes, documents, indexes, catalog, indicators,
                reference_pages(catalog, disagreeing), home=home_page(catalog, next(
                    (p.map for p in indicators if p.indicator.id == "migrant_stock"), None)),
                disagreements=disagreeing)
