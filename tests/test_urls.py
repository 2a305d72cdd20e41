"""Links that last: the committed manifest of published URLs and the redirects (builder/urls.py, docs/urls.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder import build, routes, urls
from builder.issues import DataError

from .conftest import copy_docs


def options(tmp: Path, data: Path, **kw) -> build.Options:
    copy_docs(tmp / "docs") if not (tmp / "docs").exists() else None
    return build.Options(data_dir=data, docs_dir=tmp / "docs", site_dir=tmp / "site", cache_dir=tmp / "cache",
                         manifest=tmp / "urls" / "manifest.txt", redirects=tmp / "urls" / "redirects.yml", **kw)


def rename_theme(data: Path, old: str, new: str) -> None:
    """Give a theme another slug (its id, and so its URL), as a maintainer might."""
    path = data / "reference" / "themes.csv"
    text = path.read_text(encoding="utf-8")
    assert f"{old},{old}," in text
    path.write_text(text.replace(f"{old},{old},", f"{old},{new},"), encoding="utf-8")


def test_the_manifest_keeps_every_url_and_a_lost_page_stops_the_build(tmp_path, tiny):
    opts = options(tmp_path, tiny, assemble=False)
    build.build(opts)
    manifest = urls.read_manifest(opts.manifest)
    assert "/countries/mexico/" in manifest and "/themes/development/" in manifest
    assert "/sources/hagan-wassink-return-mexico/#fact-003-20-1" in manifest  # a fact, on its document page
    assert "/countries/mexico/#figure-migrant-stock" in manifest  # a headline figure
    assert any(u.startswith("/charts/") and u.endswith(".svg") for u in manifest)
    assert any(u.startswith("/downloads/") for u in manifest)
    assert "/countries/mex/" in manifest and "/countries/mx/" in manifest  # the redirects are published too

    rename_theme(tiny, "development", "growth")
    with pytest.raises(DataError) as caught:
        build.build(opts)
    lost = [i for i in caught.value.issues if i.code == "url-lost"]
    assert [i.message.split()[0] for i in lost] == ["/themes/development/"]
    assert lost[0].path.endswith("manifest.txt") and lost[0].line == manifest["/themes/development/"]

    opts.redirects.write_text("redirects:\n  - from: /themes/development/\n    to: /themes/growth/\n"
                              "    reason: renamed in a test\n", encoding="utf-8")
    build.build(opts)
    kept = urls.read_manifest(opts.manifest)
    assert "/themes/development/" in kept and "/themes/growth/" in kept
    page = (opts.docs_dir / "themes" / "development" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../growth/"' in page and 'rel="canonical" href="../growth/"' in page


def test_a_build_that_would_lose_a_url_writes_nothing(tmp_path, tiny):
    opts = options(tmp_path, tiny, assemble=False)
    build.build(opts)
    before = {p: p.read_bytes() for p in opts.docs_dir.rglob("*") if p.is_file()}
    manifest = opts.manifest.read_bytes()
    rename_theme(tiny, "development", "growth")
    with pytest.raises(DataError):
        build.build(opts)
    assert {p: p.read_bytes() for p in opts.docs_dir.rglob("*") if p.is_file()} == before
    assert opts.manifest.read_bytes() == manifest


@pytest.mark.parametrize(("entry", "problem"), [
    ("  - from: /themes/x/\n    to: /themes/nowhere/\n    reason: r\n", "is no page of the site"),
    ("  - from: /themes/development/\n    to: /countries/mexico/\n    reason: r\n", "is a page of the site"),
    ("  - from: /themes/x/\n    to: /countries/mexico/\n", "needs 'from', 'to' and 'reason'"),
    ("  - from: /elsewhere/x/\n    to: /countries/mexico/\n    reason: r\n", "must lie in a section"),
    ("  - from: themes/x\n    to: /countries/mexico/\n    reason: r\n", "site-relative address"),
])
def test_a_bad_redirect_is_named_at_its_line(tmp_path, tiny, entry, problem):
    opts = options(tmp_path, tiny, assemble=False)
    opts.redirects.parent.mkdir(parents=True)
    opts.redirects.write_text("# moved pages\nredirects:\n" + entry, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build.build(opts)
    (issue,) = caught.value.issues
    assert issue.code == "bad-redirect" and problem in issue.message and issue.line == 3, issue.format()


def test_codes_and_aliases_lead_to_their_country_and_shared_aliases_to_none(tmp_path, tiny):
    path = tiny / "reference" / "countries.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Mexique|México|", "Mexique|América|").replace("|USA,", "|USA|América,"),
                    encoding="utf-8")
    opts = options(tmp_path, tiny)
    build.build(opts)
    site = opts.site_dir
    for alias in ("mex", "mx", "mexique"):
        page = (site / "countries" / alias / "index.html").read_text(encoding="utf-8")
        target = re.search(r'url=([^"]+)"', page).group(1)
        assert (site / "countries" / alias / target / "index.html").resolve() == \
            (site / "countries" / "mexico" / "index.html").resolve()
        assert ">Mexico</a>" in page and 'name="robots" content="noindex"' in page
    assert not (site / "countries" / "america").exists()  # two countries claim it: it leads to neither
    assert (site / "countries" / "usa" / "index.html").is_file()


def test_the_committed_manifest_is_complete_and_loses_nothing(data_site):
    """urls/manifest.txt lists every URL the real site serves, and the site still serves every one of them."""
    site = data_site
    served = urls.published(site, [s.id for s in site.charts()])
    declared, problems = urls.read_declared(urls.REDIRECTS)
    moved, bad = urls.redirects(site, served, declared)
    assert not problems and not bad
    pages = {u for u in served if u.endswith("/")}
    assert all(r.target in pages for r in moved)  # every redirect leads to a page of the site
    served |= {r.source for r in moved}
    manifest = urls.read_manifest(urls.MANIFEST)
    assert not urls.lost(manifest, served, "urls/manifest.txt")
    missing = sorted(served - set(manifest))
    assert not missing, f"run `make site` and commit urls/manifest.txt: {missing[:5]}"
    assert {"/countries/mex/", "/countries/mx/", "/countries/ivory-coast/"} <= set(manifest)
    assert routes.url(routes.country("cote-divoire")) in manifest


def test_a_redirect_page_is_canonical_to_its_target_at_the_site_address():
    redirect = urls.Redirect("/countries/mex/", "/countries/mexico/", "Mexico")
    relative = urls.page(redirect)
    assert 'rel="canonical" href="../mexico/"' in relative and 'url=../mexico/"' in relative
    absolute = urls.page(redirect, "https://factbook.example/sub/")
    assert 'rel="canonical" href="https://factbook.example/sub/countries/mexico/"' in absolute
    assert 'url=../mexico/"' in absolute  # the refresh stays relative: it works on any host

