"""Hostile text is inert wherever it lands.

Every free-text field of the tiny package (CSV text columns, aliases, sidecar titles, notes and
citations) gets script tags, an event handler, a ``javascript:`` link, an attribute list and a
spreadsheet formula. The site is built for real (MkDocs included); no output file may hold the
payload in a live form, every CSV cell is inert, and in headless Chromium nothing runs while the
payload is still shown as text.
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from builder import build, mkdocs_site, paths

from .conftest import TINY

MARK = "window.__xss"
PAYLOAD = (f'<script>{MARK}=1</script><img src=x onerror="{MARK}=2"> [click](javascript:{MARK}=3) '
           f'{{: onclick="{MARK}=4" }} <a href="javascript:{MARK}=5">a</a> `code` *em* | cell')
FORMULA = '=HYPERLINK("http://127.0.0.1/","x")'


class _LiveParts(HTMLParser):
    """Collects what a browser would run of the payload: handlers, javascript: links, script elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = self._data_block = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if MARK in value and (name.startswith("on") or value.strip().lower().startswith("javascript:")):
                self.found.append(f"<{tag} {name}={value!r}>")
        self._script = tag == "script"
        # A JSON-LD data block is never run; what matters is that the payload stayed inside it as JSON text.
        self._data_block = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and self._data_block:
            try:
                json.loads(data)
            except ValueError:
                self.found.append(f"<script type=application/ld+json> broken: {data[:60]}")
        elif self._script and MARK in data:
            self.found.append(f"<script>{data[:60]}")


def live_parts(markup: str) -> list[str]:
    parser = _LiveParts()
    parser.feed(markup)
    parser.close()
    return parser.found
TEXT_TYPES = {"string", "text"}
SKIP_COLUMNS = {"subject", "file"}  # structured strings ("agency:<id>", a file name), checked elsewhere
SIDECAR_TEXT = (("title",), ("short_title",), ("description",), ("processing", "notes"), ("source", "citation"),
                ("source", "edition"), ("source", "attribution"), ("source", "licence", "name"))


def _poison_csv(csv_file: Path, sidecar: dict) -> None:
    columns = {c["name"]: c for c in sidecar["columns"]}
    with csv_file.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        fields = list(rows[0]) if rows else []
    for i, row in enumerate(rows):
        for name, value in row.items():
            column = columns[name]
            if name in SKIP_COLUMNS or "enum" in column or column.get("references"):
                continue
            if column["type"] in TEXT_TYPES and value:
                # the first row's values start like a formula; the others carry the payload after the text
                row[name] = f"{FORMULA} {value} {PAYLOAD}" if i == 0 else f"{value} {PAYLOAD}"
            elif column["type"] == "list" and name == "aliases":
                row[name] = "|".join([*filter(None, value.split("|")), PAYLOAD.replace("|", "/")])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    csv_file.write_text(out.getvalue(), encoding="utf-8")


def _poison_sidecar(file: Path) -> dict:
    yaml = YAML(typ="rt")
    doc = yaml.load(file.read_text(encoding="utf-8"))
    for keys in SIDECAR_TEXT:
        node = doc
        for key in keys[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict) and isinstance(node.get(keys[-1]), str):
            node[keys[-1]] = f"{node[keys[-1]]} {PAYLOAD}"
    out = io.StringIO()
    yaml.dump(doc, out)
    file.write_text(out.getvalue(), encoding="utf-8")
    return YAML(typ="safe").load(out.getvalue())


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    shutil.copytree(TINY, data)
    for sidecar_file in sorted(data.rglob("*.meta.yml")):
        sidecar = _poison_sidecar(sidecar_file)
        _poison_csv(sidecar_file.with_name(sidecar_file.name[: -len(".meta.yml")] + ".csv"), sidecar)
    docs = root / "docs"
    docs.mkdir()
    for name in ("about.md", "assets"):
        source = paths.DOCS_DIR / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, docs / name)
    original = paths.SEEDS
    paths.SEEDS = root / "no-seeds"  # the payload is not in the source documents: skip the locator checks
    try:
        catalog, issues = build.check(data)
        assert catalog is not None, "\n".join(i.format() for i in issues)
        build.build(build.Options(data_dir=data, docs_dir=docs, site_dir=root / "site", cache_dir=paths.CACHE,
                                  assemble=False))
    finally:
        paths.SEEDS = original
    mkdocs_site.build_site(root / "site", paths.MKDOCS_YML, docs)
    return root / "site"


pytestmark = pytest.mark.slow


def test_the_payload_reaches_the_pages_as_text(hostile_site):
    page = (hostile_site / "countries" / "mexico" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page
    assert "&#91;click&#93;(javascript" in page or "[click](javascript" not in page


def test_no_output_file_holds_a_live_payload(hostile_site):
    checked = 0
    for file in sorted(hostile_site.rglob("*")):
        if not file.is_file() or file.suffix not in (".html", ".js", ".json", ".svg", ".xml", ".txt"):
            continue
        if "assets/javascripts" in file.as_posix() or file.name == "vega-bundle.js":
            continue  # Material's and Vega's own code, not written from our data
        text = file.read_text(encoding="utf-8", errors="replace")
        if file.suffix in (".html", ".svg"):
            assert not live_parts(text), f"{file.relative_to(hostile_site)}: {live_parts(text)[:3]}"
        else:  # data files: not even a tag, in case one is ever sniffed as HTML
            assert "<script" not in text.lower(), f"{file.relative_to(hostile_site)} holds a script tag"
        checked += 1
    assert checked > 30


def test_no_csv_cell_is_a_formula(hostile_site):
    files = sorted(hostile_site.rglob("*.csv"))
    cells = 0
    for file in files:
        for row in csv.reader(io.StringIO(file.read_text(encoding="utf-8"))):
            for cell in row:
                cells += 1
                assert not cell.startswith(("=", "+", "@")), f"{file.relative_to(hostile_site)}: {cell[:40]!r}"
    assert files and cells


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
def test_nothing_runs_in_the_browser(hostile_site, chromium):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(hostile_site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    # Redirect pages (builder/urls.py) are left out: their meta refresh navigates away while the checks run,
    # and they hold no data but an escaped country name (test_no_output_file_holds_a_live_payload reads them).
    pages = sorted(p.relative_to(hostile_site).parent.as_posix() for p in hostile_site.rglob("index.html")
                   if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))
    try:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for rel in pages:
            url = f"{base}/{'' if rel == '.' else rel + '/'}"
            page.goto(url)
            page.mouse.wheel(0, 20000)  # bring the charts into view: they turn interactive
            page.wait_for_timeout(300)
            ran = page.evaluate(f"typeof {MARK}")
            assert ran == "undefined", f"{rel}: the payload ran"
            live = page.evaluate(
                "Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes)"
                ".some(a => a.value.includes('__xss') && (a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))))"
                ".length")
            assert live == 0, f"{rel}: {live} elements with an event handler or a javascript: link"
        # the search box: Material renders result text as HTML
        page.goto(f"{base}/")
        page.keyboard.press("s")
        page.keyboard.type("script window")
        page.wait_for_timeout(1500)
        assert page.evaluate(f"typeof {MARK}") == "undefined"
        assert not dialogs
        page.close()
    finally:
        httpd.shutdown()
    assert len(pages) > 10
