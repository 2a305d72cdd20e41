"""A JSON file per country with its headline figures (``/downloads/countries/<slug>.json``).

Built from the country page models alone (``CountryPage.tiles``): raw values, never the formatted
text of the page; a figure the source does not give is ``null``, with the page's sentence saying so.
URLs come from the route registry (docs/urls.md): absolute when the site's address is known
(``SITE_URL``), else relative to the JSON file itself, so that they resolve wherever the site is served
(a GitHub Pages project site lives under a sub-path, where "/countries/…" would miss).
"""

from __future__ import annotations

import posixpath
from typing import Any

from . import escape, routes
from .catalog import Catalog
from .derive.models import CountryPage, Tile


def _number(raw: float | None) -> float | int | None:
    """A whole number as an integer (1234, not 1234.0); other figures as they are."""
    if raw is None:
        return None
    return int(raw) if float(raw).is_integer() else raw


def _figure(catalog: Catalog, page: CountryPage, tile: Tile, link) -> dict[str, Any]:
    indicator = catalog.indicators[tile.indicator]
    source = indicator.source
    licence = source.get("licence") or {}
    return {
        "id": tile.id,
        "indicator": indicator.id,
        "label": tile.label,
        "value": _number(tile.raw) if tile.raw is not None else tile.value,  # a classification stays text
        "unit": indicator.unit,
        "year": tile.year,
        "rank": {"rank": tile.rank, "of": tile.ranked} if tile.rank else None,
        "missing": tile.missing or None,
        "note": tile.note or None,
        "source": {"publisher": source.get("producer"), "title": source.get("title"),
                   "edition": str(source.get("edition")) if source.get("edition") is not None else None,
                   "attribution": tile.source, "url": source.get("url"),
                   "licence": {"name": licence.get("name"), "url": licence.get("url")}},
        "indicator_page": link(routes.url(routes.indicator(indicator.id))),
        "download": link(routes.url(routes.download(indicator.id, "csv"))),
        "permalink": link(routes.url(page.path) + "#" + routes.anchor("figure", tile.id)),
    }


def _linker(here: str, site_url: str | None):
    """A function: a site-relative URL → the address to write in the file at ``here`` (site-relative too)."""
    def link(url: str) -> str:
        if site_url:
            return routes.absolute(site_url, url)
        path, hash_, fragment = url.partition("#")
        rel = posixpath.relpath(path, posixpath.dirname(here)) + ("/" if path.endswith("/") else "")
        return rel + hash_ + fragment
    return link


def document(catalog: Catalog, page: CountryPage, site_url: str | None = None) -> dict[str, Any]:
    country = page.country
    link = _linker(routes.url(routes.country_data(country.slug)), site_url)
    return {
        "country": {"iso3": country.iso3, "iso2": country.iso2, "m49": country.m49, "slug": country.slug,
                    "name": country.name, "official_name": country.official_name,
                    "region": country.region, "subregion": country.subregion},
        "page": link(routes.url(page.path)),
        "data_package": link(routes.url(routes.datapackage())),
        "figures": [_figure(catalog, page, tile, link) for tile in page.tiles],
    }


def files(catalog: Catalog, pages: tuple[CountryPage, ...] | list[CountryPage],
          site_url: str | None = None) -> dict[str, str]:
    """Docs-relative path → JSON text, one per country page (sorted keys: same data, same bytes)."""
    return {routes.country_data(p.country.slug):
            escape.json_text(document(catalog, p, site_url), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            for p in pages}
