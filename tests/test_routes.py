"""The route registry: one pattern per kind of page, file and anchor; the build writes exactly what it lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder import build, routes


@pytest.mark.parametrize(("source", "url"), [
    ("index.md", "/"), ("countries/index.md", "/countries/"), ("countries/cote-divoire.md", "/countries/cote-divoire/"),
    ("regions/sub-saharan-africa.md", "/regions/sub-saharan-africa/"), ("agencies/ilo.md", "/agencies/ilo/"),
    ("themes/remittances.md", "/themes/remittances/"), ("charts/country-mex-migrant-stock.svg",
                                                        "/charts/country-mex-migrant-stock.svg"),
    ("downloads/migrant_stock.meta.yml", "/downloads/migrant_stock.meta.yml"),
])
def test_a_source_has_one_url(source, url):
    assert routes.url(source) == url


def test_the_patterns_give_the_published_addresses_of_docs_urls_md():
    documented = set(re.findall(r"`(/[a-z]+/[^`<>]*?)`", (Path(__file__).parents[1] / "docs" / "urls.md")
                                .read_text(encoding="utf-8")))
    made = {routes.url(routes.country("cote-divoire")), routes.url(routes.region("sub-saharan-africa")),
            routes.url(routes.agency("ilo")), routes.url(routes.theme("remittances")),
            routes.url(routes.index("countries")), routes.url(routes.region("world"))}
    assert made <= documented, made - documented
    assert routes.anchor("figure", "migrant_stock") == "figure-migrant-stock"
    assert routes.anchor("fact", "003-24-1") == "fact-003-24-1"
    assert routes.anchor("indicator", "remittances_received_gdp") == "indicator-remittances-received-gdp"


@pytest.mark.parametrize(("here", "target", "anchor", "markdown", "html"), [
    ("countries/mexico.md", "agencies/iom.md", "", "../agencies/iom.md", "../../agencies/iom/"),
    ("countries/index.md", "countries/mexico.md", "", "mexico.md", "mexico/"),
    ("countries/mexico.md", "sources/index.md", "indicator-gdp", "../sources/index.md#indicator-gdp",
     "../../sources/#indicator-gdp"),
    ("sources/index.md", "downloads/gdp.csv", "", "../downloads/gdp.csv", "../downloads/gdp.csv"),
    ("sources/doc.md", "sources/doc.md", "fact-1", "#fact-1", "#fact-1"),
    ("regions/americas.md", "regions/world.md", "", "world.md", "../world/"),
    ("countries/mexico.md", "charts/x.svg", "", "../charts/x.svg", "../../charts/x.svg"),
])
def test_links_are_relative_to_the_page(here, target, anchor, markdown, html):
    assert routes.markdown_link(here, target, anchor) == markdown
    assert routes.html_link(here, target, anchor) == html


def test_the_build_writes_exactly_what_the_registry_lists(tmp_path, tiny):
    build.build(build.Options(data_dir=tiny, docs_dir=tmp_path / "docs", assemble=False, vendor=False,
                              cache_dir=None))
    written = {p.relative_to(tmp_path / "docs").as_posix() for p in (tmp_path / "docs").rglob("*") if p.is_file()}
    catalog, _ = build.check(tiny)
    assert catalog is not None
    charts = {Path(p).name[: -len(".vl.json")] for p in written if p.startswith("charts/") and p.endswith(".vl.json")}
    assert charts, "the tiny site has charts"
    # builder/urls.py: codes and aliases of countries (the embed pages, index.html files too, are in the registry)
    redirects = {p for p in written if p.endswith("/index.html") and not p.startswith("embed/")}
    assert redirects and all(p.startswith("countries/") for p in redirects)
    assert written - redirects == routes.generated(catalog, charts)


def test_a_page_outside_the_registry_stops_the_build(monkeypatch, tmp_path, tiny):
    from builder import pages

    real = pages.render
    monkeypatch.setattr(pages, "render", lambda *a, **k: {**real(*a, **k), "countries/stray.md": "stray"})
    with pytest.raises(RuntimeError, match="countries/stray.md"):
        build.build(build.Options(data_dir=tiny, docs_dir=tmp_path / "docs", assemble=False, vendor=False,
                                  cache_dir=None))
    assert not (tmp_path / "docs" / "countries").exists()


def test_every_generated_section_is_git_ignored():
    """Generated pages are build outputs: a new section must not end up committed."""
    import shutil
    import subprocess

    root = Path(__file__).parents[1]
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    for section in routes.GENERATED_SECTIONS:
        probe = f"site_src/{section}/probe.md"
        assert subprocess.run(["git", "check-ignore", "-q", probe], cwd=root).returncode == 0, section
    for name in routes.GENERATED_FILES:  # the home page, datapackage.json
        assert subprocess.run(["git", "check-ignore", "-q", f"site_src/{name}"], cwd=root).returncode == 0, name


@pytest.mark.parametrize(("site_url", "url", "full"), [
    (None, "/countries/mexico/", "/countries/mexico/"),
    ("", "/countries/mexico/", "/countries/mexico/"),
    ("https://example.org", "/countries/mexico/", "https://example.org/countries/mexico/"),
    ("https://example.org/", "/countries/mexico/#figure-x", "https://example.org/countries/mexico/#figure-x"),
    ("https://user.github.io/factbook/", "/", "https://user.github.io/factbook/"),
    ("https://user.github.io/factbook", "/datapackage.json", "https://user.github.io/factbook/datapackage.json"),
])
def test_absolute_joins_the_site_address_and_a_path_once(site_url, url, full):
    assert routes.absolute(site_url, url) == full
