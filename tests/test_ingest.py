"""Importers: on small files in the official layout, and on the real releases when present."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from builder import build, paths
from builder.ingest import IMPORTERS, ORDER, undesa_stock, unhcr, wdi
from builder.ingest.common import IngestError

from .conftest import needs_shared_datasets


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """Tiny raw files in the published layouts (iom/gdidata and UNHCR `refugees`)."""
    d = tmp_path / "datasets"
    write(d / undesa_stock.STOCKS, "geo,t,from,sex,n,type_b,type_c,type_r,type_i\n"
          "MEX,2024,USA,female,400,1,0,0,0\nMEX,2024,USA,male,600,1,0,0,0\nMEX,2024,OOO,male,10,1,0,0,0\n"
          "USA,2024,MEX,female,5000,1,0,0,0\nUSA,2024,MEX,male,6000,1,0,0,0\n")
    write(d / wdi.WDI, "geo,var,t,v\nMEX,remin,2023,66237847600\nMEX,gdp,2023,1789114434843\n"
          "MEX,pop,2023,129739759.00000001\nWLD,remin,2023,1\n")
    write(d / unhcr.POPULATION, "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,"
          "returned_refugees,idps,returned_idps,stateless,ooc,oip,hst\n"
          "2024.0,Honduras,HON,HND,Mexico,MEX,MEX,1000.0,50.0,0,0,0,0,0,,0\n"
          "2024.0,Haiti,HAI,HTI,Mexico,MEX,MEX,500.0,0.0,0,0,0,0,0,,0\n"
          "2025.0,Haiti,HAI,HTI,Mexico,MEX,MEX,999.0,0.0,0,0,0,0,0,,0\n")
    return d


@pytest.fixture
def out(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "fixtures" / "tiny" / "data" / "reference", target / "reference")
    return target


def table(out: Path, ident: str) -> pd.DataFrame:
    return pd.read_csv(out / "indicators" / f"{ident}.csv")


def test_undesa_importer_sums_origins_and_sexes(raw, out):
    undesa_stock.run(raw, out)
    stock = table(out, "migrant_stock").set_index("country")["value"]
    assert stock.to_dict() == {"MEX": 1010, "USA": 11000}
    emigrants = table(out, "emigrant_stock").set_index("country")["value"]
    assert emigrants.to_dict() == {"MEX": 11000, "USA": 1000}  # 'OOO' (unknown origin) is nobody's
    female = table(out, "migrant_stock_female_share").set_index("country")["value"]
    assert female["MEX"] == pytest.approx(39.6, abs=0.01)
    assert table(out, "migrant_stock_female").set_index("country")["value"].to_dict() == {"MEX": 400, "USA": 5000}
    assert table(out, "migrant_stock_male").set_index("country")["value"].to_dict() == {"MEX": 610, "USA": 6000}


def test_importers_record_the_checksum_and_are_reproducible(raw, out):
    first = wdi.run(raw, out)
    snapshot = {p: p.read_bytes() for p in first}
    wdi.run(raw, out)
    assert {p: p.read_bytes() for p in first} == snapshot
    meta = (out / "indicators" / "remittances_received.meta.yml").read_text(encoding="utf-8")
    from builder.ingest.common import sha256
    assert sha256(raw / wdi.WDI) in meta
    assert table(out, "population")["value"].tolist() == [129739759]  # float noise removed
    assert "WLD" not in table(out, "remittances_received")["country"].tolist()  # aggregates are not countries


def test_unhcr_importer_leaves_out_the_provisional_year(raw, out):
    unhcr.run(raw, out)
    hosted = table(out, "refugees_hosted")
    assert hosted.to_dict("records") == [{"country": "MEX", "year": 2024, "value": 1500}]


def test_imported_tables_pass_the_checker(raw, out):
    for module in (undesa_stock, wdi, unhcr):
        module.run(raw, out)
    catalog, issues = build.check(out)
    assert issues == [] and catalog is not None


def test_negative_counts_are_refused_with_their_row(raw, out):
    path = raw / undesa_stock.STOCKS
    path.write_text(path.read_text(encoding="utf-8").replace("MEX,2024,USA,male,600", "MEX,2024,USA,male,-600"),
                    encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        undesa_stock.run(raw, out)
    assert [(i.line, i.code) for i in caught.value.issues] == [(3, "negative-value")]
    assert not (out / "indicators" / "migrant_stock.csv").exists()


@needs_shared_datasets
@pytest.mark.slow
def test_real_releases_reproduce_data_byte_for_byte(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(paths.DATA / "reference", target / "reference")  # keeps published slugs
    shutil.copytree(paths.DATA / "corrections", target / "corrections")
    written = []
    for name in ORDER:
        written += IMPORTERS[name].run(paths.DATASETS, target)
    for path in written:
        committed = paths.DATA / path.relative_to(target)
        assert committed.read_bytes() == path.read_bytes(), f"{committed} differs from a fresh import"


@needs_shared_datasets
def test_published_figures(data_catalog):
    catalog = data_catalog
    ind = catalog.indicators

    def value(ident, iso3, year):
        rows = ind[ident].data
        return float(rows[(rows["country"] == iso3) & (rows["year"] == year)]["value"].iloc[0])

    assert value("migrant_stock", "USA", 2024) == pytest.approx(52.38e6, rel=1e-3)
    assert sum(ind["migrant_stock"].data.query("year == 2024")["value"]) == pytest.approx(304.02e6, rel=1e-3)
    assert value("remittances_received", "IND", 2022) == pytest.approx(111.22e9, rel=1e-3)
    assert value("remittances_received", "MEX", 2023) == pytest.approx(66.24e9, rel=1e-3)
    assert value("refugees_hosted", "IRN", 2024) == pytest.approx(3.49e6, rel=5e-3)
    assert value("refugees_by_origin", "SYR", 2024) == pytest.approx(5.95e6, rel=5e-3)


@needs_shared_datasets
def test_shares_of_the_real_release_show_the_exact_ratio_rounded_once():
    """Every female share of data/ is shown as the ratio of the raw counts rounded once, half up (it was rounded to
    two decimals by the importer and again for display: Burundi's 196,086 women of 387,101 immigrants in 2024,
    50.65499…%, showed as 50.6%)."""
    from fractions import Fraction

    from builder import formatting
    raw = pd.read_csv(paths.DATASETS / undesa_stock.STOCKS)
    total = raw.groupby(["geo", "t"])["n"].sum()
    female = raw[raw["sex"] == "female"].groupby(["geo", "t"])["n"].sum()
    stored = table(paths.DATA, "migrant_stock_female_share")
    for row in stored.itertuples():
        exact = Fraction(int(female[(row.country, row.year)]) * 100, int(total[(row.country, row.year)]))
        tenths = int(exact * 10 + Fraction(1, 2))
        assert formatting.percent(row.value) == f"{tenths // 10}.{tenths % 10}%", (row.country, row.year)
    assert formatting.percent(stored.query("country == 'BDI' and year == 2024")["value"].iloc[0]) == "50.7%"


@pytest.mark.parametrize("source", ["undesa-ims-2024", "wdi", "unhcr"])
def test_without_a_valid_reference_nothing_is_imported_unfiltered(raw, out, source):
    """An aggregate such as WLD must never pass for a country because the filter could not be read."""
    (out / "reference" / "countries.csv").unlink()
    with pytest.raises(IngestError) as caught:
        IMPORTERS[source].run(raw, out)
    assert [(Path(i.path).name, i.code) for i in caught.value.issues] == [("countries.csv", "reference-missing")]
    assert not (out / "indicators").exists()


@pytest.mark.parametrize("source", ORDER)
def test_a_missing_raw_file_is_named_and_nothing_is_written(tmp_path, out, source):
    with pytest.raises(IngestError) as caught:
        IMPORTERS[source].run(tmp_path / "empty", out)
    issues = caught.value.issues
    assert issues and {i.code for i in issues} == {"raw-file-missing"}
    assert {Path(i.path).name for i in issues} == {Path(f).name for f in IMPORTERS[source].FILES}
    assert not (out / "indicators").exists()


def test_written_tables_keep_a_carriage_return_inside_its_cell(tmp_path):
    import csv

    from builder.ingest.common import write_table

    rows = [{"id": "a", "note": "one\rtwo"}, {"id": "b", "note": "plain"}]
    (table, _) = write_table(tmp_path, "t", ["id", "note"], rows, {"kind": "x"})
    with table.open(encoding="utf-8", newline="") as fh:
        assert list(csv.DictReader(fh)) == rows
