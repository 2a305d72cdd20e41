"""The validated data, as typed records keyed by stable ids. Built by ``validate``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Country:
    iso3: str
    m49: int | None
    iso2: str | None
    slug: str
    name: str
    official_name: str
    aliases: tuple[str, ...]
    region: str | None
    subregion: str | None
    demonyms: tuple[str, ...] = ()  # what its people are called (Mexican): searched for, not shown


@dataclass(frozen=True)
class Region:
    id: str
    slug: str
    name: str
    level: str  # "world" | "region" | "subregion"
    parent: str | None
    m49: int | None


@dataclass(frozen=True)
class Agency:
    id: str
    slug: str
    name: str
    acronym: str | None
    type: str
    parent: str | None
    headquarters: str | None
    summary: str
    themes: tuple[str, ...]
    source: str | None
    line: int | None
    producers: tuple[str, ...] = ()  # the source.producer names of the data tables it publishes


@dataclass(frozen=True)
class Theme:
    id: str
    slug: str
    name: str
    summary: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    id: str
    kind: str
    authors: str | None
    title: str
    container: str | None
    publisher: str | None
    place: str | None
    year: int | None
    year_inferred: bool
    url: str | None
    file: str | None
    citation: str


@dataclass(frozen=True)
class Indicator:
    """One official indicator: metadata and a tidy frame (country, year, value)."""

    id: str
    title: str
    description: str
    unit: str
    processing: dict[str, str]
    source: dict[str, Any]
    path: str
    decimals: int = 1
    short_title: str = ""
    data: pd.DataFrame = field(default_factory=pd.DataFrame, compare=False, repr=False)
    key: str = "country"  # "region" for aggregate tables (world, regions)
    themes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # a classification's values in order (the value column's enum), else ()

    @cached_property
    def _groups(self) -> dict[str, pd.DataFrame]:
        return {str(k): g.sort_values("year").reset_index(drop=True) for k, g in self.data.groupby(self.key)}

    @cached_property
    def _partner_groups(self) -> dict[str, pd.DataFrame]:
        if "partner" not in self.data:
            return {}
        return {str(k): g.reset_index(drop=True) for k, g in self.data.groupby("partner")}

    def series(self, key: str) -> pd.DataFrame:
        """Rows of one country (or region, for aggregates), sorted by year."""
        found = self._groups.get(key)
        return found if found is not None else self.data.iloc[0:0]

    def of_partner(self, iso3: str) -> pd.DataFrame:
        """Rows of a bilateral table whose partner is ``iso3``."""
        found = self._partner_groups.get(iso3)
        return found if found is not None else self.data.iloc[0:0]

    @cached_property
    def _ranks(self) -> dict[int, dict[str, int]]:
        """Year → each country's rank by value (largest first; ties share the best rank)."""
        if (self.key != "country" or "partner" in self.data or self.data.empty
                or not pd.api.types.is_numeric_dtype(self.data["value"])):
            return {}
        return {int(str(y)): {str(c): int(r) for c, r in
                              g.set_index("country")["value"].rank(ascending=False, method="min").items()}
                for y, g in self.data.groupby("year")}

    def rank(self, key: str, year: int) -> tuple[int, int] | None:
        """(rank, number of countries with a figure) of a country in ``year``; None for text or bilateral tables."""
        ranks = self._ranks.get(year)
        if ranks is None or key not in ranks:
            return None
        return ranks[key], len(ranks)

    def latest(self, key: str) -> tuple[int, float | str] | None:
        """(year, value) of the newest row of a country or region; text values stay text."""
        rows = self.series(key)
        if rows.empty:
            return None
        last = rows.iloc[-1]
        value = last["value"]
        return int(last["year"]), value if isinstance(value, str) else float(value)


@dataclass(frozen=True)
class Fact:
    id: str
    document: str
    line: int
    section: str | None
    value: float
    value_high: float | None
    unit: str
    unit_label: str | None
    qualifier: str | None
    as_written: str
    year: int | None
    year_end: int | None
    country: str | None
    partner: str | None
    group: str | None
    themes: tuple[str, ...]
    agency: str | None
    statement: str
    salience: str  # finding | context | detail (docs/evidence.md)
    disagrees_with: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    id: str
    subject: str  # "agency:<id>" or "theme:<id>"
    kind: str
    text: str
    salience: str  # finding | context | detail (docs/evidence.md)
    document: str
    line: int


@dataclass(frozen=True)
class Section:
    """A paper or section of a source document, from its heading line to the next one."""

    id: str
    document: str
    line: int
    title: str
    agency: str | None
    author: str | None


@dataclass(frozen=True)
class Correction:
    """A known problem of an official release and what the fact book does about it."""

    id: str
    source: str
    raw_file: str
    location: str
    published: str
    used: str | None
    reason: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class GlossaryTerm:
    """A term the pages use, defined in our words after the organisation whose definition it follows."""

    id: str  # anchor on the glossary page: #term-<id>
    term: str
    aliases: tuple[str, ...]
    definition: str
    follows: str  # agency id
    source_url: str  # that organisation's own page for the definition
    indicators: tuple[str, ...]  # indicator and aggregate tables that measure it
    see_also: tuple[str, ...]  # other glossary ids
    hover: tuple[str, ...]  # exact phrases explained on hover on every generated page


@dataclass(frozen=True)
class SourceTable:
    """A table printed in a source document, kept cell by cell (row, column, value, as printed, line, fact)."""

    id: str
    title: str
    description: str
    document: str
    line: int
    unit: str
    source_note: str
    notes: str
    path: str
    cells: tuple[dict[str, Any], ...]

    def grid(self) -> tuple[list[str], list[tuple[str, list[dict[str, Any] | None]]]]:
        """(columns, rows) in printed order; each row holds its cells, None where none is printed."""
        columns = list(dict.fromkeys(c["column"] for c in self.cells))
        rows: dict[str, dict[str, dict[str, Any]]] = {}
        for cell in self.cells:
            rows.setdefault(cell["row"], {})[cell["column"]] = cell
        return columns, [(name, [cells.get(c) for c in columns]) for name, cells in rows.items()]


@dataclass(frozen=True)
class WorldMap:
    """A map's geometry (TopoJSON, shapes keyed by ISO3) and which countries it can show (``kind: map``)."""

    id: str
    title: str
    path: str  # the table of what it shows (data/maps/<id>.csv)
    geometry_path: str  # the TopoJSON file its sidecar names
    source: dict[str, Any]
    topology: dict[str, Any] = field(repr=False, compare=False)
    shown: tuple[str, ...] = ()  # ISO3 of the countries with a shape, sorted
    not_shown: tuple[tuple[str, str], ...] = ()  # (ISO3, reason) of the others: too small at this scale, …


@dataclass(frozen=True)
class Catalog:
    countries: dict[str, Country]
    regions: dict[str, Region]
    agencies: dict[str, Agency]
    themes: dict[str, Theme]
    documents: dict[str, Document]
    indicators: dict[str, Indicator]
    aggregates: dict[str, Indicator]
    facts: tuple[Fact, ...]
    statements: tuple[Statement, ...]
    sections: tuple[Section, ...] = ()
    corrections: tuple[Correction, ...] = ()
    source_tables: tuple[SourceTable, ...] = ()
    maps: dict[str, WorldMap] = field(default_factory=dict, compare=False)
    glossary: tuple[GlossaryTerm, ...] = ()
    # Sidecar metadata of the reference and evidence tables, by kind (for source lines).
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict, compare=False)
    # The CSV file of every table, by sidecar id (the reference tables' downloads are copied from them).
    paths: dict[str, str] = field(default_factory=dict, compare=False)
