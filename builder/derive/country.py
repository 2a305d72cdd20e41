"""The country page: headline figures, then sections answering a reader's questions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from .. import formatting, routes
from ..catalog import Catalog, Country, Fact
from ..charts import maps, recipes
from ..charts.recipes import ChartSpec
from ..text import t
from . import flags
from .common import (
    WORLD_MAP,
    SectionFinder,
    credited,
    income_group,
    is_empty,
    missing_sentence,
    series_chart,
    source_line,
    source_note,
    tile,
    unknown_origin,
)
from .findings import arrange
from .models import CitedFact, CountryPage, Link, PageSection, Tile

TOP = 10


def _chart_id(country: Country, name: str) -> str:
    return f"country-{country.iso3.lower()}-{name}"


def _series_chart(catalog: Catalog, country: Country, ident: str, title: str,
                  preposition: str = "in") -> tuple[ChartSpec | None, str]:
    """A time series of one indicator, or the sentence saying why there is none."""
    return series_chart(catalog.indicators.get(ident), country.iso3, chart_id=_chart_id(country, ident.replace("_", "-")),
                        title=title, subject=country.name, place=country.name, preposition=preposition)


def _multi_chart(catalog: Catalog, country: Country, name: str, title: str, parts: list[str],
                 ) -> tuple[ChartSpec | None, list[str]]:
    """Several indicators of one unit on one chart (legend: country_page.series.<id>); sentences for the ones
    with nothing to show."""
    frames, notes, sources, shown = [], [], [], []
    releases: list[dict] = []
    unit = None
    for ident in parts:
        label = t(f"country_page.series.{ident}")
        indicator = catalog.indicators.get(ident)
        if indicator is None:
            continue
        series = indicator.series(country.iso3)
        if is_empty(series):
            notes.append(missing_sentence(indicator, country.name, series))
            continue
        unit = indicator.unit
        shown.append(ident)
        frames.append(series.assign(series=label)[["year", "series", "value"]])
        releases.append(indicator.source)
        attribution = indicator.source["attribution"]
        if attribution not in sources:
            sources.append(attribution)
    if not frames or unit is None:
        return None, notes
    frame = pd.concat(frames, ignore_index=True)
    chart = recipes.multi_series(_chart_id(country, name), frame, title=title, subject=country.name,
                                 place=country.name, unit=unit, source=t("charts.source", source="; ".join(sources)))
    return credited(replace(chart, indicators=tuple(shown)), *releases), notes


def _partners(catalog: Catalog, country: Country, *, origins: bool) -> tuple[ChartSpec | None, list[str], list[Link]]:
    """Top origins of the immigrants (origins=True) or top destinations of the emigrants."""
    indicator = catalog.indicators.get("bilateral_migrant_stock")
    if indicator is None:
        return None, [], []
    mine = indicator.series(country.iso3) if origins else indicator.of_partner(country.iso3)
    if mine.empty:
        key = "country_page.no_origins" if origins else "country_page.no_destinations"
        return None, [t(key, source=indicator.source["attribution"], name=country.name)], []
    year = int(mine["year"].max())
    rows = mine[mine["year"] == year].copy()
    other = "partner" if origins else "country"
    rows["name"] = [catalog.countries[c].name for c in rows[other]]
    rows = rows.sort_values(["value", "name"], ascending=[False, True])
    links = [Link(catalog.countries[c].name, routes.country(catalog.countries[c].slug))
             for c in rows[other].head(TOP)]
    shown, notes = rows[["name", "value"]].head(TOP), []
    unknown = unknown_origin(catalog, country.iso3, year) if origins else None
    if unknown is not None:  # UN DESA's 'other or unknown' origin: one bar and one row beside the countries
        count, total = unknown
        shown = pd.concat([shown, pd.DataFrame({"name": [t("country_page.unknown_origin")], "value": [count]})])
        largest = float(rows["value"].max())
        notes.append(t("country_page.unknown_origin_note" + ("_largest" if count > largest else ""),
                       source=indicator.source["attribution"], name=country.name, year=year,
                       count=formatting.people(count), share=formatting.percent(count / total * 100)))
    title = t("country_page.charts." + ("origins" if origins else "destinations"), name=country.name, year=year)
    chart = recipes.ranking(_chart_id(country, "origins" if origins else "destinations"), shown,
                            title=title, what=t("country_page.charts.migrants"), unit="people", year=year,
                            source=source_line(indicator), top=len(shown))
    chart = credited(replace(chart, indicators=(indicator.id,)), indicator.source)
    return chart, notes, links


def _section(ident: str, title: str, charts: Sequence[ChartSpec | None], notes: Sequence[str],
             tiles: Sequence[Tile | None] = (), links: Sequence[Link] = ()) -> PageSection:
    return PageSection(ident, title, tuple(x for x in tiles if x), tuple(c for c in charts if c),
                       tuple(n for n in notes if n), tuple(links))


def _tile(catalog: Catalog, country: Country, ident: str) -> Tile | None:
    """The tile of ``ident``, labelled country_page.tiles.<ident> in the string catalogue."""
    return tile(catalog, ident, t(f"country_page.tiles.{ident}"), country.iso3, country.name)


EDITION_COUNTS = {"migrant_stock_share_population": "migrant_stock_2020"}  # a 2020-edition share → its count


def _edition_note(catalog: Catalog, country: Country, found: Tile | None) -> Tile | None:
    """A share of the 2020 edition says on its tile the 2020 edition's count it rests on, which can differ
    much from the 2024 edition's stock beside it (the Philippines: 225,525 immigrants in 2020, 87,212 in 2024)."""
    counts = catalog.indicators.get(EDITION_COUNTS.get(found.indicator, "")) if found else None
    if found is None or counts is None or found.year is None:
        return found
    rows = counts.series(country.iso3)
    rows = rows[rows["year"] == found.year]
    if rows.empty:
        return replace(found, note=t("tiles.edition_2020_no_count", year=found.year))
    count = formatting.number(float(rows["value"].iloc[0]))  # the exact count: it is compared with the stock tile
    return replace(found, note=t("tiles.edition_2020", count=count, year=found.year))


def _tiles(catalog: Catalog, country: Country) -> tuple[Tile, ...]:
    idents = ("migrant_stock", "migrant_stock_share_population", "migrant_stock_female_share", "emigrant_stock",
              "refugees_hosted", "refugees_by_origin", "remittances_received", "remittances_received_gdp")
    return tuple(found for ident in idents if (found := _edition_note(catalog, country, _tile(catalog, country, ident))))


def _income_tile(catalog: Catalog, country: Country) -> Tile | None:
    """The income group's tile, its note giving the fiscal year of the classification or saying that the
    country is no longer classified."""
    found = _tile(catalog, country, "income_group")
    group = income_group(catalog, country.iso3)
    if found is None or group is None:
        return found
    key = "income_group.tile_current" if group.current else "income_group.tile_former"
    return replace(found, note=t(key, fiscal_year=group.fiscal_year, since=group.since))


def _context(catalog: Catalog, country: Country) -> PageSection:
    tiles = [_income_tile(catalog, country) if i == "income_group" else _tile(catalog, country, i)
             for i in ("population", "gdp", "income_group", "net_migration", "remittances_paid", "stateless_hosted",
                       "returned_refugees")]
    chart, note = _series_chart(catalog, country, "net_migration", t("country_page.charts.net_migration"))
    return _section("context", t("country_page.sections.context"), [chart], [note], tiles)


def country_page(catalog: Catalog, country: Country, facts: tuple[Fact, ...], finder: SectionFinder) -> CountryPage:
    name = country.name
    charts = "country_page.charts."
    stock, stock_note = _series_chart(catalog, country, "migrant_stock", t(charts + "migrant_stock"))
    share, share_note = _series_chart(catalog, country, "migrant_stock_share_population",
                                      t(charts + "migrant_stock_share_population"))
    by_sex, by_sex_notes = _multi_chart(catalog, country, "immigrants-by-sex", t(charts + "immigrants_by_sex"),
                                        ["migrant_stock_female", "migrant_stock_male"])
    origins, origin_notes, origin_links = _partners(catalog, country, origins=True)
    emig, emig_note = _series_chart(catalog, country, "emigrant_stock", t(charts + "emigrant_stock"), "from")
    dests, dest_notes, dest_links = _partners(catalog, country, origins=False)
    refugees, refugee_notes = _multi_chart(catalog, country, "refugees", t(charts + "refugees"),
                                           ["refugees_hosted", "asylum_seekers_hosted", "refugees_by_origin"])
    remit, remit_notes = _multi_chart(catalog, country, "remittances", t(charts + "remittances"),
                                      ["remittances_received", "remittances_paid"])
    remit_gdp, remit_gdp_note = _series_chart(catalog, country, "remittances_received_gdp",
                                              t(charts + "remittances_received_gdp"))
    sections = tuple(s for s in (
        _section("immigration", t("country_page.sections.immigration"), [stock, share, by_sex],
                 [stock_note, share_note, *by_sex_notes,
                  *(flags.sentence(catalog, f, country) for f in flags.flags(catalog, country.iso3))]),
        _section("origins", t("country_page.sections.origins"), [origins], origin_notes),
        _section("emigration", t("country_page.sections.emigration", name=name), [emig, dests],
                 [emig_note, *dest_notes]),
        _section("refugees", t("country_page.sections.refugees"), [refugees], refugee_notes),
        _section("remittances", t("country_page.sections.remittances"), [remit, remit_gdp],
                 [*remit_notes, remit_gdp_note]),
        _context(catalog, country),
    ) if s.tiles or s.charts or s.notes)  # a section whose data set is absent is left out, never empty
    income = income_group(catalog, country.iso3)
    cited = tuple(CitedFact(f, finder.find(f.document, f.line)) for f in facts)
    themes = sorted({th for f in facts for th in f.themes if th in catalog.themes})
    agencies = sorted({f.agency for f in facts if f.agency and f.agency in catalog.agencies})
    region = catalog.regions.get(country.region or "")
    subregion = catalog.regions.get(country.subregion or "")
    related = [Link(r.name, routes.region(r.slug)) for r in (subregion, region) if r]
    seen = {country.iso3}
    for link in [*origin_links[:5], *dest_links[:5]]:
        if link.path not in {r.path for r in related} and link.label not in seen:
            related.append(link)
            seen.add(link.label)
    tiles = _tiles(catalog, country)
    shown = {x.indicator for x in tiles if x.value is not None}
    for section in sections:
        shown |= {x.indicator for x in section.tiles if x.value is not None}
        shown |= {i for c in section.charts for i in c.indicators}
    world = catalog.maps.get(WORLD_MAP)
    locator = None if world is None else maps.locator(
        f"country-{country.iso3.lower()}-locator", world, country.iso3, catalog.countries,
        subregion.name if subregion else "")
    if locator is not None and world is not None:  # the geometry's source: Natural Earth
        locator = credited(replace(locator, source=t("charts.source", source=world.source["attribution"])),
                           world.source)
    return CountryPage(
        routes.country(country.slug), country, region, subregion,
        income, tiles, sections, cited,
        tuple(catalog.themes[th] for th in themes), tuple(catalog.agencies[a] for a in agencies), tuple(related),
        tuple(source_note(catalog.indicators[i]) for i in sorted(shown)), locator, arrange(cited, country.iso3))
