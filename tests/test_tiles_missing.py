"""Headline tiles say what is missing: a stale figure says so in words, a zero that means "no estimate" is no figure."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from builder.catalog import Catalog, Indicator
from builder.charts import describe
from builder.derive.common import corrected_years, correction_for, covered_year, stale, tile
from builder.text import t

WHOLE_ZERO = re.compile(r"US\$\s0(?![.,\d])")  # "US$ 0", not "US$ 0.5 million"
REMITTANCES = ("remittances_received", "remittances_paid", "remittances_received_gdp")


@pytest.fixture(scope="module")
def catalog(data_catalog) -> Catalog:
    return data_catalog


def indicator(rows: list[tuple[str, int, float]]) -> Indicator:
    return Indicator("demo", "Demo", "", "people", {"level": "minor", "notes": ""}, {"attribution": "Demo (2025)"},
                     "demo.csv", short_title="Refugees hosted",
                     data=pd.DataFrame(rows, columns=["country", "year", "value"]))


def test_stale_means_older_than_the_year_most_countries_report():
    demo = indicator([(c, 2024, 1.0) for c in "ABCDEFGHI"] + [("J", 2012, 0.0), ("K", 2023, 5.0)])
    assert covered_year(demo.data) == 2024
    assert stale(demo, 2012) == 2024 and stale(demo, 2023) == 2024
    assert stale(demo, 2024) is None
    # when most countries report only an older year, that year is the reference, and it is not stale
    sparse = indicator([(c, 2020, 1.0) for c in "ABCDEFGHI"] + [("J", 2024, 2.0)])
    assert stale(sparse, 2020) is None and stale(sparse, 2019) == 2020


def test_an_old_zero_is_said_in_words_never_shown_as_0(catalog):
    hosted = catalog.indicators["refugees_hosted"]
    latest = hosted.data.sort_values("year").groupby("country").tail(1)
    covered = covered_year(hosted.data)
    old_zeros = latest[(latest["value"] == 0) & (latest["year"] < covered)]
    assert not old_zeros.empty  # the release has some (Montserrat's last figure is a zero)
    for iso3, year in zip(old_zeros["country"], old_zeros["year"], strict=True):
        name = catalog.countries[iso3].name
        found = tile(catalog, "refugees_hosted", "Refugees hosted", iso3, name)
        assert found is not None and found.value is None and found.year is None
        assert found.missing == t("tiles.none_since", source=hosted.source["attribution"], what="refugees hosted",
                                  place=name, year=int(year))


def test_an_old_figure_says_it_is_old_and_a_current_one_does_not(catalog):
    hosted = catalog.indicators["refugees_hosted"]
    latest = hosted.data.sort_values("year").groupby("country").tail(1)
    covered = covered_year(hosted.data)
    for iso3, year, value in zip(latest["country"], latest["year"], latest["value"], strict=True):
        found = tile(catalog, "refugees_hosted", "Refugees hosted", iso3, catalog.countries[iso3].name)
        assert found is not None
        if year < covered and value > 0:
            assert found.value is not None and str(year) in found.stale and str(covered) in found.stale
        elif year >= covered:
            assert found.stale == "" and found.value is not None


def test_a_tile_left_without_a_later_figure_by_a_correction_links_to_it(catalog):
    received = catalog.indicators["remittances_received"]
    for correction in (c for c in catalog.corrections if "remittances_received" in c.indicators):
        for iso3 in re.findall(r"\b[A-Z]{3}\b", correction.location):
            found = tile(catalog, "remittances_received", "Remittances received", iso3, iso3)
            assert found is not None
            latest = received.latest(iso3)
            later = latest is None or max(corrected_years(correction.location, iso3)) > latest[0]
            if found.value is None or found.stale:
                assert found.correction, iso3  # the reason is one click away
            if found.correction == correction.id:
                assert later


def test_corrected_years_read_the_importers_location():
    location = "var remin: IRN 2005–2007; SYR 2011, 2013–2014"
    assert corrected_years(location, "SYR") == {2011, 2013, 2014}
    assert corrected_years(location, "IRN") == {2005, 2006, 2007}
    assert corrected_years(location, "IR") == set() and corrected_years("row YEM, columns FY89", "YEM") == set()


def test_no_remittance_table_holds_a_zero_and_no_tile_or_description_shows_us_0(catalog):
    for ident in REMITTANCES:
        data = catalog.indicators[ident].data
        assert not (data["value"] == 0).any(), ident
    usd = [i for i in REMITTANCES if catalog.indicators[i].unit == "usd"]
    for country in catalog.countries.values():
        for ident in usd:
            found = tile(catalog, ident, ident, country.iso3, country.name)
            assert found is not None
            assert not WHOLE_ZERO.search(f"{found.value} {found.missing} {found.stale}"), (country.iso3, ident)
            series = catalog.indicators[ident].series(country.iso3)
            text = describe.trend(series, what=ident, place=country.name, unit="usd")
            assert not WHOLE_ZERO.search(text), (country.iso3, text)


def test_the_whole_zero_pattern_tells_zero_from_small_amounts():
    assert WHOLE_ZERO.search("US$\xa00 (2023)") and WHOLE_ZERO.search("rose from US$ 0 in 2005")
    assert not WHOLE_ZERO.search("US$\xa00.5 million") and not WHOLE_ZERO.search("US$ 05")


def test_a_missing_tile_with_a_correction_names_it(catalog):
    never = [c for c in catalog.corrections if c.id == "wdi-remin-zero-never"]
    for correction in never:
        for iso3 in re.findall(r"\b[A-Z]{3}\b", correction.location):
            assert correction_for(catalog, "remittances_received", iso3) == correction.id
            found = tile(catalog, "remittances_received", "Remittances received", iso3, iso3)
            assert found is not None and found.value is None and found.correction == correction.id


def test_a_stale_tile_gives_the_year_of_its_rank(catalog):
    from dataclasses import replace

    from builder import pages

    hosted = catalog.indicators["refugees_hosted"]
    latest = hosted.data.sort_values("year").groupby("country").tail(1)
    old = next(iso3 for iso3, year, value in zip(latest["country"], latest["year"], latest["value"], strict=True)
               if year < covered_year(hosted.data) and value > 0)
    found = tile(catalog, "refugees_hosted", "Refugees hosted", old, catalog.countries[old].name)
    assert found is not None and found.stale and found.rank
    template = pages.environment().get_template("_tiles.html.j2")
    html = template.render(tiles=[found], here="countries/x.md")
    assert f"in the world in {found.year}" in html
    current = replace(found, stale="")
    assert f"in the world in {found.year}" not in template.render(tiles=[current], here="countries/x.md")
