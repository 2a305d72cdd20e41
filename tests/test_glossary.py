"""The glossary and the methodology: what the pages say is the catalog's, and hover explanations
are plain, escaped abbreviations (fast tests on the tiny package and the real data's catalog; the
real site's HTML in the slow ones)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from builder import build, derive, pages
from builder.derive.reference import GLOSSARY_PATH, METHODOLOGY_PATH, abbreviations, methodology_page

from .golden import FIXTURE


@pytest.fixture(scope="module")
def tiny_pages() -> dict[str, str]:
    catalog, issues = build.check(FIXTURE)
    assert catalog is not None, issues
    return pages.render(derive.derive(catalog))


@pytest.fixture(scope="module")
def real_catalog(data_catalog):
    return data_catalog


def test_every_term_has_its_anchor_its_organisation_and_its_page(tiny_pages):
    catalog, _ = build.check(FIXTURE)
    assert catalog is not None
    page = tiny_pages[GLOSSARY_PATH]
    for term in catalog.glossary:
        section = page.split(f"{{ #term-{term.id} }}")[1].split("\n## ")[0]
        assert term.definition in section
        agency = catalog.agencies[term.follows]
        assert f"[{agency.name}](../agencies/{agency.slug}.md)" in section
        assert f"]({term.source_url})" in section
        for ident in term.indicators:
            assert f"](../sources/index.md#indicator-{ident.replace('_', '-')})" in section
        for other in term.see_also:
            assert f"](#term-{other})" in section


def test_the_real_glossary_covers_the_terms_of_issue_15(real_catalog):
    ids = {g.id for g in real_catalog.glossary}
    assert {"international-migrant", "international-migrant-stock", "emigrant", "country-of-origin",
            "country-of-destination", "refugee", "asylum-seeker", "stateless-person", "returned-refugee",
            "personal-remittances", "remittances-share-of-gdp", "net-migration", "income-group", "gni-per-capita",
            "population", "bilateral-estimate", "m49-region"} <= ids
    measured = {i for g in real_catalog.glossary for i in g.indicators}
    assert set(real_catalog.indicators) <= measured, "every indicator table has a glossary term"
    assert all(g.source_url.startswith("https://") for g in real_catalog.glossary)


def test_methodology_names_every_table_edition_and_correction(real_catalog):
    page = methodology_page(real_catalog)
    rows = [r.indicator.id for _, group in page.sources for r in group] + [r.indicator.id for r in page.aggregates]
    assert sorted(rows) == sorted([*real_catalog.indicators, *real_catalog.aggregates])
    # the 2020 share of the population stands beside the 2024 stocks: both editions are listed
    releases = {e.edition: {t.id for t in e.tables} for _, group in page.editions for e in group}
    assert "migrant_stock_share_population" in releases["2020 (POP/DB/MIG/Stock/Rev.2020)"]
    assert "migrant_stock" in releases["2024 (POP/DB/MIG/Stock/Rev.2024)"]
    assert page.corrections == real_catalog.corrections
    # remittances are not summed: the page gives the number of countries reporting, from the data
    coverage = {c.indicator.id: c for c in page.not_summed}
    data = real_catalog.indicators["remittances_received"].data
    year = int(data["year"].max())
    assert (coverage["remittances_received"].year, coverage["remittances_received"].count) == (
        year, data[data["year"] == year]["country"].nunique())


def test_methodology_links_every_correction_anchor(tiny_pages, real_catalog):
    text = pages.environment().get_template("methodology.md.j2").render(
        page=methodology_page(real_catalog), documents={}, agencies={}, fact_homes={}, here=METHODOLOGY_PATH,
        **pages.site_context())
    for correction in real_catalog.corrections:
        assert f"(../sources/index.md#correction-{correction.id})" in text
    assert METHODOLOGY_PATH in tiny_pages


class Abbrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._title: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "abbr":
            self._title = dict(attrs).get("title") or ""

    def handle_data(self, data):
        if self._title is not None:
            self.found.append((data, self._title))
            self._title = None


def test_hover_phrases_become_abbreviations_with_the_first_sentence(real_catalog):
    hover = abbreviations(real_catalog)
    html = markdown.markdown("Asylum-seekers and international migrants, net migration.\n" + hover,
                             extensions=["abbr"])
    parser = Abbrs()
    parser.feed(html)
    titles = dict(parser.found)
    assert set(titles) == {"Asylum-seekers", "international migrants", "net migration"}
    assert titles["Asylum-seekers"] == ("Asylum-seeker: A person who has applied for international protection and is "
                                        "still waiting for the decision on the claim.")


def test_every_generated_page_but_the_glossary_carries_the_hover_definitions(tiny_pages):
    for path, text in tiny_pages.items():
        assert ("*[international migrant stock]: " in text) == (path != GLOSSARY_PATH), path


def test_hostile_definitions_stay_plain_text_in_the_tooltip():
    hover = "*[net migration]: Net migration: <script>alert(1)</script> & \"quoted\"."
    html = markdown.markdown("Net migration is small. net migration.\n\n" + hover, extensions=["abbr"])
    assert "<script" not in html
    assert re.search(r'title="Net migration: &lt;script&gt;alert\(1\)&lt;/script&gt; &amp; &quot;quoted&quot;\."',
                     html)


@pytest.mark.slow
def test_real_glossary_and_methodology_pages(real_site: Path, real_catalog):
    glossary = (real_site / "glossary" / "index.html").read_text(encoding="utf-8")
    for term in real_catalog.glossary:
        assert f'id="term-{term.id}"' in glossary
    assert "<abbr" not in glossary.split('<article')[1]
    methodology = (real_site / "methodology" / "index.html").read_text(encoding="utf-8")
    for ident in [*real_catalog.indicators, *real_catalog.aggregates]:
        assert f'href="../sources/#indicator-{ident.replace("_", "-")}"' in methodology
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert 'href="glossary/"' in home and 'href="methodology/"' in home
    country = (real_site / "countries" / "mexico" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="International migrant stock: ' in country
