"""The home page: world figures equal data/aggregates, no remittance total, every country in the finder,
no script or style attribute, the world map among the charts, and the build writes index.md at the root."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from builder import build, formatting, pages, paths, routes, write
from builder.derive import Site
from builder.derive.home import COUNTED, FIGURES, MAP_ID, home_page
from builder.derive.indicator import reference_year

from .conftest import copy_docs


@pytest.fixture(scope="module")
def catalog(data_catalog):
    return data_catalog


@pytest.fixture(scope="module")
def page(catalog):
    return home_page(catalog)


@pytest.fixture(scope="module")
def text(catalog, page) -> str:
    """The home page's Markdown, rendered from the real data as the build renders it."""
    return pages.environment().get_template("home.md.j2").render(
        page=page, here=page.path, documents=catalog.documents, agencies=catalog.agencies, fact_homes={},
        **pages.site_context())


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def section(markdown: str, anchor: str) -> str:
    return markdown.split(f"{{ #{anchor} }}")[1].split("\n## ")[0]


def test_world_figures_equal_the_world_rows_of_data_aggregates(catalog, page, text):
    glance = section(text, "world-at-a-glance")
    shown = {f.id: f for f in page.figures}
    assert [i for i in FIGURES if i in shown] == list(FIGURES)  # the real data have every one of them
    for ident in FIGURES:
        world = [r for r in rows(paths.DATA / "aggregates" / f"{ident}.csv") if r["region"] == "world"]
        newest = max(world, key=lambda r: int(r["year"]))
        figure = shown[ident]
        assert (figure.year, figure.value) == (int(newest["year"]), float(newest["value"])), ident
        aggregate = catalog.aggregates[ident]
        tile = glance.split(f'id="figure-{ident.replace("_", "-")}"')[1].split("</div>")[0]
        assert f"{formatting.value(float(newest['value']), aggregate.unit, aggregate.decimals)}</span>" in tile
        assert f"{newest['year']} · {aggregate.source['attribution']}" in tile
        assert f'href="{routes.html_link(page.path, routes.indicator(ident))}"' in tile  # its indicator page
    assert 'href="indicators/migrant-stock/"' in glance and "304 million" in glance


def test_remittances_say_how_many_countries_report_and_are_never_summed(catalog, page, text):
    (ident,) = COUNTED
    figure = next(f for f in page.figures if f.id == ident)
    data = rows(paths.DATA / "indicators" / f"{ident}.csv")
    year = reference_year(catalog.indicators[ident])
    reporting = {r["country"] for r in data if int(r["year"]) == year and r["value"] != ""}
    assert figure.value is None and (figure.count, figure.total, figure.year) == (len(reporting), 233, year)
    glance = section(text, "world-at-a-glance")
    assert f'<span class="fb-tile__value">{len(reporting)} of 233</span>' in glance
    assert f"countries and areas with a figure for {year}" in glance
    assert "US$" not in text  # no dollar figure at all on the page, so no total of remittances
    for y in {int(r["year"]) for r in data}:
        total = sum(float(r["value"]) for r in data if int(r["year"]) == y and r["value"] != "")
        assert formatting.usd(total) not in text
    assert "](methodology/index.md#not-summed)" in text


def test_every_country_is_linked_from_the_finder_grouped_by_region(catalog, page, text):
    countries = rows(paths.DATA / "reference" / "countries.csv")
    finder = text.split('id="finder-list"')[1].split("</details>")[0]
    items = re.findall(r'<li data-names="([^"]*)"><a href="([^"]+)">', finder)
    assert len(items) == len(countries) == sum(len(g.entries) for g in page.finder)
    assert sorted(href for _, href in items) == sorted(f"countries/{c['slug']}/" for c in countries)
    assert [g.region.name for g in page.finder if g.region] == ["Africa", "Americas", "Asia", "Europe", "Oceania"]
    civ = next(names for names, href in items if href == "countries/cote-divoire/")
    assert "Ivory Coast" in civ and "CIV" in civ  # the type-ahead matches aliases and codes
    # without JavaScript the list is there and the type-ahead box is hidden; finder.js shows it
    assert re.search(r'<div class="fb-finder" data-finder-list="finder-list" hidden>', text)
    config = (paths.ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - assets/js/finder.js" in config and (paths.DOCS_DIR / "assets" / "js" / "finder.js").is_file()


def test_the_page_holds_no_script_and_no_style_attribute(text):
    template = (paths.TEMPLATES / "home.md.j2").read_text(encoding="utf-8")
    for markup in (text, template):
        assert not re.search(r"<script|<style|\sstyle\s*=|\son[a-z]+\s*=", markup, flags=re.I)


def test_the_world_map_is_among_the_charts_with_what_it_cannot_show(catalog, page, text):
    stock = catalog.indicators["migrant_stock"]
    assert page.map is not None and page.map.id == MAP_ID and page.map_year == reference_year(stock) == 2024
    site = Site((), (), (), (), (), (), catalog, home=page)
    assert MAP_ID in [c.id for c in site.charts()] and page in site.pages()
    assert f'id="chart-{MAP_ID}"' in section(text, "map") and f'src="charts/{MAP_ID}.svg"' in text
    listed = text.split('class="fb-not-shown"')[1].split("</details>")[0]
    assert len(page.map.not_shown) == sum(len(g.items) for g in page.not_shown) > 50
    for note in page.map.not_shown:
        slug = catalog.countries[note.iso3].slug
        assert f'<a href="countries/{slug}/">' in listed and note.name.split("'")[0] in listed


def test_the_ways_in_and_the_date_of_the_data(text):
    ways = section(text, "ways-in")
    for target in ("countries/", "indicators/", "regions/", "themes/", "agencies/", "sources/", "glossary/",
                   "methodology/"):
        assert f'class="fb-way" href="{target}"' in ways
    accessed = []
    for meta in sorted((paths.DATA / "indicators").glob("*.meta.yml")):
        accessed.append(str(YAML(typ="safe").load(meta.read_text(encoding="utf-8"))["source"]["date_accessed"]))
    newest = dt.date.fromisoformat(max(accessed))
    assert f"last updated on {newest:%B} {newest.day}, {newest.year}" in ways  # in words, not 2026-11-23


def test_the_registry_lists_index_md_as_generated_and_the_build_writes_it(tmp_path, tiny):
    docs = copy_docs(tmp_path / "docs")
    (docs / "index.md").write_text("a hand-written home page of an older checkout\n", encoding="utf-8")
    build.build(build.Options(data_dir=tiny, docs_dir=docs, assemble=False, vendor=False, cache_dir=None))
    catalog, _ = build.check(tiny)
    assert catalog is not None
    assert "index.md" in routes.GENERATED_FILES and "home" not in routes.HAND_WRITTEN
    assert "index.md" in routes.generated(catalog, []) and "/" in routes.published(catalog, [])
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert home.startswith("---\ntitle: ") and 'id="finder-list"' in home
    assert home.count("<li data-names=") == len(catalog.countries) == 2
    assert (docs / "about.md").is_file()  # hand-written pages stay


# --- the writer: a generated file at the root of the docs dir ---------------------------------------


def test_a_generated_root_file_replaces_the_old_one_and_a_stale_one_goes(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("hand-written\n", encoding="utf-8")
    (docs / "index.md").write_text("old home\n", encoding="utf-8")
    write.write_generated(docs, {"index.md": "new home\n", "countries/mexico.md": "Mexico\n"},
                          sections=("countries",), root_files=("index.md",))
    assert (docs / "index.md").read_text(encoding="utf-8") == "new home\n"
    assert (docs / "about.md").read_text(encoding="utf-8") == "hand-written\n"
    write.write_generated(docs, {"countries/mexico.md": "Mexico\n"}, sections=("countries",),
                          root_files=("index.md",))
    assert not (docs / "index.md").exists()  # the build no longer writes it: stale, removed
    assert (docs / "about.md").is_file()
    assert sorted(p.name for p in docs.iterdir()) == ["about.md", "countries"]  # no staging folder left


def test_only_listed_root_files_are_written(tmp_path: Path):
    with pytest.raises(ValueError, match="about.md"):
        write.write_generated(tmp_path, {"about.md": "x"}, sections=("countries",), root_files=("index.md",))
    with pytest.raises(ValueError, match="not a file name"):
        write.write_generated(tmp_path, {}, sections=("countries",), root_files=("sub/index.md",))
    assert list(tmp_path.iterdir()) == []


def test_the_site_home_reuses_the_indicator_pages_map(catalog):
    from builder.derive.indicator import indicator_page

    shared = indicator_page(catalog, catalog.indicators["migrant_stock"]).map
    assert shared is not None and home_page(catalog, shared).map is shared  # one chart, drawn once
