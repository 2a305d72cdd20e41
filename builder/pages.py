"""Stage 5 — pages: render every page model to Markdown with Jinja (StrictUndefined).

Returns {output path inside the docs dir: text}; writes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from jinja2.runtime import Context
from markupsafe import Markup

from . import cite, embed, escape, formatting, paths, printed, routes, structured, tables
from .catalog import Document, Fact, Indicator
from .charts import theme as chart_theme
from .derive import CitedFact, IndexPage, Site, Tile
from .derive.common import fmt
from .derive.reference import GLOSSARY_PATH, abbreviations
from .release import Release, ReleasesPage, markdown
from .text import t

SITE_ROOT_NAME = t("site_name")


def fact_value(fact: Fact) -> str:
    """"about 175 million", "US$ 2.90", "3.5–4%", "27 States parties", "a few hundred dollars".

    At the precision of ``as_written`` (builder/printed.py): the decimals and scale the source
    prints ("3,775 million dollars" stays "US$ 3,775 million", ".440" stays "0.440"), and the
    source's own words when it gives no number ("one-third", "the 1990s", "thousands").
    """
    amounts = (fact.value,) if fact.value_high is None else (fact.value, fact.value_high)
    if printed.in_words(fact.as_written, amounts):
        text = printed.as_words(fact.as_written)
        if fact.unit == "usd" and not re.search(r"dollar|\$", text, re.IGNORECASE):
            text = t("numbers.dollars", amount=text)
        # words that bound the amount already ("thousands", "mid-1990s", "the nineteenth" century) take no qualifier
        if printed.vague(fact.as_written) or fact.unit == "year" or not fact.qualifier:
            return text
        return f"{t('qualifiers.' + fact.qualifier)} {text}"
    unit = fact.unit if fact.unit in ("people", "percent", "usd", "year", "ratio") else "count"
    text = "–".join(formatting.printed_value(v, unit, printed.printed(v, fact.as_written)) for v in amounts)
    if fact.unit in ("count", "other") and fact.unit_label:
        text = f"{text} {fact.unit_label}"
    if fact.qualifier:
        text = f"{t('qualifiers.' + fact.qualifier)} {text}"
    return text


def doc_short(doc: Document) -> str:
    """"Portes (2006)", "United Nations (2005)": author surnames (or publisher) and year."""
    if doc.authors:
        names = [a.split(",")[0].strip() for a in doc.authors.split(";") if a.strip()]
        who = (names[0] if len(names) == 1 else t("citation.two_authors", first=names[0], second=names[1])
               if len(names) == 2 else t("citation.many_authors", first=names[0]))
    else:
        who = doc.publisher or doc.container or doc.title
    return f"{who} ({doc.year})" if doc.year else who


def markdown_table(frame: pd.DataFrame) -> Markup:
    """A Markdown table of ``frame``; every header and cell escaped (trusted: only the pipes and rules are ours).

    Cells are formatted by their column, never by their value: the year column as plain years, every
    other number with its thousands separator (a count of 1,947 is not the year 1947).
    """
    years = {c for c in frame.columns if c == t("charts.year")}

    def cell(v: Any, column: Any) -> str:
        if column in years and isinstance(v, (int, float)) and not pd.isna(v):
            return str(int(v))
        if isinstance(v, float):
            return formatting.number(v, formatting.table_decimals(v))
        if isinstance(v, int):
            return formatting.number(v)
        return str(v)

    def row(values: Iterable[Any]) -> str:
        return "| " + " | ".join(escape.text(v) for v in values) + " |"
    # No ":" alignment: Python-Markdown writes it as a style attribute, which the site's CSP blocks
    # (numeric_columns names the right-aligned columns for factbook.css instead).
    sep = "| " + " | ".join("---" for _ in frame.columns) + " |"
    columns = list(frame.columns)
    body = [row(cell(v, c) for v, c in zip(values, columns, strict=True)) for values in frame.itertuples(index=False)]
    return Markup("\n".join([row(frame.columns), sep, *body]))


NUMERIC_COLUMN_RULES = 8  # factbook.css right-aligns the columns named fb-num-1 … fb-num-8


def numeric_columns(frame: pd.DataFrame) -> list[str]:
    """The classes that right-align ``frame``'s numeric columns in its Markdown table: ``["fb-num-2", "fb-num-3"]``
    (1-based positions; factbook.css has a rule for each, so no style attribute is needed)."""
    numeric = [i for i, c in enumerate(frame.columns, start=1) if pd.api.types.is_numeric_dtype(frame[c])]
    if numeric and numeric[-1] > NUMERIC_COLUMN_RULES:
        raise ValueError(f"a table with a numeric column at position {numeric[-1]}: factbook.css aligns "
                         f"{NUMERIC_COLUMN_RULES} (add a .fb-num-N rule there and raise NUMERIC_COLUMN_RULES)")
    return [f"fb-num-{i}" for i in numeric]


def tile_map(tiles: Iterable[Tile]) -> dict[str, dict[str, Any]]:
    """Indicator id → {"text": "1.7 million (2024)", "raw": sortable number, "note": the tile's note} for index tables."""
    return {tile.indicator: {"text": t("as_of", value=tile.value, year=tile.year), "raw": tile.raw, "note": tile.note}
            for tile in tiles if tile.value is not None}


def figure(amount: Any, indicator: Indicator | None) -> str:
    """A raw value of ``indicator`` formatted by its unit and decimals (text values stay as they are)."""
    return str(amount) if indicator is None else fmt(indicator, amount if isinstance(amount, str) else float(amount))


def page_title(page: Any) -> str:
    for attr in ("country", "region", "agency", "theme", "document", "indicator"):
        if hasattr(page, attr):
            record = getattr(page, attr)
            title: str = getattr(record, "name", None) or record.title
            return title
    if page.kind == "home":
        return t("site_name")
    return t(page.kind)  # an index page ("Countries", "Sources", …), the glossary, the methodology


@jinja2.pass_context
def link(context: Context, target: Any, anchor: str = "") -> Markup:
    """A Markdown link target from the page being rendered to ``target`` (a record, page or route)."""
    return escape.url(routes.markdown_link(context["here"], target, anchor))


@jinja2.pass_context
def href(context: Context, target: Any, anchor: str = "") -> Markup:
    """An address for raw HTML from the page being rendered to ``target`` (a record, page or route)."""
    return escape.url(routes.html_link(context["here"], target, anchor))


def yaml_string(value: str) -> Markup:
    """A YAML scalar for front matter, HTML-escaped (trusted as written: ``escape.front_matter`` made it)."""
    return Markup(escape.front_matter(value))


def translate(key: str, **values: Any) -> Markup:
    """``t()`` for templates: the catalogue's text is ours and trusted; every value filled in is escaped."""
    return Markup(t(key, **{k: escape.text(v) for k, v in values.items()}))


def finalize(value: Any) -> Any:
    """Every ``{{ … }}`` of a template passes here: text is escaped unless it is ``Markup``."""
    return escape.text(value) if isinstance(value, str) else value


def search_text(row: Any) -> str:
    """What the countries filter matches: name, aliases and subregion, in lower case."""
    parts = [row.country.name, *row.country.aliases, row.subregion.name if row.subregion else ""]
    return " ".join(p for p in parts if p).lower()


@lru_cache(maxsize=4)
def environment(template_dir: Path = paths.TEMPLATES) -> jinja2.Environment:
    # Escape by default: autoescaping is on, and ``finalize`` makes every text value inert for
    # Markdown as well as HTML. The built-in ``e`` and ``join`` escape for HTML only, so ours replace them.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)), undefined=jinja2.StrictUndefined,
        autoescape=True, finalize=finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(formatting.FILTERS)
    env.filters.update(fact_value=fact_value, doc_short=doc_short, markdown_table=markdown_table,
                       numeric_columns=numeric_columns, tile_map=tile_map, yaml=yaml_string, figure=figure,
                       page_title=page_title, page_url=routes.url,
                       e=escape.text, escape=escape.text, join=escape.join, url=escape.url, code=escape.code,
                       search_text=search_text)
    env.globals.update(t=translate, link=link, href=href, routes=routes, narrow_media=chart_theme.NARROW_MEDIA)
    return env


def shared_context(site: Site) -> dict[str, Any]:
    """What every template may use beside its page: the bibliography, the agencies, where each fact lives."""
    return {"documents": site.catalog.documents, "agencies": site.catalog.agencies, "fact_homes": site.fact_homes(),
            "disagreeing": site.disagreeing()}


def download_name(chart_id: str, ext: str) -> str:
    """The file name a chart's download is saved under: it says what it is ("migration-fact-book-country-mex-…")."""
    return f"{tables.slugify(t('site_name'))}-{chart_id}.{ext}"


def site_context(releases: tuple[Release, ...] = (), site_url: str | None = None,
                 updated: str | None = None, svg_sizes: Mapping[str, tuple[int, int]] | None = None,
                 png_sizes: Mapping[str, tuple[int, int]] | None = None) -> dict[str, Any]:
    """What the citations, the release page, the JSON-LD, the embed codes and the link-preview images need from
    the build (``render``'s explicit inputs): ``svg_sizes`` and ``png_sizes`` are each chart's rendered size."""
    svg_sizes = svg_sizes or {}
    png_sizes = png_sizes or {}
    def citation(page: Any) -> cite.Citation:
        url = routes.url(page.path)
        return cite.citation(page_title(page), routes.absolute(site_url, url), page.path,
                             releases, updated)

    def jsonld(page: Any) -> Markup:
        """The page's JSON-LD as a front-matter scalar: a JSON string is a valid YAML double-quoted scalar
        (``json.dumps`` escapes its quotes, backslashes and control characters), so it is trusted as written."""
        maker = {"country": structured.country, "agency": structured.organization, "indicator": structured.dataset}
        kind = next(k for k in maker if hasattr(page, k))
        return Markup(json.dumps(structured.dumps(maker[kind](page, site_url))))

    @jinja2.pass_context
    def embed_code(context: Context, chart: Any) -> str:
        """The chart's embed code (builder/embed.py), for the copy button's data attribute (escaped there)."""
        return embed.code(chart, svg_sizes.get(chart.id, (0, 0)), site_url, context["here"])

    def og_image(page: Any) -> Markup:
        """The page's link-preview image as a front-matter scalar (a JSON object is YAML; overrides/main.html
        escapes each value): the PNG of its headline chart, with its description and size. "" without a site
        address (Open Graph wants absolute URLs) or without a chart."""
        chart = getattr(page, "headline_chart", None)
        if not site_url or chart is None or chart.id not in png_sizes:
            return Markup('""')
        width, height = png_sizes[chart.id]
        image = {"url": routes.absolute(site_url, routes.url(routes.chart(chart.id, "png"))),
                 "alt": chart.description, "width": width, "height": height}
        return Markup(json.dumps(image, sort_keys=True))

    return {"citation": citation, "cite_forms": cite_forms, "changelog_markdown": changelog_markdown,
            "jsonld": jsonld, "embed_code": embed_code, "og_image": og_image, "download_name": download_name}


RETRIEVED = "\x00retrieved\x00"  # where a citation's retrieval date goes (filled in by cite.js)


def cite_forms(c: cite.Citation) -> list[tuple[str, tuple[Markup, Markup]]]:
    """The plain, APA and BibTeX forms of a citation, each split around its retrieval date.

    Trusted as HTML because it is escaped here (``Markup.escape``), keeping the BibTeX form's line breaks:
    the template puts it in a ``<pre>`` of a raw HTML block, where Markdown does not run.
    """
    common = {"site": t("site_name"), "year": c.year, "title": c.title, "edition": c.edition, "url": c.url,
              "retrieved": RETRIEVED}
    plain = (t("cite.plain", updated=c.updated, **common) if c.updated else t("cite.plain_no_data", **common))
    forms = {"plain": plain, "apa": t("cite.apa", **common), "bibtex": cite.bibtex(c, RETRIEVED)}
    out = []
    for form, text in forms.items():
        before, after = text.split(RETRIEVED)
        out.append((form, (Markup.escape(before), Markup.escape(after))))
    return out


def render(site: Site, template_dir: Path = paths.TEMPLATES, releases: tuple[Release, ...] = (),
           site_url: str | None = None, updated: str | None = None,
           svg_sizes: Mapping[str, tuple[int, int]] | None = None,
           png_sizes: Mapping[str, tuple[int, int]] | None = None) -> dict[str, str]:
    """Every page's Markdown source. ``releases`` (CHANGELOG.md), ``site_url`` and ``updated`` (the date the
    data were last updated) make the citations; ``svg_sizes`` and ``png_sizes`` (each chart's rendered size) the
    embed codes and link-preview images: explicit inputs, so the pages stay a function of them."""
    env = environment(template_dir)
    shared = {**shared_context(site), **site_context(releases, site_url, updated, svg_sizes, png_sizes)}
    out: dict[str, str] = {}
    hover = abbreviations(site.catalog)  # the glossary's tooltips, on every page but the glossary

    def emit(template: str, page: Any) -> None:
        if page.path in out:
            raise ValueError(f"two pages write {page.path}")
        out[page.path] = (env.get_template(template).render(page=page, here=page.path, **shared)
                          + ("" if page.path == GLOSSARY_PATH else hover))

    for country in site.countries:
        emit("country.md.j2", country)
    for region in site.regions:
        emit("region.md.j2", region)
    for agency in site.agencies:
        emit("agency.md.j2", agency)
    for theme in site.themes:
        emit("theme.md.j2", theme)
    for document in site.documents:
        emit("document.md.j2", document)
    for indicator in site.indicators:
        emit("indicator.md.j2", indicator)
    for index in site.indexes:
        emit(f"{index.kind}_index.md.j2", index)
    for page in site.reference:
        emit(f"{page.kind}.md.j2", page)
    if site.home is not None:
        emit("home.md.j2", site.home)
    emit("releases.md.j2", ReleasesPage(releases, len(site.catalog.corrections)))
    return out


def changelog_markdown(body: str) -> Markup:
    """A changelog section as Markdown: trusted, as the developers' own committed text, once
    ``release.markdown`` has made any HTML in it inert."""
    return Markup(markdown(body))


__all__ = ["render", "IndexPage", "CitedFact"]
