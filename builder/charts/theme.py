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
