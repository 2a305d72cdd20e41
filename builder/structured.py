"""schema.org JSON-LD for search engines and link previews: a ``Dataset`` per indicator page (with its
downloads), a ``Country`` per country page, an ``Organization`` per agency page.

Pure: each is a function of the page model and the site's address. The JSON goes into the page's front
matter (``jsonld``) and from there into a ``<script type="application/ld+json">`` data block of the
theme override (``overrides/main.html``). A data block is never executed, and ``dumps`` writes ``<``,
``>`` and ``&`` as ``\\u`` escapes, so no value can end the block: that is why the override may insert it
unescaped.
"""

from __future__ import annotations

import json
from typing import Any

from . import routes

CONTEXT = "https://schema.org"


def _url(site_url: str | None, source: str) -> str:
    return routes.absolute(site_url, routes.url(source))


def dumps(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def dataset(page: Any, site_url: str | None) -> dict[str, Any]:
    indicator, source = page.indicator, page.indicator.source
    licence = source.get("licence") or {}
    coverage = page.coverage or {}
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "Dataset", "name": indicator.title, "description": indicator.description,
        "url": _url(site_url, page.path), "isAccessibleForFree": True, "spatialCoverage": "World",
        "creator": {"@type": "Organization", "name": source.get("producer")},
        "citation": source.get("citation"), "version": source.get("edition"),
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": fmt, "contentUrl": _url(site_url, routes.download(ident, ext))}
            for ident in (indicator.id, *([page.aggregate.id] if page.aggregate else []))
            for ext, fmt in (("csv", "text/csv"), ("meta.yml", "application/yaml"))],
    }
    if licence.get("url"):
        data["license"] = licence["url"]
    if coverage.get("first") and coverage.get("last"):
        data["temporalCoverage"] = f"{coverage['first']}/{coverage['last']}"
    if source.get("date_published"):
        data["datePublished"] = str(source["date_published"])
    return data


def country(page: Any, site_url: str | None) -> dict[str, Any]:
    c = page.country
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Country", "name": c.name, "url": _url(site_url, page.path),
                            "identifier": c.iso3}
    names = [n for n in dict.fromkeys([c.official_name, *c.aliases]) if n != c.name]
    if names:
        data["alternateName"] = names
    place = page.subregion or page.region
    if place is not None:
        data["containedInPlace"] = {"@type": "Place", "name": place.name,
                                    "url": _url(site_url, routes.region(place.slug))}
    return data


def organization(page: Any, site_url: str | None) -> dict[str, Any]:
    a = page.agency
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Organization", "name": a.name,
                            "url": _url(site_url, page.path), "description": a.summary}
    if a.acronym:
        data["alternateName"] = a.acronym
    if page.parent is not None:
        data["parentOrganization"] = {"@type": "Organization", "name": page.parent.name,
                                      "url": _url(site_url, routes.agency(page.parent.slug))}
    return data
