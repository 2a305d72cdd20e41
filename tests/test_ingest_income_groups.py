"""World Bank income classifications (OGHIST.xlsx FY89–FY24, CLASS.xlsx FY2025) → income_group."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from builder import build, paths
from builder.ingest import income_groups
from builder.ingest.common import IngestError, sha256

from .conftest import copy_corrections, needs_shared_datasets

FOOTNOTE = ("* At this time, there were Yemen, PDR (L) and Yemen, Arab Rep. (LM); combined they would have "
            "been LM.")
CLASS_NOTE = ("This table classifies all World Bank member countries (189), and all other economies with "
              "populations of more than 30,000. For operational and analytical purposes, economies are divided "
              "among income groups according to 2023 gross national income (GNI) per capita, calculated using "
              "the World Bank Atlas method.")


def write_oghist(path: Path, economies: list[tuple], former: list[tuple] = ()) -> None:
    """OGHIST.xlsx layout: title rows, fiscal years in row 5, data years in row 6, thresholds, codes from row 12."""
    wb = openpyxl.Workbook()
    wb.active.title = "Parameters"
    wb.create_sheet("Thresholds")
    ws = wb.create_sheet("Country Analytical History")
    wb.create_sheet("Operational Category Change")
    wb.create_sheet("Country Indebtedness History")
    ws["B1"] = "World Bank Analytical Classifications"
    ws["B2"] = "(presented in World Development Indicators)"
    ws["B3"] = "GNI per capita in US$ (Atlas methodology)"
    ws.append([])  # row 4
    ws.append([None, "Bank's fiscal year:", "FY22", "FY23", "FY24"])
    ws.append([None, "Data for calendar year :", 2020, 2021, 2022])
    ws.append([None, "Low income (L)", "<= 1,045", "<= 1,085", "<= 1,135"])
    ws.append([None, "Lower middle income (LM)", "1,046 - 4,095", "1,086 - 4,255", "1,136 - 4,465"])
    ws.append([None, "Upper middle income (UM)", "4,096 - 12,695", "4,256 - 13,205", "4,466 - 13,845"])
    ws.append([None, "High income (H)", "> 12,695", "> 13,205", "> 13,845"])
    ws.append([])  # row 11
    for row in economies:
        ws.append(list(row))
    ws.append([])
    ws.append([None, FOOTNOTE])
    ws.append([])
    for row in former:
        ws.append(list(row))
    ws.append([])
    ws.append([None, "Note: Income classifications are set each year on July 1 for all World Bank member economies."])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def write_class(path: Path, economies: list[tuple], aggregates: list[tuple], compositions: list[tuple]) -> None:
    """CLASS.xlsx layout: 'List of economies' (economies, a blank row, aggregates), 'compositions', 'Notes'."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "List of economies"
    ws.append(["Economy", "Code", "Region", "Income group", "Lending category"])
    for row in economies:
        ws.append(list(row))
    ws.append([])
    for name, code in aggregates:
        ws.append([name, code])
    comp = wb.create_sheet("compositions")
    comp.append(["WB_Group_Code", "WB_Group_Name", "WB_Country_Code", "WB_Country_Name"])
    for row in compositions:
        comp.append(list(row))
    notes = wb.create_sheet("Notes")
    notes.append(["Notes"])
    notes.append([CLASS_NOTE])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


HISTORY = [
    ("MEX", "Mexico", "UM", "UM", "UM"),
    ("CHI", "Channel Islands", "H", "H", "H"),
    ("XKX", "Kosovo", "..", "UM", "UM"),
    ("SRB", "Serbia", "UM", "UM", "UM"),
    ("USA", "United States", "H", "H", "H"),
    ("VEN", "Venezuela, RB", None, None, None),
    ("YEM", "Yemen, Rep.", "LM*", "L", "L"),
]
FORMER = [("YUGf", "Yugoslavia (former)", None, None, None)]
LATEST = [
    ("Channel Islands", "CHI", "Europe & Central Asia", "High income", None),
    ("Kosovo", "XKX", "Europe & Central Asia", "Upper middle income", "IDA"),
    ("Mexico", "MEX", "Latin America & Caribbean", "Upper middle income", "IBRD"),
    ("Serbia", "SCG", "Europe & Central Asia", "Upper middle income", "IBRD"),
    ("United States", "USA", "North America", "High income", None),
    ("Venezuela, RB", "VEN", "Latin America & Caribbean", None, "IBRD"),
]
AGGREGATES = [("High income", "HIC"), ("Upper middle income", "UMC"), ("World", "WLD")]
COMPOSITIONS = [
    ("HIC", "High income", "CHI", "Channel Islands"),
    ("HIC", "High income", "USA", "United States"),
    ("UMC", "Upper middle income", "XKX", "Kosovo"),
    ("UMC", "Upper middle income", "MEX", "Mexico"),
    ("UMC", "Upper middle income", "SRB", "Serbia"),
    ("WLD", "World", "VEN", "Venezuela, RB"),
]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    d = tmp_path / "datasets"
    write_oghist(d / income_groups.OGHIST, HISTORY, FORMER)
    write_class(d / income_groups.CLASS, LATEST, AGGREGATES, COMPOSITIONS)
    return d


@pytest.fixture
def out(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(paths.DATA / "reference", target / "reference")  # has XCX, SRB, VEN, YEM; not XKX
    copy_corrections(target, "wb-income")
    return target


def table(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "indicators" / "income_group.csv")


def test_income_groups_from_both_files_by_data_year(raw, out):
    written = income_groups.run(raw, out)
    text = (out / "indicators" / "income_group.csv").read_text(encoding="utf-8")
    assert text == (
        "country,year,value\n"
        "MEX,2020,Upper-middle income\nMEX,2021,Upper-middle income\nMEX,2022,Upper-middle income\n"
        "MEX,2023,Upper-middle income\n"
        "SRB,2020,Upper-middle income\nSRB,2021,Upper-middle income\nSRB,2022,Upper-middle income\n"
        "SRB,2023,Upper-middle income\n"
        "USA,2020,High income\nUSA,2021,High income\nUSA,2022,High income\nUSA,2023,High income\n"
        "XCX,2020,High income\nXCX,2021,High income\nXCX,2022,High income\nXCX,2023,High income\n"
        "YEM,2020,Lower-middle income\nYEM,2021,Low income\nYEM,2022,Low income\n"
    )
    meta = (out / "indicators" / "income_group.meta.yml").read_text(encoding="utf-8")
    notes = " ".join(meta.split())
    assert "XKX Kosovo (2021–2023)" in notes and "YUGf Yugoslavia (former) (never classified)" in notes
    assert "SCG → SRB" in notes and "CHI → XCX" in notes
    assert "the two files do not overlap" in notes
    assert "HIC, UMC, WLD" in notes  # skipped aggregates are named
    assert "YEM 2020 is marked with an asterisk" in notes
    assert sha256(raw / income_groups.OGHIST) in meta and sha256(raw / income_groups.CLASS) in meta
    # Deterministic: same input, same bytes; and the table passes the checker.
    snapshot = {p: p.read_bytes() for p in written}
    income_groups.run(raw, out)
    assert {p: p.read_bytes() for p in written} == snapshot
    catalog, issues = build.check(out)
    assert issues == [] and catalog is not None
    assert catalog.indicators["income_group"].unit == "text"


def test_unknown_codes_and_countries_are_refused_with_their_cell(raw, out):
    history = HISTORY + [("ZZZ", "Nowhere", "H", "H", "H")]
    history[0] = ("MEX", "Mexico", "UM", "U", "UM")  # row 12, column D
    write_oghist(raw / income_groups.OGHIST, history, FORMER)
    with pytest.raises(IngestError) as caught:
        income_groups.run(raw, out)
    found = sorted((Path(i.path).name, i.line, i.column, i.code) for i in caught.value.issues)
    assert found == [("OGHIST.xlsx", 12, 4, "not-in-enum"), ("OGHIST.xlsx", 19, 1, "unknown-country")]
    assert not (out / "indicators" / "income_group.csv").exists()


def test_list_and_compositions_must_agree(raw, out):
    latest = list(LATEST)
    latest[2] = ("Mexico", "MEX", "Latin America & Caribbean", "High income", "IBRD")  # row 4; compositions: UMC
    write_class(raw / income_groups.CLASS, latest, AGGREGATES, COMPOSITIONS)
    with pytest.raises(IngestError) as caught:
        income_groups.run(raw, out)
    assert [(i.line, i.column, i.code) for i in caught.value.issues] == [(4, 4, "sources-disagree")]


def test_a_renamed_code_mapping_is_refused(raw, out):
    latest = list(LATEST)
    latest[3] = ("Serbia and Montenegro", "SCG", "Europe & Central Asia", "Upper middle income", "IBRD")
    write_class(raw / income_groups.CLASS, latest, AGGREGATES, COMPOSITIONS)
    with pytest.raises(IngestError) as caught:
        income_groups.run(raw, out)
    found = [(i.line, i.code) for i in caught.value.issues]
    assert found == [(5, "name-mismatch"), (0, "correction-unused")]  # the SCG → SRB fix no longer applies


@needs_shared_datasets
def test_real_income_classifications(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(paths.DATA / "reference", target / "reference")
    copy_corrections(target, "wb-income")
    income_groups.run(paths.DATASETS, target)
    rows = table(target)
    value = rows.set_index(["country", "year"])["value"]
    assert value[("USA", 2023)] == "High income"
    assert value[("IND", 2023)] == "Lower-middle income"  # CLASS.xlsx FY2025
    assert value[("IND", 1987)] == "Low income"  # OGHIST FY89
    assert value[("IND", 2007)] == "Lower-middle income"  # FY09: first LM year
    assert value[("DZA", 2022)] == "Lower-middle income" and value[("DZA", 2023)] == "Upper-middle income"
    assert value[("XCX", 2023)] == "High income"  # Channel Islands, WB code CHI
    assert value[("SRB", 2023)] == "Upper-middle income"  # WB code SCG in CLASS.xlsx
    assert value[("YEM", 1987)] == "Lower-middle income"  # footnoted 'LM*'
    assert value[("VEN", 2019)] == "Upper-middle income"
    assert not ((rows["country"] == "VEN") & (rows["year"] >= 2020)).any()  # unclassified since FY22
    assert "XKX" not in set(rows["country"])
    # CLASS.xlsx: 86 H, 54 UM, 51 LM, 26 L; minus MAF (H) and XKX (UM), which countries.csv lacks.
    assert rows[rows["year"] == 2023]["value"].value_counts().to_dict() == {
        "High income": 85, "Upper-middle income": 53, "Lower-middle income": 51, "Low income": 26}
    assert (rows["year"].min(), rows["year"].max()) == (1987, 2023)
    catalog, issues = build.check(target)
    assert issues == [] and catalog is not None


def test_a_classification_of_another_year_is_refused(raw, out, monkeypatch):
    """A new CLASS.xlsx (next year's GNI) must not be read as if it were the edition the importer knows."""
    monkeypatch.setattr(sys.modules[__name__], "CLASS_NOTE", CLASS_NOTE.replace("2023 gross", "2024 gross"))
    write_class(raw / income_groups.CLASS, LATEST, AGGREGATES, COMPOSITIONS)
    with pytest.raises(IngestError) as caught:
        income_groups.run(raw, out)
    assert [(i.path.rsplit("/", 1)[-1], i.code) for i in caught.value.issues] == [("CLASS.xlsx", "edition-mismatch")]
    assert not (out / "indicators").exists()
