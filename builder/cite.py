""""Cite this page": the same reference as plain text, APA and BibTeX, from the page and the release.

Pure: a citation is made from the page's title and URL, the release (``builder/release.py``) and
the date the data were last updated. The date a reader retrieves the page cannot be known when the
site is built: each form carries a placeholder in ``Citation.retrieved`` that ``cite.js`` fills in
with the reader's date (the placeholder text stays for readers without JavaScript).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .release import UNRELEASED, Release, latest
from .text import t

# BibTeX's special characters, escaped so that a title cannot open a group or a command.
_BIBTEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$",
           "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


@dataclass(frozen=True)
class Citation:
    key: str  # BibTeX key: factbook-countries-mexico
    edition: str  # "Release 1.2.0 (31 January 2027)" or the development version in words
    year: str  # year of the release, or the n.d. of APA
    title: str
    url: str
    updated: str | None  # ISO date the data were last updated


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX.get(ch, ch) for ch in text)


def edition(releases: tuple[Release, ...]) -> tuple[str, str | None, str | None]:
    """(the edition in words, the version, the release date): the newest release, or the development version."""
    cut = latest(releases)
    pending = bool(releases) and releases[0].version == UNRELEASED and bool(releases[0].sections)
    if cut is None:
        return t("cite.development"), None, None
    if pending:
        return t("cite.after_release", version=cut.version), cut.version, cut.date
    return t("cite.release", version=cut.version, date=cut.date), cut.version, cut.date


def citation(title: str, url: str, path: str, releases: tuple[Release, ...], updated: str | None) -> Citation:
    words, _, date = edition(releases)
    key = "factbook-" + (re.sub(r"[^a-z0-9]+", "-", path.removesuffix(".md").lower()).strip("-") or "home")
    return Citation(key, words, date[:4] if date else t("cite.no_date"), title, url, updated)


def bibtex(c: Citation, retrieved: str) -> str:
    fields = [("title", "{" + bibtex_escape(c.title) + "}"), ("author", "{" + bibtex_escape(t("site_name")) + "}"),
              ("year", bibtex_escape(c.year)), ("edition", bibtex_escape(c.edition)), ("url", c.url),
              ("urldate", retrieved)]
    if c.updated:
        fields.append(("note", bibtex_escape(t("cite.bibtex_note", updated=c.updated))))
    return "@misc{" + c.key + ",\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields) + "\n}"
