"""Every chart reusable (issue 18): its source line, a CSV for reuse at the page's precision, PNG and SVG images,
an embed page that tells its parent its height, oEmbed, and the "Copy embed code" button (docs/charts.md).

The unit tests run on their own; the others read the real build (the session's ``real_site``) and the real site
served under the strict CSP (``site_server``), framed from another origin in headless Chromium.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import html as html_lib
import http.server
import io
import json
import re
import threading
import urllib.parse
import urllib.request
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from builder import csp, paths, routes
from builder.charts import files, recipes, render, theme

# A few real charts of every kind: a line, several lines, a ranking, a map, a share.
CHARTS = {
    "country-mex-migrant-stock": "countries/mexico",
    "country-mex-remittances": "countries/mexico",
    "country-mex-migrant-stock-share-population": "countries/mexico",
    "region-world-top-migrant-stock": "regions/world",
    "indicator-migrant-stock-map": "indicators/migrant-stock",
}


# ---------------------------------------------------------------- unit: CSV layout, PNG cache, one prefix


def test_a_remittance_csv_holds_whole_dollars_with_its_unit_year_source_and_edition():
    """The figures of a remittance chart in US$ as the data table shows them (whole dollars, no float noise),
    with the unit, the source and the edition in columns; a ranking adds its year."""
    source = {"producer": "World Bank", "title": "World Development Indicators", "attribution": "World Bank, WDI (2025)",
              "edition": "WDI extract of February 2025 (data through 2023)"}
    frame = pd.DataFrame({"year": [2022, 2023], "value": [61457717975.4951, 66237847600.5]})
    chart = recipes.time_series("x", frame, title="Remittances", what="Remittances received", place="Mexico",
                                unit="usd", source="Source: World Bank, WDI (2025)")
    chart = dataclasses.replace(chart, credits=(recipes.Credit.of(source),))
    rows = list(csv.reader(io.StringIO(files.csv_download(chart).decode("utf-8"))))
    assert rows == [
        ["Year", "Remittances received", "Unit", "Source", "Edition"],
        ["2022", "61457717975", "current US dollars", "World Bank, World Development Indicators",
         "WDI extract of February 2025 (data through 2023)"],
        ["2023", "66237847601", "current US dollars", "World Bank, World Development Indicators",  # half up
         "WDI extract of February 2025 (data through 2023)"],
    ]
    ranked = recipes.ranking("y", pd.DataFrame({"name": ["A", "B"], "value": [55.4951, 3.0]}), title="Share",
                             what="Women among immigrants", unit="percent", year=2024, source="Source: s")
    rows = list(csv.reader(io.StringIO(files.csv_download(ranked).decode("utf-8"))))
    assert rows == [["Country", "Women among immigrants", "Year", "Unit"], ["A", "55.50", "2024", "per cent"],
                    ["B", "3", "2024", "per cent"]]


def test_pngs_are_cached_by_the_svg_key_scale_and_version(tmp_path, monkeypatch):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#123"/></svg>'
    spec = {"mark": "point"}
    key = render.png_key(spec)
    assert key != render.png_key({"mark": "bar"})
    monkeypatch.setattr(render, "PNG_SCALE", 1.0)
    assert render.png_key(spec) != key  # the scale is part of the key
    monkeypatch.undo()
    png = render.to_png(svg, key, tmp_path)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and (tmp_path / f"{key}.png").read_bytes() == png
    pad, scale = theme.PNG_MARGIN, render.PNG_SCALE  # the margin on both sides, then scaled
    assert render.png_size(png) == (round(scale * (40 + 2 * pad)), round(scale * (20 + 2 * pad)))

    assert png[25] == 3  # an indexed PNG (colour type 3)

    def no_render(*args, **kwargs):
        raise AssertionError("a cached PNG was rendered again")
    monkeypatch.setattr(render.vlc, "svg_to_png", no_render)
    assert render.to_png(svg, key, tmp_path) == png


def test_a_chart_png_is_indexed_without_losing_a_colour_it_can_keep():
    """vl-convert's RGBA PNG, written again with a palette: the same pixels when the image has at most 256
    colours; beyond, the rare colours take a near palette colour."""
    import io

    import vl_convert as vlc
    from PIL import Image, ImageChops

    chart = recipes.time_series("x", pd.DataFrame({"year": [2000, 2010, 2020], "value": [1.0, 3.0, 2.0]}),
                                title="A line", what="Immigrants", place="Here", unit="people", source="Source: s")
    raw = vlc.svg_to_png(render._opaque(render.to_svg(chart.spec)), scale=render.PNG_SCALE)
    png = render.compact_png(raw)
    before = Image.open(io.BytesIO(raw)).convert("RGB")
    after = Image.open(io.BytesIO(png))
    assert after.mode == "P" and len(png) < len(raw) / 2 and render.png_size(png) == before.size
    difference = ImageChops.difference(before, after.convert("RGB"))
    colours = before.getcolors(1 << 24) or []
    raw_difference = difference.tobytes()
    changed = sum(1 for i in range(0, len(raw_difference), 3) if raw_difference[i:i + 3] != b"\0\0\0")
    if len(colours) <= render.PNG_COLOURS:
        assert changed == 0
    else:
        assert changed / (before.size[0] * before.size[1]) < 0.01
    pixels = bytes([255, 255, 255, 47, 109, 181, 217, 130, 43, 1, 2, 3])
    few = Image.frombytes("RGB", (4, 1), pixels)
    out = io.BytesIO()
    few.save(out, format="PNG")
    exact = Image.open(io.BytesIO(render.compact_png(out.getvalue()))).convert("RGB")
    assert exact.tobytes() == pixels  # four colours: kept exactly


def test_the_embed_prefix_has_one_home():
    """The registry's embed pages are what builder/csp.py exempts from frame-ancestors, and nothing else is."""
    assert csp.EMBED_PREFIX is routes.EMBED_PREFIX
    embed_url = routes.url(routes.embed("country-mex-migrant-stock"))
    assert embed_url == "/embed/country-mex-migrant-stock/" and embed_url.startswith(csp.EMBED_PREFIX)
    assert "frame-ancestors" not in csp.policy(embed_url)
    assert routes.url(routes.oembed("x")).startswith(csp.EMBED_PREFIX)
    for other in ("/", "/countries/mexico/", "/charts/x.svg", "/embedded/"):
        assert "frame-ancestors 'self'" in csp.policy(other), other


def test_the_embed_page_with_a_site_address():
    """With SITE_URL every address that leaves the page is absolute (discovery, the link back, oEmbed's code and
    thumbnail); the page's own files stay relative, so a copy of the site works under any address. A locator map,
    an image beside a country's name and no figure, links back to the page without an anchor."""
    from builder import embed

    site = "https://factbook.example/sub/"
    chart = recipes.ChartSpec("country-mex-x", 'A "title" <b>', "A description.", "Source: s", {}, pd.DataFrame())
    home = type("Page", (), {"path": "countries/mexico.md", "locator": None})()
    page = embed.page(chart, home, "Mexico", (640, 300), site)
    assert f'href="{site}embed/country-mex-x/oembed.json" title="A &quot;title&quot; &lt;b&gt;"' in page
    assert f'href="{site}countries/mexico/#chart-country-mex-x"' in page
    assert 'src="../../charts/country-mex-x.svg"' in page and 'href="../../assets/css/factbook.css"' in page
    assert "<b>" not in page and "<style" not in page and "style=" not in page
    assert re.findall(r"<script[^>]*>", page) == ['<script src="../../assets/js/embed.js" defer>',
                                                   '<script src="../../assets/js/charts.js" defer>']
    data = json.loads(embed.oembed(chart, (640, 300), (1328, 648), site))
    assert data["html"] == embed.code(chart, (640, 300), site, None)
    assert data["html"].startswith(f'<iframe src="{site}embed/country-mex-x/" title="A &quot;title&quot; &lt;b&gt;"')
    assert f'<script src="{site}assets/js/embed-resize.js" async></script>' in data["html"]
    assert (data["provider_url"], data["thumbnail_url"]) == (site, f"{site}charts/country-mex-x.png")
    assert (data["width"], data["height"], data["thumbnail_width"]) == (640, 300 + embed.CAPTION_HEIGHT, 1328)
    locator = type("Page", (), {"path": "countries/mexico.md", "locator": chart})()
    assert f'href="{site}countries/mexico/" target="_blank"' in embed.page(chart, locator, "Mexico", (640, 300), site)


# ---------------------------------------------------------------- the real build


def table_under(page: str, chart_id: str) -> list[list[str]]:
    """The data table under a chart on a built page, cell by cell as a reader sees it."""
    start = page.index(f'id="{routes.anchor("chart", chart_id)}"')
    block = page[start:].split('<details class="fb-table', 1)[1].split("</details>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", block, re.S)
    return [[html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in rows]


def shown_number(text: str) -> Decimal | None:
    return None if text in ("–", "") else Decimal(text.replace(",", ""))


@pytest.mark.slow
@pytest.mark.parametrize("chart_id", sorted(CHARTS))
def test_a_chart_csv_round_trips_to_the_table_on_its_page(real_site, chart_id):
    """The CSV's columns are the table's, value for value (numbers at the digits the page shows), then the
    year (for a chart that is not over the years), unit, source and edition."""
    page = (real_site / CHARTS[chart_id] / "index.html").read_text(encoding="utf-8")
    table = table_under(page, chart_id)
    rows = list(csv.reader(io.StringIO((real_site / routes.chart(chart_id, "csv")).read_text(encoding="utf-8"))))
    header, body = rows[0], rows[1:]
    width = len(table[0])
    assert header[:width] == table[0]
    assert len(body) == len(table) - 1
    for shown, row in zip(table[1:], body, strict=True):
        for cell, value in zip(shown, row[:width], strict=True):
            number = shown_number(cell) if re.fullmatch(r"[-\d,.]+|–", cell) else None
            if number is None and cell not in ("–",):
                assert value == cell
            else:
                assert (Decimal(value) if value else None) == number, (cell, value)
    extra = dict(zip(header[width:], zip(*[r[width:] for r in body], strict=True), strict=True))
    assert set(extra) >= {"Source", "Edition"}
    assert len(set(extra["Source"])) == 1 and extra["Source"][0]
    if "Year" not in table[0]:
        assert "Year" in extra
    caption = re.search(rf'id="chart-{chart_id}".*?<span class="fb-chart__source">(.*?)</span>', page, re.S)
    assert caption and extra["Edition"][0] in html_lib.unescape(caption.group(1))  # the source line names it


@pytest.mark.slow
def test_the_remittance_csv_is_the_release_rounded_once_in_whole_dollars(real_site):
    data = pd.read_csv(paths.DATA / "indicators" / "remittances_received.csv", dtype={"value": str})
    mexico = {int(y): v for y, v in data[data["country"] == "MEX"][["year", "value"]].itertuples(index=False)}
    rows = list(csv.DictReader(io.StringIO((real_site / routes.chart("country-mex-remittances", "csv"))
                                           .read_text(encoding="utf-8"))))
    assert rows and {r["Unit"] for r in rows} == {"current US dollars"}
    for row in rows:
        if row["Remittances received"]:
            raw = Decimal(mexico[int(row["Year"])])
            assert row["Remittances received"] == str(raw.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.mark.slow
def test_every_chart_has_its_files_and_its_caption_shows_the_source_line(real_site):
    ids = sorted(p.name[: -len(".vl.json")] for p in (real_site / "charts").glob("*.vl.json"))
    assert len(ids) > 2000
    missing = [(i, ext) for i in ids for ext in ("svg", "png", "csv")
               if not (real_site / routes.chart(i, ext)).is_file()]
    missing += [(i, "embed") for i in ids if not (real_site / routes.embed(i)).is_file()
                or not (real_site / routes.oembed(i)).is_file()]
    assert missing == []
    page = (real_site / "countries" / "mexico" / "index.html").read_text(encoding="utf-8")
    figures = page.count('<figure class="fb-chart"')
    assert figures > 3
    assert page.count('<span class="fb-chart__source">Source: ') == figures
    assert page.count('data-embed-code="&lt;iframe src=') == figures
    assert page.count(">Image (PNG)</a>") == figures


@pytest.mark.slow
def test_chart_pngs_rasterise_the_same_without_the_cache(real_site):
    """The published PNG (read from the shared cache) is what rasterising its published SVG gives now."""
    for chart_id in ("country-mex-migrant-stock", "region-world-top-migrant-stock", "country-mex-locator"):
        svg = (real_site / routes.chart(chart_id, "svg")).read_text(encoding="utf-8")
        fresh = render.to_png(svg, "unused", cache_dir=None)
        assert fresh == (real_site / routes.chart(chart_id, "png")).read_bytes(), chart_id


@pytest.mark.slow
def test_the_embed_pages_stay_out_of_the_search_index_and_the_sitemap(real_site):
    """They repeat a chart of a page that is itself indexed: readers should land on the page, not the fragment."""
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("embed/")]
    sitemap = (real_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/embed/" not in sitemap
    page = (real_site / routes.embed("country-mex-migrant-stock")).read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page
    assert "<script>" not in page and "style=" not in page and "<style" not in page


# ---------------------------------------------------------------- served: types, bytes; framed from elsewhere


@pytest.mark.slow
@pytest.mark.parametrize("chart_id", ["country-mex-migrant-stock", "indicator-migrant-stock-map"])
def test_the_files_of_a_chart_are_served(site_server, chart_id):
    def get(url: str) -> tuple[str, bytes]:
        with urllib.request.urlopen(site_server + url) as response:
            assert response.status == 200, url
            return response.headers.get_content_type(), response.read()

    kind, body = get(routes.url(routes.chart(chart_id, "png")))
    assert kind == "image/png" and body.startswith(b"\x89PNG\r\n\x1a\n") and render.png_size(body)[0] >= 900
    kind, body = get(routes.url(routes.chart(chart_id, "svg")))
    assert kind == "image/svg+xml" and body.lstrip().startswith(b"<svg")
    kind, body = get(routes.url(routes.chart(chart_id, "csv")))
    assert kind == "text/csv" and b",Unit,Source,Edition\n" in body.split(b"\n", 1)[0] + b"\n"
    kind, body = get(routes.url(routes.embed(chart_id)))
    assert kind == "text/html" and body.startswith(b"<!DOCTYPE html>") and b'<html lang="en">' in body
    kind, body = get(routes.url(routes.oembed(chart_id)))
    oembed = json.loads(body)
    assert (oembed["version"], oembed["type"]) == ("1.0", "rich")
    assert f'src="{routes.url(routes.embed(chart_id))}"' in oembed["html"]
    assert oembed["width"] > 0 and oembed["height"] > 0 and oembed["title"] and oembed["provider_name"]
    discovery = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"',
                          get(routes.url(routes.embed(chart_id)))[1].decode("utf-8"))
    # relative to the embed page in a build without SITE_URL (absolute with it: test_the_embed_page_with_a_site_address)
    embed_url = site_server + routes.url(routes.embed(chart_id))
    assert discovery and urllib.parse.urljoin(embed_url, discovery.group(1)) == site_server + routes.url(
        routes.oembed(chart_id))


class _Plain(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def other_origin(tmp_path_factory, site_server):
    """A page on ANOTHER origin (a second local server) that embeds a chart with its embed code, and records
    the messages it receives; the host names differ too (localhost against 127.0.0.1)."""
    root = tmp_path_factory.mktemp("embedder")
    chart_id = "country-mex-migrant-stock"
    oembed = json.loads(urllib.request.urlopen(site_server + routes.url(routes.oembed(chart_id))).read())
    code = oembed["html"].replace('src="/', f'src="{site_server}/')  # the real build has no SITE_URL
    (root / "record.js").write_text(
        'window.received = []; window.addEventListener("message", function (e) {'
        ' if (e.data && e.data.type) window.received.push({origin: e.origin, data: e.data}); });\n', encoding="utf-8")
    (root / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A newsroom page</title>'
        '<script src="record.js"></script></head><body><p>Our story.</p>'
        f'<div id="box">{code}</div><iframe id="page" src="{site_server}/countries/mexico/" title="x"></iframe>'
        '</body></html>\n', encoding="utf-8")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Plain, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://localhost:{httpd.server_address[1]}/", chart_id
    httpd.shutdown()


@pytest.mark.slow
@pytest.mark.browser
def test_an_embed_page_framed_by_another_site_tells_it_its_height(chromium, site_server, other_origin):
    url, chart_id = other_origin
    page = chromium.new_page(viewport={"width": 1000, "height": 900})
    try:
        page.goto(url)
        page.wait_for_function("window.received.some(m => m.data.type === 'factbook:embed-height')", timeout=20_000)
        first = [m for m in page.evaluate("window.received") if m["data"]["type"] == "factbook:embed-height"][0]
        assert first["origin"] == site_server and first["data"]["id"] == chart_id
        assert first["data"]["height"] > 200
        frame = page.locator(f"iframe[data-factbook-embed='{chart_id}']")
        # embed-resize.js (ours, included by the embed code) set the iframe's height from the message
        page.wait_for_function(
            f"document.querySelector(\"iframe[data-factbook-embed='{chart_id}']\").style.height.endsWith('px')")
        # narrower: the chart scales down, the embed page says so, the iframe follows
        frame.evaluate("f => { f.style.width = '390px'; }")
        page.wait_for_function(
            "(() => { const h = window.received.filter(m => m.data.type === 'factbook:embed-height').map(m => m.data.height);"
            " return h.length > 1 && h[h.length - 1] < h[0]; })()", timeout=20_000)
        last = [m for m in page.evaluate("window.received") if m["data"]["type"] == "factbook:embed-height"][-1]
        page.wait_for_function(
            f"document.querySelector(\"iframe[data-factbook-embed='{chart_id}']\").style.height === '{last['data']['height']}px'")
        # a page that is not an embed page stays unframeable (frame-ancestors 'self'): Chromium shows its error page
        for other in page.frames:
            if other.url.startswith(site_server + "/countries/"):
                assert "fb-chart" not in other.content()
    finally:
        page.close()


@pytest.mark.slow
@pytest.mark.browser
def test_the_copy_button_copies_the_embed_code_with_absolute_addresses(chromium, site_server):
    context = chromium.new_context(viewport={"width": 1280, "height": 900},
                                   permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(f"{site_server}/countries/mexico/")
        button = page.locator("#chart-country-mex-remittances button.fb-chart__embed-button")
        assert button.inner_text() == "Copy embed code"
        button.click()
        page.wait_for_function("document.querySelector('#chart-country-mex-remittances "
                               "button.fb-chart__embed-button').textContent === 'Embed code copied'")
        code = page.evaluate("navigator.clipboard.readText()")
        oembed = json.loads(urllib.request.urlopen(site_server + routes.url(routes.oembed("country-mex-remittances"))).read())
        # the same code as oEmbed's, made absolute from the page's own address (this build has no SITE_URL)
        assert code == oembed["html"].replace('src="/', f'src="{site_server}/')
    finally:
        context.close()


def test_no_button_without_javascript():
    """The button is made by assets/js/embed-code.js; the HTML holds only its data (no dead button)."""
    template = (paths.TEMPLATES / "_chart.html.j2").read_text(encoding="utf-8")
    assert "<button" not in template and "data-embed-code=" in template
    script = (paths.DOCS_DIR / "assets" / "js" / "embed-code.js").read_text(encoding="utf-8")
    assert 'createElement("button")' in script
    assert "assets/js/embed-code.js" in (paths.MKDOCS_YML).read_text(encoding="utf-8")
    assert Path(paths.DOCS_DIR / routes.EMBED_RESIZE_SCRIPT).is_file()
