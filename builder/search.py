"""Search terms: every name a reader may type for a page, ranked so that an exact name beats a partial one.

Material's search (lunr) completes every word of a query (``niger`` is searched as ``niger*``), so a
query for one page's name also matches the longer words of other pages (Niger → *Niger*ia, UK →
*Uk*raine, DE → *De*nmark). Lunr scores a match the same whether the word was typed whole or only
begun, so the order has to come from the index itself. Each page of a country, agency, theme or
indicator gets three extra fields in ``search/search_index.json`` (their boosts are set in mkdocs.yml):

- ``codes``: its ISO codes and acronyms (boost above all);
- ``names``: the words of its names and aliases (boost above the title's);
- ``partial``: the words that begin with what a reader types whole for another page (``nigeria``
  begins with Niger's ``niger``): still found, one tier lower, so the page that has the word whole
  comes first. A code only begun (``ukr`` after the ``uk`` of the United Kingdom) drops to ``names``.

A word of a one-word name (``Guinea``, ``Congo``, an ISO code) counts three times and one of a
two-word name twice, which puts the page a name names whole above one where it is part of a longer
name (Papua New Guinea). Words are lower case, also without their accents (``turkiye``, ``türkiye``).

``fields(catalog)`` is a pure function from the catalog; ``add_to_index`` writes the result into the
index MkDocs wrote (the assemble stage, ``builder/mkdocs_site.py``). Pages stay findable by their text
where the index is another tool's (docs/search.md).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import routes
from .catalog import Catalog

CODES, NAMES, PARTIAL = "codes", "names", "partial"  # the index fields (boosts in mkdocs.yml: plugins → search → fields)
SEPARATOR = re.compile(r"[\s\-]+")  # Material's default search separator (mkdocs.yml keeps it)
EDGE = re.compile(r"^[^\w]+|[^\w]+$")
CODE = re.compile(r"^[A-Z]{2,6}$")  # an ISO code or an acronym: kept even when it is an English word (US, IN)
# Words that name nothing on their own: left out of the names of a page, never out of its codes.
STOP_WORDS = frozenset("a an and as at by de del des du for in la las le les los of on or the to".split())


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def words(name: str) -> list[str]:
    """The index words of one name, as the search tokenizer splits them, with and without accents."""
    code = bool(CODE.fullmatch(name.strip()))
    out: list[str] = []
    for raw in SEPARATOR.split(name.replace("’", "'").lower()):
        word = EDGE.sub("", raw)
        if word and (code or word not in STOP_WORDS):
            out.extend(dict.fromkeys((word, _fold(word))))
    return out


def page_names(catalog: Catalog) -> dict[str, list[str]]:
    """Each searchable page's location in the search index (``countries/mexico/``) → its names and codes."""
    out: dict[str, list[str]] = {}

    def add(source: str, names: Iterable[str | None]) -> None:
        out[routes.url(source).lstrip("/")] = list(dict.fromkeys(n for n in names if n))

    for c in catalog.countries.values():
        add(routes.country(c.slug), [c.name, c.official_name, c.iso3, c.iso2, *c.aliases, *c.demonyms])
    for a in catalog.agencies.values():
        add(routes.agency(a.slug), [a.name, a.acronym])
    for theme in catalog.themes.values():
        add(routes.theme(theme.slug), [theme.name, *theme.aliases])
    for i in catalog.indicators.values():
        add(routes.indicator(i.id), [i.title, i.short_title, i.id.replace("_", " ")])  # the id: its URL's words
    return out


def _kind(name: str) -> str:
    return CODES if CODE.fullmatch(name.strip()) else NAMES


SHORT = 2  # a name of at most this many words is one a reader types whole ("Niger", "Net migration")


def rank(names: Mapping[str, list[str]]) -> dict[str, dict[str, str]]:
    """Each page's ``codes``, ``names`` and ``partial`` fields (space-separated words) from its names.

    A word of a page is one tier lower (a code among the names, a name among the partial words) when it
    begins with what a reader types whole for another page and this page does not have: the first word
    of a short name (``niger`` of Niger demotes ``nigeria``, ``net`` of Net migration ``netherlands``),
    or a code among codes (``uk`` demotes ``ukr``).
    Each word counts once per page, weighted by the shortest of its names: three times in a one-word
    name, twice in a two-word name.
    """
    short: dict[str, dict[str, set[str]]] = {CODES: {}, NAMES: {}}  # kind → word of a short name → pages
    own: dict[str, set[str]] = {}
    weight: dict[str, dict[tuple[str, str], int]] = {}
    for loc, ns in names.items():
        own[loc], weight[loc] = set(), {}
        for n in ns:
            ws, kind = words(n), _kind(n)
            size = len({_fold(w) for w in ws})
            own[loc].update(ws)
            for w in ws:
                key = (w, kind)
                weight[loc][key] = max(weight[loc].get(key, 0), SHORT + 2 - size if size <= SHORT else 1)
            # What a reader types whole: a code, or the first word (of three letters or more) of a short name.
            first = [w for w in ws if _fold(w) == _fold(ws[0])] if ws else []
            if ws and (kind == CODES and size == 1 or kind == NAMES and size <= SHORT and len(ws[0]) >= 3):
                for w in first:
                    short[kind].setdefault(w, set()).add(loc)

    def demoted(word: str, kind: str, loc: str) -> bool:
        return any(word[:end] in short[kind] and word[:end] not in own[loc] and short[kind][word[:end]] - {loc}
                   for end in range(1, len(word)))

    lower = {CODES: NAMES, NAMES: PARTIAL}
    out = {}
    for loc in names:
        tiers: dict[str, list[str]] = {CODES: [], NAMES: [], PARTIAL: []}
        for (w, kind), times in weight[loc].items():
            tiers[lower[kind] if demoted(w, kind, loc) else kind].extend([w] * times)
        out[loc] = {field: " ".join(ws) for field, ws in tiers.items() if ws}
    return out


def fields(catalog: Catalog) -> dict[str, dict[str, str]]:
    return rank(page_names(catalog))


def add_to_index(index_file: Path, terms: Mapping[str, Mapping[str, str]]) -> int:
    """Add each page's fields to its first entry (the page, not a section) of MkDocs' search index.

    Returns how many pages were given their names; 0 when there is no such index (another theme).
    """
    if not index_file.is_file():
        return 0
    index = json.loads(index_file.read_text(encoding="utf-8"))
    done = 0
    for entry in index.get("docs", []):
        extra = terms.get(entry.get("location", ""))
        if extra is not None:
            entry.update(extra)
            done += 1
    index_file.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    return done
