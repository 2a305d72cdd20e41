"""UN DESA International Migrant Stock 2020, destination workbook → 2020-edition indicators and aggregates."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from builder import paths
from builder.ingest import undesa_2020
from builder.ingest.common import IngestError, sha256

from .conftest import TINY, needs_shared_datasets

YEARS = [1990, 1995, 2000, 2005, 2010, 2015, 2020]
PERIODS = ["1990-1995", "1995-2000", "2000-2005", "2005-2010", "2010-2015", "2015-2020"]
CITATION = ("Suggested citation: United Nations Department of Economic and Social Affairs, Population Division "
            "(2020). International Migrant Stock 2020.")
COPYRIGHT = ("Copyright © 2020 by United Nations, made available under a Creative Commons license CC BY 3.0 IGO: "
             "http://creativecommons.org/licenses/by/3.0/igo/")
# sheet → (title in E3, [(block title in row 8, headers of the block)])
TABLES = {
    "Table 1": ("Table 1: International migrant stock at mid-year by sex and by region, country or area of "
                "destination, 1990-2020",
                [("International migrant stock at mid-year, both sexes combined", YEARS),
                 ("International migrant stock at mid-year, males", YEARS),
                 ("International migrant stock at mid-year, females", YEARS)]),
    "Table 2": ("Table 2: Total population at mid-year by sex and by region, country or area, 1990-2020 (thousands)",
                [("Total population at mid-year, both sexes combined (thousands)", YEARS),
                 ("Total population at mid-year, males (thousands)", YEARS),
                 ("Total population at mid-year, females (thousands)", YEARS)]),
    "Table 3": ("Table 3: International migrant stock as a percentage of the total population by sex and by region, "
                "country or area of destination, 1990-2020",
                [("International migrant stock as a percentage of the total population, both sexes combined", YEARS),
                 ("International migrant stock as a percentage of the total population, males", YEARS),
                 ("International migrant stock as a percentage of the total population, females", YEARS)]),
    "Table 4": ("Table 4: Female migrants as a percentage of the international migrant stock by region, country or "
                "area of destination, 1990-2020",
                [("Female migrants as a percentage of the international migrant stock", YEARS)]),
    "Table 5": ("Table 5: Annual rate of change of the migrant stock by sex and by region, country or area of "
                "destination, 1990-2020 (percentage)",
                [("Annual rate of change of the migrant stock, both sexes combined", PERIODS),
                 ("Annual rate of change of the migrant stock, males", PERIODS),
                 ("Annual rate of change of the migrant stock, females", PERIODS)]),
    "Table 6": ("Table 6: Estimated refugee stock (including asylum seekers) at mid-year by region, country or area "
                "of destination, 1990-2020",
                [("Refugee and asylum seekers at mid-year, both sexes combined", YEARS),
                 ("Refugee and asylum seekers as a percentage of the international migrant stock", YEARS),
                 ("Annual rate of change of the refugee and asylum seekers, both sexes combined", PERIODS)]),
}


def late(v2015, v2020):
    """Seven year cells: no figure ('..') before 2015."""
    return [".."] * 5 + [v2015, v2020]


NA = late("..", "..")
# (name as printed, location code, {sheet: [blocks read by the importer]}); other blocks are '..'
ROWS = [
    ("WORLD", 900, {"Table 1": [late(1500, 1610), late(800, 860), late(700, 750)], "Table 2": [late(30, 33.2)],
                    "Table 3": [late(5.0, 1610 / 33200 * 100)],
                    "Table 4": [late(700 / 1500 * 100, 750 / 1610 * 100)], "Table 6": [late(103, 14)]}),
    ("  Latin America and the Caribbean", 1830, "MEX"),
    ("  Europe and Northern America", 1829, "USA"),
    ("  High-income countries", 1503, "USA"),
    (" LATIN AMERICA AND THE CARIBBEAN", 904, "MEX"),
    ("  Central America", 916, "MEX"),
    ("   Mexico", 484, {"Table 1": [late(500, 510), late(260, 270), late(240, 240)], "Table 2": [late(10, 10.2)],
                       "Table 3": [late(5.0, 5.0)], "Table 4": [late(48.0, 240 / 510 * 100)],
                       "Table 6": [late("~", 12)]}),
    ("   Saint Barthélemy*", 652, {"Table 1": [NA, NA, NA], "Table 2": [NA], "Table 3": [NA], "Table 4": [NA],
                                   "Table 6": [late("~", "~")]}),
    (" NORTHERN AMERICA", 905, "USA"),
    ("   United States of America*", 840, {"Table 1": [late(1000, 1100), late(540, 590), late(460, 510)],
                                          "Table 2": [late(20, 11)], "Table 3": [late(5.0, 10.0)],
                                          "Table 4": [late(46.0, 510 / 1100 * 100)], "Table 6": [late(100, "~")]}),
]
REGION_T6 = {"MEX": late(3, 12), "USA": late(100, 2)}  # the regions' own refugee figures (they include '~' cells)


def rows(edit=None):
    """The fixture rows; aggregates named by a country copy its figures (but Table 6)."""
    by_code = {code: data for _, code, data in ROWS if isinstance(data, dict)}
    iso = {"MEX": 484, "USA": 840}
    out = []
    for name, code, data in ROWS:
        if isinstance(data, str):
            copied = {sheet: [list(b) for b in blocks] for sheet, blocks in by_code[iso[data]].items()}
            copied["Table 6"] = [list(REGION_T6[data])]
            data = copied
        else:
            data = {sheet: [list(b) for b in blocks] for sheet, blocks in data.items()}
        out.append([name, code, data])
    if edit:
        edit(out)
    return out


def write_workbook(path: Path, table_rows) -> None:
    """The published layout: titles in E2–E6, block titles in row 8, header in row 11, data from row 12."""
    wb = openpyxl.Workbook()
    toc = wb.active
    toc.title = "Table of contents"
    toc["E2"], toc["E3"], toc["E4"] = "International Migrant Stock 2020: Destination", "Table of contents", \
        "POP/DB/MIG/Stock/Rev.2020"
    for sheet, (title, blocks) in TABLES.items():
        ws = wb.create_sheet(sheet)
        ws["E2"], ws["E3"], ws["E4"], ws["E5"], ws["E6"] = ("International Migrant Stock 2020: Destination", title,
                                                            "POP/DB/MIG/Stock/Rev.2020", CITATION, COPYRIGHT)
        header = [None, "Region, development group, country or area", "Notes", "Location code", "Type of data"]
        col = 6
        for block_title, heads in blocks:
            ws.cell(8, col, block_title)
            ws.merge_cells(start_row=8, start_column=col, end_row=10, end_column=col + len(heads) - 1)
            header += heads
            col += len(heads)
        for c, value in enumerate(header, start=1):
            ws.cell(11, c, value)
        for i, (name, code, data) in enumerate(table_rows, start=1):
            cells = [i, name, None, code, "" if code >= 900 else "B"]
            given = data.get(sheet, [])
            for b, (_, heads) in enumerate(blocks):
                cells += given[b] if b < len(given) else [".."] * len(heads)
            for c, value in enumerate(cells, start=1):
                ws.cell(11 + i, c, value)
    notes = wb.create_sheet("Notes")
    notes["E2"], notes["E3"] = "International Migrant Stock 2020: Destination", "Notes"
    notes["B9"] = "Two dots (..) indicate that data are not available or are not reported separately"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    datasets = tmp_path / "datasets"
    write_workbook(datasets / undesa_2020.WORKBOOK, rows())
    return datasets


@pytest.fixture
def out(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(TINY / "reference", target / "reference")
    return target


def text(out: Path, folder: str, ident: str) -> str:
    return (out / folder / f"{ident}.csv").read_text(encoding="utf-8")


def test_tables_are_copied_as_published(raw, out):
    written = undesa_2020.run(raw, out)
    assert len(written) == 16
    assert text(out, "indicators", "migrant_stock_2020") == (
        "country,year,value\nMEX,2015,500\nMEX,2020,510\nUSA,2015,1000\nUSA,2020,1100\n")
    assert text(out, "indicators", "migrant_stock_share_population") == (
        "country,year,value\nMEX,2015,5\nMEX,2020,5\nUSA,2015,5\nUSA,2020,10\n")
    assert text(out, "indicators", "migrant_stock_female_share_2020") == (
        "country,year,value\nMEX,2015,48\nMEX,2020,47.058824\nUSA,2015,46\nUSA,2020,46.363636\n")
    # '~' (fewer than five, suppressed) is missing, never 0
    assert text(out, "indicators", "undesa_refugees_estimate") == "country,year,value\nMEX,2020,12\nUSA,2015,100\n"
    assert text(out, "aggregates", "migrant_stock_2020_regions") == (
        "region,year,value\nlatin-america-and-the-caribbean,2015,500\nlatin-america-and-the-caribbean,2020,510\n"
        "northern-america,2015,1000\nnorthern-america,2020,1100\nworld,2015,1500\nworld,2020,1610\n")
    assert text(out, "aggregates", "migrant_stock_share_population_regions") == (
        "region,year,value\nlatin-america-and-the-caribbean,2015,5\nlatin-america-and-the-caribbean,2020,5\n"
        "northern-america,2015,5\nnorthern-america,2020,10\nworld,2015,5\nworld,2020,4.849398\n")
    assert text(out, "aggregates", "migrant_stock_female_share_2020_regions") == (
        "region,year,value\nlatin-america-and-the-caribbean,2015,48\nlatin-america-and-the-caribbean,2020,47.058824\n"
        "northern-america,2015,46\nnorthern-america,2020,46.363636\nworld,2015,46.666667\nworld,2020,46.583851\n")
    assert text(out, "aggregates", "undesa_refugees_estimate_regions") == (
        "region,year,value\nlatin-america-and-the-caribbean,2015,3\nlatin-america-and-the-caribbean,2020,12\n"
        "northern-america,2015,100\nnorthern-america,2020,2\nworld,2015,103\nworld,2020,14\n")
    meta = (out / "aggregates" / "migrant_stock_2020_regions.meta.yml").read_text(encoding="utf-8")
    assert "kind: aggregate" in meta and "references: regions" in meta
    notes = " ".join(meta.split())
    assert "Europe and Northern America; High-income countries; Central America." in notes
    assert "without a figure in this table: americas." in notes
    country_meta = " ".join((out / "indicators" / "migrant_stock_2020.meta.yml").read_text(encoding="utf-8").split())
    assert "Saint Barthélemy (652)" in country_meta and "2024 edition" in country_meta
    assert sha256(raw / undesa_2020.WORKBOOK) in country_meta


def test_output_is_reproducible_and_passes_the_checker(raw, out):
    first = {p: p.read_bytes() for p in undesa_2020.run(raw, out)}
    undesa_2020.run(raw, out)
    assert {p: p.read_bytes() for p in first} == first
    from builder import build  # the whole builder: imported here so that the importer tests stand alone

    catalog, issues = build.check(out)
    assert issues == [] and catalog is not None
    assert set(catalog.aggregates) >= {"migrant_stock_2020_regions", "undesa_refugees_estimate_regions"}


def issues_of(raw, out, edit) -> list[tuple[int, int, str]]:
    write_workbook(raw / undesa_2020.WORKBOOK, rows(edit))
    with pytest.raises(IngestError) as caught:
        undesa_2020.run(raw, out)
    assert not (out / "indicators").exists() and not (out / "aggregates").exists()  # nothing written
    return sorted((i.line, i.column, i.code) for i in caught.value.issues)


def row_of(table_rows, code):
    return next(r for r in table_rows if r[1] == code)


def test_sexes_must_add_up_to_the_total(raw, out):
    def edit(table_rows):
        row_of(table_rows, 840)[2]["Table 1"][1][6] = 600  # USA males 2020: 600 + 510 != 1100
    # USA is row 21; the both-sexes 2020 cell is column L (12)
    assert issues_of(raw, out, edit) == [(21, 12, "total-mismatch")]


def test_unknown_country_with_figures_is_refused(raw, out):
    def edit(table_rows):
        row_of(table_rows, 840)[1] = 841  # no country of countries.csv has M49 code 841
    assert issues_of(raw, out, edit) == [(21, 4, "unknown-country")] * 4  # one per table read


def test_negative_counts_and_stray_text_are_refused(raw, out):
    def edit(table_rows):
        row_of(table_rows, 484)[2]["Table 6"][0][6] = -12  # Mexico's refugees 2020
        row_of(table_rows, 484)[2]["Table 3"][0][5] = "n/a"  # Mexico's share 2015
    # row 18 = Mexico; row 12 = WORLD, whose 2020 refugee total no longer matches its countries
    assert issues_of(raw, out, edit) == [(12, 12, "total-mismatch"), (18, 11, "bad-number"),
                                         (18, 12, "negative-value")]


def test_a_changed_layout_is_refused(raw, out):
    wb = openpyxl.load_workbook(raw / undesa_2020.WORKBOOK)
    wb["Table 4"]["D11"] = "Code"
    del wb["Table 6"]
    wb.save(raw / undesa_2020.WORKBOOK)
    with pytest.raises(IngestError) as caught:
        undesa_2020.run(raw, out)
    found = sorted((i.line, i.column, i.code) for i in caught.value.issues)
    assert found == [(0, 0, "layout-changed"), (11, 4, "layout-changed")]


@needs_shared_datasets
def test_real_workbook(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(paths.DATA / "reference", target / "reference")
    undesa_2020.run(paths.DATASETS, target)

    def read(folder, ident):
        return pd.read_csv(target / folder / f"{ident}.csv", keep_default_na=False)

    stock = read("indicators", "migrant_stock_2020")
    world = read("aggregates", "migrant_stock_2020_regions")
    assert world.query("region == 'world' and year == 2020")["value"].item() == 280_598_105  # PROVENANCE.md
    assert stock.query("country == 'USA' and year == 2020")["value"].item() == 50_632_836  # PROVENANCE.md
    assert stock.query("year == 2020")["value"].sum() == 280_598_105  # the countries add up to WORLD
    assert stock["country"].nunique() == 232 and sorted(stock["year"].unique()) == YEARS
    assert "TWN" not in set(stock["country"])  # Taiwan Province of China: '..' in every year
    # the workbook's own figures for 2020 (Tables 3, 4, 6)
    share = read("aggregates", "migrant_stock_share_population_regions")
    assert share.query("region == 'world' and year == 2020")["value"].item() == pytest.approx(3.5998, abs=1e-4)
    female = read("indicators", "migrant_stock_female_share_2020")
    assert female.query("country == 'USA' and year == 2020")["value"].item() == pytest.approx(51.6539, abs=1e-4)
    refugees = read("aggregates", "undesa_refugees_estimate_regions")
    assert refugees.query("region == 'world' and year == 2020")["value"].item() == 33_807_795
    regions = set(world["region"])
    assert {"world", "africa", "asia", "europe", "oceania", "northern-america", "sub-saharan-africa",
            "latin-america-and-the-caribbean"} <= regions and "americas" not in regions
    assert world.query("region == 'northern-america' and year == 2020")["value"].item() == 58_708_795
    # PROVENANCE.md: every 2020 country total equals the 2020-edition bilateral file of iom/gdidata
    bilateral = pd.read_csv(paths.DATASETS / "iom-gdidata" / "undesa_stocks_2020.csv", keep_default_na=False)
    totals = bilateral[bilateral["t"] == 2020].groupby("geo")["n"].sum()
    ours = stock[stock["year"] == 2020].set_index("country")["value"]
    common = ours.index.intersection(totals.index)
    assert len(common) == 232 and (ours[common] - totals[common]).abs().max() == 0


def test_a_published_share_that_disagrees_with_its_counts_is_refused(raw, out):
    def edit(table_rows):
        row_of(table_rows, 840)[2]["Table 4"][0][6] = 40.0  # USA females 2020: 510 of 1100 is 46.4%, not 40%
    assert (21, 12, "inconsistent-share") in issues_of(raw, out, edit)


def test_two_rows_of_one_region_with_different_figures_are_refused(raw, out):
    def edit(table_rows):
        row_of(table_rows, 1830)[2]["Table 1"] = [late(500, 999), late(260, 499), late(240, 500)]
    # row 16 (904, LATIN AMERICA AND THE CARIBBEAN) maps to the same region as row 13 (1830), with other figures
    assert (16, 4, "conflicting-aggregate") in issues_of(raw, out, edit)
