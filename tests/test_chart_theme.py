"""The chart theme (builder/charts/theme.py): one definition, a dark variant, colours everyone can tell apart.

Contrast is WCAG's (relative luminance); colour-vision deficiencies are simulated with Machado, Oliveira &
Fernandes (2009) at full severity (colorspacious, pinned), and distances measured in CAM02-UCS (ΔE′).
The thresholds are stated in docs/charts-theme.md.
"""

from __future__ import annotations

import itertools
import json
import posixpath
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from colorspacious import cspace_convert, deltaE

from builder import paths, routes
from builder.charts import maps, recipes, render, theme

TEXT = 4.5  # WCAG 1.4.3: text against its background
NON_TEXT = 3.0  # WCAG 1.4.11: a mark (line, bar, outline) against what is next to it
DISTINCT = 10.0  # ΔE′ (CAM02-UCS) between two colours that must be told apart, with each vision below
VISIONS = (None, "protanomaly", "deuteranomaly", "tritanomaly")  # None: normal; the others at severity 100
LIGHT, DARK = theme.BACKGROUND["light"], theme.BACKGROUND["dark"]


def rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])


def luminance(colour: str) -> float:
    c = rgb(colour)
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(c @ [0.2126, 0.7152, 0.0722])


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def seen(colour: str, vision: str | None) -> np.ndarray:
    if vision is None:
        return rgb(colour)
    simulated = cspace_convert(rgb(colour), {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}, "sRGB1")
    return np.clip(simulated, 0, 1)


def distance(a: str, b: str) -> float:
    """The smallest ΔE′ between ``a`` and ``b`` with normal vision and each simulated deficiency."""
    return min(float(deltaE(seen(a, v), seen(b, v), input_space="sRGB1")) for v in VISIONS)


def light(pairs):
    return [p[0] for p in pairs]


def dark(pairs):
    return [p[1] for p in pairs]


# The measures themselves
def test_the_measures_give_known_values_and_can_fail():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey text passing AA
    assert distance("#ff0000", "#ff0000") == pytest.approx(0.0, abs=1e-6)
    # the palette before this theme: its blue and purple are one colour to a protanope
    assert distance("#2f6db5", "#8a5fbf") < 3 < DISTINCT
    # and its grey ink, chosen "to read on both", is too faint for text on slate
    assert contrast("#6b7280", DARK) < TEXT


def test_the_dark_background_is_materials_slate():
    """Material's slate background, hsla(var(--md-hue), 15%, 14%) with --md-hue 225deg, read from its CSS."""
    import colorsys

    import material

    css = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    text = "".join(p.read_text(encoding="utf-8") for p in css.glob("*.min.css"))
    hue = float(re.search(r"--md-hue:(\d+)deg", text).group(1))
    sat, light_ = (float(x) / 100 for x in re.search(
        r"--md-default-bg-color:hsla\(var\(--md-hue\), ?(\d+)%, ?(\d+)%, ?1\)", text).groups())
    r, g, b = colorsys.hls_to_rgb(hue / 360, light_, sat)
    assert "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in (r, g, b))) == DARK
    assert "--md-default-bg-color:#fff" in text and LIGHT == "#ffffff"


# One theme, an unambiguous dark variant
def test_every_role_has_its_own_light_value_so_the_dark_mapping_is_unambiguous():
    roles = theme.roles()
    lights = [light for light, _ in roles.values()]
    assert len(set(lights)) == len(lights), "two roles share a light value"
    darks = {d: name for name, (_, d) in roles.items()}
    for name, (value, _) in roles.items():  # a light value that is also a dark value is the same role's
        assert darks.get(value, name) == name or roles[darks[value]][1] == roles[name][1], name
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for pair in roles.values() for c in pair)
    mapping = theme.dark_colours()
    assert mapping[theme.INK] == theme.INK_COLOUR[1] and mapping[theme.PRIMARY] == theme.CATEGORY_COLOURS[0][1]
    assert theme.PALETTE[1] not in mapping  # one value for both schemes


def test_text_and_axes_contrast_with_their_background_in_both_schemes():
    for role in (theme.TITLE_COLOUR, theme.INK_COLOUR):
        assert contrast(role[0], LIGHT) >= TEXT and contrast(role[1], DARK) >= TEXT, role
    assert contrast(theme.DOMAIN_COLOUR[0], LIGHT) >= NON_TEXT and contrast(theme.DOMAIN_COLOUR[1], DARK) >= NON_TEXT


def test_the_categorical_palette_contrasts_on_both_backgrounds_and_stays_distinct_with_every_vision():
    pairs = theme.CATEGORY_COLOURS
    assert all(contrast(c, LIGHT) >= NON_TEXT for c in light(pairs))
    assert all(contrast(c, DARK) >= NON_TEXT for c in dark(pairs))
    for palette in (light(pairs), dark(pairs)):
        for a, b in itertools.combinations(palette, 2):
            assert distance(a, b) >= DISTINCT, (a, b)
    assert len(theme.DASHES) == len(theme.SHAPES) == len(pairs)  # series i: colour, dash and shape i
    assert len({json.dumps(d) for d in theme.DASHES}) == len(theme.DASHES) == len(set(theme.SHAPES))


@pytest.mark.parametrize("name", ["sequential", "diverging", "ordinal"])
def test_map_classes_stay_distinct_and_apart_from_no_data(name):
    pairs = {"sequential": theme.SEQUENTIAL_COLOURS, "diverging": theme.DIVERGING_COLOURS}.get(name)
    for scheme, pick in ((0, light), (1, dark)):
        if pairs is None:  # a classification: 2 to 5 ordered classes of the sequential scale
            mapping = theme.dark_colours()
            palettes = [[mapping.get(c, c) if scheme else c for c in theme.ordinal(n)] for n in range(2, 6)]
        else:
            palettes = [pick(pairs)]
        no_data = theme.NO_DATA_COLOUR[scheme]
        for palette in palettes:
            for a, b in itertools.combinations(palette, 2):
                assert distance(a, b) >= DISTINCT, (name, scheme, a, b)
            for c in palette:
                assert distance(c, no_data) >= DISTINCT, (name, scheme, c, no_data)
    # no data against the lightest class, which a reader could take for "little"
    assert distance(theme.NO_DATA_COLOUR[0], theme.SEQUENTIAL_COLOURS[0][0]) >= DISTINCT
    assert distance(theme.NO_DATA_COLOUR[1], theme.SEQUENTIAL_COLOURS[0][1]) >= DISTINCT


def test_every_map_shape_is_outlined_where_its_fill_fades_into_the_background():
    """Viridis ends in #fde725 (1.3:1 on white) and #440154 (1.1:1 on slate): the border carries the shape."""
    stroke = theme.MAP_STROKE_COLOUR
    assert contrast(stroke[0], LIGHT) >= NON_TEXT and contrast(stroke[1], DARK) >= NON_TEXT
    assert contrast(theme.SEQUENTIAL_COLOURS[-1][1], DARK) < NON_TEXT  # the known problem the outline solves
    fills = [*theme.SEQUENTIAL_COLOURS, *theme.DIVERGING_COLOURS, theme.NO_DATA_COLOUR,
             *theme.LOCATOR_COLOURS.values()]
    faint = [f for f in fills if contrast(f[0], LIGHT) < NON_TEXT or contrast(f[1], DARK) < NON_TEXT]
    assert faint and theme.MAP_STROKE_WIDTH >= 0.5  # those are drawn with the outline (test_maps: every shape)


def test_the_locator_finds_the_country_by_lightness_too():
    c, r, land = (theme.LOCATOR_COLOURS[k] for k in ("country", "region", "land"))
    for scheme, bg in ((0, LIGHT), (1, DARK)):
        assert contrast(c[scheme], r[scheme]) >= NON_TEXT and contrast(c[scheme], land[scheme]) >= NON_TEXT
        assert contrast(c[scheme], bg) >= NON_TEXT
        assert distance(r[scheme], land[scheme]) >= DISTINCT


def test_the_dark_svg_maps_colour_attributes_only():
    svg = (f'<svg><path fill="{theme.PRIMARY}" stroke="{theme.GRID.upper()}"/><path fill="{theme.PALETTE[1]}"/>'
           f'<text fill="{theme.INK}">{theme.INK} #123456</text><rect fill="#123456"/></svg>')
    out = theme.dark_svg(svg)
    assert out == (f'<svg><path fill="{theme.CATEGORY_COLOURS[0][1]}" stroke="{theme.GRID_COLOUR[1]}"/>'
                   f'<path fill="{theme.PALETTE[1]}"/>'
                   f'<text fill="{theme.INK_COLOUR[1]}">{theme.INK} #123456</text><rect fill="#123456"/></svg>')
    assert theme.dark_svg(out) == out  # no dark value is the light value of another role
    assert json.loads(theme.dark_json()) == {"dark": theme.dark_colours()}


def test_the_interactive_view_reads_the_dark_colours_from_the_route_the_build_writes():
    js = (paths.DOCS_DIR / "assets" / "js" / "charts.js").read_text(encoding="utf-8")
    (relative,) = re.findall(r'new URL\("([^"]*chart-theme[^"]*)"', js)
    assert posixpath.normpath(posixpath.join("assets/js", relative)) == routes.chart_theme()
    assert "#c9cdd3" not in js and not re.search(r"#[0-9a-fA-F]{6}", js)  # no colour of its own


# Every colour a chart draws is the theme's, so its dark SVG is complete
SERIES = pd.DataFrame({"year": [2000, 2010, 2020] * 3, "series": ["A"] * 3 + ["B"] * 3 + ["C"] * 3,
                       "value": [1.0, 2.0, 3.0, 3.0, 2.0, 1.0, 2.0, 2.0, 2.0]})


@pytest.fixture(scope="module")
def sample(data_catalog):
    """One chart of every recipe, on real geometry."""
    world = data_catalog.maps["world_110m"]
    names = {c.iso3: c.name for c in data_catalog.countries.values()}
    frame = pd.DataFrame({"country": list(world.shown), "year": 2024,
                          "value": [float(i % 40) - 10 for i in range(len(world.shown))]})
    return {
        "time_series": recipes.time_series("t", SERIES[SERIES["series"] == "A"], title="T", what="W", place="P",
                                           unit="people", source="Source: S"),
        "ranking": recipes.ranking("r", pd.DataFrame({"name": ["A", "B"], "value": [2.0, 1.0]}), title="T",
                                   what="W", unit="people", year=2024, source="Source: S"),
        "multi_series": recipes.multi_series("m", SERIES, title="T", place="P", unit="people", source="Source: S"),
        "choropleth": maps.choropleth("c", frame.assign(value=frame["value"].abs()), world, names, year=2024,
                                      title="T", what="W", unit="people", source="Source: S"),
        "diverging": maps.choropleth("d", frame, world, names, year=2024, title="T", what="W", unit="people",
                                     source="Source: S"),
        "locator": maps.locator("l", world, "MEX", data_catalog.countries, region_name="R"),
    }


COLOUR = re.compile(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"')


def test_every_colour_of_every_recipe_is_a_theme_colour_in_both_variants(sample):
    roles = theme.roles()
    lights, darks = {c[0] for c in roles.values()}, {c[1] for c in roles.values()}
    for name, chart in sample.items():
        for narrow in (False, True) if chart.narrow else (False,):
            svg = render.to_svg(chart.spec, narrow=narrow)
            used = set(COLOUR.findall(svg))
            assert used and used <= lights, (name, used - lights)
            assert set(COLOUR.findall(theme.dark_svg(svg))) <= darks, name
            assert not re.search(r'(?:fill|stroke)="(?!#|none")', svg), name  # no named or rgb() colour


def test_several_series_differ_by_dash_and_shape_and_the_legend_shows_them(sample):
    spec = sample["multi_series"].spec
    line, point = spec["layer"]
    assert line["encoding"]["strokeDash"]["field"] == point["encoding"]["shape"]["field"] == "series"
    assert line["encoding"]["strokeDash"]["scale"]["range"] == theme.DASHES[:3]
    assert point["encoding"]["shape"]["scale"]["range"] == theme.SHAPES[:3]
    svg = render.to_svg(spec)
    legend = svg[svg.index('class="mark-group role-legend"'):]
    assert all(f">{s}<" in legend for s in "ABC")
    symbols = re.findall(r'role-legend-symbol"[^>]*><path[^>]*? d="([^"]+)"[^>]*? stroke-dasharray="([^"]+)"', legend)
    assert len(symbols) == 3 and len({d for d, _ in symbols}) == 3 and len({dash for _, dash in symbols}) == 3
    with pytest.raises(ValueError, match="more than the theme tells apart"):
        many = pd.DataFrame({"year": 2000, "series": list("ABCDEFG"), "value": 1.0})
        recipes.multi_series("x", many, title="T", place="P", unit="people", source="S")


def _encodings(spec):
    yield spec.get("encoding", {})
    for layer in spec.get("layer", []):
        yield from _encodings(layer)


def test_no_chart_of_the_site_carries_meaning_by_colour_alone(data_site):
    """A colour channel with a field is doubled by a dash or shape on the same field, or (maps) named by the
    legend's labels with the data in the table; a locator (no legend) is described in words and shows its
    country by lightness (test_the_locator_finds_the_country_by_lightness_too)."""
    checked = 0
    for chart in data_site.charts():
        spec = chart.spec
        encodings = list(_encodings(spec))
        for enc in encodings:
            field = enc.get("color", {}).get("field")
            if field is None:
                continue
            checked += 1
            if spec.get("mark", {}).get("type") == "geoshape":
                legend = enc["color"].get("legend", {})
                if legend is None:
                    assert chart.description and chart.id.endswith("locator"), chart.id
                else:
                    assert enc["color"]["scale"]["domain"] and not chart.table.empty, chart.id
                continue
            others = {e.get(ch, {}).get("field") for e in encodings for ch in ("strokeDash", "shape", "text")}
            assert field in others, chart.id
    assert checked > 400


# The static variants
def test_a_chart_that_fills_its_column_has_a_narrow_variant_keyed_apart(sample):
    chart = sample["choropleth"].spec
    wide, narrow = theme.static(chart), theme.static(chart, narrow=True)
    assert wide["width"] == theme.WIDTH and narrow["width"] == theme.NARROW_WIDTH
    assert narrow["height"] == round(theme.NARROW_WIDTH / theme.MAP_ASPECT)
    assert narrow["encoding"]["color"]["legend"]["columns"] == theme.NARROW_LEGEND_COLUMNS
    assert wide["autosize"] == narrow["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert chart["width"] == "container"  # the spec itself is left as it is
    assert render.cache_key(chart) != render.cache_key(chart, narrow=True)
    assert not sample["locator"].narrow and theme.static(sample["locator"].spec) == sample["locator"].spec
    svg = render.to_svg(chart, narrow=True)
    assert re.match(r'<svg[^>]* width="400"', svg)
    # the narrow breakpoint: the wide SVG would show its labels under MIN_TEXT in a narrower column
    column = theme.NARROW_BELOW - theme.PAGE_GUTTER
    assert column * theme.LABEL_SIZE / theme.WIDTH >= theme.MIN_TEXT > (column - 1) * theme.LABEL_SIZE / theme.WIDTH


def test_long_titles_are_wrapped_to_the_width():
    title = "Where immigrants in Saint Vincent and the Grenadines were born, 2024"
    spec = {"width": "container", "title": {"text": title, "subtitle": ["Saint Vincent", "Source: " + "x " * 60]}}
    narrow = theme.static(spec, narrow=True)["title"]
    assert isinstance(narrow["text"], list) and " ".join(narrow["text"]) == title
    assert all(len(line) * theme.TITLE_SIZE * theme.TITLE_GLYPH <= theme.NARROW_WIDTH for line in narrow["text"])
    assert len(narrow["subtitle"]) > 2 and narrow["subtitle"][0] == "Saint Vincent"
    assert theme.static(spec)["title"]["text"] == title  # fits 640 px


# In the browser: the static chart of the page's scheme, one download, legible at 390 px
PAGES = ("/countries/mexico/", "/indicators/migrant-stock/")
# What Material's first script in <body> does for a reader whose system prefers dark (its palette's media
# queries): the served site's strict CSP blocks Material's inline scripts until they move to files, so the
# tests do it, as early as Material would, before any image of the page is requested.
MATERIAL_PALETTE = """new MutationObserver(function (changes, observer) {
  if (!document.body) return;
  observer.disconnect();
  if (matchMedia("(prefers-color-scheme: dark)").matches) document.body.setAttribute("data-md-color-scheme", "slate");
}).observe(document, {childList: true, subtree: true});"""


def _context(chromium, width: int, scheme: str, **options):
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, **options)
    context.add_init_script(MATERIAL_PALETTE)
    return context


def _chart_requests(page) -> list[str]:
    return page.evaluate("""() => performance.getEntriesByType('resource').map(e => e.name)
        .filter(n => n.includes('/charts/') && n.endsWith('.svg')).map(n => n.split('/charts/')[1])""")


def _scroll_through(page) -> None:
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height + 900, 450):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(40)
    page.wait_for_timeout(400)


def _effective_sizes(page, site: Path) -> dict[str, float]:
    """Each shown static chart: the smallest text of its SVG as it appears (shown width / SVG width × size)."""
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('img.fb-chart__static'))
        .filter(i => i.offsetParent !== null && i.complete && i.naturalWidth)
        .map(i => [i.currentSrc.split('/charts/')[1], i.getBoundingClientRect().width])""")
    out = {}
    for name, width in shown:
        svg = (site / "charts" / name).read_text(encoding="utf-8")
        svg_width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
        smallest = min(float(s) for s in re.findall(r'font-size="([\d.]+)px"', svg))
        out[name] = width / svg_width * smallest
    return out


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(("scheme", "width"), [("light", 390), ("dark", 390), ("dark", 1280)])
def test_static_charts_follow_the_scheme_one_download_each_and_stay_legible(
        site_server, real_site, chromium, scheme, width):
    context = _context(chromium, width, scheme)
    page = context.new_page()
    page.route("**/vega-bundle.js", lambda route: route.abort())  # the static charts stay: they are measured
    try:
        for path in PAGES:
            page.goto(site_server + path, wait_until="load")
            expected = {"light": "default", "dark": "slate"}[scheme]
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
            _scroll_through(page)
            fetched = _chart_requests(page)
            ids = page.evaluate("Array.from(document.querySelectorAll('figure.fb-chart')).map(f => f.dataset.chartId)")
            assert ids and fetched
            suffix = ("narrow." if width < theme.NARROW_BELOW else "") + ("dark.svg" if scheme == "dark" else "svg")
            for ident in ids:
                mine = [f for f in fetched if f.startswith(ident + ".")]
                assert mine == [f"{ident}.{suffix}"], (path, ident, mine)
            locators = [f for f in fetched if "-locator." in f]
            assert locators == ([] if "countries" not in path else
                                [f"country-mex-locator.{'dark.svg' if scheme == 'dark' else 'svg'}"])
            sizes = _effective_sizes(page, real_site)
            assert len(sizes) == len(ids), sizes
            assert min(sizes.values()) >= theme.MIN_TEXT, sizes
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_without_javascript_the_page_and_its_charts_stay_light(site_server, chromium):
    """Material picks the scheme with JavaScript; without it the page is light whatever the system prefers,
    and so are its charts."""
    context = _context(chromium, 390, "dark", java_script_enabled=False)
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url.split("/charts/")[1]) if "/charts/" in r.url else None)
    try:
        page.goto(site_server + PAGES[0], wait_until="networkidle")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
        shown = page.evaluate("""() => Array.from(document.querySelectorAll('img.fb-chart__static'))
            .filter(i => i.offsetParent !== null).map(i => i.currentSrc || i.src)""")
        assert shown and all(s.endswith(".narrow.svg") for s in shown), shown
        # lazy loading is off without JavaScript, so the hidden dark pictures load too: they name the light
        # file then (<source media="(scripting: none)">), and each chart is fetched once
        assert sorted(set(fetched)) == sorted(fetched) and all(".dark." not in f for f in fetched), fetched
        assert {s.split("/charts/")[1] for s in shown} | {"country-mex-locator.svg"} == set(fetched)
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_the_interactive_view_draws_in_the_dark_colours_of_the_theme(site_server, chromium):
    # Under the strict CSP the Vega bundle written by vl-convert still evaluates expressions with Function()
    # until the CSP-safe interpreter lands (issue 18): this test of colours lets the page run without it.
    context = _context(chromium, 1280, "dark", bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(site_server + PAGES[0], wait_until="load")
        page.wait_for_selector("figure.fb-chart[data-state='interactive'] .vega-embed svg", timeout=30_000)
        used = set(page.evaluate("""() => Array.from(document.querySelector(
            "figure.fb-chart[data-state='interactive'] .vega-embed svg").querySelectorAll('[fill],[stroke]'))
            .flatMap(e => [e.getAttribute('fill'), e.getAttribute('stroke')]).filter(c => c && c[0] === '#')"""))
        roles = theme.roles()
        assert theme.TITLE_COLOUR[1] in used and theme.INK_COLOUR[1] in used
        assert not used & (set(theme.dark_colours()) - {c[1] for c in roles.values()}), used
    finally:
        context.close()
