"""The built HTML validates with the W3C Nu HTML Checker (npm ``vnu-jar``, run on Debian's Java).

``make test`` installs the checker with ``scripts/ensure-vnu.sh``; without it (or without ``java``)
the test is skipped. One JVM checks every page of the real build.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from builder import paths

VNU = paths.ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(JAVA is None or not VNU.is_file(),
                                 reason="vnu.jar or java missing (make test runs scripts/ensure-vnu.sh)")]

# One page of every kind, which must be among the pages checked.
KINDS = {
    "home": "index.html", "about": "about/index.html", "not found": "404.html",
    "countries index": "countries/index.html", "country": "countries/mexico/index.html",
    "country without refugee data": "countries/holy-see/index.html",
    "regions index": "regions/index.html", "world": "regions/world/index.html",
    "region": "regions/africa/index.html", "sub-region": "regions/western-europe/index.html",
    "agencies index": "agencies/index.html", "agency": "agencies/iom/index.html",
    "themes index": "themes/index.html", "theme": "themes/remittances/index.html",
    "sources index": "sources/index.html", "source document": "sources/un-2004-coordination-meeting/index.html",
    "glossary": "glossary/index.html", "methodology": "methodology/index.html",
    "chart embed page": "embed/country-mex-migrant-stock/index.html",
}
# The embed pages (builder/embed.py) are written by one function from one pattern: one stands for the 2,600.
EMBED_SAMPLE = {KINDS["chart embed page"], "embed/indicator-migrant-stock-map/index.html"}

# Errors in the markup of Material for MkDocs' own templates (not in anything we write), matched by
# the exact message and a piece of the theme's markup, so that the same error in our pages still fails.
MATERIAL_MARKUP = [
    # base.html: the drawer and search toggles are checkboxes with autocomplete="off" (a Firefox workaround).
    ("Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
     "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or "
     "“week”.", 'class="md-toggle" data-md-toggle="'),
    # partials/nav-item.html: a section's label gets tabindex="" (`"0" if not is_section`, else empty).
    ("Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.",
     '_label" tabindex=""'),
    # partials/toc.html labels the toggle "__toc", which partials/nav-item.html only writes for a page that is
    # not a section index (navigation.indexes): the Sources index, which has a table of contents.
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
     '<label class="md-nav__title" for="__toc">'),
]


def from_material(message: dict) -> bool:
    return any(message.get("message") == text and markup in message.get("extract", "")
               for text, markup in MATERIAL_MARKUP)


def vnu(site: Path, pages: list[str]) -> list[dict]:
    """The checker's errors on ``pages`` (paths relative to ``site``), in one JVM."""
    run = subprocess.run([JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                         cwd=site, capture_output=True, text=True, check=False)
    report = json.loads(run.stderr or run.stdout)  # vnu writes its report to stderr
    return report["messages"]


def describe(site: Path, message: dict) -> str:
    where = message.get("url", "").removeprefix("file:").removeprefix(str(site) + "/")
    extract = " ".join(message.get("extract", "").split())
    return f"{where}:{message.get('lastLine', 0)}: {message['type']}: {message['message']}  [{extract}]"


def test_every_page_is_valid_html(real_site, tmp_path):
    """Every page of the real build, so that each kind is checked with all of its data: about 380 pages
    in 15–30 s, hardly more than a sample (which would have missed the two source documents of six that
    print tables, where the only errors of our own were)."""
    pages = sorted(rel for p in real_site.rglob("*.html")
                   if not (rel := p.relative_to(real_site).as_posix()).startswith("embed/") or rel in EMBED_SAMPLE)
    assert {kind: page for kind, page in KINDS.items() if page not in pages} == {}
    canary = tmp_path / "canary.html"  # an invalid page in the same run: the checker did read the files
    canary.write_text("<!doctype html><html lang=en><title>canary</title><p><div></p>\n", encoding="utf-8")
    messages = vnu(real_site, [*pages, str(canary)])
    assert any(m.get("url", "").endswith("/canary.html") for m in messages)
    messages = [m for m in messages if not m.get("url", "").endswith("/canary.html")]
    problems = [describe(real_site, m) for m in messages if not from_material(m)]
    assert problems == [], "\n".join(problems)
