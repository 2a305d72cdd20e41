"""The site under its strict Content-Security-Policy (builder/csp.py, docs/security.md).

Static: no page of the real build holds inline script or style, an event-handler attribute or a
``javascript:`` URL, and every page carries the policy as a ``<meta>``. In Chromium, with the policy sent
as a header by ``site_server``: one page of each kind loads with no violation report, its charts become
interactive and show tooltips; the palette toggle (Material's inline scripts, moved to files) works and
is applied before the first paint; and with Material's instant navigation (a tiny build with the
feature on) charts and palette keep working after a page is swapped in.
"""

from __future__ import annotations

import collections
import html.parser
import re
import shutil

import pytest

from builder import build, csp, mkdocs_site, paths

from .conftest import TINY, copy_docs, serve

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.slow


def in_chromium(test):
    """A browser test: marked ``browser``, skipped without Debian's Chromium."""
    skip = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
    return pytest.mark.browser(skip(test))

# Types that make a <script> a data block, never run.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
SCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}


class _InlineCode(html.parser.HTMLParser):
    """Collects what a strict CSP blocks in markup, as a browser parses it (character references decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._inline_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        if tag == "script":
            kind = (dict(attrs).get("type") or "").strip().lower()
            runs = kind in SCRIPT_TYPES or kind not in DATA_SCRIPT_TYPES
            self._inline_script = "" if runs and "src" not in dict(attrs) else None
        elif tag == "style":
            self.found.append("<style> element")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "style":
                self.found.append(f"<{tag} style={value!r}>")
            elif name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            elif value and re.sub(r"[\x00-\x20]", "", value).lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data: str) -> None:
        if self._inline_script is not None:
            self._inline_script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inline_script is not None:
            self.found.append(f"inline <script>{self._inline_script.strip()[:60]}")
            self._inline_script = None


def inline_code(markup: str) -> list[str]:
    """Every inline script, style element or attribute, event handler and javascript: URL in ``markup``."""
    parser = _InlineCode()
    parser.feed(markup)
    parser.close()
    return parser.found


META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def test_the_check_finds_each_kind_of_inline_code():
    bad = {
        "<script>alert(1)</script>": "inline <script>alert(1)",
        "<script type='module'>import('x')</script>": "inline <script>import",
        '<script type="text/javascript">x()</script>': "inline <script>x()",
        "<style>p{color:red}</style>": "<style> element",
        '<p style="color: red">': "<p style=",
        '<th style="text-align: right;">1</th>': "<th style=",
        '<img src=x onerror="alert(1)">': "<img onerror=",
        "<svg/onload=alert(1)>": "<svg onload=",
        '<a href="javascript:void(0)">': "<a href=",
        '<a href=" &#106;ava&#x73;cript:alert(1)">': "<a href=",
        '<a href="java\tscript:x">': "<a href=",
        '<form action="javascript:x">': "<form action=",
    }
    for markup, expected in bad.items():
        found = inline_code(markup)
        assert len(found) == 1 and found[0].startswith(expected), (markup, found)
    good = ('<script src="a.js"></script><script id="__config" type="application/json">{"a": 1}</script>'
            '<script type="application/ld+json">{}</script><a href="#">x</a><p class="style">onload= style= '
            'javascript: as text</p><img src="a.svg" alt="on top">')
    assert inline_code(good) == []


def test_no_page_holds_inline_code_and_every_page_carries_the_policy(real_site):
    pages = sorted(real_site.rglob("*.html"))
    problems = {}
    with_meta = 0
    for file in pages:
        text = file.read_text(encoding="utf-8")
        found = inline_code(text)
        if found:
            problems[file.relative_to(real_site).as_posix()] = found[:3]
        policies = META.findall(text)
        if 'http-equiv="refresh"' in text:  # a redirect page (builder/urls.py): no script, nothing to protect
            continue
        assert [p.replace("&#39;", "'") for p in policies] == [csp.META_POLICY], file
        with_meta += 1
    assert problems == {}
    assert len(pages) > 1000 and with_meta > 350  # every page, redirect pages included in the check


def test_our_scripts_set_no_style_attribute_and_run_no_strings():
    """CSSOM (element.style.x = …) is allowed by style-src; a style attribute or markup with one is not."""
    scripts = sorted((paths.DOCS_DIR / "assets" / "js").glob("*.js"))
    assert len(scripts) >= 7
    for script in scripts:
        code = re.sub(r"/\*.*?\*/", "", script.read_text(encoding="utf-8"), flags=re.S)
        code = re.sub(r"(^|\s)//[^\n]*", "", code)  # comments may name what the code avoids
        for pattern in (r"setAttribute\(\s*['\"]style", r"\beval\(", r"new Function", r"\bFunction\(",
                        r"innerHTML", r"insertAdjacentHTML", r"cssText", r"setTimeout\(\s*['\"]"):
            assert not re.search(pattern, code), f"{script.name}: {pattern}"


def test_the_docs_quote_the_policy():
    docs = (paths.ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    assert f"\n{csp.POLICY}\n" in docs and f"\n{csp.EMBED_POLICY}\n" in docs
    assert docs.count(f"Content-Security-Policy: {csp.POLICY}\n") == 2  # Netlify and Cloudflare examples
    assert docs.count(f"Content-Security-Policy: {csp.EMBED_POLICY}\n") == 2
    assert docs.count(f'"{csp.POLICY}" always;') == 1 and docs.count(f'"{csp.EMBED_POLICY}" always;') == 1


# --- In the browser -----------------------------------------------------------------------------

# Playwright's init scripts run before the page's own, whatever its CSP. Every violation report is kept.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " blocked " + (e.blockedURI || "?") + " at " + e.sourceFile + ":" +
                    e.lineNumber + " " + (e.sample || ""));
}, true);
"""
# The colour scheme on <body> in the first frame that has a body (rAF runs before each paint).
FIRST_FRAME = """
(function frame() {
  requestAnimationFrame(function () {
    if (document.body) window.__firstFrameScheme = document.body.getAttribute("data-md-color-scheme");
    else frame();
  });
})();
"""

PAGE_KINDS = {"home": "", "country": "countries/mexico/", "region": "regions/africa/",
              "indicator": "indicators/refugees-hosted/", "agency": "agencies/unhcr/", "theme": "themes/children/",
              "document": "sources/hagan-wassink-return-mexico/", "sources": "sources/", "index": "countries/",
              "glossary": "glossary/"}


def watched(context):
    """A page of ``context`` that records CSP violation reports and the console's CSP errors."""
    page = context.new_page()
    page.add_init_script(WATCH)
    page.csp_console = []
    page.on("console", lambda m: page.csp_console.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: page.csp_console.append(f"pageerror: {e}"))
    return page


def violations(page) -> list[str]:
    return [*page.evaluate("window.__csp"), *page.csp_console]


def bring_charts_into_view(page) -> int:
    """Scroll each chart into view, as a reader would, and wait until none is still loading."""
    figures = page.locator("figure.fb-chart[data-spec]")
    for i in range(figures.count()):
        figures.nth(i).scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('figure.fb-chart[data-spec]')]"
                           ".every(f => f.dataset.state === 'interactive' || f.dataset.state === 'static')",
                           timeout=30_000)
    return figures.count()


def hover_a_mark(page, figure) -> str:
    """Move the mouse onto a data mark of ``figure``'s interactive view; the tooltip's text."""
    point = figure.evaluate("""f => {
        const marks = [...f.querySelectorAll('g.mark-symbol path, g.mark-rect path, g.mark-shape path')];
        for (const m of marks) {
          const b = m.getBoundingClientRect();
          if (b.width * b.height >= 16) return {x: b.x + b.width / 2, y: b.y + b.height / 2};
        }
        return null;
      }""")
    assert point, "no mark to hover"
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5_000)
    return page.locator("#vg-tooltip-element").inner_text()


@in_chromium
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_each_kind_of_page_runs_under_the_policy_without_a_violation(site_server, chromium, kind):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = watched(context)
    page.goto(f"{site_server}/{PAGE_KINDS[kind]}")
    charts = bring_charts_into_view(page)
    states = page.evaluate("[...document.querySelectorAll('figure.fb-chart[data-spec]')].map(f => f.dataset.state)")
    found = violations(page)
    context.close()
    assert found == []
    assert states == ["interactive"] * charts  # under the policy, not one chart stays static
    if kind in ("home", "country", "region", "indicator"):
        assert charts > 0


@in_chromium
@pytest.mark.parametrize(("path", "scheme"), [("countries/mexico/", "light"), ("indicators/refugees-hosted/", "dark")])
def test_charts_become_interactive_and_show_a_readable_tooltip(site_server, chromium, path, scheme):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = watched(context)
    page.goto(f"{site_server}/{path}")
    figure = page.locator("figure.fb-chart[data-spec]").first
    figure.scroll_into_view_if_needed()
    page.wait_for_selector("figure.fb-chart[data-state='interactive'] .fb-chart__interactive svg", timeout=20_000)
    assert page.locator("figure.fb-chart .vega-embed details, figure.fb-chart .vega-actions").count() == 0
    assert page.locator("style").count() == 0  # vega-embed and vega-tooltip injected none
    text = hover_a_mark(page, figure)
    colours = page.evaluate("""() => {
        const t = getComputedStyle(document.getElementById('vg-tooltip-element'));
        const b = getComputedStyle(document.body);
        return {tip: t.backgroundColor, page: b.backgroundColor, ink: t.color, text: b.color,
                scheme: document.body.getAttribute('data-md-color-scheme')};
      }""")
    found = violations(page)
    context.close()
    assert re.search(r"\d", text) and "\n" in text  # a title and a figure, one per row
    assert colours["scheme"] == ("slate" if scheme == "dark" else "default")
    assert colours["tip"] == colours["page"] and colours["ink"] == colours["text"]  # Material's colours
    assert found == []


@in_chromium
def test_the_watch_reports_inline_script_eval_and_style(site_server, chromium):
    """The listener of these tests sees each kind of violation (so zero means zero), once for each of the two
    policies in force: the header and the page's <meta>."""
    context = chromium.new_context()
    page = watched(context)
    page.goto(f"{site_server}/about/")
    # From a task of the page (code that Playwright evaluates itself may eval: DevTools is exempt).
    page.evaluate("""() => setTimeout(() => {
        const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s);
        try { eval('window.__ran = 2'); } catch (e) {}
        try { new Function('window.__ran = 3')(); } catch (e) {}
        document.body.setAttribute('style', 'color: red');
      }, 0)""")
    page.wait_for_function("() => window.__csp.length >= 8")
    found = page.evaluate("window.__csp")
    ran = page.evaluate("window.__ran")
    context.close()
    assert ran is None
    directives = collections.Counter(v.split(" ")[0] for v in found)
    assert directives == {"script-src": 4, "script-src-elem": 2, "style-src-attr": 2}, found


@in_chromium
def test_the_palette_is_remembered_and_applied_before_the_first_paint(site_server, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = watched(context)
    page.goto(f"{site_server}/about/")
    assert page.evaluate("[__md_scope.pathname, typeof __md_get, typeof __md_set, typeof __md_hash]") == \
        ["/", "function", "function", "function"]  # material-init.js, from the data-md-scope of /about/: ".."
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    page.click("label[for='__palette_1']")  # "Switch to dark mode"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert "slate" in page.evaluate("localStorage.getItem('/.__palette')")
    page.add_init_script(FIRST_FRAME)
    schemes = []
    for _ in range(3):  # other pages, fresh loads (a script file alone showed a light first frame 1 time in 6)
        page.goto(f"{site_server}/glossary/")
        schemes.append((page.evaluate("window.__firstFrameScheme"),
                        page.evaluate("document.body.getAttribute('data-md-color-scheme')")))
    found = violations(page)
    context.close()
    assert schemes == [("slate", "slate")] * 3  # dark from the first frame: no flash of the light scheme
    assert found == []


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory):
    """The tiny site built with Material's navigation.instant on, served under the policy. Instant navigation
    needs site_url (Material reads the sitemap to know which links it may load itself): the server starts
    first, so the build knows its address."""
    root = tmp_path_factory.mktemp("instant")
    url, httpd = serve(root / "site")
    docs = copy_docs(root / "docs")
    build.build(build.Options(data_dir=TINY, docs_dir=docs, site_dir=root / "site", cache_dir=paths.CACHE,
                              assemble=False))
    text = paths.MKDOCS_YML.read_text(encoding="utf-8")
    assert "    - navigation.indexes\n" in text and "custom_dir: overrides" in text
    text = text.replace("    - navigation.indexes\n", "    - navigation.instant\n    - navigation.indexes\n")
    text = text.replace("custom_dir: overrides", f"custom_dir: {paths.ROOT / 'overrides'}")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    mkdocs_site.build_site(root / "site", root / "mkdocs.yml", docs, site_url=url + "/")
    yield url
    httpd.shutdown()


@in_chromium
def test_charts_and_palette_keep_working_after_an_instant_navigation(instant_site, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = watched(context)
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url.rsplit("/", 1)[-1]) if r.resource_type == "script" else None)
    page.goto(f"{instant_site}/countries/mexico/")
    assert bring_charts_into_view(page) > 0
    page.evaluate("window.__samePage = true")
    scripts.clear()
    page.click("nav a.md-nav__link[href$='united-states/']")
    page.wait_for_function("() => location.pathname.endsWith('/countries/united-states/') && "
                           "document.title.startsWith('United States')")
    assert page.evaluate("window.__samePage") is True  # swapped in by Material, not loaded
    assert "material-content.js" in scripts  # Material re-ran the content's script: a file, not inline
    assert "charts.js" not in scripts and "vega-bundle.js" not in scripts
    assert bring_charts_into_view(page) > 0
    assert page.locator("figure.fb-chart[data-state='interactive'] svg").count() > 0
    assert page.locator("button[data-fb-copy]:not([hidden])").count() > 0  # cite.js ran on the new page too
    page.click("label[for='__palette_1']")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.wait_for_selector("figure.fb-chart[data-state='interactive'] svg")  # re-drawn for the dark scheme
    found = violations(page)
    context.close()
    assert found == []

