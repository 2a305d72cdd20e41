"""The fact book's one chart theme: fonts, sizes and colours, each colour with its light and dark value.

Chart recipes hold no styling literal: they take every colour, size, dash and shape from here. The light
values go into every spec (the registered Altair theme below), so the static SVG rendered at build time
and the interactive view look alike. The dark values are a mapping light → dark (``dark_colours``): the
static dark SVG is the light one with its colours mapped (``dark_svg``: no second render), and the
interactive view maps the colours of the spec the same way, from a JSON file the build writes once
(``dark_json``, read by ``assets/js/charts.js``). For the mapping to be unambiguous every role has its own
light value (a colour that is the same in both schemes keeps one value for one role).

The palettes and their checks (contrast against both backgrounds, distances under simulated colour-vision
deficiencies) are documented in docs/charts-theme.md and asserted by tests/test_chart_theme.py.
"""

from __future__ import annotations

import copy
import json
import math
import re
import textwrap
from typing import Any

import altair as alt

NAME = "factbook"
VEGA_LITE_VERSION = "6.4"  # the version vl-convert renders with; matches altair's schema

# The page backgrounds the charts are drawn on (charts are transparent): Material's light scheme ("default",
# --md-default-bg-color #fff) and its dark scheme ("slate", hsla(225deg, 15%, 14%) = #1e2129).
BACKGROUND = {"light": "#ffffff", "dark": "#1e2129"}

# Text and axes: (light, dark). Text at ≥ 4.5:1 on its background (WCAG 1.4.3), axis lines at ≥ 3:1 (1.4.11).
TITLE_COLOUR = ("#1f2937", "#e5e7eb")
INK_COLOUR = ("#4b5563", "#b9bfc9")  # axis and legend labels, subtitles (the place and the source)
DOMAIN_COLOUR = ("#6b7280", "#8f96a3")  # axis lines and ticks
GRID_COLOUR = ("#9ca3af", "#7a8190")  # drawn at GRID_OPACITY: a guide, not a mark

# Marks. The categorical palette is Okabe & Ito's (blue, vermillion, bluish green, reddish purple): each
# colour has ≥ 3:1 against both backgrounds, so one value serves both schemes, except the blue of every
# single-series chart, which is only 3.1:1 on slate: there it is Okabe & Ito's sky blue (7.0:1).
CATEGORY_COLOURS = [("#0072b2", "#56b4e9"), ("#d55e00", "#d55e00"), ("#009e73", "#009e73"),
                    ("#cc79a7", "#cc79a7")]
# Several series are told apart by dash and point shape too (never by colour alone), series i by entry i.
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]]
SHAPES = ["circle", "square", "triangle-up", "diamond"]

# Maps. The sequential scale is viridis in five steps (perceptually even, readable with every common
# colour-vision deficiency, from light yellow for little to dark violet for much); figures with both signs
# (net migration) get ColorBrewer PuOr, orange below 0, purple above. Both scales are the same in both
# schemes; their light end on white and their dark end on slate fall below 3:1, so every shape is outlined
# by MAP_STROKE, which has ≥ 3:1 against both backgrounds. "No data" is a neutral grey that no class comes
# near, lighter on white and darker on slate.
SEQUENTIAL_COLOURS = [("#fde725", "#fde725"), ("#5ec962", "#5ec962"), ("#21918c", "#21918c"),
                      ("#3b528b", "#3b528b"), ("#440154", "#440154")]
DIVERGING_COLOURS = [("#b35806", "#b35806"), ("#f1a340", "#f1a340"), ("#998ec3", "#998ec3"),
                     ("#542788", "#542788")]
NO_DATA_COLOUR = ("#c3c7cd", "#585d66")
MAP_STROKE_COLOUR = ("#8a9099", "#8a9099")  # country borders and coasts
# The locator: the country (≥ 3:1 against its sub-region, so it is found by lightness too), its sub-region,
# the other land.
LOCATOR_COLOURS = {"country": ("#a63f00", "#f2a93b"), "region": ("#aab7c8", "#525d70"),
                   "land": ("#e2e5e9", "#343a46")}


def _light(pairs: list[tuple[str, str]]) -> list[str]:
    return [light for light, _ in pairs]


# The light values, as the recipes and the registered config use them.
TITLE, INK, DOMAIN, GRID = TITLE_COLOUR[0], INK_COLOUR[0], DOMAIN_COLOUR[0], GRID_COLOUR[0]
PALETTE = _light(CATEGORY_COLOURS)
PRIMARY = PALETTE[0]  # a single series, bars
SEQUENTIAL = _light(SEQUENTIAL_COLOURS)
DIVERGING = _light(DIVERGING_COLOURS)
NO_DATA = NO_DATA_COLOUR[0]
MAP_STROKE = MAP_STROKE_COLOUR[0]
LOCATOR = {role: light for role, (light, _) in LOCATOR_COLOURS.items()}


def roles() -> dict[str, tuple[str, str]]:
    """Every colour role of the theme by name: (light, dark)."""
    out = {"title": TITLE_COLOUR, "ink": INK_COLOUR, "domain": DOMAIN_COLOUR, "grid": GRID_COLOUR,
           "no_data": NO_DATA_COLOUR, "map_stroke": MAP_STROKE_COLOUR}
    out |= {f"category_{i}": c for i, c in enumerate(CATEGORY_COLOURS)}
    out |= {f"sequential_{i}": c for i, c in enumerate(SEQUENTIAL_COLOURS)}
    out |= {f"diverging_{i}": c for i, c in enumerate(DIVERGING_COLOURS)}
    out |= {f"locator_{role}": c for role, c in LOCATOR_COLOURS.items()}
    return out


def dark_colours() -> dict[str, str]:
    """Light value → dark value of every role whose two values differ. Raises when a light value is shared
    by roles whose dark values differ (the mapping would be ambiguous)."""
    out: dict[str, str] = {}
    for name, (light, dark) in roles().items():
        if out.setdefault(light, dark) != dark:
            raise ValueError(f"theme: {light} is the light value of two roles with different dark values ({name})")
    return {light: dark for light, dark in out.items() if light != dark}
PNG_BACKGROUND = "#ffffff"  # a chart's PNG is opaque (its SVG on the page is transparent: builder/charts/render.py)
PNG_MARGIN = 12  # px of background around the chart in its PNG (before the PNG's scale)


def ordinal(count: int) -> list[str]:
    """``count`` colours of the sequential scale for ordered classes (a classification), spread end to end."""
    if count <= 1:
        return SEQUENTIAL[-1:] * count
    step = (len(SEQUENTIAL) - 1) / (count - 1)
    return [SEQUENTIAL[round(i * step)] for i in range(count)]


# Fonts and sizes.
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
TITLE_SIZE = 15
LABEL_SIZE = 12  # axis labels and titles, legend labels and titles, subtitles: the smallest text of a chart
TITLE_GLYPH = 0.62  # the width of an average character of the bold title, in em (to wrap titles)
LABEL_GLYPH = 0.56
GRID_OPACITY = 0.35
LINE_WIDTH = 2.5
POINT_SIZE = 50
BAR_STEP = 22  # the height of one bar of a ranking, gap included
WIDTH = 640  # the width of a static SVG, axes and legend included (the interactive view fills its column)
HEIGHT = 260
MAP_HEIGHT = 330
MAP_ASPECT = 2.0  # width / height of an Equal Earth world: the interactive view sets its height from its width
MAP_PROJECTION = "equalEarth"  # equal-area: a country's colour covers its true share of the map
MAP_STROKE_WIDTH = 0.5
MAP_LEGEND_SYMBOL = "square"
MAP_LEGEND_COLUMNS = 3
MAP_LEGEND_COLUMN_PADDING = 16  # room between the class labels, for fonts wider than the renderer's
LOCATOR_WIDTH = 200
LOCATOR_HEIGHT = 140
LOCATOR_PROJECTION = "azimuthalEqualArea"
SVG_DIGITS = 1  # decimals kept in the path coordinates of map SVGs (a tenth of a pixel)

# Legible at 390 px. A static SVG scales with its column; its text must never look smaller than MIN_TEXT.
# Below 76.25em Material's column is the viewport less two 0.8 rem margins (PAGE_GUTTER); the wide SVG
# (WIDTH) keeps LABEL_SIZE ≥ MIN_TEXT down to a column of WIDTH × MIN_TEXT / LABEL_SIZE, so narrower
# viewports get the narrow SVG, rendered NARROW_WIDTH wide from the same spec (a 358-px column at 390 px
# shows its 12-px labels at 10.7 px).
MIN_TEXT = 10
PAGE_GUTTER = 32
NARROW_WIDTH = 400
NARROW_BELOW = math.ceil(WIDTH * MIN_TEXT / LABEL_SIZE) + PAGE_GUTTER  # 566 px
NARROW_MEDIA = f"(max-width: {NARROW_BELOW - 1}px)"
NARROW_LEGEND_COLUMNS = 2  # a map's classes; a legend of series lists one a line
NARROW_LABEL_LIMIT = 130  # the longest axis label of a narrow chart (country names), in px


def config() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "background": "transparent",
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": HEIGHT},
            "range": {"category": PALETTE},
            "title": {"color": TITLE, "fontSize": TITLE_SIZE, "anchor": "start", "fontWeight": 600,
                      "subtitleColor": INK, "subtitleFontSize": LABEL_SIZE},
            "axis": {"labelColor": INK, "titleColor": INK, "domainColor": DOMAIN, "tickColor": DOMAIN,
                     "gridColor": GRID, "gridOpacity": GRID_OPACITY, "labelFontSize": LABEL_SIZE,
                     "titleFontSize": LABEL_SIZE, "titleFontWeight": 400},
            "legend": {"labelColor": INK, "titleColor": INK, "orient": "bottom", "labelLimit": 0, "columns": 2,
                       "labelFontSize": LABEL_SIZE, "titleFontSize": LABEL_SIZE},
            "line": {"color": PRIMARY, "strokeWidth": LINE_WIDTH},
            "point": {"color": PRIMARY, "filled": True, "size": POINT_SIZE},
            "bar": {"color": PRIMARY},
            "text": {"color": INK},
        }
    }


alt.theme.register(NAME, enable=True)(config)


# The dark variant.
_COLOUR_ATTRIBUTE = re.compile(r'((?:fill|stroke)=")(#[0-9a-fA-F]{6})(")')


def dark_svg(svg: str) -> str:
    """The dark variant of a static SVG: each theme colour of a ``fill`` or ``stroke`` mapped to its dark value
    (text and other attributes untouched)."""
    mapping = dark_colours()
    return _COLOUR_ATTRIBUTE.sub(lambda m: m.group(1) + mapping.get(m.group(2).lower(), m.group(2)) + m.group(3), svg)


def dark_json() -> str:
    """What the interactive view needs for the dark scheme: the mapping of light to dark colours."""
    return json.dumps({"dark": dark_colours()}, sort_keys=True, indent=1) + "\n"


# Static variants of a spec.
def responsive(spec: dict[str, Any]) -> bool:
    """Whether a chart fills its column (and so gets a narrow static SVG); a locator has a fixed size."""
    return spec.get("width") == "container"


def _wrapped(text: Any, width: int, size: float, glyph: float) -> Any:
    """A title or subtitle (a string or its lines) as lines that fit ``width`` px."""
    lines = [text] if isinstance(text, str) else text
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        return text
    chars = max(12, int(width / (size * glyph)))
    out = [part for line in lines for part in (textwrap.wrap(line, chars, break_on_hyphens=False) or [line])]
    return out[0] if len(out) == 1 and isinstance(text, str) else out


def static(spec: dict[str, Any], narrow: bool = False) -> dict[str, Any]:
    """The spec as rendered to a static SVG: a chart that fills its column gets a fixed width (``WIDTH``, or
    ``NARROW_WIDTH``) that includes its axes and legend, as the interactive view fits its column; the narrow
    variant keeps a map's shape, puts its legend in two columns and cuts long axis labels."""
    out = copy.deepcopy(spec)
    if not responsive(out):
        return out
    width = NARROW_WIDTH if narrow else WIDTH
    out["width"] = width
    out["autosize"] = {"type": "fit-x", "contains": "padding"}
    title = out.get("title")
    if isinstance(title, dict):
        title["text"] = _wrapped(title.get("text"), width, TITLE_SIZE, TITLE_GLYPH)
        if "subtitle" in title:
            title["subtitle"] = _wrapped(title["subtitle"], width, LABEL_SIZE, LABEL_GLYPH)
    if narrow:
        meta = out.get("usermeta")
        aspect = meta.get("aspect") if isinstance(meta, dict) else None
        if isinstance(aspect, int | float) and aspect > 0:
            out["height"] = round(width / aspect)
        legend = out.get("encoding", {}).get("color", {}).get("legend")
        if isinstance(legend, dict) and legend.get("columns", 0) > NARROW_LEGEND_COLUMNS:
            legend["columns"] = NARROW_LEGEND_COLUMNS
        config = out.setdefault("config", {})
        config.setdefault("axisY", {})["labelLimit"] = NARROW_LABEL_LIMIT
        config.setdefault("legend", {})["columns"] = 1
    return out
