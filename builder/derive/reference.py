"""The glossary and the methodology: reference pages generated from the catalog (pure; no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import routes
from ..catalog import Agency, Catalog, Correction, GlossaryTerm, Indicator
from .models import Disagreement

GLOSSARY_PATH = routes.page("glossary")
METHODOLOGY_PATH = routes.page("methodology")

# Country tables deliberately never summed into world or regional totals (see region._remittances).
NOT_SUMMED = ("remittances_received", "remittances_paid")
FIRST_SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)")


@dataclass(frozen=True)
class GlossaryEntry:
    term: GlossaryTerm
    agency: Agency  # whose definition it follows
    indicators: tuple[Indicator, ...]  # their definitions on /sources/
    see_also: tuple[GlossaryTerm, ...]


@dataclass(frozen=True)
class GlossaryPage:
    path: str
    entries: tuple[GlossaryEntry, ...]
    kind: str = "glossary"  # template glossary.md.j2; title t("glossary")


@dataclass(frozen=True)
class MethodRow:
    """One table of data/indicators or data/aggregates: how it is made, and what may be wrong with it."""

    indicator: Indicator
    corrections: tuple[Correction, ...]
    terms: tuple[GlossaryTerm, ...]  # glossary terms it measures


@dataclass(frozen=True)
class Edition:
    """One release of one source, with the tables taken from it."""

    producer: str
    title: str
    edition: str
    attribution: str
    url: str
    tables: tuple[Indicator, ...]


@dataclass(frozen=True)
class Coverage:
    """How many countries report an indicator in its latest year: why it has no world total."""

    indicator: Indicator
    year: int
    count: int
    total: int


@dataclass(frozen=True)
class MethodologyPage:
    path: str
    sources: tuple[tuple[str, tuple[MethodRow, ...]], ...]  # by producer: the country tables
    aggregates: tuple[MethodRow, ...]
    editions: tuple[tuple[str, tuple[Edition, ...]], ...]  # producers whose tables come from several editions
    emigrants: MethodRow | None  # emigrant_stock_regions: what "emigrants from a region" includes
    not_summed: tuple[Coverage, ...]
    corrections: tuple[Correction, ...]
    disagreements: tuple[Disagreement, ...] = ()  # where the source documents contradict each other
    kind: str = "methodology"


def glossary_page(catalog: Catalog) -> GlossaryPage:
    tables = {**catalog.indicators, **catalog.aggregates}
    by_id = {g.id: g for g in catalog.glossary}
    entries = tuple(GlossaryEntry(
        g, catalog.agencies[g.follows], tuple(tables[i] for i in g.indicators if i in tables),
        tuple(by_id[s] for s in g.see_also if s in by_id)) for g in catalog.glossary)
    return GlossaryPage(GLOSSARY_PATH, entries)


def abbreviations(catalog: Catalog) -> str:
    """Markdown abbreviation definitions (``*[phrase]: first sentence``) of the glossary's hover phrases.

    Appended to every generated page but the glossary itself, they make Python-Markdown's ``abbr``
    wrap each phrase in ``<abbr title="…">``, which Material shows as a tooltip. The title is plain
    text (the serializer escapes it); phrases are plain words (``validate._check_hover_phrases``).
    """
    lines = []
    for term in sorted(catalog.glossary, key=lambda g: g.id):
        text = " ".join(term.definition.split())
        found = FIRST_SENTENCE.match(text)
        summary = found.group(1) if found else text
        name = " ".join(term.term.split())
        lines += [f"*[{phrase}]: {name}: {summary}" for phrase in term.hover]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""


def _row(catalog: Catalog, indicator: Indicator) -> MethodRow:
    return MethodRow(indicator, tuple(c for c in catalog.corrections if indicator.id in c.indicators),
                     tuple(g for g in catalog.glossary if indicator.id in g.indicators))


def _editions(tables: list[Indicator]) -> tuple[tuple[str, tuple[Edition, ...]], ...]:
    releases: dict[tuple[str, str, str], list[Indicator]] = {}
    for table in tables:
        s = table.source
        releases.setdefault((s["producer"], s["title"], str(s.get("edition", ""))), []).append(table)
    by_producer: dict[str, list[Edition]] = {}
    for (producer, title, edition), found in sorted(releases.items()):
        first = found[0].source
        by_producer.setdefault(producer, []).append(Edition(
            producer, title, edition, first.get("attribution", producer), first.get("url", ""),
            tuple(sorted(found, key=lambda i: i.id))))
    return tuple((p, tuple(e)) for p, e in sorted(by_producer.items()) if len(e) > 1)


def _coverage(catalog: Catalog, ident: str) -> Coverage | None:
    indicator = catalog.indicators.get(ident)
    if indicator is None or indicator.data.empty:
        return None
    data = indicator.data[indicator.data["value"].notna()]
    year = int(data["year"].max())
    count = int(data[data["year"] == year]["country"].nunique())
    return Coverage(indicator, year, count, len(catalog.countries))


def methodology_page(catalog: Catalog, disagreements: tuple[Disagreement, ...] = ()) -> MethodologyPage:
    by_producer: dict[str, list[MethodRow]] = {}
    for ident in sorted(catalog.indicators):
        indicator = catalog.indicators[ident]
        by_producer.setdefault(indicator.source["producer"], []).append(_row(catalog, indicator))
    aggregates = tuple(_row(catalog, catalog.aggregates[i]) for i in sorted(catalog.aggregates))
    emigrants = catalog.aggregates.get("emigrant_stock_regions")
    return MethodologyPage(
        METHODOLOGY_PATH, tuple((p, tuple(rows)) for p, rows in sorted(by_producer.items())), aggregates,
        _editions([*catalog.indicators.values(), *catalog.aggregates.values()]),
        _row(catalog, emigrants) if emigrants is not None else None,
        tuple(c for c in (_coverage(catalog, i) for i in NOT_SUMMED) if c), catalog.corrections, disagreements)


def reference_pages(catalog: Catalog, disagreements: tuple[Disagreement, ...] = ()
                    ) -> tuple[GlossaryPage | MethodologyPage, ...]:
    return glossary_page(catalog), methodology_page(catalog, disagreements)
