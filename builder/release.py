"""Releases: the version the site is built from, and what each release changed (from CHANGELOG.md).

CHANGELOG.md has one ``## <version> — <YYYY-MM-DD>`` section per release, newest first, each
with ``### Data``, ``### Site``, ``### Builder`` … lists; changes not yet released sit under
``## Unreleased`` at the top. Cutting a release (docs/publishing.md) renames that heading. The
release page and every citation are made from this, so they cannot disagree with the changelog.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from . import paths, routes

CHANGELOG = paths.ROOT / "CHANGELOG.md"
UNRELEASED = "Unreleased"
_HEADING = re.compile(r"^## (?P<version>Unreleased|\d+\.\d+\.\d+)(?: — (?P<date>\d{4}-\d{2}-\d{2}))?\s*$")


@dataclass(frozen=True)
class Release:
    version: str  # "1.2.0", or "Unreleased"
    date: str | None  # ISO date of the release; None while unreleased
    sections: tuple[tuple[str, str], ...] = ()  # (heading, Markdown list), in the changelog's order

    @property
    def released(self) -> bool:
        return self.date is not None


def parse(text: str) -> tuple[Release, ...]:
    """Every release of a changelog, newest first; a version heading without its date is an error."""
    releases: list[Release] = []
    current: dict | None = None
    heading, lines = "", list[str]()

    def close_section() -> None:
        if current is not None and heading:
            current["sections"].append((heading, "\n".join(lines).strip("\n")))

    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("## "):
            close_section()
            if current is not None:
                releases.append(Release(current["version"], current["date"], tuple(current["sections"])))
            match = _HEADING.match(line)
            if match is None or (match["version"] != UNRELEASED and match["date"] is None):
                raise ValueError(f"CHANGELOG.md:{number}: a release heading is '## 1.2.0 — 2027-01-31' "
                                 f"or '## Unreleased', not {line!r}")
            if match["date"]:
                dt.date.fromisoformat(match["date"])
            current, heading, lines = {"version": match["version"], "date": match["date"], "sections": []}, "", []
        elif line.startswith("### ") and current is not None:
            close_section()
            heading, lines = line[4:].strip(), []
        elif current is not None and heading:
            lines.append(line)
    close_section()
    if current is not None:
        releases.append(Release(current["version"], current["date"], tuple(current["sections"])))
    return tuple(releases)


def read(path: Path = CHANGELOG) -> tuple[Release, ...]:
    return parse(path.read_text(encoding="utf-8")) if path.is_file() else ()


def latest(releases: tuple[Release, ...]) -> Release | None:
    """The newest release that has been cut (None before the first)."""
    return next((r for r in releases if r.released), None)


_CODE = re.compile(r"(`+)(.+?)\1", re.S)


def markdown(text: str) -> str:
    """A changelog list as Markdown for the release page. The changelog is the developers' own committed
    text, so its Markdown is kept (links, code, emphasis); any HTML outside code spans is made inert."""
    out, last = [], 0
    for match in _CODE.finditer(text):
        out.append(text[last:match.start()].replace("&", "&amp;").replace("<", "&lt;"))
        out.append(match.group(0))
        last = match.end()
    out.append(text[last:].replace("&", "&amp;").replace("<", "&lt;"))
    return "".join(out)


@dataclass(frozen=True)
class ReleasesPage:
    """The release page: each release with what it changed, newest first (templates/releases.md.j2)."""

    releases: tuple[Release, ...]
    corrections: int  # corrections of official releases in force (listed on the methodology page)
    path: str = routes.page("releases")
    kind: str = "releases"
