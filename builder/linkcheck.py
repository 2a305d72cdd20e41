"""Every internal link and anchor of a built site resolves: a pure check over the site folder.

Each ``.html`` file is read with the standard library's parser; its ``id``s (and ``<a name>``s)
are the anchors a link may name. Every ``href``/``src``/``srcset`` that is relative or
site-absolute, and every ``data-spec`` (the chart spec that ``assets/js/charts.js`` fetches),
must name a file of the site — ``foo/`` meaning ``foo/index.html`` (``use_directory_urls``) —
and, with a fragment, an id on that page. ``data-filter-target`` (``assets/js/tables.js``) must
name an id on its own page. External links (``http(s):``, ``mailto:`` …) are not followed.
URLs that our own scripts build from a literal (``new URL("../vendor/x.js", here)``) are checked
relative to the script file, and the locations of the search index relative to the site root.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

# Attributes that hold a URL, by tag ("*": any tag).
URL_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src", "srcset"),
    "script": ("src",), "iframe": ("src",), "source": ("src", "srcset"), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "embed": ("src",), "object": ("data",), "form": ("action",),
    "*": ("data-spec",),
}
ID_ATTRIBUTES = ("data-filter-target",)  # attributes naming an id of the same page
SCRIPT_URL = re.compile(r"""new URL\(\s*["']([^"']+)["']""")


@dataclass(frozen=True, order=True)
class Problem:
    page: str  # the page (or script), relative to the site root
    link: str  # the URL as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link} — {self.reason}"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.id_refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for name in (*URL_ATTRIBUTES.get(tag, ()), *URL_ATTRIBUTES["*"]):
            if name in values:
                if name == "srcset":
                    self.links += [c.split()[0] for c in values[name].split(",") if c.strip()]
                else:
                    self.links.append(values[name])
        self.id_refs += [values[n] for n in ID_ATTRIBUTES if n in values]


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)  # http:, https:, mailto:, javascript:, data:, //host


def _target(site: Path, page: PurePosixPath, path: str) -> tuple[PurePosixPath | None, str]:
    """The file (relative to the site root) that ``path`` on ``page`` names, or (None, reason)."""
    base = PurePosixPath("/") if path.startswith("/") else PurePosixPath("/") / page.parent
    parts: list[str] = []
    for part in (base / unquote(path)).parts[1:]:
        if part == "..":
            if not parts:
                return None, "goes above the site root"
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    rel = PurePosixPath(*parts) if parts else PurePosixPath(".")
    if path.endswith("/") or rel == PurePosixPath(".") or (site / rel).is_dir():
        if not (site / rel / "index.html").is_file():
            return None, f"no page {rel.as_posix()}/index.html"
        return rel / "index.html", ""
    if not (site / rel).is_file():
        return None, f"no file {rel.as_posix()}"
    return rel, ""


def check_site(site: Path) -> tuple[list[Problem], int]:
    """(every broken internal link or anchor of the site at ``site``, how many links were checked)."""
    site = Path(site)
    pages: dict[PurePosixPath, _Page] = {}
    for file in sorted(site.rglob("*.html")):
        parser = _Page()
        parser.feed(file.read_text(encoding="utf-8"))
        parser.close()
        pages[PurePosixPath(file.relative_to(site).as_posix())] = parser
    problems: list[Problem] = []
    checked = 0
    for page, parsed in pages.items():
        for url in parsed.links:
            url = url.strip()
            if not url or _is_external(url):
                continue
            checked += 1
            problem = _check_url(site, pages, page, url)
            if problem:
                problems.append(Problem(page.as_posix(), url, problem))
        for ref in parsed.id_refs:
            checked += 1
            if ref not in parsed.ids:
                problems.append(Problem(page.as_posix(), ref, "no element with this id on the page"))
    for script in sorted((site / "assets" / "js").rglob("*.js")) if (site / "assets" / "js").is_dir() else []:
        rel = PurePosixPath(script.relative_to(site).as_posix())
        for url in SCRIPT_URL.findall(script.read_text(encoding="utf-8")):
            if _is_external(url):
                continue
            checked += 1
            target, reason = _target(site, rel, url.split("#")[0].split("?")[0])
            if target is None:
                problems.append(Problem(rel.as_posix(), url, reason))
    index = site / "search" / "search_index.json"
    if index.is_file():  # the search results link to these locations
        for doc in json.loads(index.read_text(encoding="utf-8")).get("docs", []):
            checked += 1
            problem = _check_url(site, pages, PurePosixPath("index.html"), doc["location"] or "./")
            if problem:
                problems.append(Problem("search/search_index.json", doc["location"], problem))
    return sorted(problems), checked


def _check_url(site: Path, pages: dict[PurePosixPath, _Page], page: PurePosixPath, url: str) -> str:
    parts = urlsplit(url)
    if parts.path:
        target, reason = _target(site, page, parts.path)
        if target is None:
            return reason
    else:
        target = page
    if parts.fragment and target.suffix == ".html":
        anchors = pages[target].ids if target in pages else set()
        if unquote(parts.fragment) not in anchors:
            return f"no id '{unquote(parts.fragment)}' on {target.as_posix()}"
    return ""


def check(site: Path) -> list[Problem]:
    """Every broken internal link or anchor of the site at ``site`` (empty when all resolve)."""
    return check_site(site)[0]
