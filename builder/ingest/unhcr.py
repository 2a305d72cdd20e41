"""UNHCR Refugee Population Statistics (package `refugees`) → refugees hosted and by origin."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import errors
from ..issues import relpath
from . import metadata
from .common import (
    IngestError,
    aggregate_sidecar,
    indicator_sidecar,
    known_countries,
    region_totals,
    require,
    sha256,
    write_table,
)

SOURCE = "unhcr"
POPULATION = "unhcr-refugees/population.csv"
FILES = (POPULATION,)
LAST_FULL_YEAR = 2024  # 2025 is provisional in this release (mid-year figures)


def run(datasets: Path, out: Path) -> list[Path]:
    (path,) = require(datasets, FILES)
    frame = pd.read_csv(path, dtype={"coo_iso": str, "coa_iso": str})
    counts = ["refugees", "asylum_seekers"]
    issues = []
    for col in counts:
        for i in frame.index[frame[col] < 0][:10]:
            issues.append(errors.issue("negative-value", relpath(path), int(i) + 2, 1, what=f"Column '{col}': ",
                                       value=frame.at[i, col]))
    if issues:
        raise IngestError(issues)
    frame = frame[frame["year"] <= LAST_FULL_YEAR]
    countries = known_countries(out)
    source = metadata.source(__name__, "refugees", raw_file=POPULATION, sha256=sha256(path))
    folder = out / "indicators"
    written: list[Path] = []
    specs = [
        ("refugees_hosted", "coa_iso", "refugees", "Refugees hosted", "Refugees hosted",
         "Refugees under UNHCR's mandate living in the country (country of asylum) at the end of the year.",
         ["refugees"]),
        ("refugees_by_origin", "coo_iso", "refugees", "Refugees from the country", "Refugees abroad",
         "Refugees under UNHCR's mandate who fled the country (country of origin), wherever they live.",
         ["refugees"]),
        ("asylum_seekers_hosted", "coa_iso", "asylum_seekers", "Asylum-seekers hosted", "Asylum-seekers hosted",
         "People whose asylum claims are pending in the country at the end of the year.", ["refugees"]),
        ("stateless_hosted", "coa_iso", "stateless", "Stateless people", "Stateless people",
         "People in the country who are not considered as nationals by any State, as reported to UNHCR.",
         ["refugees", "human-rights"]),
        ("returned_refugees", "coo_iso", "returned_refugees", "Refugees who returned", "Returned refugees",
         "Refugees who returned to the country (their country of origin) during the year.",
         ["refugees", "return-migration"]),
    ]
    for ident, key, col, title, short, description, themes in specs:
        # UNHCR's series start at different dates; earlier years hold zeros that mean "not collected".
        reported = frame.groupby("year")[col].sum()
        if not (reported > 0).any():
            continue  # nobody in this category anywhere: no table rather than a table of zeros
        first = int(reported[reported > 0].index.min())
        measure = frame[frame["year"] >= first]
        sums = measure.groupby([key, "year"], as_index=False)[[col]].sum()
        sums = sums[sums[key].isin(countries)]
        sums = sums.sort_values([key, "year"])
        notes = (f"Sum of '{col}' over all {'origins' if key == 'coa_iso' else 'countries of asylum'} per year, "
                 f"{first}–{LAST_FULL_YEAR} (the provisional {LAST_FULL_YEAR + 1} figures are left out; before "
                 f"{first} UNHCR reports no one in this category worldwide, so those years are not imported). Years in "
                 "which UNHCR reports no one are absent, not zero. Palestine refugees under UNRWA's mandate are "
                 "not included.")
        written += write_table(folder, ident, ["country", "year", "value"],
                               ({"country": country, "year": int(year), "value": value}
                                for country, year, value
                                in sums[[key, "year", col]].itertuples(index=False, name=None)),
                               indicator_sidecar(ident, title, description, "people", "major", notes, source,
                                                 value_type="integer", themes=themes, short_title=short))
        if key == "coa_iso":  # where people live: regions of residence add up
            by_year = measure.groupby("year")[col].sum()
            world = {int(y): v for y, v in zip(by_year.index, by_year, strict=True)}
            totals = region_totals(((country, int(year), value) for country, year, value
                                    in sums[[key, "year", col]].itertuples(index=False, name=None)), out, world)
            agg_notes = ("Sum over the countries of asylum of each UN M49 region. The world total is UNHCR's "
                         "global figure (all countries of asylum, including any not in the country list).")
            written += write_table(out / "aggregates", f"{ident}_regions", ["region", "year", "value"], totals,
                                   aggregate_sidecar(f"{ident}_regions", f"{title}, world and regions", description,
                                                     "people", agg_notes, source, "integer", short_title=short,
                                                     themes=themes))
    return written
