"""The route registry: every address the site publishes, and where its source is written.

One pattern per kind of output, as Pelican's ``ARTICLE_URL``/``ARTICLE_SAVE_AS``: a page's
*source* is its Markdown path inside the docs folder (``countries/mexico.md``, what the writer
writes and MkDocs reads); its *URL* follows from it (``/countries/mexico/``). Files (charts,
downloads) are published at their source path. Anchors inside pages have one pattern each too.
Nothing else in the builder or the templates spells a path: derive asks for ``country(slug)``,
templates for ``link(target)``. ``published(site)`` lists every address the build writes; the
URL manifest, redirects, embeds and the translated trees are built on it.

Every URL listed in docs/urls.md is published and never changes: change a pattern here only
with a redirect from the old address.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import Any

from .catalog import Agency, Catalog, Country, Document, Indicator, Region, Theme

# Docs-relative sources of the pages, by kind. The indexes of a section are ``<section>/index.md``.
PAGES = {
    "home": "index.md",
    "about": "about.md",
    "country": "countries/{slug}.md",
    "region": "regions/{slug}.md",
    "agency": "agencies/{slug}.md",
    "theme": "themes/{slug}.md",
    "document": "sources/{id}.md",
    "indicator": "indicators/{slug}.md",  # slug: the indicator id with "-" for "_"
    "glossary": "glossary/index.md",  # each term at #term-<id>
    "methodology": "methodology/index.md",
    "releases": "releases/index.md",  # each release at #release-<version, "." → "-">
}
INDEXES = {"countries": "countries/index.md", "regions": "regions/index.md", "agencies": "agencies/index.md",
           "themes": "themes/index.md", "sources": "sources/index.md", "indicators": "indicators/index.md"}
# Files published as they are (no page around them).
FILES = {
    "chart": "charts/{id}.{ext}",  # ext: CHART_FORMATS, and NARROW_FORMATS for a chart that fills its column
    "embed": "embed/{id}/index.html",  # a chart's embed page, for an iframe on another site (builder/embed.py)
    "oembed": "embed/{id}/oembed.json",  # its oEmbed description (type "rich": the iframe code)
    "download": "downloads/{id}.{ext}",  # an indicator's table: csv, meta.yml
    "table-download": "downloads/tables/{id}.{ext}",  # a table printed in a source document
    "reference-download": "downloads/reference/{id}.{ext}",  # a reference table (countries, regions): csv, meta.yml
    "country-data": "downloads/countries/{slug}.json",  # a country's headline figures, raw (builder/country_json.py)
    "datapackage": "datapackage.json",  # the Frictionless Data Package of every CSV download (builder/datapackage.py)
    "vendor": "assets/vendor/{name}",
    # The chart theme's dark colours for the interactive view (builder/charts/theme.py; read by assets/js/charts.js)
    "chart-theme": "assets/vendor/chart-theme.json",
}
VENDOR_FILE = "vega-bundle.js"  # vega, vega-lite and vega-embed, served by the site itself
# A chart's static SVG in the light and the dark scheme, its PNG (docs/charts.md), its Vega-Lite spec, its data. A
# chart that fills its column also has a narrow static SVG for small screens (builder/charts/theme.py, "Legible at 390 px").
CHART_FORMATS = ("svg", "dark.svg", "png", "vl.json", "csv")
NARROW_FORMATS = ("narrow.svg", "narrow.dark.svg")
# Embed pages are framed by other sites: builder/csp.py leaves frame-ancestors out under this prefix only.
EMBED_PREFIX = "/embed/"
# The script an embedding page includes to resize our iframes (site_src/assets/js/, written by hand; it is
# part of the embed code, so its address is published and kept like a page's).
EMBED_RESIZE_SCRIPT = "assets/js/embed-resize.js"
HAND_WRITTEN_FILES = (EMBED_RESIZE_SCRIPT,)
DOWNLOAD_FORMATS = ("csv", "meta.yml")
# The reference tables offered for download (the indicator tables point to them: country → countries.iso3).
REFERENCE_DOWNLOADS = ("countries", "regions")
# Anchors inside pages. Indicator ids use "_", anchors "-" (figure-migrant-stock).
ANCHORS = {
    "figure": "figure-{id}",  # a headline tile on a country or region page
    "indicator": "indicator-{id}",  # an indicator's definition on the sources page
    "fact": "fact-{id}",
    "doc": "doc-{id}",  # a document in the bibliography
    "section": "section-{id}",  # a section (paper) of a source document
    "correction": "correction-{id}",
    "chart": "chart-{id}",
    "table": "table-{id}",  # a table printed in a source document
    "term": "term-{id}",  # a glossary term
    "ranking": "ranking",  # the ranking table of an indicator page (one per page: the id is not used)
    "key-findings": "key-findings",  # the key findings that lead a page's evidence (one per page)
    "evidence": "evidence-{id}",  # a document's facts on a country, agency or theme page
    "release": "release-{id}",  # a release on the releases page: release-1-2-0
}
HYPHENATED = ("figure", "indicator")
# The top-level folders of the docs dir that the build generates (and replaces as a whole).
GENERATED_SECTIONS = ("countries", "regions", "agencies", "themes", "sources", "indicators", "glossary", "methodology",
                      "releases", "charts", "embed", "downloads", "assets/vendor")
# Files at the root of the docs dir that the build generates (each replaced on its own, write.py).
GENERATED_FILES = (PAGES["home"], FILES["datapackage"])
# Pages written by hand in site_src/ (not generated), published all the same.
HAND_WRITTEN = ("about",)


def page(kind: str, **keys: str) -> str:
    """The docs-relative source of a page: ``page("country", slug="mexico")`` → ``countries/mexico.md``."""
    return PAGES[kind].format(**keys)


def index(section: str) -> str:
    return INDEXES[section]


def country(slug: str) -> str:
    return page("country", slug=slug)


def region(slug: str) -> str:
    return page("region", slug=slug)


def agency(slug: str) -> str:
    return page("agency", slug=slug)


def theme(slug: str) -> str:
    return page("theme", slug=slug)


def document(ident: str) -> str:
    return page("document", id=ident)


AGGREGATE_SUFFIX = "_regions"  # the world-and-regions table of indicator X is X_regions


def indicator(ident: str) -> str:
    """The page of an indicator (or of the indicator an aggregate table sums): ``indicators/migrant-stock.md``."""
    ident = ident.removesuffix(AGGREGATE_SUFFIX)
    return page("indicator", slug=ident.replace("_", "-"))


def chart(ident: str, ext: str) -> str:
    return FILES["chart"].format(id=ident, ext=ext)


def embed(ident: str) -> str:
    """The embed page of a chart: ``embed/<id>/index.html``, published at ``/embed/<id>/``."""
    return FILES["embed"].format(id=ident)


def oembed(ident: str) -> str:
    return FILES["oembed"].format(id=ident)


def dark(ext: str) -> str:
    """The format of the dark variant of a static SVG format: ``svg`` → ``dark.svg``."""
    return ext.removesuffix("svg") + "dark.svg"


def chart_theme() -> str:
    return FILES["chart-theme"]


def download(ident: str, ext: str) -> str:
    return FILES["download"].format(id=ident, ext=ext)


def table_download(ident: str, ext: str) -> str:
    return FILES["table-download"].format(id=ident, ext=ext)


def reference_download(ident: str, ext: str) -> str:
    return FILES["reference-download"].format(id=ident, ext=ext)


def country_data(slug: str) -> str:
    return FILES["country-data"].format(slug=slug)


def datapackage() -> str:
    return FILES["datapackage"]


def vendor(name: str) -> str:
    return FILES["vendor"].format(name=name)


def anchor(kind: str, ident: str) -> str:
    """``anchor("figure", "migrant_stock")`` → ``figure-migrant-stock``."""
    if kind == "release":
        ident = ident.replace(".", "-").lower()
    return ANCHORS[kind].format(id=ident.replace("_", "-") if kind in HYPHENATED else ident)


def source_of(target: Any) -> str:
    """The docs-relative source of a link target: a catalog record, a page model or a source path."""
    if isinstance(target, str):
        return target
    if isinstance(target, Country):
        return country(target.slug)
    if isinstance(target, Region):
        return region(target.slug)
    if isinstance(target, Agency):
        return agency(target.slug)
    if isinstance(target, Theme):
        return theme(target.slug)
    if isinstance(target, Document):
        return document(target.id)
    if isinstance(target, Indicator) and target.key == "country":
        return indicator(target.id)
    path = getattr(target, "path", None)
    if isinstance(path, str):
        return path
    raise TypeError(f"no route for {type(target).__name__}")


def is_page(source: str) -> bool:
    return source.endswith(".md")


def url(source: str) -> str:
    """The site-relative URL: ``countries/mexico.md`` → ``/countries/mexico/``; files stay as they are, but an
    HTML file named ``index.html`` is served at its folder (``embed/x/index.html`` → ``/embed/x/``)."""
    if source == "index.html" or source.endswith("/index.html"):
        return "/" + source[: -len("index.html")]
    if not is_page(source):
        return "/" + source
    stem = source[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return "/" + stem[: -len("index")]
    return "/" + stem + "/"


def absolute(site_url: str | None, site_relative: str) -> str:
    """A site-relative URL (``/countries/mexico/``) as the full address when the site's address is known
    (``SITE_URL``, with or without a sub-path), else unchanged. The one place the two are joined."""
    if not site_url:
        return site_relative
    return site_url.rstrip("/") + "/" + site_relative.lstrip("/")


def _with(anchor_id: str) -> str:
    return f"#{anchor_id}" if anchor_id else ""


def markdown_link(here: str, target: Any, anchor_id: str = "") -> str:
    """A Markdown link from the page ``here`` to ``target``, relative to the source (MkDocs resolves it)."""
    source = source_of(target)
    if source == here and anchor_id:
        return _with(anchor_id)
    return posixpath.relpath(source, posixpath.dirname(here) or ".") + _with(anchor_id)


def html_link(here: str, target: Any, anchor_id: str = "") -> str:
    """An address for raw HTML on the page ``here``, relative to that page's URL (for offline copies too)."""
    source = source_of(target)
    if source == here and anchor_id:
        return _with(anchor_id)
    base = url(here).lstrip("/")  # the folder the page's index.html lives in
    to = url(source).lstrip("/")
    rel = posixpath.relpath(to or ".", base.rstrip("/") or ".")
    if (is_page(source) or to.endswith("/")) and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + _with(anchor_id)


def generated(catalog: Catalog, chart_ids: Iterable[str], vendor_files: Iterable[str] = (),
              fixed: Iterable[str] = ()) -> set[str]:
    """The docs-relative source of every page and file the build generates, from the catalog alone;
    ``fixed``: the charts of a fixed size (a locator), which have no narrow variant."""
    out = set(INDEXES.values()) | {page("home")}
    out |= {country(c.slug) for c in catalog.countries.values()}
    out |= {region(r.slug) for r in catalog.regions.values()}
    out |= {agency(a.slug) for a in catalog.agencies.values()}
    out |= {theme(t.slug) for t in catalog.themes.values()}
    out |= {document(d.id) for d in catalog.documents.values() if d.kind == "document"}
    out |= {indicator(i) for i in catalog.indicators}
    out |= {page("glossary"), page("methodology"), page("releases")}
    chart_ids, fixed = list(chart_ids), set(fixed)
    out |= {chart(ident, ext) for ident in chart_ids for ext in CHART_FORMATS}
    out |= {chart(ident, ext) for ident in chart_ids if ident not in fixed for ext in NARROW_FORMATS}
    out |= {embed(ident) for ident in chart_ids} | {oembed(ident) for ident in chart_ids}
    out.add(chart_theme())
    out |= {download(i, ext) for i in [*catalog.indicators, *catalog.aggregates] for ext in DOWNLOAD_FORMATS}
    out |= {table_download(t.id, ext) for t in catalog.source_tables for ext in DOWNLOAD_FORMATS}
    out |= {reference_download(meta["id"], ext) for kind in REFERENCE_DOWNLOADS for meta in catalog.tables.get(kind, [])
            for ext in DOWNLOAD_FORMATS}
    out |= {country_data(c.slug) for c in catalog.countries.values()}
    out.add(datapackage())
    out |= {vendor(name) for name in vendor_files}
    return out


def published(catalog: Catalog, chart_ids: Iterable[str], vendor_files: Iterable[str] = (),
              fixed: Iterable[str] = ()) -> list[str]:
    """Every URL the site publishes: the hand-written pages and everything ``generated`` lists."""
    sources = ({PAGES[k] for k in HAND_WRITTEN} | set(HAND_WRITTEN_FILES)
               | generated(catalog, chart_ids, vendor_files, fixed))
    return sorted(url(s) for s in sources)
