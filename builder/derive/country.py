"""The country page: headline figures, then sections answering a reader's questions."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..catalog import Catalog, Country, Fact
from ..charts import recipes
from ..charts.recipes import ChartSpec
from .common import SectionFinder, is_empty, latest, missing_sentence, series_chart, source_line, source_note, tile
from .models import CitedFact, CountryPage, Link, PageSection, Tile

TOP = 10


def _chart_id(country: Country, name: str) -> str:
    return f"country-{country.iso3.lower()}-{name}"


def _series_chart(catalog: Catalog, country: Country, ident: str, title: str,
                  preposition: str = "in") -> tuple[ChartSpec | None, str]:
    """A time series of one indicator, or the sentence saying why there is none."""
    return series_chart(catalog.indicators.get(ident), country.iso3, chart_id=_chart_id(country, ident.replace("_", "-")),
                        title=title, subject=country.name, place=country.name, preposition=preposition)


def _multi_chart(catalog: Catalog, country: Country, name: str, title: str, parts: list[tuple[str, str]],
                 ) -> tuple[ChartSpec | None, list[str]]:
    """Several indicators of one unit on one chart; sentences for the ones with nothing to show."""
    frames, notes, sources, shown = [], [], [], []
    unit = None
    for ident, label in parts:
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
        attribution = indicator.source["attribution"]
        if attribution not in sources:
            sources.append(attribution)
    if not frames or unit is None:
        return None, notes
    frame = pd.concat(frames, ignore_index=True)
    chart = recipes.multi_series(_chart_id(country, name), frame, title=title, subject=country.name,
                                 place=country.name, unit=unit, source="Source: " + "; ".join(sources))
    return replace(chart, indicators=tuple(shown)), notes


def _partners(catalog: Catalog, country: Country, *, origins: bool) -> tuple[ChartSpec | None, list[str], list[Link]]:
    """Top origins of the immigrants (origins=True) or top destinations of the emigrants."""
    indicator = catalog.indicators.get("bilateral_migrant_stock")
    if indicator is None:
        return None, [], []
    mine = indicator.series(country.iso3) if origins else indicator.of_partner(country.iso3)
    if mine.empty:
        what = "immigrants' countries of origin" if origins else "emigrants' countries of destination"
        return None, [f"{indicator.source['attribution']} reports no {what} for {country.name}."], []
    year = int(mine["year"].max())
    rows = mine[mine["year"] == year].copy()
    other = "partner" if origins else "country"
    rows["name"] = [catalog.countries[c].name for c in rows[other]]
    rows = rows.sort_values(["value", "name"], ascending=[False, True])
    title = (f"Where immigrants in {country.name} were born, {year}" if origins
             else f"Where emigrants from {country.name} live, {year}")
    chart = recipes.ranking(_chart_id(country, "origins" if origins else "destinations"), rows[["name", "value"]],
                            title=title, what="Migrants", unit="people", year=year,
                            source=source_line(indicator), top=TOP)
    chart = replace(chart, indicators=(indicator.id,))
    links = [Link(catalog.countries[c].name, f"countries/{catalog.countries[c].slug}.md")
             for c in rows[other].head(TOP)]
    return chart, [], links


def _section(ident: str, title: str, charts: list[ChartSpec | None], notes: list[str], tiles: list[Tile | None] = (),
             links: list[Link] = ()) -> PageSection:
    return PageSection(ident, title, tuple(t for t in tiles if t), tuple(c for c in charts if c),
                       tuple(n for n in notes if n), tuple(links))


def _tiles(catalog: Catalog, country: Country) -> tuple[Tile, ...]:
    name = country.name
    specs = [
        ("migrant_stock", "Immigrants", ""),
        ("migrant_stock_share_population", "Immigrants, share of population", ""),
        ("migrant_stock_female_share", "Women among immigrants", ""),
        ("emigrant_stock", "Emigrants living abroad", ""),
        ("refugees_hosted", "Refugees hosted", ""),
        ("refugees_by_origin", "Refugees from the country", ""),
        ("remittances_received", "Remittances received", ""),
        ("remittances_received_gdp", "Remittances received, share of GDP", ""),
    ]
    return tuple(t for ident, label, note in specs if (t := tile(catalog, ident, label, country.iso3, name, note=note)))


def _context(catalog: Catalog, country: Country) -> PageSection:
    tiles = [tile(catalog, i, label, country.iso3, country.name) for i, label in (
        ("population", "Population"), ("gdp", "GDP"), ("income_group", "World Bank income group"),
        ("net_migration", "Net migration"), ("remittances_paid", "Remittances paid"),
        ("stateless_hosted", "Stateless people"), ("returned_refugees", "Refugees who returned"))]
    chart, note = _series_chart(catalog, country, "net_migration", "Net migration")
    return _section("context", "Context", [chart], [note], tiles)


def country_page(catalog: Catalog, country: Country, facts: tuple[Fact, ...], finder: SectionFinder) -> CountryPage:
    name = country.name
    stock, stock_note = _series_chart(catalog, country, "migrant_stock", "Immigrants")
    share, share_note = _series_chart(catalog, country, "migrant_stock_share_population",
                                      "Immigrants, share of the population")
    by_sex, by_sex_notes = _multi_chart(catalog, country, "immigrants-by-sex", "Immigrants, women and men", [
        ("migrant_stock_female", "Women"), ("migrant_stock_male", "Men")])
    origins, origin_notes, origin_links = _partners(catalog, country, origins=True)
    emig, emig_note = _series_chart(catalog, country, "emigrant_stock", "Emigrants living abroad", "from")
    dests, dest_notes, dest_links = _partners(catalog, country, origins=False)
    refugees, refugee_notes = _multi_chart(catalog, country, "refugees", "Refugees and asylum-seekers", [
        ("refugees_hosted", "Refugees hosted"), ("asylum_seekers_hosted", "Asylum-seekers hosted"),
        ("refugees_by_origin", "Refugees from the country, abroad")])
    remit, remit_notes = _multi_chart(catalog, country, "remittances", "Remittances", [
        ("remittances_received", "Remittances received"), ("remittances_paid", "Remittances paid")])
    remit_gdp, remit_gdp_note = _series_chart(catalog, country, "remittances_received_gdp",
                                              "Remittances received, share of GDP")
    sections = tuple(s for s in (
        _section("immigration", "Immigration", [stock, share, by_sex], [stock_note, share_note, *by_sex_notes]),
        _section("origins", "Where immigrants come from", [origins], origin_notes),
        _section("emigration", "Emigration: where people from " + name + " live", [emig, dests],
                 [emig_note, *dest_notes]),
        _section("refugees", "Refugees and asylum-seekers", [refugees], refugee_notes),
        _section("remittances", "Remittances", [remit, remit_gdp], [*remit_notes, remit_gdp_note]),
        _context(catalog, country),
    ) if s.tiles or s.charts or s.notes)  # a section whose data set is absent is left out, never empty
    income = latest(catalog.indicators.get("income_group"), country.iso3)
    cited = tuple(CitedFact(f, finder.find(f.document, f.line)) for f in facts)
    themes = sorted({t for f in facts for t in f.themes if t in catalog.themes})
    agencies = sorted({f.agency for f in facts if f.agency and f.agency in catalog.agencies})
    region = catalog.regions.get(country.region or "")
    subregion = catalog.regions.get(country.subregion or "")
    related = [Link(r.name, f"regions/{r.slug}.md") for r in (subregion, region) if r]
    seen = {country.iso3}
    for link in [*origin_links[:5], *dest_links[:5]]:
        if link.path not in {r.path for r in related} and link.label not in seen:
            related.append(link)
            seen.add(link.label)
    tiles = _tiles(catalog, country)
    shown = {t.indicator for t in tiles if t.value is not None}
    for section in sections:
        shown |= {t.indicator for t in section.tiles if t.value is not None}
        shown |= {i for c in section.charts for i in c.indicators}
    return CountryPage(
        f"countries/{country.slug}.md", country, region, subregion,
        str(income[1]) if income else None, tiles, sections, cited,
        tuple(catalog.themes[t] for t in themes), tuple(catalog.agencies[a] for a in agencies), tuple(related),
        tuple(source_note(catalog.indicators[i]) for i in sorted(shown)))
