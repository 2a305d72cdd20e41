"""The home page: the world at a glance, a world map, a country finder, the ways in, the date of the data.

Pure like every derivation: raw values and records only (the template formats them). World
figures are the "world" rows of ``data/aggregates``; a country table without a world total
(remittances) is never summed: the page says how many countries report it instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import routes
from ..catalog import Catalog, Country, Indicator, Region
from ..charts import maps
from ..charts.recipes import ChartSpec
from ..text import t
from .common import EMIGRANT_REGIONS as EMIGRANTS
from .common import credited, source_line, world_unknown_origin
from .indicator import reference_year
from .models import Link

HOME_PATH = routes.page("home")
WORLD = "world"  # the region id of the world in data/reference/regions.csv
# The world's headline figures, in this order: aggregate tables, read at their "world" row.
FIGURES = ("migrant_stock_regions", "migrant_stock_share_population_regions", "refugees_hosted_regions",
           "emigrant_stock_regions")
# Country tables that have no world total in data/: the page counts the countries that report them.
COUNTED = ("remittances_received",)
MAP_INDICATOR = "migrant_stock"
MAP = "world_110m"
MAP_ID = "home-migrant-stock"  # charts/home-migrant-stock.svg, #chart-home-migrant-stock
# The ways in: (label key under home_page.ways, source path).
WAYS_IN = (("countries", routes.index("countries")), ("indicators", routes.index("indicators")),
           ("regions", routes.index("regions")), ("themes", routes.index("themes")),
           ("agencies", routes.index("agencies")), ("sources", routes.index("sources")),
           ("glossary", routes.page("glossary")), ("methodology", routes.page("methodology")))


@dataclass(frozen=True)
class WorldFigure:
    """One of the world's headline figures: a world total with its year, or how many countries report."""

    id: str  # the table's id; anchor figure-<id>
    label: str
    indicator: Indicator  # unit and decimals for the filters, source for the attribution
    path: str  # its indicator page
    value: float | None = None  # the world total (None for a counted table)
    year: int | None = None
    count: int | None = None  # a table without a world total: countries with a figure in ``year``
    total: int | None = None  # … of this many countries and areas
    missing: str = ""  # the sentence saying the table has no figure
    unknown: float | None = None  # the world's emigrants: migrants of no known origin that ``value`` leaves out
    unknown_of: float | None = None  # … of this many migrants in the world


@dataclass(frozen=True)
class FinderEntry:
    country: Country
    names: str  # its name and aliases, "|"-separated: what the type-ahead matches


@dataclass(frozen=True)
class FinderGroup:
    region: Region | None  # None: countries of no region
    entries: tuple[FinderEntry, ...]


@dataclass(frozen=True)
class DataDate:
    """When the data were last updated: the newest retrieval and the newest release of a source."""

    accessed: str  # ISO date
    accessed_by: tuple[str, ...]  # attributions of the sources retrieved that day
    published: str  # ISO date at the precision the source gives (2018, 2025-12, 2025-01-27)
    published_by: tuple[str, ...]


@dataclass(frozen=True)
class NotShownGroup:
    reason: str  # "Too small to draw at this scale"
    items: tuple[tuple[maps.NotShown, Country], ...]  # by name


@dataclass(frozen=True)
class HomePage:
    path: str
    figures: tuple[WorldFigure, ...]
    map: maps.MapSpec | None  # None without the indicator or the geometry: the section is left out
    map_year: int | None  # the map indicator's reference year
    not_shown: tuple[NotShownGroup, ...]  # what the map cannot draw, listed beside it by reason
    finder: tuple[FinderGroup, ...]
    countries: int
    ways_in: tuple[Link, ...]
    updated: DataDate | None
    kind: str = "home"  # template home.md.j2

    @property
    def headline_chart(self) -> ChartSpec | None:
        """The chart that stands for the page in a link preview (og:image): the world map."""
        return self.map


def _figure(catalog: Catalog, ident: str) -> WorldFigure | None:
    aggregate = catalog.aggregates.get(ident)
    if aggregate is None:
        return None
    label, path = t(f"home_page.figures.{ident}"), routes.indicator(ident)
    found = aggregate.latest(WORLD)
    if found is None or isinstance(found[1], str):
        return WorldFigure(ident, label, aggregate, path, missing=t(
            "home_page.no_world_figure", source=aggregate.source["attribution"], what=aggregate.short_title.lower()))
    unknown = world_unknown_origin(catalog, WORLD) if ident == EMIGRANTS else None
    if unknown is not None and unknown[0] == found[0]:
        return WorldFigure(ident, label, aggregate, path, value=found[1], year=found[0], unknown=unknown[1],
                           unknown_of=unknown[2])
    return WorldFigure(ident, label, aggregate, path, value=found[1], year=found[0])


def _counted(catalog: Catalog, ident: str) -> WorldFigure | None:
    """How many countries report ``ident`` in its reference year (never a sum of them)."""
    indicator = catalog.indicators.get(ident)
    if indicator is None:
        return None
    year = reference_year(indicator)
    if year is None:
        return WorldFigure(ident, t(f"home_page.figures.{ident}"), indicator, routes.indicator(ident), missing=t(
            "home_page.no_world_figure", source=indicator.source["attribution"], what=indicator.short_title.lower()))
    data = indicator.data
    count = int(data[(data["year"] == year) & data["value"].notna()]["country"].nunique())
    return WorldFigure(ident, t(f"home_page.figures.{ident}"), indicator, routes.indicator(ident), year=year,
                       count=count, total=len(catalog.countries))


def _map(catalog: Catalog, shared: maps.MapSpec | None) -> tuple[maps.MapSpec | None, int | None,
                                                                   tuple[NotShownGroup, ...]]:
    """The world map of immigrants: the indicator page's own map when given (one chart, drawn once)."""
    indicator, world = catalog.indicators.get(MAP_INDICATOR), catalog.maps.get(MAP)
    year = None if indicator is None else reference_year(indicator)
    if indicator is None or world is None or year is None:
        return None, None, ()
    names = {c.iso3: c.name for c in catalog.countries.values()}
    spec = shared or credited(maps.choropleth(MAP_ID, indicator.data, world, names, year=year,
                                              title=t("home_page.map.title", what=indicator.short_title, year=year),
                                              what=indicator.short_title, unit=indicator.unit,
                                              source=source_line(indicator)), indicator.source)
    by_reason: dict[str, list[tuple[maps.NotShown, Country]]] = {}
    for note in spec.not_shown:
        if note.iso3 in catalog.countries:
            by_reason.setdefault(note.reason, []).append((note, catalog.countries[note.iso3]))
    return spec, year, tuple(NotShownGroup(reason[:1].upper() + reason[1:], tuple(sorted(items, key=lambda i: i[0].name)))
                       for reason, items in sorted(by_reason.items(), key=lambda r: (-len(r[1]), r[0])))


def _finder(catalog: Catalog) -> tuple[FinderGroup, ...]:
    """Every country, by region (alphabetical), then those of no region."""
    by_region: dict[str | None, list[Country]] = {}
    for country in catalog.countries.values():
        region = catalog.regions.get(country.region or "")
        by_region.setdefault(region.id if region else None, []).append(country)
    groups = sorted((catalog.regions[r] for r in by_region if r is not None), key=lambda r: r.name)
    out = [FinderGroup(r, _entries(by_region[r.id])) for r in groups]
    if None in by_region:
        out.append(FinderGroup(None, _entries(by_region[None])))
    return tuple(out)


def _entries(countries: list[Country]) -> tuple[FinderEntry, ...]:
    def names(c: Country) -> str:
        seen = dict.fromkeys(n.replace("|", " ").strip() for n in (c.name, *c.aliases))
        return "|".join(n for n in seen if n)
    return tuple(FinderEntry(c, names(c)) for c in sorted(countries, key=lambda c: (c.name.casefold(), c.slug)))


def data_date(catalog: Catalog) -> DataDate | None:
    """The newest ``date_accessed`` and ``date_published`` of the sources of the indicator tables.

    ISO dates compare as text, at any precision: "2025-12" is after "2025-01-27", before "2025-12-05".
    """
    sources = [i.source for i in (*catalog.indicators.values(), *catalog.aggregates.values())]
    accessed = [(str(s["date_accessed"]), s["attribution"]) for s in sources if s.get("date_accessed")]
    published = [(str(s["date_published"]), s["attribution"]) for s in sources if s.get("date_published")]
    if not accessed or not published:
        return None
    last_access, last_release = max(accessed)[0], max(published)[0]
    return DataDate(last_access, tuple(sorted({who for when, who in accessed if when == last_access})),
                    last_release, tuple(sorted({who for when, who in published if when == last_release})))


def home_page(catalog: Catalog, shared_map: maps.MapSpec | None = None) -> HomePage:
    figures = [f for f in (_figure(catalog, i) for i in FIGURES) if f is not None]
    figures += [f for f in (_counted(catalog, i) for i in COUNTED) if f is not None]
    spec, year, not_shown = _map(catalog, shared_map)
    ways = tuple(Link(t(f"home_page.ways.{key}.label"), path, t(f"home_page.ways.{key}.note")) for key, path in WAYS_IN)
    return HomePage(HOME_PATH, tuple(figures), spec, year, not_shown, _finder(catalog), len(catalog.countries), ways,
                    data_date(catalog))
