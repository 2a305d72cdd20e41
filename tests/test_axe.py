"""Every page kind has no serious or critical accessibility violation, in light and dark mode.

axe-core (npm ``axe-core``, pinned, installed into ``.tools/`` by ``scripts/ensure-axe.sh``, which ``make test``
runs) is injected into one page of each kind of the real site in headless Chromium, after every chart of the
page became interactive, so the Vega views are checked too. The keyboard reaches every control with a visible
focus. docs/accessibility.md says what is checked and what axe cannot check.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from builder import paths

AXE = paths.ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
needs_axe = pytest.mark.skipif(not AXE.is_file(), reason="axe-core missing (make test runs scripts/ensure-axe.sh)")

# One page of every kind (a large country and a small one).
PAGES = {
    "home": "", "country": "countries/united-states/", "small country": "countries/holy-see/",
    "region": "regions/africa/", "world": "regions/world/", "indicator": "indicators/migrant-stock/",
    "indicators index": "indicators/", "agency": "agencies/iom/", "theme": "themes/remittances/",
    "source document": "sources/portes-migration-development/", "sources index": "sources/",
    "countries index": "countries/", "regions index": "regions/", "agencies index": "agencies/",
    "themes index": "themes/", "glossary": "glossary/", "methodology": "methodology/", "releases": "releases/",
}
SCHEMES = {"light": "default", "dark": "slate"}  # the reader's preference → Material's palette
CASES = [(kind, scheme, 1280) for scheme in SCHEMES for kind in PAGES] + [("country", s, 390) for s in SCHEMES]
SERIOUS = {"serious", "critical"}
# Light mode runs every rule of axe's default set (WCAG 2.0-2.2 A and AA, best practices). A page's markup,
# names, roles and layout are the same in dark mode, where only colours change: the dark run checks the rules
# that read colours, which halves its time.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
RUN_OPTIONS = {"light": {"resultTypes": ["violations"]},
               "dark": {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": COLOUR_RULES}}}

# Every chart of the page interactive: each scrolled into view in turn until charts.js has seen it (it loads a
# chart when it comes into view), then all waited for; then back at the top, where the header's tabs come back with a transition
# that axe waits out before it measures colours. Timers, not animation frames: every wait has a timeout.
SCROLL_THROUGH_CHARTS = """async () => {
  const figures = [...document.querySelectorAll("figure.fb-chart[data-spec]")];
  const deadline = Date.now() + 30000;
  for (const figure of figures) {  // in view until charts.js has seen it (its state is set)
    figure.scrollIntoView({block: "center"});
    while (!figure.dataset.state && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20));
  }
  return figures.length;
}"""
CHARTS_SETTLED = """() => [...document.querySelectorAll("figure.fb-chart[data-spec]")]
  .every(f => f.dataset.state === "interactive" || f.dataset.state === "static")"""
CHART_STATES = """() => [...document.querySelectorAll("figure.fb-chart[data-spec]")].map(f => f.id + ": " + f.dataset.state)"""
AT_TOP_AND_STILL = "() => window.scrollY === 0 && document.getAnimations().every(a => a.playState !== 'running')"


def make_charts_interactive(page) -> list[str]:
    """Scroll through the page until every chart is interactive (or has stayed static); back at the top."""
    page.evaluate(SCROLL_THROUGH_CHARTS)
    page.wait_for_function(CHARTS_SETTLED, polling=100, timeout=60_000)
    page.evaluate("window.scrollTo(0, 0)")
    # Material shows the tabs again from its scroll handler, a frame or more later: a transition not yet started is not
    # among document.getAnimations(), so give it time to start (its fade takes 250 ms) before waiting it out.
    page.wait_for_timeout(600)
    page.wait_for_function(AT_TOP_AND_STILL, polling=100, timeout=30_000)
    return page.evaluate(CHART_STATES)


@pytest.fixture(scope="module")
def tab(chromium):
    """One browser page per colour scheme and width, reused for every page kind (the CSP is another test's:
    it would refuse the injected axe script)."""
    pages: dict[tuple[str, int], object] = {}

    def get(scheme: str, width: int):
        if (scheme, width) not in pages:
            context = chromium.new_context(bypass_csp=True, color_scheme=scheme,
                                           viewport={"width": width, "height": 900})
            pages[scheme, width] = context.new_page()
        return pages[scheme, width]

    yield get
    for page in pages.values():
        page.context.close()  # type: ignore[attr-defined]


def _report(violations: list[dict], where: str) -> str:
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {where}:"]
    for v in violations:
        targets = ", ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                            for n in v["nodes"][:3])
        lines.append(f"  {v['id']} ({v['impact']}, {len(v['nodes'])} element(s)): {v['help']} — {targets}")
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.slow
@needs_axe
@pytest.mark.parametrize(("kind", "scheme", "width"), CASES, ids=[f"{k}-{s}-{w}" for k, s, w in CASES])
def test_page_has_no_serious_accessibility_violation(site_server, tab, kind, scheme, width):
    page = tab(scheme, width)
    page.goto(f"{site_server}/{PAGES[kind]}")
    assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
    states = make_charts_interactive(page)
    assert all(s.endswith(": interactive") for s in states), states
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("options => axe.run(document, options)", RUN_OPTIONS[scheme])
    serious = [v for v in result["violations"] if v["impact"] in SERIOUS]
    assert not serious, _report(serious, f"the {kind} page /{PAGES[kind]} ({scheme}, {width} px)")


FOCUS_LOG = """() => {
  window.fbFocused = [];
  document.addEventListener("focusin", event => {
    const el = event.target, style = getComputedStyle(el);
    const visible = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
    window.fbFocused.push({tag: el.tagName.toLowerCase(), cls: el.className || "", id: el.id || "",
                           content: !!el.closest(".md-content"),
                           parent: el.parentElement.tagName.toLowerCase() + "." + (el.parentElement.className || ""),
                           text: (el.textContent || "").trim().slice(0, 40), visible});
  });
}"""


@pytest.mark.browser
@pytest.mark.slow
def test_the_keyboard_reaches_every_control_of_a_country_page(site_server, chromium):
    """Tab from the top to the end of a country page: the data tables' summaries and the copy buttons are
    reached, each with a visible focus, and Enter opens a data table."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_server}/countries/holy-see/")
    page.wait_for_selector("button[data-fb-copy]:not([hidden])", state="attached")
    page.evaluate(FOCUS_LOG)
    tables = page.locator("details.fb-table").count()
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('button[data-fb-copy=\"cite-bibtex\"]')"):
            break
    focused = page.evaluate("window.fbFocused")
    summaries = [f for f in focused if f["tag"] == "summary" and f["parent"].startswith("details.fb-table")]
    copies = [f for f in focused if f["tag"] == "button" and "fb-copy" in f["cls"]]
    assert tables > 0 and len(summaries) == tables
    assert len(copies) == 3
    hidden = [f for f in focused if f["content"] and not f["visible"]]  # the page's own controls
    assert not hidden, f"focus not visible on {hidden[:5]}"
    page.locator("details.fb-table > summary").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.fb-table").first.get_attribute("open") is not None
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_sortable_tables_sort_from_the_keyboard(site_server, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_server}/countries/")
    page.evaluate(FOCUS_LOG)
    page.focus("input.fb-filter")
    page.keyboard.press("Tab")  # the filter, then the first column's sort button
    active = page.evaluate("[document.activeElement.classList.contains('fb-sort'), "
                           "document.activeElement.closest('th').cellIndex]")
    assert active == [True, 0]
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the third column: immigrants
    page.keyboard.press("Enter")
    assert page.get_attribute("#countries-table th:nth-child(3)", "aria-sort") == "descending"
    first = page.locator("#countries-table tbody tr").first.locator("td").first.inner_text()
    assert first == "United States"
    page.keyboard.press(" ")
    assert page.get_attribute("#countries-table th:nth-child(3)", "aria-sort") == "ascending"
    assert all(f["visible"] for f in page.evaluate("window.fbFocused"))
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_every_chart_is_named_and_has_its_data_table_next_to_it(site_server, chromium):
    """The figure is named by the chart's title; the interactive view by the spec's description (Vega's
    aria-label on the graphics-document around its SVG), the same text as the static image's alt and the caption; the data table follows the chart."""
    context = chromium.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_server}/countries/mexico/")
    alts = page.evaluate("[...document.querySelectorAll('figure.fb-chart')].map(f => f.querySelector('img').alt)")
    assert make_charts_interactive(page)
    charts = page.evaluate("""() => [...document.querySelectorAll("figure.fb-chart")].map(f => {
      let next = f.nextElementSibling;
      while (next && !next.matches("details, figure")) next = next.nextElementSibling;
      const view = f.querySelector(".fb-chart__interactive");  // vega-embed's element around the SVG
      return {name: f.getAttribute("aria-label"), svg: view && view.getAttribute("aria-label"),
              role: view && view.getAttribute("role"), caption: f.querySelector(".fb-chart__desc").textContent,
              table: next && next.matches("details.fb-table") ? next.querySelector("summary").textContent : null};
    })""")
    context.close()
    assert len(charts) >= 5
    for chart, alt in zip(charts, alts, strict=True):
        assert chart["name"] and chart["svg"] == alt == chart["caption"], chart
        assert chart["role"] == "graphics-document"
        assert chart["table"] and chart["table"].endswith(chart["name"]), chart


DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED = '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">'


def _after_opening_comment(text: str) -> list[str]:
    lines = text.splitlines()
    return lines[next(i for i, line in enumerate(lines) if line.rstrip().endswith("-#}")) + 1:]


def test_the_search_partial_is_materials_with_the_dialog_named():
    """overrides/partials/search.html is Material's own, changed only by the dialog's aria-label: a Material
    upgrade that changes the partial fails here (copy the new one and name the dialog again)."""
    import material

    ours = _after_opening_comment((paths.ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8"))
    theirs = _after_opening_comment(
        (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text(encoding="utf-8"))
    assert DIALOG in theirs
    assert ours == [NAMED if line == DIALOG else line for line in theirs], "\n".join(
        difflib.unified_diff(theirs, ours, lineterm=""))
