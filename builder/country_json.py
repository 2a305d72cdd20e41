"""A JSON file per country with its headline figures (``/downloads/countries/<slug>.json``).

Built from the country page models alone (``CountryPage.tiles``): raw values, never the formatted
text of the page; a figure the source does not give is ``null``, with the page's sentence saying so.
URLs are site-relative, from the route registry (docs/urls.md).
"""

from __future__ import annotations

from typing import Any

from . import escape, routes
from .catalog import Catalog
from .derive.models import CountryPage, Tile


def _number(raw: float | None) -> float | int | None:
    """A whole number as an integer (1234, not 1234.0); other figures as they are."""
    if raw is None:
        return None
    return int(raw) if float(raw).is_integer() else raw


def _figure(catalog: Catalog, page: CountryPage, tile: Tile) -> dict[str, Any]:
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
        "indicator_page": routes.url(routes.indicator(indicator.id)),
        "download": routes.url(routes.download(indicator.id, "csv")),
        "permalink": routes.url(page.path) + "#" + routes.anchor("figure", tile.id),
    }


def document(catalog: Catalog, page: CountryPage) -> dict[str, Any]:
    country = page.country
    return {
        "country": {"iso3": country.iso3, "iso2": country.iso2, "m49": country.m49, "slug": country.slug,
                    "name": country.name, "official_name": country.official_name,
                    "region": country.region, "subregion": country.subregion},
        "page": routes.url(page.path),
        "data_package": routes.url(routes.datapackage()),
        "figures": [_figure(catalog, page, tile) for tile in page.tiles],
    }


def files(catalog: Catalog, pages: tuple[CountryPage, ...] | list[CountryPage]) -> dict[str, str]:
    """Docs-relative path → JSON text, one per country page (sorted keys: same data, same bytes)."""
    return {routes.country_data(p.country.slug):
            escape.json_text(document(catalog, p), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            for p in pages}
