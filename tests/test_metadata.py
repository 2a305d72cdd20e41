"""Shareable pages: canonical URLs, sitemap.xml, Open Graph / Twitter metadata and schema.org JSON-LD
(overrides/main.html, builder/structured.py), on the tiny site built with a site URL."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from builder import build

from .conftest import copy_docs

SITE_URL = "https://factbook.example/sub/"


@pytest.fixture(scope="module")
def site(tmp_path_factory, request) -> Path:
    import shutil

    from .conftest import TINY

    root = tmp_path_factory.mktemp("shareable")
    shutil.copytree(TINY, root / "data")
    copy_docs(root / "docs")
    build.build(build.Options(data_dir=root / "data", docs_dir=root / "docs", site_dir=root / "site",
                              cache_dir=root / "cache", site_url=SITE_URL))
    return root / "site"


def pages(site: Path) -> list[Path]:
    """Every page of the site: not the redirect pages, not the 404 page."""
    return [p for p in site.rglob("index.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]


def url_of(site: Path, page: Path) -> str:
    rel = page.parent.relative_to(site).as_posix()
    return SITE_URL + ("" if rel == "." else rel + "/")


def test_the_sitemap_lists_every_page_and_nothing_else(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {e.text for e in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)}
    assert listed == {url_of(site, p) for p in pages(site)}


def test_every_page_has_its_canonical_url_and_link_preview(site):
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        url = url_of(site, page)
        assert f'<link rel="canonical" href="{url}">' in html, page
        assert f'<meta property="og:url" content="{url}">' in html, page
        title = re.search(r'<meta property="og:title" content="([^"]+)">', html)
        assert title and title.group(1).strip(), page
        assert re.search(r'<meta property="og:description" content="[^"]+">', html), page
        assert '<meta name="twitter:card" content="summary">' in html, page


def jsonld(html: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def test_json_ld_parses_and_describes_the_page(site):
    country = jsonld((site / "countries" / "mexico" / "index.html").read_text(encoding="utf-8"))
    assert country["@type"] == "Country" and country["identifier"] == "MEX"
    assert country["url"] == SITE_URL + "countries/mexico/" and "MX" in country["alternateName"]
    dataset = jsonld((site / "indicators" / "migrant-stock" / "index.html").read_text(encoding="utf-8"))
    assert dataset["@type"] == "Dataset" and dataset["license"].startswith("https://")
    for download in dataset["distribution"]:
        rel = download["contentUrl"].removeprefix(SITE_URL)
        assert (site / rel).is_file(), rel
    agency = jsonld((site / "agencies" / "iom" / "index.html").read_text(encoding="utf-8"))
    assert agency["@type"] == "Organization" and agency["name"]


def test_json_ld_cannot_end_its_block():
    from builder import structured

    text = structured.dumps({"name": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"].startswith("</script>")
