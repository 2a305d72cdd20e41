"""The country and region reference, as every importer reads it: through the project's validator.

An importer maps the rows of an official release onto ``reference/countries.csv`` and
``reference/regions.csv``. It reads them here, with their sidecars, by the same loader and
cross-table checks as ``factbook check``: a missing, empty or invalid reference stops the import
with the validator's own errors, so an importer can never fall back to "no filter" (and take an
aggregate such as ``WLD`` for a country).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import errors, validate
from ..catalog import Country, Region
from ..issues import Issue, relpath
from ..load import SIDECAR_SUFFIX
from ..sidecar import load_sidecar
from ..tables import Table, read_table
from .common import IngestError

STEMS = ("countries", "regions")


@dataclass(frozen=True)
class Reference:
    countries: dict[str, Country]  # iso3 → country, in file order
    regions: dict[str, Region]  # id → world, region or sub-region

    @property
    def iso3(self) -> frozenset[str]:
        return frozenset(self.countries)

    def region_of(self, iso3: str) -> tuple[str | None, str | None]:
        """(region id, sub-region id) of a country."""
        country = self.countries[iso3]
        return country.region, country.subregion

    def by_m49(self) -> dict[int, str]:
        """UN M49 code → ISO3, for the countries that have one."""
        return {c.m49: c.iso3 for c in self.countries.values() if c.m49 is not None}

    def names(self, iso3: str) -> tuple[str, ...]:
        """Every name a release may use for a country: name, official name and aliases."""
        country = self.countries[iso3]
        return tuple(dict.fromkeys(n for n in (country.name, country.official_name, *country.aliases) if n))


def _read(folder: Path, stem: str) -> tuple[Table | None, list[Issue]]:
    table_file, sidecar_file = folder / f"{stem}.csv", folder / f"{stem}{SIDECAR_SUFFIX}"
    for file in (table_file, sidecar_file):
        if not file.is_file():
            return None, [errors.issue("reference-missing", relpath(file), what=file.name)]
    sidecar, issues = load_sidecar(sidecar_file)
    if sidecar is None:
        return None, issues
    table, table_issues = read_table(table_file, sidecar)
    if not table.rows and not table_issues:
        table_issues.append(errors.issue("reference-missing", relpath(table_file), what=table_file.name))
    return table, issues + table_issues


def load(data: Path) -> Reference:
    """The validated reference of the data package ``data``; raises IngestError with every problem."""
    folder = data / "reference"
    tables, issues = [], []
    for stem in STEMS:
        table, found = _read(folder, stem)
        issues += found
        if table is not None:
            tables.append(table)
    if not issues:
        catalog, issues = validate.validate(tables, [])
        if catalog is not None:
            return Reference(countries=catalog.countries, regions=catalog.regions)
    raise IngestError([i for i in issues if i.severity == "error"] or issues)


def load_if_present(data: Path) -> Reference | None:
    """The reference when ``data/reference/countries.csv`` exists (validated as by ``load``), else None."""
    return load(data) if (data / "reference" / "countries.csv").is_file() else None
