"""Page models: exactly what each page shows. Built by the derive stage, read by templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..catalog import (
    Agency,
    Catalog,
    Correction,
    Country,
    Document,
    Fact,
    GlossaryTerm,
    Indicator,
    Region,
    Section,
    SourceTable,
    Statement,
    Theme,
)
from ..charts.maps import MapSpec
from ..charts.recipes import ChartSpec


@dataclass(frozen=True)
class Tile:
    """A headline figure: its value with year and source, or a sentence saying it is missing."""

    id: str  # anchor: #figure-<id>
    label: str
    value: str | None
    year: int | None
    source: str  # attribution, e.g. "UN DESA (2024)"
    indicator: str  # indicator id (link to its definition)
    missing: str = ""
    note: str = ""  # e.g. "2020 edition"
    raw: float | None = None  # the unformatted value, for sorting
    rank: int | None = None  # the country's rank in the world in ``year`` (counts and amounts only)
    ranked: int = 0  # how many countries have a figure that year
    stale: str = ""  # says that the figure is older than most countries' (derive.common.stale), and since when
    correction: str = ""  # id of the correction that explains a missing or stale figure (its anchor on the sources page)


@dataclass(frozen=True)
class IncomeGroup:
    """A country's newest World Bank income group, with the fiscal year of its classification."""

    group: str  # "Upper-middle income"
    year: int  # the year of the GNI data it rests on (the table's year)
    fiscal_year: int  # the World Bank fiscal year it applies to (year + 2: 2023 data → FY2025)
    current: bool  # classified in the table's newest year; False: no longer classified
    since: int | None = None  # not current: the first fiscal year without a classification


@dataclass(frozen=True)
class Link:
    label: str
    path: str  # docs-relative Markdown path, e.g. countries/mexico.md
    note: str = ""


@dataclass(frozen=True)
class PageSection:
    """One section of a country or region page. Never empty: it has content or says what is missing."""

    id: str
    title: str
    tiles: tuple[Tile, ...] = ()
    charts: tuple[ChartSpec, ...] = ()
    notes: tuple[str, ...] = ()  # sentences: what is missing, caveats
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class SourceNote:
    indicator: str
    title: str
    description: str
    unit: str
    citation: str
    url: str
    licence: str
    licence_url: str
    processing: str


@dataclass(frozen=True)
class RankRow:
    """One country on an indicator page: its figure (raw), the year, its rank in the reference year."""

    country: Country
    value: float | str
    year: int
    rank: int | None  # None: text values, or a figure of another year than the reference year


@dataclass(frozen=True)
class Corridor:
    """One cell of a bilateral table: ``country`` (destination or receiver) and ``partner``."""

    country: Country
    partner: Country
    value: float
    year: int
    rank: int


@dataclass(frozen=True)
class RegionValue:
    region: Region
    value: float | str
    year: int


@dataclass(frozen=True)
class IndicatorPage:
    """An indicator across every country: definition, source, ranking, totals, related indicators."""

    path: str
    indicator: Indicator
    aggregate: Indicator | None  # its world-and-regions table, when the source (or a full sum) gives one
    year: int | None  # the reference year: the newest year most countries report
    ranked: tuple[RankRow, ...]  # countries with a figure in ``year``, by rank
    older: tuple[RankRow, ...]  # countries whose newest figure is from another year
    no_data: tuple[Country, ...]
    corridors: tuple[Corridor, ...]  # bilateral tables: the largest corridors of ``year``
    coverage: dict[str, int]  # countries, first and last year
    regions: tuple[RegionValue, ...]
    trend: ChartSpec | None  # the world total over time
    trend_missing: str
    related: tuple[Indicator, ...]
    corrections: tuple[Correction, ...]
    groups: tuple[tuple[str, int], ...]  # text indicators (income group): how many countries per value
    source: SourceNote
    map: MapSpec | None = None  # the world map of ``year``
    map_missing: str = ""  # why there is none, in words
    terms: tuple[GlossaryTerm, ...] = ()  # the glossary terms this table measures
    notes: tuple[str, ...] = ()  # sentences on what the ranking leaves out or flags (no longer classified, …)

    @property
    def headline_chart(self) -> ChartSpec | None:
        """The chart that stands for the page in a link preview (og:image): the world map, else the trend."""
        return self.map or self.trend


@dataclass(frozen=True)
class CitedFact:
    """A fact with the paper or section it comes from (for the source line)."""

    fact: Fact
    section: Section | None


@dataclass(frozen=True)
class EvidenceGroup:
    """The facts of one source document on a page, in document order, its details apart (folded away)."""

    document: str  # document id
    facts: tuple[CitedFact, ...]  # its findings and context not among the key findings
    details: tuple[CitedFact, ...]  # salience "detail": case studies, worked examples


@dataclass(frozen=True)
class Evidence:
    """A page's facts, findings first (derive/findings.py): the key findings, then the rest by document."""

    key: tuple[CitedFact, ...] = ()
    groups: tuple[EvidenceGroup, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.key or self.groups)


@dataclass(frozen=True)
class Disagreement:
    """Two facts giving different figures for the same thing; recorded on both sides (validated),
    listed once, in document order."""

    first: CitedFact
    second: CitedFact


@dataclass(frozen=True)
class CountryPage:
    path: str
    country: Country
    region: Region | None
    subregion: Region | None
    income_group: IncomeGroup | None
    tiles: tuple[Tile, ...]
    sections: tuple[PageSection, ...]
    facts: tuple[CitedFact, ...]
    themes: tuple[Theme, ...]
    agencies: tuple[Agency, ...]
    related: tuple[Link, ...]
    sources: tuple[SourceNote, ...]
    locator: MapSpec | None = None  # the country in its sub-region; None when the world map cannot draw it
    evidence: Evidence = Evidence()  # its facts, key findings first

    def all_tiles(self) -> tuple[Tile, ...]:
        """The headline tiles and those of every section (e.g. the context's income group)."""
        return self.tiles + tuple(t for s in self.sections for t in s.tiles)

    @property
    def headline_chart(self) -> ChartSpec | None:
        """The chart that stands for the page in a link preview (og:image): its first (immigrants over time)."""
        return _first_chart(self.sections)


@dataclass(frozen=True)
class RegionPage:
    path: str
    region: Region
    parent: Region | None
    children: tuple[Region, ...]
    countries: tuple[Country, ...]
    tiles: tuple[Tile, ...]
    sections: tuple[PageSection, ...]
    sources: tuple[SourceNote, ...]

    @property
    def headline_chart(self) -> ChartSpec | None:
        """The chart that stands for the page in a link preview (og:image): its first."""
        return _first_chart(self.sections)


def _first_chart(sections: tuple[PageSection, ...]) -> ChartSpec | None:
    return next((c for s in sections for c in s.charts), None)


@dataclass(frozen=True)
class CitedStatement:
    statement: Statement
    section: Section | None


@dataclass(frozen=True)
class Coverage:
    """An indicator as listed on an agency or theme page: how many countries, which years."""

    indicator: Indicator
    countries: int
    first: int | None
    last: int | None  # the newest year


@dataclass(frozen=True)
class AgencyPage:
    path: str
    agency: Agency
    parent: Agency | None
    children: tuple[Agency, ...]
    papers: tuple[Section, ...]  # its contributions to the source documents
    statements: dict[str, tuple[CitedStatement, ...]]  # by kind
    facts: tuple[CitedFact, ...]
    themes: tuple[Theme, ...]  # its own themes, those of its figures and of its indicators
    indicators: tuple[Coverage, ...] = ()  # the indicator tables it produces (agencies.csv 'producers')
    tables: tuple[Link, ...] = ()  # the reference tables it produces (the M49 country and region lists)
    countries: tuple[Country, ...] = ()  # the countries (and partners) of the figures attributed to it
    glossary: tuple[GlossaryTerm, ...] = ()  # the terms defined after it
    related: tuple[Indicator, ...] = ()  # other indicators on its themes: ways to go on
    mentioned: Document | None = None  # where the source documents describe it (agencies.csv source, line)
    evidence: Evidence = Evidence()  # its facts, key findings first

    @property
    def without_figures(self) -> str:
        """When no figure of the source documents is about it, what they do say (agency_page.no_figures.<key>).

        ``described``: they name it and say what it does (its statements or papers are on the page);
        ``named``: they only name it; ``not_named``: it is here only as a producer of data. '' when it has figures.
        """
        if self.facts:
            return ""
        if self.mentioned is None:
            return "not_named"
        return "described" if self.statements or self.papers else "named"


@dataclass(frozen=True)
class ThemePage:
    path: str
    theme: Theme
    statements: tuple[CitedStatement, ...]
    facts: tuple[CitedFact, ...]
    agencies: tuple[Agency, ...]
    charts: tuple[ChartSpec, ...]
    sources: tuple[SourceNote, ...]
    indicators: tuple[Coverage, ...] = ()  # every indicator table whose sidecar lists the theme
    # Hook: a world map of the theme's indicator (charts/maps.choropleth), shown above the list when set.
    map: ChartSpec | None = None
    evidence: Evidence = Evidence()  # its facts, key findings first

    @property
    def headline_chart(self) -> ChartSpec | None:
        """The chart that stands for the page in a link preview (og:image): its map, else its first chart."""
        return self.map or (self.charts[0] if self.charts else None)


@dataclass(frozen=True)
class DocumentPage:
    path: str
    document: Document
    facts: tuple[CitedFact, ...]
    groups: tuple[tuple[Section | None, tuple[CitedFact, ...]], ...]  # every section, with its facts
    tables: tuple[SourceTable, ...] = ()  # the tables it prints, cell by cell


@dataclass(frozen=True)
class IndexPage:
    path: str
    kind: str  # countries | regions | agencies | themes | sources
    rows: tuple[Any, ...]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Site:
    countries: tuple[CountryPage, ...]
    regions: tuple[RegionPage, ...]
    agencies: tuple[AgencyPage, ...]
    themes: tuple[ThemePage, ...]
    documents: tuple[DocumentPage, ...]
    indexes: tuple[IndexPage, ...]
    catalog: Catalog
    indicators: tuple[IndicatorPage, ...] = ()
    reference: tuple[Any, ...] = ()  # the glossary and the methodology (derive/reference.py)
    home: Any = None  # the home page (derive/home.py HomePage)
    disagreements: tuple[Disagreement, ...] = ()  # every recorded disagreement between two facts, once

    def disagreeing(self) -> dict[str, tuple[CitedFact, ...]]:
        """Fact id → the facts that disagree with it (each side sees the other)."""
        out: dict[str, list[CitedFact]] = {}
        for d in self.disagreements:
            out.setdefault(d.first.fact.id, []).append(d.second)
            out.setdefault(d.second.fact.id, []).append(d.first)
        return {k: tuple(v) for k, v in out.items()}

    def pages(self) -> list[Any]:
        return [*self.countries, *self.regions, *self.agencies, *self.themes, *self.documents, *self.indicators,
                *self.indexes, *self.reference, *([self.home] if self.home is not None else [])]

    def charts(self) -> list[ChartSpec]:
        out: list[ChartSpec] = []
        with_sections: tuple[CountryPage | RegionPage, ...] = (*self.countries, *self.regions)
        for page in with_sections:
            out += [c for s in page.sections for c in s.charts]
        out += [p.locator for p in self.countries if p.locator is not None]
        out += [c for p in self.themes for c in p.charts]
        out += [p.map for p in self.themes if p.map is not None]  # the theme-map hook
        out += [p.trend for p in self.indicators if p.trend is not None]
        out += [p.map for p in self.indicators if p.map is not None]
        if self.home is not None and self.home.map is not None:
            out.append(self.home.map)
        unique: dict[str, ChartSpec] = {}
        for chart in out:  # a theme shows the map of its indicator page: one chart, drawn once
            if unique.setdefault(chart.id, chart) is not chart:
                raise ValueError(f"two different charts share the id {chart.id}")
        return sorted(unique.values(), key=lambda c: c.id)

    def chart_homes(self) -> dict[str, Any]:
        """Chart id → the page it belongs to, where its embed page links back: the first page that shows it, in the
        order countries, regions, indicators, themes, home (the world map of immigrants is the indicator page's)."""
        out: dict[str, Any] = {}
        with_sections: tuple[CountryPage | RegionPage, ...] = (*self.countries, *self.regions)
        for page in with_sections:
            for chart in [*(c for s in page.sections for c in s.charts), getattr(page, "locator", None)]:
                if chart is not None:
                    out.setdefault(chart.id, page)
        for indicator in self.indicators:
            for chart in (indicator.map, indicator.trend):
                if chart is not None:
                    out.setdefault(chart.id, indicator)
        for theme in self.themes:
            for chart in (theme.map, *theme.charts):
                if chart is not None:
                    out.setdefault(chart.id, theme)
        if self.home is not None and self.home.map is not None:
            out.setdefault(self.home.map.id, self.home)
        return out

    def fact_homes(self) -> dict[str, str]:
        """Fact id → the page (under sources/) that lists it with all its document's facts."""
        return {cf.fact.id: p.path for p in self.documents for cf in p.facts}
