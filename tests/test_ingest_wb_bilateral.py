"""World Bank/KNOMAD bilateral matrices 2017: tiny workbooks in the published layout, failures, the real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from ruamel.yaml import YAML

from builder import paths
from builder.ingest import wb_bilateral
from builder.ingest.common import IngestError

from .conftest import TINY, copy_corrections, needs_shared_datasets

REM_TITLE = ("Bilateral Remittance Estimates for 2017 using Migrant Stocks, Host Country Incomes, and Origin Country "
             "Incomes (millions of US$) (April 2018 Version)")
REM_NOTES = ["Notes:", "These estimates are based on the methodology developed by Ratha and Shaw, 2007.",
             "These are analytical estimates based on logical assumptions.",
             "These estimates are based on the Bilateral Migration Matrix 2017.  "]
BAHAMAS = "BHS,44,BS,bahamas,Bahamas,Bahamas,BHS|BS,americas,latin-america-and-the-caribbean,\n"


def remittance_rows() -> list[list[object]]:
    """Rows = sending, columns = receiving (US$ million), WORLD row typed in, WORLD column = row sums."""
    names = ["Bahamas, The", "Kosovo", "Mexico", "United States"]
    body = [
        ["Bahamas, The", 0, 0, "-", 5.5],
        ["Kosovo", 0, 0, 0, 0.25],
        ["Mexico", 0.001234, 0, 0.5, 1.5],  # Mexico → Mexico: a self-pair, left out
        ["United States", 12.3456789, 3.0, 30019.1870256556, 0],
    ]
    for row in body:
        row.append(sum(v for v in row[1:] if not isinstance(v, str)))
    world = ["WORLD", 12.3469129, 3.0, 30020.4370256556, 7.25]  # Mexico: 0.75 not allocated (the '-' cell)
    world.append(sum(world[1:]))
    return [[REM_TITLE], ["receiving (across) / sending (down) ", *names, "WORLD"], *body, world, [],
            *[[n] for n in REM_NOTES]]


def stock_rows() -> list[list[object]]:
    """Rows = origin, columns = destination (people), with the residual groups and World totals."""
    names = ["Bahamas, The", "Mexico", "St. Martin (French part)", "United States", "Other North", "Other South"]
    body = [
        ["Bahamas, The", 0, 0, 0, 30000, 0, 0],
        ["Mexico", 0, 0, 0, 11573680, 5, 0],
        ["St. Martin (French part)", 0, 0, 0, None, 0, 0],  # blank: no estimate
        ["United States", 700, 739168, 40, 0, 0, 2],
        ["Other North", 0, 100, 0, 900, 7, 0],
        ["Other South", 1, 0, 0, 0, 0, 0],
    ]
    for row in body:
        row.append(sum(v or 0 for v in row[1:]))
    world = ["World"] + [sum(r[c] or 0 for r in body) for c in range(1, len(names) + 2)]
    return [["Bilateral Estimates of Migrant Stocks in 2017"],
            ["destination (across) / origin (down) ", *names, "World"], *body, world, [], ["Notes:"],
            ["World Bank staff estimates based on UN Population Division, OECD, ..."]]


def save(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    d = tmp_path / "datasets"
    save(d / wb_bilateral.REMITTANCES, {"Bilateral_Remittances_2017": remittance_rows(),
                                        "remshare": [["# Income share sent as remittance"], [0.04]]})
    save(d / wb_bilateral.STOCKS, {"Bilateral_Migration_2017": stock_rows(),
                                   "countries-comparison": [["Destination country (across)", None, "x"]]})
    return d


@pytest.fixture
def out(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(TINY / "reference", target / "reference")
    copy_corrections(target, "wb-bilateral-2017")
    with (target / "reference" / "countries.csv").open("a", encoding="utf-8") as fh:
        fh.write(BAHAMAS)
    return target


def records(out: Path, ident: str) -> list[dict[str, object]]:
    return pd.read_csv(out / "indicators" / f"{ident}.csv").to_dict("records")


def sidecar(out: Path, ident: str) -> dict:
    return YAML(typ="safe").load((out / "indicators" / f"{ident}.meta.yml").read_text(encoding="utf-8"))


def test_matrices_become_tidy_corridor_tables(raw, out):
    written = wb_bilateral.run(raw, out)
    assert [p.name for p in written] == ["bilateral_remittances_2017.csv", "bilateral_remittances_2017.meta.yml",
                                         "bilateral_migrant_stock_2017.csv", "bilateral_migrant_stock_2017.meta.yml"]
    # country = receiving, partner = sending; US$ million → US$; zero, '-', Kosovo and self-pairs have no row
    assert records(out, "bilateral_remittances_2017") == [
        {"country": "BHS", "partner": "MEX", "year": 2017, "value": 1234},
        {"country": "BHS", "partner": "USA", "year": 2017, "value": 12345679},
        {"country": "MEX", "partner": "USA", "year": 2017, "value": 30019187026},
        {"country": "USA", "partner": "BHS", "year": 2017, "value": 5500000},
        {"country": "USA", "partner": "MEX", "year": 2017, "value": 1500000},
    ]
    # country = destination, partner = origin; groups, St. Martin and blanks have no row
    assert records(out, "bilateral_migrant_stock_2017") == [
        {"country": "BHS", "partner": "USA", "year": 2017, "value": 700},
        {"country": "MEX", "partner": "USA", "year": 2017, "value": 739168},
        {"country": "USA", "partner": "BHS", "year": 2017, "value": 30000},
        {"country": "USA", "partner": "MEX", "year": 2017, "value": 11573680},
    ]
    rem = sidecar(out, "bilateral_remittances_2017")
    assert "estimates for 2017" in rem["title"] and "estimates for 2017" in rem["description"]
    assert "not reported data" in rem["description"]
    assert rem["primary_key"] == ["country", "partner", "year"] and rem["unit"] == "usd"
    notes = rem["processing"]["notes"]
    assert "Kosovo (UN DESA counts it within Serbia): US$0.25 million as sender, US$3.00 million as receiver" in notes
    assert "Mexico → Mexico (US$0.50 million)" in notes and "Bahamas, The → Mexico" in notes
    assert "Mexico as receiver: US$30,020.44 million published, US$30,019.69 million in the cells" in notes
    stock = sidecar(out, "bilateral_migrant_stock_2017")
    assert "estimates for 2017" in stock["title"] and "estimates for 2017" in stock["description"]
    notes = stock["processing"]["notes"]
    assert "'Other North' (1,007 people as origin, 12 people as destination)" in notes
    assert "St. Martin (French part) → United States" in notes and "no flow is unallocated" in notes
    snapshot = {p: p.read_bytes() for p in written}
    wb_bilateral.run(raw, out)
    assert {p: p.read_bytes() for p in written} == snapshot


def test_unknown_names_and_negative_counts_are_refused_with_their_cell(raw, out):
    rows = remittance_rows()
    rows[3][0] = "Atlantis"  # the Kosovo row
    save(raw / wb_bilateral.REMITTANCES, {"Bilateral_Remittances_2017": rows})
    rows = stock_rows()
    rows[3][4] = -5  # Mexico → United States
    save(raw / wb_bilateral.STOCKS, {"Bilateral_Migration_2017": rows})
    with pytest.raises(IngestError) as caught:
        wb_bilateral.run(raw, out)
    found = [(Path(i.path).name, i.line, i.column, i.code) for i in caught.value.issues
             if i.code != "correction-unused"]
    assert found == [("WB_Bilateral_Remittance_Estimates_2017.xlsx", 4, 1, "unknown-country"),
                     ("WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx", 4, 5, "negative-value")]
    assert "Atlantis" in caught.value.issues[0].message
    assert not (out / "indicators").exists()


def test_totals_far_from_their_cells_are_refused(raw, out):
    rows = stock_rows()
    rows[8][4] += 1_000_000  # World row, United States column: 8.6 % more than its cells
    save(raw / wb_bilateral.STOCKS, {"Bilateral_Migration_2017": rows})
    with pytest.raises(IngestError) as caught:
        wb_bilateral.run(raw, out)
    assert [(i.line, i.column, i.code) for i in caught.value.issues] == [(9, 5, "total-mismatch")]


def test_imported_tables_pass_the_checker(raw, out):
    from builder import build
    wb_bilateral.run(raw, out)
    catalog, issues = build.check(out)
    assert issues == [] and catalog is not None


@needs_shared_datasets
def test_real_matrices(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(paths.DATA / "reference", target / "reference")
    copy_corrections(target, "wb-bilateral-2017")
    wb_bilateral.run(paths.DATASETS, target)
    rem = pd.read_csv(target / "indicators" / "bilateral_remittances_2017.csv")
    stock = pd.read_csv(target / "indicators" / "bilateral_migrant_stock_2017.csv")
    assert len(rem) == 11889 and len(stock) == 14368
    assert set(rem["year"]) == {2017} and set(stock["year"]) == {2017}
    rem = rem.set_index(["country", "partner"])["value"]
    # PROVENANCE.md: column India, WORLD row = 68,968 (US$ million); USA → Mexico = 30,019 million.
    # India's WORLD total equals the sum of its cells (the Pakistan cell is '-'), and no left-out sender
    # (Kosovo, St. Martin) sends to India, so the rows add up to the published total.
    assert rem.loc["IND"].sum() == pytest.approx(68_968.1e6, abs=1e3)
    assert rem.loc[("MEX", "USA")] == pytest.approx(30_019e6, rel=1e-4)
    assert ("PAK", "IND") not in rem.index and ("IND", "PAK") not in rem.index  # marked '-'
    # All estimated remittances: the WORLD grand total minus the '-' corridors (US$2.04 m), Kosovo's
    # receipts (US$1,114.85 m) and Vanuatu → Vanuatu.
    assert rem.sum() == pytest.approx((613_463.80 - 1_114.85) * 1e6, rel=1e-6)
    stock = stock.set_index(["country", "partner"])["value"]
    assert stock.loc[("USA", "MEX")] == 11_573_680  # cell Mexico (row) × United States (column)
    assert stock.loc[("ARE", "IND")] == 3_310_419
    assert ("ARE", "IRN") not in stock.index  # blank cell
    notes = sidecar(target, "bilateral_remittances_2017")["processing"]["notes"]
    assert "Israel as receiver: US$990.38 million published, US$989.18 million in the cells" in notes


def test_a_total_saved_as_a_formula_without_its_value_is_refused(raw, out):
    rows = stock_rows()
    rows[8][4] = "=SUM(E3:E8)"  # World row, United States column: a formula the file has no saved value for
    save(raw / wb_bilateral.STOCKS, {"Bilateral_Migration_2017": rows})
    with pytest.raises(IngestError) as caught:
        wb_bilateral.run(raw, out)
    assert [(i.line, i.column, i.code) for i in caught.value.issues] == [(9, 5, "missing-total")]
