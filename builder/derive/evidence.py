"""Pages of the evidence: agencies, themes and source documents, each fact with its section."""

from __future__ import annotations

from .. import routes
from ..catalog import Agency, Catalog, Fact, Indicator, Section, Statement, Theme
from ..text import t
from .common import RANKED_UNITS, SectionFinder, ranking_chart, source_note
from .findings import arrange
from .models import AgencyPage, CitedFact, CitedStatement, Coverage, Disagreement, DocumentPage, Link, ThemePage

KINDS = ("mandate", "activity", "data", "publication", "contribution", "finding")
THEME_CHARTS_MAX = 4
# Reference tables an agency may produce, and the page that shows each (its index).
REFERENCE_TABLES = {"countries": "countries", "regions": "regions"}


def _group(items, key) -> dict[str, list]:
    out: dict[str, list] = {}
    for item in items:
        for k in key(item):
            out.setdefault(k, []).append(item)
    return out


def _is_subsection(title: str) -> bool:
    head, _, rest = title.partition(", ")
    return head.endswith(" paper") and len(rest) > 2 and rest[1] == "."


def _cite_facts(facts: list[Fact], finder: SectionFinder) -> tuple[CitedFact, ...]:
    return tuple(CitedFact(f, finder.find(f.document, f.line)) for f in facts)


def _cite_statements(statements: list[Statement], finder: SectionFinder) -> tuple[CitedStatement, ...]:
    return tuple(CitedStatement(s, finder.find(s.document, s.line)) for s in statements)


def disagreements(catalog: Catalog, finder: SectionFinder) -> tuple[Disagreement, ...]:
    """Every pair of facts recorded as disagreeing, once, the earlier fact first (validated mutual)."""
    by_id = {f.id: f for f in catalog.facts}
    order = {f.id: i for i, f in enumerate(catalog.facts)}  # document, line, id
    pairs = sorted({tuple(sorted((f.id, o), key=order.__getitem__)) for f in catalog.facts
                    for o in f.disagrees_with if o in by_id}, key=lambda p: (order[p[0]], order[p[1]]))
    return tuple(Disagreement(*_cite_facts([by_id[a], by_id[b]], finder)) for a, b in pairs)


def coverage(indicator: Indicator) -> Coverage:
    data = indicator.data
    if data.empty:
        return Coverage(indicator, 0, None, None)
    return Coverage(indicator, int(data[indicator.key].nunique()), int(data["year"].min()), int(data["year"].max()))


def producers(catalog: Catalog) -> dict[str, str]:
    """source.producer → agency id, as agencies.csv 'producers' states it (validated: one agency each)."""
    return {name: a.id for a in catalog.agencies.values() for name in a.producers}


def produced_by(catalog: Catalog) -> dict[str, tuple[Indicator, ...]]:
    """Agency id → the indicator tables (those with a page) whose producer it is, by title."""
    mapping = producers(catalog)
    out: dict[str, list[Indicator]] = {}
    for indicator in sorted(catalog.indicators.values(), key=lambda i: i.title):
        agency = mapping.get(str(indicator.source.get("producer")))
        if agency is not None:
            out.setdefault(agency, []).append(indicator)
    return {k: tuple(v) for k, v in out.items()}


def _reference_tables(catalog: Catalog, agency: Agency) -> tuple[Link, ...]:
    links = []
    for kind, index in REFERENCE_TABLES.items():
        for meta in catalog.tables.get(kind, ()):
            if (meta.get("source") or {}).get("producer") in agency.producers:
                links.append(Link(str(meta["title"]), routes.index(index)))
    return tuple(links)


def _related_indicators(catalog: Catalog, themes: set[str], own: tuple[Indicator, ...]) -> tuple[Indicator, ...]:
    mine = {i.id for i in own}
    found = [i for i in catalog.indicators.values() if i.id not in mine and themes & set(i.themes)]
    return tuple(sorted(found, key=lambda i: (-len(themes & set(i.themes)), i.title)))


def agency_pages(catalog: Catalog, finder: SectionFinder) -> tuple[AgencyPage, ...]:
    facts = _group(catalog.facts, lambda f: [f.agency] if f.agency else [])
    statements = _group(catalog.statements, lambda s: [s.subject])
    papers = _group(catalog.sections, lambda s: [s.agency] if s.agency else [])
    terms = _group(catalog.glossary, lambda g: [g.follows])
    indicators = produced_by(catalog)
    by_name = sorted(catalog.agencies.values(), key=lambda a: a.name)
    pages = []
    for agency in sorted(catalog.agencies.values(), key=lambda a: a.id):
        mine = statements.get(f"agency:{agency.id}", [])
        grouped = {k: _cite_statements([s for s in mine if s.kind == k], finder) for k in KINDS}
        # Its papers: the headings, not their lettered sub-sections ("ILO paper, A. …").
        own = tuple(s for s in papers.get(agency.id, ()) if not _is_subsection(s.title))
        its_facts = facts.get(agency.id, [])
        cited = _cite_facts(its_facts, finder)
        produced = indicators.get(agency.id, ())
        # Its themes: its own, then those of the figures attributed to it and of the tables it publishes.
        theme_ids = list(dict.fromkeys([*agency.themes, *(th for f in its_facts for th in f.themes),
                                        *(th for i in produced for th in i.themes)]))
        codes = {c for f in its_facts for c in (f.country, f.partner) if c}
        pages.append(AgencyPage(
            routes.agency(agency.slug), agency, catalog.agencies.get(agency.parent or ""),
            tuple(a for a in by_name if a.parent == agency.id), own,
            {k: v for k, v in grouped.items() if v}, cited,
            tuple(catalog.themes[th] for th in theme_ids if th in catalog.themes),
            indicators=tuple(coverage(i) for i in produced),
            tables=_reference_tables(catalog, agency),
            countries=tuple(sorted((catalog.countries[c] for c in codes if c in catalog.countries),
                                   key=lambda c: c.name)),
            glossary=tuple(terms.get(agency.id, ())),
            related=_related_indicators(catalog, set(theme_ids), produced),
            mentioned=catalog.documents.get(agency.source or ""), evidence=arrange(cited)))
    return tuple(pages)


def _theme_charts(catalog: Catalog, theme: Theme):
    charts, notes = [], []
    world = list(catalog.countries.values())
    for ident in sorted(catalog.indicators):
        indicator = catalog.indicators[ident]
        if theme.id not in indicator.themes or indicator.unit not in RANKED_UNITS or "partner" in indicator.data:
            continue
        chart = ranking_chart(catalog, indicator, world, f"theme-{theme.id}-{ident.replace('_', '-')}",
                              t("theme_page.ranking_chart", what=indicator.short_title))
        if chart is not None:
            charts.append(chart)
            notes.append(source_note(indicator))
        if len(charts) == THEME_CHARTS_MAX:
            break
    return tuple(charts), tuple(notes)


def theme_pages(catalog: Catalog, finder: SectionFinder) -> tuple[ThemePage, ...]:
    facts = _group(catalog.facts, lambda f: list(f.themes))
    statements = _group(catalog.statements, lambda s: [s.subject])
    by_name = sorted(catalog.agencies.values(), key=lambda a: a.name)
    pages = []
    for theme in sorted(catalog.themes.values(), key=lambda th: th.id):
        charts, notes = _theme_charts(catalog, theme)
        related = sorted((i for i in catalog.indicators.values() if theme.id in i.themes), key=lambda i: i.title)
        cited = _cite_facts(facts.get(theme.id, []), finder)
        pages.append(ThemePage(
            routes.theme(theme.slug), theme, _cite_statements(statements.get(f"theme:{theme.id}", []), finder),
            cited, tuple(a for a in by_name if theme.id in a.themes),
            charts, notes, indicators=tuple(coverage(i) for i in related), evidence=arrange(cited)))
    return tuple(pages)


def document_pages(catalog: Catalog, finder: SectionFinder) -> tuple[DocumentPage, ...]:
    pages = []
    for doc in sorted(catalog.documents.values(), key=lambda d: d.id):
        if doc.kind != "document":
            continue
        cited = _cite_facts([f for f in catalog.facts if f.document == doc.id], finder)
        sections = [s for s in catalog.sections if s.document == doc.id]
        groups: list[tuple[Section | None, tuple[CitedFact, ...]]] = (
            [(None, tuple(c for c in cited if c.section is None))] if any(c.section is None for c in cited) else [])
        groups += [(s, tuple(c for c in cited if c.section is s)) for s in sections]
        tables = tuple(st for st in catalog.source_tables if st.document == doc.id)
        pages.append(DocumentPage(routes.document(doc.id), doc, cited, tuple(groups), tables))
    return tuple(pages)
