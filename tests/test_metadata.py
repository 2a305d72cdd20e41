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
    """Every page of the site: not the redirect pages, not the embed pages (builder/embed.py), not the 404 page."""
    return [p for p in site.rglob("index.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
            and not p.relative_to(site).as_posix().startswith("embed/")]


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
        image = 'property="og:image"' in html
        card = "summary_large_image" if image else "summary"
        assert f'<meta name="twitter:card" content="{card}">' in html, page


def meta(html: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return None if found is None else found.group(1)


def test_a_page_with_a_chart_names_its_headline_charts_png_as_its_link_preview_image(site):
    """og:image: the PNG of the page's first chart, absolute, with its description and its true size."""
    import html as html_lib

    from builder.charts import render

    for rel, chart in [("countries/mexico", "country-mex-migrant-stock"), ("regions/world", "region-world-top-migrant-stock"),
                       ("themes/remittances", "theme-remittances-remittances-received")]:
        page = (site / rel / "index.html").read_text(encoding="utf-8")
        url = meta(page, "og:image")
        assert url == f"{SITE_URL}charts/{chart}.png", rel
        png = (site / url.removeprefix(SITE_URL)).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = render.png_size(png)
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == (str(width), str(height))
        assert width >= 900  # large link previews take 600 px and more (1,200 recommended)
        figure = re.search(r'<figure class="fb-chart" id="chart-' + re.escape(url.rsplit("/", 1)[1][:-4]) +
                           r'".*?<span class="fb-chart__desc">(.*?)</span>', page, re.S)
        alt = html_lib.unescape(meta(page, "og:image:alt") or "")
        assert figure and alt == html_lib.unescape(figure.group(1)), rel
        assert meta(page, "twitter:image") == url and meta(page, "twitter:card") == "summary_large_image"
    # a page without a chart has none, and keeps the small card (the tiny site's indicator pages have no map)
    for rel in ("agencies/iom", "indicators/migrant-stock"):
        page = (site / rel / "index.html").read_text(encoding="utf-8")
        assert meta(page, "og:image") is None and meta(page, "twitter:card") == "summary", rel


def test_without_a_site_address_no_page_names_an_image():
    """Open Graph wants absolute URLs: without SITE_URL the front matter carries no image (the golden Markdown of
    the tiny site, built without one, says so), and overrides/main.html then writes neither og:image nor the
    large card."""
    from builder import pages

    from .golden import GOLDEN

    assert 'og_image: ""' in (GOLDEN / "countries" / "mexico.md").read_text(encoding="utf-8")

    class Page:
        headline_chart = type("Chart", (), {"id": "c", "description": "d"})()
    assert str(pages.site_context(site_url=None, png_sizes={"c": (1400, 700)})["og_image"](Page())) == '""'
    with_url = pages.site_context(site_url=SITE_URL, png_sizes={"c": (1400, 700)})["og_image"](Page())
    assert json.loads(str(with_url)) == {"url": SITE_URL + "charts/c.png", "alt": "d", "width": 1400, "height": 700}


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
