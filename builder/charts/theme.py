"""The fact book's one visual config. Chart recipes hold no colour or font literals.

The same config goes into every spec, so the static SVG (rendered at build time) and the
interactive view (vega-embed in the browser) look alike. Colours were chosen to read on both
Material's light ("default") and dark ("slate") palettes, since a static SVG cannot follow the
palette toggle.
"""

from __future__ import annotations

import altair as alt

NAME = "factbook"
VEGA_LITE_VERSION = "6.4"  # the version vl-convert renders with; matches altair's schema

PRIMARY = "#2f6db5"
SECONDARY = "#d9822b"
PALETTE = [PRIMARY, SECONDARY, "#3b9c6e", "#8a5fbf", "#c2474a", "#6b7a89"]
INK = "#6b7280"  # mid grey: legible on white and on dark slate
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
WIDTH = 640
HEIGHT = 260

# Maps. The sequential scale is viridis in five steps (perceptually even, readable with every common
# colour-vision deficiency, from light yellow for little to dark violet for much); "no data" is a
# neutral grey that no step of the scale comes near, so a missing figure never reads as a small one.
SEQUENTIAL = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"]
# Figures with both signs (net migration): ColorBrewer PuOr, colour-blind safe; orange below 0, purple above.
DIVERGING = ["#b35806", "#f1a340", "#998ec3", "#542788"]
NO_DATA = "#c3c7cd"
PNG_BACKGROUND = "#ffffff"  # a chart's PNG is opaque (its SVG on the page is transparent: builder/charts/render.py)
PNG_MARGIN = 12  # px of background around the chart in its PNG (before the PNG's scale)


def ordinal(count: int) -> list[str]:
    """``count`` colours of the sequential scale for ordered classes (a classification), spread end to end."""
    if count <= 1:
        return SEQUENTIAL[-1:] * count
    step = (len(SEQUENTIAL) - 1) / (count - 1)
    return [SEQUENTIAL[round(i * step)] for i in range(count)]
MAP_STROKE = "#ffffff"  # borders (set on the map marks: the shared config stays as other charts have it)
MAP_STROKE_WIDTH = 0.4
MAP_HEIGHT = 330
MAP_ASPECT = 2.0  # width / height of an Equal Earth world: the interactive view sets its height from its width
MAP_PROJECTION = "equalEarth"  # equal-area: a country's colour covers its true share of the map
LOCATOR = {"country": SECONDARY, "region": "#9fb6d6", "land": "#d9dce1"}  # the country, its sub-region, others
LOCATOR_WIDTH = 200
LOCATOR_HEIGHT = 140
SVG_DIGITS = 1  # decimals kept in the path coordinates of map SVGs (a tenth of a pixel)


def config() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "background": "transparent",
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": HEIGHT},
            "range": {"category": PALETTE},
            "title": {"color": INK, "fontSize": 15, "anchor": "start", "fontWeight": 600,
                      "subtitleColor": INK, "subtitleFontSize": 12},
            "axis": {"labelColor": INK, "titleColor": INK, "domainColor": INK, "tickColor": INK,
                     "gridColor": "#9ca3af", "gridOpacity": 0.35, "labelFontSize": 12, "titleFontSize": 12,
                     "titleFontWeight": 400},
            "legend": {"labelColor": INK, "titleColor": INK, "orient": "bottom", "labelLimit": 0, "columns": 2},
            "line": {"color": PRIMARY, "strokeWidth": 2.5},
            "point": {"color": PRIMARY, "filled": True, "size": 40},
            "bar": {"color": PRIMARY},
            "text": {"color": INK},
        }
    }


alt.theme.register(NAME, enable=True)(config)
