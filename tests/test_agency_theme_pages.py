"""Agency and theme pages lead to the data: producers list their indicators, every agency page says
what the source documents hold about it, theme pages link every indicator filed under them."""

from __future__ import annotations

import re

import pytest

from builder import build, derive, pages, routes
from builder.derive.common import SectionFinder
from builder.derive.evidence import producers

from .conftest import TINY


@pytest.fixture(scope="module")
def site(data_site):
    return data_site


@pytest.fixture(scope="module")
def tiny_pages():
    catalog, issues = build.check(TINY)
    assert catalog is not None, issues
    site = derive.derive(catalog)
    return site, pages.render(site)


def test_every_indicator_producer_maps_to_one_agency(site):
    mapping = producers(site.catalog)
    for table in [*site.catalog.indicators.values(), *site.catalog.aggregates.values()]:
        assert table.source["producer"] in mapping, table.id
    # the mapping of issue 15: the three producers of the indicator tables, and the M49 lists
    assert {mapping[i.source["producer"]] for i in site.catalog.indicators.values()} == {
        "un-desa-pd", "world-bank", "unhcr"}
    assert mapping["United Nations Statistics Division"] == "un-desa-statistics"


def test_each_producer_lists_exactly_its_indicators(site):
    mapping = producers(site.catalog)
    for page in site.agencies:
        expected = {i.id for i in site.catalog.indicators.values() if mapping[i.source["producer"]] == page.agency.id}
        assert {row.indicator.id for row in page.indicators} == expected, page.agency.id
        for row in page.indicators:
            data = row.indicator.data
            assert (row.first, row.last) == (int(data["year"].min()), int(data["year"].max()))
            assert row.countries == data["country"].nunique()
    assert len({r.indicator.id for p in site.agencies for r in p.indicators}) == len(site.catalog.indicators)
    unsd = next(p for p in site.agencies if p.agency.id == "un-desa-statistics")
    assert {link.path for link in unsd.tables} == {routes.index("countries"), routes.index("regions")}


def test_every_agency_page_has_figures_or_says_why_not(site):
    without = [p for p in site.agencies if not p.facts]
    assert len(site.agencies) == 89 and len(without) == 66  # the count of issue 15
    for page in site.agencies:
        assert bool(page.facts) != bool(page.without_figures), page.agency.id
        if page.without_figures in ("described", "named"):
            assert page.mentioned is not None and page.agency.line
        if page.without_figures == "described":
            assert page.statements or page.papers


def test_countries_and_themes_come_from_the_agencys_figures(site):
    for page in site.agencies:
        codes = {c for cf in page.facts for c in (cf.fact.country, cf.fact.partner) if c}
        assert {c.iso3 for c in page.countries} == codes, page.agency.id
        themes = {th.id for th in page.themes}
        assert set(page.agency.themes) <= themes
        assert {th for cf in page.facts for th in cf.fact.themes} <= themes
        assert {term.id for term in page.glossary} == {g.id for g in site.catalog.glossary
                                                        if g.follows == page.agency.id}


def test_theme_pages_list_every_indicator_of_their_theme(site):
    for page in site.themes:
        expected = {i.id for i in site.catalog.indicators.values() if page.theme.id in i.themes}
        assert {row.indicator.id for row in page.indicators} == expected, page.theme.id
        maps = {p.map.id for p in site.indicators if p.map is not None and page.theme.id in p.indicator.themes}
        assert (page.map is None) == (not maps) and (page.map is None or page.map.id in maps), page.theme.id


def _links(markdown: str) -> set[str]:
    return set(re.findall(r"\]\(([^)\s]+)\)", markdown))


def test_rendered_tiny_pages(tiny_pages):
    site, out = tiny_pages
    for page in site.agencies:
        text = out[page.path]
        for row in page.indicators:
            assert routes.markdown_link(page.path, row.indicator) in _links(text), page.agency.id
        for country in page.countries:
            assert routes.markdown_link(page.path, country) in _links(text)
        for term in page.glossary:
            assert routes.markdown_link(page.path, routes.page("glossary"), routes.anchor("term", term.id)) \
                in _links(text)
        if not page.facts:
            assert 'class="fb-missing"' in text and "report no figure about its work" in text, page.agency.id
    world_bank = out[routes.agency("world-bank")]
    assert "[Personal remittances received](../indicators/remittances-received.md) — 2019–2023" in world_bank
    assert "The source documents do not name this organisation" in world_bank
    un_desa = out[routes.agency("un-desa-pd")]
    assert "name this organisation in [Hagan and Wassink (2016)]" in un_desa and "line 20" in un_desa
    iom = out[routes.agency("iom")]
    assert "fb-missing" not in iom and "[Mexico](../countries/mexico.md)" in iom
    for page in site.themes:
        text = out[page.path]
        for row in page.indicators:
            assert routes.markdown_link(page.path, row.indicator) in _links(text), page.theme.id
        if not page.indicators:
            assert "No indicator table of the fact book is filed under this theme yet." in text
    assert "— current US dollars, newest year 2023" in out[routes.theme("remittances")]


def _paper_agency(finder: SectionFinder, fact) -> str | None:
    section = finder.find(fact.document, fact.line)
    return section.agency or None if section is not None else None


def test_a_fact_in_a_paper_is_filed_under_the_body_that_wrote_the_paper(site):
    # issue 16: the IMP paper's facts were filed under its parent, UNITAR, so the IMP page listed none
    finder = SectionFinder(site.catalog.sections)
    in_papers = [(f, a) for f in site.catalog.facts if (a := _paper_agency(finder, f))]
    assert len({a for _, a in in_papers}) >= 20  # the rule covers the papers of many bodies, not a few
    assert [(f.id, f.agency, a) for f, a in in_papers if f.agency != a] == []


def test_the_imp_page_lists_the_facts_of_its_paper(site):
    finder = SectionFinder(site.catalog.sections)
    paper = {f.id for f in site.catalog.facts if _paper_agency(finder, f) == "imp"}
    assert len(paper) == 10
    pages_by_id = {p.agency.id: p for p in site.agencies}
    imp, unitar = pages_by_id["imp"], pages_by_id["unitar"]
    assert imp.parent is not None and imp.parent.id == "unitar"
    assert paper <= {cf.fact.id for cf in imp.facts}
    assert all(cf.section is not None and cf.section.agency == "imp" for cf in imp.facts if cf.fact.id in paper)
    assert not paper & {cf.fact.id for cf in unitar.facts}
    assert imp.agency in unitar.children  # the parent's page still leads to its programme
