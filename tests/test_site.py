"""End to end: the real build of data/ into a temporary site, read as HTML; and the build's
guarantees (deterministic, atomic) on the tiny fixture."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

from builder import build, formatting, paths, routes
from builder.issues import DataError

from .conftest import copy_docs, needs_shared_datasets

pytestmark = pytest.mark.slow


def html(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def test_country_page_shows_figures_chart_and_sources(real_site):
    page = html(real_site, "countries/mexico")
    assert re.search(r"<h1[^>]*>Mexico", page)
    assert re.fullmatch(r"US\$\xa0\d+\.\d billion \(20\d\d\)", tile_value(page, "remittances-received"))
    assert 'data-spec="../../charts/country-mex-migrant-stock.vl.json"' in page
    assert (real_site / "charts" / "country-mex-migrant-stock.svg").is_file()
    assert ">UN DESA (2024)</a>" in page  # the source under each headline figure
    assert "International Migrant Stock 2024" in page  # the full citation under Sources and notes


def test_country_without_refugee_data_says_so(real_site):
    pages = sorted((real_site / "countries").glob("*/index.html"))
    assert len(pages) >= 233
    page = html(real_site, "countries/holy-see")
    assert re.search(r"UNHCR \(2025\) reports no refugees hosted for Holy See", page)


def sections_of(markdown: str) -> dict[str, str]:
    parts = re.split(r"^## (.+?)(?: \{ #[\w-]+ \})?$", markdown, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_every_section_of_every_country_page_is_filled_or_explained(real_site):
    docs = real_site.parent / "docs" / "countries"
    pages = [p for p in sorted(docs.glob("*.md")) if p.name != "index.md"]
    assert len(pages) == 233
    for page in pages:
        for title, body in sections_of(page.read_text(encoding="utf-8")).items():
            text = re.sub(r"<[^>]+>|\s+", " ", body).strip()
            assert len(text) > 20, f"{page.name}: section '{title}' is empty"


def test_world_page_adds_up_and_ranks(real_site):
    page = html(real_site, "regions/world")
    assert tile_value(page, "migrant-stock-regions") == "304 million (2024)"  # UN DESA 2024: 304.02 million
    for ranking in ("migrant-stock", "migrant-stock-share-population", "remittances-received", "refugees-hosted"):
        assert f'id="chart-region-world-top-{ranking}"' in page


def test_region_remittances_say_how_many_countries_report_instead_of_a_partial_total(real_site, data_catalog):
    import pandas as pd

    catalog = data_catalog
    africa = {c.iso3 for c in catalog.countries.values() if c.region == "africa"}
    data = pd.read_csv(paths.DATA / "indicators" / "remittances_received.csv").dropna(subset=["value"])
    data = data[data["country"].isin(africa)]
    year = int(data["year"].max())
    reporting = data[data["year"] == year]["country"].nunique()
    page = html(real_site, "regions/africa")
    section = page.split('id="remittances"')[1].split("<h2")[0]
    assert f"{reporting} of the {len(africa)} countries and areas of Africa have a figure for {year}" in section
    assert 'id="chart-region-africa-top-remittances-received-gdp"' in section


def test_countries_index_is_a_sortable_filterable_table(real_site):
    page = html(real_site, "countries")
    assert '<table class="fb-sortable" id="countries-table">' in page
    assert page.count("<tr data-search=") == 233
    assert 'class="fb-filter"' in page
    # the income group's column names the fiscal year of the classification; a row classified otherwise says so
    newest = int(pd.read_csv(paths.DATA / "indicators" / "income_group.csv")["year"].max())
    assert f">Income group (FY{newest + 2})</th>" in page
    rows = page.split("<tr data-search=")[1:]
    venezuela = next(row for row in rows if "Venezuela" in row.split("</td>")[0])
    assert "not classified since FY" in venezuela
    mexico = next(row for row in rows if ">Mexico<" in row)
    assert "classification)" not in mexico and "FY" not in mexico.split("</td>")[-2]


def test_agency_page_shows_sourced_statements_with_their_paper(real_site):
    page = html(real_site, "agencies/ilo")
    assert "International Labour" in page
    assert 'class="fb-fact__source"' in page
    assert "Paper of the International Labour Office" in page  # the paper the statement comes from
    assert "../../sources/un-2004-coordination-meeting/#section-001-" in page


def test_theme_page_has_a_chart_and_facts_with_permalinks(real_site):
    page = html(real_site, "themes/remittances")
    assert 'id="chart-theme-remittances-remittances-received"' in page
    assert re.search(r'<div class="fb-fact" id="fact-\d{3}-\d+-\d+">', page)
    assert 'class="fb-permalink" href="#fact-' in page


def test_lists_and_paragraphs_keep_their_line_breaks(real_site):
    """Template lines that end in a block tag keep their line break (a list item per organisation)."""
    theme = html(real_site, "themes/remittances")
    organisations = theme.split('id="organisations-working-on-this-theme"')[1].split("<h2")[0]
    items = re.findall(r"<li>(.*?)</li>", organisations, flags=re.S)
    assert len(items) >= 2 and all(item.count('href="../../agencies/') == 1 for item in items)
    agency = html(real_site, "agencies/iom")
    assert re.search(r"<p><strong>Themes:</strong>", agency)  # its own paragraph, not glued to the summary
    assert re.search(r"<p><strong>Contribution to the source documents:</strong>", agency)


def test_no_third_party_requests(real_site):
    for page in ("countries/mexico", "themes/remittances", "agencies/iom"):
        text = html(real_site, page)
        for src in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', text):
            assert not src.startswith(("http://", "https://", "//")), f"{page} loads {src}"
    assert (real_site / "assets" / "vendor" / "vega-bundle.js").stat().st_size > 100_000


def test_generated_pages_hold_no_script(real_site):
    """A strict Content-Security-Policy is coming: our pages carry no <script> (JS lives in static files)."""
    docs = real_site.parent / "docs"
    for page in list(docs.glob("countries/*.md"))[:50] + list(docs.glob("themes/*.md")) + list(docs.glob("agencies/*.md")):
        assert "<script" not in page.read_text(encoding="utf-8"), page
    assert not list(paths.TEMPLATES.glob("*.j2")) or all(
        "<script" not in t.read_text(encoding="utf-8") for t in paths.TEMPLATES.glob("*.j2"))


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def tiny_options(tmp: Path, data: Path) -> build.Options:
    return build.Options(data_dir=data, docs_dir=tmp / "docs", site_dir=tmp / "site", cache_dir=tmp / "cache")


def test_same_inputs_give_byte_identical_sites(tmp_path, tiny):
    first, second = tmp_path / "a", tmp_path / "b"
    for target in (first, second):
        copy_docs(target / "docs")
        build.build(tiny_options(target, tiny))
    a, b = tree_digest(first / "site"), tree_digest(second / "site")
    assert a == b
    assert "countries/mexico/index.html" in a and "sitemap.xml.gz" in a


def test_invalid_data_leave_the_previous_site_untouched(tmp_path, tiny):
    copy_docs(tmp_path / "docs")
    build.build(tiny_options(tmp_path, tiny))
    before_site, before_docs = tree_digest(tmp_path / "site"), tree_digest(tmp_path / "docs")
    path = tiny / "indicators" / "migrant_stock.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("MEX,2000", "MXE,2000"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build.build(tiny_options(tmp_path, tiny))
    assert [i.code for i in caught.value.issues] == ["unknown-country"]
    assert tree_digest(tmp_path / "site") == before_site
    assert tree_digest(tmp_path / "docs") == before_docs


def test_a_failing_mkdocs_build_keeps_the_previous_site(tmp_path, tiny):
    copy_docs(tmp_path / "docs")
    build.build(tiny_options(tmp_path, tiny))
    before = tree_digest(tmp_path / "site")
    (tmp_path / "docs" / "broken.md").write_text("[a dead link](nowhere.md)\n", encoding="utf-8")
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):
        build.build(tiny_options(tmp_path, tiny))
    assert tree_digest(tmp_path / "site") == before


def tile_value(page: str, figure: str) -> str:
    found = re.search(rf'id="figure-{figure}">\s*<span class="fb-tile__label">[^<]*<a class="fb-permalink"[^>]*>¶</a></span>\s*'
                      rf'<span class="fb-tile__value">([^<]+)</span>\s*<span class="fb-tile__meta">(\d{{4}})', page)
    assert found, f"no tile {figure}"
    return f"{found.group(1)} ({found.group(2)})"


@needs_shared_datasets
@pytest.mark.parametrize("iso3", ["MEX", "DEU", "IND", "IRN", "USA", "PHL"])
def test_sample_country_pages_match_the_raw_releases(real_site, data_catalog, iso3):
    import pandas as pd

    catalog = data_catalog
    page = html(real_site, f"countries/{catalog.countries[iso3].slug}")
    stocks = pd.read_csv(paths.DATASETS / "iom-gdidata/undesa_stocks.csv", usecols=["geo", "t", "n"])
    stock = stocks[(stocks["geo"] == iso3) & (stocks["t"] == 2024)]["n"].sum()
    assert tile_value(page, "migrant-stock") == f"{formatting.people(stock)} (2024)"
    wdi = pd.read_csv(paths.DATASETS / "iom-gdidata/wdi.csv")
    # a zero means "no estimate" (builder/ingest/zeros.py): the tile shows the latest positive figure (Iran: 2004)
    remin = wdi[(wdi["geo"] == iso3) & (wdi["var"] == "remin") & (wdi["v"] > 0)].dropna().sort_values("t").iloc[-1]
    assert tile_value(page, "remittances-received") == f"{formatting.usd(remin['v'])} ({int(remin['t'])})"
    unhcr = pd.read_csv(paths.DATASETS / "unhcr-refugees/population.csv", usecols=["year", "coa_iso", "refugees"])
    hosted = unhcr[(unhcr["coa_iso"] == iso3) & (unhcr["year"] == 2024)]["refugees"].sum()
    assert tile_value(page, "refugees-hosted") == f"{formatting.people(hosted)} (2024)"


def test_no_country_page_shows_a_zero_that_means_no_estimate(real_site):
    whole_zero = re.compile(r"US\$(?:\s|&nbsp;)0(?![.,\d])")  # "US$ 0", not "US$ 0.5 million"
    shown = [p.parent.name for p in sorted((real_site / "countries").glob("*/index.html"))
             if whole_zero.search(p.read_text(encoding="utf-8"))]
    assert shown == []
    page = html(real_site, "countries/syrian-arab-republic")
    assert "No later figure" in page and 'href="../../sources/#correction-wdi-remin-zero-contradicted"' in page


def test_every_internal_link_and_anchor_resolves(real_site):
    from builder import linkcheck

    problems, checked = linkcheck.check_site(real_site)
    assert checked > 100_000
    assert [str(p) for p in problems] == []


def test_a_rebuild_leaves_nothing_from_an_earlier_build(tmp_path, tiny):
    """Stray files in site/ or in a generated section of the docs dir, and the page of a country that
    left the data, are gone after the next build: the output holds only what this build wrote."""
    copy_docs(tmp_path / "docs")
    build.build(tiny_options(tmp_path, tiny))
    site, docs = tmp_path / "site", tmp_path / "docs"
    assert (site / "countries" / "united-states" / "index.html").is_file()
    assert (docs / "countries" / "united-states.md").is_file()
    assert (site / "charts" / "country-usa-migrant-stock.svg").is_file()
    strays = [site / "stray.html", site / "countries" / "stray" / "index.html",
              docs / "countries" / "stray.md", docs / "charts" / "stray.svg", docs / "assets" / "vendor" / "stray.js"]
    for stray in strays:
        stray.parent.mkdir(parents=True, exist_ok=True)
        stray.write_text("stray\n", encoding="utf-8")
    for rel in ("reference/countries.csv", "indicators/migrant_stock.csv"):  # the United States leave the data
        path = tiny / rel
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(line for line in lines if not line.startswith("USA,")), encoding="utf-8")
    build.build(tiny_options(tmp_path, tiny))
    assert [s for s in strays if s.exists()] == []
    stale = [p.relative_to(tmp_path).as_posix() for p in (tmp_path / "docs").rglob("*") if p.is_file()
             and re.search(r"united-states|-usa[-.]", p.name)]
    stale += [p.relative_to(tmp_path).as_posix() for p in site.rglob("*") if p.is_file()
              and re.search(r"united-states|-usa[-.]", p.as_posix())]
    assert stale == []
    assert "united-states" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "united-states" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert (site / "countries" / "mexico" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "data", "docs", "site"]  # no .old site left
    assert [p.name for p in docs.iterdir() if p.name.startswith(".")] == []  # nor a staging folder


SECOND_BUILD = """
import sys
from pathlib import Path
from builder import build, paths
build.build(build.Options(docs_dir=Path(sys.argv[1]), cache_dir=paths.CACHE, assemble=False, keep_models=False))
"""


def generated_digest(docs: Path) -> dict[str, str]:
    return {rel: digest for rel, digest in tree_digest(docs).items()
            if rel in routes.GENERATED_FILES or any(rel.startswith(section + "/") for section in routes.GENERATED_SECTIONS)}


def test_real_data_give_byte_identical_generated_pages(real_site, tmp_path):
    """A second build of the real data, in another process with another hash seed (so that the order of a
    set or dict of strings may differ), writes the same bytes into every generated section of the docs dir
    as the build behind ``real_site``; MkDocs' own determinism is checked on the tiny fixture above."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONHASHSEED": "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"}
    subprocess.run([sys.executable, "-c", SECOND_BUILD, str(tmp_path / "docs")], check=True, env=env,
                   cwd=paths.ROOT)
    first, second = generated_digest(real_site.parent / "docs"), generated_digest(tmp_path / "docs")
    assert len(first) > 5_000
    assert sorted(set(first) ^ set(second)) == []
    assert [rel for rel in first if first[rel] != second[rel]] == []


def test_chart_svgs_render_the_same_without_the_cache(real_site):
    """Both builds read SVGs from the cache; rendering a sample afresh gives the same bytes."""
    import json

    from builder.charts import render

    charts = real_site.parent / "docs" / "charts"
    specs = sorted(charts.glob("*.vl.json"))
    sample = [specs[i] for i in range(0, len(specs), max(1, len(specs) // 24))]
    for spec in sample:
        svg = render.to_svg(json.loads(spec.read_text(encoding="utf-8")), cache_dir=None)
        assert svg.encode("utf-8") == spec.with_name(spec.name.removesuffix(".vl.json") + ".svg").read_bytes(), spec


def test_the_site_publishes_what_the_route_registry_lists(real_site, data_catalog, data_site):
    """Every URL of the registry is in the built site, and every page of the site is in the registry."""
    catalog = data_catalog
    charts = [p.name[: -len(".vl.json")] for p in (real_site / "charts").glob("*.vl.json")]
    fixed = [c.id for c in data_site.charts() if not c.narrow]  # the locators: no narrow variant
    assert fixed and set(fixed) < set(charts)
    listed = set(routes.published(catalog, charts, [routes.VENDOR_FILE], fixed))
    assert {p.name for p in (real_site / "charts").iterdir()} == {u.removeprefix("/charts/") for u in listed
                                                                   if u.startswith("/charts/")}
    for url in listed:
        target = real_site / url.lstrip("/")
        assert (target / "index.html").is_file() if url.endswith("/") else target.is_file(), url
    found = {p for p in real_site.rglob("index.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")}
    pages = {"/" + p.parent.relative_to(real_site).as_posix().strip(".") + "/" for p in found}
    pages = {p.replace("//", "/") for p in pages}
    assert pages == {u for u in listed if u.endswith("/")}  # the redirect pages are builder/urls.py's (test_urls)
