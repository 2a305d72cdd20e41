"""Figures that must not mislead (issue 16), on the real data: the income group's classification year and
declassification, the 2020 edition's count behind the 2020 share, what totals leave out, values that look impossible."""

from __future__ import annotations

import pytest

from builder import paths
from builder.catalog import Catalog
from builder.derive.common import FISCAL_YEAR_LAG, SectionFinder, income_group
from builder.derive.country import country_page
from builder.derive.indicator import indicator_page
from builder.derive.models import CountryPage


@pytest.fixture(scope="module")
def catalog(data_catalog) -> Catalog:
    return data_catalog


def page(catalog: Catalog, iso3: str) -> CountryPage:
    return country_page(catalog, catalog.countries[iso3], (), SectionFinder(()))


def tile_of(found: CountryPage, indicator: str):
    (tile,) = [x for x in found.all_tiles() if x.indicator == indicator]
    return tile


# --- income group ------------------------------------------------------------------------------------

def test_the_income_group_says_its_fiscal_year_and_who_is_no_longer_classified(catalog):
    data = catalog.indicators["income_group"].data
    newest = int(data["year"].max())
    last = data.groupby("country")["year"].max()
    former = set(last[last < newest].index)
    assert former, "the real table has economies the World Bank stopped classifying (Venezuela, Mayotte)"
    for iso3 in sorted(former | {"MEX", "DEU", "IND"}):
        found = income_group(catalog, iso3)
        assert found is not None
        year = int(last[iso3])
        assert (found.year, found.fiscal_year, found.current) == (year, year + FISCAL_YEAR_LAG, iso3 not in former)
        assert found.group == data[(data["country"] == iso3) & (data["year"] == year)]["value"].iloc[0]
        note = tile_of(page(catalog, iso3), "income_group").note
        assert f"FY{year + FISCAL_YEAR_LAG}" in note
        if iso3 in former:
            assert found.since == year + FISCAL_YEAR_LAG + 1 and f"since FY{found.since}" in note
    listed = indicator_page(catalog, catalog.indicators["income_group"]).notes
    for iso3 in former:
        name = catalog.countries[iso3].name
        assert any(n.startswith(name + ":") and "no longer classified" in n for n in listed)


# --- the 2020 edition's count behind the 2020 share ----------------------------------------------------

def test_the_2020_share_tile_gives_the_2020_edition_count_it_rests_on(catalog):
    from builder import formatting

    counts = catalog.indicators["migrant_stock_2020"].data.set_index(["country", "year"])["value"]
    stock = catalog.indicators["migrant_stock"].data.set_index(["country", "year"])["value"]
    checked = 0
    for iso3 in ("PHL", "USA", "DEU", "MEX", "IND", "SAU"):
        tile = tile_of(page(catalog, iso3), "migrant_stock_share_population")
        count = counts[(iso3, tile.year)]
        assert formatting.number(count) in tile.note and "2020 edition" in tile.note
        checked += 1
    phl = tile_of(page(catalog, "PHL"), "migrant_stock_share_population")
    newest = int(stock.loc["PHL"].index.max())
    assert counts[("PHL", phl.year)] > 2 * stock[("PHL", newest)], "the two editions differ a lot for the Philippines"
    assert checked == 6


# --- what a total leaves out ---------------------------------------------------------------------------

def test_origins_show_the_migrants_of_other_or_unknown_origin(catalog):
    """The bilateral table has no row for UN DESA's 'OOO' origin: the origins chart and table add it back, as the
    stock less the listed origins (in Germany it outnumbers every country of origin)."""
    from builder.text import t

    stock = catalog.indicators["migrant_stock"].data
    bilateral = catalog.indicators["bilateral_migrant_stock"].data
    label = t("country_page.unknown_origin")
    for iso3 in ("DEU", "MEX", "PHL", "GBR"):
        year = int(bilateral[bilateral["country"] == iso3]["year"].max())
        listed = bilateral[(bilateral["country"] == iso3) & (bilateral["year"] == year)]["value"]
        expected = float(stock[(stock["country"] == iso3) & (stock["year"] == year)]["value"].iloc[0]) - listed.sum()
        (section,) = [s for s in page(catalog, iso3).sections if s.id == "origins"]
        table = section.charts[0].table
        row = table[table.iloc[:, 0] == label]
        assert float(row.iloc[0, 1]) == expected > 0
        assert any("other or unknown" in n for n in section.notes)
        if iso3 == "DEU":
            assert expected > listed.max() and table.iloc[0, 0] == label  # the largest bar
            assert any("more than from any country" in n for n in section.notes)


@pytest.mark.skipif(not (paths.DATASETS / "iom-gdidata" / "undesa_stocks.csv").exists(), reason="needs the release")
def test_the_worlds_emigrant_total_says_how_many_migrants_have_no_known_origin(catalog):
    import pandas as pd

    from builder import formatting
    from builder.derive.common import world_unknown_origin
    from builder.derive.region import region_page

    raw = pd.read_csv(paths.DATASETS / "iom-gdidata" / "undesa_stocks.csv")
    year, unknown, total = world_unknown_origin(catalog)
    assert unknown == raw[(raw["from"] == "OOO") & (raw["t"] == year)]["n"].sum()
    assert total == raw[raw["t"] == year]["n"].sum()
    world = region_page(catalog, catalog.regions["world"])
    (tile,) = [x for x in world.tiles if x.indicator == "emigrant_stock_regions"]
    assert formatting.people(unknown) in tile.note and "no known origin" in tile.note


def test_a_share_ranking_names_the_countries_it_leaves_out_for_lack_of_a_denominator(catalog):
    found = indicator_page(catalog, catalog.indicators["remittances_received_gdp"])
    received = catalog.indicators["remittances_received"].data
    gdp = catalog.indicators["gdp"].data
    year = found.year
    with_remittances = set(received[(received["year"] == year) & (received["value"] > 0)]["country"])
    with_gdp = set(gdp[(gdp["year"] == year) & (gdp["value"] > 0)]["country"])
    missing = with_remittances - with_gdp
    assert missing, "some countries report remittances but no GDP in the reference year"
    (note,) = [n for n in found.notes if "leaves out" in n]
    for iso3 in missing:
        assert catalog.countries[iso3].name in note
    assert {r.country.iso3 for r in found.ranked}.isdisjoint(missing)
    from builder.derive.region import members, region_page

    for region in ("world", "asia"):
        mine = {c.iso3 for c in members(catalog, catalog.regions[region])} & missing
        (section,) = [s for s in region_page(catalog, catalog.regions[region]).sections if s.id == "remittances"]
        (said,) = [n for n in section.notes if "leaves out" in n]
        assert mine and all(catalog.countries[c].name in said for c in mine)


# --- values that look impossible -----------------------------------------------------------------------

def test_more_immigrants_than_people_is_flagged_on_the_country_page_and_kept(catalog):
    from builder.derive import flags

    population = catalog.indicators["population"].data
    expected = {}
    for ident in flags.STOCKS:
        both = catalog.indicators[ident].data.merge(population, on=["country", "year"], suffixes=("", "_p"))
        for iso3, group in both[both["value"] > both["value_p"]].groupby("country"):
            expected[(iso3, ident)] = tuple(int(y) for y in group["year"])
    assert expected, "the real data has such cases (2020 edition against WPP 2024)"
    found = {(f.country, f.indicator): f.years for iso3 in catalog.countries
             for f in flags.more_immigrants_than_people(catalog, iso3)}
    assert found == expected
    for iso3, ident in expected:
        notes = page(catalog, iso3).sections[0].notes
        assert any(n.startswith("Looks impossible, kept as published") and catalog.countries[iso3].name in n
                   for n in notes)
        assert catalog.indicators[ident].series(iso3)["value"].notna().all()  # kept, not dropped
    assert not flags.flags(catalog, "MEX")
    assert any("United Arab Emirates" in n for n in indicator_page(catalog, catalog.indicators["migrant_stock_2020"]).notes)


def test_a_share_of_the_whole_population_is_flagged(catalog):
    from builder.derive import flags

    shares = catalog.indicators["migrant_stock_share_population"].data
    expected = set(shares[shares["value"] >= flags.WHOLE]["country"])
    found = {f.country for iso3 in catalog.countries for f in flags.share_of_whole_population(catalog, iso3)}
    assert found == expected and expected
