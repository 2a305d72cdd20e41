"""A reader's view: the real site served on 127.0.0.1, opened in headless Chromium (Debian's)."""

from __future__ import annotations

import html as html_lib
import re
import shutil
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                 "(make test installs it)")]


@pytest.fixture(scope="module")
def server(site_server):
    return site_server


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(("slug", "name"), [("mexico", "Mexico"), ("india", "India"), ("holy-see", "Holy See")])
def test_country_page_renders_an_interactive_chart_without_errors(server, browser, width, slug, name):
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
    # The static SVG and its text alternative are in the HTML as served; the script later swaps the
    # image for the interactive chart (so the image is read from the HTML, not from the live page).
    html = urllib.request.urlopen(f"{server}/countries/{slug}/").read().decode()
    first_image = re.search(r'<img class="fb-chart__static" src="[^"]+" alt="([^"]*)"', html)
    assert first_image and first_image.group(1).startswith(f"Immigrants in {name}")
    page.goto(f"{server}/countries/{slug}/")
    caption = page.locator("figure.fb-chart .fb-chart__desc").first.inner_text()
    assert caption == html_lib.unescape(first_image.group(1))  # the description stays after the swap
    page.locator("figure.fb-chart").first.scroll_into_view_if_needed()
    page.wait_for_selector("figure.fb-chart[data-state='interactive'] .fb-chart__interactive svg", timeout=20_000)
    marks = page.locator("figure.fb-chart[data-state='interactive'] svg path").count()
    assert marks > 3
    screenshot = Path(__file__).parent / "artifacts" / f"{slug}-{width}.png"
    screenshot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(screenshot), full_page=False)
    page.close()
    assert problems == []
    assert outside == []


def test_search_finds_a_country_by_another_name(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.fill(".md-search__input", "Ivory Coast")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    first = page.locator(".md-search-result__item a").first.get_attribute("href")
    page.close()
    assert "countries/cote-divoire" in first


@pytest.mark.parametrize("slug", ["mexico", "india", "holy-see"])
def test_a_country_page_prints_as_a_two_page_factsheet(server, browser, tmp_path, slug):
    page = browser.new_page()
    page.goto(f"{server}/countries/{slug}/")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # as a browser does before printing
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    pdf = tmp_path / f"{slug}.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert 1 <= pages <= 2


def test_countries_index_sorts_and_filters(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/countries/")
    page.click("#countries-table th:nth-child(3)")  # Immigrants: largest first
    first = page.locator("#countries-table tbody tr").first.locator("td").first.inner_text()
    assert first == "United States"
    page.fill("input.fb-filter", "ivory")
    visible = page.locator("#countries-table tbody tr:not([hidden])")
    assert visible.count() == 1 and "Côte" in visible.first.inner_text()
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["indicators/refugees-hosted/", "countries/mexico/"])
def test_indicator_and_country_pages_show_their_maps(server, browser, width, scheme, path):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.goto(f"{server}/{path}")
    if path.startswith("countries/"):
        target = page.locator("img.fb-locator:visible")  # the light or the dark one, as the page's scheme
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=target.element_handle(),
                               timeout=15_000)
        assert target.get_attribute("alt")  # the map has its text alternative
    else:
        world = page.locator("figure.fb-chart[id$='-map']")
        world.scroll_into_view_if_needed()
        page.wait_for_selector("figure.fb-chart[id$='-map'][data-state='interactive'] svg", timeout=20_000)
        assert world.locator("svg path").count() > 150  # a shape per country
    if path.startswith("indicators/"):
        rows = page.locator("#ranking-table tbody tr")
        assert rows.count() > 150 and rows.first.locator("td").first.inner_text() == "1"
        page.click("#ranking-table th:nth-child(2)")  # sortable by name
        assert page.locator("#ranking-table tbody tr").first.locator("td").nth(1).inner_text().startswith("A")
    shot = Path(__file__).parent / "artifacts" / f"{path.strip('/').replace('/', '-')}-{width}-{scheme}.png"
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot), full_page=False)
    context.close()
    assert problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_home_page_finder_types_ahead_and_works_without_javascript(server, browser, width, scheme):
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.goto(f"{server}/")
    assert page.locator("#world-at-a-glance").count() == 1 and page.locator("#chart-indicator-migrant-stock-map").count() == 1
    page.fill("#finder-input", "ivory")  # an alias: the result is the country's name, with the alias beside it
    result = page.locator("#finder-results a").first
    assert result.inner_text() == "Côte d’Ivoire" and result.get_attribute("href") == "countries/cote-divoire/"
    page.fill("#finder-input", "deu")  # a code
    assert page.locator("#finder-results a").first.inner_text() == "Germany"
    page.fill("#finder-input", "")
    screenshot = Path(__file__).parent / "artifacts" / f"home-{width}-{scheme}.png"
    screenshot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    assert problems == []
    static = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    plain = static.new_page()
    plain.goto(f"{server}/")
    assert not plain.is_visible(".fb-finder")  # the type-ahead needs JavaScript: hidden without it
    plain.click("#finder-list summary")
    assert plain.locator("#finder-list li a").count() == 233
    plain.locator("#finder-list a", has_text="Mexico").first.click()
    assert plain.url.endswith("/countries/mexico/")
    static.close()
