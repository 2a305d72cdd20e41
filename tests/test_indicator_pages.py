"""Indicator pages: every country once, ranked by the figure data/ holds for the reference year."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from builder import routes
from builder.catalog import Catalog
from builder.derive.common import SectionFinder
from builder.derive.country import country_page
from builder.derive.indicator import indicator_pages, reference_year
from builder.derive.models import CountryPage, IndicatorPage


@dataclass
class Pages:
    """The indicator pages of the real data (not the whole site: derive every country page only when needed)."""

    catalog: Catalog
    indicators: tuple[IndicatorPage, ...]

    def country(self, iso3: str) -> CountryPage:
        return country_page(self.catalog, self.catalog.countries[iso3], (), SectionFinder(()))


@pytest.fixture(scope="module")
def site(data_catalog):
    return Pages(data_catalog, indicator_pages(data_catalog))


def test_every_indicator_has_its_page(site):
    assert {p.indicator.id for p in site.indicators} == set(site.catalog.indicators)
    assert {p.path for p in site.indicators} == {routes.indicator(i) for i in site.catalog.indicators}


def test_each_ranking_equals_the_data_for_every_country(site):
    for page in site.indicators:
        data = page.indicator.data
        if "partner" in data:
            continue
        everyone = [r.country.iso3 for r in (*page.ranked, *page.older)] + [c.iso3 for c in page.no_data]
        assert sorted(everyone) == sorted(site.catalog.countries), page.indicator.id  # each country exactly once
        in_year = data[data["year"] == page.year].set_index("country")["value"]
        assert {r.country.iso3: r.value for r in page.ranked} == in_year.to_dict(), page.indicator.id
        for row in page.older:
            assert (row.year, row.value) == page.indicator.latest(row.country.iso3)
            assert row.year != page.year and row.rank is None
        for country in page.no_data:
            assert page.indicator.series(country.iso3).empty


def test_ranks_follow_the_values_and_ties_share_a_rank(site):
    for page in site.indicators:
        if page.indicator.unit == "text" or not page.ranked:
            continue
        values = [float(r.value) for r in page.ranked]
        assert values == sorted(values, reverse=True), page.indicator.id
        assert page.ranked[0].rank == 1
        for a, b in zip(page.ranked, page.ranked[1:], strict=False):
            assert b.rank == (a.rank if b.value == a.value else page.ranked.index(b) + 1)


def test_the_reference_year_is_the_newest_well_covered_one(site):
    ind = site.catalog.indicators["refugees_hosted"]
    counts = ind.data.groupby("year")["country"].nunique()
    year = reference_year(ind)
    assert counts[year] >= 0.8 * counts.max()
    assert all(counts[y] < 0.8 * counts.max() for y in counts.index if y > year)


def test_bilateral_tables_show_their_largest_corridors(site):
    page = next(p for p in site.indicators if p.indicator.id == "bilateral_remittances_2017")
    data = page.indicator.data
    top = data[data["year"] == page.year].nlargest(len(page.corridors), "value")["value"].tolist()
    assert [c.value for c in page.corridors] == top
    assert not page.ranked and page.corridors[0].rank == 1


def test_totals_only_where_the_source_or_a_full_sum_gives_them(site):
    by_id = {p.indicator.id: p for p in site.indicators}
    assert by_id["migrant_stock"].regions and by_id["migrant_stock"].trend is not None
    world = next(r for r in by_id["migrant_stock"].regions if r.region.id == "world")
    assert (world.year, world.value) == site.catalog.aggregates["migrant_stock_regions"].latest("world")
    assert not by_id["remittances_received"].regions  # not summed: the page says why


def test_maps_of_the_reference_year_or_a_sentence_saying_why_not(site):
    world = site.catalog.maps["world_110m"]
    for page in site.indicators:
        if "partner" in page.indicator.data:
            assert page.map is None
            continue
        # Every other table has its map, a classification (income group) too, by its own classes.
        assert page.map is not None and f"{page.year}" in page.map.title, page.indicator.id
        assert {n.iso3 for n in page.map.not_shown} == {iso3 for iso3, _ in world.not_shown}
        if page.indicator.unit == "text":
            domain = page.map.spec["encoding"]["color"]["scale"]["domain"]
            assert domain[:-1] == list(page.indicator.categories), page.indicator.id


def test_a_headline_tile_gives_the_rank_in_the_world(site):
    tile = next(t for t in site.country("MEX").tiles if t.indicator == "migrant_stock")
    data = site.catalog.indicators["migrant_stock"].data
    year = data[data["year"] == tile.year].set_index("country")["value"]
    assert tile.rank == 1 + int((year > year["MEX"]).sum()) and tile.ranked == len(year)
    net = [t for iso3 in ("MEX", "DEU", "SYR") for t in site.country(iso3).all_tiles()
           if t.indicator == "net_migration"]
    assert net and all(t.rank is None for t in net)  # no rank where the figure can be negative
    shares = [t for t in site.country("MEX").tiles if site.catalog.indicators[t.indicator].unit == "percent"]
    assert shares and all(t.rank is None for t in shares)  # nor for shares


def test_country_pages_have_a_locator_map_unless_the_map_cannot_draw_them(site):
    world = site.catalog.maps["world_110m"]
    small = next(iso3 for iso3, _ in world.not_shown)
    for iso3 in ("MEX", "FJI", small):
        page = site.country(iso3)
        assert (page.locator is not None) == (iso3 in world.shown), iso3


def test_a_theme_shows_the_map_of_its_best_covered_indicator(site):
    from builder.derive.indicator import theme_map

    assert theme_map(site.catalog.themes["refugees"], site.indicators) is not None
    for theme in site.catalog.themes.values():
        chosen = theme_map(theme, site.indicators)
        mappable = [p for p in site.indicators if p.map is not None and theme.id in p.indicator.themes]
        assert (chosen is None) == (not mappable), theme.id
        if chosen is not None:
            owner = next(p for p in mappable if p.map is chosen)
            firsts = [p for p in mappable if p.indicator.themes[0] == theme.id] or mappable
            assert owner in firsts  # filed first under the theme wins
            figures = [p for p in firsts if p.indicator.unit != "text"] or firsts  # a figure before a class
            assert owner in figures
            assert all(owner.coverage["countries"] >= p.coverage["countries"] for p in figures)


def test_an_indicator_page_names_the_glossary_terms_it_measures(site):
    for page in site.indicators:
        assert {g.id for g in page.terms} == {g.id for g in site.catalog.glossary if page.indicator.id in g.indicators}
    assert any(page.terms for page in site.indicators)
