"""Search as a reader uses it: real queries typed into the site's search box, in headless Chromium.

tests/search_queries.csv holds the queries (alternative, former and common names, codes, demonyms,
agency acronyms and names, theme aliases, indicator names) and the page each must bring up first.
It was written before the search names were (docs/search.md): add a query when a reader's search fails.
Set FACTBOOK_SITE to a built site/ to run against it instead of building one.
"""

from __future__ import annotations

import csv
import functools
import gzip
import http.server
import os
import threading
from pathlib import Path

import pytest

from tests.test_browser import CHROMIUM

QUERIES = Path(__file__).with_name("search_queries.csv")
INDEX_LIMIT = 1_000_000  # bytes of the gzipped search index, the download before a first search


def queries() -> list[tuple[str, str]]:
    with QUERIES.open(encoding="utf-8", newline="") as fh:
        return [(r["query"], r["expected"]) for r in csv.DictReader(fh)]


@pytest.fixture(scope="module")
def site(request) -> Path:
    prebuilt = os.environ.get("FACTBOOK_SITE")
    return Path(prebuilt) if prebuilt else request.getfixturevalue("real_site")


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def first_results(server: str, typed: list[str], browser) -> dict[str, str]:
    """The address of the first result for each query, as the search box shows it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    out = {}
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # of the shared browser (conftest.py)
    page.goto(f"{server}/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    for query in typed:
        page.fill(".md-search__input", "")
        page.locator(".md-search__input").press_sequentially(query)  # key by key, as a reader types
        try:  # until the results are those of the whole query: each link highlights the query (?h=)
            page.wait_for_function(
                "query => { const a = document.querySelector('.md-search-result__item a');"
                " return a !== null && new URL(a.href).searchParams.get('h') === query; }",
                arg=" ".join(query.lower().split()), timeout=10_000)
        except PlaywrightTimeout:
            out[query] = ""  # no result
            continue
        href = page.locator(".md-search-result__item a").first.get_attribute("href") or ""
        out[query] = href.removeprefix(server).lstrip("/").removeprefix("./").split("?")[0]
    page.close()
    return out


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
def test_every_real_query_finds_its_page_first(server, chromium):
    wanted = queries()
    assert len(wanted) >= 25
    found = first_results(server, [q for q, _ in wanted], chromium)
    wrong = {q: found[q] or "(nothing)" for q, expected in wanted if found[q].split("#")[0] != expected}
    assert wrong == {}, f"{len(wanted) - len(wrong)} of {len(wanted)} queries find their page first; wrong: {wrong}"


@pytest.mark.slow
def test_the_search_index_stays_small_and_carries_the_names(site):
    raw = (site / "search" / "search_index.json").read_bytes()
    assert len(gzip.compress(raw)) <= INDEX_LIMIT
    assert b'"names":' in raw and b'"codes":' in raw
