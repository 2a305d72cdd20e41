"""Stage 5 — pages: the embed page of every chart and its oEmbed description, for reuse on other sites.

``embed/<id>/index.html`` is a small standalone HTML page (not a MkDocs page: no theme, no navigation, no
search entry, no sitemap entry), copied by MkDocs like any file of the docs dir: the chart (static SVG,
made interactive by ``assets/js/charts.js``), its description, its source line and a link back to the page it
belongs to. ``assets/js/embed.js`` tells the framing page its height (``postMessage``); the embed code
(``code``) frames it and includes ``assets/js/embed-resize.js``, which sets the iframe's height from that
message. ``embed/<id>/oembed.json`` describes the same code for oEmbed consumers (type "rich"); the embed
page links it (discovery). No inline script or style: the page runs under builder/csp.py's policy, which
leaves out ``frame-ancestors`` for these pages only (``routes.EMBED_PREFIX``). See docs/charts.md.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from . import csp, escape, routes
from .charts.recipes import ChartSpec
from .text import t

LANG = "en"
CAPTION_HEIGHT = 150  # px below the chart for its description, source line and link: the iframe's first height
PROVIDER = "site_name"


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def height(size: tuple[int, int]) -> int:
    """The iframe's height before the embed page says its own: the chart's and a caption's."""
    return size[1] + CAPTION_HEIGHT


def address(site_url: str | None, here: str | None, target: str, anchor: str = "") -> str:
    """``target`` (a route) from the page ``here``: absolute with the site's address, else relative to ``here``
    (site-relative when ``here`` is None: a file that is no page, such as oembed.json)."""
    if site_url or here is None:
        return routes.absolute(site_url, routes.url(target)) + (f"#{anchor}" if anchor else "")
    return routes.html_link(here, target, anchor)


def code(chart: ChartSpec, size: tuple[int, int], site_url: str | None, here: str | None) -> str:
    """The embed code of ``chart``: an iframe of its embed page and our resize script (no inline script or style).

    Absolute with the site's address; relative to the page ``here`` without it (assets/js/embed-code.js makes
    them absolute from the page's own address before copying)."""
    src = address(site_url, here, routes.embed(chart.id))
    script = address(site_url, here, routes.EMBED_RESIZE_SCRIPT)
    return (f'<iframe src="{_attr(src)}" title="{_attr(chart.title)}" loading="lazy" width="100%" '
            f'height="{height(size)}" data-factbook-embed="{_attr(chart.id)}"></iframe>'
            f'<script src="{_attr(script)}" async></script>')


def page(chart: ChartSpec, home: Any, home_title: str, size: tuple[int, int], site_url: str | None) -> str:
    """The embed page of ``chart``; ``home`` is the page model it belongs to (its link back)."""
    here = routes.embed(chart.id)

    def rel(target: str) -> str:
        return _attr(routes.html_link(here, target))

    # a figure of its page has its anchor there; the locator map beside a country's name is an image, not a figure
    locator = getattr(getattr(home, "locator", None), "id", None) == chart.id
    back = address(site_url, here, home.path, "" if locator else routes.anchor("chart", chart.id))
    oembed = address(site_url, here, routes.oembed(chart.id))
    title = t("charts.embed.page_title", title=chart.title, site=t(PROVIDER))
    width, tall = size
    return (
        f'<!DOCTYPE html>\n<html lang="{LANG}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp.META_POLICY, quote=False)}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f'<meta name="robots" content="noindex">\n'
        f'<link rel="alternate" type="application/json+oembed" href="{_attr(oembed)}" title="{_attr(chart.title)}">\n'
        f'<link rel="stylesheet" href="{rel("assets/css/factbook.css")}">\n'
        f'<script src="{rel("assets/js/embed.js")}" defer></script>\n'
        f'<script src="{rel("assets/js/charts.js")}" defer></script>\n'
        f'</head>\n<body class="fb-embed" data-embed-id="{_attr(chart.id)}">\n'
        f'<h1 class="fb-embed__title">{html.escape(chart.title)}</h1>\n'
        f'<figure class="fb-chart" id="{_attr(routes.anchor("chart", chart.id))}" '
        f'data-spec="{rel(routes.chart(chart.id, "vl.json"))}" data-chart-id="{_attr(chart.id)}">\n'
        f'<div class="fb-chart__view"><picture class="fb-chart__picture fb-scheme-light">'
        f'<img class="fb-chart__static" src="{rel(routes.chart(chart.id, "svg"))}" '
        f'alt="{_attr(chart.description)}" width="{width}" height="{tall}"></picture></div>\n'
        f"<figcaption>\n"
        f'<span class="fb-chart__desc">{html.escape(chart.description)}</span>\n'
        f'<span class="fb-chart__source">{html.escape(chart.source_line())}</span>\n'
        f'<a class="fb-embed__back" href="{_attr(back)}" target="_blank" rel="noopener">'
        f'{html.escape(t("charts.embed.back", page=home_title, site=t(PROVIDER)))}</a>\n'
        f"</figcaption>\n</figure>\n</body>\n</html>\n"
    )


def oembed(chart: ChartSpec, size: tuple[int, int], png_size: tuple[int, int], site_url: str | None) -> str:
    """oEmbed 1.0 (type "rich") of ``chart``: the embed code, its size, and the PNG as its thumbnail (absolute
    addresses with the site's address, as oEmbed wants; site-relative without it, in a local build)."""
    here = None
    data = {
        "version": "1.0", "type": "rich", "title": chart.title,
        "provider_name": t(PROVIDER), "provider_url": address(site_url, here, routes.page("home")),
        "html": code(chart, size, site_url, here),
        "width": size[0], "height": height(size),
        "thumbnail_url": address(site_url, here, routes.chart(chart.id, "png")),
        "thumbnail_width": png_size[0], "thumbnail_height": png_size[1],
    }
    # < > & as \u escapes (escape.json_text): the file holds no tag, in case it is ever sniffed as HTML
    return escape.json_text(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def files(charts: list[ChartSpec], homes: Mapping[str, Any], title_of: Callable[[Any], str],
          svg_sizes: Mapping[str, tuple[int, int]], png_sizes: Mapping[str, tuple[int, int]],
          site_url: str | None = None) -> dict[str, str]:
    """The embed page and oEmbed file of every chart; ``homes``: chart id → the page model it belongs to."""
    out: dict[str, str] = {}
    for chart in charts:
        home = homes[chart.id]
        out[routes.embed(chart.id)] = page(chart, home, title_of(home), svg_sizes[chart.id], site_url)
        out[routes.oembed(chart.id)] = oembed(chart, svg_sizes[chart.id], png_sizes[chart.id], site_url)
    return out
