"""Data for reuse: ``/datapackage.json`` validates with the frictionless library (descriptor, schemas, data,
hashes, foreign keys), lists every CSV download, and each country's JSON holds the figures of data/.

frictionless 5.21 prints no warning at import or validation here, so none is filtered. Its CSV parser raises the
csv module's field size limit for the whole process when it is first imported; ``report_errors`` puts the limit
back, since the builder's own reader relies on it (``csv-syntax`` for a cell over 128 KiB, tests/test_validation.py).
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from frictionless import validate

from builder import build, paths, routes

from .conftest import TINY, copy_docs


def report_errors(descriptor: Path) -> list[tuple]:
    """Every error frictionless reports: (resource name or "package", row, error type, note)."""
    limit = csv.field_size_limit()
    try:
        report = validate(descriptor)
    finally:
        csv.field_size_limit(limit)
    found = [("package", None, e.type, e.note) for e in report.errors]
    return found + [(task.name, getattr(e, "row_number", None), e.type, e.note)
                    for task in report.tasks for e in task.errors]


def latest_rows(csv_file: Path, key: str = "country") -> dict[str, tuple[int, float]]:
    """The newest (year, value) of each country of a tidy table, read with the csv module (not the builder)."""
    out: dict[str, tuple[int, float]] = {}
    with csv_file.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["value"] == "":
                continue
            year = int(row["year"])
            if row[key] not in out or year > out[row[key]][0]:
                out[row[key]] = (year, float(row["value"]))
    return out


def csv_downloads(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in (site / "downloads").rglob("*.csv")}


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory) -> Path:
    """The tiny fixture built into a whole site (MkDocs included), once for this module."""
    root = tmp_path_factory.mktemp("tiny-datapackage")
    shutil.copytree(TINY, root / "data")
    copy_docs(root / "docs")
    build.build(build.Options(data_dir=root / "data", docs_dir=root / "docs", site_dir=root / "site",
                              cache_dir=root / "cache"))
    return root / "site"


def test_the_tiny_package_validates_with_frictionless(tiny_site):
    descriptor = tiny_site / routes.datapackage()
    assert report_errors(descriptor) == []
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    # every published CSV is a resource, and nothing else is
    assert {r["path"] for r in package["resources"]} == csv_downloads(tiny_site)
    names = [r["name"] for r in package["resources"]]
    assert len(names) == len(set(names)) and names[:2] == ["countries", "regions"]


def test_every_resource_is_a_file_of_the_site_with_its_hash_and_size(tiny_site):
    package = json.loads((tiny_site / routes.datapackage()).read_text(encoding="utf-8"))
    for resource in package["resources"]:
        published = (tiny_site / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(published).hexdigest(), resource["path"]
        assert resource["bytes"] == len(published)


def test_schemas_licences_and_sources_come_from_the_sidecars(tiny_site):
    from ruamel.yaml import YAML

    package = json.loads((tiny_site / routes.datapackage()).read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in package["resources"]}
    sidecar = YAML(typ="safe").load((TINY / "indicators" / "migrant_stock.meta.yml").read_text(encoding="utf-8"))
    stock = by_name["migrant_stock"]
    assert [f["name"] for f in stock["schema"]["fields"]] == [c["name"] for c in sidecar["columns"]]
    assert stock["schema"]["primaryKey"] == sidecar["primary_key"]
    value = next(f for f in stock["schema"]["fields"] if f["name"] == "value")
    column = next(c for c in sidecar["columns"] if c["name"] == "value")
    assert value["type"] == "integer" and value["constraints"].get("minimum") == column.get("minimum")
    assert {"fields": ["country"], "reference": {"resource": "countries", "fields": ["iso3"]}} \
        in stock["schema"]["foreignKeys"]
    assert stock["licenses"] == [{"title": sidecar["source"]["licence"]["name"],
                                  "path": sidecar["source"]["licence"]["url"]}]
    assert stock["sources"][0]["title"] == sidecar["source"]["title"]
    assert stock["sources"][0]["version"] == str(sidecar["source"]["edition"])
    aliases = next(f for f in by_name["countries"]["schema"]["fields"] if f["name"] == "aliases")
    assert aliases["type"] == "list" and aliases["delimiter"] == "|"
    assert stock["licenses"][0] in package["licenses"]


def test_created_is_the_data_date_and_the_version_the_project_s(tiny_site):
    import tomllib

    catalog, _ = build.check(TINY)
    assert catalog is not None
    package = json.loads((tiny_site / routes.datapackage()).read_text(encoding="utf-8"))
    newest = max(i.source["date_accessed"] for i in catalog.indicators.values())
    assert package["created"] == f"{newest}T00:00:00Z"
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert package["version"] == project["version"]


def test_frictionless_catches_a_changed_file_and_an_unknown_country(tiny_site, tmp_path):
    """The checks above can fail: a download that no longer matches its hash, or names no country of the package."""
    site = tmp_path / "site"
    shutil.copytree(tiny_site, site)
    table = site / routes.download("migrant_stock", "csv")
    table.write_text(table.read_text(encoding="utf-8") + "XKX,2024,5\n", encoding="utf-8")
    kinds = {(e[0], e[2]) for e in report_errors(site / routes.datapackage())}
    assert {("migrant_stock", "hash-count"), ("migrant_stock", "byte-count"), ("migrant_stock", "foreign-key")} == kinds


def test_each_country_json_holds_the_figures_of_data(tiny_site):
    catalog, _ = build.check(TINY)
    assert catalog is not None
    tables = {i: latest_rows(TINY / "indicators" / f"{i}.csv") for i in catalog.indicators}
    for country in catalog.countries.values():
        file = tiny_site / routes.country_data(country.slug)
        doc = json.loads(file.read_text(encoding="utf-8"))

        def at(link: str, folder: Path = file.parent) -> Path:  # a link of the file, resolved as a client would
            assert not link.startswith("/"), link  # relative to the file: it works under any sub-path
            return (folder / link.split("#")[0]).resolve()

        assert doc["country"]["iso3"] == country.iso3
        assert at(doc["page"]) == (tiny_site / "countries" / country.slug).resolve()
        assert doc["figures"], country.iso3
        for figure in doc["figures"]:
            found = tables[figure["indicator"]].get(country.iso3)
            if found is None:  # said in words, not a zero
                assert figure["value"] is None and figure["year"] is None and figure["rank"] is None
                assert country.name in figure["missing"]
                continue
            assert (figure["year"], figure["value"]) == found and figure["missing"] is None
            assert figure["permalink"].endswith(f"countries/{country.slug}/#figure-"
                                                f"{figure['indicator'].replace('_', '-')}")
            page = at(figure["permalink"]) / "index.html"
            assert f'id="{figure["permalink"].split("#")[1]}"' in page.read_text(encoding="utf-8")
            assert (at(figure["indicator_page"]) / "index.html").is_file()
            assert at(figure["download"]).is_file()
            assert figure["source"]["licence"]["name"] == catalog.indicators[figure["indicator"]].source["licence"]["name"]


def test_a_figure_without_data_is_null_with_its_reason(tiny_site):
    # the tiny fixture has no remittances for the United States
    doc = json.loads((tiny_site / routes.country_data("united-states")).read_text(encoding="utf-8"))
    figure = next(f for f in doc["figures"] if f["indicator"] == "remittances_received")
    assert figure["value"] is None and figure["year"] is None
    assert figure["missing"] == "World Bank, WDI (2025) publishes no figure for United States."


def test_the_country_page_links_its_json(tiny_site):
    page = (tiny_site / "countries" / "mexico" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../downloads/countries/mexico.json"' in page
    assert (tiny_site / "countries" / "mexico" / "../../downloads/countries/mexico.json").resolve().is_file()


@pytest.mark.slow
def test_the_real_package_validates_and_lists_every_download(real_site):
    descriptor = real_site / routes.datapackage()
    assert report_errors(descriptor) == []
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == csv_downloads(real_site)
    for resource in package["resources"]:
        published = (real_site / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(published).hexdigest(), resource["path"]


@pytest.mark.slow
@pytest.mark.parametrize("iso3", ["MEX", "DEU", "IND", "ASM"])
def test_real_country_json_equals_the_indicator_tables(real_site, data_catalog, iso3):
    catalog = data_catalog
    country = catalog.countries[iso3]
    doc = json.loads((real_site / routes.country_data(country.slug)).read_text(encoding="utf-8"))
    assert len(doc["figures"]) == 8
    for figure in doc["figures"]:
        found = latest_rows(paths.DATA / "indicators" / f"{figure['indicator']}.csv").get(iso3)
        if found is None:
            assert figure["value"] is None and country.name in figure["missing"]
        else:
            assert (figure["year"], figure["value"]) == pytest.approx(found), figure["indicator"]
