"""The importers' country reference is read through the validator: never an unchecked or empty filter."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder import paths
from builder.ingest import IMPORTERS, ORDER, reference
from builder.ingest.common import IngestError

from .conftest import needs_shared_datasets


def problems(data: Path) -> set[tuple[str, int, str]]:
    with pytest.raises(IngestError) as caught:
        reference.load(data)
    return {(Path(i.path).name, i.line, i.code) for i in caught.value.issues}


def test_the_reference_lists_countries_with_their_regions_and_names(tiny):
    ref = reference.load(tiny)
    assert set(ref.iso3) == {"MEX", "USA"}
    assert ref.region_of("MEX") == (ref.countries["MEX"].region, ref.countries["MEX"].subregion)
    assert ref.countries["MEX"].region in ref.regions
    assert ref.by_m49()[484] == "MEX"
    assert ref.names("MEX")[0] == "Mexico"


@pytest.mark.parametrize("stem", ["countries.csv", "countries.meta.yml", "regions.csv"])
def test_a_missing_reference_file_stops_the_import(tiny, stem):
    (tiny / "reference" / stem).unlink()
    assert (stem, 0, "reference-missing") in problems(tiny)


def test_the_reference_may_be_absent_only_where_an_importer_allows_it(tiny):
    assert reference.load_if_present(tiny) is not None
    (tiny / "reference" / "countries.csv").unlink()
    assert reference.load_if_present(tiny) is None
    (tiny / "reference" / "countries.csv").write_text("iso3,m49\n", encoding="utf-8")
    with pytest.raises(IngestError):
        reference.load_if_present(tiny)


def test_an_empty_reference_stops_the_import_instead_of_filtering_nothing(tiny):
    path = tiny / "reference" / "countries.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert problems(tiny) == {("countries.csv", 0, "reference-missing")}


def test_an_invalid_reference_reports_the_validators_errors_with_their_line(tiny):
    path = tiny / "reference" / "countries.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    line = next(i for i, row in enumerate(lines, 1) if row.startswith("MEX,"))
    path.write_text(text.replace("MEX,", "Mexico,", 1), encoding="utf-8")
    assert ("countries.csv", line, "bad-iso3") in problems(tiny)


def test_a_country_in_an_unknown_region_is_an_error(tiny):
    path = tiny / "reference" / "countries.csv"
    region = reference.load(tiny).countries["USA"].subregion
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("," + region, ",atlantis", 1), encoding="utf-8")
    assert any(code == "unknown-region" for _, _, code in problems(tiny))


@needs_shared_datasets
@pytest.mark.parametrize("source", [s for s in ORDER if s != "countries"])
def test_every_importer_refuses_to_run_without_the_reference(tmp_path, source):
    """No importer falls back to 'no filter' (an aggregate such as WLD taken for a country)."""
    out = tmp_path / "data"
    shutil.copytree(paths.DATA / "corrections", out / "corrections")
    with pytest.raises(IngestError) as caught:
        IMPORTERS[source].run(paths.DATASETS, out)
    assert {(Path(i.path).name, i.code) for i in caught.value.issues} == {
        ("countries.csv", "reference-missing"), ("regions.csv", "reference-missing")}
    assert not (out / "indicators").exists() and not (out / "aggregates").exists()
