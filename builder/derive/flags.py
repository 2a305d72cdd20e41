"""Values that look impossible in a raw release, kept as published but flagged on the page.

Each rule is named and pure: it reads the catalog and returns ``Flag`` records (the country, the tables, the
years and the two figures that disagree); the pages turn them into sentences (``flags.<rule>`` in the string
catalogue). Nothing is changed in the data: a flag says that a figure should be read with care, and why.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import formatting
from ..catalog import Catalog, Country
from ..text import t

POPULATION = "population"
# immigrant counts compared with the population of the same year (another release: UN DESA's World Population
# Prospects 2024 through the WDI file), and the published shares of the population
STOCKS = ("migrant_stock", "migrant_stock_2020")
SHARES = ("migrant_stock_share_population",)
WHOLE = 100.0  # per cent: a share of immigrants this high counts everyone living there as born abroad


@dataclass(frozen=True)
class Flag:
    rule: str  # "more_immigrants_than_people" or "share_of_whole_population"
    country: str  # ISO3
    indicator: str  # the table whose figure looks impossible
    years: tuple[int, ...]
    value: float  # its figure in the newest flagged year
    against: float | None = None  # the figure it contradicts (the population), same year
    against_indicator: str = ""


def _by_year(series: pd.DataFrame) -> dict[int, float]:
    """Year → value of one country's rows (sorted by year), without the missing ones (plain dicts: this runs
    for every country on every page that shows flags, where a pandas merge cost 14 ms a call)."""
    values = pd.to_numeric(series["value"], errors="coerce")
    return {int(y): float(v) for y, v in zip(series["year"], values, strict=True) if pd.notna(v)}


def more_immigrants_than_people(catalog: Catalog, iso3: str) -> list[Flag]:
    """A count of immigrants larger than the population of the same year (the United Arab Emirates in 2010 in
    the 2020 edition: 7.3 million immigrants for 6.9 million people in WPP 2024)."""
    population = catalog.indicators.get(POPULATION)
    if population is None:
        return []
    people = _by_year(population.series(iso3))
    flags = []
    for ident in STOCKS:
        stock = catalog.indicators.get(ident)
        if stock is None:
            continue
        over = [(year, count, people[year]) for year, count in _by_year(stock.series(iso3)).items()
                if year in people and count > people[year]]
        if over:
            year, count, against = over[-1]
            flags.append(Flag("more_immigrants_than_people", iso3, ident, tuple(y for y, _, _ in over),
                              count, against, POPULATION))
    return flags


def share_of_whole_population(catalog: Catalog, iso3: str) -> list[Flag]:
    """A published share of immigrants of 100% or more of the population (Holy See, Bonaire, Sint Eustatius and
    Saba in the 2020 edition)."""
    flags = []
    for ident in SHARES:
        share = catalog.indicators.get(ident)
        if share is None:
            continue
        series = share.series(iso3)
        over = series[pd.to_numeric(series["value"]) >= WHOLE]
        if not over.empty:
            flags.append(Flag("share_of_whole_population", iso3, ident, tuple(int(y) for y in over["year"]),
                              float(over["value"].iloc[-1])))
    return flags


RULES = (more_immigrants_than_people, share_of_whole_population)


def flags(catalog: Catalog, iso3: str) -> list[Flag]:
    return [found for rule in RULES for found in rule(catalog, iso3)]


def _years(years: tuple[int, ...]) -> str:
    return ", ".join(str(y) for y in years)


def sentence(catalog: Catalog, flag: Flag, country: Country) -> str:
    """The note a page shows for ``flag``."""
    indicator = catalog.indicators[flag.indicator]
    source = indicator.source["attribution"]
    if flag.rule == "more_immigrants_than_people":
        population = catalog.indicators[flag.against_indicator]
        key = "flags.more_immigrants_than_people" + ("_once" if len(flag.years) == 1 else "")
        return t(key, source=source, what=indicator.short_title.lower(),
                 name=country.name, years=_years(flag.years), year=flag.years[-1],
                 count=formatting.number(flag.value), population=formatting.number(flag.against),
                 population_source=population.source["attribution"])
    return t("flags.share_of_whole_population", source=source, name=country.name, years=_years(flag.years),
             share=formatting.percent(flag.value, indicator.decimals))


def flagged(catalog: Catalog, ident: str) -> list[str]:
    """The notes of every country flagged in table ``ident`` (for its indicator page)."""
    out: list[str] = []
    if ident not in (*STOCKS, *SHARES):
        return out
    for country in sorted(catalog.countries.values(), key=lambda c: c.name):
        for found in flags(catalog, country.iso3):
            if found.indicator == ident:
                out.append(sentence(catalog, found, country))
    return out
