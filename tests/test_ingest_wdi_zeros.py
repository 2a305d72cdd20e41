"""WDI remittances: zeros that mean "no estimate" are told apart by kind, declared, and left out."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from builder.ingest import wdi, zeros
from builder.ingest.common import IngestError, percent_of

# One series per kind of zero (tiny fixture countries are MEX and USA, so the classifier is fed plain codes).
SERIES = [
    # AAA: positive, then zeros to the end of the release — a series that stops
    ("AAA", 2004, 5.0), ("AAA", 2005, 6.0), ("AAA", 2006, 0.0), ("AAA", 2007, 0.0),
    # BBB: zeros before the first figure and in between — gaps
    ("BBB", 2004, 0.0), ("BBB", 2005, 3.0), ("BBB", 2006, 0.0), ("BBB", 2007, 4.0),
    # CCC: zeros only, and the bilateral estimates show no flow — a series that never had an estimate
    ("CCC", 2004, 0.0), ("CCC", 2005, 0.0),
    # DDD: zeros only, but the 2017 bilateral estimates show it receiving — contradicted by the publisher
    ("DDD", 2005, 0.0), ("DDD", 2006, 0.0),
    # EEE: no zero at all — nothing to flag
    ("EEE", 2005, 1.0), ("EEE", 2006, 2.0),
]


def frame(rows=SERIES) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["geo", "t", "v"])


def test_each_kind_of_suspicious_zero_is_flagged():
    found = zeros.classify(frame(), {"DDD": 2.5e6, "CCC": 10.0})
    assert {(z.country, z.year): z.kind for z in found} == {
        ("AAA", 2006): "stopped", ("AAA", 2007): "stopped",
        ("BBB", 2004): "gap", ("BBB", 2006): "gap",
        ("CCC", 2004): "never", ("CCC", 2005): "never",  # US$ 10 in 2017 is below CONTRADICTED_MIN_USD
        ("DDD", 2005): "contradicted", ("DDD", 2006): "contradicted",
    }


def test_the_other_source_comes_first_and_positive_values_are_never_flagged():
    found = zeros.classify(frame(), {"AAA": zeros.CONTRADICTED_MIN_USD, "EEE": 1e9})
    assert {z.kind for z in found if z.country == "AAA"} == {"contradicted"}
    assert not [z for z in found if z.country == "EEE"]


def test_the_location_lists_countries_and_year_ranges():
    found = [zeros.Zero("gap", "SYR", y) for y in (2011, 2012, 2013, 2015)] + [zeros.Zero("gap", "IRN", 2005)]
    assert zeros.location("remin", found) == "var remin: IRN 2005; SYR 2011–2013, 2015"


# End to end through the importer: the tiny fixture's countries, with Mexico's receipts stopping in 2023.
RAW = ("geo,var,t,v\nMEX,remin,2021,60000000000\nMEX,remin,2022,0\nMEX,remin,2023,0\n"
       "MEX,gdp,2021,1300000000000\nMEX,gdp,2022,1400000000000\nMEX,gdp,2023,1789114434843\n"
       "USA,remout,2022,0\nUSA,remout,2023,93000000000\n")
HEADER = ["id", "source", "raw_file", "location", "published", "used", "reason", "indicators"]
DECLARED = [
    ["wdi-remin-zero-stopped", "wdi", wdi.WDI, "var remin: MEX 2022–2023", "0", "", "Estimates stop.",
     "remittances_received|remittances_received_gdp"],
    ["wdi-remout-zero-gap", "wdi", wdi.WDI, "var remout: USA 2022", "0", "", "Not estimated yet.",
     "remittances_paid"],
]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    path = tmp_path / "datasets" / wdi.WDI
    path.parent.mkdir(parents=True)
    path.write_text(RAW, encoding="utf-8")
    return tmp_path / "datasets"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "fixtures" / "tiny" / "data" / "reference", target / "reference")
    return target


def declare(out: Path, rows: list[list[str]]) -> None:
    (out / "corrections").mkdir(exist_ok=True)
    with (out / "corrections" / "corrections.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([HEADER, *rows])


def test_declared_zeros_are_left_out_of_every_remittance_table(raw, out):
    declare(out, DECLARED)
    wdi.run(raw, out)
    received = pd.read_csv(out / "indicators" / "remittances_received.csv")
    assert received[["country", "year"]].values.tolist() == [["MEX", 2021]]
    share = pd.read_csv(out / "indicators" / "remittances_received_gdp.csv")
    assert share["year"].tolist() == [2021]  # no share of GDP computed from a dropped zero
    paid = pd.read_csv(out / "indicators" / "remittances_paid.csv")
    assert paid[["country", "year"]].values.tolist() == [["USA", 2023]]


def test_an_undeclared_zero_stops_the_import_and_names_its_location(raw, out):
    declare(out, DECLARED[1:])
    with pytest.raises(IngestError) as caught:
        wdi.run(raw, out)
    [issue] = caught.value.issues
    assert issue.code == "undeclared-correction"
    assert "wdi-remin-zero-stopped" in issue.message and "MEX 2022–2023" in issue.message
    assert not (out / "indicators" / "remittances_received.csv").exists()


def test_zeros_that_moved_or_went_away_need_a_person(raw, out):
    moved = [[*DECLARED[0][:3], "var remin: MEX 2023", *DECLARED[0][4:]], DECLARED[1]]
    declare(out, moved)
    with pytest.raises(IngestError) as caught:
        wdi.run(raw, out)
    assert [i.code for i in caught.value.issues] == ["correction-guard"]
    declare(out, [*DECLARED, ["wdi-remout-zero-never", "wdi", wdi.WDI, "var remout: MEX 2023", "0", "", "x",
                              "remittances_paid"]])
    with pytest.raises(IngestError) as caught:
        wdi.run(raw, out)
    assert [i.code for i in caught.value.issues] == ["correction-unused"]


def test_the_bilateral_table_turns_a_zero_into_a_contradicted_one(raw, out):
    bilateral = out / zeros.BILATERAL
    bilateral.parent.mkdir(parents=True, exist_ok=True)
    bilateral.write_text("country,partner,year,value\nMEX,USA,2017,30000000000\n", encoding="utf-8")
    found = zeros.classify(frame([("MEX", 2022, 0.0), ("MEX", 2021, 1.0)]), zeros.bilateral_totals(out, "remin"))
    assert [z.kind for z in found] == ["contradicted"]
    assert zeros.bilateral_totals(out, "remout") == {"USA": 3e10}  # the sender side for remittances paid


def test_a_tiny_positive_share_is_not_stored_as_zero():
    assert percent_of(6.0e3, 2.0e10) == pytest.approx(3.0e-5)
    assert percent_of(1.0, 200.0) == 0.5
    assert percent_of(0.0, 200.0) == 0.0
