"""The build, as a table of contents: load → validate → derive → charts → pages → write → assemble.

A stage never imports a later one; only ``write`` and ``assemble`` touch the output trees.
Nothing is written when the data are invalid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    cite,
    country_json,
    datapackage,
    derive,
    embed,
    escape,
    keyed,
    load,
    mkdocs_site,
    pages,
    paths,
    release,
    routes,
    search,
    urls,
    validate,
    write,
)
from .catalog import Catalog
from .charts import files as chart_files
from .charts import render
from .derive.home import data_date
from .issues import DataError, Issue, errors
from .text import t


@dataclass
class Options:
    data_dir: Path = paths.DATA
    docs_dir: Path = paths.DOCS_DIR
    site_dir: Path = paths.SITE
    template_dir: Path = paths.TEMPLATES
    config_file: Path = paths.MKDOCS_YML
    cache_dir: Path | None = paths.CACHE
    workers: int | None = None  # processes that render charts (None: one per core; 1: no pool)
    assemble: bool = True  # run MkDocs after writing the docs dir
    vendor: bool = True  # write the vega bundle (the golden test leaves it out)
    # The committed list of published URLs (urls/manifest.txt) and the declared redirects: the build stops
    # if a URL of the manifest would be lost, and adds the new ones after a good build. None: not kept.
    # Page models are kept in cache_dir under a key of the data and the builder's code (builder/keyed.py), so a
    # build whose data and code did not change skips deriving them. False: derive afresh (the determinism test).
    keep_models: bool = True
    # Skip the build when neither its inputs nor its outputs changed since the last build of the same output
    # folders (a stamp in cache_dir; see up_to_date). The command line sets it; a call from code builds.
    skip_unchanged: bool = False
    manifest: Path | None = None
    redirects: Path | None = None
    changelog: Path = release.CHANGELOG  # the releases, for citations and the release page
    # The site's public address (`factbook build` passes $SITE_URL, which the publishing workflow sets): full URLs
    # in citations, canonical links, the sitemap, datapackage.json's homepage. None: site-relative, left out.
    site_url: str | None = None
    progress: Callable[[str, int], Callable[[int], None]] | None = field(default=None, repr=False)


def check(data_dir: Path = paths.DATA) -> tuple[Catalog | None, list[Issue]]:
    """Load and validate ``data_dir``: (catalog or None, every issue)."""
    tables, issues = load.load_tables(data_dir)
    return validate.validate(tables, issues)


def derived(catalog: Catalog, data_dir: Path, cache_dir: Path | None) -> derive.Site:
    """Every page model of ``catalog`` (read from ``data_dir``), kept under a key of the data's bytes and the
    builder's version: derive is a pure function of the two."""
    return keyed.kept(cache_dir, "site", keyed.key(keyed.digest_tree(data_dir), keyed.builder_version()),
                      lambda: derive.derive(catalog))


def downloads(catalog: Catalog) -> dict[str, bytes]:
    """Each indicator's tidy table and metadata, offered for download as published in data/."""
    out = {}
    for indicator in [*catalog.indicators.values(), *catalog.aggregates.values()]:
        csv_file = paths.ROOT / indicator.path
        out[routes.download(indicator.id, "csv")] = escape.inert_csv(csv_file.read_bytes())
        out[routes.download(indicator.id, "meta.yml")] = csv_file.with_suffix(".meta.yml").read_bytes()
    for table in catalog.source_tables:
        csv_file = paths.ROOT / table.path
        out[routes.table_download(table.id, "csv")] = escape.inert_csv(csv_file.read_bytes())
        out[routes.table_download(table.id, "meta.yml")] = csv_file.with_suffix(".meta.yml").read_bytes()
    for kind in routes.REFERENCE_DOWNLOADS:  # the tables the others point to (country → countries.iso3)
        for meta in catalog.tables.get(kind, []):
            csv_file = paths.ROOT / catalog.paths[meta["id"]]
            out[routes.reference_download(meta["id"], "csv")] = escape.inert_csv(csv_file.read_bytes())
            out[routes.reference_download(meta["id"], "meta.yml")] = csv_file.with_suffix(".meta.yml").read_bytes()
    return out


def data_for_reuse(site: derive.Site, published: dict[str, bytes], site_url: str | None = None) -> dict[str, bytes | str]:
    """``datapackage.json`` (every CSV download, from its published bytes) and each country's figures as JSON."""
    descriptor = datapackage.package(site.catalog, published, source_date_epoch(site.catalog), homepage=site_url)
    return {routes.datapackage(): datapackage.render(descriptor), **country_json.files(site.catalog, site.countries, site_url)}


def source_date_epoch(catalog: Catalog) -> int:
    """The build's date, taken from the data (newest access date) so that output is reproducible."""
    dates = [i.source["date_accessed"] for i in catalog.indicators.values()] or ["2025-01-01"]
    day = dt.date.fromisoformat(max(dates))
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _check_routes(files: dict[str, bytes | str], expected: set[str]) -> None:
    """The build writes exactly what the route registry lists: no page without its route, no route without its page."""
    extra, missing = sorted(set(files) - expected), sorted(expected - set(files))
    if extra or missing:
        raise RuntimeError(f"output and route registry disagree: not in builder/routes.py: {extra[:5]}; "
                           f"listed but not written: {missing[:5]}")


def _generated(rel: str) -> bool:
    return rel in routes.GENERATED_FILES or rel.startswith(".staging") or any(
        rel.startswith(section + "/") for section in routes.GENERATED_SECTIONS)


def _inputs_key(options: Options) -> str:
    """A key of everything a build reads: the data, the builder's code and libraries, the templates, the
    hand-written pages and assets, MkDocs' configuration and theme overrides, the changelog, the declared
    redirects and the options that shape the output."""
    overrides = options.config_file.parent / "overrides"
    settings = repr((options.site_url, options.assemble, options.vendor, str(options.site_dir), str(options.docs_dir),
                     str(options.manifest)))
    return keyed.key(keyed.digest_tree(options.data_dir), keyed.builder_version(), keyed.digest_tree(options.template_dir),
                     keyed.digest_tree(options.docs_dir, skip=_generated), keyed.digest_tree(options.config_file),
                     keyed.digest_tree(overrides), keyed.digest_tree(options.changelog),
                     keyed.digest_tree(options.redirects) if options.redirects else "", settings)


def _outputs_print(options: Options) -> str:
    """What the build wrote, as it is now: the generated part of the docs dir, the site and the manifest."""
    site = keyed.stat_tree(options.site_dir) if options.assemble else ""
    manifest = keyed.digest_tree(options.manifest) if options.manifest else ""
    return keyed.key(keyed.stat_tree(options.docs_dir, skip=lambda rel: not _generated(rel)), site, manifest)


def _stamp(options: Options) -> Path | None:
    if options.cache_dir is None:
        return None
    return options.cache_dir / "keyed" / f"build-{keyed.key(str(options.site_dir), str(options.docs_dir))}.stamp"


def up_to_date(options: Options) -> bool:
    """True when the last build of these output folders read the same inputs and its outputs are untouched:
    building again would write the same bytes. The stamp checks itself: a build that failed half-way changed
    the outputs it wrote, so their print no longer matches."""
    stamp = _stamp(options)
    if stamp is None or not stamp.is_file():
        return False
    return stamp.read_text(encoding="utf-8") == f"{_inputs_key(options)}\n{_outputs_print(options)}\n"


def _record(options: Options) -> None:
    stamp = _stamp(options)
    if stamp is not None:
        write.write_file(stamp, f"{_inputs_key(options)}\n{_outputs_print(options)}\n")


def build(options: Options | None = None) -> derive.Site | None:
    """Build the site; None (nothing done) when ``options.skip_unchanged`` and the site is up to date."""
    options = options or Options()
    if options.skip_unchanged and up_to_date(options):
        return None
    catalog, issues = check(options.data_dir)
    if catalog is None:
        raise DataError(errors(issues))
    site = derived(catalog, options.data_dir, options.cache_dir if options.keep_models else None)
    specs = site.charts()
    tick = options.progress("Rendering charts", chart_files.renders(specs)) if options.progress else None
    png_tick = options.progress("Rendering chart images (PNG)", len(specs)) if options.progress else None
    files: dict[str, bytes | str] = {}
    charts = chart_files.chart_files(specs, options.cache_dir, options.workers, progress=tick, png_progress=png_tick)
    files.update(charts)
    svg_sizes = {s.id: render.svg_size(charts[routes.chart(s.id, "svg")].decode("utf-8")) for s in specs}
    png_sizes = {s.id: render.png_size(charts[routes.chart(s.id, "png")]) for s in specs}
    if options.vendor:
        files.update(chart_files.vendor_bundle(options.cache_dir))
    published = downloads(catalog)
    files.update(published)
    files.update(data_for_reuse(site, published, options.site_url))
    updated = data_date(catalog)
    releases = release.read(options.changelog)
    files.update(pages.render(site, options.template_dir, releases, options.site_url,
                              updated.accessed if updated else None, svg_sizes, png_sizes))
    files.update(embed.files(specs, site.chart_homes(), pages.page_title, svg_sizes, png_sizes, options.site_url))
    chart_ids = [s.id for s in specs]
    moved, manifest = _kept_urls(site, chart_ids, options)
    files.update({urls.file_of(r): urls.page(r, options.site_url) for r in moved})
    fixed = [s.id for s in specs if not s.narrow]
    _check_routes(files, routes.generated(catalog, chart_ids, [routes.VENDOR_FILE] if options.vendor else [], fixed)
                  | {urls.file_of(r) for r in moved})
    write.write_generated(options.docs_dir, files)
    if options.assemble:
        footer = t("footer", edition=cite.edition(releases)[0], updated=updated.accessed if updated else "—")
        mkdocs_site.build_site(options.site_dir, options.config_file, options.docs_dir, source_date_epoch(catalog),
                               footer, options.site_url, search.fields(catalog))
    if manifest is not None and options.manifest is not None:
        write.write_file(options.manifest, manifest)
    _record(options)
    return site


def _where(path: Path | None, default: str) -> str:
    if path is None:
        return default
    return path.relative_to(paths.ROOT).as_posix() if path.is_relative_to(paths.ROOT) else path.as_posix()


def _kept_urls(site: derive.Site, chart_ids: list[str], options: Options) -> tuple[list[urls.Redirect], str | None]:
    """The redirect pages, and the manifest text to keep; stops the build when a published URL would be lost."""
    served = urls.published(site, chart_ids)
    declared, issues = urls.read_declared(options.redirects) if options.redirects else ([], [])
    moved, bad = urls.redirects(site, served, declared, _where(options.redirects, "urls/redirects.yml"))
    served |= {r.source for r in moved}
    if options.manifest is None:
        if issues or bad:
            raise DataError(errors([*issues, *bad]))
        return moved, None
    manifest = urls.read_manifest(options.manifest)
    problems = [*issues, *bad, *urls.lost(manifest, served, _where(options.manifest, "urls/manifest.txt"))]
    if problems:
        raise DataError(errors(problems))
    return moved, urls.render_manifest(manifest, served)
