"""End to end: the real build of data/ into a temporary site, read as HTML; and the build's
guarantees (deterministic, atomic) on the tiny fixture."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from builder import build, paths
from builder.issues import DataError

pytestmark = pytest.mark.slow


def copy_docs(target: Path) -> Path:
    shutil.copytree(paths.DOCS_DIR, target, ignore=shutil.ignore_patterns(
        *[s for s in paths.GENERATED_SECTIONS if "/" not in s], "vendor", ".staging*"))
    return target


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("real")
    build.build(build.Options(docs_dir=copy_docs(root / "docs"), site_dir=root / "site", cache_dir=paths.CACHE))
    return root / "site"


def html(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def test_country_page_shows_figures_chart_and_sources(real_site):
    page = html(real_site, "countries/mexico")
    assert re.search(r"<h1[^>]*>Mexico", page)
    assert re.search(r'class="fb-tile__label">Remittances received</div>\s*<div class="fb-tile__value">'
                     r"US\$\xa0\d+\.\d billion</div>", page)
    assert 'data-spec="../../charts/country-mex-migrant-stock.vl.json"' in page
    assert (real_site / "charts" / "country-mex-migrant-stock.svg").is_file()
    assert "Source: UN DESA (2024)" in page
    assert "International Migrant Stock 2024" in page  # the full citation under Sources and notes


def test_country_without_refugee_data_says_so(real_site):
    pages = sorted((real_site / "countries").glob("*/index.html"))
    assert len(pages) >= 233
    missing = [p for p in pages if "reports no figure" in p.read_text(encoding="utf-8")]
    assert missing, "some areas lack some figures and their pages must say so in words"


def test_agency_page_shows_sourced_statements(real_site):
    page = html(real_site, "agencies/ilo")
    assert "International Labour" in page
    assert 'class="fb-fact__source"' in page
    assert "../../sources/un-2004-coordination-meeting/" in page


def test_theme_page_has_a_chart_and_facts_with_permalinks(real_site):
    page = html(real_site, "themes/remittances")
    assert 'id="chart-theme-remittances-remittances-received"' in page
    assert re.search(r'<div class="fb-fact" id="fact-\d{3}-\d+-\d+">', page)
    assert 'class="fb-permalink" href="#fact-' in page


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
