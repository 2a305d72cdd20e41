"""Citations ("Cite this page") and releases (builder/cite.py, builder/release.py, CHANGELOG.md)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from pybtex.database import parse_string

from builder import cite, release
from builder.pages import RETRIEVED, cite_forms

FIXTURE = Path(__file__).parent / "fixtures" / "tiny" / "CHANGELOG.md"
GOLDEN = Path(__file__).parent / "golden" / "tiny"


def test_the_changelog_gives_the_releases_newest_first():
    releases = release.parse(FIXTURE.read_text(encoding="utf-8"))
    assert [(r.version, r.date) for r in releases] == [("Unreleased", None), ("1.1.0", "2026-11-30"),
                                                       ("1.0.0", "2026-06-01")]
    assert [h for h, _ in releases[1].sections] == ["Data", "Site"]
    assert release.latest(releases).version == "1.1.0"
    assert cite.edition(releases)[0] == "Development version after release 1.1.0"
    assert cite.edition(releases[1:])[0] == "Release 1.1.0 (2026-11-30)"
    assert cite.edition(())[0] == "Development version (no release yet)"


@pytest.mark.parametrize("heading", ["## 1.2 — 2027-01-01", "## 1.2.0", "## 1.2.0 — 2027-13-01", "## Next"])
def test_a_release_heading_without_version_and_date_is_refused(heading):
    with pytest.raises(ValueError):
        release.parse(f"# Changelog\n\n{heading}\n\n### Site\n- x\n")


def test_the_project_changelog_parses():
    releases = release.read()
    assert releases and all(r.sections for r in releases)


def test_html_in_the_changelog_is_inert_outside_code():
    text = release.markdown("- a <script>x</script> & `<b>code</b>`")
    assert "<script" not in text and "&lt;script>" in text and "`<b>code</b>`" in text


@pytest.mark.parametrize("title", ["Mexico", "Côte d’Ivoire", "A {brace} % & # _ ~ ^ \\ title"])
def test_every_form_carries_title_edition_data_date_and_url_and_bibtex_parses(title):
    releases = release.parse(FIXTURE.read_text(encoding="utf-8"))
    c = cite.citation(title, "https://example.org/countries/x/", "countries/x.md", releases, "2025-01-21")
    forms = dict(cite_forms(c))
    for form, (before, after) in forms.items():
        text = html.unescape(before + "2026-12-03" + after)
        assert "https://example.org/countries/x/" in text and "2026" in text, form
        assert "after release 1.1.0" in text, form
    bib = html.unescape(forms["bibtex"][0] + "2026-12-03" + forms["bibtex"][1])
    entry = parse_string(bib, "bibtex").entries["factbook-countries-x"]
    assert entry.type == "misc" and entry.fields["urldate"] == "2026-12-03"
    assert entry.fields["url"] == "https://example.org/countries/x/" and "2025-01-21" in entry.fields["note"]
    escaped = re.sub(r"\\[{}]", "", cite.bibtex_escape(title))  # braces of the text are escaped...
    assert escaped.count("{") == escaped.count("}") == escaped.count("{}")  # ...only empty groups remain


def test_every_generated_page_has_its_citation():
    pages = [p for p in GOLDEN.rglob("*.md")]
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "{ #cite }" in text, page
        assert text.count('data-fb-today="') == 3, page
        assert RETRIEVED not in text
        key = re.search(r"@misc\{(factbook-[a-z0-9-]+),", text)
        assert key is not None, page
