"""Page models: exactly what each page shows. Built by the derive stage, read by templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..catalog import Agency, Catalog, Country, Document, Fact, Region, Section, SourceTable, Statement, Theme
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
class CitedFact:
    """A fact with the paper or section it comes from (for the source line)."""

    fact: Fact
    section: Section | None


@dataclass(frozen=True)
class CountryPage:
    path: str
    country: Country
    region: Region | None
    subregion: Region | None
    income_group: str | None
    tiles: tuple[Tile, ...]
    sections: tuple[PageSection, ...]
    facts: tuple[CitedFact, ...]
    themes: tuple[Theme, ...]
    agencies: tuple[Agency, ...]
    related: tuple[Link, ...]
    sources: tuple[SourceNote, ...]

    def all_tiles(self) -> tuple[Tile, ...]:
        """The headline tiles and those of every section (e.g. the context's income group)."""
        return self.tiles + tuple(t for s in self.sections for t in s.tiles)


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


@dataclass(frozen=True)
class CitedStatement:
    statement: Statement
    section: Section | None


@dataclass(frozen=True)
class AgencyPage:
    path: str
    agency: Agency
    parent: Agency | None
    children: tuple[Agency, ...]
    papers: tuple[Section, ...]  # its contributions to the source documents
    statements: dict[str, tuple[CitedStatement, ...]]  # by kind
    facts: tuple[CitedFact, ...]
    themes: tuple[Theme, ...]


@dataclass(frozen=True)
class ThemePage:
    path: str
    theme: Theme
    statements: tuple[CitedStatement, ...]
    facts: tuple[CitedFact, ...]
    agencies: tuple[Agency, ...]
    charts: tuple[ChartSpec, ...]
    sources: tuple[SourceNote, ...]


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
    reference: tuple[Any, ...] = ()  # the glossary and the methodology (derive/reference.py)

    def pages(self) -> list[Any]:
        return [*self.countries, *self.regions, *self.agencies, *self.themes, *self.documents, *self.indexes,
                *self.reference]

    def charts(self) -> list[ChartSpec]:
        out: list[ChartSpec] = []
        with_sections: tuple[CountryPage | RegionPage, ...] = (*self.countries, *self.regions)
        for page in with_sections:
            out += [c for s in page.sections for c in s.charts]
        out += [c for p in self.themes for c in p.charts]
        return sorted(out, key=lambda c: c.id)

    def fact_homes(self) -> dict[str, str]:
        """Fact id → the page (under sources/) that lists it with all its document's facts."""
        return {cf.fact.id: p.path for p in self.documents for cf in p.facts}
