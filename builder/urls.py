"""Links that last: every URL the site has published, kept, and the redirects that keep old addresses working.

- ``published(site, chart_ids)``: the site-relative URL of every page, chart and download, and the
  anchors people link to (a source fact, a headline figure, a glossary term, an indicator's definition,
  a correction) — all from the route registry.
- ``redirects(catalog, declared)``: a static redirect page for each country's ISO3 and ISO2 code and
  each of its aliases that names no other country (``/countries/mex/``, ``/countries/ivory-coast/``),
  and for each address declared in ``urls/redirects.yml`` because it moved.
- ``lost(manifest, published, redirected)``: the URLs of the committed manifest (``urls/manifest.txt``)
  that this build would no longer serve; the build stops on them (``url-lost``) before writing anything.

After a good build the manifest gains the new URLs and keeps every old one, so it only grows.
The policy is in docs/urls.md.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from . import errors, paths, routes
from .catalog import Catalog
from .issues import Issue
from .tables import SLUG_RE, slugify
from .text import t

MANIFEST = paths.ROOT / "urls" / "manifest.txt"
REDIRECTS = paths.ROOT / "urls" / "redirects.yml"
HEADER = ("# Every URL the Migration Fact Book has published, one per line, kept by the build (builder/urls.py).\n"
          "# A URL may leave the site only with a redirect in urls/redirects.yml: see docs/urls.md.\n")


@dataclass(frozen=True)
class Redirect:
    source: str  # site-relative URL of the old or alternative address: /countries/mex/
    target: str  # site-relative URL of the page it leads to: /countries/mexico/
    title: str  # the target page's title, for the link on the redirect page


def published(site, chart_ids: Iterable[str]) -> set[str]:
    """Every URL the build serves: pages, charts, downloads, and the anchors of linkable things."""
    catalog: Catalog = site.catalog
    fixed = [c.id for c in site.charts() if not c.narrow]  # no narrow variant (charts/theme.py)
    urls = set(routes.published(catalog, chart_ids, fixed=fixed))
    for fact, home in site.fact_homes().items():
        urls.add(routes.url(home) + "#" + routes.anchor("fact", fact))
    for page in (*site.countries, *site.regions):
        tiles = [*page.tiles, *(tile for section in page.sections for tile in section.tiles)]
        urls |= {routes.url(page.path) + "#" + routes.anchor("figure", tile.id) for tile in tiles}
    glossary = routes.url(routes.page("glossary"))
    urls |= {glossary + "#" + routes.anchor("term", term.id) for term in catalog.glossary}
    sources = routes.url(routes.index("sources"))
    urls |= {sources + "#" + routes.anchor("indicator", i) for i in [*catalog.indicators, *catalog.aggregates]}
    urls |= {sources + "#" + routes.anchor("correction", c.id) for c in catalog.corrections}
    return urls


def _country_redirects(catalog: Catalog, taken: set[str]) -> list[Redirect]:
    """ISO3, ISO2 and every alias of a country, as /countries/<slug>/, where the slug names it alone."""
    claims: dict[str, set[str]] = {}
    for country in catalog.countries.values():
        for name in (country.iso3, country.iso2 or "", country.official_name, *country.aliases):
            slug = slugify(name)
            if slug and SLUG_RE.fullmatch(slug) and slug != country.slug:
                claims.setdefault(slug, set()).add(country.iso3)
    out = []
    for slug, owners in sorted(claims.items()):
        source = routes.url(routes.country(slug))
        if len(owners) == 1 and source not in taken:  # an alias two countries share leads to neither
            country = catalog.countries[next(iter(owners))]
            out.append(Redirect(source, routes.url(routes.country(country.slug)), country.name))
    return out


def read_declared(path: Path = REDIRECTS, root: Path = paths.ROOT) -> tuple[list[tuple[int, dict]], list[Issue]]:
    """The entries of urls/redirects.yml with their line numbers; a file that does not parse is one issue."""
    if not path.is_file():
        return [], []
    where = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    try:
        data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [errors.issue("bad-redirect", where, (mark.line + 1) if mark else 0, 0, source="(the file)",
                                 problem=f"it is not valid YAML ({getattr(exc, 'problem', exc)})")]
    entries = data.get("redirects") if isinstance(data, CommentedMap) else None
    if not isinstance(entries, CommentedSeq):
        return [], [errors.issue("bad-redirect", where, 1, 1, source="(the file)",
                                 problem="it needs a list under 'redirects:'")]
    return [(entries.lc.item(i)[0] + 1, dict(e) if isinstance(e, dict) else {}) for i, e in enumerate(entries)], []


def redirects(site, published_urls: set[str], declared: list[tuple[int, dict]],
              where: str = "urls/redirects.yml") -> tuple[list[Redirect], list[Issue]]:
    """The redirect pages of the build: declared moves first, then countries' codes and aliases."""
    titles = {routes.url(p.path): p.country.name for p in site.countries}
    titles |= {routes.url(p.path): p.region.name for p in site.regions}
    pages = {u for u in published_urls if u.endswith("/") and "#" not in u}
    out: list[Redirect] = []
    issues: list[Issue] = []
    seen: set[str] = set()
    for line, entry in declared:
        source, target = str(entry.get("from", "")), str(entry.get("to", ""))
        problem = _declared_problem(source, target, bool(entry.get("reason")), pages, seen)
        if problem:
            issues.append(errors.issue("bad-redirect", where, line, 1, source=source or "?", problem=problem))
            continue
        seen.add(source)
        out.append(Redirect(source, target, titles.get(target, target)))
    out += _country_redirects(site.catalog, pages | seen)
    return out, issues


def _declared_problem(source: str, target: str, reason: bool, pages: set[str], seen: set[str]) -> str:
    """What is wrong with one entry of urls/redirects.yml, in words; "" when nothing is."""
    if not (source and target and reason):
        return "it needs 'from', 'to' and 'reason'"
    if not (source.startswith("/") and source.endswith("/")):
        return "it must be a site-relative address ending in '/'"
    if source.strip("/").split("/")[0] not in routes.GENERATED_SECTIONS:
        return "it must lie in a section the build writes (" + ", ".join(routes.GENERATED_SECTIONS) + ")"
    if source in pages:
        return "that address is a page of the site: remove the redirect"
    if target not in pages:
        return f"its target {target} is no page of the site"
    return "it is declared twice" if source in seen else ""


def file_of(redirect: Redirect) -> str:
    """The docs-relative file of a redirect page: /countries/mex/ → countries/mex/index.html."""
    return redirect.source.strip("/") + "/index.html"


def page(redirect: Redirect, site_url: str | None = None) -> str:
    """A static redirect: meta refresh and canonical link to the target, and a plain link for everyone else.

    The refresh and the link are relative (they work wherever the site is served); the canonical link is
    absolute when the site's address is known, as search engines prefer."""
    to = posixpath.relpath(redirect.target.strip("/") or ".", redirect.source.strip("/")) + "/"
    href, title = html.escape(to), html.escape(redirect.title)
    canonical = html.escape(routes.absolute(site_url, redirect.target)) if site_url else href
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(t('redirect.title', title=redirect.title))}</title>\n"
            f'<meta name="robots" content="noindex">\n<link rel="canonical" href="{canonical}">\n'
            f'<meta http-equiv="refresh" content="0; url={href}">\n</head>\n<body>\n'
            f'<p>{html.escape(t("redirect.text"))} <a href="{href}">{title}</a></p>\n</body>\n</html>\n')


def read_manifest(path: Path) -> dict[str, int]:
    """URL → its line in the manifest ({} when there is none yet)."""
    if not path.is_file():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    return {ln: i for i, ln in enumerate(lines, 1) if ln and not ln.startswith("#")}


def lost(manifest: dict[str, int], served: set[str], where: str) -> list[Issue]:
    """Each URL of the manifest that the build no longer serves (neither published nor redirected)."""
    return [errors.issue("url-lost", where, line, 1, url=u) for u, line in manifest.items() if u not in served]


def render_manifest(manifest: Iterable[str], served: set[str]) -> str:
    return HEADER + "".join(u + "\n" for u in sorted(set(manifest) | served))
